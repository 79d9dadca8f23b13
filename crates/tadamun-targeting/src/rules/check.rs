//! A small checker for eligibility rules. cel-rust parses and evaluates but has no type
//! checker, so this walk over the AST refuses, when a rule is saved, every unknown
//! variable, function or field, with its line and column, and records which fields the
//! rule reads so the value builder fills only those.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, SourceInfo};

use super::{
    RuleError,
    schema::{self, ASSET_FIELDS, CEL_FUNCTIONS, TADAMUN_FUNCTIONS, Ty, WG_FIELDS},
    value::Needs,
};

struct Checker<'a> {
    info: &'a SourceInfo,
    extra_fields: &'a [String],
    scope: Vec<(String, Ty)>,
    needs: Needs,
    errors: Vec<RuleError>,
}

/// Checks a parsed rule. `person` is in scope for rules of individual programmes.
pub fn check(
    expr: &IdedExpr,
    info: &SourceInfo,
    extra_fields: &[String],
    person: bool,
) -> Result<Needs, Vec<RuleError>> {
    let mut scope = vec![("household".to_owned(), Ty::Household)];
    if person {
        scope.push(("person".to_owned(), Ty::Member));
    }
    let mut c = Checker {
        info,
        extra_fields,
        scope,
        needs: Needs::default(),
        errors: Vec::new(),
    };
    let ty = c.expr(expr);
    if !matches!(ty, Ty::Bool | Ty::Dyn) {
        c.error(
            expr.id,
            format!(
                "a rule must be true or false, this one gives a {}",
                ty.name()
            ),
        );
    }
    if c.errors.is_empty() {
        Ok(c.needs)
    } else {
        c.errors.sort_by_key(|e| (e.line, e.column));
        Err(c.errors)
    }
}

/// 1-based line and column of a character offset.
pub fn line_column(source: &str, offset: u32) -> (u32, u32) {
    let (mut line, mut column) = (1, 1);
    for c in source.chars().take(offset as usize) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

impl Checker<'_> {
    fn error(&mut self, id: u64, message: String) {
        self.error_shifted(id, 0, message);
    }

    /// An error at the node's offset moved by `shift` characters: the parser places a
    /// call at its `(` and a field at its `.`, and the message is clearer at the name.
    fn error_shifted(&mut self, id: u64, shift: i64, message: String) {
        let (line, column) = self
            .info
            .offset_for(id)
            .map(|(start, _)| {
                let at = (start as i64 + shift).max(0) as u32;
                line_column(&self.info.source, at)
            })
            .unwrap_or((1, 1));
        self.errors.push(RuleError {
            line,
            column,
            message,
        });
    }

    fn expr(&mut self, e: &IdedExpr) -> Ty {
        match &e.expr {
            Expr::Literal(l) => match l {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Int(_) | LiteralValue::UInt(_) => Ty::Int,
                LiteralValue::String(_) => Ty::Str,
                _ => Ty::Dyn,
            },
            Expr::Ident(name) => match self.scope.iter().rev().find(|(n, _)| n == name) {
                Some((_, ty)) => ty.clone(),
                None => {
                    let known: Vec<&str> = self
                        .scope
                        .iter()
                        .filter(|(n, _)| !n.starts_with('@'))
                        .map(|(n, _)| n.as_str())
                        .collect();
                    self.error(
                        e.id,
                        format!("unknown variable '{name}' (known: {})", known.join(", ")),
                    );
                    Ty::Dyn
                }
            },
            Expr::Select(s) => {
                let operand = self.expr(&s.operand);
                let ty = self.field(e.id, &operand, &s.field);
                if s.test { Ty::Bool } else { ty }
            }
            Expr::Call(call) => {
                let target = call.target.as_ref().map(|t| self.expr(t));
                let args: Vec<Ty> = call.args.iter().map(|a| self.expr(a)).collect();
                self.call(e.id, &call.func_name, target, &args)
            }
            Expr::Comprehension(c) => {
                let range = self.expr(&c.iter_range);
                let element = match range {
                    Ty::List(t) => *t,
                    _ => Ty::Dyn,
                };
                let accu = self.expr(&c.accu_init);
                self.scope.push((c.accu_var.clone(), accu.clone()));
                self.scope.push((c.iter_var.clone(), element));
                if let Some(v2) = &c.iter_var2 {
                    self.scope.push((v2.clone(), Ty::Dyn));
                }
                self.expr(&c.loop_cond);
                self.expr(&c.loop_step);
                self.scope
                    .truncate(self.scope.len() - 1 - usize::from(c.iter_var2.is_some()));
                let result = self.expr(&c.result);
                self.scope.pop();
                result
            }
            Expr::List(l) => {
                let tys: Vec<Ty> = l.elements.iter().map(|x| self.expr(x)).collect();
                Ty::List(Box::new(tys.into_iter().next().unwrap_or(Ty::Dyn)))
            }
            Expr::Map(m) => {
                for entry in &m.entries {
                    if let EntryExpr::MapEntry(me) = &entry.expr {
                        self.expr(&me.key);
                        self.expr(&me.value);
                    }
                }
                Ty::Dyn
            }
            Expr::Struct(_) => {
                self.error(e.id, "building objects is not allowed in a rule".into());
                Ty::Dyn
            }
            Expr::Unspecified => Ty::Dyn,
        }
    }

    fn call_error(&mut self, id: u64, name: &str, message: String) {
        // Global and member calls alike: the name ends just before the `(`.
        let shift = -(name.chars().count() as i64);
        self.error_shifted(id, shift, message);
    }

    fn field(&mut self, id: u64, operand: &Ty, field: &str) -> Ty {
        match operand {
            Ty::Household => match schema::household_field(field) {
                Some((bit, ty)) => {
                    self.needs.household |= 1 << bit;
                    ty
                }
                None => self.unknown_field(id, "household", field, schema::HOUSEHOLD_FIELDS),
            },
            Ty::Member => match schema::member_field(field) {
                Some((bit, ty)) => {
                    self.needs.member |= 1 << bit;
                    ty
                }
                None => self.unknown_field(id, "member", field, schema::MEMBER_FIELDS),
            },
            Ty::Assets if ASSET_FIELDS.contains(&field) => Ty::Bool,
            Ty::Wg if WG_FIELDS.contains(&field) => Ty::Int,
            Ty::Assets | Ty::Wg => {
                let known = if *operand == Ty::Assets {
                    ASSET_FIELDS
                } else {
                    WG_FIELDS
                };
                self.error_shifted(
                    id,
                    1,
                    format!(
                        "unknown field '{field}' of {} (known: {})",
                        operand.name(),
                        known.join(", ")
                    ),
                );
                Ty::Dyn
            }
            Ty::Extra if self.extra_fields.iter().any(|f| f == field) => Ty::Dyn,
            Ty::Extra => {
                self.error_shifted(
                    id,
                    1,
                    format!(
                        "'{field}' is not a field of this country's catalogue (known: {})",
                        self.extra_fields.join(", ")
                    ),
                );
                Ty::Dyn
            }
            Ty::Dyn => Ty::Dyn,
            other => {
                self.error_shifted(id, 1, format!("a {} has no field '{field}'", other.name()));
                Ty::Dyn
            }
        }
    }

    fn unknown_field(&mut self, id: u64, of: &str, field: &str, known: &[(&str, Ty)]) -> Ty {
        let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
        self.error_shifted(
            id,
            1,
            format!(
                "unknown field '{field}' of {of} (known: {})",
                names.join(", ")
            ),
        );
        Ty::Dyn
    }

    fn call(&mut self, id: u64, name: &str, target: Option<Ty>, args: &[Ty]) -> Ty {
        // Operators and the macros' internals are spelt `_+_`, `!_`, `@in`, ...
        if name.starts_with(['_', '@', '!', '-']) {
            return match name {
                "_==_"
                | "_!=_"
                | "_<_"
                | "_<=_"
                | "_>_"
                | "_>=_"
                | "_&&_"
                | "_||_"
                | "!_"
                | "@in"
                | "@not_strictly_false" => Ty::Bool,
                "_[_]" => match args.first() {
                    Some(Ty::List(t)) => (**t).clone(),
                    _ => Ty::Dyn,
                },
                "_?_:_" => args.get(1).cloned().unwrap_or(Ty::Dyn),
                "_+_" | "_-_" | "_*_" | "_/_" | "_%_" | "-_"
                    if args.iter().all(|a| *a == Ty::Int) =>
                {
                    Ty::Int
                }
                _ => Ty::Dyn,
            };
        }
        if let Some((_, arity)) = TADAMUN_FUNCTIONS.iter().find(|(n, _)| *n == name) {
            if target.is_some() {
                self.call_error(
                    id,
                    name,
                    format!("'{name}' is called as {name}(...), not as a method"),
                );
            }
            match arity {
                Some(n) if args.len() != *n => self.call_error(
                    id,
                    name,
                    format!("'{name}' takes {n} argument(s), not {}", args.len()),
                ),
                None if args.is_empty() => {
                    self.call_error(id, name, format!("'{name}' takes at least one argument"))
                }
                _ => {}
            }
            return match name {
                "age_years" | "poverty_line" => Ty::Int,
                _ => Ty::Dyn,
            };
        }
        if CEL_FUNCTIONS.contains(&name) {
            return match name {
                "size" | "int" => Ty::Int,
                "string" => Ty::Str,
                "bool" | "contains" | "startsWith" | "endsWith" => Ty::Bool,
                _ => Ty::Dyn,
            };
        }
        let mut known: Vec<&str> = TADAMUN_FUNCTIONS.iter().map(|(n, _)| *n).collect();
        known.extend(CEL_FUNCTIONS);
        known.extend(["all", "exists", "exists_one", "filter", "map", "has"]);
        self.call_error(
            id,
            name,
            format!("unknown function '{name}' (known: {})", known.join(", ")),
        );
        Ty::Dyn
    }
}

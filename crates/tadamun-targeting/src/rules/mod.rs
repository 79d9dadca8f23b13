//! Eligibility rules: CEL expressions over the household and its members, and
//! categorical rules (disability, age, female-headed, orphans) that are data and
//! expand to CEL, so both kinds are checked, evaluated and explained the same way.

pub mod check;
pub mod functions;
pub mod schema;
pub mod value;

use std::{fmt, panic::AssertUnwindSafe, sync::Arc};

use cel::{Context, Env, Program, Value};
use serde::{Deserialize, Serialize};
use tadamun_domain::household::HouseholdDraft;
use time::Date;

use crate::poverty::PovertyLines;
use value::{Keys, Needs};

/// A problem in a rule's text, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A categorical rule: a group the ministry targets by definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A member with "a lot of difficulty" or worse in any Washington Group domain.
    Disability,
    /// A member aged `min_age` (default 65) or more.
    Elderly,
    /// The head of household is a woman.
    FemaleHeaded,
    /// The household cares for orphans (catalogue field `orphans_in_care`).
    Orphans,
}

fn one() -> u32 {
    1
}

/// One rule as stored: either `cel` text or a `category`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id, e.g. `income-below-line`; decisions name rules by id and version.
    pub id: String,
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// For `elderly`: the age from which a member counts (default 65).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
}

impl RuleDef {
    pub fn cel(id: &str, label_en: &str, label_ar: &str, cel: &str) -> Self {
        Self {
            id: id.into(),
            version: 1,
            label_ar: Some(label_ar.into()),
            label_en: Some(label_en.into()),
            cel: Some(cel.into()),
            category: None,
            min_age: None,
        }
    }

    pub fn category(id: &str, category: Category) -> Self {
        Self {
            id: id.into(),
            version: 1,
            label_ar: None,
            label_en: None,
            cel: None,
            category: Some(category),
            min_age: None,
        }
    }
}

/// Eligibility: every rule of `all` holds, and at least one of `any` when it has any.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    #[serde(default)]
    pub all: Vec<RuleDef>,
    #[serde(default)]
    pub any: Vec<RuleDef>,
}

/// A rule that parsed and passed the checker.
#[derive(Debug)]
pub struct CompiledRule {
    pub id: String,
    pub version: u32,
    pub label_ar: String,
    pub label_en: String,
    /// The CEL text that runs (a category's expansion for categorical rules).
    pub source: String,
    pub needs: Needs,
    program: Program,
}

/// Why a rule could not be saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("rule '{rule}': {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct InvalidRule {
    pub rule: String,
    pub errors: Vec<RuleError>,
}

/// The CEL environment every rule is compiled and run with.
pub fn env() -> Arc<Env> {
    Arc::new(Env::stdlib())
}

fn whole(rule: &str, message: String) -> InvalidRule {
    InvalidRule {
        rule: rule.to_owned(),
        errors: vec![RuleError {
            line: 1,
            column: 1,
            message,
        }],
    }
}

impl RuleDef {
    /// The CEL text and the labels of this rule.
    fn expand(&self) -> Result<(String, String, String), InvalidRule> {
        let (source, ar, en) = match (&self.cel, self.category) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(whole(
                    &self.id,
                    "a rule has either `cel` text or a `category`, not both or neither".into(),
                ));
            }
            (Some(cel), None) => {
                let label = |l: &Option<String>, field: &str| {
                    l.clone()
                        .filter(|s| !s.trim().is_empty())
                        .ok_or_else(|| whole(&self.id, format!("`{field}` is required")))
                };
                (
                    cel.clone(),
                    label(&self.label_ar, "label_ar")?,
                    label(&self.label_en, "label_en")?,
                )
            }
            (None, Some(c)) => {
                let age = self.min_age.unwrap_or(65);
                let (source, ar, en) = match c {
                    Category::Disability => (
                        "household.members.exists(m, m.disability)".to_owned(),
                        "فرد من الأسرة لديه إعاقة".to_owned(),
                        "a member has a disability".to_owned(),
                    ),
                    Category::Elderly => (
                        format!("household.members.exists(m, m.age >= {age})"),
                        format!("فرد من الأسرة عمره {age} سنة أو أكثر"),
                        format!("a member is aged {age} or over"),
                    ),
                    Category::FemaleHeaded => (
                        "household.head_sex == 'F'".to_owned(),
                        "الأسرة ترأسها امرأة".to_owned(),
                        "the household is headed by a woman".to_owned(),
                    ),
                    Category::Orphans => (
                        "household.orphans > 0".to_owned(),
                        "الأسرة ترعى أيتاماً".to_owned(),
                        "the household cares for orphans".to_owned(),
                    ),
                };
                (
                    source,
                    self.label_ar.clone().unwrap_or(ar),
                    self.label_en.clone().unwrap_or(en),
                )
            }
        };
        Ok((source, ar, en))
    }

    /// Parses and checks the rule: what saving it does. `extra_fields` are the country
    /// catalogue's keys; `person` allows the `person` variable (individual programmes).
    pub fn compile(
        &self,
        env: &Env,
        extra_fields: &[String],
        person: bool,
    ) -> Result<CompiledRule, InvalidRule> {
        if self.id.trim().is_empty() {
            return Err(whole("", "a rule needs an `id`".into()));
        }
        let (source, label_ar, label_en) = self.expand()?;
        let program = env.compile(&source).map_err(|e| InvalidRule {
            rule: self.id.clone(),
            errors: e
                .errors
                .iter()
                .map(|p| RuleError {
                    line: p.pos.0.max(1) as u32,
                    column: p.pos.1.max(1) as u32,
                    message: p.msg.clone(),
                })
                .collect(),
        })?;
        let needs = check::check(
            program.expression(),
            program.source_info(),
            extra_fields,
            person,
        )
        .map_err(|errors| InvalidRule {
            rule: self.id.clone(),
            errors,
        })?;
        Ok(CompiledRule {
            id: self.id.clone(),
            version: self.version,
            label_ar,
            label_en,
            source,
            needs,
            program,
        })
    }
}

/// What one rule said about one household: true, false, or why it could not say.
pub type RuleOutcome = Result<bool, String>;

/// Evaluates rules on one thread: the audited functions are bound once, each household
/// only adds its own value.
pub struct Evaluator {
    ctx: Context<'static, 'static>,
    keys: Keys,
    as_of: Date,
}

impl fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evaluator")
            .field("as_of", &self.as_of)
            .finish()
    }
}

impl Evaluator {
    pub fn new(env: Arc<Env>, lines: Arc<PovertyLines>, needs: Needs, as_of: Date) -> Self {
        Self {
            ctx: functions::root_context(env, lines, as_of),
            keys: Keys::new(needs),
            as_of,
        }
    }

    /// Evaluates each rule for the household, and with `person` bound to member
    /// `person` when given. Errors, and even a panic inside the interpreter, become
    /// that rule's outcome for this household alone.
    pub fn evaluate(
        &self,
        rules: &[&CompiledRule],
        h: &HouseholdDraft,
        person: Option<usize>,
        out: &mut Vec<RuleOutcome>,
    ) {
        out.clear();
        if rules.is_empty() {
            return;
        }
        if h.members.is_empty() {
            // A household whose members have all died has no head to describe.
            let reason = "the household has no living members".to_owned();
            out.extend(rules.iter().map(|_| Err(reason.clone())));
            return;
        }
        let mut scope = self.ctx.new_inner_scope();
        scope.add_variable_as_val(
            "household",
            value::household_value(&self.keys, h, self.as_of),
        );
        if let Some(i) = person {
            scope.add_variable_as_val(
                "person",
                value::member_value(&self.keys, &h.members[i], self.as_of),
            );
        }
        for rule in rules {
            let result =
                std::panic::catch_unwind(AssertUnwindSafe(|| rule.program.execute(&scope)));
            out.push(match result {
                Ok(Ok(Value::Bool(b))) => Ok(b),
                Ok(Ok(other)) => Err(format!(
                    "the rule gave {}, not true or false",
                    other.type_of()
                )),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("the rule interpreter failed on this household".to_owned()),
            });
        }
    }
}

//! The audited functions a rule may call: `age_years`, `poverty_line`, `min`, `max`,
//! `clamp`. Each refuses bad arguments with an error (which makes that household
//! "not decidable"), never a panic.

use std::sync::Arc;

use cel::{Context, Env, ExecutionError, Value, extractors::Arguments};
use time::Date;

use crate::poverty::PovertyLines;

/// A root context with the audited functions, for one thread of a run.
pub fn root_context(
    env: Arc<Env>,
    lines: Arc<PovertyLines>,
    as_of: Date,
) -> Context<'static, 'static> {
    let mut ctx = Context::with_env(env);
    let fail = "the audited functions do not clash with the CEL standard library";
    ctx.add_function("age_years", move |birth: Arc<String>| {
        age_years(&birth, as_of)
    })
    .expect(fail);
    ctx.add_function(
        "poverty_line",
        move |governorate: Arc<String>, size: i64| -> Result<Value, ExecutionError> {
            lines
                .household_line(&governorate, size)
                .map(|m| Value::Int(m.0))
                .map_err(|e| ExecutionError::function_error("poverty_line", e))
        },
    )
    .expect(fail);
    ctx.add_function("min", |Arguments(args): Arguments| {
        pick(&args, "min", |a, b| a < b)
    })
    .expect(fail);
    ctx.add_function("max", |Arguments(args): Arguments| {
        pick(&args, "max", |a, b| a > b)
    })
    .expect(fail);
    ctx.add_function("clamp", |x: Value, lo: Value, hi: Value| {
        clamp(&x, &lo, &hi)
    })
    .expect(fail);
    ctx
}

/// Age in whole years on the run's date, from a `YYYY-MM-DD` birth date.
fn age_years(birth: &str, as_of: Date) -> Result<Value, ExecutionError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(birth, format).map_err(|_| {
        ExecutionError::function_error(
            "age_years",
            format!("'{birth}' is not a date like 1990-05-31"),
        )
    })?;
    let mut age = as_of.year() - date.year();
    if (as_of.month() as u8, as_of.day()) < (date.month() as u8, date.day()) {
        age -= 1;
    }
    Ok(Value::Int(age as i64))
}

fn number(v: &Value, function: &str) -> Result<f64, ExecutionError> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::UInt(u) => Ok(*u as f64),
        Value::Float(f) => Ok(*f),
        Value::Null => Err(ExecutionError::function_error(
            function,
            "a value is missing (null)",
        )),
        other => Err(ExecutionError::function_error(
            function,
            format!("{:?} is not a number", other.type_of()),
        )),
    }
}

/// Integers stay integers; any double makes the result a double.
fn pick(
    args: &[Value],
    function: &str,
    better: fn(f64, f64) -> bool,
) -> Result<Value, ExecutionError> {
    let mut best: Option<(f64, &Value)> = None;
    for a in args {
        let n = number(a, function)?;
        if best.is_none_or(|(b, _)| better(n, b)) {
            best = Some((n, a));
        }
    }
    let (n, v) =
        best.ok_or_else(|| ExecutionError::function_error(function, "needs at least one number"))?;
    let all_int = args.iter().all(|a| matches!(a, Value::Int(_)));
    Ok(if all_int { v.clone() } else { Value::Float(n) })
}

fn clamp(x: &Value, lo: &Value, hi: &Value) -> Result<Value, ExecutionError> {
    let (xn, ln, hn) = (
        number(x, "clamp")?,
        number(lo, "clamp")?,
        number(hi, "clamp")?,
    );
    if ln > hn {
        return Err(ExecutionError::function_error(
            "clamp",
            format!("the lower bound {ln} is above the upper bound {hn}"),
        ));
    }
    if let (Value::Int(x), Value::Int(lo), Value::Int(hi)) = (x, lo, hi) {
        return Ok(Value::Int((*x).clamp(*lo, *hi)));
    }
    Ok(Value::Float(xn.clamp(ln, hn)))
}

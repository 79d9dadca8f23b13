//! Compiles indicator filters into SQL: each indicator becomes one `sum(case when …)`
//! column of a scan grouped by governorate, so every person indicator is one pass over
//! persons and every household indicator one pass over households, on both databases.
//! Only closed-vocabulary literals are written into the text; dates and ids are bound.

use tadamun_domain::indicator::{Filter, Indicator, Unit};
use time::Date;
use uuid::Uuid;

use crate::db::Arg;

/// Query text and its arguments, numbered as they are added.
pub(super) struct Query {
    pub sql: String,
    pub args: Vec<Arg>,
}

impl Query {
    /// Starts with the viewer's two scope arguments and the country: `$1` national,
    /// `$2` user id, `$3` country.
    pub fn new(national: bool, user: Option<Uuid>, country: &str) -> Self {
        Self {
            sql: String::new(),
            args: vec![Arg::from(national), Arg::from(user), Arg::from(country)],
        }
    }

    fn bind(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }
}

/// The day `years` whole years before `today` (28 February for a 29th in a common
/// year): a person born on or before it is at least `years` old.
pub(super) fn years_before(today: Date, years: u8) -> Date {
    let year = today.year() - i32::from(years);
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), today.day() - 1))
        .unwrap_or(today)
}

/// The governorate scope and country of `h`, shared by every scan.
pub(super) const SCOPE: &str = "($1 or h.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
     and h.governorate_code in (select a.code from areas a where a.country = $3 and a.level = 'governorate')";

fn wg_at_least(level: i64) -> String {
    let cols = [
        "wg_seeing",
        "wg_hearing",
        "wg_walking",
        "wg_cognition",
        "wg_self_care",
        "wg_communication",
    ];
    let parts: Vec<String> = cols
        .iter()
        .map(|c| format!("coalesce(p.{c}, 0) >= {level}"))
        .collect();
    format!("({})", parts.join(" or "))
}

/// The SQL condition of a filter; `run` is the latest registry run when there is one
/// (the scan left-joins its decisions as `d`).
fn condition(f: &Filter, q: &mut Query, today: Date) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(a) = f.age_min {
        out.push(format!(
            "p.birth_date <= {}",
            q.bind(Arg::from(years_before(today, a)))
        ));
    }
    if let Some(b) = f.age_below {
        out.push(format!(
            "p.birth_date > {}",
            q.bind(Arg::from(years_before(today, b)))
        ));
    }
    if let Some(s) = f.sex {
        out.push(format!("p.sex = '{}'", s.as_str()));
    }
    if let Some(s) = f.wg_at_least {
        out.push(wg_at_least(s.level()));
    }
    if let Some(s) = f.wg_exactly {
        out.push(wg_at_least(s.level()));
        if s.level() < 4 {
            out.push(format!("not {}", wg_at_least(s.level() + 1)));
        }
    }
    if let Some(alone) = f.lives_alone {
        out.push(
            if alone {
                "h.living_members = 1"
            } else {
                "h.living_members > 1"
            }
            .to_owned(),
        );
    }
    if let Some(s) = f.head_sex {
        out.push(format!(
            "exists (select 1 from persons hp where hp.household_id = h.id and hp.relationship = 'head' \
             and hp.date_of_death is null and hp.sex = '{}')",
            s.as_str()
        ));
    }
    if let Some(on) = f.on_waiting_list {
        out.push(format!(
            "{}exists (select 1 from waiting_list w where w.household_id = h.id)",
            if on { "" } else { "not " }
        ));
    }
    if let Some(list) = &f.latest_run_outcome {
        let outcomes: Vec<String> = list.iter().map(|o| format!("'{}'", o.as_str())).collect();
        out.push(format!("d.outcome in ({})", outcomes.join(", ")));
    }
    if out.is_empty() {
        "1 = 1".to_owned()
    } else {
        out.join(" and ")
    }
}

/// One scan over a unit's rows: `governorate` then one count column per indicator, in
/// the order given. Run-dependent indicators need `run`; without one they are left out
/// by the caller. Household scans add a last column: households the run decided on.
pub(super) fn scan(
    unit: Unit,
    indicators: &[&Indicator],
    run: Option<Uuid>,
    q: &mut Query,
    today: Date,
) -> String {
    let mut columns = vec!["h.governorate_code as governorate".to_owned()];
    for ind in indicators {
        let cond = condition(&ind.filter, q, today);
        columns.push(format!(
            "cast(sum(case when {cond} then 1 else 0 end) as bigint)"
        ));
    }
    // Persons join the run's decisions only when one of their indicators reads it:
    // a probe per person is a fifth of the scan.
    let reads_run = unit == Unit::Household || indicators.iter().any(|i| i.filter.needs_run());
    let join = match run.filter(|_| reads_run) {
        Some(id) => format!(
            " left join decisions d on d.household_id = h.id and d.run_id = {}",
            q.bind(Arg::from(id))
        ),
        None => String::new(),
    };
    if unit == Unit::Household {
        columns.push(if run.is_some() {
            "cast(sum(case when d.household_id is not null then 1 else 0 end) as bigint)".to_owned()
        } else {
            "cast(0 as bigint)".to_owned()
        });
    }
    let from = match unit {
        // Households outermost, then their decision, then their members: SQLite keeps
        // a cross join's order, so the decision is probed once per household rather
        // than once per person. PostgreSQL plans it as the inner join it is.
        Unit::Person => format!(
            "from households h{join} cross join persons p \
             where p.household_id = h.id and h.status = 'active' and p.date_of_death is null and {SCOPE}"
        ),
        _ => format!(
            "from households h{join} where h.status = 'active' and h.living_members > 0 and {SCOPE}"
        ),
    };
    format!(
        "select {} {from} group by h.governorate_code",
        columns.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_age_cut_off_is_the_same_day_whole_years_before_and_the_28th_for_a_29th() {
        assert_eq!(
            years_before(date!(2026 - 12 - 03), 65),
            date!(1961 - 12 - 03)
        );
        assert_eq!(
            years_before(date!(2028 - 02 - 29), 5),
            date!(2023 - 02 - 28)
        );
    }
}

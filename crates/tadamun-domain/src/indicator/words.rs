//! An indicator's formula in words, Arabic or English, from the same filter the store
//! compiles into SQL, so what a page says is what was counted.

use super::catalogue::{Filter, Indicator, RunOutcome, Severity, SexFilter, Unit};

fn severity(s: Severity, arabic: bool) -> &'static str {
    match (s, arabic) {
        (Severity::SomeDifficulty, true) => "بعض الصعوبة",
        (Severity::SomeDifficulty, false) => "some difficulty",
        (Severity::ALot, true) => "صعوبة كبيرة",
        (Severity::ALot, false) => "a lot of difficulty",
        (Severity::Cannot, true) => "لا يستطيع أبداً",
        (Severity::Cannot, false) => "cannot do at all",
    }
}

fn outcome(o: RunOutcome, arabic: bool) -> &'static str {
    match (o, arabic) {
        (RunOutcome::Eligible, true) => "مستحقة",
        (RunOutcome::Eligible, false) => "eligible",
        (RunOutcome::WaitingList, true) => "على قائمة الانتظار",
        (RunOutcome::WaitingList, false) => "waiting-listed",
        (RunOutcome::NotEligible, true) => "غير مستحقة",
        (RunOutcome::NotEligible, false) => "not eligible",
        (RunOutcome::NotDecidable, true) => "تعذر البت فيها",
        (RunOutcome::NotDecidable, false) => "not decidable",
    }
}

fn conditions(f: &Filter, arabic: bool) -> Vec<String> {
    let mut out = Vec::new();
    let ar = arabic;
    match (f.age_min, f.age_below) {
        (Some(a), Some(b)) if ar => out.push(format!("العمر من {a} إلى أقل من {b} سنة")),
        (Some(a), Some(b)) => out.push(format!("aged {a} to under {b}")),
        (Some(a), None) if ar => out.push(format!("العمر {a} سنة فأكثر")),
        (Some(a), None) => out.push(format!("aged {a} or over")),
        (None, Some(b)) if ar => out.push(format!("العمر أقل من {b} سنوات")),
        (None, Some(b)) => out.push(format!("aged under {b}")),
        (None, None) => {}
    }
    if let Some(s) = f.sex {
        out.push(
            match (s, ar) {
                (SexFilter::Female, true) => "إناث",
                (SexFilter::Female, false) => "female",
                (SexFilter::Male, true) => "ذكور",
                (SexFilter::Male, false) => "male",
            }
            .to_owned(),
        );
    }
    if let Some(s) = f.wg_at_least {
        out.push(if ar {
            format!(
                "«{}» على الأقل في مجال واحد من مجموعة واشنطن",
                severity(s, ar)
            )
        } else {
            format!(
                "at least '{}' in one Washington Group domain",
                severity(s, ar)
            )
        });
    }
    if let Some(s) = f.wg_exactly {
        out.push(if ar {
            format!("أشد إجابة في مجموعة واشنطن «{}»", severity(s, ar))
        } else {
            format!("most severe Washington Group answer '{}'", severity(s, ar))
        });
    }
    if let Some(alone) = f.lives_alone {
        out.push(
            match (alone, ar) {
                (true, true) => "في أسرة من فرد واحد",
                (true, false) => "in a one-member household",
                (false, true) => "في أسرة من أكثر من فرد",
                (false, false) => "in a household of two or more",
            }
            .to_owned(),
        );
    }
    if let Some(s) = f.head_sex {
        out.push(
            match (s, ar) {
                (SexFilter::Female, true) => "ربّ الأسرة امرأة",
                (SexFilter::Female, false) => "headed by a woman",
                (SexFilter::Male, true) => "ربّ الأسرة رجل",
                (SexFilter::Male, false) => "headed by a man",
            }
            .to_owned(),
        );
    }
    if let Some(on) = f.on_waiting_list {
        out.push(
            match (on, ar) {
                (true, true) => "على قائمة انتظار برنامج",
                (true, false) => "on a programme's waiting list",
                (false, true) => "ليست على أي قائمة انتظار",
                (false, false) => "on no waiting list",
            }
            .to_owned(),
        );
    }
    if let Some(list) = &f.latest_run_outcome {
        let joiner = if ar { " أو " } else { " or " };
        let words: Vec<_> = list.iter().map(|o| outcome(*o, ar)).collect();
        out.push(if ar {
            format!("قرار آخر عملية استهداف: {}", words.join(joiner))
        } else {
            format!("latest targeting run decision: {}", words.join(joiner))
        });
    }
    out
}

/// The formula, e.g. "Count of persons (living members of active households): aged
/// 65 or over; in a one-member household."
pub fn formula(ind: &Indicator, arabic: bool) -> String {
    let what = match (ind.unit, arabic) {
        (Unit::Person, true) => "عدد الأشخاص (الأفراد الأحياء في الأسر القائمة)",
        (Unit::Person, false) => "Count of persons (living members of active households)",
        (Unit::Household, true) => "عدد الأسر القائمة",
        (Unit::Household, false) => "Count of active households",
        (Unit::Grievance, true) => {
            "عدد الشكاوى غير المحسومة (مفتوحة، مسندة، قيد المعالجة، مصعّدة)، ووسيط عمرها وأقدمها بالأيام"
        }
        (Unit::Grievance, false) => {
            "Count of unsettled grievances (open, assigned, in progress, escalated), with their median and oldest age in days"
        }
    };
    let conds = conditions(&ind.filter, arabic);
    if conds.is_empty() {
        format!("{what}.")
    } else {
        let sep = if arabic { "؛ " } else { "; " };
        format!("{what}: {}.", conds.join(sep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::IndicatorCatalogue;

    #[test]
    fn every_builtin_indicator_has_a_formula_in_both_languages() {
        let c = IndicatorCatalogue::builtin();
        for ind in &c.indicators {
            assert!(!formula(ind, true).is_empty());
            assert!(formula(ind, false).ends_with('.'));
        }
        assert_eq!(
            formula(c.get("elderly_65_alone").unwrap(), false),
            "Count of persons (living members of active households): aged 65 or over; in a one-member household."
        );
        assert!(formula(c.get("elderly_65_alone").unwrap(), true).contains("65 سنة فأكثر"));
    }
}

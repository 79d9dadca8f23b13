//! Plain-language explanations of a decision, in Arabic and English, rendered from
//! structured data (so the web layer can also render the same data through fluent).
//! Numbers use Western digits.

use std::{borrow::Cow, fmt::Write};

use serde::{Deserialize, Serialize};
use tadamun_domain::money::{Currency, Money};

use crate::{
    decision::Outcome,
    pmt::{ADULT_EQUIVALENTS, Component},
    variables::VARIABLES,
};

/// Why the outcome is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    OutsideCoverage {
        governorate: String,
    },
    RuleNotMet {
        rule: String,
        label_ar: String,
        label_en: String,
    },
    NoneOfAny {
        labels_ar: Vec<String>,
        labels_en: Vec<String>,
    },
    /// `about_*` names what could not be evaluated; `error` is the technical detail,
    /// kept for staff (and the English text), not put in the Arabic sentence.
    NotDecidable {
        about_ar: String,
        about_en: String,
        error: String,
    },
    AboveCutOff {
        predicted: f64,
        cut_off: f64,
    },
    BelowCutOff {
        predicted: f64,
        cut_off: f64,
    },
    /// Eligible by rules alone (no PMT).
    RulesMet,
    Funded {
        rank: u32,
        of: u32,
        predicted: f64,
    },
    BudgetExhausted {
        rank: u32,
        of: u32,
        predicted: f64,
        last_funded: Option<f64>,
    },
}

/// One of the largest score contributions, with its labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub variable: Cow<'static, str>,
    pub label_ar: Cow<'static, str>,
    pub label_en: Cow<'static, str>,
    pub contribution: f64,
}

/// The structured explanation a decision record carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub outcome: Outcome,
    pub reason: Reason,
    pub top_contributions: Vec<Contribution>,
    pub amount: Option<Money>,
}

type Labels = (Cow<'static, str>, Cow<'static, str>);

fn labels(variable: &str) -> Labels {
    if variable == ADULT_EQUIVALENTS {
        return (
            Cow::Borrowed("عدد البالغين المكافئين"),
            Cow::Borrowed("adult equivalents"),
        );
    }
    VARIABLES
        .iter()
        .find(|(n, _, _)| *n == variable)
        .map(|(_, ar, en)| (Cow::Borrowed(*ar), Cow::Borrowed(*en)))
        .unwrap_or_else(|| {
            (
                Cow::Owned(variable.to_owned()),
                Cow::Owned(variable.to_owned()),
            )
        })
}

/// The `n` components that moved the score most, largest first.
pub fn top_contributions(components: &[Component], n: usize) -> Vec<Contribution> {
    // A partial selection: a million records need not sort every component list.
    let mut top: Vec<&Component> = Vec::with_capacity(n + 1);
    for c in components.iter().filter(|c| c.contribution != 0.0) {
        let at = top
            .iter()
            .position(|t| c.contribution.abs() > t.contribution.abs())
            .unwrap_or(top.len());
        if at < n {
            top.insert(at, c);
            top.truncate(n);
        }
    }
    top.into_iter()
        .map(|c| {
            let (label_ar, label_en) = labels(&c.variable);
            Contribution {
                variable: c.variable.clone(),
                label_ar,
                label_en,
                contribution: c.contribution,
            }
        })
        .collect()
}

/// A number with two decimals (Western digits), by integer arithmetic: formatting a
/// million explanations with the float formatter costs more than scoring them.
struct D2(f64);

impl std::fmt::Display for D2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = (self.0 * 100.0).round() as i64;
        let sign = if n < 0 {
            "-"
        } else if f.sign_plus() {
            "+"
        } else {
            ""
        };
        let abs = n.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Explanation {
    pub fn english(&self, currency: Currency) -> String {
        let mut t = String::with_capacity(448);
        t.push_str(match self.outcome {
            Outcome::Eligible => "eligible: ",
            Outcome::NotEligible => "not eligible: ",
            Outcome::WaitingList => "on the waiting list: ",
            Outcome::NotDecidable => "not decidable: ",
        });
        let _ = match &self.reason {
            Reason::OutsideCoverage { governorate } => {
                write!(t, "the programme does not cover governorate {governorate}")
            }
            Reason::RuleNotMet { label_en, .. } => {
                write!(t, "the condition \"{label_en}\" is not met")
            }
            Reason::NoneOfAny { labels_en, .. } => {
                write!(t, "none of these holds: {}", labels_en.join("; "))
            }
            Reason::NotDecidable {
                about_en: about,
                error,
                ..
            } => write!(
                t,
                "{about} could not be evaluated ({error}); the record needs correcting"
            ),
            Reason::AboveCutOff { predicted, cut_off } => write!(
                t,
                "predicted consumption {} is at or above the cut-off {}",
                D2(*predicted),
                D2(*cut_off)
            ),
            Reason::BelowCutOff { predicted, cut_off } => write!(
                t,
                "predicted consumption {} is below the cut-off {}",
                D2(*predicted),
                D2(*cut_off)
            ),
            Reason::RulesMet => write!(t, "every condition of the programme is met"),
            Reason::Funded {
                rank,
                of,
                predicted,
            } => write!(
                t,
                "ranked {rank} of {of} by predicted consumption ({}), within the cycle budget",
                D2(*predicted)
            ),
            Reason::BudgetExhausted {
                rank,
                of,
                predicted,
                last_funded,
            } => {
                let _ = write!(
                    t,
                    "ranked {rank} of {of} by predicted consumption ({}); the cycle budget ran out before this rank",
                    D2(*predicted)
                );
                match last_funded {
                    Some(l) => write!(t, "; the last funded household scored {}", D2(*l)),
                    None => Ok(()),
                }
            }
        };
        if !self.top_contributions.is_empty() {
            t.push_str("; the largest contributions were ");
            for (i, c) in self.top_contributions.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(t, "{sep}{} ({:+})", c.label_en, D2(c.contribution));
            }
        }
        if let Some(a) = self.amount {
            let _ = write!(
                t,
                "; entitlement {} {} per cycle",
                a.format(currency),
                currency.code
            );
        }
        t
    }

    pub fn arabic(&self, currency: Currency) -> String {
        let mut t = String::with_capacity(768);
        t.push_str(match self.outcome {
            Outcome::Eligible => "مؤهل: ",
            Outcome::NotEligible => "غير مؤهل: ",
            Outcome::WaitingList => "على قائمة الانتظار: ",
            Outcome::NotDecidable => "تعذر البت: ",
        });
        let _ = match &self.reason {
            Reason::OutsideCoverage { governorate } => {
                write!(t, "البرنامج لا يغطي المحافظة {governorate}")
            }
            Reason::RuleNotMet { label_ar, .. } => write!(t, "الشرط «{label_ar}» غير متحقق"),
            Reason::NoneOfAny { labels_ar, .. } => {
                write!(t, "لم يتحقق أي من الشروط التالية: {}", labels_ar.join("؛ "))
            }
            Reason::NotDecidable { about_ar, .. } => {
                write!(t, "تعذر تقييم {about_ar}؛ يلزم تصحيح بيانات الأسرة")
            }
            Reason::AboveCutOff { predicted, cut_off } => write!(
                t,
                "الاستهلاك المتوقع {} أعلى من الحد {} أو يساويه",
                D2(*predicted),
                D2(*cut_off)
            ),
            Reason::BelowCutOff { predicted, cut_off } => write!(
                t,
                "الاستهلاك المتوقع {} أدنى من الحد {}",
                D2(*predicted),
                D2(*cut_off)
            ),
            Reason::RulesMet => write!(t, "جميع شروط البرنامج متحققة"),
            Reason::Funded {
                rank,
                of,
                predicted,
            } => write!(
                t,
                "الترتيب {rank} من {of} حسب الاستهلاك المتوقع ({}) ضمن موازنة الدورة",
                D2(*predicted)
            ),
            Reason::BudgetExhausted {
                rank,
                of,
                predicted,
                last_funded,
            } => {
                let _ = write!(
                    t,
                    "الترتيب {rank} من {of} حسب الاستهلاك المتوقع ({})؛ نفدت موازنة الدورة قبل هذا الترتيب",
                    D2(*predicted)
                );
                match last_funded {
                    Some(l) => write!(t, "؛ وكانت درجة آخر أسرة ممولة {}", D2(*l)),
                    None => Ok(()),
                }
            }
        };
        if !self.top_contributions.is_empty() {
            t.push_str("؛ أكبر المساهمات كانت: ");
            for (i, c) in self.top_contributions.iter().enumerate() {
                let sep = if i == 0 { "" } else { "، " };
                let _ = write!(t, "{sep}{} ({:+})", c.label_ar, D2(c.contribution));
            }
        }
        if let Some(a) = self.amount {
            let _ = write!(
                t,
                "؛ الاستحقاق {} {} لكل دورة",
                a.format(currency),
                currency.code
            );
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_contributions_come_first_by_size_whatever_their_sign() {
        let c = |v: &str, x: f64| Component {
            variable: Cow::Owned(v.to_owned()),
            value: 1.0,
            coefficient: x,
            contribution: x,
        };
        let top = top_contributions(
            &[
                c("car", 0.2),
                c("fridge", -0.5),
                c("internet", 0.0),
                c("computer", 0.3),
                c("members", 0.1),
            ],
            3,
        );
        let names: Vec<&str> = top.iter().map(|t| &*t.variable).collect();
        assert_eq!(names, ["fridge", "computer", "car"]);
        assert_eq!(top[0].label_en, "owns a fridge");
    }

    #[test]
    fn two_decimals_round_half_away_and_keep_the_sign() {
        assert_eq!(D2(3.125).to_string(), "3.13");
        assert_eq!(D2(-0.004).to_string(), "0.00");
        assert_eq!(D2(-0.406).to_string(), "-0.41");
        assert_eq!(format!("{:+}", D2(0.25)), "+0.25");
        assert_eq!(D2(2.95).to_string(), "2.95");
    }

    #[test]
    fn an_explanation_is_rendered_from_its_data_in_both_languages() {
        let e = Explanation {
            outcome: Outcome::NotEligible,
            reason: Reason::AboveCutOff {
                predicted: 3.1234,
                cut_off: 2.95,
            },
            top_contributions: vec![Contribution {
                variable: "car".into(),
                label_ar: "تملك سيارة".into(),
                label_en: "owns a car".into(),
                contribution: 0.25,
            }],
            amount: None,
        };
        let jod = Currency::of(tadamun_domain::country::Country::Jordan);
        assert_eq!(
            e.arabic(jod),
            "غير مؤهل: الاستهلاك المتوقع 3.12 أعلى من الحد 2.95 أو يساويه؛ أكبر المساهمات كانت: تملك سيارة (+0.25)"
        );
        assert_eq!(
            e.english(jod),
            "not eligible: predicted consumption 3.12 is at or above the cut-off 2.95; the largest contributions were owns a car (+0.25)"
        );
    }
}

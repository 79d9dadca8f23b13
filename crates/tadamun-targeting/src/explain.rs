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
    NotDecidable {
        about: String,
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
    let mut c: Vec<&Component> = components
        .iter()
        .filter(|c| c.contribution != 0.0)
        .collect();
    c.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
    c.into_iter()
        .take(n)
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

impl Explanation {
    pub fn english(&self, currency: Currency) -> String {
        let head = match self.outcome {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not eligible",
            Outcome::WaitingList => "on the waiting list",
            Outcome::NotDecidable => "not decidable",
        };
        let why = match &self.reason {
            Reason::OutsideCoverage { governorate } => {
                format!("the programme does not cover governorate {governorate}")
            }
            Reason::RuleNotMet { label_en, .. } => {
                format!("the condition \"{label_en}\" is not met")
            }
            Reason::NoneOfAny { labels_en, .. } => {
                format!("none of these holds: {}", labels_en.join("; "))
            }
            Reason::NotDecidable { about, error } => {
                format!("{about} could not be evaluated ({error}); the record needs correcting")
            }
            Reason::AboveCutOff { predicted, cut_off } => {
                format!(
                    "predicted consumption {predicted:.2} is at or above the cut-off {cut_off:.2}"
                )
            }
            Reason::BelowCutOff { predicted, cut_off } => {
                format!("predicted consumption {predicted:.2} is below the cut-off {cut_off:.2}")
            }
            Reason::RulesMet => "every condition of the programme is met".to_owned(),
            Reason::Funded {
                rank,
                of,
                predicted,
            } => format!(
                "ranked {rank} of {of} by predicted consumption ({predicted:.2}), within the cycle budget"
            ),
            Reason::BudgetExhausted {
                rank,
                of,
                predicted,
                last_funded,
            } => {
                let last = last_funded.map_or(String::new(), |l| {
                    format!("; the last funded household scored {l:.2}")
                });
                format!(
                    "ranked {rank} of {of} by predicted consumption ({predicted:.2}); the cycle budget ran out before this rank{last}"
                )
            }
        };
        let mut text = format!("{head}: {why}");
        if !self.top_contributions.is_empty() {
            text.push_str("; the largest contributions were ");
            for (i, c) in self.top_contributions.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(text, "{sep}{} ({:+.2})", c.label_en, c.contribution);
            }
        }
        if let Some(a) = self.amount {
            let _ = write!(
                text,
                "; entitlement {} {} per cycle",
                a.format(currency),
                currency.code
            );
        }
        text
    }

    pub fn arabic(&self, currency: Currency) -> String {
        let head = match self.outcome {
            Outcome::Eligible => "مؤهل",
            Outcome::NotEligible => "غير مؤهل",
            Outcome::WaitingList => "على قائمة الانتظار",
            Outcome::NotDecidable => "تعذر البت",
        };
        let why = match &self.reason {
            Reason::OutsideCoverage { governorate } => {
                format!("البرنامج لا يغطي المحافظة {governorate}")
            }
            Reason::RuleNotMet { label_ar, .. } => format!("الشرط «{label_ar}» غير متحقق"),
            Reason::NoneOfAny { labels_ar, .. } => {
                format!("لم يتحقق أي من الشروط التالية: {}", labels_ar.join("؛ "))
            }
            Reason::NotDecidable { about, error } => {
                format!("تعذر تقييم {about} ({error})؛ يلزم تصحيح السجل")
            }
            Reason::AboveCutOff { predicted, cut_off } => {
                format!("الاستهلاك المتوقع {predicted:.2} أعلى من الحد {cut_off:.2} أو يساويه")
            }
            Reason::BelowCutOff { predicted, cut_off } => {
                format!("الاستهلاك المتوقع {predicted:.2} أدنى من الحد {cut_off:.2}")
            }
            Reason::RulesMet => "جميع شروط البرنامج متحققة".to_owned(),
            Reason::Funded {
                rank,
                of,
                predicted,
            } => format!(
                "الترتيب {rank} من {of} حسب الاستهلاك المتوقع ({predicted:.2}) ضمن موازنة الدورة"
            ),
            Reason::BudgetExhausted {
                rank,
                of,
                predicted,
                last_funded,
            } => {
                let last = last_funded.map_or(String::new(), |l| {
                    format!("؛ وكانت درجة آخر أسرة ممولة {l:.2}")
                });
                format!(
                    "الترتيب {rank} من {of} حسب الاستهلاك المتوقع ({predicted:.2})؛ نفدت موازنة الدورة قبل هذا الترتيب{last}"
                )
            }
        };
        let mut text = format!("{head}: {why}");
        if !self.top_contributions.is_empty() {
            text.push_str("؛ أكبر المساهمات كانت: ");
            for (i, c) in self.top_contributions.iter().enumerate() {
                let sep = if i == 0 { "" } else { "، " };
                let _ = write!(text, "{sep}{} ({:+.2})", c.label_ar, c.contribution);
            }
        }
        if let Some(a) = self.amount {
            let _ = write!(
                text,
                "؛ الاستحقاق {} {} لكل دورة",
                a.format(currency),
                currency.code
            );
        }
        text
    }
}

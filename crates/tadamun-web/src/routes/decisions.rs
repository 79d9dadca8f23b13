//! Decisions as people read them: the explanation worded through fluent from the
//! record's structured data (so it follows the reader's language and digits), the
//! household page's list of every decision, and the printable letter for the citizen,
//! which carries the code their status lookup asks for.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::Method,
    response::Response,
    routing::post,
};
use tadamun_domain::{
    access::Permission,
    letter_code::LetterCode,
    money::{Currency, Money},
};
use tadamun_store::programmes::StoredDecision;
use tadamun_targeting::{
    decision::Outcome,
    explain::{Explanation, Reason},
};
use uuid::Uuid;

use super::households::governorate_name;
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("").add(
        Method::POST,
        "/decisions/{id}/letter",
        Rule::Needs(Permission::HouseholdRead),
        post(letter),
    )
}

/// Two decimals, in the reader's digits.
fn d2(tr: Tr, x: f64) -> String {
    tr.digits(&format!("{x:.2}"))
}

fn signed(tr: Tr, x: f64) -> String {
    tr.digits(&format!("{x:+.2}"))
}

pub(crate) fn amount(tr: Tr, currency: Currency, m: Money) -> String {
    tr.t_args(
        "decision-amount",
        &[
            ("amount", tr.digits(&m.format(currency))),
            ("currency", tr.t(&format!("currency-{}", currency.code))),
        ],
    )
}

/// The reason, worded.
fn reason(tr: Tr, state: &AppState, r: &Reason) -> String {
    match r {
        Reason::OutsideCoverage { governorate } => tr.t_args(
            "decision-reason-outside-coverage",
            &[("governorate", governorate_name(state, tr, governorate))],
        ),
        Reason::RuleNotMet {
            label_ar, label_en, ..
        } => tr.t_args(
            "decision-reason-rule-not-met",
            &[("rule", tr.pick(label_ar, label_en).to_owned())],
        ),
        Reason::NoneOfAny {
            labels_ar,
            labels_en,
        } => tr.t_args(
            "decision-reason-none-of-any",
            &[(
                "rules",
                if tr.is_arabic() {
                    labels_ar.join("؛ ")
                } else {
                    labels_en.join("; ")
                },
            )],
        ),
        Reason::NotDecidable {
            about_ar, about_en, ..
        } => tr.t_args(
            "decision-reason-not-decidable",
            &[("about", tr.pick(about_ar, about_en).to_owned())],
        ),
        Reason::AboveCutOff { predicted, cut_off } => tr.t_args(
            "decision-reason-above-cut-off",
            &[
                ("predicted", d2(tr, *predicted)),
                ("cut_off", d2(tr, *cut_off)),
            ],
        ),
        Reason::BelowCutOff { predicted, cut_off } => tr.t_args(
            "decision-reason-below-cut-off",
            &[
                ("predicted", d2(tr, *predicted)),
                ("cut_off", d2(tr, *cut_off)),
            ],
        ),
        Reason::RulesMet => tr.t("decision-reason-rules-met"),
        Reason::Funded {
            rank,
            of,
            predicted,
        } => tr.t_args(
            "decision-reason-funded",
            &[
                ("rank", tr.num(i64::from(*rank))),
                ("of", tr.num(i64::from(*of))),
                ("predicted", d2(tr, *predicted)),
            ],
        ),
        Reason::BudgetExhausted {
            rank,
            of,
            predicted,
            last_funded,
        } => {
            let mut s = tr.t_args(
                "decision-reason-budget-exhausted",
                &[
                    ("rank", tr.num(i64::from(*rank))),
                    ("of", tr.num(i64::from(*of))),
                    ("predicted", d2(tr, *predicted)),
                ],
            );
            if let Some(l) = last_funded {
                s.push_str(&tr.t_args("decision-last-funded", &[("score", d2(tr, *l))]));
            }
            s
        }
    }
}

/// The whole explanation: outcome, reason, largest contributions, entitlement.
pub(crate) fn explain(tr: Tr, state: &AppState, currency: Currency, e: &Explanation) -> String {
    let mut s = tr.t_args(
        "decision-sentence",
        &[
            ("outcome", outcome_label(tr, e.outcome)),
            ("reason", reason(tr, state, &e.reason)),
        ],
    );
    if !e.top_contributions.is_empty() {
        let sep = if tr.is_arabic() { "، " } else { ", " };
        let list = e
            .top_contributions
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    tr.pick(&c.label_ar, &c.label_en),
                    signed(tr, c.contribution)
                )
            })
            .collect::<Vec<_>>()
            .join(sep);
        s.push_str(&tr.t_args("decision-contributions", &[("list", list)]));
    }
    if let Some(a) = e.amount {
        s.push_str(&tr.t_args(
            "decision-entitlement",
            &[("amount", amount(tr, currency, a))],
        ));
    }
    s
}

pub(crate) fn outcome_label(tr: Tr, o: Outcome) -> String {
    tr.label("decision-outcome", o.as_str())
}

/// One score component as the details table shows it.
pub(crate) struct ComponentRow {
    pub label: String,
    pub value: String,
    pub coefficient: String,
    pub contribution: String,
}

/// One rule's result.
pub(crate) struct RuleRow {
    pub rule: String,
    pub result: String,
}

/// A decision on the household page.
pub(crate) struct DecisionView {
    pub id: String,
    pub programme: String,
    pub illustrative: bool,
    pub as_of: String,
    pub outcome: String,
    pub outcome_code: &'static str,
    pub explanation: String,
    pub predicted: String,
    pub cut_off: String,
    pub rank: String,
    pub components: Vec<ComponentRow>,
    pub rules: Vec<RuleRow>,
    pub superseded: bool,
    pub letter_issued: String,
}

pub(crate) fn currency(state: &AppState) -> Currency {
    Currency::of(state.pack.country)
}

pub(crate) fn decision_view(tr: Tr, state: &AppState, d: &StoredDecision) -> DecisionView {
    let detail = &d.detail;
    let labels = |variable: &str| {
        tadamun_targeting::variables::VARIABLES
            .iter()
            .find(|(n, _, _)| *n == variable)
            .map(|(_, ar, en)| tr.pick(ar, en).to_owned())
            .unwrap_or_else(|| variable.to_owned())
    };
    DecisionView {
        id: d.id.to_string(),
        programme: format!(
            "{} ({})",
            tr.pick(&d.programme_name_ar, &d.programme_name_en),
            tr.t_args(
                "programme-version-n",
                &[("version", tr.num(i64::from(d.programme_version)))]
            )
        ),
        illustrative: d.illustrative,
        as_of: tr.date(d.as_of),
        outcome: outcome_label(tr, d.outcome),
        outcome_code: d.outcome.as_str(),
        explanation: explain(tr, state, currency(state), &detail.explanation),
        predicted: d.predicted.map(|p| d2(tr, p)).unwrap_or_default(),
        cut_off: detail.cut_off.map(|c| d2(tr, c)).unwrap_or_default(),
        rank: match (d.rank, detail.ranked) {
            (Some(r), Some(of)) => tr.t_args(
                "decision-rank-of",
                &[
                    ("rank", tr.num(i64::from(r))),
                    ("of", tr.num(i64::from(of))),
                ],
            ),
            _ => String::new(),
        },
        components: detail
            .score
            .iter()
            .flat_map(|s| s.components.iter())
            .map(|c| ComponentRow {
                label: labels(&c.variable),
                value: tr.digits(&format!("{}", c.value)),
                coefficient: signed(tr, c.coefficient),
                contribution: signed(tr, c.contribution),
            })
            .collect(),
        rules: detail
            .rules
            .iter()
            .map(|r| RuleRow {
                rule: r.rule.clone(),
                result: tr.t(match (r.evaluated, r.passed, &r.error) {
                    (false, _, _) => "decision-rule-not-needed",
                    (_, _, Some(_)) => "decision-rule-error",
                    (_, Some(true), _) => "decision-rule-passed",
                    _ => "decision-rule-failed",
                }),
            })
            .collect(),
        superseded: false,
        letter_issued: d
            .letter_issued_at
            .map(|t| tr.datetime(t))
            .unwrap_or_default(),
    }
}

/// Every decision about a household, newest first, marking those a later decision of
/// the same programme replaced.
pub(crate) fn household_views(
    tr: Tr,
    state: &AppState,
    all: &[StoredDecision],
) -> Vec<DecisionView> {
    let mut seen = std::collections::HashSet::new();
    all.iter()
        .map(|d| {
            let mut v = decision_view(tr, state, d);
            v.superseded = !seen.insert(d.programme_key.clone());
            v
        })
        .collect()
}

#[derive(Template)]
#[template(path = "decision_letter.html")]
struct LetterPage {
    page: Chrome,
    decision: DecisionView,
    household_id: String,
    head: String,
    governorate: String,
    code: String,
    issued: String,
}

/// Prints the letter: a new code is issued (an earlier letter's code stops working).
async fn letter(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let decision = state.store.decision(&user.access, id).await?;
    let household = state
        .store
        .get_household(&user.access, decision.household_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let code = LetterCode::from_random(bytes);
    let now = tadamun_store::now();
    state
        .store
        .issue_decision_letter(&user.access, id, &code.sha256_hex(), now)
        .await?;
    let tr = user.tr;
    Ok(render(&LetterPage {
        page: Chrome::for_user(&user, "decision-letter-title", "", "/decisions"),
        decision: decision_view(tr, &state, &decision),
        household_id: household.id.to_string(),
        head: household
            .head()
            .map(|h| h.draft.name.full())
            .unwrap_or_default(),
        governorate: governorate_name(&state, tr, household.governorate.as_str()),
        code: code.printed(),
        issued: tr.date(now.date()),
    }))
}

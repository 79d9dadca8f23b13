//! Programme rosters: applying a run's outcomes to who the programme pays, the
//! enrolled households, the waiting list in rank order, who is due for
//! recertification, and a household's enrolments and payments on its own page.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::{access::Permission, ids::HouseholdId, money::Money};
use time::Date;
use uuid::Uuid;

use super::{
    decisions::{amount, currency},
    query_string, see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE_SIZE: i64 = 100;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::POST,
            "/programmes/runs/{id}/enrol",
            Rule::Needs(P::ProgrammeManage),
            post(enrol),
        )
        .add(
            Method::GET,
            "/programmes/{key}/roster",
            Rule::Needs(P::ProgrammeRead),
            get(roster),
        )
        .add(
            Method::POST,
            "/households/{id}/payee-account",
            Rule::Needs(P::PaymentManage),
            post(payee_account),
        )
}

/// Records the bank account a programme pays a household into; a mistyped IBAN is
/// refused by its check digits.
async fn payee_account(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: super::FormPairs,
) -> AppResult<Response> {
    let household = Uuid::parse_str(&id)
        .map(HouseholdId)
        .map_err(|_| AppError::NotFound)?;
    // A household the caller may not see is absent, whatever the form says.
    state
        .store
        .get_household(&user.access, household)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = tadamun_domain::bank_account::BankAccount::parse(&form.value("account"))
        .map_err(|e| AppError::Invalid(e.into()))?;
    state
        .store
        .set_payee_accounts(
            &user.access,
            form.value("programme").trim(),
            &[(household, account)],
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/households/{}#payments", household.0)))
}

async fn enrol(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let report = state
        .store
        .enrol_run(&user.access, id, tadamun_store::now())
        .await?;
    Ok(see_other(&format!(
        "/programmes/{}/roster?{}",
        report.programme_key,
        query_string(&[
            ("joined", &report.joined.to_string()),
            ("left", &report.left.to_string()),
        ])
    )))
}

/// One household on a roster tab.
struct RosterRow {
    href: String,
    name: String,
    governorate: String,
    /// Entitlement, rank or due date, by tab.
    figure: String,
    since: String,
}

#[derive(Template)]
#[template(path = "programme_roster.html")]
struct RosterPage {
    page: Chrome,
    programme: String,
    illustrative: bool,
    enrolled: String,
    left: String,
    waiting: String,
    per_cycle: String,
    recertification: String,
    tabs: Vec<(String, String, bool)>,
    tab: &'static str,
    rows: Vec<RosterRow>,
    next_href: Option<String>,
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RosterQuery {
    tab: Option<String>,
    after: Option<String>,
    joined: Option<i64>,
    left: Option<i64>,
}

async fn roster(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
    Query(q): Query<RosterQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let store = &state.store;
    let programme = store.programme_version(&user.access, &key, None).await?;
    let d = &programme.definition;
    let counts = store.roster_counts(&user.access, &key).await?;
    let tab = match q.tab.as_deref() {
        None | Some("") | Some("enrolled") => "enrolled",
        Some("waiting") => "waiting",
        Some("due") => "due",
        Some(_) => {
            return Err(AppError::invalid(
                "tab",
                "unknown-choice",
                "enrolled, waiting or due",
            ));
        }
    };
    let here = format!("/programmes/{key}/roster");
    let governorate = |g: &str| super::households::governorate_name(&state, tr, g);
    let money = currency(&state);
    let (rows, next): (Vec<RosterRow>, Option<String>) = match tab {
        "waiting" => {
            let after = q.after.as_deref().and_then(|a| a.parse().ok());
            let page = store
                .waiting_list_page(&user.access, &key, after, PAGE_SIZE)
                .await?;
            let next = full(&page).map(|w| w.rank.to_string());
            let rows = page
                .iter()
                .map(|w| RosterRow {
                    href: format!("/households/{}", w.household_id),
                    name: w.head_name.clone().unwrap_or_default(),
                    governorate: governorate(&w.governorate_code),
                    figure: tr.num(w.rank),
                    since: String::new(),
                })
                .collect();
            (rows, next)
        }
        "due" => {
            let after = q.after.as_deref().and_then(decode_due);
            let today = tadamun_store::now().date();
            let page = store
                .recertification_due(
                    &user.access,
                    &key,
                    d.recertification_months,
                    today,
                    after,
                    PAGE_SIZE,
                )
                .await?;
            let next = full(&page)
                .map(|l| format!("{}.{}", l.line.certified_on, l.line.household_id.simple()));
            let rows = page
                .iter()
                .map(|l| RosterRow {
                    href: format!("/households/{}", l.line.household_id),
                    name: l.line.head_name.clone().unwrap_or_default(),
                    governorate: governorate(&l.line.governorate_code),
                    figure: tr.date(l.due_on),
                    since: tr.date(l.line.certified_on),
                })
                .collect();
            (rows, next)
        }
        _ => {
            let after = q
                .after
                .as_deref()
                .and_then(|a| Uuid::parse_str(a).ok())
                .map(HouseholdId);
            let page = store
                .roster_page(&user.access, &key, after, PAGE_SIZE)
                .await?;
            let next = full(&page).map(|l| l.household_id.simple().to_string());
            let rows = page
                .iter()
                .map(|l| RosterRow {
                    href: format!("/households/{}", l.household_id),
                    name: l.head_name.clone().unwrap_or_default(),
                    governorate: governorate(&l.governorate_code),
                    figure: amount(tr, money, Money(l.entitlement)),
                    since: tr.date(l.enrolled_on),
                })
                .collect();
            (rows, next)
        }
    };
    let tabs = [
        ("enrolled", "roster-tab-enrolled"),
        ("waiting", "roster-tab-waiting"),
        ("due", "roster-tab-due"),
    ]
    .iter()
    .map(|(t, label)| (format!("{here}?tab={t}"), tr.t(label), *t == tab))
    .collect();
    let done = match (q.joined, q.left) {
        (Some(joined), Some(left)) => Some(tr.t_args(
            "roster-enrolled-done",
            &[("joined", tr.num(joined)), ("left", tr.num(left))],
        )),
        _ => None,
    };
    Ok(render(&RosterPage {
        page: Chrome::for_user(&user, "roster-title", "programmes", here.clone()),
        programme: tr.pick(&d.name_ar, &d.name_en).to_owned(),
        illustrative: d.illustrative,
        enrolled: tr.num(counts.enrolled),
        left: tr.num(counts.left),
        waiting: tr.num(counts.waiting),
        per_cycle: amount(tr, money, counts.entitlement_per_cycle),
        recertification: tr.t_args(
            "roster-recertification-every",
            &[("months", tr.num(i64::from(d.recertification_months)))],
        ),
        tabs,
        tab,
        rows,
        next_href: next.map(|after| {
            format!(
                "{here}?{}",
                query_string(&[("tab", tab), ("after", after.as_str())])
            )
        }),
        done,
    }))
}

/// The last item of a full page: there may be more after it.
fn full<T>(page: &[T]) -> Option<&T> {
    (page.len() as i64 == PAGE_SIZE)
        .then(|| page.last())
        .flatten()
}

fn decode_due(s: &str) -> Option<(Date, HouseholdId)> {
    let (date, id) = s.split_once('.')?;
    let date = Date::parse(date, &time::format_description::well_known::Iso8601::DATE).ok()?;
    Some((date, HouseholdId(Uuid::parse_str(id).ok()?)))
}

/// A household's enrolment in one programme, for its page.
pub(crate) struct EnrolmentView {
    pub programme: String,
    pub active: bool,
    pub account: String,
    pub status: String,
    pub entitlement: String,
    pub since: String,
}

/// A payment line, for the household's page.
pub(crate) struct PaymentView {
    pub cycle: String,
    pub programme: String,
    pub amount: String,
    pub status: String,
    pub status_code: &'static str,
    pub reason: String,
    pub reissue: bool,
}

/// The household page's enrolments and payments; empty for who may not see them.
pub(crate) async fn household_section(
    state: &AppState,
    user: &PageUser,
    household: HouseholdId,
) -> AppResult<(Vec<EnrolmentView>, Vec<PaymentView>)> {
    if !user.access.can(Permission::ProgrammeRead) {
        return Ok((Vec::new(), Vec::new()));
    }
    let tr: Tr = user.tr;
    let money = currency(state);
    let enrolments = state
        .store
        .household_enrolments(&user.access, household)
        .await?
        .iter()
        .map(|e| EnrolmentView {
            programme: e.programme_key.clone(),
            active: e.left_on.is_none(),
            account: e.payee_account.clone().unwrap_or_default(),
            status: match (&e.left_on, &e.left_outcome) {
                (Some(on), Some(why)) => tr.t_args(
                    "enrolment-left",
                    &[
                        ("date", tr.date(*on)),
                        ("why", tr.label("decision-outcome", why)),
                    ],
                ),
                _ => tr.t("enrolment-enrolled"),
            },
            entitlement: amount(tr, money, Money(e.entitlement)),
            since: tr.date(e.enrolled_on),
        })
        .collect();
    let payments = state
        .store
        .household_payments(&user.access, household)
        .await?
        .iter()
        .map(|p| PaymentView {
            cycle: tr.digits(&p.line.cycle.to_string()),
            programme: p.line.programme.clone(),
            amount: amount(tr, money, p.line.amount),
            status: tr.label("payment-status", p.line.status.as_str()),
            status_code: p.line.status.as_str(),
            reason: p.line.reason.clone().unwrap_or_default(),
            reissue: p.line.reissue_of.is_some(),
        })
        .collect();
    Ok((enrolments, payments))
}

//! The household page: address, phones, socio-economic and catalogue data, members,
//! the full history with before → after changes, and the life-cycle event forms.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use tadamun_domain::{
    country_pack::FieldKind,
    history::{HistoryEntry, LifeEvent, RecordedEvent},
    household::Household,
    ids::HouseholdId,
    money::Currency,
    person::{Difficulty, Person, Relationship, Sex, WashingtonGroup},
    socio::Assets,
};

use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

/// Most lines of one history entry shown before "and N more".
const MAX_CHANGES: usize = 12;

pub(crate) struct Fact {
    pub label: String,
    pub value: String,
    /// Numbers (phones, amounts) are isolated so they read left to right in Arabic.
    pub isolate: bool,
}

pub(crate) struct MemberRow {
    pub name: String,
    pub relationship: String,
    pub sex: String,
    pub age: String,
    pub documents: Vec<(String, String)>,
    pub disability: String,
    pub deceased: Option<String>,
}

pub(crate) struct HistoryRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub changes: Vec<String>,
}

pub(crate) struct EventForm {
    pub kind: &'static str,
    pub title: String,
    pub action: String,
    pub fields: Vec<FormField>,
}

/// A message shown above the household: success, or why an event was refused.
pub(crate) struct Banner {
    pub is_error: bool,
    pub lines: Vec<String>,
    pub link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    page: Chrome,
    id: String,
    version: String,
    banner: Option<Banner>,
    facts: Vec<Fact>,
    socio: Vec<Fact>,
    extra: Vec<Fact>,
    members: Vec<MemberRow>,
    history: Vec<HistoryRow>,
    events: Vec<String>,
    forms: Vec<EventForm>,
    requests: Vec<super::changes::RequestLine>,
    duplicates: Vec<super::duplicates::PairView>,
    decisions: Vec<super::decisions::DecisionView>,
    grievances: Vec<super::grievances::Row>,
    enrolments: Vec<super::rosters::EnrolmentView>,
    payments: Vec<super::rosters::PaymentView>,
    /// Living members as (id, name), for the deletion and merge request forms.
    member_choices: Vec<(String, String)>,
    restricted: bool,
    /// Roles that may be granted sight of a restricted household: (code, name).
    role_choices: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
    new: Option<String>,
}

pub(crate) fn parse_id(raw: &str) -> AppResult<HouseholdId> {
    HouseholdId::parse(raw).map_err(|_| AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(household = %id, user = %user.user.id))]
pub(crate) async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let tr = user.tr;
    let banner = match done.done.as_deref() {
        Some("event") => Some(Banner {
            is_error: false,
            lines: vec![tr.t("event-recorded")],
            link: None,
        }),
        Some("saved") => Some(Banner {
            is_error: false,
            lines: vec![tr.t("form-saved")],
            link: None,
        }),
        Some("requested") => Some(Banner {
            is_error: false,
            lines: vec![tr.t("change-requested")],
            link: None,
        }),
        Some("split") => Some(Banner {
            is_error: false,
            lines: vec![tr.t("event-recorded"), tr.t("event-new-household")],
            link: done
                .new
                .as_deref()
                .and_then(|n| HouseholdId::parse(n).ok())
                .map(|n| (format!("/households/{n}"), tr.t("event-new-household"))),
        }),
        _ => None,
    };
    household_page(&state, &user, id, banner, StatusCode::OK, None).await
}

/// Renders the household page; events.rs calls it again with the refusal and the
/// form values kept.
pub(crate) async fn household_page(
    state: &AppState,
    user: &PageUser,
    id: HouseholdId,
    banner: Option<Banner>,
    status: StatusCode,
    kept: Option<&super::events::Kept<'_>>,
) -> AppResult<Response> {
    let household = state
        .store
        .get_household(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = state.store.household_history(&user.access, id).await?;
    let events = state.store.household_events(&user.access, id).await?;
    let tr = user.tr;
    let today = tadamun_store::now().date();
    let head = household.head().map(|h| h.draft.name.full());
    let title = match &head {
        Some(name) => tr.t_args("household-title", &[("head", name.clone())]),
        None => tr.t("household-no-head"),
    };
    let (enrolments, payments) = super::rosters::household_section(state, user, id).await?;
    let mut page = HouseholdPage {
        page: Chrome::new(tr, title, Some(user), "", format!("/households/{id}")),
        id: id.to_string(),
        version: tr.num(household.version),
        banner,
        facts: facts(state, tr, &household),
        socio: socio(state, tr, &household),
        extra: extra(state, tr, &household),
        members: household
            .members
            .iter()
            .map(|m| member_row(tr, m, today))
            .collect(),
        history: history.iter().map(|h| history_row(tr, h)).collect(),
        events: events
            .iter()
            .map(|e| event_line(tr, e, &household))
            .collect(),
        forms: super::events::forms(state, tr, &household, kept),
        requests: state
            .store
            .household_change_requests(&user.access, id)
            .await?
            .iter()
            .map(|r| super::changes::request_line(tr, r))
            .collect(),
        duplicates: state
            .store
            .household_duplicates(&user.access, id)
            .await?
            .iter()
            .map(|c| super::duplicates::pair_view(state, tr, c))
            .collect(),
        decisions: super::decisions::household_views(
            tr,
            state,
            &state.store.household_decisions(&user.access, id).await?,
        ),
        grievances: super::grievances::household_section(state, user, id).await?,
        enrolments,
        payments,
        member_choices: household
            .members
            .iter()
            .filter(|m| m.date_of_death.is_none())
            .map(|m| (m.id.to_string(), m.draft.name.full()))
            .collect(),
        restricted: household.restricted,
        role_choices: state
            .store
            .roles()
            .await?
            .into_iter()
            .map(|r| (r.code, tr.pick(&r.name_ar, &r.name_en).to_owned()))
            .collect(),
    };
    page.history.reverse();
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(response)
}

fn fact(label: String, value: String, isolate: bool) -> Fact {
    Fact {
        label,
        value,
        isolate,
    }
}

pub(crate) fn governorate_name(state: &AppState, tr: Tr, code: &str) -> String {
    state
        .pack
        .governorates
        .iter()
        .find(|g| g.code == code)
        .map(|g| tr.pick(&g.name_ar, &g.name_en).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn facts(state: &AppState, tr: Tr, h: &Household) -> Vec<Fact> {
    let none = || tr.t("value-none");
    let district = h.district.as_ref().map(|d| {
        state
            .pack
            .governorates
            .iter()
            .flat_map(|g| &g.districts)
            .find(|x| &x.code == d)
            .map(|x| tr.pick(&x.name_ar, &x.name_en).to_owned())
            .unwrap_or_else(|| d.clone())
    });
    let phones: Vec<String> = [&h.phone, &h.alt_phone]
        .into_iter()
        .flatten()
        .map(|p| tr.digits(p.as_str()))
        .collect();
    vec![
        fact(
            tr.t("household-governorate"),
            governorate_name(state, tr, h.governorate.as_str()),
            false,
        ),
        fact(
            tr.t("household-district"),
            district.unwrap_or_else(none),
            false,
        ),
        fact(tr.t("household-address"), h.address.clone(), false),
        fact(
            tr.t("household-phones"),
            if phones.is_empty() {
                none()
            } else {
                phones.join(" · ")
            },
            true,
        ),
        fact(
            tr.t("household-status"),
            tr.label("status", h.status.as_str()),
            false,
        ),
    ]
}

fn socio(state: &AppState, tr: Tr, h: &Household) -> Vec<Fact> {
    let s = &h.socio;
    let none = || tr.t("value-none");
    let currency = Currency::of(state.pack.country);
    let assets: Vec<String> = Assets::NAMES
        .iter()
        .zip(s.assets.flags())
        .filter(|(_, has)| *has)
        .map(|(n, _)| tr.label("asset", n))
        .collect();
    vec![
        fact(
            tr.field_label("dwelling_type"),
            s.dwelling_type
                .map(|d| tr.label("dwelling", d.as_str()))
                .unwrap_or_else(none),
            false,
        ),
        fact(
            tr.field_label("tenure"),
            s.tenure
                .map(|t| tr.label("tenure", t.as_str()))
                .unwrap_or_else(none),
            false,
        ),
        fact(
            tr.field_label("rooms"),
            s.rooms.map(|r| tr.num(i64::from(r))).unwrap_or_else(none),
            true,
        ),
        fact(
            tr.field_label("monthly_income"),
            s.monthly_income
                .map(|m| tr.digits(&format!("{} {}", m.format(currency), currency.code)))
                .unwrap_or_else(none),
            true,
        ),
        fact(
            tr.field_label("main_income_source"),
            s.main_income_source
                .map(|i| tr.label("income", i.as_str()))
                .unwrap_or_else(none),
            false,
        ),
        fact(
            tr.field_label("assets"),
            if assets.is_empty() {
                none()
            } else {
                assets.join("، ")
            },
            false,
        ),
    ]
}

fn extra(state: &AppState, tr: Tr, h: &Household) -> Vec<Fact> {
    state
        .pack
        .fields
        .iter()
        .map(|def| {
            let value = match (h.extra.get(&def.key), &def.kind) {
                (None, _) => tr.t("value-none"),
                (Some(v), FieldKind::Boolean) => tr.t(if v.as_bool().unwrap_or(false) {
                    "bool-yes"
                } else {
                    "bool-no"
                }),
                (Some(v), FieldKind::Choice { .. }) => v
                    .as_str()
                    .map(|o| tr.label("choice", o))
                    .unwrap_or_default(),
                (Some(serde_json::Value::String(s)), _) => s.clone(),
                (Some(v), _) => tr.digits(&v.to_string()),
            };
            fact(
                tr.pick(&def.label_ar, &def.label_en).to_owned(),
                value,
                false,
            )
        })
        .collect()
}

pub(crate) fn member_row(tr: Tr, m: &Person, today: time::Date) -> MemberRow {
    let d = &m.draft;
    let on = m.date_of_death.unwrap_or(today);
    let mut age = tr.count("years-count", i64::from(d.birth_date.age_on(on)));
    if d.birth_date.approximate {
        age = format!("{age} ({})", tr.t("approximate"));
    }
    MemberRow {
        name: d.name.full(),
        relationship: tr.label("relationship", d.relationship.as_str()),
        sex: tr.label("sex", d.sex.as_str()),
        age,
        documents: d
            .documents
            .iter()
            .map(|doc| {
                (
                    tr.label("doc", doc.doc_type.as_str()),
                    tr.digits(&doc.number),
                )
            })
            .collect(),
        disability: disability(tr, &d.disability),
        deceased: m
            .date_of_death
            .map(|date| tr.t_args("member-deceased", &[("date", tr.date(date))])),
    }
}

fn disability(tr: Tr, wg: &WashingtonGroup) -> String {
    if !wg.is_answered() {
        return tr.t("disability-unanswered");
    }
    let mut text = tr.t(if wg.has_disability() {
        "disability-yes"
    } else {
        "disability-no"
    });
    let hard: Vec<String> = WashingtonGroup::DOMAINS
        .iter()
        .zip(wg.answers())
        .filter_map(|(domain, a)| {
            a.filter(|a| *a >= Difficulty::ALotOfDifficulty).map(|a| {
                format!(
                    "{}: {}",
                    tr.field_label(&format!("wg_{domain}")),
                    tr.label("wg", a.as_str())
                )
            })
        })
        .collect();
    if !hard.is_empty() {
        text = format!("{text} ({})", hard.join("، "));
    }
    text
}

fn history_row(tr: Tr, h: &HistoryEntry) -> HistoryRow {
    HistoryRow {
        when: tr.datetime(h.at),
        who: {
            let maker = h
                .actor_name
                .clone()
                .unwrap_or_else(|| tr.t("history-system"));
            match &h.approved_by_name {
                Some(checker) => tr.t_args(
                    "history-approved-by",
                    &[("maker", maker), ("checker", checker.clone())],
                ),
                None => maker,
            }
        },
        what: tr.label("change", h.kind.as_str()),
        changes: changes(tr, h.before.as_ref(), h.after.as_ref()),
    }
}

/// Before and after as `key: old → new` lines, changed keys only.
pub(crate) fn changes(
    tr: Tr,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<String> {
    let mut old = BTreeMap::new();
    let mut new = BTreeMap::new();
    if let Some(b) = before {
        flatten("", b, &mut old);
    }
    if let Some(a) = after {
        flatten("", a, &mut new);
    }
    let none = tr.t("value-none");
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut lines: Vec<String> = keys
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| {
            format!(
                "{k}: {} → {}",
                old.get(k).unwrap_or(&none),
                new.get(k).unwrap_or(&none)
            )
        })
        .collect();
    if lines.len() > MAX_CHANGES {
        let more = (lines.len() - MAX_CHANGES) as i64;
        lines.truncate(MAX_CHANGES);
        lines.push(tr.t_args("history-more", &[("shown", tr.num(more))]));
    }
    lines
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(
                    &if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    },
                    v,
                    out,
                );
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

fn event_line(tr: Tr, e: &RecordedEvent, h: &Household) -> String {
    let name = |id: &tadamun_domain::ids::PersonId| {
        h.members
            .iter()
            .find(|m| m.id == *id)
            .map(|m| m.draft.name.full())
            .unwrap_or_default()
    };
    let detail = match &e.event {
        LifeEvent::Birth { child } => child.name.full(),
        LifeEvent::Death { person_id, date }
        | LifeEvent::Marriage {
            person_id, date, ..
        } => format!("{} · {}", name(person_id), tr.date(*date)),
        LifeEvent::Split { members, .. } => tr.count("persons-count", members.len() as i64),
        LifeEvent::Move { address, .. } => address.clone(),
    };
    format!(
        "{} — {}: {}",
        tr.datetime(e.recorded_at),
        tr.label("event-kind", e.event.kind()),
        detail
    )
}

/// Sex and relationship choices used by the event forms.
pub(crate) fn sexes(tr: Tr) -> Vec<(String, String)> {
    Sex::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), tr.label("sex", s.as_str())))
        .collect()
}

pub(crate) fn relationships(tr: Tr, only: &[Relationship]) -> Vec<(String, String)> {
    only.iter()
        .map(|r| (r.as_str().to_owned(), tr.label("relationship", r.as_str())))
        .collect()
}

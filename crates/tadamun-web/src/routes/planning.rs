//! Planning groups' pages: the groups by governorate and one group (members with
//! terms, bylaws in force with history and proposals, meetings, decisions, action
//! items with the overdue flag, and health with its parts explained). The forms live
//! in `planning_forms`; the store decides who sees and records what, so these routes
//! only need a signed-in user (a partner's staff sees the groups they sit on).

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{
    ids::PlanningGroupId,
    planning::{BylawsStatus, GroupHealth},
};

use super::{households::governorate_name, planning_forms};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(Method::GET, "/planning", Rule::SignedIn, get(list))
        .add(Method::GET, "/planning/{id}", Rule::SignedIn, get(detail))
        .merge(planning_forms::routes())
}

/// A group id from the path; a malformed one names the field.
pub(crate) fn group_id(raw: &str) -> AppResult<PlanningGroupId> {
    PlanningGroupId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}

struct GroupLine {
    href: String,
    name: String,
    governorate: String,
    members: String,
    last_meeting: String,
    open_actions: String,
    overdue: String,
}

#[derive(Template)]
#[template(path = "planning_groups.html")]
struct ListPage {
    page: Chrome,
    lines: Vec<GroupLine>,
    can_create: bool,
}

async fn list(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let tr = user.tr;
    let today = tadamun_store::now().date();
    let groups = state
        .store
        .list_planning_groups(&user.access, None, today)
        .await?;
    let lines = groups
        .iter()
        .map(|g| GroupLine {
            href: format!("/planning/{}", g.group.id),
            name: g.group.name(tr.is_arabic()).to_owned(),
            governorate: governorate_name(&state, tr, g.group.draft.governorate.as_str()),
            members: tr.num(g.members),
            last_meeting: g.last_meeting.map(|d| tr.date(d)).unwrap_or_default(),
            open_actions: tr.num(g.open_actions),
            overdue: if g.overdue_actions > 0 {
                tr.count("planning-overdue-count", g.overdue_actions)
            } else {
                String::new()
            },
        })
        .collect();
    Ok(render(&ListPage {
        page: Chrome::for_user(&user, "planning-title", "planning", "/planning"),
        lines,
        can_create: user
            .access
            .can(tadamun_domain::access::Permission::PlanningManage),
    }))
}

struct MemberLine {
    name: String,
    kind: String,
    organisation: String,
    title: String,
    role_today: String,
    terms: Vec<String>,
}

struct BylawsLine {
    version: String,
    status: String,
    status_code: &'static str,
    text: String,
    quorum: String,
    schedule: String,
    dates: String,
    votes: String,
    vote_href: Option<String>,
}

struct MeetingLine {
    held_on: String,
    agenda: Vec<String>,
    attendance: String,
    quorum: String,
    quorum_met: bool,
    minutes: String,
}

struct DecisionLine {
    held_on: String,
    text: String,
    votes: String,
    public: bool,
}

pub(crate) struct ActionLine {
    pub id: String,
    pub group: String,
    pub group_href: String,
    pub text: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub status_code: &'static str,
    pub overdue: bool,
    pub version: i64,
    pub pending: bool,
}

/// The health's parts as sentences with their numbers.
struct HealthPart {
    label: String,
    value: String,
    explain: String,
}

#[derive(Template)]
#[template(path = "planning_group.html")]
struct DetailPage {
    page: Chrome,
    id: String,
    name: String,
    governorate: String,
    notice: Option<String>,
    manage: bool,
    record: bool,
    members: Vec<MemberLine>,
    in_force: Option<BylawsLine>,
    bylaws: Vec<BylawsLine>,
    meetings: Vec<MeetingLine>,
    decisions: Vec<DecisionLine>,
    actions: Vec<ActionLine>,
    status_options: Vec<(String, String)>,
    health_score: String,
    health: Vec<HealthPart>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NoticeQuery {
    #[serde(default)]
    saved: String,
}

pub(crate) fn action_line(
    tr: Tr,
    a: &tadamun_store::planning::meetings::ActionItemView,
) -> ActionLine {
    ActionLine {
        id: a.id.to_string(),
        group: tr
            .pick(
                &a.group_name_ar,
                a.group_name_en.as_deref().unwrap_or(&a.group_name_ar),
            )
            .to_owned(),
        group_href: format!("/planning/{}", a.group),
        text: a.text.clone(),
        owner: a.owner_name.clone(),
        due_on: tr.date(a.due_on),
        status: tr.label("planning-action-status", a.status.as_str()),
        status_code: a.status.as_str(),
        overdue: a.overdue,
        version: a.version,
        pending: a.status.is_pending(),
    }
}

fn percent(tr: Tr, p: Option<i64>) -> String {
    p.map(|p| tr.t_args("planning-percent", &[("n", tr.num(p))]))
        .unwrap_or_else(|| tr.t("planning-health-no-data"))
}

fn health_parts(tr: Tr, h: &GroupHealth) -> Vec<HealthPart> {
    let n = |v: i64| tr.num(v);
    vec![
        HealthPart {
            label: tr.t("planning-health-schedule"),
            value: percent(tr, h.schedule_percent),
            explain: match h.meetings_expected {
                Some(e) => tr.t_args(
                    "planning-health-schedule-explain",
                    &[("held", n(h.meetings_held)), ("expected", n(e))],
                ),
                None => tr.t("planning-health-schedule-no-bylaws"),
            },
        },
        HealthPart {
            label: tr.t("planning-health-attendance"),
            value: percent(tr, h.attendance_percent),
            explain: tr.t_args(
                "planning-health-attendance-explain",
                &[
                    ("attended", n(h.attended)),
                    ("expected", n(h.expected_attendance)),
                ],
            ),
        },
        HealthPart {
            label: tr.t("planning-health-on-time"),
            value: percent(tr, h.on_time_percent),
            explain: tr.t_args(
                "planning-health-on-time-explain",
                &[("done", n(h.actions_on_time)), ("due", n(h.actions_due))],
            ),
        },
        HealthPart {
            label: tr.t("planning-health-turnover"),
            value: percent(tr, h.turnover_percent),
            explain: tr.t_args(
                "planning-health-turnover-explain",
                &[
                    ("left", n(h.partners_left)),
                    ("active", n(h.partners_active)),
                ],
            ),
        },
    ]
}

async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let tr = user.tr;
    let store = &state.store;
    let today = tadamun_store::now().date();
    let group = store
        .get_planning_group(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rights = store.planning_rights(&user.access, id, today).await?;
    let members = store.planning_members(&user.access, id).await?;
    let bylaws = store.planning_bylaws(&user.access, id).await?;
    let meetings = store.planning_meetings(&user.access, id).await?;
    let decisions = store.planning_decisions(&user.access, id).await?;
    let actions = store.planning_action_items(&user.access, id, today).await?;
    let health = store.planning_group_health(&user.access, id, today).await?;
    let member_lines = members
        .iter()
        .map(|m| MemberLine {
            name: m.name.clone(),
            kind: tr.label("planning-member-kind", m.kind.as_str()),
            organisation: m.organisation_name.clone().unwrap_or_default(),
            title: m.title.clone().unwrap_or_default(),
            role_today: m
                .role_on(today)
                .map(|r| tr.label("planning-role", r.as_str()))
                .unwrap_or_else(|| tr.t("planning-no-current-term")),
            terms: m
                .terms
                .iter()
                .map(|t| {
                    tr.t_args(
                        "planning-term-line",
                        &[
                            ("role", tr.label("planning-role", t.term.role.as_str())),
                            ("from", tr.date(t.term.starts_on)),
                            (
                                "until",
                                t.term
                                    .ends_on
                                    .map(|d| tr.date(d))
                                    .unwrap_or_else(|| tr.t("planning-open-ended")),
                            ),
                        ],
                    )
                })
                .collect(),
        })
        .collect();
    let bylaws_line = |b: &tadamun_store::planning::bylaws::BylawsVersion| BylawsLine {
        version: tr.t_args(
            "planning-bylaws-version",
            &[("n", tr.num(b.version_number))],
        ),
        status: tr.label("planning-bylaws-status", b.status.as_str()),
        status_code: b.status.as_str(),
        text: b.draft.text.clone(),
        quorum: tr.t_args(
            "planning-quorum-rule",
            &[
                ("percent", tr.num(b.draft.quorum.percent)),
                ("plus", tr.num(b.draft.quorum.plus)),
            ],
        ),
        schedule: tr.count("planning-meetings-per-year", b.draft.meetings_per_year),
        dates: match (b.in_force_from, b.in_force_until) {
            (Some(f), Some(u)) => tr.t_args(
                "planning-in-force-between",
                &[("from", tr.date(f)), ("until", tr.date(u))],
            ),
            (Some(f), None) => tr.t_args("planning-in-force-since", &[("from", tr.date(f))]),
            _ => tr.t_args("planning-proposed-on", &[("date", tr.date(b.proposed_on))]),
        },
        votes: b
            .votes
            .map(|v| {
                tr.t_args(
                    "planning-votes",
                    &[
                        ("for", tr.num(v.votes_for)),
                        ("against", tr.num(v.votes_against)),
                        ("abstain", tr.num(v.votes_abstain)),
                    ],
                )
            })
            .unwrap_or_default(),
        vote_href: (rights.record && b.status == BylawsStatus::Proposed)
            .then(|| format!("/planning/{id}/bylaws/{}/vote", b.id)),
    };
    let in_force = bylaws
        .iter()
        .find(|b| b.status == BylawsStatus::InForce)
        .map(bylaws_line);
    let name_of = |m: &tadamun_domain::ids::PlanningMemberId| {
        members
            .iter()
            .find(|x| x.id == *m)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let meeting_lines = meetings
        .iter()
        .map(|m| MeetingLine {
            held_on: tr.date(m.held_on),
            agenda: m.agenda.clone(),
            attendance: m
                .attended
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(&tr.t("partner-list-separator")),
            quorum: tr.t_args(
                "planning-quorum-line",
                &[
                    ("attended", tr.num(m.attended.len() as i64)),
                    ("members", tr.num(m.members_on_day)),
                    ("required", tr.num(m.quorum_required)),
                ],
            ),
            quorum_met: m.quorum_met,
            minutes: m.minutes.clone().unwrap_or_default(),
        })
        .collect();
    let decision_lines = decisions
        .iter()
        .map(|d| DecisionLine {
            held_on: tr.date(d.held_on),
            text: d.text.clone(),
            votes: tr.t_args(
                "planning-votes",
                &[
                    ("for", tr.num(d.votes.votes_for)),
                    ("against", tr.num(d.votes.votes_against)),
                    ("abstain", tr.num(d.votes.votes_abstain)),
                ],
            ),
            public: d.public,
        })
        .collect();
    let notice = match q.saved.as_str() {
        "" => None,
        what => tr.try_t(&format!("planning-saved-{what}")),
    };
    Ok(render(&DetailPage {
        page: Chrome::for_user(
            &user,
            "planning-title",
            "planning",
            format!("/planning/{id}"),
        ),
        id: id.to_string(),
        name: group.name(tr.is_arabic()).to_owned(),
        governorate: governorate_name(&state, tr, group.draft.governorate.as_str()),
        notice,
        manage: rights.manage,
        record: rights.record,
        members: member_lines,
        in_force,
        bylaws: bylaws.iter().map(bylaws_line).collect(),
        meetings: meeting_lines,
        decisions: decision_lines,
        actions: actions.iter().map(|a| action_line(tr, a)).collect(),
        status_options: planning_forms::status_options(tr),
        health_score: health
            .score
            .map(|s| tr.t_args("planning-health-score", &[("n", tr.num(s))]))
            .unwrap_or_else(|| tr.t("planning-health-no-data")),
        health: health_parts(tr, &health),
    }))
}

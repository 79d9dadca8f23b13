//! The planning forms: a new group, a member with their first term, another term,
//! a bylaws proposal, the vote on one, a meeting (agenda, attendance, minutes,
//! decisions with votes, action items with owner and due day), and an action item's
//! status. A refused form comes back with every error named; the store checks rights.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::{Method, StatusCode},
    response::Response,
    routing::{get, post},
};
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    ids::{ActionItemId, BylawsId, PlanningMemberId},
    planning::{
        ActionStatus, MemberKind, MemberRole, RawAction, RawBylaws, RawBylawsVote, RawDecision,
        RawGroup, RawMeeting, RawMember, RawTerm,
    },
};
use tadamun_store::StoreError;

use super::{
    FormPairs, partners::enum_options, partners::governorate_options, planning::group_id, see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

/// The group must be one the caller sees, before any form is read: otherwise 404.
async fn visible(
    state: &AppState,
    user: &PageUser,
    id: tadamun_domain::ids::PlanningGroupId,
) -> AppResult<()> {
    state
        .store
        .get_planning_group(&user.access, id)
        .await?
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

/// Rows the meeting form offers for agenda items, decisions and action items.
const AGENDA_ROWS: usize = 5;
const DECISION_ROWS: usize = 3;
const ACTION_ROWS: usize = 4;

pub(crate) fn routes() -> Routes {
    let manage = Rule::Needs(Permission::PlanningManage);
    let signed_in = Rule::SignedIn;
    Routes::new("")
        .add(Method::GET, "/planning/new", manage, get(new_group_page))
        .add(Method::POST, "/planning/new", manage, post(create_group))
        .add(
            Method::GET,
            "/planning/{id}/members/new",
            signed_in,
            get(member_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/members/new",
            signed_in,
            post(add_member),
        )
        .add(
            Method::GET,
            "/planning/{id}/terms/new",
            signed_in,
            get(term_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/terms/new",
            signed_in,
            post(add_term),
        )
        .add(
            Method::GET,
            "/planning/{id}/bylaws/new",
            signed_in,
            get(bylaws_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/bylaws/new",
            signed_in,
            post(propose),
        )
        .add(
            Method::GET,
            "/planning/{id}/bylaws/{bylaws}/vote",
            signed_in,
            get(vote_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/bylaws/{bylaws}/vote",
            signed_in,
            post(vote),
        )
        .add(
            Method::GET,
            "/planning/{id}/meetings/new",
            signed_in,
            get(meeting_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/meetings/new",
            signed_in,
            post(record_meeting),
        )
        .add(
            Method::POST,
            "/planning/actions/{action}/status",
            signed_in,
            post(set_status),
        )
}

pub(crate) fn status_options(tr: Tr) -> Vec<(String, String)> {
    enum_options(tr, "planning-action-status", ActionStatus::ALL, |s| {
        s.as_str()
    })
}

/// Every error as "field: sentence", for the summary above a form.
fn summary(tr: Tr, errors: &FieldErrors) -> Vec<String> {
    errors
        .0
        .iter()
        .map(|e| {
            let name = e.field.rsplit('.').next().unwrap_or("");
            let base = name.split('[').next().unwrap_or("");
            let row = e
                .field
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(n, _)| n.parse::<i64>().map(|n| n + 1).unwrap_or(0))
                .filter(|_| e.field.contains("]."));
            let label = tr.label("planning-field", base);
            match row {
                Some(n) => format!(
                    "{} ({}): {}",
                    label,
                    tr.t_args("planning-row", &[("n", tr.num(n))]),
                    tr.field_error(e)
                ),
                None => format!("{label}: {}", tr.field_error(e)),
            }
        })
        .collect()
}

fn with_errors(tr: Tr, mut fields: Vec<FormField>, errors: &FieldErrors) -> Vec<FormField> {
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    fields
}

#[derive(Template)]
#[template(path = "planning_form.html")]
struct FormPage {
    page: Chrome,
    action: String,
    back: String,
    fields: Vec<FormField>,
    summary: Vec<String>,
    submit: String,
}

fn form_page(
    user: &PageUser,
    title: &str,
    action: String,
    back: String,
    fields: Vec<FormField>,
    errors: &FieldErrors,
    submit: &str,
) -> Response {
    let tr = user.tr;
    let mut r = render(&FormPage {
        page: Chrome::for_user(user, title, "planning", action.clone()),
        action,
        back,
        fields: with_errors(tr, fields, errors),
        summary: summary(tr, errors),
        submit: tr.t(submit),
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// A store refusal shown on the form; anything else is an error page.
fn refused_or(e: StoreError, show: impl FnOnce(FieldErrors) -> Response) -> AppResult<Response> {
    match e {
        StoreError::Invalid(errors) => Ok(show(errors)),
        other => Err(other.into()),
    }
}

fn text(tr: Tr, name: &str, value: &str) -> FormField {
    FormField::new(name, tr.label("planning-field", name), "text", value)
}

fn date(tr: Tr, name: &str, value: &str) -> FormField {
    FormField::new(name, tr.label("planning-field", name), "date", value).ltr()
}

fn number(tr: Tr, name: &str, value: &str) -> FormField {
    FormField::new(name, tr.label("planning-field", name), "number", value).ltr()
}

fn select(tr: Tr, name: &str, value: &str, options: Vec<(String, String)>) -> FormField {
    FormField::select(name, tr.label("planning-field", name), value, options, &tr)
}

// ---- a new group ----

fn group_fields(state: &AppState, tr: Tr, raw: &RawGroup) -> Vec<FormField> {
    vec![
        select(
            tr,
            "governorate",
            &raw.governorate,
            governorate_options(state, tr),
        )
        .required(),
        text(tr, "name_ar", &raw.name_ar).required(),
        text(tr, "name_en", &raw.name_en).ltr(),
    ]
}

async fn new_group_page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let raw = RawGroup::default();
    Ok(form_page(
        &user,
        "planning-new-group",
        "/planning/new".into(),
        "/planning".into(),
        group_fields(&state, user.tr, &raw),
        &FieldErrors::default(),
        "planning-create",
    ))
}

async fn create_group(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let raw = RawGroup {
        governorate: form.value("governorate"),
        name_ar: form.value("name_ar"),
        name_en: form.value("name_en"),
    };
    let show = |errors: FieldErrors| {
        form_page(
            &user,
            "planning-new-group",
            "/planning/new".into(),
            "/planning".into(),
            group_fields(&state, user.tr, &raw),
            &errors,
            "planning-create",
        )
    };
    let draft = match raw.parse(&state.pack) {
        Ok(d) => d,
        Err(e) => return Ok(show(e)),
    };
    match state
        .store
        .create_planning_group(&user.access, &draft, tadamun_store::now())
        .await
    {
        Ok(id) => Ok(see_other(&format!("/planning/{id}?saved=group"))),
        Err(e) => refused_or(e, show),
    }
}

// ---- members and terms ----

fn term_fields(tr: Tr, raw: &RawTerm) -> Vec<FormField> {
    vec![
        select(
            tr,
            "role",
            &raw.role,
            enum_options(tr, "planning-role", MemberRole::ALL, |r| r.as_str()),
        )
        .required(),
        date(tr, "starts_on", &raw.starts_on).required(),
        date(tr, "ends_on", &raw.ends_on),
    ]
}

pub(crate) async fn organisation_options(
    state: &AppState,
    user: &PageUser,
) -> AppResult<Vec<(String, String)>> {
    if !user.access.can(Permission::PartnerRead) {
        return Ok(Vec::new());
    }
    let page = state
        .store
        .list_organisations(
            &user.access,
            &Default::default(),
            tadamun_store::now().date(),
            None,
            200,
        )
        .await?;
    Ok(page
        .rows
        .iter()
        .map(|o| {
            let name = match (&o.name_en, user.tr.is_arabic()) {
                (Some(en), false) => en.clone(),
                _ => o.name_ar.clone(),
            };
            (o.id.to_string(), name)
        })
        .collect())
}

async fn member_fields(
    state: &AppState,
    user: &PageUser,
    raw: &RawMember,
) -> AppResult<Vec<FormField>> {
    let tr = user.tr;
    let mut fields = vec![
        text(tr, "name", &raw.name).required(),
        select(
            tr,
            "kind",
            &raw.kind,
            enum_options(tr, "planning-member-kind", MemberKind::ALL, |k| k.as_str()),
        )
        .required(),
        select(
            tr,
            "organisation",
            &raw.organisation,
            organisation_options(state, user).await?,
        ),
        text(tr, "title", &raw.title),
        text(tr, "username", &raw.username).ltr(),
    ];
    fields.extend(term_fields(tr, &raw.term));
    Ok(fields)
}

fn raw_term(form: &FormPairs) -> RawTerm {
    RawTerm {
        role: form.value("role"),
        starts_on: form.value("starts_on"),
        ends_on: form.value("ends_on"),
    }
}

async fn member_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let raw = RawMember::default();
    Ok(form_page(
        &user,
        "planning-add-member",
        format!("/planning/{id}/members/new"),
        format!("/planning/{id}"),
        member_fields(&state, &user, &raw).await?,
        &FieldErrors::default(),
        "planning-add",
    ))
}

async fn add_member(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let raw = RawMember {
        name: form.value("name"),
        kind: form.value("kind"),
        organisation: form.value("organisation"),
        username: form.value("username"),
        title: form.value("title"),
        term: raw_term(&form),
    };
    let fields = member_fields(&state, &user, &raw).await?;
    let show = |errors: FieldErrors| {
        form_page(
            &user,
            "planning-add-member",
            format!("/planning/{id}/members/new"),
            format!("/planning/{id}"),
            fields.clone(),
            &errors,
            "planning-add",
        )
    };
    let draft = match raw.parse() {
        Ok(d) => d,
        Err(e) => return Ok(show(e)),
    };
    match state
        .store
        .add_planning_member(&user.access, id, &draft, tadamun_store::now())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/planning/{id}?saved=member"))),
        Err(e) => refused_or(e, show),
    }
}

async fn term_form_fields(
    state: &AppState,
    user: &PageUser,
    group: tadamun_domain::ids::PlanningGroupId,
    member: &str,
    raw: &RawTerm,
) -> AppResult<Vec<FormField>> {
    let tr = user.tr;
    let members = state.store.planning_members(&user.access, group).await?;
    let options = members
        .iter()
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    let mut fields = vec![select(tr, "member", member, options).required()];
    fields.extend(term_fields(tr, raw));
    Ok(fields)
}

async fn term_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let fields = term_form_fields(&state, &user, id, "", &RawTerm::default()).await?;
    Ok(form_page(
        &user,
        "planning-add-term",
        format!("/planning/{id}/terms/new"),
        format!("/planning/{id}"),
        fields,
        &FieldErrors::default(),
        "planning-add",
    ))
}

async fn add_term(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let raw = raw_term(&form);
    let member_raw = form.value("member");
    let fields = term_form_fields(&state, &user, id, &member_raw, &raw).await?;
    let show = |errors: FieldErrors| {
        form_page(
            &user,
            "planning-add-term",
            format!("/planning/{id}/terms/new"),
            format!("/planning/{id}"),
            fields.clone(),
            &errors,
            "planning-add",
        )
    };
    let mut errors = FieldErrors::default();
    let member = match member_raw.trim() {
        "" => {
            errors.push(tadamun_domain::FieldError::required("member"));
            None
        }
        m => errors.take(
            PlanningMemberId::parse(m).map_err(|e| tadamun_domain::FieldError {
                field: "member".into(),
                ..e
            }),
        ),
    };
    let term = match raw.parse() {
        Ok(t) => Some(t),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(member), Some(term)) = (member, term) else {
        return Ok(show(errors));
    };
    match state
        .store
        .add_planning_term(&user.access, id, member, &term, tadamun_store::now())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/planning/{id}?saved=term"))),
        Err(e) => refused_or(e, show),
    }
}

// ---- bylaws ----

fn bylaws_fields(tr: Tr, raw: &RawBylaws) -> Vec<FormField> {
    vec![
        FormField::new(
            "text",
            tr.label("planning-field", "text"),
            "textarea",
            &raw.text,
        )
        .required(),
        number(tr, "quorum_percent", &raw.quorum_percent).required(),
        number(tr, "quorum_plus", &raw.quorum_plus).required(),
        number(tr, "meetings_per_year", &raw.meetings_per_year).required(),
    ]
}

async fn bylaws_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    // An amendment starts from the text in force.
    let current = state
        .store
        .planning_bylaws(&user.access, id)
        .await?
        .into_iter()
        .find(|b| b.status == tadamun_domain::planning::BylawsStatus::InForce);
    let raw = current.map(|b| b.draft.to_raw()).unwrap_or(RawBylaws {
        quorum_percent: "50".into(),
        quorum_plus: "1".into(),
        meetings_per_year: "4".into(),
        ..Default::default()
    });
    Ok(form_page(
        &user,
        "planning-propose-bylaws",
        format!("/planning/{id}/bylaws/new"),
        format!("/planning/{id}"),
        bylaws_fields(user.tr, &raw),
        &FieldErrors::default(),
        "planning-propose",
    ))
}

async fn propose(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let raw = RawBylaws {
        text: form.value("text"),
        quorum_percent: form.value("quorum_percent"),
        quorum_plus: form.value("quorum_plus"),
        meetings_per_year: form.value("meetings_per_year"),
    };
    let show = |errors: FieldErrors| {
        form_page(
            &user,
            "planning-propose-bylaws",
            format!("/planning/{id}/bylaws/new"),
            format!("/planning/{id}"),
            bylaws_fields(user.tr, &raw),
            &errors,
            "planning-propose",
        )
    };
    let draft = match raw.parse() {
        Ok(d) => d,
        Err(e) => return Ok(show(e)),
    };
    let now = tadamun_store::now();
    match state
        .store
        .propose_bylaws(&user.access, id, &draft, now.date(), now)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/planning/{id}?saved=bylaws"))),
        Err(e) => refused_or(e, show),
    }
}

async fn vote_fields(
    state: &AppState,
    user: &PageUser,
    group: tadamun_domain::ids::PlanningGroupId,
    raw: &RawBylawsVote,
) -> AppResult<Vec<FormField>> {
    let tr = user.tr;
    let meetings = state.store.planning_meetings(&user.access, group).await?;
    let options = meetings
        .iter()
        .map(|m| (m.id.to_string(), tr.date(m.held_on)))
        .collect();
    Ok(vec![
        select(tr, "meeting", &raw.meeting, options).required(),
        number(tr, "votes_for", &raw.votes_for).required(),
        number(tr, "votes_against", &raw.votes_against),
        number(tr, "votes_abstain", &raw.votes_abstain),
    ])
}

async fn vote_page(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, bylaws)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    BylawsId::parse(&bylaws).map_err(|e| AppError::Invalid(e.into()))?;
    let fields = vote_fields(&state, &user, id, &RawBylawsVote::default()).await?;
    Ok(form_page(
        &user,
        "planning-vote-bylaws",
        format!("/planning/{id}/bylaws/{bylaws}/vote"),
        format!("/planning/{id}"),
        fields,
        &FieldErrors::default(),
        "planning-record-vote",
    ))
}

async fn vote(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, bylaws)): Path<(String, String)>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let bylaws_id = BylawsId::parse(&bylaws).map_err(|e| AppError::Invalid(e.into()))?;
    let raw = RawBylawsVote {
        meeting: form.value("meeting"),
        votes_for: form.value("votes_for"),
        votes_against: form.value("votes_against"),
        votes_abstain: form.value("votes_abstain"),
    };
    let fields = vote_fields(&state, &user, id, &raw).await?;
    let show = |errors: FieldErrors| {
        form_page(
            &user,
            "planning-vote-bylaws",
            format!("/planning/{id}/bylaws/{bylaws}/vote"),
            format!("/planning/{id}"),
            fields.clone(),
            &errors,
            "planning-record-vote",
        )
    };
    let now = tadamun_store::now();
    match state
        .store
        .vote_on_bylaws(&user.access, id, bylaws_id, &raw, now.date(), now)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/planning/{id}?saved=vote"))),
        Err(e) => refused_or(e, show),
    }
}

// ---- meetings ----

struct Attendee {
    id: String,
    name: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "planning_meeting_form.html")]
struct MeetingPage {
    page: Chrome,
    action: String,
    back: String,
    top: Vec<FormField>,
    attendees: Vec<Attendee>,
    attended_error: Option<String>,
    agenda: Vec<FormField>,
    decisions: Vec<Vec<FormField>>,
    actions: Vec<Vec<FormField>>,
    summary: Vec<String>,
}

async fn meeting_form(
    state: &AppState,
    user: &PageUser,
    group: tadamun_domain::ids::PlanningGroupId,
    raw: &RawMeeting,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let tr = user.tr;
    let today = tadamun_store::now().date();
    let members = state.store.planning_members(&user.access, group).await?;
    // Current members are offered; a past meeting may need a past member too.
    let attendees = members
        .iter()
        .map(|m| Attendee {
            id: m.id.to_string(),
            name: match m.role_on(today) {
                Some(r) => format!("{} ({})", m.name, tr.label("planning-role", r.as_str())),
                None => m.name.clone(),
            },
            checked: raw.attended.contains(&m.id.to_string()),
        })
        .collect();
    let owners: Vec<(String, String)> = members
        .iter()
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    let top = with_errors(
        tr,
        vec![
            date(tr, "held_on", &raw.held_on).required(),
            FormField::new(
                "minutes",
                tr.label("planning-field", "minutes"),
                "textarea",
                &raw.minutes,
            ),
        ],
        errors,
    );
    let agenda = (0..AGENDA_ROWS)
        .map(|i| {
            let mut f = FormField::new(
                format!("agenda[{i}]"),
                tr.t_args("planning-agenda-item", &[("n", tr.num(i as i64 + 1))]),
                "text",
                raw.agenda.get(i).cloned().unwrap_or_default(),
            );
            f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
            f
        })
        .collect();
    let decisions = (0..DECISION_ROWS)
        .map(|i| {
            let d = raw.decisions.get(i).cloned().unwrap_or_default();
            let p = format!("decisions[{i}]");
            with_errors(
                tr,
                vec![
                    FormField::new(
                        format!("{p}.text"),
                        tr.label("planning-field", "decision"),
                        "text",
                        d.text,
                    ),
                    FormField::new(
                        format!("{p}.votes_for"),
                        tr.label("planning-field", "votes_for"),
                        "number",
                        d.votes_for,
                    )
                    .ltr(),
                    FormField::new(
                        format!("{p}.votes_against"),
                        tr.label("planning-field", "votes_against"),
                        "number",
                        d.votes_against,
                    )
                    .ltr(),
                    FormField::new(
                        format!("{p}.votes_abstain"),
                        tr.label("planning-field", "votes_abstain"),
                        "number",
                        d.votes_abstain,
                    )
                    .ltr(),
                    FormField::checkbox(
                        format!("{p}.public"),
                        tr.label("planning-field", "public"),
                        !d.public.is_empty(),
                    ),
                ],
                errors,
            )
        })
        .collect();
    let actions = (0..ACTION_ROWS)
        .map(|i| {
            let a = raw.actions.get(i).cloned().unwrap_or_default();
            let p = format!("actions[{i}]");
            with_errors(
                tr,
                vec![
                    FormField::new(
                        format!("{p}.text"),
                        tr.label("planning-field", "action"),
                        "text",
                        a.text,
                    ),
                    FormField::select(
                        format!("{p}.owner"),
                        tr.label("planning-field", "owner"),
                        &a.owner,
                        owners.clone(),
                        &tr,
                    ),
                    FormField::new(
                        format!("{p}.due_on"),
                        tr.label("planning-field", "due_on"),
                        "date",
                        a.due_on,
                    )
                    .ltr(),
                ],
                errors,
            )
        })
        .collect();
    let attended_error = errors
        .0
        .iter()
        .find(|e| e.field.starts_with("attended"))
        .map(|e| tr.field_error(e));
    let action = format!("/planning/{group}/meetings/new");
    let mut r = render(&MeetingPage {
        page: Chrome::for_user(user, "planning-record-meeting", "planning", action.clone()),
        action,
        back: format!("/planning/{group}"),
        top,
        attendees,
        attended_error,
        agenda,
        decisions,
        actions,
        summary: summary(tr, errors),
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

async fn meeting_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let today = tadamun_store::now().date();
    if !state
        .store
        .planning_rights(&user.access, id, today)
        .await?
        .record
    {
        return Err(AppError::Denied(
            "only planners and the group's secretary record meetings".into(),
        ));
    }
    let raw = RawMeeting {
        held_on: today.to_string(),
        ..Default::default()
    };
    meeting_form(&state, &user, id, &raw, &FieldErrors::default()).await
}

fn raw_meeting(form: &FormPairs) -> RawMeeting {
    RawMeeting {
        held_on: form.value("held_on"),
        agenda: (0..AGENDA_ROWS)
            .map(|i| form.value(&format!("agenda[{i}]")))
            .collect(),
        attended: form.all("attended"),
        minutes: form.value("minutes"),
        decisions: (0..DECISION_ROWS)
            .map(|i| {
                let p = format!("decisions[{i}]");
                RawDecision {
                    text: form.value(&format!("{p}.text")),
                    votes_for: form.value(&format!("{p}.votes_for")),
                    votes_against: form.value(&format!("{p}.votes_against")),
                    votes_abstain: form.value(&format!("{p}.votes_abstain")),
                    public: form.value(&format!("{p}.public")),
                }
            })
            .collect(),
        actions: (0..ACTION_ROWS)
            .map(|i| {
                let p = format!("actions[{i}]");
                RawAction {
                    text: form.value(&format!("{p}.text")),
                    owner: form.value(&format!("{p}.owner")),
                    due_on: form.value(&format!("{p}.due_on")),
                }
            })
            .collect(),
    }
}

async fn record_meeting(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    visible(&state, &user, id).await?;
    let raw = raw_meeting(&form);
    let now = tadamun_store::now();
    match state
        .store
        .record_meeting(&user.access, id, &raw, now.date(), now)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/planning/{id}?saved=meeting"))),
        Err(StoreError::Invalid(errors)) => meeting_form(&state, &user, id, &raw, &errors).await,
        Err(e) => Err(e.into()),
    }
}

// ---- action status ----

async fn set_status(
    State(state): State<AppState>,
    user: PageUser,
    Path(action): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let action = ActionItemId::parse(&action).map_err(|e| AppError::Invalid(e.into()))?;
    let version = form
        .value("version")
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest("version".into()))?;
    let now = tadamun_store::now();
    state
        .store
        .set_action_status(
            &user.access,
            action,
            version,
            &form.value("status"),
            now.date(),
            now,
        )
        .await?;
    // Back to the page the form was on (the group or the dashboard), never elsewhere.
    let back = form.value("back");
    let back = if back.starts_with("/planning/") || back == "/" {
        back
    } else {
        "/planning".into()
    };
    Ok(see_other(&back))
}

//! User administration (permission `user.manage`): the list of staff accounts, creating
//! one (password policy applied), roles and area scope, deactivation, unlocking,
//! resetting 2FA, and revoking all of a user's sessions. Each change is audited by
//! the store in the same transaction.

use std::collections::BTreeSet;

use askama::Template;
use axum::{
    extract::{Path, State},
    http::{Method, StatusCode},
    response::Response,
    routing::{get, post},
};
use tadamun_domain::{
    FieldError, FieldErrors,
    access::{AreaScope, Permission},
    ids::UserId,
    user::parse_username,
};
use tadamun_store::{access::Grants, user_admin::UserSummary};

use super::{FormPairs, account::SessionLine, see_other};
use crate::{
    auth,
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    let rule = Rule::Needs(Permission::UserManage);
    Routes::new("")
        .add(Method::GET, "/admin/users", rule, get(list))
        .add(Method::GET, "/admin/users/new", rule, get(new_page))
        .add(Method::POST, "/admin/users/new", rule, post(create))
        .add(Method::GET, "/admin/users/{id}", rule, get(edit_page))
        .add(Method::POST, "/admin/users/{id}", rule, post(save_grants))
        .add(Method::POST, "/admin/users/{id}/{action}", rule, post(act))
        .add(
            Method::POST,
            "/admin/users/{id}/sessions/{session}/revoke",
            rule,
            post(revoke_session),
        )
}

/// One row of the user list.
pub(crate) struct UserLine {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: String,
    pub scope: String,
    pub active: bool,
    pub two_factor: bool,
    pub locked: bool,
}

/// A checkbox in the roles or governorates list.
pub(crate) struct Checkbox {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct ListPage {
    page: Chrome,
    users: Vec<UserLine>,
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    page: Chrome,
    /// `None` on the creation form.
    user: Option<UserLine>,
    username: String,
    display_name: String,
    roles: Vec<Checkbox>,
    national: bool,
    governorates: Vec<Checkbox>,
    errors: Vec<String>,
    sessions: Vec<SessionLine>,
    /// Where each session's revoke button posts to (`…/{session}/revoke`).
    sessions_base: String,
    notice: Option<String>,
}

fn scope_text(tr: Tr, state: &AppState, scope: &AreaScope) -> String {
    match scope {
        AreaScope::National => tr.t("admin-scope-national"),
        AreaScope::Governorates(codes) => codes
            .iter()
            .map(|c| {
                state
                    .pack
                    .governorates
                    .iter()
                    .find(|g| g.code == c.as_str())
                    .map(|g| tr.pick(&g.name_ar, &g.name_en).to_owned())
                    .unwrap_or_else(|| c.as_str().to_owned())
            })
            .collect::<Vec<_>>()
            .join("، "),
    }
}

fn line(tr: Tr, state: &AppState, s: &UserSummary, role_names: &[(String, String)]) -> UserLine {
    let now = tadamun_store::now();
    UserLine {
        id: s.user.id.0.to_string(),
        username: s.user.username.clone(),
        display_name: s.user.display_name.clone(),
        roles: s
            .grants
            .roles
            .iter()
            .map(|r| {
                role_names
                    .iter()
                    .find(|(code, _)| code == r)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| r.clone())
            })
            .collect::<Vec<_>>()
            .join("، "),
        scope: scope_text(tr, state, &s.grants.scope),
        active: s.active,
        two_factor: s.two_factor,
        locked: s.locked_until.is_some_and(|t| t > now),
    }
}

async fn role_names(state: &AppState, tr: Tr) -> AppResult<Vec<(String, String)>> {
    Ok(state
        .store
        .roles()
        .await?
        .into_iter()
        .map(|r| {
            let name = tr.pick(&r.name_ar, &r.name_en).to_owned();
            (r.code, name)
        })
        .collect())
}

#[tracing::instrument(skip_all)]
pub(crate) async fn list(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let names = role_names(&state, user.tr).await?;
    let users = state
        .store
        .list_users()
        .await?
        .iter()
        .map(|s| line(user.tr, &state, s, &names))
        .collect();
    Ok(render(&ListPage {
        page: Chrome::for_user(&user, "admin-users-title", "admin-users", "/admin/users"),
        users,
    }))
}

/// The form's roles and governorates with the chosen ones checked.
async fn user_page(
    state: &AppState,
    user: &PageUser,
    target: Option<&UserSummary>,
    grants: &Grants,
    errors: &FieldErrors,
) -> AppResult<UserPage> {
    let tr = user.tr;
    let names = role_names(state, tr).await?;
    let roles = names
        .iter()
        .map(|(code, name)| Checkbox {
            value: code.clone(),
            label: name.clone(),
            checked: grants.roles.contains(code),
        })
        .collect();
    let governorates = state
        .pack
        .governorates
        .iter()
        .map(|g| Checkbox {
            value: g.code.clone(),
            label: tr.pick(&g.name_ar, &g.name_en).to_owned(),
            checked: matches!(&grants.scope, AreaScope::Governorates(set) if set.iter().any(|c| c.as_str() == g.code)),
        })
        .collect();
    let (title, here) = match target {
        Some(t) => ("admin-user-title", format!("/admin/users/{}", t.user.id.0)),
        None => ("admin-new-user-title", "/admin/users/new".to_owned()),
    };
    let sessions = match target {
        Some(t) => {
            let idle =
                time::Duration::try_from(state.session_idle).unwrap_or(time::Duration::minutes(30));
            state
                .store
                .user_sessions(t.user.id, tadamun_store::now(), idle)
                .await?
                .iter()
                .map(|s| SessionLine::new(tr, s, None))
                .collect()
        }
        None => Vec::new(),
    };
    Ok(UserPage {
        page: Chrome::for_user(user, title, "admin-users", here),
        user: target.map(|t| line(tr, state, t, &names)),
        username: target.map(|t| t.user.username.clone()).unwrap_or_default(),
        display_name: target
            .map(|t| t.user.display_name.clone())
            .unwrap_or_default(),
        roles,
        national: grants.scope.is_national(),
        governorates,
        errors: errors
            .0
            .iter()
            .map(|e| format!("{}: {}", tr.field_label(&e.field), tr.field_error(e)))
            .collect(),
        sessions,
        sessions_base: target
            .map(|t| format!("/admin/users/{}/sessions", t.user.id.0))
            .unwrap_or_default(),
        notice: None,
    })
}

fn respond(page: &UserPage, errors: &FieldErrors) -> Response {
    let mut response = render(page);
    if !errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

/// Roles (known codes only) and scope from the form; errors name `roles` or `scope`.
async fn read_grants(
    state: &AppState,
    form: &FormPairs,
    errors: &mut FieldErrors,
) -> AppResult<Grants> {
    let known: BTreeSet<String> = state
        .store
        .roles()
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let roles: BTreeSet<String> = form
        .all("role")
        .into_iter()
        .filter(|r| known.contains(r))
        .collect();
    if roles.is_empty() {
        errors.push(FieldError::required("roles"));
    }
    let scope = if form.get("scope") == Some("national") {
        AreaScope::National
    } else {
        let mut codes = BTreeSet::new();
        for g in form.all("governorate") {
            if let Some(code) = errors.take(state.pack.governorate(&g)) {
                codes.insert(code);
            }
        }
        if codes.is_empty() {
            errors.push(FieldError::required("scope"));
        }
        AreaScope::Governorates(codes)
    };
    Ok(Grants { roles, scope })
}

fn empty_grants() -> Grants {
    Grants {
        roles: BTreeSet::new(),
        scope: AreaScope::Governorates(BTreeSet::new()),
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn new_page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let page = user_page(
        &state,
        &user,
        None,
        &empty_grants(),
        &FieldErrors::default(),
    )
    .await?;
    Ok(render(&page))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let username = errors.take(parse_username(&form.value("username")));
    let display_name = form.value("display_name").trim().to_owned();
    if display_name.is_empty() {
        errors.push(FieldError::required("display_name"));
    }
    let password = errors.take(tadamun_domain::password::NewPassword::parse(
        &form.value("password"),
    ));
    let grants = read_grants(&state, &form, &mut errors).await?;
    let (Some(username), Some(password), true) = (username, password, errors.is_empty()) else {
        let mut page = user_page(&state, &user, None, &grants, &errors).await?;
        page.username = form.value("username");
        page.display_name = display_name;
        return Ok(respond(&page, &errors));
    };
    let hash = auth::hash_blocking(&password).await?;
    let id = state
        .store
        .add_user(
            &user.access,
            &username,
            &display_name,
            &hash,
            &grants,
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/admin/users/{}", id.0)))
}

fn user_id(raw: &str) -> AppResult<UserId> {
    uuid::Uuid::parse_str(raw)
        .map(UserId)
        .map_err(|_| AppError::NotFound)
}

async fn summary(state: &AppState, id: UserId) -> AppResult<UserSummary> {
    state
        .store
        .user_summary(id)
        .await?
        .ok_or(AppError::NotFound)
}

#[tracing::instrument(skip_all)]
pub(crate) async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let target = summary(&state, user_id(&id)?).await?;
    let mut page = user_page(
        &state,
        &user,
        Some(&target),
        &target.grants,
        &FieldErrors::default(),
    )
    .await?;
    page.notice = q.get("done").map(|_| user.tr.t("admin-saved"));
    Ok(render(&page))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn save_grants(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let target = summary(&state, user_id(&id)?).await?;
    let mut errors = FieldErrors::default();
    let grants = read_grants(&state, &form, &mut errors).await?;
    if !errors.is_empty() {
        let page = user_page(&state, &user, Some(&target), &grants, &errors).await?;
        return Ok(respond(&page, &errors));
    }
    state
        .store
        .change_grants(&user.access, target.user.id, &grants, tadamun_store::now())
        .await?;
    Ok(see_other(&format!(
        "/admin/users/{}?done=grants",
        target.user.id.0
    )))
}

/// The buttons of the user page: `deactivate`, `activate`, `unlock`,
/// `reset-two-factor`, `revoke-sessions`.
#[tracing::instrument(skip_all, fields(action = %action))]
pub(crate) async fn act(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, action)): Path<(String, String)>,
) -> AppResult<Response> {
    let target = summary(&state, user_id(&id)?).await?.user.id;
    if target == user.user.id && action == "deactivate" {
        // The last administrator must not lock everyone out by a slip of the mouse.
        return Err(AppError::Denied(
            "you cannot deactivate your own account".into(),
        ));
    }
    let (store, actor, now) = (&state.store, &user.access, tadamun_store::now());
    match action.as_str() {
        "deactivate" => store.set_user_active(actor, target, false, now).await?,
        "activate" => store.set_user_active(actor, target, true, now).await?,
        "unlock" => store.unlock_user(actor, target, now).await?,
        "reset-two-factor" => store.reset_two_factor(actor, target, now).await?,
        "revoke-sessions" => {
            store.revoke_user_sessions(actor, target, None, now).await?;
        }
        _ => return Err(AppError::NotFound),
    }
    Ok(see_other(&format!(
        "/admin/users/{}?done={action}",
        target.0
    )))
}

/// Ends one session or API token of a user.
#[tracing::instrument(skip_all)]
pub(crate) async fn revoke_session(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, session)): Path<(String, String)>,
) -> AppResult<Response> {
    let target = summary(&state, user_id(&id)?).await?.user.id;
    let session = uuid::Uuid::parse_str(&session).map_err(|_| AppError::NotFound)?;
    state
        .store
        .revoke_session(&user.access, target, session, tadamun_store::now())
        .await?;
    Ok(see_other(&format!(
        "/admin/users/{}?done=revoked",
        target.0
    )))
}

//! The language and digit toggles: remembered for the user in the store, and in a
//! cookie so the login and error pages speak the same language.

use axum::{
    extract::State,
    http::{HeaderMap, header},
    response::Response,
};
use tadamun_domain::user::{DigitStyle, Locale};

use super::{FormPairs, see_other};
use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    session,
    state::AppState,
};

#[tracing::instrument(skip_all)]
pub(crate) async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: FormPairs,
) -> AppResult<Response> {
    let current = session::tr_from_headers(&headers);
    let user = match session::cookie(&headers, session::session_cookie_name(state.secure_cookies)) {
        Some(token) => {
            state
                .store
                .session_user(&session::token_hash(&token), tadamun_store::now())
                .await?
        }
        None => None,
    };
    let base = user
        .as_ref()
        .map(|u| Tr::new(u.locale, u.digits))
        .unwrap_or(current);
    let locale = match form.get("locale") {
        Some(l) => Locale::parse(l).map_err(|e| AppError::Invalid(e.into()))?,
        None => base.locale,
    };
    let digits = match form.get("digits") {
        Some(d) => DigitStyle::parse(d).map_err(|e| AppError::Invalid(e.into()))?,
        None => base.digits,
    };
    if let Some(user) = &user {
        state
            .store
            .set_user_preferences(user.id, locale, digits, tadamun_store::now())
            .await?;
    }
    let mut response = see_other(session::safe_next(form.get("back").unwrap_or("/")));
    response.headers_mut().append(
        header::SET_COOKIE,
        session::lang_cookie(&state, Tr::new(locale, digits)),
    );
    Ok(response)
}

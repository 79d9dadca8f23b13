//! The one error type of the web layer. Each variant maps to a status; internal errors
//! are logged with their cause and shown only as a generic message. A response carries
//! an [`ErrorReport`] that the page layer renders as HTML and the API layer as JSON.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tadamun_domain::{FieldError, FieldErrors};
use tadamun_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Someone else changed the record since the client read it.
    #[error("the record was changed by someone else")]
    Conflict,
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// A request that cannot be read at all (malformed form, query or JSON).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No valid session; `next` is where a page login should return to.
    #[error("sign-in required")]
    Unauthorized { next: Option<String> },
    /// A cross-site request to a page, refused.
    #[error("forbidden")]
    Forbidden,
    /// The caller lacks the permission, or the area, for this action.
    #[error("not allowed: {0}")]
    Denied(String),
    /// The change needs a second person's approval: file a change request.
    #[error("this change needs approval ({0}); file a change request")]
    NeedsApproval(String),
    #[error("payload too large")]
    TooLarge,
    /// Too many sign-in attempts from this address; try again in a minute.
    #[error("too many sign-in attempts from this address; try again in a minute")]
    TooManyRequests,
    #[error("service unavailable")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid(field: &str, code: &'static str, message: &str) -> Self {
        Self::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Denied(_) => StatusCode::FORBIDDEN,
            Self::NeedsApproval(_) => StatusCode::CONFLICT,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients match on; also the fluent key suffix of the page message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not-found",
            Self::Conflict => "conflict",
            Self::Invalid(_) => "invalid",
            Self::BadRequest(_) => "bad-request",
            Self::Unauthorized { .. } => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Denied(_) => "denied",
            Self::NeedsApproval(_) => "needs-approval",
            Self::TooLarge => "too-large",
            Self::TooManyRequests => "too-many-requests",
            Self::Unavailable => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    fn report(&self) -> ErrorReport {
        let message = match self {
            Self::Internal(_) => "internal error".to_owned(),
            Self::BadRequest(m) => m.clone(),
            other => other.to_string(),
        };
        let fields = match self {
            Self::Invalid(e) => e.0.clone(),
            Self::BadRequest(m) => bad_request_field(m).into_iter().collect(),
            _ => Vec::new(),
        };
        let login_next = match self {
            Self::Unauthorized { next } => Some(next.clone().unwrap_or_else(|| "/".to_owned())),
            _ => None,
        };
        ErrorReport {
            status: self.status(),
            code: self.code(),
            message,
            fields,
            login_next,
        }
    }
}

/// A body-level JSON error names its field as `path: message`; keep the path.
fn bad_request_field(message: &str) -> Option<FieldError> {
    let (path, _) = message.split_once(": ")?;
    (!path.is_empty() && !path.contains(' '))
        .then(|| FieldError::new(path, "invalid-json", message))
}

/// What the page and API layers need to render an error, without its internal cause.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    /// English, safe to show: never an internal cause.
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Set for page requests that need a login first.
    pub login_next: Option<String>,
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::Conflict,
            StoreError::Invalid(fields) => Self::Invalid(fields),
            StoreError::Forbidden(why) => Self::Denied(why),
            StoreError::NeedsApproval(kinds) => Self::NeedsApproval(
                kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            StoreError::Duplicate { constraint } => {
                Self::Invalid(FieldErrors::from(duplicate_field(&constraint)))
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl AppError {
    /// A programme that does not check names what is wrong (a rule's line and column, a
    /// model's variable); a store refusal maps as usual.
    pub fn from_programme(e: tadamun_services::programmes::ProgrammeFailure) -> Self {
        use tadamun_services::programmes::ProgrammeFailure as F;
        use tadamun_targeting::programme::ProgrammeError as P;
        match e {
            F::Store(e) => e.into(),
            F::Invalid(P::Frozen { .. }) => Self::Conflict,
            F::Invalid(P::Invalid { field, message }) => Self::Invalid(FieldErrors::from(
                FieldError::new(field, "invalid", message),
            )),
            F::Invalid(other) => Self::Invalid(FieldErrors::from(FieldError::new(
                "definition",
                "invalid-programme",
                other.to_string(),
            ))),
            F::Interrupted(why) => Self::Internal(anyhow::anyhow!(why)),
        }
    }
}

/// Names the field behind a unique constraint, so a clash reads as a field error.
fn duplicate_field(constraint: &str) -> FieldError {
    if constraint.contains("number") || constraint.contains("document") {
        FieldError::new(
            "members",
            "document-registered",
            "a document of this household is already registered to someone else",
        )
    } else if constraint.contains("username") {
        FieldError::new("username", "duplicate", "this username is taken")
    } else {
        FieldError::new("", "duplicate", "this record already exists")
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            Self::Unavailable => tracing::warn!("service unavailable"),
            other => tracing::debug!(error = %other, "request refused"),
        }
        let report = self.report();
        let mut response = (report.status, report.message.clone()).into_response();
        response.extensions_mut().insert(report);
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_causes_are_not_in_the_report() {
        let e = AppError::Internal(anyhow::anyhow!("password=hunter2 in connection string"));
        let r = e.report();
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!r.message.contains("hunter2"));
    }

    #[test]
    fn store_errors_map_to_statuses() {
        assert_eq!(
            AppError::from(StoreError::NotFound).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            AppError::from(StoreError::Conflict).status(),
            StatusCode::CONFLICT
        );
        let dup = AppError::from(StoreError::Duplicate {
            constraint: "person_documents_doc_type_number_key".into(),
        });
        assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

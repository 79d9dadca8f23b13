//! Validation errors that name the field, with a stable code the UI translates.

use std::fmt;

/// One rejected field. `code` is a fluent message id (without the `err-` prefix), so the
/// web layer can say it in Arabic; `Display` gives the English sentence for the CLI.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `members[2].birth_date`.
    pub field: String,
    /// Machine code, e.g. `required`, `invalid-national-id`.
    pub code: &'static str,
    /// English explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    pub fn required(field: impl Into<String>) -> Self {
        Self::new(field, "required", "this field is required")
    }

    /// The same error, reported under a parent path (`members[0]` + `.given_name`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// All the errors of one form or row, collected rather than stopping at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Runs a parse and keeps its value, or records its error and gives `None`.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn extend_within(&mut self, other: FieldErrors, parent: &str) {
        self.0.extend(other.0.into_iter().map(|e| e.within(parent)));
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

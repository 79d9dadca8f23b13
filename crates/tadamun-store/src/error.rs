//! Store errors: what callers can act on, with database internals kept for logs.

/// Errors from the store. `Conflict` and `NotFound` are expected outcomes the web layer
/// turns into 409 and 404; `Database` is logged and never shown to users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// Someone else changed the record since it was read (optimistic lock).
    #[error("the record was changed by someone else; reload and try again")]
    Conflict,
    /// A unique constraint refused the write; `constraint` names it so the web layer
    /// can map it to a field.
    #[error("already exists: {constraint}")]
    Duplicate { constraint: String },
    /// The change breaks a registry rule (e.g. splitting away the head); names the field.
    #[error("{0}")]
    Invalid(#[from] tadamun_domain::FieldErrors),
    /// The caller may not do this: a missing permission, or a governorate outside their
    /// scope. Reads never say this; what a caller may not see is `NotFound`.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// The edit holds changes that need a second person's approval; the caller files a
    /// change request instead.
    #[error("needs approval: {0:?}")]
    NeedsApproval(Vec<tadamun_domain::change::ChangeRequestKind>),
    #[error("invalid database url: {0}")]
    BadUrl(String),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            let constraint = db
                .constraint()
                .map(str::to_owned)
                .unwrap_or_else(|| db.message().to_owned());
            return StoreError::Duplicate { constraint };
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return StoreError::NotFound;
        }
        StoreError::Database(e)
    }
}

impl StoreError {
    /// A document number already registered to someone: the unique index on
    /// `person_documents (number, doc_type)` refused the write. SQLite names the
    /// columns, PostgreSQL the constraint; both mention the table.
    pub fn is_document_clash(&self) -> bool {
        matches!(self, StoreError::Duplicate { constraint } if constraint.contains("person_documents"))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

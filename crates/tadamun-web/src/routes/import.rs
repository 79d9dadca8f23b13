//! Importing a household file from the browser: upload (multipart, up to 200 MB),
//! choose all-or-nothing or keep-valid-rows, run the shared import service, then show
//! the run's summary and errors with a downloadable error report.

use askama::Template;
use axum::{
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use tadamun_domain::ids::ImportRunId;
use tadamun_interchange::{Field, RowError};
use tadamun_services::import::{ImportFailure, ImportRequest, run_import};
use tadamun_store::import::{ImportErrorRecord, ImportMode, ImportRun};

use super::see_other;
use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) struct RunLine {
    pub href: String,
    pub file: String,
    pub date: String,
    pub status: String,
    pub imported: String,
    pub errors: String,
}

pub(crate) struct ColumnDoc {
    pub name: &'static str,
    pub meaning: String,
    pub required: bool,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: Chrome,
    alert: Option<String>,
    runs: Vec<RunLine>,
    columns: Vec<ColumnDoc>,
}

pub(crate) struct ErrorLine {
    pub row: String,
    pub column: String,
    pub household_ref: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "import_run.html")]
struct RunPage {
    page: Chrome,
    run: RunLine,
    facts: Vec<(String, String)>,
    errors: Vec<ErrorLine>,
    errors_href: String,
}

fn run_line(tr: Tr, r: &ImportRun) -> RunLine {
    RunLine {
        href: format!("/import/{}", r.id),
        file: r.file_name.clone(),
        date: tr.datetime(r.created_at),
        status: tr.label("import-status", r.status.as_str()),
        imported: tr.num(r.imported_households),
        errors: tr.num(r.error_rows),
    }
}

async fn import_page(
    state: &AppState,
    user: &PageUser,
    alert: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = user.tr;
    let runs = state
        .store
        .recent_import_runs(&user.access, 20)
        .await?
        .iter()
        .map(|r| run_line(tr, r))
        .collect();
    let columns = Field::ALL
        .iter()
        .map(|f| ColumnDoc {
            name: f.name(),
            meaning: tr.pick(f.doc().arabic, f.doc().english).to_owned(),
            required: f.is_required(),
        })
        .collect();
    let mut response = render(&ImportPage {
        page: Chrome::for_user(user, "import-title", "import", "/import"),
        alert,
        runs,
        columns,
    });
    *response.status_mut() = status;
    Ok(response)
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    import_page(&state, &user, None, StatusCode::OK).await
}

#[tracing::instrument(skip_all, fields(user = %user.user.id, file, bytes))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut mode = ImportMode::AllOrNothing;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.csv").to_owned();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                if !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            Some("mode") => {
                let text = field.text().await.map_err(multipart_error)?;
                mode = ImportMode::parse(text.trim())
                    .ok_or_else(|| AppError::BadRequest("unknown import mode".into()))?;
            }
            _ => {}
        }
    }
    let Some((file_name, bytes)) = file else {
        return import_page(
            &state,
            &user,
            Some(user.tr.t("import-file-missing")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    tracing::Span::current()
        .record("file", file_name.as_str())
        .record("bytes", bytes.len());
    let request = ImportRequest {
        file_name: &file_name,
        bytes: &bytes,
        mode,
        access: &user.access,
        batch_size: state.import_batch_size,
    };
    match run_import(&state.store, &state.pack, request, &|_, _| {}).await {
        Ok(report) => Ok(see_other(&format!("/import/{}", report.run.id))),
        Err(ImportFailure::File(message)) => {
            import_page(
                &state,
                &user,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ImportFailure::Store(e)) => Err(e.into()),
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

fn run_id(raw: &str) -> AppResult<ImportRunId> {
    ImportRunId::parse(raw).map_err(|_| AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(run = %id, user = %user.user.id))]
pub(crate) async fn run_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = run_id(&id)?;
    let run = state
        .store
        .import_run(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let errors = state.store.import_errors(id).await?;
    let tr = user.tr;
    let facts = vec![
        (
            tr.t("import-col-status"),
            tr.label("import-status", run.status.as_str()),
        ),
        (
            tr.t("import-mode"),
            tr.label("import-mode", run.mode.as_str()),
        ),
        (tr.t("import-total-rows"), tr.num(run.total_rows)),
        (tr.t("import-imported"), tr.num(run.imported_households)),
        (tr.t("import-skipped"), tr.num(run.skipped_households)),
        (tr.t("import-error-rows"), tr.num(run.error_rows)),
    ];
    let errors = errors
        .iter()
        .map(|e| ErrorLine {
            row: tr.num(e.row),
            column: e.column.clone(),
            household_ref: e.household_ref.clone().unwrap_or_default(),
            reason: tr.error_code(&e.code, &e.message),
        })
        .collect();
    let page = RunPage {
        page: Chrome::for_user(&user, "import-summary", "import", format!("/import/{id}")),
        run: run_line(tr, &run),
        facts,
        errors,
        errors_href: format!("/import/{id}/errors.csv"),
    };
    Ok(render(&page))
}

/// The run's error report as CSV (UTF-8 with a BOM, for Excel).
#[tracing::instrument(skip_all, fields(run = %id, user = %user.user.id))]
pub(crate) async fn errors_csv(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = run_id(&id)?;
    state
        .store
        .import_run(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let errors: Vec<RowError> = state
        .store
        .import_errors(id)
        .await?
        .into_iter()
        .map(row_error)
        .collect();
    let mut body = Vec::new();
    tadamun_interchange::write_error_report_csv(&errors, &mut body)
        .map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"import-{id}-errors.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn row_error(e: ImportErrorRecord) -> RowError {
    RowError {
        row: e.row.max(0) as u64,
        column: e.column,
        household_ref: e.household_ref,
        code: e.code,
        message: e.message,
    }
}

//! Downloading the registry in the import layout: CSV, or XLSX set right-to-left when
//! the interface is Arabic.

use askama::Template;
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use tadamun_services::export::{ExportError, export_csv, export_xlsx};

use crate::{
    error::{AppError, AppResult},
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

#[derive(Template)]
#[template(path = "export.html")]
struct ExportPage {
    page: Chrome,
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn page(user: PageUser) -> Response {
    render(&ExportPage {
        page: Chrome::for_user(&user, "export-title", "export", "/export"),
    })
}

fn failed(e: ExportError) -> AppError {
    match e {
        ExportError::Store(e) => e.into(),
        ExportError::File(m) => AppError::Internal(anyhow::anyhow!(m)),
    }
}

fn file_name(ext: &str) -> String {
    format!(
        "attachment; filename=\"tadamun-{}.{ext}\"",
        tadamun_store::now().date()
    )
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn csv(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let bytes = export_csv(&state.store, &user.access, &state.pack)
        .await
        .map_err(failed)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file_name("csv")),
        ],
        bytes,
    )
        .into_response())
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn xlsx(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let bytes = export_xlsx(
        &state.store,
        &user.access,
        &state.pack,
        user.tr.locale.is_rtl(),
    )
    .await
    .map_err(failed)?;
    let content_type =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, file_name("xlsx")),
        ],
        bytes,
    )
        .into_response())
}

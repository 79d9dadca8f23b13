//! Payment pages for finance officers: the batches with a form to make the next one,
//! a batch with its maker-checker steps, totals and lines, the provider's file
//! (written only once approved), and importing the provider's reconciliation file.

use askama::Template;
use axum::{
    extract::{Multipart, Path, Query, State},
    http::{Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::{
    FieldError,
    access::Permission,
    ids::PaymentBatchId,
    payment::{PaymentStatus, ProviderKind},
};
use tadamun_interchange::FileFormat;
use tadamun_services::payments::{PaymentFailure, export_batch, import_reconciliation};
use tadamun_store::payments::{BatchStep, BatchSummary, ReconciliationReport};
use tadamun_targeting::payments::{batch::BatchState, cycle::CyclePeriod};
use uuid::Uuid;

use super::{
    FormPairs,
    decisions::{amount, currency},
    query_string, see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE_SIZE: i64 = 100;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::GET,
            "/payments",
            Rule::Needs(P::PaymentManage),
            get(list),
        )
        .add(
            Method::POST,
            "/payments/batches",
            Rule::Needs(P::PaymentManage),
            post(create),
        )
        .add(
            Method::GET,
            "/payments/batches/{id}",
            Rule::Needs(P::PaymentManage),
            get(detail),
        )
        .add(
            Method::POST,
            "/payments/batches/{id}/step",
            Rule::Needs(P::PaymentManage),
            post(step),
        )
        .add(
            Method::POST,
            "/payments/batches/{id}/export",
            Rule::Needs(P::PaymentManage),
            post(export),
        )
        .add(
            Method::POST,
            "/payments/reconciliations",
            Rule::Needs(P::PaymentManage),
            post(reconcile),
        )
}

/// A batch as lists show it.
pub(crate) struct BatchLine {
    pub href: String,
    pub programme: String,
    pub cycle: String,
    pub provider: String,
    pub state: String,
    pub state_code: &'static str,
    pub lines: String,
    pub total: String,
    pub maker: String,
    pub checker: String,
    pub created: String,
    /// Why some enrolled households are not in the batch, when some are not.
    pub unreachable: Option<String>,
}

pub(crate) fn batch_line(tr: Tr, state: &AppState, b: &BatchSummary) -> BatchLine {
    BatchLine {
        href: format!("/payments/batches/{}", b.id.0),
        programme: b.programme_key.clone(),
        cycle: tr.digits(&b.cycle.to_string()),
        provider: tr.label("payment-provider", b.provider.as_str()),
        state: tr.label("batch-state", b.state.as_str()),
        state_code: b.state.as_str(),
        lines: tr.num(b.line_count),
        total: amount(tr, currency(state), b.total_amount),
        maker: b.maker_name.clone(),
        checker: b.checker_name.clone().unwrap_or_default(),
        created: tr.datetime(b.created_at),
        unreachable: (b.unreachable > 0).then(|| {
            tr.t_args(
                match b.provider {
                    ProviderKind::EWallet => "payment-unreachable-phone",
                    ProviderKind::Bank => "payment-unreachable-account",
                },
                &[("n", tr.num(b.unreachable))],
            )
        }),
    }
}

#[derive(Template)]
#[template(path = "payments.html")]
struct ListPage {
    page: Chrome,
    batches: Vec<BatchLine>,
    /// (key, name, suggested cycle)
    programmes: Vec<(String, String, String)>,
}

async fn list(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let tr = user.tr;
    let batches = state
        .store
        .payment_batches(&user.access, None)
        .await?
        .iter()
        .map(|b| batch_line(tr, &state, b))
        .collect();
    let today = tadamun_store::now().date();
    let mut programmes = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Newest first by key: the first of each key is current.
    for v in state.store.programme_versions(&user.access).await? {
        let d = &v.definition;
        if seen.insert(d.key.clone()) {
            programmes.push((
                d.key.clone(),
                tr.pick(&d.name_ar, &d.name_en).to_owned(),
                CyclePeriod::containing(d.cycle, today).to_string(),
            ));
        }
    }
    Ok(render(&ListPage {
        page: Chrome::for_user(&user, "payments-title", "payments", "/payments"),
        batches,
        programmes,
    }))
}

async fn create(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let key = form.value("programme");
    if key.trim().is_empty() {
        return Err(AppError::invalid(
            "programme",
            "required",
            "choose a programme",
        ));
    }
    let cycle = CyclePeriod::parse(form.value("cycle").trim())
        .map_err(|e| AppError::Invalid(FieldError::new("cycle", e.code, e.message).into()))?;
    let provider = ProviderKind::parse(form.value("provider").trim())
        .map_err(|e| AppError::Invalid(e.into()))?;
    let batch = state
        .store
        .create_payment_batch(
            &user.access,
            key.trim(),
            cycle,
            provider,
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/payments/batches/{}", batch.id.0)))
}

fn batch_id(raw: &str) -> AppResult<PaymentBatchId> {
    Uuid::parse_str(raw)
        .map(PaymentBatchId)
        .map_err(|_| AppError::NotFound)
}

/// One line of a batch as its page lists it.
struct LineView {
    reference: String,
    household_href: String,
    cycle: String,
    amount: String,
    status: String,
    status_code: &'static str,
    reissue_of: String,
    reason: String,
    settled_on: String,
}

#[derive(Template)]
#[template(path = "payment_batch.html")]
struct DetailPage {
    page: Chrome,
    batch: BatchLine,
    /// (status label, lines, amount)
    totals: Vec<(String, String, String)>,
    can_submit: bool,
    can_check: bool,
    is_maker: bool,
    can_export: bool,
    tabs: Vec<(String, String, bool)>,
    lines: Vec<LineView>,
    next_href: Option<String>,
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DetailQuery {
    status: Option<String>,
    after: Option<u32>,
    done: Option<String>,
}

async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> AppResult<Response> {
    let id = batch_id(&id)?;
    let tr = user.tr;
    let money = currency(&state);
    let (batch, totals) = state.store.payment_batch(&user.access, id).await?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(PaymentStatus::parse(s).map_err(|e| AppError::Invalid(e.into()))?),
    };
    let lines = state
        .store
        .payment_lines_page(&user.access, id, status, q.after, PAGE_SIZE)
        .await?;
    let here = format!("/payments/batches/{}", id.0);
    let next_href = (lines.len() as i64 == PAGE_SIZE)
        .then(|| lines.last())
        .flatten()
        .map(|l| {
            let after = l.reference.line().to_string();
            let mut pairs = vec![("after", after.as_str())];
            if let Some(s) = status {
                pairs.push(("status", s.as_str()));
            }
            format!("{here}?{}", query_string(&pairs))
        });
    let mut tabs = vec![(here.clone(), tr.t("payment-status-all"), status.is_none())];
    tabs.extend(PaymentStatus::ALL.iter().map(|s| {
        (
            format!("{here}?status={}", s.as_str()),
            tr.label("payment-status", s.as_str()),
            status == Some(*s),
        )
    }));
    let is_maker = user.access.user_id == Some(batch.maker);
    Ok(render(&DetailPage {
        page: Chrome::for_user(&user, "payment-batch-title", "payments", here.clone()),
        can_submit: batch.state == BatchState::Draft,
        can_check: batch.state == BatchState::Submitted,
        is_maker,
        can_export: matches!(
            batch.state,
            BatchState::Approved | BatchState::Exported | BatchState::Reconciled
        ),
        totals: totals
            .iter()
            .map(|(s, n, m)| {
                (
                    tr.label("payment-status", s.as_str()),
                    tr.num(*n),
                    amount(tr, money, *m),
                )
            })
            .collect(),
        batch: batch_line(tr, &state, &batch),
        tabs,
        lines: lines
            .iter()
            .map(|l| LineView {
                reference: l.reference.to_string(),
                household_href: format!("/households/{}", l.household.0),
                cycle: tr.digits(&l.cycle.to_string()),
                amount: amount(tr, money, l.amount),
                status: tr.label("payment-status", l.status.as_str()),
                status_code: l.status.as_str(),
                reissue_of: l.reissue_of.map(|r| r.to_string()).unwrap_or_default(),
                reason: l.reason.clone().unwrap_or_default(),
                settled_on: l.settled_on.map(|d| tr.date(d)).unwrap_or_default(),
            })
            .collect(),
        next_href,
        done: q
            .done
            .as_deref()
            .and_then(|d| tr.try_t(&format!("payment-done-{d}"))),
    }))
}

async fn step(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = batch_id(&id)?;
    let now = tadamun_store::now();
    let store = &state.store;
    let done = match form.value("step").as_str() {
        "discard" => {
            store.discard_payment_batch(&user.access, id, now).await?;
            return Ok(see_other("/payments"));
        }
        "submit" => BatchStep::Submit,
        "send_back" => BatchStep::SendBack,
        "approve" => BatchStep::Approve,
        _ => {
            return Err(AppError::invalid(
                "step",
                "unknown-choice",
                "submit, send_back, approve or discard",
            ));
        }
    };
    store
        .step_payment_batch(&user.access, id, done, now)
        .await?;
    let word = match done {
        BatchStep::Submit => "submitted",
        BatchStep::SendBack => "sent-back",
        BatchStep::Approve => "approved",
    };
    Ok(see_other(&format!(
        "/payments/batches/{}?done={word}",
        id.0
    )))
}

async fn export(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = batch_id(&id)?;
    let format = match form.value("format").as_str() {
        "xlsx" => FileFormat::Xlsx,
        "csv" | "" => FileFormat::Csv,
        _ => return Err(AppError::invalid("format", "unknown-choice", "csv or xlsx")),
    };
    let file = export_batch(
        &state.store,
        &user.access,
        &state.pack,
        id,
        format,
        user.tr.is_arabic(),
        tadamun_store::now(),
    )
    .await
    .map_err(payment_error)?;
    let content_type = match format {
        FileFormat::Csv => "text/csv; charset=utf-8",
        FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        file.bytes,
    )
        .into_response())
}

pub(crate) fn payment_error(e: PaymentFailure) -> AppError {
    match e {
        PaymentFailure::Store(e) => e.into(),
        PaymentFailure::Write(e) => AppError::invalid("batch", "missing-payee", &e.to_string()),
        PaymentFailure::File(e) => AppError::invalid("file", "unreadable-file", &e.to_string()),
    }
}

#[derive(Template)]
#[template(path = "reconciliation.html")]
struct ReconciliationPage {
    page: Chrome,
    file_name: String,
    report: Option<ReportView>,
    /// (where, what)
    errors: Vec<(String, String)>,
}

struct ReportView {
    rows: String,
    paid: String,
    failed: String,
    returned: String,
    unchanged: String,
    reconciled: Vec<(String, String)>,
}

fn report_view(tr: Tr, r: &ReconciliationReport) -> ReportView {
    ReportView {
        rows: tr.num(r.rows),
        paid: tr.num(r.paid),
        failed: tr.num(r.failed),
        returned: tr.num(r.returned),
        unchanged: tr.num(r.unchanged),
        reconciled: r
            .batches_reconciled
            .iter()
            .map(|b| (format!("/payments/batches/{}", b.0), b.0.to_string()))
            .collect(),
    }
}

/// Each refusal of a file, where it is and what, in the reader's language.
fn file_errors(tr: Tr, e: PaymentFailure) -> Result<Vec<(String, String)>, AppError> {
    use tadamun_interchange::ReconciliationFileError as F;
    Ok(match e {
        PaymentFailure::File(F::File(f)) => vec![(
            tr.t("reconciliation-file"),
            tr.error_code(f.code(), &f.to_string()),
        )],
        PaymentFailure::File(F::Rows(rows)) => rows
            .iter()
            .map(|r| {
                (
                    tr.t_args(
                        "reconciliation-at",
                        &[("row", tr.num(r.row as i64)), ("column", r.column.clone())],
                    ),
                    tr.error_code(&r.code, &r.message),
                )
            })
            .collect(),
        PaymentFailure::Store(tadamun_store::StoreError::Invalid(fields)) => fields
            .0
            .iter()
            .map(|f| {
                let place = match f.field.strip_prefix("row ") {
                    Some(n) => tr.t_args("reconciliation-row", &[("row", tr.digits(n))]),
                    None => tr.t("reconciliation-file"),
                };
                (place, format!("{} ({})", tr.field_error(f), f.message))
            })
            .collect(),
        other => return Err(payment_error(other)),
    })
}

async fn reconcile(
    State(state): State<AppState>,
    user: PageUser,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("reconciliation.csv").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            if !bytes.is_empty() {
                file = Some((name, bytes.to_vec()));
            }
        }
    }
    let tr = user.tr;
    let page = |file_name: String, report, errors| ReconciliationPage {
        page: Chrome::for_user(&user, "reconciliation-title", "payments", "/payments"),
        file_name,
        report,
        errors,
    };
    let Some((name, bytes)) = file else {
        let mut r = render(&page(
            String::new(),
            None,
            vec![(tr.t("reconciliation-file"), tr.t("import-file-missing"))],
        ));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    };
    match import_reconciliation(
        &state.store,
        &user.access,
        &state.pack,
        &name,
        &bytes,
        tadamun_store::now(),
    )
    .await
    {
        Ok(report) => Ok(render(&page(name, Some(report_view(tr, &report)), vec![]))),
        Err(e) => {
            let errors = file_errors(tr, e)?;
            let mut r = render(&page(name, None, errors));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

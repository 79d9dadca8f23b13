//! The auditor's view of the audit log: search by actor, action, object and dates,
//! newest first with keyset paging, and a CSV export that is itself audited.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{Method, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{
    access::Permission,
    audit::{AuditAction, AuditRecord},
};
use tadamun_store::audit::{AuditFilter, AuditOrder};
use time::{Date, OffsetDateTime, Time, format_description::well_known::Rfc3339};

use super::query_string;
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE: i64 = 100;

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(
            Method::GET,
            "/audit",
            Rule::Needs(Permission::AuditRead),
            get(page),
        )
        .add(
            Method::GET,
            "/audit.csv",
            Rule::Needs(Permission::AuditRead),
            get(csv),
        )
}

/// The search form as typed; empty fields match everything.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Search {
    actor: Option<String>,
    action: Option<String>,
    object: Option<String>,
    from: Option<String>,
    until: Option<String>,
    before: Option<i64>,
}

fn day(raw: Option<&str>, field: &str) -> AppResult<Option<OffsetDateTime>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map(|d| Some(d.with_time(Time::MIDNIGHT).assume_utc()))
            .map_err(|_| AppError::invalid(field, "invalid-date", "a date as YYYY-MM-DD")),
    }
}

impl Search {
    fn filter(&self, order: AuditOrder) -> AppResult<AuditFilter> {
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let action = match text(&self.action) {
            None => None,
            Some(a) => Some(AuditAction::parse(&a).map_err(|e| AppError::Invalid(e.into()))?),
        };
        Ok(AuditFilter {
            actor_name: text(&self.actor),
            action,
            object_id: text(&self.object),
            from: day(self.from.as_deref(), "from")?,
            // The "until" day is included: the bound is the next midnight.
            until: day(self.until.as_deref(), "until")?.map(|t| t + time::Duration::days(1)),
            order,
            ..Default::default()
        })
    }
}

struct Line {
    seq: String,
    when: String,
    who: String,
    ip: String,
    action: String,
    object: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: Chrome,
    actor: String,
    action: String,
    object: String,
    from: String,
    until: String,
    actions: Vec<(String, String)>,
    lines: Vec<Line>,
    total: String,
    more_href: Option<String>,
    csv_href: String,
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(search): Query<Search>,
) -> AppResult<Response> {
    let filter = search.filter(AuditOrder::NewestFirst)?;
    let tr = user.tr;
    // Newest first: the next page continues below the lowest number shown.
    let records = state
        .store
        .audit_entries(&filter, search.before, PAGE)
        .await?;
    let total = state.store.count_audit_entries(&filter).await?;
    let keep = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut pairs = vec![
        ("actor", keep(&search.actor)),
        ("action", keep(&search.action)),
        ("object", keep(&search.object)),
        ("from", keep(&search.from)),
        ("until", keep(&search.until)),
    ];
    let csv_href = format!(
        "/audit.csv?{}",
        query_string(
            &pairs
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>()
        )
    );
    let more_href = (records.len() as i64 == PAGE)
        .then(|| records.last().map(|r| r.seq))
        .flatten()
        .map(|seq| {
            pairs.push(("before", seq.to_string()));
            format!(
                "/audit?{}",
                query_string(
                    &pairs
                        .iter()
                        .map(|(k, v)| (*k, v.as_str()))
                        .collect::<Vec<_>>()
                )
            )
        });
    Ok(render(&AuditPage {
        page: Chrome::for_user(&user, "audit-title", "audit", "/audit"),
        actor: keep(&search.actor),
        action: keep(&search.action),
        object: keep(&search.object),
        from: keep(&search.from),
        until: keep(&search.until),
        actions: AuditAction::ALL
            .iter()
            .map(|a| (a.as_str().to_owned(), tr.label("audit-action", a.as_str())))
            .collect(),
        lines: records
            .iter()
            .map(|r| Line {
                seq: tr.num(r.seq),
                when: tr.datetime(r.entry.at),
                who: r.entry.actor_name.clone(),
                ip: r.entry.source_ip.clone().unwrap_or_default(),
                action: tr.label("audit-action", r.entry.action.as_str()),
                object: format!(
                    "{} {}",
                    r.entry.object_type,
                    r.entry.object_id.clone().unwrap_or_default()
                ),
                detail: r.entry.after_json.clone().unwrap_or_default(),
            })
            .collect(),
        total: tr.num(total),
        more_href,
        csv_href,
    }))
}

fn csv_row(w: &mut csv::Writer<Vec<u8>>, r: &AuditRecord) -> csv::Result<()> {
    let e = &r.entry;
    w.write_record([
        r.seq.to_string(),
        e.at.format(&Rfc3339).unwrap_or_default(),
        e.actor_name.clone(),
        e.actor_id.map(|u| u.to_string()).unwrap_or_default(),
        e.source_ip.clone().unwrap_or_default(),
        e.action.as_str().to_owned(),
        e.object_type.clone(),
        e.object_id.clone().unwrap_or_default(),
        e.before_json.clone().unwrap_or_default(),
        e.after_json.clone().unwrap_or_default(),
        r.prev_hash.clone(),
        r.hash.clone(),
    ])
}

/// The matching entries, oldest first, with their hashes so the file can be checked.
async fn csv(
    State(state): State<AppState>,
    user: PageUser,
    Query(search): Query<Search>,
) -> AppResult<Response> {
    let filter = search.filter(AuditOrder::OldestFirst)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| AppError::Internal(anyhow::anyhow!(e));
    w.write_record([
        "seq",
        "at",
        "actor_name",
        "actor_id",
        "source_ip",
        "action",
        "object_type",
        "object_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    ])
    .map_err(failed)?;
    let mut after = None;
    let mut rows = 0i64;
    loop {
        let page = state
            .store
            .audit_entries(&filter, after, tadamun_store::audit::MAX_PAGE)
            .await?;
        for r in &page {
            csv_row(&mut w, r).map_err(failed)?;
        }
        rows += page.len() as i64;
        match page.last() {
            Some(last) if page.len() as i64 == tadamun_store::audit::MAX_PAGE => {
                after = Some(last.seq)
            }
            _ => break,
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    let entry = user
        .access
        .audit(AuditAction::AuditExported, "audit_log", None, tadamun_store::now())
        .with_change(
            None::<&()>,
            Some(&serde_json::json!({ "entries": rows, "actor": search.actor, "action": search.action, "object": search.object })),
        );
    state.store.record_audit(&entry).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"tadamun-audit-{}.csv\"",
                    tadamun_store::now().date()
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

//! Payment batches and reconciliation: one programme's lines for one cycle, built by
//! `tadamun_targeting::payments::batch::build_batch` from the roster and the earlier
//! lines, moved draft → submitted → approved (by a second person) → exported →
//! reconciled, and settled by providers' files applied all or nothing.
//!
//! No household is paid twice for one cycle: the pure core never builds such a line,
//! and the unique partial index `payment_lines_one_live` refuses one whatever code
//! writes it. A reconciliation file is refused if the same bytes came before, and
//! each file's changes are kept row by row.

use std::collections::HashMap;

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    audit::AuditAction,
    bank_account::BankAccount,
    country::Country,
    ids::{HouseholdId, PaymentBatchId, UserId},
    money::{Currency, Money},
    payment::{
        PaymentInstruction, PaymentReference, PaymentStatus, ProviderKind, ReconciliationRow,
    },
    phone::Phone,
};
use tadamun_targeting::{
    payments::{
        batch::{BatchError, BatchRequest, BatchState, PaymentBatch, PaymentLine, build_batch},
        cycle::CyclePeriod,
        enrolment::Enrolment,
        reconcile::{self, ReconcileError},
    },
    programme::ProgrammeVersion,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::{require, scoped_args, visible_household},
    audit::append_audit,
    backend::Store,
    bulk::BulkTable,
    db::{Tx, args},
    error::{Result, StoreError},
    programmes::{invalid, require_coverage},
    rows::corrupt,
};

/// A batch as pages list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    pub id: PaymentBatchId,
    pub programme_key: String,
    pub programme_version: u32,
    pub cycle: CyclePeriod,
    pub provider: ProviderKind,
    pub state: BatchState,
    pub line_count: i64,
    pub total_amount: Money,
    /// Enrolled households left out because the provider cannot reach them.
    pub unreachable: i64,
    pub maker: UserId,
    pub maker_name: String,
    pub checker: Option<UserId>,
    pub checker_name: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub approved_at: Option<OffsetDateTime>,
    pub exported_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct BatchRow {
    id: Uuid,
    programme_key: String,
    programme_version: i64,
    cycle: String,
    provider: String,
    state: String,
    line_count: i64,
    total_amount: i64,
    unreachable: i64,
    maker: Uuid,
    maker_name: String,
    checker: Option<Uuid>,
    checker_name: Option<String>,
    submitted_at: Option<OffsetDateTime>,
    approved_at: Option<OffsetDateTime>,
    exported_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

impl BatchRow {
    fn into_summary(self) -> Result<BatchSummary> {
        let bad = |what: &str, v: &str| corrupt(&format!("payment batch {} {what}", self.id), v);
        Ok(BatchSummary {
            id: PaymentBatchId(self.id),
            cycle: CyclePeriod::parse(&self.cycle).map_err(|_| bad("cycle", &self.cycle))?,
            provider: ProviderKind::parse(&self.provider)
                .map_err(|_| bad("provider", &self.provider))?,
            state: BatchState::parse(&self.state).ok_or_else(|| bad("state", &self.state))?,
            programme_key: self.programme_key,
            programme_version: self.programme_version as u32,
            line_count: self.line_count,
            total_amount: Money(self.total_amount),
            unreachable: self.unreachable,
            maker: UserId(self.maker),
            maker_name: self.maker_name,
            checker: self.checker.map(UserId),
            checker_name: self.checker_name,
            submitted_at: self.submitted_at,
            approved_at: self.approved_at,
            exported_at: self.exported_at,
            created_at: self.created_at,
        })
    }
}

const BATCH_SELECT: &str = "select b.id, b.programme_key, b.programme_version, b.cycle, b.provider, b.state, b.line_count, b.total_amount, b.unreachable, \
     b.maker, m.username as maker_name, b.checker, c.username as checker_name, b.submitted_at, b.approved_at, b.exported_at, b.created_at \
     from payment_batches b join users m on m.id = b.maker left join users c on c.id = b.checker";

/// A payment line as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct LineRow {
    batch_id: Uuid,
    line: i64,
    household_id: Uuid,
    programme_key: String,
    cycle: String,
    amount: i64,
    status: String,
    reissue_of_batch: Option<Uuid>,
    reissue_of_line: Option<i64>,
    reason: Option<String>,
    settled_on: Option<Date>,
}

const LINE_COLUMNS: &str = "l.batch_id, l.line, l.household_id, l.programme_key, l.cycle, l.amount, l.status, l.reissue_of_batch, l.reissue_of_line, l.reason, l.settled_on";

impl LineRow {
    fn into_line(self) -> Result<PaymentLine> {
        let bad = |what: &str, v: &str| {
            corrupt(
                &format!("payment line {}/{} {what}", self.batch_id, self.line),
                v,
            )
        };
        Ok(PaymentLine {
            reference: PaymentReference::new(PaymentBatchId(self.batch_id), self.line as u32),
            household: HouseholdId(self.household_id),
            cycle: CyclePeriod::parse(&self.cycle).map_err(|_| bad("cycle", &self.cycle))?,
            amount: Money(self.amount),
            status: PaymentStatus::parse(&self.status).map_err(|_| bad("status", &self.status))?,
            reissue_of: match (self.reissue_of_batch, self.reissue_of_line) {
                (Some(b), Some(l)) => Some(PaymentReference::new(PaymentBatchId(b), l as u32)),
                _ => None,
            },
            reason: self.reason,
            settled_on: self.settled_on,
            programme: self.programme_key,
        })
    }
}

#[derive(sqlx::FromRow)]
struct HouseholdLineRow {
    batch_state: String,
    #[sqlx(flatten)]
    line: LineRow,
}

/// Counts and amounts of a batch's lines by status.
pub type StatusTotals = Vec<(PaymentStatus, i64, Money)>;

/// What a reconciliation file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconciliationReport {
    pub file_id: Uuid,
    pub rows: i64,
    pub paid: i64,
    pub failed: i64,
    pub returned: i64,
    /// Rows that reported what was already recorded.
    pub unchanged: i64,
    /// Batches whose every line is now settled.
    pub batches_reconciled: Vec<PaymentBatchId>,
}

/// A payment line on a household's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdPayment {
    pub line: PaymentLine,
    pub batch_state: BatchState,
}

const NEW_LINE_COLUMNS: &[&str] = &[
    "batch_id",
    "line",
    "household_id",
    "programme_key",
    "cycle",
    "amount",
    "status",
    "reissue_of_batch",
    "reissue_of_line",
    "created_at",
    "updated_at",
];

const RECONCILED_COLUMNS: &[&str] = &[
    "file_id",
    "row_number",
    "batch_id",
    "line",
    "status",
    "settled_on",
    "reason",
    "created_at",
    "updated_at",
];

fn batch_error(e: BatchError) -> StoreError {
    invalid("batch", e.code(), e.to_string())
}

fn signed_in(access: &Access) -> Result<UserId> {
    access.user_id.ok_or_else(|| {
        StoreError::Forbidden("payment batches are made and approved by named staff".into())
    })
}

/// The newest version of `key` that has produced decisions: the one its roster
/// follows.
async fn frozen_definition(tx: &mut Tx, key: &str) -> Result<ProgrammeVersion> {
    let row: Option<(String,)> = tx
        .fetch_optional(
            "select definition from programme_versions where programme_key = $1 and state = 'frozen' order by version desc limit 1",
            args![key],
        )
        .await?;
    let (json,) = row.ok_or(StoreError::NotFound)?;
    serde_json::from_str(&json).map_err(|e| corrupt("programme", e))
}

/// A batch is seen only by who covers its programme's area; to others it is absent.
async fn visible_batch(tx: &mut Tx, access: &Access, key: &str) -> Result<()> {
    require_coverage(access, &frozen_definition(tx, key).await?).map_err(|_| StoreError::NotFound)
}

async fn load_summary(tx: &mut Tx, id: PaymentBatchId) -> Result<BatchSummary> {
    let row: Option<BatchRow> = tx
        .fetch_optional(
            AssertSqlSafe(format!("{BATCH_SELECT} where b.id = $1")),
            args![id.0],
        )
        .await?;
    row.ok_or(StoreError::NotFound)?.into_summary()
}

async fn load_lines(tx: &mut Tx, id: PaymentBatchId) -> Result<Vec<PaymentLine>> {
    let rows: Vec<LineRow> = tx
        .fetch_all(
            AssertSqlSafe(format!(
                "select {LINE_COLUMNS} from payment_lines l where l.batch_id = $1 order by l.line"
            )),
            args![id.0],
        )
        .await?;
    rows.into_iter().map(LineRow::into_line).collect()
}

/// The pure batch, with its lines when the step needs them.
async fn load_batch(tx: &mut Tx, id: PaymentBatchId, with_lines: bool) -> Result<PaymentBatch> {
    let s = load_summary(tx, id).await?;
    let lines = if with_lines {
        load_lines(tx, id).await?
    } else {
        Vec::new()
    };
    Ok(PaymentBatch {
        id: s.id,
        programme: s.programme_key,
        programme_version: s.programme_version,
        cycle: s.cycle,
        state: s.state,
        maker: s.maker,
        checker: s.checker,
        lines,
    })
}

/// Line, amount, head's name, household phone, payee account.
type InstructionRow = (i64, i64, Option<String>, Option<String>, Option<String>);

/// A maker-checker step on a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchStep {
    Submit,
    SendBack,
    Approve,
}

impl Store {
    /// Builds and saves the draft batch of `key` for `cycle`: every enrolled household
    /// not yet paid for the cycle, and the failed or returned payments of this and
    /// earlier cycles, re-issued once. Refused when nothing is owed.
    #[tracing::instrument(skip_all, fields(key, cycle = %cycle))]
    pub async fn create_payment_batch(
        &self,
        access: &Access,
        key: &str,
        cycle: CyclePeriod,
        provider: ProviderKind,
        now: OffsetDateTime,
    ) -> Result<BatchSummary> {
        require(access, Permission::PaymentManage)?;
        let maker = signed_in(access)?;
        let mut tx = self.begin().await?;
        let definition = frozen_definition(&mut tx, key).await?;
        require_coverage(access, &definition)?;
        if cycle.cycle() != definition.cycle {
            return Err(invalid(
                "cycle",
                "wrong-cycle",
                match definition.cycle {
                    tadamun_targeting::programme::Cycle::Monthly => {
                        format!("{key} pays monthly: name a month such as 2026-12, not {cycle}")
                    }
                    tadamun_targeting::programme::Cycle::Quarterly => {
                        format!("{key} pays quarterly: name a quarter such as 2026-Q4, not {cycle}")
                    }
                },
            ));
        }
        // A household the provider cannot reach (no phone for an e-wallet, no account
        // for a bank) is left out and counted; it is still owed once its detail is in.
        let reachable = match provider {
            ProviderKind::EWallet => "h.phone is not null and h.phone <> ''",
            ProviderKind::Bank => "e.payee_account is not null",
        };
        let roster: Vec<(Uuid, Date, Date, i64, bool)> = tx
            .fetch_all(
                AssertSqlSafe(format!(
                    "select e.household_id, e.enrolled_on, e.certified_on, e.entitlement, case when {reachable} then true else false end \
                     from enrolments e join households h on h.id = e.household_id where e.programme_key = $1 and e.left_on is null"
                )),
                args![key],
            )
            .await?;
        let cannot_reach: std::collections::HashSet<HouseholdId> = roster
            .iter()
            .filter(|r| !r.4)
            .map(|r| HouseholdId(r.0))
            .collect();
        let unreachable = cannot_reach.len() as i64;
        let roster: Vec<Enrolment> = roster
            .into_iter()
            .filter(|r| r.4)
            .map(|(h, enrolled_on, certified_on, entitlement, _)| Enrolment {
                household: HouseholdId(h),
                programme: key.to_owned(),
                enrolled_on,
                certified_on,
                entitlement: Money(entitlement),
            })
            .collect();
        // Only the lines that can matter: this cycle's, the unpaid, and re-issues.
        let earlier: Vec<LineRow> = tx
            .fetch_all(
                AssertSqlSafe(format!(
                    "select {LINE_COLUMNS} from payment_lines l where l.programme_key = $1 \
                     and (l.cycle = $2 or l.status in ('failed', 'returned') or l.reissue_of_batch is not null)"
                )),
                args![key, cycle.to_string()],
            )
            .await?;
        // An unpaid line of an unreachable household waits to be re-issued later.
        let earlier: Vec<PaymentLine> = earlier
            .into_iter()
            .map(LineRow::into_line)
            .filter(|l| {
                !(l.as_ref()
                    .is_ok_and(|l| l.status.is_unpaid() && cannot_reach.contains(&l.household)))
            })
            .collect::<Result<Vec<_>>>()?;
        let batch = build_batch(
            BatchRequest {
                id: PaymentBatchId::new(),
                programme: key,
                programme_version: definition.version,
                cycle,
                maker,
            },
            &roster,
            &earlier,
        );
        if batch.lines.is_empty() && unreachable > 0 {
            return Err(invalid(
                "provider",
                "payee-missing",
                format!(
                    "the {unreachable} households owed for {cycle} have no {} for this provider; record them first",
                    match provider {
                        ProviderKind::EWallet => "phone number",
                        ProviderKind::Bank => "bank account",
                    }
                ),
            ));
        }
        if batch.lines.is_empty() {
            return Err(invalid(
                "cycle",
                "nothing-to-pay",
                format!("nobody enrolled in {key} is owed a payment for {cycle}"),
            ));
        }
        let totals = batch.totals();
        tx.execute(
            "insert into payment_batches (id, programme_key, programme_version, cycle, provider, state, line_count, total_amount, unreachable, maker, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $10)",
            args![
                batch.id.0,
                key,
                i64::from(definition.version),
                cycle.to_string(),
                provider.as_str(),
                i64::from(totals.all.lines),
                totals.all.amount.0,
                unreachable,
                maker.0,
                now
            ],
        )
        .await?;
        let mut lines = BulkTable::new("payment_lines", NEW_LINE_COLUMNS);
        for l in &batch.lines {
            lines.push(args![
                batch.id.0,
                i64::from(l.reference.line()),
                l.household.0,
                key,
                l.cycle.to_string(),
                l.amount.0,
                l.status.as_str(),
                l.reissue_of.map(|r| r.batch().0),
                l.reissue_of.map(|r| i64::from(r.line())),
                now,
                now
            ]);
        }
        lines.write(&mut tx).await.map_err(|e| match e {
            StoreError::Duplicate { constraint } if constraint.contains("payment_lines") => {
                invalid(
                    "cycle",
                    "already-in-a-batch",
                    format!(
                        "another batch already pays some of these households for {cycle}; discard it or wait for its reconciliation"
                    ),
                )
            }
            other => other,
        })?;
        let entry = access
            .audit(
                AuditAction::PaymentBatchCreated,
                "payment_batch",
                Some(batch.id.0.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "programme": key,
                    "cycle": cycle.to_string(),
                    "lines": totals.all.lines,
                    "amount": totals.all.amount.0,
                    "reissued": totals.reissued.lines,
                    "unreachable": unreachable,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        let summary = load_summary(&mut tx, batch.id).await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// Submits, sends back or approves a batch. Approval is by anyone with the
    /// permission except the batch's maker.
    pub async fn step_payment_batch(
        &self,
        access: &Access,
        id: PaymentBatchId,
        step: BatchStep,
        now: OffsetDateTime,
    ) -> Result<BatchSummary> {
        require(access, Permission::PaymentManage)?;
        let by = signed_in(access)?;
        let mut tx = self.begin().await?;
        let mut batch = load_batch(&mut tx, id, step == BatchStep::Submit).await?;
        require_coverage(access, &frozen_definition(&mut tx, &batch.programme).await?)?;
        let (result, action, column) = match step {
            BatchStep::Submit => (
                batch.submit(),
                AuditAction::PaymentBatchSubmitted,
                "submitted_at",
            ),
            BatchStep::SendBack => (
                batch.send_back(),
                AuditAction::PaymentBatchSentBack,
                "submitted_at",
            ),
            BatchStep::Approve => (
                batch.approve(by),
                AuditAction::PaymentBatchApproved,
                "approved_at",
            ),
        };
        result.map_err(batch_error)?;
        // Sending back clears the submission time; the others record theirs.
        let at = (step != BatchStep::SendBack).then_some(now);
        let sql = match column {
            "submitted_at" => {
                "update payment_batches set state = $1, checker = $2, submitted_at = $3, updated_at = $4 where id = $5"
            }
            _ => {
                "update payment_batches set state = $1, checker = $2, approved_at = $3, updated_at = $4 where id = $5"
            }
        };
        tx.execute(
            sql,
            args![
                batch.state.as_str(),
                batch.checker.map(|u| u.0),
                at,
                now,
                id.0
            ],
        )
        .await?;
        let entry = access.audit(action, "payment_batch", Some(id.0.to_string()), now);
        append_audit(&mut tx, &entry).await?;
        let summary = load_summary(&mut tx, id).await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// Deletes a draft batch: nothing of it was sent, so its households are owed again.
    pub async fn discard_payment_batch(
        &self,
        access: &Access,
        id: PaymentBatchId,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::PaymentManage)?;
        signed_in(access)?;
        let mut tx = self.begin().await?;
        let summary = load_summary(&mut tx, id).await?;
        require_coverage(
            access,
            &frozen_definition(&mut tx, &summary.programme_key).await?,
        )?;
        if summary.state != BatchState::Draft {
            return Err(batch_error(BatchError::WrongState {
                action: "discarded",
                state: summary.state.as_str(),
            }));
        }
        tx.execute("delete from payment_lines where batch_id = $1", args![id.0])
            .await?;
        tx.execute("delete from payment_batches where id = $1", args![id.0])
            .await?;
        let entry = access
            .audit(
                AuditAction::PaymentBatchDiscarded,
                "payment_batch",
                Some(id.0.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({
                    "programme": summary.programme_key,
                    "cycle": summary.cycle.to_string(),
                    "lines": summary.line_count,
                    "amount": summary.total_amount.0,
                })),
                None::<&()>,
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// What the provider is told to pay, for an approved (or already exported)
    /// batch: each line with the head's name, the account and the phone. Nothing
    /// changes until [`Store::mark_payment_batch_exported`].
    pub async fn payment_instructions(
        &self,
        access: &Access,
        id: PaymentBatchId,
        country: Country,
    ) -> Result<(BatchSummary, Vec<PaymentInstruction>)> {
        require(access, Permission::PaymentManage)?;
        let mut tx = self.begin().await?;
        let summary = load_summary(&mut tx, id).await?;
        require_coverage(
            access,
            &frozen_definition(&mut tx, &summary.programme_key).await?,
        )?;
        if !matches!(
            summary.state,
            BatchState::Approved | BatchState::Exported | BatchState::Reconciled
        ) {
            return Err(batch_error(BatchError::WrongState {
                action: "exported",
                state: summary.state.as_str(),
            }));
        }
        let rows: Vec<InstructionRow> = tx
            .fetch_all(
                "select l.line, l.amount, \
                 (select p.given_name || ' ' || p.father_name || ' ' || p.family_name from persons p where p.household_id = l.household_id and p.relationship = 'head' limit 1), \
                 h.phone, e.payee_account \
                 from payment_lines l join households h on h.id = l.household_id \
                 left join enrolments e on e.programme_key = l.programme_key and e.household_id = l.household_id \
                 where l.batch_id = $1 order by l.line",
                args![id.0],
            )
            .await?;
        tx.commit().await?;
        let instructions = rows
            .into_iter()
            .map(|(line, amount, name, phone, account)| PaymentInstruction {
                reference: PaymentReference::new(id, line as u32),
                beneficiary_name: name.unwrap_or_default(),
                account: account.and_then(|a| BankAccount::parse(&a).ok()),
                phone: phone.and_then(|p| Phone::parse(country, &p).ok()),
                amount: Money(amount),
            })
            .collect();
        Ok((summary, instructions))
    }

    /// Records that the approved batch's file was written and handed over.
    pub async fn mark_payment_batch_exported(
        &self,
        access: &Access,
        id: PaymentBatchId,
        now: OffsetDateTime,
    ) -> Result<BatchSummary> {
        require(access, Permission::PaymentManage)?;
        signed_in(access)?;
        let mut tx = self.begin().await?;
        let mut batch = load_batch(&mut tx, id, false).await?;
        require_coverage(access, &frozen_definition(&mut tx, &batch.programme).await?)?;
        // A reconciled batch's file may be fetched again; its state stays.
        if batch.state != BatchState::Reconciled {
            batch.mark_exported().map_err(batch_error)?;
            tx.execute(
                "update payment_batches set state = $1, exported_at = coalesce(exported_at, $2), updated_at = $2 where id = $3",
                args![batch.state.as_str(), now, id.0],
            )
            .await?;
        }
        let entry = access.audit(
            AuditAction::PaymentBatchExported,
            "payment_batch",
            Some(id.0.to_string()),
            now,
        );
        append_audit(&mut tx, &entry).await?;
        let summary = load_summary(&mut tx, id).await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// Applies a provider's reconciliation file, whole or not at all. The same bytes
    /// twice are refused; every bad row is named in the error.
    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    pub async fn import_reconciliation(
        &self,
        access: &Access,
        file_name: &str,
        sha256: &str,
        rows: &[ReconciliationRow],
        currency: Currency,
        now: OffsetDateTime,
    ) -> Result<ReconciliationReport> {
        require(access, Permission::PaymentManage)?;
        let mut tx = self.begin().await?;
        let seen: Option<(String, OffsetDateTime)> = tx
            .fetch_optional(
                "select file_name, created_at from reconciliation_files where sha256 = $1",
                args![sha256],
            )
            .await?;
        if let Some((name, at)) = seen {
            return Err(invalid(
                "file",
                "duplicate-file",
                format!(
                    "this file was already imported on {} (as {name}); nothing was changed",
                    at.date()
                ),
            ));
        }
        let mut batches = Vec::new();
        for id in reconcile::batches_named(rows) {
            let exists: Option<(String,)> = tx
                .fetch_optional(
                    "select programme_key from payment_batches where id = $1",
                    args![id.0],
                )
                .await?;
            let Some((key,)) = exists else { continue };
            require_coverage(access, &frozen_definition(&mut tx, &key).await?)?;
            batches.push(load_batch(&mut tx, id, true).await?);
        }
        let plan =
            reconcile::plan(&batches, rows).map_err(|errors| row_errors(&errors, currency))?;
        let before: HashMap<PaymentBatchId, BatchState> =
            batches.iter().map(|b| (b.id, b.state)).collect();
        reconcile::apply(&mut batches, &plan);

        let file_id = Uuid::now_v7();
        tx.execute(
            "insert into reconciliation_files (id, sha256, file_name, row_count, changed, unchanged, imported_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            args![
                file_id,
                sha256,
                file_name,
                rows.len() as i64,
                plan.transitions.len() as i64,
                plan.unchanged_rows.len() as i64,
                access.user_id.map(|u| u.0),
                now
            ],
        )
        .await?;
        let mut changed = BulkTable::new("reconciliation_rows", RECONCILED_COLUMNS);
        let mut report = ReconciliationReport {
            file_id,
            rows: rows.len() as i64,
            paid: 0,
            failed: 0,
            returned: 0,
            unchanged: plan.unchanged_rows.len() as i64,
            batches_reconciled: Vec::new(),
        };
        for t in &plan.transitions {
            match t.to {
                PaymentStatus::Paid => report.paid += 1,
                PaymentStatus::Failed => report.failed += 1,
                PaymentStatus::Returned => report.returned += 1,
                PaymentStatus::Pending => {}
            }
            changed.push(args![
                file_id,
                t.row as i64,
                t.reference.batch().0,
                i64::from(t.reference.line()),
                t.to.as_str(),
                t.on,
                t.reason.clone(),
                now,
                now
            ]);
        }
        changed.write(&mut tx).await?;
        let updated = tx
            .execute(
                "update payment_lines set status = r.status, settled_on = r.settled_on, reason = r.reason, updated_at = $2 \
                 from reconciliation_rows r where r.file_id = $1 and payment_lines.batch_id = r.batch_id \
                 and payment_lines.line = r.line and payment_lines.status = 'pending'",
                args![file_id, now],
            )
            .await?;
        if updated != plan.transitions.len() as u64 {
            // Another import settled some of these lines meanwhile: start again.
            return Err(StoreError::Conflict);
        }
        for b in &batches {
            if before.get(&b.id) != Some(&b.state) {
                tx.execute(
                    "update payment_batches set state = $1, updated_at = $2 where id = $3",
                    args![b.state.as_str(), now, b.id.0],
                )
                .await?;
                if b.state == BatchState::Reconciled {
                    report.batches_reconciled.push(b.id);
                }
            }
        }
        let entry = access
            .audit(
                AuditAction::ReconciliationImported,
                "reconciliation_file",
                Some(file_id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "file_name": file_name,
                    "sha256": sha256,
                    "rows": report.rows,
                    "paid": report.paid,
                    "failed": report.failed,
                    "returned": report.returned,
                    "unchanged": report.unchanged,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Batches, newest first; of one programme when `key` is given.
    pub async fn payment_batches(
        &self,
        access: &Access,
        key: Option<&str>,
    ) -> Result<Vec<BatchSummary>> {
        require(access, Permission::PaymentManage)?;
        let rows: Vec<BatchRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "{BATCH_SELECT} where ($1 is null or b.programme_key = $1) order by b.created_at desc, b.id desc limit 200"
                )),
                args![key],
            )
            .await?;
        let mut tx = self.begin().await?;
        let mut visible: HashMap<String, bool> = HashMap::new();
        let mut out = Vec::new();
        for row in rows {
            let seen = match visible.get(&row.programme_key) {
                Some(&v) => v,
                None => {
                    let v = visible_batch(&mut tx, access, &row.programme_key)
                        .await
                        .is_ok();
                    visible.insert(row.programme_key.clone(), v);
                    v
                }
            };
            if seen {
                out.push(row.into_summary()?);
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    pub async fn payment_batch(
        &self,
        access: &Access,
        id: PaymentBatchId,
    ) -> Result<(BatchSummary, StatusTotals)> {
        require(access, Permission::PaymentManage)?;
        let mut tx = self.begin().await?;
        let summary = load_summary(&mut tx, id).await?;
        visible_batch(&mut tx, access, &summary.programme_key).await?;
        let rows: Vec<(String, i64, i64)> = tx
            .fetch_all(
                "select status, count(*), cast(coalesce(sum(amount), 0) as bigint) from payment_lines where batch_id = $1 group by status order by status",
                args![id.0],
            )
            .await?;
        tx.commit().await?;
        let totals = rows
            .into_iter()
            .map(|(s, n, amount)| {
                Ok((
                    PaymentStatus::parse(&s).map_err(|e| corrupt("payment status", e))?,
                    n,
                    Money(amount),
                ))
            })
            .collect::<Result<_>>()?;
        Ok((summary, totals))
    }

    /// A batch's lines in order, after line `after`, of one status if given.
    pub async fn payment_lines_page(
        &self,
        access: &Access,
        id: PaymentBatchId,
        status: Option<PaymentStatus>,
        after: Option<u32>,
        limit: i64,
    ) -> Result<Vec<PaymentLine>> {
        require(access, Permission::PaymentManage)?;
        let mut tx = self.begin().await?;
        let summary = load_summary(&mut tx, id).await?;
        visible_batch(&mut tx, access, &summary.programme_key).await?;
        tx.commit().await?;
        let rows: Vec<LineRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "select {LINE_COLUMNS} from payment_lines l where l.batch_id = $1 and ($2 is null or l.status = $2) \
                     and ($3 is null or l.line > $3) order by l.line limit $4"
                )),
                args![
                    id.0,
                    status.map(|s| s.as_str()),
                    after.map(i64::from),
                    limit
                ],
            )
            .await?;
        rows.into_iter().map(LineRow::into_line).collect()
    }

    /// Every payment line of a household the caller may see, newest cycle first.
    pub async fn household_payments(
        &self,
        access: &Access,
        household: HouseholdId,
    ) -> Result<Vec<HouseholdPayment>> {
        require(access, Permission::ProgrammeRead)?;
        let rows: Vec<HouseholdLineRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "select b.state as batch_state, {LINE_COLUMNS} from payment_lines l join payment_batches b on b.id = l.batch_id \
                     join households h on h.id = l.household_id where l.household_id = $4 and {} \
                     order by l.cycle desc, b.created_at desc",
                    visible_household!()
                )),
                scoped_args(access, args![household.0]),
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(HouseholdPayment {
                    batch_state: BatchState::parse(&r.batch_state)
                        .ok_or_else(|| corrupt("batch state", &r.batch_state))?,
                    line: r.line.into_line()?,
                })
            })
            .collect()
    }
}

/// A refused file's rows, each named, in file order.
fn row_errors(errors: &[ReconcileError], currency: Currency) -> StoreError {
    StoreError::Invalid(FieldErrors(
        errors
            .iter()
            .map(|e| FieldError::new(format!("row {}", e.row), e.code(), e.message(currency)))
            .collect(),
    ))
}

//! Applying a provider's reconciliation file to payment lines, all or nothing: every
//! row is checked first (unknown reference, batch not exported, amount mismatch, a
//! reference twice in the file, a change to a settled line) and any error refuses the
//! whole file, naming its rows. Rows already in the state they report change nothing,
//! so the same file applied twice is harmless.

use std::{collections::HashMap, fmt};

use serde::{Deserialize, Serialize};
use tadamun_domain::{
    ids::PaymentBatchId,
    money::{Currency, Money},
    payment::{PaymentReference, PaymentStatus, ReconciliationRow},
};
use time::Date;

use super::batch::{BatchState, PaymentBatch};

/// One line changing state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The file row it came from.
    pub row: u64,
    pub reference: PaymentReference,
    pub from: PaymentStatus,
    pub to: PaymentStatus,
    pub on: Date,
    pub reason: Option<String>,
}

/// What a valid file does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub transitions: Vec<Transition>,
    /// Rows whose line is already in the reported state: nothing to do.
    pub unchanged_rows: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    UnknownReference,
    /// Its batch was never sent to the provider.
    NotExported {
        state: BatchState,
    },
    AmountMismatch {
        expected: Money,
        found: Money,
    },
    DuplicateRow {
        first_row: u64,
    },
    AlreadySettled {
        status: PaymentStatus,
        reported: PaymentStatus,
    },
}

/// A row the file is refused for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileError {
    pub row: u64,
    pub reference: PaymentReference,
    pub problem: Problem,
}

impl ReconcileError {
    /// Stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self.problem {
            Problem::UnknownReference => "unknown-payment-reference",
            Problem::NotExported { .. } => "payment-not-exported",
            Problem::AmountMismatch { .. } => "amount-mismatch",
            Problem::DuplicateRow { .. } => "duplicate-row",
            Problem::AlreadySettled { .. } => "payment-already-settled",
        }
    }

    /// The English sentence, amounts in major units.
    pub fn message(&self, currency: Currency) -> String {
        let r = self.reference;
        let body = match &self.problem {
            Problem::UnknownReference => format!("payment reference {r} is not one of ours"),
            Problem::NotExported { state } => format!(
                "payment {r} belongs to a batch that is {}, not exported",
                state.as_str()
            ),
            Problem::AmountMismatch { expected, found } => format!(
                "payment {r} was for {} {}, the file says {}",
                expected.format(currency),
                currency.code,
                found.format(currency)
            ),
            Problem::DuplicateRow { first_row } => {
                format!("payment {r} is already on row {first_row} of this file")
            }
            Problem::AlreadySettled { status, reported } => {
                format!("payment {r} is already {status}; the file cannot make it {reported}")
            }
        };
        format!("row {}: {body}", self.row)
    }
}

impl fmt::Display for ReconcileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {} ({})", self.row, self.code(), self.reference)
    }
}

impl std::error::Error for ReconcileError {}

/// The batches a file's rows name, each once: what the caller loads for [`plan`].
pub fn batches_named(rows: &[ReconciliationRow]) -> Vec<PaymentBatchId> {
    let mut ids: Vec<PaymentBatchId> = rows.iter().map(|r| r.reference.batch()).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Checks every row against the batches it names and says what applying the file
/// would change; any problem refuses the whole file, with every bad row, in row order.
pub fn plan(
    batches: &[PaymentBatch],
    rows: &[ReconciliationRow],
) -> Result<Reconciliation, Vec<ReconcileError>> {
    let by_id: HashMap<_, _> = batches.iter().map(|b| (b.id, b)).collect();
    let mut first_row = HashMap::new();
    let mut errors = Vec::new();
    let mut plan = Reconciliation::default();
    for r in rows {
        let error = |problem| ReconcileError {
            row: r.row,
            reference: r.reference,
            problem,
        };
        if let Some(&first) = first_row.get(&r.reference) {
            errors.push(error(Problem::DuplicateRow { first_row: first }));
            continue;
        }
        first_row.insert(r.reference, r.row);
        let Some((batch, line)) = by_id
            .get(&r.reference.batch())
            .and_then(|b| Some((*b, b.line(r.reference)?)))
        else {
            errors.push(error(Problem::UnknownReference));
            continue;
        };
        if !matches!(batch.state, BatchState::Exported | BatchState::Reconciled) {
            errors.push(error(Problem::NotExported { state: batch.state }));
            continue;
        }
        if line.amount != r.amount {
            errors.push(error(Problem::AmountMismatch {
                expected: line.amount,
                found: r.amount,
            }));
            continue;
        }
        let reported = PaymentStatus::from(r.status);
        if line.status == reported {
            plan.unchanged_rows.push(r.row);
        } else if line.status.is_settled() {
            errors.push(error(Problem::AlreadySettled {
                status: line.status,
                reported,
            }));
        } else {
            plan.transitions.push(Transition {
                row: r.row,
                reference: r.reference,
                from: line.status,
                to: reported,
                on: r.date,
                reason: r.reason.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// Applies a plan's transitions. A line no longer in the transition's `from` state is
/// left alone, so a plan applied twice changes nothing the second time.
pub fn apply(batches: &mut [PaymentBatch], plan: &Reconciliation) {
    let mut by_id: HashMap<_, _> = batches.iter_mut().map(|b| (b.id, b)).collect();
    for t in &plan.transitions {
        let Some(batch) = by_id.get_mut(&t.reference.batch()) else {
            continue;
        };
        if let Some(line) = batch.line_mut(t.reference).filter(|l| l.status == t.from) {
            line.status = t.to;
            line.settled_on = Some(t.on);
            line.reason.clone_from(&t.reason);
        }
    }
    for batch in by_id.into_values() {
        batch.settle_if_done();
    }
}

/// [`plan`] then [`apply`]: the whole file, or nothing and the errors.
pub fn reconcile(
    batches: &mut [PaymentBatch],
    rows: &[ReconciliationRow],
) -> Result<Reconciliation, Vec<ReconcileError>> {
    let plan = plan(batches, rows)?;
    apply(batches, &plan);
    Ok(plan)
}

//! Payment batches: one programme's lines for one cycle, built from the roster and
//! every earlier line so that a (household, programme, cycle) never has two lines
//! pending or paid; failures of earlier cycles re-issued once, as lines of their own
//! naming the original; and the states draft → submitted → approved (by someone other
//! than the maker) → exported → reconciled.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use tadamun_domain::{
    ids::{HouseholdId, PaymentBatchId, UserId},
    money::Money,
    payment::{PaymentReference, PaymentStatus},
};
use time::Date;

use super::{cycle::CyclePeriod, enrolment::Enrolment};

/// One payment to one household for one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// Names the batch and line number.
    pub reference: PaymentReference,
    pub household: HouseholdId,
    pub programme: String,
    /// The cycle the money is for: a re-issue keeps its original's cycle.
    pub cycle: CyclePeriod,
    pub amount: Money,
    pub status: PaymentStatus,
    /// The failed or returned line this one pays again.
    pub reissue_of: Option<PaymentReference>,
    /// The provider's reason for a failure or return.
    pub reason: Option<String>,
    pub settled_on: Option<Date>,
}

impl PaymentLine {
    /// What "paid twice" is counted over.
    pub fn key(&self) -> (HouseholdId, &str, CyclePeriod) {
        (self.household, &self.programme, self.cycle)
    }

    /// Pending or paid: this line is, or will be, the household's money for the cycle.
    pub fn is_live(&self) -> bool {
        matches!(self.status, PaymentStatus::Pending | PaymentStatus::Paid)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    Draft,
    Submitted,
    Approved,
    Exported,
    /// Every line is settled.
    Reconciled,
}

impl BatchState {
    pub const ALL: [BatchState; 5] = [
        Self::Draft,
        Self::Submitted,
        Self::Approved,
        Self::Exported,
        Self::Reconciled,
    ];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Exported => "exported",
            Self::Reconciled => "reconciled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentBatch {
    pub id: PaymentBatchId,
    pub programme: String,
    pub programme_version: u32,
    pub cycle: CyclePeriod,
    pub state: BatchState,
    pub maker: UserId,
    /// Who approved it.
    pub checker: Option<UserId>,
    /// Line `n` is `lines[n - 1]`.
    pub lines: Vec<PaymentLine>,
}

/// Why a batch refused a step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("a {state} batch cannot be {action}")]
    WrongState {
        action: &'static str,
        state: &'static str,
    },
    #[error("the maker of a batch cannot approve it; another user must")]
    MakerCannotApprove,
    #[error("the batch has no lines")]
    Empty,
}

impl BatchError {
    /// Stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongState { .. } => "batch-wrong-state",
            Self::MakerCannotApprove => "maker-cannot-approve",
            Self::Empty => "batch-empty",
        }
    }
}

/// What a new batch is.
#[derive(Debug, Clone, Copy)]
pub struct BatchRequest<'a> {
    pub id: PaymentBatchId,
    pub programme: &'a str,
    pub programme_version: u32,
    pub cycle: CyclePeriod,
    pub maker: UserId,
}

/// Builds a draft batch for `request.cycle`: a line for each enrolled household
/// (enrolled by the cycle's end, with an entitlement) that has no line for the cycle
/// yet, then a re-issue of each failed or returned line of this or an earlier cycle
/// not re-issued before. `earlier` must hold every line of the programme's earlier
/// batches, whatever their state; lines of other programmes are ignored.
pub fn build_batch(
    request: BatchRequest<'_>,
    roster: &[Enrolment],
    earlier: &[PaymentLine],
) -> PaymentBatch {
    let programme = request.programme;
    let earlier: Vec<&PaymentLine> = earlier
        .iter()
        .filter(|l| l.programme == programme)
        .collect();
    let has_line: HashSet<(HouseholdId, CyclePeriod)> =
        earlier.iter().map(|l| (l.household, l.cycle)).collect();
    let mut live: HashSet<(HouseholdId, CyclePeriod)> = earlier
        .iter()
        .filter(|l| l.is_live())
        .map(|l| (l.household, l.cycle))
        .collect();
    let reissued: HashSet<PaymentReference> = earlier.iter().filter_map(|l| l.reissue_of).collect();

    let mut batch = PaymentBatch {
        id: request.id,
        programme: programme.to_owned(),
        programme_version: request.programme_version,
        cycle: request.cycle,
        state: BatchState::Draft,
        maker: request.maker,
        checker: None,
        lines: Vec::new(),
    };
    let mut due: Vec<&Enrolment> = roster
        .iter()
        .filter(|e| e.programme == programme && e.entitlement.0 > 0)
        .filter(|e| e.enrolled_on <= request.cycle.end())
        .collect();
    due.sort_by_key(|e| e.household);
    for e in due {
        let key = (e.household, request.cycle);
        if has_line.contains(&key) || !live.insert(key) {
            continue;
        }
        batch.push(e.household, request.cycle, e.entitlement, None);
    }
    let mut owed: Vec<&&PaymentLine> = earlier
        .iter()
        .filter(|l| l.status.is_unpaid() && l.cycle <= request.cycle)
        .filter(|l| !reissued.contains(&l.reference))
        .collect();
    owed.sort_by_key(|l| (l.cycle, l.household, l.reference));
    for l in owed {
        if live.insert((l.household, l.cycle)) {
            batch.push(l.household, l.cycle, l.amount, Some(l.reference));
        }
    }
    batch
}

/// Lines and money of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub lines: u32,
    pub amount: Money,
}

impl Tally {
    fn add(&mut self, amount: Money) {
        self.lines += 1;
        self.amount = Money(self.amount.0 + amount.0);
    }
}

/// A batch's totals, for the checker and the provider's control sum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchTotals {
    pub all: Tally,
    /// Of which re-issues of earlier failures.
    pub reissued: Tally,
    pub by_status: BTreeMap<PaymentStatus, Tally>,
}

impl PaymentBatch {
    fn push(
        &mut self,
        household: HouseholdId,
        cycle: CyclePeriod,
        amount: Money,
        reissue_of: Option<PaymentReference>,
    ) {
        let line = u32::try_from(self.lines.len() + 1).expect("fewer than 4 billion lines");
        self.lines.push(PaymentLine {
            reference: PaymentReference::new(self.id, line),
            household,
            programme: self.programme.clone(),
            cycle,
            amount,
            status: PaymentStatus::Pending,
            reissue_of,
            reason: None,
            settled_on: None,
        });
    }

    /// The line a reference names, if it is one of this batch's.
    pub fn line(&self, reference: PaymentReference) -> Option<&PaymentLine> {
        if reference.batch() != self.id {
            return None;
        }
        self.lines
            .get(reference.line() as usize - 1)
            .filter(|l| l.reference == reference)
    }

    pub(crate) fn line_mut(&mut self, reference: PaymentReference) -> Option<&mut PaymentLine> {
        if reference.batch() != self.id {
            return None;
        }
        self.lines
            .get_mut(reference.line() as usize - 1)
            .filter(|l| l.reference == reference)
    }

    pub fn totals(&self) -> BatchTotals {
        let mut t = BatchTotals::default();
        for l in &self.lines {
            t.all.add(l.amount);
            if l.reissue_of.is_some() {
                t.reissued.add(l.amount);
            }
            t.by_status.entry(l.status).or_default().add(l.amount);
        }
        t
    }

    fn step(
        &mut self,
        action: &'static str,
        from: &[BatchState],
        to: BatchState,
    ) -> Result<(), BatchError> {
        if !from.contains(&self.state) {
            return Err(BatchError::WrongState {
                action,
                state: self.state.as_str(),
            });
        }
        self.state = to;
        Ok(())
    }

    /// The maker hands the draft to a checker.
    pub fn submit(&mut self) -> Result<(), BatchError> {
        if self.lines.is_empty() {
            return Err(BatchError::Empty);
        }
        self.step("submitted", &[BatchState::Draft], BatchState::Submitted)
    }

    /// The checker sends it back to the maker.
    pub fn send_back(&mut self) -> Result<(), BatchError> {
        self.step("sent back", &[BatchState::Submitted], BatchState::Draft)
    }

    /// Maker-checker: `by` must not be the maker.
    pub fn approve(&mut self, by: UserId) -> Result<(), BatchError> {
        if self.state == BatchState::Submitted && by == self.maker {
            return Err(BatchError::MakerCannotApprove);
        }
        self.step("approved", &[BatchState::Submitted], BatchState::Approved)?;
        self.checker = Some(by);
        Ok(())
    }

    /// The payment file was written. Exporting again gives the same references.
    pub fn mark_exported(&mut self) -> Result<(), BatchError> {
        self.step(
            "exported",
            &[BatchState::Approved, BatchState::Exported],
            BatchState::Exported,
        )
    }

    /// An exported batch whose lines are all settled becomes reconciled.
    pub(crate) fn settle_if_done(&mut self) {
        if self.state == BatchState::Exported && self.lines.iter().all(|l| l.status.is_settled()) {
            self.state = BatchState::Reconciled;
        }
    }
}

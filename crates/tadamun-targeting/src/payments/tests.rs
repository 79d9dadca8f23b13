//! Stories and properties of the payment core together: batches built over earlier
//! lines, maker-checker, reconciliation files applied in any order and any number of
//! times, and the invariant that no household is paid twice for one cycle.

use std::collections::HashMap;

use proptest::prelude::*;
use tadamun_domain::{
    ids::{HouseholdId, PaymentBatchId, UserId},
    money::Money,
    payment::{PaymentReference, PaymentStatus, ReconciliationRow, ReportedStatus},
};
use time::macros::date;
use uuid::Uuid;

use super::{
    batch::{BatchError, BatchRequest, BatchState, PaymentBatch, PaymentLine, build_batch},
    cycle::CyclePeriod,
    enrolment::Enrolment,
    reconcile::{Problem, batches_named, reconcile},
};

const MAKER: UserId = UserId(Uuid::from_u128(1));
const CHECKER: UserId = UserId(Uuid::from_u128(2));

fn household(n: u128) -> HouseholdId {
    HouseholdId(Uuid::from_u128(n))
}

fn roster(amounts: &[i64]) -> Vec<Enrolment> {
    amounts
        .iter()
        .zip(1u128..)
        .map(|(&amount, n)| Enrolment {
            household: household(n),
            programme: "cash".into(),
            enrolled_on: date!(2026 - 01 - 05),
            certified_on: date!(2026 - 01 - 05),
            entitlement: Money(amount),
        })
        .collect()
}

fn month(m: u8) -> CyclePeriod {
    CyclePeriod::Month {
        year: 2026,
        month: m,
    }
}

fn build(
    id: u128,
    cycle: CyclePeriod,
    roster: &[Enrolment],
    batches: &[PaymentBatch],
) -> PaymentBatch {
    let earlier: Vec<PaymentLine> = batches.iter().flat_map(|b| b.lines.clone()).collect();
    let request = BatchRequest {
        id: PaymentBatchId(Uuid::from_u128(id)),
        programme: "cash",
        programme_version: 1,
        cycle,
        maker: MAKER,
    };
    build_batch(request, roster, &earlier)
}

fn exported(mut b: PaymentBatch) -> PaymentBatch {
    if b.lines.is_empty() {
        return b;
    }
    b.submit().unwrap();
    b.approve(CHECKER).unwrap();
    b.mark_exported().unwrap();
    b
}

fn row(row: u64, line: &PaymentLine, status: ReportedStatus) -> ReconciliationRow {
    ReconciliationRow {
        row,
        reference: line.reference,
        status,
        amount: line.amount,
        date: date!(2026 - 02 - 03),
        reason: (status != ReportedStatus::Paid).then(|| "account closed".into()),
    }
}

#[test]
fn a_batch_pays_each_enrolled_household_once_per_cycle() {
    let r = roster(&[50_000, 75_500]);
    let jan = build(10, month(1), &r, &[]);
    assert_eq!(jan.lines.len(), 2);
    assert_eq!(jan.totals().all.amount, Money(125_500));
    assert_eq!(jan.lines[1].reference, PaymentReference::new(jan.id, 2));
    let again = build(11, month(1), &r, std::slice::from_ref(&jan));
    assert!(again.lines.is_empty(), "January is already pending");
}

#[test]
fn households_enrolled_after_the_cycle_or_without_an_amount_get_no_line() {
    let mut r = roster(&[50_000, 0, 20_000]);
    r[2].enrolled_on = date!(2026 - 02 - 01);
    let jan = build(10, month(1), &r, &[]);
    assert_eq!(
        jan.lines.iter().map(|l| l.household).collect::<Vec<_>>(),
        vec![household(1)]
    );
}

#[test]
fn maker_and_checker_must_differ() {
    let mut b = build(10, month(1), &roster(&[50_000]), &[]);
    assert_eq!(b.approve(CHECKER).unwrap_err().code(), "batch-wrong-state");
    b.submit().unwrap();
    assert_eq!(b.approve(MAKER), Err(BatchError::MakerCannotApprove));
    assert_eq!(b.mark_exported().unwrap_err().code(), "batch-wrong-state");
    b.send_back().unwrap();
    b.submit().unwrap();
    b.approve(CHECKER).unwrap();
    assert_eq!(b.checker, Some(CHECKER));
    b.mark_exported().unwrap();
    b.mark_exported().unwrap();
    let mut empty = build(11, month(1), &[], &[]);
    assert_eq!(empty.submit(), Err(BatchError::Empty));
}

#[test]
fn a_failure_is_reissued_next_cycle_naming_its_cycle() {
    let r = roster(&[50_000, 60_000]);
    let mut batches = vec![exported(build(10, month(1), &r, &[]))];
    let file = [
        row(2, &batches[0].lines[0], ReportedStatus::Paid),
        row(3, &batches[0].lines[1], ReportedStatus::Failed),
    ];
    let done = reconcile(&mut batches, &file).unwrap();
    assert_eq!(done.transitions.len(), 2);
    assert_eq!(batches[0].state, BatchState::Reconciled);
    assert_eq!(
        batches[0].lines[1].reason.as_deref(),
        Some("account closed")
    );

    let feb = build(11, month(2), &r, &batches);
    assert_eq!(feb.lines.len(), 3);
    let reissue = &feb.lines[2];
    assert_eq!((reissue.household, reissue.cycle), (household(2), month(1)));
    assert_eq!(reissue.reissue_of, Some(batches[0].lines[1].reference));
    assert_eq!(feb.totals().reissued.amount, Money(60_000));
    batches.push(feb);
    let march = build(12, month(3), &r, &batches);
    assert!(
        march.lines.iter().all(|l| l.cycle == month(3)),
        "re-issued once"
    );
}

#[test]
fn a_bad_file_is_refused_whole_naming_every_bad_row() {
    let r = roster(&[50_000, 60_000, 70_000]);
    let mut batches = vec![exported(build(10, month(1), &r, &[]))];
    let lines = batches[0].lines.clone();
    let mut wrong_amount = row(3, &lines[1], ReportedStatus::Paid);
    wrong_amount.amount = Money(6_000);
    let stranger = ReconciliationRow {
        reference: PaymentReference::new(PaymentBatchId(Uuid::from_u128(99)), 1),
        ..row(5, &lines[0], ReportedStatus::Paid)
    };
    let file = [
        row(2, &lines[0], ReportedStatus::Paid),
        wrong_amount,
        row(4, &lines[0], ReportedStatus::Paid),
        stranger,
        row(6, &lines[2], ReportedStatus::Paid),
    ];
    assert_eq!(batches_named(&file).len(), 2, "ours and the stranger's");
    let before = batches.clone();
    let errors = reconcile(&mut batches, &file).unwrap_err();
    assert_eq!(batches, before, "nothing applied");
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.row, e.code())).collect();
    assert_eq!(
        found,
        vec![
            (3, "amount-mismatch"),
            (4, "duplicate-row"),
            (5, "unknown-payment-reference")
        ]
    );
    let jod = tadamun_domain::money::Currency {
        code: "JOD",
        decimals: 3,
    };
    assert!(
        errors[0]
            .message(jod)
            .contains("60.000 JOD, the file says 6.000"),
        "{}",
        errors[0].message(jod)
    );
    assert!(errors[1].message(jod).contains("row 2"));
}

#[test]
fn a_settled_line_does_not_change_and_a_repeated_file_is_a_no_op() {
    let r = roster(&[50_000]);
    let mut batches = vec![exported(build(10, month(1), &r, &[]))];
    let line = batches[0].lines[0].clone();
    reconcile(&mut batches, &[row(2, &line, ReportedStatus::Paid)]).unwrap();
    let again = reconcile(&mut batches, &[row(2, &line, ReportedStatus::Paid)]).unwrap();
    assert!(again.transitions.is_empty());
    assert_eq!(again.unchanged_rows, vec![2]);
    let errors = reconcile(&mut batches, &[row(7, &line, ReportedStatus::Returned)]).unwrap_err();
    assert_eq!(
        errors[0].problem,
        Problem::AlreadySettled {
            status: PaymentStatus::Paid,
            reported: PaymentStatus::Returned
        }
    );
    assert_eq!(errors[0].row, 7);
}

#[test]
fn a_batch_not_yet_exported_takes_no_reconciliation() {
    let mut batches = vec![build(10, month(1), &roster(&[50_000]), &[])];
    let line = batches[0].lines[0].clone();
    let errors = reconcile(&mut batches, &[row(2, &line, ReportedStatus::Paid)]).unwrap_err();
    assert_eq!(errors[0].code(), "payment-not-exported");
}

/// One step of a payment history.
#[derive(Debug, Clone)]
enum Step {
    /// Build, approve and export a batch for the cycle (month 1 + n).
    Batch(u8),
    /// A file of rows, each naming (batch, line) by index and a status; may repeat.
    File(Vec<(usize, usize, ReportedStatus)>),
    /// Apply an earlier file again.
    Replay(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let status = prop_oneof![
        Just(ReportedStatus::Paid),
        Just(ReportedStatus::Failed),
        Just(ReportedStatus::Returned),
    ];
    prop_oneof![
        (0u8..4).prop_map(Step::Batch),
        prop::collection::vec((0usize..8, 0usize..8, status), 1..6).prop_map(Step::File),
        (0usize..8).prop_map(Step::Replay),
    ]
}

/// At most one pending-or-paid line per (household, programme, cycle); at most one
/// line per key ever reported paid (`ever_paid` remembers them, so a paid line turned
/// failed would be caught); and no failure re-issued twice.
fn assert_never_paid_twice(
    batches: &[PaymentBatch],
    ever_paid: &mut HashMap<PaymentReference, (HouseholdId, CyclePeriod)>,
) -> Result<(), TestCaseError> {
    let mut live = HashMap::new();
    let mut reissues = HashMap::new();
    for l in batches.iter().flat_map(|b| &b.lines) {
        if l.status == PaymentStatus::Paid {
            ever_paid.insert(l.reference, (l.household, l.cycle));
        }
        if l.is_live() {
            *live.entry((l.household, l.cycle)).or_insert(0) += 1;
        }
        if let Some(original) = l.reissue_of {
            *reissues.entry(original).or_insert(0) += 1;
        }
    }
    prop_assert!(live.values().all(|&n| n == 1), "{live:?}");
    let mut paid = HashMap::new();
    for key in ever_paid.values() {
        *paid.entry(key).or_insert(0) += 1;
    }
    prop_assert!(paid.values().all(|&n| n == 1), "paid twice: {paid:?}");
    prop_assert!(reissues.values().all(|&n| n == 1), "{reissues:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_household_is_ever_paid_twice_for_one_cycle(
        amounts in prop::collection::vec(1i64..100_000, 1..5),
        steps in prop::collection::vec(step(), 1..30),
    ) {
        let r = roster(&amounts);
        let mut batches: Vec<PaymentBatch> = Vec::new();
        let mut files: Vec<Vec<ReconciliationRow>> = Vec::new();
        let mut ever_paid = HashMap::new();
        for (i, s) in steps.into_iter().enumerate() {
            match s {
                Step::Batch(m) => {
                    let b = build(100 + i as u128, month(1 + m), &r, &batches);
                    // Every failure settled before the build, of this or an earlier
                    // cycle, is now re-issued exactly once.
                    batches.push(exported(b));
                    for l in batches.iter().flat_map(|b| &b.lines) {
                        if l.status.is_unpaid() && l.cycle <= month(1 + m) {
                            let n = batches.iter().flat_map(|b| &b.lines).filter(|x| x.reissue_of == Some(l.reference)).count();
                            prop_assert_eq!(n, 1, "{} re-issued {} times", l.reference, n);
                        }
                    }
                }
                Step::File(picks) => {
                    if batches.iter().all(|b| b.lines.is_empty()) {
                        continue;
                    }
                    let lines: Vec<&PaymentLine> = batches.iter().flat_map(|b| &b.lines).collect();
                    let rows: Vec<ReconciliationRow> = picks
                        .iter()
                        .zip(2u64..)
                        .map(|(&(b, l, status), n)| {
                            let line = lines[(b * 8 + l) % lines.len()];
                            row(n, line, status)
                        })
                        .collect();
                    files.push(rows.clone());
                    let before = batches.clone();
                    if reconcile(&mut batches, &rows).is_err() {
                        prop_assert_eq!(&batches, &before, "a refused file changes nothing");
                    }
                }
                Step::Replay(f) => {
                    if files.is_empty() {
                        continue;
                    }
                    let rows = files[f % files.len()].clone();
                    let before = batches.clone();
                    match reconcile(&mut batches, &rows) {
                        Ok(plan) => prop_assert!(plan.transitions.is_empty() || before != batches),
                        Err(_) => prop_assert_eq!(&batches, &before),
                    }
                    let settled = batches.clone();
                    let _ = reconcile(&mut batches, &rows);
                    prop_assert_eq!(&batches, &settled, "applying a file twice changes nothing");
                }
            }
            assert_never_paid_twice(&batches, &mut ever_paid)?;
        }
    }

    #[test]
    fn a_batch_total_is_the_sum_of_its_lines(
        amounts in prop::collection::vec(0i64..10_000_000, 0..40),
        failed in prop::collection::vec(any::<bool>(), 0..40),
    ) {
        let r = roster(&amounts);
        let mut batches = vec![exported(build(10, month(1), &r, &[]))];
        let rows: Vec<ReconciliationRow> = batches[0]
            .lines
            .iter()
            .zip(&failed)
            .zip(2u64..)
            .map(|((l, &f), n)| row(n, l, if f { ReportedStatus::Failed } else { ReportedStatus::Paid }))
            .collect();
        reconcile(&mut batches, &rows).unwrap();
        let feb = build(11, month(2), &r, &batches);
        let t = feb.totals();
        prop_assert_eq!(t.all.amount.0, feb.lines.iter().map(|l| l.amount.0).sum::<i64>());
        prop_assert_eq!(t.all.lines as usize, feb.lines.len());
        let failures = batches[0].lines.iter().filter(|l| l.status.is_unpaid()).count();
        prop_assert_eq!(t.reissued.lines as usize, failures, "one re-issue per failure");
        prop_assert_eq!(t.by_status.values().map(|s| s.amount.0).sum::<i64>(), t.all.amount.0);
    }
}

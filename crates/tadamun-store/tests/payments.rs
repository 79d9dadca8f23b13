//! Storage story for enrolment and payments, on SQLite and PostgreSQL: a run enrols
//! once; a batch pays each enrolled household once per cycle and is approved by a
//! second person; a reconciliation file applies whole or not at all, never twice;
//! failures are re-issued once in the next batch; recertification falls due.

use tadamun_domain::{
    access::{Access, BuiltinRole},
    country::Country,
    ids::{HouseholdId, PaymentBatchId},
    money::{Currency, Money},
    payment::{PaymentStatus, ProviderKind, ReconciliationRow, ReportedStatus},
};
use tadamun_store::{
    Store, StoreError,
    payments::BatchStep,
    testing::{execute_raw, fixtures::*, on_both},
};
use tadamun_targeting::payments::{batch::BatchState, cycle::CyclePeriod};
use time::macros::date;
use uuid::Uuid;

const AS_OF: time::Date = date!(2026 - 11 - 30);
const NOVEMBER: CyclePeriod = CyclePeriod::Month {
    year: 2026,
    month: 11,
};

fn jod() -> Currency {
    Currency::of(Country::Jordan)
}

fn codes(e: StoreError) -> Vec<(String, &'static str)> {
    match e {
        StoreError::Invalid(f) => f.0.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The example programme run over the income ladder, with a budget per cycle if
/// given; returns the run.
async fn scored(store: &Store, budget: Option<i64>) -> Uuid {
    let mut p = jordan_example();
    if let Some(b) = budget {
        p.budget_per_cycle = Money(b);
    }
    income_ladder(store).await;
    store
        .save_programme_version(&system(), &p, tadamun_store::now())
        .await
        .unwrap();
    let stored = store
        .programme_version(&system(), &p.key, None)
        .await
        .unwrap();
    let applicants = applicants(store, &p).await;
    run_programme(store, &stored, &applicants, AS_OF).await
}

async fn finance(store: &Store) -> (Access, Access) {
    (
        user_with(store, "maker", &[BuiltinRole::FinanceOfficer], &[]).await,
        user_with(store, "checker", &[BuiltinRole::FinanceOfficer], &[]).await,
    )
}

fn row(
    n: u64,
    line: &tadamun_targeting::payments::batch::PaymentLine,
    s: ReportedStatus,
) -> ReconciliationRow {
    ReconciliationRow {
        row: n,
        reference: line.reference,
        status: s,
        amount: line.amount,
        date: date!(2026 - 12 - 03),
        reason: (s != ReportedStatus::Paid).then(|| "account closed".to_owned()),
    }
}

#[tokio::test]
async fn a_run_enrols_its_eligible_households_once_and_keeps_the_waiting_list_in_rank_order() {
    on_both(|store| async move {
        let run_id = scored(&store, Some(60_000)).await;
        let officer = user_with(&store, "po", &[BuiltinRole::ProgrammeOfficer], &[]).await;
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &[]).await;
        let now = tadamun_store::now();
        assert!(matches!(
            store.enrol_run(&registrar, run_id, now).await,
            Err(StoreError::Forbidden(_))
        ));
        let run = store.decision_run(&officer, run_id).await.unwrap();
        assert!(run.eligible > 0 && run.waiting_list > 0, "{run:?}");
        let report = store.enrol_run(&officer, run_id, now).await.unwrap();
        assert_eq!(
            (report.joined, report.waiting, report.left),
            (run.eligible, run.waiting_list, 0)
        );
        let again = store.enrol_run(&officer, run_id, now).await.unwrap_err();
        assert_eq!(codes(again), vec![("run".into(), "run-already-enrolled")]);

        let key = jordan_example().key;
        let counts = store.roster_counts(&officer, &key).await.unwrap();
        assert_eq!(
            (counts.enrolled, counts.waiting),
            (run.eligible, run.waiting_list)
        );
        assert_eq!(counts.entitlement_per_cycle.0, run.total_entitlement);
        let waiting = store
            .waiting_list_page(&officer, &key, None, 100)
            .await
            .unwrap();
        let ranks: Vec<i64> = waiting.iter().map(|w| w.rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        // A registrar in Irbid does not see the restricted Amman household on lists.
        let irbid = user_with(
            &store,
            "irbid",
            &[BuiltinRole::ProgrammeOfficer],
            &["JO-IR"],
        )
        .await;
        let seen = store.roster_page(&irbid, &key, None, 100).await.unwrap();
        assert!(seen.iter().all(|l| l.governorate_code == "JO-IR"));
        assert!(seen.iter().all(|l| l.head_name.is_some()));

        // A newer version with next to no budget moves the funded family out.
        let mut p = jordan_example();
        p.version += 1;
        p.budget_per_cycle = Money(1);
        store
            .save_programme_version(&system(), &p, now)
            .await
            .unwrap();
        let stored = store
            .programme_version(&system(), &p.key, None)
            .await
            .unwrap();
        let applicants = applicants(&store, &p).await;
        let second = run_programme(&store, &stored, &applicants, date!(2027 - 01 - 15)).await;
        let report = store.enrol_run(&officer, second, now).await.unwrap();
        assert!(report.left > 0, "{report:?}");
        assert_eq!(report.joined, 0);
        let after = store.roster_counts(&officer, &key).await.unwrap();
        assert_eq!(after.enrolled, counts.enrolled - report.left);
        assert_eq!(after.left, report.left);
        let stale = store.enrol_run(&officer, run_id, now).await.unwrap_err();
        assert_eq!(codes(stale), vec![("run".into(), "run-already-enrolled")]);

        // Recertification counts from the second run's date for those it kept.
        let due = store
            .recertification_due(&officer, &key, 12, date!(2027 - 12 - 31), None, 100)
            .await
            .unwrap();
        assert!(due.is_empty(), "{due:?}");
        let due = store
            .recertification_due(&officer, &key, 12, date!(2028 - 01 - 15), None, 100)
            .await
            .unwrap();
        assert_eq!(due.len() as i64, after.enrolled);
        assert!(due.iter().all(|d| d.due_on == date!(2028 - 01 - 15)));
    })
    .await;
}

#[tokio::test]
async fn a_batch_pays_each_household_once_a_cycle_and_needs_a_second_person_to_approve() {
    on_both(|store| async move {
        let run_id = scored(&store, None).await;
        let now = tadamun_store::now();
        store.enrol_run(&system(), run_id, now).await.unwrap();
        let key = jordan_example().key;
        let (maker, checker) = finance(&store).await;
        let quarter = CyclePeriod::Quarter {
            year: 2026,
            quarter: 4,
        };
        let wrong = store
            .create_payment_batch(&maker, &key, quarter, ProviderKind::EWallet, now)
            .await
            .unwrap_err();
        assert_eq!(codes(wrong), vec![("cycle".into(), "wrong-cycle")]);

        let batch = store
            .create_payment_batch(&maker, &key, NOVEMBER, ProviderKind::EWallet, now)
            .await
            .unwrap();
        let counts = store.roster_counts(&maker, &key).await.unwrap();
        assert_eq!(batch.state, BatchState::Draft);
        assert_eq!(
            (batch.line_count, batch.total_amount),
            (counts.enrolled, counts.entitlement_per_cycle)
        );
        let twice = store
            .create_payment_batch(&maker, &key, NOVEMBER, ProviderKind::EWallet, now)
            .await
            .unwrap_err();
        assert_eq!(codes(twice), vec![("cycle".into(), "nothing-to-pay")]);

        // The database itself refuses a second live line for a household and cycle.
        let lines = store
            .payment_lines_page(&maker, batch.id, None, None, 100)
            .await
            .unwrap();
        assert_eq!(lines.len() as i64, batch.line_count);
        let sneak = "insert into payment_lines (batch_id, line, household_id, programme_key, cycle, amount, status, created_at, updated_at) \
             select batch_id, 999, household_id, programme_key, cycle, amount, 'pending', created_at, updated_at from payment_lines where line = 1";
        let refused = execute_raw(&store, sneak).await.unwrap_err();
        assert!(
            matches!(&refused, StoreError::Duplicate { constraint } if constraint.contains("payment_lines")),
            "{refused:?}"
        );

        let early = store
            .step_payment_batch(&checker, batch.id, BatchStep::Approve, now)
            .await
            .unwrap_err();
        assert_eq!(codes(early), vec![("batch".into(), "batch-wrong-state")]);
        store
            .step_payment_batch(&maker, batch.id, BatchStep::Submit, now)
            .await
            .unwrap();
        let own = store
            .step_payment_batch(&maker, batch.id, BatchStep::Approve, now)
            .await
            .unwrap_err();
        assert_eq!(codes(own), vec![("batch".into(), "maker-cannot-approve")]);
        assert!(
            store
                .payment_instructions(&maker, batch.id, Country::Jordan)
                .await
                .is_err(),
            "nothing leaves before approval"
        );
        let approved = store
            .step_payment_batch(&checker, batch.id, BatchStep::Approve, now)
            .await
            .unwrap();
        assert_eq!(approved.state, BatchState::Approved);
        assert_eq!(approved.checker_name.as_deref(), Some("checker"));
        let (_, instructions) = store
            .payment_instructions(&maker, batch.id, Country::Jordan)
            .await
            .unwrap();
        assert_eq!(instructions.len() as i64, batch.line_count);
        assert!(instructions.iter().all(|i| !i.beneficiary_name.is_empty()));
        assert!(instructions.iter().all(|i| i.phone.is_some()));
        let exported = store
            .mark_payment_batch_exported(&maker, batch.id, now)
            .await
            .unwrap();
        assert_eq!(exported.state, BatchState::Exported);

        // A registrar cannot see batches at all; a draft can be discarded, others not.
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &[]).await;
        assert!(matches!(
            store.payment_batches(&registrar, None).await,
            Err(StoreError::Forbidden(_))
        ));
        let late = store
            .discard_payment_batch(&maker, batch.id, now)
            .await
            .unwrap_err();
        assert_eq!(codes(late), vec![("batch".into(), "batch-wrong-state")]);
        assert!(matches!(
            store
                .create_payment_batch(&system(), &key, NOVEMBER.next(), ProviderKind::Bank, now)
                .await,
            Err(StoreError::Forbidden(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn reconciliation_applies_whole_or_not_at_all_never_twice_and_failures_are_reissued_once() {
    on_both(|store| async move {
        let run_id = scored(&store, None).await;
        let now = tadamun_store::now();
        store.enrol_run(&system(), run_id, now).await.unwrap();
        let key = jordan_example().key;
        let (maker, checker) = finance(&store).await;
        let batch = store
            .create_payment_batch(&maker, &key, NOVEMBER, ProviderKind::EWallet, now)
            .await
            .unwrap();
        let lines = store
            .payment_lines_page(&maker, batch.id, None, None, 100)
            .await
            .unwrap();
        assert!(lines.len() >= 2, "{lines:?}");
        let paid_then_failed = vec![
            row(2, &lines[0], ReportedStatus::Paid),
            row(3, &lines[1], ReportedStatus::Failed),
        ];
        let early = store
            .import_reconciliation(&maker, "early.csv", "sha-0", &paid_then_failed, jod(), now)
            .await
            .unwrap_err();
        assert_eq!(
            codes(early),
            vec![
                ("row 2".into(), "payment-not-exported"),
                ("row 3".into(), "payment-not-exported")
            ]
        );
        store
            .step_payment_batch(&maker, batch.id, BatchStep::Submit, now)
            .await
            .unwrap();
        store
            .step_payment_batch(&checker, batch.id, BatchStep::Approve, now)
            .await
            .unwrap();
        store
            .mark_payment_batch_exported(&maker, batch.id, now)
            .await
            .unwrap();

        // One bad row refuses the file: nothing of its good row is applied.
        let mut wrong_amount = row(3, &lines[1], ReportedStatus::Paid);
        wrong_amount.amount = Money(wrong_amount.amount.0 + 1);
        let unknown = ReconciliationRow {
            reference: tadamun_domain::payment::PaymentReference::new(PaymentBatchId::new(), 1),
            ..row(4, &lines[0], ReportedStatus::Paid)
        };
        let bad = vec![paid_then_failed[0].clone(), wrong_amount, unknown];
        let refused = store
            .import_reconciliation(&maker, "bad.csv", "sha-1", &bad, jod(), now)
            .await
            .unwrap_err();
        assert_eq!(
            codes(refused),
            vec![
                ("row 3".into(), "amount-mismatch"),
                ("row 4".into(), "unknown-payment-reference")
            ]
        );
        let still = store
            .payment_lines_page(&maker, batch.id, Some(PaymentStatus::Pending), None, 100)
            .await
            .unwrap();
        assert_eq!(still.len(), lines.len(), "nothing half-applied");

        let report = store
            .import_reconciliation(&maker, "dec.csv", "sha-2", &paid_then_failed, jod(), now)
            .await
            .unwrap();
        assert_eq!((report.paid, report.failed, report.unchanged), (1, 1, 0));
        let again = store
            .import_reconciliation(
                &maker,
                "dec-copy.csv",
                "sha-2",
                &paid_then_failed,
                jod(),
                now,
            )
            .await
            .unwrap_err();
        assert_eq!(codes(again), vec![("file".into(), "duplicate-file")]);
        // The same rows in other bytes change nothing; a contradiction is refused.
        let resent = store
            .import_reconciliation(
                &maker,
                "dec-resent.xlsx",
                "sha-3",
                &paid_then_failed,
                jod(),
                now,
            )
            .await
            .unwrap();
        assert_eq!((resent.paid, resent.failed, resent.unchanged), (0, 0, 2));
        let flip = vec![row(2, &lines[0], ReportedStatus::Failed)];
        let flipped = store
            .import_reconciliation(&maker, "flip.csv", "sha-4", &flip, jod(), now)
            .await
            .unwrap_err();
        assert_eq!(
            codes(flipped),
            vec![("row 2".into(), "payment-already-settled")]
        );

        // Settle the rest: the batch is reconciled.
        let rest: Vec<_> = lines[2..]
            .iter()
            .zip(2u64..)
            .map(|(l, n)| row(n, l, ReportedStatus::Paid))
            .collect();
        if !rest.is_empty() {
            store
                .import_reconciliation(&maker, "rest.csv", "sha-5", &rest, jod(), now)
                .await
                .unwrap();
        }
        let (summary, _) = store.payment_batch(&maker, batch.id).await.unwrap();
        assert_eq!(summary.state, BatchState::Reconciled);

        // December pays everyone for December and re-issues November's failure once.
        let december = store
            .create_payment_batch(&maker, &key, NOVEMBER.next(), ProviderKind::EWallet, now)
            .await
            .unwrap();
        let dec_lines = store
            .payment_lines_page(&maker, december.id, None, None, 100)
            .await
            .unwrap();
        let reissues: Vec<_> = dec_lines
            .iter()
            .filter(|l| l.reissue_of.is_some())
            .collect();
        assert_eq!(reissues.len(), 1);
        assert_eq!(reissues[0].reissue_of, Some(lines[1].reference));
        assert_eq!(reissues[0].cycle, NOVEMBER);
        assert_eq!(dec_lines.len(), lines.len() + 1);
        let none_left = store
            .create_payment_batch(&maker, &key, NOVEMBER.next(), ProviderKind::EWallet, now)
            .await
            .unwrap_err();
        assert_eq!(codes(none_left), vec![("cycle".into(), "nothing-to-pay")]);

        // The household page shows both November lines of the failed household.
        let failed_household: HouseholdId = lines[1].household;
        let history = store
            .household_payments(&maker, failed_household)
            .await
            .unwrap();
        let november: Vec<_> = history
            .iter()
            .filter(|p| p.line.cycle == NOVEMBER)
            .map(|p| p.line.status)
            .collect();
        assert_eq!(november.len(), 2);
        assert!(november.contains(&PaymentStatus::Failed));
        assert!(november.contains(&PaymentStatus::Pending));
    })
    .await;
}

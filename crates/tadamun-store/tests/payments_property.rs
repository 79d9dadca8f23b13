//! Property, through the stored payments on SQLite: whatever the provider's files say,
//! in whatever order, and however often they are imported (the same bytes or the same
//! rows again), while batches for this cycle and the next are made in between, no
//! household is ever paid twice for one cycle, no failure is re-issued twice, and no
//! step ever trips over the database's own guard (the code keeps the invariant itself).

use std::collections::HashMap;

use proptest::prelude::*;
use tadamun_domain::{
    access::{Access, BuiltinRole},
    country::Country,
    money::Currency,
    payment::{PaymentStatus, ProviderKind, ReconciliationRow, ReportedStatus},
};
use tadamun_store::{
    Store, StoreError,
    payments::BatchStep,
    testing::{fixtures::*, fresh_sqlite},
};
use tadamun_targeting::payments::{batch::BatchState, cycle::CyclePeriod};
use time::macros::date;

const NOVEMBER: CyclePeriod = CyclePeriod::Month {
    year: 2026,
    month: 11,
};

/// One step of the story: which file to send (statuses by line, and whether it repeats
/// an earlier file's bytes), then whether to make a batch, and for which cycle.
#[derive(Debug, Clone)]
struct Step {
    statuses: Vec<u8>,
    repeat_file: Option<usize>,
    batch_for_next_cycle: Option<bool>,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            prop::collection::vec(0u8..4, 8),
            prop::option::of(0usize..4),
            prop::option::of(any::<bool>()),
        )
            .prop_map(|(statuses, repeat_file, batch_for_next_cycle)| Step {
                statuses,
                repeat_file,
                batch_for_next_cycle,
            }),
        1..6,
    )
}

async fn approve_and_export(
    store: &Store,
    maker: &Access,
    checker: &Access,
    id: tadamun_domain::ids::PaymentBatchId,
) {
    let now = tadamun_store::now();
    store
        .step_payment_batch(maker, id, BatchStep::Submit, now)
        .await
        .unwrap();
    store
        .step_payment_batch(checker, id, BatchStep::Approve, now)
        .await
        .unwrap();
    store
        .mark_payment_batch_exported(maker, id, now)
        .await
        .unwrap();
}

async fn story(steps: Vec<Step>) {
    let store = fresh_sqlite().await;
    let households = income_ladder(&store).await;
    let p = jordan_example();
    let now = tadamun_store::now();
    store
        .save_programme_version(&system(), &p, now)
        .await
        .unwrap();
    let stored = store
        .programme_version(&system(), &p.key, None)
        .await
        .unwrap();
    let run = run_programme(
        &store,
        &stored,
        &applicants(&store, &p).await,
        date!(2026 - 11 - 01),
    )
    .await;
    store.enrol_run(&system(), run, now).await.unwrap();
    let maker = user_with(&store, "maker", &[BuiltinRole::FinanceOfficer], &[]).await;
    let checker = user_with(&store, "checker", &[BuiltinRole::FinanceOfficer], &[]).await;
    let currency = Currency::of(Country::Jordan);
    let first = store
        .create_payment_batch(&maker, &p.key, NOVEMBER, ProviderKind::EWallet, now)
        .await
        .unwrap();
    approve_and_export(&store, &maker, &checker, first.id).await;
    let mut batches = vec![first.id];
    let mut sent: Vec<(String, Vec<ReconciliationRow>)> = Vec::new();
    for (i, step) in steps.into_iter().enumerate() {
        // The file: every line of every exported batch, as this step's statuses say
        // (3 leaves a line out).
        let (sha, rows) = match step.repeat_file.filter(|&k| k < sent.len()) {
            Some(k) => sent[k].clone(),
            None => {
                let mut rows = Vec::new();
                for id in &batches {
                    let lines = store
                        .payment_lines_page(&maker, *id, None, None, 100)
                        .await
                        .unwrap();
                    for (n, l) in lines.iter().enumerate() {
                        let status = match step.statuses[n % step.statuses.len()] {
                            0 => ReportedStatus::Paid,
                            1 => ReportedStatus::Failed,
                            2 => ReportedStatus::Returned,
                            _ => continue,
                        };
                        rows.push(ReconciliationRow {
                            row: rows.len() as u64 + 2,
                            reference: l.reference,
                            status,
                            amount: l.amount,
                            date: date!(2026 - 12 - 05),
                            reason: (status != ReportedStatus::Paid).then(|| "x".into()),
                        });
                    }
                }
                (format!("sha-{i}"), rows)
            }
        };
        if !rows.is_empty() {
            match store
                .import_reconciliation(&maker, "f.csv", &sha, &rows, currency, now)
                .await
            {
                Ok(_) => sent.push((sha, rows)),
                // A contradiction with what is settled, or the same bytes again.
                Err(StoreError::Invalid(_)) => {}
                Err(e) => panic!("import: {e:?}"),
            }
        }
        if let Some(next) = step.batch_for_next_cycle {
            let cycle = if next { NOVEMBER.next() } else { NOVEMBER };
            match store
                .create_payment_batch(&maker, &p.key, cycle, ProviderKind::EWallet, now)
                .await
            {
                Ok(b) => {
                    approve_and_export(&store, &maker, &checker, b.id).await;
                    batches.push(b.id);
                }
                Err(StoreError::Invalid(f)) => assert_eq!(f.0[0].code, "nothing-to-pay"),
                Err(e) => panic!("batch: {e:?}"),
            }
        }
    }
    for h in households {
        let lines = store.household_payments(&system(), h).await.unwrap();
        let mut live: HashMap<CyclePeriod, usize> = HashMap::new();
        let mut reissued = HashMap::new();
        for p in &lines {
            if matches!(p.line.status, PaymentStatus::Pending | PaymentStatus::Paid) {
                *live.entry(p.line.cycle).or_insert(0) += 1;
            }
            if let Some(of) = p.line.reissue_of {
                *reissued.entry(of).or_insert(0) += 1;
            }
            assert_ne!(p.batch_state, BatchState::Draft);
        }
        assert!(live.values().all(|&n| n <= 1), "{lines:?}");
        assert!(reissued.values().all(|&n| n == 1), "{lines:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn no_household_is_ever_paid_twice_for_one_cycle_whatever_files_arrive(steps in steps()) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(story(steps));
    }
}

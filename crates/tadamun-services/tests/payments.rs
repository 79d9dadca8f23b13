//! Payments end to end on SQLite and PostgreSQL: the example programme scores and
//! enrols the registry, a batch is approved and written as the e-wallet operator's
//! CSV, the operator's answer is imported once (a second copy is refused), a bad file
//! names its rows and changes nothing, and a bank batch leaves out who has no account.

use tadamun_domain::{
    access::BuiltinRole,
    bank_account::BankAccount,
    ids::HouseholdId,
    payment::{PaymentStatus, ProviderKind},
};
use tadamun_interchange::FileFormat;
use tadamun_services::{
    payments::{PaymentFailure, export_batch, import_reconciliation},
    programmes::{run_programme, seed_pack_programmes},
};
use tadamun_store::{
    StoreError,
    payments::BatchStep,
    testing::{fixtures::*, on_both},
};
use tadamun_targeting::payments::{batch::BatchState, cycle::CyclePeriod};
use time::macros::date;

const DECEMBER: CyclePeriod = CyclePeriod::Month {
    year: 2026,
    month: 12,
};

/// The operator's answer to a payment CSV: every line paid but the last, which
/// failed, as the operator writes it (our columns, then its own).
fn answer(payment_csv: &[u8]) -> String {
    let text = String::from_utf8(payment_csv.to_vec()).unwrap();
    let rows: Vec<Vec<String>> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    let mut out = String::from("reference,phone,amount,status,date,reason\n");
    for (i, r) in rows.iter().enumerate() {
        let (status, reason) = if i + 1 == rows.len() {
            ("failed", "wallet suspended")
        } else {
            ("paid", "")
        };
        // e-wallet columns: reference, phone, beneficiary_name, amount, currency
        out.push_str(&format!(
            "{},{},{},{status},2026-12-05,{reason}\n",
            r[0], r[1], r[3]
        ));
    }
    out
}

#[tokio::test]
async fn a_cycle_runs_from_scoring_to_reconciliation_through_files() {
    on_both(|store| async move {
        let pack = pack();
        let now = tadamun_store::now();
        income_ladder(&store).await;
        let keys = seed_pack_programmes(&store, &system(), &pack, now)
            .await
            .unwrap();
        let run = run_programme(&store, &system(), &pack, &keys[0], date!(2026 - 12 - 01))
            .await
            .unwrap();
        let enrolled = store.enrol_run(&system(), run.run_id, now).await.unwrap();
        assert!(enrolled.joined >= 2, "{enrolled:?}");
        let maker = user_with(&store, "maker", &[BuiltinRole::FinanceOfficer], &[]).await;
        let checker = user_with(&store, "checker", &[BuiltinRole::FinanceOfficer], &[]).await;
        let batch = store
            .create_payment_batch(&maker, &keys[0], DECEMBER, ProviderKind::EWallet, now)
            .await
            .unwrap();
        let early = export_batch(&store, &maker, &pack, batch.id, FileFormat::Csv, true, now)
            .await
            .unwrap_err();
        assert!(matches!(
            early,
            PaymentFailure::Store(StoreError::Invalid(_))
        ));
        store
            .step_payment_batch(&maker, batch.id, BatchStep::Submit, now)
            .await
            .unwrap();
        store
            .step_payment_batch(&checker, batch.id, BatchStep::Approve, now)
            .await
            .unwrap();
        let file = export_batch(&store, &maker, &pack, batch.id, FileFormat::Csv, true, now)
            .await
            .unwrap();
        assert_eq!(file.lines as i64, batch.line_count);
        assert_eq!(file.batch.state, BatchState::Exported);
        assert!(
            file.file_name.ends_with("-2026-12-e_wallet.csv"),
            "{}",
            file.file_name
        );
        let xlsx = export_batch(&store, &maker, &pack, batch.id, FileFormat::Xlsx, true, now)
            .await
            .unwrap();
        assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");

        // A file with a typo in one amount is refused whole, naming the row.
        let good = answer(&file.bytes);
        let mut lines: Vec<Vec<&str>> = good.lines().map(|l| l.split(',').collect()).collect();
        lines[1][2] = "999.999";
        let typo: String = lines.iter().map(|l| l.join(",") + "\n").collect();
        let refused =
            import_reconciliation(&store, &maker, &pack, "typo.csv", typo.as_bytes(), now)
                .await
                .unwrap_err();
        match refused {
            PaymentFailure::Store(StoreError::Invalid(f)) => {
                assert_eq!(f.0[0].field, "row 2");
                assert_eq!(f.0[0].code, "amount-mismatch");
            }
            other => panic!("{other:?}"),
        }
        let report =
            import_reconciliation(&store, &maker, &pack, "answer.csv", good.as_bytes(), now)
                .await
                .unwrap();
        assert_eq!(report.failed, 1);
        let failed_household = store
            .payment_lines_page(&maker, batch.id, Some(PaymentStatus::Failed), None, 10)
            .await
            .unwrap()[0]
            .household;
        assert_eq!(report.paid, batch.line_count - 1);
        assert_eq!(report.batches_reconciled, vec![batch.id]);
        let twice = import_reconciliation(&store, &maker, &pack, "again.csv", good.as_bytes(), now)
            .await
            .unwrap_err();
        match twice {
            PaymentFailure::Store(StoreError::Invalid(f)) => {
                assert_eq!(f.0[0].code, "duplicate-file")
            }
            other => panic!("{other:?}"),
        }
        let garbage = import_reconciliation(
            &store,
            &maker,
            &pack,
            "x.csv",
            b"reference,status\nabc,paid\n",
            now,
        )
        .await
        .unwrap_err();
        assert!(matches!(garbage, PaymentFailure::File(_)), "{garbage:?}");

        // January by bank: a household without an account is left out and counted.
        let none_yet = store
            .create_payment_batch(&maker, &keys[0], DECEMBER.next(), ProviderKind::Bank, now)
            .await
            .unwrap_err();
        match none_yet {
            StoreError::Invalid(f) => assert_eq!(f.0[0].code, "payee-missing"),
            other => panic!("{other:?}"),
        }
        let roster = store
            .roster_page(&maker, &keys[0], None, 100)
            .await
            .unwrap();
        let accounts: Vec<_> = roster
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let bban = format!("CBJO00100000000001310{i:05}");
                (
                    HouseholdId(l.household_id),
                    BankAccount::iban("JO", &bban).unwrap(),
                )
            })
            .collect();
        let outside = (HouseholdId(uuid::Uuid::nil()), accounts[0].1.clone());
        let refused = store
            .set_payee_accounts(&maker, &keys[0], &[accounts[0].clone(), outside], now)
            .await;
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        // Everyone but the first household gets an account.
        store
            .set_payee_accounts(&maker, &keys[0], &accounts[1..], now)
            .await
            .unwrap();
        let january = store
            .create_payment_batch(&maker, &keys[0], DECEMBER.next(), ProviderKind::Bank, now)
            .await
            .unwrap();
        assert_eq!(january.unreachable, 1);
        let lines = store
            .payment_lines_page(&maker, january.id, None, None, 100)
            .await
            .unwrap();
        assert!(lines.iter().all(|l| l.household != accounts[0].0));
        let failed_reissued = usize::from(failed_household != accounts[0].0);
        assert_eq!(
            lines.len(),
            roster.len() - 1 + failed_reissued,
            "December's failure is re-issued when its household can be paid"
        );
        store
            .step_payment_batch(&maker, january.id, BatchStep::Submit, now)
            .await
            .unwrap();
        store
            .step_payment_batch(&checker, january.id, BatchStep::Approve, now)
            .await
            .unwrap();
        let bank = export_batch(
            &store,
            &maker,
            &pack,
            january.id,
            FileFormat::Csv,
            false,
            now,
        )
        .await
        .unwrap();
        let text = String::from_utf8(bank.bytes).unwrap();
        assert!(text.contains("iban_or_account"));
        let with_iban = text
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(2).is_some_and(|a| a.starts_with("JO")))
            .count();
        assert_eq!(with_iban, lines.len(), "{text}");
    })
    .await;
}

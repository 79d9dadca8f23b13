//! The import and export use cases end to end, on SQLite and PostgreSQL: modes,
//! re-runs, a crash mid-import, document checks, encodings, and a round trip.

use tadamun_store::testing::fixtures::system;

use tadamun_domain::{country::Country, country_pack::CountryPack, household::HouseholdDraft};
use tadamun_services::import::{ImportFailure, ImportRequest, run_import};
use tadamun_store::{
    Store,
    import::{ImportMode, ImportStatus},
    testing::{fixtures, on_both},
};
use tadamun_synth::{SynthConfig, generate};

fn pack() -> CountryPack {
    CountryPack::builtin(Country::Jordan)
}

fn synthetic(households: usize, seed: u64) -> Vec<HouseholdDraft> {
    generate(&SynthConfig {
        seed,
        households,
        country: Country::Jordan,
        today: time::OffsetDateTime::now_utc().date(),
    })
    .map(|h| h.draft)
    .collect()
}

fn csv(households: &[HouseholdDraft]) -> Vec<u8> {
    let mut out = Vec::new();
    tadamun_interchange::write_households_csv(
        &mut out,
        households
            .iter()
            .enumerate()
            .map(|(i, h)| (format!("H{i:04}"), h.clone())),
        &pack(),
    )
    .unwrap();
    out
}

async fn import(
    store: &Store,
    name: &str,
    bytes: &[u8],
    mode: ImportMode,
    batch: usize,
) -> tadamun_services::import::ImportReport {
    run_import(
        store,
        &pack(),
        ImportRequest {
            file_name: name,
            bytes,
            mode,
            access: &system(),
            batch_size: batch,
        },
        &|_, _| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_file_imports_once_however_often_it_is_run() {
    on_both(|store| async move {
        let file = csv(&synthetic(40, 1));
        let first = import(&store, "a.csv", &file, ImportMode::ValidRows, 7).await;
        assert_eq!(
            (
                first.run.status,
                first.run.imported_households,
                first.run.skipped_households
            ),
            (ImportStatus::Completed, 40, 0)
        );
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        let again = import(&store, "a-copy.csv", &file, ImportMode::AllOrNothing, 7).await;
        assert_eq!(
            (again.run.imported_households, again.run.skipped_households),
            (0, 40)
        );
        assert_eq!(store.count_households(&system()).await.unwrap(), 40);
    })
    .await;
}

#[tokio::test]
async fn a_bad_row_is_reported_and_the_mode_decides_what_is_kept() {
    on_both(|store| async move {
        let text = String::from_utf8(csv(&synthetic(10, 2))).unwrap();
        // Corrupt the birth date on the 4th data row (row 5 as Excel counts).
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
        let col = header.iter().position(|c| *c == "birth_date").unwrap();
        let mut cells: Vec<String> = lines[4].split(',').map(str::to_owned).collect();
        cells[col] = "31/02/1990".into();
        lines[4] = cells.join(",");
        let bad = lines.join("\n").into_bytes();

        let rejected = import(&store, "bad.csv", &bad, ImportMode::AllOrNothing, 3).await;
        assert_eq!(rejected.run.status, ImportStatus::Rejected);
        assert_eq!(
            store.count_households(&system()).await.unwrap(),
            0,
            "all-or-nothing kept nothing"
        );
        assert_eq!(rejected.errors.len(), 1);
        assert_eq!(
            (rejected.errors[0].row, rejected.errors[0].column.as_str()),
            (5, "birth_date")
        );

        let partial = import(&store, "bad.csv", &bad, ImportMode::ValidRows, 3).await;
        assert_eq!(
            (partial.run.status, partial.run.imported_households),
            (ImportStatus::Completed, 9)
        );
        assert_eq!(store.count_households(&system()).await.unwrap(), 9);
        assert_eq!(
            store.import_errors(partial.run.id).await.unwrap()[0].row,
            5,
            "the report is stored with the run"
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_killed_midway_is_completed_by_a_rerun() {
    on_both(|store| async move {
        let file = csv(&synthetic(100, 3));
        let store2 = store.clone();
        let file2 = file.clone();
        let killed = tokio::spawn(async move {
            // Dies as soon as a batch is committed, with most of the file still unread.
            let crash = |done: u64, _: u64| {
                if done > 0 {
                    panic!("simulated crash after a committed batch");
                }
            };
            run_import(
                &store2,
                &pack(),
                ImportRequest {
                    file_name: "k.csv",
                    bytes: &file2,
                    mode: ImportMode::ValidRows,
                    access: &system(),
                    batch_size: 10,
                },
                &crash,
            )
            .await
        })
        .await;
        assert!(killed.is_err(), "the import died");
        // The dying importer aborts its writers; a commit already sent still lands.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let survived = store.count_households(&system()).await.unwrap();
        assert_eq!(survived % 10, 0, "only whole batches survive: {survived}");
        assert!(
            (10..100).contains(&survived),
            "some batches, not all: {survived}"
        );
        let rerun = import(&store, "k.csv", &file, ImportMode::ValidRows, 10).await;
        assert_eq!(
            (rerun.run.imported_households, rerun.run.skipped_households),
            (100 - survived, survived)
        );
        assert_eq!(store.count_households(&system()).await.unwrap(), 100);
    })
    .await;
}

#[tokio::test]
async fn documents_already_registered_or_repeated_in_the_file_are_refused() {
    on_both(|store| async move {
        store
            .create_household(
                &system(),
                &fixtures::parse(&fixtures::zoubi_family("901")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let mut households = synthetic(3, 4);
        households[0].members[0].documents = fixtures::parse(&fixtures::zoubi_family("901"))
            .members[0]
            .documents
            .clone();
        households[2].members[0].documents = households[1].members[0].documents.clone();
        let report = import(
            &store,
            "docs.csv",
            &csv(&households),
            ImportMode::ValidRows,
            100,
        )
        .await;
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["document-registered", "document-repeated"]);
        assert!(report.errors.iter().all(|e| e.column == "id_number"));
        assert_eq!(report.run.imported_households, 1);
    })
    .await;
}

/// A registry holding the Zoubi family, and eight households whose sixth carries the
/// head's national number: it sits in the third batch of two.
async fn file_with_a_registered_document_in_batch_three(store: &Store) -> Vec<u8> {
    let zoubi = fixtures::parse(&fixtures::zoubi_family("902"));
    store
        .create_household(&system(), &zoubi, tadamun_store::now())
        .await
        .unwrap();
    let mut households = synthetic(8, 9);
    households[5].members[0].documents = zoubi.members[0].documents.clone();
    csv(&households)
}

#[tokio::test]
async fn a_registered_document_refuses_only_its_household_and_the_rest_of_its_batch_is_written() {
    on_both(|store| async move {
        let bytes = file_with_a_registered_document_in_batch_three(&store).await;
        let report = import(&store, "taken.csv", &bytes, ImportMode::ValidRows, 2).await;
        assert_eq!(report.run.status, ImportStatus::Completed);
        assert_eq!(report.run.imported_households, 7);
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["document-registered"]);
        assert_eq!(report.errors[0].household_ref.as_deref(), Some("H0005"));
        // The Zoubi family, and every household of the file but the refused one.
        assert_eq!(store.count_households(&system()).await.unwrap(), 8);

        let again = import(&store, "taken.csv", &bytes, ImportMode::ValidRows, 2).await;
        assert_eq!(again.run.imported_households, 0);
        assert_eq!(again.run.skipped_households, 7);
        assert_eq!(
            again.errors.len(),
            1,
            "the refused household is refused again"
        );
        assert_eq!(store.count_households(&system()).await.unwrap(), 8);
    })
    .await;
}

#[tokio::test]
async fn a_registered_document_in_an_all_or_nothing_file_writes_nothing() {
    on_both(|store| async move {
        let bytes = file_with_a_registered_document_in_batch_three(&store).await;
        let report = import(&store, "taken.csv", &bytes, ImportMode::AllOrNothing, 2).await;
        assert_eq!(report.run.status, ImportStatus::Rejected);
        assert_eq!(report.run.imported_households, 0);
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["document-registered"]);
        assert_eq!(store.count_households(&system()).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_windows_1256_file_keeps_its_arabic_names() {
    on_both(|store| async move {
        let text = "household_ref,governorate,address,given_name,father_name,family_name,sex,birth_date,relationship\nH1,JO-MA,المفرق,أحمد,محمود,الخالدي,M,1975-01-01,head\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
        assert!(!unmappable);
        let report = import(&store, "legacy.csv", &bytes, ImportMode::AllOrNothing, 10).await;
        assert_eq!(report.run.imported_households, 1, "{:?}", report.errors);
        let hits = store.search_persons(&system(), "احمد الخالدي", None, 5).await.unwrap().hits;
        assert_eq!(hits[0].full_name, "أحمد محمود الخالدي");
    })
    .await;
}

#[tokio::test]
async fn an_unreadable_file_fails_with_the_reason_and_writes_nothing() {
    on_both(|store| async move {
        let missing = b"household_ref,governorate\nH1,JO-AM\n";
        let err = run_import(
            &store,
            &pack(),
            ImportRequest {
                file_name: "x.csv",
                bytes: missing,
                mode: ImportMode::ValidRows,
                access: &system(),
                batch_size: 10,
            },
            &|_, _| {},
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, ImportFailure::File(m) if m.contains("address")),
            "{err}"
        );
        let err = run_import(
            &store,
            &pack(),
            ImportRequest {
                file_name: "x.pdf",
                bytes: b"%PDF",
                mode: ImportMode::ValidRows,
                access: &system(),
                batch_size: 10,
            },
            &|_, _| {},
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ImportFailure::File(_)));
        assert!(
            store
                .recent_import_runs(&system(), 5)
                .await
                .unwrap()
                .is_empty(),
            "no run is recorded for an unreadable file"
        );
    })
    .await;
}

#[tokio::test]
async fn an_export_imports_back_to_the_same_registry() {
    on_both(|store| async move {
        let original = synthetic(25, 5);
        import(
            &store,
            "o.csv",
            &csv(&original),
            ImportMode::AllOrNothing,
            10,
        )
        .await;
        let exported = tadamun_services::export::export_csv(&store, &system(), &pack())
            .await
            .unwrap();
        let xlsx = tadamun_services::export::export_xlsx(&store, &system(), &pack(), true)
            .await
            .unwrap();
        assert!(xlsx.starts_with(b"PK"));
        let fresh = tadamun_store::testing::fresh_sqlite().await;
        let report = import(
            &fresh,
            "export.csv",
            &exported,
            ImportMode::AllOrNothing,
            10,
        )
        .await;
        assert_eq!(
            report.run.imported_households,
            25,
            "{:?}",
            report.errors.first()
        );
        let mut a: Vec<HouseholdDraft> = store
            .households_page(&system(), None, 100)
            .await
            .unwrap()
            .iter()
            .map(|h| h.to_draft())
            .collect();
        let mut b: Vec<HouseholdDraft> = fresh
            .households_page(&system(), None, 100)
            .await
            .unwrap()
            .iter()
            .map(|h| h.to_draft())
            .collect();
        let key = |h: &HouseholdDraft| h.head().name.full_key() + &h.address;
        a.sort_by_key(key);
        b.sort_by_key(key);
        assert_eq!(a, b);
        let xlsx_report = import(
            &tadamun_store::testing::fresh_sqlite().await,
            "export.xlsx",
            &xlsx,
            ImportMode::AllOrNothing,
            10,
        )
        .await;
        assert_eq!(
            xlsx_report.run.imported_households,
            25,
            "{:?}",
            xlsx_report.errors.first()
        );
    })
    .await;
}

#[tokio::test]
async fn an_importer_cannot_write_households_outside_their_area_and_the_run_is_audited() {
    use tadamun_domain::{access::BuiltinRole, audit::AuditAction};
    use tadamun_store::audit::AuditFilter;
    on_both(|store| async move {
        let households = synthetic(30, 5);
        let in_irbid = households
            .iter()
            .filter(|h| h.governorate.as_str() == "JO-IR")
            .count();
        assert!(
            in_irbid > 0 && in_irbid < households.len(),
            "the file spans governorates"
        );
        let clerk =
            fixtures::user_with(&store, "clerk.irbid", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let file = csv(&households);
        let report = run_import(
            &store,
            &pack(),
            ImportRequest {
                file_name: "mixed.csv",
                bytes: &file,
                mode: ImportMode::ValidRows,
                access: &clerk,
                batch_size: 10,
            },
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(report.run.imported_households as usize, in_irbid);
        let refused: Vec<_> = report
            .errors
            .iter()
            .filter(|e| e.code == "governorate-out-of-scope")
            .collect();
        assert_eq!(refused.len(), households.len() - in_irbid);
        assert!(refused.iter().all(|e| e.column == "governorate"));
        assert_eq!(
            store.count_households(&system()).await.unwrap() as usize,
            in_irbid
        );
        let audited = store
            .audit_entries(
                &AuditFilter {
                    action: Some(AuditAction::ImportCommitted),
                    ..Default::default()
                },
                None,
                10,
            )
            .await
            .unwrap();
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0].entry.actor_name, "clerk.irbid");
    })
    .await;
}

#[tokio::test]
async fn a_file_larger_than_the_registry_is_searchable_by_name_once_imported() {
    on_both(|store| async move {
        // Over 10,000 persons into an empty registry: SQLite defers its name indexes.
        let households = synthetic(2_300, 11);
        let persons: usize = households.iter().map(|h| h.members.len()).sum();
        assert!(persons > 10_000, "{persons} persons");
        let report = import(
            &store,
            "large.csv",
            &csv(&households),
            ImportMode::ValidRows,
            500,
        )
        .await;
        assert_eq!(report.run.imported_households, 2_300);
        assert_eq!(store.search_indexes_present().await.unwrap().len(), 3);
        let last = &households[2_299].members[0].name;
        let query = format!("{} {}", last.given.as_str(), last.family.as_str());
        let hits = store
            .search_persons(&system(), &query, None, 50)
            .await
            .unwrap()
            .hits;
        assert!(
            hits.iter()
                .any(|h| h.full_name.starts_with(last.given.as_str())),
            "{query} is found"
        );
    })
    .await;
}

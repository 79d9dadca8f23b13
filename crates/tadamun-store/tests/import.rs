//! Storage story for imports: batches commit whole or not at all, re-runs skip what a
//! file already created, and runs keep their error reports. SQLite and PostgreSQL.

use tadamun_domain::identity::{Document, DocumentType};
use tadamun_store::import::{ImportCounts, ImportErrorRecord, ImportMode, ImportStatus};
use tadamun_store::testing::{fixtures::*, on_both};

#[tokio::test]
async fn a_committed_batch_is_whole_and_a_dropped_one_leaves_nothing() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let run = store
            .start_import_run(
                "households.csv",
                "abc123",
                ImportMode::ValidRows,
                9,
                None,
                now,
            )
            .await
            .unwrap();
        let batch: Vec<_> = (0..3)
            .map(|i| (2 + i * 4, parse(&zoubi_family(&format!("5{i:02}")))))
            .collect();
        let mut writer = store.import_writer(run, "abc123", None, now).await.unwrap();
        assert_eq!(writer.insert(&batch[..2]).await.unwrap(), 2);
        assert_eq!(writer.commit().await.unwrap(), 2);
        let mut dropped = store.import_writer(run, "abc123", None, now).await.unwrap();
        dropped.insert(&batch[2..]).await.unwrap();
        drop(dropped);
        assert_eq!(
            store.count_households(&system()).await.unwrap(),
            2,
            "the dropped batch rolled back"
        );
        store.refresh_statistics().await.unwrap();
        let done = store.imported_source_rows("abc123").await.unwrap();
        assert_eq!(done, [2, 6].into_iter().collect());
        assert!(
            store
                .imported_source_rows("other-file")
                .await
                .unwrap()
                .is_empty()
        );
        // Imported households are whole: members, documents, search keys and history.
        let page = store
            .search_persons(&system(), "آمنة الزعبي", None, 10)
            .await
            .unwrap();
        assert_eq!(page.hits.len(), 2);
        let h = store
            .get_household(
                &system(),
                tadamun_domain::ids::HouseholdId(page.hits[0].household_id),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(h.members.len(), 4);
        assert_eq!(h.members[0].draft.documents.len(), 1);
        assert_eq!(
            store.household_history(&system(), h.id).await.unwrap()[0].kind,
            tadamun_domain::history::ChangeKind::Imported
        );
        let counts = store.counts_by_governorate(&system(), "JO").await.unwrap();
        assert_eq!(
            counts.iter().find(|c| c.code == "JO-IR").unwrap().persons,
            8
        );
    })
    .await;
}

#[tokio::test]
async fn registered_documents_are_found_in_bulk() {
    on_both(|store| async move {
        store
            .create_household(
                &system(),
                &parse(&zoubi_family("601")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let known = Document::parse(DocumentType::JordanNationalNumber, "9806010001").unwrap();
        let unknown = Document::parse(DocumentType::JordanNationalNumber, "9806019999").unwrap();
        let other_type = Document::parse(DocumentType::Passport, "9806010001").unwrap();
        let mut many: Vec<Document> = (0..1200)
            .map(|i| {
                Document::parse(DocumentType::JordanNationalNumber, &format!("11{i:08}")).unwrap()
            })
            .collect();
        many.extend([known.clone(), unknown, other_type]);
        let found = store.existing_documents(&many).await.unwrap();
        assert_eq!(found, [known].into_iter().collect());
    })
    .await;
}

#[tokio::test]
async fn a_finished_run_keeps_its_counts_and_error_report() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let run = store
            .start_import_run("bad.csv", "def456", ImportMode::AllOrNothing, 3, None, now)
            .await
            .unwrap();
        let running = store.import_run(&system(), run).await.unwrap().unwrap();
        assert_eq!(running.status, ImportStatus::Running);
        let errors = vec![
            ImportErrorRecord {
                row: 3,
                column: "birth_date".into(),
                household_ref: Some("H1".into()),
                code: "invalid-date".into(),
                message: "'x' is not a date".into(),
            },
            ImportErrorRecord {
                row: 3,
                column: "sex".into(),
                household_ref: Some("H1".into()),
                code: "unknown-choice".into(),
                message: "tab\there".into(),
            },
            ImportErrorRecord {
                row: 2,
                column: "governorate".into(),
                household_ref: None,
                code: "unknown-governorate".into(),
                message: "JO-XX".into(),
            },
        ];
        store
            .finish_import_run(
                run,
                ImportStatus::Rejected,
                ImportCounts {
                    imported: 0,
                    skipped: 1,
                },
                &errors,
                now,
            )
            .await
            .unwrap();
        let finished = store.import_run(&system(), run).await.unwrap().unwrap();
        assert_eq!(
            (
                finished.status,
                finished.error_rows,
                finished.skipped_households
            ),
            (ImportStatus::Rejected, 2, 1)
        );
        let report = store.import_errors(run).await.unwrap();
        assert_eq!(report.iter().map(|e| e.row).collect::<Vec<_>>(), [2, 3, 3]);
        assert_eq!(report[2].message, "tab\there", "tabs survive COPY escaping");
        assert_eq!(
            store.recent_import_runs(&system(), 10).await.unwrap()[0].id,
            run
        );
    })
    .await;
}

#[tokio::test]
async fn export_pages_walk_every_household_once() {
    on_both(|store| async move {
        let mut ids = Vec::new();
        for i in 0..5 {
            ids.push(
                store
                    .create_household(
                        &system(),
                        &parse(&zoubi_family(&format!("7{i:02}"))),
                        tadamun_store::now(),
                    )
                    .await
                    .unwrap(),
            );
        }
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.households_page(&system(), after, 2).await.unwrap();
            if page.is_empty() {
                break;
            }
            assert!(page.iter().all(|h| h.members.len() == 4));
            after = page.last().map(|h| h.id);
            seen.extend(page.into_iter().map(|h| h.id));
        }
        ids.sort();
        assert_eq!(seen, ids, "every household once, in id order");
        assert_eq!(store.count_households(&system()).await.unwrap(), 5);
    })
    .await;
}

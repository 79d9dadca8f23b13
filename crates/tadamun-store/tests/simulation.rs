//! Storage story for the policy simulator, on SQLite and PostgreSQL: synthetic ground
//! truth is written once per household and read back by pages; the simulator reads a
//! programme's households at `programme.read` inside the caller's area; lists keep only
//! the households the caller may see; a new version is added only directly after the
//! newest one, leaving a frozen version as it was.

use tadamun_domain::{
    access::{BuiltinRole, Permission},
    audit::AuditAction,
    ids::HouseholdId,
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    import::{ImportCounts, ImportMode, ImportStatus},
    testing::fixtures::*,
    testing::on_both,
};
use tadamun_targeting::programme::{ProgrammeVersion, VersionState, pack_programmes};
use time::macros::date;

fn jordan_example() -> ProgrammeVersion {
    pack_programmes(tadamun_domain::country::Country::Jordan).expect("pack programmes")[0].clone()
}

/// Three Irbid families and one in Amman; the second Irbid family is restricted.
async fn registry(store: &Store) -> Vec<HouseholdId> {
    let now = tadamun_store::now();
    let mut ids = Vec::new();
    for i in 0..4 {
        let mut raw = zoubi_family(&format!("{}{}", 60 + i, i));
        if i == 3 {
            raw.governorate = "JO-AM".into();
            raw.district = String::new();
        }
        ids.push(
            store
                .create_household(&system(), &parse(&raw), now)
                .await
                .unwrap(),
        );
    }
    store
        .set_restriction(&system(), ids[1], true, &[], &[], now)
        .await
        .unwrap();
    ids
}

#[tokio::test]
async fn synthetic_truth_is_recorded_once_per_household_and_read_back_in_pages() {
    on_both(|store| async move {
        let ids = registry(&store).await;
        let now = tadamun_store::now();
        let rows: Vec<(HouseholdId, f64)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, 80.5 + i as f64))
            .collect();
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &[]).await;
        let finance = user_with(&store, "fin", &[BuiltinRole::FinanceOfficer], &[]).await;
        assert!(matches!(
            store.record_synthetic_truth(&finance, &rows, now).await,
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            store
                .record_synthetic_truth(&system(), &[(ids[0], f64::NAN)], now)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            store
                .record_synthetic_truth(&system(), &[(ids[0], -1.0)], now)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            store
                .record_synthetic_truth(&system(), &rows, now)
                .await
                .unwrap(),
            4
        );
        assert!(
            matches!(
                store
                    .record_synthetic_truth(&system(), &rows[..1], now)
                    .await,
                Err(StoreError::Duplicate { .. })
            ),
            "a household's truth is written once"
        );

        assert!(matches!(
            store.synthetic_truth_page(&registrar, None, 10).await,
            Err(StoreError::Forbidden(_))
        ));
        let mut read = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .synthetic_truth_page(&finance, after, 3)
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.0);
            read.extend(page);
        }
        let mut expected = rows.clone();
        expected.sort_by_key(|(id, _)| *id);
        assert_eq!(read, expected, "every row, in id order, values exact");
    })
    .await;
}

#[tokio::test]
async fn seeding_finds_the_households_it_imported_by_their_source_rows() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let sha = "synthetic:test";
        let run = store
            .start_import_run("synthetic", sha, ImportMode::ValidRows, 2, None, now)
            .await
            .unwrap();
        let mut writer = store.import_writer(run, sha, None, now).await.unwrap();
        writer
            .insert(&[
                (1, parse(&zoubi_family("711"))),
                (2, parse(&zoubi_family("722"))),
            ])
            .await
            .unwrap();
        writer.commit().await.unwrap();
        store
            .finish_import_run(
                run,
                ImportStatus::Completed,
                ImportCounts {
                    imported: 2,
                    skipped: 0,
                },
                &[],
                now,
            )
            .await
            .unwrap();
        let found = store.imported_households(&system(), sha).await.unwrap();
        assert_eq!(
            found.iter().map(|(row, _)| *row).collect::<Vec<_>>(),
            [1, 2]
        );
        for (_, id) in &found {
            assert!(store.get_household(&system(), *id).await.unwrap().is_some());
        }
        assert!(
            store
                .imported_households(&system(), "another file")
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn the_simulator_reads_a_programmes_households_at_read_level_within_the_callers_area() {
    on_both(|store| async move {
        let ids = registry(&store).await;
        let national = jordan_example();
        let mut pilot = national.clone();
        pilot.key = "irbid-pilot".into();
        pilot.coverage = vec!["JO-IR".into()];
        let finance = user_with(&store, "fin", &[BuiltinRole::FinanceOfficer], &[]).await;
        assert!(!finance.can(Permission::ProgrammeManage));
        let irbid_finance =
            user_with(&store, "fin-ir", &[BuiltinRole::FinanceOfficer], &["JO-IR"]).await;
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &[]).await;

        let everyone = store
            .simulation_applicants_page(&finance, &national, None, None, 100)
            .await
            .unwrap();
        assert_eq!(everyone.len(), 4, "restricted households count too");
        let irbid = store
            .simulation_applicants_page(&irbid_finance, &pilot, None, None, 100)
            .await
            .unwrap();
        assert_eq!(irbid.len(), 3);
        assert!(matches!(
            store
                .simulation_applicants_page(&irbid_finance, &national, None, None, 100)
                .await,
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            store
                .simulation_applicants_page(&registrar, &pilot, None, None, 100)
                .await,
            Err(StoreError::Forbidden(_))
        ));
        // A run's reader still needs programme.manage.
        assert!(matches!(
            store
                .applicants_page(&finance, &national, None, None, 100)
                .await,
            Err(StoreError::Forbidden(_))
        ));

        let seen = store
            .visible_household_heads(&irbid_finance, &ids)
            .await
            .unwrap();
        assert!(seen.contains_key(&ids[0]) && seen.contains_key(&ids[2]));
        assert!(!seen.contains_key(&ids[1]), "restricted: not granted");
        assert!(!seen.contains_key(&ids[3]), "Amman is outside Irbid");
        let head = store
            .get_household(&system(), ids[0])
            .await
            .unwrap()
            .unwrap()
            .head()
            .unwrap()
            .draft
            .name
            .full();
        assert_eq!(seen[&ids[0]], head);
        assert_eq!(
            store
                .visible_household_heads(&system(), &ids)
                .await
                .unwrap()
                .len(),
            4
        );
    })
    .await;
}

#[tokio::test]
async fn a_new_version_follows_the_newest_directly_and_leaves_the_frozen_one_as_it_was() {
    on_both(|store| async move {
        registry(&store).await;
        let officer = user_with(&store, "po", &[BuiltinRole::ProgrammeOfficer], &[]).await;
        let finance = user_with(&store, "fin", &[BuiltinRole::FinanceOfficer], &[]).await;
        let p = jordan_example();
        let now = tadamun_store::now();
        store
            .add_programme_version(&officer, &p, now)
            .await
            .unwrap();
        let first = store
            .programme_version(&officer, &p.key, None)
            .await
            .unwrap();
        let applicants = applicants(&store, &first.definition).await;
        run_programme(&store, &first, &applicants, date!(2026 - 11 - 30)).await;
        let frozen = store
            .programme_version(&officer, &p.key, Some(1))
            .await
            .unwrap();
        assert_eq!(frozen.state, VersionState::Frozen);

        let mut next = p.clone();
        next.version = 2;
        next.budget_per_cycle.0 /= 2;
        assert!(matches!(
            store.add_programme_version(&finance, &next, now).await,
            Err(StoreError::Forbidden(_))
        ));
        let mut skipping = next.clone();
        skipping.version = 3;
        assert!(matches!(
            store.add_programme_version(&officer, &skipping, now).await,
            Err(StoreError::Conflict)
        ));
        store
            .add_programme_version(&officer, &next, now)
            .await
            .unwrap();
        let mut again = next.clone();
        again.name_en = "A second planner's version 2".into();
        assert!(
            matches!(
                store.add_programme_version(&officer, &again, now).await,
                Err(StoreError::Conflict)
            ),
            "a saved draft is never replaced by another new version"
        );

        let v2 = store
            .programme_version(&officer, &p.key, None)
            .await
            .unwrap();
        assert_eq!(v2.definition, next);
        assert_eq!(v2.state, VersionState::Draft);
        let v1 = store
            .programme_version(&officer, &p.key, Some(1))
            .await
            .unwrap();
        assert_eq!(v1, frozen, "the frozen version is untouched");
        let saved = store
            .count_audit_entries(&AuditFilter {
                action: Some(AuditAction::ProgrammeSaved),
                object_id: Some(v2.id.to_string()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(saved, 1, "the new version is audited as saved");
    })
    .await;
}

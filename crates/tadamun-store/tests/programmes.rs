//! Storage story for programmes, on SQLite and PostgreSQL: a version is saved as a
//! draft and frozen by its first run; a run and its decisions are written whole or not
//! at all; decisions are read back with the household's visibility; a letter's code is
//! recorded.

use tadamun_domain::access::BuiltinRole;
use tadamun_store::{
    StoreError,
    programmes::{RankCursor, RunKind},
    testing::fixtures::*,
    testing::on_both,
};
use tadamun_targeting::{
    decision::{self, Outcome},
    programme::VersionState,
};
use time::macros::date;

const AS_OF: time::Date = date!(2026 - 11 - 30);

/// Jordan's example programme, saved as a draft, and the stored version.
async fn saved_example(
    store: &tadamun_store::Store,
) -> (
    tadamun_targeting::programme::ProgrammeVersion,
    tadamun_store::programmes::StoredProgramme,
) {
    let p = jordan_example();
    store
        .save_programme_version(&system(), &p, tadamun_store::now())
        .await
        .unwrap();
    let stored = store
        .programme_version(&system(), &p.key, None)
        .await
        .unwrap();
    (p, stored)
}

#[tokio::test]
async fn a_version_is_a_draft_until_its_first_run_freezes_it() {
    on_both(|store| async move {
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &[]).await;
        let officer = user_with(&store, "po", &[BuiltinRole::ProgrammeOfficer], &[]).await;
        let mut p = jordan_example();
        let now = tadamun_store::now();
        assert!(matches!(
            store.save_programme_version(&registrar, &p, now).await,
            Err(StoreError::Forbidden(_))
        ));
        let id = store
            .save_programme_version(&officer, &p, now)
            .await
            .unwrap();
        p.name_en = "Renamed while a draft".into();
        let again = store
            .save_programme_version(&officer, &p, now)
            .await
            .unwrap();
        assert_eq!(id, again, "a draft is replaced in place");
        let stored = store
            .programme_version(&officer, &p.key, None)
            .await
            .unwrap();
        assert_eq!(stored.definition.name_en, "Renamed while a draft");
        assert_eq!(stored.state, VersionState::Draft);

        income_ladder(&store).await;
        let applicants = applicants(&store, &stored.definition).await;
        run_programme(&store, &stored, &applicants, AS_OF).await;

        let frozen = store
            .programme_version(&officer, &p.key, Some(p.version))
            .await
            .unwrap();
        assert_eq!(frozen.state, VersionState::Frozen);
        p.name_en = "Edited after decisions".into();
        assert!(matches!(
            store.save_programme_version(&officer, &p, now).await,
            Err(StoreError::Conflict)
        ));
        p.version += 1;
        store
            .save_programme_version(&officer, &p, now)
            .await
            .unwrap();
        let all = store.programme_versions(&officer).await.unwrap();
        let versions: Vec<_> = all
            .iter()
            .map(|v| (v.definition.version, v.state))
            .collect();
        assert_eq!(
            versions,
            vec![
                (p.version, VersionState::Draft),
                (p.version - 1, VersionState::Frozen)
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_run_scores_restricted_households_too_and_its_decisions_follow_household_visibility() {
    on_both(|store| async move {
        let households = income_ladder(&store).await;
        let (p, stored) = saved_example(&store).await;
        let applicants = applicants(&store, &p).await;
        assert_eq!(
            applicants.len(),
            households.len(),
            "restricted households are scored"
        );
        let run_id = run_programme(&store, &stored, &applicants, AS_OF).await;

        let national = user_with(&store, "po", &[BuiltinRole::ProgrammeOfficer], &[]).await;
        let irbid = user_with(&store, "irbid", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let mine = store
            .household_decisions(&national, households[0])
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        let d = &mine[0];
        assert_eq!(
            (d.programme_key.as_str(), d.run_id, d.as_of),
            (p.key.as_str(), run_id, AS_OF)
        );
        assert!(d.illustrative, "the pack's example says it is illustrative");
        assert!(!d.detail.inputs.members.is_empty(), "the inputs are kept");
        assert_eq!(d.detail.explanation.outcome, d.outcome);
        assert!(
            store
                .household_decisions(&national, households[5])
                .await
                .unwrap()
                .is_empty(),
            "a restricted household's decisions are hidden like the household"
        );
        assert_eq!(
            store
                .household_decisions(&system(), households[5])
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .household_decisions(&irbid, households[0])
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(matches!(
            store
                .decision(
                    &irbid,
                    store
                        .household_decisions(&system(), households[5])
                        .await
                        .unwrap()[0]
                        .id
                )
                .await,
            Err(StoreError::NotFound)
        ));

        let summary = store.decision_run(&national, run_id).await.unwrap();
        assert_eq!(summary.households, 6);
        let runs = store.decision_runs(&national, &p.key).await.unwrap();
        assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), vec![run_id]);

        // Every outcome, paged two at a time in rank order, adds up to the run.
        let mut seen = 0;
        for outcome in Outcome::ALL {
            let mut after = None;
            let mut last_rank = 0;
            loop {
                let page = store
                    .run_decisions_page(&system(), run_id, outcome, after, 2)
                    .await
                    .unwrap();
                let Some(last) = page.last() else { break };
                for d in &page {
                    assert_eq!(d.outcome, outcome);
                    let r = d.rank.unwrap_or(0);
                    assert!(r >= last_rank, "rank order");
                    last_rank = r;
                }
                after = Some(RankCursor::after(last));
                seen += page.len();
            }
        }
        assert_eq!(seen as i64, summary.households);
        assert_eq!(
            summary.eligible + summary.waiting_list + summary.not_eligible + summary.not_decidable,
            6
        );
    })
    .await;
}

#[tokio::test]
async fn a_run_dropped_before_it_finishes_leaves_nothing_and_the_version_stays_a_draft() {
    on_both(|store| async move {
        income_ladder(&store).await;
        let (p, stored) = saved_example(&store).await;
        let applicants = applicants(&store, &p).await;
        let compiled = p.compile(&pack()).unwrap();
        let records = decision::decide(&compiled, &applicants, AS_OF);
        let mut writer = store
            .begin_decision_run(
                &system(),
                &stored,
                RunKind::Registry,
                AS_OF,
                tadamun_store::now(),
            )
            .await
            .unwrap();
        writer.write(&records[..3], |_| None).await.unwrap();
        drop(writer);
        assert!(
            store
                .decision_runs(&system(), &p.key)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .household_decisions(&system(), applicants[0].id)
                .await
                .unwrap()
                .is_empty()
        );
        let still = store
            .programme_version(&system(), &p.key, None)
            .await
            .unwrap();
        assert_eq!(still.state, VersionState::Draft);
    })
    .await;
}

#[tokio::test]
async fn a_scoped_officer_cannot_run_a_national_programme_and_a_letter_is_recorded() {
    on_both(|store| async move {
        let households = income_ladder(&store).await;
        let (p, stored) = saved_example(&store).await;
        let irbid_officer = user_with(
            &store,
            "po-irbid",
            &[BuiltinRole::ProgrammeOfficer],
            &["JO-IR"],
        )
        .await;
        assert!(matches!(
            store
                .applicants_page(&irbid_officer, &p, None, None, 10)
                .await,
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            store
                .begin_decision_run(
                    &irbid_officer,
                    &stored,
                    RunKind::Registry,
                    AS_OF,
                    tadamun_store::now()
                )
                .await,
            Err(StoreError::Forbidden(_))
        ));

        let applicants = applicants(&store, &p).await;
        run_programme(&store, &stored, &applicants, AS_OF).await;
        let d = store
            .household_decisions(&irbid_officer, households[1])
            .await
            .unwrap();
        assert_eq!(d[0].letter_issued_at, None);
        store
            .issue_decision_letter(&irbid_officer, d[0].id, "ab12", tadamun_store::now())
            .await
            .unwrap();
        let after = store.decision(&irbid_officer, d[0].id).await.unwrap();
        assert!(after.letter_issued_at.is_some());
    })
    .await;
}

#[tokio::test]
async fn scoring_reads_what_the_registry_holds_without_names_or_contacts() {
    use tadamun_domain::history::LifeEvent;
    on_both(|store| async move {
        let now = tadamun_store::now();
        let mut ids = income_ladder(&store).await;
        // Washington Group answers, an approximate birth date, a missing education,
        // a country field, and a member who has died.
        let mut raw = zoubi_family("777");
        raw.members[1].wg_walking = "3".into();
        raw.members[1].wg_self_care = "4".into();
        raw.members[2].birth_date = "2011".into();
        raw.members[2].birth_date_approx = "1".into();
        raw.members[2].education = String::new();
        raw.extra.insert("nationality".into(), "syrian".into());
        raw.extra.insert("orphans_in_care".into(), "2".into());
        let id = store
            .create_household(&system(), &parse(&raw), now)
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        store
            .record_event(
                &system(),
                id,
                h.version,
                &LifeEvent::Death {
                    person_id: h.members[0].id,
                    date: date!(2026 - 11 - 10),
                },
                now,
            )
            .await
            .unwrap();
        ids.push(id);

        let read = applicants(&store, &jordan_example()).await;
        let mut read_ids: Vec<_> = read.iter().map(|a| a.id).collect();
        read_ids.sort();
        ids.sort();
        assert_eq!(read_ids, ids, "every active household, restricted ones too");
        assert_scoring_reads_the_registry(&store).await;
        let last = read.iter().find(|a| a.id == id).unwrap();
        assert_eq!(last.household.members.len(), h.members.len() - 1);
        assert!(last.household.members[1].birth_date.approximate);
    })
    .await;
}

#[tokio::test]
async fn a_stored_decision_reads_back_as_the_record_the_run_made() {
    on_both(|store| async move {
        income_ladder(&store).await;
        let (p, stored) = saved_example(&store).await;
        let applicants = applicants(&store, &p).await;
        let made = decision::decide(&p.compile(&pack()).unwrap(), &applicants, AS_OF);
        run_programme(&store, &stored, &applicants, AS_OF).await;
        for r in &made {
            let d = store
                .household_decisions(&system(), r.household)
                .await
                .unwrap()
                .remove(0);
            assert_eq!(
                (d.outcome, d.rank, d.entitlement),
                (r.outcome, r.rank, r.entitlement)
            );
            assert_eq!(d.predicted, r.score.as_ref().map(|s| s.predicted));
            assert_eq!(d.detail.inputs, r.inputs);
            assert_eq!(d.detail.rules, r.rules);
            assert_eq!(d.detail.score, r.score, "components rebuilt exactly");
            assert_eq!(d.detail.explanation, r.explanation);
            assert_eq!((d.detail.cut_off, d.detail.ranked), (r.cut_off, r.ranked));
        }
    })
    .await;
}

#[tokio::test]
async fn a_run_naming_a_household_not_in_the_registry_is_rolled_back_whole() {
    on_both(|store| async move {
        income_ladder(&store).await;
        let (p, stored) = saved_example(&store).await;
        let applicants = applicants(&store, &p).await;
        let mut records = decision::decide(&p.compile(&pack()).unwrap(), &applicants, AS_OF);
        records[2].household = tadamun_domain::ids::HouseholdId(uuid::Uuid::now_v7());
        let mut writer = store
            .begin_decision_run(
                &system(),
                &stored,
                RunKind::Registry,
                AS_OF,
                tadamun_store::now(),
            )
            .await
            .unwrap();
        // SQLite refuses the row itself; PostgreSQL checks the chunk before writing it.
        let refused = match writer.write(&records, |_| None).await {
            Err(e) => e,
            Ok(()) => writer.finish(None).await.unwrap_err(),
        };
        if store.backend_name() == "postgres" {
            assert!(
                refused.to_string().contains("not in the registry"),
                "{refused}"
            );
        }
        assert!(
            store
                .decision_runs(&system(), &p.key)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .household_decisions(&system(), applicants[0].id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

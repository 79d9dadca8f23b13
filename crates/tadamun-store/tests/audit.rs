//! Storage story for the audit log, on SQLite and PostgreSQL: entries chain and read
//! back whole; the database refuses edits; and an attacker who drops the triggers and
//! edits, deletes, reorders, inserts or truncates directly in the database is caught by
//! `verify_audit_chain`, which names the first broken entry and how it broke.

use tadamun_domain::{
    audit::{
        AuditAction, AuditBreak, AuditRecord, AuditVerdict, BreakKind, GENESIS_HASH, NewAuditEntry,
        chain_hash,
    },
    ids::UserId,
};
use tadamun_store::{
    Store,
    audit::{AuditFilter, AuditOrder},
    testing::{drop_audit_triggers, execute_raw, insert_raw_audit_row, on_both},
};
use time::Duration;

fn entry(i: i64) -> NewAuditEntry {
    NewAuditEntry {
        at: tadamun_store::now(),
        actor_id: Some(UserId(uuid::Uuid::from_u128(i as u128 % 2 + 1))),
        actor_name: if i % 2 == 0 {
            "clerk.irbid"
        } else {
            "مدقق.عمان"
        }
        .into(),
        source_ip: Some(format!("10.0.0.{i}")),
        action: if i % 3 == 0 {
            AuditAction::LoginSucceeded
        } else {
            AuditAction::HouseholdUpdated
        },
        object_type: "household".into(),
        object_id: Some(format!("h-{i}")),
        before_json: Some(format!(r#"{{"rooms":{i}}}"#)),
        after_json: Some(format!(r#"{{"rooms":{},"address":"إربد"}}"#, i + 1)),
    }
}

/// Appends entries 1..=n and returns them as stored, oldest first.
async fn log_of(store: &Store, n: i64) -> Vec<AuditRecord> {
    for i in 1..=n {
        assert_eq!(store.record_audit(&entry(i)).await.unwrap(), i);
    }
    let oldest_first = AuditFilter {
        order: AuditOrder::OldestFirst,
        ..Default::default()
    };
    store
        .audit_entries(&oldest_first, None, 1000)
        .await
        .unwrap()
}

async fn first_break(store: &Store) -> AuditBreak {
    match store.verify_audit_chain().await.unwrap() {
        AuditVerdict::Broken(b) => b,
        v => panic!("expected a break, got {v:?}"),
    }
}

#[tokio::test]
async fn appended_entries_chain_and_read_back_whole_on_both_databases() {
    on_both(|store| async move {
        assert!(matches!(
            store.verify_audit_chain().await.unwrap(),
            AuditVerdict::Intact {
                entries: 0,
                head_seq: 0,
                ..
            }
        ));
        assert_eq!(store.audit_head().await.unwrap(), None);
        let mut bare = entry(1);
        bare.actor_id = None;
        bare.source_ip = None;
        bare.object_id = None;
        bare.before_json = None;
        bare.after_json = None;
        bare.action = AuditAction::LoginFailed;
        assert_eq!(store.record_audit(&bare).await.unwrap(), 1);
        for i in 2..=5 {
            store.record_audit(&entry(i)).await.unwrap();
        }
        let records = store
            .audit_entries(
                &AuditFilter {
                    order: AuditOrder::OldestFirst,
                    ..Default::default()
                },
                None,
                100,
            )
            .await
            .unwrap();
        assert_eq!(records.len(), 5);
        assert_eq!(
            records[0].entry, bare,
            "every field survives, None included"
        );
        assert_eq!(records[0].prev_hash, GENESIS_HASH);
        for (i, r) in records.iter().enumerate().skip(1) {
            assert_eq!(r.seq, i as i64 + 1);
            let expected = NewAuditEntry {
                at: r.entry.at,
                ..entry(r.seq)
            };
            assert_eq!(r.entry, expected);
            assert_eq!(r.prev_hash, records[i - 1].hash);
            assert_eq!(r.hash, chain_hash(&r.prev_hash, r.seq, &r.entry));
        }
        let head = store.audit_head().await.unwrap().unwrap();
        assert_eq!((head.seq, &head.hash), (5, &records[4].hash));
        assert_eq!(
            store.verify_audit_chain().await.unwrap(),
            AuditVerdict::Intact {
                entries: 5,
                head_seq: 5,
                head_hash: records[4].hash.clone()
            }
        );
    })
    .await;
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_entries_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 3).await;
        for sql in [
            "update audit_log set actor_name = 'someone.else' where seq = 2",
            "delete from audit_log where seq = 2",
            "delete from audit_log",
            "delete from audit_head",
            "update audit_head set seq = 2 where id = 1",
            "update audit_head set seq = 9 where id = 1",
        ] {
            assert!(
                execute_raw(&store, sql).await.is_err(),
                "{sql} was allowed on {}",
                store.backend_name()
            );
        }
        if store.backend_name() == "postgres" {
            for sql in ["truncate audit_log", "truncate audit_head"] {
                assert!(execute_raw(&store, sql).await.is_err(), "{sql} was allowed");
            }
        }
        assert!(matches!(
            store.verify_audit_chain().await.unwrap(),
            AuditVerdict::Intact { entries: 3, .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn editing_an_entry_is_caught_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 6).await;
        drop_audit_triggers(&store).await;
        execute_raw(
            &store,
            "update audit_log set after_json = '{\"rooms\":9}' where seq = 3",
        )
        .await
        .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (3, BreakKind::Edited), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn an_entry_edited_to_an_unknown_action_is_caught_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 4).await;
        drop_audit_triggers(&store).await;
        execute_raw(
            &store,
            "update audit_log set action = 'nothing_happened' where seq = 2",
        )
        .await
        .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (2, BreakKind::Edited), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn deleting_an_entry_from_the_middle_is_caught_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 6).await;
        drop_audit_triggers(&store).await;
        execute_raw(&store, "delete from audit_log where seq = 3")
            .await
            .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (3, BreakKind::Deleted), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn reordering_two_entries_is_caught_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 6).await;
        drop_audit_triggers(&store).await;
        for sql in [
            "update audit_log set seq = 1000 where seq = 2",
            "update audit_log set seq = 2 where seq = 4",
            "update audit_log set seq = 4 where seq = 1000",
        ] {
            execute_raw(&store, sql).await.unwrap();
        }
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (2, BreakKind::Reordered), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn a_forged_entry_appended_past_the_head_is_caught_on_both_databases() {
    on_both(|store| async move {
        let records = log_of(&store, 5).await;
        // The forger knows the algorithm and links the entry properly.
        let forged = entry(42);
        let prev_hash = records[4].hash.clone();
        insert_raw_audit_row(
            &store,
            &AuditRecord {
                seq: 6,
                hash: chain_hash(&prev_hash, 6, &forged),
                prev_hash,
                entry: forged,
            },
        )
        .await
        .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (6, BreakKind::Inserted), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn a_forged_entry_slipped_into_the_middle_is_caught_on_both_databases() {
    on_both(|store| async move {
        let records = log_of(&store, 6).await;
        drop_audit_triggers(&store).await;
        // Make room after entry 3 by renumbering the rest one up.
        for sql in [
            "update audit_log set seq = seq + 1000 where seq > 3",
            "update audit_log set seq = seq - 999 where seq > 1000",
        ] {
            execute_raw(&store, sql).await.unwrap();
        }
        let forged = entry(42);
        let prev_hash = records[2].hash.clone();
        insert_raw_audit_row(
            &store,
            &AuditRecord {
                seq: 4,
                hash: chain_hash(&prev_hash, 4, &forged),
                prev_hash,
                entry: forged,
            },
        )
        .await
        .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (4, BreakKind::Inserted), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn deleting_the_last_entry_is_caught_as_truncation_on_both_databases() {
    on_both(|store| async move {
        log_of(&store, 6).await;
        drop_audit_triggers(&store).await;
        execute_raw(&store, "delete from audit_log where seq = 6")
            .await
            .unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (6, BreakKind::Truncated), "{b:?}");
        execute_raw(&store, "delete from audit_head").await.unwrap();
        let b = first_break(&store).await;
        assert_eq!((b.seq, b.kind), (6, BreakKind::Truncated), "{b:?}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_appends_form_one_unbroken_chain_on_both_databases() {
    on_both(|store| async move {
        let tasks: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut seqs = Vec::new();
                    for i in 0..25 {
                        seqs.push(store.record_audit(&entry(t * 100 + i)).await.unwrap());
                    }
                    seqs
                })
            })
            .collect();
        let mut seqs = Vec::new();
        for t in tasks {
            seqs.extend(t.await.unwrap());
        }
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=200).collect::<Vec<i64>>());
        assert!(matches!(
            store.verify_audit_chain().await.unwrap(),
            AuditVerdict::Intact {
                entries: 200,
                head_seq: 200,
                ..
            }
        ));
    })
    .await;
}

#[tokio::test]
async fn the_auditor_finds_entries_by_actor_action_object_and_time_on_both_databases() {
    on_both(|store| async move {
        let before = tadamun_store::now() - Duration::seconds(1);
        let records = log_of(&store, 12).await;
        let after = tadamun_store::now() + Duration::seconds(1);
        let count = |f: AuditFilter| {
            let store = store.clone();
            async move { store.count_audit_entries(&f).await.unwrap() }
        };
        assert_eq!(count(AuditFilter::default()).await, 12);
        let by_actor = AuditFilter {
            actor_name: Some("مدقق.عمان".into()),
            ..Default::default()
        };
        assert_eq!(count(by_actor.clone()).await, 6);
        let found = store.audit_entries(&by_actor, None, 100).await.unwrap();
        assert_eq!(
            found.iter().map(|r| r.seq).collect::<Vec<_>>(),
            vec![11, 9, 7, 5, 3, 1],
            "newest first by default"
        );
        let by_id = AuditFilter {
            actor_id: Some(UserId(uuid::Uuid::from_u128(1))),
            ..Default::default()
        };
        assert_eq!(count(by_id).await, 6);
        let logins = AuditFilter {
            action: Some(AuditAction::LoginSucceeded),
            ..Default::default()
        };
        assert_eq!(count(logins).await, 4);
        let one = AuditFilter {
            object_type: Some("household".into()),
            object_id: Some("h-7".into()),
            ..Default::default()
        };
        let found = store.audit_entries(&one, None, 100).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0], records[6]);
        let window = |from, until| AuditFilter {
            from,
            until,
            ..Default::default()
        };
        assert_eq!(count(window(Some(before), Some(after))).await, 12);
        assert_eq!(count(window(Some(after), None)).await, 0);
        assert_eq!(count(window(None, Some(before))).await, 0);
        // From entry 4's instant (inclusive) until entry 9's (exclusive).
        let middle = store
            .audit_entries(
                &window(Some(records[3].entry.at), Some(records[8].entry.at)),
                None,
                100,
            )
            .await
            .unwrap();
        assert_eq!(
            middle.iter().map(|r| r.seq).collect::<Vec<_>>(),
            vec![8, 7, 6, 5, 4]
        );

        // Keyset pages, both ways, add up to the whole log exactly once.
        for order in [AuditOrder::NewestFirst, AuditOrder::OldestFirst] {
            let filter = AuditFilter {
                order,
                ..Default::default()
            };
            let mut seen = Vec::new();
            let mut after_seq = None;
            loop {
                let page = store.audit_entries(&filter, after_seq, 5).await.unwrap();
                if page.is_empty() {
                    break;
                }
                after_seq = page.last().map(|r| r.seq);
                seen.extend(page.into_iter().map(|r| r.seq));
            }
            let mut expected: Vec<i64> = (1..=12).collect();
            if order == AuditOrder::NewestFirst {
                expected.reverse();
            }
            assert_eq!(seen, expected, "{order:?}");
        }
        let page = store.audit_entries(&by_actor, Some(7), 2).await.unwrap();
        assert_eq!(page.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![5, 3]);
    })
    .await;
}

//! Storage story for the name-search indexes a large SQLite import defers: name
//! search works while they are gone, and a rebuild, or the next start, restores them
//! exactly as the migration made them. Run on SQLite and PostgreSQL.

use tadamun_store::testing::{fixtures::*, on_both};

fn names(indexes: &[(String, String)]) -> Vec<&str> {
    indexes.iter().map(|(n, _)| n.as_str()).collect()
}

#[tokio::test]
async fn a_large_import_defers_the_name_indexes_on_sqlite_only_and_they_come_back_the_same() {
    on_both(|store| async move {
        let migrated = store.search_indexes_present().await.unwrap();
        assert_eq!(
            names(&migrated),
            [
                "persons_family_given_key",
                "persons_given_family_key",
                "persons_name_key"
            ]
        );
        assert!(
            !store.defer_search_indexes(500).await.unwrap(),
            "a small file keeps them"
        );

        let deferred = store.defer_search_indexes(1_000_000).await.unwrap();
        assert_eq!(deferred, store.backend_name() == "sqlite");
        let during = store.search_indexes_present().await.unwrap();
        assert_eq!(during.is_empty(), deferred);

        let id = store
            .create_household(
                &system(),
                &parse(&zoubi_family("301")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let hits = store
            .search_persons(&system(), "أحمد الزعبي", None, 20)
            .await
            .unwrap()
            .hits;
        assert!(
            hits.iter().any(|h| h.household_id == id.0),
            "name search scans while the indexes are deferred"
        );

        store.rebuild_search_indexes().await.unwrap();
        assert_eq!(store.search_indexes_present().await.unwrap(), migrated);
    })
    .await;
}

#[tokio::test]
async fn indexes_left_missing_by_a_killed_import_are_rebuilt_at_the_next_start() {
    on_both(|store| async move {
        let migrated = store.search_indexes_present().await.unwrap();
        store.defer_search_indexes(1_000_000).await.unwrap();
        // The import is killed here: no rebuild. The next start migrates.
        store.migrate().await.unwrap();
        assert_eq!(store.search_indexes_present().await.unwrap(), migrated);
    })
    .await;
}

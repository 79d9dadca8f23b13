//! Storage story for search: Arabic name variants, ID and phone, and keyset pages,
//! run on SQLite and PostgreSQL.

use tadamun_store::search::SearchCursor;
use tadamun_store::testing::{fixtures::*, on_both};

#[tokio::test]
async fn a_name_is_found_whatever_the_hamza_and_ta_marbuta_spelling() {
    on_both(|store| async move {
        let id = store
            .create_household(
                &system(),
                &parse(&zoubi_family("201")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        for query in [
            "احمد محمد",
            "أحمد",
            "اَحْمَد محمد علي الزعبي",
            "احمد الزعبي",
            "امنه الزعبي",
            "عبدالله احمد",
        ] {
            let page = store
                .search_persons(&system(), query, None, 20)
                .await
                .unwrap();
            assert!(
                page.hits.iter().any(|h| h.household_id == id.0),
                "{query} finds the family"
            );
        }
        let page = store
            .search_persons(&system(), "آمنة", None, 20)
            .await
            .unwrap();
        assert_eq!(page.hits.len(), 1);
        assert_eq!(page.hits[0].full_name, "آمنة أحمد محمد الزعبي");
        assert!(
            store
                .search_persons(&system(), "خليل", None, 20)
                .await
                .unwrap()
                .hits
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn id_numbers_and_phones_find_the_household() {
    on_both(|store| async move {
        let id = store
            .create_household(
                &system(),
                &parse(&zoubi_family("202")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let by_id = store
            .search_persons(&system(), "٩٨٠٢٠٢٠٠٠١", None, 20)
            .await
            .unwrap();
        assert_eq!(by_id.hits.len(), 1);
        assert_eq!(by_id.hits[0].id_number.as_deref(), Some("9802020001"));
        let by_phone = store
            .search_persons(&system(), "079 202 4567", None, 20)
            .await
            .unwrap();
        assert_eq!(by_phone.hits.len(), 4, "every member of the household");
        assert!(by_phone.hits.iter().all(|h| h.household_id == id.0));
        assert!(
            store
                .search_persons(&system(), "+962792024567", None, 20)
                .await
                .unwrap()
                .hits
                .len()
                == 4
        );
    })
    .await;
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats() {
    on_both(|store| async move {
        for i in 0..7 {
            store
                .create_household(
                    &system(),
                    &parse(&zoubi_family(&format!("3{i:02}"))),
                    tadamun_store::now(),
                )
                .await
                .unwrap();
        }
        // 7 heads named أحمد … الزعبي plus 7 sons عبد الله أحمد …: "احمد" matches heads by full
        // name (phase 1) and nobody else by given+family.
        let mut seen = Vec::new();
        let mut cursor: Option<SearchCursor> = None;
        loop {
            let page = store
                .search_persons(&system(), "احمد", cursor.as_ref(), 3)
                .await
                .unwrap();
            assert!(page.hits.len() <= 3);
            seen.extend(page.hits.iter().map(|h| h.person_id));
            match page.next {
                Some(next) => cursor = Some(SearchCursor::decode(&next.encode()).unwrap()),
                None => break,
            }
        }
        let unique: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!(seen.len(), 7);
        assert_eq!(unique.len(), 7);
        // Family-name search reaches the third key, page by page.
        let mut all = Vec::new();
        let mut cursor: Option<SearchCursor> = None;
        loop {
            let page = store
                .search_persons(&system(), "الزعبي", cursor.as_ref(), 4)
                .await
                .unwrap();
            all.extend(page.hits.iter().map(|h| h.person_id));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let unique: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "no repeats");
        assert_eq!(
            all.len(),
            21,
            "every Zoubi by family name, across phases and pages"
        );
    })
    .await;
}

//! Storage story for users and sessions, on SQLite and PostgreSQL.

use tadamun_domain::{
    ids::UserId,
    user::{DigitStyle, Locale},
};
use tadamun_store::StoreError;
use tadamun_store::access::Grants;
use tadamun_store::testing::on_both;

fn national() -> Grants {
    Grants {
        roles: ["registrar".to_owned()].into(),
        scope: tadamun_domain::access::AreaScope::National,
    }
}
use time::Duration;

#[tokio::test]
async fn users_are_created_found_and_keep_their_preferences() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        assert_eq!(store.count_users().await.unwrap(), 0);
        let id = store
            .create_user(
                "clerk.irbid",
                "موظف إربد",
                "$argon2id$fake",
                &national(),
                now,
            )
            .await
            .unwrap();
        let dup = store
            .create_user("clerk.irbid", "x", "y", &national(), now)
            .await
            .unwrap_err();
        assert!(matches!(dup, StoreError::Duplicate { .. }));
        let found = store
            .user_by_username("clerk.irbid")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.user.id, id);
        assert_eq!(found.user.locale, Locale::Arabic, "Arabic is the default");
        assert_eq!(found.password_hash, "$argon2id$fake");
        store
            .set_user_preferences(id, Locale::English, DigitStyle::ArabicIndic, now)
            .await
            .unwrap();
        store
            .set_password_hash(id, "$argon2id$new", now)
            .await
            .unwrap();
        let again = store
            .user_by_username("clerk.irbid")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (again.user.locale, again.user.digits),
            (Locale::English, DigitStyle::ArabicIndic)
        );
        assert_eq!(again.password_hash, "$argon2id$new");
        assert_eq!(
            store.user_by_id(id).await.unwrap().unwrap().display_name,
            "موظف إربد"
        );
        assert!(store.user_by_id(UserId::new()).await.unwrap().is_none());
        assert!(matches!(
            store.set_password_hash(UserId::new(), "x", now).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.count_users().await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_and_can_be_ended() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_user("admin", "المدير", "h", &national(), now)
            .await
            .unwrap();
        store
            .create_session("live", id, now + Duration::hours(8), now)
            .await
            .unwrap();
        store
            .create_session(
                "old",
                id,
                now - Duration::minutes(1),
                now - Duration::hours(9),
            )
            .await
            .unwrap();
        assert_eq!(
            store.session_user("live", now).await.unwrap().unwrap().id,
            id
        );
        assert!(
            store.session_user("old", now).await.unwrap().is_none(),
            "expired"
        );
        assert!(store.session_user("unknown", now).await.unwrap().is_none());
        assert_eq!(store.purge_expired_sessions(now).await.unwrap(), 1);
        store.delete_session("live").await.unwrap();
        assert!(store.session_user("live", now).await.unwrap().is_none());
    })
    .await;
}

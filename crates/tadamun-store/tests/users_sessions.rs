//! Storage story for users and sessions, on SQLite and PostgreSQL.

use tadamun_domain::{
    access::{Access, Permission},
    audit::AuditAction,
    ids::UserId,
    login::{LOCK_AFTER, SessionKind, SessionStage},
    user::{DigitStyle, Locale},
};
use tadamun_store::StoreError;
use tadamun_store::access::Grants;
use tadamun_store::testing::{execute_raw, on_both};
use tadamun_store::{
    audit::AuditFilter,
    sessions::{NewSession, Session},
};

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
        let preferences_audited = store
            .audit_entries(
                &tadamun_store::audit::AuditFilter {
                    action: Some(tadamun_domain::audit::AuditAction::UserUpdated),
                    object_id: Some(id.to_string()),
                    ..Default::default()
                },
                None,
                10,
            )
            .await
            .unwrap();
        assert_eq!(preferences_audited.len(), 1, "even preferences are audited");
        assert!(
            preferences_audited[0]
                .entry
                .after_json
                .as_deref()
                .is_some_and(|a| a.contains("arabic_indic"))
        );
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

const IDLE: Duration = Duration::minutes(30);

fn browser(token: &str, user: UserId, expires: time::OffsetDateTime) -> NewSession {
    NewSession {
        token_hash: token.to_owned(),
        user,
        kind: SessionKind::Browser,
        stage: SessionStage::Full,
        permissions: None,
        user_agent: Some("Firefox".into()),
        source_ip: Some("10.0.0.7".into()),
        absolute_expires_at: expires,
    }
}

async fn live(
    store: &tadamun_store::Store,
    token: &str,
    now: time::OffsetDateTime,
) -> Option<Session> {
    store.live_session(token, now, IDLE).await.unwrap()
}

async fn actions(store: &tadamun_store::Store) -> Vec<AuditAction> {
    store
        .audit_entries(&AuditFilter::default(), None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry.action)
        .collect()
}

#[tokio::test]
async fn sessions_expire_by_idleness_and_absolute_age_and_rotate() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_user("admin", "المدير", "h", &national(), now)
            .await
            .unwrap();
        store
            .create_session(&browser("live", id, now + Duration::hours(8)), None, now)
            .await
            .unwrap();
        let found = live(&store, "live", now).await.expect("live");
        assert_eq!(
            (found.user_id, found.stage, found.kind),
            (id, SessionStage::Full, SessionKind::Browser)
        );
        assert_eq!(found.source_ip.as_deref(), Some("10.0.0.7"));
        // Idle: 31 minutes without use ends a browser session; a touch keeps it alive.
        assert!(
            live(&store, "live", now + Duration::minutes(31))
                .await
                .is_none(),
            "idle"
        );
        store
            .touch_session(&found, now + Duration::minutes(20))
            .await
            .unwrap();
        assert!(
            live(&store, "live", now + Duration::minutes(31))
                .await
                .is_some(),
            "touched"
        );
        // Absolute: past its expiry, however recently used.
        assert!(
            live(&store, "live", now + Duration::hours(8))
                .await
                .is_none(),
            "absolute"
        );
        // API tokens have no idle timeout, only their expiry.
        let mut api = browser("api", id, now + Duration::hours(2));
        api.kind = SessionKind::Api;
        store.create_session(&api, None, now).await.unwrap();
        assert!(
            live(&store, "api", now + Duration::minutes(90))
                .await
                .is_some()
        );
        assert!(
            live(&store, "api", now + Duration::hours(2))
                .await
                .is_none()
        );
        // Rotation: the new token replaces the old in one step.
        store
            .create_session(
                &browser("rotated", id, now + Duration::hours(8)),
                Some("live"),
                now,
            )
            .await
            .unwrap();
        assert!(live(&store, "live", now).await.is_none(), "old token gone");
        assert!(live(&store, "rotated", now).await.is_some());
        assert_eq!(
            store
                .session_user("rotated", now)
                .await
                .unwrap()
                .unwrap()
                .id,
            id
        );
        assert_eq!(
            store
                .purge_expired_sessions(now + Duration::hours(3), IDLE)
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            store.logout("api", None, now).await.unwrap(),
            None,
            "already purged"
        );
    })
    .await;
}

#[tokio::test]
async fn a_user_and_an_administrator_revoke_sessions_and_it_is_audited() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_user("clerk", "موظف", "h", &national(), now)
            .await
            .unwrap();
        let other = store
            .create_user("other", "آخر", "h", &national(), now)
            .await
            .unwrap();
        for t in ["a", "b", "c"] {
            store
                .create_session(&browser(t, id, now + Duration::hours(8)), None, now)
                .await
                .unwrap();
        }
        let theirs = store
            .create_session(&browser("x", other, now + Duration::hours(8)), None, now)
            .await
            .unwrap();
        let mine = store.user_sessions(id, now, IDLE).await.unwrap();
        assert_eq!(mine.len(), 3);
        let me = store
            .user_access(id, Some("10.0.0.7".into()))
            .await
            .unwrap()
            .unwrap();
        // Someone else's session is not mine to revoke.
        assert!(matches!(
            store.revoke_session(&me, id, theirs, now).await,
            Err(StoreError::NotFound)
        ));
        let b = live(&store, "b", now).await.unwrap().id;
        store.revoke_session(&me, id, b, now).await.unwrap();
        assert!(live(&store, "b", now).await.is_none());
        let a = live(&store, "a", now).await.unwrap().id;
        assert_eq!(
            store
                .revoke_user_sessions(&me, id, Some(a), now)
                .await
                .unwrap(),
            1
        );
        assert!(
            live(&store, "a", now).await.is_some(),
            "the current one is kept"
        );
        assert!(live(&store, "c", now).await.is_none());
        let admin = Access::system("admin");
        assert_eq!(
            store
                .revoke_user_sessions(&admin, id, None, now)
                .await
                .unwrap(),
            1
        );
        assert!(live(&store, "a", now).await.is_none());
        assert!(
            live(&store, "x", now).await.is_some(),
            "other users untouched"
        );
        assert_eq!(
            store
                .logout("x", Some("10.1.1.1".into()), now)
                .await
                .unwrap(),
            Some(other)
        );
        let acts = actions(&store).await;
        assert_eq!(
            acts.iter()
                .filter(|a| **a == AuditAction::SessionRevoked)
                .count(),
            3
        );
        assert!(acts.contains(&AuditAction::Logout));
    })
    .await;
}

#[tokio::test]
async fn failed_logins_slow_down_then_lock_and_a_success_resets_them() {
    on_both(|store| async move {
        let t0 = tadamun_store::now();
        let id = store
            .create_user("clerk", "موظف", "h", &national(), t0)
            .await
            .unwrap();
        let mut now = t0;
        for n in 1..=3 {
            let p = store
                .record_login_failure(id, "clerk", Some("10.0.0.9".into()), "password", now)
                .await
                .unwrap();
            assert_eq!(p.next_attempt_at, None, "failure {n} is free");
        }
        let p = store
            .record_login_failure(id, "clerk", None, "password", now)
            .await
            .unwrap();
        assert_eq!(p.next_attempt_at, Some(now + Duration::seconds(2)));
        let rec = store.login_record("clerk").await.unwrap().unwrap();
        assert_eq!(rec.failed_logins, 4);
        assert_eq!(
            rec.next_login_at,
            Some(now + Duration::seconds(2)),
            "the delay is stored"
        );
        assert!(
            rec.must_wait(now + Duration::seconds(1)) && !rec.must_wait(now + Duration::seconds(2))
        );
        for n in 5..LOCK_AFTER {
            now += Duration::seconds(61);
            let p = store
                .record_login_failure(id, "clerk", None, "password", now)
                .await
                .unwrap();
            let wait = Duration::seconds(2i64.pow((n - 3) as u32).min(60));
            assert_eq!(p.next_attempt_at, Some(now + wait), "failure {n}");
        }
        now += Duration::seconds(61);
        store
            .record_login_failure(id, "clerk", None, "password", now)
            .await
            .unwrap();
        let rec = store.login_record("clerk").await.unwrap().unwrap();
        assert_eq!(rec.locked_until, Some(now + Duration::minutes(15)));
        assert!(
            rec.is_locked(now + Duration::minutes(14))
                && !rec.is_locked(now + Duration::minutes(15))
        );
        let acts = actions(&store).await;
        assert_eq!(
            acts.iter()
                .filter(|a| **a == AuditAction::LoginFailed)
                .count(),
            LOCK_AFTER as usize
        );
        assert_eq!(
            acts.iter()
                .filter(|a| **a == AuditAction::LoginLocked)
                .count(),
            1
        );
        // An administrator unlocks; a complete login resets the counter too.
        store
            .unlock_user(&Access::system("admin"), id, now)
            .await
            .unwrap();
        assert!(
            !store
                .login_record("clerk")
                .await
                .unwrap()
                .unwrap()
                .must_wait(now)
        );
        store
            .record_login_failure(id, "clerk", None, "password", now)
            .await
            .unwrap();
        let user = rec.user;
        store
            .record_login_success(&user, "password", true, None, now)
            .await
            .unwrap();
        assert_eq!(
            store
                .login_record("clerk")
                .await
                .unwrap()
                .unwrap()
                .failed_logins,
            0
        );
        store
            .record_login_refused(None, "nobody", None, "unknown", now)
            .await
            .unwrap();
        assert!(matches!(
            store.verify_audit_chain().await.unwrap(),
            tadamun_domain::audit::AuditVerdict::Intact { .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn two_factor_is_enrolled_from_a_pending_secret_and_recovery_codes_work_once() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_user("admin", "المدير", "h", &national(), now)
            .await
            .unwrap();
        let user = store.user_by_id(id).await.unwrap().unwrap();
        assert!(
            !store
                .login_record("admin")
                .await
                .unwrap()
                .unwrap()
                .two_factor
        );
        store
            .set_pending_totp_secret(id, "SECRETONE", now)
            .await
            .unwrap();
        store
            .set_pending_totp_secret(id, "SECRETTWO", now)
            .await
            .unwrap();
        assert_eq!(
            store.pending_totp_secret(id).await.unwrap().as_deref(),
            Some("SECRETTWO")
        );
        let codes = vec!["h1".to_owned(), "h2".to_owned()];
        assert!(
            matches!(
                store
                    .enable_totp(&user, "SECRETONE", 100, &codes, None, now)
                    .await,
                Err(StoreError::Conflict)
            ),
            "a stale pending secret is refused"
        );
        store
            .enable_totp(&user, "SECRETTWO", 100, &codes, None, now)
            .await
            .unwrap();
        assert_eq!(
            store.totp_secret(id).await.unwrap(),
            Some(("SECRETTWO".to_owned(), Some(100)))
        );
        assert!(store.pending_totp_secret(id).await.unwrap().is_none());
        assert!(
            store
                .login_record("admin")
                .await
                .unwrap()
                .unwrap()
                .two_factor
        );
        // A time step is accepted once, and never an older one.
        assert!(!store.accept_totp_step(id, 100, now).await.unwrap());
        assert!(store.accept_totp_step(id, 101, now).await.unwrap());
        assert!(!store.accept_totp_step(id, 101, now).await.unwrap());
        assert!(!store.accept_totp_step(id, 99, now).await.unwrap());
        assert_eq!(store.unused_recovery_codes(id).await.unwrap(), 2);
        assert!(store.use_recovery_code(id, "h1", now).await.unwrap());
        assert!(
            !store.use_recovery_code(id, "h1", now).await.unwrap(),
            "once only"
        );
        assert!(!store.use_recovery_code(id, "nope", now).await.unwrap());
        assert_eq!(store.unused_recovery_codes(id).await.unwrap(), 1);
        store
            .reset_two_factor(&Access::system("admin"), id, now)
            .await
            .unwrap();
        assert!(store.totp_secret(id).await.unwrap().is_none());
        assert_eq!(store.unused_recovery_codes(id).await.unwrap(), 0);
        let acts = actions(&store).await;
        assert!(
            acts.contains(&AuditAction::TwoFactorEnrolled)
                && acts.contains(&AuditAction::TwoFactorReset)
        );
    })
    .await;
}

#[tokio::test]
async fn administrators_create_users_change_grants_and_deactivate_with_an_audit_trail() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let admin = Access::system("admin");
        let id = store
            .add_user(&admin, "clerk.irbid", "موظف إربد", "h", &national(), now)
            .await
            .unwrap();
        store
            .create_session(&browser("t", id, now + Duration::hours(8)), None, now)
            .await
            .unwrap();
        let irbid = tadamun_domain::area::GovernorateCode::parse("JO-IR").unwrap();
        let grants = Grants {
            roles: ["registry_supervisor".to_owned()].into(),
            scope: tadamun_domain::access::AreaScope::Governorates([irbid].into()),
        };
        store.change_grants(&admin, id, &grants, now).await.unwrap();
        let s = store.user_summary(id).await.unwrap().unwrap();
        assert_eq!(s.grants, grants);
        assert!(s.active && !s.two_factor && s.locked_until.is_none());
        store.set_user_active(&admin, id, false, now).await.unwrap();
        assert!(
            store.user_access(id, None).await.unwrap().is_none(),
            "inactive"
        );
        assert!(
            live(&store, "t", now).await.is_none(),
            "sessions end with deactivation"
        );
        store.set_user_active(&admin, id, true, now).await.unwrap();
        store.change_password(&admin, id, "h2", now).await.unwrap();
        assert_eq!(
            store
                .user_by_username("clerk.irbid")
                .await
                .unwrap()
                .unwrap()
                .password_hash,
            "h2"
        );
        assert_eq!(store.list_users().await.unwrap().len(), 1);
        let acts = actions(&store).await;
        for a in [
            AuditAction::UserCreated,
            AuditAction::RoleGranted,
            AuditAction::RoleRevoked,
            AuditAction::ScopeChanged,
            AuditAction::UserUpdated,
            AuditAction::PasswordChanged,
        ] {
            assert!(acts.contains(&a), "{a:?}");
        }
        // The scope change records before and after.
        let scope = store
            .audit_entries(
                &AuditFilter {
                    action: Some(AuditAction::ScopeChanged),
                    ..Default::default()
                },
                None,
                10,
            )
            .await
            .unwrap();
        assert!(
            scope[0]
                .entry
                .before_json
                .as_deref()
                .unwrap()
                .contains("national")
        );
        assert!(
            scope[0]
                .entry
                .after_json
                .as_deref()
                .unwrap()
                .contains("JO-IR")
        );
    })
    .await;
}

#[tokio::test]
async fn an_api_token_narrowed_to_some_permissions_keeps_only_those() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_user("clerk", "موظف", "h", &national(), now)
            .await
            .unwrap();
        let mut api = browser("tok", id, now + Duration::hours(1));
        api.kind = SessionKind::Api;
        api.permissions = Some([Permission::HouseholdRead].into());
        store.create_session(&api, None, now).await.unwrap();
        let s = live(&store, "tok", now).await.unwrap();
        let access = s.narrow(store.user_access(id, None).await.unwrap().unwrap());
        assert!(access.can(Permission::HouseholdRead));
        assert!(!access.can(Permission::HouseholdCreate), "narrowed");
        // Editing stored times stands in for waiting: the token dies at its expiry.
        execute_raw(
            &store,
            "update sessions set absolute_expires_at = created_at",
        )
        .await
        .unwrap();
        assert!(live(&store, "tok", now).await.is_none());
    })
    .await;
}

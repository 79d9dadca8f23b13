//! User administration pages: creating a user (policy applied), changing roles and
//! scope, deactivating, unlocking and resetting 2FA, each audited; on both databases.

use tadamun_domain::audit::AuditAction;
use tadamun_store::testing::execute_raw;

use crate::{
    backends::{defaults, location, on_both_apps},
    helpers::plain,
};

const BOSS: &str = "boss";
const BOSS_PASSWORD: &str = "a sturdy admin passphrase";

#[tokio::test]
async fn an_administrator_creates_edits_deactivates_and_unlocks_a_user() {
    on_both_apps(defaults, |app| async move {
        app.add_user(BOSS, BOSS_PASSWORD, &["system_admin"]).await;
        app.admins_without_two_factor().await;
        let admin = app.signed_in(BOSS, BOSS_PASSWORD).await;
        let html = app.get_with("/", &admin).await.text().await.unwrap();
        assert!(html.contains("href=\"/admin/users\""), "linked from the header");
        let form = |password: &'static str| {
            vec![
                ("username", "registrar.irbid"),
                ("display_name", "مسجل إربد"),
                ("password", password),
                ("role", "registrar"),
                ("scope", "governorates"),
                ("governorate", "JO-IR"),
            ]
        };
        let r = app.post_with("/admin/users/new", &admin, &form("password1234")).await;
        assert_eq!(r.status(), 422);
        assert!(plain(&r.text().await.unwrap()).contains("كلمة المرور: كلمة المرور هذه من كلمات المرور الشائعة"));
        let r = app.post_with("/admin/users/new", &admin, &form("irbid office passphrase")).await;
        assert_eq!(r.status(), 303);
        let page = location(&r);
        let clerk = app.signed_in("registrar.irbid", "irbid office passphrase").await;
        let list = app.get_with("/admin/users", &admin).await.text().await.unwrap();
        assert!(list.contains("registrar.irbid") && list.contains("إربد"));
        // Roles and scope change, with before and after in the log.
        let r = app
            .post_with(&page, &admin, &[("role", "registrar"), ("role", "auditor"), ("scope", "national")])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.audited(AuditAction::RoleGranted).await.len(), 1);
        let scope = app.audited(AuditAction::ScopeChanged).await;
        assert!(scope[0].entry.before_json.as_deref().unwrap().contains("JO-IR"));
        // Deactivated: the session ends and the password no longer works.
        app.post_with(&format!("{page}/deactivate"), &admin, &[]).await;
        assert_eq!(location(&app.get_with("/", &clerk).await), "/login?next=%2F");
        assert_eq!(app.post_login("registrar.irbid", "irbid office passphrase", None).await.status(), 401);
        app.post_with(&format!("{page}/activate"), &admin, &[]).await;
        // Locked after failures; the administrator unlocks.
        execute_raw(&app.store, "update users set failed_logins = 10, locked_until = '2999-01-01T00:00:00.000000Z', next_login_at = '2999-01-01T00:00:00.000000Z' where username = 'registrar.irbid'")
            .await
            .unwrap();
        assert_eq!(app.post_login("registrar.irbid", "irbid office passphrase", None).await.status(), 401);
        assert!(plain(&app.get_with(&page, &admin).await.text().await.unwrap()).contains("موقوف مؤقتًا"));
        app.post_with(&format!("{page}/unlock"), &admin, &[]).await;
        assert_eq!(app.post_login("registrar.irbid", "irbid office passphrase", None).await.status(), 303);
        for action in [AuditAction::UserCreated, AuditAction::UserUpdated, AuditAction::RoleGranted] {
            assert!(!app.audited(action).await.is_empty(), "{action:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_administrator_resets_a_users_two_factor_and_they_enrol_again() {
    on_both_apps(defaults, |app| async move {
        app.add_user(BOSS, BOSS_PASSWORD, &["system_admin"]).await;
        let worker = app
            .add_user("case.worker", "case worker passphrase", &["case_worker"])
            .await;
        app.store
            .set_pending_totp_secret(
                worker,
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let user = app.store.user_by_id(worker).await.unwrap().unwrap();
        app.store
            .enable_totp(
                &user,
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                1,
                &[],
                None,
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let r = app
            .post_login("case.worker", "case worker passphrase", None)
            .await;
        assert!(location(&r).starts_with("/login/two-factor"));
        app.admins_without_two_factor().await;
        let admin = app.signed_in(BOSS, BOSS_PASSWORD).await;
        let r = app
            .post_with(
                &format!("/admin/users/{}/reset-two-factor", worker.0),
                &admin,
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        let reset = app.audited(AuditAction::TwoFactorReset).await;
        assert_eq!(reset[0].entry.actor_name, BOSS);
        let r = app
            .post_login("case.worker", "case worker passphrase", None)
            .await;
        assert!(
            location(&r).starts_with("/account/two-factor"),
            "case roles must enrol again"
        );
    })
    .await;
}

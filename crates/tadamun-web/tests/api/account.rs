//! Sessions on the account page: revoking one or all others, an administrator
//! revoking all of a user's, and idle and absolute timeouts, on both databases.

use tadamun_domain::audit::AuditAction;
use tadamun_store::testing::execute_raw;

use crate::{
    backends::{defaults, location, on_both_apps},
    helpers::{PASSWORD, USERNAME},
};

const GONE: &str = "/login?next=%2F";

/// The session ids an account page offers to revoke.
fn revoke_ids(html: &str) -> Vec<String> {
    html.split("action=\"/account/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/revoke\"").map(|(id, _)| id.to_owned()))
        .collect()
}

#[tokio::test]
async fn a_user_revokes_another_session_from_the_account_page_and_it_stops_working() {
    on_both_apps(defaults, |app| async move {
        let laptop = app.signed_in(USERNAME, PASSWORD).await;
        let phone = app.signed_in(USERNAME, PASSWORD).await;
        let html = app
            .get_with("/account", &laptop)
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("هذه الجلسة"), "the current session is marked");
        let ids = revoke_ids(&html);
        assert_eq!(ids.len(), 2);
        // The phone's session is the newest, listed first.
        let r = app
            .post_with(
                &format!("/account/sessions/{}/revoke", ids[0]),
                &laptop,
                &[],
            )
            .await;
        assert_eq!(location(&r), "/account?done=revoked");
        assert_eq!(location(&app.get_with("/", &phone).await), GONE);
        assert_eq!(app.get_with("/", &laptop).await.status(), 200);
        // "Sign out everywhere else" ends the rest, API tokens included.
        let token = app.api_login().await;
        let tablet = app.signed_in(USERNAME, PASSWORD).await;
        app.post_with("/account/sessions/revoke-others", &laptop, &[])
            .await;
        assert_eq!(location(&app.get_with("/", &tablet).await), GONE);
        assert_eq!(app.api_get("/api/v1/areas", &token).await.0, 401);
        assert_eq!(app.get_with("/", &laptop).await.status(), 200);
        assert_eq!(app.audited(AuditAction::SessionRevoked).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn an_administrator_revokes_all_of_a_users_sessions() {
    on_both_apps(defaults, |app| async move {
        app.add_user("boss", "a sturdy admin passphrase", &["system_admin"])
            .await;
        app.admins_without_two_factor().await;
        let admin = app.signed_in("boss", "a sturdy admin passphrase").await;
        let clerk = app.signed_in(USERNAME, PASSWORD).await;
        let id = app
            .store
            .user_by_username(USERNAME)
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        // One session, from the list on the user's page.
        let phone = app.signed_in(USERNAME, PASSWORD).await;
        let page = app
            .get_with(&format!("/admin/users/{}", id.0), &admin)
            .await
            .text()
            .await
            .unwrap();
        let marker = format!("action=\"/admin/users/{}/sessions/", id.0);
        let newest = page
            .split(&marker)
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let r = app
            .post_with(
                &format!("/admin/users/{}/sessions/{newest}/revoke", id.0),
                &admin,
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&app.get_with("/", &phone).await), GONE);
        assert_eq!(app.get_with("/", &clerk).await.status(), 200);
        let r = app
            .post_with(
                &format!("/admin/users/{}/revoke-sessions", id.0),
                &admin,
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&app.get_with("/", &clerk).await), GONE);
        assert_eq!(app.get_with("/", &admin).await.status(), 200);
        let revoked = app.audited(AuditAction::SessionRevoked).await;
        assert_eq!(revoked.len(), 2);
        assert!(revoked.iter().all(|r| r.entry.actor_name == "boss"));
        // Nobody deactivates themself.
        let me = app
            .store
            .user_by_username("boss")
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        let r = app
            .post_with(&format!("/admin/users/{}/deactivate", me.0), &admin, &[])
            .await;
        assert_eq!(r.status(), 403);
        // A clerk may not do it.
        let r = app
            .post_with(
                &format!("/admin/users/{}/revoke-sessions", id.0),
                &app.signed_in(USERNAME, PASSWORD).await,
                &[],
            )
            .await;
        assert_eq!(r.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn an_idle_session_and_an_old_session_expire() {
    on_both_apps(defaults, |app| async move {
        let idle = app.signed_in(USERNAME, PASSWORD).await;
        // Last seen long ago: past the 30-minute idle timeout.
        execute_raw(
            &app.store,
            "update sessions set last_seen_at = '2000-01-01T00:00:00.000000Z'",
        )
        .await
        .unwrap();
        assert_eq!(location(&app.get_with("/", &idle).await), GONE);
        let old = app.signed_in(USERNAME, PASSWORD).await;
        assert_eq!(app.get_with("/", &old).await.status(), 200);
        // Used just now, but past its absolute expiry.
        execute_raw(
            &app.store,
            "update sessions set absolute_expires_at = '2000-01-01T00:00:00.000000Z'",
        )
        .await
        .unwrap();
        assert_eq!(location(&app.get_with("/", &old).await), GONE);
    })
    .await;
}

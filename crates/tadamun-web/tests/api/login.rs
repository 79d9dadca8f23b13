//! The password step: lockout with its progressive delay, the per-address rate limit,
//! session id rotation, cookie attributes and the password policy, on both databases.

use tadamun_domain::audit::AuditAction;
use tadamun_store::testing::execute_raw;

use crate::{
    backends::{defaults, location, on_both_apps, raw_client, session_cookie},
    helpers::{PASSWORD, USERNAME, plain},
};

/// Editing the stored time stands in for waiting out the delay (no sleeping tests).
const SKIP_DELAY: &str = "update users set next_login_at = null";

#[tokio::test]
async fn repeated_wrong_passwords_slow_down_then_lock_the_account_even_for_the_right_password() {
    on_both_apps(defaults, |app| async move {
        let before = tadamun_store::now();
        for _ in 0..4 {
            let r = app.post_login(USERNAME, "wrong password!", None).await;
            assert_eq!(r.status(), 401);
        }
        // The fourth failure makes the next attempt wait two seconds.
        let rec = app.store.login_record(USERNAME).await.unwrap().unwrap();
        assert_eq!(rec.failed_logins, 4);
        let next = rec.next_login_at.expect("a delay is recorded");
        assert!(next > before && next <= tadamun_store::now() + time::Duration::seconds(2));
        // Within the delay (pushed far ahead, so a slow machine stays inside it) even
        // the right password is refused, and not counted.
        execute_raw(
            &app.store,
            "update users set next_login_at = '2999-01-01T00:00:00.000000Z'",
        )
        .await
        .unwrap();
        let r = app.post_login(USERNAME, PASSWORD, None).await;
        assert_eq!(r.status(), 401);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("اسم المستخدم أو كلمة المرور غير صحيحة")
        );
        assert_eq!(
            app.store
                .login_record(USERNAME)
                .await
                .unwrap()
                .unwrap()
                .failed_logins,
            4
        );
        for _ in 4..10 {
            execute_raw(&app.store, SKIP_DELAY).await.unwrap();
            app.post_login(USERNAME, "wrong password!", None).await;
        }
        let rec = app.store.login_record(USERNAME).await.unwrap().unwrap();
        let until = rec.locked_until.expect("locked");
        assert!(until > tadamun_store::now() + time::Duration::minutes(14));
        execute_raw(&app.store, SKIP_DELAY).await.unwrap();
        let r = app.post_login(USERNAME, PASSWORD, None).await;
        assert_eq!(r.status(), 401, "locked: the right password is refused too");
        assert!(session_cookie(&r).is_none());
        let locked = app.audited(AuditAction::LoginLocked).await;
        assert_eq!(locked.len(), 1);
        assert_eq!(locked[0].entry.source_ip.as_deref(), Some("127.0.0.1"));
        let failed = app.audited(AuditAction::LoginFailed).await;
        assert_eq!(
            failed.len(),
            12,
            "10 counted, 2 refused while waiting or locked"
        );
        assert!(failed.iter().all(|f| f.entry.actor_name == USERNAME));
    })
    .await;
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answer_as_a_wrong_password_and_is_audited() {
    on_both_apps(defaults, |app| async move {
        let unknown = app.post_login("nobody", PASSWORD, None).await;
        let wrong = app.post_login(USERNAME, "wrong password!", None).await;
        assert_eq!(
            (unknown.status().as_u16(), wrong.status().as_u16()),
            (401, 401)
        );
        let (a, b) = (unknown.text().await.unwrap(), wrong.text().await.unwrap());
        assert_eq!(a.replace("nobody", USERNAME), b, "the same page");
        let failed = app.audited(AuditAction::LoginFailed).await;
        assert!(
            failed
                .iter()
                .any(|f| f.entry.actor_name == "nobody" && f.entry.object_id.is_none())
        );
        let r = app.post_login(USERNAME, PASSWORD, None).await;
        assert_eq!(r.status(), 303);
        let ok = app.audited(AuditAction::LoginSucceeded).await;
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].entry.source_ip.as_deref(), Some("127.0.0.1"));
    })
    .await;
}

fn three_a_minute(config: &mut tadamun_web::AppConfig) {
    config.login_attempts_per_minute = 3;
}

#[tokio::test]
async fn too_many_sign_in_attempts_from_one_address_get_429_in_arabic_and_json() {
    on_both_apps(three_a_minute, |app| async move {
        for _ in 0..3 {
            assert_eq!(app.post_login("nobody", "x", None).await.status(), 401);
        }
        let r = app.post_login(USERNAME, PASSWORD, None).await;
        assert_eq!(r.status(), 429);
        assert!(plain(&r.text().await.unwrap()).contains("محاولات دخول كثيرة من هذا العنوان"));
        let r = raw_client()
            .post(app.url("/api/v1/sessions"))
            .json(&serde_json::json!({"username": USERNAME, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "too-many-requests");
        // Pages that are not sign-in are not limited.
        assert_eq!(
            raw_client()
                .get(app.url("/login"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    })
    .await;
}

#[tokio::test]
async fn the_session_id_rotates_at_login_and_the_old_token_stops_working() {
    on_both_apps(defaults, |app| async move {
        let first = app.signed_in(USERNAME, PASSWORD).await;
        assert_eq!(app.get_with("/", &first).await.status(), 200);
        let r = app.post_login(USERNAME, PASSWORD, Some(&first)).await;
        let second = session_cookie(&r).unwrap();
        assert_ne!(first, second, "a new token at login");
        assert_eq!(
            location(&app.get_with("/", &first).await),
            "/login?next=%2F",
            "the old token is gone"
        );
        assert_eq!(app.get_with("/", &second).await.status(), 200);
    })
    .await;
}

fn secure(config: &mut tadamun_web::AppConfig) {
    config.secure_cookies = true;
}

#[tokio::test]
async fn the_session_cookie_is_host_prefixed_secure_httponly_and_lax() {
    on_both_apps(secure, |app| async move {
        let r = app.post_login(USERNAME, PASSWORD, None).await;
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("__Host-tadamun="))
            .expect("__Host- cookie");
        for attribute in ["; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure"] {
            assert!(cookie.contains(attribute), "{attribute} in {cookie}");
        }
        assert!(!cookie.contains("Domain"), "__Host- cookies have no Domain");
        let token = cookie.split(';').next().unwrap();
        assert_eq!(app.get_with("/", token).await.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn short_and_common_passwords_are_refused_naming_the_field_in_arabic() {
    on_both_apps(defaults, |app| async move {
        let cookie = app.signed_in(USERNAME, PASSWORD).await;
        let change = |new: &'static str| {
            let (app, cookie) = (&app, cookie.clone());
            async move {
                let r = app
                    .post_with(
                        "/account/password",
                        &cookie,
                        &[("current_password", PASSWORD), ("password", new)],
                    )
                    .await;
                (r.status().as_u16(), plain(&r.text().await.unwrap()))
            }
        };
        let (status, body) = change("short one").await;
        assert_eq!(status, 422);
        assert!(body.contains("يجب أن تتكون كلمة المرور من اثني عشر حرفًا على الأقل"));
        assert!(
            body.contains("id=\"f-password-error\""),
            "the error sits at the password field"
        );
        let (status, body) = change("QWERTY123456").await;
        assert_eq!(status, 422);
        assert!(body.contains("كلمة المرور هذه من كلمات المرور الشائعة"));
        let (status, _) = change("a long and uncommon phrase").await;
        assert_eq!(status, 303);
        assert_eq!(app.audited(AuditAction::PasswordChanged).await.len(), 1);
        assert_eq!(app.post_login(USERNAME, PASSWORD, None).await.status(), 401);
        assert_eq!(
            app.post_login(USERNAME, "a long and uncommon phrase", None)
                .await
                .status(),
            303
        );
    })
    .await;
}

#[tokio::test]
async fn an_api_token_is_not_a_cookie_and_a_narrowed_token_keeps_only_its_scopes() {
    on_both_apps(defaults, |app| async move {
        let r = raw_client()
            .post(app.url("/api/v1/sessions"))
            .json(&serde_json::json!({"username": USERNAME, "password": PASSWORD, "scopes": ["household.read"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let body: serde_json::Value = r.json().await.unwrap();
        let token = body["token"].as_str().unwrap().to_owned();
        assert!(body["expires_at"].as_str().is_some());
        assert_eq!(body["scopes"], serde_json::json!(["household.read"]));
        let (status, _) = app.api_get("/api/v1/areas", &token).await;
        assert_eq!(status, 200);
        let (status, _) = app.api_get("/api/v1/dashboard", &token).await;
        assert_eq!(status, 403, "dashboard.read was not asked for");
        let cookie = format!("tadamun_session={token}");
        assert_eq!(location(&app.get_with("/", &cookie).await), "/login?next=%2F", "not a cookie");
        let bad = raw_client()
            .post(app.url("/api/v1/sessions"))
            .json(&serde_json::json!({"username": USERNAME, "password": PASSWORD, "scopes": ["everything"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn every_unsafe_method_from_another_site_is_refused_on_pages_including_logout() {
    let app = crate::helpers::spawn_app().await;
    let cookie = app.signed_in(USERNAME, PASSWORD).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        for (name, value) in [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
            ("origin", "https://evil.example"),
        ] {
            for path in [
                "/households/new",
                "/logout",
                "/account/sessions/revoke-others",
                "/login",
            ] {
                let r = client
                    .request(method.clone(), app.url(path))
                    .header("cookie", &cookie)
                    .header(name, value)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 403, "{method} {path} with {name}: {value}");
            }
        }
    }
    assert_eq!(
        app.get_with("/", &cookie).await.status(),
        200,
        "still signed in"
    );
    // The same form from this site's own origin passes.
    let r = client
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .header("origin", app.address.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/login");
}

//! Two-factor login: enrolment with the secret the page shows, the second step with a
//! TOTP code or a recovery code (each once), and users whose roles demand 2FA kept on
//! the enrolment page until they enrol. On both databases.

use tadamun_domain::audit::AuditAction;
use totp_rs::{Algorithm, Secret};

use crate::{
    backends::{defaults, location, on_both_apps, raw_client, session_cookie},
    helpers::{TestApp, plain},
};

const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "a sturdy admin passphrase";

/// The code an authenticator app would show `offset` seconds from now.
fn code(secret: &str, offset: i64) -> String {
    let totp = totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .with_account_name("test")
        .build()
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() + offset;
    totp.generate(now as u64).to_string()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    html.split(start)
        .skip(1)
        .map(|rest| rest.split(end).next().unwrap())
        .collect()
}

/// Signs the administrator in, is sent to enrolment, enrols, and returns the secret,
/// the recovery codes and the full session's cookie.
async fn enrol_admin(app: &TestApp) -> (String, Vec<String>, String) {
    let r = app.post_login(ADMIN, ADMIN_PASSWORD, None).await;
    assert_eq!(
        location(&r),
        "/account/two-factor?next=%2F",
        "sent to enrol"
    );
    let partial = session_cookie(&r).unwrap();
    let page = app.get_with("/account/two-factor", &partial).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg"), "the QR code is inline SVG");
    let secret = between(&html, "id=\"totp-secret\">", "<")[0].to_owned();
    let wrong = app
        .post_with(
            "/account/two-factor",
            &partial,
            &[("code", &code(&secret, 3600)), ("next", "/")],
        )
        .await;
    assert_eq!(wrong.status(), 422, "a wrong code does not enrol");
    let r = app
        .post_with(
            "/account/two-factor",
            &partial,
            &[("code", &code(&secret, 0)), ("next", "/")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let full = session_cookie(&r).expect("a new token once enrolled");
    assert_ne!(full, partial);
    let html = r.text().await.unwrap();
    let codes: Vec<String> = between(&html, "<li><code dir=\"ltr\">", "<")
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    assert_eq!(
        location(&app.get_with("/", &partial).await),
        "/login?next=%2F",
        "old token gone"
    );
    (secret, codes, full)
}

#[tokio::test]
async fn a_user_whose_role_requires_two_factor_can_reach_only_enrolment_until_enrolled() {
    on_both_apps(defaults, |app| async move {
        app.add_user(ADMIN, ADMIN_PASSWORD, &["system_admin"]).await;
        let r = app.post_login(ADMIN, ADMIN_PASSWORD, None).await;
        let partial = session_cookie(&r).unwrap();
        // Every page leads back to enrolment (through the login page).
        for path in ["/", "/households/search", "/account", "/admin/users"] {
            let r = app.get_with(path, &partial).await;
            assert_eq!(r.status(), 303, "{path}");
            let login = location(&r);
            let r = app.get_with(&login, &partial).await;
            assert!(
                location(&r).starts_with("/account/two-factor"),
                "{path} → {}",
                location(&r)
            );
        }
        let r = app
            .post_with("/households/new", &partial, &[("governorate", "JO-IR")])
            .await;
        assert_eq!(r.status(), 303, "no writes either");
        // The API refuses the user with 403 and says why.
        let r = raw_client()
            .post(app.url("/api/v1/sessions"))
            .json(&serde_json::json!({"username": ADMIN, "password": ADMIN_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("enrol"));
        // Enrolment needs the Arabic explanation, and cancelling signs out.
        let html = plain(
            &app.get_with("/account/two-factor", &partial)
                .await
                .text()
                .await
                .unwrap(),
        );
        assert!(html.contains("تتطلب صلاحياتك التحقق بخطوتين"));
        app.post_with("/logout", &partial, &[]).await;
        assert_eq!(
            location(&app.get_with("/account/two-factor", &partial).await),
            "/login?next=%2F"
        );
    })
    .await;
}

#[tokio::test]
async fn after_enrolment_login_needs_a_code_a_wrong_one_is_refused_and_a_recovery_code_works_once()
{
    on_both_apps(defaults, |app| async move {
        app.add_user(ADMIN, ADMIN_PASSWORD, &["system_admin"]).await;
        let (secret, codes, full) = enrol_admin(&app).await;
        assert_eq!(app.get_with("/admin/users", &full).await.status(), 200);
        assert_eq!(app.audited(AuditAction::TwoFactorEnrolled).await.len(), 1);
        app.post_with("/logout", &full, &[]).await;
        assert_eq!(location(&app.get_with("/", &full).await), "/login?next=%2F");

        // The password alone is a half login: the second step is due.
        let r = app.post_login(ADMIN, ADMIN_PASSWORD, None).await;
        assert_eq!(location(&r), "/login/two-factor?next=%2F");
        let half = session_cookie(&r).unwrap();
        assert_eq!(location(&app.get_with("/", &half).await), "/login?next=%2F");
        let wrong = app.post_with("/login/two-factor", &half, &[("code", &code(&secret, 3600)), ("next", "/")]).await;
        assert_eq!(wrong.status(), 401);
        assert!(plain(&wrong.text().await.unwrap()).contains("الرمز غير صحيح"));
        // The next step's code (the current one was spent on enrolment).
        let r = app.post_with("/login/two-factor", &half, &[("code", &code(&secret, 30)), ("next", "/")]).await;
        assert_eq!(location(&r), "/");
        let full = session_cookie(&r).unwrap();
        assert_ne!(full, half, "a new token after the second step");
        assert_eq!(app.get_with("/", &full).await.status(), 200);
        assert_eq!(location(&app.get_with("/", &half).await), "/login?next=%2F");

        // A recovery code signs in once.
        for (attempt, expected) in [(1, "/"), (2, "")] {
            let r = app.post_login(ADMIN, ADMIN_PASSWORD, None).await;
            let half = session_cookie(&r).unwrap();
            let r = app.post_with("/login/two-factor", &half, &[("code", &codes[0]), ("next", "/")]).await;
            assert_eq!(location(&r), expected, "recovery attempt {attempt}");
        }
        // The API wants the code too.
        let api = |code: Option<String>| {
            let url = app.url("/api/v1/sessions");
            async move {
                raw_client()
                    .post(url)
                    .json(&serde_json::json!({"username": ADMIN, "password": ADMIN_PASSWORD, "code": code}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(api(None).await, 403);
        assert_eq!(api(Some(codes[1].clone())).await, 201);
        let steps: Vec<String> = app
            .audited(AuditAction::LoginSucceeded)
            .await
            .iter()
            .filter_map(|e| e.entry.after_json.clone())
            .collect();
        assert!(steps.iter().any(|s| s.contains("\"totp\"")) && steps.iter().any(|s| s.contains("recovery_code")));
    })
    .await;
}

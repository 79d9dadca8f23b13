//! Signing in and out, the login redirect, language, and cross-site refusal.

use crate::helpers::{DISPLAY_NAME, PASSWORD, USERNAME, plain, spawn_app};

#[tokio::test]
async fn pages_send_a_visitor_to_the_login_page_and_back() {
    let app = spawn_app().await;
    let r = app
        .plain
        .get(app.url("/households/search?q=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/login?next=%2Fhouseholds%2Fsearch%3Fq%3Dx"
    );
    for open in [
        "/login",
        "/healthz",
        "/static/app.css",
        "/api/v1/openapi.json",
    ] {
        assert_eq!(
            app.plain.get(app.url(open)).send().await.unwrap().status(),
            200,
            "{open}"
        );
    }
    let r = app
        .browser
        .post(app.url("/login"))
        .form(&[
            ("username", USERNAME),
            ("password", PASSWORD),
            ("next", "/households/search?q=x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.url().as_str().ends_with("/households/search?q=x"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_arabic() {
    let app = spawn_app().await;
    let r = app.login(USERNAME, "wrong").await;
    assert_eq!(r.status(), 401);
    let body = r.text().await.unwrap();
    assert!(body.contains("اسم المستخدم أو كلمة المرور غير صحيحة"));
    assert!(
        app.get_page("/").await.1.contains("login-submit"),
        "still signed out"
    );
}

#[tokio::test]
async fn a_clerk_signs_in_gets_a_fresh_session_each_time_and_signs_out() {
    let app = spawn_app().await;
    let login = || {
        app.plain
            .post(app.url("/login"))
            .form(&[("username", USERNAME), ("password", PASSWORD)])
            .send()
    };
    let session_cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("tadamun_session="))
            .expect("session cookie")
    };
    let first = login().await.unwrap();
    assert_eq!(first.status(), 303);
    let cookie = session_cookie(&first);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    let second = session_cookie(&login().await.unwrap());
    assert_ne!(cookie, second, "the session id rotates at login");
    let r = app.login(USERNAME, PASSWORD).await;
    assert!(r.text().await.unwrap().contains(DISPLAY_NAME));
    let (status, body) = app.post_form("/logout", &[]).await;
    assert_eq!(status, 200);
    assert!(body.contains("login-submit"), "back on the login page");
    let r = app.plain.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_interface_is_arabic_by_default_and_the_english_choice_is_remembered() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (_, body) = app.get_page("/").await;
    assert!(body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    let (status, body) = app.set_language("en").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(plain(&body).contains("Registered households by governorate"));
    // A new browser signs in and gets English from the stored preference.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let r = other
        .post(app.url("/login"))
        .form(&[("username", USERNAME), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("<html lang=\"en\" dir=\"ltr\">")
    );
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let r = app
        .browser
        .post(app.url("/households/new"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("governorate", "JO-IR")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .browser
        .post(app.url("/households/new"))
        .header("origin", "https://evil.example")
        .form(&[("governorate", "JO-IR")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

//! Grievances over the web: staff file one and the citizen follows it on the public
//! lookup page with the receipt code (rate-limited, wrong code and unknown reference
//! alike), a sensitive complaint stays hidden from an unrelated officer, the server
//! escalates one past its SLA, and bad input names its field.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tadamun_domain::{country::Country, grievance::RawGrievance, grievance::ReceiptCode};
use tadamun_store::testing::fixtures::system;

use crate::helpers::{PASSWORD, TestApp, USERNAME, plain, spawn_app, spawn_app_on};

/// The text of the element with this id (up to the next tag).
/// The text of the element with this id (whatever attributes follow the id).
fn text_of(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let start = html.find(&marker)? + marker.len();
    let after_tag = start + html[start..].find('>')? + 1;
    Some(plain(html[after_tag..].split('<').next()?.trim()))
}

fn file_form(category: &str) -> Vec<(String, String)> {
    [
        ("channel", "office"),
        ("category", category),
        ("governorate", "JO-IR"),
        ("complainant_name", "مريم خالد العمري"),
        ("complainant_id_number", "9841230002"),
        ("description", "لم تصل دفعة الشهر الماضي"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

async fn lookup(app: &TestApp, key: &str, code: &str) -> (u16, String) {
    let r = app
        .plain
        .post(app.url("/lookup"))
        .form(&[("key", key), ("code", code)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A registrar over all governorates, signed in to the API.
async fn officer_token(app: &TestApp, name: &str) -> String {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    app.store
        .create_user(
            name,
            name,
            &hash,
            &tadamun_store::access::Grants {
                roles: ["registrar".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::National,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let r = app
        .plain
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": name, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_citizen_follows_a_grievance_filed_at_the_office_with_the_receipt_code() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (status, page) = app
        .post_form("/grievances/new", &file_form("payment"))
        .await;
    assert_eq!(status, 200, "{page}");
    let reference = text_of(&page, "receipt-reference").expect("a reference");
    let code = text_of(&page, "receipt-code").expect("a code");
    assert_eq!(code.replace(' ', "").chars().count(), 12);

    let (status, answer) = lookup(&app, &reference, &code).await;
    assert_eq!(status, 200);
    assert_eq!(text_of(&answer, "lookup-status").as_deref(), Some("مفتوحة"));
    assert!(!answer.contains("مريم"), "no names on the public page");
    let (_, by_id) = lookup(&app, "9841230002", &code).await;
    assert!(by_id.contains("id=\"lookup-status\""));

    // A wrong code and an unknown reference read the same.
    let rest: String = code.chars().skip(1).collect();
    let wrong = if code.starts_with(['1', '١']) {
        "2"
    } else {
        "1"
    }
    .to_owned()
        + &rest;
    let (_, a) = lookup(&app, &reference, &wrong).await;
    let (_, b) = lookup(&app, "2026-999999", &code).await;
    let not_found = |html: &str| text_of(html, "lookup-not-found");
    assert!(not_found(&a).is_some(), "{a}");
    assert_eq!(not_found(&a), not_found(&b));
    assert!(!a.contains("lookup-status") && !b.contains("lookup-status"));

    // The office answers; the citizen sees the answer.
    let (_, list) = app.get_page("/grievances").await;
    let href = list
        .split("href=\"/grievances/")
        .filter_map(|s| s.split('"').next())
        .find(|s| s.len() == 36)
        .expect("a grievance link")
        .to_owned();
    let (status, _) = app
        .post_form(
            &format!("/grievances/{href}/status"),
            &[
                ("status".into(), "resolved".into()),
                ("text".into(), "صُرفت الدفعة".into()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (_, answer) = lookup(&app, &reference, &code).await;
    assert_eq!(
        text_of(&answer, "lookup-resolution").as_deref(),
        Some("صُرفت الدفعة")
    );
}

#[tokio::test]
async fn the_lookup_is_rate_limited_per_address() {
    let dir = std::env::temp_dir().join(format!("tadamun-web-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = tadamun_store::DatabaseUrl::new(format!("sqlite://{}", dir.join("r.db").display()));
    let store = tadamun_store::Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = spawn_app_on(store, |c| c.lookup_attempts_per_minute = 3).await;
    for _ in 0..3 {
        let (status, _) = lookup(&app, "2026-000001", "1234 5678 9012").await;
        assert_eq!(status, 200);
    }
    let (status, _) = lookup(&app, "2026-000001", "1234 5678 9012").await;
    assert_eq!(status, 429);
    let (status, _) = app.get_page("/lookup").await;
    assert_eq!(status, 200, "the form itself is not limited");
}

#[tokio::test]
async fn bad_lookup_and_filing_input_names_the_field() {
    let app = spawn_app().await;
    let (status, page) = lookup(&app, "12", "").await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"key-error\"") && page.contains("id=\"code-error\""));

    let token = app.api_login().await;
    let (status, body) = app
        .api_send(
            Method::POST,
            "/api/v1/grievances",
            &token,
            &json!({"channel": "fax"}),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in [
        "channel",
        "category",
        "governorate",
        "complainant_name",
        "description",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    app.login_as_clerk().await;
    let mut form = file_form("payment");
    form.retain(|(k, _)| k != "description");
    let (status, page) = app.post_form("/grievances/new", &form).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("f-description-error"),
        "the form marks the field"
    );
}

#[tokio::test]
async fn the_api_files_assigns_and_settles_a_grievance_and_a_sensitive_one_stays_hidden() {
    let app = spawn_app().await;
    let token = app.api_login().await;
    let raw = json!({
        "channel": "phone", "category": "staff_conduct", "governorate": "JO-IR",
        "complainant_name": "مجهول", "description": "طلب الموظف مالاً"
    });
    let (status, filed) = app
        .api_send(Method::POST, "/api/v1/grievances", &token, &raw)
        .await;
    assert_eq!(status, 201, "{filed}");
    assert!(filed["receipt_code"].as_str().unwrap().len() >= 12);
    let id = filed["id"].as_str().unwrap().to_owned();

    let clerk = app
        .store
        .user_by_username(USERNAME)
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let (status, _) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/grievances/{id}/assignment"),
            &token,
            &json!({"assignee": clerk.to_string()}),
        )
        .await;
    assert_eq!(status, 204);
    let (status, body) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/grievances/{id}/status"),
            &token,
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "status");
    let (status, _) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/grievances/{id}/status"),
            &token,
            &json!({"status": "in_progress", "text": "قيد التحقق"}),
        )
        .await;
    assert_eq!(status, 204);
    let (status, detail) = app
        .api_get(&format!("/api/v1/grievances/{id}"), &token)
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["grievance"]["status"], "in_progress");
    assert!(detail["grievance"]["restricted"].as_bool().unwrap());
    assert_eq!(detail["history"].as_array().unwrap().len(), 3);

    // Another officer with the same national scope does not see it at all.
    let other = officer_token(&app, "officer2").await;
    let (status, _) = app
        .api_get(&format!("/api/v1/grievances/{id}"), &other)
        .await;
    assert_eq!(status, 404);
    let (_, list) = app.api_get("/api/v1/grievances", &other).await;
    assert_eq!(list["grievances"].as_array().unwrap().len(), 0);
    let (_, list) = app
        .api_get("/api/v1/grievances?status=in_progress", &token)
        .await;
    assert_eq!(list["grievances"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_server_escalates_a_grievance_whose_sla_has_passed() {
    let dir = std::env::temp_dir().join(format!("tadamun-web-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = tadamun_store::DatabaseUrl::new(format!("sqlite://{}", dir.join("r.db").display()));
    let store = tadamun_store::Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = spawn_app_on(store, |c| {
        c.escalation_every = Some(Duration::from_millis(50))
    })
    .await;
    let draft = RawGrievance {
        channel: "office".into(),
        // Not a restricted category, so the supervisor reading it need not be its
        // assignee; its SLA is 14 days.
        category: "payment".into(),
        governorate: "JO-IR".into(),
        complainant_name: "س".into(),
        description: "لم يصل الدفع".into(),
        ..Default::default()
    }
    .parse(Country::Jordan)
    .unwrap();
    let filed_at = tadamun_store::now() - time::Duration::days(15);
    let code = ReceiptCode::from_random([3; 16]);
    let filed = app
        .store
        .file_grievance(&system(), &draft, &code, filed_at)
        .await
        .unwrap();
    let token = app.api_login().await;
    let mut status = Value::Null;
    for _ in 0..100 {
        let (_, detail) = app
            .api_get(&format!("/api/v1/grievances/{}", filed.id), &token)
            .await;
        status = detail["grievance"]["status"].clone();
        if status == "escalated" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, "escalated");
    let (_, overdue) = app.api_get("/api/v1/grievances?overdue=true", &token).await;
    assert_eq!(overdue["grievances"].as_array().unwrap().len(), 1);
}

//! The JSON API: bearer tokens only, the household story, 4xx for malformed input,
//! and an OpenAPI document that lists exactly the routes served.

use std::collections::BTreeSet;
use tadamun_store::testing::fixtures::system;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{household, spawn_app};

#[tokio::test]
async fn the_api_needs_a_bearer_token_and_ignores_session_cookies() {
    let app = spawn_app().await;
    let r = app
        .plain
        .get(app.url("/api/v1/areas"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "unauthorized");
    // A signed-in browser's cookie does not open the API.
    app.login_as_clerk().await;
    let r = app
        .browser
        .get(app.url("/api/v1/areas"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .plain
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": "clerk", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let token = app.api_login().await;
    let (status, areas) = app.api_get("/api/v1/areas", &token).await;
    assert_eq!(status, 200);
    assert!(
        areas
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "JO-IR" && a["name_ar"] == "إربد")
    );
    let (status, _) = app.api_get("/api/v1/areas", "not-a-real-token").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_api_registers_reads_edits_and_searches_households() {
    let app = spawn_app().await;
    let token = app.api_login().await;
    let raw = serde_json::to_value(household("أحمد", "الزعبي", 40, "0791234567")).unwrap();
    let (status, created) = app
        .api_send(Method::POST, "/api/v1/households", &token, &raw)
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["version"], 1);

    let (status, got) = app
        .api_get(&format!("/api/v1/households/{id}"), &token)
        .await;
    assert_eq!(status, 200);
    assert_eq!(got["members"].as_array().unwrap().len(), 3);

    let mut edited = raw.clone();
    edited["address"] = json!("عنوان جديد");
    let member_ids: Vec<Value> = got["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].clone())
        .collect();
    let (status, updated) = app
        .api_send(
            Method::PUT,
            &format!("/api/v1/households/{id}"),
            &token,
            &json!({"version": 1, "household": edited, "member_ids": member_ids}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["address"], "عنوان جديد");
    let (status, stale) = app
        .api_send(
            Method::PUT,
            &format!("/api/v1/households/{id}"),
            &token,
            &json!({"version": 1, "household": edited, "member_ids": member_ids}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(stale["error"], "conflict");

    let (status, found) = app
        .api_get("/api/v1/search?q=%D8%A7%D8%AD%D9%85%D8%AF&limit=10", &token)
        .await;
    assert_eq!(status, 200);
    assert_eq!(found["hits"][0]["household_id"], id.as_str());
    let (_, dashboard) = app.api_get("/api/v1/dashboard", &token).await;
    assert_eq!(dashboard["total_households"], 1);
    assert_eq!(dashboard["total_persons"], 3);
}

#[tokio::test]
async fn the_api_records_events_and_lists_the_history() {
    let app = spawn_app().await;
    let token = app.api_login().await;
    let id = app.seed(&household("أحمد", "الزعبي", 41, "")).await;
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    let wife = stored.members[1].id.to_string();
    let today = tadamun_store::now().date().to_string();
    let body = json!({"version": 1, "event": {"kind": "death", "person_id": wife, "date": today}});
    let (status, recorded) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/households/{id}/events"),
            &token,
            &body,
        )
        .await;
    assert_eq!(status, 201, "{recorded}");
    assert_eq!(recorded["household"]["version"], 2);
    let bad =
        json!({"version": 2, "event": {"kind": "death", "person_id": "x", "date": "yesterday"}});
    let (status, refused) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/households/{id}/events"),
            &token,
            &bad,
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["person_id", "date"]);
    let (status, history) = app
        .api_get(&format!("/api/v1/households/{id}/history"), &token)
        .await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["created", "died"]);
    assert_eq!(history[1]["actor_name"], crate::helpers::DISPLAY_NAME);
}

#[tokio::test]
async fn malformed_api_requests_get_a_4xx_json_error_naming_the_field() {
    let app = spawn_app().await;
    let token = app.api_login().await;
    let (status, e) = app
        .api_send_raw(Method::POST, "/api/v1/households", &token, "{not json")
        .await;
    assert_eq!(status, 400);
    assert_eq!(e["error"], "bad-request");
    let (status, e) = app
        .api_send_raw(
            Method::POST,
            "/api/v1/households",
            &token,
            r#"{"governorate": "JO-IR", "members": [{"given_name": 5}]}"#,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(e["fields"][0]["field"], "members[0].given_name");
    let (status, e) = app
        .api_send(
            Method::POST,
            "/api/v1/households",
            &token,
            &json!({"governorate": "JO-XX"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "governorate" && f["code"] == "unknown-governorate")
    );
    let (status, e) = app.api_get("/api/v1/households/not-a-uuid", &token).await;
    assert_eq!(status, 422);
    assert_eq!(e["fields"][0]["field"], "id");
    let (status, _) = app
        .api_get(
            &format!("/api/v1/households/{}", uuid::Uuid::now_v7()),
            &token,
        )
        .await;
    assert_eq!(status, 404);
    let existing = app.seed(&household("حسن", "الخطيب", 77, "")).await;
    let (status, e) = app
        .api_send_raw(
            Method::PUT,
            &format!("/api/v1/households/{existing}"),
            &token,
            r#"{"version": "one", "household": {}}"#,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(e["fields"][0]["field"], "version");
    let (status, _) = app
        .api_get("/api/v1/search?q=x&after=garbage", &token)
        .await;
    assert_eq!(status, 422);
    let (status, _) = app.api_get("/api/v1/search?q=x&limit=abc", &token).await;
    assert_eq!(status, 422);
    let r = app
        .plain
        .post(app.url("/api/v1/households"))
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    let (status, e) = app.api_get("/api/v1/nothing-here", &token).await;
    assert_eq!(status, 404);
    assert_eq!(e["error"], "not-found");
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_the_api_serves() {
    let app = spawn_app().await;
    let doc: Value = app
        .plain
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<(String, String)> =
        tadamun_web::api::registered_routes().into_iter().collect();
    assert_eq!(served, documented);
    assert!(doc["components"]["schemas"]["RawHousehold"].is_object());
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

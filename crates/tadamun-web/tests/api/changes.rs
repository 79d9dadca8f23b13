//! Maker-checker through the API and the pages: a request is filed, its maker cannot
//! approve it by either route, a second supervisor can, and the history names both.

use reqwest::Method;
use serde_json::json;
use tadamun_domain::access::AreaScope;
use tadamun_store::{access::Grants, testing::fixtures::system};

use crate::helpers::{household, spawn_app};

#[tokio::test]
async fn nobody_approves_their_own_request_through_the_api_or_the_pages() {
    let app = spawn_app().await;
    let id = app.seed(&household("يوسف", "النمري", 61, "")).await;
    let token = app.api_login().await;
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    let son = stored.members[2].id;

    let (status, filed) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/households/{id}/change-requests"),
            &token,
            &json!({"change": {"type": "delete_person", "person": son}, "reason": "سُجّل مرتين"}),
        )
        .await;
    assert_eq!(status, 201, "{filed}");
    let request = filed["id"].as_str().unwrap().to_owned();

    let (status, queue) = app.api_get("/api/v1/change-requests", &token).await;
    assert_eq!(status, 200);
    assert_eq!(queue[0]["kind"], "delete_person");
    assert_eq!(queue[0]["requested_by"], "سعاد الموظفة");

    let decision = format!("/api/v1/change-requests/{request}/decision");
    let (status, refused) = app
        .api_send(Method::POST, &decision, &token, &json!({"approve": true}))
        .await;
    assert_eq!(status, 403, "{refused}");
    app.login_as_clerk().await;
    let r = app
        .browser
        .post(app.url(&format!("/changes/{request}/decision")))
        .form(&[("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "the page refuses the maker too");
    assert_eq!(
        app.store
            .get_household(&system(), id)
            .await
            .unwrap()
            .unwrap()
            .members
            .len(),
        3,
        "nothing applied"
    );

    // A second supervisor decides.
    let now = tadamun_store::now();
    let checker = app
        .store
        .create_user(
            "checker",
            "مشرف ثان",
            "$argon2id$unused",
            &Grants {
                roles: ["registry_supervisor".to_owned()].into(),
                scope: AreaScope::National,
            },
            now,
        )
        .await
        .unwrap();
    let checker_token = "c".repeat(64);
    let new = tadamun_store::sessions::NewSession {
        token_hash: tadamun_web::auth::session_token_hash(&checker_token),
        user: checker,
        kind: tadamun_domain::login::SessionKind::Api,
        stage: tadamun_domain::login::SessionStage::Full,
        permissions: None,
        user_agent: None,
        source_ip: None,
        absolute_expires_at: now + time::Duration::hours(1),
    };
    app.store.create_session(&new, None, now).await.unwrap();
    let (status, decided) = app
        .api_send(
            Method::POST,
            &decision,
            &checker_token,
            &json!({"approve": true, "note": "موافق"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "approved");
    let after = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.members.len(), 2);
    let (_, history) = app
        .api_get(&format!("/api/v1/households/{id}/history"), &token)
        .await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "person_deleted");
    assert_eq!(last["actor_name"], "سعاد الموظفة");
    assert_eq!(last["approved_by_name"], "مشرف ثان");
}

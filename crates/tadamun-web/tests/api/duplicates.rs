//! The duplicate check at registration and the review queue, through the pages: a
//! family typed again is stopped with the candidate and its reasons, nothing is saved
//! until the clerk confirms, the pair is queued, and a clerk settles it (two people,
//! or one person through a merge a second supervisor approves, which can be undone).

use tadamun_domain::access::AreaScope;
use tadamun_store::{access::Grants, testing::fixtures::system};

use crate::helpers::{form_pairs, household, plain, spawn_app};

#[tokio::test]
async fn registering_a_family_again_shows_the_candidate_and_saves_only_when_confirmed() {
    let app = spawn_app().await;
    let first = app
        .seed(&household("أحمد", "الزعبي", 10, "0791234567"))
        .await;
    app.login_as_clerk().await;
    // The same family typed again at another office: hamza dropped, no ID numbers.
    let mut again = household("احمد", "الزعبي", 11, "0797654321");
    again.governorate = "JO-AM".into();
    for m in &mut again.members {
        m.id_number.clear();
    }
    let pairs = form_pairs(&again);
    let (status, body) = app.post_form("/households/new", &pairs).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("id=\"possible-duplicates\""));
    assert!(
        body.contains("أحمد محمود الزعبي"),
        "the registered head is named"
    );
    assert!(body.contains(&format!("href=\"/households/{first}\"")));
    assert!(
        plain(&body).contains("الاسم الأول: متطابق"),
        "with reasons in Arabic"
    );
    assert!(body.contains("id=\"confirm-distinct\""));
    assert_eq!(
        app.store.count_households(&system()).await.unwrap(),
        1,
        "nothing saved before the clerk looked"
    );

    let mut confirmed = pairs.clone();
    confirmed.push(("confirm_distinct".into(), "1".into()));
    let r = app
        .browser
        .post(app.url("/households/new"))
        .form(&confirmed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.url().path().starts_with("/households/"));
    assert_eq!(app.store.count_households(&system()).await.unwrap(), 2);

    let (_, page) = app.household_page(first).await;
    assert!(
        page.contains("id=\"household-duplicates\""),
        "the household page shows the pair"
    );
    let (status, queue) = app.get_page("/duplicates").await;
    assert_eq!(status, 200);
    assert!(queue.contains("أحمد محمود الزعبي"), "{queue}");
    assert!(queue.contains("وُجد عند التسجيل"), "source named");
    assert!(
        plain(&queue).contains("تاريخ الميلاد: متطابق"),
        "reasons worded from codes"
    );
    let pair_id = queue
        .split("id=\"pair-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let (status, _) = app
        .post_form(
            &format!("/duplicates/{pair_id}/decision"),
            &[
                ("decision".into(), "different".into()),
                ("reason".into(), "توأمان".into()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (_, open) = app.get_page("/duplicates").await;
    assert!(
        !open.contains(&format!("pair-{pair_id}")),
        "settled pairs leave the queue"
    );
    let (_, different) = app.get_page("/duplicates?status=different").await;
    assert!(different.contains(&format!("pair-{pair_id}")));
}

#[tokio::test]
async fn one_person_is_merged_by_a_second_supervisor_and_the_merge_can_be_undone() {
    let app = spawn_app().await;
    let kept = app
        .seed(&household("يوسف", "النمري", 20, "0791112222"))
        .await;
    let mut twice = household("يوسف", "النمري", 21, "0793334444");
    twice.members.truncate(1);
    twice.members[0].id_number.clear();
    let now = tadamun_store::now();
    let draft = twice.parse(&app.pack, now.date()).unwrap();
    let removed = app
        .store
        .create_household(&system(), &draft, now)
        .await
        .unwrap();
    let scan = tadamun_services::duplicates::scan_registry(&app.store, &system())
        .await
        .unwrap();
    assert_eq!(scan.queued, 1, "{scan:?}");
    let keep_id = app
        .store
        .get_household(&system(), kept)
        .await
        .unwrap()
        .unwrap()
        .members[0]
        .id;
    app.login_as_clerk().await;
    let (_, queue) = app.get_page("/duplicates").await;
    let pair_id = queue
        .split("id=\"pair-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the scan queued the pair")
        .to_owned();
    let r = app
        .browser
        .post(app.url(&format!("/duplicates/{pair_id}/decision")))
        .form(&[
            ("decision", "same"),
            ("keep", &keep_id.to_string()),
            ("reason", "سُجّل مرتين"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let request = r.url().path().trim_start_matches("/changes/").to_owned();
    assert!(uuid::Uuid::parse_str(&request).is_ok(), "{}", r.url());

    // A second supervisor approves it.
    let grants = Grants {
        roles: ["registry_supervisor".to_owned()].into(),
        scope: AreaScope::National,
    };
    let checker_id = app
        .store
        .create_user("checker", "checker", "$argon2id$unused", &grants, now)
        .await
        .unwrap();
    let checker = app
        .store
        .user_access(checker_id, None)
        .await
        .unwrap()
        .unwrap();
    let request = uuid::Uuid::parse_str(&request).unwrap();
    app.store
        .decide_change_request(&checker, request, true, "", now)
        .await
        .unwrap();
    let gone = app
        .store
        .get_household(&system(), removed)
        .await
        .unwrap()
        .unwrap();
    assert!(gone.members.is_empty());

    let (_, same) = app.get_page("/duplicates?status=same").await;
    assert!(
        same.contains(&format!("/duplicates/{pair_id}/unmerge")),
        "{same}"
    );
    let r = app
        .browser
        .post(app.url(&format!("/duplicates/{pair_id}/unmerge")))
        .form(&[("reason", "ليس الشخص نفسه")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let undo = uuid::Uuid::parse_str(r.url().path().trim_start_matches("/changes/")).unwrap();
    app.store
        .decide_change_request(&checker, undo, true, "", now)
        .await
        .unwrap();
    let back = app
        .store
        .get_household(&system(), removed)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.members.len(), 1, "the record is back");
}

#[tokio::test]
async fn the_api_checks_before_registering_lists_the_queue_and_takes_a_decision() {
    use reqwest::Method;
    use serde_json::json;
    let app = spawn_app().await;
    app.seed(&household("سامي", "الحديدي", 30, "0795556666"))
        .await;
    let token = app.api_login().await;
    let mut again = household("سامي", "الحديدي", 31, "0797778888");
    again.governorate = "JO-AM".into();
    for m in &mut again.members {
        m.id_number.clear();
    }
    let (status, found) = app
        .api_send(
            Method::POST,
            "/api/v1/duplicate-check",
            &token,
            &serde_json::to_value(&again).unwrap(),
        )
        .await;
    assert_eq!(status, 200, "{found}");
    let head = &found[0];
    assert_eq!(head["member"], 0);
    assert_eq!(head["candidates"][0]["full_name"], "سامي محمود الحديدي");
    assert_eq!(head["candidates"][0]["visible"], true);
    assert!(
        head["candidates"][0]["reasons"]
            .as_array()
            .unwrap()
            .contains(&json!("given.agrees"))
    );
    assert!(
        head["candidates"][0]["reason_en"]
            .as_str()
            .unwrap()
            .contains("birth date agrees")
    );
    assert_eq!(
        app.store.count_households(&system()).await.unwrap(),
        1,
        "nothing saved"
    );
    let (status, bad) = app
        .api_send(
            Method::POST,
            "/api/v1/duplicate-check",
            &token,
            &json!({"members": []}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");

    let now = tadamun_store::now();
    let draft = again.parse(&app.pack, now.date()).unwrap();
    app.store
        .create_household(&system(), &draft, now)
        .await
        .unwrap();
    tadamun_services::duplicates::scan_registry(&app.store, &system())
        .await
        .unwrap();
    let (status, queue) = app.api_get("/api/v1/duplicates", &token).await;
    assert_eq!(status, 200, "{queue}");
    let pairs = queue["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    let id = pairs[0]["id"].as_str().unwrap().to_owned();
    let (status, decided) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/duplicates/{id}/decision"),
            &token,
            &json!({"decision": "different", "reason": "أبناء عم"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert!(decided["change_request"].is_null());
    let (status, _) = app
        .api_send(
            Method::POST,
            &format!("/api/v1/duplicates/{id}/decision"),
            &token,
            &json!({"decision": "different"}),
        )
        .await;
    assert_eq!(status, 409, "decided once");
}

#[tokio::test]
async fn a_member_added_by_an_edit_is_checked_and_queued() {
    let app = spawn_app().await;
    // The Zoubi son is registered in his parents' household...
    app.seed(&household("أحمد", "الزعبي", 40, "0791234500"))
        .await;
    // ...and a clerk adds him again to his uncle's.
    let uncle = household("خالد", "الزعبي", 41, "0797654300");
    let id = app.seed(&uncle).await;
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    app.login_as_clerk().await;
    let mut edited = uncle.clone();
    let mut again = edited.members[2].clone();
    again.given_name = "عمر".into();
    again.father_name = "احمد".into();
    again.relationship = "other_relative".into();
    edited.members.push(again);
    let mut pairs = form_pairs(&edited);
    pairs.push(("version".into(), stored.version.to_string()));
    for (i, m) in stored.members.iter().enumerate() {
        pairs.push((format!("members[{i}].id"), m.id.to_string()));
    }
    let r = app
        .browser
        .post(app.url(&format!("/households/{id}/edit")))
        .form(&pairs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the edit is saved, not held up");
    let queue = app
        .store
        .duplicate_queue(
            &system(),
            tadamun_domain::duplicate::DuplicateStatus::Open,
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    let names = [queue[0].a.full_name.as_str(), queue[0].b.full_name.as_str()];
    assert!(names.contains(&"عمر أحمد الزعبي"), "{names:?}");
    assert!(names.contains(&"عمر احمد الزعبي"), "{names:?}");
}

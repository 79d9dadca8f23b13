//! The dashboard and the household forms: field errors in Arabic, values kept,
//! success, and the conflict message on a stale edit.

use crate::helpers::{
    form_pairs, hidden_value, household, household_id_from_url, plain, spawn_app,
};
use tadamun_store::testing::fixtures::system;

#[tokio::test]
async fn the_dashboard_counts_households_and_persons_by_governorate() {
    let app = spawn_app().await;
    app.seed(&household("أحمد", "الزعبي", 1, "0791234567"))
        .await;
    app.seed(&household("خالد", "العمري", 2, "")).await;
    app.login_as_clerk().await;
    let (status, body) = app.get_page("/").await;
    assert_eq!(status, 200);
    let body = plain(&body);
    let irbid = body
        .split("إربد")
        .nth(1)
        .expect("Irbid is listed in Arabic");
    let cells: Vec<&str> = irbid
        .split("<bdi>")
        .skip(1)
        .take(2)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["2", "6"], "households and persons of Irbid");
    assert!(body.contains("أسرتان"), "Arabic dual in the total");
    assert!(
        body.contains("العاصمة"),
        "governorates with no household are listed too"
    );
}

#[tokio::test]
async fn a_household_form_with_mistakes_shows_arabic_errors_beside_the_fields_and_keeps_the_values()
{
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (status, body) = app.get_page("/households/new").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("name=\"members[2].given_name\""),
        "three member rows by default"
    );
    let mut raw = household("أحمد", "الزعبي", 3, "0791234567");
    raw.members[0].id_number = "12345".into();
    raw.members[1].birth_date = "1985-13-45".into();
    let (status, body) = app.post_form("/households/new", &form_pairs(&raw)).await;
    assert_eq!(status, 422);
    let body = plain(&body);
    assert!(
        body.contains("رقم الهوية الوطنية غير صحيح"),
        "national id error in Arabic"
    );
    assert!(body.contains("التاريخ غير صحيح"), "date error in Arabic");
    let id_input = body.find("id=\"f-members-0-id_number\"").expect("id input");
    let id_error = body
        .find("id=\"f-members-0-id_number-error\"")
        .expect("error beside the id input");
    assert!(id_error > id_input && id_error - id_input < 400);
    assert!(body.contains("value=\"1985-13-45\""), "values are kept");
    assert!(body.contains("value=\"الزعبي\""));

    let raw = household("أحمد", "الزعبي", 3, "0791234567");
    let r = app
        .browser
        .post(app.url("/households/new"))
        .form(&form_pairs(&raw))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let id = household_id_from_url(r.url().as_str());
    let body = plain(&r.text().await.unwrap());
    assert!(body.contains("أسرة أحمد محمود الزعبي"));
    assert!(body.contains("<bdi>9800000003</bdi>") || body.contains("9800000003</bdi>"));
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.members.len(), 3);
}

#[tokio::test]
async fn an_edit_made_from_a_stale_version_shows_the_conflict_message() {
    let app = spawn_app().await;
    let id = app.seed(&household("أحمد", "الزعبي", 4, "")).await;
    app.login_as_clerk().await;
    let (_, form) = app.get_page(&format!("/households/{id}/edit")).await;
    let version = hidden_value(&form, "version").unwrap();
    assert_eq!(version, "1");
    let member_id = hidden_value(&form, "members[0].id").unwrap();
    assert!(!member_id.is_empty());

    // Someone else edits first.
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<_> = stored.members.iter().map(|m| Some(m.id)).collect();
    app.store
        .update_household(
            &system(),
            id,
            1,
            &stored.to_draft(),
            &ids,
            tadamun_store::now(),
        )
        .await
        .unwrap();

    let mut raw = household("أحمد", "الزعبي", 4, "");
    raw.address = "عنوان جديد".into();
    let mut pairs = form_pairs(&raw);
    pairs.push(("version".into(), version.clone()));
    for (i, m) in stored.members.iter().enumerate() {
        pairs.push((format!("members[{i}].id"), m.id.to_string()));
    }
    let (status, body) = app
        .post_form(&format!("/households/{id}/edit"), &pairs)
        .await;
    assert_eq!(status, 409);
    assert!(plain(&body).contains("عدّل مستخدم آخر هذه الأسرة"));
    assert!(
        body.contains("value=\"عنوان جديد\""),
        "the clerk's changes are kept"
    );

    pairs.retain(|(k, _)| k != "version");
    pairs.push(("version".into(), "2".into()));
    let r = app
        .browser
        .post(app.url(&format!("/households/{id}/edit")))
        .form(&pairs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("عنوان جديد"));
    assert_eq!(
        app.store
            .get_household(&system(), id)
            .await
            .unwrap()
            .unwrap()
            .version,
        3
    );
}

#[tokio::test]
async fn unknown_households_and_malformed_ids_are_404_pages() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (status, body) = app.get_page("/households/not-a-uuid").await;
    assert_eq!(status, 404);
    assert!(body.contains("dir=\"rtl\""));
    let (status, _) = app
        .get_page(&format!("/households/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(status, 404);
}

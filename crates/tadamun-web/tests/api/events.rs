//! Life-cycle events through the household page's forms, with the history saying who.

use crate::helpers::{
    DISPLAY_NAME, hidden_value, household, household_id_from_url, plain, spawn_app,
};
use tadamun_store::testing::fixtures::system;

#[tokio::test]
async fn each_life_cycle_event_is_recorded_from_the_household_page_with_who_did_it() {
    let app = spawn_app().await;
    let id = app.seed(&household("أحمد", "الزعبي", 30, "")).await;
    app.login_as_clerk().await;
    let today = tadamun_store::now().date();
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    let wife = stored.members[1].id.to_string();
    let son = stored.members[2].id.to_string();

    // Birth.
    let (_, page) = app.household_page(id).await;
    let v = hidden_value(&page, "version").unwrap();
    let birth = today.to_string();
    let (status, page) = app
        .post_event(
            id,
            "birth",
            &[
                ("version", &v),
                ("child.given_name", "ليلى"),
                ("child.father_name", "أحمد"),
                ("child.family_name", "الزعبي"),
                ("child.sex", "F"),
                ("child.relationship", "daughter"),
                ("child.birth_date", &birth),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("ليلى أحمد الزعبي"));

    // Marriage of the son, with his wife joining.
    let v = hidden_value(&page, "version").unwrap();
    let (status, page) = app
        .post_event(
            id,
            "marriage",
            &[
                ("version", &v),
                ("person_id", &son),
                ("date", &birth),
                ("incoming_spouse.given_name", "سارة"),
                ("incoming_spouse.father_name", "خالد"),
                ("incoming_spouse.family_name", "العمري"),
                ("incoming_spouse.sex", "F"),
                ("incoming_spouse.birth_date", "2008-01-01"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("سارة خالد العمري"));

    // A stale version is a conflict, shown on the page.
    let (status, conflict) = app
        .post_event(
            id,
            "death",
            &[("version", &v), ("person_id", &wife), ("date", &birth)],
        )
        .await;
    assert_eq!(status, 409);
    assert!(plain(&conflict).contains("تغيّرت الأسرة منذ فتحتها"));

    // Death.
    let v = hidden_value(&page, "version").unwrap();
    let (status, page) = app
        .post_event(
            id,
            "death",
            &[("version", &v), ("person_id", &wife), ("date", &birth)],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("class=\"is-deceased\""));

    // A move within the governorate is recorded at once.
    let v = hidden_value(&page, "version").unwrap();
    let (status, page) = app
        .post_event(
            id,
            "move",
            &[
                ("version", &v),
                ("governorate", "JO-IR"),
                ("district", ""),
                ("address", "حي الجامعة"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("حي الجامعة"));

    // A move to another governorate waits for a supervisor's approval.
    let v = hidden_value(&page, "version").unwrap();
    let (status, page) = app
        .post_event(
            id,
            "move",
            &[
                ("version", &v),
                ("governorate", "JO-AM"),
                ("district", ""),
                ("address", "جبل الحسين"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        plain(&page).contains("أُرسل التغيير إلى مشرف السجل"),
        "{}",
        plain(&page)
    );
    assert!(
        !page.contains("جبل الحسين"),
        "nothing moves before approval"
    );

    // Split: the son and his wife leave.
    let stored = app
        .store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap();
    let sara = stored
        .members
        .iter()
        .find(|m| m.draft.name.given.as_str() == "سارة")
        .unwrap()
        .id
        .to_string();
    let v = hidden_value(&page, "version").unwrap();
    let r = app
        .browser
        .post(app.url(&format!("/households/{id}/events/split")))
        .form(&[
            ("version", v.as_str()),
            ("members", &son),
            ("members", &sara),
            ("new_head", &son),
            ("governorate", "JO-IR"),
            ("address", "حي التركمان"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let new_link = page
        .split("id=\"banner-link\"")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let new_id = household_id_from_url(&new_link);
    let formed = app
        .store
        .get_household(&system(), new_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(formed.members.len(), 2);

    // The history lists every change with the clerk's name.
    let history = page.split("id=\"history\"").nth(1).unwrap();
    assert!(
        history.matches(DISPLAY_NAME).count() >= 5,
        "who did it is shown"
    );
    for what in ["إضافة فرد", "زواج", "وفاة", "انتقال", "انفصال"] {
        assert!(history.contains(what), "{what} in the history");
    }
    assert!(plain(history).contains("→"), "before → after");
}

#[tokio::test]
async fn a_refused_event_explains_why_in_arabic() {
    let app = spawn_app().await;
    let id = app.seed(&household("أحمد", "الزعبي", 31, "")).await;
    app.login_as_clerk().await;
    let (status, page) = app
        .post_event(
            id,
            "death",
            &[
                ("version", "1"),
                ("person_id", "nobody"),
                ("date", "2030-01-01"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let page = plain(&page);
    assert!(
        page.contains("المعرّف غير صحيح"),
        "the bad member id is named in Arabic"
    );
}

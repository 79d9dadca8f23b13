//! Governorate indicators, need against supply and the priorities preview over the
//! web: a planning-group member sees their governorate's counts, formulas and charts,
//! not another governorate's; bad weights name their field; others are refused.

use reqwest::{Client, header::HeaderMap};
use tadamun_domain::{access::AreaScope, area::GovernorateCode};
use tadamun_store::{
    access::Grants,
    testing::{
        fixtures::system,
        partner_fixtures::{offered, registered},
    },
};

use crate::helpers::{PASSWORD, TestApp, household, person, plain, spawn_app};

fn browser() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn planner(app: &TestApp) -> Client {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    let scope = AreaScope::Governorates([GovernorateCode::parse("JO-IR").unwrap()].into());
    app.store
        .create_user(
            "planner",
            "planner",
            &hash,
            &Grants {
                roles: ["planning_member".to_owned()].into(),
                scope,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let client = browser();
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("username", "planner"),
            ("password", PASSWORD),
            ("next", "/planning/indicators"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the planner signs in");
    client
}

async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), plain(&r.text().await.unwrap()))
}

/// Irbid: a family of three and a woman of 80 living alone; Amman: one family.
async fn seed(app: &TestApp) {
    app.seed(&household("أحمد", "الزعبي", 1, "0791234567"))
        .await;
    let mut alone = household("خديجة", "العمري", 2, "0791234568");
    alone.members = vec![person(
        "خديجة",
        "سالم",
        "العمري",
        "head",
        "F",
        "1946-02-01",
        "",
    )];
    app.seed(&alone).await;
    let mut amman = household("علي", "الخطيب", 3, "0791234569");
    amman.governorate = "JO-AM".into();
    app.seed(&amman).await;
    let org = registered(
        &app.store,
        &system(),
        "IR-9",
        "جمعية الرحمة",
        "JO-IR",
        &["JO-IR"],
    )
    .await;
    offered(&app.store, &system(), org, "elderly_care", "JO-IR", 25).await;
}

#[tokio::test]
async fn a_planner_sees_their_governorates_indicators_with_formulas_and_a_chart() {
    let app = spawn_app().await;
    seed(&app).await;
    let client = planner(&app).await;
    let (status, html) = get(&app, &client, "/planning/indicators").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-governorate=\"JO-IR\"") && !html.contains("data-governorate=\"JO-AM\""),
        "{html}"
    );
    assert!(
        html.contains("id=\"indicator-chart\"") && html.contains("<svg"),
        "{html}"
    );
    assert!(
        html.contains("كبار السن الذين يعيشون وحدهم"),
        "the label in Arabic: {html}"
    );
    assert!(
        html.contains("العمر 65 سنة فأكثر"),
        "the formula in words: {html}"
    );
    assert!(
        html.contains("لم تجرِ أي عملية استهداف"),
        "no run yet: {html}"
    );
    // Irbid: 4 people covered, 1 elderly living alone: 250 per 1,000.
    let row = &html[html.find("data-governorate=\"JO-IR\"").unwrap()..];
    assert!(
        row.contains("<bdi>4</bdi>") && row.contains("<bdi>250.0</bdi>"),
        "{row}"
    );
    let (status, _) = get(&app, &client, "/planning/indicators?chart=spa").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_governorate_page_compares_need_with_partner_capacity_within_scope() {
    let app = spawn_app().await;
    seed(&app).await;
    let client = planner(&app).await;
    let (status, html) = get(&app, &client, "/planning/indicators/JO-IR").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("id=\"need-chart\"") && html.contains("id=\"need-supply\""),
        "{html}"
    );
    assert!(
        html.contains("لا مقياس لها في السجل"),
        "services without a measure say so: {html}"
    );
    // The organisation is pending, so accredited capacity is 0 and the gap is the need.
    let table = &html[html.find("id=\"need-supply\"").unwrap()..];
    assert!(table.contains("رعاية المسنين"), "{table}");
    assert_eq!(
        get(&app, &client, "/planning/indicators/JO-AM").await.0,
        404,
        "outside the planner's scope"
    );
}

#[tokio::test]
async fn the_priorities_preview_explains_each_score_and_names_a_bad_weight() {
    let app = spawn_app().await;
    seed(&app).await;
    let client = planner(&app).await;
    let (status, html) = get(
        &app,
        &client,
        "/planning/priorities?governorate=JO-IR&weight.indicator%3Aelderly_65_alone=101",
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("id=\"weights-invalid\"") && html.contains("أدخل عدداً صحيحاً من ٠ إلى ١٠٠"),
        "{html}"
    );
    assert!(!html.contains("id=\"ranking\""), "{html}");
    let (status, html) = get(&app, &client, "/planning/priorities?governorate=JO-IR&weight.indicator%3Aelderly_65_alone=10&weight.gap%3Aelderly_care=5").await;
    assert_eq!(status, 200);
    let ranking = &html[html.find("id=\"ranking\"").expect("a ranking")..];
    assert!(
        ranking.contains("رعاية المسنين") && ranking.contains("المساهمة"),
        "{ranking}"
    );
    assert!(
        ranking.contains("معاينة") || html.contains("لا يُحفظ شيء"),
        "a preview: {html}"
    );
    assert_eq!(
        get(&app, &client, "/planning/priorities?governorate=JO-AM")
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn staff_without_planning_read_are_refused() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    assert_eq!(app.get_page("/planning/indicators").await.0, 403);
    assert_eq!(app.get_page("/planning/priorities").await.0, 403);
}

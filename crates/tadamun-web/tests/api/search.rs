//! Search by a hamza variant, by ID number and by phone; the keyset "next page" link;
//! the htmx partial.

use crate::helpers::{form_pairs, household, spawn_app};

#[tokio::test]
async fn a_clerk_can_register_a_household_and_find_it_by_a_hamza_variant_id_number_or_phone() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let raw = household("أحمد", "الزعبي", 10, "0791234567");
    let r = app
        .browser
        .post(app.url("/households/new"))
        .form(&form_pairs(&raw))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let household_path = r.url().path().to_owned();

    let (status, body) = app.search_page("احمد الزعبي").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("أحمد محمود الزعبي"),
        "found by a different hamza spelling"
    );
    assert!(body.contains(&format!("href=\"{household_path}\"")));
    assert!(body.contains("<bdi>9800000010</bdi>"));

    let (_, body) = app.search_page("9850000010").await;
    assert!(body.contains("فاطمة علي الزعبي"), "found by ID number");

    let (_, body) = app.search_page("079 123 4567").await;
    assert!(
        body.contains("عمر أحمد الزعبي"),
        "every member found by the household phone"
    );
}

#[tokio::test]
async fn the_next_page_link_continues_where_the_first_page_ended() {
    let app = spawn_app().await;
    for i in 0..27 {
        app.seed(&household("أحمد", "الخطيب", 100 + i, "")).await;
    }
    app.login_as_clerk().await;
    let count = |html: &str| html.matches("class=\"result-link\"").count();
    let (_, first) = app.search_page("احمد").await;
    assert_eq!(count(&first), 25, "a page holds 25");
    let href = first
        .split("id=\"next-page\"")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert!(href.contains("after="), "{href}");
    let (status, second) = app.get_page(&href).await;
    assert_eq!(status, 200);
    assert_eq!(count(&second), 2, "the rest, and nothing twice");
    assert!(!second.contains("id=\"next-page\""));
}

#[tokio::test]
async fn htmx_search_as_you_type_gets_only_the_results() {
    let app = spawn_app().await;
    app.seed(&household("إبراهيم", "النابلسي", 20, "")).await;
    app.login_as_clerk().await;
    let r = app
        .browser
        .get(app.url("/households/search"))
        .query(&[("q", "ابراهيم")])
        .header("hx-request", "true")
        .send()
        .await
        .unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains("إبراهيم محمود النابلسي"));
    assert!(!body.contains("<html"), "a partial, not a page");
}

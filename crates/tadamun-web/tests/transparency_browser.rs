//! The public portal in a real headless Chromium, signed out, at a phone's width: it
//! renders in Arabic right to left, a suppressed cell reads "<10", and the page does
//! not overflow the screen (wide tables scroll inside their frame). Needs
//! `chromedriver` and `chromium` like `browser.rs`; `TADAMUN_SKIP_BROWSER=1` skips it.

mod support;

use fantoccini::Locator;
use tadamun_domain::{country::Country, country_pack::CountryPack};
use tadamun_store::{DatabaseUrl, Store, testing::portal_fixtures::portal_registry};

async fn spawn_app() -> String {
    let dir = std::env::temp_dir().join(format!("tadamun-portal-browser-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::connect(&DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.join("registry.db").display()
    )))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    store
        .sync_areas(&CountryPack::builtin(Country::Jordan), tadamun_store::now())
        .await
        .unwrap();
    portal_registry(&store).await;
    support::browser::serve(store).await
}

#[tokio::test]
async fn the_portal_renders_in_arabic_on_a_phone_with_small_counts_suppressed() {
    if !support::browser::browser_wanted() {
        return;
    }
    let address = spawn_app().await;
    let (_driver, client) = support::browser::headless_browser().await;
    let wait = std::time::Duration::from_secs(10);
    let outcome = async {
        client.set_window_size(390, 844).await?;
        client.goto(&format!("{address}/transparency")).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#portal-elderly_65")).await?;
        let lang = client.execute("return document.documentElement.lang", vec![]).await?;
        let dir = client.execute("return document.documentElement.dir", vec![]).await?;
        let title = client.find(Locator::Css("h1")).await?.text().await?;
        let small = client
            .execute(
                "return Array.from(document.querySelectorAll('#portal-elderly_65 td.small')).map(td => td.textContent.trim())",
                vec![],
            )
            .await?;
        let irbid = client
            .execute(
                "return Array.from(document.querySelectorAll('#portal-elderly_65 tbody tr')).find(tr => tr.querySelector('th').textContent.includes('إربد')).querySelector('td').textContent.trim()",
                vec![],
            )
            .await?;
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth",
                vec![],
            )
            .await?;
        Ok::<_, fantoccini::error::CmdError>((lang, dir, title, small, irbid, overflow))
    }
    .await;
    let _ = client.close().await;
    let (lang, dir, title, small, irbid, overflow) = outcome.expect("the browser flow");
    assert_eq!(lang, "ar");
    assert_eq!(dir, "rtl");
    assert_eq!(title.trim(), "بوابة الشفافية");
    let small: Vec<String> = serde_json::from_value(small).unwrap();
    assert!(
        !small.is_empty() && small.iter().all(|s| s.contains("<10")),
        "{small:?}"
    );
    assert!(
        irbid.as_str().unwrap().contains("<10"),
        "Irbid's older people alone: {irbid}"
    );
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "the page fits a phone's width: {overflow}"
    );
}

//! A partner's staff member in a real headless Chromium: sent to sign in from the
//! partner registry, lands on their own organisation (right to left), adds a service
//! through the form, and sees it on the service map's chart. Needs `chromedriver` and
//! `chromium` like `browser.rs`; set `TADAMUN_SKIP_BROWSER=1` to skip it.

mod support;

use std::time::Duration;

use fantoccini::Locator;
use tadamun_domain::{country::Country, country_pack::CountryPack};
use tadamun_store::{
    DatabaseUrl, Store,
    testing::{fixtures::system, partner_fixtures::registered},
};
use tadamun_web::auth::hash_password;

async fn spawn_app() -> String {
    let dir =
        std::env::temp_dir().join(format!("tadamun-partners-browser-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::connect(&DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.join("registry.db").display()
    )))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let now = tadamun_store::now();
    store
        .sync_areas(&CountryPack::builtin(Country::Jordan), now)
        .await
        .unwrap();
    let org = registered(
        &store,
        &system(),
        "IR-1",
        "جمعية الإحسان الخيرية",
        "JO-IR",
        &["JO-IR", "JO-AJ"],
    )
    .await;
    store
        .create_user(
            "partner",
            "موظف الجمعية",
            &hash_password("correct horse battery").unwrap(),
            &tadamun_store::access::Grants {
                roles: ["partner_user".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::National,
            },
            now,
        )
        .await
        .unwrap();
    store
        .link_partner_user(&system(), org, "partner", now)
        .await
        .unwrap();
    support::browser::serve(store).await
}

#[tokio::test]
async fn a_partner_adds_a_service_and_sees_it_on_the_service_map_in_a_real_browser() {
    if !support::browser::browser_wanted() {
        return;
    }
    let address = spawn_app().await;
    let (_driver, client) = support::browser::headless_browser().await;
    let wait = Duration::from_secs(10);
    let outcome = async {
        client.goto(&format!("{address}/partners")).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#username")).await?.send_keys("partner").await?;
        client.find(Locator::Css("#password")).await?.send_keys("correct horse battery").await?;
        client.find(Locator::Css("#login-submit")).await?.click().await?;
        let name = client.wait().at_most(wait).for_element(Locator::Css("#partner-name")).await?.text().await?;
        let dir = client.execute("return document.documentElement.dir", vec![]).await?;

        client.find(Locator::Css("#add-service")).await?.click().await?;
        client.wait().at_most(wait).for_element(Locator::Id("f-service")).await?.select_by_value("elderly_care").await?;
        client.find(Locator::Id("f-governorate")).await?.select_by_value("JO-AJ").await?;
        client.find(Locator::Id("f-capacity")).await?.send_keys("٧٥").await?;
        client.find(Locator::Css("#service-form button[type=submit]")).await?.click().await?;
        let services = client.wait().at_most(wait).for_element(Locator::Css("#partner-services")).await?.text().await?;

        client.goto(&format!("{address}/partners/map?scope=all&service=elderly_care")).await?;
        let chart = client.wait().at_most(wait).for_element(Locator::Css("svg#supply-chart")).await?;
        let anchor = client
            .execute("return document.querySelector('svg#supply-chart text').getAttribute('text-anchor')", vec![])
            .await?;
        let chart_text = chart.text().await.unwrap_or_default();
        let table = client.find(Locator::Css("#service-map")).await?.text().await?;
        Ok::<_, fantoccini::error::CmdError>((name, dir, services, anchor, chart_text, table))
    }
    .await;
    let _ = client.close().await;
    let (name, dir, services, anchor, chart_text, table) = outcome.expect("the browser flow");
    assert_eq!(
        name.trim(),
        "جمعية الإحسان الخيرية",
        "straight to their own organisation"
    );
    assert_eq!(dir, "rtl");
    assert!(
        services.contains("رعاية المسنين") && services.contains("عجلون") && services.contains("75"),
        "{services}"
    );
    assert_eq!(anchor, "end", "chart labels sit on the right in Arabic");
    assert!(
        chart_text.contains("عجلون") || table.contains("عجلون"),
        "{chart_text} {table}"
    );
    assert!(table.contains("75"), "{table}");
}

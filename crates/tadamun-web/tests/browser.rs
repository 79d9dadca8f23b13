//! The whole path a clerk takes, in a real headless Chromium: sign in through the form,
//! search a name typed with another hamza spelling, open the household, and check the
//! page is right to left; then score the registry and simulate a budget cut. Needs `chromedriver` and `chromium` (Debian packages
//! `chromium-driver`, `chromium`); set `TADAMUN_SKIP_BROWSER=1` to skip it.

mod support;

use std::time::Duration;
use tadamun_store::testing::fixtures::system;

use fantoccini::Locator;
use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{RawHousehold, RawPerson},
};
use tadamun_store::{DatabaseUrl, Store};
use tadamun_web::auth::hash_password;

const FAMILY: &str = "الطراونة";

async fn spawn_app() -> String {
    let dir = std::env::temp_dir().join(format!("tadamun-web-browser-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::connect(&DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.join("registry.db").display()
    )))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    store
        .create_user(
            "clerk",
            "سعاد الموظفة",
            &hash_password("correct horse battery").unwrap(),
            &tadamun_store::access::Grants {
                roles: ["registrar".to_owned(), "programme_officer".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::National,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let pack = CountryPack::builtin(Country::Jordan);
    let raw = RawHousehold {
        governorate: "JO-KA".into(),
        address: "وسط البلد".into(),
        members: vec![RawPerson {
            given_name: "أحمد".into(),
            father_name: "سالم".into(),
            family_name: FAMILY.into(),
            sex: "M".into(),
            birth_date: "1970-04-01".into(),
            relationship: "head".into(),
            id_number: "9701234567".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let now = tadamun_store::now();
    // Households name their governorate, so the pack's areas must exist first.
    store.sync_areas(&pack, now).await.unwrap();
    store
        .create_household(&system(), &raw.parse(&pack, now.date()).unwrap(), now)
        .await
        .unwrap();
    // Two surveyed families in Aqaba the PMT can score, so the simulator has
    // beneficiaries to lose when the budget is cut.
    for (i, (given, income)) in [("يوسف", "40"), ("عيسى", "70")].into_iter().enumerate() {
        let member = |given: &str,
                      rel: &str,
                      sex: &str,
                      birth: &str,
                      education: &str,
                      work: &str,
                      id: &str| RawPerson {
            given_name: given.into(),
            father_name: "موسى".into(),
            family_name: "النعيمات".into(),
            sex: sex.into(),
            birth_date: birth.into(),
            relationship: rel.into(),
            education: education.into(),
            work_status: work.into(),
            id_number: id.into(),
            ..Default::default()
        };
        let surveyed = RawHousehold {
            governorate: "JO-AQ".into(),
            address: "الحي الخامس".into(),
            dwelling_type: "house".into(),
            tenure: "rented".into(),
            rooms: "2".into(),
            monthly_income: income.into(),
            main_income_source: "wages".into(),
            members: vec![
                member(
                    given,
                    "head",
                    "M",
                    "1982-02-01",
                    "primary",
                    "employed",
                    &format!("98200000{i}1"),
                ),
                member(
                    "مريم",
                    "spouse",
                    "F",
                    "1986-05-01",
                    "primary",
                    "homemaker",
                    "",
                ),
                member("علي", "son", "M", "2012-09-01", "primary", "student", ""),
            ],
            ..Default::default()
        };
        store
            .create_household(&system(), &surveyed.parse(&pack, now.date()).unwrap(), now)
            .await
            .unwrap();
    }
    tadamun_services::programmes::seed_pack_programmes(&store, &system(), &pack, now)
        .await
        .unwrap();
    support::browser::serve(store).await
}

#[tokio::test]
async fn a_clerk_finds_a_household_by_a_hamza_variant_in_a_real_browser() {
    if !support::browser::browser_wanted() {
        return;
    }
    let address = spawn_app().await;
    let (_driver, client) = support::browser::headless_browser().await;

    let outcome = async {
        client.goto(&format!("{address}/")).await?;
        // Sent to the login page; sign in through the form.
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#username"))
            .await?
            .send_keys("clerk")
            .await?;
        client
            .find(Locator::Css("#password"))
            .await?
            .send_keys("correct horse battery")
            .await?;
        client
            .find(Locator::Css("#login-submit"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#governorates"))
            .await?;

        client.goto(&format!("{address}/households/search")).await?;
        let q = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#q"))
            .await?;
        q.send_keys(&format!("احمد سالم {FAMILY}")).await?;
        client
            .find(Locator::Css("#search-submit"))
            .await?
            .click()
            .await?;
        let link = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("a.result-link"))
            .await?;
        link.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#household-title"))
            .await?;
        let dir = client
            .execute("return document.documentElement.dir", vec![])
            .await?;
        let text = client.find(Locator::Css("body")).await?.text().await?;
        let household_url = client.current_url().await?.to_string();

        // Registering the same head again (hamza dropped, no ID number) is stopped
        // with the registered record shown; ticking the box saves it.
        client.goto(&format!("{address}/households/new")).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("f-governorate"))
            .await?
            .select_by_value("JO-IR")
            .await?;
        let type_in = |id: &'static str, value: &'static str| {
            let client = client.clone();
            async move { client.find(Locator::Id(id)).await?.send_keys(value).await }
        };
        type_in("f-address", "الرمثا").await?;
        type_in("f-members-0-given_name", "احمد").await?;
        type_in("f-members-0-father_name", "سالم").await?;
        type_in("f-members-0-family_name", FAMILY).await?;
        type_in("f-members-0-birth_date", "1970-04-01").await?;
        client
            .find(Locator::Id("f-members-0-sex"))
            .await?
            .select_by_value("M")
            .await?;
        client
            .find(Locator::Id("f-members-0-relationship"))
            .await?
            .select_by_value("head")
            .await?;
        client.find(Locator::Id("save")).await?.click().await?;
        let warning = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("possible-duplicates"))
            .await?
            .text()
            .await?;
        client
            .find(Locator::Id("confirm-distinct"))
            .await?
            .click()
            .await?;
        client.find(Locator::Id("save")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#household-title"))
            .await?;
        client.goto(&format!("{address}/duplicates")).await?;
        let queue = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("section.duplicate"))
            .await?
            .text()
            .await?;
        // A programme officer scores the registry and reads the household's decision.
        client.goto(&format!("{address}/programmes")).await?;
        client
            .find(Locator::Css("#run-unified-cash-transfer"))
            .await?
            .click()
            .await?;
        let summary = client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("#run-summary"))
            .await?
            .text()
            .await?;
        client.goto(&household_url).await?;
        let decision = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("section.decision .explanation"))
            .await?
            .text()
            .await?;
        // A planner opens the simulator, cuts the budget to nothing and compares.
        client
            .goto(&format!(
                "{address}/programmes/unified-cash-transfer/simulate"
            ))
            .await?;
        let budget = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#f-budget"))
            .await?;
        budget.clear().await?;
        budget.send_keys("0").await?;
        client.find(Locator::Css("#sim-run")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("svg#sim-chart"))
            .await?;
        let count = |id: &'static str| {
            let client = client.clone();
            async move {
                client
                    .find(Locator::Id(id))
                    .await?
                    .text()
                    .await
                    .map(|t| t.trim().parse::<i64>().unwrap_or(-1))
            }
        };
        let beneficiaries = (
            count("sim-beneficiaries-baseline").await?,
            count("sim-beneficiaries-changed").await?,
        );
        Ok::<_, fantoccini::error::CmdError>((
            dir,
            text,
            warning,
            queue,
            summary,
            decision,
            beneficiaries,
        ))
    }
    .await;
    let _ = client.close().await;
    let (dir, text, warning, queue, summary, decision, (before, after)) =
        outcome.expect("the browser flow");
    assert!(
        after < before,
        "a budget of nothing funds fewer households: {after} < {before}"
    );
    assert!(
        summary.contains("الأسر المحتسبة"),
        "the run's summary: {summary}"
    );
    assert!(
        decision.contains("تعذر البت") || decision.contains("مؤهلة"),
        "the decision is explained in Arabic: {decision}"
    );
    assert!(
        warning.contains(&format!("أحمد سالم {FAMILY}")),
        "the registered head is shown: {warning}"
    );
    assert!(
        queue.contains("وُجد عند التسجيل"),
        "the pair waits in the review queue: {queue}"
    );
    assert_eq!(dir, "rtl");
    assert!(
        text.contains(FAMILY),
        "the household's family name is visible"
    );
    assert!(text.contains("أحمد سالم"), "the head's name as registered");
}

//! A planner in a real headless Chromium, in Arabic: opens the planning group, follows
//! the link to its priorities, previews weights and adopts them with one of the
//! group's decisions, goes to the annual plan, adds an objective and an activity, and
//! sees the activity and the progress bar on the plan page. Needs `chromedriver` and
//! `chromium` like `browser.rs`; set `TADAMUN_SKIP_BROWSER=1` to skip it.

mod support;

use std::time::Duration;

use fantoccini::Locator;
use support::browser::click_to_next_page;
use tadamun_store::{
    DatabaseUrl, Store,
    testing::plan_fixtures::{ADOPTING_DECISION, group_with_decision},
};
use tadamun_web::auth::hash_password;

async fn spawn_app() -> (String, tadamun_domain::ids::PlanningGroupId) {
    let dir = std::env::temp_dir().join(format!("tadamun-plan-browser-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::connect(&DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.join("registry.db").display()
    )))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let now = tadamun_store::now();
    let pack = tadamun_store::testing::fixtures::pack();
    store.sync_areas(&pack, now).await.unwrap();
    store
        .create_user(
            "planner",
            "مخططة المحافظة",
            &hash_password("correct horse battery").unwrap(),
            &tadamun_store::access::Grants {
                roles: ["planner".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::Governorates(
                    [pack.governorate("JO-IR").unwrap()].into(),
                ),
            },
            now,
        )
        .await
        .unwrap();
    let (group, _) = group_with_decision(&store, "JO-IR", "مجموعة تخطيط إربد", "").await;
    (support::browser::serve(store).await, group)
}

#[tokio::test]
async fn a_planner_adopts_priorities_and_plans_an_activity_in_arabic() {
    if !support::browser::browser_wanted() {
        return;
    }
    let (address, group) = spawn_app().await;
    let year = tadamun_store::now().date().year();
    let (_driver, client) = support::browser::headless_browser().await;
    let wait = Duration::from_secs(10);
    let outcome = async {
        client.goto(&format!("{address}/planning/{group}")).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#username")).await?.send_keys("planner").await?;
        client.find(Locator::Css("#password")).await?.send_keys("correct horse battery").await?;
        click_to_next_page(&client, client.find(Locator::Css("#login-submit")).await?).await?;
        click_to_next_page(&client, client.wait().at_most(wait).for_element(Locator::Css("#priorities-link")).await?).await?;
        // Weigh the first two components and preview.
        let inputs = client.wait().at_most(wait).for_element(Locator::Css("#weights-form")).await?
            .find_all(Locator::Css("input[name^='weight.']")).await?;
        inputs[0].send_keys("٦٠").await?;
        inputs[1].send_keys("40").await?;
        click_to_next_page(&client, client.find(Locator::Css("#preview")).await?).await?;
        let decision = client.wait().at_most(wait).for_element(Locator::Css("#f-decision")).await?;
        decision.select_by_index(1).await?;
        click_to_next_page(&client, client.find(Locator::Css("#adopt")).await?).await?;
        let notice = client.wait().at_most(wait).for_element(Locator::Css("#notice")).await?.text().await?;
        let adopted = client.find(Locator::Css("#adopted")).await?.text().await?;

        click_to_next_page(&client, client.find(Locator::Css("#plan-link")).await?).await?;
        click_to_next_page(&client, client.wait().at_most(wait).for_element(Locator::Css("#add-objective-link")).await?).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#f-priority")).await?.select_by_index(1).await?;
        client.find(Locator::Id("f-text")).await?.send_keys("رفع تغطية رعاية المسنين").await?;
        click_to_next_page(&client, client.find(Locator::Css("#plan-submit")).await?).await?;
        click_to_next_page(&client, client.wait().at_most(wait).for_element(Locator::Css("#add-activity-link")).await?).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#f-objective")).await?.select_by_index(1).await?;
        client.find(Locator::Id("f-text")).await?.send_keys("زيارات منزلية لكبار السن").await?;
        client.find(Locator::Id("f-directorate")).await?.click().await?;
        client.find(Locator::Id("f-budget")).await?.send_keys("١٢٥٠").await?;
        client.find(Locator::Id("f-status")).await?.select_by_value("in_progress").await?;
        let progress = client.find(Locator::Id("f-progress")).await?;
        progress.clear().await?;
        progress.send_keys("40").await?;
        // Date inputs take their value from script: typing into them depends on the locale.
        client
            .execute(
                "document.getElementById('f-starts_on').value = arguments[0]; document.getElementById('f-ends_on').value = arguments[1];",
                vec![format!("{year}-01-01").into(), format!("{year}-12-31").into()],
            )
            .await?;
        click_to_next_page(&client, client.find(Locator::Css("#plan-submit")).await?).await?;
        let saved = client.wait().at_most(wait).for_element(Locator::Css("#notice")).await?.text().await?;
        let objectives = client.find(Locator::Css("#objectives")).await?.text().await?;
        let bars = client.find_all(Locator::Css("svg.plan-progress rect.progress-bar")).await?.len();
        let dir = client.execute("return document.documentElement.dir", vec![]).await?;
        Ok::<_, fantoccini::error::CmdError>((notice, adopted, saved, objectives, bars, dir))
    }
    .await;
    let _ = client.close().await;
    let (notice, adopted, saved, objectives, bars, dir) = outcome.expect("the browser flow");
    assert!(notice.contains("اعتُمدت الأوزان"), "{notice}");
    assert!(adopted.contains(ADOPTING_DECISION), "{adopted}");
    assert!(saved.contains("أُضيف النشاط"), "{saved}");
    assert!(
        objectives.contains("زيارات منزلية لكبار السن")
            && objectives.contains("رفع تغطية رعاية المسنين"),
        "{objectives}"
    );
    assert_eq!(bars, 2, "the whole plan and its objective");
    assert_eq!(dir, "rtl");
}

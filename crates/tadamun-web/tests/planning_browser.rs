//! A planning-group secretary in a real headless Chromium: signs in, records a meeting
//! with attendance, a decision with its votes and an action item with an owner and a
//! due day already past, then finds the action item, flagged overdue, on the
//! dashboard. Needs `chromedriver` and `chromium` like `browser.rs`; set
//! `TADAMUN_SKIP_BROWSER=1` to skip it.

mod support;

use std::time::Duration;

use fantoccini::Locator;
use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    ids::{PlanningGroupId, PlanningMemberId},
    planning::{RawGroup, RawMember, RawTerm},
};
use tadamun_store::{DatabaseUrl, Store, testing::fixtures::system};
use tadamun_web::auth::hash_password;

async fn spawn_app() -> (String, PlanningGroupId, Vec<PlanningMemberId>) {
    let dir =
        std::env::temp_dir().join(format!("tadamun-planning-browser-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::connect(&DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.join("registry.db").display()
    )))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let now = tadamun_store::now();
    let pack = CountryPack::builtin(Country::Jordan);
    store.sync_areas(&pack, now).await.unwrap();
    store
        .create_user(
            "secretary",
            "أمين سر المجموعة",
            &hash_password("correct horse battery").unwrap(),
            &tadamun_store::access::Grants {
                roles: ["planning_member".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::Governorates(
                    [pack.governorate("JO-IR").unwrap()].into(),
                ),
            },
            now,
        )
        .await
        .unwrap();
    let draft = RawGroup {
        governorate: "JO-IR".into(),
        name_ar: "مجموعة تخطيط إربد".into(),
        name_en: String::new(),
    }
    .parse(&pack)
    .unwrap();
    let group = store
        .create_planning_group(&system(), &draft, now)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (name, role, username) in [
        ("سامي", "secretary", "secretary"),
        ("هدى", "chair", ""),
        ("عمر", "member", ""),
    ] {
        let raw = RawMember {
            name: name.into(),
            kind: "directorate".into(),
            username: username.into(),
            term: RawTerm {
                role: role.into(),
                starts_on: "2025-01-01".into(),
                ends_on: String::new(),
            },
            ..Default::default()
        };
        ids.push(
            store
                .add_planning_member(&system(), group, &raw.parse().unwrap(), now)
                .await
                .unwrap(),
        );
    }
    (support::browser::serve(store).await, group, ids)
}

#[tokio::test]
async fn a_secretary_records_a_meeting_and_sees_the_overdue_action_on_the_dashboard() {
    if !support::browser::browser_wanted() {
        return;
    }
    let (address, group, ids) = spawn_app().await;
    let today = tadamun_store::now().date();
    let held = (today - time::Duration::days(5)).to_string();
    let due = (today - time::Duration::days(2)).to_string();
    let (_driver, client) = support::browser::headless_browser().await;
    let wait = Duration::from_secs(10);
    let outcome = async {
        client.goto(&format!("{address}/planning/{group}/meetings/new")).await?;
        client.wait().at_most(wait).for_element(Locator::Css("#username")).await?.send_keys("secretary").await?;
        client.find(Locator::Css("#password")).await?.send_keys("correct horse battery").await?;
        client.find(Locator::Css("#login-submit")).await?.click().await?;
        client.wait().at_most(wait).for_element(Locator::Css("#meeting-form")).await?;
        // Date inputs take their value from script: typing into them depends on the locale.
        client
            .execute(
                "document.getElementById('f-held_on').value = arguments[0]; document.getElementById('f-actions-0-due_on').value = arguments[1];",
                vec![held.clone().into(), due.clone().into()],
            )
            .await?;
        client.find(Locator::Css("input[name='agenda[0]']")).await?.send_keys("خطة الشتاء").await?;
        for id in &ids {
            client.find(Locator::Id(&format!("attended-{id}"))).await?.click().await?;
        }
        client.find(Locator::Id("f-decisions-0-text")).await?.send_keys("اعتماد خطة الشتاء").await?;
        client.find(Locator::Id("f-decisions-0-votes_for")).await?.send_keys("3").await?;
        client.find(Locator::Id("f-actions-0-text")).await?.send_keys("توزيع الحصص على الأسر").await?;
        client.find(Locator::Id("f-actions-0-owner")).await?.select_by_value(&ids[0].to_string()).await?;
        client.find(Locator::Css("#record-meeting")).await?.click().await?;
        let notice = client.wait().at_most(wait).for_element(Locator::Css("#notice")).await?.text().await?;
        let meetings = client.find(Locator::Css("#meetings")).await?.text().await?;

        client.goto(&format!("{address}/")).await?;
        let mine = client.wait().at_most(wait).for_element(Locator::Css("#my-actions")).await?.text().await?;
        let flagged = client.find_all(Locator::Css("#my-actions tr.overdue .overdue-flag")).await?.len();
        let dir = client.execute("return document.documentElement.dir", vec![]).await?;
        Ok::<_, fantoccini::error::CmdError>((notice, meetings, mine, flagged, dir))
    }
    .await;
    let _ = client.close().await;
    let (notice, meetings, mine, flagged, dir) = outcome.expect("the browser flow");
    assert!(notice.contains("سُجّل الاجتماع"), "{notice}");
    assert!(
        meetings.contains("اكتمل النصاب") && meetings.contains("خطة الشتاء"),
        "{meetings}"
    );
    assert!(
        mine.contains("توزيع الحصص على الأسر") && mine.contains("مجموعة تخطيط إربد"),
        "{mine}"
    );
    assert_eq!(flagged, 1, "the action item is flagged overdue: {mine}");
    assert_eq!(dir, "rtl");
}

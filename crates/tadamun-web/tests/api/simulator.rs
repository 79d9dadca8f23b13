//! The policy simulator through the pages and the API: moving the cut-off moves the
//! beneficiaries the right way, a lower budget funds fewer households and draws the
//! chart, a bad rule or amount is refused naming the field (a rule at its line and
//! column), a simulation writes nothing, entering and leaving households are listed
//! only when the caller may see them, and saving the change adds the next version as
//! a draft while the frozen version stays as it was.

use reqwest::Method;
use serde_json::{Value, json};
use tadamun_domain::{
    access::AreaScope, area::GovernorateCode, audit::AuditAction, country::Country,
    ids::HouseholdId,
};
use tadamun_store::{access::Grants, audit::AuditFilter, testing::fixtures::system};
use tadamun_synth::{SynthConfig, consumption::true_consumption, generate};
use tadamun_targeting::programme::{ProgrammeVersion, VersionState, pack_programmes};

use crate::helpers::{PASSWORD, TestApp, hidden_value, plain, spawn_app, surveyed};

const KEY: &str = "unified-cash-transfer";

/// A programme officer over `scope` (none: national), signed in on the browser client;
/// returns an API token of theirs too.
async fn planner(app: &TestApp, name: &str, scope: &[&str]) -> String {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    let scope = if scope.is_empty() {
        AreaScope::National
    } else {
        AreaScope::Governorates(
            scope
                .iter()
                .map(|g| GovernorateCode::parse(g).unwrap())
                .collect(),
        )
    };
    let grants = Grants {
        roles: ["programme_officer".to_owned()].into(),
        scope,
    };
    app.store
        .create_user(name, "مخطط البرامج", &hash, &grants, tadamun_store::now())
        .await
        .unwrap();
    let r = app.login(name, PASSWORD).await;
    assert_eq!(r.status(), 200);
    let r = app
        .plain
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": name, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Synthetic households with their true consumption recorded, as the demo seeds them.
async fn synthetic_registry(app: &TestApp, n: usize) -> Vec<HouseholdId> {
    let now = tadamun_store::now();
    let mut ids = Vec::new();
    let mut truth = Vec::new();
    for h in generate(&SynthConfig {
        seed: 7,
        households: n,
        country: Country::Jordan,
        today: now.date(),
    }) {
        let id = app
            .store
            .create_household(&system(), &h.draft, now)
            .await
            .unwrap();
        truth.push((id, true_consumption(&h, Country::Jordan, now.date())));
        ids.push(id);
    }
    app.store
        .record_synthetic_truth(&system(), &truth, now)
        .await
        .unwrap();
    tadamun_services::programmes::seed_pack_programmes(&app.store, &system(), &app.pack, now)
        .await
        .unwrap();
    ids
}

async fn simulate_api(app: &TestApp, token: &str, key: &str, changes: Value) -> (u16, Value) {
    app.api_send(
        Method::POST,
        &format!("/api/v1/programmes/{key}/simulations"),
        token,
        &json!({ "changes": changes }),
    )
    .await
}

async fn simulate_page(app: &TestApp, key: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    app.post_form(&format!("/programmes/{key}/simulate"), &pairs)
        .await
}

/// The number in the element with this id (Western digits).
fn number(html: &str, id: &str) -> i64 {
    let marker = format!("id=\"{id}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in the page"))
        + marker.len();
    html[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("#{id} is not a number"))
}

/// What askama escapes in an attribute, undone.
fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn moving_the_cut_off_moves_the_beneficiaries_the_same_way() {
    let app = spawn_app().await;
    synthetic_registry(&app, 80).await;
    let token = planner(&app, "planner", &[]).await;
    let mut last = None;
    let mut counts = Vec::new();
    for cut_off in [3.9, 4.3, 4.6, 4.8, 5.0, 5.4] {
        let (status, body) = simulate_api(
            &app,
            &token,
            KEY,
            json!([{"kind": "cut_off", "value": cut_off}]),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let baseline = body["baseline"]["beneficiaries"].as_u64().unwrap();
        let changed = body["changed"]["beneficiaries"].as_u64().unwrap();
        let (entered, left) = (
            body["entered"].as_u64().unwrap(),
            body["left"].as_u64().unwrap(),
        );
        assert_eq!(changed + left, baseline + entered);
        if cut_off < 4.8 {
            assert_eq!(entered, 0, "a lower cut-off brings nobody in");
        } else {
            assert_eq!(left, 0, "a higher cut-off takes nobody out");
        }
        if let Some(previous) = last {
            assert!(changed >= previous, "{counts:?} then {changed}");
        }
        last = Some(changed);
        counts.push(changed);
        assert!(body["ground_truth"]["households"].as_u64().unwrap() > 0);
        assert!(body["changed"]["inclusion_error"].as_f64().is_some());
        assert_eq!(
            body["changed"]["version"], 2,
            "numbered as the next version"
        );
    }
    assert!(
        counts.first() < counts.last(),
        "the cut-off moved somebody: {counts:?}"
    );

    // The page shows the same, with the error rows, the chart and who leaves.
    let (status, form) = app.get_page(&format!("/programmes/{KEY}/simulate")).await;
    assert_eq!(status, 200, "{form}");
    assert!(
        form.contains("name=\"cut_off\" value=\"4.8\""),
        "the current cut-off"
    );
    assert!(form.contains("name=\"budget\" value=\"8000000.000\""));
    let (status, page) = simulate_page(
        &app,
        KEY,
        &[
            ("cut_off", "4.3"),
            ("poverty_line_factor", "1"),
            ("budget", "8000000.000"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let before = number(&page, "sim-beneficiaries-baseline");
    let after = number(&page, "sim-beneficiaries-changed");
    assert!(after < before, "{after} < {before}");
    assert!(page.contains("<svg") && page.contains("id=\"sim-chart\""));
    assert!(page.contains("id=\"sim-inclusion-error\""));
    assert!(page.contains("id=\"sim-exclusion-error\""));
    assert!(plain(&page).contains("خطأ الشمول"));
    assert!(
        page.contains("href=\"/households/"),
        "households that leave are linked"
    );
    assert!(!page.contains(">sim-"), "no untranslated message ids");
}

#[tokio::test]
async fn a_lower_budget_funds_fewer_households_and_the_chart_reads_in_the_users_digits() {
    let app = spawn_app().await;
    synthetic_registry(&app, 60).await;
    planner(&app, "planner", &[]).await;
    let (status, page) = simulate_page(
        &app,
        KEY,
        &[
            ("cut_off", "4.8"),
            ("poverty_line_factor", "1"),
            ("budget", "200"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let before = number(&page, "sim-beneficiaries-baseline");
    let after = number(&page, "sim-beneficiaries-changed");
    assert!(after < before, "{after} < {before}");
    assert!(number(&page, "sim-waiting-changed") > 0, "the rest wait");
    assert!(
        page.contains("id=\"sim-save\""),
        "a planner may save the change"
    );

    // Arabic-Indic digits, chosen by the user, reach the chart too.
    app.post_form(
        "/preferences",
        &[
            ("digits".into(), "arabic_indic".into()),
            ("back".into(), "/".into()),
        ],
    )
    .await;
    let (_, indic) = simulate_page(
        &app,
        KEY,
        &[
            ("cut_off", "٤٫٨"),
            ("poverty_line_factor", "١"),
            ("budget", "٢٠٠"),
        ],
    )
    .await;
    let svg = &indic[indic.find("<svg").unwrap()..indic.find("</svg>").unwrap()];
    assert!(svg.chars().any(|c| ('٠'..='٩').contains(&c)), "{svg}");
    app.set_language("en").await;
    let (_, english) = simulate_page(&app, KEY, &[("budget", "1000")]).await;
    assert!(plain(&english).contains("Beneficiaries by governorate"));
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_a_bad_rule_its_line_and_column() {
    let app = spawn_app().await;
    app.seed(&surveyed("أحمد", "الزعبي", 10, "0791234567"))
        .await;
    tadamun_services::programmes::seed_pack_programmes(
        &app.store,
        &system(),
        &app.pack,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    let token = planner(&app, "planner", &[]).await;

    let (status, page) = simulate_page(&app, KEY, &[("budget", "كثير")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-budget-error\""), "{page}");
    assert!(
        plain(&page).contains("الموازنة لكل دورة"),
        "the field is named"
    );
    assert!(page.contains("value=\"كثير\""), "the input is shown back");

    let (status, page) = simulate_page(
        &app,
        KEY,
        &[
            ("budget", "8000000"),
            ("rule_group", "all"),
            ("rule_id", "broken"),
            ("rule_label_ar", "قاعدة معطوبة"),
            ("rule_label_en", "a broken rule"),
            ("rule_cel", "household.size > 1 &&\nhousehold.nonsense"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"f-rule_cel-error\""), "{page}");
    let text = plain(&page);
    assert!(text.contains("السطر 2"), "the line: {text}");
    assert!(text.contains("العمود"), "and the column");

    let (status, body) = simulate_api(
        &app,
        &token,
        KEY,
        json!([
            {"kind": "budget", "per_cycle": 1000},
            {"kind": "add_rule", "id": "broken", "label_ar": "س", "label_en": "x", "cel": "household.size >"}
        ]),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "changes[1].cel");
    assert_eq!(body["fields"][0]["code"], "rule-does-not-compile");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 1, column"),
        "{body}"
    );
    let (status, body) = simulate_api(
        &app,
        &token,
        KEY,
        json!([{"kind": "remove_rule", "id": "no-such-rule"}]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "changes[0].id");
    let (status, _) =
        simulate_api(&app, &token, KEY, json!([{"kind": "cutoff", "value": 1}])).await;
    assert_eq!(status, 422, "an unknown change is refused");

    // These households are real: no ground truth, and no error rows.
    let (status, page) = simulate_page(&app, KEY, &[("budget", "1")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"sim-truth\""));
    assert!(plain(&page).contains("لا توجد حقيقة مرجعية"));
    assert!(!page.contains("id=\"sim-inclusion-error\""));
    let (_, body) = simulate_api(&app, &token, KEY, json!([])).await;
    assert!(body["ground_truth"].is_null());
    assert!(body["changed"]["inclusion_error"].is_null());
}

#[tokio::test]
async fn a_simulation_writes_no_decision_run_version_or_audit_entry() {
    let app = spawn_app().await;
    let ids = synthetic_registry(&app, 30).await;
    let token = planner(&app, "planner", &[]).await;
    let runs = app.store.decision_runs(&system(), KEY).await.unwrap().len();
    let versions = app.store.programme_versions(&system()).await.unwrap();
    let audited = app
        .store
        .count_audit_entries(&AuditFilter::default())
        .await
        .unwrap();

    let (status, _) = simulate_page(&app, KEY, &[("budget", "1000"), ("cut_off", "5.2")]).await;
    assert_eq!(status, 200);
    let (status, _) = simulate_api(
        &app,
        &token,
        KEY,
        json!([{"kind": "poverty_line_factor", "factor": 1.2}, {"kind": "remove_rule", "id": "few-employees"}]),
    )
    .await;
    assert_eq!(status, 200);

    assert_eq!(
        app.store.decision_runs(&system(), KEY).await.unwrap().len(),
        runs
    );
    assert_eq!(
        app.store.programme_versions(&system()).await.unwrap(),
        versions
    );
    for id in &ids[..5] {
        assert!(
            app.store
                .household_decisions(&system(), *id)
                .await
                .unwrap()
                .is_empty()
        );
    }
    assert_eq!(
        app.store
            .count_audit_entries(&AuditFilter::default())
            .await
            .unwrap(),
        audited,
        "nothing was written, not even to the audit log"
    );
}

#[tokio::test]
async fn households_are_listed_only_when_the_planner_may_see_them_and_counted_all_the_same() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (i, (given, family)) in [("أحمد", "الزعبي"), ("خالد", "العمري"), ("سامي", "الحديدي")]
        .iter()
        .enumerate()
    {
        ids.push(
            app.seed(&surveyed(
                given,
                family,
                10 + i as u64,
                &format!("079123456{i}"),
            ))
            .await,
        );
    }
    app.store
        .set_restriction(&system(), ids[1], true, &[], &[], tadamun_store::now())
        .await
        .unwrap();
    // An Irbid pilot nobody passes yet: its cut-off is below every score.
    let mut pilot: ProgrammeVersion = pack_programmes(Country::Jordan).unwrap()[0].clone();
    pilot.key = "irbid-pilot".into();
    pilot.coverage = vec!["JO-IR".into()];
    pilot.pmt.as_mut().unwrap().cut_off = Some(0.0);
    tadamun_services::programmes::save_programme(
        &app.store,
        &system(),
        &app.pack,
        &pilot,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    let token = planner(&app, "irbid-planner", &["JO-IR"]).await;

    let (status, body) = simulate_api(
        &app,
        &token,
        "irbid-pilot",
        json!([{"kind": "cut_off", "value": 20.0}]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["entered"], 3, "the confidential household counts");
    let listed: Vec<&str> = body["entered_households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(!listed.contains(&ids[1].to_string().as_str()));

    let (status, page) = simulate_page(
        &app,
        "irbid-pilot",
        &[("cut_off", "20"), ("budget", "8000000")],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!("href=\"/households/{}\"", ids[0])));
    assert!(!page.contains(&format!("/households/{}", ids[1])));
    assert!(
        plain(&page).contains("لم تُدرج"),
        "the unlisted one is mentioned"
    );

    // The national programme needs national staff, as a run does.
    let (status, _) = simulate_api(&app, &token, KEY, json!([])).await;
    assert_eq!(status, 404, "not seeded: unknown");
    tadamun_services::programmes::seed_pack_programmes(
        &app.store,
        &system(),
        &app.pack,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    let (status, _) = simulate_api(&app, &token, KEY, json!([])).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn saving_a_change_adds_the_next_version_as_a_draft_and_the_frozen_one_stays_as_it_was() {
    let app = spawn_app().await;
    synthetic_registry(&app, 20).await;
    tadamun_services::programmes::run_programme(
        &app.store,
        &system(),
        &app.pack,
        KEY,
        tadamun_store::now().date(),
    )
    .await
    .unwrap();
    let frozen = app
        .store
        .programme_version(&system(), KEY, Some(1))
        .await
        .unwrap();
    assert_eq!(frozen.state, VersionState::Frozen);
    planner(&app, "planner", &[]).await;

    let (status, page) = simulate_page(
        &app,
        KEY,
        &[
            ("cut_off", "4.8"),
            ("poverty_line_factor", "1"),
            ("budget", "5000000"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let base = hidden_value(&page, "base_version").unwrap();
    let changes = unescape(&hidden_value(&page, "changes").unwrap());
    assert_eq!(base, "1");
    let r = app
        .browser
        .post(app.url(&format!("/programmes/{KEY}/simulate/save")))
        .form(&[
            ("base_version", base.as_str()),
            ("changes", changes.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.url().query().unwrap_or_default().contains("saved=2"),
        "{}",
        r.url()
    );
    assert!(r.text().await.unwrap().contains("id=\"sim-saved\""));

    let v2 = app
        .store
        .programme_version(&system(), KEY, None)
        .await
        .unwrap();
    assert_eq!(v2.definition.version, 2);
    assert_eq!(v2.state, VersionState::Draft);
    assert_eq!(v2.definition.budget_per_cycle.0, 5_000_000_000);
    assert_eq!(
        app.store
            .programme_version(&system(), KEY, Some(1))
            .await
            .unwrap(),
        frozen,
        "the version that produced decisions is untouched"
    );
    let saved = app
        .store
        .count_audit_entries(&AuditFilter {
            action: Some(AuditAction::ProgrammeSaved),
            object_id: Some(v2.id.to_string()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(saved, 1);

    // The same save again is stale: version 1 is no longer the newest.
    let (status, _) = app
        .post_form(
            &format!("/programmes/{KEY}/simulate/save"),
            &[("base_version".into(), base), ("changes".into(), changes)],
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        app.store.programme_versions(&system()).await.unwrap().len(),
        2
    );
    // Nothing to save is refused.
    let (status, _) = app
        .post_form(
            &format!("/programmes/{KEY}/simulate/save"),
            &[
                ("base_version".into(), "2".into()),
                ("changes".into(), "[]".into()),
            ],
        )
        .await;
    assert_eq!(status, 422);
}

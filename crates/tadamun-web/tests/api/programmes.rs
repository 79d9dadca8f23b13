//! Programmes and decisions through the pages and the API: a programme officer sees the
//! illustrative example, scores the registry, and finds every household's decision
//! explained in Arabic (and English) on its page; a letter carries a fresh code; a
//! registrar cannot run programmes.

use tadamun_domain::access::AreaScope;
use tadamun_store::{access::Grants, testing::fixtures::system};
use tadamun_targeting::programme::pack_programmes;

use crate::helpers::{PASSWORD, plain, spawn_app, surveyed};

async fn officer(app: &crate::helpers::TestApp) {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    let grants = Grants {
        roles: ["programme_officer".to_owned()].into(),
        scope: AreaScope::National,
    };
    app.store
        .create_user(
            "officer",
            "مسؤولة البرامج",
            &hash,
            &grants,
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let r = app.login("officer", PASSWORD).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn an_officer_scores_the_registry_and_each_household_page_explains_its_decision() {
    let app = spawn_app().await;
    let poor = app
        .seed(&surveyed("أحمد", "الزعبي", 10, "0791234567"))
        .await;
    let mut comfortable = surveyed("سامي", "الحديدي", 20, "0797654321");
    comfortable.monthly_income = "2500".into();
    comfortable.tenure = "owned".into();
    comfortable.rooms = "6".into();
    comfortable.assets = vec![
        "car".into(),
        "fridge".into(),
        "washing_machine".into(),
        "air_conditioner".into(),
        "computer".into(),
        "internet".into(),
    ];
    let rich = app.seed(&comfortable).await;
    let example = pack_programmes(app.pack.country).unwrap()[0].clone();
    tadamun_services::programmes::seed_pack_programmes(
        &app.store,
        &system(),
        &app.pack,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    officer(&app).await;

    let (status, list) = app.get_page("/programmes").await;
    assert_eq!(status, 200, "{list}");
    assert!(
        list.contains(&example.name_ar),
        "the programme is listed in Arabic"
    );
    assert!(list.contains("مثال توضيحي"), "and labelled illustrative");
    assert!(list.contains(&format!("id=\"run-{}\"", example.key)));

    let r = app
        .browser
        .post(app.url(&format!("/programmes/{}/run", example.key)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.url().path().starts_with("/programmes/runs/"),
        "{}",
        r.url()
    );
    let run_page = r.text().await.unwrap();
    assert!(run_page.contains("id=\"run-summary\""));

    let stored = app
        .store
        .household_decisions(&system(), poor)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "one decision per household per run");
    let other = app
        .store
        .household_decisions(&system(), rich)
        .await
        .unwrap();
    let (poor_score, rich_score) = (
        stored[0]
            .predicted
            .expect("the PMT scored the poorer family"),
        other[0]
            .predicted
            .expect("the PMT scored the richer family"),
    );
    assert!(
        poor_score < rich_score,
        "the richer family predicts higher consumption: {poor_score} < {rich_score}"
    );

    let (_, page) = app.household_page(poor).await;
    let text = plain(&page);
    assert!(page.contains(&format!("id=\"decision-{}\"", stored[0].id)));
    let outcome_ar = match stored[0].outcome.as_str() {
        "eligible" => "مؤهلة",
        "not_eligible" => "غير مؤهلة",
        "waiting_list" => "على قائمة الانتظار",
        _ => "تعذر البت",
    };
    assert!(text.contains(outcome_ar), "the outcome in Arabic");
    assert!(
        text.contains("كيف احتُسبت الدرجة"),
        "with the score's details"
    );
    assert!(
        text.contains(&format!("{poor_score:.2}")),
        "the explanation gives the predicted consumption {poor_score:.2}"
    );
    assert!(
        !text.contains("decision-reason-"),
        "no untranslated message ids"
    );

    // The letter issues a code; printing again issues another.
    let letter = |id: uuid::Uuid| {
        let app = &app;
        async move {
            let r = app
                .browser
                .post(app.url(&format!("/decisions/{id}/letter")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    let first = letter(stored[0].id).await;
    assert!(first.contains("id=\"decision-letter\""));
    let code = |html: &str| {
        let at = html.find("id=\"letter-code\">").expect("a code") + "id=\"letter-code\">".len();
        html[at..at + 11].to_owned()
    };
    let again = letter(stored[0].id).await;
    assert_ne!(code(&first), code(&again), "a reprint has a new code");
    assert!(
        app.store
            .decision(&system(), stored[0].id)
            .await
            .unwrap()
            .letter_issued_at
            .is_some()
    );

    // The citizen looks the decision up with the head's ID number and the last code;
    // the first letter's code no longer works.
    let head_id = format!("{:010}", 9_800_000_000u64 + 10);
    let lookup = |code: String| {
        let app = &app;
        let head_id = head_id.clone();
        async move {
            app.plain
                .post(app.url("/lookup"))
                .form(&[("key", head_id), ("code", code)])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let answer = lookup(code(&again).to_lowercase()).await;
    assert!(
        answer.contains("id=\"lookup-decision-outcome\""),
        "{answer}"
    );
    assert!(plain(&answer).contains(outcome_ar));
    assert!(!answer.contains("أحمد"), "the public answer names nobody");
    let stale = lookup(code(&first)).await;
    assert!(stale.contains("id=\"lookup-not-found\""));

    app.set_language("en").await;
    let (_, english) = app.household_page(poor).await;
    assert!(plain(&english).contains("How the score was made"));
}

#[tokio::test]
async fn a_registrar_may_read_decisions_but_not_run_programmes_and_the_api_explains_in_both_languages()
 {
    let app = spawn_app().await;
    let h = app
        .seed(&surveyed("أحمد", "الزعبي", 10, "0791234567"))
        .await;
    let example = pack_programmes(app.pack.country).unwrap()[0].clone();
    tadamun_services::programmes::seed_pack_programmes(
        &app.store,
        &system(),
        &app.pack,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    tadamun_services::programmes::run_programme(
        &app.store,
        &system(),
        &app.pack,
        &example.key,
        tadamun_store::now().date(),
    )
    .await
    .unwrap();

    app.login_as_clerk().await;
    let r = app.plain.get(app.url("/programmes")).send().await.unwrap();
    assert_ne!(r.status(), 200, "signed out clients are sent to the login");
    let (status, _) = app.get_page("/programmes").await;
    assert_eq!(status, 403, "a registrar has no programme.read");
    let (status, _) = app
        .post_form(&format!("/programmes/{}/run", example.key), &[])
        .await;
    assert_eq!(status, 403);

    let token = app.api_login().await;
    let (status, body) = app
        .api_get(&format!("/api/v1/households/{h}/decisions"), &token)
        .await;
    assert_eq!(status, 200, "{body}");
    let d = &body[0];
    assert_eq!(d["programme_key"], example.key.as_str());
    assert!(d["illustrative"].as_bool().unwrap());
    let ar = d["explanation_ar"].as_str().unwrap();
    let en = d["explanation_en"].as_str().unwrap();
    assert!(!ar.is_empty() && !en.is_empty());
    assert!(
        ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{ar}"
    );
    assert!(
        d["detail"]["inputs"]["members"]
            .as_array()
            .is_some_and(|m| !m.is_empty())
    );
    let (status, _) = app.api_get("/api/v1/programmes", &token).await;
    assert_eq!(status, 403);
}

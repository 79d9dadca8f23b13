//! Enrolment and payments through the pages: a programme officer enrols a run, one
//! finance officer makes and submits a batch, a second approves it and downloads the
//! e-wallet file, the operator's answer is imported once (a second copy is refused in
//! Arabic), and the household page shows the payment.

use tadamun_domain::access::AreaScope;
use tadamun_store::{access::Grants, testing::fixtures::system};
use tadamun_targeting::{payments::cycle::CyclePeriod, programme::pack_programmes};

use crate::helpers::{PASSWORD, TestApp, plain, spawn_app, surveyed};

async fn user(app: &TestApp, name: &str, role: &str) {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    let grants = Grants {
        roles: [role.to_owned()].into(),
        scope: AreaScope::National,
    };
    app.store
        .create_user(name, name, &hash, &grants, tadamun_store::now())
        .await
        .unwrap();
}

async fn sign_in_as(app: &TestApp, name: &str) {
    app.post_form("/logout", &[]).await;
    let r = app.login(name, PASSWORD).await;
    assert_eq!(r.status(), 200, "{name} signs in");
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A poor family the example PMT can score: no income, one room, living on assistance.
fn poor(given: &str, id_base: u64, phone: &str) -> tadamun_domain::household::RawHousehold {
    let mut h = surveyed(given, "الزعبي", id_base, phone);
    h.rooms = "1".into();
    h.monthly_income = "0".into();
    h.main_income_source = "assistance".into();
    h.members[0].education = "none".into();
    h.members[0].work_status = "unemployed".into();
    h
}

/// The operator's answer: the file's own rows, all paid.
fn all_paid(payment_csv: &str) -> String {
    let mut out = String::from("reference,status,amount,date,reason\n");
    for line in payment_csv.trim_start_matches('\u{feff}').lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        out.push_str(&format!("{},paid,{},2026-12-05,\n", cells[0], cells[3]));
    }
    out
}

async fn upload(app: &TestApp, name: &str, body: String) -> (u16, String) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(body.into_bytes()).file_name(name.to_owned()),
    );
    let r = app
        .browser
        .post(app.url("/payments/reconciliations"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_run_is_enrolled_paid_through_maker_checker_and_reconciled_from_the_operators_file() {
    let app = spawn_app().await;
    let first = app.seed(&poor("أحمد", 10, "0791234567")).await;
    app.seed(&poor("خالد", 20, "0797654321")).await;
    let example = pack_programmes(app.pack.country).unwrap()[0].clone();
    tadamun_services::programmes::seed_pack_programmes(
        &app.store,
        &system(),
        &app.pack,
        tadamun_store::now(),
    )
    .await
    .unwrap();
    let today = tadamun_store::now().date();
    let run = tadamun_services::programmes::run_programme(
        &app.store,
        &system(),
        &app.pack,
        &example.key,
        today,
    )
    .await
    .unwrap();
    assert_eq!(run.totals.eligible, 2, "{:?}", run.totals);
    user(&app, "officer", "programme_officer").await;
    user(&app, "maker", "finance_officer").await;
    user(&app, "checker", "finance_officer").await;

    // The programme officer enrols the run from its page.
    sign_in_as(&app, "officer").await;
    let (_, run_page) = app
        .get_page(&format!("/programmes/runs/{}", run.run_id))
        .await;
    assert!(run_page.contains("id=\"enrol-run\""), "{run_page}");
    let (status, roster) = app
        .post_form(&format!("/programmes/runs/{}/enrol", run.run_id), &[])
        .await;
    assert_eq!(status, 200, "{roster}");
    assert!(roster.contains("id=\"roster-done\""));
    assert!(
        plain(&roster).contains("انضمت 2 أسرة"),
        "{}",
        plain(&roster)
    );
    assert!(roster.contains("أحمد"), "the roster names the head");
    let (status, again) = app
        .post_form(&format!("/programmes/runs/{}/enrol", run.run_id), &[])
        .await;
    assert_eq!(status, 422, "a run is enrolled once: {again}");

    // The maker makes and submits the batch; a bad cycle is named.
    sign_in_as(&app, "maker").await;
    let (status, list) = app.get_page("/payments").await;
    assert_eq!(status, 200);
    assert!(list.contains("id=\"new-batch\""));
    let (status, bad) = app
        .post_form(
            "/payments/batches",
            &pairs(&[
                ("programme", &example.key),
                ("cycle", "2026/13"),
                ("provider", "e_wallet"),
            ]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(bad.contains("cycle"), "{bad}");
    let cycle = CyclePeriod::containing(example.cycle, today).to_string();
    let r = app
        .browser
        .post(app.url("/payments/batches"))
        .form(&[
            ("programme", example.key.as_str()),
            ("cycle", &cycle),
            ("provider", "e_wallet"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let batch_path = r.url().path().to_owned();
    assert!(batch_path.starts_with("/payments/batches/"), "{batch_path}");
    let page = r.text().await.unwrap();
    assert!(page.contains("data-state=\"draft\""));
    let (_, page) = app
        .post_form(&format!("{batch_path}/step"), &pairs(&[("step", "submit")]))
        .await;
    assert!(page.contains("data-state=\"submitted\""));
    assert!(page.contains("id=\"maker-note\""));
    assert!(!page.contains("id=\"approve-batch\""));
    let (status, _) = app
        .post_form(
            &format!("{batch_path}/step"),
            &pairs(&[("step", "approve")]),
        )
        .await;
    assert_eq!(status, 422, "the maker cannot approve");

    // The checker approves and downloads the operator's file.
    sign_in_as(&app, "checker").await;
    let (_, page) = app
        .post_form(
            &format!("{batch_path}/step"),
            &pairs(&[("step", "approve")]),
        )
        .await;
    assert!(page.contains("data-state=\"approved\""), "{page}");
    let r = app
        .browser
        .post(app.url(&format!("{batch_path}/export")))
        .form(&[("format", "csv")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("e_wallet.csv"), "{disposition}");
    let file = r.text().await.unwrap();
    assert!(file.contains("reference,phone,beneficiary_name,amount,currency"));
    assert_eq!(file.lines().count(), 3, "a header and two payments");
    let (_, page) = app.get_page(&batch_path).await;
    assert!(page.contains("data-state=\"exported\""));

    // The answer is applied once; the same file again is refused in Arabic.
    let answer = all_paid(&file);
    let (status, done) = upload(&app, "answer.csv", answer.clone()).await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("id=\"reconciliation-done\""));
    let (status, twice) = upload(&app, "answer-again.csv", answer).await;
    assert_eq!(status, 422);
    assert!(twice.contains("استُورد هذا الملف من قبل"), "{twice}");
    let (status, bad) = upload(
        &app,
        "bad.csv",
        "reference,status,amount,date\nnot-ours,paid,1,2026-12-05\n".into(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(plain(&bad).contains("الصف 2"), "{}", plain(&bad));
    let (_, page) = app.get_page(&batch_path).await;
    assert!(page.contains("data-state=\"reconciled\""));

    let (_, household_page) = app.household_page(first).await;
    assert!(household_page.contains("id=\"household-payments\""));
    assert!(household_page.contains("مصروفة"));

    // A mistyped IBAN is refused in Arabic; a correct one is kept for bank batches.
    let account_path = format!("/households/{}/payee-account", first.0);
    let (status, refused) = app
        .post_form(
            &account_path,
            &pairs(&[
                ("programme", &example.key),
                ("account", "JO94CBJO0010000000000131000303"),
            ]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("تحقق من كل حرف"), "{refused}");
    let (status, page) = app
        .post_form(
            &account_path,
            &pairs(&[
                ("programme", &example.key),
                ("account", "JO94 CBJO 0010 0000 0000 0131 0003 02"),
            ]),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("JO94CBJO0010000000000131000302"));
}

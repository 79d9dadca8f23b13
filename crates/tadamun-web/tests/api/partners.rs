//! The partner registry over the web, on SQLite and PostgreSQL: a clerk registers a
//! partner and its services and sees them on the service map; bad input names its
//! field and writes nothing; a partner's staff member sees and edits only their own
//! organisation; an accreditation change waits for a second person.

use reqwest::{Client, header::HeaderMap};
use tadamun_domain::{
    access::{AreaScope, Permission},
    audit::AuditAction,
    partner::AccreditationStatus,
};
use tadamun_store::{
    Store,
    access::Grants,
    audit::AuditFilter,
    partners::OrganisationFilter,
    testing::{
        fixtures::system,
        on_both,
        partner_fixtures::{offered, registered},
    },
};

use crate::helpers::{PASSWORD, TestApp, plain, spawn_app_with};

/// A browser of its own (cookies, same-origin forms), for a second person.
fn browser() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn user(store: &Store, name: &str, role: &str, scope: AreaScope) {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    store
        .create_user(
            name,
            name,
            &hash,
            &Grants {
                roles: [role.to_owned()].into(),
                scope,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap();
}

/// Signs in and lands on the partner registry (a partner's staff have no dashboard).
async fn sign_in(app: &TestApp, client: &Client, name: &str) {
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("username", name),
            ("password", PASSWORD),
            ("next", "/partners"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{name} signs in");
}

async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), plain(&r.text().await.unwrap()))
}

async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    pairs: &[(&str, &str)],
) -> (u16, String, String) {
    let r = client.post(app.url(path)).form(pairs).send().await.unwrap();
    let at = r.url().path().to_owned();
    (r.status().as_u16(), at, plain(&r.text().await.unwrap()))
}

fn organisation_form<'a>(
    number: &'a str,
    name_ar: &'a str,
    phone: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "charity"),
        ("registration_number", number),
        ("name_ar", name_ar),
        ("name_en", "Al-Ihsan Charity"),
        ("governorate", "JO-IR"),
        ("governorates_served", "JO-IR"),
        ("governorates_served", "JO-AJ"),
        ("contacts[0].name", "سعاد الخطيب"),
        ("contacts[0].phone", phone),
        ("contacts[0].email", ""),
        ("contacts[1].name", ""),
        ("contacts[1].phone", ""),
        ("contacts[1].email", ""),
    ]
}

#[tokio::test]
async fn a_clerk_registers_a_partner_with_services_and_finds_them_on_the_service_map() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        app.login_as_clerk().await;
        let client = &app.browser;

        // Bad input: each field named in Arabic, nothing written.
        let (status, _, html) = post(
            &app,
            client,
            "/partners/new",
            &organisation_form("IR 1", "", "123"),
        )
        .await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("رقم التسجيل يتكوّن من حروف وأرقام"), "{html}");
        assert!(
            html.contains("هذا الحقل مطلوب"),
            "the Arabic name is required"
        );
        assert!(
            html.contains("aria-invalid=\"true\" aria-describedby=\"f-contacts-0-phone-error\""),
            "{html}"
        );
        let none = app
            .store
            .list_organisations(
                &system(),
                &OrganisationFilter::default(),
                tadamun_store::now().date(),
                None,
                10,
            )
            .await
            .unwrap();
        assert!(none.rows.is_empty(), "nothing half-written");

        let (status, at, html) = post(
            &app,
            client,
            "/partners/new",
            &organisation_form("IR-1", "جمعية الإحسان الخيرية", "0791234567"),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(at.starts_with("/partners/"), "{at}");
        assert!(
            html.contains("جمعية الإحسان الخيرية") && html.contains("قيد الاعتماد"),
            "{html}"
        );
        assert!(html.contains("+962791234567"));
        assert!(
            html.contains("عجلون، إربد"),
            "the governorates served, in Arabic: {html}"
        );
        let id = at.trim_start_matches("/partners/").to_owned();

        // The same number again is refused on the field.
        let (status, _, html) = post(
            &app,
            client,
            "/partners/new",
            &organisation_form("ir-1", "جمعية أخرى", "0791234567"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(html.contains("هذا الرقم مسجّل لجهة أخرى"), "{html}");

        let service = |service: &'static str, governorate: &'static str, capacity: &'static str| {
            vec![
                ("service", service),
                ("governorate", governorate),
                ("capacity", capacity),
                ("eligibility_notes", "الأسر الفقيرة"),
            ]
        };
        let path = format!("/partners/{id}/services/new");
        let (status, _, html) = post(&app, client, &path, &service("food", "JO-IR", "0")).await;
        assert_eq!(status, 422);
        assert!(html.contains("شخصًا واحدًا على الأقل"), "{html}");
        let (status, _, html) = post(&app, client, &path, &service("food", "JO-AM", "10")).await;
        assert_eq!(status, 422, "Amman is not served");
        assert!(html.contains("الجهة لا تخدم هذه المحافظة"), "{html}");
        let (status, _, html) = post(&app, client, &path, &service("food", "JO-IR", "١٢٠٠")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("مساعدات غذائية") && html.contains("1200 شخص سنويًا"),
            "{html}"
        );
        post(&app, client, &path, &service("legal_aid", "JO-AJ", "40")).await;

        // Pending partners are not supply yet; "all organisations" shows them.
        let (_, html) = get(&app, client, "/partners/map").await;
        assert!(html.contains("id=\"map-none\""), "{html}");
        let (status, html) = get(&app, client, "/partners/map?scope=all&service=food").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("<svg") && html.contains("id=\"supply-chart\""),
            "{html}"
        );
        assert!(
            html.contains("1200 (1)"),
            "capacity and organisations on the bar: {html}"
        );
        let table = &html[html.find("id=\"service-map\"").unwrap()..];
        assert!(table.contains("إربد") && table.contains("عجلون"), "{table}");
        assert!(
            table.contains("<bdi>1200</bdi>") && table.contains("<bdi>40</bdi>"),
            "{table}"
        );

        // Search by a normalised name and by the number.
        let (_, html) = get(&app, client, "/partners?q=الاحسان").await;
        assert!(html.contains("جمعية الإحسان الخيرية"), "{html}");
        // With htmx only the rows come back, refreshed as the clerk types.
        let r = client
            .get(app.url("/partners?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%B3%D8%A7%D9%86"))
            .header("hx-request", "true")
            .send()
            .await
            .unwrap();
        let rows = plain(&r.text().await.unwrap());
        assert!(
            rows.contains("جمعية الإحسان الخيرية") && !rows.contains("<html"),
            "{rows}"
        );
        let (_, html) = get(&app, client, "/partners?q=zzz").await;
        assert!(html.contains("id=\"partners-none\""));
        let (status, _) = get(&app, client, "/partners?kind=club").await;
        assert_eq!(status, 422);
    })
    .await;
}

#[tokio::test]
async fn a_partner_user_sees_and_edits_only_their_own_organisation() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        let sys = system();
        let own = registered(
            &app.store,
            &sys,
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR"],
        )
        .await;
        let other = registered(&app.store, &sys, "IR-2", "جمعية النور", "JO-IR", &["JO-IR"]).await;
        offered(&app.store, &sys, other, "food", "JO-IR", 700).await;
        user(&app.store, "partner", "partner_user", AreaScope::National).await;
        app.store
            .link_partner_user(&sys, own, "partner", tadamun_store::now())
            .await
            .unwrap();
        let client = browser();
        // Without a destination a partner's staff member lands on the registry, not the
        // dashboard they may not read.
        let r = client
            .post(app.url("/login"))
            .form(&[("username", "partner"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (r.status().as_u16(), r.url().path()),
            (200, format!("/partners/{own}").as_str())
        );

        let (status, html) = get(&app, &client, "/partners").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("جمعية الإحسان") && !html.contains("جمعية النور"),
            "straight to their own: {html}"
        );
        for path in [
            format!("/partners/{other}"),
            format!("/partners/{other}/edit"),
            format!("/partners/{other}/services/new"),
        ] {
            assert_eq!(get(&app, &client, &path).await.0, 404, "{path}");
        }
        let form = |number: &'static str, name_en: &'static str| {
            vec![
                ("version", "1"),
                ("kind", "charity"),
                ("registration_number", number),
                ("name_ar", "جمعية النور"),
                ("name_en", name_en),
                ("governorate", "JO-IR"),
                ("governorates_served", "JO-IR"),
                ("contacts[0].name", "هالة"),
                ("contacts[0].phone", "0791234567"),
                ("contacts[0].email", ""),
            ]
        };
        let (status, _, _) = post(
            &app,
            &client,
            &format!("/partners/{other}/edit"),
            &form("IR-2", "Hijacked"),
        )
        .await;
        assert_eq!(status, 404, "another organisation does not exist for them");
        let (status, _, _) = post(
            &app,
            &client,
            &format!("/partners/{other}/services/new"),
            &[
                ("service", "cash"),
                ("governorate", "JO-IR"),
                ("capacity", "5"),
            ],
        )
        .await;
        assert_eq!(status, 404);
        let (status, _, _) = post(
            &app,
            &client,
            &format!("/partners/{own}/accreditation"),
            &[
                ("status", "accredited"),
                ("expires_on", "2099-01-01"),
                ("reason", "x"),
            ],
        )
        .await;
        assert_eq!(status, 403, "accreditation is the ministry's");

        let (status, html) = get(&app, &client, &format!("/partners/{own}/edit")).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("id=\"set-by-ministry\"")
                && html.contains("type=\"hidden\" name=\"registration_number\" value=\"IR-1\""),
            "shown, not editable: {html}"
        );
        let (status, _, html) = post(
            &app,
            &client,
            &format!("/partners/{own}/edit"),
            &form("IR-9", "Al-Ihsan"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(html.contains("هذه البيانات تعدّلها الوزارة فقط"), "{html}");
        let (status, _, html) = post(
            &app,
            &client,
            &format!("/partners/{own}/edit"),
            &form("IR-1", "Al-Ihsan"),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("حُفظت بيانات الجهة"));
        let (status, _, _) = post(
            &app,
            &client,
            &format!("/partners/{own}/services/new"),
            &[
                ("service", "cash"),
                ("governorate", "JO-IR"),
                ("capacity", "50"),
                ("eligibility_notes", ""),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let (_, html) = get(&app, &client, "/partners/map?scope=all").await;
        assert!(
            html.contains("<bdi>50</bdi>") && !html.contains("700"),
            "only their own supply: {html}"
        );

        // The ministry ends the link from the organisation's page: nothing is visible then.
        app.login_as_clerk().await;
        let (_, page) = app.get_page(&format!("/partners/{own}")).await;
        assert!(
            page.contains("id=\"partner-users\"") && page.contains(">partner<"),
            "{page}"
        );
        let partner_id = app
            .store
            .user_by_username("partner")
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        let (status, _) = app
            .post_form(&format!("/partners/{own}/users/{partner_id}/remove"), &[])
            .await;
        assert_eq!(status, 200);
        assert_eq!(get(&app, &client, &format!("/partners/{own}")).await.0, 404);

        let untouched = app
            .store
            .get_organisation(&sys, other)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((untouched.version, untouched.draft.name_en), (1, None));
        assert_eq!(
            app.store
                .organisation_services(&sys, other)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn an_accreditation_change_waits_for_a_second_person_who_approves_it() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        let sys = system();
        let id = registered(
            &app.store,
            &sys,
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR"],
        )
        .await;
        app.login_as_clerk().await;
        let maker = &app.browser;
        let path = format!("/partners/{id}/accreditation");

        let (status, _, html) = post(
            &app,
            maker,
            &path,
            &[
                ("status", "accredited"),
                ("expires_on", ""),
                ("reason", "استوفت الشروط"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(
            html.contains("f-expires_on-error")
                || html.contains("f-expires-on-error")
                || html.contains("هذا الحقل مطلوب"),
            "{html}"
        );
        let (status, _, html) = post(
            &app,
            maker,
            &path,
            &[
                ("status", "accredited"),
                ("expires_on", "2099-06-30"),
                ("reason", "استوفت الشروط"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("id=\"accreditation-waiting\"")
                && html.contains("أُرسل طلب تغيير الاعتماد"),
            "{html}"
        );
        assert!(
            !html.contains("id=\"approve-accreditation\""),
            "the proposer is not offered approval"
        );
        let o = app.store.get_organisation(&sys, id).await.unwrap().unwrap();
        assert_eq!(
            o.accreditation.status,
            AccreditationStatus::Pending,
            "nothing applied yet"
        );
        let request = app
            .store
            .accreditation_requests(&sys, Some(id), None, 5)
            .await
            .unwrap()[0]
            .id;
        let decision = format!("/partners/accreditation/{request}/decision");
        let (status, _, _) = post(
            &app,
            maker,
            &decision,
            &[("decision", "approve"), ("note", "")],
        )
        .await;
        assert_eq!(status, 403, "nobody approves their own proposal");

        // A registrar (no change.approve) may not; a second supervisor may.
        user(&app.store, "registrar2", "registrar", AreaScope::National).await;
        let registrar = browser();
        sign_in(&app, &registrar, "registrar2").await;
        assert_eq!(
            post(&app, &registrar, &decision, &[("decision", "approve")])
                .await
                .0,
            403
        );
        user(
            &app.store,
            "checker",
            "registry_supervisor",
            AreaScope::National,
        )
        .await;
        let checker = browser();
        sign_in(&app, &checker, "checker").await;
        let (_, queue) = get(&app, &checker, "/partners/accreditation").await;
        assert!(queue.contains("جمعية الإحسان"), "{queue}");
        let (_, page) = get(&app, &checker, &format!("/partners/{id}")).await;
        assert!(page.contains("id=\"approve-accreditation\""));
        let (status, _, html) = post(
            &app,
            &checker,
            &decision,
            &[("decision", "approve"), ("note", "موافقة")],
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("معتمدة") && html.contains("حتى 30 حزيران 2099"),
            "{html}"
        );
        assert!(
            html.contains("قدّمه سعاد الموظفة"),
            "the history names the proposer: {html}"
        );
        let o = app.store.get_organisation(&sys, id).await.unwrap().unwrap();
        assert_eq!(o.accreditation.status, AccreditationStatus::Accredited);
        let approved = app
            .store
            .count_audit_entries(&AuditFilter {
                action: Some(AuditAction::ChangeApproved),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(approved, 1);
        // Deciding twice is a conflict.
        assert_eq!(
            post(&app, &checker, &decision, &[("decision", "reject")])
                .await
                .0,
            409
        );
        let _ = Permission::ChangeApprove;
    })
    .await;
}

async fn token(app: &TestApp, name: &str) -> String {
    let r = app
        .plain
        .post(app.url("/api/v1/sessions"))
        .json(&serde_json::json!({ "username": name, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = r.json().await.unwrap();
    body["token"].as_str().expect("a token").to_owned()
}

#[tokio::test]
async fn the_json_api_registers_a_partner_and_accredits_it_through_a_second_person() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "maker", "registrar", AreaScope::National).await;
        user(&app.store, "checker", "registry_supervisor", AreaScope::National).await;
        let maker = token(&app, "maker").await;
        let checker = token(&app, "checker").await;
        let body = serde_json::json!({
            "kind": "volunteer_centre",
            "registration_number": "AJ-7",
            "name_ar": "مركز عجلون للتطوع",
            "governorate": "JO-AJ",
            "governorates_served": ["JO-AJ"],
            "contacts": [{ "name": "رامي", "email": "rami@example.org" }]
        });
        let (status, bad) = app.api_send(reqwest::Method::POST, "/api/v1/partners", &maker, &serde_json::json!({ "kind": "club" })).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = bad["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"kind") && fields.contains(&"name_ar") && fields.contains(&"contacts"), "{bad}");
        let (status, created) = app.api_send(reqwest::Method::POST, "/api/v1/partners", &maker, &body).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let (status, _) = app
            .api_send(reqwest::Method::POST, &format!("/api/v1/partners/{id}/services"), &maker, &serde_json::json!({ "service": "elderly_care", "governorate": "JO-AJ", "capacity": "25" }))
            .await;
        assert_eq!(status, 201);
        let (status, request) = app
            .api_send(
                reqwest::Method::POST,
                &format!("/api/v1/partners/{id}/accreditation-requests"),
                &maker,
                &serde_json::json!({ "status": "accredited", "expires_on": "2099-12-31", "reason": "زيارة ميدانية" }),
            )
            .await;
        assert_eq!(status, 201, "{request}");
        let decision = format!("/api/v1/accreditation-requests/{}/decision", request["id"].as_str().unwrap());
        let (status, _) = app.api_send(reqwest::Method::POST, &decision, &maker, &serde_json::json!({ "approve": true })).await;
        assert_eq!(status, 403, "the maker lacks change.approve");
        let (status, map) = app.api_get("/api/v1/partners/map", &checker).await;
        assert_eq!((status, map["supply"].as_array().unwrap().len()), (200, 0), "not accredited yet");
        let (status, decided) = app.api_send(reqwest::Method::POST, &decision, &checker, &serde_json::json!({ "approve": true, "note": "" })).await;
        assert_eq!((status, decided["status"].as_str()), (200, Some("approved")));
        let (_, detail) = app.api_get(&format!("/api/v1/partners/{id}"), &checker).await;
        assert_eq!(detail["accreditation_today"], "accredited");
        assert_eq!(detail["services"][0]["capacity"], 25);
        let (_, map) = app.api_get("/api/v1/partners/map", &checker).await;
        assert_eq!(map["supply"][0]["capacity"], 25);
        let (_, page) = app.api_get("/api/v1/partners?status=accredited", &checker).await;
        assert_eq!(page["organisations"].as_array().unwrap().len(), 1);
    })
    .await;
}

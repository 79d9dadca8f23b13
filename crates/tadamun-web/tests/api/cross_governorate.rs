//! Access across governorates over the web, on SQLite and PostgreSQL, in a Palestine
//! app with Nablus and Hebron: a partner's staff member of a Nablus organisation
//! cannot read or edit a Hebron one, nor change their own accreditation; Nablus's
//! secretary records only in Nablus's group, even while sitting on Hebron's; a planner
//! of Nablus sees and manages only Nablus's groups and indicators (and no trainings);
//! a training manager of Nablus sees and manages only Nablus's sessions and staff.

use tadamun_domain::{
    access::{Access, BuiltinRole},
    country::Country,
    country_pack::CountryPack,
    ids::{CourseId, OrganisationId, PlanningGroupId, PlanningMemberId, TrainingSessionId},
    partner::{
        AccreditationChange, AccreditationStatus, RawContact, RawOrganisation, RawServiceOffer,
        ServiceCatalogue,
    },
    planning::{RawGroup, RawMember, RawTerm},
    training::{RawCourse, RawSession},
};
use tadamun_store::{Store, testing::fixtures::system, testing::on_both};

use crate::helpers::{PASSWORD, TestApp, field_error, spawn_app_on, staff};

/// The application for Palestine (its governorates are synced at start).
async fn palestine(store: Store) -> TestApp {
    let mut app = spawn_app_on(store, |c| c.country = Country::Palestine).await;
    app.pack = CountryPack::builtin(Country::Palestine);
    app
}

async fn access_of(app: &TestApp, name: &str) -> Access {
    let id = app
        .store
        .user_by_username(name)
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    app.store.user_access(id, None).await.unwrap().unwrap()
}

/// A charity with its head office in `governorate`, serving it, with one service.
async fn organisation(
    app: &TestApp,
    number: &str,
    name: &str,
    governorate: &str,
    capacity: i64,
) -> OrganisationId {
    let sys = system();
    let draft = RawOrganisation {
        kind: "charity".into(),
        registration_number: number.into(),
        name_ar: name.into(),
        name_en: String::new(),
        governorate: governorate.into(),
        governorates_served: vec![governorate.into()],
        contacts: vec![RawContact {
            name: "منسّق الشراكات".into(),
            phone: String::new(),
            email: format!("{number}@example.org"),
        }],
    }
    .parse(&app.pack)
    .unwrap();
    let id = app
        .store
        .create_organisation(&sys, &draft, tadamun_store::now())
        .await
        .unwrap();
    let org = app.store.get_organisation(&sys, id).await.unwrap().unwrap();
    let offer = RawServiceOffer {
        service: "food".into(),
        governorate: governorate.into(),
        capacity: capacity.to_string(),
        eligibility_notes: String::new(),
    }
    .parse(&app.pack, ServiceCatalogue::builtin(), &org)
    .unwrap();
    app.store
        .save_service_offer(&sys, id, None, &offer, tadamun_store::now())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_nablus_partner_cannot_reach_a_hebron_partner_nor_accredit_its_own() {
    on_both(|store| async move {
        let app = palestine(store).await;
        let own = organisation(&app, "NBS-1", "جمعية نابلس الخيرية", "PS-NBS", 321).await;
        let other = organisation(&app, "HBN-1", "جمعية الخليل الخيرية", "PS-HBN", 987).await;
        let sys = system();
        staff(&app.store, "ngo.nablus", &[BuiltinRole::PartnerUser], &[]).await;
        app.store.link_partner_user(&sys, own, "ngo.nablus", tadamun_store::now()).await.unwrap();
        let other_service = app.store.organisation_services(&sys, other).await.unwrap()[0].id;

        let ngo = app.browser_as("ngo.nablus", "/partners").await;
        let (_, html) = app.get_as(&ngo, "/partners?q=جمعية").await;
        assert!(html.contains("جمعية نابلس الخيرية") && !html.contains("جمعية الخليل الخيرية"), "{html}");
        for path in [
            format!("/partners/{other}"),
            format!("/partners/{other}/edit"),
            format!("/partners/{other}/services/new"),
            format!("/partners/{other}/services/{other_service}/edit"),
        ] {
            assert_eq!(app.get_as(&ngo, &path).await.0, 404, "{path}");
        }
        let edit = [
            ("version", "1"),
            ("kind", "charity"),
            ("registration_number", "HBN-1"),
            ("name_ar", "جمعية مختطفة"),
            ("governorate", "PS-HBN"),
            ("governorates_served", "PS-HBN"),
            ("contacts[0].name", "x"),
            ("contacts[0].email", "x@example.org"),
        ];
        assert_eq!(app.post_as(&ngo, &format!("/partners/{other}/edit"), &edit).await.0, 404);
        let remove = format!("/partners/{other}/services/{other_service}/remove");
        assert_eq!(app.post_as(&ngo, &remove, &[]).await.0, 404);
        let (_, map) = app.get_as(&ngo, "/partners/map?scope=all").await;
        assert!(
            map.contains("<bdi>321</bdi>") && !map.contains("<bdi>987</bdi>"),
            "only their own supply: {map}"
        );

        // Their own accreditation is the ministry's, by form and by API.
        let propose = [("status", "accredited"), ("expires_on", "2099-01-01"), ("reason", "x")];
        assert_eq!(app.post_as(&ngo, &format!("/partners/{own}/accreditation"), &propose).await.0, 403);
        let token = {
            let r = app
                .plain
                .post(app.url("/api/v1/sessions"))
                .json(&serde_json::json!({ "username": "ngo.nablus", "password": PASSWORD }))
                .send()
                .await
                .unwrap();
            r.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
        };
        let (status, _) = app
            .api_send(
                reqwest::Method::POST,
                &format!("/api/v1/partners/{own}/accreditation-requests"),
                &token,
                &serde_json::json!({ "status": "accredited", "expires_on": "2099-01-01", "reason": "x" }),
            )
            .await;
        assert_eq!(status, 403);
        assert_eq!(app.api_get(&format!("/api/v1/partners/{other}"), &token).await.0, 404);
        // A ministry officer proposes; the partner cannot approve it either.
        staff(&app.store, "officer", &[BuiltinRole::Registrar], &[]).await;
        let officer = access_of(&app, "officer").await;
        let change = AccreditationChange {
            status: AccreditationStatus::Accredited,
            expires_on: Some(tadamun_store::now().date() + time::Duration::days(300)),
        };
        let request = app
            .store
            .request_accreditation(&officer, own, &change, "زيارة ميدانية", tadamun_store::now())
            .await
            .unwrap();
        let decision = format!("/partners/accreditation/{request}/decision");
        assert_eq!(app.post_as(&ngo, &decision, &[("decision", "approve"), ("note", "")]).await.0, 403);
        let o = app.store.get_organisation(&sys, own).await.unwrap().unwrap();
        assert_eq!(o.accreditation.status, AccreditationStatus::Pending, "nothing applied");
        let untouched = app.store.get_organisation(&sys, other).await.unwrap().unwrap();
        assert_eq!((untouched.version, untouched.draft.name_ar.as_str()), (1, "جمعية الخليل الخيرية"));
        assert_eq!(app.store.organisation_services(&sys, other).await.unwrap().len(), 1);
    })
    .await;
}

/// A group in `governorate` made by the system, with `(name, role, username)` members.
async fn group(
    app: &TestApp,
    governorate: &str,
    name: &str,
    members: &[(&str, &str, &str)],
) -> (PlanningGroupId, Vec<PlanningMemberId>) {
    let sys = system();
    let draft = RawGroup {
        governorate: governorate.into(),
        name_ar: name.into(),
        name_en: String::new(),
    }
    .parse(&app.pack)
    .unwrap();
    let g = app
        .store
        .create_planning_group(&sys, &draft, tadamun_store::now())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (who, role, username) in members {
        let raw = RawMember {
            name: (*who).into(),
            kind: "directorate".into(),
            username: (*username).into(),
            term: RawTerm {
                role: (*role).into(),
                starts_on: "2025-01-01".into(),
                ends_on: String::new(),
            },
            ..Default::default()
        };
        ids.push(
            app.store
                .add_planning_member(&sys, g, &raw.parse().unwrap(), tadamun_store::now())
                .await
                .unwrap(),
        );
    }
    (g, ids)
}

/// A meeting today attended by `attended`, with one decision and one action item.
fn meeting(attended: &[PlanningMemberId]) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("held_on", tadamun_store::now().date().to_string()),
        ("agenda[0]", "المساعدات الموسمية".to_owned()),
        ("minutes", "ناقش الأعضاء المساعدات الموسمية.".to_owned()),
        ("decisions[0].text", "اعتماد خطة التوزيع".to_owned()),
        ("decisions[0].votes_for", attended.len().to_string()),
        ("decisions[0].votes_against", "0".to_owned()),
        ("decisions[0].votes_abstain", "0".to_owned()),
        ("actions[0].text", "إعداد قوائم الأسر".to_owned()),
        ("actions[0].owner", attended[0].to_string()),
        ("actions[0].due_on", tadamun_store::now().date().to_string()),
    ];
    pairs.extend(attended.iter().map(|m| ("attended", m.to_string())));
    pairs
}

fn pairs<'a>(p: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    p.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn nablus_secretary_records_in_nablus_only_even_while_sitting_on_hebrons_group() {
    on_both(|store| async move {
        let app = palestine(store).await;
        staff(
            &app.store,
            "sec.nablus",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        staff(
            &app.store,
            "member.nablus",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (nablus, nablus_ids) = group(
            &app,
            "PS-NBS",
            "مجموعة نابلس",
            &[
                ("أحمد", "secretary", "sec.nablus"),
                ("منى", "member", "member.nablus"),
                ("سامر", "chair", ""),
            ],
        )
        .await;
        let (hebron, hebron_ids) = group(
            &app,
            "PS-HBN",
            "مجموعة الخليل",
            &[
                ("خليل", "secretary", ""),
                ("أحمد", "member", "sec.nablus"),
                ("هالة", "chair", ""),
            ],
        )
        .await;
        let sys = system();

        let sec = app.browser_as("sec.nablus", "/planning").await;
        let (_, html) = app.get_as(&sec, "/planning").await;
        assert!(
            html.contains("مجموعة نابلس") && html.contains("مجموعة الخليل"),
            "a member of both sees both: {html}"
        );
        let (status, _) = app.get_as(&sec, &format!("/planning/{hebron}")).await;
        assert_eq!(status, 200);
        assert_eq!(
            app.get_as(&sec, &format!("/planning/{hebron}/meetings/new"))
                .await
                .0,
            403
        );
        let (status, _, _) = app
            .post_as(
                &sec,
                &format!("/planning/{hebron}/meetings/new"),
                &pairs(&meeting(&hebron_ids)),
            )
            .await;
        assert_eq!(
            status, 403,
            "a member of Hebron's group, its secretary only in Nablus"
        );
        assert!(
            app.store
                .planning_meetings(&sys, hebron)
                .await
                .unwrap()
                .is_empty()
        );

        // A plain member of Nablus's group does not record either; its secretary does.
        let member = app.browser_as("member.nablus", "/planning").await;
        let (_, html) = app.get_as(&member, "/planning").await;
        assert!(!html.contains("مجموعة الخليل"), "{html}");
        assert_eq!(
            app.get_as(&member, &format!("/planning/{hebron}")).await.0,
            404
        );
        let (status, _, _) = app
            .post_as(
                &member,
                &format!("/planning/{hebron}/meetings/new"),
                &pairs(&meeting(&hebron_ids)),
            )
            .await;
        assert_eq!(status, 404);
        let (status, _, _) = app
            .post_as(
                &member,
                &format!("/planning/{nablus}/meetings/new"),
                &pairs(&meeting(&nablus_ids)),
            )
            .await;
        assert_eq!(status, 403);
        let (status, _, html) = app
            .post_as(
                &sec,
                &format!("/planning/{nablus}/meetings/new"),
                &pairs(&meeting(&nablus_ids)),
            )
            .await;
        assert_eq!(status, 200, "{html}");
        assert_eq!(
            app.store
                .planning_meetings(&sys, nablus)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            app.store
                .planning_meetings(&sys, hebron)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

fn course_draft() -> tadamun_domain::training::CourseDraft {
    RawCourse {
        code: "PFA-1".into(),
        title_ar: "الإسعاف النفسي الأولي".into(),
        title_en: "Psychological first aid".into(),
        description: String::new(),
        hours: "8".into(),
        validity_months: "24".into(),
    }
    .parse()
    .unwrap()
}

async fn session(app: &TestApp, course: CourseId, governorate: &str) -> TrainingSessionId {
    let draft = RawSession {
        starts_on: "2026-03-01".into(),
        ends_on: "2026-03-02".into(),
        place: format!("مديرية {governorate}"),
        governorate: governorate.into(),
        trainer: "ليلى حداد".into(),
        capacity: "20".into(),
    }
    .parse(&app.pack)
    .unwrap();
    app.store
        .create_training_session(&system(), course, &draft, tadamun_store::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_nablus_planner_sees_and_manages_only_nablus_groups_and_indicators() {
    on_both(|store| async move {
        let app = palestine(store).await;
        staff(
            &app.store,
            "planner.nablus",
            &[BuiltinRole::Planner],
            &["PS-NBS"],
        )
        .await;
        let (nablus, _) = group(&app, "PS-NBS", "مجموعة نابلس", &[("سامر", "chair", "")]).await;
        let (hebron, _) = group(&app, "PS-HBN", "مجموعة الخليل", &[("هالة", "chair", "")]).await;
        let course = app
            .store
            .create_course(&system(), &course_draft(), tadamun_store::now())
            .await
            .unwrap();
        let hebron_session = session(&app, course, "PS-HBN").await;

        let planner = app.browser_as("planner.nablus", "/planning").await;
        let (_, html) = app.get_as(&planner, "/planning").await;
        assert!(
            html.contains("مجموعة نابلس") && !html.contains("مجموعة الخليل"),
            "{html}"
        );
        assert_eq!(
            app.get_as(&planner, &format!("/planning/{nablus}")).await.0,
            200
        );
        assert_eq!(
            app.get_as(&planner, &format!("/planning/{hebron}")).await.0,
            404
        );
        let member = [
            ("name", "x"),
            ("kind", "directorate"),
            ("role", "member"),
            ("starts_on", "2025-01-01"),
        ];
        assert_eq!(
            app.post_as(
                &planner,
                &format!("/planning/{hebron}/members/new"),
                &member
            )
            .await
            .0,
            404
        );
        let (status, _, _) = app
            .post_as(
                &planner,
                "/planning/new",
                &[
                    ("governorate", "PS-HBN"),
                    ("name_ar", "مجموعة ثانية"),
                    ("name_en", ""),
                ],
            )
            .await;
        assert_eq!(status, 403);
        let groups = app
            .store
            .list_planning_groups(&system(), None, tadamun_store::now().date())
            .await
            .unwrap();
        assert_eq!(groups.len(), 2, "nothing created in Hebron");
        assert_eq!(
            app.store
                .planning_members(&system(), hebron)
                .await
                .unwrap()
                .len(),
            1
        );

        let (status, html) = app.get_as(&planner, "/planning/indicators").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("data-governorate=\"PS-NBS\"")
                && !html.contains("data-governorate=\"PS-HBN\""),
            "{html}"
        );
        assert_eq!(
            app.get_as(&planner, "/planning/indicators/PS-NBS").await.0,
            200
        );
        assert_eq!(
            app.get_as(&planner, "/planning/indicators/PS-HBN").await.0,
            404
        );
        assert_eq!(
            app.get_as(&planner, "/planning/priorities?governorate=PS-HBN")
                .await
                .0,
            404
        );

        // Training is not a planner's: refused before any governorate is looked at.
        assert_eq!(app.get_as(&planner, "/training").await.0, 403);
        assert_eq!(
            app.get_as(&planner, &format!("/training/sessions/{hebron_session}"))
                .await
                .0,
            403
        );
        assert_eq!(app.get_as(&planner, "/training/report").await.0, 403);
    })
    .await;
}

#[tokio::test]
async fn a_nablus_training_manager_sees_and_manages_only_nablus_sessions_and_staff() {
    on_both(|store| async move {
        let app = palestine(store).await;
        let sys = system();
        staff(
            &app.store,
            "train.nablus",
            &[BuiltinRole::RegistrySupervisor],
            &["PS-NBS"],
        )
        .await;
        staff(
            &app.store,
            "train.hebron",
            &[BuiltinRole::RegistrySupervisor],
            &["PS-HBN"],
        )
        .await;
        staff(
            &app.store,
            "staff.nablus",
            &[BuiltinRole::Registrar],
            &["PS-NBS"],
        )
        .await;
        let hebron_done = staff(
            &app.store,
            "done.hebron",
            &[BuiltinRole::Registrar],
            &["PS-HBN"],
        )
        .await;
        staff(
            &app.store,
            "staff.hebron",
            &[BuiltinRole::Registrar],
            &["PS-HBN"],
        )
        .await;
        let course = app
            .store
            .create_course(&sys, &course_draft(), tadamun_store::now())
            .await
            .unwrap();
        app.store
            .set_role_requirements(&sys, "registrar", &[course].into(), tadamun_store::now())
            .await
            .unwrap();
        let nablus_session = session(&app, course, "PS-NBS").await;
        let hebron_session = session(&app, course, "PS-HBN").await;
        let now = tadamun_store::now();
        app.store
            .enrol_trainee(&sys, hebron_session, "done.hebron", now)
            .await
            .unwrap();
        app.store
            .mark_attended(&sys, hebron_session, hebron_done, now)
            .await
            .unwrap();
        let number = app
            .store
            .complete_training(
                &sys,
                hebron_session,
                hebron_done,
                time::macros::date!(2026 - 03 - 02),
                now,
            )
            .await
            .unwrap();

        let manager = app.browser_as("train.nablus", "/training").await;
        let (_, html) = app
            .get_as(&manager, &format!("/training/courses/{course}"))
            .await;
        assert!(
            html.contains(&format!("/training/sessions/{nablus_session}"))
                && !html.contains(&format!("/training/sessions/{hebron_session}")),
            "{html}"
        );
        let hebron = format!("/training/sessions/{hebron_session}");
        assert_eq!(app.get_as(&manager, &hebron).await.0, 404);
        let user = hebron_done.to_string();
        for (tail, form) in [
            ("/enrol", vec![("username", "staff.hebron")]),
            ("/attendance", vec![("user", user.as_str())]),
            (
                "/complete",
                vec![("user", user.as_str()), ("completed_on", "2026-03-02")],
            ),
        ] {
            assert_eq!(
                app.post_as(&manager, &format!("{hebron}{tail}"), &form)
                    .await
                    .0,
                404,
                "{tail}"
            );
        }
        assert_eq!(
            app.get_as(&manager, &format!("/training/certificates/{number}"))
                .await
                .0,
            404
        );

        // A session in Hebron is refused on its field, and Hebron is not offered.
        let new_session = format!("/training/courses/{course}/sessions/new");
        let (_, form) = app.get_as(&manager, &new_session).await;
        assert!(
            form.contains("value=\"PS-NBS\"") && !form.contains("value=\"PS-HBN\""),
            "{form}"
        );
        let (status, _, html) = app
            .post_as(
                &manager,
                &new_session,
                &[
                    ("starts_on", "2026-06-01"),
                    ("ends_on", "2026-06-01"),
                    ("place", "قاعة الخليل"),
                    ("governorate", "PS-HBN"),
                    ("trainer", "ليلى"),
                    ("capacity", "10"),
                ],
            )
            .await;
        assert_eq!(status, 422, "{html}");
        assert_eq!(
            field_error(&html, "governorate").as_deref(),
            Some("هذه المحافظة خارج منطقة عملك."),
            "{html}"
        );
        assert_eq!(
            app.store
                .list_training_sessions(&sys, None)
                .await
                .unwrap()
                .len(),
            2,
            "nothing written"
        );

        // Only Nablus's staff are theirs to enrol and to report on.
        let nablus = format!("/training/sessions/{nablus_session}");
        let (status, _, html) = app
            .post_as(
                &manager,
                &format!("{nablus}/enrol"),
                &[("username", "staff.hebron")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            html.contains("لا يوجد موظف نشط بهذا الاسم في منطقتك"),
            "{html}"
        );
        let (status, _, html) = app
            .post_as(
                &manager,
                &format!("{nablus}/enrol"),
                &[("username", "staff.nablus")],
            )
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"trainee-staff.nablus\""), "{html}");
        let (_, report) = app.get_as(&manager, "/training/report").await;
        assert!(
            report.contains(">staff.nablus<")
                && !report.contains(">staff.hebron<")
                && !report.contains(">done.hebron<"),
            "{report}"
        );
        let (_, html) = app
            .get_as(&manager, "/training/report?governorate=PS-HBN")
            .await;
        assert!(html.contains("id=\"report-none\""), "{html}");
        let csv = app.get_as(&manager, "/training/report.csv").await.1;
        assert!(
            csv.contains("staff.nablus") && !csv.contains("hebron"),
            "{csv}"
        );

        // Hebron's manager: the mirror image.
        let other = app.browser_as("train.hebron", "/training").await;
        assert_eq!(app.get_as(&other, &hebron).await.0, 200);
        assert_eq!(app.get_as(&other, &nablus).await.0, 404);
        assert_eq!(
            app.get_as(&other, &format!("/training/certificates/{number}"))
                .await
                .0,
            200
        );
        let (_, report) = app.get_as(&other, "/training/report").await;
        assert!(
            report.contains(">staff.hebron<")
                && !report.contains(">done.hebron<")
                && !report.contains(">staff.nablus<"),
            "the valid certificate holder is not missing: {report}"
        );
    })
    .await;
}

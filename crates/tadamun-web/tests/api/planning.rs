//! Planning groups over the web, on SQLite and PostgreSQL: a planner creates a group
//! and adds its secretary; the secretary records a meeting (refused without quorum or
//! without an action owner, naming the field, writing nothing), then sees the action
//! item, overdue, on the dashboard and marks it done; callers see only their groups.

use reqwest::{Client, header::HeaderMap};
use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole},
    ids::{PlanningGroupId, PlanningMemberId},
    planning::{RawGroup, RawMember, RawTerm},
};
use tadamun_store::{Store, access::Grants, testing::fixtures::system, testing::on_both};

use crate::helpers::{PASSWORD, TestApp, plain, spawn_app_with};

pub(crate) fn browser() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

pub(crate) async fn user(store: &Store, name: &str, role: BuiltinRole, scope: &[&str]) {
    let hash = tadamun_web::auth::hash_password(PASSWORD).unwrap();
    let scope = if scope.is_empty() {
        AreaScope::National
    } else {
        AreaScope::Governorates(
            scope
                .iter()
                .map(|g| tadamun_domain::area::GovernorateCode::parse(g).unwrap())
                .collect(),
        )
    };
    store
        .create_user(
            name,
            name,
            &hash,
            &Grants {
                roles: [role.as_str().to_owned()].into(),
                scope,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap();
}

pub(crate) async fn signed_in(app: &TestApp, name: &str) -> Client {
    let client = browser();
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("username", name),
            ("password", PASSWORD),
            ("next", "/planning"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{name} signs in");
    client
}

pub(crate) async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), plain(&r.text().await.unwrap()))
}

pub(crate) async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    pairs: &[(&str, String)],
) -> (u16, String, String) {
    let r = client.post(app.url(path)).form(pairs).send().await.unwrap();
    let at = r.url().path().to_owned();
    (r.status().as_u16(), at, plain(&r.text().await.unwrap()))
}

/// A group in `governorate` made by the system, with `members` of the directorate.
async fn group_with(
    app: &TestApp,
    governorate: &str,
    name: &str,
    members: &[(&str, &str, &str)],
) -> (PlanningGroupId, Vec<PlanningMemberId>) {
    let sys: Access = system();
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

fn meeting_form(
    held: &str,
    attended: &[PlanningMemberId],
    owner: &str,
) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("held_on", held.to_owned()),
        ("agenda[0]", "خطة الشتاء".to_owned()),
        ("minutes", "ناقش الأعضاء خطة الشتاء.".to_owned()),
        ("decisions[0].text", "اعتماد خطة الشتاء".to_owned()),
        ("decisions[0].votes_for", attended.len().to_string()),
        ("decisions[0].votes_against", "0".to_owned()),
        ("decisions[0].votes_abstain", "0".to_owned()),
        ("decisions[0].public", "1".to_owned()),
        ("actions[0].text", "توزيع الحصص على الأسر".to_owned()),
        ("actions[0].owner", owner.to_owned()),
        ("actions[0].due_on", held.to_owned()),
    ];
    for m in attended {
        pairs.push(("attended", m.to_string()));
    }
    pairs
}

#[tokio::test]
async fn a_secretary_records_a_meeting_and_finds_the_overdue_action_on_the_dashboard() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "planner", BuiltinRole::Planner, &["JO-IR"]).await;
        user(
            &app.store,
            "secretary",
            BuiltinRole::PlanningMember,
            &["JO-IR"],
        )
        .await;

        // The planner creates the group and adds its secretary through the forms.
        let planner = signed_in(&app, "planner").await;
        let (status, _, html) = post(
            &app,
            &planner,
            "/planning/new",
            &[("governorate", "JO-IR".into()), ("name_ar", "".into())],
        )
        .await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("هذا الحقل مطلوب"), "{html}");
        let (status, at, _) = post(
            &app,
            &planner,
            "/planning/new",
            &[
                ("governorate", "JO-IR".into()),
                ("name_ar", "مجموعة تخطيط إربد".into()),
                ("name_en", "".into()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let group = at.trim_start_matches("/planning/").to_owned();
        let secretary_form = |starts: &str| {
            vec![
                ("name", "سامي".to_owned()),
                ("kind", "directorate".to_owned()),
                ("organisation", String::new()),
                ("title", String::new()),
                ("username", "secretary".to_owned()),
                ("role", "secretary".to_owned()),
                ("starts_on", starts.to_owned()),
                ("ends_on", String::new()),
            ]
        };
        let (status, _, html) = post(
            &app,
            &planner,
            &format!("/planning/{group}/members/new"),
            &secretary_form("2025-02-30"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(html.contains("بداية العضوية"), "the field is named: {html}");
        let (status, _, html) = post(
            &app,
            &planner,
            &format!("/planning/{group}/members/new"),
            &secretary_form("2025-01-01"),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("أُضيف العضو"), "{html}");
        let group_id = PlanningGroupId::parse(&group).unwrap();
        let sys = system();
        let mut ids = vec![app.store.planning_members(&sys, group_id).await.unwrap()[0].id];
        for name in ["هدى", "عمر"] {
            let raw = RawMember {
                name: name.into(),
                kind: "directorate".into(),
                term: RawTerm {
                    role: "member".into(),
                    starts_on: "2025-01-01".into(),
                    ends_on: String::new(),
                },
                ..Default::default()
            };
            ids.push(
                app.store
                    .add_planning_member(
                        &sys,
                        group_id,
                        &raw.parse().unwrap(),
                        tadamun_store::now(),
                    )
                    .await
                    .unwrap(),
            );
        }

        // The secretary records: one of three is no quorum; a missing owner is named.
        let secretary = signed_in(&app, "secretary").await;
        let held = (tadamun_store::now().date() - time::Duration::days(10)).to_string();
        let path = format!("/planning/{group}/meetings/new");
        let (status, _, html) = post(
            &app,
            &secretary,
            &path,
            &meeting_form(&held, &ids[..1], &ids[0].to_string()),
        )
        .await;
        assert_eq!(status, 422);
        assert!(html.contains("لم يكتمل النصاب؛ لا يجوز التصويت"), "{html}");
        let (status, _, html) = post(&app, &secretary, &path, &meeting_form(&held, &ids, "")).await;
        assert_eq!(status, 422);
        assert!(html.contains("لكل مهمة مسؤول"), "{html}");
        assert!(
            app.store
                .planning_meetings(&sys, group_id)
                .await
                .unwrap()
                .is_empty()
        );
        let (status, _, html) = post(
            &app,
            &secretary,
            &path,
            &meeting_form(&held, &ids, &ids[0].to_string()),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("سُجّل الاجتماع"), "{html}");
        assert!(
            html.contains("اكتمل النصاب") && html.contains("اعتماد خطة الشتاء"),
            "{html}"
        );

        // Due on the meeting day, so overdue now, on the secretary's dashboard.
        let (status, html) = get(&app, &secretary, "/").await;
        assert_eq!(status, 200);
        assert!(html.contains("مهامي في مجموعات التخطيط"), "{html}");
        assert!(
            html.contains("توزيع الحصص على الأسر") && html.contains("متأخرة"),
            "{html}"
        );
        let action = app
            .store
            .my_action_items(
                &app.store
                    .user_access(
                        app.store
                            .user_by_username("secretary")
                            .await
                            .unwrap()
                            .unwrap()
                            .user
                            .id,
                        None,
                    )
                    .await
                    .unwrap()
                    .unwrap(),
                tadamun_store::now().date(),
            )
            .await
            .unwrap()[0]
            .clone();
        let (status, at, html) = post(
            &app,
            &secretary,
            &format!("/planning/actions/{}/status", action.id),
            &[
                ("version", action.version.to_string()),
                ("status", "done".into()),
                ("back", "/".into()),
            ],
        )
        .await;
        assert_eq!((status, at.as_str()), (200, "/"), "{html}");
        assert!(!html.contains("مهامي في مجموعات التخطيط"), "{html}");

        // The planner sees the group page with its health and the public decision.
        let (status, html) = get(&app, &planner, &format!("/planning/{group}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("صحة المجموعة") && html.contains("منشور للعموم"),
            "{html}"
        );
        assert_eq!(
            app.store
                .public_decisions(tadamun_domain::country::Country::Jordan)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn planners_secretaries_and_partners_reach_only_their_own_groups() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "planner", BuiltinRole::Planner, &["JO-IR"]).await;
        user(
            &app.store,
            "irbid-sec",
            BuiltinRole::PlanningMember,
            &["JO-IR"],
        )
        .await;
        user(&app.store, "ngo", BuiltinRole::PartnerUser, &[]).await;
        let (irbid, _) = group_with(
            &app,
            "JO-IR",
            "مجموعة إربد",
            &[("منى", "secretary", "irbid-sec")],
        )
        .await;
        let (amman, amman_ids) = group_with(
            &app,
            "JO-AM",
            "مجموعة عمّان",
            &[("علي", "chair", ""), ("ممثل الجمعية", "member", "ngo")],
        )
        .await;

        let planner = signed_in(&app, "planner").await;
        let (_, html) = get(&app, &planner, "/planning").await;
        assert!(
            html.contains("مجموعة إربد") && !html.contains("مجموعة عمّان"),
            "{html}"
        );
        assert_eq!(
            get(&app, &planner, &format!("/planning/{amman}")).await.0,
            404
        );
        let (status, _, _) = post(
            &app,
            &planner,
            &format!("/planning/{amman}/members/new"),
            &[("name", "x".into())],
        )
        .await;
        assert_eq!(status, 404);
        assert_eq!(
            get(&app, &planner, &format!("/planning/{irbid}")).await.0,
            200
        );

        // Irbid's secretary records in Irbid, and cannot even see Amman's group.
        let sec = signed_in(&app, "irbid-sec").await;
        assert_eq!(
            get(&app, &sec, &format!("/planning/{irbid}/meetings/new"))
                .await
                .0,
            200
        );
        let held = tadamun_store::now().date().to_string();
        let (status, _, _) = post(
            &app,
            &sec,
            &format!("/planning/{amman}/meetings/new"),
            &meeting_form(&held, &amman_ids, &amman_ids[0].to_string()),
        )
        .await;
        assert_eq!(status, 404);
        // Nor may they manage their own group's members.
        assert_eq!(
            get(&app, &sec, &format!("/planning/{irbid}/members/new"))
                .await
                .0,
            200
        );
        let (status, _, _) = post(
            &app,
            &sec,
            &format!("/planning/{irbid}/members/new"),
            &[
                ("name", "x".into()),
                ("kind", "directorate".into()),
                ("role", "member".into()),
                ("starts_on", "2025-01-01".into()),
            ],
        )
        .await;
        assert_eq!(status, 403);

        // A partner's staff member sees the one group they sit on, read-only.
        let ngo = signed_in(&app, "ngo").await;
        let (_, html) = get(&app, &ngo, "/planning").await;
        assert!(
            html.contains("مجموعة عمّان") && !html.contains("مجموعة إربد"),
            "{html}"
        );
        let (status, html) = get(&app, &ngo, &format!("/planning/{amman}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains("record-meeting-link"), "{html}");
        assert_eq!(get(&app, &ngo, &format!("/planning/{irbid}")).await.0, 404);
        assert_eq!(
            get(&app, &ngo, &format!("/planning/{amman}/meetings/new"))
                .await
                .0,
            403
        );
    })
    .await;
}

//! Planning across governorates: Nablus's secretary records only in Nablus's group
//! (also while sitting on Hebron's), a plain member records nowhere, and a planner of
//! Nablus sees and manages only Nablus's groups and indicators and no trainings.

use tadamun_domain::{access::BuiltinRole, ids::PlanningMemberId};
use tadamun_store::testing::{fixtures::system, on_both};

use super::{course_draft, group, palestine, session};
use crate::helpers::staff;

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

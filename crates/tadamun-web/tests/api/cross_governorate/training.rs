//! Training across governorates: a training manager of Nablus sees, enrols, marks
//! and reports on Nablus's sessions and staff only, is not offered Hebron for a session
//! and is refused it on the field; Hebron's manager sees the mirror image.

use tadamun_domain::access::BuiltinRole;
use tadamun_store::testing::{fixtures::system, on_both};

use super::{course_draft, palestine, session};
use crate::helpers::{field_error, staff};

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

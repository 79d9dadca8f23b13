//! From a course to certificates and the missing-training report, and the holder's
//! own view of their certificate.

use tadamun_domain::{
    access::BuiltinRole,
    audit::AuditAction,
    ids::{TrainingSessionId, UserId},
};
use tadamun_store::testing::{fixtures::system, on_both};

use super::{audited, course_through_form, session_through_form};
use crate::helpers::{spawn_app_with, staff};

#[tokio::test]
async fn a_manager_trains_staff_and_the_report_names_who_lacks_a_valid_certificate() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        let sys = system();
        let worker =
            |name: &'static str| staff(&app.store, name, &[BuiltinRole::CaseWorker], &["JO-IR"]);
        let cw_valid = worker("cw.valid").await;
        let cw_expired = worker("cw.expired").await;
        worker("cw.never").await;
        let reg_valid = staff(
            &app.store,
            "reg.valid",
            &[BuiltinRole::Registrar],
            &["JO-IR"],
        )
        .await;
        app.login_as_clerk().await;
        let clerk = &app.browser;

        let course = course_through_form(&app, "cm-101").await;
        let (status, html) = app.get_as(clerk, "/training").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("CM-101") && html.contains("إدارة الحالة"),
            "{html}"
        );
        assert!(
            html.contains("صالحة") && html.contains("شهرًا"),
            "valid for 12 months: {html}"
        );

        // One session two years ago (its certificates have expired), one today.
        let old = session_through_form(&app, course, "2020-01-06", "10").await;
        let today = tadamun_store::now().date();
        let recent = session_through_form(&app, course, &today.to_string(), "10").await;
        let (_, html) = app
            .get_as(clerk, &format!("/training/courses/{course}"))
            .await;
        assert!(
            html.contains(&format!("/training/sessions/{old}"))
                && html.contains(&format!("/training/sessions/{recent}")),
            "the course lists its sessions: {html}"
        );

        let steps = |session: TrainingSessionId, name: &'static str, user: UserId, on: String| {
            let app = &app;
            async move {
                let base = format!("/training/sessions/{session}");
                let (status, at, html) = app
                    .post_as(
                        &app.browser,
                        &format!("{base}/enrol"),
                        &[("username", name)],
                    )
                    .await;
                assert_eq!((status, at.as_str()), (200, base.as_str()), "{html}");
                assert!(html.contains(&format!("id=\"trainee-{name}\"")), "{html}");
                let user = user.to_string();
                let (status, _, html) = app
                    .post_as(
                        &app.browser,
                        &format!("{base}/attendance"),
                        &[("user", &user)],
                    )
                    .await;
                assert_eq!(status, 200, "{html}");
                let (status, _, html) = app
                    .post_as(
                        &app.browser,
                        &format!("{base}/complete"),
                        &[("user", &user), ("completed_on", &on)],
                    )
                    .await;
                assert_eq!(status, 200, "{html}");
                assert!(html.contains("/training/certificates/CM-101-"), "{html}");
            }
        };
        steps(old, "cw.expired", cw_expired, "2020-01-06".into()).await;
        steps(recent, "cw.valid", cw_valid, today.to_string()).await;
        steps(recent, "reg.valid", reg_valid, today.to_string()).await;
        assert_eq!(audited(&app, AuditAction::TrainingCompleted).await, 3);
        let (_, html) = app
            .get_as(clerk, &format!("/training/sessions/{recent}"))
            .await;
        assert!(
            html.contains("2 من 10 مقعدًا محجوزة") || html.contains("٢ من ١٠"),
            "{html}"
        );
        assert!(html.contains("أتمّ"), "{html}");

        // Required of case workers and registrars.
        for role in ["case_worker", "registrar"] {
            let (status, at, html) = app
                .post_as(
                    clerk,
                    "/training/requirements",
                    &[("role", role), ("course", &course.to_string())],
                )
                .await;
            assert_eq!(
                (status, at.as_str()),
                (200, "/training/requirements"),
                "{html}"
            );
        }
        let (_, html) = app.get_as(clerk, "/training/requirements").await;
        assert!(
            html.contains(&format!(
                "id=\"req-case_worker-{course}\" name=\"course\" value=\"{course}\" checked"
            )),
            "{html}"
        );

        let (status, html) = app.get_as(clerk, "/training/report").await;
        assert_eq!(status, 200);
        let report = &html[html.find("id=\"report\"").expect("a report table")..];
        let row = |name: &str| {
            report
                .split("<tr")
                .find(|r| r.contains(&format!("<bdi dir=\"ltr\">{name}</bdi>")))
                .map(str::to_owned)
        };
        let expired = row("cw.expired").expect("an expired certificate is missing");
        assert!(
            expired.contains("gap-expired") && expired.contains("انتهت في"),
            "{expired}"
        );
        let never = row("cw.never").expect("never taken is missing");
        assert!(
            never.contains("لم يأخذها قط") && never.contains("أخصائي حالة"),
            "{never}"
        );
        assert!(
            row("clerk").is_some(),
            "the clerk is a registrar without it"
        );
        assert!(
            row("cw.valid").is_none() && row("reg.valid").is_none(),
            "{report}"
        );

        let (_, html) = app.get_as(clerk, "/training/report?role=case_worker").await;
        assert!(
            html.contains("<bdi dir=\"ltr\">cw.never</bdi>")
                && !html.contains("<bdi dir=\"ltr\">clerk</bdi>"),
            "{html}"
        );
        let r = clerk
            .get(app.url("/training/report.csv?role=case_worker"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with("اسم المستخدم,الاسم"), "{csv}");
        assert!(
            csv.contains("cw.expired") && csv.contains("cw.never") && !csv.contains("cw.valid"),
            "{csv}"
        );
        assert!(
            !csv.contains('\u{2068}'),
            "no isolation marks in a spreadsheet: {csv}"
        );

        // The holder reaches their own trainings from the menu and prints the certificate.
        let number = app
            .store
            .session_enrolments(&sys, recent)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.username == "reg.valid")
            .and_then(|e| e.certificate)
            .expect("a certificate");
        let other = app.store.session_enrolments(&sys, old).await.unwrap()[0]
            .certificate
            .clone()
            .unwrap();
        let holder = app.browser_as("reg.valid", "/").await;
        let (_, home) = app.get_as(&holder, "/").await;
        assert!(home.contains("id=\"nav-training-mine\""), "{home}");
        assert_eq!(
            app.get_as(&holder, "/training").await.0,
            403,
            "no training.read"
        );
        let (status, html) = app.get_as(&holder, "/training/mine").await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&number) && html.contains("سارية حتى"),
            "{html}"
        );
        let (status, html) = app
            .get_as(&holder, &format!("/training/certificates/{number}"))
            .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("reg.valid") && html.contains("إدارة الحالة"),
            "{html}"
        );
        assert_eq!(
            app.get_as(&holder, &format!("/training/certificates/{other}"))
                .await
                .0,
            404,
            "another's certificate is not theirs to see"
        );
        let (_, html) = app
            .get_as(clerk, &format!("/training/certificates/{other}"))
            .await;
        assert!(
            html.contains("cw.expired"),
            "a national reader sees it: {html}"
        );
    })
    .await;
}

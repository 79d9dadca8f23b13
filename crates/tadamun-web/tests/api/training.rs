//! Staff training over the web, on SQLite and PostgreSQL: a manager adds a course,
//! schedules a session, enrols, marks attendance and completes trainees (issuing
//! certificates), requires the course of two roles and reads who is missing it (an
//! expired certificate counts as missing, a valid one does not); the holder finds the
//! certificate under their own trainings. Bad input through the real forms names its
//! field in Arabic and English and writes nothing.

use tadamun_domain::{
    access::BuiltinRole,
    audit::AuditAction,
    ids::{CourseId, TrainingSessionId, UserId},
};
use tadamun_store::{audit::AuditFilter, testing::fixtures::system, testing::on_both};

use crate::helpers::{TestApp, field_error, spawn_app_with, staff};

async fn audited(app: &TestApp, action: AuditAction) -> i64 {
    app.store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn course_form<'a>(code: &'a str, title_ar: &'a str, hours: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("title_ar", title_ar),
        ("title_en", "Case management"),
        ("description", "أساسيات إدارة الحالة"),
        ("hours", hours),
        ("validity_months", "12"),
    ]
}

fn session_form<'a>(starts: &'a str, ends: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("starts_on", starts),
        ("ends_on", ends),
        ("place", "قاعة مديرية إربد"),
        ("governorate", "JO-IR"),
        ("trainer", "ليلى حداد"),
        ("capacity", capacity),
    ]
}

/// Adds a course through the form as the clerk; its id.
async fn course_through_form(app: &TestApp, code: &str) -> CourseId {
    let (status, at, html) = app
        .post_as(
            &app.browser,
            "/training/courses/new",
            &course_form(code, "إدارة الحالة", "12"),
        )
        .await;
    assert_eq!(status, 200, "{html}");
    CourseId::parse(at.trim_start_matches("/training/courses/")).expect("the course page")
}

/// Schedules a session through the form as the clerk; its id.
async fn session_through_form(
    app: &TestApp,
    course: CourseId,
    starts: &str,
    capacity: &str,
) -> TrainingSessionId {
    let (status, at, html) = app
        .post_as(
            &app.browser,
            &format!("/training/courses/{course}/sessions/new"),
            &session_form(starts, starts, capacity),
        )
        .await;
    assert_eq!(status, 200, "{html}");
    TrainingSessionId::parse(at.trim_start_matches("/training/sessions/"))
        .expect("the session page")
}

/// The refusal a session page shows, as "field: error".
fn session_error(html: &str) -> String {
    let marker = "id=\"training-error\" role=\"alert\">";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no refusal shown: {html}"))
        + marker.len();
    html[start..].split("</p>").next().unwrap().to_owned()
}

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

#[tokio::test]
async fn bad_training_input_names_its_field_in_arabic_and_english_and_writes_nothing() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        let sys = system();
        let first = staff(
            &app.store,
            "trainee.one",
            &[BuiltinRole::Registrar],
            &["JO-IR"],
        )
        .await;
        let second = staff(
            &app.store,
            "trainee.two",
            &[BuiltinRole::Registrar],
            &["JO-IR"],
        )
        .await;
        app.login_as_clerk().await;
        let clerk = &app.browser;

        // The course form: every bad field named at once.
        let (status, _, html) = app
            .post_as(clerk, "/training/courses/new", &course_form("", "", ""))
            .await;
        assert_eq!(status, 422, "{html}");
        for field in ["code", "title_ar", "hours"] {
            assert_eq!(
                field_error(&html, field).as_deref(),
                Some("هذا الحقل مطلوب."),
                "{field}: {html}"
            );
        }
        let (status, _, html) = app
            .post_as(
                clerk,
                "/training/courses/new",
                &course_form("ح-1", "Case", "0"),
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            field_error(&html, "code").unwrap().contains("حرفًا لاتينيًا"),
            "{html}"
        );
        assert!(
            field_error(&html, "title_ar")
                .unwrap()
                .contains("بحروف عربية"),
            "{html}"
        );
        assert!(
            field_error(&html, "hours").unwrap().contains("عددًا صحيحًا"),
            "{html}"
        );
        assert!(
            html.contains("value=\"Case\""),
            "what was typed is kept: {html}"
        );
        assert!(
            app.store.list_courses(&sys).await.unwrap().is_empty(),
            "nothing half-written"
        );
        assert_eq!(audited(&app, AuditAction::TrainingCourseSaved).await, 0);

        let course = course_through_form(&app, "CM-101").await;
        let (status, _, html) = app
            .post_as(
                clerk,
                "/training/courses/new",
                &course_form("cm-101", "دورة أخرى", "6"),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            field_error(&html, "code").as_deref(),
            Some("لدورة أخرى هذا الرمز."),
            "{html}"
        );

        // Two edits from the same version: the second is refused, the first stands.
        let edit = format!("/training/courses/{course}/edit");
        let mut form = course_form("CM-101", "إدارة الحالة المتقدمة", "14");
        form.push(("version", "1"));
        assert_eq!(app.post_as(clerk, &edit, &form).await.0, 200);
        form[1].1 = "عنوان قديم";
        assert_eq!(
            app.post_as(clerk, &edit, &form).await.0,
            409,
            "edited meanwhile"
        );
        let stored = app.store.get_course(&sys, course).await.unwrap().unwrap();
        assert_eq!(
            (stored.version, stored.draft.title_ar.as_str()),
            (2, "إدارة الحالة المتقدمة")
        );

        // The session form.
        let new_session = format!("/training/courses/{course}/sessions/new");
        let (status, _, html) = app
            .post_as(
                clerk,
                &new_session,
                &session_form("2026-05-10", "2026-05-09", "0"),
            )
            .await;
        assert_eq!(status, 422, "{html}");
        assert_eq!(
            field_error(&html, "ends_on").as_deref(),
            Some("لا يمكن أن تنتهي الجلسة قبل أن تبدأ."),
            "{html}"
        );
        assert!(field_error(&html, "capacity").is_some(), "{html}");
        let mut elsewhere = session_form("2026-05-10", "2026-05-10", "5");
        elsewhere[3].1 = "PS-NBS";
        let (status, _, html) = app.post_as(clerk, &new_session, &elsewhere).await;
        assert_eq!(status, 422);
        assert_eq!(
            field_error(&html, "governorate").as_deref(),
            Some("المحافظة غير معروفة في هذا البلد."),
            "{html}"
        );
        assert!(
            app.store
                .list_training_sessions(&sys, None)
                .await
                .unwrap()
                .is_empty()
        );

        // The trainees of a session with one place.
        let session = session_through_form(&app, course, "2026-01-10", "1").await;
        let base = format!("/training/sessions/{session}");
        let enrol = format!("{base}/enrol");
        let (status, _, html) = app.post_as(clerk, &enrol, &[("username", " ")]).await;
        assert_eq!(status, 422);
        assert_eq!(session_error(&html), "اسم مستخدم المتدرّب: هذا الحقل مطلوب.");
        let (status, _, html) = app.post_as(clerk, &enrol, &[("username", "nobody")]).await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("لا يوجد موظف نشط بهذا الاسم في منطقتك"),
            "{html}"
        );
        assert_eq!(
            app.post_as(clerk, &enrol, &[("username", "trainee.one")])
                .await
                .0,
            200
        );
        let (status, _, html) = app
            .post_as(clerk, &enrol, &[("username", "trainee.one")])
            .await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("مسجَّل في الجلسة من قبل"),
            "{html}"
        );
        let (status, _, html) = app
            .post_as(clerk, &enrol, &[("username", "trainee.two")])
            .await;
        assert_eq!(status, 422);
        assert!(session_error(&html).contains("الجلسة ممتلئة"), "{html}");

        let one = first.to_string();
        let two = second.to_string();
        let (status, _, html) = app
            .post_as(clerk, &format!("{base}/attendance"), &[("user", &two)])
            .await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("غير مسجَّل في الجلسة"),
            "{html}"
        );
        let complete = format!("{base}/complete");
        let (status, _, html) = app
            .post_as(
                clerk,
                &complete,
                &[("user", &one), ("completed_on", "2026-01-10")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("سجّل حضور المتدرّب قبل الإتمام"),
            "{html}"
        );
        assert_eq!(
            app.post_as(clerk, &format!("{base}/attendance"), &[("user", &one)])
                .await
                .0,
            200
        );
        let (status, _, html) = app
            .post_as(
                clerk,
                &complete,
                &[("user", &one), ("completed_on", "2026-01-09")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(session_error(&html).starts_with("تاريخ الإتمام: "), "{html}");
        assert!(session_error(&html).contains("قبل بدء جلسته"), "{html}");
        let (status, _, html) = app
            .post_as(
                clerk,
                &complete,
                &[("user", &one), ("completed_on", "2026-02-30")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(session_error(&html).contains("التاريخ غير صحيح"), "{html}");
        let trainees = app.store.session_enrolments(&sys, session).await.unwrap();
        assert_eq!(trainees.len(), 1, "the refused enrolments wrote nothing");
        assert_eq!(
            trainees[0].certificate, None,
            "no certificate from a refused completion"
        );
        assert_eq!(audited(&app, AuditAction::TrainingCompleted).await, 0);

        // Required trainings: an unknown role or course is named, nothing changes.
        let c = course.to_string();
        let (status, _, html) = app
            .post_as(
                clerk,
                "/training/requirements",
                &[("role", "no_such_role"), ("course", &c)],
            )
            .await;
        assert_eq!(status, 422);
        assert!(html.contains("لا يوجد دور بهذا الرمز."), "{html}");
        let (status, _, html) = app
            .post_as(
                clerk,
                "/training/requirements",
                &[("role", "registrar"), ("course", "not-a-course")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(html.contains("لا توجد دورة كهذه."), "{html}");
        assert!(
            app.store
                .training_requirements(&sys)
                .await
                .unwrap()
                .is_empty()
        );

        // The same refusals in English.
        app.set_language("en").await;
        let (status, _, html) = app
            .post_as(clerk, "/training/courses/new", &course_form("", "", ""))
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            field_error(&html, "title_ar").as_deref(),
            Some("This field is required."),
            "{html}"
        );
        let (status, _, html) = app
            .post_as(
                clerk,
                &new_session,
                &session_form("2026-05-10", "2026-05-09", "5"),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            field_error(&html, "ends_on").as_deref(),
            Some("The session cannot end before it starts."),
            "{html}"
        );
        let (status, _, html) = app.post_as(clerk, &enrol, &[("username", "nobody")]).await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("No active staff user with this username in your area."),
            "{html}"
        );
        let (status, _, html) = app
            .post_as(clerk, &format!("{base}/attendance"), &[("user", &two)])
            .await;
        assert_eq!(status, 422);
        assert!(
            session_error(&html).contains("This user is not enrolled in the session."),
            "{html}"
        );
        let (status, _, html) = app
            .post_as(clerk, "/training/requirements", &[("role", "no_such_role")])
            .await;
        assert_eq!(status, 422);
        assert!(html.contains("No role has this code."), "{html}");
        assert_eq!(app.store.list_courses(&sys).await.unwrap().len(), 1);
        assert_eq!(
            app.store
                .list_training_sessions(&sys, None)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

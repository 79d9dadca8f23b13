//! Bad input through the real training forms: each refusal names its field in Arabic
//! and in English, and nothing is written.

use tadamun_domain::{access::BuiltinRole, audit::AuditAction};
use tadamun_store::testing::{fixtures::system, on_both};

use super::{
    audited, course_form, course_through_form, session_error, session_form, session_through_form,
};
use crate::helpers::{field_error, spawn_app_with, staff};

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

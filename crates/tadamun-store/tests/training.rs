//! Storage stories for staff training, each on SQLite and PostgreSQL: the course
//! catalogue, sessions and their trainees (capacity, attendance, completion issuing a
//! certificate), who sees which, and the missing-training report.

use std::collections::BTreeSet;

use tadamun_domain::{
    access::{Access, BuiltinRole},
    audit::AuditAction,
    ids::{CourseId, TrainingSessionId},
    training::{CourseDraft, EnrolmentStatus, Gap, RawCourse, RawSession},
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    testing::{fixtures::*, on_both},
    training::records::MissingFilter,
};
use time::macros::date;

fn field(e: StoreError) -> (String, &'static str) {
    match e {
        StoreError::Invalid(f) => (f.0[0].field.clone(), f.0[0].code),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, action: AuditAction) -> i64 {
    store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn course(code: &str, validity: &str) -> CourseDraft {
    RawCourse {
        code: code.into(),
        title_ar: "إدارة الحالة".into(),
        title_en: "Case management".into(),
        description: "".into(),
        hours: "12".into(),
        validity_months: validity.into(),
    }
    .parse()
    .unwrap()
}

async fn session_in(
    store: &Store,
    access: &Access,
    course: CourseId,
    governorate: &str,
    capacity: &str,
) -> TrainingSessionId {
    let draft = RawSession {
        starts_on: "2025-03-01".into(),
        ends_on: "2025-03-03".into(),
        place: "قاعة المديرية".into(),
        governorate: governorate.into(),
        trainer: "ليلى حداد".into(),
        capacity: capacity.into(),
    }
    .parse(&pack())
    .unwrap();
    store
        .create_training_session(access, course, &draft, tadamun_store::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_manager_keeps_the_catalogue_with_unique_codes_and_readers_only_read() {
    on_both(|store| async move {
        let manager = user_with(&store, "boss", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let id = store
            .create_course(&manager, &course("cm-101", "24"), tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .create_course(&manager, &course("CM-101", ""), tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("code".into(), "duplicate-course-code"));
        let c = store.get_course(&manager, id).await.unwrap().unwrap();
        assert_eq!(c.draft.code.as_str(), "CM-101");
        let mut edited = c.draft.clone();
        edited.hours = 16;
        store
            .update_course(&manager, id, c.version, &edited, tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .update_course(&manager, id, c.version, &edited, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "{e:?}");
        let list = store.list_courses(&manager).await.unwrap();
        assert_eq!(
            (list.len(), list[0].draft.hours, list[0].version),
            (1, 16, 2)
        );

        let auditor = user_with(&store, "auditor", &[BuiltinRole::Auditor], &[]).await;
        assert_eq!(store.list_courses(&auditor).await.unwrap().len(), 1);
        let e = store
            .create_course(&auditor, &course("X-1", ""), tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        let worker = user_with(&store, "worker", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        assert!(matches!(
            store.list_courses(&worker).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert_eq!(audited(&store, AuditAction::TrainingCourseSaved).await, 2);
    })
    .await;
}

#[tokio::test]
async fn enrolment_checks_capacity_attendance_comes_before_completion_and_completion_issues_a_certificate()
 {
    on_both(|store| async move {
        let sys = system();
        let cm = store
            .create_course(&sys, &course("CM-101", "12"), tadamun_store::now())
            .await
            .unwrap();
        let irbid = user_with(
            &store,
            "irbid-boss",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let amman = user_with(
            &store,
            "amman-boss",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-AM"],
        )
        .await;
        let w1 = user_with(&store, "worker1", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        let _w2 = user_with(&store, "worker2", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        let _far = user_with(
            &store,
            "amman-worker",
            &[BuiltinRole::CaseWorker],
            &["JO-AM"],
        )
        .await;
        let draft = RawSession {
            starts_on: "2025-03-01".into(),
            ends_on: "2025-03-01".into(),
            place: "x".into(),
            governorate: "JO-IR".into(),
            trainer: "y".into(),
            capacity: "1".into(),
        }
        .parse(&pack())
        .unwrap();
        let e = store
            .create_training_session(&amman, cm, &draft, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        let s = session_in(&store, &irbid, cm, "JO-IR", "1").await;
        assert!(
            store
                .get_training_session(&amman, s)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .list_training_sessions(&amman, None)
                .await
                .unwrap()
                .is_empty()
        );
        let e = store
            .enrol_trainee(&amman, s, "worker1", tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");

        let e = store
            .enrol_trainee(&irbid, s, "amman-worker", tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "unknown-trainee"));
        store
            .enrol_trainee(&irbid, s, "Worker1", tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .enrol_trainee(&irbid, s, "worker1", tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "already-enrolled"));
        let e = store
            .enrol_trainee(&irbid, s, "worker2", tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "session-full"));

        let w2_id = store
            .user_by_username("worker2")
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        let e = store
            .mark_attended(&irbid, s, w2_id, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "not-enrolled"));
        let w1_id = w1.user_id.unwrap();
        let e = store
            .complete_training(
                &irbid,
                s,
                w1_id,
                date!(2025 - 03 - 01),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "not-attended"));
        store
            .mark_attended(&irbid, s, w1_id, tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .complete_training(
                &irbid,
                s,
                w1_id,
                date!(2025 - 02 - 01),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("completed_on".into(), "completed-before-start"));
        let number = store
            .complete_training(
                &irbid,
                s,
                w1_id,
                date!(2025 - 03 - 01),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        assert!(number.starts_with("CM-101-2025-"), "{number}");

        let roster = store.session_enrolments(&irbid, s).await.unwrap();
        assert_eq!(roster.len(), 1);
        assert_eq!(roster[0].status, EnrolmentStatus::Completed);
        assert_eq!(roster[0].certificate.as_deref(), Some(number.as_str()));
        let listed = store
            .list_training_sessions(&irbid, Some(cm))
            .await
            .unwrap();
        assert_eq!((listed.len(), listed[0].enrolled), (1, 1));

        let mine = store.own_trainings(&w1).await.unwrap();
        assert_eq!(mine[0].expires_on, Some(date!(2026 - 03 - 01)));
        let cert = store.certificate(&w1, &number).await.unwrap().unwrap();
        assert_eq!((cert.username.as_str(), cert.hours), ("worker1", 12));
        assert!(
            store
                .certificate(&irbid, &number.to_lowercase())
                .await
                .unwrap()
                .is_some()
        );
        assert!(store.certificate(&amman, &number).await.unwrap().is_none());
        let other = user_with(&store, "worker3", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        assert!(store.certificate(&other, &number).await.unwrap().is_none());
        assert!(matches!(
            store.session_enrolments(&amman, s).await.unwrap_err(),
            StoreError::NotFound
        ));

        for action in [
            AuditAction::TrainingSessionSaved,
            AuditAction::TrainingEnrolled,
            AuditAction::TrainingAttendanceMarked,
            AuditAction::TrainingCompleted,
        ] {
            assert_eq!(audited(&store, action).await, 1, "{action:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_report_lists_required_courses_never_taken_or_expired_for_staff_in_scope() {
    on_both(|store| async move {
        let sys = system();
        let cm = store
            .create_course(&sys, &course("CM-101", "12"), tadamun_store::now())
            .await
            .unwrap();
        let psea = store
            .create_course(&sys, &course("PSEA", ""), tadamun_store::now())
            .await
            .unwrap();
        let irbid = user_with(
            &store,
            "irbid-boss",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let e = store
            .set_role_requirements(&irbid, "juggler", &BTreeSet::new(), tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("role".into(), "unknown-role"));
        store
            .set_role_requirements(
                &irbid,
                "case_worker",
                &[cm, psea].into(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        assert_eq!(store.training_requirements(&irbid).await.unwrap().len(), 2);
        let w1 = user_with(&store, "worker1", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        user_with(
            &store,
            "amman-worker",
            &[BuiltinRole::CaseWorker],
            &["JO-AM"],
        )
        .await;
        // worker1 took both in March 2025: CM-101 expired in March 2026, PSEA never does.
        for c in [cm, psea] {
            let s = session_in(&store, &irbid, c, "JO-IR", "10").await;
            store
                .enrol_trainee(&irbid, s, "worker1", tadamun_store::now())
                .await
                .unwrap();
            store
                .mark_attended(&irbid, s, w1.user_id.unwrap(), tadamun_store::now())
                .await
                .unwrap();
            store
                .complete_training(
                    &irbid,
                    s,
                    w1.user_id.unwrap(),
                    date!(2025 - 03 - 03),
                    tadamun_store::now(),
                )
                .await
                .unwrap();
        }
        let today = date!(2026 - 12 - 03);
        let report = store
            .missing_training_report(&irbid, &MissingFilter::default(), today)
            .await
            .unwrap();
        let rows: Vec<(&str, &str, Gap)> = report
            .iter()
            .map(|r| (r.username.as_str(), r.course_code.as_str(), r.gap))
            .collect();
        assert_eq!(
            rows,
            vec![("worker1", "CM-101", Gap::ExpiredOn(date!(2026 - 03 - 03)))]
        );
        assert_eq!(report[0].roles, vec!["case_worker".to_owned()]);

        let national = user_with(&store, "hq", &[BuiltinRole::Auditor], &[]).await;
        let all = store
            .missing_training_report(&national, &MissingFilter::default(), today)
            .await
            .unwrap();
        assert_eq!(all.len(), 3, "amman-worker lacks both, worker1 one");
        let amman = store
            .missing_training_report(
                &national,
                &MissingFilter {
                    governorate: Some("JO-AM".parse_gov()),
                    role: Some("case_worker".into()),
                },
                today,
            )
            .await
            .unwrap();
        assert!(
            amman
                .iter()
                .all(|r| r.username == "amman-worker" && r.gap == Gap::NeverTaken)
        );
        assert_eq!(amman.len(), 2);
        let none = store
            .missing_training_report(
                &national,
                &MissingFilter {
                    role: Some("auditor".into()),
                    ..Default::default()
                },
                today,
            )
            .await
            .unwrap();
        assert!(none.is_empty());
        assert_eq!(
            audited(&store, AuditAction::TrainingRequirementsChanged).await,
            1
        );
    })
    .await;
}

trait ParseGov {
    fn parse_gov(&self) -> tadamun_domain::area::GovernorateCode;
}

impl ParseGov for str {
    fn parse_gov(&self) -> tadamun_domain::area::GovernorateCode {
        tadamun_domain::area::GovernorateCode::parse(self).unwrap()
    }
}

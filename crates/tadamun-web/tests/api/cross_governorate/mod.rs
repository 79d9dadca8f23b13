//! Access across governorates over the web, on SQLite and PostgreSQL, in a Palestine
//! app with Nablus and Hebron: a partner's staff member of a Nablus organisation
//! cannot read or edit a Hebron one, nor change their own accreditation; Nablus's
//! secretary records only in Nablus's group, even while sitting on Hebron's; a planner
//! of Nablus sees and manages only Nablus's groups and indicators (and no trainings);
//! a training manager of Nablus sees and manages only Nablus's sessions and staff.

mod partners;
mod planning;
mod training;

use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    ids::{CourseId, PlanningGroupId, PlanningMemberId, TrainingSessionId},
    planning::{RawGroup, RawMember, RawTerm},
    training::{CourseDraft, RawCourse, RawSession},
};
use tadamun_store::{Store, testing::fixtures::system};

use crate::helpers::{TestApp, spawn_app_on};

/// The application for Palestine (its governorates are synced at start).
pub(super) async fn palestine(store: Store) -> TestApp {
    let mut app = spawn_app_on(store, |c| c.country = Country::Palestine).await;
    app.pack = CountryPack::builtin(Country::Palestine);
    app
}

/// A group in `governorate` made by the system, with `(name, role, username)` members.
pub(super) async fn group(
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

pub(super) fn course_draft() -> CourseDraft {
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

pub(super) async fn session(
    app: &TestApp,
    course: CourseId,
    governorate: &str,
) -> TrainingSessionId {
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

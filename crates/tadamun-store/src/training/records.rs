//! What training records read back: a user's own trainings, one certificate (for its
//! holder or a viewer whose scope holds them), and the missing-training report — for
//! the staff in the viewer's scope, each required course without a valid certificate.

use std::collections::{BTreeMap, BTreeSet};

use tadamun_domain::{
    access::{Access, Permission},
    area::GovernorateCode,
    ids::{CourseId, TrainingSessionId, UserId},
    training::{EnrolmentStatus, Gap, missing_trainings},
};
use time::Date;
use uuid::Uuid;

use super::{trainee_in_scope, viewer};
use crate::{access::require, backend::Store, db::args, error::Result, rows::corrupt};

/// One of a user's own enrolments, with the certificate it earned.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TraineeRecord {
    pub session: TrainingSessionId,
    pub course_code: String,
    pub course_title_ar: String,
    pub course_title_en: Option<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
    pub status: EnrolmentStatus,
    pub certificate: Option<String>,
    pub expires_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct TraineeRow {
    session_id: Uuid,
    code: String,
    title_ar: String,
    title_en: Option<String>,
    starts_on: Date,
    ends_on: Date,
    place: String,
    status: String,
    number: Option<String>,
    expires_on: Option<Date>,
}

/// A certificate as its printable page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Certificate {
    pub number: String,
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    /// The partner organisation (Arabic name) for a partner's staff member.
    pub organisation: Option<String>,
    pub course_code: String,
    pub course_title_ar: String,
    pub course_title_en: Option<String>,
    pub hours: i64,
    pub issued_on: Date,
    /// The first day it is no longer valid; `None` never expires.
    pub expires_on: Option<Date>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
    pub governorate_code: String,
    pub trainer: String,
}

/// Which staff the missing-training report covers.
#[derive(Debug, Clone, Default)]
pub struct MissingFilter {
    /// Only this role's requirements (and its holders).
    pub role: Option<String>,
    /// Only staff of this governorate (or of a partner with its head office there).
    pub governorate: Option<GovernorateCode>,
}

/// One required course one user lacks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissingTraining {
    pub user: UserId,
    pub username: String,
    pub display_name: String,
    pub governorates: Vec<String>,
    /// The user's roles that require the course.
    pub roles: Vec<String>,
    pub course: CourseId,
    pub course_code: String,
    pub course_title_ar: String,
    pub course_title_en: Option<String>,
    pub gap: Gap,
}

impl MissingTraining {
    pub fn course_title(&self, arabic: bool) -> &str {
        match (&self.course_title_en, arabic) {
            (Some(en), false) => en,
            _ => &self.course_title_ar,
        }
    }
}

macro_rules! certificate_select {
    () => {
        "select t.number, t.user_id, u.username, u.display_name, \
         (select o.name_ar from partner_users pu join organisations o on o.id = pu.organisation_id where pu.user_id = u.id) as organisation, \
         c.code as course_code, c.title_ar as course_title_ar, c.title_en as course_title_en, c.hours, t.issued_on, t.expires_on, \
         s.starts_on, s.ends_on, s.place, s.governorate_code, s.trainer \
         from training_certificates t join users u on u.id = t.user_id join training_courses c on c.id = t.course_id \
         join training_enrolments e on e.id = t.enrolment_id join training_sessions s on s.id = e.session_id "
    };
}

impl Store {
    /// The caller's own enrolments and certificates, newest first. Needs no
    /// permission: everyone sees their own.
    pub async fn own_trainings(&self, access: &Access) -> Result<Vec<TraineeRecord>> {
        let Some(user) = access.user_id else {
            return Ok(vec![]);
        };
        let rows: Vec<TraineeRow> = self
            .fetch_all(
                "select e.session_id, c.code, c.title_ar, c.title_en, s.starts_on, s.ends_on, s.place, e.status, t.number, t.expires_on \
                 from training_enrolments e join training_sessions s on s.id = e.session_id join training_courses c on c.id = s.course_id \
                 left join training_certificates t on t.enrolment_id = e.id where e.user_id = $1 order by s.starts_on desc, e.id",
                args![user.0],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(TraineeRecord {
                    session: TrainingSessionId(r.session_id),
                    course_code: r.code,
                    course_title_ar: r.title_ar,
                    course_title_en: r.title_en,
                    starts_on: r.starts_on,
                    ends_on: r.ends_on,
                    place: r.place,
                    status: EnrolmentStatus::parse(&r.status).map_err(|e| corrupt("status", e))?,
                    certificate: r.number,
                    expires_on: r.expires_on,
                })
            })
            .collect()
    }

    /// A certificate for its holder, or for a `training.read` viewer whose scope
    /// holds the trainee; `None` otherwise.
    pub async fn certificate(&self, access: &Access, number: &str) -> Result<Option<Certificate>> {
        let mut params = viewer(access);
        params.extend(args![
            number.trim().to_ascii_uppercase(),
            access.can(Permission::TrainingRead)
        ]);
        self.fetch_optional(
            concat!(
                certificate_select!(),
                "where t.number = $3 and (t.user_id = $2 or ($4 and ",
                trainee_in_scope!(),
                "))"
            ),
            params,
        )
        .await
    }

    /// For the active staff in the caller's scope (narrowed by the filter), every
    /// course their roles require that they hold no certificate valid on `today`
    /// for, by username then course code.
    #[tracing::instrument(skip_all)]
    pub async fn missing_training_report(
        &self,
        access: &Access,
        filter: &MissingFilter,
        today: Date,
    ) -> Result<Vec<MissingTraining>> {
        require(access, Permission::TrainingRead)?;
        let mut params = viewer(access);
        params.extend(args![filter.governorate.as_ref().map(|g| g.as_str())]);
        let users: Vec<(Uuid, String, String)> = self
            .fetch_all(
                concat!(
                    "select u.id, u.username, u.display_name from users u where u.active and ",
                    trainee_in_scope!(),
                    " and ($3 is null or exists (select 1 from user_governorates g where g.user_id = u.id and g.governorate_code = $3) \
                     or exists (select 1 from partner_users pu join organisations po on po.id = pu.organisation_id where pu.user_id = u.id and po.governorate_code = $3)) \
                     order by u.username"
                ),
                params,
            )
            .await?;
        let needs: Vec<(Uuid, String, Uuid)> = self
            .fetch_all(
                concat!(
                    "select u.id, ur.role_code, r.course_id from users u join user_roles ur on ur.user_id = u.id \
                     join training_requirements r on r.role_code = ur.role_code where u.active and ",
                    trainee_in_scope!(),
                ),
                viewer(access),
            )
            .await?;
        let held: Vec<(Uuid, Uuid, Option<Date>)> = self
            .fetch_all(
                concat!(
                    "select u.id, t.course_id, t.expires_on from users u join training_certificates t on t.user_id = u.id where u.active and ",
                    trainee_in_scope!(),
                ),
                viewer(access),
            )
            .await?;
        let home: Vec<(Uuid, String)> = self
            .fetch_all(
                "select user_id, governorate_code from user_governorates order by governorate_code",
                vec![],
            )
            .await?;
        let courses: BTreeMap<CourseId, (String, String, Option<String>)> = self
            .fetch_all::<(Uuid, String, String, Option<String>)>(
                "select id, code, title_ar, title_en from training_courses",
                vec![],
            )
            .await?
            .into_iter()
            .map(|(id, code, ar, en)| (CourseId(id), (code, ar, en)))
            .collect();

        let mut roles_for: BTreeMap<(Uuid, CourseId), Vec<String>> = BTreeMap::new();
        for (user, role, course) in needs {
            if filter.role.as_ref().is_none_or(|r| *r == role) {
                roles_for
                    .entry((user, CourseId(course)))
                    .or_default()
                    .push(role);
            }
        }
        let mut certificates: BTreeMap<Uuid, Vec<(CourseId, Option<Date>)>> = BTreeMap::new();
        for (user, course, expires) in held {
            certificates
                .entry(user)
                .or_default()
                .push((CourseId(course), expires));
        }
        let mut governorates: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
        for (user, g) in home {
            governorates.entry(user).or_default().push(g);
        }

        let mut report = Vec::new();
        for (user, username, display_name) in users {
            let required: BTreeSet<CourseId> = roles_for
                .range((user, CourseId(Uuid::nil()))..=(user, CourseId(Uuid::max())))
                .map(|((_, c), _)| *c)
                .collect();
            let held = certificates.get(&user).map(Vec::as_slice).unwrap_or(&[]);
            let mut gaps = missing_trainings(&required, held, today);
            gaps.sort_by(|a, b| courses.get(&a.0).cmp(&courses.get(&b.0)));
            for (course, gap) in gaps {
                let (code, ar, en) = courses.get(&course).cloned().unwrap_or_default();
                report.push(MissingTraining {
                    user: UserId(user),
                    username: username.clone(),
                    display_name: display_name.clone(),
                    governorates: governorates.get(&user).cloned().unwrap_or_default(),
                    roles: roles_for.get(&(user, course)).cloned().unwrap_or_default(),
                    course,
                    course_code: code,
                    course_title_ar: ar,
                    course_title_en: en,
                    gap,
                });
            }
        }
        Ok(report)
    }
}

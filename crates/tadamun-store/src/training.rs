//! Staff capacity building in storage: the course catalogue and the courses each role
//! must hold. `sessions` keeps sessions, enrolments, attendance and completion (which
//! issues a certificate); `records` reads certificates and the missing-training report.
//!
//! Visibility: the catalogue and the requirements are national (`training.read`).
//! A session belongs to a governorate: seen and managed inside the caller's scope. A
//! trainee is "in scope" when one of their governorates, or their partner
//! organisation's head office, is in the viewer's; every user sees their own records.

pub mod records;
pub mod sessions;

use std::collections::BTreeSet;

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    audit::AuditAction,
    ids::CourseId,
    training::{Course, CourseCode, CourseDraft, Requirement, Validity},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::require,
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// "User `u` is a trainee the viewer sees": `$1` national scope, `$2` viewer's user
/// id. Queries number their own parameters from `$3`.
macro_rules! trainee_in_scope {
    () => {
        "($1 or exists (select 1 from user_governorates tg join user_governorates vg on vg.governorate_code = tg.governorate_code \
         where tg.user_id = u.id and vg.user_id = $2) \
         or exists (select 1 from partner_users pu join organisations po on po.id = pu.organisation_id \
         join user_governorates vg on vg.governorate_code = po.governorate_code where pu.user_id = u.id and vg.user_id = $2))"
    };
}
pub(crate) use trainee_in_scope;

/// The two viewer parameters of [`trainee_in_scope!`] (and of session visibility).
pub(crate) fn viewer(access: &Access) -> Vec<crate::db::Arg> {
    args![
        access.is_system() || access.scope.is_national(),
        access.user_id.map(|u| u.0)
    ]
}

pub(crate) fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

fn code_clash(e: StoreError) -> StoreError {
    match e {
        StoreError::Duplicate { constraint } if constraint.contains("code") => invalid(
            "code",
            "duplicate-course-code",
            "another course has this code",
        ),
        other => other,
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CourseRow {
    id: Uuid,
    code: String,
    title_ar: String,
    title_en: Option<String>,
    description: String,
    hours: i64,
    validity_months: Option<i64>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

macro_rules! course_select {
    () => {
        "select id, code, title_ar, title_en, description, hours, validity_months, version, created_at, updated_at from training_courses"
    };
}

impl CourseRow {
    pub(crate) fn into_course(self) -> Result<Course> {
        Ok(Course {
            id: CourseId(self.id),
            draft: CourseDraft {
                code: CourseCode::parse(&self.code).map_err(|e| corrupt("code", e))?,
                title_ar: self.title_ar,
                title_en: self.title_en,
                description: self.description,
                hours: self.hours,
                validity: match self.validity_months {
                    None => Validity::NoExpiry,
                    Some(m) => Validity::Months(
                        u32::try_from(m).map_err(|e| corrupt("validity_months", e))?,
                    ),
                },
            },
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl Store {
    /// Adds a course to the catalogue. Needs `training.manage`; the code is unique.
    #[tracing::instrument(skip_all)]
    pub async fn create_course(
        &self,
        access: &Access,
        draft: &CourseDraft,
        now: OffsetDateTime,
    ) -> Result<CourseId> {
        require(access, Permission::TrainingManage)?;
        let id = CourseId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into training_courses (id, code, title_ar, title_en, description, hours, validity_months, version, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)",
            args![
                id.0,
                draft.code.as_str(),
                draft.title_ar.as_str(),
                draft.title_en.as_deref(),
                draft.description.as_str(),
                draft.hours,
                draft.validity.months(),
                now
            ],
        )
        .await
        .map_err(code_clash)?;
        let entry = access
            .audit(
                AuditAction::TrainingCourseSaved,
                "training_course",
                Some(id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made from `version`; `Conflict` if someone saved in between.
    /// Certificates already issued keep their expiry.
    #[tracing::instrument(skip_all, fields(course = %id))]
    pub async fn update_course(
        &self,
        access: &Access,
        id: CourseId,
        version: i64,
        draft: &CourseDraft,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::TrainingManage)?;
        let before = self
            .get_course(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update training_courses set code = $1, title_ar = $2, title_en = $3, description = $4, hours = $5, validity_months = $6, \
                 version = version + 1, updated_at = $7 where id = $8 and version = $9",
                args![
                    draft.code.as_str(),
                    draft.title_ar.as_str(),
                    draft.title_en.as_deref(),
                    draft.description.as_str(),
                    draft.hours,
                    draft.validity.months(),
                    now,
                    id.0,
                    version
                ],
            )
            .await
            .map_err(code_clash)?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        let entry = access
            .audit(
                AuditAction::TrainingCourseSaved,
                "training_course",
                Some(id.to_string()),
                now,
            )
            .with_change(Some(&before.draft), Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    pub async fn get_course(&self, access: &Access, id: CourseId) -> Result<Option<Course>> {
        require(access, Permission::TrainingRead)?;
        let row: Option<CourseRow> = self
            .fetch_optional(concat!(course_select!(), " where id = $1"), args![id.0])
            .await?;
        row.map(CourseRow::into_course).transpose()
    }

    /// The whole catalogue, by code (a ministry has tens of courses, not thousands).
    pub async fn list_courses(&self, access: &Access) -> Result<Vec<Course>> {
        require(access, Permission::TrainingRead)?;
        let rows: Vec<CourseRow> = self
            .fetch_all(concat!(course_select!(), " order by code"), vec![])
            .await?;
        rows.into_iter().map(CourseRow::into_course).collect()
    }

    /// Every role's required courses, by role then course code.
    pub async fn training_requirements(&self, access: &Access) -> Result<Vec<Requirement>> {
        require(access, Permission::TrainingRead)?;
        let rows: Vec<(String, Uuid)> = self
            .fetch_all(
                "select r.role_code, r.course_id from training_requirements r join training_courses c on c.id = r.course_id order by r.role_code, c.code",
                vec![],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(role_code, c)| Requirement {
                role_code,
                course: CourseId(c),
            })
            .collect())
    }

    /// Replaces the courses one role must hold. Needs `training.manage`; the role and
    /// every course must exist.
    #[tracing::instrument(skip_all, fields(role = role_code))]
    pub async fn set_role_requirements(
        &self,
        access: &Access,
        role_code: &str,
        courses: &BTreeSet<CourseId>,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::TrainingManage)?;
        let role: Option<(String,)> = self
            .fetch_optional("select code from roles where code = $1", args![role_code])
            .await?;
        if role.is_none() {
            return Err(invalid("role", "unknown-role", "no role has this code"));
        }
        let before: BTreeSet<CourseId> = self
            .fetch_all::<(Uuid,)>(
                "select course_id from training_requirements where role_code = $1",
                args![role_code],
            )
            .await?
            .into_iter()
            .map(|(c,)| CourseId(c))
            .collect();
        let mut tx = self.begin().await?;
        tx.execute(
            "delete from training_requirements where role_code = $1",
            args![role_code],
        )
        .await?;
        for course in courses {
            let found: Option<(Uuid,)> = tx
                .fetch_optional(
                    "select id from training_courses where id = $1",
                    args![course.0],
                )
                .await?;
            if found.is_none() {
                return Err(invalid("courses", "unknown-course", "no such course"));
            }
            tx.execute(
                "insert into training_requirements (role_code, course_id, created_at, updated_at) values ($1, $2, $3, $3)",
                args![role_code, course.0, now],
            )
            .await?;
        }
        let entry = access
            .audit(
                AuditAction::TrainingRequirementsChanged,
                "role",
                Some(role_code.to_owned()),
                now,
            )
            .with_change(Some(&before), Some(courses));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }
}

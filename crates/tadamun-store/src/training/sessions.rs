//! Training sessions and their trainees: a session belongs to a governorate and is
//! seen and managed inside the caller's scope. Enrolling checks the capacity;
//! attendance needs an enrolment; completion needs attendance and issues the
//! certificate, with its expiry from the course's validity, in the same transaction.

use tadamun_domain::{
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{CourseId, EnrolmentId, TrainingSessionId, UserId},
    training::{EnrolmentStatus, SessionDraft, certificate_expiry, certificate_number},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{invalid, trainee_in_scope, viewer};
use crate::{
    access::{require, require_scope},
    audit::append_audit,
    backend::Store,
    db::{Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// "Session `s` is in the viewer's scope": `$1` national, `$2` viewer's user id.
macro_rules! visible_session {
    () => {
        "($1 or s.governorate_code in (select vg.governorate_code from user_governorates vg where vg.user_id = $2))"
    };
}

/// A stored session with its course's code and titles and how many are enrolled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TrainingSession {
    pub id: TrainingSessionId,
    pub course: CourseId,
    pub course_code: String,
    pub course_title_ar: String,
    pub course_title_en: Option<String>,
    pub draft: SessionDraft,
    pub enrolled: i64,
}

impl TrainingSession {
    pub fn course_title(&self, arabic: bool) -> &str {
        match (&self.course_title_en, arabic) {
            (Some(en), false) => en,
            _ => &self.course_title_ar,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: Uuid,
    course_id: Uuid,
    code: String,
    title_ar: String,
    title_en: Option<String>,
    starts_on: Date,
    ends_on: Date,
    place: String,
    governorate_code: String,
    trainer: String,
    capacity: i64,
    enrolled: i64,
}

macro_rules! session_select {
    () => {
        "select s.id, s.course_id, c.code, c.title_ar, c.title_en, s.starts_on, s.ends_on, s.place, s.governorate_code, s.trainer, s.capacity, \
         (select count(*) from training_enrolments e where e.session_id = s.id) as enrolled \
         from training_sessions s join training_courses c on c.id = s.course_id where "
    };
}

impl SessionRow {
    fn into_session(self) -> Result<TrainingSession> {
        Ok(TrainingSession {
            id: TrainingSessionId(self.id),
            course: CourseId(self.course_id),
            course_code: self.code,
            course_title_ar: self.title_ar,
            course_title_en: self.title_en,
            draft: SessionDraft {
                starts_on: self.starts_on,
                ends_on: self.ends_on,
                place: self.place,
                governorate: GovernorateCode::parse(&self.governorate_code)
                    .map_err(|e| corrupt("governorate_code", e))?,
                trainer: self.trainer,
                capacity: self.capacity,
            },
            enrolled: self.enrolled,
        })
    }
}

/// One trainee of a session.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Enrolment {
    pub id: EnrolmentId,
    pub user: UserId,
    pub username: String,
    pub display_name: String,
    pub status: EnrolmentStatus,
    pub completed_on: Option<Date>,
    pub certificate: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    id: Uuid,
    user_id: Uuid,
    username: String,
    display_name: String,
    status: String,
    completed_on: Option<Date>,
    number: Option<String>,
}

impl Store {
    /// Schedules a session of a course. Needs `training.manage` and the session's
    /// governorate inside the caller's scope.
    #[tracing::instrument(skip_all, fields(course = %course))]
    pub async fn create_training_session(
        &self,
        access: &Access,
        course: CourseId,
        draft: &SessionDraft,
        now: OffsetDateTime,
    ) -> Result<TrainingSessionId> {
        require(access, Permission::TrainingManage)?;
        require_scope(access, &draft.governorate)?;
        if self.get_course(access, course).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let id = TrainingSessionId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into training_sessions (id, course_id, starts_on, ends_on, place, governorate_code, trainer, capacity, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
            args![
                id.0,
                course.0,
                draft.starts_on,
                draft.ends_on,
                draft.place.as_str(),
                draft.governorate.as_str(),
                draft.trainer.as_str(),
                draft.capacity,
                now
            ],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::TrainingSessionSaved,
                "training_session",
                Some(id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "course": course, "session": draft })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sessions in the caller's scope, newest first; of one course if given.
    pub async fn list_training_sessions(
        &self,
        access: &Access,
        course: Option<CourseId>,
    ) -> Result<Vec<TrainingSession>> {
        require(access, Permission::TrainingRead)?;
        let mut params = viewer(access);
        params.extend(args![course.map(|c| c.0)]);
        let rows: Vec<SessionRow> = self
            .fetch_all(
                concat!(
                    session_select!(),
                    visible_session!(),
                    " and ($3 is null or s.course_id = $3) order by s.starts_on desc, s.id"
                ),
                params,
            )
            .await?;
        rows.into_iter().map(SessionRow::into_session).collect()
    }

    /// A session in the caller's scope.
    pub async fn get_training_session(
        &self,
        access: &Access,
        id: TrainingSessionId,
    ) -> Result<Option<TrainingSession>> {
        require(access, Permission::TrainingRead)?;
        let mut params = viewer(access);
        params.extend(args![id.0]);
        let row: Option<SessionRow> = self
            .fetch_optional(
                concat!(session_select!(), visible_session!(), " and s.id = $3"),
                params,
            )
            .await?;
        row.map(SessionRow::into_session).transpose()
    }

    /// The trainees of a session in the caller's scope, by username.
    pub async fn session_enrolments(
        &self,
        access: &Access,
        id: TrainingSessionId,
    ) -> Result<Vec<Enrolment>> {
        if self.get_training_session(access, id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows: Vec<EnrolmentRow> = self
            .fetch_all(
                "select e.id, e.user_id, u.username, u.display_name, e.status, e.completed_on, t.number \
                 from training_enrolments e join users u on u.id = e.user_id \
                 left join training_certificates t on t.enrolment_id = e.id \
                 where e.session_id = $1 order by u.username",
                args![id.0],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Enrolment {
                    id: EnrolmentId(r.id),
                    user: UserId(r.user_id),
                    username: r.username,
                    display_name: r.display_name,
                    status: EnrolmentStatus::parse(&r.status).map_err(|e| corrupt("status", e))?,
                    completed_on: r.completed_on,
                    certificate: r.number,
                })
            })
            .collect()
    }

    /// The session if the caller may manage it: visible, `training.manage`, and its
    /// governorate inside their scope.
    async fn managed_session(
        &self,
        access: &Access,
        id: TrainingSessionId,
    ) -> Result<TrainingSession> {
        let session = self
            .get_training_session(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::TrainingManage)?;
        require_scope(access, &session.draft.governorate)?;
        Ok(session)
    }

    /// Enrols an active staff user (ministry or partner) in the caller's scope. Refused
    /// when the session is full or the user is enrolled already.
    #[tracing::instrument(skip_all, fields(session = %session))]
    pub async fn enrol_trainee(
        &self,
        access: &Access,
        session: TrainingSessionId,
        username: &str,
        now: OffsetDateTime,
    ) -> Result<EnrolmentId> {
        let s = self.managed_session(access, session).await?;
        let mut params = viewer(access);
        params.extend(args![username.trim().to_ascii_lowercase()]);
        let user: Option<(Uuid,)> = self
            .fetch_optional(
                concat!(
                    "select u.id from users u where u.username = $3 and u.active and ",
                    trainee_in_scope!()
                ),
                params,
            )
            .await?;
        let Some((user,)) = user else {
            return Err(invalid(
                "username",
                "unknown-trainee",
                "no active staff user of this name in your area",
            ));
        };
        let mut tx = self.begin().await?;
        lock_session(&mut tx, session, now).await?;
        let (enrolled,): (i64,) = tx
            .fetch_optional(
                "select count(*) from training_enrolments where session_id = $1",
                args![session.0],
            )
            .await?
            .unwrap_or((0,));
        let already: Option<(Uuid,)> = tx
            .fetch_optional(
                "select id from training_enrolments where session_id = $1 and user_id = $2",
                args![session.0, user],
            )
            .await?;
        if already.is_some() {
            return Err(invalid(
                "username",
                "already-enrolled",
                "this user is enrolled in the session already",
            ));
        }
        if enrolled >= s.draft.capacity {
            return Err(invalid(
                "username",
                "session-full",
                "the session is full: its capacity is reached",
            ));
        }
        let id = EnrolmentId::new();
        tx.execute(
            "insert into training_enrolments (id, session_id, user_id, status, created_at, updated_at) values ($1, $2, $3, 'enrolled', $4, $4)",
            args![id.0, session.0, user, now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::TrainingEnrolled,
                "training_session",
                Some(session.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "user": user, "username": username.trim() })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Marks that an enrolled trainee attended.
    #[tracing::instrument(skip_all, fields(session = %session))]
    pub async fn mark_attended(
        &self,
        access: &Access,
        session: TrainingSessionId,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.managed_session(access, session).await?;
        let mut tx = self.begin().await?;
        let (id, status) = enrolment(&mut tx, session, user).await?;
        let next = status.attend().map_err(|e| StoreError::Invalid(e.into()))?;
        step(&mut tx, id, status, next, None, now).await?;
        let entry = access
            .audit(
                AuditAction::TrainingAttendanceMarked,
                "training_session",
                Some(session.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({ "user": user, "status": status })),
                Some(&serde_json::json!({ "user": user, "status": next })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Completes an attended trainee's training on `completed_on` and issues the
    /// certificate; gives its number.
    #[tracing::instrument(skip_all, fields(session = %session))]
    pub async fn complete_training(
        &self,
        access: &Access,
        session: TrainingSessionId,
        user: UserId,
        completed_on: Date,
        now: OffsetDateTime,
    ) -> Result<String> {
        let s = self.managed_session(access, session).await?;
        if completed_on < s.draft.starts_on {
            return Err(invalid(
                "completed_on",
                "completed-before-start",
                "a training cannot be completed before its session starts",
            ));
        }
        let course = self
            .get_course(access, s.course)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut tx = self.begin().await?;
        let (id, status) = enrolment(&mut tx, session, user).await?;
        let next = status
            .complete()
            .map_err(|e| StoreError::Invalid(e.into()))?;
        step(&mut tx, id, status, next, Some(completed_on), now).await?;
        let number = certificate_number(&course.draft.code, completed_on, id.0);
        let expires_on = certificate_expiry(completed_on, course.draft.validity);
        tx.execute(
            "insert into training_certificates (id, number, enrolment_id, user_id, course_id, issued_on, expires_on, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            args![
                Uuid::now_v7(),
                number.as_str(),
                id.0,
                user.0,
                course.id.0,
                completed_on,
                expires_on,
                now
            ],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::TrainingCompleted,
                "training_session",
                Some(session.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "user": user, "certificate": number, "completed_on": completed_on, "expires_on": expires_on
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(number)
    }
}

/// Takes the session's row lock (PostgreSQL) so two enrolments cannot both see the
/// last free place; SQLite's single writer serialises them anyway.
async fn lock_session(tx: &mut Tx, session: TrainingSessionId, now: OffsetDateTime) -> Result<()> {
    let n = tx
        .execute(
            "update training_sessions set updated_at = $1 where id = $2",
            args![now, session.0],
        )
        .await?;
    if n != 1 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A trainee's enrolment in the session; someone not enrolled is a field error.
async fn enrolment(
    tx: &mut Tx,
    session: TrainingSessionId,
    user: UserId,
) -> Result<(EnrolmentId, EnrolmentStatus)> {
    let row: Option<(Uuid, String)> = tx
        .fetch_optional(
            "select id, status from training_enrolments where session_id = $1 and user_id = $2",
            args![session.0, user.0],
        )
        .await?;
    let Some((id, status)) = row else {
        return Err(invalid(
            "username",
            "not-enrolled",
            "this user is not enrolled in the session",
        ));
    };
    let status = EnrolmentStatus::parse(&status).map_err(|e| corrupt("status", e))?;
    Ok((EnrolmentId(id), status))
}

/// Moves an enrolment from `from` to `to`; `Conflict` if it moved meanwhile.
async fn step(
    tx: &mut Tx,
    id: EnrolmentId,
    from: EnrolmentStatus,
    to: EnrolmentStatus,
    completed_on: Option<Date>,
    now: OffsetDateTime,
) -> Result<()> {
    let n = tx
        .execute(
            "update training_enrolments set status = $1, completed_on = $2, updated_at = $3 where id = $4 and status = $5",
            args![to.as_str(), completed_on, now, id.0, from.as_str()],
        )
        .await?;
    if n != 1 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

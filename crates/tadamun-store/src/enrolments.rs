//! Programme rosters: a run's outcomes applied once to who the programme pays (the
//! rules are `tadamun_targeting::payments::enrolment::apply_run`), the waiting list in
//! rank order, each household's enrolment history, payee accounts, and who is due
//! for recertification.
//!
//! Applying a run writes its changes to `enrolment_changes` first and then updates the
//! roster from them set-wise, so a national run costs a few statements, not one per
//! household, and the history of every change stays.

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    access::{Access, Permission},
    audit::AuditAction,
    bank_account::BankAccount,
    ids::HouseholdId,
    money::Money,
};
use tadamun_targeting::{
    decision::Outcome,
    payments::enrolment::{Enrolment, RunOutcome, apply_run, recertification_due},
    programme::ProgrammeVersion,
};
use time::{Date, Duration, Month, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::{require, scoped_args, visible_household},
    audit::append_audit,
    backend::Store,
    bulk::BulkTable,
    db::args,
    error::{Result, StoreError},
    programmes::{invalid, require_coverage},
    rows::corrupt,
};

/// What applying one run did to its programme's roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnrolmentReport {
    pub programme_key: String,
    pub joined: i64,
    pub recertified: i64,
    pub left: i64,
    /// Enrolled households the run could not decide: kept as they were.
    pub held: i64,
    pub waiting: i64,
}

/// A roster line as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RosterLine {
    pub household_id: Uuid,
    pub programme_key: String,
    pub head_name: Option<String>,
    pub governorate_code: String,
    pub enrolled_on: Date,
    pub certified_on: Date,
    pub entitlement: i64,
    pub left_on: Option<Date>,
    pub left_outcome: Option<String>,
    pub payee_account: Option<String>,
}

/// A place on a waiting list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WaitingLine {
    pub household_id: Uuid,
    pub head_name: Option<String>,
    pub governorate_code: String,
    pub rank: i64,
}

/// A roster line due for recertification on `due_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLine {
    pub line: RosterLine,
    pub due_on: Date,
}

/// A programme's roster in figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RosterCounts {
    pub enrolled: i64,
    pub left: i64,
    pub waiting: i64,
    /// The enrolled households' entitlements per cycle.
    pub entitlement_per_cycle: Money,
}

#[derive(sqlx::FromRow)]
struct RunHead {
    programme_key: String,
    definition: String,
    kind: String,
    as_of: Date,
    enrolled_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

const CHANGE_COLUMNS: &[&str] = &[
    "run_id",
    "programme_key",
    "household_id",
    "change",
    "on_date",
    "entitlement",
    "left_outcome",
    "created_at",
    "updated_at",
];

const WAITING_COLUMNS: &[&str] = &[
    "programme_key",
    "household_id",
    "rank",
    "run_id",
    "created_at",
    "updated_at",
];

/// The head's name, for lists; `h` is the household.
macro_rules! head_name {
    () => {
        "(select p.given_name || ' ' || p.father_name || ' ' || p.family_name from persons p \
          where p.household_id = h.id and p.relationship = 'head' limit 1)"
    };
}

const ROSTER_SELECT: &str = concat!(
    "select e.household_id, e.programme_key, ",
    head_name!(),
    " as head_name, h.governorate_code, e.enrolled_on, e.certified_on, e.entitlement, e.left_on, e.left_outcome, e.payee_account \
     from enrolments e join households h on h.id = e.household_id"
);

impl Store {
    /// Applies a finished run's outcomes to its programme's roster and waiting list,
    /// once. A run older than one already applied is refused: its view of the
    /// registry is stale.
    #[tracing::instrument(skip_all, fields(run = %run_id))]
    pub async fn enrol_run(
        &self,
        access: &Access,
        run_id: Uuid,
        now: OffsetDateTime,
    ) -> Result<EnrolmentReport> {
        require(access, Permission::ProgrammeManage)?;
        let mut tx = self.begin().await?;
        let run: RunHead = tx
            .fetch_optional(
                "select v.programme_key, v.definition, r.kind, r.as_of, r.enrolled_at, r.created_at \
                 from decision_runs r join programme_versions v on v.id = r.programme_version_id where r.id = $1",
                args![run_id],
            )
            .await?
            .ok_or(StoreError::NotFound)?;
        let definition: ProgrammeVersion =
            serde_json::from_str(&run.definition).map_err(|e| corrupt("programme", e))?;
        require_coverage(access, &definition)?;
        let key = run.programme_key.as_str();
        if run.enrolled_at.is_some() {
            return Err(invalid(
                "run",
                "run-already-enrolled",
                "this run's outcomes are already on the roster",
            ));
        }
        let later: Option<(Uuid,)> = tx
            .fetch_optional(
                "select r.id from decision_runs r join programme_versions v on v.id = r.programme_version_id \
                 where v.programme_key = $1 and r.enrolled_at is not null and r.created_at > $2 limit 1",
                args![key, run.created_at],
            )
            .await?;
        if later.is_some() {
            return Err(invalid(
                "run",
                "run-superseded",
                "a later run of this programme is already on the roster; this one is out of date",
            ));
        }
        let current: Vec<(Uuid, Date, Date, i64)> = tx
            .fetch_all(
                "select household_id, enrolled_on, certified_on, entitlement from enrolments where programme_key = $1 and left_on is null",
                args![key],
            )
            .await?;
        let current: Vec<Enrolment> = current
            .into_iter()
            .map(|(h, enrolled_on, certified_on, entitlement)| Enrolment {
                household: HouseholdId(h),
                programme: key.to_owned(),
                enrolled_on,
                certified_on,
                entitlement: Money(entitlement),
            })
            .collect();
        let decided: Vec<(Uuid, String, Option<i64>, Option<i64>)> = tx
            .fetch_all(
                "select household_id, outcome, rank, entitlement from decisions where run_id = $1",
                args![run_id],
            )
            .await?;
        let outcomes = decided
            .into_iter()
            .map(|(h, outcome, rank, entitlement)| {
                Ok(RunOutcome {
                    household: HouseholdId(h),
                    as_of: run.as_of,
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| corrupt("decision outcome", &outcome))?,
                    rank: rank.map(|r| r as u32),
                    entitlement: entitlement.map(Money),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let update = apply_run(key, &current, &outcomes);

        let entitlement_of: std::collections::HashMap<HouseholdId, i64> = update
            .roster
            .iter()
            .map(|e| (e.household, e.entitlement.0))
            .collect();
        let mut changes = BulkTable::new("enrolment_changes", CHANGE_COLUMNS);
        let mut change = |h: HouseholdId, what: &str, left: Option<Outcome>| {
            changes.push(args![
                run_id,
                key,
                h.0,
                what,
                run.as_of,
                entitlement_of.get(&h).copied(),
                left.map(Outcome::as_str),
                now,
                now
            ]);
        };
        for &h in &update.joined {
            change(h, "joined", None);
        }
        for &h in &update.recertified {
            change(h, "recertified", None);
        }
        for l in &update.left {
            change(l.household, "left", Some(l.outcome));
        }
        for &h in &update.held {
            change(h, "held", None);
        }
        changes.write(&mut tx).await?;
        tx.execute(
            "insert into enrolments (programme_key, household_id, enrolled_on, certified_on, entitlement, run_id, created_at, updated_at) \
             select $2, c.household_id, c.on_date, c.on_date, c.entitlement, $1, $3, $3 from enrolment_changes c \
             where c.run_id = $1 and c.change = 'joined' \
             on conflict (programme_key, household_id) do update set enrolled_on = excluded.enrolled_on, \
             certified_on = excluded.certified_on, entitlement = excluded.entitlement, run_id = excluded.run_id, \
             left_on = null, left_outcome = null, updated_at = excluded.updated_at",
            args![run_id, key, now],
        )
        .await?;
        tx.execute(
            "update enrolments set certified_on = c.on_date, entitlement = c.entitlement, run_id = $1, updated_at = $3 \
             from enrolment_changes c where c.run_id = $1 and c.change = 'recertified' \
             and c.household_id = enrolments.household_id and enrolments.programme_key = $2",
            args![run_id, key, now],
        )
        .await?;
        tx.execute(
            "update enrolments set left_on = c.on_date, left_outcome = c.left_outcome, run_id = $1, updated_at = $3 \
             from enrolment_changes c where c.run_id = $1 and c.change = 'left' \
             and c.household_id = enrolments.household_id and enrolments.programme_key = $2",
            args![run_id, key, now],
        )
        .await?;
        // A registry run states the whole waiting list; a re-score only its households'.
        if run.kind == "registry" {
            tx.execute(
                "delete from waiting_list where programme_key = $1",
                args![key],
            )
            .await?;
        } else {
            tx.execute(
                "delete from waiting_list where programme_key = $1 and household_id in (select household_id from decisions where run_id = $2)",
                args![key, run_id],
            )
            .await?;
        }
        let mut waiting = BulkTable::new("waiting_list", WAITING_COLUMNS);
        for w in &update.waiting {
            waiting.push(args![
                key,
                w.household.0,
                i64::from(w.rank),
                run_id,
                now,
                now
            ]);
        }
        waiting.write(&mut tx).await?;
        tx.execute(
            "update decision_runs set enrolled_at = $1 where id = $2",
            args![now, run_id],
        )
        .await?;
        let report = EnrolmentReport {
            programme_key: key.to_owned(),
            joined: update.joined.len() as i64,
            recertified: update.recertified.len() as i64,
            left: update.left.len() as i64,
            held: update.held.len() as i64,
            waiting: update.waiting.len() as i64,
        };
        let entry = access
            .audit(
                AuditAction::RunEnrolled,
                "decision_run",
                Some(run_id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "programme": key,
                    "joined": report.joined,
                    "recertified": report.recertified,
                    "left": report.left,
                    "held": report.held,
                    "waiting": report.waiting,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn roster_counts(&self, access: &Access, key: &str) -> Result<RosterCounts> {
        require(access, Permission::ProgrammeRead)?;
        let (enrolled, left, total): (i64, i64, Option<i64>) = self
            .fetch_optional(
                "select coalesce(sum(case when left_on is null then 1 else 0 end), 0), \
                 coalesce(sum(case when left_on is null then 0 else 1 end), 0), \
                 cast(sum(case when left_on is null then entitlement else 0 end) as bigint) \
                 from enrolments where programme_key = $1",
                args![key],
            )
            .await?
            .unwrap_or((0, 0, None));
        let (waiting,): (i64,) = self
            .fetch_optional(
                "select count(*) from waiting_list where programme_key = $1",
                args![key],
            )
            .await?
            .unwrap_or((0,));
        Ok(RosterCounts {
            enrolled,
            left,
            waiting,
            entitlement_per_cycle: Money(total.unwrap_or(0)),
        })
    }

    /// Enrolled households of a programme that the caller may see, by household id.
    pub async fn roster_page(
        &self,
        access: &Access,
        key: &str,
        after: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<RosterLine>> {
        require(access, Permission::ProgrammeRead)?;
        self.fetch_all(
            AssertSqlSafe(format!(
                "{ROSTER_SELECT} where e.programme_key = $4 and e.left_on is null and ($5 is null or e.household_id > $5) and {} \
                 order by e.household_id limit $6",
                visible_household!()
            )),
            scoped_args(access, args![key, after.map(|h| h.0), limit]),
        )
        .await
    }

    /// A programme's waiting list in rank order, from after `after_rank`.
    pub async fn waiting_list_page(
        &self,
        access: &Access,
        key: &str,
        after_rank: Option<i64>,
        limit: i64,
    ) -> Result<Vec<WaitingLine>> {
        require(access, Permission::ProgrammeRead)?;
        self.fetch_all(
            AssertSqlSafe(format!(
                "select w.household_id, {} as head_name, h.governorate_code, w.rank from waiting_list w \
                 join households h on h.id = w.household_id \
                 where w.programme_key = $4 and ($5 is null or w.rank > $5) and {} order by w.rank limit $6",
                head_name!(),
                visible_household!()
            )),
            scoped_args(access, args![key, after_rank, limit]),
        )
        .await
    }

    /// Enrolled households whose recertification falls due on or before `on`, the
    /// longest overdue first; up to `limit`, after the line `after` (its certification
    /// date and household) when paging.
    pub async fn recertification_due(
        &self,
        access: &Access,
        key: &str,
        months: u32,
        on: Date,
        after: Option<(Date, HouseholdId)>,
        limit: i64,
    ) -> Result<Vec<DueLine>> {
        require(access, Permission::ProgrammeRead)?;
        // A superset by a few days (month ends clamp); the exact rule filters below, and
        // since due dates follow certification dates the page still ends in order.
        let bound = months_before(on, months) + Duration::days(3);
        let rows: Vec<RosterLine> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "{ROSTER_SELECT} where e.programme_key = $4 and e.left_on is null and e.certified_on <= $5 \
                     and ($6 is null or e.certified_on > $6 or (e.certified_on = $6 and e.household_id > $7)) and {} \
                     order by e.certified_on, e.household_id limit $8",
                    visible_household!()
                )),
                scoped_args(
                    access,
                    args![
                        key,
                        bound,
                        after.map(|a| a.0),
                        after.map(|a| a.1.0),
                        limit
                    ],
                ),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|line| {
                let due_on = recertification_due(
                    &Enrolment {
                        household: HouseholdId(line.household_id),
                        programme: line.programme_key.clone(),
                        enrolled_on: line.enrolled_on,
                        certified_on: line.certified_on,
                        entitlement: Money(line.entitlement),
                    },
                    months,
                );
                DueLine { line, due_on }
            })
            .take_while(|d| d.due_on <= on)
            .collect())
    }

    /// Every programme the household is or was enrolled in, if the caller may see it.
    pub async fn household_enrolments(
        &self,
        access: &Access,
        household: HouseholdId,
    ) -> Result<Vec<RosterLine>> {
        require(access, Permission::ProgrammeRead)?;
        self.fetch_all(
            AssertSqlSafe(format!(
                "{ROSTER_SELECT} where e.household_id = $4 and {} order by e.programme_key",
                visible_household!()
            )),
            scoped_args(access, args![household.0]),
        )
        .await
    }

    /// Records where a bank pays enrolled households, all or none: one unknown
    /// household or one outside the caller's area refuses the lot.
    pub async fn set_payee_accounts(
        &self,
        access: &Access,
        key: &str,
        accounts: &[(HouseholdId, BankAccount)],
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::PaymentManage)?;
        let mut tx = self.begin().await?;
        for (household, account) in accounts {
            let governorate: Option<(String,)> = tx
                .fetch_optional(
                    "select h.governorate_code from enrolments e join households h on h.id = e.household_id \
                     where e.programme_key = $1 and e.household_id = $2",
                    args![key, household.0],
                )
                .await?;
            let (governorate,) = governorate.ok_or(StoreError::NotFound)?;
            let code = tadamun_domain::area::GovernorateCode::parse(&governorate)
                .map_err(|e| corrupt("governorate", e))?;
            crate::access::require_scope(access, &code)?;
            tx.execute(
                "update enrolments set payee_account = $1, updated_at = $2 where programme_key = $3 and household_id = $4",
                args![account.as_str(), now, key, household.0],
            )
            .await?;
            // The account number itself stays out of the audit log.
            let entry = access
                .audit(
                    AuditAction::PayeeAccountSet,
                    "household",
                    Some(household.0.to_string()),
                    now,
                )
                .with_change(None::<&()>, Some(&serde_json::json!({ "programme": key })));
            append_audit(&mut tx, &entry).await?;
        }
        tx.commit().await
    }
}

/// The same day `months` earlier, clamped to the month's end.
fn months_before(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 - i64::from(months);
    let year = index.div_euclid(12) as i32;
    let month = Month::try_from(index.rem_euclid(12) as u8 + 1).expect("1..=12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("day clamped to the month")
}

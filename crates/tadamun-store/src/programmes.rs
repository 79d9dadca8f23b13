//! Programmes' storage: versioned definitions (a version that produced decisions is
//! frozen), the runs that scored the registry, and their decision records.
//!
//! A run and all its decisions are written in one transaction, so a run is whole or
//! absent. Scoring reads every household the programme covers, restricted ones too:
//! leaving a protection case out of targeting would deny it the benefit. Reading a
//! decision back follows the household's visibility like every other household read.

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::HouseholdId,
    money::Money,
};
use tadamun_targeting::{
    assess::Applicant,
    decision::{DecisionRecord, Outcome},
    programme::{ProgrammeVersion, VersionState},
    stored::{self, EncodedDecision},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::{require, scoped_args, visible_household},
    audit::append_audit,
    backend::Store,
    bulk::BulkTable,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// A stored programme version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProgramme {
    pub id: Uuid,
    pub definition: ProgrammeVersion,
    pub state: VersionState,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ProgrammeRow {
    id: Uuid,
    definition: String,
    state: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl ProgrammeRow {
    fn into_stored(self) -> Result<StoredProgramme> {
        Ok(StoredProgramme {
            id: self.id,
            definition: serde_json::from_str(&self.definition)
                .map_err(|e| corrupt("programme definition", e))?,
            state: match self.state.as_str() {
                "frozen" => VersionState::Frozen,
                _ => VersionState::Draft,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const PROGRAMME_COLUMNS: &str = "id, definition, state, created_at, updated_at";

/// What a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Every household the programme covers.
    Registry,
    /// One household again, after its data was corrected; its earlier decision stays.
    Rescore,
}

impl RunKind {
    fn as_str(self) -> &'static str {
        match self {
            RunKind::Registry => "registry",
            RunKind::Rescore => "rescore",
        }
    }
}

/// A run as lists show it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DecisionRun {
    pub id: Uuid,
    pub programme_version_id: Uuid,
    pub kind: String,
    pub as_of: Date,
    pub households: i64,
    pub eligible: i64,
    pub waiting_list: i64,
    pub not_eligible: i64,
    pub not_decidable: i64,
    pub total_entitlement: i64,
    pub marginal_score: Option<f64>,
    /// When its outcomes were applied to the programme's roster, if they were.
    pub enrolled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

pub(crate) const RUN_COLUMNS: &str = "id, programme_version_id, kind, as_of, households, eligible, waiting_list, not_eligible, not_decidable, total_entitlement, marginal_score, enrolled_at, created_at";

/// What a decision record keeps beyond its indexed columns: stored compactly
/// ([`tadamun_targeting::stored`]) and read back in full under its frozen version.
pub use tadamun_targeting::stored::DecisionDetail;

/// A decision as read back, with its programme version's names.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDecision {
    pub id: Uuid,
    pub run_id: Uuid,
    pub household_id: HouseholdId,
    pub programme_key: String,
    pub programme_version: u32,
    pub programme_name_ar: String,
    pub programme_name_en: String,
    pub illustrative: bool,
    pub as_of: Date,
    pub outcome: Outcome,
    pub rank: Option<u32>,
    pub predicted: Option<f64>,
    pub entitlement: Option<Money>,
    pub detail: DecisionDetail,
    pub supersedes: Option<Uuid>,
    pub letter_issued_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: Uuid,
    run_id: Uuid,
    household_id: Uuid,
    definition: String,
    as_of: Date,
    outcome: String,
    rank: Option<i64>,
    predicted: Option<f64>,
    entitlement: Option<i64>,
    record: String,
    supersedes: Option<Uuid>,
    letter_issued_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

impl DecisionRow {
    fn into_stored(self) -> Result<StoredDecision> {
        let id = self.id;
        let bad =
            |what: &str, e: &dyn std::fmt::Display| corrupt(&format!("decision {id} {what}"), e);
        let definition: ProgrammeVersion =
            serde_json::from_str(&self.definition).map_err(|e| bad("programme", &e))?;
        let outcome = Outcome::parse(&self.outcome).ok_or_else(|| bad("outcome", &self.outcome))?;
        let entitlement = self.entitlement.map(Money);
        let columns = stored::Columns {
            outcome,
            predicted: self.predicted,
            entitlement,
        };
        let detail =
            stored::decode(&self.record, &definition, columns).map_err(|e| bad("record", &e))?;
        Ok(StoredDecision {
            id: self.id,
            run_id: self.run_id,
            household_id: HouseholdId(self.household_id),
            programme_key: definition.key,
            programme_version: definition.version,
            programme_name_ar: definition.name_ar,
            programme_name_en: definition.name_en,
            illustrative: definition.illustrative,
            as_of: self.as_of,
            outcome,
            rank: self.rank.map(|r| r as u32),
            predicted: self.predicted,
            entitlement,
            detail,
            supersedes: self.supersedes,
            letter_issued_at: self.letter_issued_at,
            created_at: self.created_at,
        })
    }
}

const DECISION_SELECT: &str = "select d.id, d.run_id, d.household_id, v.definition, r.as_of, d.outcome, d.rank, d.predicted, d.entitlement, d.record, d.supersedes, d.letter_issued_at, d.created_at \
     from decisions d join decision_runs r on r.id = d.run_id join programme_versions v on v.id = r.programme_version_id \
     join households h on h.id = d.household_id";

pub(crate) fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(FieldErrors(vec![FieldError::new(field, code, message)]))
}

/// Refuses a run by someone whose area does not cover the whole programme.
pub(crate) fn require_coverage(access: &Access, definition: &ProgrammeVersion) -> Result<()> {
    if definition.coverage.is_empty() {
        if !access.scope.is_national() && !access.is_system() {
            return Err(StoreError::Forbidden(
                "a national programme is run by national staff".into(),
            ));
        }
        return Ok(());
    }
    for g in &definition.coverage {
        let code = GovernorateCode::parse(g).map_err(|_| invalid("coverage", "unknown", g))?;
        if !access.covers(&code) {
            return Err(StoreError::Forbidden(format!(
                "governorate {g} of the programme is outside your area"
            )));
        }
    }
    Ok(())
}

impl Store {
    /// Saves a checked programme version as a draft, or replaces a draft of the same
    /// key and version. A frozen version is refused with `Conflict`: make a new version.
    #[tracing::instrument(skip_all, fields(key = %definition.key, version = definition.version))]
    pub async fn save_programme_version(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        self.save_version(access, definition, now, false).await
    }

    /// Saves a checked definition as a new draft version that must directly follow the
    /// newest stored version of its key (or be version 1 of a new key). Unlike
    /// [`Store::save_programme_version`] it never replaces anything: if someone saved
    /// that version number meanwhile, or a newer one, it is a `Conflict`.
    #[tracing::instrument(skip_all, fields(key = %definition.key, version = definition.version))]
    pub async fn add_programme_version(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        match self.save_version(access, definition, now, true).await {
            // Two planners saving the same next version at once: the second loses.
            Err(StoreError::Duplicate { .. }) => Err(StoreError::Conflict),
            other => other,
        }
    }

    async fn save_version(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        now: OffsetDateTime,
        only_next: bool,
    ) -> Result<Uuid> {
        require(access, Permission::ProgrammeManage)?;
        let json =
            serde_json::to_string(definition).map_err(|e| corrupt("programme definition", e))?;
        let mut tx = self.begin().await?;
        if only_next {
            let newest: Option<(Option<i64>,)> = tx
                .fetch_optional(
                    "select cast(max(version) as bigint) from programme_versions where programme_key = $1",
                    args![&definition.key],
                )
                .await?;
            let newest = newest.and_then(|(v,)| v).unwrap_or(0);
            if newest + 1 != i64::from(definition.version) {
                return Err(StoreError::Conflict);
            }
        }
        let existing: Option<(Uuid, String)> = tx
            .fetch_optional(
                "select id, state from programme_versions where programme_key = $1 and version = $2",
                args![&definition.key, i64::from(definition.version)],
            )
            .await?;
        let id = match existing {
            Some((_, state)) if state == "frozen" => return Err(StoreError::Conflict),
            Some((id, _)) => {
                tx.execute(
                    "update programme_versions set definition = $1, name_ar = $2, name_en = $3, illustrative = $4, updated_at = $5 where id = $6 and state = 'draft'",
                    args![json, &definition.name_ar, &definition.name_en, definition.illustrative, now, id],
                )
                .await?;
                id
            }
            None => {
                let id = Uuid::now_v7();
                tx.execute(
                    "insert into programme_versions (id, programme_key, version, name_ar, name_en, illustrative, definition, state, created_by, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9)",
                    args![
                        id,
                        &definition.key,
                        i64::from(definition.version),
                        &definition.name_ar,
                        &definition.name_en,
                        definition.illustrative,
                        json,
                        access.user_id.map(|u| u.0),
                        now
                    ],
                )
                .await?;
                id
            }
        };
        let entry = access
            .audit(
                AuditAction::ProgrammeSaved,
                "programme_version",
                Some(id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "key": definition.key, "version": definition.version })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every version of every programme, by key then newest version first.
    pub async fn programme_versions(&self, access: &Access) -> Result<Vec<StoredProgramme>> {
        require(access, Permission::ProgrammeRead)?;
        let rows: Vec<ProgrammeRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "select {PROGRAMME_COLUMNS} from programme_versions order by programme_key, version desc"
                )),
                vec![],
            )
            .await?;
        rows.into_iter().map(ProgrammeRow::into_stored).collect()
    }

    /// One version of a programme; the newest when `version` is `None`.
    pub async fn programme_version(
        &self,
        access: &Access,
        key: &str,
        version: Option<u32>,
    ) -> Result<StoredProgramme> {
        require(access, Permission::ProgrammeRead)?;
        let row: Option<ProgrammeRow> = self
            .fetch_optional(
                AssertSqlSafe(format!(
                    "select {PROGRAMME_COLUMNS} from programme_versions where programme_key = $1 and ($2 is null or version = $2) order by version desc limit 1"
                )),
                args![key, version.map(i64::from)],
            )
            .await?;
        row.ok_or(StoreError::NotFound)?.into_stored()
    }

    /// Up to `limit` active households after `after` (by id) that a run of
    /// `definition` scores: those in its coverage, restricted ones included, as
    /// scoring reads them (no names, documents or contacts). Needs `programme.manage`
    /// and an area covering the programme.
    /// `until` (inclusive) ends a range at one of [`Store::scoring_split_points`].
    pub async fn applicants_page(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        after: Option<HouseholdId>,
        until: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<Applicant>> {
        require(access, Permission::ProgrammeManage)?;
        require_coverage(access, definition)?;
        self.scoring_page(definition, after, until, limit).await
    }

    /// Ids that split the households a run of `definition` scores into `parts` ranges
    /// of about equal size, so a national read can use every core. Reveals only ids:
    /// needs `programme.read` and an area covering the programme.
    pub async fn scoring_split_points(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        parts: usize,
    ) -> Result<Vec<HouseholdId>> {
        require(access, Permission::ProgrammeRead)?;
        require_coverage(access, definition)?;
        self.split_points(definition, parts).await
    }

    /// Opens a run of a stored version. Its decisions are written with
    /// [`RunWriter::write`] and the run exists only once [`RunWriter::finish`] commits.
    pub async fn begin_decision_run(
        &self,
        access: &Access,
        programme: &StoredProgramme,
        kind: RunKind,
        as_of: Date,
        now: OffsetDateTime,
    ) -> Result<RunWriter> {
        require(access, Permission::ProgrammeManage)?;
        require_coverage(access, &programme.definition)?;
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into decision_runs (id, programme_version_id, kind, as_of, households, eligible, waiting_list, not_eligible, not_decidable, total_entitlement, run_by, created_at, updated_at) \
             values ($1, $2, $3, $4, 0, 0, 0, 0, 0, 0, $5, $6, $6)",
            args![id, programme.id, kind.as_str(), as_of, access.user_id.map(|u| u.0), now],
        )
        .await?;
        Ok(RunWriter {
            tx,
            id,
            version_id: programme.id,
            access: access.clone(),
            now,
            totals: RunTotals::default(),
        })
    }

    /// The runs of a programme's versions, newest first.
    pub async fn decision_runs(&self, access: &Access, key: &str) -> Result<Vec<DecisionRun>> {
        require(access, Permission::ProgrammeRead)?;
        self.fetch_all(
            AssertSqlSafe(format!(
                "select {RUN_COLUMNS} from decision_runs where programme_version_id in (select v.id from programme_versions v where v.programme_key = $1) order by created_at desc, id desc"
            )),
            args![key],
        )
        .await
    }

    pub async fn decision_run(&self, access: &Access, id: Uuid) -> Result<DecisionRun> {
        require(access, Permission::ProgrammeRead)?;
        self.fetch_optional(
            AssertSqlSafe(format!(
                "select {RUN_COLUMNS} from decision_runs where id = $1"
            )),
            args![id],
        )
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Every decision about a household the caller may see, newest first.
    pub async fn household_decisions(
        &self,
        access: &Access,
        household: HouseholdId,
    ) -> Result<Vec<StoredDecision>> {
        let rows: Vec<DecisionRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "{DECISION_SELECT} where d.household_id = $4 and {} order by d.created_at desc, d.id desc",
                    visible_household!()
                )),
                scoped_args(access, args![household.0]),
            )
            .await?;
        rows.into_iter().map(DecisionRow::into_stored).collect()
    }

    /// One decision, if the caller may see its household.
    pub async fn decision(&self, access: &Access, id: Uuid) -> Result<StoredDecision> {
        let row: Option<DecisionRow> = self
            .fetch_optional(
                AssertSqlSafe(format!(
                    "{DECISION_SELECT} where d.id = $4 and {}",
                    visible_household!()
                )),
                scoped_args(access, args![id]),
            )
            .await?;
        row.ok_or(StoreError::NotFound)?.into_stored()
    }

    /// A run's decisions with `outcome`, in rank order (then id), `limit` after the
    /// cursor, among the households the caller may see.
    pub async fn run_decisions_page(
        &self,
        access: &Access,
        run: Uuid,
        outcome: Outcome,
        after: Option<RankCursor>,
        limit: i64,
    ) -> Result<Vec<StoredDecision>> {
        require(access, Permission::ProgrammeRead)?;
        let (rank, id) = after.map_or((-1, Uuid::nil()), |c| (c.rank, c.id));
        let rows: Vec<DecisionRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "{DECISION_SELECT} where d.run_id = $4 and d.outcome = $5 and (coalesce(d.rank, 0) > $6 or (coalesce(d.rank, 0) = $6 and d.id > $7)) and {} \
                     order by coalesce(d.rank, 0), d.id limit $8",
                    visible_household!()
                )),
                scoped_args(
                    access,
                    args![run, outcome.as_str(), rank, id, limit.clamp(1, 500)],
                ),
            )
            .await?;
        rows.into_iter().map(DecisionRow::into_stored).collect()
    }

    /// Records that a letter was printed for a decision, with the SHA-256 of the code
    /// printed on it (an earlier letter's code stops working).
    pub async fn issue_decision_letter(
        &self,
        access: &Access,
        id: Uuid,
        code_sha256: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::HouseholdRead)?;
        let decision = self.decision(access, id).await?;
        let mut tx = self.begin().await?;
        tx.execute(
            "update decisions set letter_code_sha256 = $1, letter_issued_at = $2, updated_at = $2 where id = $3",
            args![code_sha256, now, id],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::DecisionLetterIssued,
                "decision",
                Some(id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "household": decision.household_id })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }
}

impl Store {
    /// The citizen's lookup: the household holding document `number` whose letter
    /// carried the code hashed as `code_sha256`, and that household's latest decision
    /// in the same programme (a later re-score shows with the old letter's code).
    /// No scope: the two factors are the authority. `None` when nothing matches.
    pub(crate) async fn lookup_decision(
        &self,
        number: &str,
        code_sha256: &str,
    ) -> Result<Option<StoredDecision>> {
        let lettered: Option<(Uuid, Uuid, String)> = self
            .fetch_optional(
                "select d.household_id, d.id, v.programme_key from decisions d \
                 join decision_runs r on r.id = d.run_id join programme_versions v on v.id = r.programme_version_id \
                 where d.letter_code_sha256 = $1 and d.household_id in \
                 (select p.household_id from person_documents pd join persons p on p.id = pd.person_id where pd.number = $2 and p.deleted_at is null) \
                 limit 1",
                args![code_sha256, number],
            )
            .await?;
        let Some((household, _, key)) = lettered else {
            return Ok(None);
        };
        let row: Option<DecisionRow> = self
            .fetch_optional(
                AssertSqlSafe(format!(
                    "{DECISION_SELECT} where d.household_id = $1 and v.programme_key = $2 order by d.created_at desc, d.id desc limit 1"
                )),
                args![household, key],
            )
            .await?;
        row.map(DecisionRow::into_stored).transpose()
    }
}

/// Where the next page of a run's decisions starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankCursor {
    pub rank: i64,
    pub id: Uuid,
}

impl RankCursor {
    pub fn after(d: &StoredDecision) -> Self {
        RankCursor {
            rank: d.rank.map_or(0, i64::from),
            id: d.id,
        }
    }
}

/// Counts a run keeps as its decisions are written.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunTotals {
    pub households: i64,
    pub eligible: i64,
    pub waiting_list: i64,
    pub not_eligible: i64,
    pub not_decidable: i64,
    pub total_entitlement: i64,
}

/// An open run: decisions go in with `write`, and nothing is visible until `finish`.
/// Dropping it rolls the whole run back.
pub struct RunWriter {
    tx: Tx,
    id: Uuid,
    version_id: Uuid,
    access: Access,
    now: OffsetDateTime,
    totals: RunTotals,
}

const DECISION_COLUMNS: &[&str] = &[
    "id",
    "run_id",
    "household_id",
    "outcome",
    "rank",
    "predicted",
    "entitlement",
    "record",
    "supersedes",
    "created_at",
    "updated_at",
];

impl RunWriter {
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Writes a chunk of decision records. `supersedes` names, by household, the
    /// decision a re-score replaces.
    pub async fn write(
        &mut self,
        records: &[DecisionRecord],
        supersedes: impl Fn(HouseholdId) -> Option<Uuid>,
    ) -> Result<()> {
        let encoded: Vec<EncodedDecision> = records.iter().map(EncodedDecision::of).collect();
        self.write_encoded(encoded, supersedes).await
    }

    /// Writes a chunk of records already in their stored form (encoded on the scoring
    /// threads, as a national run does).
    pub async fn write_encoded(
        &mut self,
        records: Vec<EncodedDecision>,
        supersedes: impl Fn(HouseholdId) -> Option<Uuid>,
    ) -> Result<()> {
        if matches!(self.tx, Tx::Postgres(_)) {
            self.check_households(&records).await?;
        }
        let mut table = BulkTable::new("decisions", DECISION_COLUMNS);
        for r in records {
            let t = &mut self.totals;
            t.households += 1;
            match r.outcome {
                Outcome::Eligible => t.eligible += 1,
                Outcome::WaitingList => t.waiting_list += 1,
                Outcome::NotEligible => t.not_eligible += 1,
                Outcome::NotDecidable => t.not_decidable += 1,
            }
            t.total_entitlement += r.entitlement.map_or(0, |m| m.0);
            table.push(args![
                Uuid::now_v7(),
                self.id,
                r.household.0,
                r.outcome.as_str(),
                r.rank.map(i64::from),
                Arg::Float(r.predicted),
                r.entitlement.map(|m| m.0),
                r.record,
                supersedes(r.household),
                self.now,
                self.now
            ]);
        }
        table.write(&mut self.tx).await
    }

    /// PostgreSQL has no per-row foreign key from decisions to households (migration
    /// 0011): one index probe per id, in one statement per chunk, refuses a chunk that
    /// names a household the registry does not have.
    async fn check_households(&mut self, records: &[EncodedDecision]) -> Result<()> {
        let ids: std::collections::BTreeSet<Uuid> = records.iter().map(|r| r.household.0).collect();
        let list = format!(
            "{{{}}}",
            ids.iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        let found: Vec<(Uuid,)> = self
            .tx
            .fetch_all(
                "select id from households where id = any(cast($1 as uuid[]))",
                args![list],
            )
            .await?;
        if found.len() == ids.len() {
            return Ok(());
        }
        let found: std::collections::HashSet<Uuid> = found.into_iter().map(|(id,)| id).collect();
        let missing = ids
            .iter()
            .find(|id| !found.contains(id))
            .copied()
            .unwrap_or_default();
        Err(invalid(
            "household_id",
            "unknown-household",
            format!("decision for household {missing}, which is not in the registry"),
        ))
    }

    /// Closes the run: its totals, the version frozen, the audit entry, one commit.
    pub async fn finish(mut self, marginal_score: Option<f64>) -> Result<RunTotals> {
        let t = self.totals;
        self.tx
            .execute(
                "update decision_runs set households = $1, eligible = $2, waiting_list = $3, not_eligible = $4, not_decidable = $5, total_entitlement = $6, marginal_score = $7 where id = $8",
                args![
                    t.households,
                    t.eligible,
                    t.waiting_list,
                    t.not_eligible,
                    t.not_decidable,
                    t.total_entitlement,
                    Arg::Float(marginal_score),
                    self.id
                ],
            )
            .await?;
        self.tx
            .execute(
                "update programme_versions set state = 'frozen', updated_at = $1 where id = $2",
                args![self.now, self.version_id],
            )
            .await?;
        let entry = self
            .access
            .audit(
                AuditAction::ProgrammeRun,
                "decision_run",
                Some(self.id.to_string()),
                self.now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "programme_version": self.version_id,
                    "households": t.households,
                    "eligible": t.eligible,
                    "waiting_list": t.waiting_list,
                    "total_entitlement": t.total_entitlement,
                })),
            );
        append_audit(&mut self.tx, &entry).await?;
        self.tx.commit().await?;
        Ok(t)
    }
}

/// `$first, $first+1, …` for `n` values.
pub(crate) fn placeholders_from(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

//! Identity resolution's storage: finding registry persons who might be the person
//! being registered, and the review queue where clerks settle possible duplicates.
//!
//! The probe is the one read that looks past the caller's scope: a family registered
//! again at another office is exactly what it must catch. Each row says whether the
//! caller may see it; callers show only visible rows' details, and queue the rest for
//! a reviewer who can see both records. The queue itself lists only pairs whose two
//! households the caller may see.

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    audit::AuditAction,
    change::ChangePayload,
    duplicate::{DuplicateBand, DuplicateDecision, DuplicateSource, DuplicateStatus},
    ids::{HouseholdId, PersonId},
    person::PersonDraft,
    phone::Phone,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::{require, scoped_args, viewer_args, visible_household},
    audit::append_audit,
    backend::Store,
    db::{Arg, args},
    error::{Result, StoreError},
    households::placeholders,
    rows::corrupt,
};

/// Rows each name probe may bring back, so a common name in a big clan cannot flood it.
const NAME_PROBE_LIMIT: i64 = 40;
/// Everything one probe may bring back.
const PROBE_LIMIT: i64 = 200;

/// What the check looks for, from one person being registered.
#[derive(Debug, Clone, Default)]
pub struct DuplicateProbe {
    /// family + given + father: a re-registration with another grandfather.
    family_given_key: String,
    /// given + family: the father's name misspelt.
    given_family_key: String,
    /// given + father + grandfather, as a prefix of the full key: another family name.
    lineage_prefix: String,
    documents: Vec<String>,
    phones: Vec<String>,
    exclude_household: Option<HouseholdId>,
}

impl DuplicateProbe {
    /// The probe for `person`, whose household has `phones`; `exclude_household`
    /// leaves out the person's own household (when it is already stored).
    pub fn of(
        person: &PersonDraft,
        phones: &[&Phone],
        exclude_household: Option<HouseholdId>,
    ) -> Self {
        let n = &person.name;
        let mut lineage = vec![n.given.as_str(), n.father.as_str()];
        lineage.extend(n.grandfather.as_ref().map(|g| g.as_str()));
        DuplicateProbe {
            family_given_key: n.family_given_key(),
            given_family_key: n.given_family_key(),
            lineage_prefix: format!("{} ", tadamun_arabic::name_key(&lineage.join(" "))),
            documents: person.documents.iter().map(|d| d.number.clone()).collect(),
            phones: phones.iter().map(|p| p.as_str().to_owned()).collect(),
            exclude_household,
        }
    }
}

/// A registry person the probe found, with what the resolver compares.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RegistryPerson {
    pub person_id: Uuid,
    pub household_id: Uuid,
    pub given_name: String,
    pub father_name: String,
    pub grandfather_name: Option<String>,
    pub family_name: String,
    pub sex: String,
    pub birth_date: Date,
    pub governorate_code: String,
    pub phone: Option<String>,
    pub national_id: Option<String>,
    /// Whether the caller may see this person's household.
    pub visible: bool,
}

impl RegistryPerson {
    pub fn full_name(&self) -> String {
        let mut parts = vec![self.given_name.as_str(), self.father_name.as_str()];
        parts.extend(self.grandfather_name.as_deref());
        parts.push(&self.family_name);
        parts.join(" ")
    }
}

/// A pair to queue, as the resolver scored it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedPair {
    pub a: PersonId,
    pub b: PersonId,
    pub score: f64,
    pub band: DuplicateBand,
    pub reason_en: String,
    pub reason_ar: String,
    /// Reason codes (`given.agrees`); no spaces inside a code.
    pub reasons: Vec<String>,
}

/// One side of a queued pair, as the review page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct CandidatePerson {
    #[schema(value_type = String, format = Uuid)]
    pub person_id: Uuid,
    #[schema(value_type = String, format = Uuid)]
    pub household_id: Uuid,
    pub full_name: String,
    pub sex: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    pub relationship: String,
    pub governorate: String,
    pub id_number: Option<String>,
    /// Merged into another record (the pair was confirmed and approved).
    pub merged: bool,
}

/// A possible duplicate in the review queue.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct DuplicateCandidate {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub score: f64,
    pub band: DuplicateBand,
    pub reason_en: String,
    pub reason_ar: String,
    /// The reasons as codes, for the UI to word (empty when the pair was queued by
    /// someone who could not see both records).
    pub reasons: Vec<String>,
    pub source: DuplicateSource,
    pub status: DuplicateStatus,
    pub a: CandidatePerson,
    pub b: CandidatePerson,
    /// The merge request a "same person" decision filed.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub change_request_id: Option<Uuid>,
    pub decided_by_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// Where the next queue page starts: the last row's score and id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueCursor {
    pub score: f64,
    pub id: Uuid,
}

impl QueueCursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.score, self.id.simple())
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (score, id) = s.rsplit_once('.')?;
        Some(QueueCursor {
            score: score.parse().ok().filter(|f: &f64| f.is_finite())?,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: Uuid,
    person_a: Uuid,
    person_b: Uuid,
    score: f64,
    band: String,
    reason_en: String,
    reason_ar: String,
    reasons: String,
    source: String,
    status: String,
    change_request_id: Option<Uuid>,
    decided_by_name: Option<String>,
    created_at: OffsetDateTime,
}

/// Both households of a pair are visible to the caller ($1..$3 are the viewer's).
macro_rules! both_visible {
    () => {
        concat!(
            "exists (select 1 from persons p join households h on h.id = p.household_id where p.id = c.person_a and ",
            visible_household!(),
            ") and exists (select 1 from persons p join households h on h.id = p.household_id where p.id = c.person_b and ",
            visible_household!(),
            ")"
        )
    };
}

macro_rules! candidate_select {
    () => {
        concat!(
            "select c.id, c.person_a, c.person_b, c.score, c.band, c.reason_en, c.reason_ar, c.reasons, c.source, c.status, c.change_request_id, u.display_name as decided_by_name, c.created_at \
             from duplicate_candidates c left join users u on u.id = c.decided_by where ",
            both_visible!(),
            " and "
        )
    };
}

fn ordered(a: PersonId, b: PersonId) -> (Uuid, Uuid) {
    if a.0 < b.0 { (a.0, b.0) } else { (b.0, a.0) }
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

impl Store {
    /// Registry persons who might be the probe's person: the same family, given and
    /// father's name; the same given and family name; the same given, father's and
    /// grandfather's name; a shared document number; or a household phone in common.
    /// Merged and deleted records are left out. See the module doc on scope.
    pub async fn duplicate_probe(
        &self,
        access: &Access,
        probe: &DuplicateProbe,
    ) -> Result<Vec<RegistryPerson>> {
        require(access, Permission::HouseholdRead)?;
        let mut args = viewer_args(access);
        let exclude = probe.exclude_household.map(|h| h.0).unwrap_or(Uuid::nil());
        args.extend(args![
            exclude,
            probe.family_given_key.clone(),
            probe.given_family_key.clone(),
            probe.lineage_prefix.clone(),
            format!("{}\u{10FFFF}", probe.lineage_prefix),
            NAME_PROBE_LIMIT,
        ]);
        let mut sources = vec![
            "select id from (select id from persons where family_given_key = $5 and deleted_at is null limit $9) k1".to_owned(),
            "select id from (select id from persons where given_family_key = $6 and deleted_at is null limit $9) k2".to_owned(),
            "select id from (select id from persons where name_key >= $7 and name_key < $8 and deleted_at is null limit $9) k3".to_owned(),
        ];
        let mut next = args.len() + 1;
        let mut list = |values: &[String], args: &mut Vec<Arg>| {
            let start = next;
            next += values.len();
            args.extend(values.iter().map(Arg::from));
            (start..next)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !probe.documents.is_empty() {
            let l = list(&probe.documents, &mut args);
            sources.push(format!(
                "select person_id as id from person_documents where number in ({l})"
            ));
        }
        if !probe.phones.is_empty() {
            let l = list(&probe.phones, &mut args);
            sources.push(format!(
                "select id from (select p2.id from persons p2 join households h2 on h2.id = p2.household_id \
                 where (h2.phone in ({l}) or h2.alt_phone in ({l})) and p2.deleted_at is null limit $9) k4"
            ));
        }
        let sql = format!(
            concat!(
                "select p.id as person_id, p.household_id, p.given_name, p.father_name, p.grandfather_name, p.family_name, p.sex, p.birth_date, \
                 h.governorate_code, h.phone, \
                 (select d.number from person_documents d where d.person_id = p.id order by d.created_at, d.id limit 1) as national_id, \
                 (",
                visible_household!(),
                ") as visible \
                 from persons p join households h on h.id = p.household_id \
                 where p.deleted_at is null and p.household_id <> $4 and p.id in ({sources}) limit {limit}"
            ),
            sources = sources.join(" union "),
            limit = PROBE_LIMIT,
        );
        self.fetch_all(AssertSqlSafe(sql), args).await
    }

    /// Puts pairs in the review queue, or refreshes their score while still open. A pair
    /// a clerk has decided is left as decided. Returns how many rows were written.
    pub async fn queue_duplicates(
        &self,
        access: &Access,
        pairs: &[QueuedPair],
        source: DuplicateSource,
        now: OffsetDateTime,
    ) -> Result<u64> {
        require(access, Permission::HouseholdRead)?;
        let mut written = 0;
        for chunk in pairs.chunks(5_000) {
            let mut tx = self.begin().await?;
            for p in chunk {
                if p.a == p.b {
                    continue;
                }
                let (a, b) = ordered(p.a, p.b);
                written += tx
                    .execute(
                        "insert into duplicate_candidates (id, person_a, person_b, score, band, reason_en, reason_ar, reasons, source, status, created_at, updated_at) \
                         values ($1, $2, $3, $4, $5, $6, $7, $10, $8, 'open', $9, $9) \
                         on conflict (person_a, person_b) do update set score = excluded.score, band = excluded.band, \
                         reason_en = excluded.reason_en, reason_ar = excluded.reason_ar, reasons = excluded.reasons, updated_at = excluded.updated_at \
                         where duplicate_candidates.status = 'open'",
                        args![
                            Uuid::now_v7(),
                            a,
                            b,
                            p.score,
                            p.band.as_str(),
                            p.reason_en.as_str(),
                            p.reason_ar.as_str(),
                            source.as_str(),
                            now,
                            p.reasons.join(" ")
                        ],
                    )
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(written)
    }

    /// Queued pairs with this status whose two households the caller may see, highest
    /// score first, a page at a time (keyset on score and id).
    pub async fn duplicate_queue(
        &self,
        access: &Access,
        status: DuplicateStatus,
        after: Option<QueueCursor>,
        limit: i64,
    ) -> Result<Vec<DuplicateCandidate>> {
        require(access, Permission::HouseholdRead)?;
        let (score, id) = after.map_or((f64::MAX, Uuid::max()), |c| (c.score, c.id));
        let rows: Vec<CandidateRow> = self
            .fetch_all(
                concat!(
                    candidate_select!(),
                    "c.status = $4 and (c.score < $5 or (c.score = $5 and c.id < $6)) order by c.score desc, c.id desc limit $7"
                ),
                scoped_args(
                    access,
                    args![status.as_str(), score, id, limit.clamp(1, 200)],
                ),
            )
            .await?;
        self.with_persons(rows).await
    }

    /// Open and decided pairs that involve any member of this household.
    pub async fn household_duplicates(
        &self,
        access: &Access,
        household: HouseholdId,
    ) -> Result<Vec<DuplicateCandidate>> {
        require(access, Permission::HouseholdRead)?;
        let rows: Vec<CandidateRow> = self
            .fetch_all(
                concat!(
                    candidate_select!(),
                    "(c.person_a in (select id from persons where household_id = $4) or c.person_b in (select id from persons where household_id = $4)) \
                     order by c.score desc, c.id desc limit 50"
                ),
                scoped_args(access, args![household.0]),
            )
            .await?;
        self.with_persons(rows).await
    }

    /// One queued pair, if the caller may see both records.
    pub async fn duplicate_candidate(
        &self,
        access: &Access,
        id: Uuid,
    ) -> Result<Option<DuplicateCandidate>> {
        require(access, Permission::HouseholdRead)?;
        let rows: Vec<CandidateRow> = self
            .fetch_all(
                concat!(candidate_select!(), "c.id = $4"),
                scoped_args(access, args![id]),
            )
            .await?;
        Ok(self.with_persons(rows).await?.pop())
    }

    async fn with_persons(&self, rows: Vec<CandidateRow>) -> Result<Vec<DuplicateCandidate>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = rows.iter().flat_map(|r| [r.person_a, r.person_b]).collect();
        let sql = format!(
            "select p.id as person_id, p.household_id, \
             p.given_name || ' ' || p.father_name || coalesce(' ' || p.grandfather_name, '') || ' ' || p.family_name as full_name, \
             p.sex, p.birth_date, p.relationship, h.governorate_code as governorate, \
             (select d.number from person_documents d where d.person_id = p.id order by d.created_at, d.id limit 1) as id_number, \
             (p.merged_into is not null) as merged \
             from persons p join households h on h.id = p.household_id where p.id in ({})",
            placeholders(ids.len())
        );
        let persons: Vec<CandidatePerson> = self
            .fetch_all(
                AssertSqlSafe(sql),
                ids.iter().map(|i| Arg::from(*i)).collect(),
            )
            .await?;
        let find = |id: Uuid| persons.iter().find(|p| p.person_id == id).cloned();
        rows.into_iter()
            .map(|r| {
                let (Some(a), Some(b)) = (find(r.person_a), find(r.person_b)) else {
                    return Err(corrupt("duplicate candidate", "a person is missing"));
                };
                Ok(DuplicateCandidate {
                    id: r.id,
                    score: r.score,
                    band: DuplicateBand::parse(&r.band).map_err(|e| corrupt("band", e))?,
                    reason_en: r.reason_en,
                    reason_ar: r.reason_ar,
                    reasons: r.reasons.split_whitespace().map(str::to_owned).collect(),
                    source: DuplicateSource::parse(&r.source).map_err(|e| corrupt("source", e))?,
                    status: DuplicateStatus::parse(&r.status).map_err(|e| corrupt("status", e))?,
                    a,
                    b,
                    change_request_id: r.change_request_id,
                    decided_by_name: r.decided_by_name,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// Settles an open pair. "Different" closes it; "same" files a merge request
    /// (removing the record not kept) for a second person to approve, and returns its
    /// id. Both are audited.
    pub async fn decide_duplicate(
        &self,
        access: &Access,
        id: Uuid,
        decision: DuplicateDecision,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Uuid>> {
        let candidate = self
            .duplicate_candidate(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::HouseholdEdit)?;
        let user = access
            .user_id
            .ok_or_else(|| StoreError::Forbidden("a decision needs a person".into()))?;
        if candidate.status != DuplicateStatus::Open {
            return Err(StoreError::Conflict);
        }
        let (status, filed) = match decision {
            DuplicateDecision::Different => (DuplicateStatus::Different, None),
            DuplicateDecision::Same { keep } => {
                let remove = if keep.0 == candidate.a.person_id {
                    &candidate.b
                } else if keep.0 == candidate.b.person_id {
                    &candidate.a
                } else {
                    return Err(invalid(
                        "keep",
                        "not-in-pair",
                        "keep one of the two records",
                    ));
                };
                let payload = ChangePayload::MergePersons {
                    keep,
                    remove: PersonId(remove.person_id),
                };
                let filed = self
                    .prepare_change(
                        access,
                        HouseholdId(remove.household_id),
                        &payload,
                        reason,
                        now,
                    )
                    .await?;
                (DuplicateStatus::Same, Some(filed))
            }
        };
        let request = filed.as_ref().map(|f| f.id);
        let mut tx = self.begin().await?;
        if let Some(f) = &filed {
            f.insert(&mut tx).await?;
        }
        let n = tx
            .execute(
                "update duplicate_candidates set status = $1, change_request_id = $2, decided_by = $3, decided_at = $4, updated_at = $4 where id = $5 and status = 'open'",
                args![status.as_str(), request, user.0, now, id],
            )
            .await?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        let entry = access
            .audit(
                AuditAction::DuplicateDecided,
                "duplicate_candidate",
                Some(id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "status": status,
                    "persons": [candidate.a.person_id, candidate.b.person_id],
                    "change_request": request,
                    "reason": reason.trim(),
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(request)
    }
}

/// Marks a pair as two people inside an unmerge's transaction, so scans leave it be.
pub(crate) async fn mark_different(
    tx: &mut crate::db::Tx,
    a: PersonId,
    b: PersonId,
    now: OffsetDateTime,
) -> Result<()> {
    let (a, b) = ordered(a, b);
    tx.execute(
        "update duplicate_candidates set status = 'different', updated_at = $1 where person_a = $2 and person_b = $3",
        args![now, a, b],
    )
    .await?;
    Ok(())
}

//! The tamper-evident audit log's rules: what an entry says, how entries are chained
//! by SHA-256, and how a chain read back from storage is checked and, when broken,
//! which entry broke first and how. Pure: the store feeds records in and stores hashes.
//!
//! Each entry's hash covers its sequence number, the previous entry's hash and every
//! field, in a length-prefixed encoding, so editing, deleting, inserting or reordering
//! an entry breaks the chain at that entry. A chain alone cannot catch someone who
//! rewrites every hash from some point to the end: record the head hash that `verify`
//! prints somewhere the database's administrators cannot write.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{
    OffsetDateTime, UtcOffset, format_description::BorrowedFormatItem, macros::format_description,
};

use crate::ids::UserId;

text_enum!(
    /// What an audit entry records. Stored as text without a `check` constraint: the log
    /// is append-only, so adding an action must not need a migration of old rows.
    AuditAction, "action" {
        LoginSucceeded => "login_succeeded",
        LoginFailed => "login_failed",
        LoginLocked => "login_locked",
        Logout => "logout",
        SessionRevoked => "session_revoked",
        TwoFactorEnrolled => "two_factor_enrolled",
        TwoFactorReset => "two_factor_reset",
        PasswordChanged => "password_changed",
        UserCreated => "user_created",
        UserUpdated => "user_updated",
        RoleGranted => "role_granted",
        RoleRevoked => "role_revoked",
        ScopeChanged => "scope_changed",
        RoleUpdated => "role_updated",
        HouseholdCreated => "household_created",
        HouseholdUpdated => "household_updated",
        HouseholdEventRecorded => "household_event_recorded",
        HouseholdRestricted => "household_restricted",
        RestrictedRecordRead => "restricted_record_read",
        ImportCommitted => "import_committed",
        ExportDownloaded => "export_downloaded",
        ChangeRequested => "change_requested",
        ChangeApproved => "change_approved",
        ChangeRejected => "change_rejected",
        ChangeApplied => "change_applied",
        AuditExported => "audit_exported",
        DuplicateDecided => "duplicate_decided",
        ProgrammeSaved => "programme_saved",
        ProgrammeRun => "programme_run",
        DecisionLetterIssued => "decision_letter_issued",
        DecisionLookedUp => "decision_looked_up",
        GrievanceFiled => "grievance_filed",
        GrievanceAssigned => "grievance_assigned",
        GrievanceNoted => "grievance_noted",
        GrievanceStatusChanged => "grievance_status_changed",
        GrievanceEscalated => "grievance_escalated",
        RestrictedGrievanceRead => "restricted_grievance_read",
        GrievanceLookedUp => "grievance_looked_up",
        RunEnrolled => "run_enrolled",
        PayeeAccountSet => "payee_account_set",
        PaymentBatchCreated => "payment_batch_created",
        PaymentBatchSubmitted => "payment_batch_submitted",
        PaymentBatchSentBack => "payment_batch_sent_back",
        PaymentBatchApproved => "payment_batch_approved",
        PaymentBatchExported => "payment_batch_exported",
        PaymentBatchDiscarded => "payment_batch_discarded",
        ReconciliationImported => "reconciliation_imported",
        OrganisationCreated => "organisation_created",
        OrganisationUpdated => "organisation_updated",
        PartnerServiceSaved => "partner_service_saved",
        PartnerServiceRemoved => "partner_service_removed",
        PartnerUserLinked => "partner_user_linked",
        PartnerUserUnlinked => "partner_user_unlinked",
        PlanningGroupCreated => "planning_group_created",
        PlanningMemberAdded => "planning_member_added",
        PlanningTermAdded => "planning_term_added",
        BylawsProposed => "bylaws_proposed",
        BylawsVoted => "bylaws_voted",
        MeetingRecorded => "meeting_recorded",
        ActionItemStatusChanged => "action_item_status_changed",
        PriorityWeightsAdopted => "priority_weights_adopted",
        PlanObjectiveAdded => "plan_objective_added",
        PlanActivityAdded => "plan_activity_added",
        PlanActivityUpdated => "plan_activity_updated",
        TrainingCourseSaved => "training_course_saved",
        TrainingSessionSaved => "training_session_saved",
        TrainingEnrolled => "training_enrolled",
        TrainingAttendanceMarked => "training_attendance_marked",
        TrainingCompleted => "training_completed",
        TrainingRequirementsChanged => "training_requirements_changed",
    }
);

/// The hash an empty chain starts from: the first entry's `prev_hash`.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened: who, when, from where, what, and the before/after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewAuditEntry {
    /// When it happened, from `tadamun_store::now()`; hashed at microsecond precision.
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// The acting user; `None` for the system or an unknown user (a failed login).
    pub actor_id: Option<UserId>,
    /// The actor's name as it was then (the username typed, for a failed login).
    pub actor_name: String,
    pub source_ip: Option<String>,
    pub action: AuditAction,
    /// What kind of thing was acted on: `household`, `user`, `session`, `export`…
    pub object_type: String,
    pub object_id: Option<String>,
    /// The record before the change, as JSON, where one applies.
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// An entry as stored: its place in the chain and the hashes that link it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditRecord {
    /// 1, 2, 3… with no gaps.
    pub seq: i64,
    #[serde(flatten)]
    pub entry: NewAuditEntry,
    /// The hash of entry `seq - 1` (`GENESIS_HASH` for entry 1).
    pub prev_hash: String,
    /// `chain_hash(prev_hash, seq, entry)`, lower-case hex.
    pub hash: String,
}

impl AuditRecord {
    /// Whether the stored hash matches the entry's content, number and link.
    pub fn content_is_intact(&self) -> bool {
        chain_hash(&self.prev_hash, self.seq, &self.entry) == self.hash
    }
}

/// The last entry's number and hash as the log's head row records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

const AT_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// SHA-256 (lower-case hex) of an entry, its number and the previous entry's hash.
///
/// The encoding is unambiguous: a version tag, `seq` as 8 big-endian bytes, then each
/// field as an 8-byte big-endian length and its UTF-8 bytes, optional fields behind a
/// 0/1 presence byte. Time is RFC 3339 in UTC with exactly six fraction digits (finer
/// precision is dropped, as both databases drop it).
pub fn chain_hash(prev_hash: &str, seq: i64, entry: &NewAuditEntry) -> String {
    fn field(h: &mut Sha256, s: &str) {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    }
    fn optional(h: &mut Sha256, s: Option<&str>) {
        match s {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                field(h, s);
            }
        }
    }
    let at = entry
        .at
        .to_offset(UtcOffset::UTC)
        .format(AT_FORMAT)
        // Only years beyond 9999 fail to format; hash their full debug form instead.
        .unwrap_or_else(|_| format!("{:?}", entry.at));
    let actor_id = entry.actor_id.map(|id| id.0.hyphenated().to_string());
    let mut h = Sha256::new();
    h.update(b"tadamun.audit.v1\0");
    h.update(seq.to_be_bytes());
    field(&mut h, prev_hash);
    field(&mut h, &at);
    optional(&mut h, actor_id.as_deref());
    field(&mut h, &entry.actor_name);
    optional(&mut h, entry.source_ip.as_deref());
    field(&mut h, entry.action.as_str());
    field(&mut h, &entry.object_type);
    optional(&mut h, entry.object_id.as_deref());
    optional(&mut h, entry.before_json.as_deref());
    optional(&mut h, entry.after_json.as_deref());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// How the chain was broken at the first bad entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's content, number or hashes were changed (or it was rewritten).
    Edited,
    /// One or more entries are missing from the middle.
    Deleted,
    /// An entry that was never appended by tadamun is in the log.
    Inserted,
    /// An entry sits at another place than the one it was written at.
    Reordered,
    /// Entries are missing from the end: the log is shorter than its head says.
    Truncated,
}

impl BreakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakKind::Edited => "edited",
            BreakKind::Deleted => "deleted",
            BreakKind::Inserted => "inserted",
            BreakKind::Reordered => "reordered",
            BreakKind::Truncated => "truncated",
        }
    }
}

impl std::fmt::Display for BreakKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first place the chain is broken: the entry number (for a deletion or
/// truncation, the first missing number), how, and a sentence for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditBreak {
    pub seq: i64,
    pub kind: BreakKind,
    pub detail: String,
}

/// The outcome of checking a whole log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AuditVerdict {
    Intact {
        entries: u64,
        head_seq: i64,
        head_hash: String,
    },
    Broken(AuditBreak),
}

/// How many recent hashes the verifier remembers, to tell a forged fork (an entry that
/// links back to an older one) from a deletion, in bounded memory.
const RECENT_HASHES: usize = 10_000;
/// How far either side of an entry's number the verifier looks for the number the
/// entry was really written at, to tell a moved entry from an edited one.
const MOVE_SEARCH: i64 = 10_000;

/// Checks a log fed in ascending `seq` order, one record at a time, so a store can
/// stream pages of any size through it. Stops at the first break: later entries cannot
/// be trusted to mean anything once one is wrong.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    /// `prev_hash` of the last accepted entry, to spot two entries claiming one place.
    last_prev: Option<String>,
    entries: u64,
    recent: HashMap<String, i64>,
    recent_order: VecDeque<String>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
            last_prev: None,
            entries: 0,
            recent: HashMap::new(),
            recent_order: VecDeque::new(),
        }
    }

    /// The number of the last entry accepted (0 before any); the next page starts after it.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Checks the next record; `Err` names the first break.
    pub fn push(&mut self, r: &AuditRecord) -> Result<(), AuditBreak> {
        let (last, last_hash) = (self.last_seq, self.last_hash.as_str());
        let broken = |seq, kind, detail: String| Err(AuditBreak { seq, kind, detail });
        if r.seq == last && last > 0 {
            return broken(
                r.seq,
                BreakKind::Inserted,
                format!("a second entry is numbered {}", r.seq),
            );
        }
        if r.seq <= last {
            return broken(
                r.seq,
                BreakKind::Reordered,
                format!("entry {} comes after entry {last}", r.seq),
            );
        }
        if !r.content_is_intact() {
            return Err(self.classify_bad_content(r));
        }
        if r.prev_hash == last_hash {
            if r.seq != last + 1 {
                return broken(
                    r.seq,
                    BreakKind::Inserted,
                    format!(
                        "entry {} links to entry {last} but was not numbered {}",
                        r.seq,
                        last + 1
                    ),
                );
            }
            self.accept(r);
            return Ok(());
        }
        if let Some(&earlier) = self.recent.get(&r.prev_hash) {
            return broken(
                r.seq,
                BreakKind::Inserted,
                format!(
                    "entry {} links back to entry {earlier}, not to entry {last}: a forged branch",
                    r.seq
                ),
            );
        }
        if r.seq > last + 1 {
            let missing = if r.seq == last + 2 {
                format!("entry {} is missing", last + 1)
            } else {
                format!("entries {} to {} are missing", last + 1, r.seq - 1)
            };
            return broken(last + 1, BreakKind::Deleted, missing);
        }
        if last == 0 {
            return broken(
                r.seq,
                BreakKind::Edited,
                "entry 1 does not start from the genesis hash".to_owned(),
            );
        }
        broken(
            last,
            BreakKind::Edited,
            format!(
                "entry {last} was rewritten: its hash is not the one entry {} recorded",
                r.seq
            ),
        )
    }

    /// Compares the end of the log with its head row; call after the last record.
    pub fn finish(self, head: &ChainHead) -> AuditVerdict {
        let last = self.last_seq;
        let broken = |seq, kind, detail| AuditVerdict::Broken(AuditBreak { seq, kind, detail });
        if head.seq > last {
            let missing = if head.seq == last + 1 {
                format!("entry {} is missing from the end", head.seq)
            } else {
                format!(
                    "entries {} to {} are missing from the end",
                    last + 1,
                    head.seq
                )
            };
            return broken(last + 1, BreakKind::Truncated, missing);
        }
        if head.seq < last {
            return broken(
                head.seq + 1,
                BreakKind::Inserted,
                format!(
                    "the log runs past its head (entry {}) to entry {last}",
                    head.seq
                ),
            );
        }
        if head.hash != self.last_hash {
            return broken(
                last,
                BreakKind::Edited,
                format!(
                    "entry {last} does not match the hash the log's head recorded: the log was rewritten up to here, or the head was edited"
                ),
            );
        }
        AuditVerdict::Intact {
            entries: self.entries,
            head_seq: last,
            head_hash: self.last_hash,
        }
    }

    fn accept(&mut self, r: &AuditRecord) {
        self.last_seq = r.seq;
        self.last_prev = Some(std::mem::replace(&mut self.last_hash, r.hash.clone()));
        self.entries += 1;
        self.recent.insert(r.hash.clone(), r.seq);
        self.recent_order.push_back(r.hash.clone());
        if self.recent_order.len() > RECENT_HASHES
            && let Some(old) = self.recent_order.pop_front()
        {
            self.recent.remove(&old);
        }
    }

    /// The hash does not match: was the entry moved here from another number (its
    /// hash holds for that number), pushed along by an inserted one, or edited?
    fn classify_bad_content(&self, r: &AuditRecord) -> AuditBreak {
        let written_at = (1..=MOVE_SEARCH)
            .flat_map(|d| [r.seq - d, r.seq + d])
            .filter(|&s| s >= 1)
            .find(|&s| chain_hash(&r.prev_hash, s, &r.entry) == r.hash);
        match written_at {
            Some(s) if s == self.last_seq && self.last_prev.as_deref() == Some(&r.prev_hash) => {
                AuditBreak {
                    seq: s,
                    kind: BreakKind::Inserted,
                    detail: format!(
                        "entry {s} was inserted: the entry written as {s} follows it, renumbered {}",
                        r.seq
                    ),
                }
            }
            Some(s) => AuditBreak {
                seq: r.seq,
                kind: BreakKind::Reordered,
                detail: format!("entry {} holds the entry written as {s}", r.seq),
            },
            None => AuditBreak {
                seq: r.seq,
                kind: BreakKind::Edited,
                detail: format!("entry {} does not match its hash", r.seq),
            },
        }
    }
}

/// Checks a whole log at once (for tests and small logs; the store streams instead).
pub fn verify_chain<'a>(
    records: impl IntoIterator<Item = &'a AuditRecord>,
    head: &ChainHead,
) -> AuditVerdict {
    let mut v = ChainVerifier::new();
    for r in records {
        if let Err(b) = v.push(r) {
            return AuditVerdict::Broken(b);
        }
    }
    v.finish(head)
}

/// Appends entries to an in-memory chain the way the store does, for tests.
pub fn build_chain(
    entries: impl IntoIterator<Item = NewAuditEntry>,
) -> (Vec<AuditRecord>, ChainHead) {
    let mut records: Vec<AuditRecord> = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let seq = i as i64 + 1;
        let prev_hash = records
            .last()
            .map_or_else(|| GENESIS_HASH.to_owned(), |r| r.hash.clone());
        let hash = chain_hash(&prev_hash, seq, &entry);
        records.push(AuditRecord {
            seq,
            entry,
            prev_hash,
            hash,
        });
    }
    let head = records.last().map_or_else(
        || ChainHead {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
        },
        |r| ChainHead {
            seq: r.seq,
            hash: r.hash.clone(),
        },
    );
    (records, head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn entry(i: usize) -> NewAuditEntry {
        NewAuditEntry {
            at: datetime!(2026-03-01 09:00:00.123456 UTC) + time::Duration::seconds(i as i64),
            actor_id: Some(UserId(uuid::Uuid::from_u128(7))),
            actor_name: "clerk.irbid".into(),
            source_ip: Some("10.0.0.7".into()),
            action: AuditAction::HouseholdUpdated,
            object_type: "household".into(),
            object_id: Some(format!("h-{i}")),
            before_json: Some(format!(r#"{{"rooms":{i}}}"#)),
            after_json: Some(format!(r#"{{"rooms":{}}}"#, i + 1)),
        }
    }

    fn chain(n: usize) -> (Vec<AuditRecord>, ChainHead) {
        build_chain((1..=n).map(entry))
    }

    fn broken(v: AuditVerdict) -> AuditBreak {
        match v {
            AuditVerdict::Broken(b) => b,
            AuditVerdict::Intact { .. } => panic!("expected a break"),
        }
    }

    #[test]
    fn the_hash_is_hex_sha256_and_deterministic() {
        let e = entry(1);
        let h = chain_hash(GENESIS_HASH, 1, &e);
        assert_eq!(h.len(), 64);
        assert!(
            h.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(h, chain_hash(GENESIS_HASH, 1, &e.clone()));
    }

    #[test]
    fn the_hash_covers_every_field_the_number_and_the_link() {
        let e = entry(1);
        let base = chain_hash(GENESIS_HASH, 1, &e);
        let mut variants: Vec<(&str, NewAuditEntry)> = Vec::new();
        let mut v = e.clone();
        v.at += time::Duration::microseconds(1);
        variants.push(("at", v));
        let mut v = e.clone();
        v.actor_id = None;
        variants.push(("actor_id", v));
        let mut v = e.clone();
        v.actor_name.push('x');
        variants.push(("actor_name", v));
        let mut v = e.clone();
        v.source_ip = None;
        variants.push(("source_ip", v));
        let mut v = e.clone();
        v.action = AuditAction::HouseholdCreated;
        variants.push(("action", v));
        let mut v = e.clone();
        v.object_type = "user".into();
        variants.push(("object_type", v));
        let mut v = e.clone();
        v.object_id = None;
        variants.push(("object_id", v));
        let mut v = e.clone();
        v.before_json = None;
        variants.push(("before_json", v));
        let mut v = e.clone();
        v.after_json = Some(String::new());
        variants.push(("after_json", v));
        for (name, v) in variants {
            assert_ne!(
                chain_hash(GENESIS_HASH, 1, &v),
                base,
                "{name} is not covered"
            );
        }
        assert_ne!(chain_hash(GENESIS_HASH, 2, &e), base, "seq is not covered");
        assert_ne!(
            chain_hash(&"1".repeat(64), 1, &e),
            base,
            "prev_hash is not covered"
        );
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let mut a = entry(1);
        a.actor_name = "ab".into();
        a.object_type = "c".into();
        let mut b = a.clone();
        b.actor_name = "a".into();
        b.object_type = "bc".into();
        assert_ne!(
            chain_hash(GENESIS_HASH, 1, &a),
            chain_hash(GENESIS_HASH, 1, &b)
        );
        let mut c = a.clone();
        c.object_id = Some(String::new());
        a.object_id = None;
        assert_ne!(
            chain_hash(GENESIS_HASH, 1, &a),
            chain_hash(GENESIS_HASH, 1, &c)
        );
    }

    #[test]
    fn time_is_hashed_in_utc_at_microseconds() {
        let e = entry(1);
        let mut same_instant = e.clone();
        same_instant.at = e.at.to_offset(time::macros::offset!(+3));
        assert_eq!(
            chain_hash(GENESIS_HASH, 1, &e),
            chain_hash(GENESIS_HASH, 1, &same_instant)
        );
        let mut nanos = e.clone();
        nanos.at += time::Duration::nanoseconds(999);
        assert_eq!(
            chain_hash(GENESIS_HASH, 1, &e),
            chain_hash(GENESIS_HASH, 1, &nanos),
            "below a microsecond is not kept by the databases, so not hashed"
        );
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let (records, head) = chain(5);
        assert_eq!(
            verify_chain(&records, &head),
            AuditVerdict::Intact {
                entries: 5,
                head_seq: 5,
                head_hash: records[4].hash.clone()
            }
        );
        let (none, genesis) = chain(0);
        assert!(matches!(
            verify_chain(&none, &genesis),
            AuditVerdict::Intact {
                entries: 0,
                head_seq: 0,
                ..
            }
        ));
    }

    #[test]
    fn an_edited_field_is_reported_as_edited_at_that_entry() {
        let (mut records, head) = chain(5);
        records[2].entry.actor_name = "someone.else".into();
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (3, BreakKind::Edited), "{b:?}");
    }

    #[test]
    fn an_edited_entry_with_a_recomputed_hash_is_still_caught() {
        let (mut records, head) = chain(5);
        records[2].entry.after_json = None;
        records[2].hash = chain_hash(&records[2].prev_hash, 3, &records[2].entry);
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (3, BreakKind::Edited), "{b:?}");
    }

    #[test]
    fn a_rewritten_tail_is_caught_by_the_head() {
        let (records, head) = chain(5);
        let mut entries: Vec<NewAuditEntry> = records.iter().map(|r| r.entry.clone()).collect();
        entries[4].actor_name = "forger".into();
        let (rewritten, _) = build_chain(entries);
        let b = broken(verify_chain(&rewritten, &head));
        assert_eq!((b.seq, b.kind), (5, BreakKind::Edited), "{b:?}");
    }

    #[test]
    fn a_deleted_entry_is_reported_as_deleted_at_its_number() {
        let (mut records, head) = chain(6);
        records.remove(2);
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (3, BreakKind::Deleted), "{b:?}");
        let (mut records, head) = chain(6);
        records.drain(1..4);
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (2, BreakKind::Deleted), "{b:?}");
        assert!(b.detail.contains("2 to 4"), "{}", b.detail);
        let (mut records, head) = chain(3);
        records.remove(0);
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (1, BreakKind::Deleted), "{b:?}");
    }

    #[test]
    fn a_deleted_last_entry_is_reported_as_truncation() {
        let (mut records, head) = chain(4);
        records.pop();
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (4, BreakKind::Truncated), "{b:?}");
        let (_, head) = chain(4);
        let b = broken(verify_chain(&Vec::new(), &head));
        assert_eq!((b.seq, b.kind), (1, BreakKind::Truncated), "{b:?}");
    }

    #[test]
    fn swapped_entries_are_reported_as_reordered_at_the_first_of_them() {
        for (i, j) in [(1, 2), (1, 4), (0, 5)] {
            let (mut records, head) = chain(6);
            // Swap everything but the numbers, as swapping the rows' keys would.
            let (a, b) = (records[i].seq, records[j].seq);
            records.swap(i, j);
            records[i].seq = a;
            records[j].seq = b;
            let br = broken(verify_chain(&records, &head));
            assert_eq!((br.seq, br.kind), (a, BreakKind::Reordered), "{br:?}");
        }
    }

    #[test]
    fn records_fed_out_of_order_are_reordered_and_a_repeated_number_inserted() {
        let (records, _) = chain(4);
        let mut v = ChainVerifier::new();
        for r in &records[..3] {
            v.push(r).unwrap();
        }
        let b = v.push(&records[1]).unwrap_err();
        assert_eq!((b.seq, b.kind), (2, BreakKind::Reordered), "{b:?}");
        let mut v = ChainVerifier::new();
        v.push(&records[0]).unwrap();
        v.push(&records[1]).unwrap();
        let b = v.push(&records[1]).unwrap_err();
        assert_eq!((b.seq, b.kind), (2, BreakKind::Inserted), "{b:?}");
    }

    #[test]
    fn a_forged_entry_past_the_head_is_reported_as_inserted() {
        let (records, head) = chain(4);
        let mut entries: Vec<NewAuditEntry> = records.iter().map(|r| r.entry.clone()).collect();
        entries.push(entry(99));
        let (forged, _) = build_chain(entries);
        let b = broken(verify_chain(&forged, &head));
        assert_eq!((b.seq, b.kind), (5, BreakKind::Inserted), "{b:?}");
    }

    #[test]
    fn a_forged_entry_slipped_into_the_middle_is_reported_as_inserted() {
        let (records, head) = chain(5);
        let mut tampered = records[..2].to_vec();
        let forged = entry(42);
        tampered.push(AuditRecord {
            seq: 3,
            hash: chain_hash(&records[1].hash, 3, &forged),
            prev_hash: records[1].hash.clone(),
            entry: forged,
        });
        // The rest renumbered one up to make room.
        tampered.extend(records[2..].iter().cloned().map(|mut r| {
            r.seq += 1;
            r
        }));
        let b = broken(verify_chain(&tampered, &head));
        assert_eq!((b.seq, b.kind), (3, BreakKind::Inserted), "{b:?}");
    }

    #[test]
    fn a_forged_branch_from_an_older_entry_is_reported_as_inserted() {
        let (mut records, head) = chain(4);
        let forged = entry(42);
        records.push(AuditRecord {
            seq: 5,
            hash: chain_hash(&records[1].hash, 5, &forged),
            prev_hash: records[1].hash.clone(),
            entry: forged,
        });
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (5, BreakKind::Inserted), "{b:?}");
        let forged = entry(43);
        let (mut records, head) = chain(4);
        records.push(AuditRecord {
            seq: 7,
            hash: chain_hash(&records[3].hash, 7, &forged),
            prev_hash: records[3].hash.clone(),
            entry: forged,
        });
        let b = broken(verify_chain(&records, &head));
        assert_eq!((b.seq, b.kind), (7, BreakKind::Inserted), "{b:?}");
    }

    #[test]
    fn every_action_round_trips_through_its_text() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()).unwrap(), *a);
        }
    }
}

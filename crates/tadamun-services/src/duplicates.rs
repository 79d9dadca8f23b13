//! The registry's duplicate check: each person of a household being registered is
//! probed against the registry (the store finds candidates by its search keys) and
//! scored by the resolver, with reasons a clerk can read; and a scan of the whole
//! registry with the batch resolver, feeding the review queue.

use tadamun_domain::{
    access::Access,
    duplicate::{DuplicateBand, DuplicateSource},
    household::{Household, HouseholdDraft},
    ids::{HouseholdId, PersonId},
    person::PersonDraft,
    phone::Phone,
};
use tadamun_resolve::{Band, DedupConfig, InputRecord, Model, Thresholds, realtime};
use tadamun_store::{
    Store, StoreError,
    duplicates::{DuplicateProbe, QueuedPair, RegistryPerson},
};
use time::{Date, OffsetDateTime};

/// A registry person who may be one of the household's members.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDuplicate {
    pub person_id: PersonId,
    pub household_id: HouseholdId,
    pub governorate: String,
    pub score: f64,
    pub band: DuplicateBand,
    /// What the caller may be shown; `None` outside their view (the pair goes to a
    /// reviewer who can see both).
    pub seen: Option<SeenPerson>,
    /// The resolver's reasons (English, Arabic, codes), written to the review queue for
    /// a reviewer who can see both; not for the caller when `seen` is `None`.
    pub review_reasons: (String, String, Vec<String>),
}

/// The details of a visible candidate, with the resolver's reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenPerson {
    pub full_name: String,
    pub sex: String,
    pub birth_date: Date,
    pub national_id: Option<String>,
    pub reason_en: String,
    pub reason_ar: String,
    pub reasons: Vec<String>,
}

/// The candidates for one member, by the member's position in the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDuplicates {
    pub member: usize,
    pub found: Vec<FoundDuplicate>,
}

fn band(b: Band) -> Option<DuplicateBand> {
    match b {
        Band::Match => Some(DuplicateBand::Match),
        Band::Review => Some(DuplicateBand::Review),
        Band::NonMatch => None,
    }
}

fn draft_record(p: &PersonDraft, governorate: &str, phone: Option<&Phone>) -> InputRecord {
    let n = &p.name;
    InputRecord {
        record_id: "incoming".into(),
        given_name: n.given.as_str().into(),
        father_name: n.father.as_str().into(),
        grandfather_name: n
            .grandfather
            .as_ref()
            .map(|g| g.as_str().into())
            .unwrap_or_default(),
        family_name: n.family.as_str().into(),
        sex: p.sex.as_str().into(),
        birth_date: p.birth_date.date.to_string(),
        national_id: p
            .documents
            .first()
            .map(|d| d.number.clone())
            .unwrap_or_default(),
        phone: phone.map(|p| p.as_str().to_owned()).unwrap_or_default(),
        governorate: governorate.into(),
        ..InputRecord::default()
    }
}

fn registry_record(p: &RegistryPerson) -> InputRecord {
    InputRecord {
        record_id: p.person_id.to_string(),
        given_name: p.given_name.clone(),
        father_name: p.father_name.clone(),
        grandfather_name: p.grandfather_name.clone().unwrap_or_default(),
        family_name: p.family_name.clone(),
        sex: p.sex.clone(),
        birth_date: p.birth_date.to_string(),
        national_id: p.national_id.clone().unwrap_or_default(),
        phone: p.phone.clone().unwrap_or_default(),
        governorate: p.governorate_code.clone(),
        household_id: p.household_id.to_string(),
        ..InputRecord::default()
    }
}

/// Checks every member of `draft` against the registry, leaving out `exclude` (the
/// household itself when it is already stored). Only members with a `match` or
/// `review` candidate are listed, best candidate first.
pub async fn check_household(
    store: &Store,
    access: &Access,
    draft: &HouseholdDraft,
    exclude: Option<HouseholdId>,
) -> Result<Vec<MemberDuplicates>, StoreError> {
    let phones: Vec<&Phone> = draft.phone.iter().chain(draft.alt_phone.iter()).collect();
    let mut out = Vec::new();
    for (i, member) in draft.members.iter().enumerate() {
        let probe = DuplicateProbe::of(member, &phones, exclude);
        let candidates = store.duplicate_probe(access, &probe).await?;
        if candidates.is_empty() {
            continue;
        }
        let incoming = draft_record(member, draft.governorate.as_str(), draft.phone.as_ref());
        let records: Vec<InputRecord> = candidates.iter().map(registry_record).collect();
        let scored = realtime::check(
            &incoming,
            &records,
            &Model::default(),
            &Thresholds::default(),
        )
        .map_err(|(_, e)| StoreError::Corrupt(format!("a stored person does not parse: {e}")))?;
        let found: Vec<FoundDuplicate> = scored
            .into_iter()
            .filter_map(|c| {
                let b = band(c.band)?;
                let p = &candidates[c.index];
                Some(FoundDuplicate {
                    person_id: PersonId(p.person_id),
                    household_id: HouseholdId(p.household_id),
                    governorate: p.governorate_code.clone(),
                    score: c.score,
                    band: b,
                    seen: p.visible.then(|| SeenPerson {
                        full_name: p.full_name(),
                        sex: p.sex.clone(),
                        birth_date: p.birth_date,
                        national_id: p.national_id.clone(),
                        reason_en: c.reason_en.clone(),
                        reason_ar: c.reason_ar.clone(),
                        reasons: c.reasons.clone(),
                    }),
                    review_reasons: (c.reason_en.clone(), c.reason_ar.clone(), c.reasons.clone()),
                })
            })
            .collect();
        if !found.is_empty() {
            out.push(MemberDuplicates { member: i, found });
        }
    }
    Ok(out)
}

/// Queues what `check_household` found once the household is stored as `stored`
/// (its members in draft order), so a reviewer settles each pair.
pub async fn queue_found(
    store: &Store,
    access: &Access,
    stored: &Household,
    found: &[MemberDuplicates],
    source: DuplicateSource,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let mut pairs = Vec::new();
    for m in found {
        let Some(member) = stored.members.get(m.member) else {
            continue;
        };
        for f in &m.found {
            // Reasons for a pair the caller could not see are written for the reviewer.
            let (reason_en, reason_ar, reasons) = f.review_reasons.clone();
            pairs.push(QueuedPair {
                a: member.id,
                b: f.person_id,
                score: f.score,
                band: f.band,
                reason_en,
                reason_ar,
                reasons,
            });
        }
    }
    store.queue_duplicates(access, &pairs, source, now).await
}

/// Reasons in English, in Arabic, and as codes.
type Explained = (String, String, Vec<String>);

/// What a registry scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanReport {
    pub persons: usize,
    pub compared_pairs: usize,
    pub queued: u64,
}

/// Runs the batch resolver over every living person the caller may see and queues
/// each `match` and `review` pair. Pairs already decided stay decided.
pub async fn scan_registry(store: &Store, access: &Access) -> Result<ScanReport, StoreError> {
    let mut records = Vec::new();
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = store.households_page(access, after, 5_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for h in &page {
            for m in h.members.iter().filter(|m| m.date_of_death.is_none()) {
                let mut r = draft_record(&m.draft, h.governorate.as_str(), h.phone.as_ref());
                r.record_id = m.id.0.to_string();
                r.household_id = h.id.0.to_string();
                records.push(r);
                ids.push(m.id);
            }
        }
    }
    let persons = records.len();
    let scored = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let d = tadamun_resolve::Dataset::from_records(&records)
            .map_err(|(i, e)| format!("person {i}: {e}"))?;
        let config = DedupConfig::default();
        // A small registry keeps the hand-set weights: the resolver decides that.
        let outcome = tadamun_resolve::dedup(&d, &config);
        let compared = outcome.candidates;
        let model = outcome.model;
        let pairs: Vec<(u32, u32, f32, Band)> = outcome
            .pairs
            .iter()
            .map(|e| (e.a, e.b, e.score, e.band))
            .collect();
        let queued: Vec<(u32, u32, f64, DuplicateBand, Explained)> = pairs
            .into_iter()
            .filter_map(|(a, b, score, pair_band)| {
                let found = band(pair_band)?;
                let why = realtime::explain_pair(&d, &model, &config.thresholds, a, b);
                Some((a, b, f64::from(score), found, why))
            })
            .collect();
        Ok((compared, queued))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("the scan stopped: {e}")))?
    .map_err(StoreError::Corrupt)?;
    let (compared_pairs, found) = scored;
    let pairs: Vec<QueuedPair> = found
        .into_iter()
        .map(
            |(a, b, score, band, (reason_en, reason_ar, reasons))| QueuedPair {
                a: ids[a as usize],
                b: ids[b as usize],
                score,
                band,
                reason_en,
                reason_ar,
                reasons,
            },
        )
        .collect();
    let queued = store
        .queue_duplicates(access, &pairs, DuplicateSource::Batch, tadamun_store::now())
        .await?;
    Ok(ScanReport {
        persons,
        compared_pairs,
        queued,
    })
}

//! Running a programme over the registry: the stored version is compiled against the
//! country pack, every covered household is read into memory (selection ranks them
//! all), decision records are built and encoded in their stored form on the blocking
//! pool and written by the store in one transaction while the next chunk is built. Also saving a version (compiled
//! first, so a bad rule never reaches the store) and seeding the pack's examples.

use tadamun_domain::{access::Access, country_pack::CountryPack, ids::HouseholdId};
use tadamun_store::{
    Store, StoreError,
    programmes::{RunKind, RunTotals, StoredProgramme},
};
use tadamun_targeting::{
    assess::{Applicant, RuleDetail},
    decision,
    programme::{ProgrammeError, ProgrammeVersion, SelectionMode, pack_programmes},
    stored::EncodedDecision,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Households read per page, and decision records written per chunk.
const PAGE: i64 = 20_000;
const CHUNK: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeFailure {
    /// The definition does not check: a rule names its line and column, a model its
    /// variable.
    #[error("{0}")]
    Invalid(#[from] ProgrammeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("scoring stopped: {0}")]
    Interrupted(String),
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    pub run_id: Uuid,
    pub programme_key: String,
    pub programme_version: u32,
    pub totals: RunTotals,
    /// Reading the households from the store.
    pub load_time: std::time::Duration,
    /// Scoring them and writing every decision record.
    pub decide_time: std::time::Duration,
}

/// Checks a definition against the pack, then saves it as a draft.
pub async fn save_programme(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    definition: &ProgrammeVersion,
    now: OffsetDateTime,
) -> Result<Uuid, ProgrammeFailure> {
    definition.compile(pack)?;
    Ok(store
        .save_programme_version(access, definition, now)
        .await?)
}

/// Saves the pack's example programmes that are not stored yet; returns their keys.
pub async fn seed_pack_programmes(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    now: OffsetDateTime,
) -> Result<Vec<String>, ProgrammeFailure> {
    let mut seeded = Vec::new();
    for p in pack_programmes(pack.country)? {
        match store.programme_version(access, &p.key, None).await {
            Ok(_) => continue,
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        save_programme(store, access, pack, &p, now).await?;
        seeded.push(p.key);
    }
    Ok(seeded)
}

/// Why the households are read: a run writes decisions (`programme.manage`); a
/// simulation writes nothing (`programme.read`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFor {
    Run,
    Simulation,
}

/// Every household a run of `definition` scores, as applicants, in id order. The
/// registry is read in one id range per core at once: reading is most of a national
/// run, and each range is a separate database connection.
pub async fn load_applicants(
    store: &Store,
    access: &Access,
    definition: &ProgrammeVersion,
    purpose: ReadFor,
) -> Result<Vec<Applicant>, StoreError> {
    let parts = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let points = store
        .scoring_split_points(access, definition, parts)
        .await?;
    let mut ranges = Vec::new();
    let mut after = None;
    for until in points.into_iter().map(Some).chain([None]) {
        ranges.push((after, until));
        after = until;
    }
    let reads: Vec<_> = ranges
        .into_iter()
        .map(|(after, until)| {
            let (store, access, definition) = (store.clone(), access.clone(), definition.clone());
            tokio::spawn(async move {
                read_range(&store, &access, &definition, purpose, after, until).await
            })
        })
        .collect();
    let mut all = Vec::new();
    for read in reads {
        let range = read
            .await
            .map_err(|e| StoreError::Corrupt(format!("reading households: {e}")))??;
        all.extend(range);
    }
    Ok(all)
}

/// The households after `after`, up to `until`, page by page.
async fn read_range(
    store: &Store,
    access: &Access,
    definition: &ProgrammeVersion,
    purpose: ReadFor,
    mut after: Option<HouseholdId>,
    until: Option<HouseholdId>,
) -> Result<Vec<Applicant>, StoreError> {
    let mut all = Vec::new();
    loop {
        let page = match purpose {
            ReadFor::Run => {
                store
                    .applicants_page(access, definition, after, until, PAGE)
                    .await?
            }
            ReadFor::Simulation => {
                store
                    .simulation_applicants_page(access, definition, after, until, PAGE)
                    .await?
            }
        };
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        all.extend(page);
    }
    Ok(all)
}

/// Scores every covered household with the newest version of `key` and stores a
/// decision record for each; the version is frozen by the run.
#[tracing::instrument(skip_all, fields(key))]
pub async fn run_programme(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    key: &str,
    as_of: Date,
) -> Result<RunReport, ProgrammeFailure> {
    let started = std::time::Instant::now();
    let stored = store.programme_version(access, key, None).await?;
    let applicants = load_applicants(store, access, &stored.definition, ReadFor::Run).await?;
    let load_time = started.elapsed();
    let mut report = score_and_store(store, access, pack, &stored, applicants, as_of).await?;
    report.load_time = load_time;
    report.decide_time = started.elapsed() - load_time;
    Ok(report)
}

async fn score_and_store(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    stored: &StoredProgramme,
    applicants: Vec<Applicant>,
    as_of: Date,
) -> Result<RunReport, ProgrammeFailure> {
    let compiled = stored.definition.compile(pack)?;
    let budget_ranked = stored.definition.selection == SelectionMode::BudgetRanked;
    let mut writer = store
        .begin_decision_run(
            access,
            stored,
            RunKind::Registry,
            as_of,
            tadamun_store::now(),
        )
        .await?;
    // Two chunks in flight: one being written while the next is built.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<EncodedDecision>>(2);
    let span = tracing::Span::current();
    let scoring = tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        decision::decide_encoded_chunks(
            &compiled,
            &applicants,
            as_of,
            RuleDetail::Needed,
            CHUNK,
            |chunk| {
                // A closed channel means the writer failed; its error is reported.
                let _ = tx.blocking_send(chunk);
            },
        );
    });
    let mut marginal = None;
    while let Some(chunk) = rx.recv().await {
        if budget_ranked && marginal.is_none() {
            marginal = chunk.iter().find_map(|r| r.cut_off);
        }
        writer.write_encoded(chunk, |_| None).await?;
    }
    scoring
        .await
        .map_err(|e| ProgrammeFailure::Interrupted(e.to_string()))?;
    let run_id = writer.id();
    let totals = writer.finish(marginal).await?;
    Ok(RunReport {
        run_id,
        programme_key: stored.definition.key.clone(),
        programme_version: stored.definition.version,
        totals,
        load_time: Default::default(),
        decide_time: Default::default(),
    })
}

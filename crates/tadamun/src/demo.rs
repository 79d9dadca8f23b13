//! The demo: a SQLite registry seeded with synthetic households (with their true
//! consumption, kept as ground truth for the policy simulator), an admin user, and
//! the server, in one command on a fresh machine.

use std::{net::SocketAddr, path::Path};

use anyhow::Context;
use rand::{RngExt, distr::Alphanumeric};
use tadamun_domain::{
    access::{AreaScope, BuiltinRole},
    country::Country,
};
use tadamun_store::access::Grants;
use tadamun_synth::{SynthConfig, consumption::true_consumption, generate};

use crate::{
    commands::serve,
    config::{Config, open_store},
};

const BATCH: usize = 2_000;

pub async fn run(
    addr: SocketAddr,
    data_dir: &Path,
    households: usize,
    admin_password: Option<String>,
    seed: u64,
    country: Country,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    // Jordan keeps the first demo's file name, so an existing demo is found again.
    let db_path = match country {
        Country::Jordan => data_dir.join("demo.db"),
        other => data_dir.join(format!("demo-{}.db", other.code().to_lowercase())),
    };
    let config = Config {
        database_url: format!("sqlite://{}", db_path.display()),
        addr,
        metrics_addr: None,
        country: country.code().into(),
        secure_cookies: false,
        ..Config::default()
    };
    let pack = config.pack()?;
    let store = open_store(&config.database_url, &pack).await?;
    let existing = store
        .count_households(&tadamun_domain::access::Access::system("demo"))
        .await?;
    if existing == 0 && households > 0 {
        println!(
            "seeding {households} synthetic households into {} …",
            db_path.display()
        );
        seed_synthetic(&store, households, seed, pack.country).await?;
        let planted = plant_re_registrations(&store, &pack, households, seed).await?;
        let scan = tadamun_services::duplicates::scan_registry(
            &store,
            &tadamun_domain::access::Access::system("demo"),
        )
        .await?;
        println!(
            "registered {planted} families a second time at another office; the duplicate scan queued {} pairs for review at /duplicates",
            scan.queued
        );
        let runs = run_example_programmes(&store, &pack).await?;
        crate::demo_payments::pay_first_cycle(&store, &pack, &runs)
            .await
            .context("paying the demo's first cycle")?;
        let partners = crate::demo_partners::seed_partners(&store, &pack)
            .await
            .context("seeding the demo's partners")?;
        println!(
            "registered {partners} partner organisations with their services; see /partners and /partners/map"
        );
        if pack.country == Country::Palestine {
            let groups = crate::demo_planning::seed_planning(&store, &pack)
                .await
                .context("seeding the demo's planning groups")?;
            println!(
                "seeded {groups} planning groups with a year of meetings, adopted priorities and this year's plans; see /planning and /planning/national-plan"
            );
        }
        let trained = crate::demo_training::seed_training(&store, &pack)
            .await
            .context("seeding the demo's staff training")?;
        println!(
            "seeded {} training courses, {} sessions and {} certificates; {} required trainings are missing, see /training/report",
            trained.courses, trained.sessions, trained.certificates, trained.missing
        );
    } else {
        println!(
            "using the existing demo registry in {} ({existing} households)",
            db_path.display()
        );
    }
    let password = match admin_password {
        Some(p) => p,
        None => rand::rng()
            .sample_iter(&Alphanumeric)
            .take(16)
            .map(char::from)
            .collect(),
    };
    crate::commands::check_password(&password).context("--admin-password")?;
    let hash = tadamun_web::auth::hash_password(&password)?;
    let now = tadamun_store::now();
    match store.user_by_username("admin").await? {
        Some(u) => store.set_password_hash(u.user.id, &hash, now).await?,
        None => {
            store
                .create_user(
                    "admin",
                    "مدير النظام",
                    &hash,
                    &Grants {
                        roles: [BuiltinRole::SystemAdmin.as_str().to_owned()].into(),
                        scope: AreaScope::National,
                    },
                    now,
                )
                .await?;
        }
    }
    println!();
    println!("  tadamun demo is running at http://{addr}/");
    println!("  log in as: admin");
    println!("  password:  {password}");
    println!("  (administrators enrol two-step verification at their first login:");
    println!("   have an authenticator app ready)");
    if pack.country == Country::Palestine {
        for (user, password) in crate::demo_planning::secretary_passwords(&store, &pack).await? {
            println!("  planning-group secretary: {user}  password: {password}");
        }
    }
    println!();
    serve(&config, pack.country, store).await
}

/// Saves the pack's example programmes and scores the registry with each, so the
/// programme pages and every household page show decisions on first start; returns
/// each programme's run.
async fn run_example_programmes(
    store: &tadamun_store::Store,
    pack: &tadamun_domain::country_pack::CountryPack,
) -> anyhow::Result<Vec<(String, uuid::Uuid)>> {
    use tadamun_services::programmes;
    let system = tadamun_domain::access::Access::system("demo");
    let now = tadamun_store::now();
    // Opening the store seeded them already; every example is run either way.
    programmes::seed_pack_programmes(store, &system, pack, now)
        .await
        .context("saving the example programmes")?;
    let keys = tadamun_targeting::programme::pack_programmes(pack.country)?
        .into_iter()
        .map(|p| p.key);
    let mut runs = Vec::new();
    for key in keys {
        let r = programmes::run_programme(store, &system, pack, &key, now.date())
            .await
            .with_context(|| format!("running the example programme {key}"))?;
        println!(
            "programme {key} (illustrative): {} households decided, {} eligible, {} on the waiting list; see /programmes",
            r.totals.households, r.totals.eligible, r.totals.waiting_list
        );
        runs.push((key, r.run_id));
    }
    Ok(runs)
}

/// Families registered a second time at another office, so the review queue has work:
/// hamza dropped from given names, no documents, no phone, another governorate.
async fn plant_re_registrations(
    store: &tadamun_store::Store,
    pack: &tadamun_domain::country_pack::CountryPack,
    households: usize,
    seed: u64,
) -> anyhow::Result<usize> {
    const PLANTED: usize = 12;
    let now = tadamun_store::now();
    let system = tadamun_domain::access::Access::system("demo");
    let mut planted = 0;
    let drafts = generate(&SynthConfig {
        seed,
        households,
        country: pack.country,
        today: now.date(),
    })
    .step_by((households / PLANTED).max(1))
    .take(PLANTED);
    let mut truth = Vec::new();
    for h in drafts {
        // The same family registered again: the same true consumption.
        let consumption = true_consumption(&h, pack.country, now.date());
        let mut d = h.draft;
        let elsewhere = pack
            .governorates
            .iter()
            .find(|g| g.code != d.governorate.as_str())
            .map(|g| g.code.clone());
        if let Some(code) = elsewhere {
            d.governorate = pack
                .governorate(&code)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        d.district = None;
        d.phone = None;
        d.alt_phone = None;
        for m in &mut d.members {
            m.documents.clear();
            let folded: String = m
                .name
                .given
                .as_str()
                .chars()
                .map(|c| {
                    if matches!(c, 'أ' | 'إ' | 'آ') {
                        'ا'
                    } else {
                        c
                    }
                })
                .collect();
            if let Ok(g) = tadamun_domain::person::NamePart::parse("given_name", &folded) {
                m.name.given = g;
            }
        }
        let id = store.create_household(&system, &d, now).await?;
        truth.push((id, consumption));
        planted += 1;
    }
    store.record_synthetic_truth(&system, &truth, now).await?;
    Ok(planted)
}

/// Loads the synthetic registry through the same bulk path as a file import.
async fn seed_synthetic(
    store: &tadamun_store::Store,
    households: usize,
    seed: u64,
    country: Country,
) -> anyhow::Result<()> {
    let now = tadamun_store::now();
    let sha = format!("synthetic:{country}:{seed}:{households}");
    let run = store
        .start_import_run(
            "synthetic demo registry",
            &sha,
            tadamun_store::import::ImportMode::ValidRows,
            households as i64,
            None,
            now,
        )
        .await?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut imported = 0;
    // True consumption by source row (from 1), kept once the households have ids.
    let mut truth = Vec::with_capacity(households);
    for (i, h) in generate(&SynthConfig {
        seed,
        households,
        country,
        today: now.date(),
    })
    .enumerate()
    {
        truth.push(true_consumption(&h, country, now.date()));
        batch.push((i as i64 + 1, h.draft));
        if batch.len() == BATCH {
            imported += write_batch(store, run, &sha, &batch).await?;
            batch.clear();
        }
    }
    imported += write_batch(store, run, &sha, &batch).await?;
    let counts = tadamun_store::import::ImportCounts {
        imported: imported as i64,
        skipped: 0,
    };
    store
        .finish_import_run(
            run,
            tadamun_store::import::ImportStatus::Completed,
            counts,
            &[],
            tadamun_store::now(),
        )
        .await?;
    let system = tadamun_domain::access::Access::system("demo");
    let rows: Vec<_> = store
        .imported_households(&system, &sha)
        .await?
        .into_iter()
        .filter_map(|(row, id)| Some((id, *truth.get(usize::try_from(row - 1).ok()?)?)))
        .collect();
    store.record_synthetic_truth(&system, &rows, now).await?;
    store.refresh_statistics().await?;
    Ok(())
}

async fn write_batch(
    store: &tadamun_store::Store,
    run: tadamun_domain::ids::ImportRunId,
    sha: &str,
    batch: &[(i64, tadamun_domain::household::HouseholdDraft)],
) -> anyhow::Result<u64> {
    if batch.is_empty() {
        return Ok(0);
    }
    let mut writer = store
        .import_writer(run, sha, None, tadamun_store::now())
        .await?;
    writer.insert(batch).await?;
    Ok(writer.commit().await?)
}

/// Writes a synthetic registry as an import file; returns the number of person rows.
pub fn write_synthetic_csv(
    path: &Path,
    households: usize,
    seed: u64,
    country: Country,
) -> anyhow::Result<u64> {
    let pack = tadamun_domain::country_pack::CountryPack::builtin(country);
    let today = time::OffsetDateTime::now_utc().date();
    let out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    let rows = generate(&SynthConfig {
        seed,
        households,
        country,
        today,
    })
    .enumerate()
    .map(|(i, h)| (format!("H{:07}", i + 1), h.draft));
    Ok(tadamun_interchange::write_households_csv(out, rows, &pack)?)
}

//! Command-line programme and payment work for administrators and benchmarks: saving
//! a programme version from a file, enrolling a run, and making a cycle's payment
//! batch as a named finance officer (maker-checker needs a person, not the system).

use std::path::Path;

use anyhow::Context;
use tadamun_domain::{
    access::Access, country::Country, country_pack::CountryPack, payment::ProviderKind,
};
use tadamun_store::Store;
use tadamun_targeting::{
    payments::cycle::CyclePeriod,
    programme::{ProgrammeVersion, pack_programmes_from_toml},
};
use uuid::Uuid;

/// Saves each programme version in a TOML file (`[[programmes]]` tables, as in a
/// country pack) or a JSON file (one version), checked against the pack first.
pub async fn save_programmes(store: &Store, pack: &CountryPack, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let versions: Vec<ProgrammeVersion> = if file.extension().is_some_and(|e| e == "json") {
        vec![
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a programme version", file.display()))?,
        ]
    } else {
        pack_programmes_from_toml(&text).with_context(|| format!("{}", file.display()))?
    };
    let system = Access::system("cli");
    for v in &versions {
        tadamun_services::programmes::save_programme(store, &system, pack, v, tadamun_store::now())
            .await
            .with_context(|| format!("{} version {}", v.key, v.version))?;
        println!("saved {} version {} as a draft", v.key, v.version);
    }
    Ok(())
}

/// Applies a finished run's outcomes to its programme's roster.
pub async fn enrol(store: &Store, run_id: Uuid) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let r = store
        .enrol_run(&Access::system("cli"), run_id, tadamun_store::now())
        .await
        .context("enrolling the run")?;
    println!(
        "{}: {} joined, {} recertified, {} left, {} held, {} waiting; enrolled in {:.2} s",
        r.programme_key,
        r.joined,
        r.recertified,
        r.left,
        r.held,
        r.waiting,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Makes the draft batch of `key` for a cycle (the current one by default) as the
/// finance officer `maker`, and says how long building and storing it took.
pub async fn payment_batch(
    store: &Store,
    pack: &CountryPack,
    key: &str,
    cycle: Option<&str>,
    provider: Option<&str>,
    maker: &str,
) -> anyhow::Result<()> {
    let user = store
        .user_by_username(maker)
        .await?
        .with_context(|| format!("--maker {maker}: no such user"))?;
    let access = store
        .user_access(user.user.id, None)
        .await?
        .with_context(|| format!("--maker {maker}: the user is deactivated"))?;
    let now = tadamun_store::now();
    let definition = store
        .programme_version(&access, key, None)
        .await?
        .definition;
    let cycle = match cycle {
        Some(c) => CyclePeriod::parse(c).map_err(|e| anyhow::anyhow!("--cycle: {}", e.message))?,
        None => CyclePeriod::containing(definition.cycle, now.date()),
    };
    let provider = match provider {
        Some(p) => {
            ProviderKind::parse(p).map_err(|e| anyhow::anyhow!("--provider: {}", e.message))?
        }
        None if pack.country == Country::Palestine => ProviderKind::Bank,
        None => ProviderKind::EWallet,
    };
    let started = std::time::Instant::now();
    let b = store
        .create_payment_batch(&access, key, cycle, provider, now)
        .await
        .with_context(|| format!("making the {cycle} batch of {key}"))?;
    println!(
        "batch {} of {key} for {cycle}: {} payments, {} minor units, {} households unreachable; built and stored in {:.2} s",
        b.id.0,
        b.line_count,
        b.total_amount.0,
        b.unreachable,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

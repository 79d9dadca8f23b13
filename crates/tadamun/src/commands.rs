//! What each subcommand does. Each is a short script over the store, the services and
//! the web application; the work itself lives in those crates.

use std::{io::Read, process::ExitCode};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use tadamun_domain::{
    access::AreaScope, audit::AuditVerdict, country::Country, user::parse_username,
};
use tadamun_services::import::{ImportRequest, run_import};
use tadamun_store::access::Grants;
use tadamun_store::import::{ImportMode, ImportStatus};
use tadamun_web::{AppConfig, Application};

use crate::{
    cli::{AuditAction, Cli, Command, DbArgs, Mode, RoleAction, UserAction},
    config::{Config, connect_existing, open_store},
    demo,
};

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve {
            db,
            addr,
            metrics_addr,
        } => {
            let mut config = Config::load(&db)?;
            config.addr = addr.unwrap_or(config.addr);
            config.metrics_addr = metrics_addr.or(config.metrics_addr);
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            serve(&config, pack.country, store).await?;
        }
        Command::Demo {
            addr,
            data_dir,
            households,
            admin_password,
            seed,
            country,
        } => {
            let country =
                Country::parse(&country).map_err(|e| anyhow::anyhow!("--country: {e}"))?;
            demo::run(addr, &data_dir, households, admin_password, seed, country).await?;
        }
        Command::Migrate { db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            println!("database is up to date ({})", store.backend_name());
        }
        Command::Import {
            file,
            db,
            mode,
            batch_size,
            errors,
        } => return import(file, db, mode, batch_size, errors).await,
        Command::Export { file, db, ltr } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            let is_xlsx = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if is_xlsx {
                let bytes = tadamun_services::export::export_xlsx(
                    &store,
                    &tadamun_domain::access::Access::system("cli"),
                    &pack,
                    !ltr,
                )
                .await?;
                std::fs::write(&file, bytes)
                    .with_context(|| format!("writing {}", file.display()))?;
            } else {
                let out = std::io::BufWriter::new(
                    std::fs::File::create(&file)
                        .with_context(|| format!("creating {}", file.display()))?,
                );
                let (mut out, rows) = tadamun_services::export::export_csv_to(
                    &store,
                    &tadamun_domain::access::Access::system("cli"),
                    &pack,
                    out,
                )
                .await?;
                std::io::Write::flush(&mut out)?;
                println!("exported {rows} persons to {}", file.display());
            }
        }
        Command::Dedup {
            input,
            output,
            pairs,
            threads,
        } => {
            let s =
                tadamun_resolve::csv_io::dedup_files(&input, &output, pairs.as_deref(), threads)?;
            println!(
                "{} records, {} clusters, {} pairs matched, {} for review",
                s.records, s.clusters, s.matched_pairs, s.review_pairs
            );
        }
        Command::ScanDuplicates { db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let started = std::time::Instant::now();
            let report = tadamun_services::duplicates::scan_registry(
                &store,
                &tadamun_domain::access::Access::system("cli"),
            )
            .await
            .context("scanning the registry")?;
            println!(
                "{} persons scanned, {} pairs compared, {} pairs queued for review in {:.1} s",
                report.persons,
                report.compared_pairs,
                report.queued,
                started.elapsed().as_secs_f64()
            );
        }
        Command::RunProgramme {
            db,
            key,
            as_of,
            enrol,
        } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            let run = run_programme(&store, &pack, key.as_deref(), as_of.as_deref()).await?;
            if let (true, Some(run)) = (enrol, run) {
                crate::payment_commands::enrol(&store, run).await?;
            }
        }
        Command::Simulate {
            db,
            key,
            changes,
            as_of,
        } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            simulate(&store, &pack, &key, &changes, as_of.as_deref()).await?;
        }
        Command::SaveProgramme { db, file } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            crate::payment_commands::save_programmes(&store, &pack, &file).await?;
        }
        Command::PaymentBatch {
            db,
            key,
            cycle,
            provider,
            maker,
        } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            crate::payment_commands::payment_batch(
                &store,
                &pack,
                &key,
                cycle.as_deref(),
                provider.as_deref(),
                &maker,
            )
            .await?;
        }
        Command::EscalateGrievances { db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let system = tadamun_domain::access::Access::system("cli");
            let mut total = 0;
            loop {
                let n = store
                    .escalate_overdue_grievances(&system, tadamun_store::now())
                    .await
                    .context("escalating grievances")?;
                total += n;
                if (n as i64) < tadamun_store::grievances::ESCALATION_BATCH {
                    break;
                }
            }
            println!("{total} grievances escalated");
        }
        Command::Synth {
            file,
            households,
            seed,
            country,
        } => {
            let country = Country::parse(&country).map_err(|e| anyhow::anyhow!("{e}"))?;
            let rows = demo::write_synthetic_csv(&file, households, seed, country)?;
            println!(
                "wrote {households} households ({rows} persons) to {}",
                file.display()
            );
        }
        Command::User { action } => user(action).await?,
        Command::Role { action } => role(action).await?,
        Command::Audit {
            action: AuditAction::Verify { db },
        } => return audit_verify(db).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(
    config: &Config,
    country: Country,
    store: tadamun_store::Store,
) -> anyhow::Result<()> {
    let mut app_config = AppConfig::new(config.addr, country);
    app_config.metrics_addr = config.metrics_addr;
    app_config.secure_cookies = config.secure_cookies;
    app_config.session_ttl = config.session_ttl();
    app_config.session_idle = std::time::Duration::from_secs(config.session_idle_minutes * 60);
    app_config.login_attempts_per_minute = config.login_attempts_per_minute;
    app_config.transparency_threshold =
        tadamun_domain::disclosure::Threshold::new(config.transparency_k)
            .map_err(|e| anyhow::anyhow!("transparency_k: {}", e.message))?;
    app_config.portal_refresh = std::time::Duration::from_secs(config.portal_refresh_minutes * 60);
    let app = Application::build(app_config, store).await?;
    tracing::info!(port = app.port(), metrics_port = ?app.metrics_port(), "serving");
    app.run_until(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

async fn import(
    file: std::path::PathBuf,
    db: DbArgs,
    mode: Mode,
    batch_size: usize,
    errors: Option<std::path::PathBuf>,
) -> anyhow::Result<ExitCode> {
    let config = Config::load(&db)?;
    let pack = config.pack()?;
    let store = open_store(&config.database_url, &pack).await?;
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} rows ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let mode = match mode {
        Mode::AllOrNothing => ImportMode::AllOrNothing,
        Mode::ValidRows => ImportMode::ValidRows,
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = run_import(
        &store,
        &pack,
        ImportRequest {
            file_name: &name,
            bytes: &bytes,
            mode,
            access: &tadamun_domain::access::Access::system("cli"),
            batch_size,
        },
        &progress,
    )
    .await?;
    bar.finish_and_clear();
    let run = &report.run;
    println!(
        "{}: {:?}; {} rows, {} households imported, {} already imported (skipped), {} rows with errors",
        file.display(),
        run.status,
        run.total_rows,
        run.imported_households,
        run.skipped_households,
        run.error_rows
    );
    match report.duplicates_queued {
        Some(n) => println!("duplicate check: {n} possible duplicate pairs queued for review"),
        None if run.imported_households > 0 => println!(
            "duplicate check: the file is too large to check household by household; run `tadamun scan-duplicates`"
        ),
        None => {}
    }
    if !report.errors.is_empty() {
        let path = errors.unwrap_or_else(|| file.with_extension("errors.csv"));
        let mut out =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let rows: Vec<tadamun_interchange::RowError> = report
            .errors
            .iter()
            .map(|e| tadamun_interchange::RowError {
                row: e.row as u64,
                column: e.column.clone(),
                household_ref: e.household_ref.clone(),
                code: e.code.clone(),
                message: e.message.clone(),
            })
            .collect();
        tadamun_interchange::write_error_report_csv(&rows, &mut out)?;
        for e in report.errors.iter().take(10) {
            println!("  row {} column {}: {}", e.row, e.column, e.message);
        }
        println!("error report: {}", path.display());
    }
    Ok(if run.status == ImportStatus::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Checks the audit log's hash chain. Read-only: it neither migrates nor creates the
/// database, so an auditor can run it with read-only credentials.
async fn audit_verify(db: DbArgs) -> anyhow::Result<ExitCode> {
    let config = Config::load(&db)?;
    let store = connect_existing(&config.database_url).await?;
    let verdict = store
        .verify_audit_chain()
        .await
        .context("reading the audit log")?;
    Ok(match verdict {
        AuditVerdict::Intact {
            entries,
            head_seq,
            head_hash,
        } => {
            println!("audit log intact: {entries} entries, head {head_hash} (entry {head_seq})");
            ExitCode::SUCCESS
        }
        AuditVerdict::Broken(b) => {
            println!(
                "audit log broken at entry {}: {} ({})",
                b.seq, b.kind, b.detail
            );
            ExitCode::from(2)
        }
    })
}

fn read_new_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("TADAMUN_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_to_string(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// The shared password policy (length and the common-password list).
pub(crate) fn check_password(p: &str) -> anyhow::Result<()> {
    tadamun_domain::password::NewPassword::parse(p).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// The command line acts as the system, under this name in the audit log.
fn cli_actor() -> tadamun_domain::access::Access {
    tadamun_domain::access::Access::system("cli")
}

async fn find_user(
    store: &tadamun_store::Store,
    username: &str,
) -> anyhow::Result<tadamun_domain::ids::UserId> {
    Ok(store
        .user_by_username(username)
        .await?
        .with_context(|| format!("no user named {username}"))?
        .user
        .id)
}

async fn role(action: RoleAction) -> anyhow::Result<()> {
    match action {
        RoleAction::List { db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            for r in store.roles().await? {
                let perms: Vec<&str> = r.permissions.iter().map(|p| p.as_str()).collect();
                let two_factor = if r.requires_two_factor { "2fa" } else { "-" };
                println!(
                    "{}\t{}\t{}\t{}",
                    r.code,
                    two_factor,
                    r.name_en,
                    perms.join(" ")
                );
            }
        }
        RoleAction::TwoFactor { role, required, db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let current = store
                .roles()
                .await?
                .into_iter()
                .find(|r| r.code == role)
                .ok_or_else(|| anyhow::anyhow!("{role}: no such role; see `tadamun role list`"))?;
            store
                .update_role(&role, &current.permissions, required, tadamun_store::now())
                .await?;
            let entry = tadamun_domain::access::Access::system("cli")
                .audit(
                    tadamun_domain::audit::AuditAction::RoleUpdated,
                    "role",
                    Some(role.clone()),
                    tadamun_store::now(),
                )
                .with_change(
                    Some(
                        &serde_json::json!({ "requires_two_factor": current.requires_two_factor }),
                    ),
                    Some(&serde_json::json!({ "requires_two_factor": required })),
                );
            store.record_audit(&entry).await?;
            println!(
                "role {role}: two-factor {}",
                if required { "required" } else { "optional" }
            );
        }
    }
    Ok(())
}

async fn user(action: UserAction) -> anyhow::Result<()> {
    match action {
        UserAction::Add {
            username,
            display_name,
            roles,
            governorates,
            db,
        } => {
            let config = Config::load(&db)?;
            let pack = config.pack()?;
            let store = open_store(&config.database_url, &pack).await?;
            let username = parse_username(&username).map_err(|e| anyhow::anyhow!("{e}"))?;
            let known: Vec<String> = store.roles().await?.into_iter().map(|r| r.code).collect();
            if let Some(bad) = roles.iter().find(|r| !known.contains(r)) {
                anyhow::bail!(
                    "--role {bad}: unknown role; use one of {}",
                    known.join(", ")
                );
            }
            let scope = if governorates.is_empty() {
                AreaScope::National
            } else {
                AreaScope::Governorates(
                    governorates
                        .iter()
                        .map(|g| {
                            pack.governorate(g).map_err(|_| {
                                anyhow::anyhow!(
                                    "--governorate {g}: not a governorate of {}",
                                    pack.country.code()
                                )
                            })
                        })
                        .collect::<anyhow::Result<_>>()?,
                )
            };
            let grants = Grants {
                roles: roles.into_iter().collect(),
                scope,
            };
            let password = read_new_password()?;
            check_password(&password)?;
            let hash = tadamun_web::auth::hash_password(&password)?;
            store
                .add_user(
                    &cli_actor(),
                    &username,
                    &display_name,
                    &hash,
                    &grants,
                    tadamun_store::now(),
                )
                .await
                .with_context(|| format!("adding {username}"))?;
            println!("added user {username}");
        }
        UserAction::Passwd { username, db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let id = find_user(&store, &username).await?;
            let password = read_new_password()?;
            check_password(&password)?;
            let hash = tadamun_web::auth::hash_password(&password)?;
            store
                .change_password(&cli_actor(), id, &hash, tadamun_store::now())
                .await?;
            println!("password changed for {username}");
        }
        UserAction::ResetTwoFactor { username, db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let id = find_user(&store, &username).await?;
            store
                .reset_two_factor(&cli_actor(), id, tadamun_store::now())
                .await?;
            println!(
                "two-factor login reset for {username}; they enrol again at their next login if their roles require it"
            );
        }
        UserAction::RevokeSessions { username, db } => {
            let config = Config::load(&db)?;
            let store = open_store(&config.database_url, &config.pack()?).await?;
            let id = find_user(&store, &username).await?;
            let n = store
                .revoke_user_sessions(&cli_actor(), id, None, tadamun_store::now())
                .await?;
            println!("ended {n} sessions and API tokens of {username}");
        }
    }
    Ok(())
}

fn parse_day(as_of: Option<&str>, today: time::Date) -> anyhow::Result<time::Date> {
    match as_of {
        Some(s) => time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE)
            .map_err(|e| anyhow::anyhow!("--as-of {s}: {e} (expected YYYY-MM-DD)")),
        None => Ok(today),
    }
}

/// `tadamun simulate`: the simulator over the stored registry, timed.
async fn simulate(
    store: &tadamun_store::Store,
    pack: &tadamun_domain::country_pack::CountryPack,
    key: &str,
    changes: &str,
    as_of: Option<&str>,
) -> anyhow::Result<()> {
    use tadamun_services::simulator;
    let system = tadamun_domain::access::Access::system("cli");
    let changes: Vec<simulator::Change> =
        serde_json::from_str(changes).context("--changes: a JSON array of changes")?;
    let as_of = parse_day(as_of, tadamun_store::now().date())?;
    let started = std::time::Instant::now();
    let sim = simulator::simulate_programme(store, &system, pack, key, &changes, as_of, 20)
        .await
        .map_err(|e| anyhow::anyhow!("simulating {key}: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    let c = &sim.comparison;
    for (side, s) in [("baseline", &c.baseline), ("changed", &c.changed)] {
        println!(
            "{side} {} v{}: {} households, {} beneficiaries, {} waiting, {} not decidable, cost {} minor units{}",
            s.programme,
            s.version,
            s.households,
            s.beneficiaries,
            s.waiting,
            s.not_decidable,
            s.cost.0,
            s.errors.as_ref().map_or(String::new(), |e| format!(
                ", inclusion error {:.4}, exclusion error {:.4}",
                e.inclusion_error, e.exclusion_error
            ))
        );
    }
    println!(
        "{} entered, {} left; simulated in {elapsed:.2} s",
        c.entered.len(),
        c.left.len()
    );
    Ok(())
}

/// `tadamun run-programme`: seeds the pack's examples, then lists or runs.
async fn run_programme(
    store: &tadamun_store::Store,
    pack: &tadamun_domain::country_pack::CountryPack,
    key: Option<&str>,
    as_of: Option<&str>,
) -> anyhow::Result<Option<uuid::Uuid>> {
    use tadamun_services::programmes;
    let system = tadamun_domain::access::Access::system("cli");
    let now = tadamun_store::now();
    programmes::seed_pack_programmes(store, &system, pack, now)
        .await
        .context("saving the country pack's example programmes")?;
    let Some(key) = key else {
        for p in store.programme_versions(&system).await? {
            let d = &p.definition;
            println!(
                "{} v{} ({:?}){}: {}",
                d.key,
                d.version,
                p.state,
                if d.illustrative { ", illustrative" } else { "" },
                d.name_en
            );
        }
        return Ok(None);
    };
    let as_of = parse_day(as_of, now.date())?;
    let r = programmes::run_programme(store, &system, pack, key, as_of)
        .await
        .with_context(|| format!("running programme {key}"))?;
    let t = r.totals;
    println!(
        "{} v{}: {} households read in {:.2} s, decided and stored in {:.2} s: {} eligible, {} on the waiting list, {} not eligible, {} not decidable; cost per cycle {} minor units; run {}",
        r.programme_key,
        r.programme_version,
        t.households,
        r.load_time.as_secs_f64(),
        r.decide_time.as_secs_f64(),
        t.eligible,
        t.waiting_list,
        t.not_eligible,
        t.not_decidable,
        t.total_entitlement,
        r.run_id
    );
    Ok(Some(r.run_id))
}

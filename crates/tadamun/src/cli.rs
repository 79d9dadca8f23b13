//! Command-line arguments: one subcommand per job a ministry's IT staff runs.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tadamun",
    version,
    about = "tadamun (تضامن): a social-protection registry for ministries of social development"
)]
pub struct Cli {
    /// Log filter, e.g. `info` or `tadamun=debug` (also TADAMUN_LOG).
    #[arg(long, global = true, env = "TADAMUN_LOG")]
    pub log: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is; shared by every command that needs one.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// A TOML config file (default: ./tadamun.toml if it exists).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// `sqlite://FILE` or `postgres://USER@HOST/DB` (also TADAMUN_DATABASE_URL).
    #[arg(long)]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI and API (production).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address for the UI and API (also TADAMUN_ADDR).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Internal address for Prometheus metrics (also TADAMUN_METRICS_ADDR).
        #[arg(long)]
        metrics_addr: Option<SocketAddr>,
    },
    /// Create a SQLite registry with synthetic households and serve it.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        /// Synthetic households to seed when the demo database is empty.
        #[arg(long, default_value_t = 20_000)]
        households: usize,
        /// Password for the `admin` user (default: a random one, printed).
        #[arg(long)]
        admin_password: Option<String>,
        /// Seed of the synthetic registry.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Country pack of the demo: JO (Jordan) or PS (Palestine). Each has its own
        /// database file in the data directory.
        #[arg(long, default_value = "JO")]
        country: String,
    },
    /// Apply database migrations and load the country's areas.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import households from a CSV or XLSX file (layout: crates/tadamun-interchange/LAYOUT.md).
    Import {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// Commit the valid rows and report the rest, or commit nothing if any row is bad.
        #[arg(long, value_enum, default_value_t = Mode::ValidRows)]
        mode: Mode,
        /// Households per committed batch.
        #[arg(long, default_value_t = 2_000)]
        batch_size: usize,
        /// Where to write the error report (default: FILE.errors.csv when there are errors).
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// Export every active household to CSV or XLSX (by the file's extension).
    Export {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// Write the XLSX sheet left-to-right (it is right-to-left by default).
        #[arg(long)]
        ltr: bool,
    },
    /// Write a synthetic registry to a CSV file in the import layout (for tests and benchmarks).
    Synth {
        file: PathBuf,
        #[arg(long, default_value_t = 20_000)]
        households: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long, default_value = "JO")]
        country: String,
    },
    /// Find duplicate persons in a CSV file (no database): writes record_id,cluster_id.
    Dedup {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        output: PathBuf,
        /// Also write every compared pair: left_id,right_id,score,band.
        #[arg(long)]
        pairs: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Scan the whole registry for possible duplicate persons and put each pair in the
    /// review queue (/duplicates). Pairs already decided stay decided.
    ScanDuplicates {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Score the registry with a programme's newest version and store a decision record
    /// for every covered household (the version is frozen). Without --key, lists the
    /// programmes. The country pack's example programmes are saved first if missing.
    RunProgramme {
        #[command(flatten)]
        db: DbArgs,
        /// The programme's key, e.g. `unified-cash-transfer`.
        #[arg(long)]
        key: Option<String>,
        /// The decision day (YYYY-MM-DD); today by default.
        #[arg(long)]
        as_of: Option<String>,
        /// Also apply the run's outcomes to the programme's roster and waiting list.
        #[arg(long)]
        enrol: bool,
    },
    /// Simulate changes to a programme's newest version over the whole registry, as
    /// the web simulator does, and print both sides' figures. Nothing is written.
    Simulate {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        key: String,
        /// The changes as JSON, e.g. `[{"kind":"cut_off","value":4.9}]`.
        #[arg(long, default_value = "[]")]
        changes: String,
        /// The simulation day (YYYY-MM-DD); today by default.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Save programme versions from a file, as drafts: TOML `[[programmes]]` tables as
    /// in a country pack, or one version as JSON. Each is checked first; a bad rule is
    /// named by line and column.
    SaveProgramme {
        #[command(flatten)]
        db: DbArgs,
        file: std::path::PathBuf,
    },
    /// Make a cycle's draft payment batch of a programme as a finance officer (the
    /// maker; another user approves it in the web UI).
    PaymentBatch {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        key: String,
        /// `2026-12` (monthly) or `2026-Q4` (quarterly); the current cycle by default.
        #[arg(long)]
        cycle: Option<String>,
        /// `bank` or `e_wallet`; by default banks in Palestine, e-wallets in Jordan.
        #[arg(long)]
        provider: Option<String>,
        /// The username of the finance officer making the batch.
        #[arg(long)]
        maker: String,
    },
    /// Escalate every unsettled grievance past its SLA to the supervisor level (the
    /// server also does this every 15 minutes).
    EscalateGrievances {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage staff users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// List roles, or decide which roles must sign in with two-factor.
    Role {
        #[command(subcommand)]
        action: RoleAction,
    },
    /// Check the tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the whole hash chain. Exits 0 when intact, 2 at the first edited, deleted,
    /// inserted, reordered or missing entry.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user; the password is read from TADAMUN_NEW_PASSWORD or standard input.
    Add {
        username: String,
        #[arg(long)]
        display_name: String,
        /// A role code (repeatable): system_admin, registrar, registry_supervisor,
        /// programme_officer, finance_officer, case_worker, case_supervisor,
        /// planning_member, planner, partner_user, auditor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// A governorate code the user works in (repeatable, e.g. JO-IR); none means
        /// national scope.
        #[arg(long = "governorate")]
        governorates: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Set a user's password, read from TADAMUN_NEW_PASSWORD or standard input.
    Passwd {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Turn off a user's two-factor login (a lost phone); they enrol again at their
    /// next login if their roles require it.
    #[command(name = "reset-2fa")]
    ResetTwoFactor {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// End every session and API token of a user.
    RevokeSessions {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoleAction {
    /// Print every role with its permissions and 2FA rule.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Require (or stop requiring) two-factor sign-in for everyone holding the role.
    TwoFactor {
        role: String,
        #[arg(long, action = clap::ArgAction::Set)]
        required: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Mode {
    AllOrNothing,
    ValidRows,
}

//! Configuration: defaults, then a TOML file, then `TADAMUN_*` environment variables,
//! then command-line flags, each overriding the one before.

use std::{net::SocketAddr, path::Path, time::Duration};

use anyhow::Context;
use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{country::Country, country_pack::CountryPack};
use tadamun_store::{DatabaseUrl, Store};

use crate::cli::{Cli, DbArgs};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    /// Internal listener for Prometheus; keep it off the public network.
    pub metrics_addr: Option<SocketAddr>,
    /// ISO code of the deployment's country pack: JO or PS.
    pub country: String,
    /// Secure cookies; set false only for plain-http localhost.
    pub secure_cookies: bool,
    /// Absolute lifetime of a session or API token.
    pub session_hours: u64,
    /// A browser session unused this long is over.
    pub session_idle_minutes: u64,
    /// Sign-in attempts allowed per client address per minute.
    pub login_attempts_per_minute: u32,
    /// The transparency portal never publishes a count under this (k, at least 2).
    pub transparency_k: u64,
    /// Minutes the portal serves its computed figures before recounting.
    pub portal_refresh_minutes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/tadamun.db".into(),
            addr: "127.0.0.1:8080".parse().expect("valid default address"),
            metrics_addr: Some("127.0.0.1:9090".parse().expect("valid default address")),
            country: "JO".into(),
            secure_cookies: true,
            session_hours: 8,
            session_idle_minutes: 30,
            login_attempts_per_minute: 30,
            transparency_k: 10,
            portal_refresh_minutes: 5,
        }
    }
}

impl Config {
    pub fn load(db: &DbArgs) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match &db.config {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "config file {} does not exist",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None if Path::new("tadamun.toml").exists() => {
                figment = figment.merge(Toml::file("tadamun.toml"))
            }
            None => {}
        }
        let mut config: Config = figment
            .merge(Env::prefixed("TADAMUN_").ignore(&["log", "test_database_url", "new_password"]))
            .extract()
            .context("reading configuration")?;
        if let Some(url) = &db.database_url {
            config.database_url = url.clone();
        }
        Ok(config)
    }

    pub fn pack(&self) -> anyhow::Result<CountryPack> {
        Ok(CountryPack::builtin(
            Country::parse(&self.country).map_err(|e| anyhow::anyhow!("{e}"))?,
        ))
    }

    pub fn session_ttl(&self) -> Duration {
        Duration::from_secs(self.session_hours * 3600)
    }
}

/// Opens the database, applies migrations, loads the country's areas and saves the
/// pack's example programmes that are missing (as drafts).
pub async fn open_store(url: &str, pack: &CountryPack) -> anyhow::Result<Store> {
    let url = DatabaseUrl::new(url);
    if let Some(path) = url.expose().strip_prefix("sqlite://")
        && let Some(dir) = Path::new(path.split('?').next().unwrap_or(path)).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let store = Store::connect(&url)
        .await
        .with_context(|| format!("opening {url}"))?;
    store.migrate().await.context("migrating the database")?;
    store
        .sync_areas(pack, tadamun_store::now())
        .await
        .context("loading areas")?;
    tadamun_services::programmes::seed_pack_programmes(
        &store,
        &tadamun_domain::access::Access::system("migrate"),
        pack,
        tadamun_store::now(),
    )
    .await
    .context("saving the country pack's example programmes")?;
    Ok(store)
}

/// Opens an existing database as it is: no migrations, no area sync, and a SQLite
/// file that does not exist is an error rather than a new empty registry.
pub async fn connect_existing(url: &str) -> anyhow::Result<Store> {
    let url = DatabaseUrl::new(url);
    if let Some(path) = url.expose().strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        anyhow::ensure!(Path::new(file).exists(), "no database at {file}");
    }
    Store::connect(&url)
        .await
        .with_context(|| format!("opening {url}"))
}

pub fn init_tracing(cli: &Cli) {
    let filter = cli.log.clone().unwrap_or_else(|| "info,sqlx=error".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .try_init();
}

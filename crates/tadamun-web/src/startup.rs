//! Building and running the application: bind the public and metrics listeners
//! (port 0 allowed, for tests), assemble the router, serve until shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use tadamun_domain::{country::Country, country_pack::CountryPack, disclosure::Threshold};
use tadamun_store::Store;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::{
    api, assets,
    error::{AppError, ErrorReport},
    metrics::{self, Metrics},
    routes, security, session,
    state::{AppState, Inner},
    views,
};

/// Everything the web layer needs to know from the deployment's settings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub addr: SocketAddr,
    /// The internal listener for `/metrics`; `None` serves no metrics.
    pub metrics_addr: Option<SocketAddr>,
    pub country: Country,
    /// Set cookies `Secure` (and use the `__Host-` name). Off only for plain-HTTP localhost.
    pub secure_cookies: bool,
    /// Absolute lifetime of a session or API token, however active.
    pub session_ttl: Duration,
    /// A browser session unused for this long is over.
    pub session_idle: Duration,
    /// Sign-in attempts (`POST /login`, its second step, `POST /api/v1/sessions`)
    /// allowed per client address per minute.
    pub login_attempts_per_minute: u32,
    /// Citizen status lookups (`POST /lookup`) allowed per client address per minute.
    pub lookup_attempts_per_minute: u32,
    /// How often the server escalates grievances past their SLA; `None` never.
    pub escalation_every: Option<Duration>,
    /// Households per committed batch when an import keeps valid rows.
    pub import_batch_size: usize,
    /// Counts under this are never published on the transparency portal.
    pub transparency_threshold: Threshold,
    /// How long the portal's computed content is served before it is recomputed.
    pub portal_refresh: Duration,
}

impl AppConfig {
    /// Sensible defaults for a country on an address: 8-hour sessions that end after
    /// 30 idle minutes, 30 sign-in attempts a minute per address, secure cookies.
    pub fn new(addr: SocketAddr, country: Country) -> Self {
        Self {
            addr,
            metrics_addr: None,
            country,
            secure_cookies: true,
            session_ttl: Duration::from_secs(8 * 3600),
            session_idle: Duration::from_secs(30 * 60),
            login_attempts_per_minute: 30,
            lookup_attempts_per_minute: 10,
            escalation_every: Some(Duration::from_secs(15 * 60)),
            import_batch_size: 1000,
            transparency_threshold: Threshold::DEFAULT,
            portal_refresh: Duration::from_secs(5 * 60),
        }
    }
}

/// A bound, ready-to-run web application.
pub struct Application {
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    router: Router,
    metrics_router: Router,
    store: Store,
    escalation_every: Option<Duration>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port())
            .field("metrics_port", &self.metrics_port())
            .finish()
    }
}

impl Application {
    /// Binds the listeners and prepares the router. The store must be migrated; the
    /// country pack's areas are synchronised here so the dashboard lists them.
    pub async fn build(config: AppConfig, store: Store) -> anyhow::Result<Application> {
        let pack = CountryPack::builtin(config.country);
        store
            .sync_areas(&pack, tadamun_store::now())
            .await
            .context("synchronising the country pack's areas")?;
        let metrics = Arc::new(Metrics::new(store.backend_name()));
        let state = AppState::new(Inner {
            store: store.clone(),
            pack,
            secure_cookies: config.secure_cookies,
            session_ttl: config.session_ttl,
            session_idle: config.session_idle,
            login_limiter: crate::ratelimit::RateLimiter::per_minute(
                config.login_attempts_per_minute,
            ),
            lookup_limiter: crate::ratelimit::RateLimiter::per_minute(
                config.lookup_attempts_per_minute,
            ),
            import_batch_size: config.import_batch_size.max(1),
            portal: crate::portal_cache::PortalCache::new(
                config.transparency_threshold,
                config.portal_refresh,
            ),
        });
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("binding {}", config.addr))?;
        let metrics_listener = match config.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("binding metrics on {addr}"))?,
            ),
            None => None,
        };
        Ok(Application {
            listener,
            metrics_listener,
            router: app_router(state, metrics.clone()),
            metrics_router: metrics::router(metrics),
            store,
            escalation_every: config.escalation_every,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.port())
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        if let Some(every) = self.escalation_every {
            tokio::spawn(escalate_periodically(
                self.store.clone(),
                every,
                stop_rx.clone(),
            ));
        }
        tracing::info!(port = self.port(), metrics_port = ?self.metrics_port(), "listening");
        let public = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(stopped(stop_rx.clone()));
        match self.metrics_listener {
            Some(listener) => {
                let internal = axum::serve(listener, self.metrics_router)
                    .with_graceful_shutdown(stopped(stop_rx));
                let (a, b) = tokio::join!(public.into_future(), internal.into_future());
                a.context("public listener")?;
                b.context("metrics listener")?;
            }
            None => public.await.context("public listener")?,
        }
        let _ = &self.store;
        tracing::info!("stopped");
        Ok(())
    }
}

fn app_router(state: AppState, metrics: Arc<Metrics>) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .merge(assets::router())
        .merge(routes::router())
        .nest("/api/v1", api::router())
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(metrics, metrics::track))
        .layer(TraceLayer::new_for_http())
        // Route rules (authz) run as per-route middleware, which has no state of its own.
        .layer(axum::Extension(state.clone()))
        .with_state(state);
    for layer in security::header_layers() {
        router = router.layer(layer);
    }
    router
}

/// The background worker: escalates grievances past their SLA every `every`, until
/// shutdown. A failed pass is logged and retried at the next tick.
async fn escalate_periodically(
    store: Store,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let system = tadamun_domain::access::Access::system("escalation");
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        loop {
            match store
                .escalate_overdue_grievances(&system, tadamun_store::now())
                .await
            {
                Ok(n) if n as i64 == tadamun_store::grievances::ESCALATION_BATCH => continue,
                Ok(n) => {
                    if n > 0 {
                        tracing::info!(escalated = n, "grievances escalated");
                    }
                    break;
                }
                Err(e) => {
                    tracing::error!(error = %e, "grievance escalation failed");
                    break;
                }
            }
        }
    }
}

#[tracing::instrument(skip_all)]
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Unknown paths: JSON under the API, a page elsewhere.
async fn not_found(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if uri.path().starts_with("/api/") {
        return api::error_json(&not_found_report());
    }
    views::error_page(session::tr_from_headers(&headers), &not_found_report())
}

fn not_found_report() -> ErrorReport {
    let r = AppError::NotFound.into_response();
    r.extensions()
        .get::<ErrorReport>()
        .cloned()
        .unwrap_or(ErrorReport {
            status: StatusCode::NOT_FOUND,
            code: "not-found",
            message: "not found".into(),
            fields: vec![],
            login_next: None,
        })
}

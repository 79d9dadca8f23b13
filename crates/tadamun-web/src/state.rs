//! What every handler shares: the store, the country pack and the settings, behind
//! one cheap-to-clone handle.

use std::{sync::Arc, time::Duration};

use tadamun_domain::country_pack::CountryPack;
use tadamun_store::Store;

#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    pub store: Store,
    pub pack: CountryPack,
    pub secure_cookies: bool,
    /// Absolute lifetime of a browser session and of an API token.
    pub session_ttl: Duration,
    /// A browser session unused this long is over.
    pub session_idle: Duration,
    /// Per-address limit on sign-in attempts (pages and API together).
    pub login_limiter: crate::ratelimit::RateLimiter,
    /// Per-address limit on the citizen's status lookup.
    pub lookup_limiter: crate::ratelimit::RateLimiter,
    pub import_batch_size: usize,
    /// The public portal's content, shared by every visitor.
    pub portal: crate::portal_cache::PortalCache,
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

//! Per-address limits on sign-in attempts and on the citizen lookup, in memory: a fixed one-minute window per
//! client IP. Small on purpose (a crate such as `governor` would add a dozen
//! dependencies for this one use). Behind a reverse proxy every client shares the
//! proxy's address, so the limit is then per proxy: set it high enough for an office.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, state::AppState};

const WINDOW: Duration = Duration::from_secs(60);
/// Beyond this many tracked addresses, finished windows are swept out.
const SWEEP_AT: usize = 10_000;

#[derive(Clone)]
pub(crate) struct RateLimiter {
    limit: u32,
    windows: Arc<Mutex<HashMap<IpAddr, (Instant, u32)>>>,
}

impl RateLimiter {
    pub fn per_minute(limit: u32) -> Self {
        Self {
            limit: limit.max(1),
            windows: Arc::default(),
        }
    }

    /// Counts an attempt from `ip`; false when it is over the limit.
    pub fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(ip).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= self.limit
    }
}

/// 429 once the caller's address is over the limit `pick` chooses from the state.
async fn limited(
    request: Request,
    next: Next,
    pick: fn(&AppState) -> &RateLimiter,
    what: &'static str,
) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let state = request.extensions().get::<AppState>().cloned();
    if let (Some(ip), Some(state)) = (ip, state)
        && !pick(&state).allow(ip, Instant::now())
    {
        tracing::warn!(%ip, what, "rate limit reached");
        return AppError::TooManyRequests.into_response();
    }
    next.run(request).await
}

/// Middleware on the sign-in routes.
pub(crate) async fn limit_logins(request: Request, next: Next) -> Response {
    limited(request, next, |s| &s.login_limiter, "sign-in").await
}

/// Middleware on the citizen lookup, so a receipt or letter code cannot be guessed at
/// speed.
pub(crate) async fn limit_lookups(request: Request, next: Next) -> Response {
    limited(request, next, |s| &s.lookup_limiter, "lookup").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_limit_waits_for_the_next_window() {
        let limiter = RateLimiter::per_minute(2);
        let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t = Instant::now();
        assert!(limiter.allow(a, t) && limiter.allow(a, t));
        assert!(!limiter.allow(a, t), "third in the minute");
        assert!(limiter.allow(b, t), "another address has its own window");
        assert!(limiter.allow(a, t + WINDOW), "a new minute");
    }
}

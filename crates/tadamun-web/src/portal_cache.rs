//! The transparency portal's content, computed at most once per interval and shared
//! by every visitor: counting the whole registry takes seconds at national scale, and
//! a public page must answer in milliseconds. Concurrent first visitors wait for one
//! computation rather than each starting their own.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use tadamun_domain::{country_pack::CountryPack, disclosure::Threshold};
use tadamun_services::transparency::Portal;
use tadamun_store::{Store, StoreError};
use tokio::sync::Mutex;

pub(crate) struct PortalCache {
    threshold: Threshold,
    ttl: Duration,
    slot: Mutex<Option<Cached>>,
}

struct Cached {
    at: Instant,
    portal: Arc<Portal>,
    /// Changes whenever the content is recomputed; part of every ETag.
    tag: String,
}

impl PortalCache {
    pub fn new(threshold: Threshold, ttl: Duration) -> Self {
        Self {
            threshold,
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The current content and its tag, recomputed when older than the interval.
    pub async fn get(
        &self,
        store: &Store,
        pack: &CountryPack,
    ) -> Result<(Arc<Portal>, String), StoreError> {
        let mut slot = self.slot.lock().await;
        if let Some(c) = slot.as_ref().filter(|c| c.at.elapsed() < self.ttl) {
            return Ok((c.portal.clone(), c.tag.clone()));
        }
        let now = tadamun_store::now();
        let portal = Arc::new(
            tadamun_services::transparency::load(store, pack, now.date(), self.threshold).await?,
        );
        let tag = format!("{:x}", now.unix_timestamp_nanos() / 1_000_000);
        *slot = Some(Cached {
            at: Instant::now(),
            portal: portal.clone(),
            tag: tag.clone(),
        });
        Ok((portal, tag))
    }
}

//! stub
pub(crate) async fn record() {}

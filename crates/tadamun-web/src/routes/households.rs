//! stub
pub(crate) async fn page() {}

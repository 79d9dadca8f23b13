//! stub
pub(crate) async fn page() {}
pub(crate) async fn csv() {}
pub(crate) async fn xlsx() {}

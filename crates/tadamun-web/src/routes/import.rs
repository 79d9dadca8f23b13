//! stub
pub(crate) async fn page() {}
pub(crate) async fn upload() {}
pub(crate) async fn run_page() {}
pub(crate) async fn errors_csv() {}

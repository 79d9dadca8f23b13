//! stub
pub(crate) async fn new_page() {}
pub(crate) async fn create() {}
pub(crate) async fn edit_page() {}
pub(crate) async fn update() {}

//! Rebuilds the store when a migration is added or edited: `sqlx::migrate!` embeds the
//! directories at compile time, and cargo does not watch them on its own.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

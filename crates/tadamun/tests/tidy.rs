//! House rules checked on every test run: each Rust source file opens with a `//!`
//! line saying why it exists, and every migration tree keeps the same versions.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != "target" && !n.to_string_lossy().starts_with('.'))
            {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_opens_with_a_doc_line_saying_why_it_exists() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(crates, &mut files);
    assert!(files.len() > 20, "found the workspace's sources");
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|f| f.strip_prefix(crates).unwrap().display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! doc line: {missing:#?}"
    );
}

#[test]
fn sqlite_and_postgres_migrations_stay_in_lock_step() {
    let (sqlite, postgres) = tadamun_store::migration_versions();
    assert_eq!(sqlite, postgres, "add each migration to both trees");
}

//! House rules checked by `cargo test`: every source file says why it exists in a
//! `//!` line, and no code in this crate writes SQL (`unsafe` is forbidden by the
//! workspace lints).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_opens_with_a_doc_line_and_stays_free_of_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    assert!(files.len() > 20);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} must open with a //! line saying why it exists",
            file.display()
        );
        if file.starts_with(root.join("src")) {
            let lower = text.to_lowercase();
            for forbidden in [
                "sqlx",
                "insert into",
                "delete from",
                "select p.",
                "select *",
            ] {
                assert!(
                    !lower.contains(forbidden),
                    "{} contains `{forbidden}`: only tadamun-store knows SQL",
                    file.display()
                );
            }
        }
    }
}

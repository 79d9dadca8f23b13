//! `tadamun dedup` as a user runs it: the output contract (every record once, pairs
//! with bands), a retyped person found, relatives kept apart, and input errors that
//! name the line with a non-zero exit.

use std::{path::PathBuf, process::Command};

fn scratch(name: &str, content: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("tadamun-dedup-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("persons.csv");
    std::fs::write(&input, content).unwrap();
    (dir, input)
}

fn dedup(dir: &std::path::Path, input: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tadamun"))
        .env("TADAMUN_LOG", "warn")
        .args(["dedup", "--threads", "2", "--input"])
        .arg(input)
        .arg("--output")
        .arg(dir.join("clusters.csv"))
        .arg("--pairs")
        .arg(dir.join("pairs.csv"))
        .output()
        .unwrap()
}

const PERSONS: &str = "\
note,record_id,given_name,father_name,grandfather_name,family_name,full_name,sex,birth_date,national_id,phone,governorate,household_id
,a1,أحمد,محمد,سالم,الزعبي,,M,1990-03-12,9901234567,0791234567,JO-IR,h1
,a2,خالد,محمد,سالم,الزعبي,,M,1990-03-12,9901234568,0791234567,JO-IR,h1
,b1,,,,,Ahmad Mohammed Salem Al-Zoubi,M,1990-12-03,9901234567,,JO-AM,h7
,c1,فاطمة,علي,حسن,النجار,,F,1975-06-01,9752222222,0788888888,JO-AM,h3
";

fn read(path: PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn dedup_writes_every_record_once_and_clusters_a_retyped_person_but_not_his_twin() {
    let (dir, input) = scratch("ok", PERSONS);
    let out = dedup(&dir, &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clusters = read(dir.join("clusters.csv"));
    assert_eq!(clusters[0], ["record_id", "cluster_id"]);
    let ids: Vec<&str> = clusters[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "b1", "c1"]);
    let cluster = |id: &str| clusters.iter().find(|r| r[0] == id).unwrap()[1].clone();
    assert_eq!(
        cluster("a1"),
        cluster("b1"),
        "the Latin re-import is the same person"
    );
    assert_ne!(cluster("a1"), cluster("a2"), "the twin brother stays apart");
    assert_ne!(cluster("a1"), cluster("c1"));
    let pairs = read(dir.join("pairs.csv"));
    assert_eq!(pairs[0], ["left_id", "right_id", "score", "band"]);
    assert!(
        pairs[1..]
            .iter()
            .all(|p| ["match", "review", "non-match"].contains(&p[3].as_str()))
    );
    assert!(
        pairs
            .iter()
            .any(|p| p[..2] == ["a1", "b1"] && p[3] == "match")
    );
}

#[test]
fn a_file_without_a_record_id_column_fails_naming_line_one() {
    let (dir, input) = scratch("noid", "given_name,family_name\nأحمد,الزعبي\n");
    let out = dedup(&dir, &input);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && err.contains("record_id"), "{err}");
}

#[test]
fn a_duplicate_record_id_fails_naming_its_line() {
    let (dir, input) = scratch("dup", "record_id,given_name\nx,أحمد\ny,خالد\nx,سمير\n");
    let out = dedup(&dir, &input);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4") && err.contains("\"x\""), "{err}");
}

//! The binary as a user runs it: the demo answers on its port (and starts again on
//! its registry), a synthetic file imports, re-imports without duplicates, and exports,
//! on SQLite and PostgreSQL, and `audit verify` passes an intact log and names the
//! first tampered entry.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

fn tadamun() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tadamun"));
    cmd.env_remove("TADAMUN_DATABASE_URL")
        .env("TADAMUN_LOG", "warn");
    cmd
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tadamun-cli-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_demo_seeds_a_registry_prints_credentials_and_answers_health_checks() {
    let dir = scratch_dir();
    let port = free_port();
    let mut child = KillOnDrop(
        tadamun()
            .args([
                "demo",
                "--households",
                "60",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(&dir)
            .args(["--admin-password", "correct-horse-battery"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    // Keep draining stdout so the demo never writes into a closed pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let lines: Vec<String> = rx.iter().take_while(|l| !l.contains("password:")).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("http://127.0.0.1:{port}/"))),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("admin")));
    let queued: usize = lines
        .iter()
        .find_map(|l| l.split("the duplicate scan queued ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the demo reports its duplicate scan: {lines:?}"));
    assert!(
        queued >= 1,
        "the planted re-registrations are queued: {lines:?}"
    );
    // The example programme is enrolled, paid for its first cycle and reconciled.
    let paid: usize = lines
        .iter()
        .find_map(|l| l.split(" paid to ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the demo reports its first cycle: {lines:?}"));
    assert!(paid >= 1, "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("re-issues the failures")));
    assert!(
        lines.iter().any(|l| l.contains("partner organisations")),
        "the demo seeds partners: {lines:?}"
    );
    let missing: usize = lines
        .iter()
        .find(|l| l.contains("training courses"))
        .and_then(|l| l.split("certificates; ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the demo seeds staff training: {lines:?}"));
    assert!(
        missing >= 1,
        "the missing-training report has rows: {lines:?}"
    );
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status() == 200
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the demo never answered /healthz"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let login = client
        .get(format!("http://127.0.0.1:{port}/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert!(login.text().await.unwrap().contains("dir=\"rtl\""));
    // The demo's administrator is sent to enrol two-factor login at first sign-in.
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("http://127.0.0.1:{port}/login"))
        .form(&[("username", "admin"), ("password", "correct-horse-battery")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/account/two-factor")
    );
    assert!(dir.join("demo.db").exists());

    // A second start finds the registry and seeds nothing twice.
    drop(child);
    let port = free_port();
    let mut child = KillOnDrop(
        tadamun()
            .args([
                "demo",
                "--households",
                "60",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(&dir)
            .args(["--admin-password", "correct-horse-battery"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let lines: Vec<String> = rx.iter().take_while(|l| !l.contains("password:")).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("using the existing demo registry")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("training courses")),
        "{lines:?}"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status() == 200
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the second demo never answered /healthz"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Synth → import → import again → export, against one database URL.
fn import_story(dir: &Path, url: &str) {
    let file = dir.join("households.csv");
    run_ok(
        tadamun()
            .arg("synth")
            .arg(&file)
            .args(["--households", "300", "--seed", "7"]),
    );
    let first = run_ok(tadamun().arg("import").arg(&file).args([
        "--database-url",
        url,
        "--batch-size",
        "50",
    ]));
    assert!(first.contains("300 households imported"), "{first}");
    let again = run_ok(
        tadamun()
            .arg("import")
            .arg(&file)
            .args(["--database-url", url]),
    );
    assert!(
        again.contains("0 households imported, 300 already imported"),
        "{again}"
    );
    let out = dir.join("export.csv");
    let exported = run_ok(
        tadamun()
            .arg("export")
            .arg(&out)
            .args(["--database-url", url]),
    );
    let persons = std::fs::read_to_string(&file).unwrap().lines().count() - 1;
    assert!(
        exported.contains(&format!("exported {persons} persons")),
        "{exported} vs {persons}"
    );
    // The first family registered again elsewhere: no ID numbers, another phone.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    let mut again = vec![lines.next().unwrap().to_owned()];
    for line in lines.filter(|l| l.starts_with("H0000001,")) {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[0] = "AGAIN";
        cells[4] = "0790000001";
        cells[31] = "";
        again.push(cells.join(","));
    }
    let members = again.len() - 1;
    let again_file = dir.join("again.csv");
    std::fs::write(&again_file, again.join("\n") + "\n").unwrap();
    run_ok(
        tadamun()
            .arg("import")
            .arg(&again_file)
            .args(["--database-url", url]),
    );
    let scanned = run_ok(
        tadamun()
            .arg("scan-duplicates")
            .args(["--database-url", url]),
    );
    assert!(
        scanned.contains(&format!("{} persons scanned", persons + members)),
        "{scanned}"
    );
    let queued: usize = scanned
        .split(" pairs queued")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        queued >= members,
        "each re-registered member is queued: {scanned}"
    );
    let xlsx = dir.join("export.xlsx");
    run_ok(
        tadamun()
            .arg("export")
            .arg(&xlsx)
            .args(["--database-url", url]),
    );
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "an xlsx is a zip"
    );
    // A file with a bad row: all-or-nothing commits nothing and exits 2 with a report.
    let bad = dir.join("bad.csv");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen(",JO-", ",XX-", 1);
    std::fs::write(&bad, text).unwrap();
    let out = tadamun()
        .arg("import")
        .arg(&bad)
        .args(["--database-url", url, "--mode", "all-or-nothing"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(dir.join("bad.errors.csv")).unwrap();
    assert!(report.contains("governorate"), "{report}");
}

#[test]
fn a_synthetic_file_imports_once_and_exports_on_sqlite() {
    let dir = scratch_dir();
    let url = format!("sqlite://{}", dir.join("registry.db").display());
    import_story(&dir, &url);
    programme_story(&dir, &url);
}

/// On an imported registry: a programme file with a bad rule is refused by position,
/// a good one is saved, run and enrolled, and a finance officer makes the batch.
fn programme_story(dir: &Path, url: &str) {
    let pack = include_str!("../../tadamun-domain/packs/jo.toml");
    let programmes = &pack[pack.find("[[programmes]]").unwrap()..];
    let ours = programmes
        .replace("key = \"unified-cash-transfer\"", "key = \"cli-cash\"")
        .replace(
            "budget_per_cycle = 8000000000",
            "budget_per_cycle = 900000000000",
        );
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        ours.replace("household.income <", "household.income <<"),
    )
    .unwrap();
    let refused = tadamun()
        .arg("save-programme")
        .arg(&bad)
        .args(["--database-url", url])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("income-below-twice-line") && why.contains("line 1"),
        "{why}"
    );
    let good = dir.join("programme.toml");
    std::fs::write(&good, &ours).unwrap();
    let saved = run_ok(
        tadamun()
            .arg("save-programme")
            .arg(&good)
            .args(["--database-url", url]),
    );
    assert!(saved.contains("saved cli-cash version 1"), "{saved}");
    let run = run_ok(tadamun().args([
        "run-programme",
        "--key",
        "cli-cash",
        "--enrol",
        "--database-url",
        url,
    ]));
    assert!(run.contains("joined"), "{run}");
    // The simulator from the command line: a raised budget cannot fund fewer.
    let sim = run_ok(tadamun().args([
        "simulate",
        "--key",
        "cli-cash",
        "--changes",
        r#"[{"kind":"budget","per_cycle":990000000000}]"#,
        "--database-url",
        url,
    ]));
    let beneficiaries = |side: &str| -> u64 {
        sim.lines()
            .find(|l| l.starts_with(side))
            .and_then(|l| l.split(", ").nth(1))
            .and_then(|f| f.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{sim}"))
    };
    assert!(beneficiaries("baseline") > 0, "{sim}");
    assert!(
        beneficiaries("changed") >= beneficiaries("baseline"),
        "{sim}"
    );
    let bad_change = tadamun()
        .args([
            "simulate",
            "--key",
            "cli-cash",
            "--changes",
            "[{\"kind\":\"cut\"}]",
        ])
        .args(["--database-url", url])
        .output()
        .unwrap();
    assert!(!bad_change.status.success());
    assert!(String::from_utf8_lossy(&bad_change.stderr).contains("--changes"));
    let add = tadamun()
        .args([
            "user",
            "add",
            "amal",
            "--display-name",
            "أمل",
            "--role",
            "finance_officer",
            "--database-url",
            url,
        ])
        .env("TADAMUN_NEW_PASSWORD", "correct-horse-battery")
        .output()
        .unwrap();
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let batch = run_ok(tadamun().args([
        "payment-batch",
        "--key",
        "cli-cash",
        "--maker",
        "amal",
        "--database-url",
        url,
    ]));
    let payments: usize = batch
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{batch}"));
    assert!(payments > 0, "{batch}");
}

#[test]
fn a_synthetic_file_imports_once_and_exports_on_postgres() {
    let Ok(admin) = std::env::var("TADAMUN_TEST_DATABASE_URL") else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "NOTE: TADAMUN_TEST_DATABASE_URL is not set: the PostgreSQL CLI test was SKIPPED"
        );
        return;
    };
    let name = format!(
        "tadamun_cli_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let psql = |sql: &str| {
        Command::new("psql")
            .arg(&admin)
            .args(["-v", "ON_ERROR_STOP=1", "-qc", sql])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    assert!(
        psql(&format!("create database {name}")),
        "could not create a test database with psql on {admin}"
    );
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    let dir = scratch_dir();
    let url = format!("{base}/{name}");
    let result = std::panic::catch_unwind(|| {
        import_story(&dir, &url);
        programme_story(&dir, &url);
    });
    psql(&format!("drop database if exists {name} with (force)"));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[tokio::test]
async fn audit_verify_passes_an_intact_log_and_names_the_first_edited_entry() {
    use tadamun_domain::audit::{AuditAction, NewAuditEntry};
    use tadamun_store::{DatabaseUrl, Store, testing};

    let dir = scratch_dir();
    let url = format!("sqlite://{}", dir.join("audit.db").display());
    let open = || async {
        let store = Store::connect(&DatabaseUrl::new(&url)).await.unwrap();
        store.migrate().await.unwrap();
        store
    };
    let store = open().await;
    for i in 1..=4 {
        store
            .record_audit(&NewAuditEntry {
                at: tadamun_store::now(),
                actor_id: None,
                actor_name: "admin".into(),
                source_ip: Some("127.0.0.1".into()),
                action: AuditAction::LoginSucceeded,
                object_type: "session".into(),
                object_id: Some(i.to_string()),
                before_json: None,
                after_json: None,
            })
            .await
            .unwrap();
    }
    store.close().await;

    let intact = run_ok(tadamun().args(["audit", "verify", "--database-url", &url]));
    assert!(
        intact.starts_with("audit log intact: 4 entries, head "),
        "{intact}"
    );

    let store = open().await;
    testing::drop_audit_triggers(&store).await;
    testing::execute_raw(
        &store,
        "update audit_log set actor_name = 'nobody' where seq = 2",
    )
    .await
    .unwrap();
    store.close().await;
    // The same database options as `serve`: here the environment variable.
    let out = tadamun()
        .args(["audit", "verify"])
        .env("TADAMUN_DATABASE_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.starts_with("audit log broken at entry 2: edited"),
        "{stdout}"
    );

    let missing = dir.join("missing.db");
    let out = tadamun()
        .args(["audit", "verify", "--database-url"])
        .arg(format!("sqlite://{}", missing.display()))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!missing.exists(), "verify never creates a database");
}

#[test]
fn two_factor_can_be_required_for_a_role_from_the_command_line() {
    let dir = scratch_dir();
    let url = format!("sqlite://{}", dir.join("roles.db").display());
    run_ok(tadamun().args(["migrate", "--database-url", &url]));
    let before = run_ok(tadamun().args(["role", "list", "--database-url", &url]));
    assert!(
        before.lines().any(|l| l.starts_with("registrar\t-\t")),
        "{before}"
    );
    run_ok(tadamun().args([
        "role",
        "two-factor",
        "registrar",
        "--required",
        "true",
        "--database-url",
        &url,
    ]));
    let after = run_ok(tadamun().args(["role", "list", "--database-url", &url]));
    assert!(
        after.lines().any(|l| l.starts_with("registrar\t2fa\t")),
        "{after}"
    );
    let unknown = tadamun()
        .args([
            "role",
            "two-factor",
            "nobody",
            "--required",
            "true",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no such role"));
}

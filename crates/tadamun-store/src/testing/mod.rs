//! Test harness (feature `testing`): one storage story runs on SQLite and, when
//! configured, PostgreSQL, each on a fresh database that is dropped afterwards. Used by
//! this crate's tests and by the crates above it, so every layer tests on both.

pub mod fixtures;
pub mod partner_fixtures;
pub mod plan_fixtures;
pub mod portal_fixtures;

use std::{future::Future, sync::Once};

use crate::{DatabaseUrl, Store, StoreError, backend::Backend, db::args};
use sqlx::{Connection, Executor, PgConnection};
use tadamun_domain::{audit::AuditRecord, country::Country, country_pack::CountryPack};

static SKIP_NOTICE: Once = Once::new();

/// The PostgreSQL server for tests, from `TADAMUN_TEST_DATABASE_URL`.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TADAMUN_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// The same URL pointing at another database on the same server.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map(|(b, q)| (b, Some(q)))
        .unwrap_or((url, None));
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let server = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{db}?{q}"),
        None => format!("{server}/{db}"),
    }
}

/// A fresh SQLite file in the temp directory.
pub async fn fresh_sqlite() -> Store {
    let path =
        std::env::temp_dir().join(format!("tadamun-test-{}.db", uuid::Uuid::now_v7().simple()));
    let store = Store::connect(&DatabaseUrl::new(format!("sqlite://{}", path.display())))
        .await
        .expect("open sqlite");
    prepare(&store).await;
    store
}

/// A fresh PostgreSQL database, or `None` (with a notice) when none is configured.
pub async fn fresh_postgres() -> Option<(Store, String, String)> {
    let Some(admin) = postgres_admin_url() else {
        // Written straight to stderr: the test harness captures `eprintln!`, and this
        // notice must be seen even when every test passes.
        SKIP_NOTICE.call_once(|| {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "NOTE: TADAMUN_TEST_DATABASE_URL is not set: the PostgreSQL half of these tests was SKIPPED");
        });
        return None;
    };
    let name = format!("tadamun_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(&admin)
        .await
        .expect("connect to TADAMUN_TEST_DATABASE_URL");
    conn.execute(sqlx::AssertSqlSafe(format!("create database {name}")))
        .await
        .expect("create test database");
    let store = Store::connect(&DatabaseUrl::new(with_database(&admin, &name)))
        .await
        .expect("open postgres");
    prepare(&store).await;
    Some((store, admin, name))
}

async fn prepare(store: &Store) {
    store.migrate().await.expect("migrate");
    store
        .sync_areas(&CountryPack::builtin(Country::Jordan), crate::now())
        .await
        .expect("areas");
}

/// Drops a database made by [`fresh_postgres`], closing its connections.
pub async fn drop_postgres(admin: &str, name: &str) {
    if let Ok(mut conn) = PgConnection::connect(admin).await {
        let _ = conn
            .execute(sqlx::AssertSqlSafe(format!(
                "drop database if exists {name} with (force)"
            )))
            .await;
    }
}

/// Runs the story on SQLite, then on PostgreSQL if configured. A failure names the
/// backend it failed on.
pub async fn on_both<F, Fut>(story: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let sqlite = fresh_sqlite().await;
    let result = tokio::spawn(story(sqlite.clone())).await;
    sqlite.close().await;
    if let Err(e) = result {
        panic!("story failed on sqlite: {e}");
    }
    if let Some((store, admin, name)) = fresh_postgres().await {
        let result = tokio::spawn(story(store.clone())).await;
        store.close().await;
        drop_postgres(&admin, &name).await;
        if let Err(e) = result {
            panic!("story failed on postgres: {e}");
        }
    }
}

/// Runs the story on SQLite, then PostgreSQL if configured, over a fresh database
/// migrated only up to `version` (with the built-in roles and Jordan's areas): for
/// upgrade stories, which run `migrate` themselves.
pub async fn on_both_at<F, Fut>(version: i64, story: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let path =
        std::env::temp_dir().join(format!("tadamun-test-{}.db", uuid::Uuid::now_v7().simple()));
    let sqlite = Store::connect(&DatabaseUrl::new(format!("sqlite://{}", path.display())))
        .await
        .expect("open sqlite");
    prepare_at(&sqlite, version).await;
    let result = tokio::spawn(story(sqlite.clone())).await;
    sqlite.close().await;
    if let Err(e) = result {
        panic!("story failed on sqlite: {e}");
    }
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let name = format!("tadamun_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(&admin).await.expect("connect");
    conn.execute(sqlx::AssertSqlSafe(format!("create database {name}")))
        .await
        .expect("create test database");
    let store = Store::connect(&DatabaseUrl::new(with_database(&admin, &name)))
        .await
        .expect("open postgres");
    prepare_at(&store, version).await;
    let result = tokio::spawn(story(store.clone())).await;
    store.close().await;
    drop_postgres(&admin, &name).await;
    if let Err(e) = result {
        panic!("story failed on postgres: {e}");
    }
}

async fn prepare_at(store: &Store, version: i64) {
    match &store.backend {
        Backend::Sqlite { writer, .. } => crate::backend::SQLITE_MIGRATIONS
            .run_to(version, writer)
            .await
            .expect("migrate"),
        Backend::Postgres(pool) => crate::backend::POSTGRES_MIGRATIONS
            .run_to(version, pool)
            .await
            .expect("migrate"),
    }
    store
        .ensure_builtin_roles(crate::now())
        .await
        .expect("roles");
    store
        .sync_areas(&CountryPack::builtin(Country::Jordan), crate::now())
        .await
        .expect("areas");
}

/// Runs raw SQL in its own transaction, as a database administrator could: for tamper
/// tests only. Returns the rows affected, or the database's refusal.
pub async fn execute_raw(store: &Store, sql: &str) -> Result<u64, StoreError> {
    let mut tx = store.begin().await?;
    let n = tx
        .execute(sqlx::AssertSqlSafe(sql.to_owned()), vec![])
        .await?;
    tx.commit().await?;
    Ok(n)
}

/// Drops the triggers that keep the audit log append-only, as an attacker with the
/// database's owner rights would before tampering. Trigger syntax differs per backend.
pub async fn drop_audit_triggers(store: &Store) {
    let statements: &[&str] = match store.backend {
        Backend::Sqlite { .. } => &[
            "drop trigger audit_log_no_update",
            "drop trigger audit_log_no_delete",
            "drop trigger audit_head_no_delete",
            "drop trigger audit_head_moves_forward",
        ],
        Backend::Postgres(_) => &[
            "drop trigger audit_log_no_update on audit_log",
            "drop trigger audit_log_no_delete on audit_log",
            "drop trigger audit_log_no_truncate on audit_log",
            "drop trigger audit_head_no_delete on audit_head",
            "drop trigger audit_head_no_truncate on audit_head",
            "drop trigger audit_head_moves_forward on audit_head",
        ],
    };
    for sql in statements {
        execute_raw(store, sql).await.expect(sql);
    }
}

/// Writes a row straight into `audit_log`, bypassing the head: a forger's insert.
pub async fn insert_raw_audit_row(store: &Store, r: &AuditRecord) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    let e = &r.entry;
    tx.execute(
        "insert into audit_log (seq, at, actor_id, actor_name, source_ip, action, object_type, object_id, before_json, after_json, prev_hash, hash, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $2, $2)",
        args![
            r.seq,
            e.at,
            e.actor_id.map(|a| a.0),
            e.actor_name.clone(),
            e.source_ip.clone(),
            e.action.as_str(),
            e.object_type.clone(),
            e.object_id.clone(),
            e.before_json.clone(),
            e.after_json.clone(),
            r.prev_hash.clone(),
            r.hash.clone(),
        ],
    )
    .await?;
    tx.commit().await
}

#[cfg(test)]
#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}

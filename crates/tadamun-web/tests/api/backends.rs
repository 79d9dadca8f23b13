//! Running one web story on SQLite and, when `TADAMUN_TEST_DATABASE_URL` is set, on
//! PostgreSQL, each on a fresh database; and small helpers the login stories share.

use std::future::Future;

use reqwest::{Client, Response, redirect::Policy};
use tadamun_domain::{
    access::{AreaScope, Permission},
    audit::AuditAction,
    ids::UserId,
};
use tadamun_store::{
    access::Grants,
    audit::AuditFilter,
    testing::{drop_postgres, fresh_postgres, fresh_sqlite},
};
use tadamun_web::AppConfig;

use crate::helpers::{TestApp, spawn_app_on};

/// The story on each database in turn; a failure names the database.
pub async fn on_both_apps<F, Fut>(tweak: fn(&mut AppConfig), story: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let app = spawn_app_on(fresh_sqlite().await, tweak).await;
    if let Err(e) = tokio::spawn(story(app)).await {
        panic!("story failed on sqlite: {e}");
    }
    if let Some((store, admin, name)) = fresh_postgres().await {
        let app = spawn_app_on(store, tweak).await;
        let result = tokio::spawn(story(app)).await;
        drop_postgres(&admin, &name).await;
        if let Err(e) = result {
            panic!("story failed on postgres: {e}");
        }
    }
}

pub fn defaults(_: &mut AppConfig) {}

/// A client with no cookie store and no redirects, that says it is same-site.
pub fn raw_client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    Client::builder()
        .redirect(Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The session cookie a response sets (`name=value`), if any.
pub fn session_cookie(r: &Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tadamun_session=") || c.starts_with("__Host-tadamun="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

impl TestApp {
    /// Adds a user with national scope and these roles straight through the store.
    pub async fn add_user(&self, username: &str, password: &str, roles: &[&str]) -> UserId {
        let hash = tadamun_web::auth::hash_password(password).unwrap();
        let grants = Grants {
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            scope: AreaScope::National,
        };
        self.store
            .create_user(username, "مستخدم", &hash, &grants, tadamun_store::now())
            .await
            .unwrap()
    }

    /// Lets administrators sign in without 2FA, as a deployment may decide per role.
    pub async fn admins_without_two_factor(&self) {
        let role = self
            .store
            .roles()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.code == "system_admin")
            .unwrap();
        let perms: std::collections::BTreeSet<Permission> = role.permissions;
        self.store
            .update_role("system_admin", &perms, false, tadamun_store::now())
            .await
            .unwrap();
    }

    /// POSTs the login form without following the redirect, with an optional cookie.
    pub async fn post_login(
        &self,
        username: &str,
        password: &str,
        cookie: Option<&str>,
    ) -> Response {
        let mut req = raw_client().post(self.url("/login")).form(&[
            ("username", username),
            ("password", password),
            ("next", "/"),
        ]);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    /// GETs a page with a cookie, without following redirects.
    pub async fn get_with(&self, path: &str, cookie: &str) -> Response {
        raw_client()
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_with(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Response {
        raw_client()
            .post(self.url(path))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Signs in with a password only and returns the full session's cookie.
    pub async fn signed_in(&self, username: &str, password: &str) -> String {
        let r = self.post_login(username, password, None).await;
        assert_eq!(location(&r), "/", "signed straight in");
        session_cookie(&r).expect("cookie")
    }

    pub async fn audited(&self, action: AuditAction) -> Vec<tadamun_domain::audit::AuditRecord> {
        self.store
            .audit_entries(
                &AuditFilter {
                    action: Some(action),
                    ..Default::default()
                },
                None,
                1000,
            )
            .await
            .unwrap()
    }
}

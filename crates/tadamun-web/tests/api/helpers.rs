//! Spawning the application for a test and one helper per endpoint. Logs stay silent
//! unless `TEST_LOG` is set.

use std::{net::SocketAddr, sync::LazyLock, time::Duration};
use tadamun_store::testing::fixtures::system;

use reqwest::{Client, Response, header::HeaderMap, redirect::Policy};
use serde_json::Value;
use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{RawHousehold, RawPerson},
    ids::HouseholdId,
};
use tadamun_store::{DatabaseUrl, Store};
use tadamun_web::{AppConfig, Application, auth::hash_password};

pub const USERNAME: &str = "clerk";
pub const PASSWORD: &str = "correct horse battery";
pub const DISPLAY_NAME: &str = "سعاد الموظفة";

static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info,tadamun_web=debug"))
            .with_test_writer()
            .try_init();
    }
});

/// Fluent isolates placeables with U+2068/U+2069; compare text without them.
pub fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

pub struct TestApp {
    pub address: String,
    pub metrics_address: String,
    pub store: Store,
    pub pack: CountryPack,
    /// A browser-like client: keeps cookies, follows redirects, sends
    /// `Sec-Fetch-Site: same-origin` like a browser submitting this site's forms.
    pub browser: Client,
    /// No cookies, no redirects: for checking raw responses and the API.
    pub plain: Client,
}

pub async fn spawn_app() -> TestApp {
    let dir = std::env::temp_dir().join(format!("tadamun-web-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = DatabaseUrl::new(format!("sqlite://{}", dir.join("registry.db").display()));
    let store = Store::connect(&url).await.expect("database");
    store.migrate().await.expect("migrations");
    spawn_app_on(store, |_| {}).await
}

/// The application over a migrated store of the caller's choosing (SQLite or
/// PostgreSQL), with the clerk user created.
pub async fn spawn_app_with(store: Store) -> TestApp {
    spawn_app_on(store, |_| {}).await
}

/// The application over a migrated `store`, with the clerk, and settings changed by
/// `tweak` (tests of the login use it on SQLite and PostgreSQL alike).
pub async fn spawn_app_on(store: Store, tweak: impl FnOnce(&mut AppConfig)) -> TestApp {
    LazyLock::force(&TRACING);
    let hash = hash_password(PASSWORD).expect("hash");
    store
        .create_user(
            USERNAME,
            DISPLAY_NAME,
            &hash,
            &tadamun_store::access::Grants {
                roles: ["registrar".to_owned(), "registry_supervisor".to_owned()].into(),
                scope: tadamun_domain::access::AreaScope::National,
            },
            tadamun_store::now(),
        )
        .await
        .expect("user");

    let mut config = AppConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), Country::Jordan);
    config.metrics_addr = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    config.secure_cookies = false;
    config.import_batch_size = 2;
    tweak(&mut config);
    let app = Application::build(config, store.clone())
        .await
        .expect("application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = format!(
        "http://127.0.0.1:{}",
        app.metrics_port().expect("metrics port")
    );
    tokio::spawn(app.run_until(std::future::pending()));

    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    let browser = Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let plain = Client::builder()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    TestApp {
        address,
        metrics_address,
        store,
        pack: CountryPack::builtin(Country::Jordan),
        browser,
        plain,
    }
}

pub fn person(
    given: &str,
    father: &str,
    family: &str,
    relationship: &str,
    sex: &str,
    birth: &str,
    id_number: &str,
) -> RawPerson {
    RawPerson {
        given_name: given.into(),
        father_name: father.into(),
        family_name: family.into(),
        relationship: relationship.into(),
        sex: sex.into(),
        birth_date: birth.into(),
        id_number: id_number.into(),
        ..Default::default()
    }
}

/// A household in Irbid headed by `given family`, with a wife and a son.
pub fn household(given: &str, family: &str, id_base: u64, phone: &str) -> RawHousehold {
    RawHousehold {
        governorate: "JO-IR".into(),
        address: "الحي الشرقي".into(),
        phone: phone.into(),
        members: vec![
            person(
                given,
                "محمود",
                family,
                "head",
                "M",
                "1980-03-15",
                &format!("{:010}", 9_800_000_000 + id_base),
            ),
            person(
                "فاطمة",
                "علي",
                family,
                "spouse",
                "F",
                "1985-06-01",
                &format!("{:010}", 9_850_000_000 + id_base),
            ),
            person("عمر", given, family, "son", "M", "2010-09-20", ""),
        ],
        ..Default::default()
    }
}

/// A household with the socio-economic data a PMT reads.
pub fn surveyed(given: &str, family: &str, id_base: u64, phone: &str) -> RawHousehold {
    let mut h = household(given, family, id_base, phone);
    h.dwelling_type = "house".into();
    h.tenure = "rented".into();
    h.rooms = "2".into();
    h.monthly_income = "60".into();
    h.main_income_source = "wages".into();
    for (m, (education, work)) in h.members.iter_mut().zip([
        ("primary", "employed"),
        ("primary", "homemaker"),
        ("secondary", "student"),
    ]) {
        m.education = education.into();
        m.work_status = work.into();
    }
    h
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Registers a household straight through the store.
    pub async fn seed(&self, raw: &RawHousehold) -> HouseholdId {
        let now = tadamun_store::now();
        let draft = raw.parse(&self.pack, now.date()).expect("valid household");
        self.store
            .create_household(&system(), &draft, now)
            .await
            .expect("stored")
    }

    // ---- pages ----

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.browser
            .post(self.url("/login"))
            .form(&[
                ("username", username),
                ("password", password),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn login_as_clerk(&self) {
        let r = self.login(USERNAME, PASSWORD).await;
        assert_eq!(r.status(), 200, "login should land on the dashboard");
    }

    pub async fn get_page(&self, path: &str) -> (u16, String) {
        let r = self.browser.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn post_form(&self, path: &str, pairs: &[(String, String)]) -> (u16, String) {
        let r = self
            .browser
            .post(self.url(path))
            .form(pairs)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn search_page(&self, q: &str) -> (u16, String) {
        let r = self
            .browser
            .get(self.url("/households/search"))
            .query(&[("q", q)])
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn household_page(&self, id: HouseholdId) -> (u16, String) {
        self.get_page(&format!("/households/{id}")).await
    }

    pub async fn post_event(
        &self,
        id: HouseholdId,
        kind: &str,
        pairs: &[(&str, &str)],
    ) -> (u16, String) {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        self.post_form(&format!("/households/{id}/events/{kind}"), &pairs)
            .await
    }

    pub async fn set_language(&self, locale: &str) -> (u16, String) {
        self.post_form(
            "/preferences",
            &[
                ("locale".into(), locale.into()),
                ("back".into(), "/".into()),
            ],
        )
        .await
    }

    pub async fn import_file(
        &self,
        name: &str,
        bytes: Vec<u8>,
        mode: &str,
    ) -> (u16, String, String) {
        let form = reqwest::multipart::Form::new()
            .text("mode", mode.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        let r = self
            .browser
            .post(self.url("/import"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let url = r.url().to_string();
        (r.status().as_u16(), url, r.text().await.unwrap())
    }

    // ---- API ----

    pub async fn api_login(&self) -> String {
        let r = self
            .plain
            .post(self.url("/api/v1/sessions"))
            .json(&serde_json::json!({"username": USERNAME, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn api_get(&self, path: &str, token: &str) -> (u16, Value) {
        let r = self
            .plain
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    pub async fn api_send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> (u16, Value) {
        let r = self
            .plain
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    pub async fn api_send_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &str,
    ) -> (u16, Value) {
        let r = self
            .plain
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
}

/// The pairs of a household form for `raw` (member rows in order).
pub fn form_pairs(raw: &RawHousehold) -> Vec<(String, String)> {
    let mut p = vec![
        ("governorate".to_owned(), raw.governorate.clone()),
        ("address".to_owned(), raw.address.clone()),
        ("phone".to_owned(), raw.phone.clone()),
    ];
    for (i, m) in raw.members.iter().enumerate() {
        let fields = [
            ("given_name", &m.given_name),
            ("father_name", &m.father_name),
            ("family_name", &m.family_name),
            ("sex", &m.sex),
            ("birth_date", &m.birth_date),
            ("relationship", &m.relationship),
            ("id_number", &m.id_number),
        ];
        for (f, v) in fields {
            p.push((format!("members[{i}].{f}"), v.clone()));
        }
    }
    p
}

/// The `value` of a hidden input in a page, e.g. the household version.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}

/// The id of the household a page URL names.
pub fn household_id_from_url(url: &str) -> HouseholdId {
    let id = url
        .split("/households/")
        .nth(1)
        .unwrap()
        .split(['?', '/'])
        .next()
        .unwrap();
    HouseholdId::parse(id).unwrap()
}

// ---- several people at once ----

/// A browser of its own (cookies, same-origin forms, redirects followed), for a
/// second person in the same test.
pub fn own_browser() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Creates an active user (display name = username, password [`PASSWORD`]) with
/// these built-in roles over these governorates (none: national).
pub async fn staff(
    store: &Store,
    name: &str,
    roles: &[tadamun_domain::access::BuiltinRole],
    governorates: &[&str],
) -> tadamun_domain::ids::UserId {
    use tadamun_domain::{access::AreaScope, area::GovernorateCode};
    let scope = if governorates.is_empty() {
        AreaScope::National
    } else {
        AreaScope::Governorates(
            governorates
                .iter()
                .map(|g| GovernorateCode::parse(g).unwrap())
                .collect(),
        )
    };
    let hash = hash_password(PASSWORD).unwrap();
    store
        .create_user(
            name,
            name,
            &hash,
            &tadamun_store::access::Grants {
                roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
                scope,
            },
            tadamun_store::now(),
        )
        .await
        .unwrap()
}

impl TestApp {
    /// A fresh browser signed in as `name`, landing on `next`.
    pub async fn browser_as(&self, name: &str, next: &str) -> Client {
        let client = own_browser();
        let r = client
            .post(self.url("/login"))
            .form(&[("username", name), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{name} signs in");
        client
    }

    /// GET as `client`: status and the page without bidi isolation marks.
    pub async fn get_as(&self, client: &Client, path: &str) -> (u16, String) {
        let r = client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), plain(&r.text().await.unwrap()))
    }

    /// POST a form as `client`: status, the path it ended on, and the page.
    pub async fn post_as(
        &self,
        client: &Client,
        path: &str,
        pairs: &[(&str, &str)],
    ) -> (u16, String, String) {
        let r = client
            .post(self.url(path))
            .form(pairs)
            .send()
            .await
            .unwrap();
        let at = r.url().path().to_owned();
        (r.status().as_u16(), at, plain(&r.text().await.unwrap()))
    }
}

/// The error shown under a form field, e.g. `field_error(html, "title_ar")`.
pub fn field_error(html: &str, field: &str) -> Option<String> {
    let marker = format!("id=\"f-{field}-error\">");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split("</p>").next()?.trim().to_owned())
}

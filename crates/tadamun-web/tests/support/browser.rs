//! What every headless-browser test shares: chromedriver started on a free port and
//! killed when the test ends, a headless Chromium session, and the app served on port 0.
//! Needs `chromedriver` and `chromium` (Debian packages `chromium-driver`, `chromium`);
//! `TADAMUN_SKIP_BROWSER=1` skips the tests.

use std::{
    net::{SocketAddr, TcpListener},
    process::{Child, Command, Stdio},
    time::Duration,
};

use fantoccini::{Client, ClientBuilder};
use tadamun_domain::country::Country;
use tadamun_store::Store;
use tadamun_web::{AppConfig, Application};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Kills chromedriver when the test ends, pass or fail.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// False when the tests are skipped on purpose; panics when the browser is missing, so
/// a machine without it fails loudly rather than passing silently.
pub fn browser_wanted() -> bool {
    if std::env::var("TADAMUN_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("browser test skipped: TADAMUN_SKIP_BROWSER=1");
        return false;
    }
    assert!(
        std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists(),
        "the browser test needs {CHROMEDRIVER} and {CHROMIUM} (apt install chromium chromium-driver), or set TADAMUN_SKIP_BROWSER=1 to skip it"
    );
    true
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_chromedriver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
    let driver = Driver(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (driver, format!("http://127.0.0.1:{port}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer on port {port}");
}

/// A headless Chromium session; keep the `Driver` alive as long as the client.
pub async fn headless_browser() -> (Driver, Client) {
    let (driver, driver_url) = start_chromedriver().await;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": CHROMIUM, "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900"] }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver_url)
        .await
        .expect("a chromedriver session");
    (driver, client)
}

/// Serves the app over `store` on a free port (plain HTTP cookies) and returns its address.
pub async fn serve(store: Store) -> String {
    let mut config = AppConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), Country::Jordan);
    config.secure_cookies = false;
    let app = Application::build(config, store).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    address
}

/// Clicks `target` and waits until the page it was on has gone, so that what is looked
/// up next is found on the page the click led to, not on the one being left (an element
/// both pages have would otherwise go stale under the test).
pub async fn click_to_next_page(
    client: &Client,
    target: fantoccini::elements::Element,
) -> Result<(), fantoccini::error::CmdError> {
    let leaving = client.find(fantoccini::Locator::Css("html")).await?;
    target.click().await?;
    let mut gone = false;
    for _ in 0..200 {
        // Stale, or (mid-navigation) "node does not belong to the document": gone.
        if leaving.tag_name().await.is_err() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if !gone {
        return Err(fantoccini::error::CmdError::WaitTimeout);
    }
    for _ in 0..200 {
        let ready = client
            .execute("return document.readyState", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s == "complete"))
            .unwrap_or(false);
        if ready {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(fantoccini::error::CmdError::WaitTimeout)
}

//! Health check, static files, security headers and metrics on their own port.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_health_check_answers_ok_without_a_session() {
    let app = spawn_app().await;
    let r = app.plain.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn static_files_are_embedded_with_long_caching_and_pages_carry_security_headers() {
    let app = spawn_app().await;
    for (path, content_type) in [
        ("/static/app.css", "text/css"),
        ("/static/htmx-2.0.11.min.js", "text/javascript"),
        ("/static/fonts/NotoNaskhArabic-Regular.ttf", "font/ttf"),
    ] {
        let r = app.plain.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type),
            "{path}"
        );
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age=31536000"),
            "{path}"
        );
    }
    let r = app.plain.get(app.url("/login")).send().await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert!(
        !r.text().await.unwrap().contains("<script>"),
        "no inline scripts"
    );
}

#[tokio::test]
async fn metrics_are_served_on_the_internal_port_only() {
    let app = spawn_app().await;
    app.plain.get(app.url("/healthz")).send().await.unwrap();
    let metrics = app
        .plain
        .get(format!("{}/metrics", app.metrics_address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("tadamun_http_requests_total"), "{metrics}");
    assert!(metrics.contains("route=\"/healthz\""), "{metrics}");
    assert!(
        metrics.contains("tadamun_http_request_duration_seconds"),
        "{metrics}"
    );
    assert_eq!(
        app.plain
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

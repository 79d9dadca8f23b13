//! The public transparency portal over HTTP, on SQLite and PostgreSQL: it answers with
//! no login, in Arabic by default, cacheably; small counts show as "<10"; and an
//! attacker who downloads every published table and subtracts along every row and
//! column cannot work out a hidden count.

use std::collections::BTreeMap;

use tadamun_store::testing::{
    on_both,
    portal_fixtures::{
        INTERNAL_DECISION, IRBID_ELDERLY_ALONE, PUBLIC_DECISION, portal_planning, portal_registry,
    },
};

use crate::helpers::{TestApp, plain, spawn_app_on};

async fn portal_app(store: tadamun_store::Store) -> TestApp {
    portal_registry(&store).await;
    portal_planning(&store).await;
    spawn_app_on(store, |c| {
        c.portal_refresh = std::time::Duration::from_secs(600)
    })
    .await
}

/// A published table read back from its CSV: governorate code (empty for the
/// national line) → its fields after the name.
async fn csv(app: &TestApp, code: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let r = app
        .plain
        .get(app.url(&format!("/transparency/{code}.csv?lang=en")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{code}.csv");
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let text = r.text().await.unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|l| {
            let f: Vec<String> = l.split(',').map(str::to_owned).collect();
            (f[0].clone(), f[2..].to_vec())
        })
        .collect();
    (header, rows)
}

/// What subtraction reveals: for every line (a governorate's parts and its total, or
/// a column and its national total) with exactly one hidden field, that field.
fn subtraction_attack(
    rows: &BTreeMap<String, Vec<String>>,
    has_total: bool,
) -> Vec<(String, usize, i64)> {
    let num = |s: &str| s.parse::<i64>().ok();
    let mut found = Vec::new();
    if has_total {
        for (g, f) in rows {
            let (parts, total) = f.split_at(f.len() - 1);
            let hidden: Vec<usize> = (0..parts.len())
                .filter(|&i| num(&parts[i]).is_none())
                .collect();
            if let (Some(t), [i]) = (num(&total[0]), hidden.as_slice()) {
                let known: i64 = parts.iter().filter_map(|p| num(p)).sum();
                found.push((g.clone(), *i, t - known));
            }
        }
    }
    let national = &rows[""];
    for c in 0..national.len() {
        let hidden: Vec<&String> = rows
            .iter()
            .filter(|(g, f)| !g.is_empty() && num(&f[c]).is_none() && !f[c].is_empty())
            .map(|(g, _)| g)
            .collect();
        if let (Some(t), [g]) = (num(&national[c]), hidden.as_slice()) {
            let known: i64 = rows
                .iter()
                .filter(|(g, _)| !g.is_empty())
                .filter_map(|(_, f)| num(&f[c]))
                .sum();
            found.push(((*g).clone(), c, t - known));
        }
    }
    found
}

#[tokio::test]
async fn the_portal_answers_anyone_in_arabic_and_never_shows_a_small_count() {
    on_both(|store| async move {
        let app = portal_app(store).await;
        // No login, no cookie: Arabic, right to left, cacheable.
        let r = app
            .plain
            .get(app.url("/transparency"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let cache = r.headers()["cache-control"].to_str().unwrap().to_owned();
        assert!(cache.starts_with("public"), "{cache}");
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let html = plain(&r.text().await.unwrap());
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(html.contains("بوابة الشفافية"));
        assert!(html.contains("&lt;10"), "a suppressed cell shows as <10");
        // A planning group's public decision is there; its internal one is not.
        assert!(html.contains(PUBLIC_DECISION) && !html.contains(INTERNAL_DECISION));
        // The same version again costs nothing.
        let again = app
            .plain
            .get(app.url("/transparency"))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        // English on request, for a link that can be shared.
        let en = app
            .plain
            .get(app.url("/transparency?lang=en"))
            .send()
            .await
            .unwrap();
        let en = plain(&en.text().await.unwrap());
        assert!(en.contains("Transparency portal") && en.contains(r#"lang="en""#));

        // Irbid's three older people living alone are hidden, and so is its total.
        let (header, elderly) = csv(&app, "elderly_65").await;
        assert_eq!(
            header[2..],
            [
                "Elderly people living alone",
                "Elderly people not living alone",
                "Elderly people (65 and over)"
            ]
            .map(String::from)[..],
            "{header:?}"
        );
        assert_eq!(elderly["JO-IR"][0], "<10");
        assert_eq!(elderly["JO-IR"][2], "<10");
        // Amman's are published: 11 alone, 10 with family.
        assert!(
            elderly
                .values()
                .flatten()
                .all(|f| f != &IRBID_ELDERLY_ALONE.to_string())
        );
        // Subtracting along every line of every table finds nothing hidden.
        for (code, has_total) in [
            ("elderly_65", true),
            ("disability", true),
            ("coverage", false),
            ("indicators", false),
        ] {
            let (_, rows) = csv(&app, code).await;
            let revealed = subtraction_attack(&rows, has_total);
            assert!(revealed.is_empty(), "{code}: {revealed:?}");
        }
        // The small count is not published anywhere else either: no other table
        // holds the elderly.
        for code in ["coverage", "disability", "indicators"] {
            let (header, _) = csv(&app, code).await;
            assert!(
                header.iter().all(|h| !h.contains("Elderly")),
                "{code}: {header:?}"
            );
        }
        // An unknown table is a 404, not an empty file.
        let missing = app
            .plain
            .get(app.url("/transparency/secrets.csv"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
    })
    .await;
}

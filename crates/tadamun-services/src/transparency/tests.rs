//! The portal's tables: one home per count, rates only beside published counts, and
//! the CSV saying exactly what the page says.

use std::collections::BTreeMap;

use super::*;
use tadamun_domain::indicator::values::GovernorateIndicators;

fn governorate(code: &str, counts: &[(&str, Option<i64>)]) -> GovernorateIndicators {
    GovernorateIndicators {
        governorate: GovernorateCode::parse(code).unwrap(),
        name_ar: code.into(),
        name_en: code.into(),
        counts: counts
            .iter()
            .map(|(c, n)| ((*c).to_owned(), *n))
            .collect::<BTreeMap<_, _>>(),
        grievance_age: Some(GrievanceAge {
            count: 3,
            median_days: 12,
            oldest_days: 40,
        }),
    }
}

/// Four governorates; the second has a handful of elderly living alone and three
/// unsettled grievances, the fourth has had no targeting run.
fn values() -> IndicatorTable {
    let row = |code: &str, alone: i64, grievances: i64, poor: Option<i64>| {
        governorate(
            code,
            &[
                ("population", Some(5000)),
                ("households", Some(1100)),
                ("poor_households", poor),
                ("poor_persons", poor.map(|p| p * 5)),
                ("disability", Some(160)),
                ("disability_a_lot", Some(100)),
                ("disability_cannot", Some(60)),
                ("disability_some", Some(300)),
                ("elderly_65", Some(alone + 250)),
                ("elderly_65_alone", Some(alone)),
                ("elderly_65_not_alone", Some(250)),
                ("female_headed", Some(180)),
                ("children_under_5", Some(700)),
                ("waiting_list", Some(40)),
                ("open_grievances", Some(grievances)),
            ],
        )
    };
    IndicatorTable {
        today: time::macros::date!(2026 - 12 - 01),
        latest_run: None,
        governorates: vec![
            row("PS-JEM", 60, 25, Some(400)),
            row("PS-NBS", 4, 3, Some(380)),
            row("PS-HBN", 75, 40, Some(510)),
            row("PS-TBS", 33, 18, None),
        ],
    }
}

fn tables() -> Vec<PublishedTable> {
    published_tables(
        IndicatorCatalogue::builtin(),
        &values(),
        Threshold::default(),
    )
}

#[test]
fn every_count_has_one_home() {
    let tables = tables();
    let mut seen: Vec<&str> = Vec::new();
    for t in &tables {
        for c in t.columns.iter().chain(t.total.iter()) {
            assert!(!seen.contains(&c.as_str()), "{c} published twice");
            seen.push(c);
        }
    }
    for ind in &IndicatorCatalogue::builtin().indicators {
        assert!(
            seen.contains(&ind.code.as_str()),
            "{} not published",
            ind.code
        );
    }
}

#[test]
fn a_small_count_is_hidden_and_so_is_what_would_give_it_away() {
    let tables = tables();
    let elderly = tables.iter().find(|t| t.code == "elderly_65").unwrap();
    let alone = elderly
        .columns
        .iter()
        .position(|c| c == "elderly_65_alone")
        .unwrap();
    assert_eq!(elderly.cells[1][alone].shown, Shown::Small);
    assert_eq!(elderly.cells[1][alone].rate, None);
    // Its row and its column each hide another cell.
    let hidden_in_row = elderly.cells[1]
        .iter()
        .chain(elderly.row_totals.as_ref().map(|rt| &rt[1]))
        .filter(|c| c.shown != Shown::Count(c.shown.count().unwrap_or(u64::MAX)))
        .count();
    assert!(hidden_in_row >= 2);
    // Nothing hidden carries a rate, and everything published beside coverage does.
    for t in tables.iter().filter(|t| t.code != COVERAGE_TABLE) {
        for (r, row) in t.cells.iter().enumerate() {
            for cell in row {
                assert_eq!(
                    cell.rate.is_some(),
                    cell.computed && cell.shown.count().is_some(),
                    "{} row {r}",
                    t.code
                );
            }
        }
    }
}

#[test]
fn grievance_ages_only_beside_published_counts() {
    let tables = tables();
    let ages = published_grievance_ages(&tables, &values());
    let codes: Vec<&str> = ages.iter().map(|(g, _)| g.as_str()).collect();
    assert!(
        !codes.contains(&"PS-NBS"),
        "three grievances: their age stays hidden"
    );
    assert!(codes.contains(&"PS-JEM"));
}

#[test]
fn the_csv_publishes_what_the_page_publishes() {
    let tables = tables();
    let t = tables.iter().find(|t| t.code == "elderly_65").unwrap();
    let csv = table_csv(
        t,
        Threshold::default(),
        |g| g.as_str().to_lowercase(),
        |c| c.to_owned(),
        "national",
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "governorate_code,governorate,elderly_65_alone,elderly_65_not_alone,elderly_65"
    );
    assert!(lines[2].starts_with("PS-NBS,ps-nbs,<10,"), "{}", lines[2]);
    assert_eq!(lines.len(), 6);
    for (r, line) in lines[1..5].iter().enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        for (c, cell) in t.cells[r].iter().enumerate() {
            let expected = match cell.shown {
                Shown::Count(n) => n.to_string(),
                Shown::Small => "<10".into(),
                Shown::Withheld => "x".into(),
            };
            assert_eq!(fields[2 + c], expected);
        }
    }
    assert!(!csv.contains(",4,"), "the small count itself never appears");
}

#[test]
fn not_computed_cells_are_empty_and_the_rest_still_adds_up() {
    let tables = tables();
    let t = tables.iter().find(|t| t.code == OTHER_TABLE).unwrap();
    let poor = t
        .columns
        .iter()
        .position(|c| c == "poor_households")
        .unwrap();
    assert!(!t.cells[3][poor].computed);
    assert_eq!(t.national[poor].shown, Shown::Count(400 + 380 + 510));
}

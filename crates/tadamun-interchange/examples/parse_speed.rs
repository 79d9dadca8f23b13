//! Measures writing and reading a large household CSV, to check the reader streams:
//! `cargo run --release -p tadamun-interchange --example parse_speed -- 1000000`.
//! With `xlsx` after the row count it measures an XLSX file instead (held in memory
//! whole by both writer and reader, so try 100000 first).

use std::time::Instant;

use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{HouseholdDraft, RawHousehold, RawPerson},
};
use tadamun_interchange::{
    FileFormat, HouseholdReader, write_households_csv, write_households_xlsx,
};
use time::macros::date;

/// A household of four with most columns filled, so rows are of realistic width.
fn household(pack: &CountryPack, i: u64) -> HouseholdDraft {
    let person = |given: &str, sex: &str, birth: &str, relationship: &str, id: u64| RawPerson {
        given_name: given.into(),
        father_name: "أحمد".into(),
        grandfather_name: "علي".into(),
        family_name: "الزعبي".into(),
        latin_name: "Al-Zoubi".into(),
        sex: sex.into(),
        birth_date: birth.into(),
        relationship: relationship.into(),
        marital_status: "married".into(),
        education: "secondary".into(),
        work_status: "employed".into(),
        wg_seeing: "1".into(),
        wg_walking: "2".into(),
        id_number: format!("9{id:09}"),
        ..Default::default()
    };
    let raw = RawHousehold {
        governorate: "JO-IR".into(),
        district: "JO-IR-01".into(),
        address: "إربد، الحي الشرقي، شارع الجامعة".into(),
        phone: "0791234567".into(),
        dwelling_type: "apartment".into(),
        tenure: "rented".into(),
        rooms: "3".into(),
        monthly_income: "250.500".into(),
        main_income_source: "wages".into(),
        assets: vec!["fridge".into(), "washing_machine".into()],
        extra: [("nationality".to_owned(), "jordanian".to_owned())].into(),
        members: vec![
            person("محمد", "M", "1980-03-15", "head", i * 4),
            person("فاطمة", "F", "1985", "spouse", i * 4 + 1),
            person("عبد الله", "M", "2010-06-01", "son", i * 4 + 2),
            person("مريم", "F", "2014-09-30", "daughter", i * 4 + 3),
        ],
        ..Default::default()
    };
    raw.parse(pack, date!(2026 - 11 - 23))
        .expect("the sample household is valid")
}

fn peak_memory_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or_else(|| "?".to_owned(), |kb| format!("{}", kb / 1024))
}

fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let xlsx = std::env::args().nth(2).as_deref() == Some("xlsx");
    let pack = CountryPack::builtin(Country::Jordan);
    let template = household(&pack, 0);
    let households = (0..rows / 4).map(|i| {
        let mut h = template.clone();
        for (k, m) in h.members.iter_mut().enumerate() {
            m.documents[0].number = format!("9{:09}", i * 4 + k as u64);
        }
        (format!("H{i}"), h)
    });
    let started = Instant::now();
    let (bytes, format) = if xlsx {
        let bytes = write_households_xlsx(households, &pack, true).expect("within the sheet limit");
        (bytes, FileFormat::Xlsx)
    } else {
        let mut bytes = Vec::new();
        write_households_csv(&mut bytes, households, &pack).expect("writing to memory");
        (bytes, FileFormat::Csv)
    };
    println!(
        "wrote {rows} rows as {format:?}, {} MB, in {:.2?}; peak memory so far {} MB",
        bytes.len() / 1_000_000,
        started.elapsed(),
        peak_memory_mb()
    );

    if !xlsx {
        // The floor: splitting the same bytes into records, with no layout or domain rules.
        let started = Instant::now();
        let mut csv = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        let mut record = csv::StringRecord::new();
        let mut records = 0u64;
        while csv.read_record(&mut record).expect("valid CSV") {
            records += 1;
        }
        println!(
            "csv crate alone: {records} records in {:.2?}",
            started.elapsed()
        );
    }

    let started = Instant::now();
    let reader = HouseholdReader::from_vec(bytes, format, &pack, date!(2026 - 11 - 23))
        .expect("a valid header");
    let total = reader.total_rows();
    let (mut ok, mut failed) = (0u64, 0u64);
    for result in reader {
        match result {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
    }
    let elapsed = started.elapsed();
    println!(
        "read {total} rows: {ok} households, {failed} rejected, in {elapsed:.2?} ({:.0} rows/s)",
        total as f64 / elapsed.as_secs_f64()
    );
    println!("peak memory: {} MB", peak_memory_mb());
}

//! A small registry whose transparency figures are known: families in Amman and
//! Irbid, and older people living alone (three in Irbid: too few to publish) or with
//! their family (ten in Amman).

use tadamun_domain::household::RawHousehold;

use super::fixtures::{parse, person, system, zoubi_family};
use crate::Store;

/// Older people living alone in Irbid: the count the portal must never reveal.
pub const IRBID_ELDERLY_ALONE: u64 = 3;

fn family(governorate: &str, n: u32) -> RawHousehold {
    let mut h = zoubi_family(&format!("{n:03}"));
    h.governorate = governorate.into();
    h.district = String::new();
    h
}

fn alone(governorate: &str, n: u32) -> RawHousehold {
    RawHousehold {
        governorate: governorate.into(),
        address: "وسط البلد".into(),
        members: vec![person(
            ["مريم", "سالم", "علي", "الخطيب"],
            "F",
            "1950-02-01",
            "head",
            &format!("950{n:03}0001"),
        )],
        ..Default::default()
    }
}

fn with_grandparent(governorate: &str, n: u32) -> RawHousehold {
    let mut h = family(governorate, n);
    h.members.push(person(
        ["سالم", "علي", "حسن", "الزعبي"],
        "M",
        "1948-05-05",
        "grandparent",
        &format!("948{n:03}0005"),
    ));
    h
}

/// Amman: 12 families, 11 older people alone, 10 families with a grandparent.
/// Irbid: 12 families and 3 older people alone.
pub async fn portal_registry(store: &Store) {
    let mut households = Vec::new();
    for n in 0..12 {
        households.push(family("JO-AM", n));
        households.push(family("JO-IR", 100 + n));
    }
    for n in 0..11 {
        households.push(alone("JO-AM", 200 + n));
    }
    for n in 0..IRBID_ELDERLY_ALONE as u32 {
        households.push(alone("JO-IR", 300 + n));
    }
    for n in 0..10 {
        households.push(with_grandparent("JO-AM", 400 + n));
    }
    let now = crate::now();
    for raw in &households {
        store
            .create_household(&system(), &parse(raw), now)
            .await
            .expect("portal fixture stored");
    }
}

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

/// Irbid's planning group: three members, one meeting twenty days ago with a public
/// decision and one kept internal.
pub const PUBLIC_DECISION: &str = "نشر خطة الشتاء للأسر المحتاجة";
pub const INTERNAL_DECISION: &str = "مراجعة أداء أحد الشركاء";

pub async fn portal_planning(store: &Store) {
    use tadamun_domain::planning::{
        RawAction, RawDecision, RawGroup, RawMeeting, RawMember, RawTerm,
    };
    let access = system();
    let now = crate::now();
    let day = |ago: i64| (now.date() - time::Duration::days(ago)).to_string();
    let group = RawGroup {
        governorate: "JO-IR".into(),
        name_ar: "مجموعة تخطيط الخدمات الاجتماعية في إربد".into(),
        name_en: "Irbid social services planning group".into(),
    }
    .parse(&super::fixtures::pack())
    .expect("group");
    let g = store
        .create_planning_group(&access, &group, now)
        .await
        .expect("group stored");
    let mut members = Vec::new();
    for (name, role) in [("هدى", "chair"), ("سامي", "secretary"), ("ليلى", "member")] {
        let raw = RawMember {
            name: name.into(),
            kind: "directorate".into(),
            term: RawTerm {
                role: role.into(),
                starts_on: day(400),
                ends_on: String::new(),
            },
            ..Default::default()
        };
        members.push(
            store
                .add_planning_member(&access, g, &raw.parse().expect("member"), now)
                .await
                .expect("member stored"),
        );
    }
    let decision = |text: &str, public: &str| RawDecision {
        text: text.into(),
        votes_for: "3".into(),
        votes_against: "0".into(),
        votes_abstain: "0".into(),
        public: public.into(),
    };
    let meeting = RawMeeting {
        held_on: day(20),
        agenda: vec!["خطة الشتاء".into()],
        attended: members.iter().map(|m| m.to_string()).collect(),
        minutes: "ناقش الأعضاء خطة الشتاء.".into(),
        decisions: vec![
            decision(PUBLIC_DECISION, "on"),
            decision(INTERNAL_DECISION, ""),
        ],
        actions: vec![RawAction {
            text: "توزيع الحصص".into(),
            owner: members[1].to_string(),
            due_on: day(-10),
        }],
    };
    store
        .record_meeting(&access, g, &meeting, now.date(), now)
        .await
        .expect("meeting stored");
}

//! Planning groups ready for an annual plan: a group in a Jordanian governorate with a
//! chair, a secretary (who may sign in as a given user) and a member, one meeting with
//! quorum and a carried decision, and weights over two offered components.

use tadamun_domain::{
    ids::{DecisionId, PlanningGroupId},
    indicator::{IndicatorCatalogue, Weights, ranking::offered_components},
    planning::{RawDecision, RawGroup, RawMeeting, RawMember, RawTerm},
};

use super::fixtures::{pack, system};
use crate::Store;

/// The decision text of [`group_with_decision`]'s meeting.
pub const ADOPTING_DECISION: &str = "اعتماد أولويات الخطة السنوية";

/// A group in `governorate` whose secretary signs in as `secretary` (empty: nobody),
/// with one decision taken at a meeting with quorum ten days ago.
pub async fn group_with_decision(
    store: &Store,
    governorate: &str,
    name: &str,
    secretary: &str,
) -> (PlanningGroupId, DecisionId) {
    let access = system();
    let now = crate::now();
    let day = |ago: i64| (now.date() - time::Duration::days(ago)).to_string();
    let draft = RawGroup {
        governorate: governorate.into(),
        name_ar: name.into(),
        name_en: String::new(),
    }
    .parse(&pack())
    .expect("group");
    let g = store
        .create_planning_group(&access, &draft, now)
        .await
        .expect("group stored");
    let mut members = Vec::new();
    for (who, role, username) in [
        ("هدى", "chair", ""),
        ("سامي", "secretary", secretary),
        ("ليلى", "member", ""),
    ] {
        let raw = RawMember {
            name: who.into(),
            kind: "directorate".into(),
            username: username.into(),
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
    let meeting = RawMeeting {
        held_on: day(10),
        agenda: vec!["أولويات الخطة".into()],
        attended: members.iter().map(|m| m.to_string()).collect(),
        minutes: "ناقش الأعضاء ترتيب الأولويات.".into(),
        decisions: vec![RawDecision {
            text: ADOPTING_DECISION.into(),
            votes_for: "3".into(),
            votes_against: "0".into(),
            votes_abstain: "0".into(),
            public: String::new(),
        }],
        actions: vec![],
    };
    store
        .record_meeting(&access, g, &meeting, now.date(), now)
        .await
        .expect("meeting stored");
    let decision = store
        .planning_decisions(&access, g)
        .await
        .expect("decisions")
        .into_iter()
        .next()
        .expect("one decision")
        .id;
    (g, decision)
}

/// Weights over the first need indicator and the first gap offered.
pub fn some_weights() -> Weights {
    let offered = offered_components(IndicatorCatalogue::builtin());
    let indicator = offered
        .iter()
        .find(|c| c.starts_with("indicator:"))
        .expect("an indicator component");
    let gap = offered
        .iter()
        .find(|c| c.starts_with("gap:"))
        .expect("a gap component");
    Weights([(indicator.clone(), 60), (gap.clone(), 40)].into())
}

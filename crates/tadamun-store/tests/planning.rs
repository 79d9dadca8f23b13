//! Storage stories for planning groups, each on SQLite and PostgreSQL: groups and
//! members with terms, who sees and records in which group, bylaws proposed and voted
//! into force, meetings with quorum, decisions and action items, the public decisions,
//! a user's own action items, and the group's health.

use tadamun_domain::{
    access::{Access, BuiltinRole},
    audit::AuditAction,
    country::Country,
    country_pack::CountryPack,
    ids::{PlanningGroupId, PlanningMemberId},
    planning::{
        ActionStatus, BylawsStatus, RawAction, RawBylaws, RawBylawsVote, RawDecision, RawGroup,
        RawMeeting, RawMember, RawTerm,
    },
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    testing::{fixtures::*, on_both, partner_fixtures::registered},
};
use time::{Date, Duration};

fn field(e: StoreError) -> (String, &'static str) {
    match e {
        StoreError::Invalid(f) => (f.0[0].field.clone(), f.0[0].code),
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn today() -> Date {
    tadamun_store::now().date()
}

fn day(days_ago: i64) -> String {
    (today() - Duration::days(days_ago)).to_string()
}

async fn audited(store: &Store, action: AuditAction) -> i64 {
    store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap()
}

async fn palestine(store: &Store) {
    store
        .sync_areas(
            &CountryPack::builtin(Country::Palestine),
            tadamun_store::now(),
        )
        .await
        .unwrap();
}

async fn group(store: &Store, access: &Access, governorate: &str, name: &str) -> PlanningGroupId {
    let draft = RawGroup {
        governorate: governorate.into(),
        name_ar: name.into(),
        name_en: String::new(),
    }
    .parse(&CountryPack::builtin(Country::Palestine))
    .unwrap();
    store
        .create_planning_group(access, &draft, tadamun_store::now())
        .await
        .unwrap()
}

fn member(name: &str, role: &str, starts: &str, username: &str) -> RawMember {
    RawMember {
        name: name.into(),
        kind: "directorate".into(),
        username: username.into(),
        term: RawTerm {
            role: role.into(),
            starts_on: starts.into(),
            ends_on: String::new(),
        },
        ..Default::default()
    }
}

async fn add(
    store: &Store,
    access: &Access,
    group: PlanningGroupId,
    raw: RawMember,
) -> Result<PlanningMemberId, StoreError> {
    store
        .add_planning_member(access, group, &raw.parse().unwrap(), tadamun_store::now())
        .await
}

/// A Nablus group of five (chair, secretary signing in as `secretary`, three members).
async fn nablus(store: &Store, planner: &Access) -> (PlanningGroupId, Vec<PlanningMemberId>) {
    let g = group(store, planner, "PS-NBS", "مجموعة تخطيط نابلس").await;
    let start = day(400);
    let mut ids = vec![
        add(store, planner, g, member("هدى", "chair", &start, ""))
            .await
            .unwrap(),
        add(
            store,
            planner,
            g,
            member("سامي", "secretary", &start, "secretary"),
        )
        .await
        .unwrap(),
    ];
    for name in ["ليلى", "عمر", "رنا"] {
        ids.push(
            add(store, planner, g, member(name, "member", &start, ""))
                .await
                .unwrap(),
        );
    }
    (g, ids)
}

fn meeting(
    held: &str,
    attended: &[PlanningMemberId],
    owner: Option<PlanningMemberId>,
) -> RawMeeting {
    RawMeeting {
        held_on: held.into(),
        agenda: vec!["خطة الشتاء".into()],
        attended: attended.iter().map(|m| m.to_string()).collect(),
        minutes: "ناقش الأعضاء خطة الشتاء.".into(),
        decisions: vec![RawDecision {
            text: "اعتماد خطة الشتاء".into(),
            votes_for: "3".into(),
            votes_against: "0".into(),
            votes_abstain: "0".into(),
            public: "on".into(),
        }],
        actions: vec![RawAction {
            text: "توزيع الحصص".into(),
            owner: owner.map(|o| o.to_string()).unwrap_or_default(),
            due_on: held.into(),
        }],
    }
}

#[tokio::test]
async fn a_planner_builds_a_group_in_their_governorate_and_terms_never_clash() {
    on_both(|store| async move {
        palestine(&store).await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["PS-NBS"]).await;
        user_with(
            &store,
            "secretary",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (g, ids) = nablus(&store, &planner).await;
        let members = store.planning_members(&planner, g).await.unwrap();
        assert_eq!(members.len(), 5);
        let sami = members.iter().find(|m| m.name == "سامي").unwrap();
        assert_eq!(sami.username.as_deref(), Some("secretary"));

        let e = add(&store, &planner, g, member("خالد", "chair", &day(10), ""))
            .await
            .unwrap_err();
        assert_eq!(field(e), ("role".into(), "role-already-held"));
        let overlapping = RawTerm {
            role: "deputy".into(),
            starts_on: day(30),
            ends_on: String::new(),
        }
        .parse()
        .unwrap();
        let e = store
            .add_planning_term(&planner, g, ids[2], &overlapping, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("starts_on".into(), "overlapping-term"));
        let e = add(
            &store,
            &planner,
            g,
            member("خالد", "member", &day(10), "nobody"),
        )
        .await
        .unwrap_err();
        assert_eq!(field(e), ("username".into(), "unknown-user"));
        let e = add(
            &store,
            &planner,
            g,
            member("سامي ٢", "member", &day(10), "secretary"),
        )
        .await
        .unwrap_err();
        assert_eq!(field(e), ("username".into(), "user-already-member"));

        let org = registered(
            &store,
            &system(),
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR"],
        )
        .await;
        let partner = RawMember {
            kind: "partner".into(),
            organisation: org.to_string(),
            ..member("جمعية الإحسان", "member", &day(10), "")
        };
        add(&store, &planner, g, partner).await.unwrap();
        let members = store.planning_members(&planner, g).await.unwrap();
        assert!(
            members
                .iter()
                .any(|m| m.organisation_name.as_deref() == Some("جمعية الإحسان"))
        );
        assert_eq!(audited(&store, AuditAction::PlanningGroupCreated).await, 1);
        assert_eq!(audited(&store, AuditAction::PlanningMemberAdded).await, 6);

        let draft = RawGroup {
            governorate: "PS-HBN".into(),
            name_ar: "مجموعة الخليل".into(),
            name_en: String::new(),
        }
        .parse(&CountryPack::builtin(Country::Palestine))
        .unwrap();
        let e = store
            .create_planning_group(&planner, &draft, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    })
    .await;
}

#[tokio::test]
async fn each_caller_sees_and_records_only_in_their_own_groups() {
    on_both(|store| async move {
        palestine(&store).await;
        let sys = system();
        let hebron = group(&store, &sys, "PS-HBN", "مجموعة تخطيط الخليل").await;
        let jerusalem = group(&store, &sys, "PS-JEM", "مجموعة تخطيط القدس").await;
        let jem_secretary = user_with(
            &store,
            "jem-sec",
            &[BuiltinRole::PlanningMember],
            &["PS-JEM"],
        )
        .await;
        add(
            &store,
            &sys,
            jerusalem,
            member("منى", "secretary", &day(100), "jem-sec"),
        )
        .await
        .unwrap();
        user_with(
            &store,
            "secretary",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (nablus_group, ids) = nablus(&store, &sys).await;
        let ngo = user_with(&store, "ngo", &[BuiltinRole::PartnerUser], &[]).await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["PS-NBS"]).await;

        // A Nablus planner neither sees nor changes Hebron's group.
        assert!(
            store
                .get_planning_group(&planner, hebron)
                .await
                .unwrap()
                .is_none()
        );
        let listed = store
            .list_planning_groups(&planner, None, today())
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].group.id, nablus_group);
        assert_eq!(listed[0].members, 5);
        let e = add(&store, &planner, hebron, member("x", "member", &day(1), ""))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");

        // The Jerusalem secretary records in Jerusalem's group, not in Nablus'.
        let rights = store
            .planning_rights(&jem_secretary, jerusalem, today())
            .await
            .unwrap();
        assert!(rights.record && !rights.manage);
        let e = store
            .record_meeting(
                &jem_secretary,
                nablus_group,
                &meeting(&day(1), &ids[..3], Some(ids[0])),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        // A plain member of Nablus reads it but may not record.
        let secretary_of_nablus = store
            .planning_members(&sys, nablus_group)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.username.as_deref() == Some("secretary"))
            .unwrap();
        assert!(secretary_of_nablus.role_on(today()).is_some());

        // A partner's staff sees no group until they sit on one, then only that one.
        assert!(
            store
                .list_planning_groups(&ngo, None, today())
                .await
                .unwrap()
                .is_empty()
        );
        add(
            &store,
            &sys,
            hebron,
            member("ممثل الجمعية", "member", &day(5), "ngo"),
        )
        .await
        .unwrap();
        let seen = store
            .list_planning_groups(&ngo, None, today())
            .await
            .unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].group.id, hebron);
        let rights = store.planning_rights(&ngo, hebron, today()).await.unwrap();
        assert!(!rights.record && !rights.manage);
    })
    .await;
}

#[tokio::test]
async fn a_meeting_records_attendance_decisions_and_actions_and_refuses_a_vote_without_quorum() {
    on_both(|store| async move {
        palestine(&store).await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["PS-NBS"]).await;
        let secretary = user_with(
            &store,
            "secretary",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (g, ids) = nablus(&store, &planner).await;

        // Two of five attended; half plus one is three.
        let e = store
            .record_meeting(
                &secretary,
                g,
                &meeting(&day(20), &ids[..2], Some(ids[1])),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            ("decisions[0].votes_for".into(), "vote-without-quorum")
        );
        let e = store
            .record_meeting(
                &secretary,
                g,
                &meeting(&day(20), &ids[..3], None),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            ("actions[0].owner".into(), "action-owner-required")
        );
        assert!(
            store
                .planning_meetings(&planner, g)
                .await
                .unwrap()
                .is_empty()
        );

        let m = store
            .record_meeting(
                &secretary,
                g,
                &meeting(&day(20), &ids[..3], Some(ids[1])),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let meetings = store.planning_meetings(&planner, g).await.unwrap();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].id, m);
        assert_eq!(
            (meetings[0].members_on_day, meetings[0].quorum_required),
            (5, 3)
        );
        assert!(meetings[0].quorum_met);
        assert_eq!(meetings[0].attended.len(), 3);
        assert_eq!(meetings[0].agenda, vec!["خطة الشتاء".to_string()]);
        let decisions = store.planning_decisions(&planner, g).await.unwrap();
        assert_eq!(decisions[0].votes.votes_for, 3);
        assert!(decisions[0].public);

        // The action was due on the meeting day: overdue now, and on the secretary's list.
        let actions = store
            .planning_action_items(&planner, g, today())
            .await
            .unwrap();
        assert!(actions[0].overdue);
        let mine = store.my_action_items(&secretary, today()).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].group_name_ar, "مجموعة تخطيط نابلس");
        assert!(
            store
                .my_action_items(&planner, today())
                .await
                .unwrap()
                .is_empty()
        );

        let e = store
            .set_action_status(
                &secretary,
                mine[0].id,
                mine[0].version,
                "open",
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("status".into(), "status-unchanged"));
        store
            .set_action_status(
                &secretary,
                mine[0].id,
                mine[0].version,
                "done",
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let e = store
            .set_action_status(
                &secretary,
                mine[0].id,
                mine[0].version,
                "cancelled",
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "{e:?}");
        let actions = store
            .planning_action_items(&planner, g, today())
            .await
            .unwrap();
        assert_eq!(actions[0].status, ActionStatus::Done);
        assert!(!actions[0].overdue);
        assert!(
            store
                .my_action_items(&secretary, today())
                .await
                .unwrap()
                .is_empty()
        );

        let public = store.public_decisions(Country::Palestine).await.unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].text, "اعتماد خطة الشتاء");
        assert_eq!(public[0].governorate.as_str(), "PS-NBS");
        assert!(
            store
                .public_decisions(Country::Jordan)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(audited(&store, AuditAction::MeetingRecorded).await, 1);
        assert_eq!(
            audited(&store, AuditAction::ActionItemStatusChanged).await,
            1
        );

        let health = store
            .planning_group_health(&planner, g, today())
            .await
            .unwrap();
        assert_eq!(health.meetings_held, 1);
        assert_eq!(health.attendance_percent, Some(60));
        assert_eq!(health.meetings_expected, None);
    })
    .await;
}

#[tokio::test]
async fn bylaws_are_voted_into_force_one_version_at_a_time_and_set_the_quorum() {
    on_both(|store| async move {
        palestine(&store).await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["PS-NBS"]).await;
        user_with(
            &store,
            "secretary",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (g, ids) = nablus(&store, &planner).await;
        let raw = |percent: &str| RawBylaws {
            text: "المادة ١: تجتمع المجموعة كل ثلاثة أشهر.".into(),
            quorum_percent: percent.into(),
            quorum_plus: "0".into(),
            meetings_per_year: "4".into(),
        };
        let first = store
            .propose_bylaws(
                &planner,
                g,
                &raw("40").parse().unwrap(),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let mut quorate = meeting(&day(60), &ids[..3], Some(ids[0]));
        quorate.decisions.clear();
        let m1 = store
            .record_meeting(&planner, g, &quorate, today(), tadamun_store::now())
            .await
            .unwrap();
        let vote = |m: String, f: &str| RawBylawsVote {
            meeting: m,
            votes_for: f.into(),
            votes_against: "1".into(),
            votes_abstain: "0".into(),
        };
        let status = store
            .vote_on_bylaws(
                &planner,
                g,
                first,
                &vote(m1.to_string(), "2"),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        assert_eq!(status, BylawsStatus::InForce);
        let e = store
            .vote_on_bylaws(
                &planner,
                g,
                first,
                &vote(m1.to_string(), "2"),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "{e:?}");

        // Under 40% (two of five), two attendees now make a quorum; one does not.
        let mut m2 = meeting(&day(30), &ids[..2], Some(ids[0]));
        m2.decisions[0].votes_for = "2".into();
        store
            .record_meeting(&planner, g, &m2, today(), tadamun_store::now())
            .await
            .unwrap();
        let amendment = store
            .propose_bylaws(
                &planner,
                g,
                &raw("100").parse().unwrap(),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let mut thin = meeting(&day(0), &ids[..1], Some(ids[0]));
        thin.decisions.clear();
        let m3 = store
            .record_meeting(&planner, g, &thin, today(), tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .vote_on_bylaws(
                &planner,
                g,
                amendment,
                &vote(m3.to_string(), "1"),
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("meeting".into(), "vote-without-quorum"));
        let mut enough = meeting(&day(0), &ids[..2], Some(ids[0]));
        enough.decisions.clear();
        let m4 = store
            .record_meeting(&planner, g, &enough, today(), tadamun_store::now())
            .await
            .unwrap();
        let status = store
            .vote_on_bylaws(
                &planner,
                g,
                amendment,
                &RawBylawsVote {
                    votes_against: "0".into(),
                    ..vote(m4.to_string(), "2")
                },
                today(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        assert_eq!(status, BylawsStatus::InForce);
        let history = store.planning_bylaws(&planner, g).await.unwrap();
        let statuses: Vec<_> = history
            .iter()
            .map(|b| (b.version_number, b.status))
            .collect();
        assert_eq!(
            statuses,
            vec![(2, BylawsStatus::InForce), (1, BylawsStatus::Superseded)]
        );
        assert_eq!(history[1].in_force_until, history[0].in_force_from);
        let health = store
            .planning_group_health(&planner, g, today())
            .await
            .unwrap();
        assert_eq!(
            (health.meetings_held, health.meetings_expected),
            (4, Some(4))
        );
        assert_eq!(health.schedule_percent, Some(100));
        assert_eq!(audited(&store, AuditAction::BylawsVoted).await, 2);
    })
    .await;
}

/// Two clerks adding a deputy at the same moment: the seat check runs inside the write,
/// so exactly one of them gets it.
#[tokio::test]
async fn two_simultaneous_claims_on_one_seat_leave_one_holder() {
    on_both(|store| async move {
        palestine(&store).await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["PS-NBS"]).await;
        user_with(
            &store,
            "secretary",
            &[BuiltinRole::PlanningMember],
            &["PS-NBS"],
        )
        .await;
        let (g, _) = nablus(&store, &planner).await;
        for round in 0..5 {
            let first = add(&store, &planner, g, member("نائب أ", "deputy", &day(5), ""));
            let second = add(&store, &planner, g, member("نائب ب", "deputy", &day(5), ""));
            let (a, b) = tokio::join!(first, second);
            let won = [&a, &b].iter().filter(|r| r.is_ok()).count();
            let expected = usize::from(round == 0);
            assert_eq!(won, expected, "round {round}: {a:?} {b:?}");
            for r in [a, b].into_iter().filter_map(Result::err) {
                assert_eq!(field(r), ("role".into(), "role-already-held"));
            }
        }
        let deputies = store
            .planning_members(&planner, g)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.name.starts_with("نائب"))
            .count();
        assert_eq!(deputies, 1);
    })
    .await;
}

//! The demo's planning groups, for the Palestine side: Jerusalem, Nablus and Hebron,
//! each with members (some of them the demo partners), bylaws in force (Hebron with an
//! amendment waiting for its vote), a year of meetings with attendance and minutes,
//! decisions (some public) and action items (some done, some overdue), and a
//! secretary per group who signs in with the password printed at start-up. Each group
//! then adopts its priority weights and plans the year (`demo_plans.rs`).

use rand::{RngExt, distr::Alphanumeric};
use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole},
    area::GovernorateCode,
    country_pack::CountryPack,
    planning::{
        RawAction, RawBylaws, RawBylawsVote, RawDecision, RawGroup, RawMeeting, RawMember, RawTerm,
    },
};
use tadamun_store::{Store, access::Grants, partners::OrganisationFilter};
use time::{Date, Duration};

/// One demo group: governorate, names, and the secretary's user and display name.
struct DemoGroup {
    governorate: &'static str,
    name_ar: &'static str,
    name_en: &'static str,
    secretary_user: &'static str,
    secretary_name: &'static str,
    chair: &'static str,
    /// Leave an amendment to the bylaws waiting for its vote.
    pending_amendment: bool,
}

const GROUPS: &[DemoGroup] = &[
    DemoGroup {
        governorate: "PS-JEM",
        name_ar: "مجموعة تخطيط الخدمات الاجتماعية في القدس",
        name_en: "Jerusalem social-services planning group",
        secretary_user: "planning.jerusalem",
        secretary_name: "رنا العباسي",
        chair: "سمير الخطيب",
        pending_amendment: false,
    },
    DemoGroup {
        governorate: "PS-NBS",
        name_ar: "مجموعة تخطيط الخدمات الاجتماعية في نابلس",
        name_en: "Nablus social-services planning group",
        secretary_user: "planning.nablus",
        secretary_name: "أحمد الشكعة",
        chair: "منى طوقان",
        pending_amendment: false,
    },
    DemoGroup {
        governorate: "PS-HBN",
        name_ar: "مجموعة تخطيط الخدمات الاجتماعية في الخليل",
        name_en: "Hebron social-services planning group",
        secretary_user: "planning.hebron",
        secretary_name: "خليل التميمي",
        chair: "هالة الجعبري",
        pending_amendment: true,
    },
];

const BYLAWS: &str = "المادة ١: تتكوّن المجموعة من ممثلي مديرية التنمية الاجتماعية والشركاء والقطاع الخاص والحكم المحلي.\n\
المادة ٢: تجتمع المجموعة اجتماعًا دوريًا كل ثلاثة أشهر.\n\
المادة ٣: يكتمل النصاب بحضور نصف الأعضاء زائد واحد، وتُتخذ القرارات بأغلبية الحاضرين.";

/// A user who signs in with a fresh password, returned to be printed.
async fn secretary_user(
    store: &Store,
    username: &str,
    name: &str,
    governorate: &GovernorateCode,
) -> anyhow::Result<String> {
    let password: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(14)
        .map(char::from)
        .collect();
    let hash = tadamun_web::auth::hash_password(&password)?;
    let now = tadamun_store::now();
    match store.user_by_username(username).await? {
        Some(u) => store.set_password_hash(u.user.id, &hash, now).await?,
        None => {
            let grants = Grants {
                roles: [BuiltinRole::PlanningMember.as_str().to_owned()].into(),
                scope: AreaScope::Governorates([governorate.clone()].into()),
            };
            store
                .create_user(username, name, &hash, &grants, now)
                .await?;
        }
    }
    Ok(password)
}

fn member(name: &str, kind: &str, role: &str, starts: Date, ends: Option<Date>) -> RawMember {
    RawMember {
        name: name.into(),
        kind: kind.into(),
        term: RawTerm {
            role: role.into(),
            starts_on: starts.to_string(),
            ends_on: ends.map(|d| d.to_string()).unwrap_or_default(),
        },
        ..Default::default()
    }
}

/// Gives each group's secretary a fresh password (creating the user on a fresh
/// registry); returns `(username, password)` to print, as the admin's is.
pub async fn secretary_passwords(
    store: &Store,
    pack: &CountryPack,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut credentials = Vec::new();
    for g in GROUPS {
        let governorate = pack
            .governorate(g.governorate)
            .map_err(|e| anyhow::anyhow!("demo group {}: {e}", g.governorate))?;
        let password =
            secretary_user(store, g.secretary_user, g.secretary_name, &governorate).await?;
        credentials.push((g.secretary_user.to_owned(), password));
    }
    Ok(credentials)
}

/// Seeds the groups on a fresh registry; returns how many.
pub async fn seed_planning(store: &Store, pack: &CountryPack) -> anyhow::Result<usize> {
    secretary_passwords(store, pack).await?;
    let sys = Access::system("demo");
    let today = tadamun_store::now().date();
    let ago = |days: i64| today - Duration::days(days);
    let partners = store
        .list_organisations(&sys, &OrganisationFilter::default(), today, None, 20)
        .await?
        .rows;
    for (n, g) in GROUPS.iter().enumerate() {
        let now = tadamun_store::now();
        let draft = RawGroup {
            governorate: g.governorate.into(),
            name_ar: g.name_ar.into(),
            name_en: g.name_en.into(),
        }
        .parse(pack)
        .map_err(|e| anyhow::anyhow!("demo group {}: {e}", g.governorate))?;
        let group = store.create_planning_group(&sys, &draft, now).await?;
        let start = ago(700);
        let mut raws = vec![
            member(g.chair, "directorate", "chair", start, None),
            RawMember {
                username: g.secretary_user.into(),
                title: "موظف مديرية التنمية الاجتماعية".into(),
                ..member(g.secretary_name, "directorate", "secretary", start, None)
            },
            member(
                "غرفة التجارة والصناعة",
                "private_sector",
                "member",
                start,
                None,
            ),
            member("ممثل البلدية", "local_government", "deputy", start, None),
        ];
        // Two partners from the registry; in one group the second left half a year ago.
        for (i, p) in partners.iter().skip(n).take(2).enumerate() {
            let ends = (i == 1 && n == 1).then(|| ago(180));
            raws.push(RawMember {
                organisation: p.id.to_string(),
                ..member(&p.name_ar, "partner", "member", start, ends)
            });
        }
        let mut ids = Vec::new();
        for raw in raws {
            let d = raw
                .parse()
                .map_err(|e| anyhow::anyhow!("demo member: {e}"))?;
            ids.push(store.add_planning_member(&sys, group, &d, now).await?);
        }
        let bylaws = RawBylaws {
            text: BYLAWS.into(),
            quorum_percent: "50".into(),
            quorum_plus: "1".into(),
            meetings_per_year: "4".into(),
        }
        .parse()
        .map_err(|e| anyhow::anyhow!("demo bylaws: {e}"))?;
        let first_bylaws = store
            .propose_bylaws(&sys, group, &bylaws, ago(340), now)
            .await?;
        // Four meetings over the year, the last two months ago; Hebron misses one.
        let days: &[i64] = if g.pending_amendment {
            &[330, 240, 60]
        } else {
            &[330, 240, 150, 60]
        };
        for (k, d) in days.iter().enumerate() {
            let held = ago(*d);
            let attended: Vec<String> = ids
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + k) % 5 != 4 && !(n == 1 && *i == 5 && *d < 180))
                .map(|(_, id)| id.to_string())
                .collect();
            let raw = RawMeeting {
                held_on: held.to_string(),
                agenda: vec![
                    "متابعة قرارات الاجتماع السابق".into(),
                    "تنسيق المساعدات الموسمية بين الشركاء".into(),
                ],
                attended,
                minutes: format!(
                    "افتتح الرئيس الاجتماع، وناقش الأعضاء توزيع المساعدات الموسمية في المحافظة.\nالاجتماع رقم {}.",
                    k + 1
                ),
                decisions: vec![RawDecision {
                    text: format!("اعتماد خطة التنسيق للربع {} بين الشركاء", k + 1),
                    votes_for: "4".into(),
                    votes_against: "0".into(),
                    votes_abstain: "0".into(),
                    public: if k % 2 == 0 {
                        "on".into()
                    } else {
                        String::new()
                    },
                }],
                actions: vec![
                    RawAction {
                        text: "إعداد قائمة الأسر الأشد حاجة مع الشركاء".into(),
                        owner: ids[1].to_string(),
                        due_on: (held + Duration::days(30)).to_string(),
                    },
                    RawAction {
                        text: "مخاطبة البلدية بشأن مواقع التوزيع".into(),
                        owner: ids[3].to_string(),
                        due_on: (held + Duration::days(45)).to_string(),
                    },
                ],
            };
            let meeting = store.record_meeting(&sys, group, &raw, today, now).await?;
            if k == 0 {
                let vote = RawBylawsVote {
                    meeting: meeting.to_string(),
                    votes_for: "4".into(),
                    votes_against: "0".into(),
                    votes_abstain: "1".into(),
                };
                store
                    .vote_on_bylaws(&sys, group, first_bylaws, &vote, today, now)
                    .await?;
            }
        }
        // Items of the older meetings are done on time; the latest stay open (the
        // secretary's falls due before today, so it shows overdue).
        for a in store.planning_action_items(&sys, group, today).await? {
            if a.due_on < ago(60) {
                store
                    .set_action_status(
                        &sys,
                        a.id,
                        a.version,
                        "done",
                        a.due_on - Duration::days(3),
                        now,
                    )
                    .await?;
            }
        }
        let partner_ids: Vec<_> = partners.iter().map(|p| p.id).collect();
        crate::demo_plans::seed_plan(store, pack, group, n, &partner_ids, today).await?;
        if g.pending_amendment {
            let amendment = RawBylaws {
                meetings_per_year: "6".into(),
                text: format!("{BYLAWS}\nالمادة ٤ (تعديل مقترح): تجتمع المجموعة كل شهرين."),
                ..bylaws.to_raw()
            }
            .parse()
            .map_err(|e| anyhow::anyhow!("demo amendment: {e}"))?;
            store
                .propose_bylaws(&sys, group, &amendment, ago(20), now)
                .await?;
        }
    }
    Ok(GROUPS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::country::Country;
    use tadamun_store::testing::{fixtures::system, fresh_sqlite};

    #[tokio::test]
    async fn the_palestine_demo_seeds_three_groups_with_a_year_of_meetings() {
        let store = fresh_sqlite().await;
        let pack = CountryPack::builtin(Country::Palestine);
        store.sync_areas(&pack, tadamun_store::now()).await.unwrap();
        crate::demo_partners::seed_partners(&store, &pack)
            .await
            .unwrap();
        assert_eq!(seed_planning(&store, &pack).await.unwrap(), 3);
        let creds = secretary_passwords(&store, &pack).await.unwrap();
        assert_eq!(creds.len(), 3);
        let today = tadamun_store::now().date();
        let groups = store
            .list_planning_groups(&system(), None, today)
            .await
            .unwrap();
        assert_eq!(groups.len(), 3);
        assert!(groups.iter().any(|g| g.overdue_actions > 0));
        assert!(
            !store
                .public_decisions(Country::Palestine)
                .await
                .unwrap()
                .is_empty()
        );
        let hebron = groups
            .iter()
            .find(|g| g.group.draft.governorate.as_str() == "PS-HBN")
            .unwrap();
        let bylaws = store
            .planning_bylaws(&system(), hebron.group.id)
            .await
            .unwrap();
        assert_eq!(bylaws.len(), 2);
        let health = store
            .planning_group_health(&system(), hebron.group.id, today)
            .await
            .unwrap();
        assert!(health.score.is_some());
        // Every group adopted weights by one of its decisions and plans the year.
        let year = today.year();
        let mut overdue = 0;
        for g in &groups {
            let adoption = store
                .adoption_in_force(&system(), g.group.id, year)
                .await
                .unwrap()
                .expect("an adoption");
            assert!(!adoption.ranking.is_empty());
            let plan = store
                .annual_plan(&system(), g.group.id, year, today)
                .await
                .unwrap();
            assert!((2..=3).contains(&plan.objectives.len()));
            assert!(
                plan.activities
                    .iter()
                    .any(|a| a.organisation_name.is_some())
            );
            assert!(
                plan.activities
                    .iter()
                    .any(|a| a.organisation_name.is_none())
            );
            overdue += plan.figures.overdue;
        }
        // On 1 January nothing in this year's plan can have ended yet.
        let expected = if today.ordinal() == 1 { 0 } else { 3 };
        assert_eq!(overdue, expected, "one overdue activity a group");
        let rollup = store
            .national_plan_rollup(&system(), year, today)
            .await
            .unwrap();
        assert_eq!(rollup.len(), 3);
        store.close().await;
    }
}

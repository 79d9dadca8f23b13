//! The demo's staff training, so the training pages and the missing-training report
//! have something to show on first start: four courses (case management, child
//! protection, psychosocial first aid, data protection), sessions in several of the
//! pack's governorates over the last three years and one to come, demo case workers
//! and a registrar enrolled, attending and certified by a demo training officer (one
//! certificate expired, some courses never taken), the partner's staff member trained
//! too, and the courses required of case workers and of registrars.

use anyhow::Context;
use rand::{RngExt, distr::Alphanumeric};
use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole},
    area::GovernorateCode,
    country_pack::CountryPack,
    ids::{CourseId, UserId},
    training::{RawCourse, RawSession},
};
use tadamun_store::{Store, access::Grants, training::records::MissingFilter};
use time::{Date, Duration};

/// One demo course: code, titles, hours, validity in months (blank: never expires).
struct DemoCourse {
    code: &'static str,
    title_ar: &'static str,
    title_en: &'static str,
    description: &'static str,
    hours: &'static str,
    validity: &'static str,
}

const COURSES: &[DemoCourse] = &[
    DemoCourse {
        code: "CM-101",
        title_ar: "إدارة الحالة",
        title_en: "Case management",
        description: "الاستقبال والتقييم وخطة الحالة والإحالة والإغلاق والمتابعة.",
        hours: "24",
        validity: "24",
    },
    DemoCourse {
        code: "CP-201",
        title_ar: "حماية الطفل",
        title_en: "Child protection",
        description: "التعرّف على الإساءة والإهمال، والإحالة الآمنة، ومصلحة الطفل الفضلى.",
        hours: "16",
        validity: "24",
    },
    DemoCourse {
        code: "PFA-101",
        title_ar: "الإسعافات النفسية الأولية",
        title_en: "Psychological first aid",
        description: "الاستماع والتهدئة والربط بالخدمات بعد الأزمات.",
        hours: "8",
        validity: "12",
    },
    DemoCourse {
        code: "DP-101",
        title_ar: "حماية البيانات الشخصية",
        title_en: "Personal data protection",
        description: "الحاجة إلى المعرفة، والسرية، وسجل التدقيق، ومشاركة البيانات بموافقة.",
        hours: "6",
        validity: "",
    },
];

/// The courses each role must hold (by code).
const REQUIRED: &[(BuiltinRole, &[&str])] = &[
    (BuiltinRole::CaseWorker, &["CM-101", "CP-201", "PFA-101"]),
    (BuiltinRole::Registrar, &["DP-101"]),
];

/// Demo staff: username, name, role and home governorate (an index into the pack).
const STAFF: &[(&str, &str, BuiltinRole, usize)] = &[
    ("caseworker.1", "سلمى الأحمد", BuiltinRole::CaseWorker, 0),
    ("caseworker.2", "يوسف النجار", BuiltinRole::CaseWorker, 1),
    ("caseworker.3", "ريم الخطيب", BuiltinRole::CaseWorker, 2),
    ("caseworker.4", "عمر الحسيني", BuiltinRole::CaseWorker, 3),
    ("registrar.2", "نادية العلي", BuiltinRole::Registrar, 1),
];

/// How far one trainee got in a session.
#[derive(Clone, Copy)]
enum Step {
    Enrolled,
    Attended,
    Completed,
}

/// A session: course code, governorate index, first day (days from today), length
/// in days, and its trainees.
type DemoSession = (
    &'static str,
    usize,
    i64,
    i64,
    &'static [(&'static str, Step)],
);

const SESSIONS: &[DemoSession] = &[
    // Two and a half years ago: its certificate has expired.
    ("CM-101", 0, -900, 3, &[("caseworker.1", Step::Completed)]),
    (
        "CM-101",
        1,
        -120,
        3,
        &[
            ("caseworker.2", Step::Completed),
            ("caseworker.3", Step::Completed),
        ],
    ),
    (
        "CP-201",
        2,
        -200,
        2,
        &[
            ("caseworker.1", Step::Completed),
            ("caseworker.2", Step::Completed),
        ],
    ),
    (
        "PFA-101",
        0,
        -60,
        1,
        &[
            ("caseworker.1", Step::Completed),
            ("caseworker.3", Step::Completed),
            ("partner.demo", Step::Completed),
            ("caseworker.4", Step::Enrolled),
        ],
    ),
    (
        "DP-101",
        3,
        -30,
        1,
        &[
            ("partners.clerk", Step::Completed),
            ("caseworker.4", Step::Attended),
        ],
    ),
    // Still to come.
    (
        "CP-201",
        1,
        20,
        2,
        &[
            ("caseworker.3", Step::Enrolled),
            ("caseworker.4", Step::Enrolled),
        ],
    ),
];

/// What was seeded, for the start-up message.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub courses: usize,
    pub sessions: usize,
    pub certificates: usize,
    /// Rows of the missing-training report today.
    pub missing: usize,
}

/// A demo user with a password nobody knows (an administrator can set one); found
/// again when it exists.
async fn demo_user(
    store: &Store,
    username: &str,
    name: &str,
    role: BuiltinRole,
    scope: AreaScope,
) -> anyhow::Result<UserId> {
    if let Some(u) = store.user_by_username(username).await? {
        return Ok(u.user.id);
    }
    let password: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    let hash = tadamun_web::auth::hash_password(&password)?;
    let grants = Grants {
        roles: [role.as_str().to_owned()].into(),
        scope,
    };
    Ok(store
        .create_user(username, name, &hash, &grants, tadamun_store::now())
        .await?)
}

fn governorate(pack: &CountryPack, i: usize) -> GovernorateCode {
    let code = &pack.governorates[i % pack.governorates.len()].code;
    GovernorateCode::parse(code).expect("the pack's own code")
}

/// Seeds the training records on a registry without courses; on one that has them,
/// changes nothing and says so (`Seeded::default()`).
pub async fn seed_training(store: &Store, pack: &CountryPack) -> anyhow::Result<Seeded> {
    let officer_id = demo_user(
        store,
        "training.officer",
        "هبة التدريب",
        BuiltinRole::RegistrySupervisor,
        AreaScope::National,
    )
    .await?;
    let officer: Access = store
        .user_access(officer_id, None)
        .await?
        .context("the demo training officer is active")?;
    if !store.list_courses(&officer).await?.is_empty() {
        return Ok(Seeded::default());
    }
    for (username, name, role, home) in STAFF {
        let scope = AreaScope::Governorates([governorate(pack, *home)].into());
        demo_user(store, username, name, *role, scope).await?;
    }

    let now = tadamun_store::now();
    let today = now.date();
    let mut ids: Vec<(&str, CourseId)> = Vec::new();
    for c in COURSES {
        let draft = RawCourse {
            code: c.code.into(),
            title_ar: c.title_ar.into(),
            title_en: c.title_en.into(),
            description: c.description.into(),
            hours: c.hours.into(),
            validity_months: c.validity.into(),
        }
        .parse()
        .map_err(|e| anyhow::anyhow!("demo course {}: {e}", c.code))?;
        ids.push((c.code, store.create_course(&officer, &draft, now).await?));
    }
    let course = |code: &str| {
        ids.iter()
            .find(|(c, _)| *c == code)
            .map(|(_, id)| *id)
            .expect("a demo course")
    };

    let mut certificates = 0;
    for (code, home, start, days, trainees) in SESSIONS {
        let starts: Date = today + Duration::days(*start);
        let ends = starts + Duration::days(days - 1);
        let g = governorate(pack, *home);
        let area = pack
            .governorates
            .iter()
            .find(|a| a.code == g.as_str())
            .map(|a| a.name_ar.clone())
            .unwrap_or_default();
        let draft = RawSession {
            starts_on: starts.to_string(),
            ends_on: ends.to_string(),
            place: format!("قاعة التدريب في مديرية {area}"),
            governorate: g.as_str().into(),
            trainer: "د. ليلى حداد".into(),
            capacity: "25".into(),
        }
        .parse(pack)
        .map_err(|e| anyhow::anyhow!("demo session of {code}: {e}"))?;
        let session = store
            .create_training_session(&officer, course(code), &draft, now)
            .await?;
        for (username, step) in *trainees {
            store
                .enrol_trainee(&officer, session, username, now)
                .await?;
            let user = store
                .user_by_username(username)
                .await?
                .with_context(|| format!("demo trainee {username}"))?
                .user
                .id;
            if matches!(step, Step::Attended | Step::Completed) {
                store.mark_attended(&officer, session, user, now).await?;
            }
            if matches!(step, Step::Completed) {
                store
                    .complete_training(&officer, session, user, ends, now)
                    .await?;
                certificates += 1;
            }
        }
    }

    for (role, codes) in REQUIRED {
        let courses = codes.iter().map(|c| course(c)).collect();
        store
            .set_role_requirements(&officer, role.as_str(), &courses, now)
            .await?;
    }
    let missing = store
        .missing_training_report(&officer, &MissingFilter::default(), today)
        .await?
        .len();
    Ok(Seeded {
        courses: COURSES.len(),
        sessions: SESSIONS.len(),
        certificates,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use tadamun_domain::{country::Country, training::Gap};
    use tadamun_store::testing::{fixtures::system, on_both};

    #[tokio::test]
    async fn both_demos_seed_courses_sessions_certificates_and_a_non_empty_missing_report() {
        for country in [Country::Jordan, Country::Palestine] {
            on_both(move |store| async move {
                let pack = CountryPack::builtin(country);
                store.sync_areas(&pack, tadamun_store::now()).await.unwrap();
                crate::demo_partners::seed_partners(&store, &pack)
                    .await
                    .unwrap();
                let seeded = seed_training(&store, &pack).await.unwrap();
                assert_eq!(
                    (seeded.courses, seeded.sessions, seeded.certificates),
                    (4, 6, 9)
                );
                let sys = system();
                assert_eq!(store.list_courses(&sys).await.unwrap().len(), 4);
                let sessions = store.list_training_sessions(&sys, None).await.unwrap();
                let governorates: BTreeSet<_> = sessions
                    .iter()
                    .map(|s| s.draft.governorate.clone())
                    .collect();
                assert!(governorates.len() >= 4, "{governorates:?}");
                assert!(governorates.iter().all(|g| g.belongs_to(country)));
                let roles: BTreeSet<_> = store
                    .training_requirements(&sys)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.role_code)
                    .collect();
                assert_eq!(roles, ["case_worker", "registrar"].map(String::from).into());

                let today = tadamun_store::now().date();
                let report = store
                    .missing_training_report(&sys, &MissingFilter::default(), today)
                    .await
                    .unwrap();
                assert_eq!(report.len(), seeded.missing);
                let gap = |user: &str, code: &str| {
                    report
                        .iter()
                        .find(|r| r.username == user && r.course_code == code)
                        .map(|r| r.gap)
                };
                assert!(
                    matches!(gap("caseworker.1", "CM-101"), Some(Gap::ExpiredOn(d)) if d < today),
                    "an expired certificate counts as missing: {report:?}"
                );
                assert_eq!(gap("caseworker.2", "PFA-101"), Some(Gap::NeverTaken));
                assert_eq!(gap("registrar.2", "DP-101"), Some(Gap::NeverTaken));
                assert_eq!(gap("caseworker.1", "CP-201"), None, "a valid one is not");
                assert_eq!(
                    gap("partners.clerk", "DP-101"),
                    None,
                    "data protection never expires"
                );
                assert_eq!(
                    report
                        .iter()
                        .filter(|r| r.username == "caseworker.4")
                        .count(),
                    3
                );

                // A second start (or seeding a registry with courses) changes nothing.
                assert_eq!(
                    seed_training(&store, &pack).await.unwrap(),
                    Seeded::default()
                );
                assert_eq!(
                    store
                        .list_training_sessions(&sys, None)
                        .await
                        .unwrap()
                        .len(),
                    6
                );
            })
            .await;
        }
    }
}

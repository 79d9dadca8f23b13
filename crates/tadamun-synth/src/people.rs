//! One person's attributes beyond name and place in the family: birth date, marital
//! status, schooling, work and the Washington Group answers, each drawn from rates
//! that depend on age, sex, generation and the household's welfare.

use tadamun_domain::{
    identity::Document,
    person::{
        BirthDate, Difficulty, Education, MaritalStatus, NamePart, PersonDraft, PersonName,
        Relationship, Sex, WashingtonGroup, WorkStatus,
    },
};
use time::Date;

use crate::{
    context::Context,
    draw::{Rng, chance, pick, unit, weighted},
};

/// A member as the family composition lays it out, before documents and attributes.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub given: NamePart,
    pub father: NamePart,
    pub grandfather: NamePart,
    pub family: NamePart,
    pub sex: Sex,
    pub birth_jd: i32,
    pub relationship: Relationship,
    pub marital: MaritalStatus,
    /// Multiplies the chance of functional difficulty (e.g. a disabled sibling kept at home).
    pub frailty: f64,
}

/// Turns a laid-out member into a person ready to store.
pub(crate) fn finish(
    ctx: &Context,
    rng: &mut Rng,
    m: Member,
    welfare: f64,
    documents: Vec<Document>,
) -> PersonDraft {
    let age = ctx.age(m.birth_jd);
    let date = Date::from_julian_day(m.birth_jd).expect("birth days are within the calendar");
    // Older people often know only their year of birth.
    let approximate = date.year() < 1965 && chance(rng, 0.35);
    let raw = if approximate {
        format!("{:04}", date.year())
    } else {
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month() as u8,
            date.day()
        )
    };
    let birth_date =
        BirthDate::parse(&raw, false, ctx.today).expect("generated birth dates are valid");
    let disability = washington_group(rng, age, m.frailty);
    let education = education(rng, age, m.sex, date.year(), welfare);
    let work_status = work(
        rng,
        age,
        m.sex,
        m.relationship,
        education,
        disability.has_disability(),
        welfare,
    );
    PersonDraft {
        name: PersonName {
            given: m.given,
            father: m.father,
            grandfather: Some(m.grandfather),
            family: m.family,
        },
        latin_name: None,
        sex: m.sex,
        birth_date,
        relationship: m.relationship,
        // Marital status is asked from 15 on.
        marital_status: (age >= 15).then_some(m.marital),
        education,
        work_status: Some(work_status),
        disability,
        documents,
    }
}

/// The short set for everyone aged 5 and over: about one in nine has some difficulty,
/// rising steeply with age, and about a quarter of those have a lot of difficulty.
fn washington_group(rng: &mut Rng, age: i32, frailty: f64) -> WashingtonGroup {
    if age < 5 {
        return WashingtonGroup::default();
    }
    let mut answers = [Some(Difficulty::NoDifficulty); 6];
    let p = match age {
        ..18 => 0.045,
        18..45 => 0.07,
        45..65 => 0.2,
        65..80 => 0.47,
        _ => 0.7,
    };
    if chance(rng, (p * frailty).min(0.95)) {
        // Domains: seeing, hearing, walking, cognition, self-care, communication.
        let weights: [f64; 6] = match age {
            ..18 => [0.2, 0.1, 0.1, 0.4, 0.05, 0.15],
            18..65 => [0.35, 0.15, 0.25, 0.15, 0.05, 0.05],
            _ => [0.3, 0.2, 0.35, 0.1, 0.05, 0.0],
        };
        let domains: Vec<(usize, f64)> = weights.iter().copied().enumerate().collect();
        let severe = if age >= 65 { 0.28 } else { 0.21 };
        let first = weighted(rng, &domains);
        answers[first] = Some(severity(rng, severe));
        if chance(rng, 0.3) {
            let second = weighted(rng, &domains);
            if answers[second] == Some(Difficulty::NoDifficulty) {
                answers[second] = Some(Difficulty::SomeDifficulty);
            }
        }
    }
    WashingtonGroup::from_answers(answers)
}

fn severity(rng: &mut Rng, severe: f64) -> Difficulty {
    let x = unit(rng);
    if x < severe * 0.8 {
        Difficulty::ALotOfDifficulty
    } else if x < severe {
        Difficulty::CannotDoAtAll
    } else {
        Difficulty::SomeDifficulty
    }
}

/// Highest level completed. Schooling spread fast: grandmothers born before 1960 often
/// never went to school, their granddaughters finish secondary school.
fn education(rng: &mut Rng, age: i32, sex: Sex, year: i32, welfare: f64) -> Option<Education> {
    use Education as E;
    match age {
        ..6 => return None,
        6..12 => return Some(E::Literate),
        12..18 => {
            return Some(if chance(rng, 0.03) {
                E::None
            } else {
                E::Primary
            });
        }
        _ => {}
    }
    let female = sex == Sex::Female;
    let mut table: [(E, f64); 6] = match year {
        ..1960 => [
            (E::None, if female { 0.45 } else { 0.2 }),
            (E::Literate, 0.2),
            (E::Primary, 0.3),
            (E::Secondary, 0.15),
            (E::Diploma, 0.05),
            (E::University, 0.05),
        ],
        1960..1980 => [
            (E::None, if female { 0.1 } else { 0.05 }),
            (E::Literate, 0.08),
            (E::Primary, 0.35),
            (E::Secondary, 0.27),
            (E::Diploma, 0.1),
            (E::University, 0.13),
        ],
        _ => [
            (E::None, 0.02),
            (E::Literate, 0.03),
            (E::Primary, 0.27),
            (E::Secondary, 0.35),
            (E::Diploma, 0.11),
            (E::University, 0.22),
        ],
    };
    // Better-off households keep their children in school longer.
    for (level, w) in &mut table {
        *w *= match level {
            E::None | E::Literate | E::Primary => 1.6 - welfare,
            E::Secondary => 1.0,
            E::Diploma | E::University => 0.4 + 1.4 * welfare,
        };
    }
    let level = weighted(rng, &table);
    // Degrees take time: the youngest adults are still studying.
    Some(match level {
        E::University if age < 22 => E::Secondary,
        E::Diploma if age < 20 => E::Secondary,
        l => l,
    })
}

fn work(
    rng: &mut Rng,
    age: i32,
    sex: Sex,
    relationship: Relationship,
    education: Option<Education>,
    disabled: bool,
    welfare: f64,
) -> WorkStatus {
    use WorkStatus as W;
    let female = sex == Sex::Female;
    let head = relationship == Relationship::Head;
    match age {
        ..6 => W::Child,
        6..15 => W::Student,
        15..18 => {
            // Poor boys leave school to work.
            if !female && chance(rng, 0.08 * (1.5 - welfare)) {
                pick(rng, &[W::Employed, W::Unemployed])
            } else {
                W::Student
            }
        }
        _ if disabled && chance(rng, 0.65) => W::UnableToWork,
        18..24 => {
            let studies = education.is_some_and(|e| e >= Education::Secondary);
            if studies && chance(rng, 0.35 + 0.4 * welfare) {
                W::Student
            } else if female {
                weighted(
                    rng,
                    &[
                        (W::Homemaker, 0.6),
                        (W::Unemployed, 0.3),
                        (W::Employed, 0.1),
                    ],
                )
            } else {
                weighted(
                    rng,
                    &[
                        (W::Employed, 0.45),
                        (W::SelfEmployed, 0.05),
                        (W::Unemployed, 0.5),
                    ],
                )
            }
        }
        24..60 if female => {
            let employed = 0.1 + 0.15 * welfare + if head { 0.1 } else { 0.0 };
            weighted(
                rng,
                &[
                    (W::Homemaker, 0.72),
                    (W::Employed, employed),
                    (W::Unemployed, 0.1),
                    (W::SelfEmployed, 0.04),
                ],
            )
        }
        24..60 => weighted(
            rng,
            &[
                (W::Employed, 0.45 + 0.25 * welfare),
                (W::SelfEmployed, 0.15),
                (W::Unemployed, 0.3 - 0.2 * welfare),
                (W::UnableToWork, 0.03),
            ],
        ),
        _ if female => weighted(
            rng,
            &[
                (W::Homemaker, 0.8),
                (W::Retired, 0.1),
                (W::UnableToWork, 0.1),
            ],
        ),
        _ => weighted(
            rng,
            &[
                (W::Retired, 0.35 + 0.3 * welfare),
                (W::Employed, 0.07),
                (W::SelfEmployed, 0.1),
                (W::UnableToWork, 0.25),
                (W::Unemployed, 0.05),
            ],
        ),
    }
}

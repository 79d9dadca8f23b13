//! Household composition: who lives with whom, their ages, and names that follow the
//! patrilineal chain (a child's father name is its father's given name, its
//! grandfather name his father's name, its family name his family name).

use tadamun_domain::person::{MaritalStatus, NamePart, Relationship, Sex};

mod kinds;

use crate::{
    context::{Context, Gov, Origin, YEAR},
    draw::{Rng, between, chance, normal, unit, weighted},
    people::Member,
};

/// The shape of a generated household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HouseholdKind {
    /// A married couple (rarely with a second wife) and their unmarried children.
    Couple,
    /// A young couple living with the husband's widowed or elderly parents.
    CoupleWithParents,
    /// A couple, their married son, his wife and their grandchildren.
    ThreeGenerations,
    /// A widow or divorcee heading the household with her children.
    FemaleHeaded,
    /// An elderly couple whose children have mostly left.
    ElderlyCouple,
    /// An old person living alone, most often a widow.
    SingleElderly,
    /// A working-age adult living alone.
    SingleAdult,
}

/// A father's names, as his children inherit them.
#[derive(Debug, Clone)]
struct Line {
    given: NamePart,
    father: NamePart,
    family: NamePart,
}

struct Builder<'a> {
    ctx: &'a Context,
    gov: &'a Gov,
    origin: Origin,
    members: Vec<Member>,
}

/// Lays out one household: its kind and its members, head first.
pub(crate) fn lay_out(
    ctx: &Context,
    rng: &mut Rng,
    gov: &Gov,
    origin: Origin,
) -> (HouseholdKind, Vec<Member>) {
    use HouseholdKind as K;
    let mut b = Builder {
        ctx,
        gov,
        origin,
        members: Vec::with_capacity(8),
    };
    let kinds = [
        (K::Couple, 0.635),
        (K::CoupleWithParents, 0.08),
        (K::ThreeGenerations, 0.065),
        (K::FemaleHeaded, 0.1),
        (K::ElderlyCouple, 0.055),
        (K::SingleElderly, 0.045),
        (K::SingleAdult, 0.02),
    ];
    let mut kind = weighted(rng, &kinds);
    match kind {
        K::Couple => {
            let wife_age = 19 + (38.0 * unit(rng).powf(1.2)) as i32;
            b.couple(rng, wife_age);
        }
        K::CoupleWithParents => {
            let wife_age = between(rng, 19, 40);
            b.couple(rng, wife_age);
            b.parents(rng);
        }
        K::ThreeGenerations => {
            if !b.three_generations(rng) {
                kind = K::Couple;
            }
        }
        K::FemaleHeaded => b.female_headed(rng),
        K::ElderlyCouple => b.elderly_couple(rng),
        K::SingleElderly => b.single_elderly(rng),
        K::SingleAdult => b.single_adult(rng),
    }
    if !matches!(kind, K::SingleElderly | K::SingleAdult) {
        b.relatives(rng);
    }
    (kind, b.members)
}

/// Children each woman of a generation has over her life, before local differences.
fn expected_children(year: i32) -> f64 {
    match year {
        ..1960 => 7.0,
        1960..1975 => 5.5,
        1975..1990 => 5.2,
        _ => 4.7,
    }
}

/// Whether a child of this age still lives with its parents: sons marry out around
/// their late twenties, daughters earlier.
fn stays_home(rng: &mut Rng, age: i32, sex: Sex) -> bool {
    let (from, scale) = if sex == Sex::Male {
        (22, 5.0)
    } else {
        (19, 3.5)
    };
    age < from || chance(rng, (-f64::from(age - from) / scale).exp())
}

fn random_sex(rng: &mut Rng) -> Sex {
    if chance(rng, 0.515) {
        Sex::Male
    } else {
        Sex::Female
    }
}

impl Builder<'_> {
    fn years(&self, years: f64) -> i32 {
        (years * YEAR) as i32
    }

    fn year_of(&self, jd: i32) -> i32 {
        self.ctx.year_of(jd)
    }

    /// Someone from a family line of their own (a wife, a mother, a lodger).
    fn newcomer(
        &self,
        rng: &mut Rng,
        sex: Sex,
        birth_jd: i32,
        relationship: Relationship,
        marital: MaritalStatus,
    ) -> Member {
        let year = self.year_of(birth_jd);
        Member {
            given: self.ctx.given(rng, sex, year),
            father: self.ctx.given(rng, Sex::Male, year - 30),
            grandfather: self.ctx.given(rng, Sex::Male, year - 58),
            family: self.ctx.family(rng, self.gov, self.origin),
            sex,
            birth_jd,
            relationship,
            marital,
            frailty: 1.0,
        }
    }

    /// A wife: her own four-part name, sometimes from her husband's clan.
    fn wife(
        &self,
        rng: &mut Rng,
        birth_jd: i32,
        husband_family: &NamePart,
        relationship: Relationship,
    ) -> Member {
        let mut w = self.newcomer(
            rng,
            Sex::Female,
            birth_jd,
            relationship,
            MaritalStatus::Married,
        );
        if chance(rng, 0.25) {
            w.family = husband_family.clone();
        }
        w
    }

    fn child(
        &self,
        rng: &mut Rng,
        line: &Line,
        sex: Sex,
        birth_jd: i32,
        relationship: Relationship,
        marital: MaritalStatus,
    ) -> Member {
        let sibling = |m: &Member| m.father == line.given && m.family == line.family;
        let first_son = sex == Sex::Male
            && !self
                .members
                .iter()
                .any(|m| sibling(m) && m.sex == Sex::Male);
        // The eldest son is often named after his paternal grandfather.
        let mut given = if first_son && line.father != line.given && chance(rng, 0.3) {
            line.father.clone()
        } else {
            self.ctx.given(rng, sex, self.year_of(birth_jd))
        };
        // Parents do not give two living children the same name.
        for _ in 0..8 {
            if given != line.given && !self.members.iter().any(|m| sibling(m) && m.given == given) {
                break;
            }
            given = self.ctx.given(rng, sex, self.year_of(birth_jd));
        }
        Member {
            given,
            father: line.given.clone(),
            grandfather: line.father.clone(),
            family: line.family.clone(),
            sex,
            birth_jd,
            relationship,
            marital,
            frailty: 1.0,
        }
    }

    fn line_of(m: &Member) -> Line {
        Line {
            given: m.given.clone(),
            father: m.father.clone(),
            family: m.family.clone(),
        }
    }

    /// Birth days of a woman's children, from her first birth in her early twenties,
    /// two to four years apart, until her family is complete, she is 45, or `end`.
    fn births(&self, rng: &mut Rng, mother_jd: i32, earliest: i32, end: i32) -> Vec<i32> {
        let expected =
            expected_children(self.year_of(mother_jd)) + self.gov.profile.fertility_shift;
        let target = if chance(rng, 0.04) {
            0
        } else {
            (expected + normal(rng) * 1.4).round().clamp(0.0, 11.0) as usize
        };
        let mut t = (mother_jd + self.years(19.0 + 6.0 * unit(rng).powf(1.6)))
            .max(earliest + self.years(0.8 + unit(rng)));
        let last = (mother_jd + self.years(45.0))
            .min(end)
            .min(self.ctx.today_jd);
        let mut out = Vec::with_capacity(target);
        while out.len() < target && t <= last {
            out.push(t);
            t += self.years(1.2 + 2.0 * unit(rng));
        }
        out
    }

    /// Adds the children still at home, eldest first.
    fn children(&mut self, rng: &mut Rng, line: &Line, births: &[i32]) {
        for &jd in births {
            let sex = random_sex(rng);
            let age = self.ctx.age(jd);
            if !stays_home(rng, age, sex) {
                continue;
            }
            let (relationship, marital) = match sex {
                Sex::Male => (Relationship::Son, MaritalStatus::Single),
                // Some daughters come home after a divorce.
                Sex::Female if age >= 24 && chance(rng, 0.15) => {
                    (Relationship::Daughter, MaritalStatus::Divorced)
                }
                Sex::Female => (Relationship::Daughter, MaritalStatus::Single),
            };
            let child = self.child(rng, line, sex, jd, relationship, marital);
            self.members.push(child);
        }
    }
}

//! Household composition: who lives with whom, their ages, and names that follow the
//! patrilineal chain (a child's father name is its father's given name, its
//! grandfather name his father's name, its family name his family name).

use tadamun_domain::person::{MaritalStatus, NamePart, Relationship, Sex};

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

    fn husband_age(&self, rng: &mut Rng, wife_age: i32) -> i32 {
        (wife_age + (5.0 + normal(rng) * 3.5).round().clamp(-2.0, 20.0) as i32).max(20)
    }

    /// A married man heading the household, his wife aged `wife_age`, and their
    /// children; rarely a second wife and hers.
    fn couple(&mut self, rng: &mut Rng, wife_age: i32) {
        let husband_age = self.husband_age(rng, wife_age);
        let head_jd = self.ctx.born_aged(rng, husband_age);
        let head = self.newcomer(
            rng,
            Sex::Male,
            head_jd,
            Relationship::Head,
            MaritalStatus::Married,
        );
        let line = Self::line_of(&head);
        let wife_jd = self.ctx.born_aged(rng, wife_age);
        let wife = self.wife(rng, wife_jd, &head.family, Relationship::Spouse);
        self.members.push(head);
        self.members.push(wife);
        let marriage = (head_jd + self.years(20.0)).max(wife_jd + self.years(17.0));
        let births = self.births(rng, wife_jd, marriage, self.ctx.today_jd);
        self.children(rng, &line, &births);
        if husband_age >= 35 && chance(rng, 0.015) {
            let second_age = between(rng, 20, (husband_age - 8).max(21));
            let second_jd = self.ctx.born_aged(rng, second_age);
            let second = self.wife(rng, second_jd, &line.family, Relationship::Spouse);
            self.members.push(second);
            let births = self.births(
                rng,
                second_jd,
                second_jd + self.years(19.0),
                self.ctx.today_jd,
            );
            self.children(rng, &line, &births);
        }
    }

    /// The head's parents join the household: his father carries his father and
    /// grandfather names; widowed mothers are the most common case.
    fn parents(&mut self, rng: &mut Rng) {
        let head = &self.members[0];
        let head_age = self.ctx.age(head.birth_jd);
        let (head_family, head_father, head_grandfather) = (
            head.family.clone(),
            head.father.clone(),
            head.grandfather.clone(),
        );
        let mother_age = (head_age + between(rng, 20, 35)).min(95);
        let father_age = (mother_age + between(rng, 2, 12)).min(98);
        let (mother, father) = weighted(
            rng,
            &[
                ((true, false), 0.55),
                ((false, true), 0.15),
                ((true, true), 0.3),
            ],
        );
        let marital = if mother && father {
            MaritalStatus::Married
        } else {
            MaritalStatus::Widowed
        };
        if father {
            let jd = self.ctx.born_aged(rng, father_age);
            let year = self.year_of(jd);
            let grandfather = self.ctx.given(rng, Sex::Male, year - 30);
            self.members.push(Member {
                given: head_father,
                father: head_grandfather,
                grandfather,
                family: head_family.clone(),
                sex: Sex::Male,
                birth_jd: jd,
                relationship: Relationship::Father,
                marital,
                frailty: 1.0,
            });
        }
        if mother {
            let jd = self.ctx.born_aged(rng, mother_age);
            let mut m = self.wife(rng, jd, &head_family, Relationship::Mother);
            m.marital = marital;
            self.members.push(m);
        }
    }

    /// An older couple with a married son, his wife and their children. False when no
    /// son is old enough, leaving a plain couple.
    fn three_generations(&mut self, rng: &mut Rng) -> bool {
        let wife_age = between(rng, 45, 66);
        self.couple(rng, wife_age);
        let head = &self.members[0];
        let line = Line {
            given: head.given.clone(),
            father: head.father.clone(),
            family: head.family.clone(),
        };
        let Some(son_at) = self.members.iter().position(|m| {
            m.relationship == Relationship::Son && (20..=45).contains(&self.ctx.age(m.birth_jd))
        }) else {
            return false;
        };
        self.members[son_at].marital = MaritalStatus::Married;
        let son = &self.members[son_at];
        let son_line = Line {
            given: son.given.clone(),
            father: line.given.clone(),
            family: line.family.clone(),
        };
        let son_age = self.ctx.age(son.birth_jd);
        let son_jd = son.birth_jd;
        let wife_age = (son_age - between(rng, 1, 7)).max(18);
        let wife_jd = self.ctx.born_aged(rng, wife_age);
        let wife = self.wife(rng, wife_jd, &line.family, Relationship::SonOrDaughterInLaw);
        self.members.push(wife);
        let marriage = (son_jd + self.years(20.0)).max(wife_jd + self.years(18.0));
        for jd in self.births(rng, wife_jd, marriage, self.ctx.today_jd) {
            let sex = random_sex(rng);
            let grandchild = self.child(
                rng,
                &son_line,
                sex,
                jd,
                Relationship::Grandchild,
                MaritalStatus::Single,
            );
            self.members.push(grandchild);
        }
        true
    }

    /// A widow or divorcee and her children, who carry their father's names.
    fn female_headed(&mut self, rng: &mut Rng) {
        let widow = chance(rng, 0.65);
        let age = if widow {
            26 + (46.0 * unit(rng).powf(1.3)) as i32
        } else {
            between(rng, 22, 50)
        };
        let marital = if widow {
            MaritalStatus::Widowed
        } else {
            MaritalStatus::Divorced
        };
        let head_jd = self.ctx.born_aged(rng, age);
        let head = self.newcomer(rng, Sex::Female, head_jd, Relationship::Head, marital);
        let husband_year = self.year_of(head_jd) - between(rng, 0, 10);
        let family = if chance(rng, 0.25) {
            head.family.clone()
        } else {
            self.ctx.family(rng, self.gov, self.origin)
        };
        let line = Line {
            given: self.ctx.given(rng, Sex::Male, husband_year),
            father: self.ctx.given(rng, Sex::Male, husband_year - 30),
            family,
        };
        self.members.push(head);
        let max_ago = f64::from((age - 20).clamp(0, if widow { 15 } else { 10 }));
        let event = self.ctx.today_jd - self.years(unit(rng) * max_ago);
        let births = self.births(rng, head_jd, head_jd + self.years(18.0), event);
        self.children(rng, &line, &births);
    }

    fn elderly_couple(&mut self, rng: &mut Rng) {
        let wife_age = 57 + (28.0 * unit(rng).powf(1.3)) as i32;
        self.couple(rng, wife_age);
        if chance(rng, 0.05) {
            // An orphaned grandchild raised by the grandparents.
            let head = &self.members[0];
            let head_year = self.year_of(head.birth_jd);
            let line = Line {
                given: self.ctx.given(rng, Sex::Male, head_year + 28),
                father: head.given.clone(),
                family: head.family.clone(),
            };
            let age = between(rng, 3, 16);
            let jd = self.ctx.born_aged(rng, age);
            let sex = random_sex(rng);
            let grandchild = self.child(
                rng,
                &line,
                sex,
                jd,
                Relationship::Grandchild,
                MaritalStatus::Single,
            );
            self.members.push(grandchild);
        }
    }

    fn single_elderly(&mut self, rng: &mut Rng) {
        let sex = if chance(rng, 0.75) {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = 62 + (30.0 * unit(rng).powf(1.4)) as i32;
        let marital = weighted(
            rng,
            &[
                (MaritalStatus::Widowed, 0.84),
                (MaritalStatus::Divorced, 0.08),
                (MaritalStatus::Single, 0.08),
            ],
        );
        let jd = self.ctx.born_aged(rng, age);
        let head = self.newcomer(rng, sex, jd, Relationship::Head, marital);
        self.members.push(head);
    }

    fn single_adult(&mut self, rng: &mut Rng) {
        let (sex, age) = if chance(rng, 0.7) {
            (Sex::Male, between(rng, 20, 45))
        } else {
            (Sex::Female, between(rng, 30, 60))
        };
        let marital = if chance(rng, 0.65) {
            MaritalStatus::Single
        } else {
            MaritalStatus::Divorced
        };
        let jd = self.ctx.born_aged(rng, age);
        let head = self.newcomer(rng, sex, jd, Relationship::Head, marital);
        self.members.push(head);
    }

    /// Occasional others: an unmarried (often disabled) sibling of the head, an
    /// orphaned nephew or niece, or a lodger who is no relative.
    fn relatives(&mut self, rng: &mut Rng) {
        let head = &self.members[0];
        let (head_jd, head_age) = (head.birth_jd, self.ctx.age(head.birth_jd));
        let (father, grandfather, family) = (
            head.father.clone(),
            head.grandfather.clone(),
            head.family.clone(),
        );
        if chance(rng, 0.02) {
            let sex = random_sex(rng);
            let age = (head_age + between(rng, -12, 12)).clamp(18, 90);
            let jd = self.ctx.born_aged(rng, age);
            let relationship = if sex == Sex::Male {
                Relationship::Brother
            } else {
                Relationship::Sister
            };
            let given = self.ctx.given(rng, sex, self.year_of(jd));
            self.members.push(Member {
                given,
                father: father.clone(),
                grandfather,
                family: family.clone(),
                sex,
                birth_jd: jd,
                relationship,
                marital: MaritalStatus::Single,
                frailty: 3.0,
            });
        }
        if chance(rng, 0.01) {
            // A brother's child: the head's father is the child's grandfather.
            let sex = random_sex(rng);
            let age = between(rng, 5, 17);
            let jd = self.ctx.born_aged(rng, age);
            let line = Line {
                given: self.ctx.given(rng, Sex::Male, self.year_of(head_jd)),
                father,
                family,
            };
            let nephew = self.child(
                rng,
                &line,
                sex,
                jd,
                Relationship::OtherRelative,
                MaritalStatus::Single,
            );
            self.members.push(nephew);
        }
        if chance(rng, 0.007) {
            let sex = random_sex(rng);
            let age = between(rng, 18, 60);
            let jd = self.ctx.born_aged(rng, age);
            let lodger = self.newcomer(
                rng,
                sex,
                jd,
                Relationship::NonRelative,
                MaritalStatus::Single,
            );
            self.members.push(lodger);
        }
    }
}

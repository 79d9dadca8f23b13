//! The household kinds: how each lays out its members on top of the builder's
//! primitives (newcomers, wives, births, children).

use tadamun_domain::person::{MaritalStatus, Relationship, Sex};

use super::{Builder, Line, random_sex};
use crate::{
    draw::{Rng, between, chance, normal, unit, weighted},
    people::Member,
};

impl Builder<'_> {
    pub(super) fn husband_age(&self, rng: &mut Rng, wife_age: i32) -> i32 {
        (wife_age + (5.0 + normal(rng) * 3.5).round().clamp(-2.0, 20.0) as i32).max(20)
    }

    /// A married man heading the household, his wife aged `wife_age`, and their
    /// children; rarely a second wife and hers.
    pub(super) fn couple(&mut self, rng: &mut Rng, wife_age: i32) {
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
    pub(super) fn parents(&mut self, rng: &mut Rng) {
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
    pub(super) fn three_generations(&mut self, rng: &mut Rng) -> bool {
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
    pub(super) fn female_headed(&mut self, rng: &mut Rng) {
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

    pub(super) fn elderly_couple(&mut self, rng: &mut Rng) {
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

    pub(super) fn single_elderly(&mut self, rng: &mut Rng) {
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

    pub(super) fn single_adult(&mut self, rng: &mut Rng) {
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
    pub(super) fn relatives(&mut self, rng: &mut Rng) {
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

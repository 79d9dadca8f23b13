//! The registry as scoring reads it: every covered household with only what rules and
//! the PMT can name, its living members as the one text column that triggers keep in
//! `scoring_members` (migration 0017), so a national run reads one row per household
//! instead of folding persons. Names, documents, addresses and phones are not read.

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    area::GovernorateCode,
    household::HouseholdDraft,
    ids::HouseholdId,
    money::Money,
    person::{
        BirthDate, Difficulty, Education, MaritalStatus, PersonDraft, PersonName, Relationship,
        Sex, WashingtonGroup, WorkStatus,
    },
    socio::{Assets, DwellingType, IncomeSource, SocioEconomic, Tenure},
};
use tadamun_targeting::{assess::Applicant, programme::ProgrammeVersion};
use time::Date;
use uuid::Uuid;

use crate::{
    backend::Store,
    db::{Arg, args},
    error::Result,
    programmes::placeholders_from,
    rows::corrupt,
};

#[derive(sqlx::FromRow)]
struct ScoringRow {
    id: Uuid,
    governorate_code: String,
    dwelling_type: Option<String>,
    tenure: Option<String>,
    rooms: Option<i64>,
    monthly_income: Option<i64>,
    main_income_source: Option<String>,
    has_car: bool,
    has_fridge: bool,
    has_washing_machine: bool,
    has_air_conditioner: bool,
    has_computer: bool,
    has_internet: bool,
    extra: String,
    members: Option<String>,
}

/// `and h.governorate_code in (…)` for a programme's coverage, its arguments after
/// the first `taken`.
fn coverage(definition: &ProgrammeVersion, taken: usize, args: &mut Vec<Arg>) -> String {
    if definition.coverage.is_empty() {
        return String::new();
    }
    args.extend(definition.coverage.iter().map(Arg::from));
    format!(
        " and h.governorate_code in ({})",
        placeholders_from(taken + 1, definition.coverage.len())
    )
}

impl Store {
    /// Ids that split `definition`'s households into `parts` ranges of about equal
    /// size (`parts - 1` ids, ascending; each ends a range, inclusive), so the ranges
    /// can be read at once.
    pub(crate) async fn split_points(
        &self,
        definition: &ProgrammeVersion,
        parts: usize,
    ) -> Result<Vec<HouseholdId>> {
        let mut args = Vec::new();
        let covered = coverage(definition, 0, &mut args);
        let count_sql =
            format!("select count(*) from households h where h.status = 'active'{covered}");
        let (n,): (i64,) = self
            .fetch_all(AssertSqlSafe(count_sql), args.clone())
            .await?
            .pop()
            .unwrap_or((0,));
        let mut points = Vec::new();
        for k in 1..parts.max(1) as i64 {
            let mut a = args.clone();
            a.push(Arg::from(n * k / parts as i64));
            let sql = format!(
                "select h.id from households h where h.status = 'active'{covered} order by h.id limit 1 offset ${}",
                a.len()
            );
            if let Some((id,)) = self
                .fetch_all::<(Uuid,)>(AssertSqlSafe(sql), a)
                .await?
                .pop()
            {
                points.push(HouseholdId(id));
            }
        }
        points.dedup();
        Ok(points)
    }

    /// Up to `limit` active households after `after` and up to `until` (by id) in
    /// `definition`'s coverage, as scoring reads them. Callers check permission and
    /// coverage.
    pub(crate) async fn scoring_page(
        &self,
        definition: &ProgrammeVersion,
        after: Option<HouseholdId>,
        until: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<Applicant>> {
        let mut args = args![
            after.map(|h| h.0).unwrap_or(Uuid::nil()),
            limit.clamp(1, 100_000)
        ];
        let below = match until {
            Some(u) => {
                args.push(Arg::from(u.0));
                format!(" and h.id <= ${}", args.len())
            }
            None => String::new(),
        };
        let coverage = coverage(definition, args.len(), &mut args) + &below;
        let sql = format!(
            "select h.id, h.governorate_code, h.dwelling_type, h.tenure, h.rooms, h.monthly_income, h.main_income_source, \
             h.has_car, h.has_fridge, h.has_washing_machine, h.has_air_conditioner, h.has_computer, h.has_internet, h.extra, \
             m.members from households h left join scoring_members m on m.household_id = h.id \
             where h.status = 'active' and h.id > $1{coverage} order by h.id limit $2"
        );
        let rows: Vec<ScoringRow> = self.fetch_all(AssertSqlSafe(sql), args).await?;
        rows.into_iter().map(ScoringRow::into_applicant).collect()
    }
}

impl ScoringRow {
    fn into_applicant(self) -> Result<Applicant> {
        let id = self.id;
        let bad =
            |what: &str, e: &dyn std::fmt::Display| corrupt(&format!("household {id} {what}"), e);
        fn opt<T, E: std::fmt::Display>(
            v: Option<&str>,
            parse: impl FnOnce(&str) -> std::result::Result<T, E>,
        ) -> std::result::Result<Option<T>, E> {
            v.filter(|s| !s.is_empty()).map(parse).transpose()
        }
        let extra = if self.extra == "{}" {
            Default::default()
        } else {
            serde_json::from_str(&self.extra).map_err(|e| bad("extra", &e))?
        };
        let members = match &self.members {
            None => Vec::new(),
            Some(text) => {
                let mut members = text
                    .split(';')
                    .map(|m| member(m).map_err(|e| bad("member", &e)))
                    .collect::<Result<Vec<_>>>()?;
                // The order the general reader gives: the database folded them in any order.
                members.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
                members.into_iter().map(|(_, _, m)| m).collect()
            }
        };
        let socio = SocioEconomic {
            dwelling_type: opt(self.dwelling_type.as_deref(), DwellingType::parse)
                .map_err(|e| bad("dwelling_type", &e))?,
            tenure: opt(self.tenure.as_deref(), Tenure::parse).map_err(|e| bad("tenure", &e))?,
            rooms: self.rooms.map(|r| r as i32),
            monthly_income: self.monthly_income.map(Money),
            main_income_source: opt(self.main_income_source.as_deref(), IncomeSource::parse)
                .map_err(|e| bad("main_income_source", &e))?,
            assets: Assets::from_flags([
                self.has_car,
                self.has_fridge,
                self.has_washing_machine,
                self.has_air_conditioner,
                self.has_computer,
                self.has_internet,
            ]),
        };
        Ok(Applicant {
            id: HouseholdId(id),
            household: HouseholdDraft {
                governorate: GovernorateCode::parse(&self.governorate_code)
                    .map_err(|e| bad("governorate", &e))?,
                district: None,
                address: String::new(),
                phone: None,
                alt_phone: None,
                socio,
                extra,
                members,
            },
        })
    }
}

/// One member from its text: `position,id,sex,date,approx,relationship,marital,
/// education,work,wg`, the id as hex (SQLite, upper case) or hyphenated (PostgreSQL),
/// either of which sorts as the id does, the date as `YYYY-MM-DD` or as days since
/// 1970-01-01. Returns the position and id with the member, to order by.
fn member(text: &str) -> std::result::Result<(i64, &str, PersonDraft), String> {
    let mut f = text.split(',');
    let mut next = || {
        f.next()
            .ok_or_else(|| format!("'{text}' does not have ten fields"))
    };
    let (position, id, sex, date, approx) = (next()?, next()?, next()?, next()?, next()?);
    let (relationship, marital, education, work, wg) =
        (next()?, next()?, next()?, next()?, next()?);
    if f.next().is_some() {
        return Err(format!("'{text}' has more than ten fields"));
    }
    let position = position
        .parse()
        .map_err(|_| format!("'{position}' is not a position"))?;
    let e = |e: tadamun_domain::FieldError| e.to_string();
    let draft = PersonDraft {
        name: PersonName::withheld(),
        latin_name: None,
        sex: Sex::parse(sex).map_err(e)?,
        birth_date: BirthDate {
            date: day(date).ok_or_else(|| format!("'{date}' is not a date"))?,
            approximate: approx == "1",
        },
        relationship: Relationship::parse(relationship).map_err(e)?,
        marital_status: opt(marital)
            .map(MaritalStatus::parse)
            .transpose()
            .map_err(e)?,
        education: opt(education)
            .map(Education::parse)
            .transpose()
            .map_err(e)?,
        work_status: opt(work).map(WorkStatus::parse).transpose().map_err(e)?,
        disability: answers(wg)?,
        documents: Vec::new(),
    };
    Ok((position, id, draft))
}

/// Six digits, most significant first: seeing … communication, 0 for not asked.
fn answers(wg: &str) -> std::result::Result<WashingtonGroup, String> {
    let bad = || format!("'{wg}' is not six Washington Group answers");
    let mut n: u32 = wg.parse().map_err(|_| bad())?;
    if n > 444_444 {
        return Err(bad());
    }
    let mut answers = [None; 6];
    for a in answers.iter_mut().rev() {
        *a = match n % 10 {
            0 => None,
            d @ 1..=4 => Some(Difficulty::parse(&d.to_string()).map_err(|e| e.to_string())?),
            _ => return Err(bad()),
        };
        n /= 10;
    }
    Ok(WashingtonGroup::from_answers(answers))
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// `YYYY-MM-DD` or a day number, by hand: a national run reads five million.
fn day(s: &str) -> Option<Date> {
    if !s.contains('-') || s.starts_with('-') {
        const EPOCH: i32 = 2_440_588; // Julian day of 1970-01-01
        return Date::from_julian_day(EPOCH + s.parse::<i32>().ok()?).ok();
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let month = time::Month::try_from(num(5..7)? as u8).ok()?;
    Date::from_calendar_date(num(0..4)? as i32, month, num(8..10)? as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_in_position_then_id_order_whatever_the_folded_order() {
        let row = ScoringRow {
            id: Uuid::nil(),
            governorate_code: "JO-IR".into(),
            dwelling_type: None,
            tenure: None,
            rooms: None,
            monthly_income: None,
            main_income_source: None,
            has_car: false,
            has_fridge: false,
            has_washing_machine: false,
            has_air_conditioner: false,
            has_computer: false,
            has_internet: false,
            extra: "{}".into(),
            members: Some(
                "2,0B,F,2012-01-01,0,daughter,,,,0;0,FF,M,1980-01-01,0,head,,,,0;2,0A,M,2010-01-01,0,son,,,,0".into(),
            ),
        };
        let relationships: Vec<_> = row
            .into_applicant()
            .unwrap()
            .household
            .members
            .iter()
            .map(|m| m.relationship)
            .collect();
        assert_eq!(
            relationships,
            [
                Relationship::Head,
                Relationship::Son,
                Relationship::Daughter
            ]
        );
    }

    #[test]
    fn a_member_reads_from_its_text() {
        let (position, id, m) =
            member("1,0A1B,F,1980-02-29,0,spouse,married,secondary,homemaker,120041").unwrap();
        assert_eq!((position, id), (1, "0A1B"));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.birth_date.date, time::macros::date!(1980 - 02 - 29));
        assert_eq!(m.education, Some(Education::Secondary));
        assert_eq!(m.disability.seeing, Some(Difficulty::NoDifficulty));
        assert_eq!(m.disability.hearing, Some(Difficulty::SomeDifficulty));
        assert_eq!(m.disability.walking, None);
        assert_eq!(m.disability.self_care, Some(Difficulty::CannotDoAtAll));
        let days = member("0,x,M,3711,1,head,,,,0").unwrap().2;
        assert_eq!(days.birth_date.date, time::macros::date!(1980 - 02 - 29));
        assert!(days.birth_date.approximate);
        assert_eq!(days.disability, WashingtonGroup::default());
        assert_eq!(
            member("0,x,M,-1,0,head,,,,0").unwrap().2.birth_date.date,
            time::macros::date!(1969 - 12 - 31)
        );
        assert!(member("2,x,F,1980-02-30,0,spouse,,,,0").is_err());
        assert!(member("2,x,F,1980-02-28,0,spouse,,,").is_err());
        assert!(member("2,x,F,1980-02-28,0,spouse,,,,0,9").is_err());
        assert!(member("two,x,F,1980-02-28,0,spouse,,,,0").is_err());
        assert!(member("2,x,X,1980-02-28,0,spouse,,,,0").is_err());
        assert!(member("2,x,F,1980-02-28,0,spouse,,,,5").is_err());
    }
}

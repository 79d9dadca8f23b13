//! Finding people: by ID number, by phone, or by Arabic name with spelling variants
//! folded. Name search walks an index in key order with keyset pagination (never
//! OFFSET), so page 1 and page 500 cost the same at millions of persons.

use serde::Serialize;
use tadamun_domain::{access::Access, audit::AuditAction, phone::to_ascii_digit};
use time::Date;
use uuid::Uuid;

use crate::{
    access::{scoped_args, visible_household},
    backend::Store,
    db::args,
    error::Result,
};

/// One person found, with enough of the household to pick the right one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    #[schema(value_type = String, format = Uuid)]
    pub person_id: Uuid,
    #[schema(value_type = String, format = Uuid)]
    pub household_id: Uuid,
    pub full_name: String,
    pub relationship: String,
    pub sex: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    pub deceased: bool,
    pub governorate: String,
    /// The person's first document number, if any.
    pub id_number: Option<String>,
    /// The household is need-to-know; this caller was granted it.
    pub restricted: bool,
}

/// Where the next page starts. Opaque to clients: they pass `encode()` back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCursor {
    /// Index into `NAME_PHASES`, from 1.
    phase: u8,
    key: String,
    id: Uuid,
}

impl SearchCursor {
    pub fn encode(&self) -> String {
        let hex: String = self.key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{}.{}.{}", self.phase, self.id.simple(), hex)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.splitn(3, '.');
        let phase: u8 = parts.next()?.parse().ok().filter(|p| (1..=3).contains(p))?;
        let id = Uuid::parse_str(parts.next()?).ok()?;
        let hex = parts.next()?;
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect::<Option<Vec<u8>>>()?;
        Some(Self {
            phase,
            key: String::from_utf8(bytes).ok()?,
            id,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub next: Option<SearchCursor>,
}

#[derive(sqlx::FromRow)]
struct HitRow {
    person_id: Uuid,
    household_id: Uuid,
    given_name: String,
    father_name: String,
    grandfather_name: Option<String>,
    family_name: String,
    relationship: String,
    sex: String,
    birth_date: Date,
    date_of_death: Option<Date>,
    governorate_code: String,
    id_number: Option<String>,
    restricted: bool,
    sort_key: String,
}

impl HitRow {
    fn into_hit(self) -> SearchHit {
        let mut parts = vec![self.given_name, self.father_name];
        parts.extend(self.grandfather_name);
        parts.push(self.family_name);
        SearchHit {
            person_id: self.person_id,
            household_id: self.household_id,
            full_name: parts.join(" "),
            relationship: self.relationship,
            sex: self.sex,
            birth_date: self.birth_date,
            deceased: self.date_of_death.is_some(),
            governorate: self.governorate_code,
            id_number: self.id_number,
            restricted: self.restricted,
        }
    }
}

macro_rules! hit_select {
    ($key:literal) => {
        concat!(
            "select p.id as person_id, p.household_id, p.given_name, p.father_name, p.grandfather_name, p.family_name, p.relationship, p.sex, p.birth_date, p.date_of_death, h.governorate_code, h.restricted, ",
            "(select d.number from person_documents d where d.person_id = p.id order by d.created_at, d.id limit 1) as id_number, p.",
            $key,
            " as sort_key from persons p join households h on h.id = p.household_id where p.deleted_at is null and ",
            visible_household!(),
            " and "
        )
    };
}

/// A bound just above every string that starts with the prefix (U+10FFFF sorts last
/// in byte order, which both databases use for these columns).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// What a typed query means: a number (ID or phone) or a name.
enum Query {
    Number(String),
    Name(String),
}

fn classify(raw: &str) -> Option<Query> {
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '+' | '(' | ')'))
        .map(|c| to_ascii_digit(c).unwrap_or(c))
        .collect();
    if !compact.is_empty()
        && compact.chars().any(|c| c.is_ascii_digit())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Some(Query::Number(compact.to_ascii_uppercase()));
    }
    let key = tadamun_arabic::name_key(raw);
    (!key.is_empty()).then_some(Query::Name(key))
}

/// The E.164 forms a typed phone number could have.
fn phone_candidates(digits: &str) -> Vec<String> {
    if let Some(rest) = digits.strip_prefix("00") {
        return vec![format!("+{rest}")];
    }
    if let Some(rest) = digits.strip_prefix('0') {
        return ["962", "970", "972"]
            .iter()
            .map(|cc| format!("+{cc}{rest}"))
            .collect();
    }
    vec![format!("+{digits}")]
}

impl Store {
    /// Searches persons by ID number, phone or name. `limit` is capped at 200.
    #[tracing::instrument(skip_all, fields(limit))]
    pub async fn search_persons(
        &self,
        access: &Access,
        raw: &str,
        after: Option<&SearchCursor>,
        limit: i64,
    ) -> Result<SearchPage> {
        let limit = limit.clamp(1, 200);
        let page = match classify(raw) {
            None => SearchPage {
                hits: Vec::new(),
                next: None,
            },
            Some(Query::Number(n)) => self.search_number(access, &n, limit).await?,
            Some(Query::Name(key)) => self.search_name(access, &key, after, limit).await?,
        };
        // Seeing a restricted household's members in a result list is a read too.
        let restricted: std::collections::BTreeSet<Uuid> = page
            .hits
            .iter()
            .filter(|h| h.restricted)
            .map(|h| h.household_id)
            .collect();
        for household in restricted {
            let entry = access
                .audit(
                    AuditAction::RestrictedRecordRead,
                    "household",
                    Some(household.to_string()),
                    crate::now(),
                )
                .with_change(None::<&()>, Some(&serde_json::json!({ "via": "search" })));
            self.record_audit(&entry).await?;
        }
        Ok(page)
    }

    async fn search_number(&self, access: &Access, number: &str, limit: i64) -> Result<SearchPage> {
        let mut rows: Vec<HitRow> = self
            .fetch_all(
                concat!(hit_select!("name_key"), "p.id in (select person_id from person_documents where number = $4) order by p.name_key, p.id limit $5"),
                scoped_args(access, args![number, limit]),
            )
            .await?;
        let phones = phone_candidates(number);
        for phone in phones {
            let more: Vec<HitRow> = self
                .fetch_all(
                    concat!(hit_select!("name_key"), "h.id in (select id from households where phone = $4 union select id from households where alt_phone = $4) order by p.position, p.id limit $5"),
                    scoped_args(access, args![phone, limit]),
                )
                .await?;
            rows.extend(more);
        }
        let mut seen = std::collections::HashSet::new();
        rows.retain(|r| seen.insert(r.person_id));
        rows.truncate(limit as usize);
        Ok(SearchPage {
            hits: rows.into_iter().map(HitRow::into_hit).collect(),
            next: None,
        })
    }

    async fn search_name(
        &self,
        access: &Access,
        key: &str,
        after: Option<&SearchCursor>,
        limit: i64,
    ) -> Result<SearchPage> {
        let end = prefix_end(key);
        let (mut phase, mut after_key, mut after_id) = match after {
            Some(c) => (c.phase, c.key.clone(), c.id),
            // Starting at the prefix itself keeps the keyset bound the tightest one:
            // PostgreSQL starts its index scan from the row-value bound.
            None => (1, key.to_owned(), Uuid::nil()),
        };
        let mut hits = Vec::new();
        while (phase as usize) <= NAME_PHASES.len() && (hits.len() as i64) < limit {
            let remaining = limit - hits.len() as i64;
            let rows: Vec<HitRow> = self
                .fetch_all(
                    NAME_PHASES[phase as usize - 1],
                    scoped_args(
                        access,
                        args![
                            key,
                            end.as_str(),
                            after_key.as_str(),
                            after_id,
                            remaining + 1
                        ],
                    ),
                )
                .await?;
            if rows.len() as i64 > remaining {
                let last = &rows[remaining as usize - 1];
                let next = SearchCursor {
                    phase,
                    key: last.sort_key.clone(),
                    id: last.person_id,
                };
                hits.extend(
                    rows.into_iter()
                        .take(remaining as usize)
                        .map(HitRow::into_hit),
                );
                return Ok(SearchPage {
                    hits,
                    next: Some(next),
                });
            }
            hits.extend(rows.into_iter().map(HitRow::into_hit));
            phase += 1;
            after_key = key.to_owned();
            after_id = Uuid::nil();
        }
        // A full page that ended exactly at a phase boundary: the next page starts the next phase.
        let next = ((phase as usize) <= NAME_PHASES.len()).then(|| SearchCursor {
            phase,
            key: key.to_owned(),
            id: Uuid::nil(),
        });
        Ok(SearchPage { hits, next })
    }
}

/// The keyset condition is a row-value comparison: SQLite cannot turn the equivalent
/// `a > x or (a = x and id > y)` into an index range and scans the whole prefix.
///
/// Name search walks three keys in turn — full name, "given family", "family given
/// father" — each phase skipping people an earlier phase already returned, each in
/// index order so a page is one range scan.
const NAME_PHASES: [&str; 3] = [
    concat!(
        hit_select!("name_key"),
        "p.name_key >= $4 and p.name_key < $5 and (p.name_key, p.id) > ($6, $7) order by p.name_key, p.id limit $8"
    ),
    concat!(
        hit_select!("given_family_key"),
        "p.given_family_key >= $4 and p.given_family_key < $5 and not (p.name_key >= $4 and p.name_key < $5) ",
        "and (p.given_family_key, p.id) > ($6, $7) order by p.given_family_key, p.id limit $8"
    ),
    concat!(
        hit_select!("family_given_key"),
        "p.family_given_key >= $4 and p.family_given_key < $5 and not (p.name_key >= $4 and p.name_key < $5) and not (p.given_family_key >= $4 and p.given_family_key < $5) ",
        "and (p.family_given_key, p.id) > ($6, $7) order by p.family_given_key, p.id limit $8"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_with_arabic_keys() {
        let c = SearchCursor {
            phase: 2,
            key: "محمد الزعبي".into(),
            id: Uuid::now_v7(),
        };
        assert_eq!(SearchCursor::decode(&c.encode()), Some(c));
        assert_eq!(SearchCursor::decode("3.x.y"), None);
        assert_eq!(SearchCursor::decode("garbage"), None);
    }

    #[test]
    fn numbers_and_names_are_told_apart() {
        assert!(matches!(classify("٠٧٩ ١٢٣ ٤٥٦٧"), Some(Query::Number(n)) if n == "0791234567"));
        assert!(matches!(classify("n123456"), Some(Query::Number(n)) if n == "N123456"));
        assert!(matches!(classify("أحمد"), Some(Query::Name(k)) if k == "احمد"));
        assert!(classify("   ").is_none());
    }

    #[test]
    fn a_local_phone_is_tried_in_every_country_code() {
        assert_eq!(phone_candidates("0791234567")[0], "+962791234567");
        assert_eq!(phone_candidates("00970599123456"), ["+970599123456"]);
    }
}

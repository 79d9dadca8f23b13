//! Life-cycle events as clients send them: every field is text, so a bad id or date
//! becomes a field error the clerk can read, not a rejected request. Shared by the
//! page forms and the JSON API.

use serde::{Deserialize, Serialize};
use tadamun_domain::{
    FieldError, FieldErrors, country_pack::CountryPack, history::LifeEvent, household::RawPerson,
    ids::PersonId,
};
use time::Date;

/// A life-cycle event before parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RawLifeEvent {
    /// A child born into the household within the last year.
    Birth { child: RawPerson },
    /// A member died on `date` (YYYY-MM-DD).
    Death { person_id: String, date: String },
    /// A member married; a spouse from outside can join.
    Marriage {
        person_id: String,
        date: String,
        #[serde(default)]
        incoming_spouse: Option<RawPerson>,
    },
    /// Members leave to form a new household headed by `new_head`.
    Split {
        members: Vec<String>,
        new_head: String,
        governorate: String,
        address: String,
    },
    /// The household moves.
    Move {
        governorate: String,
        #[serde(default)]
        district: String,
        address: String,
    },
}

fn person_id(raw: &str, field: &str) -> Result<PersonId, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::required(field));
    }
    PersonId::parse(raw).map_err(|e| FieldError {
        field: field.to_owned(),
        ..e
    })
}

fn event_date(raw: &str) -> Result<Date, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::required("date"));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), format).map_err(|_| {
        FieldError::new(
            "date",
            "invalid-date",
            format!("'{raw}' is not a date like 2024-05-31"),
        )
    })
}

fn address(raw: &str) -> Result<String, FieldError> {
    let a = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if a.is_empty() {
        Err(FieldError::required("address"))
    } else if a.chars().count() > 300 {
        Err(FieldError::new(
            "address",
            "too-long",
            "at most 300 characters",
        ))
    } else {
        Ok(a)
    }
}

fn governorate(
    pack: &CountryPack,
    raw: &str,
) -> Result<tadamun_domain::area::GovernorateCode, FieldError> {
    if raw.trim().is_empty() {
        Err(FieldError::required("governorate"))
    } else {
        pack.governorate(raw)
    }
}

impl RawLifeEvent {
    /// Parses every field, collecting all errors. Rules that need the household as it
    /// stands (is the person a living member?) are checked by the store.
    pub fn parse(&self, pack: &CountryPack, today: Date) -> Result<LifeEvent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let event = match self {
            Self::Birth { child } => match child.parse(pack, today) {
                Ok(c) => Some(LifeEvent::Birth { child: Box::new(c) }),
                Err(e) => {
                    errors.extend_within(e, "child");
                    None
                }
            },
            Self::Death { person_id: p, date } => {
                let p = errors.take(person_id(p, "person_id"));
                let d = errors.take(event_date(date));
                p.zip(d)
                    .map(|(person_id, date)| LifeEvent::Death { person_id, date })
            }
            Self::Marriage {
                person_id: p,
                date,
                incoming_spouse,
            } => {
                let p = errors.take(person_id(p, "person_id"));
                let d = errors.take(event_date(date));
                let spouse = match incoming_spouse {
                    None => Some(None),
                    Some(s) => match s.parse(pack, today) {
                        Ok(s) => Some(Some(Box::new(s))),
                        Err(e) => {
                            errors.extend_within(e, "incoming_spouse");
                            None
                        }
                    },
                };
                match (p, d, spouse) {
                    (Some(person_id), Some(date), Some(incoming_spouse)) => {
                        Some(LifeEvent::Marriage {
                            person_id,
                            date,
                            incoming_spouse,
                        })
                    }
                    _ => None,
                }
            }
            Self::Split {
                members,
                new_head,
                governorate: g,
                address: a,
            } => {
                if members.is_empty() {
                    errors.push(FieldError::required("members"));
                }
                let ids: Vec<Option<PersonId>> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| errors.take(person_id(m, &format!("members[{i}]"))))
                    .collect();
                let head = errors.take(person_id(new_head, "new_head"));
                let g = errors.take(governorate(pack, g));
                let a = errors.take(address(a));
                match (ids.into_iter().collect::<Option<Vec<_>>>(), head, g, a) {
                    (Some(members), Some(new_head), Some(governorate), Some(address)) => {
                        Some(LifeEvent::Split {
                            members,
                            new_head,
                            governorate,
                            address,
                        })
                    }
                    _ => None,
                }
            }
            Self::Move {
                governorate: g,
                district,
                address: a,
            } => {
                let g = errors.take(governorate(pack, g));
                let district = district.trim();
                if let Some(g) = &g
                    && !district.is_empty()
                    && !pack.has_district(g, district)
                {
                    errors.push(FieldError::new(
                        "district",
                        "unknown-district",
                        format!("'{district}' is not a district of this governorate"),
                    ));
                }
                let a = errors.take(address(a));
                match (g, a) {
                    (Some(governorate), Some(address)) => Some(LifeEvent::Move {
                        governorate,
                        district: (!district.is_empty()).then(|| district.to_owned()),
                        address,
                    }),
                    _ => None,
                }
            }
        };
        match event {
            Some(e) if errors.is_empty() => Ok(e),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::country::Country;
    use time::macros::date;

    #[test]
    fn bad_ids_and_dates_are_field_errors() {
        let pack = CountryPack::builtin(Country::Jordan);
        let raw = RawLifeEvent::Death {
            person_id: "not-a-uuid".into(),
            date: "31/12/2024".into(),
        };
        let e = raw.parse(&pack, date!(2025 - 01 - 01)).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [("person_id", "invalid-id"), ("date", "invalid-date")]
        );
    }

    #[test]
    fn a_move_checks_the_district_against_the_governorate() {
        let pack = CountryPack::builtin(Country::Jordan);
        let raw = RawLifeEvent::Move {
            governorate: "JO-AM".into(),
            district: "JO-IR-01".into(),
            address: "x".into(),
        };
        assert_eq!(
            raw.parse(&pack, date!(2025 - 01 - 01)).unwrap_err().0[0].code,
            "unknown-district"
        );
        let ok = RawLifeEvent::Move {
            governorate: "jo-ir".into(),
            district: "JO-IR-01".into(),
            address: " الحي  الشرقي ".into(),
        };
        assert!(
            matches!(ok.parse(&pack, date!(2025 - 01 - 01)).unwrap(), LifeEvent::Move { address, .. } if address == "الحي الشرقي")
        );
    }
}

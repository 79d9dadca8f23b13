//! A planning group and its members: who sits on it (the ministry directorate, a
//! partner organisation, the private sector, local government), linked to a partner
//! organisation or a user account where there is one, and their terms in a role.
//! A person's terms in one group never overlap, and the chair, deputy and secretary
//! are one person at a time: [`check_term`] says so, naming the field.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{parse_date, text};
use crate::{
    FieldError, FieldErrors,
    area::GovernorateCode,
    country_pack::CountryPack,
    ids::{OrganisationId, PlanningMemberId, PlanningTermId},
};

text_enum!(
    /// Whom a member represents.
    MemberKind, "kind" {
        Directorate => "directorate",
        Partner => "partner",
        PrivateSector => "private_sector",
        LocalGovernment => "local_government",
    }
);

text_enum!(
    /// The role a term gives. Chair, deputy and secretary are held by one person at a time.
    MemberRole, "role" {
        Chair => "chair",
        Deputy => "deputy",
        Secretary => "secretary",
        Member => "member",
    }
);

impl MemberRole {
    /// Whether only one member may hold the role on a given day.
    pub fn is_single_seat(self) -> bool {
        !matches!(self, Self::Member)
    }
}

const MAX_NAME: usize = 200;

/// A group as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawGroup {
    pub governorate: String,
    pub name_ar: String,
    pub name_en: String,
}

/// A checked group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDraft {
    pub governorate: GovernorateCode,
    pub name_ar: String,
    pub name_en: Option<String>,
}

impl RawGroup {
    pub fn parse(&self, pack: &CountryPack) -> Result<GroupDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let governorate = if self.governorate.trim().is_empty() {
            errors.push(FieldError::required("governorate"));
            None
        } else {
            errors.take(pack.governorate(&self.governorate))
        };
        let name_ar = errors
            .take(text(&self.name_ar, "name_ar", MAX_NAME, true))
            .flatten();
        let name_en = errors
            .take(text(&self.name_en, "name_en", MAX_NAME, false))
            .flatten();
        errors.into_result(|| GroupDraft {
            governorate: governorate.expect("checked"),
            name_ar: name_ar.expect("checked"),
            name_en,
        })
    }
}

/// A member as a form sends it, with the first term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawMember {
    pub name: String,
    pub kind: String,
    /// The partner registry's organisation id, when the member represents one.
    pub organisation: String,
    /// The user name of the member's account, when they sign in (a secretary does).
    pub username: String,
    pub title: String,
    #[serde(flatten)]
    pub term: RawTerm,
}

/// A checked member; `username` is resolved to a user by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub name: String,
    pub kind: MemberKind,
    pub organisation: Option<OrganisationId>,
    pub username: Option<String>,
    /// The post held where they come from, e.g. "مدير مديرية التنمية".
    pub title: Option<String>,
    pub term: TermDraft,
}

impl RawMember {
    pub fn parse(&self) -> Result<MemberDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors
            .take(text(&self.name, "name", MAX_NAME, true))
            .flatten();
        let kind = if self.kind.trim().is_empty() {
            errors.push(FieldError::required("kind"));
            None
        } else {
            errors.take(MemberKind::parse(&self.kind))
        };
        let organisation = match self.organisation.trim() {
            "" => None,
            raw => errors.take(OrganisationId::parse(raw).map_err(|e| FieldError {
                field: "organisation".into(),
                ..e
            })),
        };
        if kind == Some(MemberKind::Partner)
            && organisation.is_none()
            && errors.for_field("organisation").is_none()
        {
            errors.push(FieldError::new(
                "organisation",
                "partner-organisation-required",
                "a partner member represents an organisation of the partner registry",
            ));
        }
        let username = errors
            .take(text(&self.username, "username", 100, false))
            .flatten();
        let title = errors
            .take(text(&self.title, "title", MAX_NAME, false))
            .flatten();
        let term = match self.term.parse() {
            Ok(t) => Some(t),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        errors.into_result(|| MemberDraft {
            name: name.expect("checked"),
            kind: kind.expect("checked"),
            organisation,
            username,
            title,
            term: term.expect("checked"),
        })
    }
}

/// A term as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawTerm {
    pub role: String,
    pub starts_on: String,
    /// Blank for a term with no end set yet.
    pub ends_on: String,
}

/// A checked term, not yet checked against the group's other terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermDraft {
    pub role: MemberRole,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

impl TermDraft {
    /// Whether the term runs on `day` (both ends included).
    pub fn covers(&self, day: Date) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|e| day <= e)
    }

    /// Whether two terms share at least one day.
    pub fn overlaps(&self, other: &TermDraft) -> bool {
        let ends_before = |a: &TermDraft, b: &TermDraft| a.ends_on.is_some_and(|e| e < b.starts_on);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

impl RawTerm {
    pub fn parse(&self) -> Result<TermDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let role = if self.role.trim().is_empty() {
            errors.push(FieldError::required("role"));
            None
        } else {
            errors.take(MemberRole::parse(&self.role))
        };
        let starts_on = if self.starts_on.trim().is_empty() {
            errors.push(FieldError::required("starts_on"));
            None
        } else {
            errors.take(parse_date(&self.starts_on, "starts_on"))
        };
        let ends_on = match self.ends_on.trim() {
            "" => None,
            raw => errors.take(parse_date(raw, "ends_on")),
        };
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.push(FieldError::new(
                "ends_on",
                "term-ends-before-start",
                "a term cannot end before it starts",
            ));
        }
        errors.into_result(|| TermDraft {
            role: role.expect("checked"),
            starts_on: starts_on.expect("checked"),
            ends_on,
        })
    }
}

/// A stored term of one member of the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: PlanningTermId,
    pub member: PlanningMemberId,
    #[serde(flatten)]
    pub term: TermDraft,
}

/// Checks a new term of `member` against every stored term of the group: the same
/// person may not hold two terms on one day, and a chair, deputy or secretary seat
/// may not be held by two people on one day.
pub fn check_term(
    group_terms: &[Term],
    member: PlanningMemberId,
    new: &TermDraft,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    if group_terms
        .iter()
        .any(|t| t.member == member && t.term.overlaps(new))
    {
        errors.push(FieldError::new(
            "starts_on",
            "overlapping-term",
            "this member already has a term on some of these days",
        ));
    }
    if new.role.is_single_seat()
        && group_terms
            .iter()
            .any(|t| t.member != member && t.term.role == new.role && t.term.overlaps(new))
    {
        errors.push(FieldError::new(
            "role",
            "role-already-held",
            format!(
                "another member is {} on some of these days",
                new.role.as_str()
            ),
        ));
    }
    errors.into_result(|| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use time::macros::date;

    fn term(role: &str, starts: &str, ends: &str) -> TermDraft {
        RawTerm {
            role: role.into(),
            starts_on: starts.into(),
            ends_on: ends.into(),
        }
        .parse()
        .unwrap()
    }

    fn stored(member: PlanningMemberId, t: TermDraft) -> Term {
        Term {
            id: PlanningTermId::new(),
            member,
            term: t,
        }
    }

    #[test]
    fn a_group_needs_a_governorate_of_the_country_and_an_arabic_name() {
        let pack = CountryPack::builtin(Country::Palestine);
        let g = RawGroup {
            governorate: "ps-nbs".into(),
            name_ar: " مجموعة  تخطيط نابلس ".into(),
            name_en: "".into(),
        }
        .parse(&pack)
        .unwrap();
        assert_eq!(g.governorate.as_str(), "PS-NBS");
        assert_eq!(g.name_ar, "مجموعة تخطيط نابلس");
        let e = RawGroup {
            governorate: "JO-IR".into(),
            ..Default::default()
        }
        .parse(&pack)
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("governorate", "unknown-governorate"),
                ("name_ar", "required")
            ]
        );
    }

    #[test]
    fn a_member_names_every_bad_field_and_a_partner_needs_its_organisation() {
        let e = RawMember {
            kind: "partner".into(),
            term: RawTerm {
                role: "boss".into(),
                starts_on: "2026-02-30".into(),
                ends_on: "".into(),
            },
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("name", "required"),
                ("organisation", "partner-organisation-required"),
                ("role", "unknown-choice"),
                ("starts_on", "invalid-date"),
            ]
        );
        let e = RawTerm {
            role: "member".into(),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-04-01".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.0[0].code, "term-ends-before-start");
    }

    #[test]
    fn terms_overlap_when_they_share_a_day_and_open_terms_run_on() {
        let a = term("member", "2026-01-01", "2026-06-30");
        assert!(a.overlaps(&term("member", "2026-06-30", "")));
        assert!(!a.overlaps(&term("member", "2026-07-01", "")));
        assert!(term("member", "2020-01-01", "").overlaps(&a));
        assert!(a.covers(date!(2026 - 06 - 30)) && !a.covers(date!(2026 - 07 - 01)));
    }

    #[test]
    fn an_overlapping_term_or_a_second_chair_is_refused_naming_the_field() {
        let (huda, omar) = (PlanningMemberId::new(), PlanningMemberId::new());
        let terms = vec![
            stored(huda, term("chair", "2026-01-01", "2026-12-31")),
            stored(omar, term("member", "2026-01-01", "")),
        ];
        let e = check_term(&terms, omar, &term("secretary", "2026-03-01", "")).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("starts_on", "overlapping-term")
        );
        let e = check_term(
            &terms,
            PlanningMemberId::new(),
            &term("chair", "2026-12-31", ""),
        )
        .unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("role", "role-already-held")
        );
        check_term(
            &terms,
            PlanningMemberId::new(),
            &term("chair", "2027-01-01", ""),
        )
        .unwrap();
        check_term(
            &terms,
            PlanningMemberId::new(),
            &term("member", "2026-01-01", ""),
        )
        .unwrap();
    }
}

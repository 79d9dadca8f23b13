//! Bylaws (النظام الداخلي) as versioned documents: a proposal is discussed and put to
//! a vote at a meeting; approved, it is the one version in force and the one before
//! it is superseded. The version in force sets the quorum (a share of the members
//! plus a number, e.g. half plus one) and how many meetings a year the group holds.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{count, long_text, meeting::Votes};
use crate::{FieldError, FieldErrors};

text_enum!(
    /// Where a bylaws version stands. Exactly one version of a group is in force at a time.
    BylawsStatus, "status" {
        Proposed => "proposed",
        InForce => "in_force",
        Superseded => "superseded",
        Rejected => "rejected",
    }
);

/// How many of the members on the meeting day must attend: `percent` of them
/// (rounded down) plus `plus`. Half plus one is `{ percent: 50, plus: 1 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    pub percent: i64,
    pub plus: i64,
}

impl Quorum {
    /// The rule used while a group has no bylaws in force: half the members plus one.
    pub const DEFAULT: Quorum = Quorum {
        percent: 50,
        plus: 1,
    };

    /// Attendees needed when `members` are on the group; never more than all of them.
    pub fn required(self, members: i64) -> i64 {
        if members <= 0 {
            return 0;
        }
        (members * self.percent / 100 + self.plus).clamp(1, members)
    }
}

/// A proposal as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawBylaws {
    pub text: String,
    pub quorum_percent: String,
    pub quorum_plus: String,
    pub meetings_per_year: String,
}

/// A checked proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BylawsDraft {
    pub text: String,
    pub quorum: Quorum,
    pub meetings_per_year: i64,
}

impl RawBylaws {
    pub fn parse(&self) -> Result<BylawsDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = errors
            .take(long_text(&self.text, "text", 50_000, true))
            .flatten();
        let percent = errors.take(count(&self.quorum_percent, "quorum_percent", 1, 100));
        let plus = errors.take(count(&self.quorum_plus, "quorum_plus", 0, 10));
        let meetings = errors.take(count(&self.meetings_per_year, "meetings_per_year", 1, 52));
        errors.into_result(|| BylawsDraft {
            text: text.expect("checked"),
            quorum: Quorum {
                percent: percent.expect("checked"),
                plus: plus.expect("checked"),
            },
            meetings_per_year: meetings.expect("checked"),
        })
    }
}

impl BylawsDraft {
    pub fn to_raw(&self) -> RawBylaws {
        RawBylaws {
            text: self.text.clone(),
            quorum_percent: self.quorum.percent.to_string(),
            quorum_plus: self.quorum.plus.to_string(),
            meetings_per_year: self.meetings_per_year.to_string(),
        }
    }
}

/// The vote on a proposal as typed: the meeting it was taken at and the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawBylawsVote {
    pub meeting: String,
    pub votes_for: String,
    pub votes_against: String,
    pub votes_abstain: String,
}

/// A checked vote and what it decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BylawsVote {
    pub votes: Votes,
    pub held_on: Date,
    /// More for than against: the proposal comes into force on the meeting day.
    pub approved: bool,
}

impl RawBylawsVote {
    /// Checks the counts against the chosen meeting: its day, how many attended and
    /// whether it had its quorum. A vote without quorum is refused.
    pub fn parse(
        &self,
        held_on: Date,
        attended: i64,
        quorum_met: bool,
    ) -> Result<BylawsVote, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !quorum_met {
            errors.push(FieldError::new(
                "meeting",
                "vote-without-quorum",
                "the meeting did not have its quorum; no vote can be taken at it",
            ));
        }
        match Votes::parse(
            &self.votes_for,
            &self.votes_against,
            &self.votes_abstain,
            attended,
        ) {
            Ok(votes) => errors.into_result(|| BylawsVote {
                votes,
                held_on,
                approved: votes.votes_for > votes.votes_against,
            }),
            Err(e) => {
                errors.0.extend(e.0);
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn half_plus_one_of_the_members_on_the_day_make_the_quorum() {
        let q = Quorum::DEFAULT;
        assert_eq!(q.required(9), 5);
        assert_eq!(q.required(10), 6);
        assert_eq!(q.required(1), 1);
        assert_eq!(q.required(0), 0);
        let two_thirds = Quorum {
            percent: 67,
            plus: 0,
        };
        assert_eq!(two_thirds.required(9), 6);
        assert_eq!(
            Quorum {
                percent: 100,
                plus: 3
            }
            .required(4),
            4
        );
    }

    #[test]
    fn a_proposal_names_every_bad_field() {
        let e = RawBylaws {
            text: "  ".into(),
            quorum_percent: "150".into(),
            quorum_plus: "واحد".into(),
            meetings_per_year: "".into(),
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("text", "required"),
                ("quorum_percent", "out-of-range"),
                ("quorum_plus", "out-of-range"),
                ("meetings_per_year", "required"),
            ]
        );
        let ok = RawBylaws {
            text: "المادة ١".into(),
            quorum_percent: "٥٠".into(),
            quorum_plus: "1".into(),
            meetings_per_year: "4".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.quorum, Quorum::DEFAULT);
        assert_eq!(ok.to_raw().parse().unwrap(), ok);
    }

    #[test]
    fn a_vote_needs_the_meeting_quorum_and_no_more_votes_than_attendees() {
        let day = date!(2026 - 05 - 01);
        let raw = RawBylawsVote {
            meeting: "m".into(),
            votes_for: "5".into(),
            votes_against: "2".into(),
            votes_abstain: "0".into(),
        };
        let v = raw.parse(day, 7, true).unwrap();
        assert!(v.approved);
        let e = raw.parse(day, 7, false).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("meeting", "vote-without-quorum")
        );
        let e = raw.parse(day, 6, true).unwrap_err();
        assert_eq!(e.0[0].code, "more-votes-than-attendees");
        let tie = RawBylawsVote {
            votes_for: "3".into(),
            votes_against: "3".into(),
            ..raw
        };
        assert!(!tie.parse(day, 7, true).unwrap().approved);
    }
}

//! A meeting as the secretary records it: the day, the agenda, which members attended,
//! the minutes, the decisions voted on and the action items given out. The quorum is
//! computed from the bylaws in force on the day and the members whose term covers it;
//! a decision voted on without quorum, an action without an owner or a due day, and an
//! attendee who was not a member on the day are refused, each naming its field.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::Date;

use super::{Quorum, TermDraft, count, long_text, parse_date, text};
use crate::{FieldError, FieldErrors, ids::PlanningMemberId};

/// Votes for, against and abstaining.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    pub votes_for: i64,
    pub votes_against: i64,
    pub votes_abstain: i64,
}

impl Votes {
    /// Counts as typed; together never more than the `attended`.
    pub fn parse(
        votes_for: &str,
        against: &str,
        abstain: &str,
        attended: i64,
    ) -> Result<Votes, FieldErrors> {
        fn n(raw: &str) -> &str {
            if raw.trim().is_empty() { "0" } else { raw }
        }
        let mut errors = FieldErrors::default();
        let f = errors.take(count(n(votes_for), "votes_for", 0, 10_000));
        let a = errors.take(count(n(against), "votes_against", 0, 10_000));
        let s = errors.take(count(n(abstain), "votes_abstain", 0, 10_000));
        let (Some(f), Some(a), Some(s)) = (f, a, s) else {
            return Err(errors);
        };
        if f + a + s > attended {
            errors.push(FieldError::new(
                "votes_for",
                "more-votes-than-attendees",
                format!("{} votes, but {attended} members attended", f + a + s),
            ));
        }
        if f + a + s == 0 {
            errors.push(FieldError::new(
                "votes_for",
                "no-votes",
                "enter the votes for, against and abstaining",
            ));
        }
        errors.into_result(|| Votes {
            votes_for: f,
            votes_against: a,
            votes_abstain: s,
        })
    }

    /// More for than against.
    pub fn carried(&self) -> bool {
        self.votes_for > self.votes_against
    }
}

/// A decision row of the meeting form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawDecision {
    pub text: String,
    pub votes_for: String,
    pub votes_against: String,
    pub votes_abstain: String,
    /// "on" (a checkbox) to publish on the transparency portal.
    pub public: String,
}

impl RawDecision {
    fn is_blank(&self) -> bool {
        [
            &self.text,
            &self.votes_for,
            &self.votes_against,
            &self.votes_abstain,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// A checked decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDraft {
    pub text: String,
    pub votes: Votes,
    pub public: bool,
}

/// An action-item row of the meeting form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawAction {
    pub text: String,
    /// The owning member's id.
    pub owner: String,
    pub due_on: String,
}

impl RawAction {
    fn is_blank(&self) -> bool {
        [&self.text, &self.owner, &self.due_on]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// A checked action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDraft {
    pub text: String,
    pub owner: PlanningMemberId,
    pub due_on: Date,
}

/// A meeting as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawMeeting {
    pub held_on: String,
    pub agenda: Vec<String>,
    /// Ids of the members who attended.
    pub attended: Vec<String>,
    pub minutes: String,
    pub decisions: Vec<RawDecision>,
    pub actions: Vec<RawAction>,
}

/// What the group looked like, for checking a meeting: every member's terms and the
/// bylaws that were in force, each from a day to a day (open-ended when current).
#[derive(Debug, Clone, Default)]
pub struct MeetingContext {
    pub members: Vec<(PlanningMemberId, Vec<TermDraft>)>,
    /// `(in force from, until, quorum)` of every version that has been in force.
    pub bylaws: Vec<(Date, Option<Date>, Quorum)>,
}

impl MeetingContext {
    /// The members whose term covers `day`.
    pub fn members_on(&self, day: Date) -> BTreeSet<PlanningMemberId> {
        self.members
            .iter()
            .filter(|(_, terms)| terms.iter().any(|t| t.covers(day)))
            .map(|(id, _)| *id)
            .collect()
    }

    /// The quorum rule of the bylaws in force on `day`, or the default without any.
    pub fn quorum_on(&self, day: Date) -> Quorum {
        self.bylaws
            .iter()
            .filter(|(from, until, _)| *from <= day && until.is_none_or(|u| day < u))
            .map(|(_, _, q)| *q)
            .next_back()
            .unwrap_or(Quorum::DEFAULT)
    }
}

/// A checked meeting with its quorum worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub held_on: Date,
    pub agenda: Vec<String>,
    pub attended: BTreeSet<PlanningMemberId>,
    pub minutes: Option<String>,
    /// Members whose term covered the day, and how many of them the quorum needed.
    pub members_on_day: i64,
    pub quorum_required: i64,
    pub decisions: Vec<DecisionDraft>,
    pub actions: Vec<ActionDraft>,
}

impl MeetingDraft {
    pub fn quorum_met(&self) -> bool {
        self.members_on_day > 0 && self.attended.len() as i64 >= self.quorum_required
    }
}

impl RawMeeting {
    /// Checks the meeting against the group on its day. A meeting is recorded once
    /// held, so a day after `today` is refused; blank agenda, decision and action rows
    /// are dropped.
    pub fn parse(&self, ctx: &MeetingContext, today: Date) -> Result<MeetingDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let held_on = if self.held_on.trim().is_empty() {
            errors.push(FieldError::required("held_on"));
            None
        } else {
            errors.take(parse_date(&self.held_on, "held_on"))
        };
        if held_on.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "held_on",
                "meeting-in-future",
                "record a meeting once it has been held",
            ));
        }
        let mut agenda = Vec::new();
        for (i, item) in self.agenda.iter().enumerate() {
            if let Some(t) = errors
                .take(text(item, &format!("agenda[{i}]"), 500, false))
                .flatten()
            {
                agenda.push(t);
            }
        }
        if agenda.is_empty() && errors.0.iter().all(|e| !e.field.starts_with("agenda")) {
            errors.push(FieldError::new(
                "agenda",
                "required",
                "give at least one agenda item",
            ));
        }
        let minutes = errors
            .take(long_text(&self.minutes, "minutes", 50_000, false))
            .flatten();
        let Some(day) = held_on else {
            return Err(errors);
        };
        let on_day = ctx.members_on(day);
        let mut attended = BTreeSet::new();
        for (i, raw) in self.attended.iter().enumerate() {
            let field = format!("attended[{i}]");
            match PlanningMemberId::parse(raw) {
                Ok(id) if on_day.contains(&id) => {
                    attended.insert(id);
                }
                _ => errors.push(FieldError::new(
                    field,
                    "not-a-member-on-day",
                    "this person was not a member of the group on the meeting day",
                )),
            }
        }
        let members_on_day = on_day.len() as i64;
        let quorum_required = ctx.quorum_on(day).required(members_on_day);
        let quorum_met = members_on_day > 0 && attended.len() as i64 >= quorum_required;
        let mut decisions = Vec::new();
        for (i, d) in self.decisions.iter().enumerate() {
            if d.is_blank() {
                continue;
            }
            let at = format!("decisions[{i}]");
            let mut row = FieldErrors::default();
            let t = row.take(text(&d.text, "text", 2_000, true)).flatten();
            if !quorum_met {
                row.push(FieldError::new(
                    "votes_for",
                    "vote-without-quorum",
                    format!(
                        "{} of the {quorum_required} members needed for quorum attended; no vote can be taken",
                        attended.len()
                    ),
                ));
            }
            let votes = match Votes::parse(
                &d.votes_for,
                &d.votes_against,
                &d.votes_abstain,
                attended.len() as i64,
            ) {
                Ok(v) => Some(v),
                Err(e) if quorum_met => {
                    row.0.extend(e.0);
                    None
                }
                Err(_) => None,
            };
            if row.is_empty() {
                decisions.push(DecisionDraft {
                    text: t.expect("checked"),
                    votes: votes.expect("checked"),
                    public: matches!(d.public.trim(), "on" | "true" | "1" | "yes"),
                });
            } else {
                errors.extend_within(row, &at);
            }
        }
        let mut actions = Vec::new();
        for (i, a) in self.actions.iter().enumerate() {
            if a.is_blank() {
                continue;
            }
            let at = format!("actions[{i}]");
            let mut row = FieldErrors::default();
            let t = row.take(text(&a.text, "text", 1_000, true)).flatten();
            let owner = match a.owner.trim() {
                "" => {
                    row.push(FieldError::new(
                        "owner",
                        "action-owner-required",
                        "every action item needs an owner",
                    ));
                    None
                }
                raw => match PlanningMemberId::parse(raw) {
                    Ok(id) if on_day.contains(&id) => Some(id),
                    _ => {
                        row.push(FieldError::new(
                            "owner",
                            "not-a-member-on-day",
                            "the owner must be a member of the group on the meeting day",
                        ));
                        None
                    }
                },
            };
            let due_on = if a.due_on.trim().is_empty() {
                row.push(FieldError::required("due_on"));
                None
            } else {
                row.take(parse_date(&a.due_on, "due_on"))
            };
            if due_on.is_some_and(|d| d < day) {
                row.push(FieldError::new(
                    "due_on",
                    "due-before-meeting",
                    "an action item cannot be due before the meeting that gave it",
                ));
            }
            if row.is_empty() {
                actions.push(ActionDraft {
                    text: t.expect("checked"),
                    owner: owner.expect("checked"),
                    due_on: due_on.expect("checked"),
                });
            } else {
                errors.extend_within(row, &at);
            }
        }
        errors.into_result(|| MeetingDraft {
            held_on: day,
            agenda,
            attended,
            minutes,
            members_on_day,
            quorum_required,
            decisions,
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::RawTerm;
    use time::macros::date;

    fn term(starts: &str, ends: &str) -> TermDraft {
        RawTerm {
            role: "member".into(),
            starts_on: starts.into(),
            ends_on: ends.into(),
        }
        .parse()
        .unwrap()
    }

    /// Five members from 2026; a sixth whose term ended in 2025.
    fn group() -> (MeetingContext, Vec<PlanningMemberId>) {
        let ids: Vec<_> = (0..6).map(|_| PlanningMemberId::new()).collect();
        let mut members: Vec<_> = ids[..5]
            .iter()
            .map(|id| (*id, vec![term("2026-01-01", "")]))
            .collect();
        members.push((ids[5], vec![term("2024-01-01", "2025-12-31")]));
        (
            MeetingContext {
                members,
                bylaws: vec![],
            },
            ids,
        )
    }

    fn meeting(attended: &[PlanningMemberId]) -> RawMeeting {
        RawMeeting {
            held_on: "2026-03-10".into(),
            agenda: vec!["خطة الشتاء".into(), "".into()],
            attended: attended.iter().map(|m| m.to_string()).collect(),
            minutes: "ناقش الأعضاء خطة الشتاء.".into(),
            decisions: vec![RawDecision {
                text: "اعتماد خطة الشتاء".into(),
                votes_for: "3".into(),
                votes_against: "0".into(),
                votes_abstain: "".into(),
                public: "on".into(),
            }],
            actions: vec![RawAction {
                text: "توزيع الحصص".into(),
                owner: attended[0].to_string(),
                due_on: "2026-04-01".into(),
            }],
        }
    }

    #[test]
    fn the_quorum_counts_the_members_whose_term_covers_the_day() {
        let (ctx, ids) = group();
        let today = date!(2026 - 12 - 01);
        let m = meeting(&ids[..3]).parse(&ctx, today).unwrap();
        assert_eq!((m.members_on_day, m.quorum_required), (5, 3));
        assert!(m.quorum_met());
        assert_eq!(m.agenda.len(), 1);
        assert!(m.decisions[0].public);
        assert_eq!(m.actions[0].owner, ids[0]);
    }

    #[test]
    fn a_vote_without_quorum_is_refused_naming_the_decision() {
        let (ctx, ids) = group();
        let e = meeting(&ids[..2])
            .parse(&ctx, date!(2026 - 12 - 01))
            .unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("decisions[0].votes_for", "vote-without-quorum")
        );
        // The bylaws in force on the day may ask for fewer.
        let mut ctx = ctx;
        ctx.bylaws = vec![(
            date!(2026 - 01 - 01),
            None,
            Quorum {
                percent: 40,
                plus: 0,
            },
        )];
        let mut raw = meeting(&ids[..2]);
        raw.decisions[0].votes_for = "2".into();
        raw.parse(&ctx, date!(2026 - 12 - 01)).unwrap();
    }

    #[test]
    fn an_action_without_an_owner_and_a_past_member_are_refused() {
        let (ctx, ids) = group();
        let mut raw = meeting(&[ids[0], ids[1], ids[2], ids[5]]);
        raw.actions[0].owner = "".into();
        raw.actions[0].due_on = "2026-03-01".into();
        raw.held_on = "2027-01-01".into();
        let e = raw.parse(&ctx, date!(2026 - 12 - 01)).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("held_on", "meeting-in-future"),
                ("attended[3]", "not-a-member-on-day"),
                ("actions[0].owner", "action-owner-required"),
                ("actions[0].due_on", "due-before-meeting"),
            ]
        );
    }

    #[test]
    fn more_votes_than_attendees_and_an_empty_agenda_are_refused() {
        let (ctx, ids) = group();
        let mut raw = meeting(&ids[..3]);
        raw.decisions[0].votes_against = "1".into();
        raw.decisions[0].votes_abstain = "1".into();
        raw.agenda = vec![" ".into()];
        let e = raw.parse(&ctx, date!(2026 - 12 - 01)).unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("agenda", "required"),
                ("decisions[0].votes_for", "more-votes-than-attendees"),
            ]
        );
    }

    #[test]
    fn the_bylaws_in_force_on_the_day_set_the_quorum() {
        let ctx = MeetingContext {
            members: vec![],
            bylaws: vec![
                (
                    date!(2025 - 01 - 01),
                    Some(date!(2026 - 01 - 01)),
                    Quorum {
                        percent: 100,
                        plus: 0,
                    },
                ),
                (
                    date!(2026 - 01 - 01),
                    None,
                    Quorum {
                        percent: 30,
                        plus: 0,
                    },
                ),
            ],
        };
        assert_eq!(ctx.quorum_on(date!(2025 - 12 - 31)).percent, 100);
        assert_eq!(ctx.quorum_on(date!(2026 - 01 - 01)).percent, 30);
        assert_eq!(ctx.quorum_on(date!(2024 - 01 - 01)), Quorum::DEFAULT);
    }
}

//! Scoring a pair: the Fellegi–Sunter sum with term-frequency adjustment (agreeing on
//! a rare family name says more than agreeing on محمد), household-context rules, and
//! the guard that keeps the auto-merge band for pairs with no contradiction on the
//! fields that separate relatives (given name, father's name, birth date).

use crate::{
    compare::{FIELDS, Field, NULL, compare},
    em::Model,
    record::{Dataset, NONE, Person},
};

/// What to do with a scored pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    NonMatch,
    Review,
    Match,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Match => "match",
            Band::Review => "review",
            Band::NonMatch => "non-match",
        }
    }
}

/// Score cut-offs, in log2 odds.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub matched: f64,
    pub review: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            matched: 15.0,
            review: 2.0,
        }
    }
}

/// One field's part in a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub field: Field,
    pub level: u8,
    pub weight: f64,
}

/// A household-context rule that fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Same household, given names not identical: siblings or twins.
    SameHouseholdDifferentName,
    /// Same given and family name, one's grandfather is the other's namesake, fathers
    /// differ and a generation apart: a grandson named after his grandfather.
    NamedAfterGrandfather,
}

impl Context {
    pub fn penalty(self) -> f64 {
        match self {
            Context::SameHouseholdDifferentName => 30.0,
            Context::NamedAfterGrandfather => 20.0,
        }
    }
}

/// A pair's full score with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: f64,
    pub band: Band,
    pub evidence: Vec<Evidence>,
    pub context: Vec<Context>,
    /// Why the pair is kept out of the match band despite its score, if it is.
    pub guard: Option<Field>,
}

/// Term-frequency adjustment for an exact name agreement at `pos`, in bits.
fn tf_adjust(d: &Dataset, model: &Model, pos: usize, token: u32) -> f64 {
    if token == NONE || d.is_empty() {
        return 0.0;
    }
    (model.name_collision[pos] / d.frequency(pos, token))
        .log2()
        .clamp(-4.0, 5.0)
}

/// For a name agreeing only by skeleton across scripts (level 2), the weight learnt
/// for level 2 is mostly one-letter typos within a script, which strangers rarely
/// share; a skeleton such as m-h-m-d (محمد, محمود, Mohammed, Mahmoud) is shared by a
/// tenth of a town. Replacing `u` by the skeleton's frequency can only lower the weight.
fn skeleton_adjust(d: &Dataset, model: &Model, pos: usize, a: u32, b: u32) -> f64 {
    let (Some(ta), Some(tb)) = (d.token(a), d.token(b)) else {
        return 0.0;
    };
    if ta.latin == tb.latin || d.is_empty() {
        return 0.0;
    }
    let f = d.skeleton_frequency(pos, ta.skeleton);
    (model.u[pos][2] / f).log2().clamp(-3.0, 0.0)
}

fn contexts(levels: &[u8; 10], a: &Person, b: &Person) -> Vec<Context> {
    let mut out = Vec::new();
    // In one household any difference in the given name means another child: twins
    // named رنا and رشا are commoner there than a clerk retyping a member.
    if levels[9] == 1 && levels[0] <= 2 {
        out.push(Context::SameHouseholdDifferentName);
    }
    let generation_apart =
        a.birth != 0 && b.birth != 0 && (a.birth / 10000).abs_diff(b.birth / 10000) >= 30;
    let named_after = |x: &Person, y: &Person| x.names[2] != NONE && x.names[2] == y.names[0];
    if levels[0] >= 2
        && levels[1] == 0
        && generation_apart
        && (named_after(a, b) || named_after(b, a))
    {
        out.push(Context::NamedAfterGrandfather);
    }
    out
}

/// Which contradiction keeps a pair out of the match band, if any.
fn guard(levels: &[u8; 10]) -> Option<Field> {
    if levels[0] == NULL || levels[0] == 0 {
        return Some(Field::Given);
    }
    if levels[1] == 0 {
        return Some(Field::Father);
    }
    let same_id = levels[5] == 2;
    // A birth date far off is only outweighed by the same national ID.
    if levels[4] <= 1 && !same_id {
        return Some(Field::Birth);
    }
    // A different grandfather or family name: at a million records most such pairs
    // are namesakes (same given and father name, near date); duplicates rarely
    // change either, and one that did is still caught by its ID.
    if levels[2] == 0 && !same_id {
        return Some(Field::Grandfather);
    }
    if levels[3] == 0 && !same_id {
        return Some(Field::Family);
    }
    None
}

/// Scores records `a` and `b` of `d`. `tf` turns term-frequency adjustment on (off for
/// the real-time check, which sees too few records to count names).
pub fn score_pair(
    d: &Dataset,
    model: &Model,
    thresholds: &Thresholds,
    a: u32,
    b: u32,
    tf: bool,
    explain: bool,
) -> Scored {
    let levels = compare(d, &d.persons[a as usize], &d.persons[b as usize]);
    score_levels(d, model, thresholds, a, b, &levels, tf, explain)
}

/// [`score_pair`] for a pair whose levels are already known (the batch compares each
/// candidate once, for EM, and scores from those levels).
#[allow(clippy::too_many_arguments)]
pub fn score_levels(
    d: &Dataset,
    model: &Model,
    thresholds: &Thresholds,
    a: u32,
    b: u32,
    levels: &[u8; 10],
    tf: bool,
    explain: bool,
) -> Scored {
    let (pa, pb) = (&d.persons[a as usize], &d.persons[b as usize]);
    let levels = *levels;
    let mut score = model.prior_weight();
    let mut evidence = Vec::new();
    for (f, field) in FIELDS.iter().enumerate() {
        let mut w = model.weight(f, levels[f]);
        if tf && f < 4 && levels[f] == 3 {
            w += tf_adjust(d, model, f, pa.names[f]);
        }
        if tf && f < 4 && levels[f] == 2 {
            w += skeleton_adjust(d, model, f, pa.names[f], pb.names[f]);
        }
        score += w;
        if explain && levels[f] != NULL {
            evidence.push(Evidence {
                field: *field,
                level: levels[f],
                weight: w,
            });
        }
    }
    let context = contexts(&levels, pa, pb);
    score -= context.iter().map(|c| c.penalty()).sum::<f64>();
    // A household rule is a contradiction, not only a penalty: it keeps the pair
    // out of the match band however much else agrees.
    let guard = guard(&levels).or_else(|| (!context.is_empty()).then_some(Field::Household));
    let band = if score >= thresholds.matched && guard.is_none() {
        Band::Match
    } else if score >= thresholds.review {
        Band::Review
    } else {
        Band::NonMatch
    };
    Scored {
        score,
        band,
        evidence,
        context,
        guard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::InputRecord;

    fn rec(id: &str, family: &str, grandfather: &str, nid: &str) -> InputRecord {
        InputRecord {
            record_id: id.into(),
            given_name: "غسان".into(),
            father_name: "فادي".into(),
            grandfather_name: grandfather.into(),
            family_name: family.into(),
            birth_date: "2005-06-14".into(),
            sex: "M".into(),
            governorate: "JO-AM".into(),
            national_id: nid.into(),
            ..InputRecord::default()
        }
    }

    fn scored(a: InputRecord, b: InputRecord) -> Scored {
        let d = Dataset::from_records(&[a, b]).unwrap();
        // Lenient thresholds: the guard, not the score, must keep the pair out.
        let t = Thresholds {
            matched: -100.0,
            review: -200.0,
        };
        score_pair(&d, &Model::default(), &t, 0, 1, false, false)
    }

    #[test]
    fn a_namesake_from_another_family_is_never_auto_merged() {
        let s = scored(
            rec("a", "السعدي", "مرعي", ""),
            rec("b", "الحديد", "مرعي", ""),
        );
        assert_eq!((s.band, s.guard), (Band::Review, Some(Field::Family)));
    }

    #[test]
    fn a_namesake_with_another_grandfather_is_never_auto_merged() {
        let s = scored(
            rec("a", "السعدي", "مرعي", ""),
            rec("b", "السعدي", "سالم", ""),
        );
        assert_eq!((s.band, s.guard), (Band::Review, Some(Field::Grandfather)));
    }

    #[test]
    fn the_same_national_id_outweighs_a_changed_family_name() {
        let id = "2051072948";
        let s = scored(
            rec("a", "السعدي", "مرعي", id),
            rec("b", "الحديد", "مرعي", id),
        );
        assert_eq!((s.band, s.guard), (Band::Match, None));
    }

    #[test]
    fn a_latin_spelling_agreeing_on_a_common_skeleton_weighs_less_than_on_a_rare_one() {
        let mut recs: Vec<InputRecord> = (0..50)
            .map(|i| InputRecord {
                record_id: format!("m{i}"),
                given_name: "محمد".into(),
                ..InputRecord::default()
            })
            .collect();
        for (id, name) in [
            ("latin-m", "Mohammed"),
            ("z", "زهير"),
            ("latin-z", "Zuhair"),
        ] {
            recs.push(InputRecord {
                record_id: id.into(),
                given_name: name.into(),
                ..InputRecord::default()
            });
        }
        let d = Dataset::from_records(&recs).unwrap();
        let model = Model::default();
        let t = |i: usize| d.persons[i].names[0];
        let common = skeleton_adjust(&d, &model, 0, t(0), t(50));
        let rare = skeleton_adjust(&d, &model, 0, t(51), t(52));
        assert_eq!(common, -3.0, "m-h-m-d is half the file");
        assert!(rare > -1.0 && rare <= 0.0, "{rare}");
        assert_eq!(
            skeleton_adjust(&d, &model, 0, t(0), t(1)),
            0.0,
            "same script"
        );
    }

    #[test]
    fn the_prior_falls_as_one_over_n_above_the_reference_size() {
        use crate::em::{PRIOR_REFERENCE, prior_for};
        assert_eq!(prior_for(10), prior_for(PRIOR_REFERENCE));
        let ratio = prior_for(PRIOR_REFERENCE) / prior_for(10 * PRIOR_REFERENCE);
        assert!((ratio - 10.0).abs() < 1e-9, "{ratio}");
    }
}

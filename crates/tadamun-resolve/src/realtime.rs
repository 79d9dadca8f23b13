//! The real-time duplicate check: one incoming record against candidates the registry
//! found (by its own search keys), each scored with the reasons a clerk can read.

use crate::{
    compare::{Field, NULL},
    em::Model,
    record::{Dataset, FieldProblem, InputRecord},
    score::{Band, Context, Scored, Thresholds, score_pair},
};

/// One candidate's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into the candidates given.
    pub index: usize,
    pub record_id: String,
    pub score: f64,
    pub band: Band,
    /// Plain-language reasons, English then Arabic.
    pub reason_en: String,
    pub reason_ar: String,
    /// The same reasons as stable codes (`given.agrees`, `context.siblings`), for a
    /// user interface to word in its own language.
    pub reasons: Vec<String>,
}

/// A stable code per field, for [`Candidate::reasons`].
fn field_code(f: Field) -> &'static str {
    match f {
        Field::Given => "given",
        Field::Father => "father",
        Field::Grandfather => "grandfather",
        Field::Family => "family",
        Field::Birth => "birth_date",
        Field::NationalId => "national_id",
        Field::Phone => "phone",
        Field::Sex => "sex",
        Field::Governorate => "governorate",
        Field::Household => "household",
    }
}

fn level_code(level: u8, top: u8) -> &'static str {
    match level {
        l if l == top => "agrees",
        0 => "differs",
        l if l + 1 == top => "nearly",
        _ => "similar",
    }
}

/// The reasons of a scored pair as codes: `field.level` for each compared field, then
/// `context.siblings` or `context.grandson`.
fn reason_codes(s: &Scored) -> Vec<String> {
    let mut out: Vec<String> = s
        .evidence
        .iter()
        .filter(|e| e.level != NULL)
        .map(|e| {
            let top = (e.field.levels() - 1) as u8;
            format!("{}.{}", field_code(e.field), level_code(e.level, top))
        })
        .collect();
    out.extend(s.context.iter().map(|c| {
        match c {
            Context::SameHouseholdDifferentName => "context.siblings",
            Context::NamedAfterGrandfather => "context.grandson",
        }
        .to_owned()
    }));
    out
}

fn level_words(level: u8, top: u8) -> (&'static str, &'static str) {
    match level {
        l if l == top => ("agrees", "متطابق"),
        0 => ("differs", "مختلف"),
        l if l + 1 == top => ("nearly agrees", "متقارب جداً"),
        _ => ("is similar", "متشابه"),
    }
}

fn explain(s: &Scored) -> (String, String) {
    let mut en = Vec::new();
    let mut ar = Vec::new();
    for e in &s.evidence {
        if e.level == NULL {
            continue;
        }
        let top = (e.field.levels() - 1) as u8;
        let (w_en, w_ar) = level_words(e.level, top);
        en.push(format!("{} {w_en}", e.field.name()));
        ar.push(format!("{}: {w_ar}", e.field.name_ar()));
    }
    for c in &s.context {
        let (c_en, c_ar) = match c {
            Context::SameHouseholdDifferentName => (
                "same household with a different given name (siblings or twins?)",
                "من نفس الأسرة باسم مختلف (إخوة أو توائم؟)",
            ),
            Context::NamedAfterGrandfather => (
                "a generation apart with the grandfather's name (grandson named after him?)",
                "فارق جيل مع تطابق اسم الجد (حفيد سمي باسم جده؟)",
            ),
        };
        en.push(c_en.to_owned());
        ar.push(c_ar.to_owned());
    }
    (en.join("; "), ar.join("، "))
}

/// The reasons for one scored pair of a batch run, for the registry's review queue:
/// English, Arabic, and the codes of [`Candidate::reasons`].
pub fn explain_pair(
    d: &Dataset,
    model: &Model,
    thresholds: &Thresholds,
    a: u32,
    b: u32,
) -> (String, String, Vec<String>) {
    let s = score_pair(d, model, thresholds, a, b, true, true);
    let (en, ar) = explain(&s);
    (en, ar, reason_codes(&s))
}

/// Scores `incoming` against each of `candidates`, best first.
pub fn check(
    incoming: &InputRecord,
    candidates: &[InputRecord],
    model: &Model,
    thresholds: &Thresholds,
) -> Result<Vec<Candidate>, (usize, FieldProblem)> {
    let mut all = Vec::with_capacity(candidates.len() + 1);
    all.push(incoming.clone());
    all.extend_from_slice(candidates);
    let d = Dataset::from_records(&all)?;
    let mut out: Vec<Candidate> = (1..all.len())
        .map(|i| {
            let s = score_pair(&d, model, thresholds, 0, i as u32, false, true);
            let (reason_en, reason_ar) = explain(&s);
            let reasons = reason_codes(&s);
            Candidate {
                index: i - 1,
                record_id: all[i].record_id.clone(),
                score: s.score,
                band: s.band,
                reason_en,
                reason_ar,
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, given: &str, father: &str, birth: &str, nid: &str) -> InputRecord {
        InputRecord {
            record_id: id.into(),
            given_name: given.into(),
            father_name: father.into(),
            grandfather_name: "سالم".into(),
            family_name: "الزعبي".into(),
            birth_date: birth.into(),
            national_id: nid.into(),
            sex: "M".into(),
            ..InputRecord::default()
        }
    }

    #[test]
    fn the_same_person_retyped_ranks_first_with_reasons_that_name_the_fields() {
        let incoming = rec("new", "أحمد", "محمد", "1990-03-12", "9901234567");
        let candidates = [
            rec("brother", "خالد", "محمد", "1992-07-01", "9921234567"),
            rec("same", "احمد", "محمد", "1990-12-03", "9901234567"),
        ];
        let out = check(
            &incoming,
            &candidates,
            &Model::default(),
            &Thresholds::default(),
        )
        .unwrap();
        assert_eq!(out[0].record_id, "same");
        assert_eq!(out[0].band, Band::Match);
        assert!(
            out[0].reason_en.contains("national ID agrees"),
            "{}",
            out[0].reason_en
        );
        assert!(
            out[0].reason_en.contains("birth date nearly agrees"),
            "{}",
            out[0].reason_en
        );
        assert!(out[0].reason_ar.contains("الرقم الوطني: متطابق"));
        assert!(out[0].reasons.contains(&"national_id.agrees".to_owned()));
        assert!(out[0].reasons.contains(&"birth_date.nearly".to_owned()));
        assert_ne!(out[1].band, Band::Match);
        assert!(out[1].reason_en.contains("given name differs"));
    }
}

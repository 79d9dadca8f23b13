//! The catalogue of proxy-means-test variables: each is a number computed from the
//! registry's data, with Arabic and English labels for explanations. A model may only
//! name variables from this list; that is checked when the model is loaded.

use tadamun_domain::{
    household::HouseholdDraft,
    person::{Education, Relationship, Sex, WorkStatus},
    socio::{DwellingType, IncomeSource, Tenure},
};
use time::Date;

/// (name, Arabic label, English label), in index order.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    ("members", "عدد أفراد الأسرة", "household size"),
    (
        "log_members",
        "لوغاريتم عدد الأفراد",
        "log of household size",
    ),
    (
        "children_0_14",
        "عدد الأطفال دون 15 سنة",
        "children under 15",
    ),
    ("elderly_65_plus", "عدد كبار السن (65+)", "members aged 65+"),
    ("dependency_ratio", "نسبة الإعالة", "dependency ratio"),
    (
        "disabled_members",
        "عدد الأفراد ذوي الإعاقة",
        "members with a disability",
    ),
    ("working_members", "عدد العاملين", "working members"),
    (
        "unemployed_members",
        "عدد المتعطلين عن العمل",
        "unemployed members",
    ),
    ("head_female", "رب الأسرة امرأة", "female head"),
    ("head_age", "عمر رب الأسرة", "age of the head"),
    (
        "head_no_education",
        "رب الأسرة دون تعليم مدرسي",
        "head without schooling",
    ),
    (
        "head_secondary_plus",
        "رب الأسرة أنهى الثانوية أو أعلى",
        "head completed secondary or more",
    ),
    (
        "head_university",
        "رب الأسرة جامعي",
        "head with a university degree",
    ),
    ("head_employed", "رب الأسرة يعمل", "head is working"),
    ("rooms_per_member", "عدد الغرف لكل فرد", "rooms per member"),
    (
        "dwelling_makeshift",
        "مسكن مؤقت (خيمة أو كرفان أو مشترك)",
        "makeshift dwelling (tent, caravan, shared)",
    ),
    ("owns_dwelling", "المسكن ملك", "owns the dwelling"),
    ("rents_dwelling", "المسكن مستأجر", "rents the dwelling"),
    ("car", "تملك سيارة", "owns a car"),
    ("fridge", "تملك ثلاجة", "owns a fridge"),
    ("washing_machine", "تملك غسالة", "owns a washing machine"),
    ("air_conditioner", "تملك مكيفاً", "owns an air conditioner"),
    ("computer", "تملك حاسوباً", "owns a computer"),
    ("internet", "لديها إنترنت", "has internet"),
    (
        "log_income_per_member",
        "لوغاريتم الدخل الشهري للفرد",
        "log of monthly income per member",
    ),
    (
        "income_from_assistance",
        "مصدر الدخل الرئيسي المعونة",
        "main income from assistance",
    ),
    (
        "income_from_wages",
        "مصدر الدخل الرئيسي الأجور",
        "main income from wages",
    ),
    (
        "income_from_pension",
        "مصدر الدخل الرئيسي التقاعد",
        "main income from a pension",
    ),
    (
        "income_from_remittances",
        "مصدر الدخل الرئيسي التحويلات",
        "main income from remittances",
    ),
    ("refugee_camp", "تقيم في مخيم", "lives in a refugee camp"),
];

pub const COUNT: usize = 30;
const _: () = assert!(VARIABLES.len() == COUNT);

pub fn index(name: &str) -> Option<usize> {
    VARIABLES.iter().position(|(n, _, _)| *n == name)
}

/// Every variable of one household; a set bit in `missing` means the data it needs
/// was not recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    pub values: [f64; COUNT],
    pub missing: u64,
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// Computes every variable on `as_of`; `minor_per_major` turns incomes into major units.
pub fn features(h: &HouseholdDraft, as_of: Date, minor_per_major: f64) -> Features {
    let mut v = [0.0; COUNT];
    let mut missing = 0u64;
    // Variables are set in catalogue order, so the position is a counter.
    let mut next = 0;
    let mut set = |name: &str, value: Option<f64>| {
        debug_assert_eq!(VARIABLES[next].0, name);
        match value {
            Some(x) => v[next] = x,
            None => missing |= 1 << next,
        }
        next += 1;
    };
    let size = h.members.len().max(1) as f64;
    let (mut children, mut elderly, mut disabled, mut working, mut unemployed) = (0, 0, 0, 0, 0);
    for m in &h.members {
        let age = m.birth_date.age_on(as_of);
        children += i32::from(age < 15);
        elderly += i32::from(age >= 65);
        disabled += i32::from(m.disability.has_disability());
        working += i32::from(matches!(
            m.work_status,
            Some(WorkStatus::Employed | WorkStatus::SelfEmployed)
        ));
        unemployed += i32::from(m.work_status == Some(WorkStatus::Unemployed));
    }
    let working_age = (size as i32 - children - elderly).max(1) as f64;
    set("members", Some(size));
    set("log_members", Some(size.ln()));
    set("children_0_14", Some(children as f64));
    set("elderly_65_plus", Some(elderly as f64));
    set(
        "dependency_ratio",
        Some((children + elderly) as f64 / working_age),
    );
    set("disabled_members", Some(disabled as f64));
    set("working_members", Some(working as f64));
    set("unemployed_members", Some(unemployed as f64));
    let head = h
        .members
        .iter()
        .find(|m| m.relationship == Relationship::Head)
        .unwrap_or(&h.members[0]);
    set("head_female", Some(flag(head.sex == Sex::Female)));
    set("head_age", Some(head.birth_date.age_on(as_of) as f64));
    let edu = head.education;
    set(
        "head_no_education",
        edu.map(|e| flag(matches!(e, Education::None | Education::Literate))),
    );
    set(
        "head_secondary_plus",
        edu.map(|e| {
            flag(matches!(
                e,
                Education::Secondary | Education::Diploma | Education::University
            ))
        }),
    );
    set(
        "head_university",
        edu.map(|e| flag(e == Education::University)),
    );
    set(
        "head_employed",
        head.work_status
            .map(|w| flag(matches!(w, WorkStatus::Employed | WorkStatus::SelfEmployed))),
    );
    let s = &h.socio;
    set("rooms_per_member", s.rooms.map(|r| r as f64 / size));
    set(
        "dwelling_makeshift",
        s.dwelling_type.map(|d| {
            flag(matches!(
                d,
                DwellingType::Tent | DwellingType::Caravan | DwellingType::Shared
            ))
        }),
    );
    set("owns_dwelling", s.tenure.map(|t| flag(t == Tenure::Owned)));
    set(
        "rents_dwelling",
        s.tenure.map(|t| flag(t == Tenure::Rented)),
    );
    let a = s.assets;
    set("car", Some(flag(a.car)));
    set("fridge", Some(flag(a.fridge)));
    set("washing_machine", Some(flag(a.washing_machine)));
    set("air_conditioner", Some(flag(a.air_conditioner)));
    set("computer", Some(flag(a.computer)));
    set("internet", Some(flag(a.internet)));
    set(
        "log_income_per_member",
        s.monthly_income
            .map(|m| (1.0 + m.0.max(0) as f64 / minor_per_major / size).ln()),
    );
    let src = s.main_income_source;
    set(
        "income_from_assistance",
        src.map(|x| flag(x == IncomeSource::Assistance)),
    );
    set(
        "income_from_wages",
        src.map(|x| flag(x == IncomeSource::Wages)),
    );
    set(
        "income_from_pension",
        src.map(|x| flag(x == IncomeSource::Pension)),
    );
    set(
        "income_from_remittances",
        src.map(|x| flag(x == IncomeSource::Remittances)),
    );
    set(
        "refugee_camp",
        Some(flag(
            h.extra
                .get("refugee_camp")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        )),
    );
    Features { values: v, missing }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variable_has_a_unique_name_and_both_labels() {
        for (i, (name, ar, en)) in VARIABLES.iter().enumerate() {
            assert_eq!(index(name), Some(i));
            assert!(!ar.is_empty() && !en.is_empty());
        }
        assert_eq!(index("rooms_per_persn"), None);
    }
}

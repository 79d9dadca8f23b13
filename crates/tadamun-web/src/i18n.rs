//! Translation: every string the UI shows comes from the fluent files under
//! `locales/`, including enum labels, field names and error codes. Arabic is the
//! default; dates use the Levantine month names; digits follow the user's choice.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{
    LanguageIdentifier, Loader, fluent_bundle::FluentValue, langid, static_loader,
};
use tadamun_domain::{
    FieldError,
    user::{DigitStyle, Locale},
};
use time::{Date, OffsetDateTime};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ar",
    };
}

static ARABIC: LanguageIdentifier = langid!("ar");
static ENGLISH: LanguageIdentifier = langid!("en");

/// A translator for one request: the language and how to write digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub locale: Locale,
    pub digits: DigitStyle,
}

impl Default for Tr {
    fn default() -> Self {
        Self {
            locale: Locale::Arabic,
            digits: DigitStyle::Western,
        }
    }
}

impl Tr {
    pub fn new(locale: Locale, digits: DigitStyle) -> Self {
        Self { locale, digits }
    }

    fn langid(&self) -> &'static LanguageIdentifier {
        match self.locale {
            Locale::Arabic => &ARABIC,
            Locale::English => &ENGLISH,
        }
    }

    pub fn is_arabic(&self) -> bool {
        self.locale == Locale::Arabic
    }

    /// The `lang` attribute.
    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }

    /// The `dir` attribute.
    pub fn dir(&self) -> &'static str {
        if self.locale.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The message for `key`; the key itself when it is missing (a tidy test checks
    /// that both locales define the same keys).
    pub fn t(&self, key: &str) -> String {
        self.try_t(key).unwrap_or_else(|| key.to_owned())
    }

    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.langid(), key)
    }

    /// A message with named arguments. Numbers should go through [`Tr::count`].
    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(self.langid(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A plural message: `$count` selects the Arabic plural form, `$shown` is the
    /// number written in the user's digits.
    pub fn count(&self, key: &str, n: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Borrowed("count"), FluentValue::from(n));
        map.insert(Cow::Borrowed("shown"), FluentValue::from(self.num(n)));
        LOCALES
            .try_lookup_with_args(self.langid(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Writes the digits of `s` in the user's style.
    pub fn digits(&self, s: &str) -> String {
        match self.digits {
            DigitStyle::Western => s.to_owned(),
            DigitStyle::ArabicIndic => s
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => char::from_u32('٠' as u32 + d).unwrap_or(c),
                    _ => c,
                })
                .collect(),
        }
    }

    pub fn num(&self, n: i64) -> String {
        self.digits(&n.to_string())
    }

    /// A Gregorian date with the month named: "15 كانون الثاني 2024" / "15 January 2024".
    pub fn date(&self, d: Date) -> String {
        let month = self.t(&format!("month-{}", d.month() as u8));
        self.digits(&format!("{} {month} {}", d.day(), d.year()))
    }

    /// A date and a 24-hour time, in UTC.
    pub fn datetime(&self, t: OffsetDateTime) -> String {
        let t = t.to_offset(time::UtcOffset::UTC);
        format!(
            "{} {}",
            self.date(t.date()),
            self.digits(&format!("{:02}:{:02}", t.hour(), t.minute()))
        )
    }

    /// The label of an enumeration value, e.g. `relationship-son`.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        self.try_t(&format!("{prefix}-{}", value.replace('_', "-")))
            .unwrap_or_else(|| value.to_owned())
    }

    /// An error code as a sentence in the UI language; the English message when the
    /// code has no translation yet.
    pub fn error_code(&self, code: &str, english: &str) -> String {
        self.try_t(&format!("err-{code}"))
            .unwrap_or_else(|| english.to_owned())
    }

    pub fn field_error(&self, e: &FieldError) -> String {
        self.error_code(e.code, &e.message)
    }

    /// The label of a household or person field, e.g. `field-birth_date`.
    pub fn field_label(&self, field: &str) -> String {
        self.try_t(&format!("field-{field}"))
            .unwrap_or_else(|| field.to_owned())
    }

    /// Picks the Arabic or English of a name the country pack gives in both.
    pub fn pick<'a>(&self, arabic: &'a str, english: &'a str) -> &'a str {
        if self.is_arabic() { arabic } else { english }
    }
}

/// Every message id a locale defines, for the tidy test that keeps ar and en aligned.
pub fn message_ids(locale: Locale) -> Vec<String> {
    let files: &[&str] = match locale {
        Locale::Arabic => &[
            include_str!("../locales/ar/main.ftl"),
            include_str!("../locales/ar/grievances.ftl"),
            include_str!("../locales/ar/payments.ftl"),
            include_str!("../locales/ar/simulator.ftl"),
            include_str!("../locales/ar/partners.ftl"),
            include_str!("../locales/ar/transparency.ftl"),
            include_str!("../locales/ar/planning_indicators.ftl"),
            include_str!("../locales/ar/planning.ftl"),
            include_str!("../locales/ar/training.ftl"),
            include_str!("../locales/ar/annual_plan.ftl"),
        ],
        Locale::English => &[
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/grievances.ftl"),
            include_str!("../locales/en/payments.ftl"),
            include_str!("../locales/en/simulator.ftl"),
            include_str!("../locales/en/partners.ftl"),
            include_str!("../locales/en/transparency.ftl"),
            include_str!("../locales/en/planning_indicators.ftl"),
            include_str!("../locales/en/planning.ftl"),
            include_str!("../locales/en/training.ftl"),
            include_str!("../locales/en/annual_plan.ftl"),
        ],
    };
    files
        .iter()
        .flat_map(|text| text.lines())
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn both_locales_define_the_same_messages() {
        let mut ar = message_ids(Locale::Arabic);
        let mut en = message_ids(Locale::English);
        ar.sort();
        en.sort();
        let only_ar: Vec<_> = ar.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !ar.contains(k)).collect();
        assert!(
            only_ar.is_empty() && only_en.is_empty(),
            "only in ar: {only_ar:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn every_domain_error_code_is_translated() {
        let codes = [
            "date-in-future",
            "date-too-old",
            "deceased",
            "digits-only",
            "duplicate-document",
            "head-cannot-leave",
            "head-not-leaving",
            "invalid-amount",
            "invalid-check-digit",
            "invalid-date",
            "invalid-document-number",
            "invalid-governorate",
            "invalid-id",
            "invalid-national-id",
            "invalid-number",
            "invalid-phone",
            "invalid-username",
            "letters-only",
            "no-members",
            "nobody-left",
            "not-a-birth",
            "not-a-member",
            "one-head",
            "too-long",
            "unknown-choice",
            "unknown-country",
            "unknown-district",
            "unknown-document-type",
            "unknown-field",
            "unknown-governorate",
            "required",
        ];
        let tr = Tr::default();
        for code in codes {
            assert!(
                tr.try_t(&format!("err-{code}")).is_some(),
                "err-{code} is missing"
            );
        }
    }

    #[test]
    fn arabic_dates_use_levantine_months_and_chosen_digits() {
        let tr = Tr::default();
        assert_eq!(tr.date(date!(2024 - 01 - 15)), "15 كانون الثاني 2024");
        let indic = Tr::new(Locale::Arabic, DigitStyle::ArabicIndic);
        assert_eq!(indic.date(date!(2024 - 01 - 15)), "١٥ كانون الثاني ٢٠٢٤");
        let en = Tr::new(Locale::English, DigitStyle::Western);
        assert_eq!(en.date(date!(2024 - 01 - 15)), "15 January 2024");
    }

    #[test]
    fn arabic_plurals_have_their_own_forms() {
        let tr = Tr::default();
        assert!(tr.count("households-count", 2).contains("أسرتان"));
        assert!(tr.count("households-count", 5).contains("أسر"));
    }
}

//! Household forms: drawing a `RawHousehold` as inputs, reading it back from a
//! urlencoded body, and putting each domain field error next to its input. Empty
//! member rows are dropped, so errors are mapped back from member index to form row.

use tadamun_domain::{
    FieldError, FieldErrors,
    country_pack::{CountryPack, FieldKind},
    household::{Household, RawHousehold, RawPerson},
    money::Currency,
    person::{
        Difficulty, Education, MaritalStatus, Relationship, Sex, WashingtonGroup, WorkStatus,
    },
    socio::{Assets, DwellingType, IncomeSource, Tenure},
};

use crate::{i18n::Tr, views::FormField};

/// The member fields, in form order.
const PERSON_FIELDS: [&str; 20] = [
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "latin_name",
    "sex",
    "birth_date",
    "birth_date_approx",
    "relationship",
    "marital_status",
    "education",
    "work_status",
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_cognition",
    "wg_self_care",
    "wg_communication",
    "id_type",
    "id_number",
];

fn person_field<'a>(p: &'a mut RawPerson, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "given_name" => &mut p.given_name,
        "father_name" => &mut p.father_name,
        "grandfather_name" => &mut p.grandfather_name,
        "family_name" => &mut p.family_name,
        "latin_name" => &mut p.latin_name,
        "sex" => &mut p.sex,
        "birth_date" => &mut p.birth_date,
        "birth_date_approx" => &mut p.birth_date_approx,
        "relationship" => &mut p.relationship,
        "marital_status" => &mut p.marital_status,
        "education" => &mut p.education,
        "work_status" => &mut p.work_status,
        "wg_seeing" => &mut p.wg_seeing,
        "wg_hearing" => &mut p.wg_hearing,
        "wg_walking" => &mut p.wg_walking,
        "wg_cognition" => &mut p.wg_cognition,
        "wg_self_care" => &mut p.wg_self_care,
        "wg_communication" => &mut p.wg_communication,
        "id_type" => &mut p.id_type,
        "id_number" => &mut p.id_number,
        _ => return None,
    })
}

/// One row of the members table as typed, with the stored id it edits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MemberRow {
    pub id: String,
    pub person: RawPerson,
}

impl MemberRow {
    fn is_blank(&self) -> bool {
        self.id.trim().is_empty()
            && PERSON_FIELDS.iter().all(|f| {
                person_field(&mut self.person.clone(), f).is_none_or(|v| v.trim().is_empty())
            })
    }
}

/// The whole form as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct HouseholdForm {
    pub household: RawHousehold,
    pub rows: Vec<MemberRow>,
}

/// Splits `members[3].given_name` into `(3, "given_name")`.
fn member_name(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("members[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok().filter(|i| *i < 200)?, field))
}

impl HouseholdForm {
    /// Reads the form from its pairs; unknown names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        let h = &mut form.household;
        for (name, value) in pairs {
            if let Some((i, field)) = member_name(name) {
                if form.rows.len() <= i {
                    form.rows.resize(i + 1, MemberRow::default());
                }
                if field == "id" {
                    form.rows[i].id = value.clone();
                } else if let Some(slot) = person_field(&mut form.rows[i].person, field) {
                    *slot = value.clone();
                }
                continue;
            }
            if let Some(key) = name.strip_prefix("extra.") {
                if !value.trim().is_empty() {
                    h.extra.insert(key.to_owned(), value.clone());
                }
                continue;
            }
            let slot = match name.as_str() {
                "governorate" => &mut h.governorate,
                "district" => &mut h.district,
                "address" => &mut h.address,
                "phone" => &mut h.phone,
                "alt_phone" => &mut h.alt_phone,
                "dwelling_type" => &mut h.dwelling_type,
                "tenure" => &mut h.tenure,
                "rooms" => &mut h.rooms,
                "monthly_income" => &mut h.monthly_income,
                "main_income_source" => &mut h.main_income_source,
                "assets" => {
                    h.assets.push(value.clone());
                    continue;
                }
                _ => continue,
            };
            *slot = value.clone();
        }
        form
    }

    /// The household to parse (blank rows dropped) and, for each member, its form row.
    pub fn to_raw(&self) -> (RawHousehold, Vec<usize>, Vec<String>) {
        let mut raw = self.household.clone();
        let kept: Vec<(usize, &MemberRow)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
            .collect();
        raw.members = kept.iter().map(|(_, r)| r.person.clone()).collect();
        (
            raw,
            kept.iter().map(|(i, _)| *i).collect(),
            kept.iter().map(|(_, r)| r.id.clone()).collect(),
        )
    }

    /// The form for a stored household's living members.
    pub fn from_household(h: &Household, pack: &CountryPack) -> Self {
        let currency = Currency::of(pack.country);
        let household = RawHousehold {
            governorate: h.governorate.as_str().to_owned(),
            district: h.district.clone().unwrap_or_default(),
            address: h.address.clone(),
            phone: h
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            alt_phone: h
                .alt_phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            dwelling_type: h
                .socio
                .dwelling_type
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            tenure: h
                .socio
                .tenure
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            rooms: h.socio.rooms.map(|r| r.to_string()).unwrap_or_default(),
            monthly_income: h
                .socio
                .monthly_income
                .map(|m| m.format(currency))
                .unwrap_or_default(),
            main_income_source: h
                .socio
                .main_income_source
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            assets: Assets::NAMES
                .iter()
                .zip(h.socio.assets.flags())
                .filter(|(_, has)| *has)
                .map(|(n, _)| (*n).to_owned())
                .collect(),
            extra: h
                .extra
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Bool(b) => {
                            if *b {
                                "1".into()
                            } else {
                                String::new()
                            }
                        }
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect(),
            members: Vec::new(),
        };
        let rows = h
            .living_members()
            .map(|m| {
                let d = &m.draft;
                let wg = d
                    .disability
                    .answers()
                    .map(|a| a.map(|a| a.as_str().to_owned()).unwrap_or_default());
                let doc = d.documents.first();
                MemberRow {
                    id: m.id.to_string(),
                    person: RawPerson {
                        given_name: d.name.given.as_str().to_owned(),
                        father_name: d.name.father.as_str().to_owned(),
                        grandfather_name: d
                            .name
                            .grandfather
                            .as_ref()
                            .map(|g| g.as_str().to_owned())
                            .unwrap_or_default(),
                        family_name: d.name.family.as_str().to_owned(),
                        latin_name: d.latin_name.clone().unwrap_or_default(),
                        sex: d.sex.as_str().to_owned(),
                        birth_date: if d.birth_date.approximate {
                            d.birth_date.date.year().to_string()
                        } else {
                            d.birth_date.date.to_string()
                        },
                        birth_date_approx: if d.birth_date.approximate {
                            "1".into()
                        } else {
                            String::new()
                        },
                        relationship: d.relationship.as_str().to_owned(),
                        marital_status: d
                            .marital_status
                            .map(|x| x.as_str().to_owned())
                            .unwrap_or_default(),
                        education: d
                            .education
                            .map(|x| x.as_str().to_owned())
                            .unwrap_or_default(),
                        work_status: d
                            .work_status
                            .map(|x| x.as_str().to_owned())
                            .unwrap_or_default(),
                        wg_seeing: wg[0].clone(),
                        wg_hearing: wg[1].clone(),
                        wg_walking: wg[2].clone(),
                        wg_cognition: wg[3].clone(),
                        wg_self_care: wg[4].clone(),
                        wg_communication: wg[5].clone(),
                        id_type: doc
                            .map(|d| d.doc_type.as_str().to_owned())
                            .unwrap_or_default(),
                        id_number: doc.map(|d| d.number.clone()).unwrap_or_default(),
                    },
                }
            })
            .collect();
        Self { household, rows }
    }

    /// Pads the member rows up to `n` with empty ones.
    pub fn with_rows(mut self, n: usize) -> Self {
        if self.rows.len() < n {
            self.rows.resize(n, MemberRow::default());
        }
        self
    }
}

/// Field errors keyed by input name, with member indexes mapped to form rows.
pub(crate) fn errors_by_input(
    errors: &FieldErrors,
    rows: &[usize],
    pack: &CountryPack,
) -> Vec<(String, FieldError)> {
    errors
        .0
        .iter()
        .map(|e| {
            let name = if let Some((i, field)) = member_name(&e.field) {
                format!("members[{}].{field}", rows.get(i).copied().unwrap_or(i))
            } else if pack.fields.iter().any(|f| f.key == e.field) {
                format!("extra.{}", e.field)
            } else {
                e.field.clone()
            };
            (name, e.clone())
        })
        .collect()
}

/// A fieldset of the form.
pub(crate) struct Fieldset {
    pub legend: String,
    pub fields: Vec<FormField>,
}

fn options<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    tr: &Tr,
    prefix: &str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (as_str(*v).to_owned(), tr.label(prefix, as_str(*v))))
        .collect()
}

/// Draws the form: one fieldset for the household, one per member row.
pub(crate) fn fieldsets(
    form: &HouseholdForm,
    pack: &CountryPack,
    tr: &Tr,
    errors: &[(String, FieldError)],
) -> Vec<Fieldset> {
    let h = &form.household;
    let governorates = pack
        .governorates
        .iter()
        .map(|g| (g.code.clone(), tr.pick(&g.name_ar, &g.name_en).to_owned()))
        .collect();
    let mut household = vec![
        FormField::select(
            "governorate",
            tr.field_label("governorate"),
            &h.governorate,
            governorates,
            tr,
        )
        .required(),
        FormField::new("district", tr.field_label("district"), "text", &h.district).ltr(),
        FormField::new("address", tr.field_label("address"), "text", &h.address).required(),
        FormField::new("phone", tr.field_label("phone"), "tel", &h.phone).ltr(),
        FormField::new(
            "alt_phone",
            tr.field_label("alt_phone"),
            "tel",
            &h.alt_phone,
        )
        .ltr(),
        FormField::select(
            "dwelling_type",
            tr.field_label("dwelling_type"),
            &h.dwelling_type,
            options(DwellingType::ALL, DwellingType::as_str, tr, "dwelling"),
            tr,
        ),
        FormField::select(
            "tenure",
            tr.field_label("tenure"),
            &h.tenure,
            options(Tenure::ALL, Tenure::as_str, tr, "tenure"),
            tr,
        ),
        FormField::new("rooms", tr.field_label("rooms"), "number", &h.rooms).ltr(),
        FormField::new(
            "monthly_income",
            tr.field_label("monthly_income"),
            "text",
            &h.monthly_income,
        )
        .ltr(),
        FormField::select(
            "main_income_source",
            tr.field_label("main_income_source"),
            &h.main_income_source,
            options(IncomeSource::ALL, IncomeSource::as_str, tr, "income"),
            tr,
        ),
    ];
    for asset in Assets::NAMES {
        let mut f = FormField::checkbox(
            "assets",
            tr.label("asset", asset),
            h.assets.iter().any(|a| a == asset),
        );
        f.value = asset.to_owned();
        f.id = format!("f-assets-{asset}");
        household.push(f);
    }
    for def in &pack.fields {
        let name = format!("extra.{}", def.key);
        let value = h.extra.get(&def.key).cloned().unwrap_or_default();
        let label = tr.pick(&def.label_ar, &def.label_en).to_owned();
        household.push(match &def.kind {
            FieldKind::Text { .. } => FormField::new(name, label, "text", value),
            FieldKind::Integer { .. } => FormField::new(name, label, "number", value).ltr(),
            FieldKind::Boolean => {
                FormField::checkbox(name, label, tadamun_domain::household::parse_flag(&value))
            }
            FieldKind::Choice { options } => FormField::select(
                name,
                label,
                &value,
                options
                    .iter()
                    .map(|o| (o.clone(), tr.label("choice", o)))
                    .collect(),
                tr,
            ),
        });
    }
    let mut sets = vec![Fieldset {
        legend: tr.t("form-household-section"),
        fields: household,
    }];
    let wg = options(Difficulty::ALL, Difficulty::as_str, tr, "wg");
    let documents: Vec<(String, String)> = pack
        .document_types
        .iter()
        .map(|d| (d.as_str().to_owned(), tr.label("doc", d.as_str())))
        .collect();
    for (i, row) in form.rows.iter().enumerate() {
        let p = &row.person;
        let n = |f: &str| format!("members[{i}].{f}");
        let text = |f: &str, v: &str| FormField::new(n(f), tr.field_label(f), "text", v);
        let sel = |f: &str, v: &str, o: Vec<(String, String)>| {
            FormField::select(n(f), tr.field_label(f), v, o, tr)
        };
        let mut fields = vec![
            FormField::new(n("id"), String::new(), "hidden", &row.id),
            text("given_name", &p.given_name),
            text("father_name", &p.father_name),
            text("grandfather_name", &p.grandfather_name),
            text("family_name", &p.family_name),
            text("latin_name", &p.latin_name).ltr(),
            sel("sex", &p.sex, options(Sex::ALL, Sex::as_str, tr, "sex")),
            text("birth_date", &p.birth_date).ltr(),
            FormField::checkbox(
                n("birth_date_approx"),
                tr.field_label("birth_date_approx"),
                tadamun_domain::household::parse_flag(&p.birth_date_approx),
            ),
            sel(
                "relationship",
                &p.relationship,
                options(Relationship::ALL, Relationship::as_str, tr, "relationship"),
            ),
            sel(
                "marital_status",
                &p.marital_status,
                options(MaritalStatus::ALL, MaritalStatus::as_str, tr, "marital"),
            ),
            sel(
                "education",
                &p.education,
                options(Education::ALL, Education::as_str, tr, "education"),
            ),
            sel(
                "work_status",
                &p.work_status,
                options(WorkStatus::ALL, WorkStatus::as_str, tr, "work"),
            ),
        ];
        let answers = [
            &p.wg_seeing,
            &p.wg_hearing,
            &p.wg_walking,
            &p.wg_cognition,
            &p.wg_self_care,
            &p.wg_communication,
        ];
        for (domain, answer) in WashingtonGroup::DOMAINS.iter().zip(answers) {
            fields.push(sel(&format!("wg_{domain}"), answer, wg.clone()));
        }
        fields.push(sel("id_type", &p.id_type, documents.clone()));
        fields.push(text("id_number", &p.id_number).ltr());
        sets.push(Fieldset {
            legend: tr.t_args("form-member-n", &[("n", tr.num(i as i64 + 1))]),
            fields,
        });
    }
    for set in &mut sets {
        for f in &mut set.fields {
            if let Some((_, e)) = errors
                .iter()
                .find(|(name, _)| *name == f.name && f.kind != "checkbox")
            {
                f.error = Some(tr.field_error(e));
            }
        }
    }
    sets
}

/// The summary above the form: every error, labelled, linking to its input.
pub(crate) fn summary(tr: &Tr, errors: &[(String, FieldError)]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|(name, e)| {
            let field = name.rsplit('.').next().unwrap_or(name);
            let label = match member_name(name) {
                Some((i, f)) => format!(
                    "{} · {}",
                    tr.t_args("form-member-n", &[("n", tr.num(i as i64 + 1))]),
                    tr.field_label(f)
                ),
                None => tr.field_label(field),
            };
            let anchor = format!(
                "#f-{}",
                name.replace(['[', ']', '.'], "-").replace("--", "-")
            );
            (anchor, format!("{label}: {}", tr.field_error(e)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn blank_rows_are_dropped_and_errors_find_their_row() {
        let form = HouseholdForm::from_pairs(&pairs(&[
            ("governorate", "JO-IR"),
            ("members[0].given_name", ""),
            ("members[1].given_name", "أحمد"),
            ("members[1].birth_date", "bad"),
            ("assets", "car"),
            ("extra.orphans_in_care", "x"),
        ]));
        let (raw, rows, _) = form.to_raw();
        assert_eq!(raw.members.len(), 1);
        assert_eq!(rows, [1]);
        assert_eq!(raw.assets, ["car"]);
        let pack = CountryPack::builtin(tadamun_domain::country::Country::Jordan);
        let errors = FieldErrors(vec![
            FieldError::new("members[0].birth_date", "invalid-date", "x"),
            FieldError::new("orphans_in_care", "invalid-number", "x"),
        ]);
        let names: Vec<String> = errors_by_input(&errors, &rows, &pack)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["members[1].birth_date", "extra.orphans_in_care"]);
    }
}

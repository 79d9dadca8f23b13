//! Turns a household into the CEL value a rule sees. Only the fields some rule reads
//! are built ([`Needs`]), because building maps is most of the cost of evaluating a
//! rule over a million households.

use std::{collections::HashMap, sync::Arc};

use cel::{Value, objects::Key, objects::Map};
use tadamun_domain::{
    household::HouseholdDraft,
    person::{PersonDraft, Relationship},
};
use time::Date;

use super::schema::{ASSET_FIELDS, HOUSEHOLD_FIELDS, MEMBER_FIELDS, WG_FIELDS};

/// Which household and member fields (bits in schema order) the rules read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub household: u32,
    pub member: u32,
}

impl Needs {
    pub fn union(self, other: Needs) -> Needs {
        Needs {
            household: self.household | other.household,
            member: self.member | other.member,
        }
    }

    fn household_has(&self, name: &str) -> bool {
        bit(HOUSEHOLD_FIELDS.iter().map(|(n, _)| *n), name).is_some_and(|b| self.household & b != 0)
    }

    fn member_has(&self, name: &str) -> bool {
        bit(MEMBER_FIELDS.iter().map(|(n, _)| *n), name).is_some_and(|b| self.member & b != 0)
    }
}

fn bit<'a>(mut names: impl Iterator<Item = &'a str>, name: &str) -> Option<u32> {
    names.position(|n| n == name).map(|i| 1 << i)
}

/// Field names as shared strings, made once per thread and cloned per household.
#[derive(Debug)]
pub struct Keys {
    household: Vec<Arc<String>>,
    member: Vec<Arc<String>>,
    assets: Vec<Arc<String>>,
    wg: Vec<Arc<String>>,
    needs: Needs,
    /// Flags of `needs`, resolved once: (household field index) -> wanted.
    want_h: Vec<bool>,
    want_m: Vec<bool>,
}

fn arcs<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Arc<String>> {
    names.map(|n| Arc::new(n.to_owned())).collect()
}

impl Keys {
    pub fn new(needs: Needs) -> Self {
        Self {
            household: arcs(HOUSEHOLD_FIELDS.iter().map(|(n, _)| *n)),
            member: arcs(MEMBER_FIELDS.iter().map(|(n, _)| *n)),
            assets: arcs(ASSET_FIELDS.iter().copied()),
            wg: arcs(WG_FIELDS.iter().copied()),
            want_h: HOUSEHOLD_FIELDS
                .iter()
                .map(|(n, _)| needs.household_has(n))
                .collect(),
            want_m: MEMBER_FIELDS
                .iter()
                .map(|(n, _)| needs.member_has(n))
                .collect(),
            needs,
        }
    }

    pub fn needs(&self) -> Needs {
        self.needs
    }
}

fn map(entries: HashMap<Key, Value>) -> Value {
    Value::Map(Map {
        map: Arc::new(entries),
    })
}

fn text(s: &str) -> Value {
    Value::String(Arc::new(s.to_owned()))
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map(f).unwrap_or(Value::Null)
}

/// The number of orphans the household cares for, from the catalogue field
/// `orphans_in_care` when the country has it.
pub fn orphans(h: &HouseholdDraft) -> i64 {
    h.extra
        .get("orphans_in_care")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0)
}

/// The `household` value of a rule, with ages reckoned on `as_of`.
pub fn household_value(keys: &Keys, h: &HouseholdDraft, as_of: Date) -> Value {
    let mut out = HashMap::with_capacity(8);
    let head = h.head();
    for (i, (name, _)) in HOUSEHOLD_FIELDS.iter().enumerate() {
        if !keys.want_h[i] {
            continue;
        }
        let s = &h.socio;
        let v = match *name {
            "size" => Value::Int(h.members.len() as i64),
            "governorate" => text(h.governorate.as_str()),
            "head_sex" => text(head.sex.as_str()),
            "head_age" => Value::Int(head.birth_date.age_on(as_of) as i64),
            "members" => Value::List(Arc::new(
                h.members
                    .iter()
                    .map(|m| member_value(keys, m, as_of))
                    .collect(),
            )),
            "dwelling" => opt(s.dwelling_type, |d| text(d.as_str())),
            "tenure" => opt(s.tenure, |t| text(t.as_str())),
            "rooms" => opt(s.rooms, |r| Value::Int(r as i64)),
            "income" => opt(s.monthly_income, |m| Value::Int(m.0)),
            "income_source" => opt(s.main_income_source, |x| text(x.as_str())),
            "assets" => map(keys
                .assets
                .iter()
                .zip(s.assets.flags())
                .map(|(k, f)| (Key::String(k.clone()), Value::Bool(f)))
                .collect()),
            "orphans" => Value::Int(orphans(h)),
            "extra" => map(h
                .extra
                .iter()
                .map(|(k, v)| (Key::String(Arc::new(k.clone())), json(v)))
                .collect()),
            _ => Value::Null,
        };
        out.insert(Key::String(keys.household[i].clone()), v);
    }
    map(out)
}

fn json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .or_else(|| n.as_f64().map(Value::Float))
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => text(s),
        _ => Value::Null,
    }
}

/// One member (or the `person` of an individual programme).
pub fn member_value(keys: &Keys, m: &PersonDraft, as_of: Date) -> Value {
    let mut out = HashMap::with_capacity(4);
    for (i, (name, _)) in MEMBER_FIELDS.iter().enumerate() {
        if !keys.want_m[i] {
            continue;
        }
        let v = match *name {
            "age" => Value::Int(m.birth_date.age_on(as_of) as i64),
            "birth_date" => text(&m.birth_date.date.to_string()),
            "sex" => text(m.sex.as_str()),
            "relationship" => text(m.relationship.as_str()),
            "marital_status" => opt(m.marital_status, |x| text(x.as_str())),
            "education" => opt(m.education, |x| text(x.as_str())),
            "work" => opt(m.work_status, |x| text(x.as_str())),
            "disability" => Value::Bool(m.disability.has_disability()),
            "wg" => map(keys
                .wg
                .iter()
                .zip(m.disability.answers())
                .map(|(k, a)| {
                    // 0 = not asked; 1..4 the WG answer scale.
                    let n = a.map_or(0, |d| d.as_str().parse::<i64>().unwrap_or(0));
                    (Key::String(k.clone()), Value::Int(n))
                })
                .collect()),
            "is_head" => Value::Bool(m.relationship == Relationship::Head),
            _ => Value::Null,
        };
        out.insert(Key::String(keys.member[i].clone()), v);
    }
    map(out)
}

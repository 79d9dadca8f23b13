//! Turns a household into the CEL value a rule sees. Only the fields some rule reads
//! are built ([`Needs`]), because building maps is most of the cost of evaluating a
//! rule over a million households.

use std::{collections::HashMap, sync::Arc};

use cel::common::{
    traits::{Container, Indexer, Sizer},
    types::{
        CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, MAP_TYPE, Type,
    },
    value::{CowVal, StaticVal, Val},
};
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

/// Which fields to build, resolved once per thread from the rules' [`Needs`].
#[derive(Debug)]
pub struct Keys {
    want_h: Vec<bool>,
    want_m: Vec<bool>,
    needs: Needs,
}

impl Keys {
    pub fn new(needs: Needs) -> Self {
        Self {
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

type Boxed = Box<dyn Val>;

// Values are built directly as the interpreter's own `Val`s, field names and enum
// texts borrowed from statics: going through `cel::Value` would copy every map twice.
fn key(name: &'static str) -> CelMapKey<'static> {
    CelMapKey::String(CelString::from(name))
}

fn text(s: &'static str) -> Boxed {
    Box::new(CelString::from(s))
}

fn owned(s: String) -> Boxed {
    Box::new(CelString::from(s))
}

fn int(i: i64) -> Boxed {
    Box::new(CelInt::from(i))
}

fn boolean(b: bool) -> Boxed {
    Box::new(CelBool::from(b))
}

fn null() -> Boxed {
    Box::new(CelNull)
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Boxed) -> Boxed {
    v.map(f).unwrap_or_else(null)
}

fn map(entries: HashMap<CelMapKey<'static>, Boxed>) -> Boxed {
    Box::new(CelMap::from(entries))
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
pub fn household_value(keys: &Keys, h: &HouseholdDraft, as_of: Date) -> Boxed {
    let mut out = HashMap::with_capacity(8);
    let head = h.head();
    for (i, (name, _)) in HOUSEHOLD_FIELDS.iter().enumerate() {
        if !keys.want_h[i] {
            continue;
        }
        let s = &h.socio;
        let v = match *name {
            "size" => int(h.members.len() as i64),
            "governorate" => owned(h.governorate.as_str().to_owned()),
            "head_sex" => text(head.sex.as_str()),
            "head_age" => int(head.birth_date.age_on(as_of) as i64),
            "members" => Box::new(CelList::from(
                h.members
                    .iter()
                    .map(|m| member_value(keys, m, as_of))
                    .collect::<Vec<_>>(),
            )),
            "dwelling" => opt(s.dwelling_type, |d| text(d.as_str())),
            "tenure" => opt(s.tenure, |t| text(t.as_str())),
            "rooms" => opt(s.rooms, |r| int(r as i64)),
            "income" => opt(s.monthly_income, |m| int(m.0)),
            "income_source" => opt(s.main_income_source, |x| text(x.as_str())),
            "assets" => map(ASSET_FIELDS
                .iter()
                .zip(s.assets.flags())
                .map(|(k, f)| (key(k), boolean(f)))
                .collect()),
            "orphans" => int(orphans(h)),
            "extra" => map(h
                .extra
                .iter()
                .map(|(k, v)| (CelMapKey::String(CelString::from(k.clone())), json(v)))
                .collect()),
            _ => null(),
        };
        out.insert(key(name), v);
    }
    map(out)
}

fn json(v: &serde_json::Value) -> Boxed {
    match v {
        serde_json::Value::Bool(b) => boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => int(i),
            None => Box::new(CelDouble::from(n.as_f64().unwrap_or(0.0))),
        },
        serde_json::Value::String(s) => owned(s.clone()),
        _ => null(),
    }
}

/// One member (or the `person` of an individual programme).
pub fn member_value(keys: &Keys, m: &PersonDraft, as_of: Date) -> Boxed {
    let mut out = HashMap::with_capacity(4);
    for (i, (name, _)) in MEMBER_FIELDS.iter().enumerate() {
        if !keys.want_m[i] {
            continue;
        }
        let v = match *name {
            "age" => int(m.birth_date.age_on(as_of) as i64),
            "birth_date" => owned(m.birth_date.date.to_string()),
            "sex" => text(m.sex.as_str()),
            "relationship" => text(m.relationship.as_str()),
            "marital_status" => opt(m.marital_status, |x| text(x.as_str())),
            "education" => opt(m.education, |x| text(x.as_str())),
            "work" => opt(m.work_status, |x| text(x.as_str())),
            "disability" => boolean(m.disability.has_disability()),
            "wg" => map(WG_FIELDS
                .iter()
                .zip(m.disability.answers())
                .map(|(k, a)| {
                    // 0 = not asked; 1..4 the WG answer scale.
                    let n = a.map_or(0, |d| d.as_str().parse::<i64>().unwrap_or(0));
                    (key(k), int(n))
                })
                .collect()),
            "is_head" => boolean(m.relationship == Relationship::Head),
            _ => null(),
        };
        out.insert(key(name), v);
    }
    Box::new(SharedMap(Arc::new(CelMap::from(out))))
}

/// A map behind an `Arc`: the interpreter copies a value into each comprehension
/// variable (`m` in `members.exists(m, ...)`), and copying this is a reference count,
/// not a rebuilt map of boxed fields.
#[derive(Debug, Clone)]
pub struct SharedMap(Arc<CelMap<'static>>);

impl Val for SharedMap {
    fn get_type(&self) -> &Type {
        &MAP_TYPE
    }

    fn cel_type() -> &'static Type {
        &MAP_TYPE
    }

    fn as_container(&self) -> Option<&dyn Container> {
        Some(self)
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(&*self.0)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        match other.downcast_ref::<SharedMap>() {
            Some(o) => Arc::ptr_eq(&self.0, &o.0) || self.0.equals(&*o.0),
            None => self.0.equals(other),
        }
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(self.clone())
    }
}

impl StaticVal for SharedMap {}

impl Container for SharedMap {
    fn contains(&self, key: &dyn Val) -> Result<bool, cel::ExecutionError> {
        self.0.contains(key)
    }
}

impl Indexer for SharedMap {
    fn get<'b, 'w>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'w>, cel::ExecutionError>
    where
        Self: 'w,
    {
        self.0.get(key)
    }

    fn steal<'w>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'w>, cel::ExecutionError>
    where
        Self: 'w,
    {
        self.0.get(key).map(CowVal::into_owned)
    }
}

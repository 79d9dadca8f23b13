//! What a rule may name: the variables, the fields of a household and of a member, and
//! the functions. The checker and the value builder both read these tables, so a
//! field a rule may use is always a field the builder fills.

/// The static type of an expression, as far as the checker follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Household,
    Member,
    Assets,
    Wg,
    /// The pack's catalogue fields (`household.extra.orphans_in_care`).
    Extra,
    List(Box<Ty>),
    Int,
    Bool,
    Str,
    /// Anything the checker does not follow further (arithmetic, indexes of maps).
    Dyn,
}

impl Ty {
    pub fn name(&self) -> &'static str {
        match self {
            Ty::Household => "household",
            Ty::Member => "member",
            Ty::Assets => "assets",
            Ty::Wg => "washington group answers",
            Ty::Extra => "extra fields",
            Ty::List(_) => "list",
            Ty::Int => "int",
            Ty::Bool => "bool",
            Ty::Str => "string",
            Ty::Dyn => "value",
        }
    }
}

/// Household fields, in bit order for [`super::value::Needs`].
pub const HOUSEHOLD_FIELDS: &[(&str, Ty)] = &[
    ("size", Ty::Int),
    ("governorate", Ty::Str),
    ("head_sex", Ty::Str),
    ("head_age", Ty::Int),
    ("members", Ty::Dyn), // List(Member): see `household_field`
    ("dwelling", Ty::Str),
    ("tenure", Ty::Str),
    ("rooms", Ty::Int),
    ("income", Ty::Int),
    ("income_source", Ty::Str),
    ("assets", Ty::Assets),
    ("orphans", Ty::Int),
    ("extra", Ty::Extra),
];

/// Member fields, in bit order.
pub const MEMBER_FIELDS: &[(&str, Ty)] = &[
    ("age", Ty::Int),
    ("birth_date", Ty::Str),
    ("sex", Ty::Str),
    ("relationship", Ty::Str),
    ("marital_status", Ty::Str),
    ("education", Ty::Str),
    ("work", Ty::Str),
    ("disability", Ty::Bool),
    ("wg", Ty::Wg),
    ("is_head", Ty::Bool),
];

pub const ASSET_FIELDS: [&str; 6] = tadamun_domain::socio::Assets::NAMES;
pub const WG_FIELDS: [&str; 6] = tadamun_domain::person::WashingtonGroup::DOMAINS;

pub fn household_field(name: &str) -> Option<(usize, Ty)> {
    let i = HOUSEHOLD_FIELDS.iter().position(|(n, _)| *n == name)?;
    let ty = if name == "members" {
        Ty::List(Box::new(Ty::Member))
    } else {
        HOUSEHOLD_FIELDS[i].1.clone()
    };
    Some((i, ty))
}

pub fn member_field(name: &str) -> Option<(usize, Ty)> {
    let i = MEMBER_FIELDS.iter().position(|(n, _)| *n == name)?;
    Some((i, MEMBER_FIELDS[i].1.clone()))
}

/// The audited functions a rule may call, with their arity (`None`: one or more).
pub const TADAMUN_FUNCTIONS: &[(&str, Option<usize>)] = &[
    ("age_years", Some(1)),
    ("poverty_line", Some(2)),
    ("min", None),
    ("max", None),
    ("clamp", Some(3)),
];

/// Standard CEL functions allowed in rules; everything else is refused when saved.
pub const CEL_FUNCTIONS: &[&str] = &[
    "size",
    "int",
    "double",
    "string",
    "bool",
    "contains",
    "startsWith",
    "endsWith",
];

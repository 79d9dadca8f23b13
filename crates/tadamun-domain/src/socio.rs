//! Typed socio-economic data: the variables a proxy means test scores.

use serde::{Deserialize, Serialize};

use crate::money::Money;

text_enum!(
    DwellingType, "dwelling_type" {
        House => "house",
        Apartment => "apartment",
        Tent => "tent",
        Caravan => "caravan",
        Shared => "shared",
        Other => "other",
    }
);

text_enum!(
    Tenure, "tenure" {
        Owned => "owned",
        Rented => "rented",
        Free => "free",
        Informal => "informal",
    }
);

text_enum!(
    IncomeSource, "income_source" {
        Wages => "wages",
        SelfEmployment => "self_employment",
        Pension => "pension",
        Assistance => "assistance",
        Remittances => "remittances",
        Agriculture => "agriculture",
        None => "none",
    }
);

/// Durable assets the household owns; each is a proxy for consumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assets {
    pub car: bool,
    pub fridge: bool,
    pub washing_machine: bool,
    pub air_conditioner: bool,
    pub computer: bool,
    pub internet: bool,
}

impl Assets {
    pub const NAMES: [&'static str; 6] = [
        "car",
        "fridge",
        "washing_machine",
        "air_conditioner",
        "computer",
        "internet",
    ];

    pub fn flags(&self) -> [bool; 6] {
        [
            self.car,
            self.fridge,
            self.washing_machine,
            self.air_conditioner,
            self.computer,
            self.internet,
        ]
    }

    pub fn from_flags(f: [bool; 6]) -> Self {
        Self {
            car: f[0],
            fridge: f[1],
            washing_machine: f[2],
            air_conditioner: f[3],
            computer: f[4],
            internet: f[5],
        }
    }
}

/// What the proxy means test needs to know about a household's living standard.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SocioEconomic {
    pub dwelling_type: Option<DwellingType>,
    pub tenure: Option<Tenure>,
    /// Rooms excluding kitchen and bathroom.
    pub rooms: Option<i32>,
    /// Declared monthly income in minor units.
    pub monthly_income: Option<Money>,
    pub main_income_source: Option<IncomeSource>,
    pub assets: Assets,
}

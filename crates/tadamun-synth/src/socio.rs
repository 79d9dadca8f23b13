//! The household's living standard, address and phones, all driven by one latent
//! welfare level so that poorer households show fewer assets, rented or informal
//! homes, lower incomes and, where they are common, tents and caravans.

use tadamun_domain::{
    country::Country,
    money::Money,
    person::{PersonDraft, WorkStatus},
    phone::Phone,
    socio::{Assets, DwellingType, IncomeSource, SocioEconomic, Tenure},
};

use crate::{
    Refugee,
    context::{Context, Gov},
    draw::{Rng, between, chance, normal, pick, unit, weighted},
    places,
};

/// Where the household lives, beyond its governorate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    Ordinary,
    /// An UNRWA camp: dense concrete shelters.
    RefugeeCamp(&'static str),
    /// A camp of Syrian refugees: caravans.
    SyrianCamp(&'static str),
}

pub(crate) fn socio(
    ctx: &Context,
    rng: &mut Rng,
    gov: &Gov,
    welfare: f64,
    setting: Setting,
    refugee: Refugee,
    members: &[PersonDraft],
) -> SocioEconomic {
    let size = members.len() as f64;
    let p = gov.profile;
    let dwelling = match setting {
        Setting::SyrianCamp(_) => DwellingType::Caravan,
        Setting::RefugeeCamp(_) => {
            if chance(rng, 0.6) {
                DwellingType::House
            } else {
                DwellingType::Apartment
            }
        }
        Setting::Ordinary => {
            let poverty = 1.8 - 1.6 * welfare;
            if chance(rng, p.tent * poverty) {
                DwellingType::Tent
            } else if chance(rng, 0.008 * poverty) {
                DwellingType::Caravan
            } else if chance(rng, 0.03 * (1.0 - welfare)) {
                DwellingType::Shared
            } else if chance(rng, 0.005) {
                DwellingType::Other
            } else if chance(rng, p.urban) {
                DwellingType::Apartment
            } else {
                DwellingType::House
            }
        }
    };
    let makeshift = matches!(dwelling, DwellingType::Tent | DwellingType::Caravan);
    let elderly_head = members[0].birth_date.age_on(ctx.today) >= 60;
    let tenure = if refugee == Refugee::Unhcr && !makeshift {
        // Syrian refugees outside the camps rent.
        weighted(
            rng,
            &[
                (Tenure::Rented, 0.85),
                (Tenure::Free, 0.1),
                (Tenure::Informal, 0.05),
            ],
        )
    } else if makeshift {
        if chance(rng, 0.6) {
            Tenure::Informal
        } else {
            Tenure::Free
        }
    } else {
        let owned = 0.25 + 0.55 * welfare + if elderly_head { 0.15 } else { 0.0 };
        weighted(
            rng,
            &[
                (Tenure::Owned, owned),
                (Tenure::Rented, 0.55 - 0.4 * welfare),
                (Tenure::Free, 0.08),
                (Tenure::Informal, 0.02 * (1.0 - welfare)),
            ],
        )
    };
    let rooms = match dwelling {
        DwellingType::Tent => 1,
        DwellingType::Caravan | DwellingType::Shared => between(rng, 1, 2),
        _ => (1.5 + 0.35 * size + 2.5 * welfare + 0.8 * normal(rng))
            .round()
            .clamp(1.0, 10.0) as i32,
    };
    let (source, major) = income(ctx, rng, gov, welfare, members);
    // Declared incomes are round figures: whole dinars, tens of shekels.
    let step = if ctx.country == Country::Palestine {
        10.0
    } else {
        1.0
    };
    let declared = ((major.max(0.0) / step).round() * step) as i64;
    let monthly_income = Some(
        Money::parse(ctx.currency, &declared.to_string(), "monthly_income")
            .expect("whole amounts parse"),
    );
    let hardship = if makeshift { 0.35 } else { 1.0 };
    let hot = if p.hot { 2.5 } else { 1.0 };
    let assets = Assets {
        car: chance(rng, (0.04 + 0.65 * welfare.powf(1.5)) * hardship),
        fridge: chance(rng, (0.72 + 0.27 * welfare) * hardship.max(0.5)),
        washing_machine: chance(rng, (0.55 + 0.4 * welfare) * hardship),
        air_conditioner: chance(
            rng,
            ((0.03 + 0.45 * welfare * welfare) * hot).min(0.95) * hardship,
        ),
        computer: chance(rng, (0.04 + 0.6 * welfare) * hardship),
        internet: chance(rng, (0.25 + 0.65 * welfare) * hardship.max(0.5)),
    };
    SocioEconomic {
        dwelling_type: Some(dwelling),
        tenure: Some(tenure),
        rooms: Some(rooms),
        monthly_income,
        main_income_source: Some(source),
        assets,
    }
}

/// Monthly income in major units and its main source. Jordanian figures are in
/// dinars; shekel amounts are about five times larger, and lower in Gaza.
fn income(
    ctx: &Context,
    rng: &mut Rng,
    gov: &Gov,
    welfare: f64,
    members: &[PersonDraft],
) -> (IncomeSource, f64) {
    let to_local = match ctx.country {
        Country::Jordan => 1.0,
        Country::Palestine if gov.profile.gaza => 2.5,
        Country::Palestine => 5.0,
    };
    let mut total = 0.0;
    let mut wages = 0.0;
    let mut trade = 0.0;
    let mut pension = 0.0;
    for m in members {
        let noise = (0.25 * normal(rng)).exp();
        match m.work_status {
            Some(WorkStatus::Employed) => wages += (220.0 + 600.0 * welfare.powf(1.5)) * noise,
            Some(WorkStatus::SelfEmployed) => trade += (150.0 + 550.0 * welfare.powf(1.5)) * noise,
            Some(WorkStatus::Retired) => pension += (170.0 + 400.0 * welfare) * noise,
            _ => {}
        }
    }
    total += wages + trade + pension;
    let head_work = members[0].work_status;
    let source =
        if head_work == Some(WorkStatus::SelfEmployed) || (trade > wages && trade > pension) {
            if chance(rng, gov.profile.farming * 2.0) {
                IncomeSource::Agriculture
            } else {
                IncomeSource::SelfEmployment
            }
        } else if wages > 0.0 {
            IncomeSource::Wages
        } else if pension > 0.0 {
            IncomeSource::Pension
        } else {
            let source = weighted(
                rng,
                &[
                    (IncomeSource::Assistance, 0.55),
                    (IncomeSource::Remittances, 0.1 + 0.2 * welfare),
                    (IncomeSource::None, 0.3),
                ],
            );
            total += match source {
                IncomeSource::Assistance => 40.0 + 15.0 * members.len() as f64 + 60.0 * unit(rng),
                IncomeSource::Remittances => 100.0 + 250.0 * unit(rng),
                _ => 0.0,
            };
            source
        };
    (source, total * to_local)
}

/// "town، neighbourhood، street" or the camp's name, as written on a form.
pub(crate) fn address(ctx: &Context, rng: &mut Rng, gov: &Gov, setting: Setting) -> String {
    let neighbourhood = pick(rng, places::NEIGHBOURHOODS);
    match setting {
        Setting::RefugeeCamp(camp) => format!("{camp}، {neighbourhood}"),
        Setting::SyrianCamp(camp) => format!("{camp}، القطاع {}", between(rng, 1, 12)),
        Setting::Ordinary => {
            let town = gov.localities[crate::draw::skewed(rng, gov.localities.len(), 1.8)];
            let street = pick(rng, ctx.streets);
            if chance(rng, 0.3) {
                format!(
                    "{town}، {neighbourhood}، {street}، عمارة {}",
                    between(rng, 1, 80)
                )
            } else {
                format!("{town}، {neighbourhood}، {street}")
            }
        }
    }
}

/// A mobile number, parsed like any typed one.
pub(crate) fn phone(ctx: &Context, rng: &mut Rng) -> Phone {
    let raw = places::mobile(
        ctx.country,
        between(rng, 0, 2) as u32,
        (unit(rng) * 1e7) as u32,
    );
    Phone::parse(ctx.country, &raw).expect("generated mobiles are valid")
}

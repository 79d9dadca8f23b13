//! Prints a few generated households as a clerk would read them, to eyeball realism:
//! `cargo run -p tadamun-synth --example synth_sample -- 5 PS`.

use tadamun_domain::{country::Country, money::Currency};
use tadamun_synth::{SynthConfig, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let households = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let country = args
        .next()
        .and_then(|a| Country::parse(&a).ok())
        .unwrap_or(Country::Jordan);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let today = time::macros::date!(2026 - 01 - 15);
    let currency = Currency::of(country);
    for h in generate(&SynthConfig {
        seed,
        households,
        country,
        today,
    }) {
        let d = &h.draft;
        let s = &d.socio;
        println!(
            "{} | {:?} | {:?} | welfare {:.2} | {}",
            d.governorate, h.kind, h.refugee, h.welfare, d.address
        );
        println!(
            "  phone {} {} | {:?} {:?} rooms {:?} | income {} {} from {:?} | assets {:?}",
            d.phone.as_ref().map_or("-", |p| p.as_str()),
            d.alt_phone.as_ref().map_or("", |p| p.as_str()),
            s.dwelling_type,
            s.tenure,
            s.rooms,
            s.monthly_income
                .map_or(String::new(), |m| m.format(currency)),
            currency.code,
            s.main_income_source,
            s.assets.flags(),
        );
        for m in &d.members {
            let docs: Vec<String> = m
                .documents
                .iter()
                .map(|x| format!("{}:{}", x.doc_type, x.number))
                .collect();
            println!(
                "  - {} | {} {} ({}{}) | {} | {:?} {:?} {:?} | wg {:?} | {}",
                m.name.full(),
                m.sex,
                m.birth_date.date,
                m.birth_date.age_on(today),
                if m.birth_date.approximate { "~" } else { "" },
                m.relationship,
                m.marital_status,
                m.education,
                m.work_status,
                m.disability
                    .answers()
                    .map(|a| a.map_or("-", |d| d.as_str()))
                    .concat(),
                docs.join(" "),
            );
        }
    }
}

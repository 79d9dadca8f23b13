//! Benchmark: the policy simulator over N synthetic households (default 1,000,000):
//! a pack programme against a changed one (cut-off and budget moved, a coefficient
//! changed, a rule added or removed), with inclusion and exclusion error against the
//! synthetic true consumption. Usage: `simulate [jo|ps] [N]`.

use std::time::Instant;

use tadamun_domain::{country::Country, country_pack::CountryPack, ids::HouseholdId, money::Money};
use tadamun_synth::{SynthConfig, consumption::true_consumption, generate};
use tadamun_targeting::{
    assess::Applicant,
    programme::pack_programmes,
    rules::{Category, RuleDef},
    simulate::{Truth, simulate},
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let country = match args.get(1).map(String::as_str) {
        Some("ps") => Country::Palestine,
        _ => Country::Jordan,
    };
    let n: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let today = time::macros::date!(2026 - 01 - 15);
    let t = Instant::now();
    let mut truth = Vec::with_capacity(n);
    let applicants: Vec<Applicant> = generate(&SynthConfig {
        seed: 42,
        households: n,
        country,
        today,
    })
    .enumerate()
    .map(|(i, h)| {
        truth.push(true_consumption(&h, country, today));
        Applicant {
            id: HouseholdId(uuid::Uuid::from_u128(i as u128 + 1)),
            household: h.draft,
        }
    })
    .collect();
    eprintln!("generated {n} households in {:.2?}", t.elapsed());
    let pack = CountryPack::builtin(country);
    let base = pack_programmes(country).expect("pack programmes parse")[0].clone();
    let mut changed = base.clone();
    let pmt = changed.pmt.as_mut().expect("the examples have a PMT");
    pmt.cut_off = pmt.cut_off.map(|c| c + 0.1);
    *pmt.sets[0].coefficients.entry("car".into()).or_default() += 0.1;
    changed.budget_per_cycle = Money(changed.budget_per_cycle.0 * 9 / 10);
    // A rule changes too: Palestine adds orphans to its vulnerabilities; Jordan drops
    // its employment condition.
    if changed.eligibility.any.is_empty() {
        changed.eligibility.all.pop();
    } else {
        changed
            .eligibility
            .any
            .push(RuleDef::category("orphans", Category::Orphans));
    }
    let b = base.compile(&pack).expect("compiles");
    let c = changed.compile(&pack).expect("compiles");
    // Truly poor: under the baseline cut-off, in the model's own unit.
    let line = base
        .pmt
        .as_ref()
        .and_then(|p| p.cut_off)
        .expect("cut-off")
        .exp();

    let t = Instant::now();
    let r = simulate(
        &applicants,
        &b,
        &c,
        today,
        Some(Truth {
            consumption_per_ae: &truth,
            poverty_line_per_ae: line,
        }),
    );
    let elapsed = t.elapsed();
    println!(
        "simulate {} ({country}): {n} households in {:.3} s",
        b.definition.key,
        elapsed.as_secs_f64()
    );
    for (name, s) in [("baseline", &r.baseline), ("changed", &r.changed)] {
        let e = s.errors.as_ref().expect("truth given");
        println!(
            "  {name}: {} beneficiaries, {} waiting, {} not decidable, cost {} of budget {} (over: {}), coverage {:.3}, inclusion error {:.3}, exclusion error {:.3}, {} governorates",
            s.beneficiaries,
            s.waiting,
            s.not_decidable,
            s.cost.0,
            s.budget.0,
            s.over_budget,
            s.coverage,
            e.inclusion_error,
            e.exclusion_error,
            s.by_governorate.len()
        );
    }
    println!("  entered {}, left {}", r.entered.len(), r.left.len());
}

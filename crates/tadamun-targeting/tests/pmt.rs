//! PMT variables computed from registry data, and the adult-equivalence scale.

mod common;

use common::{TODAY, applicants};
use tadamun_domain::country::Country;
use tadamun_targeting::{
    pmt::EquivalenceScale,
    variables::{features, index},
};

#[test]
fn variables_follow_the_household_data_and_mark_what_is_missing() {
    let mut a = applicants(Country::Jordan, 20, 4);
    for x in &a {
        let h = &x.household;
        let f = features(h, TODAY, 1000.0);
        let size = h.members.len() as f64;
        assert_eq!(f.values[index("members").unwrap()], size);
        assert_eq!(
            f.values[index("rooms_per_member").unwrap()],
            h.socio.rooms.unwrap() as f64 / size
        );
        assert_eq!(
            f.values[index("car").unwrap()],
            f64::from(u8::from(h.socio.assets.car))
        );
        let income = h.socio.monthly_income.unwrap().0 as f64 / 1000.0;
        let v = f.values[index("log_income_per_member").unwrap()];
        assert!((v - (1.0 + income / size).ln()).abs() < 1e-12);
        assert_eq!(f.missing, 0);
    }
    a[0].household.socio.rooms = None;
    a[0].household.socio.monthly_income = None;
    let f = features(&a[0].household, TODAY, 1000.0);
    let bit = |n| 1u64 << index(n).unwrap();
    assert_eq!(
        f.missing,
        bit("rooms_per_member") | bit("log_income_per_member")
    );
}

#[test]
fn adult_equivalents_weigh_children_less_and_always_count_a_first_adult() {
    let scale = EquivalenceScale::default();
    for x in applicants(Country::Palestine, 50, 6) {
        let members = &x.household.members;
        let children = members
            .iter()
            .filter(|m| m.birth_date.age_on(TODAY) <= 13)
            .count();
        let adults = members.len() - children;
        let expected = if adults == 0 {
            1.0 + 0.3 * (children - 1) as f64
        } else {
            1.0 + 0.5 * (adults - 1) as f64 + 0.3 * children as f64
        };
        let ae = scale.adult_equivalents(members, TODAY);
        assert!((ae - expected).abs() < 1e-12);
    }
}

//! Eligibility rules: saving refuses bad rules with their position; evaluation never
//! fails a run; the audited functions and categorical rules behave as documented.

mod common;

use common::{TODAY, applicants, pack};
use tadamun_domain::{country::Country, money::Money};
use tadamun_targeting::rules::{Category, Evaluator, InvalidRule, RuleDef, RuleOutcome, env};
use tadamun_targeting::{poverty::PovertyLines, rules::CompiledRule};

fn compile(cel: &str) -> Result<CompiledRule, InvalidRule> {
    let extra: Vec<String> = pack(Country::Jordan)
        .fields
        .iter()
        .map(|f| f.key.clone())
        .collect();
    RuleDef::cel("r", "rule", "قاعدة", cel).compile(&env(), &extra, false)
}

fn first_error(cel: &str) -> (u32, u32, String) {
    let e = compile(cel).unwrap_err();
    let first = &e.errors[0];
    (first.line, first.column, first.message.clone())
}

fn lines() -> PovertyLines {
    PovertyLines {
        per_capita: Money(68_000),
        by_governorate: Default::default(),
        size_elasticity: 1.0,
    }
}

fn run(
    rules: &[&CompiledRule],
    household: &tadamun_domain::household::HouseholdDraft,
) -> Vec<RuleOutcome> {
    let needs = rules.iter().fold(
        Default::default(),
        |n: tadamun_targeting::rules::value::Needs, r| n.union(r.needs),
    );
    let ev = Evaluator::new(env(), std::sync::Arc::new(lines()), needs, TODAY);
    let mut out = Vec::new();
    ev.evaluate(rules, household, None, &mut out);
    out
}

#[test]
fn a_rule_that_does_not_parse_is_refused_with_its_line_and_column() {
    let (line, column, message) = first_error("household.size >\n  ");
    assert_eq!(line, 2, "{message}");
    assert!(column >= 1);
    let e = compile("household.size > > 3").unwrap_err();
    assert!(
        e.to_string().starts_with("rule 'r': line 1, column "),
        "{e}"
    );
}

#[test]
fn an_unknown_variable_is_refused_at_its_position() {
    let (line, column, message) = first_error("household.size > 2 && houshold.size < 9");
    assert_eq!((line, column), (1, 23));
    assert!(message.contains("unknown variable 'houshold'"), "{message}");
}

#[test]
fn an_unknown_field_of_the_household_or_a_member_is_refused() {
    let (_, column, message) = first_error("household.sise > 2");
    assert!(
        message.contains("unknown field 'sise' of household"),
        "{message}"
    );
    assert_eq!(column, 11);
    let (line, _, message) = first_error("household.members.exists(m,\n m.agee > 65)");
    assert_eq!(line, 2);
    assert!(
        message.contains("unknown field 'agee' of member"),
        "{message}"
    );
    let (_, _, message) = first_error("household.assets.boat");
    assert!(
        message.contains("unknown field 'boat' of assets"),
        "{message}"
    );
    let (_, _, message) = first_error("household.extra.colour == 'red'");
    assert!(message.contains("'colour' is not a field"), "{message}");
}

#[test]
fn an_unknown_function_or_a_wrong_arity_is_refused() {
    let (_, column, message) = first_error("household.size > maximum(1, 2)");
    assert_eq!(column, 18);
    assert!(message.contains("unknown function 'maximum'"), "{message}");
    let (_, _, message) = first_error("poverty_line('JO-AM') > 0");
    assert!(message.contains("takes 2 argument(s), not 1"), "{message}");
}

#[test]
fn a_rule_must_be_true_or_false() {
    let (_, _, message) = first_error("household.size + 1");
    assert!(message.contains("must be true or false"), "{message}");
    let (_, _, message) = first_error("household.governorate");
    assert!(message.contains("gives a string"), "{message}");
}

#[test]
fn every_error_of_a_rule_is_reported_in_order() {
    let e = compile("houshold.size > 1 && household.sise > 2").unwrap_err();
    assert_eq!(e.errors.len(), 2);
    assert!(e.errors[0].column < e.errors[1].column);
}

#[test]
fn a_rule_failing_for_one_household_does_not_stop_the_others() {
    // `income` is missing for the second household: that one is not decidable.
    let rule = compile("household.income < 500000").unwrap();
    let mut hs = applicants(Country::Jordan, 3, 1);
    hs[1].household.socio.monthly_income = None;
    let results: Vec<RuleOutcome> = hs
        .iter()
        .map(|a| run(&[&rule], &a.household).remove(0))
        .collect();
    assert!(results[0].is_ok() && results[2].is_ok());
    let error = results[1].as_ref().unwrap_err();
    assert!(!error.is_empty());
}

#[test]
fn a_rule_can_count_members_with_filter_and_size() {
    let rule = compile("household.members.filter(m, m.age < 18).size() >= 1").unwrap();
    let hs = applicants(Country::Jordan, 50, 3);
    for a in &hs {
        let children = a
            .household
            .members
            .iter()
            .filter(|m| m.birth_date.age_on(TODAY) < 18)
            .count();
        assert_eq!(run(&[&rule], &a.household), vec![Ok(children >= 1)]);
    }
}

#[test]
fn age_years_reckons_whole_years_on_the_run_date() {
    let rule = compile("age_years('2000-01-16') == 25 && age_years('2000-01-15') == 26").unwrap();
    let h = &applicants(Country::Jordan, 1, 1)[0].household;
    assert_eq!(run(&[&rule], h), vec![Ok(true)]);
    let bad = compile("age_years('16/01/2000') == 25").unwrap();
    let err = run(&[&bad], h).remove(0).unwrap_err();
    assert!(err.contains("not a date"), "{err}");
}

#[test]
fn poverty_line_reads_the_programme_table() {
    let rule = compile("poverty_line('JO-IR', 3) == 204000").unwrap();
    let h = &applicants(Country::Jordan, 1, 1)[0].household;
    assert_eq!(run(&[&rule], h), vec![Ok(true)]);
    let bad = compile("poverty_line('JO-IR', 0) > 0").unwrap();
    assert!(run(&[&bad], h)[0].is_err());
}

#[test]
fn min_max_and_clamp_keep_integers_and_refuse_bad_bounds() {
    let h = &applicants(Country::Jordan, 1, 1)[0].household;
    for (cel, expected) in [
        ("min(3, 1, 2) == 1", Ok(true)),
        ("max(3, 1, 2) == 3", Ok(true)),
        ("max(1, 2.5) == 2.5", Ok(true)),
        ("clamp(15, 0, 10) == 10", Ok(true)),
        ("clamp(-1, 0, 10) == 0", Ok(true)),
        ("clamp(0.5, 0.0, 1.0) == 0.5", Ok(true)),
    ] {
        let rule = compile(cel).unwrap();
        assert_eq!(run(&[&rule], h), vec![expected], "{cel}");
    }
    let bad = compile("clamp(1, 10, 0) == 1").unwrap();
    let err = run(&[&bad], h).remove(0).unwrap_err();
    assert!(err.contains("lower bound"), "{err}");
    let text = compile("max(1, 'a') == 1").unwrap();
    assert!(run(&[&text], h)[0].is_err());
}

#[test]
fn categorical_rules_expand_to_checked_cel() {
    let extra: Vec<String> = pack(Country::Jordan)
        .fields
        .iter()
        .map(|f| f.key.clone())
        .collect();
    let mut hs = applicants(Country::Jordan, 200, 9);
    // Make the first household an orphan-caring one.
    hs[0]
        .household
        .extra
        .insert("orphans_in_care".into(), serde_json::json!(2));
    for category in [
        Category::Disability,
        Category::Elderly,
        Category::FemaleHeaded,
        Category::Orphans,
    ] {
        let rule = RuleDef::category("c", category)
            .compile(&env(), &extra, false)
            .unwrap();
        assert!(!rule.label_ar.is_empty() && !rule.label_en.is_empty());
        for a in &hs {
            let h = &a.household;
            let expected = match category {
                Category::Disability => h.members.iter().any(|m| m.disability.has_disability()),
                Category::Elderly => h.members.iter().any(|m| m.birth_date.age_on(TODAY) >= 65),
                Category::FemaleHeaded => h.head().sex == tadamun_domain::person::Sex::Female,
                Category::Orphans => h.extra.contains_key("orphans_in_care"),
            };
            assert_eq!(run(&[&rule], h), vec![Ok(expected)], "{category:?}");
        }
    }
}

#[test]
fn a_rule_has_either_cel_or_a_category() {
    let mut both = RuleDef::category("x", Category::Elderly);
    both.cel = Some("true".into());
    let e = both.compile(&env(), &[], false).unwrap_err();
    assert!(e.to_string().contains("not both or neither"), "{e}");
    let mut unlabelled = RuleDef::cel("y", "", "", "true");
    unlabelled.label_en = None;
    let e = unlabelled.compile(&env(), &[], false).unwrap_err();
    assert!(e.to_string().contains("label_ar"), "{e}");
}

#[test]
fn person_is_only_known_in_individual_programmes() {
    let def = RuleDef::cel("p", "adult", "بالغ", "person.age >= 18");
    assert!(def.compile(&env(), &[], false).is_err());
    assert!(def.compile(&env(), &[], true).is_ok());
}

#[test]
fn a_parse_error_points_at_the_offending_token() {
    // The second `>` is at column 18.
    let (line, column, message) = first_error("household.size > > 3");
    assert_eq!((line, column), (1, 18), "{message}");
    let (line, column, _) = first_error("household.size > 1 &&\n  household.rooms >");
    assert_eq!(line, 2);
    assert!(column >= 18, "{column}");
}

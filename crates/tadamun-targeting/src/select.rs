//! Selection: threshold (every candidate is eligible) and budget-ranked (candidates in
//! order of predicted consumption, poorest first, funded while the budget lasts; the
//! first that does not fit and everyone after it wait, in rank order).

use rayon::prelude::*;
use tadamun_domain::{ids::HouseholdId, money::Money};

/// A household that passed scoring, for ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Position in the run's input.
    pub index: usize,
    pub predicted: f64,
    pub amount: Money,
    /// Ties on score are broken by id, so a run is reproducible.
    pub id: HouseholdId,
}

/// The ranking of a budget-ranked run.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Candidates, poorest first.
    pub order: Vec<Candidate>,
    /// The first `funded` of `order` are funded; the rest wait.
    pub funded: usize,
    pub spent: Money,
}

impl Ranked {
    /// The score of the last funded household: the effective cut-off of the run.
    pub fn marginal(&self) -> Option<f64> {
        self.funded.checked_sub(1).map(|i| self.order[i].predicted)
    }
}

/// Ranks and funds in rank order until the next household does not fit the budget.
pub fn budget_ranked(mut candidates: Vec<Candidate>, budget: Money) -> Ranked {
    candidates.par_sort_unstable_by(|a, b| {
        a.predicted
            .total_cmp(&b.predicted)
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut spent = 0i64;
    let mut funded = candidates.len();
    for (i, c) in candidates.iter().enumerate() {
        match spent.checked_add(c.amount.0) {
            Some(next) if next <= budget.0 => spent = next,
            _ => {
                funded = i;
                break;
            }
        }
    }
    Ranked {
        order: candidates,
        funded,
        spent: Money(spent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn cand(index: usize, predicted: f64, amount: i64) -> Candidate {
        Candidate {
            index,
            predicted,
            amount: Money(amount),
            id: HouseholdId(Uuid::from_u128(index as u128)),
        }
    }

    #[test]
    fn the_poorest_are_funded_first_and_the_rest_wait_in_rank_order() {
        let r = budget_ranked(
            vec![cand(0, 3.0, 10), cand(1, 1.0, 10), cand(2, 2.0, 10)],
            Money(25),
        );
        let order: Vec<usize> = r.order.iter().map(|c| c.index).collect();
        assert_eq!(order, [1, 2, 0]);
        assert_eq!(r.funded, 2);
        assert_eq!(r.spent, Money(20));
        assert_eq!(r.marginal(), Some(2.0));
    }

    #[test]
    fn a_household_that_does_not_fit_stops_funding_even_if_later_ones_would() {
        let r = budget_ranked(
            vec![cand(0, 1.0, 10), cand(1, 2.0, 50), cand(2, 3.0, 1)],
            Money(30),
        );
        assert_eq!(r.funded, 1);
    }

    #[test]
    fn equal_scores_are_ranked_by_household_id() {
        let r = budget_ranked(vec![cand(5, 1.0, 1), cand(2, 1.0, 1)], Money(0));
        assert_eq!(r.order[0].index, 2);
        assert_eq!(r.funded, 0);
        assert_eq!(r.marginal(), None);
    }

    fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
        prop::collection::vec((-5.0f64..10.0, 0i64..1_000_000), 0..200).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (s, a))| cand(i, s, a))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_budget_is_never_exceeded(c in candidates(), budget in 0i64..50_000_000) {
            let r = budget_ranked(c, Money(budget));
            let spent: i64 = r.order[..r.funded].iter().map(|c| c.amount.0).sum();
            prop_assert!(spent <= budget);
            prop_assert_eq!(spent, r.spent.0);
        }

        #[test]
        fn funding_follows_rank_order(c in candidates(), budget in 0i64..50_000_000) {
            let r = budget_ranked(c, Money(budget));
            // Ranked poorest first, and the funded are exactly a prefix of the ranking.
            for w in r.order.windows(2) {
                prop_assert!(w[0].predicted <= w[1].predicted);
            }
            if r.funded < r.order.len() {
                prop_assert!(r.spent.0 + r.order[r.funded].amount.0 > budget);
            }
        }

        #[test]
        fn a_larger_budget_never_funds_fewer(c in candidates(), budget in 0i64..50_000_000, extra in 0i64..5_000_000) {
            let small = budget_ranked(c.clone(), Money(budget));
            let large = budget_ranked(c, Money(budget + extra));
            prop_assert!(large.funded >= small.funded);
        }
    }
}

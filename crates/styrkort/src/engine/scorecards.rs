//! Scorecards: each org's goals counted by perspective and status, their
//! scores, and the balance (evenness) across the four perspectives.
//!
//! Cost: linear in the goals of the scorecard (sorted by id at compile
//! time). Its distinct indicators are counted at compile time; only when
//! some of its goals are not reported (a tag filter, goals out of force)
//! are their indicator links sorted to count them.

use rust_decimal::Decimal;

use super::numbers::{r4, Quotients};
use crate::compile::{distinct_indicators, Compiled, Ix};
use crate::error::Error;
use crate::evaluation::{Balance, PerspectiveBalance, Scorecard};
use crate::ids::GoalId;
use crate::perspective::{Perspective, Status};

impl Compiled {
    pub(crate) fn scorecard(
        &self,
        o: Ix,
        finals: &[Status],
        keep: &[bool],
        quotients: &mut Quotients,
    ) -> Result<Scorecard, Error> {
        let all = &self.scorecards[o as usize];
        let members = || all.iter().copied().filter(|g| keep[*g as usize]);
        let org_id = &self.orgs[o as usize].id;
        let what = || format!("the balance of org {:?}", org_id.as_str());
        let mut per: [PerspectiveBalance; 4] = Default::default();
        let mut sums = [(Decimal::ZERO, 0u32); 4];
        let (mut total, mut total_n) = (Decimal::ZERO, 0u32);
        // A scorecard's goals are sorted by id at compile time
        // (`crate::scorecard::scorecard_goals`).
        let mut goals: Vec<GoalId> = Vec::with_capacity(all.len());
        for g in members() {
            let goal = &self.goals[g as usize];
            goals.push(goal.id.clone());
            let p = goal.perspective.index();
            let s = finals[g as usize];
            let b = &mut per[p];
            b.goals += 1;
            match s {
                Status::Fulfilled => b.fulfilled += 1,
                Status::PartlyFulfilled => b.partly_fulfilled += 1,
                Status::NotFulfilled => b.not_fulfilled += 1,
                Status::NoData => b.no_data += 1,
                Status::NotAssessed => b.not_assessed += 1,
            }
            if let Some(score) = s.score() {
                sums[p].0 += score;
                sums[p].1 += 1;
                total += score;
                total_n += 1;
            }
        }
        let n = goals.len();
        // With every goal reported (nearly every period), the count of
        // the compiled model; else counted for the goals reported.
        let indicators = if n == all.len() {
            self.scorecard_indicators[o as usize]
        } else {
            distinct_indicators(&self.goals, members(), &mut Vec::new())
        };
        debug_assert_eq!(
            indicators,
            distinct_indicators(&self.goals, members(), &mut Vec::new())
        );
        for (b, count) in per.iter_mut().zip(indicators) {
            b.indicators = count;
        }
        for p in 0..4 {
            per[p].score = quotients
                .div(sums[p].0, Decimal::from(sums[p].1), &what)?
                .map(|q| q.1);
        }
        let evenness = if n == 0 {
            Decimal::ZERO
        } else {
            let quarter = Decimal::new(25, 2);
            let mut dev = Decimal::ZERO;
            for b in &per {
                let share = quotients
                    .div(Decimal::from(b.goals), Decimal::from(n), &what)?
                    .map_or(Decimal::ZERO, |q| q.0);
                dev += (share - quarter).abs();
            }
            let ratio = quotients
                .div(dev, Decimal::new(15, 1), &what)?
                .map_or(Decimal::ZERO, |q| q.0);
            r4(Decimal::ONE - ratio)
        };
        let missing = Perspective::ALL
            .into_iter()
            .filter(|p| per[p.index()].goals == 0)
            .collect();
        debug_assert!(goals.is_sorted());
        Ok(Scorecard {
            org: org_id.clone(),
            goals,
            balance: Balance {
                goals: n,
                score: quotients
                    .div(total, Decimal::from(total_n), &what)?
                    .map(|q| q.1),
                evenness,
                missing,
                perspectives: per,
            },
        })
    }
}

//! Scorecards: each org's goals counted by perspective and status, their
//! scores, and the balance (evenness) across the four perspectives.
//!
//! Cost: linear in the goals of the scorecard (sorted by id at compile
//! time), plus sorting their indicator links to count them.

use rust_decimal::Decimal;

use super::numbers::{r4, Quotients};
use crate::compile::{Compiled, Ix};
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
        let members: Vec<Ix> = self.scorecards[o as usize]
            .iter()
            .copied()
            .filter(|g| keep[*g as usize])
            .collect();
        let org_id = &self.orgs[o as usize].id;
        let what = || format!("the balance of org {:?}", org_id.as_str());
        let mut per: [PerspectiveBalance; 4] = Default::default();
        // (perspective, indicator) of every link: counted distinct below
        // (one list rather than a hash set per perspective and org).
        let mut inds: Vec<(usize, Ix)> = Vec::new();
        let mut sums = [(Decimal::ZERO, 0u32); 4];
        let (mut total, mut total_n) = (Decimal::ZERO, 0u32);
        for &g in &members {
            let goal = &self.goals[g as usize];
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
            inds.extend(goal.indicators.iter().map(|(i, _)| (p, *i)));
            if let Some(score) = s.score() {
                sums[p].0 += score;
                sums[p].1 += 1;
                total += score;
                total_n += 1;
            }
        }
        inds.sort_unstable();
        inds.dedup();
        for &(p, _) in &inds {
            per[p].indicators += 1;
        }
        for p in 0..4 {
            per[p].score = quotients
                .div(sums[p].0, Decimal::from(sums[p].1), &what)?
                .map(|q| q.1);
        }
        let n = members.len();
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
        // A scorecard's goals are sorted by id at compile time
        // (`crate::scorecard::scorecard_goals`).
        let goals: Vec<GoalId> = members
            .iter()
            .map(|g| self.goals[*g as usize].id.clone())
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

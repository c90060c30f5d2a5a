//! Indicator results: value, target, warning, achievement, status and trend
//! of one indicator at one org in one period.
//!
//! Cost: a constant number of value lookups per result (the period, the
//! previous one, a year earlier; each times the window), plus a target
//! lookup.

use rust_decimal::Decimal;

use super::numbers::{div, mul, r4};
use super::values::Run;
use crate::compile::Ix;
use crate::error::Error;
use crate::evaluation::{IndicatorResult, RankJudgement, Trend};
use crate::model::{Direction, TargetKind};
use crate::perspective::Status;
use crate::Period;

impl Run<'_> {
    pub(crate) fn indicator(&mut self, i: Ix, o: Ix, p: Period) -> Result<IndicatorResult, Error> {
        let ind = &self.c.indicators[i as usize];
        let (direction, partly_at) = (ind.direction, ind.partly_at);
        let what = || {
            format!(
                "indicator {:?} at org {:?} for {p}",
                self.c.indicators[i as usize].id.as_str(),
                self.c.orgs[o as usize].id.as_str()
            )
        };
        let value = self.value(i, o, p)?;
        let previous = match p.checked_previous() {
            Some(q) => self.value(i, o, q)?.map(|v| v.0),
            None => None,
        };
        let v = value.map(|v| v.0);
        let better = |a: Decimal, b: Decimal| match direction {
            Direction::HigherIsBetter => a.cmp(&b),
            Direction::LowerIsBetter => b.cmp(&a),
        };
        let trend = match (v, previous) {
            (Some(a), Some(b)) => match better(a, b) {
                std::cmp::Ordering::Greater => Trend::Improving,
                std::cmp::Ordering::Equal => Trend::Unchanged,
                std::cmp::Ordering::Less => Trend::Worsening,
            },
            _ => Trend::Unknown,
        };
        let target = self.target(i, o, p).map(|t| (t.kind, t.value, t.warning));
        let rank = self
            .target(i, o, p)
            .filter(|t| t.kind == TargetKind::Rank)
            .map(|t| RankJudgement {
                best_share: t.shares.0,
                worst_share: t.shares.1,
                rank: None,
                group_size: None,
                best_up_to: None,
                worst_above: None,
            });
        let (target_kind, t, warning, achievement, status) = match target {
            None => (
                None,
                None,
                None,
                None,
                if v.is_some() {
                    Status::NotAssessed
                } else {
                    Status::NoData
                },
            ),
            // Judged from the comparison data after this pass
            // (`Compiled::judge_rank`); without it, nothing to assess against.
            Some((TargetKind::Rank, _, _)) => (
                Some(TargetKind::Rank),
                None,
                None,
                None,
                if v.is_some() {
                    Status::NotAssessed
                } else {
                    Status::NoData
                },
            ),
            Some((TargetKind::Improve, _, _)) => {
                let baseline = match p.checked_year_earlier() {
                    Some(q) => self.value(i, o, q)?.map(|v| v.0),
                    None => None,
                };
                let status = match (v, baseline) {
                    (None, _) => Status::NoData,
                    (Some(_), None) => Status::NotAssessed,
                    (Some(a), Some(b)) => match better(a, b) {
                        std::cmp::Ordering::Greater => Status::Fulfilled,
                        std::cmp::Ordering::Equal => Status::PartlyFulfilled,
                        std::cmp::Ordering::Less => Status::NotFulfilled,
                    },
                };
                (Some(TargetKind::Improve), baseline, None, None, status)
            }
            Some((TargetKind::Value, tv, tw)) => {
                // Validation guarantees a value target has a value.
                let t = tv.unwrap_or_default();
                let w = match (tw, partly_at) {
                    (Some(w), _) => Some(w),
                    (None, Some(pa)) if t > Decimal::ZERO => match direction {
                        Direction::HigherIsBetter => Some(mul(t, pa, &what)?),
                        Direction::LowerIsBetter => div(t, pa, &what)?,
                    },
                    _ => None,
                };
                let achievement = match (v, direction) {
                    (Some(v), Direction::HigherIsBetter) => div(v, t, &what)?,
                    (Some(v), Direction::LowerIsBetter) => div(t, v, &what)?,
                    (None, _) => None,
                };
                let status = match v {
                    None => Status::NoData,
                    Some(v) => {
                        let at_least = |a: Decimal, b: Decimal| better(a, b).is_ge();
                        if at_least(v, t) {
                            Status::Fulfilled
                        } else if w.is_some_and(|w| at_least(v, w)) {
                            Status::PartlyFulfilled
                        } else {
                            Status::NotFulfilled
                        }
                    }
                };
                (
                    Some(TargetKind::Value),
                    Some(t),
                    w,
                    achievement.map(r4),
                    status,
                )
            }
        };
        Ok(IndicatorResult {
            indicator: self.c.indicators[i as usize].id.clone(),
            org: self.c.orgs[o as usize].id.clone(),
            value: v,
            consolidated: value.is_some_and(|v| v.1),
            target_kind,
            target: t,
            warning,
            achievement,
            status,
            previous,
            trend,
            comparison: None,
            rank,
        })
    }
}

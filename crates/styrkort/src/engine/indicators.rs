//! Indicator results: value, target, warning, achievement, status, trend and
//! the change against the same period a year earlier, of one indicator at
//! one org in one period.
//!
//! Cost: a constant number of value lookups per result (the period, the
//! previous one, a year earlier; each times the window), plus a target
//! lookup.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::forecasts::Valued;
use super::numbers::{cmp, div, mul, ratio, sub};
use super::values::Run;
use crate::compile::{Change, Ix, Own};
use crate::error::Error;
use crate::evaluation::{IndicatorResult, RankJudgement, Trend};
use crate::ids::{IndicatorId, OrgId};
use crate::model::{ArrowBasis, Consolidation, Direction, TargetKind};
use crate::perspective::Status;
use crate::Period;

/// An indicator result without its ids, rank limits or comparison: what
/// every reported pair of a period computes, in one plain value (no
/// allocation). [`Judged::into_result`] makes the reported
/// [`IndicatorResult`]; a series table ([`crate::SeriesTable`]) takes its
/// columns straight from here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judged {
    pub(crate) value: Option<Decimal>,
    pub(crate) consolidated: bool,
    pub(crate) target_kind: Option<TargetKind>,
    pub(crate) target: Option<Decimal>,
    pub(crate) warning: Option<Decimal>,
    pub(crate) change_required: Option<Decimal>,
    pub(crate) achievement: Option<Decimal>,
    pub(crate) status: Status,
    pub(crate) previous: Option<Decimal>,
    pub(crate) trend: Trend,
    pub(crate) year_earlier: Option<Decimal>,
    pub(crate) year_change: Option<Decimal>,
    pub(crate) year_trend: Trend,
    pub(crate) arrow: Trend,
    pub(crate) forecast: bool,
    /// A rank target's shares (best, worst): judged after the pass.
    pub(crate) rank_shares: Option<(Decimal, Decimal)>,
}

impl Judged {
    /// The reported result of the pair (`indicator`, `org`), its rank
    /// target (if any) not yet judged.
    pub(crate) fn into_result(self, indicator: IndicatorId, org: OrgId) -> IndicatorResult {
        IndicatorResult {
            indicator,
            org,
            value: self.value,
            consolidated: self.consolidated,
            target_kind: self.target_kind,
            target: self.target,
            warning: self.warning,
            change_required: self.change_required,
            achievement: self.achievement,
            status: self.status,
            previous: self.previous,
            trend: self.trend,
            year_earlier: self.year_earlier,
            year_change: self.year_change,
            year_trend: self.year_trend,
            arrow: self.arrow,
            forecast: self.forecast,
            comparison: None,
            rank: self.rank_shares.map(|(best_share, worst_share)| {
                Box::new(RankJudgement {
                    best_share,
                    worst_share,
                    rank: None,
                    group_size: None,
                    best_up_to: None,
                    worst_above: None,
                })
            }),
        }
    }
}

impl Run<'_> {
    /// The result of indicator `i` at org `o` for `p` (its rank target, if
    /// any, not yet judged: `Compiled::judge_rank`).
    pub(crate) fn indicator(&mut self, i: Ix, o: Ix, p: Period) -> Result<IndicatorResult, Error> {
        let judged = self.judge(i, o, p)?;
        Ok(judged.into_result(
            self.c.indicators[i as usize].id.clone(),
            self.c.orgs[o as usize].id.clone(),
        ))
    }

    /// [`Run::indicator`] without the ids: the plain values.
    pub(crate) fn judge(&mut self, i: Ix, o: Ix, p: Period) -> Result<Judged, Error> {
        self.judge_own(i, o, p, self.c.own_series(i, o))
    }

    /// [`Run::judge`] with the own outcomes of `i` at `o` found already (a
    /// series finds them once for all its periods).
    pub(crate) fn judge_own(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
        own: Own<'_>,
    ) -> Result<Judged, Error> {
        let ind = &self.c.indicators[i as usize];
        let (direction, partly_at) = (ind.direction, ind.partly_at);
        let what = || {
            format!(
                "indicator {:?} at org {:?} for {p}",
                self.c.indicators[i as usize].id.as_str(),
                self.c.orgs[o as usize].id.as_str()
            )
        };
        // The own outcomes at the org, looked up once (a binary search by
        // org rank in the indicator's one vector, no hash lookup): most
        // results read the period, the one before and a year earlier from
        // them alone.
        let (window, consolidates) = (ind.window, ind.consolidation != Consolidation::None);
        let outcome = |run: &mut Self, q: Period| -> Result<Option<(Decimal, bool)>, Error> {
            if window <= 1 {
                if let Some(v) = own.get(q) {
                    return Ok(Some((v, false)));
                }
                if !consolidates {
                    return Ok(None);
                }
                return run.consolidated(i, o, q);
            }
            run.value(i, o, q)
        };
        let value = if ind.forecast_covered.is_empty() || !ind.forecast_covered.contains(&o) {
            outcome(self, p)?.map(|(value, consolidated)| Valued {
                value,
                consolidated,
                forecast: false,
            })
        } else {
            self.value_of_period(i, o, p)?
        };
        let previous = match p.checked_previous() {
            Some(q) => outcome(self, q)?.map(|v| v.0),
            None => None,
        };
        // The same period one year earlier: the year-on-year comparison and
        // the baseline of an `improve` target (outcomes only, window applied).
        let year_earlier = match p.checked_year_earlier() {
            Some(q) => outcome(self, q)?.map(|v| v.0),
            None => None,
        };
        let v = value.map(|v| v.value);
        let better = |a: Decimal, b: Decimal| match direction {
            Direction::HigherIsBetter => cmp(a, b),
            Direction::LowerIsBetter => cmp(b, a),
        };
        let trend_of = |against: Option<Decimal>| match (v, against) {
            (Some(a), Some(b)) => match better(a, b) {
                Ordering::Greater => Trend::Improving,
                Ordering::Equal => Trend::Unchanged,
                Ordering::Less => Trend::Worsening,
            },
            _ => Trend::Unknown,
        };
        let trend = trend_of(previous);
        let year_trend = trend_of(year_earlier);
        let year_change = match (v, year_earlier) {
            (Some(a), Some(b)) => Some(sub(a, b, &what)?),
            _ => None,
        };
        let entry = self.target(i, o, p);
        let target = entry.map(|t| (t.kind, t.value, t.warning, t.change));
        let mut change_required = None;
        let rank_shares = entry
            .filter(|t| t.kind == TargetKind::Rank)
            .map(|t| t.shares);
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
            Some((TargetKind::Rank, _, _, _)) => (
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
            Some((TargetKind::Improve, _, _, None)) => {
                let baseline = year_earlier;
                let status = match (v, baseline) {
                    (None, _) => Status::NoData,
                    (Some(_), None) => Status::NotAssessed,
                    (Some(a), Some(b)) => match better(a, b) {
                        Ordering::Greater => Status::Fulfilled,
                        Ordering::Equal => Status::PartlyFulfilled,
                        Ordering::Less => Status::NotFulfilled,
                    },
                };
                (Some(TargetKind::Improve), baseline, None, None, status)
            }
            Some((TargetKind::Improve, _, _, Some(change))) => {
                // A change target with a size: the required change r (in the
                // unit, or the share of |baseline|); the level to reach is
                // the baseline moved r the better way.
                let (level, status) = match year_earlier {
                    None => (
                        None,
                        if v.is_some() {
                            Status::NotAssessed
                        } else {
                            Status::NoData
                        },
                    ),
                    Some(b) => {
                        let r = match change {
                            Change::Unit(c) => c,
                            Change::Share(s) => mul(b.abs(), s, &what)?,
                        };
                        change_required = Some(r);
                        let level = match direction {
                            Direction::HigherIsBetter => super::numbers::add(b, r, &what)?,
                            Direction::LowerIsBetter => sub(b, r, &what)?,
                        };
                        let status = match v {
                            None => Status::NoData,
                            Some(a) => {
                                let gain = match direction {
                                    Direction::HigherIsBetter => sub(a, b, &what)?,
                                    Direction::LowerIsBetter => sub(b, a, &what)?,
                                };
                                if gain > Decimal::ZERO && gain >= r {
                                    Status::Fulfilled
                                } else if gain > Decimal::ZERO {
                                    Status::PartlyFulfilled
                                } else {
                                    Status::NotFulfilled
                                }
                            }
                        };
                        (Some(level), status)
                    }
                };
                (Some(TargetKind::Improve), level, None, None, status)
            }
            Some((TargetKind::Value, tv, tw, _)) => {
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
                    (Some(v), Direction::HigherIsBetter) => ratio(v, t, &what)?,
                    (Some(v), Direction::LowerIsBetter) => ratio(t, v, &what)?,
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
                (Some(TargetKind::Value), Some(t), w, achievement, status)
            }
        };
        Ok(Judged {
            value: v,
            consolidated: value.is_some_and(|v| v.consolidated),
            target_kind,
            target: t,
            warning,
            change_required,
            achievement,
            status,
            previous,
            trend,
            year_earlier,
            year_change,
            year_trend,
            arrow: match self.c.arrow {
                ArrowBasis::YearEarlier => year_trend,
                ArrowBasis::Previous => trend,
            },
            forecast: value.is_some_and(|v| v.forecast),
            rank_shares,
        })
    }
}

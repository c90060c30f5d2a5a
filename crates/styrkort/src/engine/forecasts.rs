//! Forecasts (*helårsprognos*): the value of the period evaluated where no
//! outcome exists, marked as resting on a forecast.
//!
//! The order at an org, for the period evaluated only:
//! 1. its own outcome;
//! 2. the consolidation of its children's values, when none of them rests
//!    on a forecast (an outcome);
//! 3. its own forecast;
//! 4. the consolidation of its children's values where some rest on a
//!    forecast (each child: its outcome, else its forecast), marked as a
//!    forecast.
//!
//! So an outcome always wins over a forecast, a forecast never enters a
//! consolidation without the result saying so, and an indicator without
//! forecasts takes exactly the outcome path of [`Run::value`]. Earlier
//! periods (the trend's previous value, the value a year earlier, an
//! `improve` baseline, the rest of a window) are outcomes only.

use rust_decimal::Decimal;

use super::numbers::{add, div};
use super::values::Run;
use crate::compile::Ix;
use crate::error::Error;
use crate::model::Consolidation;
use crate::Period;

/// A value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Valued {
    pub(crate) value: Decimal,
    /// Consolidated from child orgs (for any period of a window).
    pub(crate) consolidated: bool,
    /// Rests on a forecast.
    pub(crate) forecast: bool,
}

impl Run<'_> {
    /// The value of `i` at `o` for the period evaluated `p`, window applied,
    /// a forecast standing in where no outcome exists.
    pub(super) fn value_of_period(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
    ) -> Result<Option<Valued>, Error> {
        let ind = &self.c.indicators[i as usize];
        if !ind.forecast_covered.contains(&o) {
            return Ok(self.value(i, o, p)?.map(|(value, consolidated)| Valued {
                value,
                consolidated,
                forecast: false,
            }));
        }
        let window = ind.window;
        let Some(first) = self.forecast_base(i, o, p)? else {
            return Ok(None);
        };
        if window <= 1 {
            return Ok(Some(first));
        }
        let what = || {
            format!(
                "the window mean of indicator {:?}",
                self.c.indicators[i as usize].id.as_str()
            )
        };
        let (mut sum, mut consolidated) = (first.value, first.consolidated);
        let mut at = p.checked_previous();
        for _ in 1..window {
            let Some(q) = at else { return Ok(None) };
            let Some((v, c)) = self.base(i, o, q)? else {
                return Ok(None);
            };
            sum = add(sum, v, &what)?;
            consolidated |= c;
            at = q.checked_previous();
        }
        Ok(div(sum, Decimal::from(window), &what)?.map(|value| Valued {
            value,
            consolidated,
            forecast: first.forecast,
        }))
    }

    /// The own, consolidated or forecast value of `i` at `o` for `p` (see
    /// the module docs for the order).
    ///
    /// Walks the forecast-covered part of `o`'s subtree depth first with an
    /// explicit stack, like [`Run::base`] (no recursion, whatever the
    /// depth); a child outside it takes the outcome path. Cost: linear in
    /// the covered orgs of the subtree; these values are not memoised,
    /// since only the period evaluated reads them.
    fn forecast_base(&mut self, i: Ix, o: Ix, p: Period) -> Result<Option<Valued>, Error> {
        /// A consolidation in progress at one org.
        struct Pending {
            org: Ix,
            next: usize,
            acc: Option<Decimal>,
            n: u32,
            forecast: bool,
        }
        let outcome = |v: Option<(Decimal, bool)>| {
            v.map(|(value, consolidated)| Valued {
                value,
                consolidated,
                forecast: false,
            })
        };
        let c = self.c;
        let ind = &c.indicators[i as usize];
        if !ind.forecast_covered.contains(&o) {
            return Ok(outcome(self.base(i, o, p)?));
        }
        if let Some(value) = c.own(i, o, p) {
            return Ok(outcome(Some((value, false))));
        }
        let how = ind.consolidation;
        let mut stack = vec![Pending {
            org: o,
            next: 0,
            acc: None,
            n: 0,
            forecast: false,
        }];
        let mut finished: Option<Option<Valued>> = None;
        loop {
            let top = stack
                .last_mut()
                .expect("the walk ends when the stack empties");
            let at = top.org;
            let what = || {
                format!(
                    "consolidating indicator {:?} at org {:?} for {p}",
                    ind.id.as_str(),
                    c.orgs[at as usize].id.as_str()
                )
            };
            if let Some(Some(cv)) = finished.take() {
                top.n += 1;
                top.forecast |= cv.forecast;
                top.acc = Some(match (top.acc, how) {
                    (None, _) => cv.value,
                    (Some(a), Consolidation::Sum | Consolidation::Mean) => add(a, cv.value, &what)?,
                    (Some(a), Consolidation::Min) => a.min(cv.value),
                    (Some(a), Consolidation::Max) => a.max(cv.value),
                    (Some(a), Consolidation::None) => a,
                });
            }
            let children: &[Ix] = if how == Consolidation::None {
                &[]
            } else {
                &c.orgs[at as usize].children
            };
            if let Some(&child) = children.get(top.next) {
                top.next += 1;
                if !ind.forecast_covered.contains(&child) {
                    finished = Some(outcome(self.base(i, child, p)?));
                } else if let Some(value) = c.own(i, child, p) {
                    finished = Some(outcome(Some((value, false))));
                } else {
                    stack.push(Pending {
                        org: child,
                        next: 0,
                        acc: None,
                        n: 0,
                        forecast: false,
                    });
                }
                continue;
            }
            let merged = match (top.acc, how) {
                (Some(a), Consolidation::Mean) => div(a, Decimal::from(top.n), &what)?,
                (a, _) => a,
            }
            .map(|value| Valued {
                value,
                consolidated: true,
                forecast: top.forecast,
            });
            let v = match (merged, ind.own_forecast(at, p)) {
                (Some(m), _) if !m.forecast => Some(m),
                (_, Some(value)) => Some(Valued {
                    value,
                    consolidated: false,
                    forecast: true,
                }),
                (m, None) => m,
            };
            stack.pop();
            if stack.is_empty() {
                return Ok(v);
            }
            finished = Some(v);
        }
    }
}

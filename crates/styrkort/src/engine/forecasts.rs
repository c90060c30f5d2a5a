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
    fn forecast_base(&mut self, i: Ix, o: Ix, p: Period) -> Result<Option<Valued>, Error> {
        let ind = &self.c.indicators[i as usize];
        if !ind.forecast_covered.contains(&o) {
            return Ok(self.base(i, o, p)?.map(|(value, consolidated)| Valued {
                value,
                consolidated,
                forecast: false,
            }));
        }
        if let Some(value) = ind.own(o, p) {
            return Ok(Some(Valued {
                value,
                consolidated: false,
                forecast: false,
            }));
        }
        let own_forecast = ind.own_forecast(o, p);
        let consolidation = ind.consolidation;
        let merged = if consolidation == Consolidation::None {
            None
        } else {
            let what = || {
                format!(
                    "consolidating indicator {:?} at org {:?} for {p}",
                    self.c.indicators[i as usize].id.as_str(),
                    self.c.orgs[o as usize].id.as_str()
                )
            };
            let mut acc: Option<Decimal> = None;
            let mut n = 0u32;
            let mut forecast = false;
            let children = &self.c.orgs[o as usize].children;
            for k in 0..children.len() {
                let child = self.c.orgs[o as usize].children[k];
                let Some(cv) = self.forecast_base(i, child, p)? else {
                    continue;
                };
                n += 1;
                forecast |= cv.forecast;
                acc = Some(match (acc, consolidation) {
                    (None, _) => cv.value,
                    (Some(a), Consolidation::Sum | Consolidation::Mean) => add(a, cv.value, &what)?,
                    (Some(a), Consolidation::Min) => a.min(cv.value),
                    (Some(a), Consolidation::Max) => a.max(cv.value),
                    (Some(a), Consolidation::None) => a,
                });
            }
            let value = match (acc, consolidation) {
                (Some(a), Consolidation::Mean) => div(a, Decimal::from(n), &what)?,
                (a, _) => a,
            };
            value.map(|value| Valued {
                value,
                consolidated: true,
                forecast,
            })
        };
        Ok(match (merged, own_forecast) {
            (Some(m), _) if !m.forecast => Some(m),
            (_, Some(value)) => Some(Valued {
                value,
                consolidated: false,
                forecast: true,
            }),
            (m, None) => m,
        })
    }
}

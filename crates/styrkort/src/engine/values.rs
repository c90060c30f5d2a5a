//! Indicator values: an org's own measurement, or the consolidation of its
//! children's values (`sum`, `mean`, `min`, `max`), and the window mean over
//! the period and the ones before it.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as FastMap;

use super::numbers::{add, div};
use crate::compile::{Compiled, Ix};
use crate::error::Error;
use crate::model::Consolidation;
use crate::Period;

/// Memoised base values by (indicator, org, period).
pub(crate) type BaseCache = FastMap<(Ix, Ix, Period), Option<(Decimal, bool)>>;

/// One computation: reads the compiled model, memoises base values.
pub(crate) struct Run<'a> {
    pub(crate) c: &'a Compiled,
    pub(crate) base: &'a mut BaseCache,
}

impl Run<'_> {
    /// The own or consolidated value of `i` at `o` for `p`, and whether it
    /// was consolidated.
    pub(super) fn base(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
    ) -> Result<Option<(Decimal, bool)>, Error> {
        let ind = &self.c.indicators[i as usize];
        if !ind.covered.contains(&o) {
            return Ok(None);
        }
        if let Some(v) = ind.own(o, p) {
            return Ok(Some((v, false)));
        }
        if ind.consolidation == Consolidation::None {
            return Ok(None);
        }
        // Only consolidated values are memoised: they are the costly ones.
        if let Some(v) = self.base.get(&(i, o, p)) {
            return Ok(*v);
        }
        let v = {
            let what = || {
                format!(
                    "consolidating indicator {:?} at org {:?} for {p}",
                    ind.id.as_str(),
                    self.c.orgs[o as usize].id.as_str()
                )
            };
            let mut acc: Option<Decimal> = None;
            let mut n = 0u32;
            let children = &self.c.orgs[o as usize].children;
            for k in 0..children.len() {
                let child = self.c.orgs[o as usize].children[k];
                let Some((cv, _)) = self.base(i, child, p)? else {
                    continue;
                };
                n += 1;
                acc = Some(match (acc, ind.consolidation) {
                    (None, _) => cv,
                    (Some(a), Consolidation::Sum | Consolidation::Mean) => add(a, cv, &what)?,
                    (Some(a), Consolidation::Min) => a.min(cv),
                    (Some(a), Consolidation::Max) => a.max(cv),
                    (Some(a), Consolidation::None) => a,
                });
            }
            match (acc, ind.consolidation) {
                (Some(a), Consolidation::Mean) => {
                    div(a, Decimal::from(n), &what)?.map(|m| (m, true))
                }
                (Some(a), _) => Some((a, true)),
                (None, _) => None,
            }
        };
        self.base.insert((i, o, p), v);
        Ok(v)
    }

    /// The value of `i` at `o` for `p`, window applied.
    pub(super) fn value(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
    ) -> Result<Option<(Decimal, bool)>, Error> {
        let window = self.c.indicators[i as usize].window;
        if window <= 1 {
            return self.base(i, o, p);
        }
        let mut sum = Decimal::ZERO;
        let mut consolidated = false;
        let mut at = Some(p);
        for _ in 0..window {
            let Some(q) = at else { return Ok(None) };
            let Some((v, c)) = self.base(i, o, q)? else {
                return Ok(None);
            };
            sum = add(sum, v, &|| {
                format!(
                    "the window mean of indicator {:?}",
                    self.c.indicators[i as usize].id.as_str()
                )
            })?;
            consolidated |= c;
            at = q.checked_previous();
        }
        let mean = div(sum, Decimal::from(window), &|| {
            format!(
                "the window mean of indicator {:?}",
                self.c.indicators[i as usize].id.as_str()
            )
        })?;
        Ok(mean.map(|m| (m, consolidated)))
    }
}

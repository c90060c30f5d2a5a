//! Indicator values: an org's own measurement, or the consolidation of its
//! children's values (`sum`, `mean`, `min`, `max`), and the window mean over
//! the period and the ones before it.
//!
//! Cost: a value is two binary searches, the org by rank among the
//! indicator's orgs with an outcome, then the period in its sorted run
//! (see `crate::compile::Outcomes`); a
//! consolidation visits the covered part of the subtree once per
//! (indicator, period), with an explicit stack (no recursion, whatever the
//! depth), and memoises every consolidated org on the way: linear in the
//! covered orgs. A consolidation for a period in which no org has an
//! outcome of the indicator (an annual figure read at a tertial) is none
//! without a walk.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as FastMap;

use super::numbers::{add, div};
use crate::compile::{Compiled, Ix, TargetInfo};
use crate::error::Error;
use crate::model::Consolidation;
use crate::Period;

/// Memoised base values by (indicator, org, period).
pub(crate) type BaseCache = FastMap<(Ix, Ix, Period), Option<(Decimal, bool)>>;

/// One computation: reads the compiled model, memoises base values.
pub(crate) struct Run<'a> {
    pub(crate) c: &'a Compiled,
    /// Consolidated values already known, read only: those of earlier
    /// periods of a series, shared by the threads of this one.
    pub(crate) shared: Option<&'a BaseCache>,
    /// Consolidated values memoised by this computation.
    pub(crate) base: &'a mut BaseCache,
    /// Nearest org with an org-specific target entry, by (indicator,
    /// period, org): see [`Run::target`](super::targets).
    pub(crate) near: NearCache,
    /// The last target looked up for an indicator without org-specific
    /// targets: (indicator, period, entry). Results come indicator by
    /// indicator, so this answers nearly every lookup of a period.
    pub(crate) last_target: Option<(Ix, Period, Option<&'a TargetInfo>)>,
}

/// Memoised target look-ups up the org tree by (indicator, period, org).
pub(crate) type NearCache = FastMap<(Ix, Period, Ix), Option<Ix>>;

/// A consolidation in progress at one org: the next child to visit and
/// what the children visited so far add up to.
struct Pending {
    org: Ix,
    next: usize,
    acc: Option<Decimal>,
    n: u32,
}

impl Run<'_> {
    /// The value of `i` at `o` for `p` when it needs no consolidation (or is
    /// memoised already): `Some(value)`; `None` when `o` must consolidate
    /// its children.
    #[allow(clippy::option_option)]
    fn settled(&self, i: Ix, o: Ix, p: Period) -> Option<Option<(Decimal, bool)>> {
        // An org with an own outcome is covered: the set is asked only
        // about the others (most children of a consolidation have one).
        if let Some(v) = self.c.own(i, o, p) {
            return Some(Some((v, false)));
        }
        self.unowned(i, o, p)
    }

    /// [`Run::settled`] for an org without an own outcome for `p`.
    #[allow(clippy::option_option)]
    fn unowned(&self, i: Ix, o: Ix, p: Period) -> Option<Option<(Decimal, bool)>> {
        let ind = &self.c.indicators[i as usize];
        if !ind.covered.contains(&o) {
            return Some(None);
        }
        if ind.consolidation == Consolidation::None {
            return Some(None);
        }
        // Only consolidated values are memoised: they are the costly ones.
        let key = (i, o, p);
        self.shared
            .and_then(|s| s.get(&key))
            .or_else(|| self.base.get(&key))
            .copied()
    }

    /// The own or consolidated value of `i` at `o` for `p`, and whether it
    /// was consolidated.
    ///
    /// Consolidation walks the covered part of `o`'s subtree depth first
    /// with an explicit stack of [`Pending`] orgs, not by recursion, so a
    /// deep org tree cannot overflow the thread's stack. Children are
    /// folded in the order of the model, each as soon as its value is
    /// known, so an overflow is reported where a recursive walk would meet
    /// it. Cost: linear in the covered orgs of the subtree, each of which
    /// is memoised for the period (a later call is one lookup).
    pub(super) fn base(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
    ) -> Result<Option<(Decimal, bool)>, Error> {
        match self.c.own(i, o, p) {
            Some(v) => Ok(Some((v, false))),
            None => self.consolidated(i, o, p),
        }
    }

    /// [`Run::base`] of an org known to have no own outcome for `p` (the
    /// caller looked): its consolidated value, if any.
    pub(super) fn consolidated(
        &mut self,
        i: Ix,
        o: Ix,
        p: Period,
    ) -> Result<Option<(Decimal, bool)>, Error> {
        if let Some(v) = self.unowned(i, o, p) {
            return Ok(v);
        }
        let ind = &self.c.indicators[i as usize];
        if ind.periods.binary_search(&p).is_err() {
            // No org has an outcome for `p`: every child would give none.
            return Ok(None);
        }
        let how = ind.consolidation;
        let orgs = &self.c.orgs;
        let mut stack = vec![Pending {
            org: o,
            next: 0,
            acc: None,
            n: 0,
        }];
        // The value of the child just finished, to fold into the top.
        let mut finished: Option<Option<(Decimal, bool)>> = None;
        loop {
            let top = stack
                .last_mut()
                .expect("the walk ends when the stack empties");
            let what = || {
                format!(
                    "consolidating indicator {:?} at org {:?} for {p}",
                    ind.id.as_str(),
                    orgs[top.org as usize].id.as_str()
                )
            };
            if let Some(Some((cv, _))) = finished.take() {
                top.n += 1;
                top.acc = Some(match (top.acc, how) {
                    (None, _) => cv,
                    (Some(a), Consolidation::Sum | Consolidation::Mean) => add(a, cv, &what)?,
                    (Some(a), Consolidation::Min) => a.min(cv),
                    (Some(a), Consolidation::Max) => a.max(cv),
                    (Some(a), Consolidation::None) => a,
                });
            }
            let children = &orgs[top.org as usize].children;
            if let Some(&child) = children.get(top.next) {
                top.next += 1;
                match self.settled(i, child, p) {
                    Some(v) => finished = Some(v),
                    None => stack.push(Pending {
                        org: child,
                        next: 0,
                        acc: None,
                        n: 0,
                    }),
                }
                continue;
            }
            let v = match (top.acc, how) {
                (Some(a), Consolidation::Mean) => {
                    div(a, Decimal::from(top.n), &what)?.map(|m| (m, true))
                }
                (Some(a), _) => Some((a, true)),
                (None, _) => None,
            };
            let done = stack.pop().expect("the top exists").org;
            self.base.insert((i, done, p), v);
            if stack.is_empty() {
                return Ok(v);
            }
            finished = Some(v);
        }
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

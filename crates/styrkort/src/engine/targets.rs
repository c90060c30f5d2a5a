//! Targets: which target entry applies to an indicator at an org in a
//! period (DESIGN.md §4, *Target*: the period decides first, then the org).
//!
//! Cost: at most five periods (the period and those enclosing it) times,
//! when the indicator has org-specific targets, a walk up the org's
//! ancestors to the nearest one with an entry for that period. The walk is
//! memoised per (indicator, period, org) in the computation ([`Run`]), and
//! stops at the first org already answered, so a computation visits each
//! org at most once per (indicator, period) however deep the tree: the
//! indicator pass stays linear in its pairs plus the orgs above them (it was
//! O(pairs × depth) on a deep chain with org-specific targets).

use super::values::Run;
use crate::compile::{Compiled, Ix, TargetInfo};
use crate::Period;

impl<'a> Run<'a> {
    pub(super) fn target(&mut self, i: Ix, o: Ix, p: Period) -> Option<&'a TargetInfo> {
        let c: &'a Compiled = self.c;
        let ind = &c.indicators[i as usize];
        if ind.targets.is_empty() {
            return None;
        }
        if !ind.org_targets {
            // The same entry for every org: look it up once per indicator.
            if let Some((li, lp, t)) = self.last_target {
                if (li, lp) == (i, p) {
                    return t;
                }
            }
            let t = std::iter::once(p)
                .chain(p.enclosing())
                .find_map(|q| ind.targets.get(&(None, q)));
            self.last_target = Some((i, p, t));
            return t;
        }
        for q in std::iter::once(p).chain(p.enclosing()) {
            // No entry for `q` at any org: nothing to look up or walk.
            let Ok(k) = ind.target_periods.binary_search_by_key(&q, |e| e.0) else {
                continue;
            };
            if ind.target_periods[k].1 {
                if let Some(a) = self.nearest_target_org(i, o, q) {
                    return ind.targets.get(&(Some(a), q));
                }
            }
            if let Some(t) = ind.targets.get(&(None, q)) {
                return Some(t);
            }
        }
        None
    }

    /// The nearest ancestor-or-self of `o` with an org-specific target entry
    /// of indicator `i` for exactly `q`, memoised for every org on the way.
    fn nearest_target_org(&mut self, i: Ix, o: Ix, q: Period) -> Option<Ix> {
        let c: &'a Compiled = self.c;
        let ind = &c.indicators[i as usize];
        let mut path = Vec::new();
        let mut at = Some(o);
        let found = loop {
            let Some(a) = at else { break None };
            if let Some(&known) = self.near.get(&(i, q, a)) {
                break known;
            }
            if ind.targets.contains_key(&(Some(a), q)) {
                break Some(a);
            }
            path.push(a);
            at = c.orgs[a as usize].parent;
        };
        for a in path {
            self.near.insert((i, q, a), found);
        }
        found
    }
}

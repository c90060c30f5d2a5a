//! Targets: which target entry applies to an indicator at an org in a
//! period (DESIGN.md §4, *Target*: the period decides first, then the org).
//!
//! Cost: at most five periods (the period and those enclosing it) times,
//! when the indicator has org-specific targets, the org's ancestors: a loop,
//! not recursion, but O(depth) hash probes per lookup. On real
//! organisations (depth under ten) that is constant; a pathological chain
//! with org-specific targets makes the indicator pass O(pairs × depth).

use super::values::Run;
use crate::compile::{Ix, TargetInfo};
use crate::Period;

impl Run<'_> {
    pub(super) fn target(&self, i: Ix, o: Ix, p: Period) -> Option<&'_ TargetInfo> {
        let ind = &self.c.indicators[i as usize];
        if ind.targets.is_empty() {
            return None;
        }
        std::iter::once(p).chain(p.enclosing()).find_map(|c| {
            let mut at = ind.org_targets.then_some(o);
            while let Some(a) = at {
                if let Some(t) = ind.targets.get(&(Some(a), c)) {
                    return Some(t);
                }
                at = self.c.orgs[a as usize].parent;
            }
            ind.targets.get(&(None, c))
        })
    }
}

//! What-if: the changes of a goal's items that bring it to a wanted status,
//! chosen per rule (see the module docs of [`crate::engine`], *What-if*).

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;

use super::goals::rank;
use super::numbers::{add, div, mul};
use crate::error::Error;
use crate::evaluation::{Evaluation, GoalItem, ItemKind};
use crate::json::normalised as n;
use crate::model::{Direction, RuleKind, TargetKind};
use crate::perspective::Status;
use crate::whatif::{ItemChange, Need, WhatIf, WHAT_IF_FORMAT};

impl Evaluation {
    /// What it takes for goal `goal` to reach `wanted` (`fulfilled` or
    /// `partly_fulfilled`): which of its items must change, to what, and by
    /// how much, computed exactly from its rule.
    ///
    /// ```
    /// use styrkort::{Decimal, Model, Status};
    /// let m = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
    ///      "targets": [{"period": "2025", "value": "62", "warning": "58"}],
    ///      "measurements": [{"period": "2025", "value": "60"}]}],
    ///   "goals": [{"id": "kf-1", "title": "Nöjda invånare", "level": "council",
    ///      "perspective": "citizen", "owner": "kf", "indicators": [{"indicator": "nmi"}]}]}"#)?;
    /// let w = m.evaluate(&"2025".parse()?)?.what_if("kf-1", Status::Fulfilled)?;
    /// assert!(w.reachable);
    /// assert_eq!(w.changes[0].needed, Some(Decimal::from(62)));
    /// assert_eq!(w.changes[0].change, Some(Decimal::from(2)));
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn what_if(&self, goal: &str, wanted: Status) -> Result<WhatIf, Error> {
        let g = self
            .goal(goal)
            .ok_or_else(|| Error::unknown("goal", goal))?;
        if !matches!(wanted, Status::Fulfilled | Status::PartlyFulfilled) {
            return Err(Error::unknown(
                "wanted status (fulfilled or partly_fulfilled)",
                wanted.as_str(),
            ));
        }
        let what = || format!("what-if for goal {goal:?} in {}", self.period);
        let assessed: Vec<&GoalItem> = g
            .items
            .iter()
            .filter(|it| it.status.score().is_some())
            .collect();
        let reached = assessed_status(g.computed_status).is_some_and(|s| rank(s) >= rank(wanted));
        let mut out = WhatIf {
            format: WHAT_IF_FORMAT,
            period: self.period,
            goal: g.goal.clone(),
            rule: g.rule,
            fulfilled_at: g.fulfilled_at,
            partly_at: g.partly_at,
            status: g.status,
            computed_status: g.computed_status,
            manual: g.manual,
            wanted,
            reached,
            reachable: true,
            need: Need::Nothing,
            changes: Vec::new(),
            explanation: String::new(),
        };
        let mut why = format!(
            "Goal {} is {} (rule {}{}",
            g.goal,
            g.status,
            g.rule.as_str(),
            match (g.fulfilled_at, g.partly_at) {
                (Some(f), Some(p)) => format!(", fulfilled at {}, partly at {}", n(f), n(p)),
                _ => String::new(),
            }
        );
        if g.manual {
            let _ = write!(
                why,
                "; set by manual assessment, the rule computes {}",
                g.computed_status
            );
        }
        why.push_str(").");
        if g.rule == RuleKind::Manual {
            why.push_str(
                " Under the manual rule only an assessment gives the status; what follows moves the advisory status computed by all_some_none.",
            );
        }
        if reached {
            let _ = write!(
                why,
                " Its computed status is at least {wanted} already; nothing has to change."
            );
            out.explanation = why;
            return Ok(out);
        }
        if assessed.is_empty() {
            out.reachable = false;
            why.push_str(
                " None of its items has a status yet (no outcome or no target), so no change of a value can be computed; enter the outcomes first.",
            );
            if let Some(a) = &g.activities {
                let _ = write!(
                    why,
                    " It is judged on its plans' activities: completion {} must reach {} for {wanted}.",
                    n(a.completion),
                    n(if wanted == Status::Fulfilled {
                        a.fulfilled_at
                    } else {
                        a.partly_at
                    })
                );
            }
            out.explanation = why;
            return Ok(out);
        }

        // The step of every assessed item that is below each level.
        let step = |it: &GoalItem, to: Status| self.step(it, to);
        let mut chosen: Vec<ItemChange> = Vec::new();
        let mut need = Need::All;
        let mut reachable = true;
        match g.rule {
            RuleKind::AllSomeNone | RuleKind::Manual if wanted == Status::PartlyFulfilled => {
                // Every assessed item is not fulfilled: any one reaching partly is enough.
                need = Need::AnyOne;
                why.push_str(" To be partly fulfilled, any one of its assessed items must reach at least partly fulfilled:");
                chosen.extend(assessed.iter().filter_map(|it| step(it, wanted)));
                reachable = !chosen.is_empty();
            }
            RuleKind::AllSomeNone | RuleKind::Manual | RuleKind::Worst => {
                let _ = write!(
                    why,
                    " To be {wanted}, every assessed item must be at least {wanted}:"
                );
                for it in assessed.iter().filter(|it| rank(it.status) < rank(wanted)) {
                    if let Some(c) = step(it, wanted) {
                        chosen.push(c);
                    } else {
                        reachable = false;
                        let _ = write!(
                            why,
                            " {} {} at {} cannot reach {wanted};",
                            kind_word(it.kind),
                            it.id,
                            it.org
                        );
                    }
                }
            }
            RuleKind::ShareFulfilled | RuleKind::WeightedScore => {
                let threshold = if wanted == Status::Fulfilled {
                    g.fulfilled_at
                } else {
                    g.partly_at
                }
                .unwrap_or(Decimal::ONE);
                let share = g.rule == RuleKind::ShareFulfilled;
                // Σw and the current sum over the assessed items.
                let mut sum_w = Decimal::ZERO;
                let mut sum = Decimal::ZERO;
                for it in &assessed {
                    sum_w = add(sum_w, it.weight, &what)?;
                    let s = if share {
                        if it.status == Status::Fulfilled {
                            Decimal::ONE
                        } else {
                            Decimal::ZERO
                        }
                    } else {
                        it.status.score().unwrap_or_default()
                    };
                    sum = add(sum, mul(it.weight, s, &what)?, &what)?;
                }
                let reaches = |sum: Decimal| -> Result<bool, Error> {
                    Ok(div(sum, sum_w, &what)?.unwrap_or_default() >= threshold)
                };
                let _ = write!(
                    why,
                    " Its {} is {} of at least {} needed; {}:",
                    if share { "fulfilled share" } else { "score" },
                    n(super::numbers::r4(
                        div(sum, sum_w, &what)?.unwrap_or_default()
                    )),
                    n(threshold),
                    if share {
                        "only fulfilled items count, so the fewest items are raised to fulfilled, the heaviest first"
                    } else {
                        "the fewest items are raised to fulfilled, the largest gain first, and then each one that can stop at partly fulfilled does"
                    }
                );
                // Candidates: items below fulfilled that can get there, the
                // largest gain first (ties in item order).
                let mut candidates: Vec<(Decimal, &GoalItem)> = Vec::new();
                for it in assessed.iter().filter(|it| it.status != Status::Fulfilled) {
                    let s = if share {
                        Decimal::ZERO
                    } else {
                        it.status.score().unwrap_or_default()
                    };
                    candidates.push((mul(it.weight, Decimal::ONE - s, &what)?, it));
                }
                candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
                let mut picked: Vec<(&GoalItem, Status)> = Vec::new();
                let mut total = sum;
                for (gain, it) in candidates {
                    if reaches(total)? {
                        break;
                    }
                    if step(it, Status::Fulfilled).is_none() {
                        continue;
                    }
                    total = add(total, gain, &what)?;
                    picked.push((it, Status::Fulfilled));
                }
                reachable = reaches(total)?;
                if reachable && !share {
                    // Stop at partly where that is still enough (a not
                    // fulfilled item gains w/2 less), the last picked first.
                    for k in (0..picked.len()).rev() {
                        let it = picked[k].0;
                        if it.status != Status::NotFulfilled {
                            continue;
                        }
                        let Some(c) = step(it, Status::PartlyFulfilled) else {
                            continue;
                        };
                        if c.to != Status::PartlyFulfilled {
                            continue;
                        }
                        let half = mul(it.weight, Decimal::new(5, 1), &what)?;
                        if reaches(total - half)? {
                            total -= half;
                            picked[k].1 = Status::PartlyFulfilled;
                        }
                    }
                }
                // In the order of the goal's items.
                for it in &assessed {
                    if let Some((_, to)) = picked.iter().find(|(p, _)| std::ptr::eq(*p, *it)) {
                        chosen.extend(step(it, *to));
                    }
                }
                if !reachable {
                    why.push_str(" even every item fulfilled that can be is not enough;");
                }
            }
        }
        for c in &chosen {
            let _ = write!(
                why,
                " {} {} at {}: {} → {}: {};",
                kind_word(c.kind),
                c.id,
                c.org,
                c.status,
                c.to,
                c.how
            );
        }
        if why.ends_with(';') || why.ends_with(':') {
            why.pop();
        }
        why.push('.');
        if !reachable {
            why.push_str(" It cannot reach the status by changing its assessed items.");
        }
        if g.manual {
            why.push_str(" The manual assessment still sets the final status.");
        }
        if assessed.len() < g.items.len() {
            why.push_str(
                " Items without a status (no data, not assessed) are left out, as the rule leaves them out; an outcome entered for one of them changes the answer.",
            );
        }
        out.reachable = reachable;
        out.need = if reachable { need } else { Need::Nothing };
        out.changes = if reachable { chosen } else { Vec::new() };
        out.explanation = why;
        Ok(out)
    }

    /// [`Evaluation::what_if`] with the wanted status by its JSON name
    /// (`fulfilled` or `partly_fulfilled`), for the bindings.
    pub fn what_if_named(&self, goal: &str, wanted: &str) -> Result<WhatIf, Error> {
        match wanted {
            "fulfilled" => self.what_if(goal, Status::Fulfilled),
            "partly_fulfilled" => self.what_if(goal, Status::PartlyFulfilled),
            other => Err(Error::unknown(
                "wanted status (fulfilled or partly_fulfilled)",
                other,
            )),
        }
    }

    /// What one item must do to reach at least `to`; `None` when it cannot.
    fn step(&self, it: &GoalItem, to: Status) -> Option<ItemChange> {
        let mut c = ItemChange {
            kind: it.kind,
            id: it.id.to_string(),
            org: it.org.clone(),
            weight: it.weight,
            status: it.status,
            to,
            value: None,
            needed: None,
            strict: false,
            change: None,
            rank: None,
            how: String::new(),
        };
        if it.kind == ItemKind::Goal {
            c.how = format!("goal {} must become at least {to}", it.id);
            return Some(c);
        }
        let r = self.indicator(it.id.as_str(), it.org.as_str())?;
        let ind = *self.compiled.ind_ix().get(it.id.as_str())?;
        let direction = self.compiled.indicators[ind as usize].direction;
        let v = r.value;
        c.value = v;
        let (raise, beyond, at_least) = match direction {
            Direction::HigherIsBetter => ("raise", "above", "at least"),
            Direction::LowerIsBetter => ("lower", "below", "at most"),
        };
        match r.target_kind? {
            TargetKind::Value => {
                let (needed, reached) = match (to, r.warning) {
                    (Status::PartlyFulfilled, Some(w)) => (w, Status::PartlyFulfilled),
                    _ => (r.target?, Status::Fulfilled),
                };
                c.to = reached;
                c.needed = Some(needed);
                let v = v?;
                c.change = Some(needed - v);
                c.how = format!(
                    "{raise} the value from {} to {at_least} {} ({})",
                    n(v),
                    n(needed),
                    signed(needed - v)
                );
            }
            TargetKind::Improve => {
                let b = r.target?;
                let v = v?;
                c.needed = Some(b);
                c.change = Some(b - v);
                if to == Status::Fulfilled {
                    c.strict = true;
                    c.how = format!(
                        "{raise} the value from {} to {beyond} {} (last year's value; {})",
                        n(v),
                        n(b),
                        signed(b - v)
                    );
                } else {
                    c.how = format!(
                        "{raise} the value from {} to {at_least} {} (last year's value; {})",
                        n(v),
                        n(b),
                        signed(b - v)
                    );
                }
            }
            TargetKind::Rank => {
                let j = r.rank.as_ref()?;
                let (limit, n_group) = (
                    if to == Status::Fulfilled {
                        j.best_up_to?
                    } else {
                        j.worst_above?
                    },
                    j.group_size?,
                );
                // The largest whole rank within the limit.
                let best = limit.floor().to_usize()?.min(n_group);
                if best == 0 {
                    return None;
                }
                c.rank = Some(best);
                c.value = r.comparison.as_ref().map(|k| k.value);
                c.how = format!(
                    "reach rank {best} or better of {n_group} among comparable municipalities (now {})",
                    j.rank?
                );
                // The value that gets there: the best-th best value of the
                // others (equal values share a rank, so reaching it is enough).
                if let (Some(needed), Some(v)) = (self.rank_value(ind, best), c.value) {
                    c.needed = Some(needed);
                    c.change = Some(needed - v);
                    let _ = write!(
                        c.how,
                        ": {raise} the value from {} to {at_least} {} ({}), the value of the municipality at rank {best} among the others",
                        n(v),
                        n(needed),
                        signed(needed - v)
                    );
                }
            }
        }
        Some(c)
    }
}

impl Evaluation {
    /// The `k`-th best value (1-based, by direction) of the comparison group
    /// without the municipality of indicator `i`'s Kolada source.
    fn rank_value(&self, i: crate::compile::Ix, k: usize) -> Option<Decimal> {
        let ind = &self.compiled.indicators[i as usize];
        let source = ind.kolada.as_ref()?;
        let own = source.municipality.as_deref()?;
        let mut others: Vec<Decimal> = self
            .comparison
            .as_ref()?
            .values(&source.kpi, self.period.year())
            .into_iter()
            .filter(|(m, _)| m != own)
            .map(|(_, v)| v)
            .collect();
        match ind.direction {
            Direction::HigherIsBetter => others.sort_unstable_by(|a, b| b.cmp(a)),
            Direction::LowerIsBetter => others.sort_unstable(),
        }
        others.get(k.checked_sub(1)?).copied()
    }
}

/// The status itself when it is an assessed one.
fn assessed_status(s: Status) -> Option<Status> {
    s.score().map(|_| s)
}

fn kind_word(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Goal => "goal",
        ItemKind::Indicator => "indicator",
    }
}

/// A signed change for the text: `+0.9`, `-0.5`.
fn signed(d: Decimal) -> String {
    if d.is_sign_negative() {
        n(d)
    } else {
        format!("+{}", n(d))
    }
}

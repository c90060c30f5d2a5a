//! Cutting a model into self-contained parts (*delmodeller*), one per
//! municipality or below any org, so that the parts can be evaluated
//! apart: on other processes or machines (the Python package's Dask
//! example), or one at a time when the whole does not fit.
//!
//! The part below an org `R` holds:
//!
//! - **orgs**: `R` and everything below it; `R` loses its parent (it is the
//!   part's root);
//! - **goals** owned by those orgs, with `contributes_to` and `applies_to`
//!   narrowed to what is in the part, and their manual assessments;
//! - **indicators** that those goals use, that those orgs own, or that have
//!   a measurement at one of those orgs; each with the measurements of the
//!   part's orgs only (a measurement without `org` belongs to the owner, as
//!   always) and the targets that can apply to them: targets without `org`,
//!   targets of the part's orgs, and, per period, the target of the nearest
//!   ancestor of `R` outside the part, which becomes `R`'s (unless `R` has
//!   its own for that period): the target found for any org of the part is
//!   then the one the whole model finds. An indicator owned outside the part
//!   is owned by `R` in it, its measurements naming their org;
//! - **action plans** owned by those orgs, their goals narrowed to the
//!   part's, an activity's `responsible` dropped when it is outside;
//! - **assignments** (*uppdrag*) given and received inside the part (one
//!   given from outside the part, which never happens between
//!   municipalities, is left out);
//! - the model's settings.
//!
//! What an evaluation of the part gives: every result of the part's orgs
//! and goals is what the whole model gives, as long as nothing of the part
//! depends on what is outside — a goal outside that contributes to a goal
//! of the part (only an operational goal contributing to another board's
//! goal does that, which validation warns about), or, for an indicator
//! owned outside, a Kolada comparison at its owner — and every scorecard
//! of the part whose goals are all in the part (an office's scorecard also
//! shows its board's goals, and a goal outside may `applies_to` an org
//! inside: a cut at an office leaves those out). Between
//! municipalities nothing depends on another municipality, so the parts of
//! [`split_municipalities`] evaluate to exactly the statuses of the whole
//! model (the property tests check it). What only the whole knows is lost
//! on purpose: links to goals outside (the part's validation may then warn
//! about a broken red thread that is whole in the model).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{ActionPlan, Goal, Indicator, Measurement, Model, Org, OrgKind, Target};
use crate::{Error, OrgId, Period};

impl Model {
    /// The part of the model below `root` ([`cut`]).
    pub fn cut(&self, root: &str) -> Result<Model, Error> {
        cut(self, root)
    }

    /// One part per municipality ([`split_municipalities`]).
    pub fn split_municipalities(&self) -> Result<Vec<(OrgId, Model)>, Error> {
        split_municipalities(self)
    }
}

/// The part of `model` below `root` (see the [module docs](self)).
///
/// ```
/// use styrkort::Model;
/// let m = Model::from_json(&std::fs::read_to_string("../../examples/exempelkommun.json")?)?;
/// let part = styrkort::partition::cut(&m, "utbn")?;
/// assert!(part.organisation.iter().any(|o| o.id.as_str() == "utbn" && o.parent.is_none()));
/// assert!(part.goals.iter().all(|g| part.organisation.iter().any(|o| o.id == g.owner)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cut(model: &Model, root: &str) -> Result<Model, Error> {
    let mut parts = cut_many(model, &[root])?;
    Ok(parts.pop().expect("one root gives one part"))
}

/// One part per municipality (every org of kind `municipality` that has no
/// municipality above it), in model order with its root's id; a model
/// without a municipality org is cut at each root of its org tree instead.
/// Orgs above the municipalities (if any) are in no part.
pub fn split_municipalities(model: &Model) -> Result<Vec<(OrgId, Model)>, Error> {
    let tree = Tree::new(model);
    let mut roots: Vec<&Org> = model
        .organisation
        .iter()
        .filter(|o| {
            o.kind == OrgKind::Municipality
                && !tree.ancestors(o.id.as_str()).any(|a| {
                    tree.orgs
                        .get(a)
                        .is_some_and(|o| o.kind == OrgKind::Municipality)
                })
        })
        .collect();
    if roots.is_empty() {
        roots = model
            .organisation
            .iter()
            .filter(|o| {
                o.parent
                    .as_ref()
                    .is_none_or(|p| !tree.orgs.contains_key(p.as_str()))
            })
            .collect();
    }
    let ids: Vec<&str> = roots.iter().map(|o| o.id.as_str()).collect();
    let parts = cut_many(model, &ids)?;
    Ok(roots.iter().map(|o| o.id.clone()).zip(parts).collect())
}

/// The parts below each of `roots`, in one pass over the model (cutting a
/// national model into its 290 municipalities reads every measurement
/// once). The subtrees must be disjoint: a root inside another root's
/// subtree is an error (`Error::Invalid`, code `overlapping_parts`), as is
/// an unknown root (`Error::UnknownId`).
pub fn cut_many(model: &Model, roots: &[&str]) -> Result<Vec<Model>, Error> {
    let tree = Tree::new(model);
    // org id → part index
    let mut part_of: HashMap<&str, usize> = HashMap::new();
    for (k, root) in roots.iter().enumerate() {
        if !tree.orgs.contains_key(root) {
            return Err(Error::UnknownId {
                kind: "org",
                id: (*root).to_string(),
            });
        }
        for o in tree.subtree(root) {
            if let Some(other) = part_of.insert(o, k) {
                return Err(Error::Invalid {
                    diagnostics: vec![Diagnostic::new(
                        "overlapping_parts",
                        Severity::Error,
                        format!("org:{o}"),
                        format!(
                            "org {o} is below both {} and {}: the parts of a cut must not overlap",
                            roots[other], root
                        ),
                    )],
                });
            }
        }
    }
    // the ancestors of each root, nearest first (for the targets set above it)
    let above: Vec<Vec<&str>> = roots.iter().map(|r| tree.ancestors(r).collect()).collect();

    let mut parts: Vec<Model> = roots
        .iter()
        .map(|_| Model {
            format: model.format.clone(),
            settings: model.settings.clone(),
            organisation: Vec::new(),
            indicators: Vec::new(),
            goals: Vec::new(),
            action_plans: Vec::new(),
            assignments: Vec::new(),
        })
        .collect();

    for o in &model.organisation {
        if let Some(&k) = part_of.get(o.id.as_str()) {
            let mut o = o.clone();
            if o.id.as_str() == roots[k] {
                o.parent = None;
            }
            parts[k].organisation.push(o);
        }
    }

    // goals, and which indicators each part's goals use
    let goal_part: HashMap<&str, usize> = model
        .goals
        .iter()
        .filter_map(|g| part_of.get(g.owner.as_str()).map(|&k| (g.id.as_str(), k)))
        .collect();
    let mut uses: HashMap<&str, HashSet<usize>> = HashMap::new();
    for g in &model.goals {
        let Some(&k) = part_of.get(g.owner.as_str()) else {
            continue;
        };
        for l in &g.indicators {
            uses.entry(l.indicator.as_str()).or_default().insert(k);
        }
        parts[k].goals.push(narrow_goal(g, k, &goal_part, &part_of));
    }

    for ind in &model.indicators {
        // the parts that need this indicator
        let mut need: Vec<usize> = uses
            .get(ind.id.as_str())
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        if let Some(&k) = part_of.get(ind.owner.as_str()) {
            need.push(k);
        }
        let mut measured: HashMap<usize, Vec<&Measurement>> = HashMap::new();
        for m in &ind.measurements {
            let org = m.org().unwrap_or(&ind.owner);
            if let Some(&k) = part_of.get(org.as_str()) {
                measured.entry(k).or_default().push(m);
            }
        }
        need.extend(measured.keys().copied());
        need.sort_unstable();
        need.dedup();
        for k in need {
            let root = roots[k];
            let owned_inside = part_of.get(ind.owner.as_str()) == Some(&k);
            let measurements = measured
                .get(&k)
                .map(|ms| {
                    ms.iter()
                        .map(|m| {
                            let mut m = (*m).clone();
                            if !owned_inside && m.org().is_none() {
                                m.set_org(Some(ind.owner.clone()));
                            }
                            m
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut part = Indicator {
                targets: narrow_targets(&ind.targets, k, root, &above[k], &part_of),
                measurements,
                ..ind_without_series(ind)
            };
            if !owned_inside {
                part.owner = OrgId::new(root).expect("a root is a valid org id");
            }
            parts[k].indicators.push(part);
        }
    }

    for p in &model.action_plans {
        if let Some(&k) = part_of.get(p.owner.as_str()) {
            parts[k]
                .action_plans
                .push(narrow_plan(p, k, &goal_part, &part_of));
        }
    }
    // An assignment goes with its assignee when the org that gave it is in
    // the same part (a council's assignments to its boards stay together);
    // one given across parts is in neither.
    for a in &model.assignments {
        let to = part_of.get(a.assigned_to.as_str());
        if let Some(&k) = to {
            if part_of.get(a.assigned_by.as_str()) == Some(&k) {
                parts[k].assignments.push(a.clone());
            }
        }
    }
    Ok(parts)
}

/// The indicator's definition without its targets and measurements (which
/// each part fills with its own), so that they are not cloned in vain.
fn ind_without_series(ind: &Indicator) -> Indicator {
    Indicator {
        id: ind.id.clone(),
        name: ind.name.clone(),
        description: ind.description.clone(),
        unit: ind.unit.clone(),
        direction: ind.direction,
        perspective: ind.perspective,
        owner: ind.owner.clone(),
        consolidation: ind.consolidation,
        partly_at: ind.partly_at,
        window: ind.window,
        source: ind.source.clone(),
        tags: ind.tags.clone(),
        targets: Vec::new(),
        measurements: Vec::new(),
    }
}

fn narrow_goal(
    g: &Goal,
    k: usize,
    goal_part: &HashMap<&str, usize>,
    part_of: &HashMap<&str, usize>,
) -> Goal {
    let mut g = g.clone();
    g.contributes_to
        .retain(|l| goal_part.get(l.goal.as_str()) == Some(&k));
    g.applies_to.retain(|o| part_of.get(o.as_str()) == Some(&k));
    g
}

fn narrow_plan(
    p: &ActionPlan,
    k: usize,
    goal_part: &HashMap<&str, usize>,
    part_of: &HashMap<&str, usize>,
) -> ActionPlan {
    let mut p = p.clone();
    p.goals.retain(|g| goal_part.get(g.as_str()) == Some(&k));
    for a in &mut p.activities {
        if a.responsible
            .as_ref()
            .is_some_and(|r| part_of.get(r.as_str()) != Some(&k))
        {
            a.responsible = None;
        }
    }
    p
}

/// The targets of part `k` (see the module docs): without org, of the
/// part's orgs, and per period the nearest ancestor's above `root`, moved
/// to `root` when `root` has none of its own for that period.
fn narrow_targets(
    targets: &[Target],
    k: usize,
    root: &str,
    above: &[&str],
    part_of: &HashMap<&str, usize>,
) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    // period → (distance above root, target)
    let mut inherited: Vec<(Period, usize, &Target)> = Vec::new();
    for t in targets {
        match &t.org {
            None => out.push(t.clone()),
            Some(o) if part_of.get(o.as_str()) == Some(&k) => out.push(t.clone()),
            Some(o) => {
                if let Some(d) = above.iter().position(|a| *a == o.as_str()) {
                    match inherited.iter_mut().find(|(p, _, _)| *p == t.period) {
                        Some(slot) if slot.1 > d => *slot = (t.period, d, t),
                        Some(_) => {}
                        None => inherited.push((t.period, d, t)),
                    }
                }
            }
        }
    }
    for (period, _, t) in inherited {
        let own = out
            .iter()
            .any(|x| x.period == period && x.org.as_ref().is_some_and(|o| o.as_str() == root));
        if !own {
            let mut t = t.clone();
            t.org = OrgId::new(root);
            out.push(t);
        }
    }
    out
}

/// The org tree, tolerant of the errors validation reports (unknown
/// parents, cycles): a walk never visits an org twice.
struct Tree<'m> {
    orgs: HashMap<&'m str, &'m Org>,
    children: HashMap<&'m str, Vec<&'m str>>,
}

impl<'m> Tree<'m> {
    fn new(model: &'m Model) -> Self {
        let mut orgs = HashMap::new();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for o in &model.organisation {
            orgs.insert(o.id.as_str(), o);
            if let Some(p) = &o.parent {
                children.entry(p.as_str()).or_default().push(o.id.as_str());
            }
        }
        Self { orgs, children }
    }

    /// `root` and every org below it.
    fn subtree(&self, root: &'m str) -> Vec<&'m str> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack = vec![root];
        let mut out = Vec::new();
        while let Some(o) = stack.pop() {
            if !seen.insert(o) {
                continue;
            }
            out.push(o);
            if let Some(cs) = self.children.get(o) {
                stack.extend(cs.iter().copied());
            }
        }
        out
    }

    /// The strict ancestors of `org`, nearest first.
    fn ancestors<'a>(&'a self, org: &str) -> impl Iterator<Item = &'m str> + 'a {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut next = self
            .orgs
            .get(org)
            .and_then(|o| o.parent.as_ref())
            .map(OrgId::as_str);
        std::iter::from_fn(move || {
            let cur = next.take()?;
            let o = self.orgs.get(cur)?;
            if !seen.insert(cur) {
                return None;
            }
            next = o.parent.as_ref().map(OrgId::as_str);
            Some(o.id.as_str())
        })
    }
}

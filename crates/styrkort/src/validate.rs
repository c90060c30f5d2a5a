//! Validation of a model: the red thread, references, cycles and values.
//!
//! [`Model::validate`] reports every problem at once as [`Diagnostic`]s,
//! errors first (then by subject, code and message). It never panics, also
//! not on cyclic or dangling models, and its cost grows linearly with the
//! model (plus sorting the scorecards and the diagnostics). A model with any
//! diagnostic of severity `error` is refused by the evaluation
//! ([`crate::Error::Invalid`]); warnings are reported with every
//! evaluation.
//!
//! # Cost
//!
//! No pass recurses and none walks the org tree once per org, so neither a
//! deep chain nor a long cycle of orgs or goals can overflow the stack or
//! make validation quadratic. With n orgs, i indicators, t targets,
//! m measurements, g goals, l links (`indicators`, `contributes_to`,
//! `applies_to`), p action plans, a activities, s scorecard entries and
//! d diagnostics, the passes cost (hash maps count as O(1) per look-up; an
//! id of a loaded model is found by its address, see `IdIndex`):
//!
//! | pass | cost |
//! |---|---|
//! | id indices and `duplicate_id` | O(n + i + g + p + a) |
//! | parents and responsible boards, once for all passes (one memoised walk up) | O(n) |
//! | orgs, `org_cycle` (one walk over each parent chain, three colours) | O(n) |
//! | indicators, targets, measurements (one org look-up per run of its measurements; repeats found in a table by period) | O(i + t + m) |
//! | goals, links, `cross_board_contribution` | O(g + l) |
//! | `goal_cycle` (Tarjan's algorithm with an explicit stack) | O(g + l + c log c), c the goals on cycles |
//! | action plans and activities | O(p + a + plan goals) |
//! | scorecards, `missing_perspective` | O(n + g + l + s log s), sorting goal indices |
//! | sorting the diagnostics | O(d log d) |
//!
//! For a large model the passes run on every core, each thread over its
//! share of the indicators, goals and plans; the diagnostics are sorted
//! afterwards, so their order does not depend on the threads.
//!
//! A chain of 100,000 orgs and a parent cycle of 100,000 orgs each validate
//! in about 0.1 s (the `shapes` bench in `benches/README.md`; it was over a
//! minute when the responsible boards were found by walking up from every
//! org), also on a thread with a 256 KiB stack.
//!
//! The `subject` of a diagnostic names what it is about as `kind:id`:
//! `org:ID`, `goal:ID`, `indicator:ID`, `action_plan:ID`, `activity:ID`,
//! `assignment:ID`, or `model` for the settings. The `message` is a sentence naming the ids,
//! periods and the offending field, e.g.
//! `goal "utbn-1": contributes_to[1] names unknown goal "kf-9"`.
//!
//! # Diagnostic codes
//!
//! The codes are stable: a code is never reused for another meaning. The
//! last four are not diagnostics: such values cannot be held by the model
//! types, so [`Model::from_json`] refuses them at load time with
//! [`crate::Error::Json`], naming the JSON path (`goals[0].indicators[1].weight`),
//! line and column. They are listed so that every refusal has a name.
//!
//! | code | severity | meaning | subject |
//! |---|---|---|---|
//! | `duplicate_id` | error | two orgs, indicators, goals or action plans share an id, or two activities anywhere in the model do (activity ids are unique across the whole model); one diagnostic per repeat | the repeated `org:`, `indicator:`, `goal:`, `action_plan:` or `activity:` id |
//! | `unknown_reference` | error | an id reference names nothing: an org's `parent`, an indicator's `owner`, a target's or measurement's `org`, a goal's `owner`, `indicators[].indicator`, `contributes_to[]` or `applies_to[]`, a plan's `owner` or `goals[]`, an activity's `responsible` | the referring org, indicator, goal, action plan or activity |
//! | `org_cycle` | error | the `parent` chain of the organisation runs in a circle; reported once per cycle | `org:` the smallest id in the cycle |
//! | `goal_cycle` | error | the `contributes_to` graph has a cycle; reported once per strongly connected set of goals (or a goal naming itself) | `goal:` the smallest id in the cycle |
//! | `wrong_level_link` | error | a `contributes_to` link does not point exactly one level up (operational → board, board → council); any link of a council goal is wrong | the linking goal |
//! | `wrong_owner_kind` | error | a goal's owner has the wrong kind for its level: council goals are owned by a `council`; board goals by a `board`, `executive_board` or `company`; operational goals by a `unit` or `provider` (an `office` shares its board's goals but owns no operational goals) | the goal |
//! | `invalid_weight` | error | a weight of an indicator link or a `contributes_to` link is zero or negative | the goal |
//! | `invalid_progress` | error | an activity's `progress` is outside 0–100 | the activity |
//! | `due_before_start` | error | an activity's `due` date is before its `start` date | the activity |
//! | `invalid_partly_at` | error | `settings.partly_at` or an indicator's `partly_at` is outside (0, 1] | `model` or the indicator |
//! | `duplicate_measurement` | error | two measurements of one indicator for the same org and period (a measurement without `org` belongs to the owner, so it collides with one naming the owner) | the indicator |
//! | `duplicate_forecast` | error | two forecasts (`"forecast": true`) of one indicator for the same org and period; a forecast and an outcome for the same org and period do not collide (the outcome wins) | the indicator |
//! | `duplicate_assessment` | error | two manual assessments of one goal for the same period | the goal |
//! | `invalid_rule` | error | a goal's `rule` or `settings.rule`: `weighted_score` / `share_fulfilled` without both `fulfilled_at` and `partly_at`, a threshold outside [0, 1], `partly_at` above `fulfilled_at`, or thresholds given to a rule that takes none | the goal, or `model` |
//! | `invalid_target` | error | a `value` target without `value`; an `improve` or `rank` target with `value` or `warning`; two targets of one indicator for the same period and `org` (a target without `org` and one naming an org do not collide) | the indicator |
//! | `invalid_change` | error | a target's `change` or `change_share` (the size of an `improve` target): given on a `value` target, both given, or zero or negative | the indicator |
//! | `invalid_window` | error | an indicator's `window` is 0 | the indicator |
//! | `misplaced_provider_kind` | error | the `provider` field is set on an org whose kind is not `provider` | the org |
//! | `duplicate_link` | error | a goal names the same indicator twice in `indicators`, or the same goal twice in `contributes_to` (the item would count twice) | the goal |
//! | `invalid_validity` | error | a validity that ends before it starts: a goal's, an indicator link's or a `contributes_to` link's `valid_to` before its `valid_from`, or a target's `valid_to` ending before its `period` does | the goal or the indicator |
//! | `invalid_assignment` | error | an assignment's `due` date is before its `decided` date, or two of its `reports` are for the same period | the assignment |
//! | `invalid_rank_target` | error | a target's `best_share` / `worst_share`: given on a target that is not `kind: rank`, a share outside (0, 1), or the two adding up to more than 1 | the indicator |
//! | `invalid_activity_judgement` | error | a goal's `activities` thresholds: outside [0, 1], or `partly_at` above `fulfilled_at` (defaults 1 and 0.5 count) | the goal |
//! | `broken_red_thread` | warning | a board or operational goal contributes to nothing (*röda tråden* is broken) | the goal |
//! | `uncovered_council_goal` | warning | no goal contributes to a council goal | the goal |
//! | `nothing_to_assess` | warning | a goal has no indicator and no contributing goal, so it can only be assessed manually (not reported when the goal is judged on the `activities` of a plan that lists it) | the goal |
//! | `indicator_without_target` | warning | an indicator has no targets | the indicator |
//! | `missing_perspective` | warning | an org's scorecard holds goals but none in one or more perspectives; one diagnostic per org naming the missing ones in the order citizen, society_environment, employees, economy | the org |
//! | `cross_board_contribution` | warning | an operational goal contributes to a board goal whose owner is not the responsible board of the operational goal's owner (the nearest ancestor-or-self of kind `board`, `executive_board` or `company`) | the operational goal |
//! | `link_outside_validity` | warning | a `contributes_to` link (within its goal's validity and its own) is in force in periods where the goal it names is not: in those periods the link counts for nothing (multi-year plans, *mål och budget 2024–2027*) | the linking goal |
//! | `rank_without_comparison_source` | warning | a `rank` target on an indicator whose `source.kolada` names no municipality (or names an OU): it is never ranked, so its status stays `not_assessed` | the indicator |
//! | `activities_without_plan` | warning | a goal asks to be judged on `activities`, but no action plan lists it | the goal |
//! | `bad_period` | load error | a period is not `2025`, `2025T2`, `2025Q3` or `2025-08` (canonical spelling only: `2025t2`, `2025-8`, `" 2025"` are refused); surfaces as [`crate::Error::Json`] | the JSON path |
//! | `bad_date` | load error | a date is not a calendar date written `YYYY-MM-DD`; surfaces as [`crate::Error::Json`] | the JSON path |
//! | `bad_decimal` | load error | a decimal is not a number, or cannot be held exactly (more than 28 significant digits are refused, never rounded); surfaces as [`crate::Error::Json`] | the JSON path |
//! | `unknown_field` | load error | a field the format does not know, e.g. a misspelt `weigth`; surfaces as [`crate::Error::Json`] whose path ends in the unknown field itself (`goals[0].indicators[0].weigth`) and whose message names the field and the expected ones | the JSON path |
//!
//! ```
//! use styrkort::{validate, Model, Severity};
//! let m = Model::from_json(r#"{"format": "styrkort/1",
//!   "organisation": [{"id": "kf", "name": "KF", "kind": "council"},
//!                    {"id": "utbn", "name": "Utbildningsnämnden", "kind": "board", "parent": "kf"}],
//!   "goals": [{"id": "utbn-1", "title": "Alla elever når målen", "level": "board",
//!              "perspective": "medborgare", "owner": "utbn", "contributes_to": ["kf-9"]}]}"#)?;
//! let d = m.validate();
//! assert!(validate::has_errors(&d));
//! assert_eq!(d[0].code, "unknown_reference");
//! assert_eq!(d[0].severity, Severity::Error);
//! assert_eq!(d[0].subject, "goal:utbn-1");
//! assert_eq!(d[0].message, r#"goal "utbn-1": contributes_to[0] names unknown goal "kf-9""#);
//! # Ok::<(), styrkort::Error>(())
//! ```

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use rust_decimal::Decimal;

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::IdIndex;
use crate::model::{Level, Model, OrgKind, Rule, TargetKind};
use crate::perspective::Perspective;
use crate::scorecard;
use crate::Period;

/// Every diagnostic code [`Model::validate`] can report, with its severity,
/// in the order of the [table](self#diagnostic-codes).
pub const CODES: [(&str, Severity); 32] = [
    ("duplicate_id", Severity::Error),
    ("unknown_reference", Severity::Error),
    ("org_cycle", Severity::Error),
    ("goal_cycle", Severity::Error),
    ("wrong_level_link", Severity::Error),
    ("wrong_owner_kind", Severity::Error),
    ("invalid_weight", Severity::Error),
    ("invalid_progress", Severity::Error),
    ("due_before_start", Severity::Error),
    ("invalid_partly_at", Severity::Error),
    ("duplicate_measurement", Severity::Error),
    ("duplicate_forecast", Severity::Error),
    ("duplicate_assessment", Severity::Error),
    ("invalid_rule", Severity::Error),
    ("invalid_target", Severity::Error),
    ("invalid_change", Severity::Error),
    ("invalid_window", Severity::Error),
    ("misplaced_provider_kind", Severity::Error),
    ("duplicate_link", Severity::Error),
    ("invalid_validity", Severity::Error),
    ("invalid_assignment", Severity::Error),
    ("invalid_rank_target", Severity::Error),
    ("invalid_activity_judgement", Severity::Error),
    ("broken_red_thread", Severity::Warning),
    ("uncovered_council_goal", Severity::Warning),
    ("nothing_to_assess", Severity::Warning),
    ("indicator_without_target", Severity::Warning),
    ("missing_perspective", Severity::Warning),
    ("cross_board_contribution", Severity::Warning),
    ("link_outside_validity", Severity::Warning),
    ("rank_without_comparison_source", Severity::Warning),
    ("activities_without_plan", Severity::Warning),
];

/// The codes of problems [`Model::from_json`] refuses at load time (as
/// [`crate::Error::Json`]), listed in the [table](self#diagnostic-codes)
/// but never reported as diagnostics.
pub const LOAD_CODES: [&str; 4] = ["bad_period", "bad_date", "bad_decimal", "unknown_field"];

/// Whether any of `diagnostics` is an error (the evaluation would refuse the model).
///
/// ```
/// use styrkort::validate::{has_errors, Diagnostic, Severity};
/// let w = Diagnostic::new("indicator_without_target", Severity::Warning, "indicator:nmi", "…");
/// assert!(!has_errors(&[w]));
/// ```
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

impl Model {
    /// Checks the model and reports every problem at once, errors first,
    /// then by subject and code. See the [module docs](crate::validate) for
    /// the table of codes.
    ///
    /// ```
    /// use styrkort::Model;
    /// let m = Model::from_json(r#"{"format": "styrkort/1", "organisation": [
    ///   {"id": "kf", "name": "KF", "kind": "council", "parent": "nowhere"}]}"#)?;
    /// let d = m.validate();
    /// assert!(d.iter().any(|d| d.code == "unknown_reference" && d.subject == "org:kf"));
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_indexed().0
    }

    /// [`Model::validate`], and what it found out about the model that
    /// compiling needs too ([`Index`]), so that [`Model::compile`] does not
    /// look every id up a second time.
    ///
    /// The passes run on every core for a large model, each thread over
    /// its share of the indicators, goals and plans; the diagnostics are
    /// then sorted, so the order is the same on any number of threads.
    pub(crate) fn validate_indexed(&self) -> (Vec<Diagnostic>, Index<'_>) {
        let v = Validator::new(self);
        let threads = crate::compile::threads_for(self.indicators.len() + self.goals.len());
        let shares: Vec<usize> = (0..threads).collect();
        // The indicators' work varies a lot from one to the next (from one
        // measurement to thousands, at one org or hundreds): each share takes
        // the next block of them when it is free, so the shares end together.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let parts = crate::engine::in_chunks(&shares, threads, |share| {
            share
                .iter()
                .map(|&t| v.share(t, threads, &next))
                .collect::<Vec<_>>()
        });
        let mut out = v.first.0;
        let mut scorecards = Vec::new();
        for (part, cards) in parts.into_iter().flatten() {
            out.extend(part.0);
            if let Some(cards) = cards {
                scorecards = cards;
            }
        }
        sort(&mut out);
        let index = Index {
            org_ix: v.org_ix,
            goal_ix: v.goal_ix,
            scorecards,
            goal_refs: v.refs,
        };
        (out, index)
    }
}

/// Every id reference of the goals (owner, `indicators`, `contributes_to`)
/// as a position, `None` where it names nothing: looked up once, on every
/// core for a large model, for all the passes and for compiling.
pub(crate) struct GoalRefs {
    /// Per goal, its owner's position in `organisation`.
    pub(crate) owner: Vec<Option<u32>>,
    /// Where each goal's indicator links start in `ind` (one more entry
    /// than goals).
    ind_at: Vec<usize>,
    ind: Vec<Option<u32>>,
    /// Where each goal's `contributes_to` links start in `up`.
    up_at: Vec<usize>,
    up: Vec<Option<u32>>,
}

impl GoalRefs {
    fn new(m: &Model, org_ix: &IdIndex<'_>, ind_ix: &IdIndex<'_>, goal_ix: &IdIndex<'_>) -> Self {
        // Positions stay far below 2^32 (checked before compiling).
        #[allow(clippy::cast_possible_truncation)]
        let pos = |i: Option<usize>| i.map(|i| i as u32);
        let starts = |len: &dyn Fn(&crate::model::Goal) -> usize| {
            let mut at = Vec::with_capacity(m.goals.len() + 1);
            at.push(0);
            for g in &m.goals {
                at.push(at[at.len() - 1] + len(g));
            }
            at
        };
        let threads = crate::compile::threads_for(m.goals.len());
        let parts = crate::engine::in_chunks(&m.goals, threads, |chunk| {
            let mut owner = Vec::with_capacity(chunk.len());
            let (mut ind, mut up) = (Vec::new(), Vec::new());
            for g in chunk {
                owner.push(pos(org_ix.get(g.owner.as_str())));
                ind.extend(
                    g.indicators
                        .iter()
                        .map(|l| pos(ind_ix.get(l.indicator.as_str()))),
                );
                up.extend(
                    g.contributes_to
                        .iter()
                        .map(|l| pos(goal_ix.get(l.goal.as_str()))),
                );
            }
            (owner, ind, up)
        });
        let mut refs = Self {
            owner: Vec::with_capacity(m.goals.len()),
            ind_at: starts(&|g| g.indicators.len()),
            ind: Vec::new(),
            up_at: starts(&|g| g.contributes_to.len()),
            up: Vec::new(),
        };
        refs.ind.reserve(refs.ind_at[m.goals.len()]);
        refs.up.reserve(refs.up_at[m.goals.len()]);
        for (owner, ind, up) in parts {
            refs.owner.extend(owner);
            refs.ind.extend(ind);
            refs.up.extend(up);
        }
        refs
    }

    /// The positions of goal `g`'s indicators, parallel to its `indicators`.
    pub(crate) fn indicators(&self, g: usize) -> &[Option<u32>] {
        &self.ind[self.ind_at[g]..self.ind_at[g + 1]]
    }

    /// The positions of the goals `g` contributes to, parallel to its
    /// `contributes_to`.
    pub(crate) fn upper(&self, g: usize) -> &[Option<u32>] {
        &self.up[self.up_at[g]..self.up_at[g + 1]]
    }
}

/// Reports each link of a list that names the same id as an earlier one,
/// with the nearest such earlier one: `report(k, j)`. Links are the same
/// when their positions are (`refs`, both known) or their texts are (both
/// unknown). Pairwise for a short list, by a hash map (`seen`, reused)
/// for a long one.
fn repeated_links<'a>(
    refs: &[Option<u32>],
    text: impl Fn(usize) -> &'a str,
    seen: &mut HashMap<&'a str, usize>,
    mut report: impl FnMut(usize, usize),
) {
    if refs.len() <= 16 {
        for k in 1..refs.len() {
            let same = |j: usize| match (refs[j], refs[k]) {
                (Some(a), Some(b)) => a == b,
                (None, None) => text(j) == text(k),
                _ => false,
            };
            if let Some(j) = (0..k).rev().find(|&j| same(j)) {
                report(k, j);
            }
        }
        return;
    }
    seen.clear();
    for k in 0..refs.len() {
        if let Some(j) = seen.insert(text(k), k) {
            report(k, j);
        }
    }
}

/// What validation learns about a model that compiling it needs too
/// ([`Model::validate_indexed`]).
pub(crate) struct Index<'m> {
    /// Each org id's index in `organisation` (the first, if repeated).
    pub(crate) org_ix: IdIndex<'m>,
    /// Each goal id's index in `goals`.
    pub(crate) goal_ix: IdIndex<'m>,
    /// Per org, the goals of its scorecard, in index order
    /// ([`scorecard::scorecard_goals`]).
    pub(crate) scorecards: Vec<Vec<usize>>,
    /// The goals' references.
    pub(crate) goal_refs: GoalRefs,
}

/// A number for the org id `o`, equal for equal ids: its index when it is
/// known (the first of the `n` orgs with that id), else `n` and on,
/// numbered in `unknown` as met.
fn org_key<'m>(
    org_ix: &IdIndex<'m>,
    n: usize,
    unknown: &mut HashMap<&'m str, u32>,
    o: &'m str,
) -> u32 {
    // Ids and counts stay far below 2^32: a model that large does not fit
    // in memory.
    #[allow(clippy::cast_possible_truncation)]
    if let Some(i) = org_ix.get(o) {
        i as u32
    } else {
        let next = (n + unknown.len()) as u32;
        *unknown.entry(o).or_insert(next)
    }
}

/// Reports `measurements[k]` of indicator `id` at `org` as a repeat of
/// `measurements[first]`: `duplicate_forecast` for a forecast, else
/// `duplicate_measurement`. Both checks of the measurements (hashed and by
/// runs) report through it, so they cannot word it differently.
fn repeated_measurement(
    out: &mut Out,
    id: &str,
    org: &str,
    meas: &crate::model::Measurement,
    k: usize,
    first: usize,
) {
    let (code, what, advice) = if meas.is_forecast() {
        (
            "duplicate_forecast",
            "forecast",
            "; keep one forecast per period (the latest)",
        )
    } else {
        ("duplicate_measurement", "measurement", "")
    };
    out.err(
        code,
        format!("indicator:{id}"),
        format!(
            "indicator {}: measurements[{k}] repeats the {what} of measurements[{first}] for org {} in period {}{advice}",
            Q(id),
            Q(org),
            meas.period()
        ),
    );
}

/// The measurements of the current run by (period, forecast): for each
/// the stamp of the run it was last seen in and the index of its first
/// measurement there. A table of every period of the years 0–9999, 20 a
/// year (the year, 3 tertials, 4 quarters, 12 months), for outcomes and
/// forecasts: 3.2 MB, made once per thread; starting a run costs nothing
/// (a new stamp).
struct PeriodStamps {
    table: Vec<(u32, u32)>,
    stamp: u32,
}

/// What [`PeriodStamps::mark`] found.
enum Mark {
    /// The first measurement of its period in the run.
    First,
    /// A repeat of the measurement with this index.
    Repeat(u32),
    /// A year outside the table.
    Outside,
}

impl PeriodStamps {
    const YEARS: usize = 10_000;

    fn new() -> Self {
        Self {
            table: Vec::new(),
            stamp: 0,
        }
    }

    /// Starts a run: what was marked before no longer counts.
    fn next_run(&mut self) {
        if self.table.is_empty() {
            self.table = vec![(0, 0); Self::YEARS * 20 * 2];
        }
        if self.stamp == u32::MAX {
            self.table.fill((0, 0));
            self.stamp = 0;
        }
        self.stamp += 1;
    }

    /// Marks measurement `k` for (`p`, `forecast`) in the current run.
    fn mark(&mut self, p: Period, forecast: bool, k: u32) -> Mark {
        let Some(year) = usize::try_from(p.year()).ok().filter(|&y| y < Self::YEARS) else {
            return Mark::Outside;
        };
        let i = usize::from(p.index());
        let slot = match p.kind() {
            crate::PeriodKind::Year => 0,
            crate::PeriodKind::Tertial => i,
            crate::PeriodKind::Quarter => 3 + i,
            crate::PeriodKind::Month => 7 + i,
        };
        if slot >= 20 {
            return Mark::Outside;
        }
        let at = &mut self.table[(year * 20 + slot) * 2 + usize::from(forecast)];
        if at.0 == self.stamp {
            return Mark::Repeat(at.1);
        }
        *at = (self.stamp, k);
        Mark::First
    }
}

/// Sorts diagnostics: errors first, then by subject, code and message.
/// O(d log d) for d diagnostics.
pub(crate) fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| {
        (a.severity, &a.subject, &a.code, &a.message)
            .cmp(&(b.severity, &b.subject, &b.code, &b.message))
    });
}

/// Quotes an id for a message: `"utbn-1"`.
struct Q<'a>(&'a str);

impl fmt::Display for Q<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// Where a validation pass puts its diagnostics; the passes run on
/// several threads, each into its own, and [`sort`] puts them in order.
#[derive(Default)]
struct Out(Vec<Diagnostic>);

impl Out {
    fn err(&mut self, code: &str, subject: String, message: String) {
        self.0
            .push(Diagnostic::new(code, Severity::Error, subject, message));
    }

    fn warn(&mut self, code: &str, subject: String, message: String) {
        self.0
            .push(Diagnostic::new(code, Severity::Warning, subject, message));
    }

    fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
}

/// At most this many ids are spelt out in a cycle's message.
const CYCLE_LIST_MAX: usize = 12;

struct Validator<'m> {
    m: &'m Model,
    org_ix: IdIndex<'m>,
    goal_ix: IdIndex<'m>,
    /// Per goal, the position of the first goal with its id (its own,
    /// unless the id repeats).
    goal_first: Vec<usize>,
    /// The goals' references.
    refs: GoalRefs,
    /// The parent of each org (by index), computed once for every pass.
    parents: Vec<Option<usize>>,
    /// The responsible board of each org, computed once.
    boards: Vec<Option<usize>>,
    /// How many `contributes_to` links name each goal (by its first index).
    contributors: Vec<usize>,
    /// Whether some action plan lists each goal (by its first index).
    planned: Vec<bool>,
    /// The diagnostics of indexing the ids (`duplicate_id`).
    first: Out,
}

impl<'m> Validator<'m> {
    /// Indexes the ids (the goals' on a thread of their own for a large
    /// model) and resolves what every pass needs. O(n + i + g + p + a + l).
    fn new(m: &'m Model) -> Self {
        let goals = || {
            let mut goal_ix = IdIndex::with_capacity(m.goals.len());
            let mut out = Vec::new();
            let goal_first = index_kind(
                m.goals.iter().map(|g| g.id.as_str()),
                "goal",
                "goals",
                &mut goal_ix,
                &mut out,
            );
            (goal_ix, goal_first, out)
        };
        let (others, (goal_ix, goal_first, mut first)) =
            if crate::compile::threads_for(m.goals.len()) > 1 {
                std::thread::scope(|scope| {
                    let goals = scope.spawn(goals);
                    let others = Self::index_others(m);
                    let goals = goals
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p));
                    (others, goals)
                })
            } else {
                (Self::index_others(m), goals())
            };
        let (org_ix, ind_ix, more) = others;
        first.extend(more);
        let parents = scorecard::parents(m, &org_ix);
        let boards = scorecard::responsible_boards(m, &parents);
        let refs = GoalRefs::new(m, &org_ix, &ind_ix, &goal_ix);
        let mut contributors = vec![0; m.goals.len()];
        for u in refs.up.iter().flatten() {
            contributors[*u as usize] += 1;
        }
        let mut planned = vec![false; m.goals.len()];
        for p in &m.action_plans {
            for g in &p.goals {
                if let Some(g) = goal_ix.get(g.as_str()) {
                    planned[g] = true;
                }
            }
        }
        Self {
            m,
            org_ix,
            goal_ix,
            goal_first,
            refs,
            parents,
            boards,
            contributors,
            planned,
            first: Out(first),
        }
    }

    /// Share `t` of `threads` of the passes: its part of the goals and
    /// plans, (the first share) the passes over the whole model, whose
    /// last, the scorecards, gives each org's scorecard, (the last share)
    /// the goal cycles, and then blocks of the indicators, taken from
    /// `next` while any are left.
    #[allow(clippy::type_complexity)]
    fn share(
        &self,
        t: usize,
        threads: usize,
        next: &std::sync::atomic::AtomicUsize,
    ) -> (Out, Option<Vec<Vec<usize>>>) {
        /// Indicators per block: small enough that the shares end
        /// together, large enough that taking one costs nothing.
        const BLOCK: usize = 64;
        let m = self.m;
        let part = |n: usize| n * t / threads..n * (t + 1) / threads;
        let mut out = Out::default();
        self.goals(&mut out, part(m.goals.len()));
        self.plans(&mut out, part(m.action_plans.len()));
        self.validities(&mut out, part(m.goals.len()), part(m.indicators.len()));
        if t + 1 == threads {
            self.goal_cycles(&mut out);
        }
        let cards = (t == 0).then(|| {
            self.orgs(&mut out);
            self.assignments(&mut out);
            self.settings(&mut out);
            self.scorecards(&mut out)
        });
        let n = m.indicators.len();
        let blocks = std::iter::from_fn(|| {
            let from = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
            (from < n).then(|| from..(from + BLOCK).min(n))
        });
        self.indicators(&mut out, blocks);
        (out, cards)
    }

    /// The indices of the org and indicator ids (first occurrence wins),
    /// and `duplicate_id` of those and of the action plans and activities.
    /// O(n + i + p + a).
    #[allow(clippy::type_complexity)]
    fn index_others(m: &'m Model) -> (IdIndex<'m>, IdIndex<'m>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let mut org_ix = IdIndex::with_capacity(m.organisation.len());
        index_kind(
            m.organisation.iter().map(|o| o.id.as_str()),
            "org",
            "organisation",
            &mut org_ix,
            &mut out,
        );
        let mut ind_ix = IdIndex::with_capacity(m.indicators.len());
        index_kind(
            m.indicators.iter().map(|i| i.id.as_str()),
            "indicator",
            "indicators",
            &mut ind_ix,
            &mut out,
        );
        let mut plan_ix = IdIndex::with_capacity(m.action_plans.len());
        index_kind(
            m.action_plans.iter().map(|p| p.id.as_str()),
            "action_plan",
            "action_plans",
            &mut plan_ix,
            &mut out,
        );
        // Activity ids are unique across the model, so they are indexed by (plan, activity).
        let mut act_ix: HashMap<&str, (usize, usize)> = HashMap::default();
        for (p, plan) in m.action_plans.iter().enumerate() {
            for (a, act) in plan.activities.iter().enumerate() {
                if let Some(&(fp, fa)) = act_ix.get(act.id.as_str()) {
                    out.push(duplicate_id(
                        "activity",
                        act.id.as_str(),
                        &format!("action_plans[{p}].activities[{a}]"),
                        &format!("action_plans[{fp}].activities[{fa}]"),
                    ));
                } else {
                    act_ix.insert(act.id.as_str(), (p, a));
                }
            }
        }
        (org_ix, ind_ix, out)
    }

    fn org_known(&self, id: &str) -> bool {
        self.org_ix.contains(id)
    }

    /// Unknown parents, misplaced provider kinds and cycles of the
    /// organisation. O(n).
    fn orgs(&self, out: &mut Out) {
        let m = self.m;
        for (i, o) in m.organisation.iter().enumerate() {
            let subject = || format!("org:{}", o.id);
            if let Some(p) = &o.parent {
                // `parents` holds the known parents, looked up once.
                if self.parents[i].is_none() {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "org {}: parent names unknown org {}",
                            Q(o.id.as_str()),
                            Q(p.as_str())
                        ),
                    );
                }
            }
            if let (Some(pk), true) = (o.provider, o.kind != OrgKind::Provider) {
                let pk = match pk {
                    crate::model::ProviderKind::Municipal => "municipal",
                    crate::model::ProviderKind::Independent => "independent",
                    crate::model::ProviderKind::Private => "private",
                };
                out.err(
                    "misplaced_provider_kind",
                    subject(),
                    format!(
                        "org {}: provider is {pk:?}, but the org is of kind {:?}; only an org of kind \"provider\" has a provider kind",
                        Q(o.id.as_str()),
                        o.kind.as_str()
                    ),
                );
            }
        }
        self.org_cycles(out);
    }

    /// Reports each cycle of the parent chain once. Every org has at most
    /// one parent, so walking each chain once with three colours finds every
    /// cycle: O(n), each org is put on a walk once, and a cycle's report
    /// reads it once more (its message names at most [`CYCLE_LIST_MAX`] ids).
    fn org_cycles(&self, out: &mut Out) {
        let parents = &self.parents;
        let n = parents.len();
        // 0 = unseen, 1 = on the current walk, 2 = finished.
        let mut state = vec![0u8; n];
        let mut walk: Vec<usize> = Vec::new();
        let mut pos = vec![usize::MAX; n];
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            walk.clear();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    0 => {
                        state[i] = 1;
                        pos[i] = walk.len();
                        walk.push(i);
                        at = parents[i];
                    }
                    1 => {
                        let cycle = &walk[pos[i]..];
                        self.report_org_cycle(out, cycle);
                        break;
                    }
                    _ => break,
                }
            }
            for &i in &walk {
                state[i] = 2;
            }
        }
    }

    fn report_org_cycle(&self, out: &mut Out, cycle: &[usize]) {
        let m = self.m;
        let id = |i: usize| m.organisation[i].id.as_str();
        // `cycle` is in child → parent order; start the listing at the smallest id.
        let start = (0..cycle.len())
            .min_by(|&a, &b| id(cycle[a]).cmp(id(cycle[b])))
            .unwrap_or(0);
        let smallest = id(cycle[start]);
        let chain = cycle_listing(
            (0..=cycle.len()).map(|k| id(cycle[(start + k) % cycle.len()])),
            cycle.len() + 1,
        );
        out.err(
            "org_cycle",
            format!("org:{smallest}"),
            format!(
                "org {}: the parent chain {chain} is a cycle of {} org(s); the organisation must be a tree",
                Q(smallest),
                cycle.len()
            ),
        );
    }

    /// Owners, bands, windows, targets and measurements of the indicators
    /// in `parts` (ranges of positions).
    /// O(i + t + m): one hash-set insert per target and per measurement.
    fn indicators(&self, out: &mut Out, parts: impl Iterator<Item = std::ops::Range<usize>>) {
        let m = self.m;
        // Reused per indicator, so memory stays bounded by the largest indicator.
        // Measurements are told apart by (org, period, forecast), the org
        // as a number ([`org_key`]): hashing its text per measurement was
        // most of the validation time at national scale.
        let mut seen_m: HashMap<(u32, Period, bool), usize> = HashMap::default();
        let mut stamps = PeriodStamps::new();
        let mut unknown_orgs: HashMap<&str, u32> = HashMap::default();
        let mut seen_t: HashMap<(Option<&str>, Period), usize> = HashMap::default();
        for ind in parts.flat_map(|part| &m.indicators[part]) {
            let id = ind.id.as_str();
            let subject = || format!("indicator:{id}");
            if !self.org_known(ind.owner.as_str()) {
                out.err(
                    "unknown_reference",
                    subject(),
                    format!(
                        "indicator {}: owner names unknown org {}",
                        Q(id),
                        Q(ind.owner.as_str())
                    ),
                );
            }
            if let Some(p) = ind.partly_at {
                if !partly_at_ok(p) {
                    out.err(
                        "invalid_partly_at",
                        subject(),
                        format!(
                            "indicator {}: partly_at is {p}; it must be greater than 0 and at most 1",
                            Q(id)
                        ),
                    );
                }
            }
            if ind.window == Some(0) {
                out.err(
                    "invalid_window",
                    subject(),
                    format!(
                        "indicator {}: window is 0; it must be at least 1 (the number of periods in the mean)",
                        Q(id)
                    ),
                );
            }
            if ind.targets.is_empty() {
                out.push(indicator_without_target(id));
            }
            seen_t.clear();
            for (k, t) in ind.targets.iter().enumerate() {
                let org = t.org.as_ref().map(crate::OrgId::as_str);
                if let Some(o) = org {
                    if !self.org_known(o) {
                        out.err(
                            "unknown_reference",
                            subject(),
                            format!(
                                "indicator {}: targets[{k}].org names unknown org {} (period {})",
                                Q(id),
                                Q(o),
                                t.period
                            ),
                        );
                    }
                }
                match t.kind {
                    TargetKind::Value => {
                        if t.value.is_none() {
                            out.err(
                                "invalid_target",
                                subject(),
                                format!(
                                    "indicator {}: targets[{k}] (period {}) is a value target without value",
                                    Q(id),
                                    t.period
                                ),
                            );
                        }
                    }
                    TargetKind::Improve | TargetKind::Rank => {
                        let kind = if t.kind == TargetKind::Rank {
                            "a rank"
                        } else {
                            "an improve"
                        };
                        for (field, given) in [("value", t.value), ("warning", t.warning)] {
                            if given.is_some() {
                                out.err(
                                    "invalid_target",
                                    subject(),
                                    format!(
                                        "indicator {}: targets[{k}] (period {}) is {kind} target, which takes no {field}",
                                        Q(id),
                                        t.period
                                    ),
                                );
                            }
                        }
                    }
                }
                for problem in change_problems(t) {
                    out.err(
                        "invalid_change",
                        subject(),
                        format!(
                            "indicator {}: targets[{k}] (period {}) {problem}",
                            Q(id),
                            t.period
                        ),
                    );
                }
                if let Some(problem) = t.share_problem() {
                    out.err(
                        "invalid_rank_target",
                        subject(),
                        format!(
                            "indicator {}: targets[{k}] (period {}): {problem}",
                            Q(id),
                            t.period
                        ),
                    );
                }
                if t.kind == TargetKind::Rank
                    && !ind
                        .source
                        .as_ref()
                        .and_then(|s| s.kolada.as_ref())
                        .is_some_and(|k| k.municipality.is_some() && k.ou.is_none())
                {
                    out.warn(
                        "rank_without_comparison_source",
                        subject(),
                        format!(
                            "indicator {}: targets[{k}] (period {}) is a rank target, but the indicator has no source.kolada naming a municipality, so it can never be ranked",
                            Q(id),
                            t.period
                        ),
                    );
                }
                if let Some(first) = seen_t.insert((org, t.period), k) {
                    seen_t.insert((org, t.period), first);
                    let whom =
                        org.map_or_else(|| "every org".to_string(), |o| format!("org {}", Q(o)));
                    out.err(
                        "invalid_target",
                        subject(),
                        format!(
                            "indicator {}: targets[{k}] repeats the target of targets[{first}] for {whom} in period {}",
                            Q(id),
                            t.period
                        ),
                    );
                }
            }
            let mark = out.0.len();
            if !self.measurements_by_runs(ind, out, &mut stamps, &mut unknown_orgs) {
                // A case the fast check leaves to the general one: start
                // this indicator's measurements over.
                out.0.truncate(mark);
                self.measurements_hashed(ind, out, &mut seen_m, &mut unknown_orgs);
            }
        }
    }

    /// `unknown_reference`, `duplicate_measurement` and `duplicate_forecast`
    /// of one indicator's measurements, told apart by (org, period,
    /// forecast) in a hash map: one insert per measurement. `seen_m` is
    /// reused from indicator to indicator.
    fn measurements_hashed(
        &self,
        ind: &'m crate::model::Indicator,
        out: &mut Out,
        seen_m: &mut HashMap<(u32, Period, bool), usize>,
        unknown_orgs: &mut HashMap<&'m str, u32>,
    ) {
        let m = self.m;
        let id = ind.id.as_str();
        let subject = || format!("indicator:{id}");
        // Cleared per indicator, which costs its capacity: after one
        // large indicator, start afresh rather than clear a big table
        // for every small one.
        if seen_m.capacity() > 4 * ind.measurements.len() + 64 {
            *seen_m = HashMap::default();
        } else {
            seen_m.clear();
        }
        seen_m.reserve(ind.measurements.len());
        let owner_key = org_key(
            &self.org_ix,
            m.organisation.len(),
            unknown_orgs,
            ind.owner.as_str(),
        );
        // The org of the previous measurement, by address: a loaded
        // model shares one string per org id, and consecutive
        // measurements mostly name the same org, so most need no
        // look-up. (Equal address and length: equal text.)
        let mut last: Option<(*const u8, usize, u32, bool)> = None;
        for (k, meas) in ind.measurements.iter().enumerate() {
            let (org, key) = match meas.org() {
                None => (ind.owner.as_str(), owner_key),
                Some(o) => {
                    let o = o.as_str();
                    let (key, known) = match last {
                        Some((at, len, key, known)) if at == o.as_ptr() && len == o.len() => {
                            (key, known)
                        }
                        _ => {
                            let known = self.org_known(o);
                            let key = org_key(&self.org_ix, m.organisation.len(), unknown_orgs, o);
                            last = Some((o.as_ptr(), o.len(), key, known));
                            (key, known)
                        }
                    };
                    if !known {
                        out.err(
                            "unknown_reference",
                            subject(),
                            format!(
                                "indicator {}: measurements[{k}].org names unknown org {} (period {})",
                                Q(id),
                                Q(o),
                                meas.period()
                            ),
                        );
                    }
                    (o, key)
                }
            };
            if let Some(first) = seen_m.insert((key, meas.period(), meas.is_forecast()), k) {
                seen_m.insert((key, meas.period(), meas.is_forecast()), first);
                repeated_measurement(out, id, org, meas, k, first);
            }
        }
    }

    /// What [`Self::measurements_hashed`] reports, found without hashing a
    /// measurement: the measurements of one org come in one run (so its id
    /// is looked up once per run), and a run's repeats are found in a table
    /// indexed by period (`stamps`, reused from run to run). Returns false,
    /// having reported part of it, for what it leaves to the hash map: an
    /// org whose measurements come in more than one run, a year outside
    /// 0–9999, or more than 2^32 measurements.
    fn measurements_by_runs(
        &self,
        ind: &'m crate::model::Indicator,
        out: &mut Out,
        stamps: &mut PeriodStamps,
        unknown_orgs: &mut HashMap<&'m str, u32>,
    ) -> bool {
        let m = self.m;
        let id = ind.id.as_str();
        let subject = || format!("indicator:{id}");
        let ms = &ind.measurements;
        if u32::try_from(ms.len()).is_err() {
            return false;
        }
        let key = |unknown_orgs: &mut HashMap<&'m str, u32>, o: &'m str| {
            org_key(&self.org_ix, m.organisation.len(), unknown_orgs, o)
        };
        let owner_key = key(unknown_orgs, ind.owner.as_str());
        let mut runs: Vec<u32> = Vec::new();
        for (first, run) in crate::model::org_runs(ms) {
            // One look-up per run: a known org's key is its index.
            #[allow(clippy::cast_possible_truncation)] // far below 2^32 orgs
            let (org, known, org_k) = match first {
                None => (ind.owner.as_str(), true, owner_key),
                Some(o) => match self.org_ix.get(o.as_str()) {
                    Some(i) => (o.as_str(), true, i as u32),
                    None => (o.as_str(), false, key(unknown_orgs, o.as_str())),
                },
            };
            runs.push(org_k);
            stamps.next_run();
            for (k, meas) in ms[run.clone()].iter().enumerate() {
                let k = run.start + k;
                if !known {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "indicator {}: measurements[{k}].org names unknown org {} (period {})",
                            Q(id),
                            Q(org),
                            meas.period()
                        ),
                    );
                }
                let forecast = meas.is_forecast();
                #[allow(clippy::cast_possible_truncation)] // checked above
                let first = match stamps.mark(meas.period(), forecast, k as u32) {
                    Mark::First => continue,
                    Mark::Repeat(first) => first,
                    Mark::Outside => return false,
                };
                repeated_measurement(out, id, org, meas, k, first as usize);
            }
        }
        // Two runs of one org (also none and the owner named): the repeats
        // between them are not in the table.
        runs.sort_unstable();
        runs.windows(2).all(|w| w[0] != w[1])
    }

    /// Owners, levels, links, weights, rules and assessments of the goals,
    /// then [`Self::goal_cycles`]. O(g + l + assessments); the responsible
    /// boards were computed once, in O(n), by
    /// [`scorecard::responsible_boards`].
    fn goals(&self, out: &mut Out, part: std::ops::Range<usize>) {
        let m = self.m;
        let boards = &self.boards;
        let contributors = &self.contributors;
        let mut seen_a: HashMap<Period, usize> = HashMap::default();
        // Reused for every goal: one allocation, not one per goal.
        let mut seen_links: HashMap<&str, usize> = HashMap::default();
        for (gi, g) in m.goals.iter().enumerate().skip(part.start).take(part.len()) {
            let id = g.id.as_str();
            let subject = || format!("goal:{id}");
            let owner = self.refs.owner[gi].map(|o| o as usize);
            let (ind_refs, up_refs) = (self.refs.indicators(gi), self.refs.upper(gi));
            match owner {
                None => out.err(
                    "unknown_reference",
                    subject(),
                    format!(
                        "goal {}: owner names unknown org {}",
                        Q(id),
                        Q(g.owner.as_str())
                    ),
                ),
                Some(o) => {
                    let kind = m.organisation[o].kind;
                    let (ok, expected) = match g.level {
                        Level::Council => (kind == OrgKind::Council, "a council"),
                        Level::Board => (
                            kind.is_board_like(),
                            "a board, the executive board or a company",
                        ),
                        Level::Operational => (
                            matches!(kind, OrgKind::Unit | OrgKind::Provider),
                            "a unit or a provider",
                        ),
                    };
                    if !ok {
                        out.err(
                            "wrong_owner_kind",
                            subject(),
                            format!(
                                "goal {}: {} goal is owned by {expected}, but owner {} is of kind {:?}",
                                Q(id),
                                with_article(g.level),
                                Q(g.owner.as_str()),
                                kind.as_str()
                            ),
                        );
                    }
                }
            }
            for (k, l) in g.indicators.iter().enumerate() {
                if ind_refs[k].is_none() {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "goal {}: indicators[{k}] names unknown indicator {}",
                            Q(id),
                            Q(l.indicator.as_str())
                        ),
                    );
                }
                if let Some(w) = l.weight {
                    if w <= Decimal::ZERO {
                        out.err(
                            "invalid_weight",
                            subject(),
                            format!(
                                "goal {}: indicators[{k}].weight (indicator {}) is {w}; a weight must be greater than 0",
                                Q(id),
                                Q(l.indicator.as_str())
                            ),
                        );
                    }
                }
            }
            // A link named twice would count its item twice in the goal's status.
            repeated_links(
                ind_refs,
                |k| g.indicators[k].indicator.as_str(),
                &mut seen_links,
                |k, first| {
                    out.err(
                        "duplicate_link",
                        subject(),
                        format!(
                            "goal {}: indicators[{k}] names indicator {} again (first at indicators[{first}])",
                            Q(id),
                            Q(g.indicators[k].indicator.as_str())
                        ),
                    );
                },
            );
            repeated_links(
                up_refs,
                |k| g.contributes_to[k].goal.as_str(),
                &mut seen_links,
                |k, first| {
                    out.err(
                        "duplicate_link",
                        subject(),
                        format!(
                            "goal {}: contributes_to[{k}] names goal {} again (first at contributes_to[{first}])",
                            Q(id),
                            Q(g.contributes_to[k].goal.as_str())
                        ),
                    );
                },
            );
            if g.contributes_to.is_empty() && g.level != Level::Council {
                out.warn(
                    "broken_red_thread",
                    subject(),
                    format!(
                        "goal {}: the {} goal contributes to no {} goal, so the red thread is broken",
                        Q(id),
                        g.level.as_str(),
                        g.level.upper().map_or("", Level::as_str)
                    ),
                );
            }
            for (k, l) in g.contributes_to.iter().enumerate() {
                let target = l.goal.as_str();
                if let Some(w) = l.weight {
                    if w <= Decimal::ZERO {
                        out.err(
                            "invalid_weight",
                            subject(),
                            format!(
                                "goal {}: contributes_to[{k}].weight (goal {}) is {w}; a weight must be greater than 0",
                                Q(id),
                                Q(target)
                            ),
                        );
                    }
                }
                let Some(u) = up_refs[k].map(|u| u as usize) else {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "goal {}: contributes_to[{k}] names unknown goal {}",
                            Q(id),
                            Q(target)
                        ),
                    );
                    continue;
                };
                let upper = &m.goals[u];
                match g.level.upper() {
                    None => out.err(
                        "wrong_level_link",
                        subject(),
                        format!(
                            "goal {}: contributes_to[{k}] names goal {}, but a council goal contributes to nothing",
                            Q(id),
                            Q(target)
                        ),
                    ),
                    Some(want) if want != upper.level => out.err(
                        "wrong_level_link",
                        subject(),
                        format!(
                            "goal {}: contributes_to[{k}] names the {} goal {}, but {} goal contributes to {} goal",
                            Q(id),
                            upper.level.as_str(),
                            Q(target),
                            with_article(g.level),
                            with_article(want)
                        ),
                    ),
                    Some(_) => {
                        if g.level == Level::Operational {
                            self.cross_board(out, gi, owner, u, k, boards);
                        }
                    }
                }
            }
            for (k, o) in g.applies_to.iter().enumerate() {
                if !self.org_known(o.as_str()) {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "goal {}: applies_to[{k}] names unknown org {}",
                            Q(id),
                            Q(o.as_str())
                        ),
                    );
                }
            }
            if let Some(rule) = &g.rule {
                for problem in rule_problems(rule) {
                    out.err(
                        "invalid_rule",
                        subject(),
                        format!("goal {}: rule: {problem}", Q(id)),
                    );
                }
            }
            seen_a.clear();
            for (k, a) in g.assessments.iter().enumerate() {
                if let Some(first) = seen_a.insert(a.period, k) {
                    seen_a.insert(a.period, first);
                    out.err(
                        "duplicate_assessment",
                        subject(),
                        format!(
                            "goal {}: assessments[{k}] repeats the assessment of assessments[{first}] for period {}",
                            Q(id),
                            a.period
                        ),
                    );
                }
            }
            // A repeated goal id shares the first one's contributors; count
            // only at the first occurrence.
            let first = self.goal_first[gi] == gi;
            let n_contrib = if first { contributors[gi] } else { 0 };
            if g.level == Level::Council && n_contrib == 0 {
                out.warn(
                    "uncovered_council_goal",
                    subject(),
                    format!(
                        "goal {}: no board goal contributes to this council goal",
                        Q(id)
                    ),
                );
            }
            let planned = self.planned[self.goal_first[gi]];
            if let Some(a) = g.activities {
                let (f, p) = (a.fulfilled_at(), a.partly_at());
                for (name, v) in [("fulfilled_at", f), ("partly_at", p)] {
                    if v < Decimal::ZERO || v > Decimal::ONE {
                        out.err(
                            "invalid_activity_judgement",
                            subject(),
                            format!(
                                "goal {}: activities.{name} is {v}; it must lie in [0, 1]",
                                Q(id)
                            ),
                        );
                    }
                }
                if p > f {
                    out.err(
                        "invalid_activity_judgement",
                        subject(),
                        format!(
                            "goal {}: activities.partly_at {p} is above activities.fulfilled_at {f}",
                            Q(id)
                        ),
                    );
                }
                if !planned {
                    out.warn(
                        "activities_without_plan",
                        subject(),
                        format!(
                            "goal {}: is to be judged on its activities, but no action plan lists it",
                            Q(id)
                        ),
                    );
                }
            }
            if g.indicators.is_empty() && n_contrib == 0 && !(g.activities.is_some() && planned) {
                out.warn(
                    "nothing_to_assess",
                    subject(),
                    format!(
                        "goal {}: has no indicator and no contributing goal, so only a manual assessment can give it a status",
                        Q(id)
                    ),
                );
            }
        }
    }

    /// `cross_board_contribution` for operational goal `gi` (owned by org
    /// `owner`) contributing to board goal `u` through `contributes_to[k]`.
    fn cross_board(
        &self,
        out: &mut Out,
        gi: usize,
        owner: Option<usize>,
        u: usize,
        k: usize,
        boards: &[Option<usize>],
    ) {
        let m = self.m;
        let (Some(o), Some(uo)) = (owner, self.refs.owner[u].map(|o| o as usize)) else {
            return;
        };
        let responsible = boards[o];
        if responsible == Some(uo) {
            return;
        }
        let g = &m.goals[gi];
        let whose = match responsible {
            Some(b) => format!(
                "whose responsible board is {}",
                Q(m.organisation[b].id.as_str())
            ),
            None => "which has no responsible board".to_string(),
        };
        out.warn(
            "cross_board_contribution",
            format!("goal:{}", g.id),
            format!(
                "goal {}: contributes_to[{k}] names goal {} of board {}, but the goal's owner {} is in the area of another board ({whose})",
                Q(g.id.as_str()),
                Q(m.goals[u].id.as_str()),
                Q(m.goals[u].owner.as_str()),
                Q(g.owner.as_str()),
            ),
        );
    }

    /// Reports each strongly connected set of goals in the `contributes_to`
    /// graph (and each goal naming itself) once: Tarjan's algorithm with an
    /// explicit call stack, so a goal chain or cycle of any length needs no
    /// stack space. O(g + l), plus O(c log c) to sort the c goals on cycles
    /// for the messages.
    fn goal_cycles(&self, out: &mut Out) {
        let m = self.m;
        let n = m.goals.len();
        // The edges of goal v: `contributes_to` links to known goals.
        let adj = |v: usize| self.refs.upper(v);
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut next = 0usize;
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        // (node, next edge to look at)
        let mut call: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            call.push((root, 0));
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut e)) = call.last_mut() {
                if let Some(&w) = adj(v).get(*e) {
                    *e += 1;
                    let Some(w) = w.map(|w| w as usize) else {
                        continue;
                    };
                    if index[w] == usize::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    call.pop();
                    if let Some(&(parent, _)) = call.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        if stack.last() == Some(&v) {
                            // Alone (most goals): a cycle only if it names itself.
                            stack.pop();
                            on_stack[v] = false;
                            #[allow(clippy::cast_possible_truncation)]
                            if adj(v).contains(&Some(v as u32)) {
                                cycles.push(vec![v]);
                            }
                            continue;
                        }
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        cycles.push(comp);
                    }
                }
            }
        }
        for mut comp in cycles {
            comp.sort_by(|&a, &b| m.goals[a].id.cmp(&m.goals[b].id));
            let smallest = m.goals[comp[0]].id.as_str();
            let message = if comp.len() == 1 {
                format!(
                    "goal {}: contributes_to names the goal itself, a cycle in the red thread",
                    Q(smallest)
                )
            } else {
                format!(
                    "goal {}: the goals {} contribute to each other in a cycle; the red thread must run upwards only",
                    Q(smallest),
                    cycle_listing(comp.iter().map(|&g| m.goals[g].id.as_str()), comp.len())
                        .replace(" → ", ", ")
                )
            };
            out.err("goal_cycle", format!("goal:{smallest}"), message);
        }
    }

    /// Owners, goals and activities of the action plans. O(p + a + plan goals).
    fn plans(&self, out: &mut Out, part: std::ops::Range<usize>) {
        let m = self.m;
        for plan in &m.action_plans[part] {
            let id = plan.id.as_str();
            let subject = || format!("action_plan:{id}");
            if !self.org_known(plan.owner.as_str()) {
                out.err(
                    "unknown_reference",
                    subject(),
                    format!(
                        "action_plan {}: owner names unknown org {}",
                        Q(id),
                        Q(plan.owner.as_str())
                    ),
                );
            }
            for (k, g) in plan.goals.iter().enumerate() {
                if !self.goal_ix.contains(g.as_str()) {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "action_plan {}: goals[{k}] names unknown goal {}",
                            Q(id),
                            Q(g.as_str())
                        ),
                    );
                }
            }
            for a in &plan.activities {
                let aid = a.id.as_str();
                let asubject = || format!("activity:{aid}");
                if let Some(r) = &a.responsible {
                    if !self.org_known(r.as_str()) {
                        out.err(
                            "unknown_reference",
                            asubject(),
                            format!(
                                "activity {} (action plan {}): responsible names unknown org {}",
                                Q(aid),
                                Q(id),
                                Q(r.as_str())
                            ),
                        );
                    }
                }
                if let Some(p) = a.progress {
                    if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                        out.err(
                            "invalid_progress",
                            asubject(),
                            format!(
                                "activity {} (action plan {}): progress is {p}; it must be between 0 and 100",
                                Q(aid),
                                Q(id)
                            ),
                        );
                    }
                }
                if let (Some(start), Some(due)) = (a.start, a.due) {
                    if due < start {
                        out.err(
                            "due_before_start",
                            asubject(),
                            format!(
                                "activity {} (action plan {}): due {due} is before start {start}",
                                Q(aid),
                                Q(id)
                            ),
                        );
                    }
                }
            }
        }
    }

    /// The model-wide band and rule. O(1).
    fn settings(&self, out: &mut Out) {
        let s = &self.m.settings;
        if let Some(p) = s.partly_at {
            if !partly_at_ok(p) {
                out.err(
                    "invalid_partly_at",
                    "model".to_string(),
                    format!("settings.partly_at is {p}; it must be greater than 0 and at most 1"),
                );
            }
        }
        if let Some(rule) = &s.rule {
            for problem in rule_problems(rule) {
                out.err(
                    "invalid_rule",
                    "model".to_string(),
                    format!("settings.rule: {problem}"),
                );
            }
        }
    }

    /// `missing_perspective` per scorecard. O(n + g + l + s log s), the cost
    /// of [`scorecard::scorecard_goals`].
    fn scorecards(&self, out: &mut Out) -> Vec<Vec<usize>> {
        let m = self.m;
        let cards = scorecard::scorecard_goals(m, &self.org_ix, &self.refs.owner, &self.boards);
        for (o, goals) in cards.iter().enumerate() {
            if goals.is_empty() {
                continue;
            }
            let mut present = [false; 4];
            for &g in goals {
                present[m.goals[g].perspective.index()] = true;
            }
            let missing: Vec<&str> = Perspective::ALL
                .iter()
                .filter(|p| !present[p.index()])
                .map(|p| p.as_str())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let id = m.organisation[o].id.as_str();
            out.warn(
                "missing_perspective",
                format!("org:{id}"),
                format!(
                    "org {}: the scorecard holds {} goal(s) but none in the perspective(s) {}",
                    Q(id),
                    goals.len(),
                    missing.join(", ")
                ),
            );
        }
        cards
    }
}

/// `a council`, `a board`, `an operational`.
fn with_article(level: Level) -> &'static str {
    match level {
        Level::Council => "a council",
        Level::Board => "a board",
        Level::Operational => "an operational",
    }
}

/// `partly_at` must lie in (0, 1].
fn partly_at_ok(p: Decimal) -> bool {
    p > Decimal::ZERO && p <= Decimal::ONE
}

/// What is wrong with a rule, one sentence each.
fn rule_problems(rule: &Rule) -> Vec<String> {
    let kind = rule.kind.as_str();
    let mut out = Vec::new();
    let fields = [
        ("fulfilled_at", rule.fulfilled_at),
        ("partly_at", rule.partly_at),
    ];
    if rule.kind.has_thresholds() {
        for (name, v) in fields {
            match v {
                None => out.push(format!("{kind} needs {name}, which is missing")),
                Some(v) if v < Decimal::ZERO || v > Decimal::ONE => {
                    out.push(format!("{name} is {v}; it must be between 0 and 1"));
                }
                Some(_) => {}
            }
        }
        if let (Some(f), Some(p)) = (rule.fulfilled_at, rule.partly_at) {
            if p > f {
                out.push(format!(
                    "partly_at {p} is above fulfilled_at {f}; it must be at most fulfilled_at"
                ));
            }
        }
    } else {
        for (name, v) in fields {
            if v.is_some() {
                out.push(format!("{kind} takes no thresholds, but {name} is given"));
            }
        }
    }
    out
}

/// What is wrong with a target's change size (`change`, `change_share`),
/// one phrase each; shared with the incremental engine's `set_targets`.
pub(crate) fn change_problems(t: &crate::model::Target) -> Vec<String> {
    let mut out = Vec::new();
    let given = [("change", t.change), ("change_share", t.change_share)];
    if t.kind == TargetKind::Value {
        for (field, v) in given {
            if v.is_some() {
                out.push(format!(
                    "is a value target, which takes no {field} (only an improve target has a size)"
                ));
            }
        }
        return out;
    }
    if t.change.is_some() && t.change_share.is_some() {
        out.push("gives both change and change_share; give one".to_string());
    }
    for (field, v) in given {
        if let Some(v) = v {
            if v <= Decimal::ZERO {
                out.push(format!(
                    "has {field} {v}; it must be greater than 0 (the direction comes from the indicator)"
                ));
            }
        }
    }
    out
}

/// `a → b → c`, cut after [`CYCLE_LIST_MAX`] ids.
fn cycle_listing<'a>(ids: impl Iterator<Item = &'a str>, len: usize) -> String {
    let mut s: Vec<String> = ids
        .take(CYCLE_LIST_MAX)
        .map(|i| format!("{}", Q(i)))
        .collect();
    if len > CYCLE_LIST_MAX {
        s.push(format!("… ({} more)", len - CYCLE_LIST_MAX));
    }
    s.join(" → ")
}

/// Indexes one kind's ids by their first position in `field`, reporting
/// every repeat as `duplicate_id`; per id, the position of the first with
/// its text.
fn index_kind<'a>(
    ids: impl Iterator<Item = &'a str>,
    kind: &str,
    field: &str,
    index: &mut IdIndex<'a>,
    out: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    ids.enumerate()
        .map(|(i, id)| match index.insert_first(id, i) {
            Some(first) => {
                out.push(duplicate_id(
                    kind,
                    id,
                    &format!("{field}[{i}]"),
                    &format!("{field}[{first}]"),
                ));
                first
            }
            None => i,
        })
        .collect()
}

/// The `duplicate_id` error for `id` at `at`, first seen at `first`.
fn duplicate_id(kind: &str, id: &str, at: &str, first: &str) -> Diagnostic {
    Diagnostic::new(
        "duplicate_id",
        Severity::Error,
        format!("{kind}:{id}"),
        format!(
            "{kind} {}: {at} repeats the id of {first}; {kind} ids must be unique",
            Q(id)
        ),
    )
}

/// The `indicator_without_target` warning for indicator `id`; shared with
/// the incremental engine, which re-checks it when targets change.
pub(crate) fn indicator_without_target(id: &str) -> Diagnostic {
    Diagnostic::new(
        "indicator_without_target",
        Severity::Warning,
        format!("indicator:{id}"),
        format!("indicator {id:?}: has no targets, so it is never assessed"),
    )
}

/// A validity's bounds as dates: the first day of `from` (open: `MIN`) and
/// the last day of `to` (open: `MAX`).
fn bounds(from: Option<Period>, to: Option<Period>) -> (chrono::NaiveDate, chrono::NaiveDate) {
    (
        from.map_or(chrono::NaiveDate::MIN, Period::start),
        to.map_or(chrono::NaiveDate::MAX, Period::end),
    )
}

impl Validator<'_> {
    /// `invalid_validity` and `link_outside_validity`. O(g + l + t).
    fn validities(
        &self,
        out: &mut Out,
        goals: std::ops::Range<usize>,
        indicators: std::ops::Range<usize>,
    ) {
        let m = self.m;
        for (gi, g) in m
            .goals
            .iter()
            .enumerate()
            .skip(goals.start)
            .take(goals.len())
        {
            let id = g.id.as_str();
            let subject = || format!("goal:{id}");
            // `what` is spelt only for a message: most links have no bounds.
            let backwards =
                |what: &dyn Fn() -> String, from: Option<Period>, to: Option<Period>| {
                    let (a, b) = bounds(from, to);
                    (b < a).then(|| {
                        format!(
                            "goal {}: {}valid_to {} is before valid_from {}",
                            Q(id),
                            what(),
                            to.map(|p| p.to_string()).unwrap_or_default(),
                            from.map(|p| p.to_string()).unwrap_or_default()
                        )
                    })
                };
            let mut found = Vec::new();
            found.extend(backwards(&String::new, g.valid_from, g.valid_to));
            for (k, l) in g.indicators.iter().enumerate() {
                found.extend(backwards(
                    &|| format!("indicators[{k}] (indicator {}): ", Q(l.indicator.as_str())),
                    l.valid_from,
                    l.valid_to,
                ));
            }
            for (k, l) in g.contributes_to.iter().enumerate() {
                found.extend(backwards(
                    &|| format!("contributes_to[{k}] (goal {}): ", Q(l.goal.as_str())),
                    l.valid_from,
                    l.valid_to,
                ));
            }
            for msg in found {
                out.err("invalid_validity", subject(), msg);
            }
            let (gf, gt) = bounds(g.valid_from, g.valid_to);
            for (k, l) in g.contributes_to.iter().enumerate() {
                let Some(u) = self.refs.upper(gi)[k].map(|u| u as usize) else {
                    continue;
                };
                let (lf, lt) = bounds(l.valid_from, l.valid_to);
                let (from, to) = (gf.max(lf), gt.min(lt));
                if to < from {
                    continue; // never in force; nothing to compare
                }
                let upper = &m.goals[u];
                let (uf, ut) = bounds(upper.valid_from, upper.valid_to);
                if from < uf || ut < to {
                    let span = |f: Option<Period>, t: Option<Period>| {
                        format!(
                            "{}–{}",
                            f.map_or_else(|| "…".to_string(), |p| p.to_string()),
                            t.map_or_else(|| "…".to_string(), |p| p.to_string())
                        )
                    };
                    let link_from = if lf > gf { l.valid_from } else { g.valid_from };
                    let link_to = if lt < gt { l.valid_to } else { g.valid_to };
                    out.warn(
                        "link_outside_validity",
                        subject(),
                        format!(
                            "goal {}: contributes_to[{k}] is in force {} but goal {} only {}; outside that the link counts for nothing",
                            Q(id),
                            span(link_from, link_to),
                            Q(l.goal.as_str()),
                            span(upper.valid_from, upper.valid_to)
                        ),
                    );
                }
            }
        }
        for ind in &m.indicators[indicators] {
            for (k, t) in ind.targets.iter().enumerate() {
                if let Some(to) = t.valid_to {
                    if to.end() < t.period.end() {
                        out.err(
                            "invalid_validity",
                            format!("indicator:{}", ind.id),
                            format!(
                                "indicator {}: targets[{k}].valid_to {to} ends before its period {}",
                                Q(ind.id.as_str()),
                                t.period
                            ),
                        );
                    }
                }
            }
        }
    }

    /// References, ids, dates and reports of the assignments. O(assignments + reports).
    fn assignments(&self, out: &mut Out) {
        let m = self.m;
        let mut ids = IdIndex::default();
        index_kind(
            m.assignments.iter().map(|a| a.id.as_str()),
            "assignment",
            "assignments",
            &mut ids,
            &mut out.0,
        );
        let mut seen: HashMap<Period, usize> = HashMap::default();
        for a in &m.assignments {
            let id = a.id.as_str();
            let subject = || format!("assignment:{id}");
            for (field, org) in [
                ("assigned_by", &a.assigned_by),
                ("assigned_to", &a.assigned_to),
            ] {
                if !self.org_known(org.as_str()) {
                    out.err(
                        "unknown_reference",
                        subject(),
                        format!(
                            "assignment {}: {field} names unknown org {}",
                            Q(id),
                            Q(org.as_str())
                        ),
                    );
                }
            }
            if let (Some(d), Some(due)) = (a.decided, a.due) {
                if due < d {
                    out.err(
                        "invalid_assignment",
                        subject(),
                        format!("assignment {}: due {due} is before decided {d}", Q(id)),
                    );
                }
            }
            seen.clear();
            for (k, r) in a.reports.iter().enumerate() {
                if let Some(first) = seen.insert(r.period, k) {
                    seen.insert(r.period, first);
                    out.err(
                        "invalid_assignment",
                        subject(),
                        format!(
                            "assignment {}: reports[{k}] repeats the report of reports[{first}] for period {}",
                            Q(id),
                            r.period
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of one indicator whose measurements name these orgs
    /// (`None`: the owner), periods and forecast flags.
    fn model(ms: &[(Option<&str>, &str, bool)]) -> Model {
        let list: Vec<String> = ms
            .iter()
            .map(|(o, p, f)| {
                let org = o.map_or(String::new(), |o| format!(r#""org": "{o}", "#));
                format!(r#"{{{org}"period": "{p}", "value": "1", "forecast": {f}}}"#)
            })
            .collect();
        Model::from_json(&format!(
            r#"{{"format": "styrkort/1",
              "organisation": [{{"id": "kf", "name": "KF", "kind": "council"}},
                               {{"id": "a", "name": "A", "kind": "board", "parent": "kf"}},
                               {{"id": "b", "name": "B", "kind": "board", "parent": "kf"}}],
              "indicators": [{{"id": "i", "name": "I", "unit": "%", "perspective": "citizen",
                               "owner": "kf", "measurements": [{}]}}]}}"#,
            list.join(",")
        ))
        .expect("a model")
    }

    /// Both checks of the measurements: the one by runs (if it takes the
    /// case) and the hashed one, each sorted.
    fn both(m: &Model) -> (Option<Vec<Diagnostic>>, Vec<Diagnostic>) {
        let v = Validator::new(m);
        let ind = &m.indicators[0];
        let mut unknown = HashMap::default();
        let mut fast = Out::default();
        let taken = v.measurements_by_runs(ind, &mut fast, &mut PeriodStamps::new(), &mut unknown);
        let mut hashed = Out::default();
        v.measurements_hashed(ind, &mut hashed, &mut HashMap::default(), &mut unknown);
        sort(&mut fast.0);
        sort(&mut hashed.0);
        (taken.then_some(fast.0), hashed.0)
    }

    #[test]
    fn measurements_by_runs_report_what_the_hash_map_does() {
        let cases: Vec<Vec<(Option<&str>, &str, bool)>> = vec![
            // Runs of one org each, with repeats (three of one period),
            // forecasts beside outcomes and a repeated forecast.
            vec![
                (Some("a"), "2025", false),
                (Some("a"), "2025T1", false),
                (Some("a"), "2025", false),
                (Some("a"), "2025", false),
                (Some("a"), "2025", true),
                (Some("a"), "2025", true),
                (Some("b"), "2025", false),
                (Some("b"), "2025-01", false),
                (Some("b"), "2025Q1", false),
                (Some("b"), "2025-01", false),
                (None, "2024", false),
                (None, "2024", false),
            ],
            // Unknown orgs, one repeated.
            vec![
                (Some("x"), "2025", false),
                (Some("x"), "2025", false),
                (Some("y"), "2025", false),
            ],
        ];
        for ms in &cases {
            let (fast, hashed) = both(&model(ms));
            assert!(!hashed.is_empty());
            assert_eq!(fast.as_ref(), Some(&hashed), "{ms:?}");
        }
        // An org in two runs, and the owner both named and not: left to
        // the hash map, which finds the repeats across the runs.
        for ms in [
            vec![
                (Some("a"), "2025", false),
                (Some("b"), "2025", false),
                (Some("a"), "2025", false),
            ],
            vec![(None, "2025", false), (Some("kf"), "2025", false)],
        ] {
            let (fast, hashed) = both(&model(&ms));
            assert_eq!(fast, None, "{ms:?}");
            assert_eq!(hashed.len(), 1, "{ms:?}");
            assert_eq!(hashed[0].code, "duplicate_measurement");
        }
    }

    #[test]
    fn repeated_links_name_the_nearest_earlier_link() {
        let texts = ["p", "q", "p", "x", "p", "x"];
        let refs = [Some(0), Some(1), Some(0), None, Some(0), None];
        let mut short = Vec::new();
        repeated_links(
            &refs,
            |k| texts[k],
            &mut HashMap::default(),
            |k, j| {
                short.push((k, j));
            },
        );
        assert_eq!(short, [(2, 0), (4, 2), (5, 3)]);
        // A long list goes by the hash map, with the same answer.
        let texts: Vec<String> = (0..40).map(|k| format!("g{}", k % 7)).collect();
        let refs: Vec<Option<u32>> = (0..40u32).map(|k| Some(k % 7)).collect();
        let (mut long, mut pairwise) = (Vec::new(), Vec::new());
        repeated_links(
            &refs,
            |k| texts[k].as_str(),
            &mut HashMap::default(),
            |k, j| {
                long.push((k, j));
            },
        );
        for k in 1..40 {
            if let Some(j) = (0..k).rev().find(|&j| texts[j] == texts[k]) {
                pairwise.push((k, j));
            }
        }
        assert_eq!(long, pairwise);
    }
}

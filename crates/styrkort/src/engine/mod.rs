//! The evaluation engine: indicator statuses, consolidation up the org
//! tree, goal roll-up along the red thread, scorecard balance, action plans
//! and the dialogue brief.
//!
//! [`Model::compile`] validates a model and indexes it by dense integer ids
//! ([`Compiled`]); [`Compiled::evaluate`] then computes one period. The hot
//! path walks vectors and integer-keyed maps, never string maps.
//!
//! # Layout
//! Data flows one way, each step a module named after what it computes;
//! nothing imports a module built on it:
//!
//! ```text
//! Model ──compile──▶ Compiled ──state──▶ State ──output──▶ Evaluation ──dialogue──▶ DialogueBrief
//!                    (layout)   (per period)     (reported)
//! ```
//!
//! | module | computes |
//! |---|---|
//! | `crate::compile` | the compiled layout: every org, indicator, goal and plan in a vector, links as indices ([`Compiled`]) |
//! | `numbers` | checked sums and products, quotients rounded to 12 places, output ratios to 4 |
//! | `values` | an indicator's value at an org: own, consolidated from the children, or a window mean |
//! | `forecasts` | the value of the period evaluated where a forecast stands in for a missing outcome |
//! | `targets` | the target entry that applies to an (indicator, org, period) |
//! | `indicators` | an indicator result: status, achievement, warning, trend |
//! | `goals` | a goal's items, rule and status along the red thread |
//! | `scorecards` | an org's scorecard and its balance across the perspectives |
//! | `plans` | action plan progress and overdue activities |
//! | `state` | one period's state: the reported pairs, their results, the goals level by level |
//! | `output` | the [`Evaluation`]: tag filter, comparison, results sorted by id, scorecards, plans |
//! | `series` | [`Compiled::evaluate_series`]: many periods sharing the memo of consolidated values |
//! | `table` | [`Compiled::series_table`]: many periods' statuses as columns, without building evaluations |
//! | `dialogue` | [`Evaluation::dialogue`], the brief between an upper and a lower org |
//! | `incremental` | [`Engine`]: one period's state kept up to date under edits |
//!
//! The result types live in [`crate::evaluation`], which knows the compiled
//! layout (an evaluation keeps it for the dialogue) but not the engine.
//!
//! ## The slots
//! Compiling fixes, once, every (indicator, org) pair that can ever be
//! reported — those a goal uses and those with a measurement or forecast in
//! any period — as a *slot*, numbered in output order (indicator id, then
//! org id), each indicator's slots together. A period is then one pass
//! over the slots, writing each reported result straight into the list the
//! evaluation hands out, with a slot → position index beside it:
//!
//! ```text
//!  Compiled (once)                              one period (State)
//!  ───────────────────────────────────────      ─────────────────────────────
//!  slots      [ (nmi,kf) (nmi,bn) (sjuk,bn) (sjuk,e1) (sjuk,e2) … ]
//!  slot_used  [   yes      no       yes        no        no     … ]
//!  slot_range nmi → 0..2   sjuk → 2..5   (binary search by org id within)
//!  goal kf-1 .indicator_slots [0]    bn-3 .indicator_slots [2]
//!                                               pos   [ 0  –  1  2  3 … ]   (– = not reported)
//!                                               list  [ r0 r2 r3 r4 …   ]   ─▶ Evaluation.indicators
//! ```
//!
//! A slot is reported when a goal uses it or it has an outcome or forecast
//! for exactly the period. Goals read their indicator items by slot (no
//! hash lookup); each goal's items are sorted at compile time; the output
//! needs no sort (the list is in slot order, goals are taken in
//! `goal_sorted` order). On several threads the slots are cut into blocks
//! (about sixteen a thread) that the threads take as they become free,
//! this one from the front and the others from the back: this one lists
//! its results in a list with room for every result, and the others'
//! blocks are appended to it in slot order when they meet, so a thread
//! slowed by a busy machine does less of the pass. The goal roll-up, the
//! goal results and the scorecards are shared out the same way.
//!
//! The own outcomes (*utfall*) follow the same order: each indicator keeps
//! all of them in one vector, org by org in org id order (the order of its
//! slots), each org's sorted by period, with the org ranks and offsets
//! beside it (compressed sparse rows, `crate::compile::Outcomes`):
//!
//! ```text
//!  sjuk   slots    (sjuk,bn)       (sjuk,e1)            (sjuk,e2)
//!         ranks    [ rank(e1)              rank(e2)          ]   orgs with an outcome
//!         start    [ 0                     3                 5 ]
//!         values   [ (T1,v) (T2,v) (T3,v) | (T1,v) (T2,v)    ]
//! ```
//!
//! A pass over the slots in order finds each slot's outcomes by walking
//! the indicator's org ranks alongside its slots (both ascend by org id;
//! `Compiled::own_runs`), and reads the period, the one before and a year
//! earlier from that slice: it streams through each indicator's vectors,
//! with no hash lookup. A consolidation looks its children up by a binary
//! search by org rank in the same list.
//!
//! # Semantics
//! DESIGN.md §4 is the contract. Where it is silent, the engine decides as
//! follows (the conformance vectors in `tests/vectors/` pin each point):
//!
//! * **Quotients** (consolidated and window means, `t / partly_at`, `v / t`,
//!   scores, shares, evenness terms) are rounded half-to-even to 12 places
//!   where computed; output ratios are then rounded half-to-even to 4.
//! * **Indicator pairs** reported: every (indicator, goal owner) for a goal's
//!   indicator link, and every (indicator, org) with an own measurement for
//!   exactly the period.
//! * **Window** means are taken over the period's *value* at the org (own
//!   or consolidated); `consolidated` is true when any period of the window
//!   was consolidated. `previous` (for the trend) and the baseline of an
//!   `improve` target are computed the same way, window included.
//! * **`improve` targets** report the baseline (the value one year earlier)
//!   as `target`, no warning and no achievement.
//! * **Scorecards** are reported for every org; the four perspectives are
//!   always present, in the order citizen, society & environment,
//!   employees, economy (also the order of `missing`). A perspective's
//!   `indicators` counts the distinct indicators linked from its goals.
//! * **Plan progress** counts an activity without `progress` as 0.
//! * **Tag filter**: statuses are computed on the whole model (a tagged goal
//!   is still judged by its untagged children); the output then keeps the
//!   tagged goals, the indicators that carry the tag or are linked from a
//!   kept goal, every scorecard narrowed to kept goals, and the plans that
//!   carry the tag or work towards a kept goal.
//! * **Dialogue**: an upper goal is covered by every goal of the lower
//!   scorecard that reaches it along `contributes_to`, directly or through
//!   levels between, and by itself when the lower scorecard holds it too
//!   (an office shares its board's goals; a board sets a goal on a
//!   provider with `applies_to`); a deviation is a partly or not fulfilled
//!   goal, or one with a worsening indicator; it is unaddressed when no plan
//!   for it has a `not_started` or `ongoing` activity. Under a tag filter
//!   the brief sees only the tagged goals of both scorecards.
//! * **Validity** (multi-year plans, *mål och budget 2024–2027*, vectors
//!   62–63): a goal,
//!   an indicator link or a `contributes_to` link with `valid_from` /
//!   `valid_to` is in force in a period when the period's *last day* lies
//!   within the validity (both ends inclusive): a report states what holds
//!   when it closes, so the annual report of 2025 shows the goals in force
//!   on 31 December, and a goal replaced after tertial 1 is gone from it.
//!   A goal out of force is in no output of that period (goals,
//!   scorecards, the dialogue, upper goals' items); a link out of force is
//!   no item. A replaced goal keeps its history: evaluating a period in
//!   which it was in force shows it as before. Validation looks at the
//!   whole model, not one period (`missing_perspective`, `broken_red_thread`
//!   count every goal); the scorecard's per-perspective `indicators` count
//!   counts every link of the goals in force.
//! * **Multi-year targets** (vector 64): a target with `valid_to` stands for each later
//!   period of its `period`'s kind up to `valid_to` (`2024`…`2027`), and by
//!   inheritance for the periods within those. An entry written for a
//!   period wins over a multi-year one; of two multi-year entries the
//!   later-starting (the newer plan) wins.
//! * **Assignments** (*uppdrag*, vectors 60–61) are listed in a period when decided by
//!   its last day (no `decided`: always) and not closed (`done`,
//!   `cancelled`) by a report of an earlier year; the status is that of
//!   the latest report for a period ending by the as-of date (of two ending
//!   the same day the shorter period, e.g. `2025-08` over `2025T2`, as the
//!   more recent word), `not_started` without one; overdue is a due date
//!   before the as-of date on an assignment neither done nor cancelled (as
//!   for activities). Sorted by assignee, then id. The dialogue brief lists
//!   those the upper org gave exactly the lower one.
//! * **Comparison** with similar municipalities (when
//!   [`EvalOptions::comparison`] is given) is reported for an indicator at
//!   its owner, whose figures its Kolada source names, in year periods.
//! * **Forecasts** (*helårsprognos*; measurements with `"forecast": true`,
//!   vector 44) stand in only for the value of the period evaluated, where
//!   no outcome exists: an evaluation of the year made before it ends
//!   judges the annual goals on the forecasts. At an org the order is: its
//!   own outcome; the consolidation of its children when none of them
//!   rests on a forecast; its own forecast; the consolidation taking in a
//!   child's forecast (each child: outcome, else forecast). So an outcome
//!   always wins, and a consolidation that takes in a forecast is marked.
//!   `previous`, `year_earlier`, an `improve` baseline and the earlier
//!   periods of a window are outcomes only. A result whose value rests on a
//!   forecast has `forecast: true`, and so has a goal item built on it and a
//!   goal whose status does (an assessed item rests on one and no manual
//!   assessment replaced the status); the mark climbs the red thread. One
//!   forecast per (indicator, org, period): a new one replaces it
//!   (`duplicate_forecast`); an org with a forecast for exactly the period
//!   is a reported pair like one with an outcome.
//! * **Change targets with a size** (`improve` with `change` in the unit or
//!   `change_share` of the baseline's magnitude, vectors 42–43): with the
//!   baseline b (the value one year earlier) and the required change r,
//!   the gain is v − b (higher is better) or b − v: fulfilled when the gain
//!   is positive and at least r (inclusive), partly when it is positive but
//!   smaller, else not fulfilled, *also when unchanged* (a plain `improve`
//!   keeps unchanged as partly). `target` is the level to reach (b + r or
//!   b − r), `change_required` is r, no warning, no achievement; no baseline
//!   → `not_assessed` (no value → `no_data`). With `change_share` and a
//!   baseline of 0, r is 0 and any gain fulfils.
//! * **Year-on-year** (vectors 40–41): every result reports `year_earlier`
//!   (the value for the same period one year earlier, computed like
//!   `previous`, window included; for a year the previous year),
//!   `year_change` = value − `year_earlier` (exact) and `year_trend`, beside
//!   the unchanged `trend`. `arrow` is the one of the two the scorecard
//!   shows: `settings.arrow` `year_earlier` (the default, for every period
//!   kind: for years it is the previous year) or `previous`
//!   ([`Evaluation::arrow_basis`]). The dialogue's *worsening indicator*
//!   still reads `trend`, as DESIGN.md §4 says.
//! * **Rank targets** (`kind: rank`, *Kommunens Kvalitet i Korthet*): the
//!   status comes from the rank of the municipality among comparable
//!   municipalities ([`EvalOptions::comparison`]), using its figure in the
//!   comparison data (Kolada's, as the published method does), not the
//!   model's measurement. With rank r of n (1 = best; **equal values share
//!   the best rank**, the published method, so a tie never pushes a
//!   municipality into a worse colour): `fulfilled` when r ≤ `best_share`·n,
//!   `not_fulfilled` when r > (1 − `worst_share`)·n, else
//!   `partly_fulfilled`; both limits exact (no rounding to whole ranks),
//!   shares default 0.25 each. Small groups get no green: with n = 3,
//!   0.25·3 = 0.75 < 1. Judged only at the indicator's owner (whose figures
//!   its Kolada source names) and in year periods (Kolada's figures are
//!   annual); **without comparison data there is no status**: `not_assessed`
//!   (`no_data` when the model has no value either). The result's `rank`
//!   holds the shares and limits; `target`, `warning` and `achievement`
//!   are null. Vectors 50–52.
//! * **Goals judged on activities** (`activities` on a goal; Nynäshamn
//!   2021, Kungälv 2016, Danderyd 2022): only when none of the goal's items
//!   has a status (no outcome yet), the computed status comes from the mean
//!   completion of the non-cancelled activities of every plan listing the
//!   goal (completed = 1, otherwise `progress`/100, absent = 0), against
//!   `fulfilled_at` (default 1: all done) and `partly_at` (default 0.5: half
//!   the planned work done). The activities' current state is used whatever
//!   the period (the model keeps no activity history). A goal whose plans
//!   hold no such activity keeps `no_data` / `not_assessed`. The result says
//!   so (`activities`, and [`crate::GoalResult::explain`]); the score stays
//!   null (no item was assessed); a manual assessment still overrides, and
//!   parents see the judged status as the child's final one. Vector 53.
//!
//! # What-if
//! [`Evaluation::what_if`] answers "what does it take to turn this goal
//! green?" for one goal and a wanted status (`fulfilled` or
//! `partly_fulfilled`), exactly, from the evaluation it is asked of:
//!
//! * **Per item**, the smallest change is the exact threshold: a value
//!   target needs its `target` (for partly, its `warning`; without a partly
//!   band partly means reaching the target, and the change says `to:
//!   fulfilled`); an `improve` target needs last year's value, strictly
//!   beaten for fulfilled (`strict`), equalled for partly; a rank target
//!   needs a rank (the largest whole rank within the limit) and, when the
//!   evaluation has comparison data, the value of the municipality at that
//!   rank among the others (equal values share a rank, so reaching it is
//!   enough). `change` is `needed − value`, signed. The value is the one the
//!   result reports (own, consolidated or a window mean); a child goal item
//!   names the status the child must reach (ask the child's what-if for its
//!   items).
//! * **Per rule**: `all_some_none` to fulfilled and `worst` need every
//!   assessed item below the wanted status to reach it (`need: all`);
//!   `all_some_none` from not fulfilled to partly needs **any one** item at
//!   partly (`need: any_one`, every candidate listed); `share_fulfilled` and
//!   `weighted_score` take the **fewest items**, largest gain first (ties in
//!   item order), raised to fulfilled until the share or score reaches the
//!   threshold as the rule computes it (12 places); `weighted_score` then
//!   lets each picked item stop at partly where that still suffices, the
//!   last picked first. `manual` moves the advisory status computed by
//!   `all_some_none`.
//! * Items with no status stay left out, as the rule leaves them out (the
//!   explanation says an outcome entered for one changes the answer); a goal
//!   with no assessed item is `reachable: false`. A manual assessment still
//!   sets the final status: the changes move the computed one.
//! * Vectors 54–59; the explanation is the trace.
//!
//! # Left out for now
//! Two published methods are not expressed, on purpose:
//! * **Statuses set by a board's qualitative judgement of trend strength**
//!   (Stockholm 2021: "stark/svag positiv trend"): the strength is a
//!   judgement, not a rule on the figures, so there is nothing exact to
//!   compute; a manual assessment with a comment records it today, and a
//!   rule would need agreed, published thresholds per indicator first.
//! * **Points indices** (a goal's points summed over indicators on a points
//!   scale): each municipality's scale is its own and unpublished as a
//!   rule, and the sum hides which indicator moved; `weighted_score` covers
//!   the published weighted variants without inventing a scale.
//!
//! # Cost
//! One evaluation is a pass over the slots (the reported (indicator, org)
//! pairs and those of other periods), then the goals level by level, then
//! the scorecards. Own outcomes sit per
//! org in period-sorted runs of the indicator's one vector, so one lookup
//! serves the period, its predecessor, the year before and a window; an org with no measurement of
//! an indicator below it is skipped without a lookup, and only consolidated
//! values are memoised. Models with more than 20,000 pairs, goals or orgs
//! use every core for those passes; the output does not depend on it.
//! [`Engine`] keeps one period up to date under edits, recomputing only
//! what depends on them.
//!
//! No pass recurses once per level of the org tree or the red thread, so
//! the depth of the input cannot overflow the caller's stack:
//! consolidation walks with an explicit stack, goals roll up a level at a
//! time, and ancestor walks are loops (`tests/deep.rs` evaluates and
//! updates a 100,000-level chain on a thread with a 256 KiB stack). Each
//! module's docs state the cost of its pass.

use std::sync::Arc;

use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::model::Model;
use crate::Period;

mod dialogue;
mod forecasts;
mod goals;
mod incremental;
mod indicators;
mod numbers;
mod output;
mod plans;
mod ranking;
mod scorecards;
mod series;
mod state;
mod table;
mod targets;
mod values;
mod whatif;

pub use crate::compile::Compiled;
pub use incremental::{Engine, Update};
pub(crate) use state::in_chunks;

/// Options for [`Model::evaluate_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Narrow the goals, indicators, scorecards and plans reported to those
    /// carrying this tag (e.g. `environment` for an ISO 14001 review).
    /// Statuses are computed on the whole model either way. Default: none.
    pub tag: Option<String>,
    /// Key figures of comparable municipalities (*jämförelsekommuner*),
    /// e.g. from Kolada: each indicator with a Kolada municipality source
    /// then reports its rank, median and quartiles at its owner, in year
    /// periods. Default: none.
    pub comparison: Option<crate::kolada::ComparisonData>,
}

impl EvalOptions {
    /// Options narrowing the output to `tag`.
    pub fn tag(tag: impl Into<String>) -> Self {
        Self {
            tag: Some(tag.into()),
            comparison: None,
        }
    }

    /// These options with comparison data added.
    #[must_use]
    pub fn with_comparison(mut self, data: crate::kolada::ComparisonData) -> Self {
        self.comparison = Some(data);
        self
    }
}

impl Model {
    /// Evaluates the model for `period`. Validates first: a model with
    /// validation errors gives [`Error::Invalid`].
    pub fn evaluate(&self, period: &Period) -> Result<Evaluation, Error> {
        self.evaluate_with(period, &EvalOptions::default())
    }

    /// Evaluates the model for `period` with options (a tag filter).
    ///
    /// ```
    /// use styrkort::{EvalOptions, Model};
    /// let m = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "goals": [{"id": "kf-1", "title": "Minskade utsläpp", "level": "council",
    ///              "perspective": "samhälle och miljö", "owner": "kf", "tags": ["environment"]},
    ///             {"id": "kf-2", "title": "Nöjda invånare", "level": "council",
    ///              "perspective": "medborgare", "owner": "kf"}]}"#)?;
    /// let e = m.evaluate_with(&"2025".parse()?, &EvalOptions::tag("environment"))?;
    /// assert_eq!(e.goals.len(), 1);
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn evaluate_with(
        &self,
        period: &Period,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        Arc::new(self.compile()?).evaluate(period, options)
    }
}

impl Compiled {
    /// Evaluates one period. Takes `self` in an [`Arc`] because the
    /// evaluation keeps it for [`Evaluation::dialogue`].
    ///
    /// A model with more than 20,000 reported indicator-org pairs has its
    /// indicators evaluated on several threads (up to 8, as many as the
    /// machine has cores); the output is the same on any number.
    pub fn evaluate(
        self: &Arc<Self>,
        period: &Period,
        options: &EvalOptions,
    ) -> Result<Evaluation, Error> {
        let state = self.compute_alone(*period, options.comparison.as_ref())?;
        self.assemble(state, options)
    }
}

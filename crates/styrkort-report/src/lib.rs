//! # styrkort-report — the scorecard overview and the red thread as pages and pictures
//!
//! Renders a styrkort [`Evaluation`] (with its [`Model`]) as one
//! self-contained HTML document and as SVG pictures, for a browser, a
//! notebook, an e-mail attachment or an ERP system that embeds it:
//!
//! | function | what |
//! |---|---|
//! | [`Report::document`] | the whole report: red thread, every scorecard, follow-up, warnings |
//! | [`Report::scorecard_page`] / [`Report::scorecard_html`] | one org's scorecard (*styrkort*): four perspectives, goals, indicators with sparklines |
//! | [`Report::balance_svg`] | the balance picture of a scorecard |
//! | [`Report::red_thread_page`] / [`Report::red_thread_html`] | the red thread (*röda tråden*) as a collapsible tree |
//! | [`Report::red_thread_dot`] | the red thread as Graphviz DOT |
//! | [`Report::follow_up_page`] / [`Report::follow_up_html`] | the goal table of an interim or annual report, printable on A4 |
//! | [`Report::dialogue_page`] / [`Report::dialogue_html`] | the dialogue brief between two orgs |
//! | [`Report::fragment`] | the overview as an embeddable `<div>` with its style (notebooks) |
//!
//! ```
//! use styrkort::Model;
//! use styrkort_report::{Options, Report};
//! let model = Model::from_json(r#"{"format": "styrkort/1",
//!   "organisation": [{"id": "kf", "name": "Kommunfullmäktige", "kind": "council"}],
//!   "goals": [{"id": "kf-1", "title": "<script>alert(1)</script>", "level": "council",
//!              "perspective": "medborgare", "owner": "kf"}]}"#)?;
//! let evaluation = model.evaluate(&"2025T2".parse()?)?;
//! let html = Report::new(&model, &evaluation, Options::default())?.document();
//! assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
//! assert!(!html.contains("<script"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Nothing is computed here
//! Every status, score, achievement, evenness, progress and overdue flag
//! is the core's; the values of earlier periods for the sparklines come
//! from [`Evaluation::indicator_history`]. This crate chooses words,
//! symbols, colours and coordinates, nothing else.
//!
//! ## Why maud
//! The pages are built with [maud](https://maud.lambda.xyz/): its templates
//! are Rust code checked and compiled with the crate (a misspelt field is a
//! compile error, not a blank cell), every `(expression)` is HTML-escaped
//! unless wrapped in `PreEscaped` on purpose, so a goal titled
//! `<script>alert(1)</script>` shows as text, and it writes straight into
//! one `String` with no runtime template parsing, which keeps a
//! 250-org report well inside its time budget. askama (also compile-time
//! and escaping) needs Rust 1.88, above the workspace's 1.85; minijinja
//! parses templates at run time and finds mistakes only then.
//!
//! ## Standards
//! * Self-contained: inline CSS and SVG, no script, no external font,
//!   image or link; opens offline and as an attachment.
//! * Accessible: a status always shows its symbol and word beside its
//!   colour (white text on each colour at WCAG AA contrast); every SVG has
//!   `role="img"` and a `<title>` that says what it shows in words; tables
//!   have captions and header cells; one `<h1>` per page and headings in
//!   order.
//! * Swedish by default, English with [`Language::En`]; every word comes
//!   from the one table in [`labels`].
//! * Deterministic: the same model, period and options give the same bytes.
//! * The DOM carries stable, language-independent marks for tests and
//!   tools: `section.scorecard[data-org]`, `[data-perspective]`,
//!   `[data-goal][data-status]`, `section.red-thread`, `section.follow-up`,
//!   `section.dialogue[data-upper][data-lower]`.
#![deny(missing_docs)]

use std::collections::{HashMap, HashSet};
use std::fmt;

use styrkort::{ActionPlan, Diagnostic, Evaluation, Goal, Indicator, IndicatorHistory, Model, Org};

mod dot;
pub mod format;
pub mod labels;
mod pages;
pub mod svg;

pub use labels::Language;

/// Where the red thread starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Root {
    /// Every council goal, then the goals not linked upwards (the default).
    #[default]
    Council,
    /// The goals of one org's scorecard.
    Org(String),
    /// One goal.
    Goal(String),
}

/// What a report shows and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Where the red thread starts. Default: the council.
    pub root: Root,
    /// Swedish (default) or English labels.
    pub language: Language,
    /// The orgs whose scorecards (and, for boards, follow-up sections) are
    /// shown, in this order. Default `None`: every org, in the order of the
    /// org tree.
    pub orgs: Option<Vec<String>>,
    /// How many periods of the evaluated period's kind a sparkline spans,
    /// the evaluated one included. Default 8 (for a tertial: two years and
    /// two tertials).
    pub history: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            root: Root::Council,
            language: Language::Sv,
            orgs: None,
            history: 8,
        }
    }
}

impl Options {
    /// The default options in English.
    pub fn english() -> Self {
        Self {
            language: Language::En,
            ..Self::default()
        }
    }
}

/// Why a report cannot be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReportError {
    /// An org id (in the options or a call) that the model does not have.
    UnknownOrg(String),
    /// A goal id that the evaluation does not have.
    UnknownGoal(String),
    /// The core refused (e.g. an unknown id in a dialogue).
    Core(styrkort::Error),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownOrg(id) => write!(f, "unknown org id {id:?} in the report options"),
            Self::UnknownGoal(id) => write!(f, "unknown goal id {id:?} in the report options"),
            Self::Core(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Core(e) => Some(e),
            _ => None,
        }
    }
}

impl From<styrkort::Error> for ReportError {
    fn from(e: styrkort::Error) -> Self {
        Self::Core(e)
    }
}

/// A report of one evaluation: indexes the model once, then renders any
/// page or picture.
#[derive(Debug)]
pub struct Report<'a> {
    model: &'a Model,
    eval: &'a Evaluation,
    options: Options,
    orgs: HashMap<&'a str, &'a Org>,
    /// Org ids in the order of the org tree (depth first, model order).
    org_order: Vec<&'a str>,
    goals: HashMap<&'a str, &'a Goal>,
    indicators: HashMap<&'a str, &'a Indicator>,
    plans_of_goal: HashMap<&'a str, Vec<&'a ActionPlan>>,
    plans: HashMap<&'a str, &'a ActionPlan>,
    diagnostics: HashMap<&'a str, Vec<&'a Diagnostic>>,
    history: HashMap<(&'a str, &'a str), IndicatorHistory>,
}

impl<'a> Report<'a> {
    /// Indexes `model` and `evaluation` (which must be of this model) and
    /// fetches the indicator histories the sparklines need from the core.
    /// Fails on an org or goal id in `options` the model does not have.
    pub fn new(
        model: &'a Model,
        evaluation: &'a Evaluation,
        options: Options,
    ) -> Result<Self, ReportError> {
        let orgs: HashMap<&str, &Org> = model
            .organisation
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect();
        if let Some(list) = &options.orgs {
            if let Some(bad) = list.iter().find(|o| !orgs.contains_key(o.as_str())) {
                return Err(ReportError::UnknownOrg(bad.clone()));
            }
        }
        match &options.root {
            Root::Org(o) if !orgs.contains_key(o.as_str()) => {
                return Err(ReportError::UnknownOrg(o.clone()))
            }
            Root::Goal(g) if evaluation.goal(g).is_none() => {
                return Err(ReportError::UnknownGoal(g.clone()))
            }
            Root::Council | Root::Org(_) | Root::Goal(_) => {}
        }
        let mut plans_of_goal: HashMap<&str, Vec<&ActionPlan>> = HashMap::new();
        for p in &model.action_plans {
            for g in &p.goals {
                plans_of_goal.entry(g.as_str()).or_default().push(p);
            }
        }
        let mut diagnostics: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in &evaluation.diagnostics {
            diagnostics.entry(d.subject.as_str()).or_default().push(d);
        }
        let mut report = Self {
            model,
            eval: evaluation,
            org_order: tree_order(model),
            goals: model.goals.iter().map(|g| (g.id.as_str(), g)).collect(),
            indicators: model
                .indicators
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            plans: model
                .action_plans
                .iter()
                .map(|p| (p.id.as_str(), p))
                .collect(),
            plans_of_goal,
            diagnostics,
            orgs,
            history: HashMap::new(),
            options,
        };
        report.fetch_history()?;
        Ok(report)
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The histories of every indicator a shown goal uses, from the core.
    fn fetch_history(&mut self) -> Result<(), ReportError> {
        let shown: HashSet<&str> = self.shown_orgs().into_iter().collect();
        let mut wanted: Vec<(&'a str, &'a str)> = Vec::new();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for sc in &self.eval.scorecards {
            if !shown.contains(sc.org.as_str()) {
                continue;
            }
            for g in &sc.goals {
                let Some(goal) = self.eval.goal(g.as_str()) else {
                    continue;
                };
                for item in &goal.items {
                    if item.kind == styrkort::ItemKind::Indicator
                        && seen.insert((item.id.as_str(), item.org.as_str()))
                    {
                        wanted.push((item.id.as_str(), item.org.as_str()));
                    }
                }
            }
        }
        let histories = self.eval.histories(&wanted, self.options.history)?;
        for (pair, h) in wanted.into_iter().zip(histories) {
            self.history.insert(pair, h);
        }
        Ok(())
    }

    /// The orgs whose scorecards are shown, in order.
    fn shown_orgs(&self) -> Vec<&'a str> {
        match &self.options.orgs {
            Some(list) => list
                .iter()
                .filter_map(|o| self.orgs.get_key_value(o.as_str()).map(|(k, _)| *k))
                .collect(),
            None => self.org_order.clone(),
        }
    }
}

/// Org ids depth first from the roots, children in model order.
fn tree_order(model: &Model) -> Vec<&str> {
    let ids: HashSet<&str> = model.organisation.iter().map(|o| o.id.as_str()).collect();
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut roots = Vec::new();
    for o in &model.organisation {
        match o.parent.as_ref().map(styrkort::OrgId::as_str) {
            Some(p) if ids.contains(p) => children.entry(p).or_default().push(o.id.as_str()),
            _ => roots.push(o.id.as_str()),
        }
    }
    let mut out = Vec::with_capacity(model.organisation.len());
    let mut seen = HashSet::new();
    let mut stack: Vec<&str> = roots.into_iter().rev().collect();
    while let Some(o) = stack.pop() {
        if !seen.insert(o) {
            continue;
        }
        out.push(o);
        if let Some(kids) = children.get(o) {
            stack.extend(kids.iter().rev());
        }
    }
    // Orgs on a parent cycle (a validation error) would be unreachable.
    for o in &model.organisation {
        if seen.insert(o.id.as_str()) {
            out.push(o.id.as_str());
        }
    }
    out
}

/// The whole report of `evaluation` as one self-contained HTML document.
pub fn report_html(
    model: &Model,
    evaluation: &Evaluation,
    options: Options,
) -> Result<String, ReportError> {
    Ok(Report::new(model, evaluation, options)?.document())
}

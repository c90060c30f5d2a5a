//! The pages: templates (maud) filled from the evaluation. No rule lives
//! here; see the crate docs.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use styrkort::{
    ArrowBasis, DialogueBrief, GoalResult, IndicatorResult, ItemKind, Level, OrgKind, Perspective,
    Scorecard, Severity, Status, TargetKind,
};

use crate::format::{is_long, num, percent, period_label, period_words, with_unit};
use crate::labels::{arrow, symbol, Labels};
use crate::{svg, Report, ReportError, Root};

/// The style sheet, shared by every page; scoped under `.styrkort` so that
/// an embedded fragment leaves its host page alone.
const CSS: &str = include_str!("report.css");

/// A goal count above which the council goals of the red thread start
/// folded (`<details>` without `open`), so that a large municipality's
/// tree stays readable.
const OPEN_TREE_MAX_GOALS: usize = 150;

/// An id attribute value from a model id (ids may hold any character but
/// whitespace; maud escapes the rest).
fn anchor(prefix: &str, id: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + id.len() + 1);
    s.push_str(prefix);
    s.push('-');
    for c in id.chars() {
        s.push(if c.is_whitespace() { '_' } else { c });
    }
    s
}

/// Closing tags after which a line break is put, so that the golden files
/// and any diff of two reports read line by line. Only block-level tags:
/// the white space added between blocks does not change the rendering.
const BREAK_AFTER: [&str; 15] = [
    "section", "article", "div", "p", "tr", "li", "ul", "table", "thead", "tbody", "h1", "h2",
    "h3", "h4", "svg",
];

/// `html` with a line break after each closing tag of [`BREAK_AFTER`] and
/// after `</style>`, `</head>` and `<main …>`. Model text never holds a raw `<`
/// (it is escaped), so only the report's own tags match.
pub(crate) fn break_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 40);
    break_lines_into(&mut out, html);
    out
}

/// [`break_lines`] appending to `out`.
fn break_lines_into(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(k) = rest.find("</") {
        let after = &rest[k + 2..];
        let end = after.find('>').map_or(0, |e| e + 1);
        let name = &after[..end.saturating_sub(1)];
        out.push_str(&rest[..k + 2 + end]);
        if end > 0 && (BREAK_AFTER.contains(&name) || name == "style" || name == "head") {
            out.push('\n');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
}

/// A heading of `level` (1–6) with an optional id.
fn heading(level: u8, id: Option<&str>, content: &Markup) -> Markup {
    match level {
        1 => html! { h1 id=[id] { (content) } },
        2 => html! { h2 id=[id] { (content) } },
        3 => html! { h3 id=[id] { (content) } },
        4 => html! { h4 id=[id] { (content) } },
        5 => html! { h5 id=[id] { (content) } },
        _ => html! { h6 id=[id] { (content) } },
    }
}

/// A status as a tag: colour, symbol and word.
fn tag(s: Status, l: &Labels) -> Markup {
    html! {
        span class={"tag s-" (s.as_str())} { span aria-hidden="true" { (symbol(s)) } " " (l.status(s)) }
    }
}

impl Report<'_> {
    fn l(&self) -> &'static Labels {
        self.options.language.labels()
    }

    fn org_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.orgs.get(id).map_or(id, |o| o.name.as_str())
    }

    /// The municipality's name: the first root org's.
    fn title_name(&self) -> &str {
        self.org_order.first().map_or("", |o| self.org_name(o))
    }

    /// A whole HTML document around `body`. Written piece by piece so the
    /// (large) body is copied once.
    fn page(&self, title: &str, body: &Markup) -> String {
        let head = html! {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
        };
        let body = &body.0;
        let mut out = String::with_capacity(head.0.len() + body.len() + body.len() / 40 + 128);
        out.push_str(DOCTYPE.0);
        out.push_str("<html lang=\"");
        out.push_str(self.options.language.code());
        out.push_str("\">");
        break_lines_into(&mut out, &head.0);
        out.push_str("<body><main class=\"styrkort\">");
        break_lines_into(&mut out, body);
        out.push_str("</main></body></html>\n");
        out
    }

    /// The line under each page's `<h1>`: period, date, tag.
    fn period_line(&self) -> Markup {
        let l = self.l();
        let e = self.eval;
        html! {
            p.period {
                (l.period) " " (period_label(e.period)) " (" (period_words(e.period, self.options.language)) "), "
                (l.as_of) " " (e.as_of.format("%Y-%m-%d").to_string())
                @if let Some(t) = &e.tag { " · " (l.tag) ": " (t) }
            }
        }
    }

    // ---------------------------------------------------------------- document

    /// The whole report as one self-contained HTML document: the red
    /// thread, every scorecard (of the orgs in the options), the follow-up
    /// table and the validation warnings.
    pub fn document(&self) -> String {
        let l = self.l();
        let title = format!(
            "{} {} – {}",
            l.report_title,
            period_label(self.eval.period),
            self.title_name()
        );
        let body = html! {
            header {
                h1 { (title) }
                (self.period_line())
                nav aria-label=(l.contents) {
                    ul.toc {
                        li { a href="#red-thread" { (l.red_thread) } }
                        li { a href="#scorecards" { (l.scorecards) } }
                        li { a href="#follow-up" { (l.follow_up) } }
                        li { a href="#diagnostics" { (l.diagnostics) } }
                    }
                }
            }
            (self.red_thread_section(2))
            section id="scorecards" {
                h2 { (l.scorecards) }
                ul.toc.orgs {
                    @for o in self.shown_orgs() {
                        li { a href={"#" (anchor("sc", o))} { (self.org_name(o)) } }
                    }
                }
                @for o in self.shown_orgs() {
                    @if let Some(sc) = self.eval.scorecard(o) { (self.scorecard_section(sc, 3)) }
                }
            }
            (self.follow_up_section(2))
            (self.diagnostics_section(2))
        };
        self.page(&title, &body)
    }

    /// The overview (what [`Report::document`] shows) as one embeddable
    /// `<div>` carrying its own style, for a notebook cell or an ERP page.
    pub fn fragment(&self) -> String {
        let body = html! {
            div.styrkort {
                style { (PreEscaped(CSS)) }
                (self.period_line())
                (self.red_thread_section(2))
                @for o in self.shown_orgs() {
                    @if let Some(sc) = self.eval.scorecard(o) { (self.scorecard_section(sc, 2)) }
                }
            }
        };
        break_lines(&body.into_string())
    }

    /// One org's scorecard as an embeddable `<div>` carrying its own style
    /// (a notebook cell).
    pub fn scorecard_fragment(&self, org: &str) -> Result<String, ReportError> {
        let sc = self
            .eval
            .scorecard(org)
            .ok_or_else(|| ReportError::UnknownOrg(org.to_string()))?;
        let body = html! {
            div.styrkort {
                style { (PreEscaped(CSS)) }
                (self.period_line())
                (self.scorecard_section(sc, 2))
            }
        };
        Ok(break_lines(&body.into_string()))
    }

    fn diagnostics_section(&self, level: u8) -> Markup {
        let l = self.l();
        html! {
            section.diagnostics id="diagnostics" {
                (heading(level, None, &html! { (l.diagnostics) }))
                @if self.eval.diagnostics.is_empty() {
                    p { (l.no_diagnostics) }
                } @else {
                    table {
                        caption { (l.diagnostics) " (" (self.eval.diagnostics.len()) ")" }
                        thead { tr { th scope="col" { (l.severity) } th scope="col" { (l.code) } th scope="col" { (l.subject) } th scope="col" { (l.message) } } }
                        tbody {
                            @for d in &self.eval.diagnostics {
                                tr {
                                    td { @if d.severity == Severity::Error { "✘ " (l.error) } @else { "⚠ " (l.warning_word) } }
                                    td { code { (d.code) } }
                                    td { (d.subject) }
                                    td { (d.message) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- scorecard

    /// One org's scorecard as a whole page.
    pub fn scorecard_page(&self, org: &str) -> Result<String, ReportError> {
        let sc = self
            .eval
            .scorecard(org)
            .ok_or_else(|| ReportError::UnknownOrg(org.to_string()))?;
        let l = self.l();
        let title = format!(
            "{}: {} {}",
            l.scorecard,
            self.org_name(org),
            period_label(self.eval.period)
        );
        let body = html! {
            header { h1 { (title) } (self.period_line()) }
            (self.scorecard_section(sc, 2))
        };
        Ok(self.page(&title, &body))
    }

    /// One org's scorecard as an HTML fragment (`<section>`, heading `<h2>`).
    pub fn scorecard_html(&self, org: &str) -> Result<String, ReportError> {
        let sc = self
            .eval
            .scorecard(org)
            .ok_or_else(|| ReportError::UnknownOrg(org.to_string()))?;
        Ok(self.scorecard_section(sc, 2).into_string())
    }

    /// The balance picture of one org's scorecard (an `<svg>` element).
    pub fn balance_svg(&self, org: &str) -> Result<String, ReportError> {
        let sc = self
            .eval
            .scorecard(org)
            .ok_or_else(|| ReportError::UnknownOrg(org.to_string()))?;
        Ok(svg::balance(
            self.org_name(org),
            &sc.balance,
            self.model.settings.citizen_label,
            self.options.language,
        )
        .into_string())
    }

    /// The sparkline of an indicator at an org (an `<svg>` element).
    pub fn sparkline_svg(&self, indicator: &str, org: &str) -> Result<String, ReportError> {
        let h = self
            .eval
            .indicator_history(indicator, org, self.options.history)?;
        let name = self
            .indicators
            .get(indicator)
            .map_or(indicator, |i| i.name.as_str());
        Ok(svg::sparkline(name, &h.points, self.options.language).into_string())
    }

    /// A value with its unit, shortened for display with the exact value
    /// in a tooltip when it has more places than are shown.
    fn value(&self, d: styrkort::Decimal, unit: Option<&str>) -> Markup {
        let lang = self.options.language;
        if is_long(d) {
            html! { span title=(num(d, lang)) { (with_unit(d, unit, lang)) } }
        } else {
            html! { (with_unit(d, unit, lang)) }
        }
    }

    fn org_kind_line(&self, org: &str) -> Markup {
        let l = self.l();
        let Some(o) = self.orgs.get(org) else {
            return html! {};
        };
        html! {
            span.kind {
                (l.org_kind(o.kind))
                @if let Some(p) = o.provider.and_then(|p| l.provider(p)) { ", " (p) }
            }
        }
    }

    fn scorecard_section(&self, sc: &Scorecard, level: u8) -> Markup {
        let l = self.l();
        let org = sc.org.as_str();
        let citizen = self.model.settings.citizen_label;
        let b = &sc.balance;
        let goals: Vec<&GoalResult> = sc
            .goals
            .iter()
            .filter_map(|g| self.eval.goal(g.as_str()))
            .collect();
        html! {
            section.scorecard id=(anchor("sc", org)) data-org=(org) {
                (heading(level, None, &html! { (l.scorecard) ": " (self.org_name(org)) " " small { "(" (self.org_kind_line(org)) ")" } }))
                div.balance-row {
                    (svg::balance(self.org_name(org), b, citizen, self.options.language))
                    div.balance-facts {
                        p { strong { (l.balance) } ": " (b.goals) " " (l.goals) }
                        p { (l.evenness) ": " strong { (num(b.evenness, self.options.language)) } }
                        @if let Some(s) = b.score { p { (l.score) ": " (num(s, self.options.language)) } }
                        @if !b.missing.is_empty() {
                            p.warn {
                                "⚠ " (l.missing_perspectives) ": "
                                @for (k, p) in b.missing.iter().enumerate() {
                                    @if k > 0 { ", " }
                                    (l.perspective(*p, citizen))
                                }
                            }
                        }
                    }
                }
                div.perspectives {
                    @for p in Perspective::ALL {
                        @let pg: Vec<&&GoalResult> = goals.iter().filter(|g| g.perspective == p).collect();
                        div.perspective data-perspective=(p.as_str()) {
                            (heading(level + 1, None, &html! { (l.perspective(p, citizen)) " " small { "(" (pg.len()) " " (l.goals) ")" } }))
                            @if pg.is_empty() {
                                p.empty { "⚠ " (l.no_goals) }
                            }
                            @for g in pg { (self.goal_block(g, org)) }
                        }
                    }
                }
            }
        }
    }

    fn goal_block(&self, g: &GoalResult, org: &str) -> Markup {
        let l = self.l();
        let lang = self.options.language;
        let indicators: Vec<&IndicatorResult> = g
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Indicator)
            .filter_map(|i| self.eval.indicator(i.id.as_str(), i.org.as_str()))
            .collect();
        html! {
            article.goal data-goal=(g.goal.as_str()) data-status=(g.status.as_str()) {
                p.goal-head {
                    (tag(g.status, l)) " "
                    strong { (g.title) } " "
                    span.gid { (g.goal.as_str()) }
                }
                p.meta {
                    (l.level(g.level))
                    " · " (l.rule_word) ": " (l.rule(g.rule))
                    @if let (Some(f), Some(p)) = (g.fulfilled_at, g.partly_at) {
                        " (" (l.thresholds) " " (num(f, lang)) " / " (num(p, lang)) ")"
                    }
                    @if let Some(s) = g.score { " · " (l.score) " " (num(s, lang)) }
                    @if g.owner.as_str() != org {
                        " · " strong { (l.from) ": " (self.org_name(g.owner.as_str())) }
                    }
                }
                @if let Some(a) = &g.assessment {
                    p.manual {
                        "✎ " (l.manual) " (" (l.computed) ": " (symbol(g.computed_status)) " " (l.status(g.computed_status)) ")"
                        @if let Some(c) = &a.comment { ": " q { (c) } }
                        @if a.author.is_some() || a.date.is_some() {
                            " — "
                            @if let Some(au) = &a.author { (au) }
                            @if let Some(d) = a.date { " " (d.format("%Y-%m-%d").to_string()) }
                        }
                    }
                }
                @if !indicators.is_empty() {
                    (self.indicator_table(g, &indicators))
                }
            }
        }
    }

    fn indicator_table(&self, g: &GoalResult, rows: &[&IndicatorResult]) -> Markup {
        let l = self.l();
        let lang = self.options.language;
        html! {
            div.table-wrap tabindex="0" {
                table.indicators {
                    caption { (l.indicators_of) " " (g.title) }
                    thead {
                        tr {
                            th scope="col" { (l.indicator) }
                            th scope="col" { (l.value) }
                            th scope="col" { (l.target) }
                            th scope="col" { (l.warning) }
                            th scope="col" { (l.achievement) }
                            th scope="col" {
                                (l.trend_word) br;
                                small {
                                    @match self.eval.arrow_basis() {
                                        ArrowBasis::YearEarlier => (l.versus_year_earlier),
                                        ArrowBasis::Previous => (l.versus_previous),
                                    }
                                }
                            }
                            th scope="col" { (l.women_men) }
                            th scope="col" { (l.history) }
                            th scope="col" { (l.status_word) }
                        }
                    }
                    tbody {
                        @for r in rows {
                            @let ind = self.indicators.get(r.indicator.as_str());
                            @let unit = ind.and_then(|i| i.unit.as_deref());
                            @let name = ind.map_or(r.indicator.as_str(), |i| i.name.as_str());
                            tr data-indicator=(r.indicator.as_str()) data-status=(r.status.as_str()) {
                                th scope="row" {
                                    (name)
                                    @if r.org.as_str() != g.owner.as_str() { " (" (self.org_name(r.org.as_str())) ")" }
                                }
                                td.num {
                                    @if let Some(v) = r.value { (self.value(v, unit)) } @else { "–" }
                                    @if r.consolidated { br; small { (l.consolidated) } }
                                    @if r.forecast { br; small { (l.forecast) } }
                                }
                                td.num {
                                    @if let Some(t) = r.target { (self.value(t, unit)) } @else { "–" }
                                    @if r.target_kind == Some(TargetKind::Improve) { br; small { (l.baseline) } }
                                }
                                td.num { @if let Some(w) = r.warning { (self.value(w, unit)) } @else { "–" } }
                                td.num { @if let Some(a) = r.achievement { (percent(a, lang)) } @else { "–" } }
                                // The scorecard's arrow follows settings.arrow (`r.arrow`).
                                td { span aria-hidden="true" { (arrow(r.arrow)) } " " (l.trend(r.arrow)) }
                                td.num { (self.gender(r)) }
                                td {
                                    @if let Some(h) = self.history.get(&(r.indicator.as_str(), r.org.as_str())) {
                                        (svg::sparkline(name, &h.points, lang))
                                    }
                                }
                                td { (tag(r.status, l)) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The women/men split of the own measurement of the period, if any.
    fn gender(&self, r: &IndicatorResult) -> Markup {
        let lang = self.options.language;
        let m = self.indicators.get(r.indicator.as_str()).and_then(|i| {
            i.measurement_index(Some(r.org.as_str()), self.eval.period)
                .map(|k| &i.measurements[k])
        });
        match m {
            Some(m) if m.women().is_some() || m.men().is_some() => html! {
                (m.women().map_or_else(|| "–".to_string(), |v| num(v, lang)))
                " / "
                (m.men().map_or_else(|| "–".to_string(), |v| num(v, lang)))
            },
            _ => html! { "–" },
        }
    }

    // ---------------------------------------------------------------- red thread

    /// The red thread as a whole page.
    pub fn red_thread_page(&self) -> String {
        let l = self.l();
        let title = format!(
            "{} {} – {}",
            l.red_thread,
            period_label(self.eval.period),
            self.title_name()
        );
        let body = html! {
            header { h1 { (title) } (self.period_line()) }
            (self.red_thread_section(2))
        };
        self.page(&title, &body)
    }

    /// The red thread as an HTML fragment (`<section>`, heading `<h2>`).
    pub fn red_thread_html(&self) -> String {
        self.red_thread_section(2).into_string()
    }

    /// The roots of the red thread by the options, and the goals not linked
    /// upwards (only from the council).
    pub(crate) fn thread_roots(&self) -> (Vec<&GoalResult>, Vec<&GoalResult>) {
        match &self.options.root {
            Root::Council => {
                let kept: std::collections::HashSet<&str> =
                    self.eval.goals.iter().map(|g| g.goal.as_str()).collect();
                let mut council = Vec::new();
                let mut unlinked = Vec::new();
                for g in &self.eval.goals {
                    if g.level == Level::Council {
                        council.push(g);
                    } else {
                        let linked = self.goals.get(g.goal.as_str()).is_some_and(|m| {
                            m.contributes_to
                                .iter()
                                .any(|p| kept.contains(p.goal.as_str()))
                        });
                        if !linked {
                            unlinked.push(g);
                        }
                    }
                }
                (council, unlinked)
            }
            Root::Org(o) => (
                self.eval
                    .scorecard(o)
                    .map(|sc| {
                        sc.goals
                            .iter()
                            .filter_map(|g| self.eval.goal(g.as_str()))
                            .collect()
                    })
                    .unwrap_or_default(),
                Vec::new(),
            ),
            Root::Goal(g) => (self.eval.goal(g).into_iter().collect(), Vec::new()),
        }
    }

    /// The child goals of a goal with their weights, as the core reports them.
    pub(crate) fn children(&self, g: &GoalResult) -> Vec<(&GoalResult, styrkort::Decimal)> {
        g.items
            .iter()
            .filter(|i| i.kind == ItemKind::Goal)
            .filter_map(|i| self.eval.goal(i.id.as_str()).map(|c| (c, i.weight)))
            .collect()
    }

    fn red_thread_section(&self, level: u8) -> Markup {
        let l = self.l();
        let (roots, unlinked) = self.thread_roots();
        let open = self.eval.goals.len() <= OPEN_TREE_MAX_GOALS;
        html! {
            section.red-thread id="red-thread" {
                (heading(level, None, &html! { (l.red_thread) }))
                p { (l.red_thread_intro) }
                ul.tree {
                    @for g in &roots {
                        li.node data-goal=(g.goal.as_str()) data-status=(g.status.as_str()) {
                            @let kids = self.children(g);
                            @if kids.is_empty() {
                                (self.node_line(g, None))
                            } @else {
                                details open[open] {
                                    summary { (self.node_line(g, None)) }
                                    ul { @for (c, w) in kids { (self.node(c, Some(w), 1)) } }
                                }
                            }
                        }
                    }
                }
                @if !unlinked.is_empty() {
                    (heading(level + 1, None, &html! { (l.unlinked) }))
                    ul.tree {
                        @for g in &unlinked { (self.node(g, None, 1)) }
                    }
                }
            }
        }
    }

    fn node(&self, g: &GoalResult, weight: Option<styrkort::Decimal>, depth: usize) -> Markup {
        // The red thread is acyclic (validated); the bound only guards
        // against a model that slipped past validation.
        let kids = if depth < 16 {
            self.children(g)
        } else {
            Vec::new()
        };
        html! {
            li.node data-goal=(g.goal.as_str()) data-status=(g.status.as_str()) {
                (self.node_line(g, weight))
                @if !kids.is_empty() {
                    ul { @for (c, w) in kids { (self.node(c, Some(w), depth + 1)) } }
                }
            }
        }
    }

    fn node_line(&self, g: &GoalResult, weight: Option<styrkort::Decimal>) -> Markup {
        let l = self.l();
        let lang = self.options.language;
        let owner = g.owner.as_str();
        let warnings = self
            .diagnostics
            .get(format!("goal:{}", g.goal.as_str()).as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        html! {
            span.line {
                @if let Some(w) = weight { span.weight title=(l.weight) { (l.weight) " " (num(w, lang)) } " " }
                (tag(g.status, l)) " "
                span.title { (g.title) } " "
                span.gid { (g.goal.as_str()) } " — "
                span.org { (self.org_name(owner)) }
                @if let Some(p) = self.orgs.get(owner).and_then(|o| o.provider).and_then(|p| l.provider(p)) {
                    " " span.provider { "◆ " (p) }
                }
                @if g.manual { " " span.manual-mark { "✎ " (l.manual) } }
                @for d in warnings { " " span.warn { "⚠ " (d.message) } }
            }
        }
    }

    // ---------------------------------------------------------------- follow-up

    /// The follow-up report (goal table of an interim or annual report) as
    /// a whole page, printable on A4 with a page break between boards.
    pub fn follow_up_page(&self) -> String {
        let l = self.l();
        let title = format!(
            "{} {} – {}",
            l.follow_up,
            period_label(self.eval.period),
            self.title_name()
        );
        let body = html! {
            header { h1 { (title) } (self.period_line()) }
            (self.follow_up_section(2))
        };
        self.page(&title, &body)
    }

    /// The follow-up report as an HTML fragment (`<section>`, heading `<h2>`).
    pub fn follow_up_html(&self) -> String {
        self.follow_up_section(2).into_string()
    }

    fn follow_up_section(&self, level: u8) -> Markup {
        let l = self.l();
        // Each council goal with its child goals, and every goal linked to
        // one, looked up once for all boards.
        let council: Vec<(&GoalResult, Vec<&GoalResult>)> = self
            .eval
            .goals
            .iter()
            .filter(|g| g.level == Level::Council)
            .map(|c| (c, self.children(c).into_iter().map(|(g, _)| g).collect()))
            .collect();
        let linked: std::collections::HashSet<&str> = council
            .iter()
            .flat_map(|(_, kids)| kids.iter().map(|g| g.goal.as_str()))
            .collect();
        let boards: Vec<&str> = self
            .shown_orgs()
            .into_iter()
            .filter(|o| {
                self.orgs.get(o).is_some_and(|o| {
                    matches!(
                        o.kind,
                        OrgKind::Board | OrgKind::ExecutiveBoard | OrgKind::Company
                    )
                })
            })
            .collect();
        html! {
            section.follow-up id="follow-up" {
                (heading(level, None, &html! { (l.follow_up) }))
                @for b in boards {
                    @let own: Vec<&GoalResult> = self.eval.goals.iter().filter(|g| g.owner.as_str() == b && g.level == Level::Board).collect();
                    section.board id=(anchor("fu", b)) data-board=(b) {
                        (heading(level + 1, None, &html! { (self.org_name(b)) }))
                        @if own.is_empty() { p { (l.none) } }
                        @for (c, kids) in &council {
                            @let mine: Vec<&GoalResult> = kids.iter().copied().filter(|g| g.owner.as_str() == b && g.level == Level::Board).collect();
                            @if !mine.is_empty() {
                                div.council-goal data-goal=(c.goal.as_str()) data-status=(c.status.as_str()) {
                                    (heading(level + 2, None, &html! { (l.council_goal) ": " (c.title) " " (tag(c.status, l)) }))
                                    (self.follow_up_table(&format!("{} {}", l.board_goals_for, c.title), &mine))
                                }
                            }
                        }
                        @let loose: Vec<&GoalResult> = own.iter().copied().filter(|g| !linked.contains(g.goal.as_str())).collect();
                        @if !loose.is_empty() {
                            div.council-goal {
                                (heading(level + 2, None, &html! { (l.not_linked_to_council) }))
                                (self.follow_up_table(l.not_linked_to_council, &loose))
                            }
                        }
                    }
                }
            }
        }
    }

    fn follow_up_table(&self, caption: &str, goals: &[&GoalResult]) -> Markup {
        let l = self.l();
        html! {
            div.table-wrap tabindex="0" {
                table.follow {
                    caption { (caption) }
                    thead {
                        tr {
                            th scope="col" { (l.goal) }
                            th scope="col" { (l.status_word) }
                            th scope="col" { (l.indicator) ": " (l.target) " / " (l.outcome) }
                            th scope="col" { (l.comment) }
                            th scope="col" { (l.action_plans) }
                        }
                    }
                    tbody {
                        @for g in goals {
                            tr data-goal=(g.goal.as_str()) data-status=(g.status.as_str()) {
                                th scope="row" { (g.title) " " span.gid { (g.goal.as_str()) } }
                                td { (tag(g.status, l)) @if g.manual { br; small { "✎ " (l.manual) } } }
                                td {
                                    ul.plain {
                                        @for i in g.items.iter().filter(|i| i.kind == ItemKind::Indicator) {
                                            @if let Some(r) = self.eval.indicator(i.id.as_str(), i.org.as_str()) {
                                                @let ind = self.indicators.get(r.indicator.as_str());
                                                @let unit = ind.and_then(|x| x.unit.as_deref());
                                                li {
                                                    (ind.map_or(r.indicator.as_str(), |x| x.name.as_str())) ": "
                                                    @if let Some(t) = r.target { (self.value(t, unit)) } @else { "–" }
                                                    " / "
                                                    @if let Some(v) = r.value { (self.value(v, unit)) } @else { "–" }
                                                    " " (tag(r.status, l))
                                                }
                                            }
                                        }
                                    }
                                }
                                td { @if let Some(c) = g.assessment.as_ref().and_then(|a| a.comment.as_ref()) { (c) } }
                                td { (self.plans_cell(g.goal.as_str())) }
                            }
                        }
                    }
                }
            }
        }
    }

    fn plans_cell(&self, goal: &str) -> Markup {
        let l = self.l();
        let lang = self.options.language;
        let plans = self
            .plans_of_goal
            .get(goal)
            .map(Vec::as_slice)
            .unwrap_or_default();
        html! {
            @for p in plans {
                @if let Some(r) = self.eval.action_plan(p.id.as_str()) {
                    div.plan {
                        (p.title)
                        @if let Some(pr) = r.progress { " (" (l.progress) " " (num(pr, lang)) " %)" }
                        @for a in &r.overdue {
                            @let act = p.activities.iter().find(|x| x.id == *a);
                            br;
                            span.warn {
                                "⚠ " (l.overdue) ": " (act.map_or(a.as_str(), |x| x.title.as_str()))
                                @if let Some(d) = act.and_then(|x| x.due) { " (" (l.due) " " (d.format("%Y-%m-%d").to_string()) ")" }
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- dialogue

    /// The dialogue brief between `upper` and `lower` as a whole page.
    pub fn dialogue_page(&self, upper: &str, lower: &str) -> Result<String, ReportError> {
        let brief = self.eval.dialogue(upper, lower)?;
        let l = self.l();
        let title = format!(
            "{}: {} → {} {}",
            l.dialogue,
            self.org_name(upper),
            self.org_name(lower),
            period_label(self.eval.period)
        );
        let body = html! {
            header { h1 { (title) } (self.period_line()) }
            (self.dialogue_section(&brief, 2))
        };
        Ok(self.page(&title, &body))
    }

    /// The dialogue brief as an HTML fragment (`<section>`, heading `<h2>`).
    pub fn dialogue_html(&self, upper: &str, lower: &str) -> Result<String, ReportError> {
        let brief = self.eval.dialogue(upper, lower)?;
        Ok(self.dialogue_section(&brief, 2).into_string())
    }

    fn goal_ref(&self, id: &str) -> Markup {
        let l = self.l();
        if let Some(g) = self.eval.goal(id) {
            html! {
                span data-goal=(id) data-status=(g.status.as_str()) {
                    (tag(g.status, l)) " " (g.title) " " span.gid { (id) }
                }
            }
        } else {
            html! { span.gid { (id) } }
        }
    }

    fn dialogue_section(&self, b: &DialogueBrief, level: u8) -> Markup {
        let l = self.l();
        let (upper, lower) = (b.upper.as_str(), b.lower.as_str());
        html! {
            section.dialogue data-upper=(upper) data-lower=(lower) {
                (heading(level, None, &html! { (l.dialogue) ": " (self.org_name(upper)) " → " (self.org_name(lower)) }))
                (heading(level + 1, None, &html! { (l.coverage) }))
                @if b.coverage.is_empty() { p { (l.none) } } @else {
                    table {
                        caption { (l.coverage) }
                        thead { tr { th scope="col" { (l.upper) " " (l.goals) } th scope="col" { (l.covered_by) } } }
                        tbody {
                            @for c in &b.coverage {
                                tr {
                                    th scope="row" { (self.goal_ref(c.goal.as_str())) }
                                    td {
                                        @if c.contributors.is_empty() { span.warn { "⚠ " (l.uncovered) } }
                                        @for (k, g) in c.contributors.iter().enumerate() {
                                            @if k > 0 { br; }
                                            (self.goal_ref(g.as_str()))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (heading(level + 1, None, &html! { (l.uncovered) }))
                (self.goal_list(&b.uncovered))
                (heading(level + 1, None, &html! { (l.deviations) }))
                @if b.deviations.is_empty() { p { (l.none) } } @else {
                    table {
                        caption { (l.deviations) }
                        thead { tr { th scope="col" { (l.goal) } th scope="col" { (l.worsening) } } }
                        tbody {
                            @for d in &b.deviations {
                                tr {
                                    th scope="row" { (self.goal_ref(d.goal.as_str())) }
                                    td {
                                        @for (k, i) in d.worsening.iter().enumerate() {
                                            @if k > 0 { ", " }
                                            (self.indicators.get(i.as_str()).map_or(i.as_str(), |x| x.name.as_str()))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (heading(level + 1, None, &html! { (l.unaddressed) }))
                (self.goal_list(&b.unaddressed))
                (heading(level + 1, None, &html! { (l.overdue_activities) }))
                @if b.overdue.is_empty() { p { (l.none) } } @else {
                    table {
                        caption { (l.overdue_activities) }
                        thead { tr { th scope="col" { (l.plan) } th scope="col" { (l.activity_word) } th scope="col" { (l.due) } th scope="col" { (l.responsible) } } }
                        tbody {
                            @for o in &b.overdue {
                                @let plan = self.plans.get(o.plan.as_str());
                                tr {
                                    th scope="row" { (plan.map_or(o.plan.as_str(), |p| p.title.as_str())) }
                                    td { (plan.and_then(|p| p.activities.iter().find(|a| a.id == o.activity)).map_or(o.activity.as_str(), |a| a.title.as_str())) }
                                    td { (o.due.format("%Y-%m-%d").to_string()) }
                                    td { @if let Some(r) = &o.responsible { (self.org_name(r.as_str())) } }
                                }
                            }
                        }
                    }
                }
                (heading(level + 1, None, &html! { (l.disagreements) }))
                @if b.disagreements.is_empty() { p { (l.none) } } @else {
                    table {
                        caption { (l.disagreements) }
                        thead { tr { th scope="col" { (l.goal) } th scope="col" { (l.manual) } th scope="col" { (l.computed) } } }
                        tbody {
                            @for d in &b.disagreements {
                                tr {
                                    th scope="row" { (self.goal_ref(d.goal.as_str())) }
                                    td { (tag(d.status, l)) }
                                    td { (tag(d.computed_status, l)) }
                                }
                            }
                        }
                    }
                }
                (self.scorecard_section(&b.scorecard, level + 1))
            }
        }
    }

    fn goal_list(&self, ids: &[styrkort::GoalId]) -> Markup {
        let l = self.l();
        html! {
            @if ids.is_empty() { p { (l.none) } } @else {
                ul { @for g in ids { li { (self.goal_ref(g.as_str())) } } }
            }
        }
    }
}

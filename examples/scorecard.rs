//! The main job: evaluate a `styrkort/1` model for a period and print, in
//! Swedish, what a controller brings to the dialogues: the red thread
//! (*röda tråden*), every scorecard (*styrkort*) with its balance across the
//! four perspectives, the indicators (*nyckeltal*) that are off track, and
//! the overdue activities of the action plans (*handlingsplaner*).
//!
//! ```text
//! cargo run --release --example scorecard -- [MODEL] [PERIOD] [--tag TAG] [--color|--no-color]
//!     [--html FILE [--lang sv|en]]
//! ```
//!
//! Defaults: `examples/exempelkommun.json` and `2025T2`. Colour is used when
//! stdout is a terminal and `NO_COLOR` is not set, or when `--color` is
//! given. With `--html FILE` the whole report (every scorecard, the red
//! thread, the follow-up table; `styrkort-report`) is also written to FILE
//! as one self-contained HTML document. On any error the message (naming the file, JSON path, id or
//! period) goes to stderr and the exit code is 1.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use styrkort::{
    ActivityStatus, ArrowBasis, CitizenLabel, Decimal, Direction, EvalOptions, Evaluation,
    GoalResult, IndicatorResult, Level, Model, Org, OrgKind, Period, Perspective, ProviderKind,
    Severity, Status, TargetKind, Trend,
};

const USAGE: &str = "\
användning: scorecard [MODELL] [PERIOD] [--tag TAGG] [--color | --no-color]
                      [--html FIL [--lang sv|en]]

  MODELL   en styrkort/1-modell i JSON (standard: examples/exempelkommun.json)
  PERIOD   2025, 2025T2, 2025Q3 eller 2025-08 (standard: 2025T2)
  --tag    visa bara mål, nyckeltal och planer med taggen (t.ex. environment)
  --color  färg även när utdata inte går till en terminal
  --no-color  aldrig färg (så även när NO_COLOR är satt)
  --html   skriv också hela rapporten (styrkort, röda tråden, uppföljning) som HTML till FIL
  --lang   rapportens språk: sv (standard) eller en";

/// The command line, parsed.
#[derive(Debug)]
struct Args {
    model: String,
    period: String,
    tag: Option<String>,
    color: Option<bool>,
    html: Option<String>,
    english: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut positional: Vec<String> = Vec::new();
    let mut tag = None;
    let mut color = None;
    let mut html = None;
    let mut english = false;
    let mut args = args;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--color" | "--colour" => color = Some(true),
            "--no-color" | "--no-colour" => color = Some(false),
            "--tag" => {
                let t = args.next().ok_or_else(|| {
                    "--tag behöver ett värde, t.ex. --tag environment".to_string()
                })?;
                tag = Some(t);
            }
            _ if a.starts_with("--tag=") => tag = Some(a["--tag=".len()..].to_string()),
            "--html" => {
                let f = args.next().ok_or_else(|| {
                    "--html behöver ett filnamn, t.ex. --html rapport.html".to_string()
                })?;
                html = Some(f);
            }
            _ if a.starts_with("--html=") => html = Some(a["--html=".len()..].to_string()),
            "--lang" => match args.next().as_deref() {
                Some("sv") => english = false,
                Some("en") => english = true,
                other => return Err(format!("--lang är sv eller en, inte {other:?}")),
            },
            _ if a.starts_with('-') && a.len() > 1 => {
                return Err(format!("okänd flagga {a:?}\n\n{USAGE}"));
            }
            _ => positional.push(a),
        }
    }
    if positional.len() > 2 {
        return Err(format!(
            "för många argument: {:?}\n\n{USAGE}",
            &positional[2..]
        ));
    }
    // A lone argument that is a period and not a file is the period
    // (`scorecard 2024` evaluates the bundled model for 2024).
    if positional.len() == 1
        && positional[0].parse::<Period>().is_ok()
        && !std::path::Path::new(&positional[0]).exists()
    {
        positional.insert(0, default_model());
    }
    let mut positional = positional.into_iter();
    Ok(Some(Args {
        model: positional.next().unwrap_or_else(default_model),
        period: positional.next().unwrap_or_else(|| "2025T2".to_string()),
        tag,
        color,
        html,
        english,
    }))
}

/// `examples/exempelkommun.json` from the working directory, else from the
/// source tree this example was built in (so it runs from any directory).
fn default_model() -> String {
    let relative = "examples/exempelkommun.json";
    if std::path::Path::new(relative).exists() {
        relative.to_string()
    } else {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/exempelkommun.json"
        )
        .to_string()
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("scorecard: {e}");
            return ExitCode::FAILURE;
        }
    };
    let color = args.color.unwrap_or_else(|| {
        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    });
    let mut out = String::new();
    let result = run(&args, color, &mut out);
    // Print what was produced even on error (the diagnostics come first).
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("scorecard: kunde inte skriva utdata: {e}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scorecard: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args, color: bool, out: &mut String) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.model)
        .map_err(|e| format!("kunde inte läsa {}: {e}", args.model))?;
    let model = Model::from_json(&text).map_err(|e| format!("{}: {e}", args.model))?;
    let period: Period = args.period.parse().map_err(|e| format!("{e}"))?;
    let p = Printer::new(&model, color);
    p.header(out, &args.model, period, args.tag.as_deref());
    let diagnostics = model.validate();
    p.diagnostics(out, &diagnostics);
    let options = EvalOptions {
        tag: args.tag.clone(),
        ..EvalOptions::default()
    };
    let eval = model
        .evaluate_with(&period, &options)
        .map_err(|e| format!("{}: {e}", args.model))?;
    p.red_thread(out, &eval);
    p.scorecards(out, &eval);
    p.off_track(out, &eval);
    p.overdue(out, &eval);
    if let Some(file) = &args.html {
        let options = styrkort_report::Options {
            language: if args.english {
                styrkort_report::Language::En
            } else {
                styrkort_report::Language::Sv
            },
            ..styrkort_report::Options::default()
        };
        let html = styrkort_report::report_html(&model, &eval, options)
            .map_err(|e| format!("rapporten: {e}"))?;
        std::fs::write(file, html).map_err(|e| format!("kunde inte skriva {file}: {e}"))?;
        let shown =
            std::fs::canonicalize(file).map_or_else(|_| file.clone(), |p| p.display().to_string());
        let _ = writeln!(out, "\nRapporten (HTML) är skriven till {shown}");
    }
    Ok(())
}

/// ANSI styles, used only when colour is on.
#[derive(Debug, Clone, Copy)]
enum Style {
    Bold,
    Dim,
    Green,
    Yellow,
    Red,
}

impl Style {
    const fn code(self) -> &'static str {
        match self {
            Self::Bold => "1",
            Self::Dim => "2",
            Self::Green => "32",
            Self::Yellow => "33",
            Self::Red => "31",
        }
    }
}

/// Everything the report needs to look up, plus the colour switch.
#[derive(Debug)]
struct Printer<'m> {
    model: &'m Model,
    color: bool,
    orgs: HashMap<&'m str, &'m Org>,
    /// For each goal id, the goals that contribute to it (model order).
    children: HashMap<&'m str, Vec<&'m str>>,
    label: CitizenLabel,
}

impl<'m> Printer<'m> {
    fn new(model: &'m Model, color: bool) -> Self {
        let orgs = model
            .organisation
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for g in &model.goals {
            for link in &g.contributes_to {
                children
                    .entry(link.goal.as_str())
                    .or_default()
                    .push(g.id.as_str());
            }
        }
        for list in children.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Self {
            model,
            color,
            orgs,
            children,
            label: model.settings.citizen_label,
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", style.code())
        } else {
            text.to_string()
        }
    }

    fn heading(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "\n{}", self.paint(Style::Bold, text));
        let _ = writeln!(out, "{}", "─".repeat(text.chars().count()));
    }

    fn org_name(&self, id: &str) -> &'m str {
        self.orgs.get(id).map_or("?", |o| o.name.as_str())
    }

    /// A status as symbol + Swedish label, padded so that titles line up.
    fn status(&self, s: Status) -> String {
        let (sym, style) = match s {
            Status::Fulfilled => ("●", Style::Green),
            Status::PartlyFulfilled => ("◐", Style::Yellow),
            Status::NotFulfilled => ("○", Style::Red),
            Status::NoData => ("?", Style::Dim),
            Status::NotAssessed => ("–", Style::Dim),
        };
        self.paint(style, &format!("{sym} {:<15}", s.label_sv()))
    }

    fn header(&self, out: &mut String, path: &str, period: Period, tag: Option<&str>) {
        let m = self.model;
        let name = m
            .organisation
            .iter()
            .find(|o| o.kind == OrgKind::Municipality)
            .or_else(|| m.organisation.first())
            .map_or("(namnlös modell)", |o| o.name.as_str());
        let title = format!(
            "Styrkort för {name}, {} ({} – {})",
            period_sv(period),
            period.start(),
            period.end()
        );
        let _ = writeln!(out, "{}", self.paint(Style::Bold, &title));
        let _ = writeln!(
            out,
            "Modell: {path}: {} organisationer, {} nyckeltal, {} mål, {} handlingsplaner",
            m.organisation.len(),
            m.indicators.len(),
            m.goals.len(),
            m.action_plans.len()
        );
        if let Some(t) = tag {
            let _ = writeln!(out, "Urval: endast taggen {t:?}");
        }
    }

    fn diagnostics(&self, out: &mut String, d: &[styrkort::Diagnostic]) {
        let errors = d.iter().filter(|d| d.is_error()).count();
        self.heading(
            out,
            &format!("Validering: {errors} fel, {} varningar", d.len() - errors),
        );
        if d.is_empty() {
            let _ = writeln!(out, "Inga anmärkningar.");
        }
        for x in d {
            let sev = match x.severity {
                Severity::Error => self.paint(Style::Red, "fel     "),
                Severity::Warning => self.paint(Style::Yellow, "varning "),
            };
            let _ = writeln!(out, "{sev}{} [{}]: {}", x.code, x.subject, x.message);
        }
    }

    // ------------------------------------------------------------ red thread

    fn red_thread(&self, out: &mut String, eval: &Evaluation) {
        self.heading(
            out,
            "Röda tråden: fullmäktiges mål → nämndmål → verksamhetsmål",
        );
        let kept: HashSet<&str> = eval.goals.iter().map(|g| g.goal.as_str()).collect();
        // Roots: kept goals none of whose upper goals is kept. Without a tag
        // these are the council goals and any goal not linked upwards.
        let mut roots: Vec<&GoalResult> = eval
            .goals
            .iter()
            .filter(|g| {
                self.goal_model(g.goal.as_str()).is_none_or(|m| {
                    !m.contributes_to
                        .iter()
                        .any(|l| kept.contains(l.goal.as_str()))
                })
            })
            .collect();
        roots.sort_by_key(|g| (std::cmp::Reverse(g.level), g.goal.as_str()));
        if roots.is_empty() {
            let _ = writeln!(out, "Inga mål.");
        }
        for g in roots {
            let unlinked = g.level != Level::Council;
            self.goal_line(out, g, "", "", "", unlinked);
            self.subtree(out, eval, &kept, g.goal.as_str(), "");
        }
    }

    fn goal_model(&self, id: &str) -> Option<&'m styrkort::Goal> {
        self.model.goals.iter().find(|g| g.id.as_str() == id)
    }

    fn subtree(
        &self,
        out: &mut String,
        eval: &Evaluation,
        kept: &HashSet<&str>,
        id: &str,
        prefix: &str,
    ) {
        let kids: Vec<&GoalResult> = self
            .children
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|c| kept.contains(*c))
            .filter_map(|c| eval.goal(c))
            .collect();
        for (n, child) in kids.iter().enumerate() {
            let last = n + 1 == kids.len();
            let branch = if last { "└─ " } else { "├─ " };
            let weight = self
                .goal_model(child.goal.as_str())
                .and_then(|m| m.contributes_to.iter().find(|l| l.goal.as_str() == id))
                .and_then(|l| l.weight)
                .map(|w| format!("  vikt {}", num(w)))
                .unwrap_or_default();
            self.goal_line(out, child, prefix, branch, &weight, false);
            let next = format!("{prefix}{}", if last { "   " } else { "│  " });
            self.subtree(out, eval, kept, child.goal.as_str(), &next);
        }
    }

    fn goal_line(
        &self,
        out: &mut String,
        g: &GoalResult,
        prefix: &str,
        branch: &str,
        weight: &str,
        unlinked: bool,
    ) {
        let title = self
            .goal_model(g.goal.as_str())
            .map_or(g.title.as_str(), |m| m.title.as_str());
        let score = g
            .score
            .map(|s| format!("  poäng {}", num(s)))
            .unwrap_or_default();
        let mut notes = String::new();
        if g.manual {
            let _ = write!(
                notes,
                "  [manuell bedömning; beräknat: {}]",
                g.computed_status.label_sv()
            );
        }
        if unlinked {
            notes.push_str("  [ej kopplat uppåt]");
        }
        let _ = writeln!(
            out,
            "{prefix}{branch}{} {} {} — {}{}{}",
            self.status(g.status),
            self.paint(Style::Dim, g.goal.as_str()),
            title,
            self.org_name(g.owner.as_str()),
            self.paint(Style::Dim, &format!("{score}{weight}")),
            self.paint(Style::Yellow, &notes),
        );
    }

    // ------------------------------------------------------------ scorecards

    fn scorecards(&self, out: &mut String, eval: &Evaluation) {
        self.heading(out, "Styrkort och balans mellan perspektiven");
        let mut empty = Vec::new();
        for org in self.tree_order() {
            let Some(card) = eval.scorecard(org.id.as_str()) else {
                continue;
            };
            if card.goals.is_empty() {
                empty.push(org.name.as_str());
                continue;
            }
            let b = &card.balance;
            let score = b.score.map_or_else(|| "–".to_string(), num);
            let _ = writeln!(
                out,
                "\n{} ({})  {} mål, poäng {}, jämnhet {}",
                self.paint(Style::Bold, &org.name),
                kind_sv(org),
                b.goals,
                score,
                num(b.evenness)
            );
            let mut goals: Vec<&GoalResult> = card
                .goals
                .iter()
                .filter_map(|id| eval.goal(id.as_str()))
                .collect();
            goals.sort_by_key(|g| (g.perspective, g.goal.as_str()));
            for g in goals {
                let via = if g.owner.as_str() == org.id.as_str() {
                    String::new()
                } else {
                    format!("  (från {})", self.org_name(g.owner.as_str()))
                };
                let _ = writeln!(
                    out,
                    "  {} {:<18} {} {}{}",
                    self.status(g.status),
                    g.perspective.label(self.label),
                    self.paint(Style::Dim, g.goal.as_str()),
                    g.title,
                    self.paint(Style::Dim, &via)
                );
            }
            for p in Perspective::ALL {
                let pb = b.perspective(p);
                if pb.goals == 0 {
                    continue;
                }
                let counts = [
                    (Status::Fulfilled, "●"),
                    (Status::PartlyFulfilled, "◐"),
                    (Status::NotFulfilled, "○"),
                    (Status::NoData, "?"),
                    (Status::NotAssessed, "–"),
                ]
                .iter()
                .filter(|(s, _)| pb.count(*s) > 0)
                .map(|(s, sym)| format!("{sym}{}", pb.count(*s)))
                .collect::<Vec<_>>()
                .join(" ");
                let _ = writeln!(
                    out,
                    "    {:<18} {} mål, {} nyckeltal, {counts}, poäng {}",
                    p.label(self.label),
                    pb.goals,
                    pb.indicators,
                    pb.score.map_or_else(|| "–".to_string(), num)
                );
            }
            if !b.missing.is_empty() {
                let missing: Vec<&str> = b.missing.iter().map(|p| p.label(self.label)).collect();
                let _ = writeln!(
                    out,
                    "    {}",
                    self.paint(
                        Style::Yellow,
                        &format!("Saknar mål i: {}", missing.join(", "))
                    )
                );
            }
        }
        if !empty.is_empty() {
            let _ = writeln!(out, "\nUtan egna mål: {}", empty.join(", "));
        }
    }

    /// The orgs depth first from the roots, siblings in model order.
    fn tree_order(&self) -> Vec<&'m Org> {
        let ids: HashSet<&str> = self.orgs.keys().copied().collect();
        let mut kids: HashMap<&str, Vec<&Org>> = HashMap::new();
        let mut roots = Vec::new();
        for o in &self.model.organisation {
            match o.parent.as_ref().filter(|p| ids.contains(p.as_str())) {
                Some(p) => kids.entry(p.as_str()).or_default().push(o),
                None => roots.push(o),
            }
        }
        let mut order = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<&Org> = roots.into_iter().rev().collect();
        while let Some(o) = stack.pop() {
            if !seen.insert(o.id.as_str()) {
                continue;
            }
            order.push(o);
            if let Some(k) = kids.get(o.id.as_str()) {
                stack.extend(k.iter().rev());
            }
        }
        // Orgs in a cycle are never reached from a root; list them last.
        order.extend(
            self.model
                .organisation
                .iter()
                .filter(|o| !seen.contains(o.id.as_str())),
        );
        order
    }

    // ------------------------------------------------------------ indicators

    fn off_track(&self, out: &mut String, eval: &Evaluation) {
        self.heading(out, "Nyckeltal som inte når målet");
        let mut rows: Vec<&IndicatorResult> = eval
            .indicators
            .iter()
            .filter(|r| matches!(r.status, Status::NotFulfilled | Status::PartlyFulfilled))
            .collect();
        rows.sort_by_key(|r| {
            (
                r.status != Status::NotFulfilled,
                r.indicator.as_str(),
                r.org.as_str(),
            )
        });
        if rows.is_empty() {
            let _ = writeln!(out, "Alla nyckeltal med målvärde når målet.");
        }
        for r in rows {
            let ind = self
                .model
                .indicators
                .iter()
                .find(|i| i.id.as_str() == r.indicator.as_str());
            let name = ind.map_or(r.indicator.as_str(), |i| i.name.as_str());
            let unit = ind.and_then(|i| i.unit.as_deref()).unwrap_or("");
            let dir = ind.map_or(Direction::HigherIsBetter, |i| i.direction);
            let value = r
                .value
                .map_or_else(|| "–".to_string(), |v| with_unit(v, unit));
            let target = match (r.target_kind, r.target) {
                (Some(TargetKind::Improve), Some(t)) if r.change_required.is_some() => {
                    format!(
                        "mål: förändring med minst {} mot året före, till {}",
                        with_unit(r.change_required.unwrap_or_default(), unit),
                        with_unit(t, unit)
                    )
                }
                (Some(TargetKind::Improve), Some(t)) => {
                    format!("mål: bättre än året före ({})", with_unit(t, unit))
                }
                (Some(TargetKind::Improve), None) => "mål: bättre än året före".to_string(),
                (_, Some(t)) => {
                    let cmp = match dir {
                        Direction::HigherIsBetter => "≥",
                        Direction::LowerIsBetter => "≤",
                    };
                    let warn = r
                        .warning
                        .map(|w| format!(", varningsnivå {}", with_unit(w, unit)))
                        .unwrap_or_default();
                    format!("mål {cmp} {}{warn}", with_unit(t, unit))
                }
                _ => "inget mål".to_string(),
            };
            let achievement = r
                .achievement
                .map(|a| format!(", måluppfyllelse {}", num(a)))
                .unwrap_or_default();
            // The arrow follows settings.arrow: by default against the same
            // period a year earlier (seasonal indicators), else the previous one.
            let trend = match eval.arrow_basis() {
                ArrowBasis::YearEarlier => {
                    self.trend(r.arrow, r.year_earlier, unit, "samma period i fjol")
                }
                ArrowBasis::Previous => self.trend(r.arrow, r.previous, unit, "förra perioden"),
            };
            let consolidated = match (r.consolidated, r.forecast) {
                (_, true) => " (prognos)",
                (true, false) => " (sammanvägt)",
                (false, false) => "",
            };
            let _ = writeln!(
                out,
                "{} {} — {}{consolidated}\n      {value} ({target}{achievement}); {trend}",
                self.status(r.status),
                name,
                self.org_name(r.org.as_str()),
            );
        }
    }

    fn trend(&self, t: Trend, against: Option<Decimal>, unit: &str, what: &str) -> String {
        let prev = against
            .map(|p| format!(" från {} ({what})", with_unit(p, unit)))
            .unwrap_or_default();
        match t {
            Trend::Improving => self.paint(Style::Green, &format!("↗ förbättras{prev}")),
            Trend::Worsening => self.paint(Style::Red, &format!("↘ försämras{prev}")),
            Trend::Unchanged => format!("→ oförändrat{prev}"),
            Trend::Unknown => self.paint(Style::Dim, "trend okänd"),
        }
    }

    // ------------------------------------------------------------ plans

    fn overdue(&self, out: &mut String, eval: &Evaluation) {
        self.heading(out, &format!("Försenade aktiviteter per {}", eval.as_of));
        let mut any = false;
        for pr in &eval.action_plans {
            let Some(plan) = self
                .model
                .action_plans
                .iter()
                .find(|p| p.id.as_str() == pr.plan.as_str())
            else {
                continue;
            };
            for id in &pr.overdue {
                let Some(a) = plan
                    .activities
                    .iter()
                    .find(|a| a.id.as_str() == id.as_str())
                else {
                    continue;
                };
                any = true;
                let due = a.due.map(|d| d.to_string()).unwrap_or_default();
                let who = a
                    .responsible
                    .as_ref()
                    .map_or("ansvarig saknas", |r| self.org_name(r.as_str()));
                let progress = a
                    .progress
                    .map(|p| format!(", {} % klart", num(p)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{} {} — {who} ({}{progress})\n      i planen {:?} ({})",
                    self.paint(Style::Red, &format!("förfallen {due}")),
                    a.title,
                    activity_sv(a.status),
                    plan.title,
                    self.org_name(plan.owner.as_str()),
                );
            }
        }
        if !any {
            let _ = writeln!(out, "Inga försenade aktiviteter.");
        }
        let progress: Vec<String> = eval
            .action_plans
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.plan,
                    p.progress
                        .map_or_else(|| "–".to_string(), |v| format!("{} %", num(v)))
                )
            })
            .collect();
        if !progress.is_empty() {
            let _ = writeln!(out, "\nPlanernas framdrift: {}", progress.join(", "));
        }
    }
}

/// A decimal for people: normalised, with a decimal comma.
fn num(d: Decimal) -> String {
    styrkort::json::normalised(d).replace('.', ",")
}

/// A measured value for people: at most two decimals (the evaluation keeps
/// quotients at 12 places), with its unit unless the unit is a plain count.
fn with_unit(d: Decimal, unit: &str) -> String {
    let v = num(d.round_dp(2));
    if unit.is_empty() || unit == "antal" {
        v
    } else {
        format!("{v} {unit}")
    }
}

fn period_sv(p: Period) -> String {
    let s = p.to_string();
    match s.find('T') {
        Some(i) => format!("tertial {} {}", &s[i + 1..], &s[..i]),
        None => s,
    }
}

fn kind_sv(o: &Org) -> &'static str {
    match o.kind {
        OrgKind::Municipality => "kommun",
        OrgKind::Council => "fullmäktige",
        OrgKind::ExecutiveBoard => "kommunstyrelse",
        OrgKind::Board => "nämnd",
        OrgKind::Office => "kontor",
        OrgKind::Unit => "enhet",
        OrgKind::Company => "bolag",
        OrgKind::Provider => match o.provider.unwrap_or_default() {
            ProviderKind::Municipal => "kommunal utförare",
            ProviderKind::Independent => "fristående utförare",
            ProviderKind::Private => "privat utförare",
        },
    }
}

fn activity_sv(s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::NotStarted => "ej påbörjad",
        ActivityStatus::Ongoing => "pågående",
        ActivityStatus::Completed => "avslutad",
        ActivityStatus::Paused => "pausad",
        ActivityStatus::Cancelled => "avbruten",
    }
}

//! `Evaluation::to_json` is written by a dedicated writer for speed
//! (`src/evaluation/write.rs`); these tests hold it to the definition,
//! `serde_json::to_string_pretty` over the serde derives, byte for byte:
//! on every conformance vector at many periods (with its tag and its
//! comparison data, and without them), on the example municipality, on
//! generated evaluations whose every field is drawn at random (decimals of
//! any scale and size, strings full of quotes, backslashes, control
//! characters and non-ASCII, every optional part present or absent, empty
//! and full arrays), and on a document large enough to be written in
//! parts on several threads.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use styrkort::evaluation::{ActivityCounts, AppliedAssessment};
use styrkort::kolada::{self, Comparison, ComparisonData};
use styrkort::model::AssignmentStatus;
use styrkort::{
    ActivityBasis, AssignmentResult, Decimal, Diagnostic, Direction, EvalOptions, Evaluation,
    GoalItem, GoalResult, IndicatorResult, ItemKind, Level, Model, Period, Perspective,
    PerspectiveBalance, PlanResult, RankJudgement, RuleKind, Scorecard, Severity, Status,
    TargetKind, Trend,
};

/// The periods every vector model is evaluated at, besides its own.
const PERIODS: &[&str] = &[
    "2024", "2025", "2026", "2025T1", "2025T2", "2025T3", "2026T1", "2025Q1", "2025Q2", "2025Q3",
    "2025Q4", "2025-01", "2025-03", "2025-06", "2025-08", "2025-12", "2026-02",
];

fn serde_text(e: &Evaluation) -> String {
    serde_json::to_string_pretty(e).expect("an evaluation serialises")
}

/// Fails with the first differing line, so a mismatch is readable.
fn assert_same(e: &Evaluation, what: &str) {
    let want = serde_text(e);
    let got = e.to_json();
    if got != want {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
        panic!(
            "{what}: to_json differs from serde_json at line {}:\n  serde: {:?}\n  ours:  {:?}",
            line + 1,
            want.lines().nth(line),
            got.lines().nth(line)
        );
    }
}

fn vectors() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("the vectors directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn example() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/exempelkommun.json");
    Model::from_json(&fs::read_to_string(path).expect("the example model")).expect("it loads")
}

#[test]
fn every_vector_at_many_periods() {
    let dirs = vectors();
    assert!(dirs.len() >= 25, "found only {} vectors", dirs.len());
    let mut checked = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let model = Model::from_json(&fs::read_to_string(dir.join("model.json")).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let own = fs::read_to_string(dir.join("period.txt")).unwrap();
        let tag = fs::read_to_string(dir.join("tag.txt"))
            .ok()
            .map(|t| t.trim().to_string());
        let comparison = fs::read_to_string(dir.join("comparison.json"))
            .ok()
            .map(|t| ComparisonData::from_rows(&kolada::parse_data(&t).unwrap().rows));
        let with = EvalOptions {
            tag: tag.clone(),
            comparison: comparison.clone(),
        };
        for period in std::iter::once(own.trim()).chain(PERIODS.iter().copied()) {
            let period: Period = period.parse().unwrap();
            for options in [&with, &EvalOptions::default()] {
                // A model may refuse a period (say, before its first year):
                // nothing to write then.
                if let Ok(e) = model.evaluate_with(&period, options) {
                    assert_same(&e, &format!("{name} at {period}"));
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > dirs.len() * 10,
        "only {checked} evaluations checked"
    );
}

#[test]
fn the_example_municipality_with_and_without_tags() {
    let model = example();
    for period in PERIODS {
        let period: Period = period.parse().unwrap();
        for tag in [
            None,
            Some("quality"),
            Some("environment"),
            Some("no-such-tag"),
        ] {
            let options = EvalOptions {
                tag: tag.map(str::to_string),
                comparison: None,
            };
            let e = model.evaluate_with(&period, &options).unwrap();
            assert_same(&e, &format!("exempelkommun at {period}, tag {tag:?}"));
        }
    }
}

/// A document over the size at which it is written in parts (4 MB), so
/// that on a machine with several cores the threaded path is the one
/// compared.
#[test]
fn a_large_document_written_in_parts() {
    let model = example();
    let mut e = model.evaluate(&"2025T2".parse().unwrap()).unwrap();
    let (indicators, goals, scorecards) =
        (e.indicators.clone(), e.goals.clone(), e.scorecards.clone());
    while e.to_json().len() < 6 << 20 {
        e.indicators.extend_from_slice(&indicators);
        e.goals.extend_from_slice(&goals);
        e.scorecards.extend_from_slice(&scorecards);
    }
    assert_same(&e, "the example repeated to 6 MB");
    // And with an empty bulk array on either side of a cut.
    e.goals.clear();
    assert_same(&e, "no goals");
    e.indicators.clear();
    assert_same(&e, "no goals, no indicators");
}

/// splitmix64: a deterministic stream from proptest's seed, so a failing
/// case is reproducible from the seed it prints.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    fn word(&mut self) -> u32 {
        u32::try_from(self.next() >> 32).unwrap()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn count(&mut self) -> usize {
        if self.chance(10) {
            usize::MAX - self.below(3)
        } else {
            self.below(1000)
        }
    }
    /// A non-empty string mixing what needs escaping with what does not.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "kf-1",
            " ",
            "Nöjda invånare",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{0}",
            "\u{1}",
            "\u{1f}",
            "\u{7f}",
            "/",
            "é",
            "€",
            "𝄞",
            "\u{2028}",
            "<b>",
            "'",
            "\\u0041",
            "}",
            "],",
        ];
        (0..=self.below(6)).map(|_| self.pick(PIECES)).collect()
    }
    fn opt_text(&mut self) -> Option<String> {
        self.chance(60).then(|| self.text())
    }
    /// A decimal of any sign, size and scale, trailing zeros included.
    fn decimal(&mut self) -> Decimal {
        let (lo, mid, hi) = match self.below(4) {
            0 => (u32::try_from(self.below(1000)).unwrap(), 0, 0),
            1 => (self.word(), 0, 0),
            2 => (self.word(), self.word(), 0),
            _ => (self.word(), self.word(), self.word()),
        };
        let scale = u32::try_from(self.below(29)).unwrap();
        Decimal::from_parts(lo, mid, hi, self.chance(30), scale)
    }
    fn opt_decimal(&mut self) -> Option<Decimal> {
        self.chance(60).then(|| self.decimal())
    }
    fn status(&mut self) -> Status {
        self.pick(&Status::ALL)
    }
    fn trend(&mut self) -> Trend {
        self.pick(&[
            Trend::Improving,
            Trend::Unchanged,
            Trend::Worsening,
            Trend::Unknown,
        ])
    }
    fn date(&mut self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(
            i32::try_from(1990 + self.below(60)).unwrap(),
            u32::try_from(1 + self.below(12)).unwrap(),
            u32::try_from(1 + self.below(28)).unwrap(),
        )
        .unwrap()
    }
    fn period(&mut self) -> Period {
        self.pick(PERIODS).parse().unwrap()
    }
    /// `n` results made by `make`, or none, or a few.
    fn list<T>(&mut self, mut make: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = match self.below(4) {
            0 => 0,
            1 => 1,
            _ => 2 + self.below(4),
        };
        (0..n).map(|_| make(self)).collect()
    }
}

fn indicator_result(r: &mut Rng) -> IndicatorResult {
    IndicatorResult {
        indicator: r.text().as_str().into(),
        org: r.text().as_str().into(),
        value: r.opt_decimal(),
        consolidated: r.chance(50),
        target_kind: r.pick(&[
            None,
            Some(TargetKind::Value),
            Some(TargetKind::Improve),
            Some(TargetKind::Rank),
        ]),
        target: r.opt_decimal(),
        warning: r.opt_decimal(),
        change_required: r.opt_decimal(),
        achievement: r.opt_decimal(),
        status: r.status(),
        previous: r.opt_decimal(),
        trend: r.trend(),
        year_earlier: r.opt_decimal(),
        year_change: r.opt_decimal(),
        year_trend: r.trend(),
        arrow: r.trend(),
        forecast: r.chance(30),
        comparison: r.chance(30).then(|| {
            Box::new(Comparison {
                municipality: r.text(),
                value: r.decimal(),
                direction: r.pick(&[Direction::HigherIsBetter, Direction::LowerIsBetter]),
                rank: r.count(),
                group_size: r.count(),
                lower_quartile: r.decimal(),
                median: r.decimal(),
                upper_quartile: r.decimal(),
                best: r.decimal(),
                worst: r.decimal(),
                best_quartile: r.chance(50),
                worst_quartile: r.chance(50),
            })
        }),
        rank: r.chance(30).then(|| {
            Box::new(RankJudgement {
                best_share: r.decimal(),
                worst_share: r.decimal(),
                rank: r.chance(50).then(|| r.count()),
                group_size: r.chance(50).then(|| r.count()),
                best_up_to: r.opt_decimal(),
                worst_above: r.opt_decimal(),
            })
        }),
    }
}

fn goal_result(r: &mut Rng) -> GoalResult {
    GoalResult {
        goal: r.text().as_str().into(),
        title: r.text(),
        level: r.pick(&[Level::Council, Level::Board, Level::Operational]),
        perspective: r.pick(&Perspective::ALL),
        owner: r.text().as_str().into(),
        tags: r.list(Rng::text),
        status: r.status(),
        computed_status: r.status(),
        manual: r.chance(50),
        forecast: r.chance(30),
        score: r.opt_decimal(),
        rule: r.pick(&[
            RuleKind::AllSomeNone,
            RuleKind::WeightedScore,
            RuleKind::ShareFulfilled,
            RuleKind::Worst,
            RuleKind::Manual,
        ]),
        fulfilled_at: r.opt_decimal(),
        partly_at: r.opt_decimal(),
        assessment: r.chance(40).then(|| {
            Box::new(AppliedAssessment {
                status: r.status(),
                comment: r.opt_text(),
                author: r.opt_text(),
                date: r.chance(50).then(|| r.date()),
            })
        }),
        items: r.list(|r| GoalItem {
            kind: r.pick(&[ItemKind::Goal, ItemKind::Indicator]),
            id: r.text().as_str().into(),
            org: r.text().as_str().into(),
            weight: r.decimal(),
            status: r.status(),
            forecast: r.chance(30),
            note: r.opt_text(),
        }),
        activities: r.chance(30).then(|| {
            Box::new(ActivityBasis {
                plans: r.list(|r| r.text().as_str().into()),
                activities: r.count(),
                completed: r.count(),
                completion: r.decimal(),
                fulfilled_at: r.decimal(),
                partly_at: r.decimal(),
            })
        }),
    }
}

fn scorecard(r: &mut Rng) -> Scorecard {
    let mut balance = styrkort::Balance {
        goals: r.count(),
        score: r.opt_decimal(),
        evenness: r.decimal(),
        missing: r.list(|r| r.pick(&Perspective::ALL)),
        perspectives: Default::default(),
    };
    for p in &mut balance.perspectives {
        *p = PerspectiveBalance {
            goals: r.count(),
            indicators: r.count(),
            fulfilled: r.count(),
            partly_fulfilled: r.count(),
            not_fulfilled: r.count(),
            no_data: r.count(),
            not_assessed: r.count(),
            score: r.opt_decimal(),
        };
    }
    Scorecard {
        org: r.text().as_str().into(),
        goals: r.list(|r| r.text().as_str().into()),
        balance,
    }
}

/// Every field of `e` drawn anew from `seed` (the private parts, which
/// are not written, stay the example's).
fn generated(e: &mut Evaluation, seed: u64) {
    let mut r = Rng(seed);
    e.period = r.period();
    e.as_of = r.date();
    e.tag = r.opt_text();
    e.indicators = r.list(indicator_result);
    e.goals = r.list(goal_result);
    e.scorecards = r.list(scorecard);
    e.action_plans = r.list(|r| PlanResult {
        plan: r.text().as_str().into(),
        owner: r.text().as_str().into(),
        progress: r.opt_decimal(),
        overdue: r.list(|r| r.text().as_str().into()),
        activities: ActivityCounts {
            not_started: r.count(),
            ongoing: r.count(),
            completed: r.count(),
            paused: r.count(),
            cancelled: r.count(),
        },
    });
    e.assignments = r.list(|r| AssignmentResult {
        assignment: r.text().as_str().into(),
        title: r.text(),
        assigned_by: r.text().as_str().into(),
        assigned_to: r.text().as_str().into(),
        decided: r.chance(50).then(|| r.date()),
        due: r.chance(50).then(|| r.date()),
        status: r.pick(&[
            AssignmentStatus::NotStarted,
            AssignmentStatus::Ongoing,
            AssignmentStatus::Done,
            AssignmentStatus::Cancelled,
        ]),
        reported: r.chance(50).then(|| r.period()),
        comment: r.opt_text(),
        overdue: r.chance(50),
    });
    e.diagnostics = r.list(|r| {
        Diagnostic::new(
            &r.text(),
            r.pick(&[Severity::Error, Severity::Warning]),
            r.text(),
            r.text(),
        )
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_evaluations(seed: u64) {
        let model = example();
        let mut e = model.evaluate(&"2025T2".parse().unwrap()).unwrap();
        generated(&mut e, seed);
        let want = serde_text(&e);
        prop_assert_eq!(e.to_json(), want);
    }
}

//! # styrkort-benches — the model generator behind the benchmarks
//!
//! [`write_model`] writes a realistic, valid `styrkort/1` model of any size,
//! deterministically from a seed: per municipality (*kommun*) a council
//! (*kommunfullmäktige*), an executive board (*kommunstyrelse*) with its
//! office, about eight boards (*nämnder*) each with an office (*kontor*),
//! units (*enheter*) under the offices, municipal, independent and private
//! providers (*utförare*) under the boards, and a municipal company
//! (*bolag*); goals on the three levels linked by the red thread (*röda
//! tråden*); about three indicators (*nyckeltal*) per goal with targets
//! (year and tertial, org-specific, `improve`, warnings, partly bands) and
//! consolidation on some; monthly, tertial and yearly measurements over
//! 2023–2025; action plans with activities.
//!
//! The JSON is written straight to a [`std::io::Write`], one municipality
//! at a time per section, so that the national model (≈ 11 million
//! measurements, several hundred megabytes) never sits in memory as text.
//!
//! Every id is prefixed with the municipality code (`0114-utbn`), so any
//! number of municipalities fit in one model. Values are exact decimals
//! with at most one decimal place, spread around their targets so that
//! every status occurs.
//!
//! ```
//! use styrkort_benches::{generate, Scale};
//! let json = generate(&Scale::Example, 7);
//! let model = styrkort::Model::from_json(&json).unwrap();
//! assert!(model.organisation.len() >= 35 && model.organisation.len() <= 45);
//! ```
#![deny(missing_docs)]

// Every bench binary measures the engine with the allocator the Python
// extension ships with (see README "Performance"): an evaluation makes and
// frees a million small and a few hundred large blocks, which glibc's
// malloc returns to the kernel and faults in again on every run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod measure;
pub mod shapes;

use std::fmt::Write as _;
use std::io::{self, Write};
use std::str::FromStr;

/// A tiny deterministic PRNG (splitmix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A generator for a sub-stream `k` of `seed` (independent of the
    /// order in which sub-streams are used).
    pub fn derive(seed: u64, k: u64) -> Self {
        let mut r = Self(seed ^ k.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        let span = u64::try_from(hi - lo).unwrap_or(0) + 1;
        lo + i64::try_from(self.next_u64() % span).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// A uniform index below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n as u64)).unwrap_or(0)
    }
}

/// How big a generated model is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One small municipality, about 40 orgs.
    Example,
    /// `n` municipalities of the example's size (`x1000` is `Factor(1000)`).
    Factor(u32),
    /// One municipality with `n` units and providers (`u230` is
    /// `Units(230)`, about 250 orgs and 800 goals: a large municipality,
    /// whose report the browser tests render).
    Units(u32),
    /// Three municipalities of mixed size, about 400 orgs: quick tests.
    Small,
    /// 29 municipalities, a tenth of the national model (about 5,500 orgs).
    Medium,
    /// 290 municipalities of realistic, skewed sizes: about 55,000 orgs,
    /// 230,000 goals, 700,000 indicator-org pairs, 11 million measurements.
    National,
}

impl FromStr for Scale {
    type Err = String;

    /// `example`, `small`, `medium`, `national`, `xN` (N example-sized
    /// municipalities, e.g. `x1000`) or `uN` (one municipality with N units
    /// and providers, e.g. `u230`).
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "example" => Ok(Self::Example),
            "small" => Ok(Self::Small),
            "medium" => Ok(Self::Medium),
            "national" => Ok(Self::National),
            _ if s.starts_with('u') => s[1..]
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .map(Self::Units)
                .ok_or_else(|| format!("unknown scale {s:?}: uN needs a positive whole number")),
            _ => s
                .strip_prefix('x')
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| *n > 0)
                .map(Self::Factor)
                .ok_or_else(|| {
                    format!(
                        "unknown scale {s:?}: expected example, small, medium, national, xN or uN"
                    )
                }),
        }
    }
}

impl Scale {
    /// Units and providers per municipality, by municipality.
    fn sizes(self, seed: u64) -> Vec<usize> {
        // Per municipality the fixed orgs (municipality, council, executive
        // board and its office, company, 6–10 boards with an office) come
        // on top of these units and providers: about 21 on average.
        let (n, total) = match self {
            Self::Example => return vec![EXAMPLE_UNITS],
            Self::Factor(n) => return vec![EXAMPLE_UNITS; n as usize],
            Self::Units(n) => return vec![n as usize],
            Self::Small => (3, 330),
            Self::Medium => (29, 4_890),
            Self::National => (290, 48_900),
        };
        // Skewed sizes, like Sweden's: a few large cities, many small towns.
        let mut rng = Rng::derive(seed, 0x5CA1E);
        let weights: Vec<f64> = (0..n)
            .map(|i| {
                let u = (f64::from(u32::try_from(rng.range(1, 1000)).unwrap_or(1))) / 1000.0;
                let rank = f64::from(i + 1);
                0.3 / u.sqrt() + 6.0 / rank.sqrt()
            })
            .collect();
        let sum: f64 = weights.iter().sum();
        weights
            .iter()
            .map(|w| {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a positive count far below usize::MAX"
                )]
                let k = (w / sum * f64::from(total)).round() as usize;
                k.max(6)
            })
            .collect()
    }
}

/// Units and providers in the example municipality.
const EXAMPLE_UNITS: usize = 19;

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Municipalities.
    pub municipalities: usize,
    /// Orgs.
    pub orgs: usize,
    /// Indicators.
    pub indicators: usize,
    /// Goals.
    pub goals: usize,
    /// Distinct (indicator, org) pairs linked from a goal or measured.
    pub pairs: usize,
    /// Measurements.
    pub measurements: usize,
    /// Action plans.
    pub plans: usize,
    /// Activities.
    pub activities: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// How a model is spelt, beyond its scale and seed. The default spells it
/// as always (the same bytes for the same scale and seed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every measurement names its org, also at the indicator's owner
    /// (where `org` may be left out): the same model, spelt as an export
    /// from a system that always writes the org would spell it, with
    /// about 6 % more text (`--org-everywhere`).
    pub org_everywhere: bool,
}

/// Generates a model as a string (for the example and test scales; write
/// big ones to a file with [`write_model`]).
pub fn generate(scale: &Scale, seed: u64) -> String {
    generate_with(scale, seed, Options::default())
}

/// [`generate`] with [`Options`].
pub fn generate_with(scale: &Scale, seed: u64, options: Options) -> String {
    let mut out = Vec::new();
    write_model_with(scale, seed, options, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("the generator writes UTF-8")
}

// ---------------------------------------------------------------- catalogue

const PERSPECTIVES: [&str; 4] = ["citizen", "society_environment", "employees", "economy"];

/// An indicator template: short id, name, unit, lower is better, target in
/// tenths, whether values are whole numbers.
struct Template {
    short: &'static str,
    name: &'static str,
    unit: &'static str,
    lower: bool,
    target: i64,
    whole: bool,
}

const fn t(
    short: &'static str,
    name: &'static str,
    unit: &'static str,
    lower: bool,
    target: i64,
    whole: bool,
) -> Template {
    Template {
        short,
        name,
        unit,
        lower,
        target,
        whole,
    }
}

/// Six templates per perspective, in the order of [`PERSPECTIVES`].
const TEMPLATES: [[Template; 6]; 4] = [
    [
        t("nki", "Nöjd-Kund-Index", "index", false, 700, true),
        t("nmi", "Nöjd-Medborgar-Index", "index", false, 620, true),
        t(
            "bemot",
            "Andel som upplever ett gott bemötande",
            "%",
            false,
            850,
            false,
        ),
        t("handl", "Handläggningstid", "dagar", true, 200, true),
        t(
            "vantetid",
            "Väntetid till första kontakt",
            "dagar",
            true,
            100,
            true,
        ),
        t(
            "svar",
            "Andel e-post besvarad inom en arbetsdag",
            "%",
            false,
            900,
            false,
        ),
    ],
    [
        t(
            "co2",
            "Koldioxidutsläpp från tjänsteresor",
            "ton",
            true,
            1200,
            false,
        ),
        t(
            "energi",
            "Energianvändning i lokaler",
            "kWh/m²",
            true,
            1400,
            true,
        ),
        t(
            "ekolog",
            "Andel ekologiska livsmedel",
            "%",
            false,
            400,
            false,
        ),
        t("fossil", "Andel fossilfria fordon", "%", false, 700, false),
        t("avfall", "Andel sorterat avfall", "%", false, 600, false),
        t(
            "trygg",
            "Andel invånare som känner sig trygga",
            "%",
            false,
            750,
            false,
        ),
    ],
    [
        t("sjuk", "Sjukfrånvaro", "%", true, 60, false),
        t(
            "hme",
            "Hållbart medarbetarengagemang (HME)",
            "index",
            false,
            800,
            true,
        ),
        t("heltid", "Andel heltidsanställda", "%", false, 850, false),
        t("oms", "Personalomsättning", "%", true, 100, false),
        t(
            "chef",
            "Antal medarbetare per chef",
            "antal",
            true,
            250,
            true,
        ),
        t(
            "komp",
            "Andel med genomförd kompetensutveckling",
            "%",
            false,
            900,
            false,
        ),
    ],
    [
        t("budget", "Budgetföljsamhet", "%", false, 1000, false),
        t("kostnad", "Kostnad per brukare", "kr", true, 950_000, true),
        t("prognos", "Prognossäkerhet", "%", false, 950, false),
        t("intakt", "Externa intäkter", "tkr", false, 50_000, true),
        t(
            "avtal",
            "Andel inköp från avtalade leverantörer",
            "%",
            false,
            900,
            false,
        ),
        t(
            "resultat",
            "Resultat i förhållande till verksamhetens kostnader",
            "%",
            false,
            20,
            false,
        ),
    ],
];

const GOAL_TITLES: [[&str; 3]; 4] = [
    [
        "Invånarna är nöjda med kommunens service",
        "Alla får ett gott bemötande och snabba besked",
        "Verksamheten håller hög kvalitet för dem vi är till för",
    ],
    [
        "Kommunen minskar sin klimatpåverkan",
        "En trygg och hållbar livsmiljö",
        "Resurserna används hållbart och miljömedvetet",
    ],
    [
        "Medarbetarna är engagerade och friska",
        "Kommunen är en attraktiv arbetsgivare",
        "Ledarskapet skapar goda förutsättningar",
    ],
    [
        "God ekonomisk hushållning",
        "Verksamheten håller sin budget",
        "Effektiv användning av skattemedlen",
    ],
];

/// Board kinds: short id, board name, office name, unit names, provider name.
const BOARDS: [(&str, &str, &str, &[&str], &str); 10] = [
    (
        "utb",
        "Utbildningsnämnden",
        "Utbildningskontoret",
        &["Skola", "Förskola"],
        "Friskola",
    ),
    (
        "soc",
        "Socialnämnden",
        "Socialkontoret",
        &["Individ- och familjeomsorg", "Boende"],
        "Behandlingshem",
    ),
    (
        "vo",
        "Vård- och omsorgsnämnden",
        "Vård- och omsorgskontoret",
        &["Äldreboende", "Hemtjänst"],
        "Hemtjänst",
    ),
    (
        "kof",
        "Kultur- och fritidsnämnden",
        "Kultur- och fritidskontoret",
        &["Bibliotek", "Fritidsgård", "Sporthall"],
        "Föreningsdrift",
    ),
    (
        "tek",
        "Tekniska nämnden",
        "Tekniska kontoret",
        &["Gata och park", "VA-enheten", "Fastighet"],
        "Entreprenör",
    ),
    (
        "byg",
        "Bygg- och miljönämnden",
        "Bygg- och miljökontoret",
        &["Bygglov", "Miljötillsyn"],
        "Konsult",
    ),
    (
        "gvn",
        "Gymnasie- och vuxenutbildningsnämnden",
        "Gymnasiekontoret",
        &["Gymnasieskola", "Vuxenutbildning"],
        "Fristående gymnasium",
    ),
    (
        "amn",
        "Arbetsmarknadsnämnden",
        "Arbetsmarknadskontoret",
        &["Jobbcenter", "Daglig verksamhet"],
        "Kompletterande aktör",
    ),
    (
        "fun",
        "Funktionsstödsnämnden",
        "Funktionsstödskontoret",
        &["Gruppbostad", "Personlig assistans"],
        "Assistansbolag",
    ),
    (
        "pln",
        "Plan- och exploateringsnämnden",
        "Planeringskontoret",
        &["Detaljplan", "Exploatering"],
        "Planeringskonsult",
    ),
];

// ---------------------------------------------------------------- records

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    /// Months, tertials and years.
    Monthly,
    /// Tertials and years.
    Tertial,
    /// Years only.
    Yearly,
}

#[derive(Debug)]
struct OrgRec {
    id: String,
    name: String,
    kind: &'static str,
    parent: Option<String>,
    provider: Option<&'static str>,
}

#[derive(Debug)]
struct TargetRec {
    period: String,
    org: Option<String>,
    improve: bool,
    value: i64,
    warning: Option<i64>,
}

#[derive(Debug)]
struct SeriesRec {
    /// `None`: the indicator's owner.
    org: Option<String>,
    /// Level in tenths.
    base: i64,
    /// Change per year in tenths.
    drift: i64,
    /// Seed of the noise.
    seed: u64,
}

#[derive(Debug)]
struct IndRec {
    id: String,
    template: (usize, usize),
    owner: String,
    freq: Freq,
    consolidation: Option<&'static str>,
    partly_at: Option<&'static str>,
    window: Option<u32>,
    kolada: Option<String>,
    tags: Vec<&'static str>,
    targets: Vec<TargetRec>,
    series: Vec<SeriesRec>,
    gender: bool,
    /// Orgs that already have a series, to keep one per org.
    measured_at: Vec<String>,
}

impl IndRec {
    fn tmpl(&self) -> &'static Template {
        &TEMPLATES[self.template.0][self.template.1]
    }

    /// Adds a measured series at `org` (`None`: the owner) unless one exists.
    fn measure_at(&mut self, org: Option<&str>, rng: &mut Rng) {
        let key = org.unwrap_or(&self.owner).to_string();
        if self.measured_at.contains(&key) {
            return;
        }
        self.measured_at.push(key);
        let tm = self.tmpl();
        // Spread the level from 80 % to 115 % of the target so that every
        // status occurs (mirrored when lower is better).
        let pct = rng.range(80, 115);
        let pct = if tm.lower { 200 - pct } else { pct };
        let mut base = tm.target * pct / 100;
        if tm.whole {
            base = base / 10 * 10;
        }
        let drift = rng.range(-2, 3) * (tm.target / 100).max(1);
        self.series.push(SeriesRec {
            org: org.map(str::to_string),
            base: base.max(10),
            drift,
            seed: rng.next_u64(),
        });
    }
}

#[derive(Debug)]
struct GoalRec {
    id: String,
    title: &'static str,
    level: &'static str,
    perspective: usize,
    owner: String,
    indicators: Vec<(String, Option<&'static str>)>,
    contributes_to: Vec<(String, Option<&'static str>)>,
    applies_to: Vec<String>,
    rule: Option<&'static str>,
    assessments: Vec<(&'static str, &'static str)>,
    tags: Vec<&'static str>,
}

#[derive(Debug)]
struct ActivityRec {
    id: String,
    title: &'static str,
    responsible: String,
    start: (i32, u32, u32),
    due: (i32, u32, u32),
    status: &'static str,
    progress: Option<i64>,
}

#[derive(Debug)]
struct PlanRec {
    id: String,
    title: &'static str,
    owner: String,
    goals: Vec<String>,
    tags: Vec<&'static str>,
    activities: Vec<ActivityRec>,
}

/// One municipality's structure; measurements are drawn when written.
#[derive(Debug, Default)]
struct Muni {
    orgs: Vec<OrgRec>,
    indicators: Vec<IndRec>,
    goals: Vec<GoalRec>,
    plans: Vec<PlanRec>,
}

/// A board-like org (board, executive board, company) while building.
struct BoardCtx {
    id: String,
    office: Option<String>,
    units: Vec<String>,
    providers: Vec<(String, &'static str)>,
    /// Indicator indices per perspective (into `Muni::indicators`).
    catalogue: [Vec<usize>; 4],
    /// Board goal indices per perspective (into `Muni::goals`).
    goals: [Vec<usize>; 4],
}

fn org(id: String, name: String, kind: &'static str, parent: Option<&str>) -> OrgRec {
    OrgRec {
        id,
        name,
        kind,
        parent: parent.map(str::to_string),
        provider: None,
    }
}

/// Draws the municipality with index `m`, `units` units and providers.
#[allow(clippy::too_many_lines)]
fn build(seed: u64, m: usize, units: usize) -> Muni {
    let mut rng = Rng::derive(seed, m as u64 + 1);
    let code = format!("{:04}", 114 + m);
    let p = |s: &str| format!("{code}-{s}");
    let mut mu = Muni::default();

    let root = p("kommun");
    let kf = p("kf");
    mu.orgs.push(org(
        root.clone(),
        format!("Kommun {code}"),
        "municipality",
        None,
    ));
    mu.orgs.push(org(
        kf.clone(),
        "Kommunfullmäktige".into(),
        "council",
        Some(&root),
    ));

    // Boards: the executive board, n boards, the company.
    let n_boards = if units == EXAMPLE_UNITS {
        8
    } else {
        usize::try_from(rng.range(6, 10)).unwrap_or(8)
    };
    let mut kinds: Vec<usize> = (0..BOARDS.len()).collect();
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    kinds.truncate(n_boards);
    kinds.sort_unstable();

    let mut boards: Vec<BoardCtx> = Vec::new();
    let ks = p("ks");
    mu.orgs.push(org(
        ks.clone(),
        "Kommunstyrelsen".into(),
        "executive_board",
        Some(&kf),
    ));
    let ksk = p("ksk");
    mu.orgs.push(org(
        ksk.clone(),
        "Kommunledningskontoret".into(),
        "office",
        Some(&ks),
    ));
    boards.push(BoardCtx {
        id: ks,
        office: Some(ksk),
        units: Vec::new(),
        providers: Vec::new(),
        catalogue: Default::default(),
        goals: Default::default(),
    });
    for &k in &kinds {
        let (short, name, office, _, _) = BOARDS[k];
        let b = p(&format!("{short}n"));
        let o = p(&format!("{short}k"));
        mu.orgs
            .push(org(b.clone(), name.into(), "board", Some(&kf)));
        mu.orgs
            .push(org(o.clone(), office.into(), "office", Some(&b)));
        boards.push(BoardCtx {
            id: b,
            office: Some(o),
            units: Vec::new(),
            providers: Vec::new(),
            catalogue: Default::default(),
            goals: Default::default(),
        });
    }
    let company = p("bolag");
    mu.orgs.push(org(
        company.clone(),
        format!("Kommun {code} Bostäder AB"),
        "company",
        Some(&root),
    ));
    boards.push(BoardCtx {
        id: company,
        office: None,
        units: Vec::new(),
        providers: Vec::new(),
        catalogue: Default::default(),
        goals: Default::default(),
    });

    // Units and providers, spread over the boards (not the company).
    let n_areas = boards.len() - 1;
    for u in 0..units {
        // The executive board's office gets a few staff units; the rest go
        // round the boards, one in six as a provider.
        let bi = if u % (n_areas * 3) == 0 {
            0
        } else {
            1 + u % (n_areas - 1)
        };
        let b = &mut boards[bi];
        let n = b.units.len() + b.providers.len() + 1;
        if bi == 0 {
            let names = [
                "HR-enheten",
                "Ekonomienheten",
                "Kommunikationsenheten",
                "IT-enheten",
            ];
            let id = format!("{}-e{n:02}", b.office.as_deref().unwrap_or_default());
            mu.orgs.push(org(
                id.clone(),
                format!("{} {n}", names[n % names.len()]),
                "unit",
                b.office.as_deref(),
            ));
            b.units.push(id);
            continue;
        }
        let (_, _, _, unit_names, provider_name) = BOARDS[kinds[bi - 1]];
        if u % 6 == 5 {
            let kind = ["municipal", "independent", "private"][rng.below(3)];
            let id = format!("{}-u{n:02}", b.id);
            let mut rec = org(
                id.clone(),
                format!("{provider_name} {n}"),
                "provider",
                Some(&b.id),
            );
            rec.provider = Some(kind);
            mu.orgs.push(rec);
            b.providers.push((id, kind));
        } else {
            let id = format!("{}-e{n:02}", b.office.as_deref().unwrap_or_default());
            let name = unit_names[n % unit_names.len()];
            mu.orgs.push(org(
                id.clone(),
                format!("{name} {n}"),
                "unit",
                b.office.as_deref(),
            ));
            b.units.push(id);
        }
    }

    // Indicator catalogues: the council's and one per board-like org.
    let mut council_cat: [Vec<usize>; 4] = Default::default();
    let new_indicator = |mu: &mut Muni, rng: &mut Rng, owner: &str, persp: usize, tmpl: usize| {
        let tm = &TEMPLATES[persp][tmpl];
        let freq = match rng.range(0, 99) {
            0..=19 => Freq::Monthly,
            20..=69 => Freq::Tertial,
            _ => Freq::Yearly,
        };
        let mut tags = Vec::new();
        if persp == 1 && rng.chance(60) {
            tags.push("environment");
        }
        if persp == 0 && rng.chance(40) {
            tags.push("quality");
        }
        let owner_short = owner.strip_prefix(&format!("{code}-")).unwrap_or(owner);
        mu.indicators.push(IndRec {
            id: format!("{code}-{owner_short}-{}", tm.short),
            template: (persp, tmpl),
            owner: owner.to_string(),
            freq,
            consolidation: None,
            partly_at: rng.chance(20).then_some("0.95"),
            window: (freq == Freq::Tertial && rng.chance(6)).then_some(3),
            kolada: None,
            tags,
            targets: Vec::new(),
            series: Vec::new(),
            gender: persp == 0 && rng.chance(30),
            measured_at: Vec::new(),
        });
        mu.indicators.len() - 1
    };
    for (persp, cat) in council_cat.iter_mut().enumerate() {
        for tmpl in 0..4 {
            let i = new_indicator(&mut mu, &mut rng, &kf, persp, tmpl);
            mu.indicators[i].kolada = Some(format!("N{:05}", 100 + persp * 10 + tmpl));
            cat.push(i);
        }
    }
    for b in &mut boards {
        for persp in 0..4 {
            let mut pick: Vec<usize> = (0..6).collect();
            for i in (1..pick.len()).rev() {
                pick.swap(i, rng.below(i + 1));
            }
            for &tmpl in &pick {
                let i = new_indicator(&mut mu, &mut rng, &b.id, persp, tmpl);
                b.catalogue[persp].push(i);
            }
        }
    }

    // Council goals: two per perspective, each with three council indicators.
    let mut council_goals: [Vec<usize>; 4] = Default::default();
    for persp in 0..4 {
        for k in 0..2 {
            let mut inds = Vec::new();
            for j in 0..3 {
                let i = council_cat[persp][(k + j) % 4];
                // The council's sick leave is consolidated from the units.
                if i != council_cat[2][0] {
                    mu.indicators[i].measure_at(None, &mut rng);
                }
                inds.push((mu.indicators[i].id.clone(), None));
            }
            let rule = match rng.range(0, 9) {
                0..=2 => Some("weighted_score"),
                3 => Some("share_fulfilled"),
                _ => None,
            };
            council_goals[persp].push(mu.goals.len());
            mu.goals.push(GoalRec {
                id: format!("{kf}-{}", persp * 2 + k + 1),
                title: GOAL_TITLES[persp][k],
                level: "council",
                perspective: persp,
                owner: kf.clone(),
                indicators: inds,
                contributes_to: Vec::new(),
                applies_to: Vec::new(),
                rule,
                assessments: if rng.chance(15) {
                    vec![("2025T2", "partly_fulfilled")]
                } else {
                    Vec::new()
                },
                tags: if persp == 1 {
                    vec!["environment"]
                } else {
                    Vec::new()
                },
            });
        }
    }

    // Board goals: one or two per perspective (the company skips one).
    for (bi, b) in boards.iter_mut().enumerate() {
        let is_company = b.office.is_none();
        for persp in 0..4 {
            if is_company && persp == 1 {
                continue;
            }
            let n = if rng.chance(40) { 2 } else { 1 };
            for k in 0..n {
                let mut inds = Vec::new();
                let n_inds = if rng.chance(30) { 2 } else { 3 };
                for j in 0..n_inds {
                    let i = b.catalogue[persp][(k + j) % 4];
                    inds.push((mu.indicators[i].id.clone(), None));
                }
                let upper = council_goals[persp][(bi + k) % 2];
                let mut contributes_to = vec![(mu.goals[upper].id.clone(), None)];
                if rng.chance(20) {
                    let other = council_goals[(persp + 1) % 4][rng.below(2)];
                    contributes_to.push((mu.goals[other].id.clone(), Some("0.5")));
                }
                let applies_to = if persp == 0 && k == 0 {
                    b.providers
                        .iter()
                        .filter(|(_, kind)| *kind != "municipal")
                        .map(|(id, _)| id.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                let rule = match rng.range(0, 19) {
                    // Every municipality has one manual goal, assessed
                    // only for T1: not assessed in T2.
                    _ if bi == 0 && persp == 0 && k == 0 => Some("manual"),
                    0..=2 => Some("share_fulfilled"),
                    3..=4 => Some("worst"),
                    5 => Some("manual"),
                    _ => None,
                };
                let assessments = if rule == Some("manual") {
                    if bi > 0 && rng.chance(50) {
                        vec![(
                            "2025T2",
                            ["fulfilled", "partly_fulfilled", "not_fulfilled"][rng.below(3)],
                        )]
                    } else {
                        vec![("2025T1", "partly_fulfilled")]
                    }
                } else if rng.chance(5) {
                    vec![("2025T2", "fulfilled")]
                } else {
                    Vec::new()
                };
                b.goals[persp].push(mu.goals.len());
                let owner_short =
                    b.id.strip_prefix(&format!("{code}-"))
                        .unwrap_or(&b.id)
                        .to_string();
                mu.goals.push(GoalRec {
                    id: format!("{}-{}", b.id, persp * 2 + k + 1),
                    title: GOAL_TITLES[persp][(k + 1 + owner_short.len()) % 3],
                    level: "board",
                    perspective: persp,
                    owner: b.id.clone(),
                    indicators: inds,
                    contributes_to,
                    applies_to,
                    rule,
                    assessments,
                    tags: if persp == 1 && rng.chance(70) {
                        vec!["environment"]
                    } else {
                        Vec::new()
                    },
                });
            }
        }
    }

    // Operational goals at units and providers: one per perspective (one
    // in twenty skipped), plus an extra one in most cases.
    for b in &boards {
        let owners: Vec<&String> = b
            .units
            .iter()
            .chain(b.providers.iter().map(|(id, _)| id))
            .collect();
        for owner in owners {
            let mut n_goal = 0;
            let mut persps: Vec<usize> = (0..4).filter(|_| !rng.chance(5)).collect();
            if persps.is_empty() {
                persps.push(0);
            }
            if rng.chance(85) {
                persps.push(rng.below(4));
            }
            persps.sort_unstable();
            for (gk, &persp) in persps.iter().enumerate() {
                if b.goals[persp].is_empty() {
                    continue;
                }
                n_goal += 1;
                let offset = if gk > 0 && persps[gk - 1] == persp {
                    3
                } else {
                    0
                };
                let mut inds = Vec::new();
                for j in 0..3 {
                    // The employees perspective also measures the council's
                    // sick-leave indicator, consolidated up to the council.
                    let i = if persp == 2 && j == 0 {
                        council_cat[2][0]
                    } else {
                        b.catalogue[persp][(offset + j) % 6]
                    };
                    if inds.iter().any(|(id, _)| *id == mu.indicators[i].id) {
                        continue;
                    }
                    mu.indicators[i].measure_at(Some(owner), &mut rng);
                    let w = if rng.chance(10) { Some("2") } else { None };
                    inds.push((mu.indicators[i].id.clone(), w));
                }
                let bg = &b.goals[persp];
                let mut contributes_to = vec![(mu.goals[bg[rng.below(bg.len())]].id.clone(), None)];
                if bg.len() > 1 && rng.chance(20) {
                    let other = mu.goals[bg[rng.below(bg.len())]].id.clone();
                    if contributes_to[0].0 != other {
                        contributes_to.push((other, Some("0.5")));
                    }
                }
                let rule = match rng.range(0, 29) {
                    0..=1 => Some("weighted_score"),
                    2 => Some("worst"),
                    _ => None,
                };
                mu.goals.push(GoalRec {
                    id: format!("{owner}-{n_goal}"),
                    title: GOAL_TITLES[persp][rng.below(3)],
                    level: "operational",
                    perspective: persp,
                    owner: owner.clone(),
                    indicators: inds,
                    contributes_to,
                    applies_to: Vec::new(),
                    rule,
                    assessments: Vec::new(),
                    tags: Vec::new(),
                });
            }
        }
    }

    // Board-level pairs: consolidated from the units when they measure the
    // indicator (half of the time), else measured at the board itself.
    let board_goal_inds: Vec<(String, usize)> = boards
        .iter()
        .flat_map(|b| b.catalogue.iter().flatten().map(|&i| (b.id.clone(), i)))
        .collect();
    let linked_by_boards: std::collections::HashSet<String> = mu
        .goals
        .iter()
        .filter(|g| g.level == "board")
        .flat_map(|g| g.indicators.iter().map(|(id, _)| id.clone()))
        .collect();
    for (_, i) in board_goal_inds {
        let ind = &mut mu.indicators[i];
        let linked = linked_by_boards.contains(&ind.id);
        if !ind.series.is_empty() && rng.chance(50) {
            ind.consolidation = Some(match ind.tmpl().short {
                "co2" | "intakt" => "sum",
                "chef" => "max",
                "ekolog" => "min",
                _ => "mean",
            });
        } else if linked {
            ind.measure_at(None, &mut rng);
        }
    }
    // The council's sick leave consolidates from every unit.
    mu.indicators[council_cat[2][0]].consolidation = Some("mean");

    // Targets.
    let board_ids: Vec<String> = boards.iter().map(|b| b.id.clone()).collect();
    for ind in &mut mu.indicators {
        if rng.chance(5) {
            continue; // no target: not assessed
        }
        let tm = ind.tmpl();
        let whole = |v: i64| if tm.whole { v / 10 * 10 } else { v };
        let step = (tm.target / 50).max(1);
        let sum_scale = i64::try_from(ind.series.len().max(1)).unwrap_or(1);
        for (y, year) in ["2023", "2024", "2025"].iter().enumerate() {
            let improve = y == 2 && rng.chance(10);
            let tighten = i64::try_from(y).unwrap_or(0) * step;
            let value = whole(if tm.lower {
                tm.target - tighten
            } else {
                tm.target + tighten
            });
            let warning = rng.chance(30).then(|| {
                whole(if tm.lower {
                    value * 115 / 100
                } else {
                    value * 85 / 100
                })
            });
            ind.targets.push(TargetRec {
                period: (*year).into(),
                org: None,
                improve,
                value,
                warning,
            });
            if ind.consolidation == Some("sum") && board_ids.contains(&ind.owner) {
                ind.targets.push(TargetRec {
                    period: (*year).into(),
                    org: Some(ind.owner.clone()),
                    improve: false,
                    value: value * sum_scale,
                    warning: None,
                });
            }
        }
        if ind.freq != Freq::Yearly && rng.chance(20) {
            for tertial in ["2025T1", "2025T2", "2025T3"] {
                let value = whole(if tm.lower {
                    tm.target - 3 * step
                } else {
                    tm.target + 3 * step
                });
                ind.targets.push(TargetRec {
                    period: tertial.into(),
                    org: None,
                    improve: false,
                    value,
                    warning: None,
                });
            }
        }
        if let Some(s) = ind.series.iter().find(|s| s.org.is_some()) {
            if rng.chance(15) {
                let value = whole(if tm.lower {
                    tm.target + 2 * step
                } else {
                    tm.target - 2 * step
                });
                ind.targets.push(TargetRec {
                    period: "2025".into(),
                    org: s.org.clone(),
                    improve: false,
                    value,
                    warning: Some(whole(if tm.lower {
                        value * 12 / 10
                    } else {
                        value * 8 / 10
                    })),
                });
            }
        }
    }

    // Action plans: two per office for its board's goals; one in four
    // units has its own plan for one of its goals.
    let mut op_goal_of: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (gi, g) in mu.goals.iter().enumerate() {
        if g.level == "operational" {
            op_goal_of.entry(g.owner.as_str()).or_default().push(gi);
        }
    }
    let titles = [
        "Handlingsplan för ökad nöjdhet",
        "Klimatplan",
        "Plan för minskad sjukfrånvaro",
        "Plan för budget i balans",
    ];
    let act_titles = [
        "Genomföra enkät",
        "Utbilda personal",
        "Se över rutiner",
        "Följa upp resultat",
        "Upphandla ny tjänst",
    ];
    let mut plans = Vec::new();
    let activity = |rng: &mut Rng, id: String, responsible: String| {
        let year = 2024 + i32::from(rng.chance(70));
        let month = u32::try_from(rng.range(1, 12)).unwrap_or(1);
        let day = u32::try_from(rng.range(1, 28)).unwrap_or(1);
        let months = u32::try_from(rng.range(1, 9)).unwrap_or(1);
        let (dy, dm) = (
            year + i32::try_from((month - 1 + months) / 12).unwrap_or(0),
            (month - 1 + months) % 12 + 1,
        );
        let status = [
            "not_started",
            "ongoing",
            "ongoing",
            "completed",
            "paused",
            "cancelled",
        ][rng.below(6)];
        let progress = match status {
            "ongoing" => Some(rng.range(1, 9) * 10),
            "paused" => Some(rng.range(2, 6) * 10),
            "not_started" => Some(0),
            _ => None,
        };
        ActivityRec {
            id,
            title: act_titles[rng.below(act_titles.len())],
            responsible,
            start: (year, month, day),
            due: (dy, dm, day),
            status,
            progress,
        }
    };
    for b in &boards {
        let Some(office) = &b.office else { continue };
        for k in 0..2 {
            let persp = (k * 2 + rng.below(2)) % 4;
            let goals: Vec<String> = b.goals[persp]
                .iter()
                .map(|&g| mu.goals[g].id.clone())
                .collect();
            if goals.is_empty() {
                continue;
            }
            let id = format!("{office}-hp{}", k + 1);
            let n_act = rng.range(2, 4);
            let activities = (0..n_act)
                .map(|a| {
                    let resp = if b.units.is_empty() {
                        office.clone()
                    } else {
                        b.units[rng.below(b.units.len())].clone()
                    };
                    activity(&mut rng, format!("{id}-a{}", a + 1), resp)
                })
                .collect();
            plans.push(PlanRec {
                id,
                title: titles[persp],
                owner: office.clone(),
                goals,
                tags: if persp == 1 {
                    vec!["environment"]
                } else {
                    Vec::new()
                },
                activities,
            });
        }
        for unit in &b.units {
            if !rng.chance(25) {
                continue;
            }
            let Some(gs) = op_goal_of.get(unit.as_str()) else {
                continue;
            };
            let g = &mu.goals[gs[rng.below(gs.len())]];
            let id = format!("{unit}-hp1");
            let activities = (0..2)
                .map(|a| activity(&mut rng, format!("{id}-a{}", a + 1), unit.clone()))
                .collect();
            plans.push(PlanRec {
                id,
                title: titles[g.perspective],
                owner: unit.clone(),
                goals: vec![g.id.clone()],
                tags: Vec::new(),
                activities,
            });
        }
    }
    mu.plans = plans;
    mu
}

// ---------------------------------------------------------------- writing

/// Counts bytes through to the inner writer.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn esc(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a value in tenths as an exact decimal string (`"62.5"`, `"62"`).
fn dec(v: i64, out: &mut String) {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    if a % 10 == 0 {
        let _ = write!(out, "\"{sign}{}\"", a / 10);
    } else {
        let _ = write!(out, "\"{sign}{}.{}\"", a / 10, a % 10);
    }
}

fn str_list(items: &[&str], out: &mut String) {
    out.push('[');
    for (k, s) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        esc(s, out);
    }
    out.push(']');
}

/// Writes a generated model of `scale` from `seed` as `styrkort/1` JSON.
///
/// The output is deterministic: the same scale and seed give the same bytes.
pub fn write_model<W: Write>(scale: &Scale, seed: u64, w: W) -> io::Result<Stats> {
    write_model_with(scale, seed, Options::default(), w)
}

/// [`write_model`] with [`Options`]; also deterministic.
pub fn write_model_with<W: Write>(
    scale: &Scale,
    seed: u64,
    options: Options,
    w: W,
) -> io::Result<Stats> {
    let sizes = scale.sizes(seed);
    let mut w = Counting { inner: w, bytes: 0 };
    let mut stats = Stats {
        municipalities: sizes.len(),
        ..Stats::default()
    };
    let build_all = || sizes.iter().enumerate().map(|(m, &u)| build(seed, m, u));
    // The structure of all municipalities is small next to the
    // measurements; keep it to avoid drawing it four times.
    let munis: Vec<Muni> = build_all().collect();
    let mut buf = String::with_capacity(1 << 20);

    w.write_all(b"{\n  \"format\": \"styrkort/1\",\n  \"settings\": {\"citizen_label\": \"Medborgare (Kund)\", \"partly_at\": \"0.9\"},\n  \"organisation\": [")?;
    let mut first = true;
    for mu in &munis {
        for o in &mu.orgs {
            buf.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            buf.push_str("{\"id\": ");
            esc(&o.id, &mut buf);
            buf.push_str(", \"name\": ");
            esc(&o.name, &mut buf);
            let _ = write!(buf, ", \"kind\": \"{}\"", o.kind);
            if let Some(p) = &o.parent {
                buf.push_str(", \"parent\": ");
                esc(p, &mut buf);
            }
            if let Some(k) = o.provider {
                let _ = write!(buf, ", \"provider\": \"{k}\"");
            }
            buf.push('}');
            stats.orgs += 1;
        }
        w.write_all(buf.as_bytes())?;
        buf.clear();
    }
    w.write_all(b"\n  ],\n  \"indicators\": [")?;
    first = true;
    for mu in &munis {
        for ind in &mu.indicators {
            buf.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            write_indicator(ind, options, &mut buf, &mut stats);
            stats.indicators += 1;
            if buf.len() > (1 << 20) {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        // Pairs: measured series plus goal links at the owner (deduplicated).
        let mut pairs: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        for ind in &mu.indicators {
            for s in &ind.series {
                pairs.insert((&ind.id, s.org.as_deref().unwrap_or(&ind.owner)));
            }
        }
        for g in &mu.goals {
            for (i, _) in &g.indicators {
                pairs.insert((i, &g.owner));
            }
        }
        stats.pairs += pairs.len();
    }
    w.write_all(buf.as_bytes())?;
    buf.clear();
    w.write_all(b"\n  ],\n  \"goals\": [")?;
    first = true;
    for mu in &munis {
        for g in &mu.goals {
            buf.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            write_goal(g, &mut buf);
            stats.goals += 1;
        }
        w.write_all(buf.as_bytes())?;
        buf.clear();
    }
    w.write_all(b"\n  ],\n  \"action_plans\": [")?;
    first = true;
    for mu in &munis {
        for p in &mu.plans {
            buf.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            write_plan(p, &mut buf);
            stats.plans += 1;
            stats.activities += p.activities.len();
        }
        w.write_all(buf.as_bytes())?;
        buf.clear();
    }
    w.write_all(b"\n  ]\n}\n")?;
    w.flush()?;
    stats.bytes = w.bytes;
    Ok(stats)
}

fn write_indicator(ind: &IndRec, options: Options, buf: &mut String, stats: &mut Stats) {
    let tm = ind.tmpl();
    buf.push_str("{\"id\": ");
    esc(&ind.id, buf);
    buf.push_str(", \"name\": ");
    esc(tm.name, buf);
    buf.push_str(", \"unit\": ");
    esc(tm.unit, buf);
    if tm.lower {
        buf.push_str(", \"direction\": \"lower_is_better\"");
    }
    let _ = write!(
        buf,
        ", \"perspective\": \"{}\", \"owner\": ",
        PERSPECTIVES[ind.template.0]
    );
    esc(&ind.owner, buf);
    if let Some(c) = ind.consolidation {
        let _ = write!(buf, ", \"consolidation\": \"{c}\"");
    }
    if let Some(p) = ind.partly_at {
        let _ = write!(buf, ", \"partly_at\": \"{p}\"");
    }
    if let Some(n) = ind.window {
        let _ = write!(buf, ", \"window\": {n}");
    }
    if let Some(kpi) = &ind.kolada {
        let code = &ind.id[..ind.id.find('-').unwrap_or(0)];
        let _ = write!(
            buf,
            ", \"source\": {{\"kolada\": {{\"kpi\": \"{kpi}\", \"municipality\": \"{code}\"}}}}"
        );
    }
    if !ind.tags.is_empty() {
        buf.push_str(", \"tags\": ");
        str_list(&ind.tags, buf);
    }
    if !ind.targets.is_empty() {
        buf.push_str(",\n      \"targets\": [");
        for (k, t) in ind.targets.iter().enumerate() {
            if k > 0 {
                buf.push_str(", ");
            }
            let _ = write!(buf, "{{\"period\": \"{}\"", t.period);
            if let Some(o) = &t.org {
                buf.push_str(", \"org\": ");
                esc(o, buf);
            }
            if t.improve {
                buf.push_str(", \"kind\": \"improve\"");
            } else {
                buf.push_str(", \"value\": ");
                dec(t.value, buf);
                if let Some(wv) = t.warning {
                    buf.push_str(", \"warning\": ");
                    dec(wv, buf);
                }
            }
            buf.push('}');
        }
        buf.push(']');
    }
    if !ind.series.is_empty() {
        buf.push_str(",\n      \"measurements\": [");
        let mut first = true;
        for s in &ind.series {
            let mut rng = Rng::new(s.seed);
            let amp = (s.base / 12).max(2);
            let whole = tm.whole;
            let mut one = |buf: &mut String, period: &str, year: i64, rng: &mut Rng| {
                buf.push_str(if first { "\n        " } else { ",\n        " });
                first = false;
                let mut v = s.base + s.drift * year + rng.range(-amp, amp);
                if whole {
                    v = v / 10 * 10;
                }
                let v = v.max(0);
                let _ = write!(buf, "{{\"period\": \"{period}\"");
                let org = s
                    .org
                    .as_deref()
                    .or(options.org_everywhere.then_some(ind.owner.as_str()));
                if let Some(o) = org {
                    buf.push_str(", \"org\": ");
                    esc(o, buf);
                }
                buf.push_str(", \"value\": ");
                dec(v, buf);
                if ind.gender {
                    let d = rng.range(0, amp / 2);
                    buf.push_str(", \"women\": ");
                    dec(v + d, buf);
                    buf.push_str(", \"men\": ");
                    dec((v - d).max(0), buf);
                }
                buf.push('}');
                stats.measurements += 1;
            };
            for (y, year) in (2023..=2025).enumerate() {
                let y = i64::try_from(y).unwrap_or(0);
                if ind.freq == Freq::Monthly {
                    for m in 1..=12 {
                        one(buf, &format!("{year}-{m:02}"), y, &mut rng);
                    }
                }
                if ind.freq != Freq::Yearly {
                    for t in 1..=3 {
                        one(buf, &format!("{year}T{t}"), y, &mut rng);
                    }
                }
                one(buf, &format!("{year}"), y, &mut rng);
            }
        }
        buf.push(']');
    }
    buf.push('}');
}

fn write_goal(g: &GoalRec, buf: &mut String) {
    buf.push_str("{\"id\": ");
    esc(&g.id, buf);
    buf.push_str(", \"title\": ");
    esc(g.title, buf);
    let _ = write!(
        buf,
        ", \"level\": \"{}\", \"perspective\": \"{}\", \"owner\": ",
        g.level, PERSPECTIVES[g.perspective]
    );
    esc(&g.owner, buf);
    if !g.indicators.is_empty() {
        buf.push_str(", \"indicators\": [");
        for (k, (i, wt)) in g.indicators.iter().enumerate() {
            if k > 0 {
                buf.push_str(", ");
            }
            buf.push_str("{\"indicator\": ");
            esc(i, buf);
            if let Some(wt) = wt {
                let _ = write!(buf, ", \"weight\": \"{wt}\"");
            }
            buf.push('}');
        }
        buf.push(']');
    }
    if !g.contributes_to.is_empty() {
        buf.push_str(", \"contributes_to\": [");
        for (k, (u, wt)) in g.contributes_to.iter().enumerate() {
            if k > 0 {
                buf.push_str(", ");
            }
            match wt {
                None => esc(u, buf),
                Some(wt) => {
                    buf.push_str("{\"goal\": ");
                    esc(u, buf);
                    let _ = write!(buf, ", \"weight\": \"{wt}\"}}");
                }
            }
        }
        buf.push(']');
    }
    if !g.applies_to.is_empty() {
        let ids: Vec<&str> = g.applies_to.iter().map(String::as_str).collect();
        buf.push_str(", \"applies_to\": ");
        str_list(&ids, buf);
    }
    match g.rule {
        None => {}
        Some(r @ ("weighted_score" | "share_fulfilled")) => {
            let _ = write!(
                buf,
                ", \"rule\": {{\"kind\": \"{r}\", \"fulfilled_at\": \"0.75\", \"partly_at\": \"0.4\"}}"
            );
        }
        Some(r) => {
            let _ = write!(buf, ", \"rule\": {{\"kind\": \"{r}\"}}");
        }
    }
    if !g.assessments.is_empty() {
        buf.push_str(", \"assessments\": [");
        for (k, (period, status)) in g.assessments.iter().enumerate() {
            if k > 0 {
                buf.push_str(", ");
            }
            let _ = write!(
                buf,
                "{{\"period\": \"{period}\", \"status\": \"{status}\", \"comment\": \"Bedömning vid uppföljningen\", \"author\": \"Controller\"}}"
            );
        }
        buf.push(']');
    }
    if !g.tags.is_empty() {
        buf.push_str(", \"tags\": ");
        str_list(&g.tags, buf);
    }
    buf.push('}');
}

fn write_plan(p: &PlanRec, buf: &mut String) {
    buf.push_str("{\"id\": ");
    esc(&p.id, buf);
    buf.push_str(", \"title\": ");
    esc(p.title, buf);
    buf.push_str(", \"owner\": ");
    esc(&p.owner, buf);
    let goals: Vec<&str> = p.goals.iter().map(String::as_str).collect();
    buf.push_str(", \"goals\": ");
    str_list(&goals, buf);
    if !p.tags.is_empty() {
        buf.push_str(", \"tags\": ");
        str_list(&p.tags, buf);
    }
    buf.push_str(", \"activities\": [");
    for (k, a) in p.activities.iter().enumerate() {
        if k > 0 {
            buf.push_str(", ");
        }
        buf.push_str("\n      {\"id\": ");
        esc(&a.id, buf);
        buf.push_str(", \"title\": ");
        esc(a.title, buf);
        buf.push_str(", \"responsible\": ");
        esc(&a.responsible, buf);
        let _ = write!(
            buf,
            ", \"start\": \"{}-{:02}-{:02}\", \"due\": \"{}-{:02}-{:02}\", \"status\": \"{}\"",
            a.start.0, a.start.1, a.start.2, a.due.0, a.due.1, a.due.2, a.status
        );
        if let Some(pr) = a.progress {
            let _ = write!(buf, ", \"progress\": \"{pr}\"");
        }
        buf.push('}');
    }
    buf.push_str("]}");
}

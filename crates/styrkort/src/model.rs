//! The management system as pure types: the `styrkort/1` model format.
//!
//! A [`Model`] is what a municipality writes down: its organisation tree,
//! its indicators (*nyckeltal*) with targets and measurements, its goals on
//! three levels linked by the red thread (*röda tråden*), and its action
//! plans (*handlingsplaner*). Reading and writing JSON is exact; see
//! [`Model::from_json`] and [`Model::to_json`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids::{ActivityId, AssignmentId, GoalId, IndicatorId, OrgId, PlanId};
use crate::json;
use crate::perspective::{CitizenLabel, Perspective, Status};
use crate::Period;

/// The format tag every model document carries.
pub const MODEL_FORMAT: &str = "styrkort/1";

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A whole management system: organisation, indicators, goals and plans.
///
/// ```
/// use styrkort::Model;
/// let m = Model::from_json(r#"{"format": "styrkort/1",
///     "organisation": [{"id": "kf", "name": "Kommunfullmäktige", "kind": "council"}]}"#)?;
/// assert_eq!(m.organisation[0].name, "Kommunfullmäktige");
/// assert_eq!(Model::from_json(&m.to_json())?, m);
/// # Ok::<(), styrkort::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always `styrkort/1`.
    #[serde(deserialize_with = "de_format")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::ModelFormat"))]
    pub format: String,
    /// Model-wide settings.
    #[serde(default, skip_serializing_if = "is_default")]
    pub settings: Settings,
    /// The organisation tree (*organisation*), in any order.
    #[serde(default, deserialize_with = "de_shrunk")]
    pub organisation: Vec<Org>,
    /// Indicators (*nyckeltal*) with their targets and measurements.
    #[serde(default, deserialize_with = "de_shrunk")]
    pub indicators: Vec<Indicator>,
    /// Goals on all three levels.
    #[serde(default, deserialize_with = "de_shrunk")]
    pub goals: Vec<Goal>,
    /// Action plans (*handlingsplaner*).
    #[serde(default, deserialize_with = "de_shrunk")]
    pub action_plans: Vec<ActionPlan>,
    /// Assignments (*uppdrag*) from the council or a board to a board,
    /// with their status reports. Left out of the JSON when empty.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assignments: Vec<Assignment>,
}

fn de_format<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s == MODEL_FORMAT {
        Ok(s)
    } else {
        Err(serde::de::Error::custom(format!(
            "expected \"{MODEL_FORMAT}\", found {s:?}"
        )))
    }
}

impl Default for Model {
    fn default() -> Self {
        Self {
            format: MODEL_FORMAT.to_string(),
            settings: Settings::default(),
            organisation: Vec::new(),
            indicators: Vec::new(),
            goals: Vec::new(),
            action_plans: Vec::new(),
            assignments: Vec::new(),
        }
    }
}

impl Model {
    /// Reads a model from `styrkort/1` JSON.
    ///
    /// Decimals are exact, unknown fields are refused, and any error names
    /// the JSON path of the offending value (`goals[3].indicators[0].weight`)
    /// and what was expected. The model is not validated; call
    /// [`Model::validate`] for that (evaluation does it itself). A UTF-8
    /// byte-order mark at the start is skipped (see [`crate::json`]).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let _interning = crate::ids::Interning::start();
        let _scratch = Scratch::start();
        // The measurement lists straight from the text, the rest through
        // serde; only a text that fails that is read the general way,
        // which names the error (`crate::load`).
        if let Some(model) = crate::load::model(text) {
            return Ok(model);
        }
        json::from_str_with_path(text)
    }

    /// Writes the model as `styrkort/1` JSON (pretty-printed, two-space indent).
    ///
    /// Reading the result with [`Model::from_json`] gives an equal model.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a model always serialises")
    }

    /// Writes the model as compact single-line JSON.
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).expect("a model always serialises")
    }
}

/// Model-wide settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The output label of the citizen perspective (default `Medborgare`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub citizen_label: CitizenLabel,
    /// The default partly band for indicators: a value is partly fulfilled
    /// when it reaches `target × partly_at` (or `target / partly_at` when
    /// lower is better). None means no band unless the indicator sets one.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub partly_at: Option<Decimal>,
    /// The default goal rule (default `all_some_none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Which comparison the scorecard's trend arrow shows (each indicator
    /// result's `arrow`): the same period one year earlier (the default,
    /// *jämfört med samma period föregående år*) or the previous period of
    /// the same kind.
    #[serde(default, skip_serializing_if = "is_default")]
    pub arrow: ArrowBasis,
}

/// What the scorecard's trend arrow compares a value with (`settings.arrow`).
///
/// Interim reports compare with the same period a year earlier: a
/// seasonal indicator such as sick leave makes a tertial-on-tertial arrow
/// misleading. For a year period both mean the year before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArrowBasis {
    /// The same period one year earlier (the default): `year_trend`.
    #[default]
    YearEarlier,
    /// The previous period of the same kind: `trend`.
    Previous,
}

impl ArrowBasis {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::YearEarlier => "year_earlier",
            Self::Previous => "previous",
        }
    }
}

/// What kind of organisation unit an [`Org`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// The municipality (*kommunen*), usually the root.
    Municipality,
    /// The municipal council (*kommunfullmäktige*); owns council goals.
    Council,
    /// The executive board (*kommunstyrelsen*).
    ExecutiveBoard,
    /// A board (*nämnd*).
    Board,
    /// An office (*kontor, förvaltning*) executing for its board.
    Office,
    /// A unit (*enhet*) of an office.
    Unit,
    /// A municipal company (*kommunalt bolag*), steered by its company board.
    Company,
    /// A provider (*utförare*) in a board's area: municipal, independent or private.
    Provider,
}

impl OrgKind {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Municipality => "municipality",
            Self::Council => "council",
            Self::ExecutiveBoard => "executive_board",
            Self::Board => "board",
            Self::Office => "office",
            Self::Unit => "unit",
            Self::Company => "company",
            Self::Provider => "provider",
        }
    }

    /// Whether an org of this kind is a *responsible board*: a board, the
    /// executive board or a company.
    pub const fn is_board_like(self) -> bool {
        matches!(self, Self::Board | Self::ExecutiveBoard | Self::Company)
    }
}

/// The kind of a provider (*utförare*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// A municipal provider (*kommunal utförare*), the default.
    #[default]
    Municipal,
    /// An independent provider (*fristående utförare*), e.g. a free school.
    Independent,
    /// A private provider (*privat utförare*) under contract.
    Private,
}

/// One unit of the organisation tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Org {
    /// Unique org id.
    pub id: OrgId,
    /// Display name (*namn*).
    pub name: String,
    /// What kind of unit it is.
    pub kind: OrgKind,
    /// The parent in the tree; `None` for a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrgId>,
    /// For `kind: provider` only: municipal (default), independent or private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderKind>,
}

/// The three goal levels of the red thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// *Verksamhetsmål*: set by a unit or a provider.
    Operational,
    /// *Nämndmål*: set by a board, the executive board or a company.
    Board,
    /// *Kommunfullmäktiges övergripande mål*: set by the council.
    Council,
}

impl Level {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Council => "council",
            Self::Board => "board",
            Self::Operational => "operational",
        }
    }

    /// The level a goal of this level contributes to, if any.
    pub const fn upper(self) -> Option<Level> {
        match self {
            Self::Operational => Some(Self::Board),
            Self::Board => Some(Self::Council),
            Self::Council => None,
        }
    }
}

/// How a goal's status is computed from its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Fulfilled if every item is; not fulfilled if none is fulfilled or
    /// partly fulfilled; else partly fulfilled. The model default.
    #[default]
    AllSomeNone,
    /// The weighted mean of item scores against two thresholds.
    WeightedScore,
    /// The weighted share of fulfilled items against two thresholds.
    ShareFulfilled,
    /// The lowest item status.
    Worst,
    /// Only a manual assessment gives the status.
    Manual,
}

impl RuleKind {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AllSomeNone => "all_some_none",
            Self::WeightedScore => "weighted_score",
            Self::ShareFulfilled => "share_fulfilled",
            Self::Worst => "worst",
            Self::Manual => "manual",
        }
    }

    /// Whether the rule needs `fulfilled_at` and `partly_at` thresholds.
    pub const fn has_thresholds(self) -> bool {
        matches!(self, Self::WeightedScore | Self::ShareFulfilled)
    }
}

/// A goal rule with its thresholds (for `weighted_score` and `share_fulfilled`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// Score or share at or above which the goal is fulfilled.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub fulfilled_at: Option<Decimal>,
    /// Score or share at or above which the goal is partly fulfilled.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub partly_at: Option<Decimal>,
}

/// A goal (*mål*) on one of the three levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique goal id.
    pub id: GoalId,
    /// The goal as worded by its owner.
    pub title: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Council, board or operational.
    pub level: Level,
    /// Which of the four perspectives it belongs to.
    pub perspective: Perspective,
    /// The org that sets it.
    pub owner: OrgId,
    /// Indicators that measure it, evaluated at the owner.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub indicators: Vec<IndicatorLink>,
    /// The red thread upwards: goals one level up that this one contributes to.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub contributes_to: Vec<GoalLink>,
    /// Further orgs whose scorecards hold this goal (e.g. private providers).
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub applies_to: Vec<OrgId>,
    /// The rule; the model's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Manual assessments (*bedömningar*), at most one per period.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assessments: Vec<Assessment>,
    /// Tags such as `environment` (ISO 14001) and `quality`.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// Judge the goal on its action plans' activities when none of its
    /// items has a status yet (no outcome); absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities: Option<ActivityJudgement>,
    /// The first period the goal is in force (*giltig från*), e.g. the
    /// first year of a multi-year plan; `None`: from the beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Period>,
    /// The last period the goal is in force (*giltig till*); `None`: open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Period>,
}

/// Whether something valid from `from` to `to` (both inclusive, `None`
/// open) is in force in `period`: the period's last day lies within the
/// validity (*in force at the period's end*, as a report states what
/// holds when it is closed). Used for goals, links and targets of
/// multi-year plans.
///
/// ```
/// use styrkort::model::valid_in;
/// let p = |s: &str| s.parse::<styrkort::Period>().unwrap();
/// assert!(valid_in(Some(p("2024")), Some(p("2027")), p("2025T2")));
/// // A goal replaced after the first tertial is not in the annual report.
/// assert!(!valid_in(None, Some(p("2025T1")), p("2025")));
/// assert!(valid_in(Some(p("2025T2")), None, p("2025")));
/// ```
pub fn valid_in(from: Option<Period>, to: Option<Period>, period: Period) -> bool {
    let end = period.end();
    from.is_none_or(|f| f.start() <= end) && to.is_none_or(|t| end <= t.end())
}

/// A goal's link to one of its indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorLink {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The item's weight (default 1); must be > 0.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub weight: Option<Decimal>,
    /// The first period the link is in force; `None`: from the beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Period>,
    /// The last period the link is in force; `None`: open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Period>,
}

/// A red-thread link from a goal to a goal one level up.
///
/// In JSON either the bare goal id (`"kf-1"`, weight 1, always in force)
/// or `{"goal": "kf-2", "weight": "2", "valid_from": "2024", "valid_to": "2025"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalLink {
    /// The goal contributed to.
    pub goal: GoalId,
    /// The weight of this goal among the upper goal's items (default 1).
    pub weight: Option<Decimal>,
    /// The first period the link is in force; `None`: from the beginning.
    pub valid_from: Option<Period>,
    /// The last period the link is in force; `None`: open-ended.
    pub valid_to: Option<Period>,
}

impl GoalLink {
    /// A link to `goal` with weight 1, always in force.
    pub fn to(goal: GoalId) -> Self {
        Self {
            goal,
            weight: None,
            valid_from: None,
            valid_to: None,
        }
    }
}

impl Serialize for GoalLink {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.weight.is_none() && self.valid_from.is_none() && self.valid_to.is_none() {
            return self.goal.serialize(s);
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("goal", &self.goal)?;
        if let Some(w) = self.weight {
            m.serialize_entry("weight", &w.to_string())?;
        }
        if let Some(p) = &self.valid_from {
            m.serialize_entry("valid_from", p)?;
        }
        if let Some(p) = &self.valid_to {
            m.serialize_entry("valid_to", p)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for GoalLink {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        struct Full {
            goal: GoalId,
            #[serde(default, with = "json::opt_dec")]
            #[cfg_attr(
                feature = "schema",
                schemars(with = "Option<crate::schema::DecimalText>")
            )]
            weight: Option<Decimal>,
            #[serde(default)]
            valid_from: Option<Period>,
            #[serde(default)]
            valid_to: Option<Period>,
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = GoalLink;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a goal id or {\"goal\": id, \"weight\": decimal}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<GoalLink, E> {
                let goal =
                    GoalId::new(v).ok_or_else(|| E::custom("expected a non-empty goal id"))?;
                Ok(GoalLink::to(goal))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<GoalLink, A::Error> {
                let f = Full::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(GoalLink {
                    goal: f.goal,
                    weight: f.weight,
                    valid_from: f.valid_from,
                    valid_to: f.valid_to,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A manual assessment (*bedömning*) of a goal for a period. It overrides
/// the computed status; both are reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The period assessed.
    pub period: Period,
    /// The status given.
    pub status: Status,
    /// The assessor's motivation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Who assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When.
    #[serde(
        default,
        with = "json::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub date: Option<NaiveDate>,
}

/// Whether more or less of an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (the default): satisfaction, share passing.
    #[default]
    HigherIsBetter,
    /// Less is better: sick leave, cost per unit, emissions.
    LowerIsBetter,
}

/// How an org without its own measurement gets a value from its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consolidation {
    /// No consolidation (the default): only own measurements count.
    #[default]
    None,
    /// The sum of the children's values.
    Sum,
    /// The mean of the children's values.
    Mean,
    /// The smallest child value.
    Min,
    /// The largest child value.
    Max,
}

impl Consolidation {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Sum => "sum",
            Self::Mean => "mean",
            Self::Min => "min",
            Self::Max => "max",
        }
    }
}

/// An indicator (*nyckeltal*) with its targets and measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique indicator id.
    pub id: IndicatorId,
    /// Display name.
    pub name: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unit of measure (`%`, `kr`, `index`, `dagar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether more or less is better (default higher).
    #[serde(default, skip_serializing_if = "is_default")]
    pub direction: Direction,
    /// The perspective the indicator belongs to, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
    /// The org that owns it; measurements without `org` belong here.
    pub owner: OrgId,
    /// How values consolidate up the org tree (default none).
    #[serde(default, skip_serializing_if = "is_default")]
    pub consolidation: Consolidation,
    /// The partly band for this indicator; overrides the model setting.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub partly_at: Option<Decimal>,
    /// Mean over this many periods of the same kind (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Tags such as `environment` and `quality`.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// Targets (*målvärden*) per period and optionally per org.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub targets: Vec<Target>,
    /// Measurements (*utfall*) per period and optionally per org.
    #[serde(
        default,
        deserialize_with = "de_measurements",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub measurements: Vec<Measurement>,
}

/// Reads a list and gives back its spare capacity. serde cannot know a
/// JSON list's length, so a list grows as it is read: one goal link gets
/// room for four, three targets room for four. With a quarter of a million
/// goals that is tens of megabytes (issue 12).
fn de_shrunk<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut v = Vec::<T>::deserialize(d)?;
    v.shrink_to_fit();
    Ok(v)
}

thread_local! {
    /// The list measurements are read into while a model is read on this
    /// thread ([`Scratch`]); `None` otherwise.
    static SCRATCH: std::cell::RefCell<Option<Vec<Measurement>>> =
        const { std::cell::RefCell::new(None) };
}

/// Keeps one scratch list for the measurements of every indicator while a
/// model is read on this thread, until dropped.
///
/// Why: a loaded model holds millions of measurements, and reading each
/// indicator's list into a growing `Vec` of its own leaves the memory of
/// every outgrown buffer with the allocator (resident, a third again over
/// the measurements themselves). Read into one reused list, each indicator
/// gets a single allocation of exactly its size.
struct Scratch(());

impl Scratch {
    fn start() -> Self {
        SCRATCH.with(|s| *s.borrow_mut() = Some(Vec::new()));
        Self(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        SCRATCH.with(|s| *s.borrow_mut() = None);
    }
}

/// Reads an indicator's measurements: through serde, or, while
/// [`Model::from_json`] reads the rest of a model whose lists it has read
/// already (`crate::load`), the list put in their place.
fn de_measurements<'de, D>(d: D) -> Result<Vec<Measurement>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    if crate::load::lists_read() {
        crate::load::measurements(d)
    } else {
        read_measurements(d)
    }
}

/// Reads a measurement list through serde, into a list of exactly their number.
pub(crate) fn read_measurements<'de, D>(d: D) -> Result<Vec<Measurement>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<Measurement>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            // As serde says it for any list, so messages stay the same.
            f.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<Measurement>, A::Error> {
            collect_exact(|buf| {
                while let Some(m) = seq.next_element()? {
                    buf.push(m);
                }
                Ok(())
            })
        }
    }
    d.deserialize_seq(V)
}

/// The measurements `read` appends to the [`Scratch`] list (a list of
/// its own outside a model read), in a list of exactly their number.
pub(crate) fn collect_exact<E>(
    read: impl FnOnce(&mut Vec<Measurement>) -> Result<(), E>,
) -> Result<Vec<Measurement>, E> {
    let mut buf = SCRATCH
        .with(|s| s.borrow_mut().as_mut().map(std::mem::take))
        .unwrap_or_default();
    buf.clear();
    let done = read(&mut buf);
    // `Drain` knows its length: the list is allocated once, exactly.
    // (`mem::take` would hand over the scratch list itself, with
    // the capacity of the largest indicator so far.)
    #[allow(clippy::drain_collect)]
    let out = done.map(|()| buf.drain(..).collect());
    buf.clear();
    SCRATCH.with(|s| {
        if let Some(kept) = s.borrow_mut().as_mut() {
            *kept = buf;
        }
    });
    out
}

/// The position in `measurements` (of an indicator owned by `owner`) of
/// the outcome for `period` at `org` (`None`: the owner); a measurement
/// without `org` is the owner's. Forecasts are not outcomes and are skipped.
pub(crate) fn measurement_position(
    measurements: &[Measurement],
    owner: &OrgId,
    org: Option<&str>,
    period: Period,
) -> Option<usize> {
    position_of_kind(measurements, owner, org, period, false)
}

/// As [`measurement_position`], for a forecast (`forecast` true) or an outcome.
fn position_of_kind(
    measurements: &[Measurement],
    owner: &OrgId,
    org: Option<&str>,
    period: Period,
    forecast: bool,
) -> Option<usize> {
    let at = org.unwrap_or(owner.as_str());
    measurements.iter().position(|m| {
        m.is_forecast() == forecast && m.period() == period && measured_at(m, owner, at)
    })
}

/// Whether `m` (of an indicator owned by `owner`) is the measurement at
/// org `at`: a measurement without `org` is the owner's.
fn measured_at(m: &Measurement, owner: &OrgId, at: &str) -> bool {
    m.org().unwrap_or(owner).as_str() == at
}

/// For each period, what [`measurement_position`] finds for it at `org`
/// (`None`: the owner), all at once: O(m) for m measurements, so a caller
/// looking up many periods need not scan the list for each. Forecasts are
/// not outcomes and are skipped.
pub(crate) fn measurement_positions(
    measurements: &[Measurement],
    owner: &OrgId,
    org: Option<&str>,
) -> std::collections::HashMap<Period, usize> {
    let at = org.unwrap_or(owner.as_str());
    let mut out = std::collections::HashMap::new();
    for (k, m) in measurements.iter().enumerate() {
        if !m.is_forecast() && measured_at(m, owner, at) {
            out.entry(m.period()).or_insert(k);
        }
    }
    out
}

/// The runs of `measurements` that name one org, in order: each run's org
/// (`None`: the indicator's owner, unnamed) and its range of positions.
/// The measurements of one org mostly come together, so validation and
/// compile look an org up once per run rather than once per measurement.
/// An org may still have several runs (also `None` and the owner named).
pub(crate) fn org_runs(
    measurements: &[Measurement],
) -> impl Iterator<Item = (Option<&OrgId>, std::ops::Range<usize>)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = measurements.get(start)?.org();
        let end = measurements[start..]
            .iter()
            .position(|x| x.org() != first)
            .map_or(measurements.len(), |n| start + n);
        let run = start..end;
        start = end;
        Some((first, run))
    })
}

impl Indicator {
    /// The position in `measurements` of the outcome (not a forecast) for
    /// `period` at `org`. `None` for `org` means the owner, and a
    /// measurement without `org` is the owner's, so both spellings find
    /// each other.
    pub fn measurement_index(&self, org: Option<&str>, period: Period) -> Option<usize> {
        measurement_position(&self.measurements, &self.owner, org, period)
    }

    /// Sets `m` as the measurement for its period and org, replacing the one
    /// already there (found as by [`Indicator::measurement_index`], keeping
    /// how that one spelt its org), which is returned.
    ///
    /// ```
    /// use styrkort::{Decimal, Measurement, Model};
    /// let mut m = Model::from_json(r#"{"format": "styrkort/1", "indicators": [{"id": "nmi",
    ///   "name": "NMI", "owner": "kf", "measurements": [{"period": "2025", "value": "60"}]}]}"#)?;
    /// let ind = &mut m.indicators[0];
    /// let old = ind.set_measurement(Measurement::new("2025".parse()?, Some("kf".into()), Decimal::from(61)));
    /// assert_eq!(old.map(|o| o.value), Some(Decimal::from(60)));
    /// assert_eq!(ind.measurements.len(), 1);
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    ///
    /// A forecast ([`Measurement::is_forecast`]) replaces the forecast for its period and
    /// org, never the outcome: both may be held.
    pub fn set_measurement(&mut self, m: Measurement) -> Option<Measurement> {
        let at = position_of_kind(
            &self.measurements,
            &self.owner,
            m.org().map(OrgId::as_str),
            m.period(),
            m.is_forecast(),
        );
        if let Some(k) = at {
            // Replaced in place: the stored spelling of the org (absent or
            // the owner's id) is kept, so the model's JSON changes only in
            // the values.
            let mut m = m;
            m.set_org(self.measurements[k].org().cloned());
            Some(std::mem::replace(&mut self.measurements[k], m))
        } else {
            self.measurements.push(m);
            None
        }
    }

    /// Removes the outcome for `period` at `org` (`None`: the owner) and returns it.
    pub fn remove_measurement(&mut self, org: Option<&str>, period: Period) -> Option<Measurement> {
        self.measurement_index(org, period)
            .map(|k| self.measurements.remove(k))
    }
}

/// Where an indicator's figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A Kolada key figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kolada: Option<KoladaSource>,
}

/// A key figure in Kolada: a KPI id with a municipality code or an
/// organisational unit (OU) id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KoladaSource {
    /// KPI id, e.g. `N00945`.
    pub kpi: String,
    /// Municipality code, e.g. `0114`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// Organisational unit id, e.g. `V15E144001301`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ou: Option<String>,
}

/// Whether a target is a fixed value or asks for improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A fixed target value (the default).
    #[default]
    Value,
    /// Better than the same period one year earlier.
    Improve,
    /// The rank among comparable municipalities (*Kommunens Kvalitet i
    /// Korthet*): fulfilled among the best `best_share` of the group,
    /// not fulfilled among the worst `worst_share`, partly in between.
    /// Judged only with comparison data
    /// ([`crate::EvalOptions::comparison`]), at the indicator's owner, in
    /// year periods; without it the status is `not_assessed`.
    Rank,
}

/// A target (*målvärde*) for a period, for every org or for one org and its subtree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The period it applies to (and, by inheritance, the periods within it).
    pub period: Period,
    /// The org (and its subtree); `None` applies to every org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<OrgId>,
    /// `value` (default) or `improve`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: TargetKind,
    /// The target value; required for `kind: value`.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub value: Option<Decimal>,
    /// The warning level (the edge of the partly band), overriding `partly_at`.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub warning: Option<Decimal>,
    /// For `kind: improve`: the smallest change against the value one year
    /// earlier that fulfils the target, in the indicator's unit (e.g. `"2"`
    /// percentage points); a change the right way but smaller is partly
    /// fulfilled (*önskvärd förändring gentemot föregående värde*).
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub change: Option<Decimal>,
    /// For `kind: improve`: the smallest change as a share of the value one
    /// year earlier (`"0.05"`: 5 % of it), instead of `change`.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub change_share: Option<Decimal>,
    /// The last period of a multi-year target (*målvärde för planperioden*):
    /// the target is in force from `period` to `valid_to`, in every period of
    /// `period`'s kind between them (and, by inheritance, the periods within
    /// those). `{"period": "2024", "valid_to": "2027", "value": "85"}` is 85
    /// for each of 2024–2027. An entry written for a period itself wins.
    /// `None`: `period` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Period>,
    /// For `kind: rank`: the share of the comparison group counted as the
    /// best (green), in (0, 1); default 0.25.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub best_share: Option<Decimal>,
    /// For `kind: rank`: the share counted as the worst (red), in (0, 1);
    /// default 0.25. `best_share + worst_share` is at most 1.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub worst_share: Option<Decimal>,
}

impl Target {
    /// What is wrong with the target's `best_share` / `worst_share`, if
    /// anything: given on a target that is not `rank`, a share outside
    /// (0, 1), or shares adding up to more than 1.
    pub fn share_problem(&self) -> Option<String> {
        let given = self.best_share.is_some() || self.worst_share.is_some();
        if self.kind != TargetKind::Rank {
            return given.then(|| "best_share and worst_share belong to rank targets".into());
        }
        let (b, w) = (
            self.best_share.unwrap_or(DEFAULT_RANK_SHARE),
            self.worst_share.unwrap_or(DEFAULT_RANK_SHARE),
        );
        for (name, v) in [("best_share", b), ("worst_share", w)] {
            if v <= Decimal::ZERO || v >= Decimal::ONE {
                return Some(format!(
                    "{name} is {v}; it must be greater than 0 and less than 1"
                ));
            }
        }
        (b + w > Decimal::ONE)
            .then(|| format!("best_share {b} and worst_share {w} add up to more than 1"))
    }
}

/// The default `best_share` and `worst_share` of a rank target: quartiles,
/// as *Kommunens Kvalitet i Korthet* colours them.
pub const DEFAULT_RANK_SHARE: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// Judging a goal on its action plans' activities while its indicators have
/// no outcome yet (*bedömning utifrån genomförda aktiviteter*).
///
/// The measure is the mean completion of the non-cancelled activities of
/// every plan that lists the goal: a completed activity counts 1, any other
/// its `progress` / 100 (0 when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityJudgement {
    /// Completion at or above which the goal is fulfilled, in [0, 1]; default 1 (all done).
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub fulfilled_at: Option<Decimal>,
    /// Completion at or above which the goal is partly fulfilled, in [0, 1]; default 0.5.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub partly_at: Option<Decimal>,
}

impl ActivityJudgement {
    /// The fulfilled threshold, default applied.
    pub fn fulfilled_at(&self) -> Decimal {
        self.fulfilled_at.unwrap_or(Decimal::ONE)
    }

    /// The partly threshold, default applied.
    pub fn partly_at(&self) -> Decimal {
        self.partly_at
            .unwrap_or(Decimal::from_parts(5, 0, 0, false, 1))
    }
}

/// A measurement (*utfall*) of an indicator for a period at an org.
///
/// In JSON: `{"period": "2025", "org": "skola-a", "value": "60",
/// "women": "61", "men": "59"}` (`org`, `women` and `men` optional);
/// `"forecast": true` marks a forecast (*prognos*, e.g. the full-year
/// forecast entered in August) rather than an outcome (*utfall*).
///
/// A loaded national model holds millions of measurements, so one takes
/// 32 bytes (a test keeps the size): the value (16) and, in 16 more, the
/// period, the org and the rest, read through [`Measurement::period`],
/// [`Measurement::org`], [`Measurement::women`], [`Measurement::men`] and
/// [`Measurement::is_forecast`].
///
/// ```
/// use styrkort::{Decimal, Measurement};
/// let m = Measurement::new("2025".parse()?, None, Decimal::from(60))
///     .with_gender(Some(Decimal::from(61)), Some(Decimal::from(59)));
/// assert_eq!(m.women(), Some(Decimal::from(61)));
/// assert_eq!((m.period().to_string(), m.org()), ("2025".to_string(), None));
/// # Ok::<(), styrkort::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(from = "RawMeasurement", into = "RawMeasurement")]
pub struct Measurement {
    /// The value (total, Kolada gender `T`).
    pub value: Decimal,
    /// The period, the org, the flags and the women/men split.
    at: At,
}

/// The period, the org and the rare parts of a [`Measurement`], in 16
/// bytes and safe Rust: a tag, the flags and the 4-byte period share the
/// first eight bytes, and one pointer follows: the org's (a thin shared
/// pointer, see [`OrgId`]) or, for the few measurements with a women/men
/// split, a box holding the split and the org.
///
/// Exactly one shape holds each measurement ([`At::Split`] if and only if
/// [`At::WOMEN`] or [`At::MEN`] is set; otherwise [`At::Org`] if and only
/// if an org is named), so the derived equality compares contents.
#[derive(Clone, PartialEq)]
enum At {
    /// At the indicator's owner (no org named), without a split.
    Owner {
        /// The period measured.
        period: Period,
        /// [`At::FORECAST`] (never [`At::WOMEN`] or [`At::MEN`]).
        flags: u8,
    },
    /// At a named org, without a split.
    Org {
        /// The period measured.
        period: Period,
        /// [`At::FORECAST`] (never [`At::WOMEN`] or [`At::MEN`]).
        flags: u8,
        /// The org measured.
        org: OrgId,
    },
    /// With a women/men split (and the org, if named) in a box.
    Split {
        /// The period measured.
        period: Period,
        /// [`At::WOMEN`], [`At::MEN`] (at least one), [`At::FORECAST`].
        flags: u8,
        /// The split and the org.
        split: Box<Split>,
    },
}

/// The boxed part of a [`Measurement`] with a women/men split: 40 bytes,
/// which the allocator serves from 48-byte chunks (863,334 of them in the
/// generated national model). An absent value is stored as zero (the flags
/// in [`At::Split`] say which are given), so the derived equality holds.
#[derive(Clone, PartialEq)]
struct Split {
    /// The org measured; `None` means the indicator's owner.
    org: Option<OrgId>,
    /// The value for women, when [`At::WOMEN`] is set.
    women: Decimal,
    /// The value for men, when [`At::MEN`] is set.
    men: Decimal,
}

impl At {
    /// A value for women is given.
    const WOMEN: u8 = 1;
    /// A value for men is given.
    const MEN: u8 = 2;
    /// A forecast rather than an outcome.
    const FORECAST: u8 = 4;

    /// Without a split: at `org` or (`None`) the owner.
    fn plain(period: Period, flags: u8, org: Option<OrgId>) -> Self {
        match org {
            None => Self::Owner { period, flags },
            Some(org) => Self::Org { period, flags, org },
        }
    }

    fn period(&self) -> Period {
        match self {
            Self::Owner { period, .. } | Self::Org { period, .. } | Self::Split { period, .. } => {
                *period
            }
        }
    }

    fn flags(&self) -> u8 {
        match self {
            Self::Owner { flags, .. } | Self::Org { flags, .. } | Self::Split { flags, .. } => {
                *flags
            }
        }
    }

    fn period_and_flags_mut(&mut self) -> (&mut Period, &mut u8) {
        match self {
            Self::Owner { period, flags }
            | Self::Org { period, flags, .. }
            | Self::Split { period, flags, .. } => (period, flags),
        }
    }

    fn org(&self) -> Option<&OrgId> {
        match self {
            Self::Owner { .. } => None,
            Self::Org { org, .. } => Some(org),
            Self::Split { split, .. } => split.org.as_ref(),
        }
    }

    /// The org, taken out: this leaves a placeholder to be overwritten.
    fn take_org(&mut self) -> Option<OrgId> {
        let (period, flags) = (self.period(), self.flags());
        match std::mem::replace(self, Self::Owner { period, flags }) {
            Self::Owner { .. } => None,
            Self::Org { org, .. } => Some(org),
            Self::Split { split, .. } => split.org,
        }
    }
}

impl Measurement {
    /// A measurement (an outcome) without a women/men split.
    pub fn new(period: Period, org: Option<OrgId>, value: Decimal) -> Self {
        Self {
            value,
            at: At::plain(period, 0, org),
        }
    }

    /// The period measured.
    pub fn period(&self) -> Period {
        self.at.period()
    }

    /// Sets the period measured.
    pub fn set_period(&mut self, period: Period) {
        *self.at.period_and_flags_mut().0 = period;
    }

    /// The org measured; `None` means the indicator's owner.
    pub fn org(&self) -> Option<&OrgId> {
        self.at.org()
    }

    /// Sets the org measured (`None`: the indicator's owner).
    pub fn set_org(&mut self, org: Option<OrgId>) {
        match &mut self.at {
            At::Split { split, .. } => split.org = org,
            at => *at = At::plain(at.period(), at.flags(), org),
        }
    }

    /// This measurement marked as a forecast (*prognos*).
    #[must_use]
    pub fn as_forecast(mut self) -> Self {
        self.set_forecast(true);
        self
    }

    /// Marks this measurement as a forecast (*prognos*, `true`) or an
    /// outcome (*utfall*, `false`).
    pub fn set_forecast(&mut self, forecast: bool) {
        let flags = self.at.period_and_flags_mut().1;
        if forecast {
            *flags |= At::FORECAST;
        } else {
            *flags &= !At::FORECAST;
        }
    }

    /// Whether this is a forecast (*prognos*) of the period's value rather
    /// than its outcome (*utfall*). An outcome always wins over a forecast;
    /// the engine uses a forecast only for the value of the period
    /// evaluated, where no outcome exists, and marks what rests on it.
    pub fn is_forecast(&self) -> bool {
        self.at.flags() & At::FORECAST != 0
    }

    /// This measurement with the given values for women and men (`None`
    /// for both: no split).
    #[must_use]
    pub fn with_gender(mut self, women: Option<Decimal>, men: Option<Decimal>) -> Self {
        self.set_gender(women, men);
        self
    }

    /// Sets the values for women and men (`None` for both: no split).
    pub fn set_gender(&mut self, women: Option<Decimal>, men: Option<Decimal>) {
        let period = self.at.period();
        let mut flags = self.at.flags() & At::FORECAST;
        if women.is_some() {
            flags |= At::WOMEN;
        }
        if men.is_some() {
            flags |= At::MEN;
        }
        if flags & (At::WOMEN | At::MEN) == 0 {
            if matches!(self.at, At::Split { .. }) {
                let org = self.at.take_org();
                self.at = At::plain(period, flags, org);
            }
            return;
        }
        let (women, men) = (women.unwrap_or_default(), men.unwrap_or_default());
        if let At::Split {
            flags: f, split, ..
        } = &mut self.at
        {
            *f = flags;
            split.women = women;
            split.men = men;
        } else {
            let org = self.at.take_org();
            self.at = At::Split {
                period,
                flags,
                split: Box::new(Split { org, women, men }),
            };
        }
    }

    /// The value for women (Kolada gender `K`), if given.
    pub fn women(&self) -> Option<Decimal> {
        match &self.at {
            At::Split { flags, split, .. } if flags & At::WOMEN != 0 => Some(split.women),
            _ => None,
        }
    }

    /// The value for men (Kolada gender `M`), if given.
    pub fn men(&self) -> Option<Decimal> {
        match &self.at {
            At::Split { flags, split, .. } if flags & At::MEN != 0 => Some(split.men),
            _ => None,
        }
    }
}

/// Shows the parts (period, org, value, split, flag), not the packed shape.
#[allow(clippy::missing_fields_in_debug)] // `at` is shown through its parts
impl std::fmt::Debug for Measurement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Measurement")
            .field("period", &self.period())
            .field("org", &self.org())
            .field("value", &self.value)
            .field("women", &self.women())
            .field("men", &self.men())
            .field("forecast", &self.is_forecast())
            .finish()
    }
}

/// The JSON shape of a [`Measurement`].
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawMeasurement {
    period: Period,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org: Option<OrgId>,
    #[serde(with = "json::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    value: Decimal,
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    women: Option<Decimal>,
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    men: Option<Decimal>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    forecast: bool,
}

impl From<RawMeasurement> for Measurement {
    fn from(r: RawMeasurement) -> Self {
        let mut m = Self::new(r.period, r.org, r.value).with_gender(r.women, r.men);
        if r.forecast {
            m.set_forecast(true);
        }
        m
    }
}

impl From<Measurement> for RawMeasurement {
    fn from(mut m: Measurement) -> Self {
        Self {
            women: m.women(),
            men: m.men(),
            forecast: m.is_forecast(),
            period: m.period(),
            org: m.at.take_org(),
            value: m.value,
        }
    }
}

/// An action plan (*handlingsplan*) of an org, for one or more goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// Unique plan id.
    pub id: PlanId,
    /// What the plan is about.
    pub title: String,
    /// The org whose plan it is.
    pub owner: OrgId,
    /// The goals it works towards.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub goals: Vec<GoalId>,
    /// Tags such as `environment` and `quality`.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// The activities (*aktiviteter*).
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub activities: Vec<Activity>,
}

/// The state of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Not started (*ej påbörjad*), the default.
    #[default]
    NotStarted,
    /// Ongoing (*pågående*).
    Ongoing,
    /// Completed (*avslutad*): counts as 100 % progress.
    Completed,
    /// Paused (*pausad*).
    Paused,
    /// Cancelled (*avbruten*): left out of plan progress, never overdue.
    Cancelled,
}

impl ActivityStatus {
    /// All five in order.
    pub const ALL: [ActivityStatus; 5] = [
        Self::NotStarted,
        Self::Ongoing,
        Self::Completed,
        Self::Paused,
        Self::Cancelled,
    ];

    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Ongoing => "ongoing",
            Self::Completed => "completed",
            Self::Paused => "paused",
            Self::Cancelled => "cancelled",
        }
    }
}

/// One activity (*aktivitet*) of an action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Unique activity id (unique across the model).
    pub id: ActivityId,
    /// What is to be done.
    pub title: String,
    /// The org responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<OrgId>,
    /// Planned start.
    #[serde(
        default,
        with = "json::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub start: Option<NaiveDate>,
    /// Due date; after it the activity is overdue unless completed or cancelled.
    #[serde(
        default,
        with = "json::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub due: Option<NaiveDate>,
    /// Its state (default `not_started`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: ActivityStatus,
    /// Progress in percent, 0–100.
    #[serde(
        default,
        with = "json::opt_dec",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub progress: Option<Decimal>,
}

/// The state of an assignment (*uppdrag*) in a status report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Not started (*ej påbörjat*): the status until a report says otherwise.
    #[default]
    NotStarted,
    /// Ongoing (*pågående*).
    Ongoing,
    /// Done (*genomfört*, *slutfört*).
    Done,
    /// Cancelled (*avbrutet*, *upphävt*): never overdue.
    Cancelled,
}

impl AssignmentStatus {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Ongoing => "ongoing",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the assignment is closed (done or cancelled).
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Cancelled)
    }
}

/// An assignment (*uppdrag*) the council or a board gives an org, e.g.
/// *"Kommunfullmäktige uppdrar åt utbildningsnämnden att ta fram en plan för
/// minskad frånvaro"*, with the decision date, the due date and the
/// assignee's status reports per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Unique assignment id.
    pub id: AssignmentId,
    /// What is assigned.
    pub title: String,
    /// The org that gives the assignment (usually the council or a board).
    pub assigned_by: OrgId,
    /// The org that carries it out.
    pub assigned_to: OrgId,
    /// The decision date (*beslutsdatum*); the assignment is listed from
    /// the period in which it falls. `None`: listed in every period.
    #[serde(
        default,
        with = "json::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub decided: Option<NaiveDate>,
    /// The due date (*ska redovisas senast*); after it the assignment is
    /// overdue unless done or cancelled.
    #[serde(
        default,
        with = "json::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::DateText>"))]
    pub due: Option<NaiveDate>,
    /// Status reports (*återrapportering*), at most one per period.
    #[serde(
        default,
        deserialize_with = "de_shrunk",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub reports: Vec<AssignmentReport>,
}

/// The assignee's report on an assignment for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentReport {
    /// The period reported on.
    pub period: Period,
    /// The state at the end of the period.
    pub status: AssignmentStatus,
    /// The assignee's comment (*kommentar*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measurement_takes_32_bytes() {
        // Millions of them make up most of a loaded model (issue 12).
        assert_eq!(std::mem::size_of::<Option<OrgId>>(), 8);
        assert_eq!(std::mem::size_of::<Period>(), 4);
        assert_eq!(std::mem::size_of::<Option<Period>>(), 4);
        assert_eq!(std::mem::size_of::<At>(), 16);
        assert_eq!(std::mem::size_of::<Measurement>(), 32);
        assert_eq!(std::mem::size_of::<Split>(), 40);
    }

    #[test]
    fn the_split_is_boxed_only_when_set() {
        let p: Period = "2025".parse().expect("a period");
        let m = Measurement::new(p, None, Decimal::ONE);
        assert!(matches!(m.at, At::Owner { .. }) && !m.is_forecast());
        let mut f = m
            .clone()
            .as_forecast()
            .with_gender(Some(Decimal::TWO), None);
        assert!(f.is_forecast());
        assert_eq!((f.women(), f.men()), (Some(Decimal::TWO), None));
        let zero = m.clone().with_gender(Some(Decimal::ZERO), None);
        assert_eq!((zero.women(), zero.men()), (Some(Decimal::ZERO), None));
        assert_ne!(zero, m);
        f.set_gender(None, None);
        assert!(matches!(f.at, At::Owner { .. }) && f.is_forecast());
        f.set_forecast(false);
        assert_eq!(f, m);
    }

    #[test]
    fn every_part_of_a_measurement_is_kept_through_every_change() {
        // Each shape (owner, org, split) to each other, with the period,
        // the org, the flags and the split read back after every step, and
        // equality always by content.
        let p: Period = "2025T2".parse().expect("a period");
        let q: Period = "2024-03".parse().expect("a period");
        let org = |s: &str| Some(OrgId::from(s));
        let (one, two, three) = (Decimal::ONE, Decimal::TWO, Decimal::from(3));
        let check = |m: &Measurement,
                     period: Period,
                     at: Option<&str>,
                     women: Option<Decimal>,
                     men: Option<Decimal>,
                     forecast: bool| {
            assert_eq!(m.period(), period);
            assert_eq!(m.org().map(OrgId::as_str), at);
            assert_eq!((m.women(), m.men()), (women, men));
            assert_eq!(m.is_forecast(), forecast);
            assert_eq!(
                matches!(m.at, At::Split { .. }),
                women.is_some() || men.is_some()
            );
            assert_eq!(
                matches!(m.at, At::Org { .. }),
                at.is_some() && !matches!(m.at, At::Split { .. })
            );
            // The same contents built afresh are equal, and survive JSON.
            let mut fresh =
                Measurement::new(period, at.map(OrgId::from), m.value).with_gender(women, men);
            fresh.set_forecast(forecast);
            assert_eq!(&fresh, m);
            let json = serde_json::to_string(m).expect("json");
            let back: Measurement = serde_json::from_str(&json).expect("read back");
            assert_eq!(&back, m);
            assert_eq!(format!("{back:?}"), format!("{m:?}"));
        };
        let mut m = Measurement::new(p, org("a"), one);
        check(&m, p, Some("a"), None, None, false);
        m.set_forecast(true);
        check(&m, p, Some("a"), None, None, true);
        m.set_gender(None, Some(two));
        check(&m, p, Some("a"), None, Some(two), true);
        m.set_org(None);
        check(&m, p, None, None, Some(two), true);
        m.set_period(q);
        check(&m, q, None, None, Some(two), true);
        m.set_org(org("b"));
        m.set_gender(Some(three), Some(one));
        check(&m, q, Some("b"), Some(three), Some(one), true);
        m.set_forecast(false);
        check(&m, q, Some("b"), Some(three), Some(one), false);
        m.set_gender(None, None);
        check(&m, q, Some("b"), None, None, false);
        m.set_org(None);
        check(&m, q, None, None, None, false);
        m.set_org(org("c"));
        m.set_period(p);
        check(&m, p, Some("c"), None, None, false);
        m = m.with_gender(Some(one), None).as_forecast();
        check(&m, p, Some("c"), Some(one), None, true);
        m.set_gender(None, None);
        check(&m, p, Some("c"), None, None, true);
        assert_ne!(m, Measurement::new(p, org("c"), one));
        assert_ne!(m, Measurement::new(p, None, one).as_forecast());
        assert_eq!(m, Measurement::new(p, org("c"), one).as_forecast());
    }

    #[test]
    fn measurements_are_read_into_lists_of_their_size() {
        let m = Model::from_json(
            r#"{"format": "styrkort/1", "indicators": [
              {"id": "a", "name": "A", "owner": "kf", "measurements": [
                {"period": "2023", "value": "1"}, {"period": "2024", "value": "2"},
                {"period": "2025", "value": "3", "forecast": true}]},
              {"id": "b", "name": "B", "owner": "kf", "measurements": [
                {"period": "2025", "org": "kf", "value": "4", "women": "5"}]}]}"#,
        )
        .expect("a model");
        let [a, b] = &m.indicators[..] else {
            panic!("two indicators")
        };
        assert_eq!((a.measurements.len(), a.measurements.capacity()), (3, 3));
        assert_eq!((b.measurements.len(), b.measurements.capacity()), (1, 1));
        assert!(a.measurements[2].is_forecast());
        assert_eq!(b.measurements[0].women(), Some(Decimal::from(5)));
        assert_eq!(b.measurements[0].value, Decimal::from(4));
        // The scratch list is gone with the read.
        assert!(SCRATCH.with(|s| s.borrow().is_none()));
    }
}

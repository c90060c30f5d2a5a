//! Many periods' statuses as columns (*utfallstabell*): the compact form
//! of a series — every month, tertial and the year of a follow-up — for
//! trend tables, sparklines and data frames.
//!
//! A [`SeriesTable`] holds, for each period asked, one row per reported
//! indicator-org result and one row per reported goal, in the evaluation's
//! order (by id), with the columns a trend table reads: value, target,
//! achievement, status, trend and arrow for indicators; status, computed
//! status, score and the manual and forecast marks for goals. Ids are
//! codes into dictionaries (the model's indicators, orgs and goals), so a
//! row holds no text and a data frame gets categorical columns for free.
//!
//! It is *defined* as the columns of the periods' evaluations:
//! [`SeriesTable::from_evaluations`] builds it that way, and
//! [`crate::Compiled::series_table`] — which never builds an
//! [`Evaluation`], only the values it reports — gives the same table
//! (tests compare the two on every conformance vector).
//!
//! ```
//! use std::sync::Arc;
//! use styrkort::{Model, Period, Status};
//! let model = Model::from_json(r#"{"format": "styrkort/1",
//!   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
//!   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
//!      "targets": [{"period": "2025", "value": "61"}],
//!      "measurements": [{"period": "2025-01", "value": "60"},
//!                       {"period": "2025-02", "value": "62"}]}]}"#)?;
//! let compiled = Arc::new(model.compile()?);
//! let months: Vec<Period> = vec!["2025-01".parse()?, "2025-02".parse()?];
//! let table = compiled.series_table(&months, &Default::default())?;
//! let rows = &table.indicators;
//! assert_eq!(rows.len(), 2);
//! assert_eq!(rows.status, [Status::NotFulfilled, Status::Fulfilled]);
//! assert_eq!(rows.value[1].unwrap().to_string(), "62");
//! assert_eq!(table.indicator_ids[rows.indicator[0] as usize].as_str(), "nmi");
//! # Ok::<(), styrkort::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use crate::compile::Compiled;
use crate::error::Error;
use crate::evaluation::{Evaluation, Trend};
use crate::ids::{GoalId, IndicatorId, OrgId};
use crate::perspective::Status;
use crate::Period;

/// The format tag of a series table document ([`SeriesTable::to_json`]).
pub const SERIES_TABLE_FORMAT: &str = "styrkort-series-table/1";

/// Many periods' indicator and goal statuses as columns (see the module
/// docs). *Utfallstabell*.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SeriesTable {
    /// The periods, in the order asked; each row names one.
    pub periods: Vec<Period>,
    /// The tag the rows are narrowed to, as for an evaluation.
    pub tag: Option<String>,
    /// What an indicator code names: every indicator of the model, in
    /// model order.
    pub indicator_ids: Vec<IndicatorId>,
    /// What an org code names: every org of the model, in model order.
    pub org_ids: Vec<OrgId>,
    /// What a goal code names: every goal of the model, in model order.
    pub goal_ids: Vec<GoalId>,
    /// One row per reported indicator-org result of each period.
    pub indicators: IndicatorRows,
    /// One row per reported goal of each period.
    pub goals: GoalRows,
}

/// The indicator rows of a [`SeriesTable`], column by column: row `k` is
/// the result of indicator `indicator[k]` at org `org[k]` in period
/// `period[k]`, the fields as in [`crate::IndicatorResult`]. Period by
/// period in the order asked, within one in the evaluation's order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct IndicatorRows {
    /// The period.
    pub period: Vec<Period>,
    /// The indicator's code ([`SeriesTable::indicator_ids`]).
    pub indicator: Vec<u32>,
    /// The org's code ([`SeriesTable::org_ids`]).
    pub org: Vec<u32>,
    /// The value (own, consolidated or a window mean).
    #[serde(serialize_with = "decimals")]
    pub value: Vec<Option<Decimal>>,
    /// Whether the value was consolidated from child orgs.
    pub consolidated: Vec<bool>,
    /// The target (for `improve`, the baseline or the level to reach).
    #[serde(serialize_with = "decimals")]
    pub target: Vec<Option<Decimal>>,
    /// *Måluppfyllelse*, 4 places.
    #[serde(serialize_with = "decimals")]
    pub achievement: Vec<Option<Decimal>>,
    /// The status.
    pub status: Vec<Status>,
    /// The trend against the previous period of the same kind.
    pub trend: Vec<Trend>,
    /// The scorecard's arrow (`settings.arrow`).
    pub arrow: Vec<Trend>,
    /// Whether the value rests on a forecast.
    pub forecast: Vec<bool>,
}

/// The goal rows of a [`SeriesTable`], column by column: row `k` is goal
/// `goal[k]` in period `period[k]`, the fields as in [`crate::GoalResult`].
/// Period by period in the order asked, within one by goal id.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GoalRows {
    /// The period.
    pub period: Vec<Period>,
    /// The goal's code ([`SeriesTable::goal_ids`]).
    pub goal: Vec<u32>,
    /// The final status.
    pub status: Vec<Status>,
    /// The status the rule computed (before a manual assessment).
    pub computed_status: Vec<Status>,
    /// The weighted score over the assessed items, 4 places.
    #[serde(serialize_with = "decimals")]
    pub score: Vec<Option<Decimal>>,
    /// Whether a manual assessment set the status.
    pub manual: Vec<bool>,
    /// Whether the status rests on a forecast.
    pub forecast: Vec<bool>,
}

impl IndicatorRows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.status.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }

    /// `n` rows of placeholders (`period`, zeros, `None`, no data), to be
    /// overwritten in place. When `parallel`, the wide decimal columns are
    /// filled on a second thread (the first touch of their pages is most
    /// of the time at scale; a small table is not worth a thread).
    pub(crate) fn filled(n: usize, period: Period, parallel: bool) -> Self {
        let wide = move || (vec![None; n], vec![None; n], vec![None; n]);
        let narrow = move || Self {
            period: vec![period; n],
            indicator: vec![0; n],
            org: vec![0; n],
            consolidated: vec![false; n],
            status: vec![Status::NoData; n],
            trend: vec![Trend::Unknown; n],
            arrow: vec![Trend::Unknown; n],
            forecast: vec![false; n],
            ..Self::default()
        };
        let ((value, target, achievement), narrow) = if parallel {
            std::thread::scope(|s| {
                let wide = s.spawn(wide);
                let here = narrow();
                (
                    wide.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    here,
                )
            })
        } else {
            (wide(), narrow())
        };
        Self {
            value,
            target,
            achievement,
            ..narrow
        }
    }
}

impl GoalRows {
    /// `n` rows of placeholders (`period`, zeros, not assessed), to be
    /// overwritten in place.
    pub(crate) fn filled(n: usize, period: Period) -> Self {
        Self {
            period: vec![period; n],
            goal: vec![0; n],
            status: vec![Status::NotAssessed; n],
            computed_status: vec![Status::NotAssessed; n],
            score: vec![None; n],
            manual: vec![false; n],
            forecast: vec![false; n],
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.status.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }
}

impl SeriesTable {
    /// An empty table over the dictionaries of `compiled`.
    pub(crate) fn empty(compiled: &Compiled, periods: &[Period], tag: Option<String>) -> Self {
        Self {
            periods: periods.to_vec(),
            tag,
            indicator_ids: compiled.indicators.iter().map(|i| i.id.clone()).collect(),
            org_ids: compiled.orgs.iter().map(|o| o.id.clone()).collect(),
            goal_ids: compiled.goals.iter().map(|g| g.id.clone()).collect(),
            indicators: IndicatorRows::default(),
            goals: GoalRows::default(),
        }
    }

    /// The table of `evaluations` of the model `compiled` (each one
    /// period, in order): the definition [`Compiled::series_table`] is
    /// held to. Fails when an evaluation names an id the model does not
    /// have (it is of another model).
    pub fn from_evaluations(
        compiled: &Compiled,
        evaluations: &[Evaluation],
    ) -> Result<Self, Error> {
        let periods: Vec<Period> = evaluations.iter().map(|e| e.period).collect();
        let tag = evaluations.first().and_then(|e| e.tag.clone());
        let mut t = Self::empty(compiled, &periods, tag);
        let code = |found: Option<&u32>, kind: &'static str, id: &str| {
            found.copied().ok_or_else(|| Error::unknown(kind, id))
        };
        for e in evaluations {
            let rows = &mut t.indicators;
            for r in &e.indicators {
                rows.period.push(e.period);
                rows.indicator.push(code(
                    compiled.ind_ix().get(r.indicator.as_str()),
                    "indicator",
                    r.indicator.as_str(),
                )?);
                rows.org.push(code(
                    compiled.org_ix().get(r.org.as_str()),
                    "org",
                    r.org.as_str(),
                )?);
                rows.value.push(r.value);
                rows.consolidated.push(r.consolidated);
                rows.target.push(r.target);
                rows.achievement.push(r.achievement);
                rows.status.push(r.status);
                rows.trend.push(r.trend);
                rows.arrow.push(r.arrow);
                rows.forecast.push(r.forecast);
            }
            let rows = &mut t.goals;
            for g in &e.goals {
                rows.period.push(e.period);
                rows.goal.push(code(
                    compiled.goal_ix().get(g.goal.as_str()),
                    "goal",
                    g.goal.as_str(),
                )?);
                rows.status.push(g.status);
                rows.computed_status.push(g.computed_status);
                rows.score.push(g.score);
                rows.manual.push(g.manual);
                rows.forecast.push(g.forecast);
            }
        }
        Ok(t)
    }

    /// The `styrkort-series-table/1` document: the dictionaries, then each
    /// column as an array (decimals as normalised strings, `null` when
    /// absent), so that a reader builds a frame column by column.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'a> {
            format: &'static str,
            #[serde(flatten)]
            table: &'a SeriesTable,
        }
        serde_json::to_string(&Doc {
            format: SERIES_TABLE_FORMAT,
            table: self,
        })
        .expect("a series table always serialises")
    }
}

/// A decimal column: normalised strings, `null` where absent.
#[allow(clippy::ref_option)]
fn decimals<S: Serializer>(column: &[Option<Decimal>], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(column.len()))?;
    for d in column {
        seq.serialize_element(&d.map(crate::json::normalised))?;
    }
    seq.end()
}

//! The history (*tidsserie*) of an indicator at an org: its value and status
//! over the periods of the same kind up to an evaluated one, for the
//! sparklines of a report and for anyone who wants a trend longer than
//! [`IndicatorResult::previous`](crate::IndicatorResult::previous).
//!
//! Every point is computed exactly as [`Model::evaluate`](crate::Model::evaluate)
//! would compute that indicator at that org for that period (own or
//! consolidated value, window mean, the target in force then), so a point
//! equals the indicator's result in an evaluation of its own period.
//!
//! ```
//! use styrkort::Model;
//! let m = Model::from_json(r#"{"format": "styrkort/1",
//!   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
//!   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
//!     "targets": [{"period": "2025", "value": 60}],
//!     "measurements": [{"period": "2024T3", "value": 58}, {"period": "2025T2", "value": 61}]}]}"#)?;
//! let e = m.evaluate(&"2025T2".parse()?)?;
//! let h = e.indicator_history("nmi", "kf", 3)?;
//! let shown: Vec<String> = h.points.iter()
//!     .map(|p| format!("{} {:?} {}", p.period, p.value.map(|v| v.to_string()), p.status))
//!     .collect();
//! assert_eq!(shown, [
//!     "2024T3 Some(\"58\") not_assessed", // no target for 2024
//!     "2025T1 None no_data",
//!     "2025T2 Some(\"61\") fulfilled",
//! ]);
//! # Ok::<(), styrkort::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::ids::{IndicatorId, OrgId};
use crate::perspective::Status;
use crate::Period;

/// The format tag of a history document ([`Evaluation::history_json`]).
pub const HISTORY_FORMAT: &str = "styrkort-history/1";

/// One period of an indicator's history at one org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryPoint {
    /// The period.
    pub period: Period,
    /// The value (own or consolidated, window applied); `None` when missing.
    #[serde(with = "crate::evaluation::opt_norm")]
    pub value: Option<Decimal>,
    /// The status against the target in force in that period.
    pub status: Status,
}

/// An indicator at an org over consecutive periods of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorHistory {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The org.
    pub org: OrgId,
    /// Oldest first, ending with the evaluated period; consecutive periods
    /// of the evaluated period's kind. Fewer than asked only where the
    /// calendar starts (before year 1000).
    pub points: Vec<HistoryPoint>,
}

impl IndicatorHistory {
    /// The points that have a value.
    pub fn with_values(&self) -> impl Iterator<Item = &HistoryPoint> {
        self.points.iter().filter(|p| p.value.is_some())
    }
}

/// The `n` periods of `period`'s kind ending with `period`, oldest first.
pub fn periods_ending(period: Period, n: usize) -> Vec<Period> {
    let mut out = Vec::with_capacity(n);
    let mut at = Some(period);
    while out.len() < n {
        let Some(p) = at else { break };
        out.push(p);
        at = p.checked_previous();
    }
    out.reverse();
    out
}

impl Evaluation {
    /// The history of `indicator` at `org` over the `n` periods of the
    /// evaluated period's kind ending with it (`n = 6` for 2025T2: 2023T3
    /// … 2025T2). Fails with [`Error::UnknownId`] for an unknown id.
    pub fn indicator_history(
        &self,
        indicator: &str,
        org: &str,
        n: usize,
    ) -> Result<IndicatorHistory, Error> {
        let mut one = self.histories(&[(indicator, org)], n)?;
        Ok(one.pop().expect("one history per pair"))
    }

    /// The histories of many (indicator, org) pairs at once, in the order
    /// given; faster than one [`Evaluation::indicator_history`] each, as
    /// consolidated values are computed once for all of them.
    pub fn histories(
        &self,
        pairs: &[(&str, &str)],
        n: usize,
    ) -> Result<Vec<IndicatorHistory>, Error> {
        let periods = periods_ending(self.period, n);
        let series = self.compiled.indicator_series(pairs, &periods)?;
        Ok(pairs
            .iter()
            .zip(series)
            .map(|(&(indicator, org), results)| {
                let (mut ind, mut at) = (None, None);
                let points = periods
                    .iter()
                    .zip(results)
                    .map(|(&period, r)| {
                        ind.get_or_insert(r.indicator);
                        at.get_or_insert(r.org);
                        HistoryPoint {
                            period,
                            value: r.value,
                            status: r.status,
                        }
                    })
                    .collect();
                IndicatorHistory {
                    // The core's shared ids when there is a point; n = 0 has none.
                    indicator: ind.unwrap_or_else(|| IndicatorId::from(indicator)),
                    org: at.unwrap_or_else(|| OrgId::from(org)),
                    points,
                }
            })
            .collect())
    }

    /// The history over `n` periods of every indicator result of the
    /// evaluation, in the order of [`Evaluation::indicators`].
    pub fn history(&self, n: usize) -> Result<Vec<IndicatorHistory>, Error> {
        let pairs: Vec<(&str, &str)> = self
            .indicators
            .iter()
            .map(|r| (r.indicator.as_str(), r.org.as_str()))
            .collect();
        self.histories(&pairs, n)
    }

    /// The `styrkort-history/1` document of [`Evaluation::history`]:
    /// pretty-printed like [`Evaluation::to_json`], no trailing newline.
    pub fn history_json(&self, n: usize) -> Result<String, Error> {
        struct Doc<'a> {
            period: Period,
            n: usize,
            history: &'a [IndicatorHistory],
        }
        impl Serialize for Doc<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("format", HISTORY_FORMAT)?;
                m.serialize_entry("period", &self.period)?;
                m.serialize_entry("points", &self.n)?;
                m.serialize_entry("history", self.history)?;
                m.end()
            }
        }
        let history = self.history(n)?;
        Ok(serde_json::to_string_pretty(&Doc {
            period: self.period,
            n,
            history: &history,
        })
        .expect("a history always serialises"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;

    fn p(s: &str) -> Period {
        s.parse().expect("a period")
    }

    #[test]
    fn periods_ending_counts_back_within_the_kind() {
        let got: Vec<String> = periods_ending(p("2025T1"), 4)
            .into_iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(got, ["2024T1", "2024T2", "2024T3", "2025T1"]);
        let got: Vec<String> = periods_ending(p("2025-02"), 3)
            .into_iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(got, ["2024-12", "2025-01", "2025-02"]);
        assert!(periods_ending(p("2025"), 0).is_empty());
        // The calendar starts at year 1000: only what exists is given.
        assert_eq!(periods_ending(p("1000"), 5).len(), 1);
    }

    /// Two units measured per tertial, consolidated as a mean at the board,
    /// a yearly target at the board, a lower-is-better direction.
    const MODEL: &str = r#"{"format": "styrkort/1",
      "organisation": [
        {"id": "bn", "name": "Nämnd", "kind": "board"},
        {"id": "u1", "name": "Enhet 1", "kind": "unit", "parent": "bn"},
        {"id": "u2", "name": "Enhet 2", "kind": "unit", "parent": "bn"}],
      "indicators": [{"id": "sjuk", "name": "Sjukfrånvaro", "owner": "bn", "unit": "%",
        "direction": "lower_is_better", "consolidation": "mean",
        "targets": [{"period": "2025", "value": 6, "warning": 7}],
        "measurements": [
          {"period": "2024T3", "org": "u1", "value": 8},
          {"period": "2025T1", "org": "u1", "value": 7},
          {"period": "2025T1", "org": "u2", "value": 6},
          {"period": "2025T2", "org": "u1", "value": 5},
          {"period": "2025T2", "org": "u2", "value": 6.5}]}],
      "goals": [{"id": "bn-1", "title": "Frisk personal", "level": "board",
        "perspective": "medarbetare", "owner": "bn", "indicators": [{"indicator": "sjuk"}]}]}"#;

    #[test]
    fn history_consolidates_and_judges_each_period_by_its_own_target() {
        let m = Model::from_json(MODEL).expect("model");
        let e = m.evaluate(&p("2025T2")).expect("evaluation");
        let h = e.indicator_history("sjuk", "bn", 4).expect("history");
        let got: Vec<(String, Option<String>, Status)> = h
            .points
            .iter()
            .map(|q| {
                (
                    q.period.to_string(),
                    q.value.map(|v| v.normalize().to_string()),
                    q.status,
                )
            })
            .collect();
        // 2024T2: nothing measured. 2024T3: only u1 (8), mean of one = 8,
        // no target for 2024 → not assessed. 2025T1: (7+6)/2 = 6.5, between
        // target 6 and warning 7 → partly. 2025T2: (5+6.5)/2 = 5.75 ≤ 6 →
        // fulfilled.
        assert_eq!(
            got,
            [
                ("2024T2".to_string(), None, Status::NoData),
                (
                    "2024T3".to_string(),
                    Some("8".to_string()),
                    Status::NotAssessed
                ),
                (
                    "2025T1".to_string(),
                    Some("6.5".to_string()),
                    Status::PartlyFulfilled
                ),
                (
                    "2025T2".to_string(),
                    Some("5.75".to_string()),
                    Status::Fulfilled
                ),
            ]
        );
        assert_eq!(h.with_values().count(), 3);
        // Many at once give the same as one by one.
        let both = e
            .histories(&[("sjuk", "u1"), ("sjuk", "bn")], 4)
            .expect("histories");
        assert_eq!(both[1], h);
        assert_eq!(
            both[0],
            e.indicator_history("sjuk", "u1", 4).expect("history")
        );
        assert!(e.histories(&[], 4).expect("none").is_empty());
        // The last point is the evaluation's own result.
        let now = e.indicator("sjuk", "bn").expect("reported");
        let last = h.points.last().expect("points");
        assert_eq!((last.value, last.status), (now.value, now.status));
        // A unit's own series.
        let u1 = e.indicator_history("sjuk", "u1", 2).expect("history");
        let vals: Vec<Option<String>> = u1
            .points
            .iter()
            .map(|q| q.value.map(|v| v.to_string()))
            .collect();
        assert_eq!(vals, [Some("7".to_string()), Some("5".to_string())]);
    }

    #[test]
    fn unknown_ids_are_named() {
        let m = Model::from_json(MODEL).expect("model");
        let e = m.evaluate(&p("2025T2")).expect("evaluation");
        let err = e.indicator_history("nope", "bn", 3).unwrap_err();
        assert_eq!(err.to_string(), "unknown indicator id \"nope\"");
        let err = e.indicator_history("sjuk", "x", 3).unwrap_err();
        assert_eq!(err.to_string(), "unknown org id \"x\"");
    }

    #[test]
    fn history_json_lists_every_reported_pair() {
        let m = Model::from_json(MODEL).expect("model");
        let e = m.evaluate(&p("2025T2")).expect("evaluation");
        let all = e.history(2).expect("history");
        let pairs: Vec<(&str, &str)> = all
            .iter()
            .map(|h| (h.indicator.as_str(), h.org.as_str()))
            .collect();
        assert_eq!(pairs, [("sjuk", "bn"), ("sjuk", "u1"), ("sjuk", "u2")]);
        let json = e.history_json(2).expect("json");
        assert!(json.starts_with(
            "{\n  \"format\": \"styrkort-history/1\",\n  \"period\": \"2025T2\",\n  \"points\": 2,"
        ));
        assert!(json.contains("\"value\": \"5.75\""));
    }
}

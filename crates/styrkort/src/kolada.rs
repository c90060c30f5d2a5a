//! Kolada: public key figures (*nyckeltal*) as a first-class source.
//!
//! [Kolada](https://www.kolada.se) is the national database of municipal key
//! figures. Its API v3 (`https://api.kolada.se/v3`) answers with a paging
//! envelope `{count, next_url, previous_url, values}`. This module is pure:
//! it parses payloads a caller fetched (the Python package has a fetcher,
//! `styrkort.kolada`), applies them to a [`Model`], builds indicator
//! definitions from KPI metadata and compares a municipality with a group
//! of municipalities (*jämförelsekommuner*). Nothing here does I/O.
//!
//! # Parsing
//! [`parse_data`] reads one data page (or a bare JSON array of rows):
//! rows `{kpi, municipality | ou, period, values: [{gender, value, count,
//! status, isdeleted?}], isdeleted?}`.
//! * Values are exact [`Decimal`]s, read from the JSON text (`74.1` stays
//!   `74.1`); a decimal string (`"74.1"`) is accepted too.
//! * `null` (or an absent `value`) is *missing*, never zero.
//! * A row with `isdeleted: true` is dropped, and so is a value with
//!   `isdeleted: true` (`true`/`false`, `1`/`0` and `null` are accepted).
//! * `period` is a year, as a number (`2024`) or a string (`"2024"`).
//! * Unknown fields are ignored: Kolada adds fields.
//! * A malformed required field (a missing `kpi`, a `period` that is not a
//!   year, an unknown `gender`, a value that is not a number, a row with
//!   neither `municipality` nor `ou`, a gender twice in one row) is an
//!   [`Error::Json`] whose path names the row, e.g. `values[1].values[0].value`,
//!   and whose message begins `invalid Kolada data page JSON` (`invalid
//!   Kolada KPI page JSON` for [`parse_kpis`]): the page is no model.
//! * A UTF-8 byte-order mark at the start of a page is skipped, as for a model.
//!
//! [`parse_kpis`] reads KPI metadata the same way.
//!
//! # Applying
//! [`Model::apply_kolada`] writes year measurements into every indicator
//! whose `source.kolada` matches a row, under a [`ConflictPolicy`], and
//! returns an [`ApplyReport`].
//!
//! # Comparison group
//! [`compare`] ranks a municipality within a group and gives the group's
//! quartiles; [`ComparisonData`] holds group values per KPI and year, ready
//! to be passed to an evaluation.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::ids::{IndicatorId, OrgId};
use crate::json;
use crate::model::{Direction, Indicator, KoladaSource, Measurement, Model, Source};
use crate::Period;

/// The most ids Kolada v3 accepts in one list of a request path
/// (KPIs, municipalities, units or years); longer lists must be split.
pub const MAX_IDS_PER_REQUEST: usize = 25;

/// Kolada's code for the whole country (*riket*).
pub const NATION: &str = "0000";

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// The gender a Kolada value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Gender {
    /// `T`: total (*totalt*); becomes the measurement's `value`.
    #[serde(rename = "T")]
    Total,
    /// `K`: women (*kvinnor*); becomes the measurement's `women`.
    #[serde(rename = "K")]
    Women,
    /// `M`: men (*män*); becomes the measurement's `men`.
    #[serde(rename = "M")]
    Men,
}

impl Gender {
    /// Kolada's one-letter code: `T`, `K` or `M`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Total => "T",
            Self::Women => "K",
            Self::Men => "M",
        }
    }
}

/// Where a Kolada figure is for: a municipality (or region) code such as
/// `0114`, or an organisational unit (OU) id such as `V15E144001301`.
///
/// In JSON: `{"municipality": "0114"}` or `{"ou": "V15E144001301"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A municipality or region code (*kommunkod*).
    Municipality(String),
    /// An organisational unit id (*organisatorisk enhet*), e.g. a school.
    Ou(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Municipality(m) => write!(f, "municipality {m}"),
            Self::Ou(u) => write!(f, "ou {u}"),
        }
    }
}

/// One value of a data row: a gender and its figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KoladaValue {
    /// Total, women or men.
    pub gender: Gender,
    /// The figure, exact; `None` when Kolada has none (`null`): missing, not zero.
    pub value: Option<Decimal>,
    /// Kolada's `count` (how many units the figure is based on), when given.
    pub count: Option<u64>,
    /// Kolada's `status` text (often empty), when given.
    pub status: Option<String>,
}

/// One data row: a KPI at a place for a year, with its gender values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KoladaRow {
    /// The KPI id, e.g. `N15428`.
    pub kpi: String,
    /// The municipality code, when the row has one.
    pub municipality: Option<String>,
    /// The organisational unit id, when the row has one.
    pub ou: Option<String>,
    /// The year, as a year [`Period`].
    pub period: Period,
    /// The values that are not deleted, at most one per gender, in input order.
    pub values: Vec<KoladaValue>,
}

impl KoladaRow {
    /// Where the row is for: its OU when it has one, else its municipality.
    /// A row with neither (parsing refuses that; only a row built by hand
    /// can lack both) is for the empty municipality code, which matches no
    /// indicator.
    pub fn place(&self) -> Place {
        match (&self.ou, &self.municipality) {
            (Some(u), _) => Place::Ou(u.clone()),
            (None, Some(m)) => Place::Municipality(m.clone()),
            (None, None) => Place::Municipality(String::new()),
        }
    }

    /// The figure for `gender`; `None` when the row has no such value or it is `null`.
    pub fn value(&self, gender: Gender) -> Option<Decimal> {
        self.values
            .iter()
            .find(|v| v.gender == gender)
            .and_then(|v| v.value)
    }
}

/// One parsed data page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataPage {
    /// The envelope's `count` (Kolada's total over all pages), when given.
    pub count: Option<u64>,
    /// The URL of the next page; `None` on the last page.
    pub next_url: Option<String>,
    /// The URL of the previous page; `None` on the first page.
    pub previous_url: Option<String>,
    /// The rows that are not deleted, in input order.
    pub rows: Vec<KoladaRow>,
    /// How many rows were dropped because they were deleted.
    pub deleted_rows: usize,
}

/// KPI metadata, as Kolada describes a key figure.
///
/// Only `id` and `title` are required; every other field is optional and
/// unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KpiMeta {
    /// KPI id, e.g. `N15428`.
    pub id: String,
    /// The title, usually ending in its unit (`…, andel (%)`, `…, kr/inv`).
    pub title: String,
    /// The description; `None` when absent or empty.
    pub description: Option<String>,
    /// Whether Kolada publishes values for women and men too.
    pub is_divided_by_gender: bool,
    /// Whether Kolada has data per organisational unit for this KPI.
    pub has_ou_data: bool,
    /// `K` (municipalities), `L` (regions), `A` (all) …, as Kolada writes it.
    pub municipality_type: Option<String>,
    /// Kolada's area of operations (*verksamhetsområde*), e.g. `Grundskola`.
    pub operating_area: Option<String>,
    /// Kolada's own perspective (`Resultat`, `Resurser` …); not one of styrkort's four.
    pub perspective: Option<String>,
    /// When the figure is published.
    pub publication_date: Option<String>,
    /// When a preliminary figure is published.
    pub prel_publication_date: Option<String>,
    /// When the OU figures are published.
    pub ou_publication_date: Option<String>,
    /// The latest period published.
    pub publ_period: Option<String>,
    /// Who stands behind the figure (Kolada's `auspices` code).
    pub auspices: Option<String>,
}

/// One parsed page of KPI metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiPage {
    /// The envelope's `count`, when given.
    pub count: Option<u64>,
    /// The URL of the next page; `None` on the last page.
    pub next_url: Option<String>,
    /// The URL of the previous page; `None` on the first page.
    pub previous_url: Option<String>,
    /// The KPIs, in input order.
    pub kpis: Vec<KpiMeta>,
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.is_empty() {
        Err(de::Error::custom("expected a non-empty string"))
    } else {
        Ok(s)
    }
}

fn opt_non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) if s.is_empty() => Err(de::Error::custom("expected a non-empty string or null")),
        other => Ok(other),
    }
}

/// A year as a JSON number (`2024`) or string (`"2024"`).
fn de_year<'de, D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
    let v = Value::deserialize(d)?;
    let text = match &v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => {
            return Err(de::Error::custom(format!(
                "expected a year (2024 or \"2024\"), found {other}"
            )))
        }
    };
    let year = if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<i32>().ok()
    } else {
        None
    };
    year.and_then(|y| Period::year_of(y).ok())
        .ok_or_else(|| de::Error::custom(format!("expected a four-digit year, found {v}")))
}

/// A flag as `true`/`false`, `1`/`0` or `null` (false).
fn de_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(b),
        Value::Number(n) if n.to_string() == "0" => Ok(false),
        Value::Number(n) if n.to_string() == "1" => Ok(true),
        other => Err(de::Error::custom(format!(
            "expected true, false, 1, 0 or null, found {other}"
        ))),
    }
}

/// A non-negative integer or `null`.
fn de_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => n.to_string().parse::<u64>().map(Some).map_err(|_| {
            de::Error::custom(format!("expected a non-negative integer count, found {n}"))
        }),
        other => Err(de::Error::custom(format!(
            "expected an integer count or null, found {other}"
        ))),
    }
}

/// Text that Kolada may send as a string or a number; `""` and `null` are `None`.
fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(de::Error::custom(format!(
            "expected a string, a number or null, found {other}"
        ))),
    }
}

/// Like [`de_text`] but keeps `""` (a status is often empty).
fn de_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(de::Error::custom(format!(
            "expected a status string or null, found {other}"
        ))),
    }
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct RawValue {
    gender: Gender,
    #[serde(default, with = "json::opt_dec")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    value: Option<Decimal>,
    #[serde(default, deserialize_with = "de_count")]
    count: Option<u64>,
    #[serde(default, deserialize_with = "de_status")]
    status: Option<String>,
    #[serde(default, deserialize_with = "de_flag")]
    isdeleted: bool,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct RawRow {
    #[serde(deserialize_with = "non_empty")]
    kpi: String,
    #[serde(default, deserialize_with = "opt_non_empty")]
    municipality: Option<String>,
    #[serde(default, deserialize_with = "opt_non_empty")]
    ou: Option<String>,
    #[serde(deserialize_with = "de_year")]
    period: Period,
    values: Vec<RawValue>,
    #[serde(default, deserialize_with = "de_flag")]
    isdeleted: bool,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Envelope<T> {
    #[serde(default, deserialize_with = "de_count")]
    count: Option<u64>,
    #[serde(default, deserialize_with = "de_text")]
    next_url: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    previous_url: Option<String>,
    values: Vec<T>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct RawKpi {
    #[serde(deserialize_with = "non_empty")]
    id: String,
    #[serde(deserialize_with = "non_empty")]
    title: String,
    #[serde(default, deserialize_with = "de_text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "de_flag")]
    is_divided_by_gender: bool,
    #[serde(default, deserialize_with = "de_flag")]
    has_ou_data: bool,
    #[serde(default, deserialize_with = "de_text")]
    municipality_type: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    operating_area: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    perspective: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    publication_date: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    prel_publication_date: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    ou_publication_date: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    publ_period: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    auspices: Option<String>,
}

/// Reads either an envelope object or a bare array of items.
fn parse_envelope<T: de::DeserializeOwned>(
    text: &str,
    document: &'static str,
) -> Result<(Envelope<T>, &'static str), Error> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
    {
        let values: Vec<T> = json::from_str_in(text, document)?;
        Ok((
            Envelope {
                count: None,
                next_url: None,
                previous_url: None,
                values,
            },
            "",
        ))
    } else {
        Ok((json::from_str_in(text, document)?, "values"))
    }
}

/// An error in a data page that its JSON form does not show.
fn json_error(path: String, message: String) -> Error {
    Error::Json {
        document: json::KOLADA_DATA,
        path,
        line: 0,
        column: 0,
        message,
    }
}

fn row_path(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

/// Parses one Kolada v3 data page.
///
/// `text` is the page's JSON: the envelope `{count, next_url, previous_url,
/// values: [rows]}` or a bare array of rows. Deleted rows and values are
/// dropped (and counted in [`DataPage::deleted_rows`] for rows); see the
/// [module docs](self) for every rule.
///
/// ```
/// use styrkort::kolada::{parse_data, Gender};
/// let page = parse_data(r#"{"count": 1, "next_url": null, "values": [
///   {"kpi": "N15428", "municipality": "0114", "period": 2024,
///    "values": [{"gender": "T", "value": 74.1, "count": 1, "status": ""}]}]}"#)?;
/// assert_eq!(page.rows[0].value(Gender::Total).unwrap().to_string(), "74.1");
/// # Ok::<(), styrkort::Error>(())
/// ```
pub fn parse_data(text: &str) -> Result<DataPage, Error> {
    let (env, prefix) = parse_envelope::<RawRow>(text, json::KOLADA_DATA)?;
    let mut rows = Vec::with_capacity(env.values.len());
    let mut deleted_rows = 0;
    for (i, raw) in env.values.into_iter().enumerate() {
        if raw.isdeleted {
            deleted_rows += 1;
            continue;
        }
        if raw.municipality.is_none() && raw.ou.is_none() {
            return Err(json_error(
                row_path(prefix, i),
                "a data row needs a `municipality` or an `ou`".to_string(),
            ));
        }
        let mut values: Vec<KoladaValue> = Vec::with_capacity(raw.values.len());
        for (j, v) in raw.values.into_iter().enumerate() {
            if v.isdeleted {
                continue;
            }
            if values.iter().any(|w| w.gender == v.gender) {
                return Err(json_error(
                    format!("{}.values[{j}].gender", row_path(prefix, i)),
                    format!("gender {} appears twice in the row", v.gender.code()),
                ));
            }
            values.push(KoladaValue {
                gender: v.gender,
                value: v.value,
                count: v.count,
                status: v.status,
            });
        }
        rows.push(KoladaRow {
            kpi: raw.kpi,
            municipality: raw.municipality,
            ou: raw.ou,
            period: raw.period,
            values,
        });
    }
    Ok(DataPage {
        count: env.count,
        next_url: env.next_url,
        previous_url: env.previous_url,
        rows,
        deleted_rows,
    })
}

/// Parses several data pages (e.g. every page reached through `next_url`)
/// and concatenates their rows in order. An error's path is prefixed with
/// the page's place, e.g. `pages[1].values[0].period`.
pub fn parse_data_pages<'a>(
    pages: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<KoladaRow>, Error> {
    let mut rows = Vec::new();
    for (p, text) in pages.into_iter().enumerate() {
        let page = parse_data(text).map_err(|e| match e {
            Error::Json {
                document,
                path,
                line,
                column,
                message,
            } => Error::Json {
                document,
                path: if path.is_empty() || path == "." {
                    format!("pages[{p}]")
                } else if path.starts_with('[') {
                    format!("pages[{p}]{path}")
                } else {
                    format!("pages[{p}].{path}")
                },
                line,
                column,
                message,
            },
            other => other,
        })?;
        rows.extend(page.rows);
    }
    Ok(rows)
}

/// Parses one page of Kolada v3 KPI metadata (`/kpi/{ids}`): the envelope
/// or a bare array of KPI objects. `id` and `title` are required; the rest
/// is optional and unknown fields are ignored.
pub fn parse_kpis(text: &str) -> Result<KpiPage, Error> {
    let (env, _) = parse_envelope::<RawKpi>(text, json::KOLADA_KPI)?;
    let kpis = env
        .values
        .into_iter()
        .map(|k| KpiMeta {
            id: k.id,
            title: k.title,
            description: k.description,
            is_divided_by_gender: k.is_divided_by_gender,
            has_ou_data: k.has_ou_data,
            municipality_type: k.municipality_type,
            operating_area: k.operating_area,
            perspective: k.perspective,
            publication_date: k.publication_date,
            prel_publication_date: k.prel_publication_date,
            ou_publication_date: k.ou_publication_date,
            publ_period: k.publ_period,
            auspices: k.auspices,
        })
        .collect();
    Ok(KpiPage {
        count: env.count,
        next_url: env.next_url,
        previous_url: env.previous_url,
        kpis,
    })
}

// ---------------------------------------------------------------------------
// Applying
// ---------------------------------------------------------------------------

/// What [`Model::apply_kolada`] does when the model already has a
/// measurement for the indicator, org and year with different figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConflictPolicy {
    /// Leave the model's measurement as it is; the report lists it under `kept`.
    Keep,
    /// Overwrite it with Kolada's figures; the report lists it under `replaced`.
    Replace,
    /// Refuse: return [`Error::Conflict`] and change nothing (the default).
    #[default]
    Error,
}

impl ConflictPolicy {
    /// The name: `keep`, `replace` or `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Keep => "keep",
            Self::Replace => "replace",
            Self::Error => "error",
        }
    }
}

impl FromStr for ConflictPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "keep" => Ok(Self::Keep),
            "replace" => Ok(Self::Replace),
            "error" => Ok(Self::Error),
            _ => Err(format!(
                "unknown conflict policy {s:?}: expected \"keep\", \"replace\" or \"error\""
            )),
        }
    }
}

/// The figures of one measurement: total, women, men.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Figures {
    /// The total (`T`).
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub value: Decimal,
    /// Women (`K`).
    #[serde(with = "crate::evaluation::opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub women: Option<Decimal>,
    /// Men (`M`).
    #[serde(with = "crate::evaluation::opt_norm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub men: Option<Decimal>,
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |d: Option<Decimal>| d.map_or_else(|| "none".to_string(), json::normalised);
        write!(
            f,
            "value {} (women {}, men {})",
            json::normalised(self.value),
            opt(self.women),
            opt(self.men)
        )
    }
}

fn figures_of(m: &Measurement) -> Figures {
    Figures {
        value: m.value,
        women: m.women(),
        men: m.men(),
    }
}

/// One indicator-and-year a row was applied to (or offered to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// The indicator whose `source.kolada` matched.
    pub indicator: IndicatorId,
    /// The org the measurement belongs to: the indicator's owner.
    pub org: OrgId,
    /// The year.
    pub period: Period,
    /// The KPI id of the row.
    pub kpi: String,
    /// The place of the row.
    pub place: Place,
    /// The model's figures before; `None` when there was no measurement.
    pub old: Option<Figures>,
    /// Kolada's figures; `None` when Kolada has no total (`T` missing or `null`).
    pub new: Option<Figures>,
}

/// A row no indicator's `source.kolada` matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnmatchedRow {
    /// The KPI id.
    pub kpi: String,
    /// The place.
    pub place: Place,
    /// The year.
    pub period: Period,
}

/// What [`Model::apply_kolada`] did, row by row.
///
/// Every list is in row order, then in the model's indicator order. A
/// measurement is *changed* when the model had one with different figures:
/// it is then in `replaced` (policy `replace`) or `kept` (policy `keep`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplyReport {
    /// The policy used.
    pub policy: ConflictPolicy,
    /// New measurements written (`old` is `None`).
    pub added: Vec<Change>,
    /// Measurements overwritten with Kolada's figures (policy `replace`).
    pub replaced: Vec<Change>,
    /// Measurements that differ from Kolada and were left as they were (policy `keep`).
    pub kept: Vec<Change>,
    /// Measurements already equal to Kolada's figures (numerically: `72.50` equals `72.5`).
    pub unchanged: Vec<Change>,
    /// Matched rows without a total: nothing was written (`new` is `None`).
    pub missing: Vec<Change>,
    /// Rows that matched no indicator.
    pub unmatched: Vec<UnmatchedRow>,
}

impl ApplyReport {
    /// The report as pretty-printed JSON (two-space indent), decimals as
    /// normalised strings.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }

    /// Whether the model was modified (something added or replaced).
    pub fn modified(&self) -> bool {
        !self.added.is_empty() || !self.replaced.is_empty()
    }
}

/// Whether `source` names the row's KPI and place.
fn source_matches(source: &KoladaSource, row: &KoladaRow) -> bool {
    if source.kpi != row.kpi {
        return false;
    }
    match (&source.ou, &source.municipality) {
        (Some(ou), _) => row.ou.as_deref() == Some(ou.as_str()),
        (None, Some(m)) => row.ou.is_none() && row.municipality.as_deref() == Some(m.as_str()),
        (None, None) => false,
    }
}

/// An indicator's measurements as rows apply to them, with the position of
/// the owner's measurement for each period.
type Staged = (Vec<Measurement>, HashMap<Period, usize>);

enum Planned {
    Add(usize, Measurement),
    Replace(usize, usize, Figures),
}

impl Model {
    /// Applies Kolada data rows to the model's measurements.
    ///
    /// For every row and every indicator whose `source.kolada` matches it
    /// (same KPI, and the same OU id when the source names an `ou`, else
    /// the same municipality code on a row without an OU), the row's year
    /// measurement at the indicator's owner is set: `T` → `value`, `K` →
    /// `women`, `M` → `men` (`None` when Kolada has no such value). A row
    /// without a total writes nothing and is reported as `missing`; a
    /// measurement is never removed.
    ///
    /// When the model already has a measurement for that indicator, owner
    /// and year whose figures differ (any of the three, compared
    /// numerically), `policy` decides: [`ConflictPolicy::Keep`] leaves it,
    /// [`ConflictPolicy::Replace`] overwrites it, [`ConflictPolicy::Error`]
    /// returns [`Error::Conflict`] naming the first such indicator, org and
    /// period. The call is atomic: on error the model is unchanged. Rows
    /// apply in order, so a later row for the same indicator and year sees
    /// what an earlier one wrote. New measurements are appended without
    /// `org` (they belong to the owner).
    ///
    /// Cost: O(i + r·k + m) for i indicators, r rows, k indicators sourced
    /// from a row's KPI (usually 1) and m measurements of the indicators
    /// touched: indicators are found through an index by KPI and
    /// measurements through an index by period, built once per indicator
    /// (not a scan of every indicator and measurement per row).
    ///
    /// ```
    /// use styrkort::{Model, kolada::{parse_data, ConflictPolicy}};
    /// let mut model = Model::from_json(r#"{"format": "styrkort/1",
    ///   "organisation": [{"id": "kf", "name": "KF", "kind": "council"}],
    ///   "indicators": [{"id": "nmi", "name": "NMI", "owner": "kf",
    ///     "source": {"kolada": {"kpi": "U00408", "municipality": "0114"}}}]}"#)?;
    /// let rows = parse_data(r#"{"values": [{"kpi": "U00408", "municipality": "0114",
    ///   "period": 2024, "values": [{"gender": "T", "value": 58}]}]}"#)?.rows;
    /// let report = model.apply_kolada(&rows, ConflictPolicy::Error)?;
    /// assert_eq!(report.added.len(), 1);
    /// assert_eq!(model.indicators[0].measurements[0].value.to_string(), "58");
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn apply_kolada(
        &mut self,
        rows: &[KoladaRow],
        policy: ConflictPolicy,
    ) -> Result<ApplyReport, Error> {
        let mut report = ApplyReport {
            policy,
            ..ApplyReport::default()
        };
        // The indicators sourced from each KPI, in model order.
        let mut by_kpi: HashMap<&str, Vec<(usize, &KoladaSource)>> = HashMap::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            if let Some(source) = ind.source.as_ref().and_then(|s| s.kolada.as_ref()) {
                by_kpi
                    .entry(source.kpi.as_str())
                    .or_default()
                    .push((i, source));
            }
        }
        // Work on a copy of the measurements so that rows see earlier rows'
        // effects, and the model stays untouched on error; with it, the
        // position of the owner's measurement for each period (the first,
        // as `Indicator::measurement_index` finds it).
        let mut staged: Vec<Option<Staged>> = vec![None; self.indicators.len()];
        let mut plan: Vec<Planned> = Vec::new();
        for row in rows {
            let mut matched = false;
            for &(i, source) in by_kpi.get(row.kpi.as_str()).map_or(&[][..], Vec::as_slice) {
                if !source_matches(source, row) {
                    continue;
                }
                matched = true;
                let ind = &self.indicators[i];
                let (measurements, owned) = staged[i].get_or_insert_with(|| {
                    let owned =
                        crate::model::measurement_positions(&ind.measurements, &ind.owner, None);
                    (ind.measurements.clone(), owned)
                });
                let existing = owned.get(&row.period).copied();
                let new = row.value(Gender::Total).map(|value| Figures {
                    value,
                    women: row.value(Gender::Women),
                    men: row.value(Gender::Men),
                });
                let old = existing.map(|k| figures_of(&measurements[k]));
                let change = Change {
                    indicator: ind.id.clone(),
                    org: ind.owner.clone(),
                    period: row.period,
                    kpi: row.kpi.clone(),
                    place: row.place(),
                    old,
                    new,
                };
                match (existing, new) {
                    (_, None) => report.missing.push(change),
                    (None, Some(f)) => {
                        let m =
                            Measurement::new(row.period, None, f.value).with_gender(f.women, f.men);
                        owned.insert(row.period, measurements.len());
                        measurements.push(m.clone());
                        plan.push(Planned::Add(i, m));
                        report.added.push(change);
                    }
                    (Some(k), Some(f)) => {
                        if old == Some(f) {
                            report.unchanged.push(change);
                            continue;
                        }
                        match policy {
                            ConflictPolicy::Keep => report.kept.push(change),
                            ConflictPolicy::Replace => {
                                let m = &mut measurements[k];
                                m.value = f.value;
                                m.set_gender(f.women, f.men);
                                plan.push(Planned::Replace(i, k, f));
                                report.replaced.push(change);
                            }
                            ConflictPolicy::Error => {
                                return Err(Error::Conflict {
                                    indicator: change.indicator.to_string(),
                                    org: change.org.to_string(),
                                    period: change.period.to_string(),
                                    message: format!(
                                        "the model has {}, Kolada ({} {}) has {}; \
                                         choose the policy keep or replace",
                                        old.expect("an existing measurement"),
                                        change.kpi,
                                        change.place,
                                        f
                                    ),
                                });
                            }
                        }
                    }
                }
            }
            if !matched {
                report.unmatched.push(UnmatchedRow {
                    kpi: row.kpi.clone(),
                    place: row.place(),
                    period: row.period,
                });
            }
        }
        for step in plan {
            match step {
                Planned::Add(i, m) => self.indicators[i].measurements.push(m),
                Planned::Replace(i, k, f) => {
                    let m = &mut self.indicators[i].measurements[k];
                    m.value = f.value;
                    m.set_gender(f.women, f.men);
                }
            }
        }
        Ok(report)
    }

    /// Parses one Kolada data page (see [`parse_data`]) and applies its rows
    /// (see [`Model::apply_kolada`]): the entry point for callers that hold
    /// the JSON text, such as the C and Python bindings.
    pub fn apply_kolada_json(
        &mut self,
        text: &str,
        policy: ConflictPolicy,
    ) -> Result<ApplyReport, Error> {
        let page = parse_data(text)?;
        self.apply_kolada(&page.rows, policy)
    }
}

// ---------------------------------------------------------------------------
// Metadata to indicators
// ---------------------------------------------------------------------------

/// Guesses the unit of a KPI from its title.
///
/// Kolada ends most titles with the unit after the last comma: `…, andel
/// (%)`, `…, kr/inv`, `…, antal`. The heuristic, on that last part trimmed
/// and compared case-insensitively (or on the whole title when it has no
/// comma):
///
/// | last part of the title | unit |
/// |---|---|
/// | ends with `%` or `(%)` (`%`, `andel (%)`), or is `andel` or `procent` | `%` |
/// | `kr` or `kronor` | `kr` |
/// | starts with `kr/`, `kr per `, `tkr` or `mnkr` (e.g. `kr/inv`, `tkr`) | that text as written |
/// | `antal` | `antal` |
/// | `dagar`, `år`, `timmar` | that word |
/// | `index` or ends with ` index` | `index` |
///
/// Anything else gives `None`: the unit is unknown.
pub fn unit_from_title(title: &str) -> Option<String> {
    let title = title.trim();
    let last = title.rsplit(',').next().unwrap_or(title).trim();
    let low = last.to_lowercase();
    if low.ends_with('%') || low.ends_with("(%)") || low == "andel" || low == "procent" {
        return Some("%".to_string());
    }
    if low == "kr" || low == "kronor" {
        return Some("kr".to_string());
    }
    if ["kr/", "kr per ", "tkr", "mnkr"]
        .iter()
        .any(|p| low.starts_with(p))
    {
        return Some(last.to_string());
    }
    match low.as_str() {
        "antal" | "dagar" | "år" | "timmar" | "index" => Some(low),
        _ if low.ends_with(" index") => Some("index".to_string()),
        _ => None,
    }
}

/// Makes an indicator definition from KPI metadata.
///
/// * `id`: the KPI id (e.g. `N15428`); rename it if the model needs one
///   indicator per place for the same KPI.
/// * `name`: the title; `description`: the description.
/// * `unit`: guessed from the title by [`unit_from_title`].
/// * `direction`: **always `higher_is_better`**, because Kolada's metadata
///   does not say whether more is better (a cost per inhabitant and a share
///   of passing pupils look alike). Set it by hand where less is better.
/// * `owner`: as given; `source.kolada`: the KPI and `place`.
/// * No perspective (Kolada's `perspective` is not one of styrkort's four),
///   targets, measurements or tags.
pub fn indicator_from_kpi(meta: &KpiMeta, owner: OrgId, place: Place) -> Indicator {
    let (municipality, ou) = match place {
        Place::Municipality(m) => (Some(m), None),
        Place::Ou(u) => (None, Some(u)),
    };
    Indicator {
        id: IndicatorId::new(meta.id.clone()).expect("parsing guarantees a non-empty KPI id"),
        name: meta.title.clone(),
        description: meta.description.clone().filter(|d| !d.is_empty()),
        unit: unit_from_title(&meta.title),
        direction: Direction::HigherIsBetter,
        perspective: None,
        owner,
        consolidation: crate::model::Consolidation::None,
        partly_at: None,
        window: None,
        source: Some(Source {
            kolada: Some(KoladaSource {
                kpi: meta.id.clone(),
                municipality,
                ou,
            }),
        }),
        tags: Vec::new(),
        targets: Vec::new(),
        measurements: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Comparison group
// ---------------------------------------------------------------------------

/// Where a municipality stands in its comparison group (*jämförelsegrupp*)
/// for one KPI and year.
///
/// Quartiles are taken over the group's values sorted ascending, whatever
/// the direction: `lower_quartile` ≤ `median` ≤ `upper_quartile`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Comparison {
    /// The municipality compared.
    pub municipality: String,
    /// Its value.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub value: Decimal,
    /// The direction used for rank, best, worst and the quartile flags.
    pub direction: Direction,
    /// 1 = best by direction; tied values share the best rank (1, 2, 2, 4).
    pub rank: usize,
    /// How many municipalities have a value (the municipality included).
    pub group_size: usize,
    /// The 25th percentile (type 7), rounded half-to-even to 12 places.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub lower_quartile: Decimal,
    /// The median, rounded half-to-even to 12 places.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub median: Decimal,
    /// The 75th percentile (type 7), rounded half-to-even to 12 places.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub upper_quartile: Decimal,
    /// The best value in the group, by direction.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub best: Decimal,
    /// The worst value in the group, by direction.
    #[serde(with = "crate::evaluation::norm")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub worst: Decimal,
    /// In the best quartile: at or beyond the better quartile (≥ the upper
    /// quartile when higher is better, ≤ the lower when lower is better),
    /// and not also at the worse one.
    pub best_quartile: bool,
    /// In the worst quartile: at or beyond the worse quartile, and not also
    /// at the better one.
    pub worst_quartile: bool,
}

fn q12(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(12, RoundingStrategy::MidpointNearestEven)
}

/// The type-7 quantile k/4 (k = 1, 2, 3) of ascending `xs`.
fn quartile(xs: &[Decimal], k: usize) -> Option<Decimal> {
    let h = (xs.len() - 1) * k;
    let (i, frac) = (h / 4, h % 4);
    if frac == 0 {
        return Some(q12(xs[i]));
    }
    let step = xs[i + 1].checked_sub(xs[i])?;
    let part = step.checked_mul(Decimal::from(frac))? / Decimal::from(4);
    Some(q12(xs[i].checked_add(part)?))
}

/// Compares `municipality` with a group.
///
/// `values` holds `(municipality code, value)` for every member with a
/// value (members without one are simply left out); the municipality's own
/// value is its first entry. Returns `None` when the municipality has no
/// entry (or in the practically impossible case that interpolating leaves
/// the decimal range).
///
/// **Rank**: 1 + the number of members strictly better by `direction`, so
/// ties share the best rank. **Quartiles**: linear interpolation between
/// closest ranks (Hyndman & Fan type 7, the default of R and of
/// `numpy.percentile`): with the n values sorted ascending x₀ … xₙ₋₁, the
/// quantile p is x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋), h = (n − 1)p, for p =
/// ¼ (lower quartile), ½ (median), ¾ (upper quartile); exact, then rounded
/// half-to-even to 12 places. **Flags**: see [`Comparison::best_quartile`];
/// a value at both quartiles at once (the lower and upper quartile equal
/// it, e.g. a group of one) is in neither.
///
/// ```
/// use styrkort::{Decimal, Direction, kolada::compare};
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// let group = [("0114".to_string(), d("74.1")), ("0120".to_string(), d("65.2")),
///              ("0123".to_string(), d("70.5")), ("0117".to_string(), d("80.0"))];
/// let c = compare(&group, "0114", Direction::HigherIsBetter).unwrap();
/// assert_eq!((c.rank, c.group_size), (2, 4));
/// assert_eq!(c.median, d("72.3"));
/// ```
pub fn compare(
    values: &[(String, Decimal)],
    municipality: &str,
    direction: Direction,
) -> Option<Comparison> {
    let value = values.iter().find(|(m, _)| m == municipality)?.1;
    let mut xs: Vec<Decimal> = values.iter().map(|(_, v)| *v).collect();
    xs.sort_unstable();
    let better = |a: Decimal, b: Decimal| match direction {
        Direction::HigherIsBetter => a > b,
        Direction::LowerIsBetter => a < b,
    };
    let rank = 1 + xs.iter().filter(|&&x| better(x, value)).count();
    let lower_quartile = quartile(&xs, 1)?;
    let median = quartile(&xs, 2)?;
    let upper_quartile = quartile(&xs, 3)?;
    let (min, max) = (xs[0], xs[xs.len() - 1]);
    let (best, worst, best_side, worst_side) = match direction {
        Direction::HigherIsBetter => (max, min, value >= upper_quartile, value <= lower_quartile),
        Direction::LowerIsBetter => (min, max, value <= lower_quartile, value >= upper_quartile),
    };
    Some(Comparison {
        municipality: municipality.to_string(),
        value,
        direction,
        rank,
        group_size: xs.len(),
        lower_quartile,
        median,
        upper_quartile,
        best,
        worst,
        best_quartile: best_side && !worst_side,
        worst_quartile: worst_side && !best_side,
    })
}

/// Whether `code` is a municipality code: four digits, not `00xx` (the
/// nation `0000` and the regions `0001`–`0025` are not municipalities;
/// group codes such as `G33855` are not four digits).
fn is_municipality_code(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with("00")
}

/// Comparison-group values per KPI and year, for an evaluation.
///
/// Build it from fetched rows with [`ComparisonData::from_rows`], narrow it
/// to the chosen *jämförelsekommuner* with [`ComparisonData::with_group`],
/// and ask it for an indicator with [`ComparisonData::compare_indicator`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComparisonData {
    /// (KPI, year) → municipality code → total value.
    values: BTreeMap<(String, i32), BTreeMap<String, Decimal>>,
}

impl ComparisonData {
    /// No data.
    pub fn new() -> Self {
        Self::default()
    }

    /// The totals (`T`) of municipality rows. Rows for an OU, rows without
    /// a total, and codes that are not municipalities (the nation `0000`,
    /// regions `00xx`, group averages `G…`) are left out; a later row for
    /// the same KPI, municipality and year replaces an earlier one.
    pub fn from_rows(rows: &[KoladaRow]) -> Self {
        let mut data = Self::new();
        for row in rows {
            let (Some(m), None, Some(v)) = (&row.municipality, &row.ou, row.value(Gender::Total))
            else {
                continue;
            };
            if is_municipality_code(m) {
                data.insert(&row.kpi, row.period.year(), m, v);
            }
        }
        data
    }

    /// Adds or replaces one value (any code is accepted here).
    pub fn insert(&mut self, kpi: &str, year: i32, municipality: &str, value: Decimal) {
        self.values
            .entry((kpi.to_string(), year))
            .or_default()
            .insert(municipality.to_string(), value);
    }

    /// Keeps only the municipalities in `group` (include the municipality
    /// itself), e.g. RKA's similar municipalities (*liknande kommuner*).
    #[must_use]
    pub fn with_group<S: AsRef<str>>(mut self, group: &[S]) -> Self {
        for members in self.values.values_mut() {
            members.retain(|m, _| group.iter().any(|g| g.as_ref() == m));
        }
        self.values.retain(|_, members| !members.is_empty());
        self
    }

    /// The group's `(municipality, value)` pairs for a KPI and year, sorted by code.
    pub fn values(&self, kpi: &str, year: i32) -> Vec<(String, Decimal)> {
        self.values
            .get(&(kpi.to_string(), year))
            .map(|ms| ms.iter().map(|(m, v)| (m.clone(), *v)).collect())
            .unwrap_or_default()
    }

    /// Whether there is no data at all.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The comparison for an indicator in `period`: only for a year period
    /// (Kolada's figures are annual), only when the indicator's
    /// `source.kolada` names a municipality (not an OU), and only when the
    /// data has that municipality's value for the KPI and year. Uses the
    /// indicator's direction.
    pub fn compare_indicator(&self, indicator: &Indicator, period: Period) -> Option<Comparison> {
        let source = indicator.source.as_ref()?.kolada.as_ref()?;
        self.compare_source(source, indicator.direction, period)
    }

    /// The comparison for a Kolada source in `period`, as
    /// [`ComparisonData::compare_indicator`].
    pub fn compare_source(
        &self,
        source: &KoladaSource,
        direction: Direction,
        period: Period,
    ) -> Option<Comparison> {
        if period.kind() != crate::PeriodKind::Year || source.ou.is_some() {
            return None;
        }
        let municipality = source.municipality.as_deref()?;
        let members = self.values.get(&(source.kpi.clone(), period.year()))?;
        let pairs: Vec<(String, Decimal)> = members.iter().map(|(m, v)| (m.clone(), *v)).collect();
        compare(&pairs, municipality, direction)
    }
}

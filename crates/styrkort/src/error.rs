//! The one error type of styrkort.
//!
//! Every fallible function in the crate returns [`Error`]. It is an enum the
//! bindings match on (Python maps each variant to an exception class, C to a
//! status code), and it is `#[non_exhaustive]` so that new kinds can be added
//! without breaking callers. Every message says *what* and *where*: the JSON
//! path, the id or the period.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Severity};

/// Everything that can go wrong in styrkort.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON text is malformed or does not follow the format of its
    /// document: a `styrkort/1` model, a Kolada page, …
    #[error("{}", json_message(document, path, *line, *column, message))]
    Json {
        /// What the text was read as, for the message: `model` (a
        /// `styrkort/1` model), `Kolada data page`, `Kolada KPI page`, …
        /// (the constants in [`crate::json`]).
        document: &'static str,
        /// Where in the document, e.g. `goals[3].indicators[0].weight`;
        /// empty for the document itself.
        path: String,
        /// 1-based line of the offending text (0 when unknown).
        line: usize,
        /// 1-based column of the offending text (0 when unknown).
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A period string could not be parsed or is out of range.
    #[error("invalid period {input:?}: {reason}")]
    Period {
        /// The text that was given.
        input: String,
        /// Why it is not a period.
        reason: String,
    },
    /// The model has validation errors, so it cannot be evaluated.
    #[error("{}", invalid_message(diagnostics))]
    Invalid {
        /// Every diagnostic of severity error (warnings are left out).
        diagnostics: Vec<Diagnostic>,
    },
    /// A sum, product or quotient left the range of a decimal (about ±7.9e28).
    #[error("arithmetic overflow in {context}")]
    Overflow {
        /// What was being computed: the indicator, org and period, or the goal.
        context: String,
    },
    /// A lookup named an id the model or evaluation does not have.
    #[error("unknown {kind} id {id:?}")]
    UnknownId {
        /// `org`, `goal`, `indicator`, `action_plan` …
        kind: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// Applying external figures (Kolada) met a measurement already in the
    /// model with different figures, under the policy `error`
    /// (see `Model::apply_kolada`). Nothing was changed.
    #[error(
        "conflicting measurement of indicator {indicator:?} at org {org:?} for {period}: {message}"
    )]
    Conflict {
        /// The indicator.
        indicator: String,
        /// The org the measurement belongs to.
        org: String,
        /// The period.
        period: String,
        /// The figures in the model and in the source.
        message: String,
    },
}

impl Error {
    pub(crate) fn period(input: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Period {
            input: input.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn unknown(kind: &'static str, id: impl Into<String>) -> Self {
        Self::UnknownId {
            kind,
            id: id.into(),
        }
    }

    /// A stable, machine-readable name of the error kind: `json`, `period`,
    /// `invalid_model`, `unknown_id`, `overflow` or `conflict`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Json { .. } => "json",
            Self::Period { .. } => "period",
            Self::Invalid { .. } => "invalid_model",
            Self::UnknownId { .. } => "unknown_id",
            Self::Overflow { .. } => "overflow",
            Self::Conflict { .. } => "conflict",
        }
    }

    /// Turns a `serde_json` error met at `path` in a `document` into
    /// [`Error::Json`].
    pub(crate) fn from_json_error(
        document: &'static str,
        path: String,
        err: &serde_json::Error,
    ) -> Self {
        // serde_json appends " at line L column C" to its messages; we keep
        // the position in fields and the message without it.
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) if err.line() > 0 => text[..i].to_string(),
            _ => text,
        };
        Self::Json {
            document,
            path,
            line: err.line(),
            column: err.column(),
            message,
        }
    }
}

fn json_message(document: &str, path: &str, line: usize, column: usize, message: &str) -> String {
    let mut s = format!("invalid {document} JSON");
    if !(path.is_empty() || path == ".") {
        s.push_str(" at ");
        s.push_str(path);
    }
    if line > 0 {
        let _ = write!(s, " (line {line}, column {column})");
    }
    s.push_str(": ");
    s.push_str(message);
    s
}

fn invalid_message(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut s = format!("the model has {} validation error(s)", errors.len());
    for d in errors.iter().take(5) {
        let _ = write!(s, "; {d}");
    }
    if errors.len() > 5 {
        s.push_str("; …");
    }
    s
}

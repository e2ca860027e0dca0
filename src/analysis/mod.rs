//! Pure functions over a review: ordering, gaps, child seen, the factor graph
//! (petgraph), integrity and quality checks, counts. No files, no UI.

pub mod chronology;
pub mod diff;
pub mod find;
pub mod graph;
pub mod integrity;
pub mod layout;
pub mod quality;
pub mod stats;

use crate::model::Key;
use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is inconsistent or misses something mandatory.
    Error,
    /// The review is incomplete or at risk (independence, missing evidence).
    Warning,
}

impl Severity {
    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The review's details.
    Details,
    /// The outcome node.
    Outcome,
    /// An object.
    Object(Key),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Details => f.write_str("review details"),
            Target::Outcome => f.write_str("outcome"),
            Target::Object(k) => write!(f, "{k}"),
        }
    }
}

/// A problem found in a review. Messages name ids and field names, never case content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The object it is about.
    pub target: Target,
    /// The field, where one.
    pub field: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl Problem {
    pub(crate) fn error(
        target: Target,
        field: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Error,
            target,
            field,
            message: message.into(),
        }
    }

    pub(crate) fn warning(
        target: Target,
        field: &'static str,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Warning,
            target,
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.target)?;
        if !self.field.is_empty() {
            write!(f, " ({})", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

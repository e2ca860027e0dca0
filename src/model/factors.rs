//! The factor graph: contributory factors, their typology codes and diagram positions, the
//! links between them and the outcome they lead to.

use super::ids::*;
use serde::{Deserialize, Serialize};

/// Whether a factor makes safe practice more or less likely.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Polarity {
    /// Makes safe practice less likely.
    #[default]
    Hindering,
    /// Makes safe practice more likely (good practice, protective).
    Supporting,
}

impl Polarity {
    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Polarity::Hindering => "Makes safe practice less likely",
            Polarity::Supporting => "Makes safe practice more likely",
        }
    }

    /// Short sign for diagrams.
    pub fn sign(self) -> &'static str {
        match self {
            Polarity::Hindering => "−",
            Polarity::Supporting => "+",
        }
    }
}

/// The level of the system a factor sits at.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Level {
    /// An individual practitioner.
    Individual,
    /// A team.
    #[default]
    Team,
    /// One organisation.
    Organisation,
    /// Between agencies.
    MultiAgency,
    /// National policy or context.
    National,
}

impl Level {
    /// Every level.
    pub const ALL: [Level; 5] = [
        Level::Individual,
        Level::Team,
        Level::Organisation,
        Level::MultiAgency,
        Level::National,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Level::Individual => "Individual",
            Level::Team => "Team",
            Level::Organisation => "Organisation",
            Level::MultiAgency => "Multi-agency",
            Level::National => "National",
        }
    }
}

/// A code from a typology.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// Typology id.
    pub typology: String,
    /// Code within it.
    pub code: String,
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.typology, self.code)
    }
}

/// A position on the factor diagram: the centre of the node, in document units, y down.
/// The workbench and the PDF export place nodes the same way from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Point {
    /// Across.
    pub x: f32,
    /// Down.
    pub y: f32,
}

/// A contributory factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Stable id.
    pub id: FactorId,
    /// Short title ("High caseloads").
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Makes safe practice more or less likely.
    #[serde(default)]
    pub polarity: Polarity,
    /// Level of the system.
    #[serde(default)]
    pub level: Level,
    /// Typology codes.
    #[serde(default)]
    pub codes: Vec<Code>,
    /// Chronology entries that evidence it.
    #[serde(default)]
    pub evidence_entries: Vec<EventId>,
    /// Episodes it was at work in.
    #[serde(default)]
    pub evidence_episodes: Vec<EpisodeId>,
    /// Where it sits on the diagram.
    #[serde(default)]
    pub position: Point,
}

/// One end of a link in the factor graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Node {
    /// A factor.
    Factor(FactorId),
    /// The outcome the graph explains.
    Outcome,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Factor(id) => write!(f, "{id}"),
            Node::Outcome => f.write_str("outcome"),
        }
    }
}

/// How one node bears on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum LinkKind {
    /// Makes the other more likely or worse.
    #[default]
    ContributesTo,
    /// Reduces or offsets the other.
    Mitigates,
}

impl LinkKind {
    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::ContributesTo => "contributes to",
            LinkKind::Mitigates => "mitigates",
        }
    }
}

/// A directed link in the factor graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorLink {
    /// Stable id.
    pub id: LinkId,
    /// From.
    pub from: Node,
    /// To.
    pub to: Node,
    /// Kind.
    #[serde(default)]
    pub kind: LinkKind,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// The outcome node the factor graph leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Public wording, e.g. "Child A's needs were not met".
    pub title: String,
    /// Where it sits on the diagram.
    #[serde(default)]
    pub position: Point,
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome {
            title: "Outcome for the child".to_string(),
            position: Point { x: 0.0, y: 600.0 },
        }
    }
}

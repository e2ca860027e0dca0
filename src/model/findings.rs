//! What the review concludes: findings, recommendations and the action plan.

use super::factors::Code;
use super::ids::*;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A finding: a system-level underlying pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable id.
    pub id: FindingId,
    /// Headline ("Professionals tend to...").
    pub headline: String,
    /// Typology category.
    #[serde(default)]
    pub category: Option<Code>,
    /// How it showed in this case.
    #[serde(default)]
    pub in_this_case: String,
    /// Evidence: chronology entries.
    #[serde(default)]
    pub evidence_entries: Vec<EventId>,
    /// Evidence: episodes.
    #[serde(default)]
    pub evidence_episodes: Vec<EpisodeId>,
    /// Evidence: factors.
    #[serde(default)]
    pub evidence_factors: Vec<FactorId>,
    /// Why it is not a one-off.
    #[serde(default)]
    pub not_one_off: String,
    /// What research says.
    #[serde(default)]
    pub research: String,
    /// Why it matters.
    #[serde(default)]
    pub why_it_matters: String,
    /// Questions for the board.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// A recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Stable id.
    pub id: RecommendationId,
    /// The recommendation.
    pub text: String,
    /// Findings it answers.
    #[serde(default)]
    pub findings: Vec<FindingId>,
    /// Who it is addressed to ("Safeguarding partners", an agency).
    #[serde(default)]
    pub addressee: String,
}

/// The state of an action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum ActionStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Under way.
    InProgress,
    /// Done and evidenced.
    Complete,
    /// Will not be done (with a note why).
    Withdrawn,
}

impl ActionStatus {
    /// Every status.
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::NotStarted,
        ActionStatus::InProgress,
        ActionStatus::Complete,
        ActionStatus::Withdrawn,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Complete => "Complete",
            ActionStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// A dated progress note on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressNote {
    /// When.
    pub date: Date,
    /// What was reported.
    pub text: String,
}

/// An action in the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Stable id.
    pub id: ActionId,
    /// The recommendation it delivers.
    pub recommendation: RecommendationId,
    /// What will be done.
    pub text: String,
    /// Owning agency.
    #[serde(default)]
    pub owner: Option<AgencyId>,
    /// Due date.
    #[serde(default)]
    pub due: Option<Date>,
    /// How success will be known.
    #[serde(default)]
    pub success_measure: String,
    /// Status.
    #[serde(default)]
    pub status: ActionStatus,
    /// Progress notes, oldest first.
    #[serde(default)]
    pub progress: Vec<ProgressNote>,
}

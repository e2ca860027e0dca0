//! Key practice episodes: runs of chronology entries, appraised together.

use super::date::EventDate;
use super::ids::*;
use serde::{Deserialize, Serialize};

/// How practice in an episode is appraised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Appraisal {
    /// Not yet appraised.
    #[default]
    NotAppraised,
    /// Good practice.
    Good,
    /// As expected.
    AsExpected,
    /// Problematic.
    Problematic,
}

impl Appraisal {
    /// Every appraisal.
    pub const ALL: [Appraisal; 4] = [
        Appraisal::NotAppraised,
        Appraisal::Good,
        Appraisal::AsExpected,
        Appraisal::Problematic,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Appraisal::NotAppraised => "Not yet appraised",
            Appraisal::Good => "Good",
            Appraisal::AsExpected => "As expected",
            Appraisal::Problematic => "Problematic",
        }
    }
}

/// A key practice episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Episode {
    /// Stable id.
    pub id: EpisodeId,
    /// Short title.
    pub title: String,
    /// Period it covers.
    #[serde(default)]
    pub start: Option<EventDate>,
    /// End of the period.
    #[serde(default)]
    pub end: Option<EventDate>,
    /// The chronology entries in it.
    #[serde(default)]
    pub entries: Vec<EventId>,
    /// Appraisal.
    #[serde(default)]
    pub appraisal: Appraisal,
    /// What happened.
    #[serde(default)]
    pub what_happened: String,
    /// Why it made sense at the time (local rationality).
    #[serde(default)]
    pub why_it_made_sense: String,
    /// What the practitioners involved said.
    #[serde(default)]
    pub practitioners_views: String,
}

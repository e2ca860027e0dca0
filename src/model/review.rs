//! The review document: everything a reviewer builds, saved to a `.scr.ron` file.
//!
//! Collections are kept sorted by id (see [`Review::normalise`]) so that saved files diff
//! cleanly and exports are reproducible. Cross-references are ids, never indices.

// The document's parts live in files of their own; they are re-exported here so that
// `model::review::*` still names every type of the document.
pub use super::chronology::*;
pub use super::episode::*;
pub use super::factors::*;
pub use super::findings::*;
use super::ids::*;
pub use super::people::*;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The current file format version written by this build.
pub const FORMAT_VERSION: u32 = 2;

/// The kind of review: it supplies vocabulary, not structure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum ReviewKind {
    /// England, before 2019.
    SeriousCaseReview,
    /// England, since 2018.
    #[default]
    LocalChildSafeguardingPracticeReview,
    /// England: the rapid review after a serious incident notification.
    RapidReview,
    /// Wales.
    ChildPracticeReview,
    /// Scotland.
    LearningReview,
    /// Northern Ireland.
    CaseManagementReview,
    /// Adults (Care Act 2014).
    SafeguardingAdultsReview,
    /// Domestic homicide.
    DomesticHomicideReview,
}

impl ReviewKind {
    /// Every kind, in menu order.
    pub const ALL: [ReviewKind; 8] = [
        ReviewKind::LocalChildSafeguardingPracticeReview,
        ReviewKind::SeriousCaseReview,
        ReviewKind::RapidReview,
        ReviewKind::ChildPracticeReview,
        ReviewKind::LearningReview,
        ReviewKind::CaseManagementReview,
        ReviewKind::SafeguardingAdultsReview,
        ReviewKind::DomesticHomicideReview,
    ];

    /// Full name.
    pub fn name(self) -> &'static str {
        match self {
            ReviewKind::SeriousCaseReview => "Serious case review",
            ReviewKind::LocalChildSafeguardingPracticeReview => {
                "Local child safeguarding practice review"
            }
            ReviewKind::RapidReview => "Rapid review",
            ReviewKind::ChildPracticeReview => "Child practice review",
            ReviewKind::LearningReview => "Learning review",
            ReviewKind::CaseManagementReview => "Case management review",
            ReviewKind::SafeguardingAdultsReview => "Safeguarding adults review",
            ReviewKind::DomesticHomicideReview => "Domestic homicide review",
        }
    }

    /// Short name used on the command line (`--kind lcspr`).
    pub fn slug(self) -> &'static str {
        match self {
            ReviewKind::SeriousCaseReview => "scr",
            ReviewKind::LocalChildSafeguardingPracticeReview => "lcspr",
            ReviewKind::RapidReview => "rapid",
            ReviewKind::ChildPracticeReview => "cpr",
            ReviewKind::LearningReview => "learning",
            ReviewKind::CaseManagementReview => "cmr",
            ReviewKind::SafeguardingAdultsReview => "sar",
            ReviewKind::DomesticHomicideReview => "dhr",
        }
    }

    /// Where the kind is used.
    pub fn nation(self) -> &'static str {
        match self {
            ReviewKind::ChildPracticeReview => "Wales",
            ReviewKind::LearningReview => "Scotland",
            ReviewKind::CaseManagementReview => "Northern Ireland",
            _ => "England",
        }
    }

    /// The word the kind uses for its findings.
    pub fn findings_word(self) -> &'static str {
        match self {
            ReviewKind::ChildPracticeReview | ReviewKind::LearningReview => "learning points",
            ReviewKind::SafeguardingAdultsReview | ReviewKind::DomesticHomicideReview => {
                "lessons learned"
            }
            _ => "findings",
        }
    }

    /// Whether the regime asks the board questions rather than making recommendations.
    pub fn asks_questions(self) -> bool {
        matches!(
            self,
            ReviewKind::SeriousCaseReview | ReviewKind::LocalChildSafeguardingPracticeReview
        )
    }

    /// The subject of the review ("the child", "the adult", "the victim").
    pub fn subject_word(self) -> &'static str {
        match self {
            ReviewKind::SafeguardingAdultsReview => "the adult",
            ReviewKind::DomesticHomicideReview => "the victim",
            _ => "the child",
        }
    }
}

/// Where the review is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ReviewStatus {
    /// Commissioned, scoping.
    #[default]
    Scoping,
    /// Gathering chronologies and running workshops.
    InProgress,
    /// Drafted, with the panel.
    Draft,
    /// Signed off by the board.
    SignedOff,
    /// Executive summary published.
    Published,
}

impl ReviewStatus {
    /// Every status, in order.
    pub const ALL: [ReviewStatus; 5] = [
        ReviewStatus::Scoping,
        ReviewStatus::InProgress,
        ReviewStatus::Draft,
        ReviewStatus::SignedOff,
        ReviewStatus::Published,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Scoping => "Scoping",
            ReviewStatus::InProgress => "In progress",
            ReviewStatus::Draft => "Draft with panel",
            ReviewStatus::SignedOff => "Signed off",
            ReviewStatus::Published => "Published",
        }
    }
}

/// A term the leak check may let through, with the reason recorded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedTerm {
    /// The term.
    pub term: String,
    /// Why it is safe to publish.
    pub reason: String,
}

/// A typology (id and version) the review's codes come from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypologyRef {
    /// Typology id.
    pub id: String,
    /// Version.
    pub version: String,
}

/// The review's own details: everything that is not a collection of objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReviewDetails {
    /// Kind of review.
    #[serde(default)]
    pub kind: ReviewKind,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Board's reference.
    #[serde(default)]
    pub reference: String,
    /// Commissioning board or partnership.
    #[serde(default)]
    pub board: String,
    /// Status.
    #[serde(default)]
    pub status: ReviewStatus,
    /// When the review was commissioned.
    #[serde(default)]
    pub commissioned: Option<Date>,
    /// Start of the period under review.
    #[serde(default)]
    pub period_start: Option<Date>,
    /// End of the period under review.
    #[serde(default)]
    pub period_end: Option<Date>,
    /// Why the review was held (public wording).
    #[serde(default)]
    pub reason: String,
    /// Terms of reference, one question or item each.
    #[serde(default)]
    pub terms_of_reference: Vec<String>,
    /// Parallel processes (criminal trial, inquest...).
    #[serde(default)]
    pub parallel_processes: String,
    /// How the family was involved.
    #[serde(default)]
    pub family_involvement: String,
    /// A short anonymised account of the case for the executive summary.
    #[serde(default)]
    pub public_case_summary: String,
    /// Typologies the codes come from.
    #[serde(default)]
    pub typologies: Vec<TypologyRef>,
    /// Extra identifiers to keep out of public output.
    #[serde(default)]
    pub redaction_terms: Vec<String>,
    /// Terms the leak check lets through, with reasons.
    #[serde(default)]
    pub allowed_terms: Vec<AllowedTerm>,
}

/// One save of the review: who, when, what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// Who saved (the operating-system user, or the name set in preferences).
    pub who: String,
    /// When (RFC 3339).
    pub when: String,
    /// What changed since the previous save, counted per kind of object.
    pub summary: String,
}

/// The whole review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// File format version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The review's details.
    pub details: ReviewDetails,
    /// People in the case.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Agencies involved.
    #[serde(default)]
    pub agencies: Vec<Agency>,
    /// Panel and review team.
    #[serde(default)]
    pub panel: Vec<PanelMember>,
    /// The integrated chronology.
    #[serde(default)]
    pub chronology: Vec<ChronologyEntry>,
    /// Key practice episodes.
    #[serde(default)]
    pub episodes: Vec<Episode>,
    /// The outcome node of the factor graph.
    #[serde(default)]
    pub outcome: Outcome,
    /// Contributory factors.
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// Links between factors and to the outcome.
    #[serde(default)]
    pub links: Vec<FactorLink>,
    /// Findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Recommendations.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    /// The action plan.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Each save, oldest first (appended on save, never edited).
    #[serde(default)]
    pub audit: Vec<AuditRecord>,
}

impl Default for Review {
    fn default() -> Self {
        Review::new(ReviewKind::default())
    }
}

macro_rules! has_id {
    ($($t:ty => $id:ty),* $(,)?) => {
        $(impl HasId for $t {
            type Id = $id;
            fn id(&self) -> $id {
                self.id
            }
        })*
    };
}

has_id!(
    Person => PersonId,
    Agency => AgencyId,
    PanelMember => PanelMemberId,
    ChronologyEntry => EventId,
    Episode => EpisodeId,
    Factor => FactorId,
    FactorLink => LinkId,
    Finding => FindingId,
    Recommendation => RecommendationId,
    Action => ActionId,
);

impl Review {
    /// An empty review of a kind.
    pub fn new(kind: ReviewKind) -> Review {
        Review {
            format_version: FORMAT_VERSION,
            details: ReviewDetails {
                kind,
                ..ReviewDetails::default()
            },
            people: Vec::new(),
            agencies: Vec::new(),
            panel: Vec::new(),
            chronology: Vec::new(),
            episodes: Vec::new(),
            outcome: Outcome::default(),
            factors: Vec::new(),
            links: Vec::new(),
            findings: Vec::new(),
            recommendations: Vec::new(),
            actions: Vec::new(),
            audit: Vec::new(),
        }
    }

    /// Sort every collection by id (and sets of references by value) so that saving is
    /// deterministic and look-ups by id work.
    pub fn normalise(&mut self) {
        fn by_id<T: HasId>(v: &mut [T]) {
            if !v.is_sorted_by_key(|x| x.id()) {
                v.sort_by_key(|x| x.id());
            }
        }
        by_id(&mut self.people);
        by_id(&mut self.agencies);
        by_id(&mut self.panel);
        by_id(&mut self.chronology);
        by_id(&mut self.episodes);
        by_id(&mut self.factors);
        by_id(&mut self.links);
        by_id(&mut self.findings);
        by_id(&mut self.recommendations);
        by_id(&mut self.actions);
        self.details.typologies.sort();
        self.details.typologies.dedup();
        self.details.allowed_terms.sort();
        for e in &mut self.episodes {
            e.entries.sort();
            e.entries.dedup();
        }
        for f in &mut self.factors {
            f.evidence_entries.sort();
            f.evidence_entries.dedup();
            f.evidence_episodes.sort();
            f.evidence_episodes.dedup();
            f.codes.sort();
            f.codes.dedup();
        }
        for f in &mut self.findings {
            f.evidence_entries.sort();
            f.evidence_entries.dedup();
            f.evidence_episodes.sort();
            f.evidence_episodes.dedup();
            f.evidence_factors.sort();
            f.evidence_factors.dedup();
        }
        for r in &mut self.recommendations {
            r.findings.sort();
            r.findings.dedup();
        }
    }

    /// A person by id.
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        find_by_id(&self.people, id)
    }

    /// An agency by id.
    pub fn agency(&self, id: AgencyId) -> Option<&Agency> {
        find_by_id(&self.agencies, id)
    }

    /// A chronology entry by id.
    pub fn entry(&self, id: EventId) -> Option<&ChronologyEntry> {
        find_by_id(&self.chronology, id)
    }

    /// An episode by id.
    pub fn episode(&self, id: EpisodeId) -> Option<&Episode> {
        find_by_id(&self.episodes, id)
    }

    /// A factor by id.
    pub fn factor(&self, id: FactorId) -> Option<&Factor> {
        find_by_id(&self.factors, id)
    }

    /// A finding by id.
    pub fn finding(&self, id: FindingId) -> Option<&Finding> {
        find_by_id(&self.findings, id)
    }

    /// A recommendation by id.
    pub fn recommendation(&self, id: RecommendationId) -> Option<&Recommendation> {
        find_by_id(&self.recommendations, id)
    }

    /// The agency's display name, or its id when missing.
    pub fn agency_name(&self, id: AgencyId) -> String {
        self.agency(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    /// The episodes an entry belongs to (derived: episodes hold the links).
    pub fn episodes_of(&self, entry: EventId) -> Vec<EpisodeId> {
        self.episodes
            .iter()
            .filter(|e| e.entries.contains(&entry))
            .map(|e| e.id)
            .collect()
    }

    /// Panel members holding a duty.
    pub fn holders_of(&self, duty: Duty) -> impl Iterator<Item = &PanelMember> {
        self.panel.iter().filter(move |m| m.duties.contains(&duty))
    }

    /// The agencies that have entries in the chronology.
    pub fn involved_agencies(&self) -> BTreeSet<AgencyId> {
        self.chronology.iter().map(|e| e.agency).collect()
    }
}

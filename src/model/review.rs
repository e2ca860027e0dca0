//! The review document: everything a reviewer builds, saved to a `.scr.ron` file.
//!
//! Collections are kept sorted by id (see [`Review::normalise`]) so that saved files diff
//! cleanly and exports are reproducible. Cross-references are ids, never indices.

use super::date::EventDate;
use super::ids::*;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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

/// Yes / no / not recorded.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Tri {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not known or not recorded.
    #[default]
    Unknown,
}

impl Tri {
    /// Every value.
    pub const ALL: [Tri; 3] = [Tri::Yes, Tri::No, Tri::Unknown];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Tri::Yes => "Yes",
            Tri::No => "No",
            Tri::Unknown => "Unknown",
        }
    }
}

/// A person's place in the case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum PersonRole {
    /// The subject child (or adult).
    Subject,
    /// A sibling or other child in the household.
    Child,
    /// A parent, carer, partner or relative.
    #[default]
    Family,
    /// A frontline practitioner.
    Practitioner,
    /// Anyone else (neighbour, family friend).
    Other,
}

impl PersonRole {
    /// Every role.
    pub const ALL: [PersonRole; 5] = [
        PersonRole::Subject,
        PersonRole::Child,
        PersonRole::Family,
        PersonRole::Practitioner,
        PersonRole::Other,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            PersonRole::Subject => "Subject of the review",
            PersonRole::Child => "Child",
            PersonRole::Family => "Family member",
            PersonRole::Practitioner => "Practitioner",
            PersonRole::Other => "Other",
        }
    }
}

/// A person in the case: a confidential identity and a public label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable id.
    pub id: PersonId,
    /// Public label used in all text: "Child A", "Mother", "Social Worker 1".
    pub label: String,
    /// Confidential: the real name(s), first the one in use.
    #[serde(default)]
    pub real_names: Vec<String>,
    /// Confidential: date of birth.
    #[serde(default)]
    pub date_of_birth: Option<Date>,
    /// Confidential: addresses and postcodes held for this person.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Place in the case.
    #[serde(default)]
    pub role: PersonRole,
    /// Relationship to the subject, or job title for a practitioner ("Mother", "Health visitor").
    #[serde(default)]
    pub relationship: String,
    /// The practitioner's agency.
    #[serde(default)]
    pub agency: Option<AgencyId>,
}

/// The sector an agency belongs to (used for national collation).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Sector {
    /// Children's (or adults') social care.
    SocialCare,
    /// Police.
    Police,
    /// Health: community, primary and acute.
    Health,
    /// Schools, nurseries, early years.
    Education,
    /// Probation and youth justice.
    Probation,
    /// Housing.
    Housing,
    /// Voluntary and community organisations.
    Voluntary,
    /// Anything else.
    #[default]
    Other,
}

impl Sector {
    /// Every sector.
    pub const ALL: [Sector; 8] = [
        Sector::SocialCare,
        Sector::Police,
        Sector::Health,
        Sector::Education,
        Sector::Probation,
        Sector::Housing,
        Sector::Voluntary,
        Sector::Other,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Sector::SocialCare => "Social care",
            Sector::Police => "Police",
            Sector::Health => "Health",
            Sector::Education => "Education",
            Sector::Probation => "Probation",
            Sector::Housing => "Housing",
            Sector::Voluntary => "Voluntary sector",
            Sector::Other => "Other",
        }
    }
}

/// An agency: publicly accountable, so named in public outputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Stable id.
    pub id: AgencyId,
    /// Name, e.g. "Northshire Children's Services".
    pub name: String,
    /// Short name for lanes and tables, e.g. "CSC".
    #[serde(default)]
    pub short_name: String,
    /// Sector.
    #[serde(default)]
    pub sector: Sector,
    /// How the columns of this agency's chronology files were mapped at the last import:
    /// normalised heading -> field. Offered again for the agency's next file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub import_columns: BTreeMap<String, ColumnField>,
}

/// Where a column of an imported chronology goes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum ColumnField {
    /// Not imported (the user's choice).
    Ignore,
    /// Sequence number (orders same-day entries).
    Sequence,
    /// Date (may hold a time too).
    Date,
    /// End date: the entry becomes a range.
    EndDate,
    /// Time of day.
    Time,
    /// Agency, per row.
    Agency,
    /// Source record.
    Source,
    /// Event type.
    EventType,
    /// People present, by label.
    Present,
    /// Practitioner: confidential, kept in the detail.
    Practitioner,
    /// Was the child seen?
    ChildSeen,
    /// Were the child's views sought?
    ViewsSought,
    /// Public summary (written with labels; our own exports only).
    Summary,
    /// Confidential detail: the agency's account.
    #[default]
    Detail,
    /// Action, decision or outcome.
    Outcome,
    /// Reviewer-only comment.
    Comment,
    /// Flags, by label.
    Flags,
}

impl ColumnField {
    /// Every field, in menu order.
    pub const ALL: [ColumnField; 17] = [
        ColumnField::Date,
        ColumnField::EndDate,
        ColumnField::Time,
        ColumnField::Sequence,
        ColumnField::Agency,
        ColumnField::Source,
        ColumnField::EventType,
        ColumnField::Present,
        ColumnField::Practitioner,
        ColumnField::ChildSeen,
        ColumnField::ViewsSought,
        ColumnField::Detail,
        ColumnField::Summary,
        ColumnField::Outcome,
        ColumnField::Comment,
        ColumnField::Flags,
        ColumnField::Ignore,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ColumnField::Ignore => "Do not import",
            ColumnField::Sequence => "Sequence",
            ColumnField::Date => "Date",
            ColumnField::EndDate => "End date",
            ColumnField::Time => "Time",
            ColumnField::Agency => "Agency",
            ColumnField::Source => "Source record",
            ColumnField::EventType => "Event type",
            ColumnField::Present => "People present",
            ColumnField::Practitioner => "Practitioner (confidential)",
            ColumnField::ChildSeen => "Child seen",
            ColumnField::ViewsSought => "Views sought",
            ColumnField::Summary => "Public summary",
            ColumnField::Detail => "Detail (confidential)",
            ColumnField::Outcome => "Action or outcome",
            ColumnField::Comment => "Reviewer comment",
            ColumnField::Flags => "Flags",
        }
    }

    /// The name used on the command line (`--map "Heading=child-seen"`).
    pub fn slug(self) -> &'static str {
        match self {
            ColumnField::Ignore => "ignore",
            ColumnField::Sequence => "sequence",
            ColumnField::Date => "date",
            ColumnField::EndDate => "end-date",
            ColumnField::Time => "time",
            ColumnField::Agency => "agency",
            ColumnField::Source => "source",
            ColumnField::EventType => "event-type",
            ColumnField::Present => "present",
            ColumnField::Practitioner => "practitioner",
            ColumnField::ChildSeen => "child-seen",
            ColumnField::ViewsSought => "views-sought",
            ColumnField::Summary => "summary",
            ColumnField::Detail => "detail",
            ColumnField::Outcome => "outcome",
            ColumnField::Comment => "comment",
            ColumnField::Flags => "flags",
        }
    }

    /// The field named by a slug (or label), any case.
    pub fn from_slug(text: &str) -> Option<ColumnField> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        ColumnField::ALL
            .into_iter()
            .find(|f| f.slug() == t || f.label().to_ascii_lowercase().replace(' ', "-") == t)
    }

    /// True for fields that take one column only (a second one is ambiguous).
    pub fn single(self) -> bool {
        matches!(
            self,
            ColumnField::Sequence
                | ColumnField::Date
                | ColumnField::EndDate
                | ColumnField::Time
                | ColumnField::Agency
                | ColumnField::ChildSeen
                | ColumnField::ViewsSought
                | ColumnField::Summary
                | ColumnField::Flags
        )
    }
}

impl Agency {
    /// The short name, or the name when there is none.
    pub fn short(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }
}

/// A duty a panel member holds in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Duty {
    /// Chair of the safeguarding board (or partnership).
    BoardChair,
    /// Chair of the review panel.
    PanelChair,
    /// Lead reviewer.
    LeadReviewer,
    /// Author of the report.
    Author,
    /// Board business manager or officer.
    BoardOfficer,
}

impl Duty {
    /// Every duty.
    pub const ALL: [Duty; 5] = [
        Duty::BoardChair,
        Duty::PanelChair,
        Duty::LeadReviewer,
        Duty::Author,
        Duty::BoardOfficer,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Duty::BoardChair => "Board chair",
            Duty::PanelChair => "Panel chair",
            Duty::LeadReviewer => "Lead reviewer",
            Duty::Author => "Author",
            Duty::BoardOfficer => "Board officer",
        }
    }

    /// Duties that must be held independently of every agency in the case (Laming 2009).
    pub fn must_be_independent(self) -> bool {
        matches!(self, Duty::PanelChair | Duty::LeadReviewer | Duty::Author)
    }
}

/// A member of the panel or review team. Public by design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelMember {
    /// Stable id.
    pub id: PanelMemberId,
    /// Name.
    pub name: String,
    /// Job title or role on the panel.
    #[serde(default)]
    pub role: String,
    /// Organisation as written.
    #[serde(default)]
    pub organisation: String,
    /// The agency in the case this member works for, if any.
    #[serde(default)]
    pub agency: Option<AgencyId>,
    /// Declared independent of every agency involved.
    #[serde(default)]
    pub independent: bool,
    /// Duties held.
    #[serde(default)]
    pub duties: BTreeSet<Duty>,
}

/// A flag a reviewer puts on a chronology entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Flag {
    /// A missed opportunity to protect.
    MissedOpportunity,
    /// Good practice.
    GoodPractice,
    /// Needs checking (e.g. imported with a problem).
    NeedsChecking,
}

impl Flag {
    /// Every flag.
    pub const ALL: [Flag; 3] = [
        Flag::MissedOpportunity,
        Flag::GoodPractice,
        Flag::NeedsChecking,
    ];

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Flag::MissedOpportunity => "Missed opportunity",
            Flag::GoodPractice => "Good practice",
            Flag::NeedsChecking => "Needs checking",
        }
    }
}

/// Where an imported entry came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// File name (no folder).
    pub file: String,
    /// Sheet, for workbooks.
    #[serde(default)]
    pub sheet: Option<String>,
    /// 1-based row in the sheet or file.
    pub row: u32,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
}

/// One entry of the integrated multi-agency chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChronologyEntry {
    /// Stable id.
    pub id: EventId,
    /// Orders entries on the same day.
    #[serde(default)]
    pub sequence: u32,
    /// When (mandatory; may be uncertain).
    pub date: EventDate,
    /// Optional time of day.
    #[serde(default)]
    pub time: Option<Time>,
    /// The agency whose record this is.
    pub agency: AgencyId,
    /// Source record, e.g. "HV notes" (mandatory in practice; the quality check says so).
    #[serde(default)]
    pub source: String,
    /// Event type, e.g. "Home visit", "A&E attendance", "Strategy discussion".
    #[serde(default)]
    pub event_type: String,
    /// People present.
    #[serde(default)]
    pub present: Vec<PersonId>,
    /// Was the child seen?
    #[serde(default)]
    pub child_seen: Tri,
    /// Were the child's views sought?
    #[serde(default)]
    pub views_sought: Tri,
    /// Public summary, written with labels only.
    #[serde(default)]
    pub summary: String,
    /// Confidential detail from the agency record.
    #[serde(default)]
    pub detail: String,
    /// Action, decision or outcome.
    #[serde(default)]
    pub outcome: String,
    /// Reviewer-only comment.
    #[serde(default)]
    pub comment: String,
    /// Flags.
    #[serde(default)]
    pub flags: BTreeSet<Flag>,
    /// Where the entry was imported from.
    #[serde(default)]
    pub provenance: Option<Provenance>,
}

impl ChronologyEntry {
    /// An entry with what every entry must have (id, date, agency) and nothing else: no
    /// text, no people, nothing known about the child, no flags. Fill the rest with
    /// struct update syntax: `ChronologyEntry { source, ..ChronologyEntry::new(id, date, agency) }`.
    pub fn new(id: EventId, date: EventDate, agency: AgencyId) -> ChronologyEntry {
        ChronologyEntry {
            id,
            sequence: 0,
            date,
            time: None,
            agency,
            source: String::new(),
            event_type: String::new(),
            present: Vec::new(),
            child_seen: Tri::Unknown,
            views_sought: Tri::Unknown,
            summary: String::new(),
            detail: String::new(),
            outcome: String::new(),
            comment: String::new(),
            flags: BTreeSet::new(),
            provenance: None,
        }
    }
}

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

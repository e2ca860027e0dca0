//! The integrated multi-agency chronology: its entries, their flags and provenance, and
//! where the columns of an imported chronology go.

use super::date::EventDate;
use super::ids::*;
use jiff::civil::Time;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

//! People in the case (confidential identities behind public labels), the agencies
//! involved and the panel that reviews them.

use super::chronology::ColumnField;
use super::ids::*;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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

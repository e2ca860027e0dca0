//! Stable newtype identifiers. Ids are saved in files and never reused; they are not
//! petgraph indices (see `analysis::graph` for the mapping).

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// Short prefix used when an id is shown to people ("E12", "F3").
            pub const PREFIX: &'static str = $prefix;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }
    };
}

id_type!(
    /// A chronology entry.
    EventId,
    "E"
);
id_type!(
    /// A person in the case (child, family member, practitioner).
    PersonId,
    "P"
);
id_type!(
    /// An agency involved in the case.
    AgencyId,
    "AG"
);
id_type!(
    /// A member of the panel or review team.
    PanelMemberId,
    "PM"
);
id_type!(
    /// A key practice episode.
    EpisodeId,
    "KPE"
);
id_type!(
    /// A contributory factor.
    FactorId,
    "F"
);
id_type!(
    /// A link between two nodes of the factor graph.
    LinkId,
    "L"
);
id_type!(
    /// A finding (underlying pattern).
    FindingId,
    "FN"
);
id_type!(
    /// A recommendation.
    RecommendationId,
    "R"
);
id_type!(
    /// An action in the action plan.
    ActionId,
    "A"
);

/// Something with a stable id, kept in a collection sorted by that id.
pub trait HasId {
    /// The id type.
    type Id: Ord + Copy;
    /// This item's id.
    fn id(&self) -> Self::Id;
}

/// Look up an item by id in a collection sorted by id.
pub fn find_by_id<T: HasId>(items: &[T], id: T::Id) -> Option<&T> {
    items
        .binary_search_by(|item| item.id().cmp(&id))
        .ok()
        .and_then(|i| items.get(i))
}

/// Mutable look-up by id in a collection sorted by id.
pub fn find_by_id_mut<T: HasId>(items: &mut [T], id: T::Id) -> Option<&mut T> {
    match items.binary_search_by(|item| item.id().cmp(&id)) {
        Ok(i) => items.get_mut(i),
        Err(_) => None,
    }
}

//! The review document: ids, chronology, people and labels, episodes, the factor graph,
//! findings, actions, typologies; and the edits that change it.
//!
//! This module uses only std, serde, jiff and petgraph: no files, no UI.

pub mod chronology;
pub mod date;
pub mod edit;
pub mod episode;
pub mod factors;
pub mod findings;
pub mod ids;
pub mod people;
pub mod review;
pub mod typology;
pub mod words;

pub use date::{DatePoint, EventDate, human_span, month_name, time_text};
pub use edit::{Edit, Item, Key};
pub use ids::*;
// `review` re-exports the document's parts (people, chronology, episode, factors, findings).
pub use review::*;
pub use typology::{Typology, TypologyNode};
pub use words::plural;

/// How the importer begins each note it writes in an entry's reviewer comment; the quality
/// check reads them back to say why an entry needs checking.
pub const IMPORT_NOTE: &str = "Import: ";

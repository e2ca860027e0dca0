//! The review document: ids, chronology, people and labels, episodes, the factor graph,
//! findings, actions, typologies; and the edits that change it.
//!
//! This module uses only std, serde, jiff and petgraph: no files, no UI.

pub mod date;
pub mod edit;
pub mod ids;
pub mod review;
pub mod typology;

pub use date::{DatePoint, EventDate, month_name};
pub use edit::{Edit, Item, Key};
pub use ids::*;
pub use review::*;
pub use typology::{Typology, TypologyNode};

/// How the importer begins each note it writes in an entry's reviewer comment; the quality
/// check reads them back to say why an entry needs checking.
pub const IMPORT_NOTE: &str = "Import: ";

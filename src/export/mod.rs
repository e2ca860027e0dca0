//! Outputs: one report structure built from the review, rendered by backends that return
//! bytes; and the leak check that guards every public output.
//!
//! Nothing here touches files or the UI: callers write the bytes where they like.

pub mod full;
pub mod leak;
pub mod markdown;
pub mod pdf;
pub mod report;
pub mod summary;
pub mod typology_return;

use crate::model::Review;

/// Everything that would be published in the executive summary, checked for
/// confidential identifiers. Empty means the summary may be published.
pub fn leak_check(review: &Review, typologies: &[crate::model::Typology]) -> Vec<leak::Hit> {
    let report = summary::build(review, typologies);
    leak::Checker::new(review).scan_all(report.texts())
}

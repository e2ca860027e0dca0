//! The episodes workspace.

use super::ViewCtx;
use egui::Ui;

/// View state (never saved).
#[derive(Default)]
pub struct State {}

/// Draw the workspace.
pub fn show(ui: &mut Ui, _state: &mut State, _cx: &mut ViewCtx) {
    ui.heading("episodes");
}

/// A new episode holding the given entries, its period spanning their dates.
pub fn from_entries(
    review: &crate::model::Review,
    mut entries: Vec<crate::model::EventId>,
) -> crate::model::Episode {
    entries.sort();
    let dates: Vec<crate::model::EventDate> = entries
        .iter()
        .filter_map(|id| review.entry(*id))
        .map(|e| e.date)
        .collect();
    crate::model::Episode {
        id: review.next_episode_id(),
        title: format!("New episode ({} entries)", entries.len()),
        start: dates.iter().min().copied(),
        end: dates.iter().max().copied(),
        entries,
        appraisal: crate::model::Appraisal::NotAppraised,
        what_happened: String::new(),
        why_it_made_sense: String::new(),
        practitioners_views: String::new(),
    }
}

//! The findings, recommendations and action-plan workspaces.

use super::ViewCtx;
use egui::Ui;

/// View state (never saved).
#[derive(Default)]
pub struct State {}

/// Findings.
pub fn show_findings(ui: &mut Ui, _state: &mut State, _cx: &mut ViewCtx) {
    ui.heading("Findings");
}

/// Recommendations.
pub fn show_recommendations(ui: &mut Ui, _state: &mut State, _cx: &mut ViewCtx) {
    ui.heading("Recommendations");
}

/// The action plan.
pub fn show_actions(ui: &mut Ui, _state: &mut State, _cx: &mut ViewCtx) {
    ui.heading("Action plan");
}

//! The workshop workspace.

use super::ViewCtx;
use egui::Ui;

/// View state (never saved).
#[derive(Default)]
pub struct State {}

/// Draw the workspace.
pub fn show(ui: &mut Ui, _state: &mut State, _cx: &mut ViewCtx) {
    ui.heading("workshop");
}

//! The inspector: edits whatever is selected, with the same forms as the workspaces.

use super::{ViewCtx, Workspace, forms};
use crate::model::*;
use egui::Ui;

/// Draw the inspector for the current selection. Objects the current workspace already
/// edits in full (an episode in Episodes…) are not shown twice.
pub fn show(ui: &mut Ui, cx: &mut ViewCtx, workspace: Workspace) {
    let review = cx.review;
    let edited_here = matches!(
        (workspace, cx.selection.primary),
        (Workspace::Episodes, Some(Key::Episode(_)))
            | (Workspace::Findings, Some(Key::Finding(_)))
            | (Workspace::Recommendations, Some(Key::Recommendation(_)))
    );
    if edited_here {
        ui.heading("Inspector");
        ui.label("The selected item is open for editing in the workspace.");
        return;
    }
    if cx.selection.outcome {
        forms::outcome(ui, cx, &review.outcome);
        return;
    }
    let Some(key) = cx.selection.primary else {
        ui.heading("Inspector");
        ui.label("Select an entry, episode, factor, finding or action to edit it here.");
        if cx.selection.entries.len() > 1 {
            ui.label(format!("{} entries selected.", cx.selection.entries.len()));
        }
        return;
    };
    let missing = |ui: &mut Ui| {
        ui.label(format!("{key} no longer exists."));
    };
    match key {
        Key::Entry(id) => match review.entry(id) {
            Some(e) => forms::entry(ui, cx, e),
            None => missing(ui),
        },
        Key::Episode(id) => match review.episode(id) {
            Some(e) => forms::episode(ui, cx, e),
            None => missing(ui),
        },
        Key::Factor(id) => match review.factor(id) {
            Some(f) => forms::factor(ui, cx, f),
            None => missing(ui),
        },
        Key::Link(id) => match find_by_id(&review.links, id) {
            Some(l) => forms::link(ui, cx, l),
            None => missing(ui),
        },
        Key::Finding(id) => match review.finding(id) {
            Some(f) => forms::finding(ui, cx, f),
            None => missing(ui),
        },
        Key::Recommendation(id) => match review.recommendation(id) {
            Some(r) => forms::recommendation(ui, cx, r),
            None => missing(ui),
        },
        Key::Action(id) => match find_by_id(&review.actions, id) {
            Some(a) => forms::action(ui, cx, a),
            None => missing(ui),
        },
        Key::Person(id) => match review.person(id) {
            Some(p) => forms::person(ui, cx, p),
            None => missing(ui),
        },
        Key::Agency(id) => match review.agency(id) {
            Some(a) => forms::agency_form(ui, cx, a),
            None => missing(ui),
        },
        Key::PanelMember(id) => match find_by_id(&review.panel, id) {
            Some(m) => forms::panel_member(ui, cx, m),
            None => missing(ui),
        },
    }
    ui.separator();
    if ui
        .button("Delete")
        .on_hover_text("Delete this and every reference to it (Delete key)")
        .clicked()
    {
        cx.act(super::Action::Run(super::command::Command::Delete));
    }
}

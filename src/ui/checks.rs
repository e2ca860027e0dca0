//! The checks workspace: the quality check, live; each problem jumps to its object.

use super::{Action, ViewCtx, Workspace, theme};
use crate::analysis::{Severity, Target};
use crate::model::plural;
use egui::{RichText, Ui};

/// Draw the workspace.
pub fn show(ui: &mut Ui, cx: &mut ViewCtx) {
    ui.heading("Quality check");
    let errors = cx
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    ui.label(format!(
        "{}, {}. Click a problem to go to it.",
        plural(errors, "error", "errors"),
        plural(cx.problems.len() - errors, "warning", "warnings")
    ));
    if cx.problems.is_empty() {
        ui.label(RichText::new("No problems found.").color(theme::GOOD));
        return;
    }
    ui.separator();
    let problems = cx.problems;
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(
        ui,
        22.0,
        problems.len(),
        |ui, rows| {
            for p in &problems[rows] {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(p.severity.label())
                            .color(theme::severity(p.severity))
                            .strong(),
                    );
                    let text = format!(
                        "{}{}: {}",
                        p.target,
                        if p.field.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", p.field)
                        },
                        p.message
                    );
                    let resp = ui.link(text);
                    if resp.clicked() {
                        match p.target {
                            Target::Object(key) => cx.act(Action::Jump(key)),
                            Target::Details => cx.act(Action::Show(Workspace::Overview)),
                            Target::Outcome => {
                                cx.act(Action::Show(Workspace::Factors));
                                cx.act(Action::Select(super::Selection {
                                    outcome: true,
                                    ..Default::default()
                                }));
                            }
                        }
                    }
                });
            }
        },
    );
}

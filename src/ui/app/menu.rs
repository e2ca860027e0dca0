//! The menu bar: every item from the command enum, with its shortcut and tooltip.

use super::Prefs;
use crate::ui::Workspace;
use crate::ui::command::Command;
use crate::ui::document::Document;
use egui::Ui;
use std::path::PathBuf;

fn menu_item(ui: &mut Ui, command: Command, enabled: bool, commands: &mut Vec<Command>) {
    menu_item_saying(ui, command, enabled, command.tooltip(), commands);
}

/// A menu item with its own hover text (Undo and Redo say what they would do).
fn menu_item_saying(
    ui: &mut Ui,
    command: Command,
    enabled: bool,
    hover: &str,
    commands: &mut Vec<Command>,
) {
    let mut button = egui::Button::new(command.label());
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    let response = ui.add_enabled(enabled, button);
    let response = if enabled {
        response.on_hover_text(hover)
    } else {
        response.on_disabled_hover_text(hover)
    };
    if response.clicked() {
        commands.push(command);
        ui.close();
    }
}

/// Draws the menu bar; returns a recent file the user chose.
pub(super) fn menu_bar(
    ui: &mut Ui,
    doc: &Document,
    prefs: &Prefs,
    workshop: bool,
    commands: &mut Vec<Command>,
) -> Option<PathBuf> {
    let mut recent = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            menu_item(ui, Command::New, true, commands);
            menu_item(ui, Command::Open, true, commands);
            ui.menu_button("Open recent", |ui| {
                if prefs.recent.is_empty() {
                    ui.label("No recent files");
                }
                for p in &prefs.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        recent = Some(p.clone());
                        ui.close();
                    }
                }
            });
            menu_item(ui, Command::Save, true, commands);
            menu_item(ui, Command::SaveAs, true, commands);
            menu_item(ui, Command::SaveEncrypted, true, commands);
            ui.separator();
            menu_item(ui, Command::Export, true, commands);
            menu_item(ui, Command::Import, true, commands);
            ui.separator();
            menu_item(ui, Command::Quit, true, commands);
        });
        ui.menu_button("Edit", |ui| {
            let undo = doc.undo_what().map(|w| format!("Undo the {w}"));
            let undo = undo.as_deref().unwrap_or("Nothing to undo");
            menu_item_saying(ui, Command::Undo, doc.can_undo(), undo, commands);
            let redo = doc.redo_what().map(|w| format!("Redo the {w}"));
            let redo = redo.as_deref().unwrap_or("Nothing to redo");
            menu_item_saying(ui, Command::Redo, doc.can_redo(), redo, commands);
            ui.separator();
            menu_item(ui, Command::Delete, true, commands);
            menu_item(ui, Command::Find, true, commands);
        });
        ui.menu_button("View", |ui| {
            for w in Workspace::ALL {
                menu_item(ui, Command::Show(w), true, commands);
            }
            ui.separator();
            let mut dark = prefs.dark;
            if ui
                .checkbox(&mut dark, Command::ToggleTheme.label())
                .clicked()
            {
                commands.push(Command::ToggleTheme);
            }
            menu_item(ui, Command::ZoomIn, true, commands);
            menu_item(ui, Command::ZoomOut, true, commands);
            menu_item(ui, Command::ZoomReset, true, commands);
            ui.separator();
            let mut w = workshop;
            if ui
                .checkbox(&mut w, Command::ToggleWorkshop.label())
                .clicked()
            {
                commands.push(Command::ToggleWorkshop);
            }
        });
        ui.menu_button("Help", |ui| {
            menu_item(ui, Command::Shortcuts, true, commands);
            menu_item(ui, Command::About, true, commands);
        });
    });
    recent
}

//! The dialogs on top of the window: unsaved changes, recovery, the lock, passphrases,
//! about, the keyboard shortcuts, errors.

use super::{App, Pending};
use crate::analysis;
use crate::model::*;
use crate::store;
use crate::ui::command::{Command, WORKSPACE_KEYS};
use crate::ui::document::Document;
use crate::ui::theme;
use std::path::PathBuf;

/// A dialog on top of the window.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Dialog {
    Unsaved(Pending),
    Recover(Box<Review>, String),
    Locked(store::lock::Owner),
    ChangedOnDisk(PathBuf),
    /// Asks for the passphrase of an encrypted review (true after a wrong one).
    Passphrase(PathBuf, bool),
    /// Asks for a new passphrase, twice, before Save encrypted… (with what was wrong).
    Encrypt(Option<String>),
    About,
    Shortcuts,
    Error(String),
}

impl App {
    pub(super) fn show_dialog(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        let mut close = false;
        let mut then: Option<Pending> = None;
        let mut save_then: Option<Pending> = None;
        let mut discard_changes = false;
        let mut lock_choice: Option<bool> = None;
        let mut overwrite: Option<PathBuf> = None;
        let mut restore: Option<Option<Review>> = None;
        let mut unlock: Option<(PathBuf, store::Passphrase)> = None;
        let mut encrypt: Option<Result<store::Passphrase, String>> = None;
        egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            // The shortcut list has three columns.
            ui.set_max_width(if dialog == Dialog::Shortcuts { 960.0 } else { 520.0 });
            match &dialog {
                Dialog::Unsaved(pending) => {
                    ui.heading("Save changes?");
                    ui.label(format!("{} has changes that are not saved.", self.doc.file_name()));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            save_then = Some(pending.clone());
                            close = true;
                        }
                        if ui.button("Don't save").clicked() {
                            discard_changes = true;
                            then = Some(pending.clone());
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recover(copy, what) => {
                    ui.heading("Recover unsaved changes?");
                    ui.label(format!(
                        "scr-workbench found a recovery copy of {} with changes that were never saved (the program may have closed unexpectedly).",
                        self.doc.file_name()
                    ));
                    ui.label(format!("It differs from the file in: {what}."));
                    ui.horizontal(|ui| {
                        if ui.button("Restore the changes").clicked() {
                            restore = Some(Some((**copy).clone()));
                            close = true;
                        }
                        if ui.button("Discard the recovery copy").clicked() {
                            restore = Some(None);
                            close = true;
                        }
                    });
                }
                Dialog::Locked(owner) => {
                    ui.heading("This review is open elsewhere");
                    ui.label(format!(
                        "{} has {} open on {} (since {}). Two people saving the same file would lose each other's work.",
                        owner.user,
                        self.doc.file_name(),
                        owner.host,
                        owner.since
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Open read-only").clicked() {
                            lock_choice = Some(false);
                            close = true;
                        }
                        if ui.button("Take over").on_hover_text("Only if you are sure the other copy is closed").clicked() {
                            lock_choice = Some(true);
                            close = true;
                        }
                    });
                }
                Dialog::ChangedOnDisk(path) => {
                    ui.heading("The file changed on disk");
                    ui.label(format!(
                        "{} was changed by someone or something else since you opened it. Saving now would overwrite those changes.",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Overwrite").clicked() {
                            overwrite = Some(path.clone());
                            close = true;
                        }
                        if ui.button("Save as…").clicked() {
                            commands.push(Command::SaveAs);
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Passphrase(path, wrong) => {
                    ui.heading("This review is encrypted");
                    ui.label(format!(
                        "{} is protected by a passphrase. Type it to open the review.",
                        path.display()
                    ));
                    if *wrong {
                        ui.colored_label(
                            theme::severity(analysis::Severity::Error),
                            "That passphrase does not open this review. Nothing was changed.",
                        );
                    }
                    let field = crate::ui::forms::password(ui, "Passphrase", &mut self.pass_input);
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if ui.button("Open").clicked() || enter {
                            unlock = Some((path.clone(), store::Passphrase::new(self.pass_input.clone())));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Encrypt(error) => {
                    ui.heading("Save encrypted");
                    ui.label(
                        "The review, its backup and its recovery copies will only open with this passphrase. \
                         Nothing of the review is written to disk unencrypted. If the passphrase is lost, \
                         the review cannot be recovered.",
                    );
                    crate::ui::forms::password(ui, "New passphrase", &mut self.pass_input);
                    crate::ui::forms::password(ui, "Repeat the passphrase", &mut self.pass_confirm);
                    if let Some(e) = error {
                        ui.colored_label(theme::severity(analysis::Severity::Error), e);
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Choose file and save…").clicked() {
                            let p = store::Passphrase::new(self.pass_input.clone());
                            encrypt = Some(if p.is_empty() {
                                Err("Type a passphrase.".to_string())
                            } else if !p.matches(&store::Passphrase::new(self.pass_confirm.clone())) {
                                Err("The two passphrases differ.".to_string())
                            } else {
                                Ok(p)
                            });
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::About => {
                    ui.heading("scr-workbench");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label(
                        "A workbench for serious case reviews and child safeguarding practice reviews, \
                         built around the systems method: the integrated chronology, key practice \
                         episodes, contributory factors, findings and the action plan.",
                    );
                    ui.label("Licensed MIT or Apache-2.0.");
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Dialog::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
                    shortcut_list(ui);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Dialog::Error(message) => {
                    ui.heading("Something went wrong");
                    ui.label(message);
                    if ui.button("OK").clicked() {
                        close = true;
                    }
                }
            }
        });
        if close {
            self.dialog = None;
            self.pass_input.clear();
            self.pass_confirm.clear();
        }
        if let Some((path, passphrase)) = unlock {
            self.open_path_with(&path, Some(passphrase));
        }
        match encrypt {
            Some(Ok(passphrase)) => {
                self.dialog = None;
                self.pass_input.clear();
                self.pass_confirm.clear();
                let before = self.doc.passphrase.replace(passphrase);
                if !self.save_as() {
                    self.doc.passphrase = before;
                }
            }
            Some(Err(e)) => self.dialog = Some(Dialog::Encrypt(Some(e))),
            None => {}
        }
        match lock_choice {
            Some(true) => {
                if let Some(path) = self.doc.path.clone() {
                    match store::lock::Lock::take_over(&path) {
                        Ok(lock) => {
                            self.lock = Some(lock);
                            self.read_only = false;
                            self.status = "You have taken over the file".into();
                        }
                        Err(_) => {
                            self.read_only = true;
                            self.status = "Could not take over the file: opened read-only".into();
                        }
                    }
                }
            }
            Some(false) => {
                self.read_only = true;
                self.status = "Opened read-only".into();
            }
            None => {}
        }
        if let Some(path) = overwrite {
            self.save_to(path);
        }
        if discard_changes {
            self.wait_for_autosave();
            store::recovery::discard(&self.recovery_path());
        }
        match restore {
            Some(Some(copy)) => {
                let path = self.doc.path.clone();
                let passphrase = self.doc.passphrase.take();
                self.doc = Document::new(copy, path);
                self.doc.passphrase = passphrase;
                self.doc.mark_unsaved();
                self.problems_revision = None;
                self.status = "Restored the unsaved changes: save to keep them".into();
            }
            Some(None) => {
                store::recovery::discard(&self.recovery_path());
                self.status = "Recovery copy discarded".into();
            }
            None => {}
        }
        if let Some(p) = then {
            self.proceed(p);
        }
        if let Some(p) = save_then {
            match self.doc.path.clone() {
                Some(path) => {
                    self.save_checked(path);
                    if self.saving.is_some() {
                        self.wait_for_save();
                    }
                    if !self.doc.is_dirty() {
                        self.proceed(p);
                    }
                }
                None => commands.push(Command::SaveAs),
            }
        }
    }
}

/// Every shortcut, from the command enum, by menu in menu order; the workspaces, and the
/// keys that work inside a workspace, each in a column of their own.
fn shortcut_list(ui: &mut egui::Ui) {
    // (group, what, keys) rows: a command with two shortcuts has a row for each.
    let mut menus: Vec<(&str, String, String)> = Vec::new();
    let mut workspaces = Vec::new();
    for c in Command::all() {
        for s in c.shortcuts() {
            let row = (c.group(), c.label(), ui.ctx().format_shortcut(&s));
            if matches!(c, Command::Show(_)) {
                workspaces.push(row);
            } else {
                menus.push(row);
            }
        }
    }
    let inside: Vec<(&str, String, String)> = WORKSPACE_KEYS
        .iter()
        .map(|(group, what, keys)| (*group, (*what).to_string(), (*keys).to_string()))
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    let column = |ui: &mut egui::Ui, id: &str, rows: &[(&str, String, String)]| {
        egui::Grid::new(id)
            .num_columns(2)
            .spacing([16.0, 2.0])
            .min_row_height(row_height)
            .show(ui, |ui| {
                let mut last = "";
                for (group, what, keys) in rows {
                    if *group != last {
                        ui.vertical(|ui| {
                            if !last.is_empty() {
                                ui.add_space(8.0);
                            }
                            ui.strong(*group);
                        });
                        ui.end_row();
                        last = group;
                    }
                    ui.label(what);
                    ui.label(keys);
                    ui.end_row();
                }
            });
    };
    egui::ScrollArea::vertical()
        .id_salt("shortcuts_scroll")
        .max_height(ui.ctx().content_rect().height() * 0.75)
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                column(ui, "shortcuts_menus", &menus);
                ui.add_space(24.0);
                column(ui, "shortcuts_workspaces", &workspaces);
                ui.add_space(24.0);
                column(ui, "shortcuts_inside", &inside);
            });
        });
}

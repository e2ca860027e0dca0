//! The application frame: menu bar, navigation, inspector, status bar, dialogs, and
//! applying the edits and actions views collected during the frame.

use super::command::Command;
use super::document::Document;
use super::{Action, Selection, ViewCtx, Workspace, theme};
use crate::analysis::{self, Problem, Severity};
use crate::model::*;
use crate::store;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

mod dialogs;
mod menu;

use dialogs::Dialog;
use menu::menu_bar;

/// Preferences kept in eframe storage (never review content).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme.
    pub dark: bool,
    /// Text size.
    pub zoom: f32,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Last workspace.
    pub workspace: Workspace,
    /// The name recorded in the audit trail (empty: the operating-system user).
    pub user_name: String,
    /// The inspector's width (points): the user sets it by dragging its edge; what is
    /// selected never changes it.
    pub inspector_width: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            zoom: 1.0,
            recent: Vec::new(),
            workspace: Workspace::Overview,
            user_name: String::new(),
            inspector_width: INSPECTOR_WIDTH,
        }
    }
}

/// The inspector's width until the user drags its edge, and how narrow and wide it goes.
const INSPECTOR_WIDTH: f32 = 340.0;
const INSPECTOR_WIDTHS: std::ops::RangeInclusive<f32> = 260.0..=720.0;

/// What to do once the unsaved-changes question is answered.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    New,
    Open(Option<PathBuf>),
    Quit,
}

/// A save under way in the background: its result, the document state it saved, where.
type Saving = (mpsc::Receiver<Result<(), String>>, u64, PathBuf);

/// Per-view state (never saved).
#[derive(Default)]
pub(super) struct Views {
    pub chronology: super::chronology::State,
    pub timeline: super::timeline::State,
    pub episodes: super::episodes::State,
    pub graph: super::graph::State,
    pub typology: super::typology::State,
    pub findings: super::findings::State,
    pub workshop: super::workshop::State,
    pub export: super::export::State,
    pub import: super::import::State,
    pub collation: super::collation::State,
}

/// The workbench.
pub struct App {
    /// The open review.
    pub doc: Document,
    /// Typologies available to it.
    pub typologies: Vec<Typology>,
    /// Current selection.
    pub selection: Selection,
    /// Current workspace.
    pub workspace: Workspace,
    /// Workshop mode.
    pub workshop: bool,
    /// Preferences.
    pub prefs: Prefs,
    views: Views,
    dialog: Option<Dialog>,
    status: String,
    problems: Vec<Problem>,
    problems_revision: Option<u64>,
    saving: Option<Saving>,
    quit_confirmed: bool,
    fonts_installed: bool,
    title: String,
    /// How often a recovery copy is written while there are unsaved changes.
    pub autosave_interval: std::time::Duration,
    /// Where recovery copies of never-saved reviews go.
    pub recovery_dir: PathBuf,
    last_autosave: (std::time::Instant, u64),
    lock: Option<store::lock::Lock>,
    /// The review as last loaded or saved: what the audit trail compares against.
    baseline: Review,
    /// Open read-only (someone else has it open): edits are refused.
    pub read_only: bool,
    disk_stamp: Option<store::lock::Stamp>,
    autosaving: Option<std::thread::JoinHandle<()>>,
    /// Set when the app asks to close the window (tests read it).
    pub quit_requested: bool,
    /// What is typed in the passphrase dialogs (cleared when they close).
    pass_input: String,
    pass_confirm: String,
}

impl App {
    /// A new app, with preferences from storage, opening `file` if given.
    pub fn new(storage: Option<&dyn eframe::Storage>, file: Option<PathBuf>) -> App {
        let prefs: Prefs = storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let mut app = App::with_review(Review::new(ReviewKind::default()), None);
        app.workspace = prefs.workspace;
        app.prefs = prefs;
        if let Some(path) = file {
            app.open_path(&path);
        }
        app
    }

    /// An app showing a review (for tests and benchmarks).
    pub fn with_review(review: Review, path: Option<PathBuf>) -> App {
        let (typologies, errors) = store::typologies::for_review(path.as_deref());
        let baseline = review.clone();
        let mut app = App {
            doc: Document::new(review, path),
            typologies,
            selection: Selection::default(),
            workspace: Workspace::Overview,
            workshop: false,
            prefs: Prefs::default(),
            views: Views::default(),
            dialog: None,
            status: String::new(),
            problems: Vec::new(),
            problems_revision: None,
            saving: None,
            quit_confirmed: false,
            fonts_installed: false,
            title: String::new(),
            autosave_interval: std::time::Duration::from_secs(60),
            recovery_dir: default_recovery_dir(),
            last_autosave: (std::time::Instant::now(), 0),
            lock: None,
            baseline,
            read_only: false,
            disk_stamp: None,
            autosaving: None,
            quit_requested: false,
            pass_input: String::new(),
            pass_confirm: String::new(),
        };
        if let Some(e) = errors.first() {
            app.status = format!("A typology file could not be read: {e}");
        }
        app
    }

    /// Open the import dialog on an agency's chronology file.
    pub fn import_file(&mut self, path: &Path) {
        self.views.import.open_file(path);
    }

    /// Choose where the export dialog's next export goes (a file, or a folder for the
    /// extracts), as its native file dialog would: scripted runs and tests cannot answer
    /// a native dialog.
    pub fn export_to(&mut self, path: &Path) {
        self.views.export.preset_path = Some(path.to_path_buf());
    }

    /// Open a review file (no unsaved-changes question: callers ask first). An encrypted
    /// review asks for its passphrase.
    pub fn open_path(&mut self, path: &Path) {
        self.open_path_with(path, None);
    }

    /// Open a review file, decrypting it with `passphrase` when it is encrypted.
    pub fn open_path_with(&mut self, path: &Path, passphrase: Option<store::Passphrase>) {
        match store::load_with(path, passphrase.as_ref()) {
            Err(e) if e.needs_passphrase() => {
                let wrong = matches!(e, store::LoadError::WrongPassphrase { .. });
                self.dialog = Some(Dialog::Passphrase(path.to_path_buf(), wrong));
            }
            Ok(review) => {
                let (typologies, errors) = store::typologies::for_review(Some(path));
                self.typologies = typologies;
                self.baseline = review.clone();
                self.doc = Document::new(review, Some(path.to_path_buf()));
                self.doc.passphrase = passphrase;
                self.disk_stamp = store::lock::stamp(path);
                self.read_only = false;
                self.lock = None;
                match store::lock::Lock::acquire(path) {
                    Ok(lock) => self.lock = Some(lock),
                    Err(store::lock::LockError::Held(owner)) => {
                        self.dialog = Some(Dialog::Locked(owner))
                    }
                    Err(store::lock::LockError::Io(e)) => {
                        self.status = format!(
                            "Could not mark the file as open ({e}); others will not see that you have it open"
                        );
                    }
                }
                self.selection = Selection::default();
                self.views = Views::default();
                self.problems_revision = None;
                self.prefs.recent.retain(|p| p != path);
                self.prefs.recent.insert(0, path.to_path_buf());
                self.prefs.recent.truncate(10);
                self.status = match errors.first() {
                    Some(e) => format!("Opened; but a typology file could not be read: {e}"),
                    None => format!("Opened {}", self.doc.file_name()),
                };
                if self.dialog.is_none() {
                    self.offer_recovery();
                }
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "The review could not be opened.\n\n{e}"
                )));
            }
        }
    }

    fn recovery_path(&self) -> PathBuf {
        store::recovery::path_for(self.doc.path.as_deref(), &self.recovery_dir)
    }

    /// After opening: if a recovery copy newer than the file exists and differs, ask.
    pub fn offer_recovery(&mut self) {
        let rec = self.recovery_path();
        match store::recovery::find(self.doc.path.as_deref(), &rec, self.doc.passphrase.as_ref()) {
            Some(Ok(copy)) if copy != self.doc.review => {
                let what = analysis::diff::describe(&analysis::diff::diff(&self.doc.review, &copy));
                self.dialog = Some(Dialog::Recover(Box::new(copy), what));
            }
            Some(Ok(_)) => store::recovery::discard(&rec),
            Some(Err(e)) => self.status = format!("A recovery copy could not be read: {e}"),
            None => {}
        }
    }

    /// Write a recovery copy in the background when there are unsaved changes and the
    /// interval has passed since the last one.
    fn autosave(&mut self) {
        if self.autosaving.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        let (at, revision) = self.last_autosave;
        if !self.doc.is_dirty()
            || revision == self.doc.revision
            || at.elapsed() < self.autosave_interval
        {
            return;
        }
        let review = self.doc.review.clone();
        let path = self.recovery_path();
        let passphrase = self.doc.passphrase.clone();
        self.last_autosave = (std::time::Instant::now(), self.doc.revision);
        self.autosaving = Some(std::thread::spawn(move || {
            // A failed recovery write must not disturb the user: the next one retries.
            let _ = store::recovery::write(&review, &path, passphrase.as_ref());
        }));
    }

    /// Wait for a recovery write under way (tests).
    pub fn wait_for_autosave(&mut self) {
        if let Some(h) = self.autosaving.take() {
            let _ = h.join();
        }
    }

    /// Save, unless the file changed on disk since it was opened or saved here (then ask).
    pub fn save_checked(&mut self, path: PathBuf) {
        if self.read_only && self.doc.path.as_deref() == Some(path.as_path()) {
            self.status = "This review is open read-only: use Save as… to save a copy".into();
            return;
        }
        if self.doc.path.as_deref() == Some(path.as_path())
            && store::lock::stamp(&path) != self.disk_stamp
        {
            self.dialog = Some(Dialog::ChangedOnDisk(path));
            return;
        }
        self.save_to(path);
    }

    /// Save to a path in the background; the window stays responsive.
    pub fn save_to(&mut self, path: PathBuf) {
        if self.saving.is_some() {
            self.status = "Still saving…".into();
            return;
        }
        let summary =
            analysis::diff::describe(&analysis::diff::diff(&self.baseline, &self.doc.review));
        let who = if self.prefs.user_name.trim().is_empty() {
            store::lock::Owner::me().user
        } else {
            self.prefs.user_name.clone()
        };
        self.doc.review.audit.push(AuditRecord {
            who,
            when: jiff::Timestamp::now().to_string(),
            summary,
        });
        let review = self.doc.review.clone();
        self.baseline = review.clone();
        let state = self.doc.state();
        let (tx, rx) = mpsc::channel();
        let target = path.clone();
        let passphrase = self.doc.passphrase.clone();
        std::thread::spawn(move || {
            let result =
                store::save_with(&review, &target, passphrase.as_ref()).map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        self.saving = Some((rx, state, path));
        self.status = "Saving…".into();
    }

    /// Wait for a background save to finish (tests).
    pub fn wait_for_save(&mut self) {
        if let Some((rx, _, _)) = &self.saving {
            let result = rx
                .recv()
                .unwrap_or_else(|_| Err("the save was interrupted".into()));
            self.finish_save(result);
        }
    }

    fn poll_save(&mut self) {
        let result = match &self.saving {
            Some((rx, _, _)) => match rx.try_recv() {
                Ok(r) => r,
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => Err("the save was interrupted".into()),
            },
            None => return,
        };
        self.finish_save(result);
    }

    fn finish_save(&mut self, result: Result<(), String>) {
        let Some((_, state, path)) = self.saving.take() else {
            return;
        };
        match result {
            Ok(()) => {
                self.wait_for_autosave();
                store::recovery::discard(&self.recovery_path());
                self.doc.mark_saved(state);
                if self.doc.path.as_deref() != Some(path.as_path()) {
                    self.doc.path = Some(path.clone());
                    self.read_only = false;
                    self.lock = store::lock::Lock::acquire(&path).ok();
                }
                self.disk_stamp = store::lock::stamp(&path);
                store::recovery::discard(&self.recovery_path());
                self.prefs.recent.retain(|p| p != &path);
                self.prefs.recent.insert(0, path);
                self.prefs.recent.truncate(10);
                self.status = format!("Saved {}", self.doc.file_name());
                if self.quit_confirmed {
                    self.quit_requested = true;
                }
            }
            Err(e) => {
                self.quit_confirmed = false;
                self.dialog = Some(Dialog::Error(format!(
                    "The review was not saved. Your changes are still open here.\n\n{e}"
                )));
            }
        }
    }

    /// The problems of the quality check, recomputed only when the review changed.
    pub fn problems(&mut self) -> &[Problem] {
        if self.problems_revision != Some(self.doc.revision) {
            self.problems = analysis::quality::check(&self.doc.review, &self.typologies);
            self.problems_revision = Some(self.doc.revision);
        }
        &self.problems
    }

    /// Run a command.
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.ask_unsaved(Pending::New),
            Command::Open => self.ask_unsaved(Pending::Open(None)),
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.save_checked(p),
                None => {
                    self.save_as();
                }
            },
            Command::SaveAs => {
                self.save_as();
            }
            Command::SaveEncrypted => {
                self.pass_input.clear();
                self.pass_confirm.clear();
                self.dialog = Some(Dialog::Encrypt(None));
            }
            Command::Export => self.export(),
            Command::Import => self.views.import.choose_file(),
            Command::Quit => self.ask_unsaved(Pending::Quit),
            Command::Undo | Command::Redo | Command::Delete if self.read_only => {
                self.status = "This review is open read-only".into();
            }
            Command::Undo => {
                let what = self.doc.undo_what().map(str::to_owned);
                self.status = match what {
                    Some(what) if self.doc.undo() => format!("Undid: {what}"),
                    _ => "Nothing to undo".into(),
                };
            }
            Command::Redo => {
                let what = self.doc.redo_what().map(str::to_owned);
                self.status = match what {
                    Some(what) if self.doc.redo() => format!("Redid: {what}"),
                    _ => "Nothing to redo".into(),
                };
            }
            Command::Delete => self.delete_selection(),
            Command::Find => {
                self.workspace = Workspace::Chronology;
                self.views.chronology.focus_filter = true;
            }
            Command::Show(w) => {
                self.workspace = w;
                self.workshop = false;
            }
            Command::ToggleWorkshop => {
                self.workshop = !self.workshop;
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.workshop));
            }
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(3.0),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.5),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::About => self.dialog = Some(Dialog::About),
            Command::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
        }
    }

    fn ask_unsaved(&mut self, then: Pending) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Pending) {
        match then {
            Pending::New => {
                *self = App {
                    prefs: self.prefs.clone(),
                    ..App::with_review(Review::new(ReviewKind::default()), None)
                };
                self.status = "New review".into();
            }
            Pending::Open(Some(path)) => self.open_path(&path),
            Pending::Open(None) => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Review", &["ron"])
                    .set_title("Open review")
                    .pick_file()
                {
                    self.open_path(&path);
                }
            }
            Pending::Quit => {
                self.quit_confirmed = true;
                self.quit_requested = true;
            }
        }
    }

    /// Ask for a file and save there; false when the user cancelled.
    fn save_as(&mut self) -> bool {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || "review.scr.ron".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
        if let Some(mut path) = rfd::FileDialog::new()
            .add_filter("Review", &["ron"])
            .set_file_name(name)
            .set_title("Save review as")
            .save_file()
        {
            if !path.to_string_lossy().ends_with(store::EXTENSION) {
                path = PathBuf::from(format!("{}.{}", path.display(), store::EXTENSION));
            }
            self.save_checked(path);
            return true;
        }
        false
    }

    fn export(&mut self) {
        self.views.export.open = true;
    }

    fn delete_selection(&mut self) {
        let Some(key) = self.selection.primary else {
            self.status = "Nothing selected to delete".into();
            return;
        };
        match self.doc.review.delete(key) {
            Some(edit) => {
                self.doc.apply(edit, None);
                self.selection = Selection::default();
                self.status = format!("Deleted {key} (Ctrl+Z to undo)");
            }
            None => {
                self.status = format!("{key} is still used elsewhere; remove its uses first");
            }
        }
    }

    /// The workspace that shows an object.
    fn workspace_of(&self, key: Key) -> Workspace {
        match key {
            Key::Entry(_) => {
                if self.workspace == Workspace::Timeline {
                    Workspace::Timeline
                } else {
                    Workspace::Chronology
                }
            }
            Key::Episode(_) => Workspace::Episodes,
            Key::Factor(_) | Key::Link(_) => Workspace::Factors,
            Key::Finding(_) => Workspace::Findings,
            Key::Recommendation(_) => Workspace::Recommendations,
            Key::Action(_) => Workspace::Actions,
            Key::Person(_) | Key::Agency(_) | Key::PanelMember(_) => Workspace::Overview,
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field takes plain keys: a focused button or canvas must not
        // swallow Delete or F1.
        let typing = ctx.text_edit_focused();
        let mut shortcuts: Vec<(Command, egui::KeyboardShortcut)> = Command::all()
            .into_iter()
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (c, s)))
            .collect();
        // Longer chords first: Ctrl+Z would take Ctrl+Shift+Z too.
        shortcuts.sort_by_key(|(_, s)| {
            let m = s.modifiers;
            std::cmp::Reverse(u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl))
        });
        for (command, shortcut) in shortcuts {
            // Plain keys (Delete, F1, F11) must not fire while typing in a field.
            if typing && shortcut.modifiers.is_none() {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.run_command(ctx, command);
            }
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.ask_unsaved(Pending::Open(Some(path)));
        }
    }

    fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quit_confirmed
            && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Pending::Quit));
        }
        if self.quit_requested && self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{}{} — scr-workbench",
            if self.doc.is_dirty() { "● " } else { "" },
            self.doc.file_name(),
            if self.read_only { " (read-only)" } else { "" }
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title (tests read it).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Draw the whole app into `ui` (the eframe root, or a test harness).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            theme::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        self.poll_save();
        self.autosave();
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let zoom = self.prefs.zoom
            * if self.workshop {
                theme::WORKSHOP_ZOOM
            } else {
                1.0
            };
        if (ctx.zoom_factor() - zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(zoom);
        }
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        self.problems();

        let mut cx = ViewCtx {
            review: &self.doc.review,
            revision: self.doc.revision,
            typologies: &self.typologies,
            selection: &self.selection,
            problems: &self.problems,
            focus: ctx.memory(|m| m.focused()),
            edits: Vec::new(),
            actions: Vec::new(),
        };
        let mut commands: Vec<Command> = Vec::new();

        let mut open_recent = None;
        egui::Panel::top("menu").show(ui, |ui| {
            open_recent = menu_bar(ui, &self.doc, &self.prefs, self.workshop, &mut commands);
        });
        let (errors, warnings) = self
            .problems
            .iter()
            .fold((0, 0), |(e, w), p| match p.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
            });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(self.doc.file_name());
                if self.doc.is_dirty() {
                    ui.label(
                        RichText::new("● unsaved changes")
                            .color(theme::severity(Severity::Warning)),
                    );
                }
                ui.separator();
                let r = cx.review;
                ui.label(
                    [
                        plural(r.chronology.len(), "entry", "entries"),
                        plural(r.agencies.len(), "agency", "agencies"),
                        plural(r.episodes.len(), "episode", "episodes"),
                        plural(r.factors.len(), "factor", "factors"),
                        plural(r.findings.len(), "finding", "findings"),
                        plural(r.actions.len(), "action", "actions"),
                    ]
                    .join(" · "),
                );
                ui.separator();
                let checks = ui
                    .link(format!(
                        "{}, {}",
                        plural(errors, "error", "errors"),
                        plural(warnings, "warning", "warnings")
                    ))
                    .on_hover_text("Open the quality check");
                if checks.clicked() {
                    commands.push(Command::Show(Workspace::Checks));
                }
                if !self.status.is_empty() {
                    ui.separator();
                    ui.label(&self.status);
                }
            });
        });

        if self.workshop {
            egui::CentralPanel::default().show(ui, |ui| {
                super::workshop::show(ui, &mut self.views.workshop, &mut cx);
            });
        } else {
            egui::Panel::left("nav").resizable(false).show(ui, |ui| {
                ui.add_space(6.0);
                for w in Workspace::ALL {
                    let label = match w {
                        Workspace::Checks => format!("{} ({})", w.label(), errors + warnings),
                        _ => w.label().to_string(),
                    };
                    let shortcut = Command::Show(w)
                        .shortcut()
                        .map(|s| ctx.format_shortcut(&s))
                        .unwrap_or_default();
                    if ui
                        .selectable_label(self.workspace == w, label)
                        .on_hover_text(format!("{} ({shortcut})", w.description()))
                        .clicked()
                    {
                        commands.push(Command::Show(w));
                    }
                }
                ui.separator();
                if ui
                    .button("Workshop mode")
                    .on_hover_text(Command::ToggleWorkshop.tooltip())
                    .clicked()
                {
                    commands.push(Command::ToggleWorkshop);
                }
            });
            // The collation does not work on the open review: no inspector beside it.
            if self.workspace != Workspace::Collation {
                // Its width is the user's, not its content's: content wraps inside, and
                // what cannot wrap scrolls, so the workspace beside it never jumps.
                let panel = egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(self.prefs.inspector_width)
                    .size_range(INSPECTOR_WIDTHS)
                    .show(ui, |ui| {
                        egui::ScrollArea::both()
                            .id_salt("inspector_scroll")
                            .auto_shrink(false)
                            .show(ui, |ui| {
                                super::inspector::show(ui, &mut cx, self.workspace);
                            });
                    });
                self.prefs.inspector_width = panel.response.rect.width();
            }
            egui::CentralPanel::default().show(ui, |ui| match self.workspace {
                Workspace::Overview => super::overview::show(ui, &mut cx),
                Workspace::Chronology => {
                    super::chronology::show(ui, &mut self.views.chronology, &mut cx)
                }
                Workspace::Timeline => super::timeline::show(ui, &mut self.views.timeline, &mut cx),
                Workspace::Episodes => super::episodes::show(ui, &mut self.views.episodes, &mut cx),
                Workspace::Factors => super::graph::show(ui, &mut self.views.graph, &mut cx),
                Workspace::Typologies => {
                    super::typology::show(ui, &mut self.views.typology, &mut cx)
                }
                Workspace::Findings => {
                    super::findings::show_findings(ui, &mut self.views.findings, &mut cx)
                }
                Workspace::Recommendations => {
                    super::findings::show_recommendations(ui, &mut self.views.findings, &mut cx)
                }
                Workspace::Actions => {
                    super::findings::show_actions(ui, &mut self.views.findings, &mut cx)
                }
                Workspace::Checks => super::checks::show(ui, &mut cx),
                Workspace::Collation => super::collation::show(ui, &mut self.views.collation),
            });
        }

        super::export::show(&ctx, &mut self.views.export, &mut cx);
        super::import::show(&ctx, &mut self.views.import, &mut cx);
        let ViewCtx { edits, actions, .. } = cx;
        self.show_dialog(&ctx, &mut commands);
        if self.read_only && !edits.is_empty() {
            self.status =
                "This review is open read-only: changes are not kept (Save as… to work on a copy)"
                    .into();
        } else {
            for (edit, merge) in edits {
                self.doc.apply(edit, merge);
            }
        }
        for action in actions {
            match action {
                Action::Select(s) => self.selection = s,
                Action::Jump(key) => {
                    self.selection = Selection::only(key);
                    self.workspace = self.workspace_of(key);
                    self.views.chronology.scroll_to = match key {
                        Key::Entry(id) => Some(id),
                        _ => None,
                    };
                }
                Action::Show(w) => self.workspace = w,
                Action::Run(c) => commands.push(c),
                Action::Seal => self.doc.seal(),
                Action::Notify(s) => self.status = s,
            }
        }
        for c in commands {
            self.run_command(&ctx, c);
        }
        if let Some(path) = open_recent {
            self.ask_unsaved(Pending::Open(Some(path)));
        }
        self.prefs.workspace = self.workspace;
        self.handle_close(&ctx);
        self.update_title(&ctx);
    }
}

/// The user's data folder for recovery copies of reviews never saved.
fn default_recovery_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("scr-workbench").join("recovery")
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

//! The Collation workspace: national counts of typology codes across many reviews and
//! returns (issue 6). Folders are chosen here; the collation runs on a background thread
//! with a progress bar; filters (years, kinds, sectors) run it again; the charts are the
//! briefing's (top codes, trend, aggregate causal map) drawn with egui_plot and the painter
//! from the same data ([`crate::collate::charts`]); every count can be clicked to list the
//! reviews behind it.
//!
//! Nothing here touches the open review: the workspace is independent of it.

mod tabs;

use super::theme;
use crate::collate::tables::year_name;
use crate::collate::{self, Collation, Filter, Key, Options, Progress, Role};
use crate::model::{ReviewKind, Sector, plural};
use egui::{RichText, Ui};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use tabs::{causal_map, together, top_codes, trend};

/// How many codes the bar chart and the table show.
const TOP: usize = 20;

/// The tabs of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    TopCodes,
    Trend,
    Map,
    Together,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::TopCodes, Tab::Trend, Tab::Map, Tab::Together];

    fn label(self) -> &'static str {
        match self {
            Tab::TopCodes => "Top codes",
            Tab::Trend => "Trend over time",
            Tab::Map => "Causal map",
            Tab::Together => "Codes found together",
        }
    }
}

/// A collation under way.
struct Running {
    progress: Arc<Progress>,
    result: mpsc::Receiver<Result<Collation, String>>,
}

/// The count whose reviews are listed.
#[derive(Debug, Clone, PartialEq)]
struct Drill {
    title: String,
    key: Key,
}

/// The workspace's state (never saved).
pub struct State {
    folders: Vec<PathBuf>,
    folder_text: String,
    crosswalks: Vec<PathBuf>,
    crosswalk_text: String,
    top_level: bool,
    all_years: bool,
    year_from: i16,
    year_to: i16,
    kinds: std::collections::BTreeSet<ReviewKind>,
    sectors: std::collections::BTreeSet<Sector>,
    running: Option<Running>,
    result: Option<Collation>,
    error: Option<String>,
    tab: Tab,
    role: Role,
    map_typology: Option<String>,
    drill: Option<Drill>,
}

impl Default for State {
    fn default() -> Self {
        State {
            folders: Vec::new(),
            folder_text: String::new(),
            crosswalks: Vec::new(),
            crosswalk_text: String::new(),
            top_level: false,
            all_years: true,
            year_from: 2010,
            year_to: 2030,
            kinds: Default::default(),
            sectors: Default::default(),
            running: None,
            result: None,
            error: None,
            tab: Tab::TopCodes,
            role: Role::Factor,
            map_typology: None,
            drill: None,
        }
    }
}

impl State {
    /// The filter as set in the controls.
    fn filter(&self) -> Filter {
        Filter {
            years: (!self.all_years).then_some((self.year_from, self.year_to)),
            kinds: self.kinds.clone(),
            sectors: self.sectors.clone(),
        }
    }

    /// Start collating the folders in the background.
    fn start(&mut self, ctx: &egui::Context) {
        self.error = None;
        let typologies = crate::store::typologies::builtin();
        let mut crosswalks = Vec::new();
        for path in &self.crosswalks {
            match collate::crosswalk::load(path, &typologies) {
                Ok(x) => crosswalks.push(x),
                Err(e) => {
                    self.error = Some(e.to_string());
                    return;
                }
            }
        }
        let options = Options {
            typologies,
            crosswalks,
            top_level: self.top_level,
            filter: self.filter(),
            threads: 0,
        };
        let folders = self.folders.clone();
        let progress = Arc::new(Progress::default());
        let (tx, rx) = mpsc::channel();
        let shared = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let (inputs, unreadable) = collate::find_inputs(&folders, &[]);
            let result = if inputs.is_empty() {
                Err(format!(
                    "No review files (*.scr.ron) or typology returns (*.json) found{}",
                    unreadable
                        .first()
                        .map(|s| format!(": {s}"))
                        .unwrap_or_default()
                ))
            } else {
                let mut c = collate::collate(&inputs, &options, &shared);
                c.skipped.splice(0..0, unreadable);
                Ok(c)
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.running = Some(Running {
            progress,
            result: rx,
        });
    }

    /// Take the result of a finished collation.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(run) = &self.running else { return };
        match run.result.try_recv() {
            Ok(Ok(c)) => {
                self.result = Some(c);
                self.running = None;
                self.drill = None;
            }
            Ok(Err(e)) => {
                self.error = Some(e);
                self.running = None;
            }
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                self.error = Some("The collation stopped unexpectedly (please report)".into());
                self.running = None;
            }
        }
    }
}

/// A button showing a count, named for screen readers and tests by what it counts.
fn count_button(ui: &mut Ui, shown: String, name: String) -> bool {
    let resp = ui
        .add(egui::Button::new(shown).small())
        .on_hover_text("List the reviews behind this count");
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
    resp.clicked()
}

/// A labelled single-line text field.
fn text_field(ui: &mut Ui, text: &mut String, label: &str, hint: &str) {
    let resp = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(360.0),
    );
    let label = label.to_string();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, label.clone()));
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State) {
    state.poll(ui.ctx());
    ui.heading("National collation");
    ui.label(
        "Count typology codes across many reviews and typology returns. Review files are turned into their anonymised return first: nothing confidential is read into the counts.",
    );
    ui.add_space(4.0);
    inputs(ui, state);
    ui.separator();
    let Some(c) = state.result.take() else {
        if state.running.is_none() {
            ui.label("Add one or more folders and press Collate.");
        }
        return;
    };
    results(ui, state, &c);
    state.result = Some(c);
}

/// Folders, crosswalks, options, filters and the Collate button.
fn inputs(ui: &mut Ui, state: &mut State) {
    egui::Grid::new("collation_inputs")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label("Folders");
            ui.vertical(|ui| folders(ui, state));
            ui.end_row();

            ui.label("Crosswalks");
            ui.vertical(|ui| crosswalks(ui, state));
            ui.end_row();

            ui.label("Filters");
            ui.horizontal(|ui| filters(ui, state));
            ui.end_row();
        });

    ui.horizontal(|ui| run_controls(ui, state));
    if let Some(e) = &state.error {
        ui.label(RichText::new(e).color(theme::severity(crate::analysis::Severity::Error)));
    }
}

/// A list of paths, each with a Remove button.
fn path_list(ui: &mut Ui, paths: &mut Vec<PathBuf>) {
    let mut remove = None;
    for (i, f) in paths.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(f.display().to_string());
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        paths.remove(i);
    }
}

/// The folders to collate, and the controls to add one.
fn folders(ui: &mut Ui, state: &mut State) {
    path_list(ui, &mut state.folders);
    ui.horizontal(|ui| {
        text_field(
            ui,
            &mut state.folder_text,
            "Folder to collate",
            "a folder path",
        );
        if ui.button("Add folder").clicked() && !state.folder_text.trim().is_empty() {
            state.folders.push(PathBuf::from(state.folder_text.trim()));
            state.folder_text.clear();
        }
        if ui.button("Choose folder…").clicked()
            && let Some(dir) = rfd::FileDialog::new()
                .set_title("Folder of reviews and returns")
                .pick_folder()
        {
            state.folders.push(dir);
        }
    });
}

/// The crosswalks to apply, the controls to add one, and "Count top-level categories".
fn crosswalks(ui: &mut Ui, state: &mut State) {
    path_list(ui, &mut state.crosswalks);
    ui.horizontal(|ui| {
        text_field(
            ui,
            &mut state.crosswalk_text,
            "Crosswalk file",
            "a crosswalk .ron file (optional)",
        );
        if ui.button("Add crosswalk").clicked() && !state.crosswalk_text.trim().is_empty() {
            state
                .crosswalks
                .push(PathBuf::from(state.crosswalk_text.trim()));
            state.crosswalk_text.clear();
        }
        if ui.button("Choose crosswalk…").clicked()
            && let Some(file) = rfd::FileDialog::new()
                .add_filter("Crosswalk", &["ron"])
                .set_title("Crosswalk file")
                .pick_file()
        {
            state.crosswalks.push(file);
        }
    });
    ui.checkbox(&mut state.top_level, "Count top-level categories")
        .on_hover_text("Count every code as the top-level category it belongs to");
}

/// The filters: years, kinds of review, sectors involved.
fn filters(ui: &mut Ui, state: &mut State) {
    ui.checkbox(&mut state.all_years, "All years");
    ui.add_enabled_ui(!state.all_years, |ui| {
        ui.label("from");
        let r = ui.add(egui::DragValue::new(&mut state.year_from).range(1980..=2100));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "From year"));
        ui.label("to");
        let r = ui.add(egui::DragValue::new(&mut state.year_to).range(1980..=2100));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "To year"));
    });
    if state.year_to < state.year_from {
        state.year_to = state.year_from;
    }
    let kinds = if state.kinds.is_empty() {
        "All kinds".to_string()
    } else {
        plural(state.kinds.len(), "kind", "kinds")
    };
    ui.menu_button(kinds, |ui| {
        for k in ReviewKind::ALL {
            let mut on = state.kinds.contains(&k);
            if ui.checkbox(&mut on, k.name()).changed() {
                if on {
                    state.kinds.insert(k);
                } else {
                    state.kinds.remove(&k);
                }
            }
        }
    });
    let sectors = if state.sectors.is_empty() {
        "All sectors".to_string()
    } else {
        plural(state.sectors.len(), "sector", "sectors")
    };
    ui.menu_button(sectors, |ui| {
        ui.label("Reviews in which an agency of these sectors was involved");
        for s in Sector::ALL {
            let mut on = state.sectors.contains(&s);
            if ui.checkbox(&mut on, s.label()).changed() {
                if on {
                    state.sectors.insert(s);
                } else {
                    state.sectors.remove(&s);
                }
            }
        }
    });
}

/// The Collate button; while a collation runs, its progress and Stop; after one, a note
/// when the filters have changed since.
fn run_controls(ui: &mut Ui, state: &mut State) {
    let running = state.running.is_some();
    let ready = !state.folders.is_empty() && !running;
    if ui
        .add_enabled(ready, egui::Button::new("Collate"))
        .on_hover_text("Read every review and return in the folders and count their codes")
        .clicked()
    {
        state.start(ui.ctx());
    }
    if let Some(run) = &state.running {
        let total = run.progress.total.load(Ordering::Relaxed);
        let done = run.progress.done.load(Ordering::Relaxed);
        let fraction = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(260.0)
                .text(format!("{done} of {}", plural(total, "file", "files"))),
        );
        if ui.button("Stop").clicked() {
            run.progress.cancel.store(true, Ordering::Relaxed);
        }
    }
    if let Some(c) = &state.result
        && !running
        && c.filter != state.filter()
    {
        ui.label(
            RichText::new("Filters changed: press Collate to apply them")
                .color(theme::severity(crate::analysis::Severity::Warning)),
        );
    }
}

/// Everything shown once a collation is done.
fn results(ui: &mut Ui, state: &mut State, c: &Collation) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "{} counted from {}",
                plural(c.reviews.len(), "review", "reviews"),
                plural(c.files, "file", "files")
            ))
            .strong(),
        );
        ui.label(format!("· {} skipped", c.skipped.len()));
        if c.filtered_out > 0 {
            ui.label(format!("· {} left out by the filters", c.filtered_out));
        }
        if c.cancelled {
            ui.label(
                RichText::new("· stopped early: the counts are incomplete")
                    .color(theme::severity(crate::analysis::Severity::Warning)),
            );
        }
        if !c.crosswalks.is_empty() {
            ui.label(format!("· crosswalks: {}", c.crosswalks.join("; ")));
        }
    });
    if !c.skipped.is_empty() {
        egui::CollapsingHeader::new(format!("Files skipped ({})", c.skipped.len()))
            .id_salt("collation_skipped")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("collation_skipped_list")
                    .max_height(120.0)
                    .show(ui, |ui| {
                        for s in &c.skipped {
                            ui.label(s.to_string());
                        }
                    });
            });
    }
    ui.horizontal(|ui| {
        for t in Tab::ALL {
            if ui.selectable_label(state.tab == t, t.label()).clicked() {
                state.tab = t;
            }
        }
        ui.separator();
        if matches!(state.tab, Tab::TopCodes | Tab::Trend) {
            for r in Role::ALL {
                let label = match r {
                    Role::Factor => "Factors",
                    Role::Finding => "Findings",
                };
                if ui.selectable_label(state.role == r, label).clicked() {
                    state.role = r;
                }
            }
        }
    });
    ui.separator();

    let mut drill = None;
    egui::Panel::right("collation_drill")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| drill_panel(ui, state, c));
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("collation_results")
            .show(ui, |ui| match state.tab {
                Tab::TopCodes => top_codes(ui, state.role, c, &mut drill),
                Tab::Trend => trend(ui, state.role, c, &mut drill),
                Tab::Map => causal_map(ui, &mut state.map_typology, c, &mut drill),
                Tab::Together => together(ui, c, &mut drill),
            });
    });
    if let Some(d) = drill {
        state.drill = Some(d);
    }
}

/// The reviews behind the chosen count.
fn drill_panel(ui: &mut Ui, state: &mut State, c: &Collation) {
    ui.heading("Reviews behind the count");
    let Some(d) = &state.drill else {
        ui.label("Click a count, a bar or a code on the map to list the reviews behind it.");
        return;
    };
    ui.label(RichText::new(&d.title).strong());
    let Some(cell) = c.cell(&d.key) else {
        ui.label("No reviews.");
        return;
    };
    ui.label(format!(
        "{}, {}",
        plural(cell.reviews.len(), "review", "reviews"),
        plural(cell.items, "item", "items")
    ));
    if ui.small_button("Close").clicked() {
        state.drill = None;
        return;
    }
    ui.separator();
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
    egui::ScrollArea::vertical()
        .id_salt("collation_drill_list")
        .show_rows(ui, row_h, cell.reviews.len(), |ui, range| {
            for &i in &cell.reviews[range] {
                if let Some(r) = c.reviews.get(i as usize) {
                    ui.label(format!(
                        "{} · {} · {}",
                        r.reference,
                        r.kind.slug(),
                        year_name(r.year)
                    ))
                    .on_hover_text(&r.file);
                }
            }
        });
}

//! The Collation workspace: national counts of typology codes across many reviews and
//! returns (issue 6). Folders are chosen here; the collation runs on a background thread
//! with a progress bar; filters (years, kinds, sectors) run it again; the charts are the
//! briefing's (top codes, trend, aggregate causal map) drawn with egui_plot and the painter
//! from the same data ([`crate::collate::charts`]); every count can be clicked to list the
//! reviews behind it.
//!
//! Nothing here touches the open review: the workspace is independent of it.

use super::theme;
use crate::collate::charts::{self, Bar, CausalMap, Trend};
use crate::collate::tables::{Settings, year_name};
use crate::collate::{self, Collation, Filter, Key, Options, Progress, Role};
use crate::model::{LinkKind, ReviewKind, Sector, plural};
use egui::{Color32, RichText, Sense, Stroke, Ui};
use egui_plot::{Bar as PlotBar, BarChart, Line, Plot, PlotPoints};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

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
    let running = state.running.is_some();
    egui::Grid::new("collation_inputs")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label("Folders");
            ui.vertical(|ui| {
                let mut remove = None;
                for (i, f) in state.folders.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(f.display().to_string());
                        if ui.small_button("Remove").clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    state.folders.remove(i);
                }
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
            });
            ui.end_row();

            ui.label("Crosswalks");
            ui.vertical(|ui| {
                let mut remove = None;
                for (i, f) in state.crosswalks.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(f.display().to_string());
                        if ui.small_button("Remove").clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    state.crosswalks.remove(i);
                }
                ui.horizontal(|ui| {
                    text_field(
                        ui,
                        &mut state.crosswalk_text,
                        "Crosswalk file",
                        "a crosswalk .ron file (optional)",
                    );
                    if ui.button("Add crosswalk").clicked()
                        && !state.crosswalk_text.trim().is_empty()
                    {
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
            });
            ui.end_row();

            ui.label("Filters");
            ui.horizontal(|ui| {
                ui.checkbox(&mut state.all_years, "All years");
                ui.add_enabled_ui(!state.all_years, |ui| {
                    ui.label("from");
                    let r = ui.add(egui::DragValue::new(&mut state.year_from).range(1980..=2100));
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "From year")
                    });
                    ui.label("to");
                    let r = ui.add(egui::DragValue::new(&mut state.year_to).range(1980..=2100));
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "To year")
                    });
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
            });
            ui.end_row();
        });

    ui.horizontal(|ui| {
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
    });
    if let Some(e) = &state.error {
        ui.label(RichText::new(e).color(theme::severity(crate::analysis::Severity::Error)));
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

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Factor => "factors",
        Role::Finding => "findings",
    }
}

/// Bar chart of the codes in most reviews, and a table of them.
fn top_codes(ui: &mut Ui, role: Role, c: &Collation, drill: &mut Option<Drill>) {
    let bars: Vec<Bar> = charts::top_codes(c, role, None, TOP, Settings::default());
    if bars.is_empty() {
        ui.label(format!("No coded {} were counted.", role_word(role)));
        return;
    }
    let n = bars.len();
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let plot_bars: Vec<PlotBar> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            PlotBar::new((n - 1 - i) as f64, b.reviews as f64)
                .name(format!("{} {}", b.label, b.name))
                .fill(theme::category(0))
        })
        .collect();
    let resp = Plot::new("collation_top_codes")
        .height(22.0 * n as f32 + 40.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid([true, false])
        .x_axis_label("reviews")
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[labels.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(48.0)
        // A mark at each bar, all of one weight, so every code's label is drawn in full.
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| egui_plot::GridMark {
                    value: i as f64,
                    step_size: n.max(10) as f64,
                })
                .collect()
        })
        .show(ui, |p| {
            p.bar_chart(BarChart::new("Reviews", plot_bars).horizontal().width(0.7));
            if p.response().clicked() {
                p.pointer_coordinate()
            } else {
                None
            }
        });
    resp.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Top codes chart"));
    if let Some(at) = resp.inner {
        let i = at.y.round();
        if i >= 0.0 && (i as usize) < n {
            let b = &bars[n - 1 - i as usize];
            *drill = Some(Drill {
                title: format!("{} {} among {}", b.label, b.name, role_word(role)),
                key: b.key,
            });
        }
    }
    ui.add_space(6.0);
    egui::Grid::new("collation_top_table")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            let items = match role {
                Role::Factor => "Factors",
                Role::Finding => "Findings",
            };
            for h in ["Code", "Name", "Typology", items, "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for b in &bars {
                let typology = c
                    .code(b.code)
                    .map(|i| i.typology.clone())
                    .unwrap_or_default();
                ui.label(RichText::new(&b.label).strong());
                ui.label(&b.name);
                ui.label(&typology);
                ui.label(b.items.to_string());
                if count_button(
                    ui,
                    b.reviews.to_string(),
                    format!(
                        "{} among {}: {}",
                        b.label,
                        role_word(role),
                        plural(b.reviews, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{} {} among {}", b.label, b.name, role_word(role)),
                        key: b.key,
                    });
                }
                ui.end_row();
            }
        });
}

/// Reviews per year and the top codes' trend, and a table of them.
fn trend(ui: &mut Ui, role: Role, c: &Collation, drill: &mut Option<Drill>) {
    let t: Trend = charts::trend(c, role, None, 5, Settings::default());
    if t.years.is_empty() {
        ui.label("No review has a year.");
        return;
    }
    let years = t.years.clone();
    let totals: Vec<PlotBar> = t
        .years
        .iter()
        .zip(&t.reviews)
        .map(|(y, v)| PlotBar::new(f64::from(*y), v.unwrap_or(0) as f64))
        .collect();
    let resp = Plot::new("collation_trend")
        .height(320.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::RightBottom))
        .x_axis_label("year")
        .y_axis_label("reviews")
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new("All reviews of the year", totals)
                    .width(0.7)
                    .color(ui_gray()),
            );
            for (k, s) in t.series.iter().enumerate() {
                let points: PlotPoints = years
                    .iter()
                    .zip(&s.values)
                    .filter_map(|(y, v)| v.map(|v| [f64::from(*y), v as f64]))
                    .collect();
                p.line(
                    Line::new(charts::shorten(&s.label, 40), points)
                        .color(theme::category(k + 1))
                        .width(2.0),
                );
            }
        });
    resp.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Trend chart"));
    ui.add_space(6.0);
    egui::Grid::new("collation_trend_table")
        .striped(true)
        .num_columns(2 + t.series.len())
        .show(ui, |ui| {
            ui.label(RichText::new("Year").strong());
            ui.label(RichText::new("All reviews").strong());
            for s in &t.series {
                let code = c.code(s.code).map(|i| i.code.clone()).unwrap_or_default();
                ui.label(RichText::new(code).strong())
                    .on_hover_text(&s.label);
            }
            ui.end_row();
            for (i, y) in t.years.iter().enumerate() {
                ui.label(y.to_string());
                let total = t.reviews[i].unwrap_or(0);
                if count_button(ui, total.to_string(), format!("Reviews of {y}: {total}")) {
                    *drill = Some(Drill {
                        title: format!("Reviews of {y}"),
                        key: Key::Year(Some(*y)),
                    });
                }
                for s in &t.series {
                    let v = s.values[i].unwrap_or(0);
                    let code = c.code(s.code).map(|i| i.code.clone()).unwrap_or_default();
                    if count_button(
                        ui,
                        v.to_string(),
                        format!(
                            "{code} among {} in {y}: {}",
                            role_word(role),
                            plural(v, "review", "reviews")
                        ),
                    ) {
                        *drill = Some(Drill {
                            title: format!("{} among {} in {y}", s.label, role_word(role)),
                            key: Key::CodeYear(role, s.code, Some(*y)),
                        });
                    }
                }
                ui.end_row();
            }
        });
}

fn ui_gray() -> Color32 {
    Color32::from_gray(170)
}

/// The aggregate causal map drawn with the painter, and its links as a list.
fn causal_map(
    ui: &mut Ui,
    typology: &mut Option<String>,
    c: &Collation,
    drill: &mut Option<Drill>,
) {
    let mut typologies: Vec<String> = c
        .codes
        .iter()
        .map(|x| x.typology.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    typologies.retain(|t| {
        c.cells.keys().any(|k| matches!(k, Key::Link(collate::End::Code(a), _, _) if c.code(*a).is_some_and(|x| &x.typology == t)))
    });
    if typology.as_ref().is_none_or(|t| !typologies.contains(t)) {
        *typology = charts::busiest_typology(c);
    }
    ui.horizontal(|ui| {
        ui.label("Typology");
        egui::ComboBox::from_id_salt("collation_map_typology")
            .selected_text(typology.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for t in &typologies {
                    ui.selectable_value(typology, Some(t.clone()), t);
                }
            });
    });
    let map: CausalMap = charts::causal_map(c, typology.as_deref(), 12, 24, Settings::default());
    if map.nodes.is_empty() {
        ui.label("No links between coded factors were counted.");
        return;
    }
    ui.label("Arrows: how often a factor with one code was linked as contributing to (grey) or mitigating (green) a factor with another; thicker is more. Click a code to list its reviews.");
    let width = ui.available_width().min(760.0);
    let scale = width / map.width;
    let (rect, resp) =
        ui.allocate_exact_size(egui::vec2(width, map.height * scale), Sense::hover());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Causal map"));
    let painter = ui.painter_at(rect);
    let at = |(x, y): (f32, f32)| rect.min + egui::vec2(x * scale, y * scale);
    let max = map.edges.iter().map(|e| e.links).max().unwrap_or(1) as f32;
    let min = map.edges.iter().map(|e| e.links).min().unwrap_or(0) as f32;
    let text = ui.visuals().text_color();
    for e in map.edges.iter().rev() {
        let reverse = map.edges.iter().any(|o| o.from == e.to && o.to == e.from);
        let (p, q) = charts::edge_ends(&map, e, if reverse { 3.0 } else { 0.0 });
        let (p, q) = (at(p), at(q));
        let t = (e.links as f32 - min) / (max - min).max(1.0);
        let color = match e.kind {
            LinkKind::ContributesTo => text.gamma_multiply(0.25 + 0.65 * t),
            LinkKind::Mitigates => theme::GOOD,
        };
        let dir = (q - p).normalized();
        let head = 6.0 + 3.0 * t;
        let base = q - dir * head;
        painter.line_segment([p, base], Stroke::new(0.6 + 3.0 * t, color));
        let side = egui::vec2(-dir.y, dir.x) * (head * 0.5);
        painter.add(egui::Shape::convex_polygon(
            vec![q, base + side, base - side],
            color,
            Stroke::NONE,
        ));
    }
    for n in &map.nodes {
        let r = egui::Rect::from_center_size(
            at((n.x, n.y)),
            egui::vec2(map.node_w * scale, map.node_h * scale),
        );
        let id = ui.make_persistent_id(("collation_map_node", n.code));
        let resp = ui.interact(r, id, Sense::click());
        let name = format!("{} {}", n.label, n.name);
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Map code {name}"))
        });
        let fill = if resp.hovered() {
            ui.visuals().selection.bg_fill
        } else {
            ui.visuals().extreme_bg_color
        };
        painter.rect(r, 3.0, fill, theme::thin(ui), egui::StrokeKind::Inside);
        // Text sized to the box and clipped to it.
        let boxed = painter.with_clip_rect(r.shrink(1.0));
        let f = scale.clamp(0.7, 2.0);
        boxed.text(
            r.center_top() + egui::vec2(0.0, 3.0 * f),
            egui::Align2::CENTER_TOP,
            &n.label,
            egui::FontId::proportional(10.0 * f),
            text,
        );
        for (i, line) in charts::wrap2(&n.name, 21).into_iter().enumerate() {
            boxed.text(
                r.center_top() + egui::vec2(0.0, (16.0 + 8.0 * i as f32) * f),
                egui::Align2::CENTER_TOP,
                line,
                egui::FontId::proportional(7.0 * f),
                text,
            );
        }
        boxed.text(
            r.center_bottom() - egui::vec2(0.0, 3.0 * f),
            egui::Align2::CENTER_BOTTOM,
            format!("outcome {} · itself {}", n.to_outcome, n.to_itself),
            egui::FontId::proportional(6.5 * f),
            ui.visuals().weak_text_color(),
        );
        let resp = resp.on_hover_text(format!(
            "{name}\n{} in and out; {} to the outcome; {} to itself",
            plural(n.weight, "link", "links"),
            n.to_outcome,
            n.to_itself
        ));
        if resp.clicked() {
            *drill = Some(Drill {
                title: format!("{name} among factors"),
                key: Key::Code(Role::Factor, n.code),
            });
        }
    }
    ui.add_space(8.0);
    egui::Grid::new("collation_links")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["From", "", "To", "Links", "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for e in &map.edges {
                let (a, b) = (&map.nodes[e.from], &map.nodes[e.to]);
                ui.label(format!("{} {}", a.label, charts::shorten(&a.name, 30)));
                ui.label(e.kind.label());
                ui.label(format!("{} {}", b.label, charts::shorten(&b.name, 30)));
                ui.label(e.links.to_string());
                if count_button(
                    ui,
                    e.reviews.to_string(),
                    format!(
                        "{} {} {}: {}",
                        a.label,
                        e.kind.label(),
                        b.label,
                        plural(e.reviews, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{} {} {}", a.label, e.kind.label(), b.label),
                        key: e.key,
                    });
                }
                ui.end_row();
            }
        });
}

/// The pairs of codes found in most reviews together.
fn together(ui: &mut Ui, c: &Collation, drill: &mut Option<Drill>) {
    let mut pairs: Vec<(u32, u32, usize)> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match k {
            Key::Pair(a, b) => Some((*a, *b, cell.reviews.len())),
            _ => None,
        })
        .collect();
    pairs.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    if pairs.is_empty() {
        ui.label("No two codes were found in the same review.");
        return;
    }
    let name = |id: u32| c.code(id).map(|i| i.label()).unwrap_or_default();
    egui::Grid::new("collation_pairs")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in ["Code", "Found with", "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (a, b, n) in pairs.iter().take(40) {
                let (a_name, b_name) = (name(*a), name(*b));
                ui.label(&a_name);
                ui.label(&b_name);
                if count_button(
                    ui,
                    n.to_string(),
                    format!(
                        "{a_name} with {b_name}: {}",
                        plural(*n, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{a_name} with {b_name}"),
                        key: Key::Pair(*a, *b),
                    });
                }
                ui.end_row();
            }
        });
}

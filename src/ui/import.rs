//! File > Import chronology…: an agency's CSV or workbook into the review. The dialog
//! starts with no agency chosen and suggests one from the file's own organisation column
//! or its name, for the reviewer to confirm; it asks before importing when the column
//! names another agency or most of the agency's entries would change. It shows the
//! agency (existing or new), the sheet, the column mapping with a preview of
//! the first rows (unknown and ambiguous headings marked, each column's field chosen by
//! hand), the validation report with a choice per problem row (flag, skip, or correct
//! the cell), probable duplicates and the difference from the agency's previous file;
//! then Import applies everything as one undo step.
//!
//! Reading and checking the file run on a background thread, with a progress bar: the
//! window stays responsive for files of thousands of rows. Every change of a choice
//! starts a new check; the result of an older one is dropped.

use super::forms;
use super::{Action, ViewCtx, theme};
use crate::analysis::Severity;
use crate::import::agency::{self, Named, Suggestion};
use crate::import::{
    self, Analysis, Choices, Decision, How, ImportError, Loaded, Mapping, Meta, Plan, Target,
};
use crate::model::*;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Rows of the preview.
const PREVIEW_ROWS: usize = 5;

/// The agency chosen in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AgencyChoice {
    Existing(AgencyId),
    New,
}

/// Everything a check depends on: a new check starts when any of it changes. With no
/// agency chosen, the check only reads the file and what it says of its agency.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    path: PathBuf,
    sheet: Option<String>,
    target: Option<Target>,
    overrides: Vec<(String, ColumnField)>,
    choices: Choices,
    revision: u64,
}

/// The result of a check.
struct Checked {
    loaded: Arc<Loaded>,
    /// The agency the file's organisation column names, and the one suggested.
    suggestion: Option<Suggestion>,
    /// With an agency chosen: the rows read and the plan.
    full: Option<Full>,
}

/// A check for a chosen agency.
struct Full {
    mapping: Mapping,
    analysis: Analysis,
    plan: Plan,
    report: Vec<String>,
    /// What to ask before importing (the file names another agency; most of the
    /// agency's entries would change).
    warnings: Vec<String>,
}

/// A check under way.
struct Job {
    inputs: Inputs,
    rx: mpsc::Receiver<Result<Checked, ImportError>>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

/// The import dialog's state.
#[derive(Default)]
pub struct State {
    /// Open.
    pub open: bool,
    path: Option<PathBuf>,
    agency: Option<AgencyChoice>,
    new_name: String,
    sheet: Option<String>,
    overrides: Vec<(String, ColumnField)>,
    choices: Choices,
    /// The agency the reviewer said yes to despite the warnings.
    confirmed: Option<Target>,
    fix_text: String,
    fix_row: Option<(u32, usize)>,
    job: Option<Job>,
    checked: Option<(Inputs, Checked)>,
    error: Option<(Inputs, String)>,
}

impl State {
    /// Start importing a file: open the dialog on it, with no agency chosen (the last
    /// file's agency is not this one's).
    pub fn open_file(&mut self, path: &Path) {
        *self = State {
            open: true,
            path: Some(path.to_path_buf()),
            ..State::default()
        };
    }

    /// Ask for a file with the native dialog, then open the dialog on it.
    pub fn choose_file(&mut self) {
        if let Some(path) = rfd::FileDialog::new()
            .add_filter("Chronology", &["csv", "tsv", "txt", "xlsx", "xls", "xlsm"])
            .set_title("Import chronology")
            .pick_file()
        {
            self.open_file(&path);
        }
    }

    /// True while a check runs in the background.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn target(&self, review: &Review) -> Option<Target> {
        match self.agency.as_ref()? {
            AgencyChoice::Existing(id) => Some(Target::Existing(*id)),
            AgencyChoice::New if self.new_name.trim().is_empty() => None,
            AgencyChoice::New => Some(Target::by_name(review, &self.new_name)),
        }
    }
}

/// Start a check on a background thread.
fn start(inputs: Inputs, loaded: Option<Arc<Loaded>>, review: &Review) -> Job {
    let (tx, rx) = mpsc::channel();
    let done = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(0));
    let (d, t) = (done.clone(), total.clone());
    let review = review.clone();
    let job_inputs = inputs.clone();
    std::thread::spawn(move || {
        let inputs = job_inputs;
        let result = (|| {
            let loaded = match loaded {
                Some(l) => l,
                None => Arc::new(import::open(&inputs.path, inputs.sheet.as_deref())?),
            };
            t.store(loaded.sheet.rows.len(), Ordering::Relaxed);
            let Some(target) = &inputs.target else {
                // No agency yet: what the file says of its own, with no agency's
                // remembered mapping.
                let guess = Target::New(String::new());
                let mapping = import::map(&loaded, &review, &guess, &inputs.overrides)?;
                let named = agency::named(&loaded, &mapping);
                return Ok(Checked {
                    suggestion: agency::suggest(&review, &loaded.file_name, named.as_ref()),
                    loaded,
                    full: None,
                });
            };
            let mapping = import::map(&loaded, &review, target, &inputs.overrides)?;
            let analysis = import::analyse_observed(
                &loaded,
                &mapping,
                &review,
                target,
                &inputs.choices,
                &|n| d.store(n, Ordering::Relaxed),
            );
            let meta = Meta {
                imported_at: jiff::Timestamp::now()
                    .round(jiff::Unit::Second)
                    .unwrap_or_else(|_| jiff::Timestamp::now())
                    .to_string(),
            };
            let plan = import::plan(&review, &analysis, &mapping, target, &inputs.choices, &meta);
            let report = import::report(&loaded, &mapping, &analysis, &plan, &review);
            let named: Option<Named> = agency::named(&loaded, &mapping);
            let warnings = agency::warnings(&review, target, named.as_ref(), &plan);
            Ok(Checked {
                suggestion: agency::suggest(&review, &loaded.file_name, named.as_ref()),
                loaded,
                full: Some(Full {
                    mapping,
                    analysis,
                    plan,
                    report,
                    warnings,
                }),
            })
        })();
        let _ = tx.send(result);
    });
    Job {
        inputs,
        rx,
        done,
        total,
    }
}

/// Draw the dialog (when open) and run its checks.
pub fn show(ctx: &egui::Context, state: &mut State, cx: &mut ViewCtx) {
    if !state.open {
        return;
    }
    // A finished check replaces the last one.
    let finished = state.job.as_ref().and_then(|job| job.rx.try_recv().ok());
    if let Some(result) = finished
        && let Some(job) = state.job.take()
    {
        match result {
            Ok(checked) => {
                state.error = None;
                state.checked = Some((job.inputs, checked));
            }
            Err(e) => {
                state.error = Some((job.inputs, e.to_string()));
                state.checked = None;
            }
        }
    }
    // Start a check when the inputs changed.
    if let Some(path) = state.path.clone() {
        let inputs = Inputs {
            path,
            sheet: state.sheet.clone(),
            target: state.target(cx.review),
            overrides: state.overrides.clone(),
            choices: state.choices.clone(),
            revision: cx.revision,
        };
        let running = state.job.as_ref().map(|j| &j.inputs);
        let have = state.checked.as_ref().map(|(i, _)| i);
        let failed_same = state.error.as_ref().is_some_and(|(i, _)| *i == inputs);
        if running != Some(&inputs) && have != Some(&inputs) && !failed_same {
            // The file is read again only when the file or the sheet changed.
            let loaded = state.checked.as_ref().and_then(|(i, c)| {
                (i.path == inputs.path && i.sheet == inputs.sheet).then(|| c.loaded.clone())
            });
            state.job = Some(start(inputs, loaded, cx.review));
        }
    }
    if state.job.is_some() {
        ctx.request_repaint();
    }
    let mut open = state.open;
    egui::Window::new("Import chronology")
        .open(&mut open)
        .collapsible(false)
        .default_width(760.0)
        .default_height(640.0)
        .vscroll(true)
        .show(ctx, |ui| body(ui, state, cx));
    state.open = open && state.open;
}

fn body(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal(|ui| {
        let name = state.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "No file chosen".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.label(format!("File: {name}"));
        if ui.button("Choose file…").clicked() {
            state.choose_file();
        }
    });
    agency_choice(ui, state, review);

    if let Some((_, e)) = &state.error {
        ui.colored_label(theme::severity(Severity::Error), e);
    }
    if let Some(job) = &state.job {
        let total = job.total.load(Ordering::Relaxed).max(1);
        let done = job.done.load(Ordering::Relaxed).min(total);
        ui.horizontal(|ui| {
            let l = ui.label("Import progress");
            ui.add(
                egui::ProgressBar::new(done as f32 / total as f32)
                    .text(format!("Checking rows: {done} of {total}"))
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
        });
    }
    let Some((_, checked)) = &state.checked else {
        return;
    };
    let stale = state.job.is_some();

    // The sheet of a workbook.
    if checked.loaded.sheets.len() > 1 {
        let sheets = checked.loaded.sheets.clone();
        let mut current = checked
            .loaded
            .sheet
            .name
            .as_ref()
            .and_then(|n| sheets.iter().position(|s| s == n))
            .unwrap_or(0);
        let indices: Vec<usize> = (0..sheets.len()).collect();
        if forms::choice(ui, "Sheet", &mut current, &indices, |i| {
            sheets.get(i).cloned().unwrap_or_default()
        }) {
            state.sheet = sheets.get(current).cloned();
            state.overrides.clear();
            state.choices = Choices::default();
        }
    }
    ui.label(RichText::new(&checked.loaded.how).weak());
    let confirmed = agency_question(ui, state, review);

    mapping_grid(ui, state);
    let Some(full) = state.checked.as_ref().and_then(|(_, c)| c.full.as_ref()) else {
        return;
    };
    ui.separator();
    ui.heading("Validation report");
    ui.label(full.analysis.order.describe());
    for line in full.report.iter().filter(|l| {
        l.starts_with("Rows above")
            || l.starts_with("Blank rows")
            || l.starts_with("Rows repeating")
            || l.starts_with("Data rows")
            || l.starts_with("Compared with")
            || l.starts_with("  added")
            || l.starts_with("  changed")
            || l.starts_with("  removed")
            || l.starts_with("  possible duplicate")
    }) {
        ui.label(line);
    }
    problems(ui, state);
    let Some((_, checked)) = &state.checked else {
        return;
    };
    let Some(full) = &checked.full else {
        return;
    };
    ui.separator();
    let plan = &full.plan;
    let ready = plan.unresolved.is_empty() && !stale && confirmed;
    if !plan.unresolved.is_empty() {
        ui.colored_label(
            theme::severity(Severity::Warning),
            format!(
                "{} problems need a decision before importing.",
                plan.unresolved.len()
            ),
        );
    }
    if !confirmed {
        ui.colored_label(
            theme::severity(Severity::Warning),
            "Answer the question about the agency above before importing.",
        );
    }
    let label = format!("Import {} entries", plan.added.len());
    if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
        let file = checked.loaded.file_name.clone();
        let n = plan.added.len();
        cx.edit(plan.edit.clone());
        cx.act(Action::Notify(format!(
            "Imported {n} entries from {file} (one undo step)"
        )));
        state.open = false;
        state.checked = None;
    }
}

/// The agency: one of the review's, or a new one; none at first. The agency the file
/// names (its organisation column, or its name) is offered for one click, never chosen
/// for the reviewer.
fn agency_choice(ui: &mut Ui, state: &mut State, review: &Review) {
    let mut choice = state.agency.clone();
    // "New agency…" near the top: a long list of agencies scrolls.
    let mut options: Vec<Option<AgencyChoice>> = vec![None, Some(AgencyChoice::New)];
    options.extend(
        review
            .agencies
            .iter()
            .map(|a| Some(AgencyChoice::Existing(a.id))),
    );
    let names: Vec<String> = options
        .iter()
        .map(|o| match o {
            None => "Choose the agency".to_string(),
            Some(AgencyChoice::Existing(id)) => review.agency_name(*id),
            Some(AgencyChoice::New) => "New agency…".to_string(),
        })
        .collect();
    let mut index = options.iter().position(|o| *o == choice).unwrap_or(0);
    let indices: Vec<usize> = (0..options.len()).collect();
    if forms::choice(
        ui,
        "Agency the file comes from",
        &mut index,
        &indices,
        |i| names.get(i).cloned().unwrap_or_default(),
    ) {
        choice = options.get(index).cloned().flatten();
        state.agency = choice.clone();
        state.overrides.clear();
    }
    if choice == Some(AgencyChoice::New) {
        forms::text(ui, "New agency name", &mut state.new_name);
    }
    let suggestion = state
        .checked
        .as_ref()
        .and_then(|(_, c)| c.suggestion.clone())
        .filter(|s| Some(&s.target) != state.target(review).as_ref());
    if let Some(s) = suggestion {
        ui.horizontal_wrapped(|ui| {
            ui.label(s.why(review));
            let name = s.name(review);
            if ui.button(format!("Use suggested agency: {name}")).clicked() {
                match s.target {
                    Target::Existing(id) => state.agency = Some(AgencyChoice::Existing(id)),
                    Target::New(name) => {
                        state.agency = Some(AgencyChoice::New);
                        state.new_name = name;
                    }
                }
                state.overrides.clear();
            }
        });
    }
    if state.agency.is_none() {
        ui.label(RichText::new("Choose the agency to check the file.").weak());
    }
}

/// What to ask before importing for the agency checked (the file's organisation column
/// names another agency; most of the agency's entries would change), in words, with the
/// answer the import waits for. True when there is nothing to ask or the reviewer said
/// yes for this agency.
fn agency_question(ui: &mut Ui, state: &mut State, review: &Review) -> bool {
    let Some((inputs, checked)) = &state.checked else {
        return true;
    };
    let (Some(target), Some(full)) = (&inputs.target, &checked.full) else {
        return true;
    };
    if full.warnings.is_empty() {
        return true;
    }
    let target = target.clone();
    for w in &full.warnings {
        ui.colored_label(theme::severity(Severity::Warning), w);
    }
    let name = agency::target_name(review, &target);
    let mut yes = state.confirmed.as_ref() == Some(&target);
    if ui
        .checkbox(&mut yes, format!("Yes, import into {name}"))
        .changed()
    {
        state.confirmed = yes.then_some(target);
    }
    yes
}

/// The columns: heading, field chosen, how it was decided, and the first rows.
fn mapping_grid(ui: &mut Ui, state: &mut State) {
    let Some((_, checked)) = &state.checked else {
        return;
    };
    let Some(full) = &checked.full else {
        return;
    };
    let mapping = full.mapping.clone();
    let loaded = checked.loaded.clone();
    ui.separator();
    ui.heading("Columns");
    let undecided = mapping.undecided().count();
    if undecided > 0 {
        ui.colored_label(
            theme::severity(Severity::Warning),
            format!(
                "{undecided} headings are not recognised or are ambiguous: their cells go to the detail until you choose a field."
            ),
        );
    }
    let header = mapping.header;
    let preview: Vec<&import::Row> = loaded
        .sheet
        .rows
        .iter()
        .skip(header + 1)
        .filter(|r| !r.is_blank())
        .take(PREVIEW_ROWS)
        .collect();
    let mut changed: Option<(String, ColumnField)> = None;
    egui::ScrollArea::horizontal()
        .id_salt("import columns")
        .show(ui, |ui| {
            egui::Grid::new("import mapping")
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for c in &mapping.columns {
                        let heading = RichText::new(&c.heading).strong();
                        match c.how {
                            How::Unknown | How::Ambiguous => {
                                ui.label(heading.color(theme::severity(Severity::Warning)))
                            }
                            _ => ui.label(heading),
                        };
                    }
                    ui.end_row();
                    for c in &mapping.columns {
                        // The heading above names the column; the combo's accessible
                        // name says what it does.
                        let mut field = c.field;
                        let name = format!("Map column {}", c.heading);
                        let r = egui::ComboBox::from_id_salt(("import map", c.index))
                            .selected_text(field.label())
                            .truncate()
                            .width(150.0)
                            .show_ui(ui, |ui| {
                                for f in ColumnField::ALL {
                                    ui.selectable_value(&mut field, f, f.label());
                                }
                            })
                            .response;
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name)
                        });
                        if field != c.field {
                            changed = Some((c.heading.clone(), field));
                        }
                    }
                    ui.end_row();
                    for c in &mapping.columns {
                        let how = match c.how {
                            How::Recognised => "recognised",
                            How::Remembered => "remembered for this agency",
                            How::Chosen => "chosen",
                            How::Unknown => "unknown heading",
                            How::Ambiguous => "ambiguous",
                        };
                        ui.label(RichText::new(how).weak());
                    }
                    ui.end_row();
                    for row in &preview {
                        for c in &mapping.columns {
                            let text = row.cell(c.index).text();
                            let short: String = text.chars().take(40).collect();
                            ui.label(short).on_hover_text(text);
                        }
                        ui.end_row();
                    }
                });
        });
    if let Some((heading, field)) = changed {
        state.overrides.retain(|(h, _)| *h != heading);
        state.overrides.push((heading, field));
    }
}

/// Each problem row with its decision, and a field to correct the cell at fault.
fn problems(ui: &mut Ui, state: &mut State) {
    let Some((_, checked)) = &state.checked else {
        return;
    };
    let Some(full) = &checked.full else {
        return;
    };
    let problems: Vec<import::Problem> = full.analysis.problems().cloned().collect();
    if problems.is_empty() {
        ui.label(RichText::new("Every row can be imported as it stands.").color(theme::GOOD));
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{} problems.", problems.len()));
        if ui.button("Flag all for checking").clicked() {
            state.choices.all = Some(Decision::Flag);
        }
        if ui.button("Skip all").clicked() {
            state.choices.all = Some(Decision::Skip);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("import problems")
        .max_height(220.0)
        .show(ui, |ui| {
            for p in problems.iter().take(500) {
                ui.horizontal(|ui| {
                    let mut d = state.choices.decision(p.row);
                    let options = [None, Some(Decision::Flag), Some(Decision::Skip)];
                    if forms::small_choice(ui, &format!("Row {}", p.row), &mut d, &options, |d| {
                        match d {
                            None => "Undecided",
                            Some(Decision::Flag) => "Import flagged",
                            Some(Decision::Skip) => "Skip",
                        }
                        .to_string()
                    }) {
                        match d {
                            Some(d) => {
                                state.choices.rows.insert(p.row, d);
                            }
                            None => {
                                state.choices.rows.remove(&p.row);
                            }
                        }
                    }
                    let text = p.to_string();
                    let text = text
                        .split_once(", row")
                        .map_or(text.clone(), |(_, rest)| format!("row{rest}"));
                    ui.label(text);
                    if let Some(col) = p.column
                        && ui.small_button("Fix…").clicked()
                    {
                        state.fix_row = Some((p.row, col));
                        state.fix_text = p.text.clone();
                    }
                });
            }
            if problems.len() > 500 {
                ui.label(format!("… and {} more", problems.len() - 500));
            }
        });
    if let Some((row, col)) = state.fix_row {
        ui.horizontal(|ui| {
            forms::text(
                ui,
                &format!("Corrected text for row {row}"),
                &mut state.fix_text,
            );
            if ui.button("Apply correction").clicked() {
                state
                    .choices
                    .fixes
                    .insert((row, col), state.fix_text.clone());
                state.fix_row = None;
            }
        });
    }
}

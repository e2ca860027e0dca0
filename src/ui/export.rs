//! File > Export…: choose the executive summary (public), the full report
//! (confidential), the chronology as a table, or the agencies' factual-accuracy
//! extracts; show the leak check's hits before any public export, each with a jump to
//! its place, and export in the background through the export pipeline
//! ([`crate::export::pipeline::produce`], which holds the leak gate).

use super::{Action, ViewCtx, Workspace, theme};
use crate::analysis::Severity;
use crate::export::pipeline::{self, ExportError, ExportJob, Product, TableFormat};
use crate::export::{self, leak::Hit};
use crate::model::*;
use egui::{RichText, Ui};
use std::path::PathBuf;
use std::sync::mpsc;

/// Which output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    /// Public executive summary.
    #[default]
    Summary,
    /// Confidential full report.
    Full,
    /// The chronology as a CSV or XLSX table.
    Chronology,
    /// A factual-accuracy extract (PDF and XLSX) per agency, into a folder.
    Extracts,
}

/// The export dialog's state.
#[derive(Default)]
pub struct State {
    /// Open.
    pub open: bool,
    /// A path to use instead of asking with the native dialog, once
    /// ([`super::App::export_to`]).
    pub(super) preset_path: Option<PathBuf>,
    output: Output,
    identity_key: bool,
    format: export::Format,
    /// The chronology table as XLSX (else CSV).
    xlsx: bool,
    /// The chronology table with the confidential detail and the reviewer's comments.
    confidential_columns: bool,
    hits: Option<(u64, Vec<Hit>)>,
    running: Option<mpsc::Receiver<Result<Written, String>>>,
    result: Option<Result<Written, String>>,
}

/// What an export wrote: the file, or the folder and how many files went into it.
#[derive(Debug, Clone)]
struct Written {
    path: PathBuf,
    files: usize,
}

/// The object a leak-check location names, when it is one ("A3", "FN2", "PM1").
pub fn key_of(object: &str) -> Option<Key> {
    let digits = object.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let prefix = &object[..object.len() - digits.len()];
    let n: u32 = digits.parse().ok()?;
    Some(match prefix {
        EventId::PREFIX => Key::Entry(EventId(n)),
        PersonId::PREFIX => Key::Person(PersonId(n)),
        AgencyId::PREFIX => Key::Agency(AgencyId(n)),
        PanelMemberId::PREFIX => Key::PanelMember(PanelMemberId(n)),
        EpisodeId::PREFIX => Key::Episode(EpisodeId(n)),
        FactorId::PREFIX => Key::Factor(FactorId(n)),
        LinkId::PREFIX => Key::Link(LinkId(n)),
        FindingId::PREFIX => Key::Finding(FindingId(n)),
        RecommendationId::PREFIX => Key::Recommendation(RecommendationId(n)),
        ActionId::PREFIX => Key::Action(ActionId(n)),
        _ => return None,
    })
}

/// Draw the dialog (when open).
pub fn show(ctx: &egui::Context, state: &mut State, cx: &mut ViewCtx) {
    if let Some(rx) = &state.running
        && let Ok(r) = rx.try_recv()
    {
        state.result = Some(r);
        state.running = None;
    }
    if state.running.is_some() {
        ctx.request_repaint();
    }
    let mut open = state.open;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| body(ui, state, cx));
    state.open = open && state.open;
}

fn body(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    ui.radio_value(
        &mut state.output,
        Output::Summary,
        "Executive summary (public)",
    );
    ui.radio_value(
        &mut state.output,
        Output::Full,
        "Full overview report (confidential)",
    );
    ui.radio_value(
        &mut state.output,
        Output::Chronology,
        "Chronology table (CSV or Excel)",
    );
    ui.radio_value(
        &mut state.output,
        Output::Extracts,
        "Factual-accuracy extracts (a PDF and a workbook per agency)",
    );
    match state.output {
        Output::Summary | Output::Full => {
            if state.output == Output::Full {
                ui.checkbox(
                    &mut state.identity_key,
                    "Include the key from labels to real names (restricted)",
                );
            }
            ui.horizontal(|ui| {
                ui.label("Format");
                for f in export::Format::ALL {
                    ui.radio_value(&mut state.format, f, f.label());
                }
            });
        }
        Output::Chronology => {
            ui.horizontal(|ui| {
                ui.label("Format");
                ui.radio_value(&mut state.xlsx, false, "CSV");
                ui.radio_value(&mut state.xlsx, true, "Excel workbook (.xlsx)");
            });
            ui.checkbox(
                &mut state.confidential_columns,
                "Include the confidential detail and the reviewer's comments",
            );
            ui.label(
                RichText::new(format!(
                    "{}, people by label. The headings import back unchanged.",
                    crate::model::plural(cx.review.chronology.len(), "entry", "entries")
                ))
                .weak(),
            );
        }
        Output::Extracts => {
            let n = export::extracts::agencies(cx.review).len();
            ui.label(
                RichText::new(format!(
                    "One extract for each of the {n} agencies with entries: only its own entries (with their detail) and the findings that rest on them, for the agency to check its facts. Other agencies' entries and the reviewer's comments are never in them."
                ))
                .weak(),
            );
        }
    }
    ui.separator();
    let public = state.output == Output::Summary;
    if public {
        if state
            .hits
            .as_ref()
            .is_none_or(|(rev, _)| *rev != cx.revision)
        {
            state.hits = Some((cx.revision, summary_hits(cx.review, cx.typologies)));
        }
        let hits = state.hits.as_ref().map_or(&[][..], |(_, h)| h.as_slice());
        if hits.is_empty() {
            ui.label(
                RichText::new("Leak check: nothing confidential found in the executive summary.")
                    .color(theme::GOOD),
            );
        } else {
            ui.label(
                RichText::new(format!(
                    "Leak check: {} confidential identifiers would be published. Change the text, or allow a term with a reason (Overview > redaction terms), then export.",
                    hits.len()
                ))
                .color(theme::severity(Severity::Error)),
            );
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    for h in hits {
                        ui.horizontal(|ui| {
                            let text = format!("{h}");
                            if ui
                                .link(text)
                                .on_hover_text(format!("Matches the {}; click to go there", h.term))
                                .clicked()
                            {
                                // The field puts its cursor on the word when it shows.
                                let field = h.location.field_label();
                                super::field::request_cursor(ui.ctx(), field, &h.found);
                                match key_of(&h.location.object) {
                                    Some(key) => cx.act(Action::Jump(key)),
                                    None => cx.act(Action::Show(Workspace::Overview)),
                                }
                            }
                        });
                    }
                });
        }
    }
    let blocked = public && state.hits.as_ref().is_some_and(|(_, h)| !h.is_empty());
    ui.horizontal(|ui| {
        let label = match state.output {
            Output::Summary => "Export executive summary…",
            Output::Full => "Export full report…",
            Output::Chronology => "Export chronology…",
            Output::Extracts => "Export extracts to a folder…",
        };
        if ui
            .add_enabled(
                !blocked && state.running.is_none(),
                egui::Button::new(label),
            )
            .clicked()
        {
            let chosen = if let Some(p) = state.preset_path.take() {
                Some(p)
            } else if state.output == Output::Extracts {
                rfd::FileDialog::new().pick_folder()
            } else {
                let (name, filter, ext) = suggested_file(state);
                rfd::FileDialog::new()
                    .set_file_name(name)
                    .add_filter(filter, &[ext])
                    .save_file()
            };
            if let Some(path) = chosen {
                start(state, cx, path);
            }
        }
        if state.running.is_some() {
            ui.spinner();
            ui.label("Exporting…");
        }
    });
    match &state.result {
        Some(Ok(w)) => {
            ui.horizontal(|ui| {
                if w.files == 1 {
                    ui.label(format!("Written to {}", w.path.display()));
                } else {
                    ui.label(format!("{} files written to {}", w.files, w.path.display()));
                }
                let open = if w.files == 1 {
                    "Open the file"
                } else {
                    "Open the folder"
                };
                if ui.button(open).clicked() {
                    let _ = std::process::Command::new("xdg-open").arg(&w.path).spawn();
                }
            });
        }
        Some(Err(e)) => {
            ui.colored_label(theme::severity(Severity::Error), e);
        }
        None => {}
    }
}

/// The leak check's hits in the executive summary (none when it may be exported).
fn summary_hits(review: &Review, typologies: &[Typology]) -> Vec<Hit> {
    pipeline::executive_summary(review, typologies)
        .err()
        .map(ExportError::into_hits)
        .unwrap_or_default()
}

impl State {
    /// What the dialog's choices ask for. A chronology table's format is the one chosen
    /// here until a file is named (then its extension decides, as on the command line).
    fn product(&self) -> Product {
        match self.output {
            Output::Summary => Product::Summary(self.format),
            Output::Full => Product::FullReport {
                format: self.format,
                identity_key: self.identity_key,
            },
            Output::Chronology => Product::Chronology {
                format: if self.xlsx {
                    TableFormat::Xlsx
                } else {
                    TableFormat::Csv
                },
                columns: if self.confidential_columns {
                    export::chronology::Columns::CONFIDENTIAL
                } else {
                    export::chronology::Columns::default()
                },
            },
            Output::Extracts => Product::Extracts,
        }
    }
}

/// The file name, filter name and extension the save dialog proposes.
fn suggested_file(state: &State) -> (String, &'static str, &'static str) {
    let product = state.product();
    let (filter, ext) = product.file_type().unwrap_or(("", ""));
    (product.file_name(), filter, ext)
}

/// Export the chosen output on a background thread and write it: a file, or for the
/// extracts a folder of files.
pub fn start(state: &mut State, cx: &ViewCtx, path: PathBuf) {
    let review = cx.review.clone();
    let typologies = cx.typologies.to_vec();
    let product = state.product();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = (|| {
            let product = match product {
                Product::Chronology { columns, .. } => Product::Chronology {
                    format: TableFormat::for_file_name(&path.display().to_string())
                        .map_err(|e| e.to_string())?,
                    columns,
                },
                p => p,
            };
            let job = ExportJob {
                product,
                date: jiff::Zoned::now().date(),
            };
            let files = pipeline::produce(&review, &typologies, &job).map_err(|e| e.to_string())?;
            let named = files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice()));
            let files = crate::store::write_outputs(&path, product.is_folder(), named, &mut |_| {})
                .map_err(|e| e.to_string())?;
            Ok(Written { path, files })
        })();
        let _ = tx.send(result);
    });
    state.running = Some(rx);
    state.result = None;
}

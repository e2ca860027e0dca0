//! File > Export…: choose the executive summary (public) or the full report
//! (confidential), run the leak check before any public export, list each hit with a
//! jump to its place, and write the file in the background.

use super::{Action, ViewCtx, Workspace, theme};
use crate::analysis::Severity;
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
}

/// The export dialog's state.
#[derive(Default)]
pub struct State {
    /// Open.
    pub open: bool,
    output: Output,
    identity_key: bool,
    format: export::Format,
    hits: Option<(u64, Vec<Hit>)>,
    running: Option<mpsc::Receiver<Result<PathBuf, String>>>,
    result: Option<Result<PathBuf, String>>,
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
    ui.separator();
    let public = state.output == Output::Summary;
    if public {
        if state
            .hits
            .as_ref()
            .is_none_or(|(rev, _)| *rev != cx.revision)
        {
            state.hits = Some((cx.revision, export::leak_check(cx.review, cx.typologies)));
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
        let label = if public {
            "Export executive summary…"
        } else {
            "Export full report…"
        };
        if ui
            .add_enabled(
                !blocked && state.running.is_none(),
                egui::Button::new(label),
            )
            .clicked()
        {
            let stem = if public {
                "executive-summary"
            } else {
                "full-report"
            };
            let ext = state.format.extension();
            if let Some(path) = rfd::FileDialog::new()
                .set_file_name(format!("{stem}.{ext}"))
                .add_filter(state.format.label(), &[ext])
                .save_file()
            {
                start(state, cx, path);
            }
        }
        if state.running.is_some() {
            ui.spinner();
            ui.label("Exporting…");
        }
    });
    match &state.result {
        Some(Ok(path)) => {
            ui.horizontal(|ui| {
                ui.label(format!("Written to {}", path.display()));
                if ui.button("Open the file").clicked() {
                    let _ = std::process::Command::new("xdg-open").arg(path).spawn();
                }
            });
        }
        Some(Err(e)) => {
            ui.colored_label(theme::severity(Severity::Error), e);
        }
        None => {}
    }
}

/// Build and write the chosen output on a background thread.
pub fn start(state: &mut State, cx: &ViewCtx, path: PathBuf) {
    let review = cx.review.clone();
    let typologies = cx.typologies.to_vec();
    let output = state.output;
    let format = state.format;
    let options = export::full::Options {
        identity_key: state.identity_key,
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = (|| {
            let mut report = match output {
                Output::Summary => {
                    let hits = export::leak_check(&review, &typologies);
                    if !hits.is_empty() {
                        return Err(format!(
                            "Export refused: {} confidential identifiers found.",
                            hits.len()
                        ));
                    }
                    export::summary::build(&review, &typologies)
                }
                Output::Full => export::full::build(&review, &typologies, options),
            };
            report.fingerprint = crate::store::fingerprint(&review);
            let bytes = export::render(&report, format, jiff::Zoned::now().date())?;
            crate::store::write_atomic(&path, &bytes, false).map_err(|e| e.to_string())?;
            Ok(path)
        })();
        let _ = tx.send(result);
    });
    state.running = Some(rx);
    state.result = None;
}

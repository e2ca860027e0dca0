//! The episodes workspace: the key practice episodes on the left, the selected one's
//! editor beside them, with its chronology entries and the factors at work in it.

use super::{Action, ViewCtx, forms, theme};
use crate::model::*;
use egui::{RichText, Ui};

/// View state (never saved).
#[derive(Default)]
pub struct State {}

/// Draw the workspace.
pub fn show(ui: &mut Ui, _state: &mut State, cx: &mut ViewCtx) {
    toolbar(ui, cx);
    ui.separator();
    egui::Panel::left("episodes_list_panel")
        .resizable(true)
        .default_size(320.0)
        .size_range(220.0..=600.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("episodes_list_scroll")
                .auto_shrink(false)
                .show(ui, |ui| list(ui, cx));
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("episode_editor_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.add_space(4.0);
                editor(ui, cx);
            });
    });
}

fn toolbar(ui: &mut Ui, cx: &mut ViewCtx) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Key practice episodes");
        if ui
            .button("New episode")
            .on_hover_text("Add an empty episode")
            .clicked()
        {
            let mut ep = from_entries(cx.review, Vec::new());
            ep.title = "New episode".into();
            let id = ep.id;
            cx.edit(Edit::Put(Item::Episode(ep)));
            cx.select(Key::Episode(id));
        }
        let n = cx.selection.entries.len();
        let button = ui.add_enabled(
            n > 0,
            egui::Button::new("New episode from selected entries"),
        );
        let button = if n > 0 {
            button.on_hover_text(format!(
                "Make an episode of the {} selected",
                plural(n, "chronology entry", "chronology entries")
            ))
        } else {
            button
                .on_disabled_hover_text("Select entries in the chronology first (Ctrl+click rows)")
        };
        if button.clicked() {
            let ep = from_entries(cx.review, cx.selection.entries.iter().copied().collect());
            let id = ep.id;
            cx.edit(Edit::Put(Item::Episode(ep)));
            cx.select(Key::Episode(id));
        }
    });
}

/// The period an episode covers, for people.
pub(super) fn period(ep: &Episode) -> String {
    human_span(ep.start, ep.end).unwrap_or_else(|| "no period set".into())
}

/// A small filled square in an appraisal's colour.
pub(super) fn appraisal_chip(ui: &mut Ui, appraisal: Appraisal) {
    let size = ui.text_style_height(&egui::TextStyle::Body) * 0.8;
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, theme::appraisal(appraisal));
    resp.on_hover_text(format!("Appraisal: {}", appraisal.label()));
}

fn list(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    if review.episodes.is_empty() {
        ui.label("No episodes yet.");
        ui.label(
            RichText::new(
                "Add one with \"New episode\", or select entries in the chronology (Ctrl+click) and \
                 make an episode of them.",
            )
            .weak(),
        );
        return;
    }
    for ep in &review.episodes {
        let selected = cx.selection.primary == Some(Key::Episode(ep.id));
        ui.horizontal(|ui| {
            appraisal_chip(ui, ep.appraisal);
            let title = if ep.title.trim().is_empty() {
                "Untitled episode"
            } else {
                ep.title.as_str()
            };
            if ui
                .add(egui::Button::selectable(selected, title).wrap())
                .on_hover_text(format!("{} · {}", ep.id, ep.appraisal.label()))
                .clicked()
            {
                cx.select(Key::Episode(ep.id));
            }
        });
        let n = ep.entries.len();
        ui.label(
            RichText::new(format!(
                "{} · {} · {} · {}",
                ep.id,
                ep.appraisal.label(),
                plural(n, "entry", "entries"),
                period(ep)
            ))
            .weak()
            .small(),
        );
        ui.add_space(4.0);
    }
}

fn editor(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    let Some(Key::Episode(id)) = cx.selection.primary else {
        ui.label("Select an episode on the left to edit it here.");
        return;
    };
    let Some(ep) = review.episode(id) else {
        ui.label(format!("{id} no longer exists."));
        return;
    };
    ui.push_id(("episode_editor", id), |ui| {
        forms::episode(ui, cx, ep);
    });
    ui.add_space(8.0);
    ui.separator();
    entries_table(ui, cx, ep);
    ui.add_space(8.0);
    ui.separator();
    factors_of(ui, cx, ep);
    findings_of(ui, cx, ep);
}

fn entries_table(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode) {
    let review = cx.review;
    ui.strong(format!(
        "Chronology entries in this episode ({})",
        ep.entries.len()
    ));
    if ep.entries.is_empty() {
        ui.label(RichText::new("None yet: add them above, or from the chronology.").weak());
        return;
    }
    let mut entries: Vec<&ChronologyEntry> = ep
        .entries
        .iter()
        .filter_map(|id| review.entry(*id))
        .collect();
    entries.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.time.cmp(&b.time))
            .then(a.sequence.cmp(&b.sequence))
    });
    let mut jump = None;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // A table rather than a grid: its columns share the width, so long summaries are
    // cut to fit instead of pushing the editor wider than the window.
    ui.push_id(("episode_entries", ep.id), |ui| {
        egui_extras::TableBuilder::new(ui)
            .striped(true)
            .vscroll(false)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(egui_extras::Column::exact(52.0))
            .column(egui_extras::Column::auto().at_least(90.0))
            .column(egui_extras::Column::auto().at_least(50.0))
            .column(egui_extras::Column::remainder().at_least(80.0).clip(true))
            .header(row_h, |mut h| {
                for title in ["Entry", "Date", "Agency", "Summary"] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for e in entries {
                    body.row(row_h, |mut row| {
                        row.col(|ui| {
                            if ui
                                .link(e.id.to_string())
                                .on_hover_text("Go to this entry in the chronology")
                                .clicked()
                            {
                                jump = Some(e.id);
                            }
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(e.date.human()).selectable(false));
                        });
                        row.col(|ui| {
                            let agency = review.agency(e.agency).map_or("?", |a| a.short());
                            ui.add(egui::Label::new(agency).selectable(false));
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(&e.summary).truncate().selectable(false));
                        });
                        if row.response().clicked() {
                            jump = Some(e.id);
                        }
                    });
                }
            });
    });
    let missing = ep
        .entries
        .iter()
        .filter(|id| review.entry(**id).is_none())
        .count();
    if missing > 0 {
        ui.colored_label(
            theme::severity(crate::analysis::Severity::Warning),
            format!("{missing} referenced entries no longer exist."),
        );
    }
    if let Some(id) = jump {
        cx.act(Action::Jump(Key::Entry(id)));
    }
}

fn factors_of(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode) {
    let review = cx.review;
    let factors = crate::analysis::chronology::factors_in(review, ep);
    ui.strong(format!(
        "Contributory factors at work in this episode ({})",
        factors.len()
    ));
    if factors.is_empty() {
        ui.label(
            RichText::new("No factor names this episode or its entries among its evidence yet.")
                .weak(),
        );
    }
    for f in factors {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(f.polarity.sign())
                    .strong()
                    .color(theme::polarity(f.polarity)),
            )
            .on_hover_text(f.polarity.label());
            if ui
                .link(format!("{} {}", f.id, f.title))
                .on_hover_text("Go to this factor on the graph")
                .clicked()
            {
                cx.act(Action::Jump(Key::Factor(f.id)));
            }
        });
    }
}

fn findings_of(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode) {
    let review = cx.review;
    let findings: Vec<&Finding> = review
        .findings
        .iter()
        .filter(|f| f.evidence_episodes.contains(&ep.id))
        .collect();
    if findings.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong(format!(
        "Cited as evidence by {} ({})",
        review.details.kind.findings_word(),
        findings.len()
    ));
    for f in findings {
        if ui.link(format!("{} {}", f.id, f.headline)).clicked() {
            cx.act(Action::Jump(Key::Finding(f.id)));
        }
    }
}

/// A new episode holding the given entries, its period spanning their dates.
pub fn from_entries(
    review: &crate::model::Review,
    mut entries: Vec<crate::model::EventId>,
) -> crate::model::Episode {
    entries.sort();
    let dates: Vec<crate::model::EventDate> = entries
        .iter()
        .filter_map(|id| review.entry(*id))
        .map(|e| e.date)
        .collect();
    crate::model::Episode {
        id: review.next_episode_id(),
        title: format!(
            "New episode ({})",
            plural(entries.len(), "entry", "entries")
        ),
        start: dates.iter().min().copied(),
        end: dates.iter().max().copied(),
        entries,
        appraisal: crate::model::Appraisal::NotAppraised,
        what_happened: String::new(),
        why_it_made_sense: String::new(),
        practitioners_views: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{App, Selection, Workspace};
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn entry(id: u32, day: i8) -> ChronologyEntry {
        ChronologyEntry {
            source: "Notes".into(),
            summary: format!("summary {id}"),
            ..ChronologyEntry::new(
                EventId(id),
                EventDate::day(2022, 4, day).unwrap_or(EventDate::On(DatePoint::Year(2022))),
                AgencyId(1),
            )
        }
    }

    fn harness(selection: Selection) -> Harness<'static, App> {
        let review = Review {
            agencies: vec![Agency {
                id: AgencyId(1),
                name: "Police".into(),
                short_name: String::new(),
                sector: Sector::Police,
                import_columns: Default::default(),
            }],
            chronology: vec![entry(1, 3), entry(2, 9), entry(3, 20)],
            ..Review::default()
        };
        let mut app = App::with_review(review, None);
        app.workspace = Workspace::Episodes;
        app.selection = selection;
        Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut App| app.show(ui), app)
    }

    #[test]
    fn new_episode_from_selected_entries_spans_their_dates() {
        let mut selection = Selection::default();
        selection.entries.extend([EventId(3), EventId(1)]);
        let mut h = harness(selection);
        h.run();
        h.get_by_label("New episode from selected entries").click();
        h.run();
        let app = h.state();
        let ep = &app.doc.review.episodes[0];
        assert_eq!(ep.entries, [EventId(1), EventId(3)]);
        assert_eq!(ep.start, EventDate::day(2022, 4, 3));
        assert_eq!(ep.end, EventDate::day(2022, 4, 20));
        assert_eq!(app.selection.primary, Some(Key::Episode(ep.id)));
        // The editor beside the list shows its entries; clicking one goes to the chronology.
        h.get_by_label("summary 3").click();
        h.run();
        assert_eq!(h.state().workspace, Workspace::Chronology);
        assert_eq!(h.state().selection.primary, Some(Key::Entry(EventId(3))));
    }

    #[test]
    fn new_episode_is_empty_and_needs_no_selection() {
        let mut h = harness(Selection::default());
        h.run();
        h.get_by_label("New episode from selected entries").click();
        h.run();
        assert!(
            h.state().doc.review.episodes.is_empty(),
            "disabled without selected entries"
        );
        h.get_by_label("New episode").click();
        h.run();
        let episodes = &h.state().doc.review.episodes;
        assert_eq!(episodes.len(), 1);
        assert!(episodes[0].entries.is_empty());
        assert_eq!(episodes[0].title, "New episode");
    }
}

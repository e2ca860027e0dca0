//! The chronology workspace: the integrated chronology as a table. Only visible rows are
//! laid out; filtering and sorting are cached against the review's revision, so the
//! table stays smooth at 50,000 rows.

use super::{Action, Selection, ViewCtx, forms, theme};
use super::{date_field, field};
use crate::analysis::chronology as chrono;
use crate::model::*;
use egui::{Key as K, RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// How the table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Chronological (date, time, sequence).
    #[default]
    Date,
    /// By agency name, then date.
    Agency,
    /// By sequence number, then date.
    Sequence,
}

/// The filter settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    /// Text to find in any text field.
    pub text: String,
    /// One agency.
    pub agency: Option<AgencyId>,
    /// Earliest date (text form).
    pub from: String,
    /// Latest date (text form).
    pub to: String,
    /// Child seen.
    pub seen: Option<Tri>,
    /// Views sought.
    pub views: Option<Tri>,
    /// Flag.
    pub flag: Option<Flag>,
    /// In an episode.
    pub episode: Option<EpisodeId>,
}

/// View state.
#[derive(Default)]
pub struct State {
    /// Filter.
    pub filter: Filter,
    /// Sort.
    pub sort: SortBy,
    /// Sort descending.
    pub descending: bool,
    /// Put the keyboard in the filter box next frame.
    pub focus_filter: bool,
    /// Scroll to this entry next frame.
    pub scroll_to: Option<EventId>,
    /// The row being edited in place.
    pub editing: Option<EventId>,
    cache: Option<RowsCache>,
}

/// The rows shown, with what they were worked out for.
#[derive(Debug, Clone)]
struct RowsCache {
    revision: u64,
    filter: Filter,
    sort: SortBy,
    descending: bool,
    /// The row held in place while edited.
    held: Option<EventId>,
    rows: Vec<usize>,
}

impl State {
    /// The rows to show (indices into the chronology), cached.
    fn rows(&mut self, cx: &ViewCtx) -> &[usize] {
        let fresh = self.cache.as_ref().is_some_and(|c| {
            c.revision == cx.revision
                && c.filter == self.filter
                && c.sort == self.sort
                && c.descending == self.descending
                && c.held == self.editing
        });
        if !fresh {
            let mut rows = compute_rows(cx.review, &self.filter, self.sort, self.descending);
            if let (Some(id), Some(before)) = (self.editing, &self.cache) {
                hold_in_place(cx.review, &mut rows, &before.rows, id);
            }
            self.cache = Some(RowsCache {
                revision: cx.revision,
                filter: self.filter.clone(),
                sort: self.sort,
                descending: self.descending,
                held: self.editing,
                rows,
            });
        }
        self.cache.as_ref().map_or(&[], |c| &c.rows)
    }
}

/// Keep the row being edited where it was: a date typed into it would otherwise move it
/// away from under the cursor as each key is read (taking the keyboard focus with it).
/// It goes to its place when the editing ends.
fn hold_in_place(review: &Review, rows: &mut Vec<usize>, before: &[usize], id: EventId) {
    let Some(i) = review.chronology.iter().position(|e| e.id == id) else {
        return;
    };
    let Some(at) = before.iter().position(|&r| r == i) else {
        return;
    };
    rows.retain(|&r| r != i);
    rows.insert(at.min(rows.len()), i);
}

/// Filter and sort the chronology.
pub fn compute_rows(review: &Review, f: &Filter, sort: SortBy, descending: bool) -> Vec<usize> {
    let mut rows = chrono::order(review);
    let from = f.from.parse::<EventDate>().ok().map(|d| d.earliest());
    let to = f.to.parse::<EventDate>().ok().map(|d| d.latest());
    let needle = f.text.to_lowercase();
    let episode_entries: Option<std::collections::BTreeSet<EventId>> = f
        .episode
        .and_then(|id| review.episode(id))
        .map(|e| e.entries.iter().copied().collect());
    let c = &review.chronology;
    rows.retain(|&i| {
        let e = &c[i];
        f.agency.is_none_or(|a| e.agency == a)
            && from.is_none_or(|d| e.date.latest() >= d)
            && to.is_none_or(|d| e.date.earliest() <= d)
            && f.seen.is_none_or(|t| e.child_seen == t)
            && f.views.is_none_or(|t| e.views_sought == t)
            && f.flag.is_none_or(|fl| e.flags.contains(&fl))
            && episode_entries.as_ref().is_none_or(|s| s.contains(&e.id))
            && (needle.is_empty() || {
                let hay = [
                    &e.summary,
                    &e.detail,
                    &e.source,
                    &e.event_type,
                    &e.outcome,
                    &e.comment,
                ];
                hay.iter().any(|h| h.to_lowercase().contains(&needle))
                    || e.id.to_string().to_lowercase() == needle
            })
    });
    match sort {
        SortBy::Date => {}
        SortBy::Agency => {
            let name = |i: usize| review.agency(c[i].agency).map_or("", |a| a.name.as_str());
            rows.sort_by(|&a, &b| name(a).cmp(name(b)));
        }
        SortBy::Sequence => rows.sort_by_key(|&i| c[i].sequence),
    }
    if descending {
        rows.reverse();
    }
    rows
}

fn new_entry(cx: &ViewCtx, like: Option<&ChronologyEntry>) -> ChronologyEntry {
    let review = cx.review;
    let date = like.map_or_else(
        || EventDate::On(DatePoint::Day(jiff::Zoned::now().date())),
        |e| e.date,
    );
    let agency = like.map_or_else(
        || review.agencies.first().map_or(AgencyId(1), |a| a.id),
        |e| e.agency,
    );
    ChronologyEntry {
        sequence: like.map_or(0, |e| e.sequence + 1),
        source: like.map_or_else(String::new, |e| e.source.clone()),
        ..ChronologyEntry::new(review.next_entry_id(), date, agency)
    }
}

fn tri_short(t: Tri) -> &'static str {
    match t {
        Tri::Yes => "Yes",
        Tri::No => "No",
        Tri::Unknown => "?",
    }
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    toolbar(ui, state, cx);
    filters(ui, state, cx);
    ui.separator();
    let rows: Vec<usize> = state.rows(cx).to_vec();
    keyboard(ui, state, cx, &rows);
    ui.label(
        RichText::new(format!(
            "{} of {}",
            rows.len(),
            plural(cx.review.chronology.len(), "entry", "entries")
        ))
        .weak(),
    );
    table(ui, state, cx, &rows);
}

fn toolbar(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    ui.horizontal(|ui| {
        ui.heading("Chronology");
        let selected = match cx.selection.primary {
            Some(Key::Entry(id)) => cx.review.entry(id),
            _ => None,
        };
        if ui
            .button("Add entry")
            .on_hover_text("Add an entry after the selected one")
            .clicked()
        {
            if cx.review.agencies.is_empty() {
                cx.act(Action::Notify("Add an agency on the Overview first".into()));
            } else {
                let e = new_entry(cx, selected);
                let id = e.id;
                cx.edit(Edit::Put(Item::Entry(Box::new(e))));
                cx.select(Key::Entry(id));
                state.editing = Some(id);
                state.scroll_to = Some(id);
            }
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Duplicate entry"))
            .clicked()
            && let Some(e) = selected
        {
            let mut copy = e.clone();
            copy.id = cx.review.next_entry_id();
            copy.provenance = None;
            let id = copy.id;
            cx.edit(Edit::Put(Item::Entry(Box::new(copy))));
            cx.select(Key::Entry(id));
            state.scroll_to = Some(id);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Delete entry"))
            .clicked()
        {
            cx.act(Action::Run(super::command::Command::Delete));
        }
        let n = cx.selection.entries.len();
        if ui
            .add_enabled(
                n > 0,
                egui::Button::new(format!("New episode from {n} selected")),
            )
            .on_hover_text("Ctrl+click rows to select several entries")
            .clicked()
        {
            let ep = super::episodes::from_entries(
                cx.review,
                cx.selection.entries.iter().copied().collect(),
            );
            let id = ep.id;
            cx.edit(Edit::Put(Item::Episode(ep)));
            cx.act(Action::Jump(Key::Episode(id)));
        }
    });
}

fn filters(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let f = &mut state.filter;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Filter");
        let resp = ui
            .add(
                egui::TextEdit::singleline(&mut f.text)
                    .hint_text("Text or id (Ctrl+F)")
                    .desired_width(180.0),
            )
            .labelled_by(l.id);
        if state.focus_filter {
            resp.request_focus();
            state.focus_filter = false;
        }
        let review = cx.review;
        let mut agencies: Vec<Option<AgencyId>> = vec![None];
        agencies.extend(review.agencies.iter().map(|a| Some(a.id)));
        forms::small_choice(ui, "Agency filter", &mut f.agency, &agencies, |a| {
            a.map_or("All".into(), |a| review.agency_name(a))
        });
        let l = ui.label("From date");
        ui.add(
            egui::TextEdit::singleline(&mut f.from)
                .hint_text("2016-01")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        let l = ui.label("To date");
        ui.add(
            egui::TextEdit::singleline(&mut f.to)
                .hint_text("2017")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        let tris = [None, Some(Tri::Yes), Some(Tri::No), Some(Tri::Unknown)];
        let tri_name = |t: Option<Tri>| t.map_or("Any".to_string(), |t| t.label().to_string());
        forms::small_choice(ui, "Child seen filter", &mut f.seen, &tris, tri_name);
        forms::small_choice(ui, "Views sought filter", &mut f.views, &tris, tri_name);
        let flags = [
            None,
            Some(Flag::MissedOpportunity),
            Some(Flag::GoodPractice),
            Some(Flag::NeedsChecking),
        ];
        forms::small_choice(ui, "Flag filter", &mut f.flag, &flags, |fl| {
            fl.map_or("Any".into(), |fl| fl.label().into())
        });
        let mut eps: Vec<Option<EpisodeId>> = vec![None];
        eps.extend(review.episodes.iter().map(|e| Some(e.id)));
        forms::small_choice(ui, "Episode filter", &mut f.episode, &eps, |e| {
            e.map_or("Any".into(), |e| {
                review
                    .episode(e)
                    .map_or(e.to_string(), |x| format!("{e} {}", x.title))
            })
        });
        if ui.button("Clear filters").clicked() {
            *f = Filter::default();
        }
        ui.separator();
        forms::small_choice(
            ui,
            "Sort by",
            &mut state.sort,
            &[SortBy::Date, SortBy::Agency, SortBy::Sequence],
            |s| {
                match s {
                    SortBy::Date => "Date",
                    SortBy::Agency => "Agency",
                    SortBy::Sequence => "Sequence",
                }
                .into()
            },
        );
        ui.checkbox(&mut state.descending, "Newest first");
    });
}

fn keyboard(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx, rows: &[usize]) {
    if ui.ctx().text_edit_focused() {
        if state.editing.is_some() && ui.input(|i| i.key_pressed(K::Escape)) {
            state.editing = None;
        }
        return;
    }
    let current = match cx.selection.primary {
        Some(Key::Entry(id)) => rows.iter().position(|&i| cx.review.chronology[i].id == id),
        _ => None,
    };
    let (down, up, enter, esc) = ui.input(|i| {
        (
            i.key_pressed(K::ArrowDown),
            i.key_pressed(K::ArrowUp),
            i.key_pressed(K::Enter),
            i.key_pressed(K::Escape),
        )
    });
    let next = if down {
        Some(current.map_or(0, |c| (c + 1).min(rows.len().saturating_sub(1))))
    } else if up {
        Some(current.map_or(0, |c| c.saturating_sub(1)))
    } else {
        None
    };
    if let Some(n) = next
        && let Some(&i) = rows.get(n)
    {
        let id = cx.review.chronology[i].id;
        cx.select(Key::Entry(id));
        state.scroll_to = Some(id);
        state.editing = None;
    }
    if enter && let Some(Key::Entry(id)) = cx.selection.primary {
        state.editing = if state.editing == Some(id) {
            None
        } else {
            Some(id)
        };
    }
    if esc {
        state.editing = None;
    }
}

fn table(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx, rows: &[usize]) {
    // Labels in rows must not take the click that selects the row.
    ui.style_mut().interaction.selectable_labels = false;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let edit_h = row_h + 10.0;
    let scroll_row = match state.scroll_to {
        // A new entry is put in the review after the frame that asked to show it.
        Some(id) if cx.review.entry(id).is_none() => None,
        _ => state
            .scroll_to
            .take()
            .and_then(|id| rows.iter().position(|&i| cx.review.chronology[i].id == id)),
    };
    egui::ScrollArea::horizontal()
        .id_salt("chronology_hscroll")
        .show(ui, |ui| {
            table_inner(ui, state, cx, rows, row_h, edit_h, scroll_row)
        });
}

#[allow(clippy::too_many_arguments)]
fn table_inner(
    ui: &mut Ui,
    state: &mut State,
    cx: &mut ViewCtx,
    rows: &[usize],
    row_h: f32,
    edit_h: f32,
    scroll_row: Option<usize>,
) {
    let mut builder = TableBuilder::new(ui)
        .id_salt("chronology_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(56.0).clip(true))
        .column(Column::initial(120.0).at_least(80.0).clip(true))
        .column(Column::initial(48.0).clip(true))
        .column(Column::initial(36.0).clip(true))
        .column(Column::initial(90.0).at_least(50.0).clip(true))
        .column(Column::initial(110.0).at_least(50.0).clip(true))
        .column(Column::initial(110.0).at_least(50.0).clip(true))
        .column(Column::initial(48.0).clip(true))
        .column(Column::initial(48.0).clip(true))
        .column(Column::initial(360.0).at_least(120.0).clip(true))
        .column(Column::initial(180.0).at_least(60.0).clip(true))
        .column(Column::initial(90.0).at_least(60.0).clip(true))
        .min_scrolled_height(0.0);
    if let Some(r) = scroll_row {
        builder = builder.scroll_to_row(r, Some(egui::Align::Center));
    }
    let review = cx.review;
    let editing = state.editing;

    let mut clicked: Option<(EventId, bool)> = None;
    let mut double: Option<EventId> = None;
    builder
        .header(row_h, |mut h| {
            for title in [
                "Id",
                "Date",
                "Time",
                "Seq",
                "Agency",
                "Source",
                "Event type",
                "Seen",
                "Views",
                "Summary (public)",
                "Outcome",
                "Flags",
            ] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            let heights = rows.iter().map(|&i| {
                if Some(review.chronology[i].id) == editing {
                    edit_h
                } else {
                    row_h
                }
            });
            body.heterogeneous_rows(heights, |mut row| {
                let Some(&i) = rows.get(row.index()) else {
                    return;
                };
                let e = &review.chronology[i];
                row.set_selected(cx.selection.has_entry(e.id));
                if Some(e.id) == editing {
                    edit_row(&mut row, e, cx);
                } else {
                    display_row(&mut row, e, review);
                }
                let resp = row.response();
                if resp.clicked() {
                    let multi = resp.ctx.input(|i| i.modifiers.command);
                    clicked = Some((e.id, multi));
                }
                if resp.double_clicked() {
                    double = Some(e.id);
                }
            });
        });
    if let Some((id, multi)) = clicked {
        let mut sel = if multi {
            cx.selection.clone()
        } else {
            Selection::default()
        };
        if multi && sel.entries.contains(&id) {
            sel.entries.remove(&id);
        } else {
            sel.entries.insert(id);
        }
        sel.primary = Some(Key::Entry(id));
        sel.outcome = false;
        cx.act(Action::Select(sel));
        if state.editing.is_some_and(|e| e != id) {
            state.editing = None;
        }
    }
    if let Some(id) = double {
        state.editing = Some(id);
    }
}

fn display_row(row: &mut egui_extras::TableRow, e: &ChronologyEntry, review: &Review) {
    row.col(|ui| {
        ui.label(RichText::new(e.id.to_string()).weak());
    });
    row.col(|ui| {
        let text = e.date.human();
        if e.date.is_exact() {
            ui.label(text);
        } else {
            ui.label(RichText::new(text).italics())
                .on_hover_text(format!("Uncertain date: {}", e.date.precision_label()));
        }
    });
    row.col(|ui| {
        ui.label(
            e.time
                .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
                .unwrap_or_default(),
        );
    });
    row.col(|ui| {
        ui.label(e.sequence.to_string());
    });
    row.col(|ui| {
        ui.label(review.agency(e.agency).map_or("?", |a| a.short()));
    });
    row.col(|ui| {
        ui.label(&e.source);
    });
    row.col(|ui| {
        ui.label(&e.event_type);
    });
    row.col(|ui| {
        ui.label(tri_short(e.child_seen));
    });
    row.col(|ui| {
        ui.label(tri_short(e.views_sought));
    });
    row.col(|ui| {
        ui.add(egui::Label::new(&e.summary).truncate());
    });
    row.col(|ui| {
        ui.add(egui::Label::new(&e.outcome).truncate());
    });
    row.col(|ui| {
        for f in &e.flags {
            let (text, colour) = match f {
                Flag::MissedOpportunity => ("MO", theme::MISSED),
                Flag::GoodPractice => ("GP", theme::GOOD),
                Flag::NeedsChecking => ("?", theme::severity(crate::analysis::Severity::Warning)),
            };
            ui.label(RichText::new(text).color(colour).strong())
                .on_hover_text(f.label());
        }
    });
}

fn edit_row(row: &mut egui_extras::TableRow, e: &ChronologyEntry, cx: &mut ViewCtx) {
    let mut x = e.clone();
    let review = cx.review;
    row.col(|ui| {
        ui.label(RichText::new(e.id.to_string()).strong());
    });
    row.col(|ui| {
        inline_parsed(
            ui,
            "Row date",
            &mut x.date,
            |d| d.to_string(),
            date_field::read,
        );
    });
    row.col(|ui| {
        inline_parsed(
            ui,
            "Row time",
            &mut x.time,
            date_field::show_time,
            date_field::read_time,
        );
    });
    row.col(|ui| {
        inline_parsed(
            ui,
            "Row sequence",
            &mut x.sequence,
            |s| s.to_string(),
            |s| {
                s.trim()
                    .parse()
                    .map_err(|_| "write a whole number".to_string())
            },
        );
    });
    row.col(|ui| {
        egui::ComboBox::from_id_salt("edit_agency")
            .selected_text(review.agency(x.agency).map_or("?", |a| a.short()))
            .show_ui(ui, |ui| {
                for a in &review.agencies {
                    ui.selectable_value(&mut x.agency, a.id, &a.name);
                }
            })
            .response
            .on_hover_text("Row agency");
    });
    row.col(|ui| {
        ui.add(egui::TextEdit::singleline(&mut x.source).hint_text("Source"))
            .on_hover_text("Row source");
    });
    row.col(|ui| {
        ui.add(egui::TextEdit::singleline(&mut x.event_type).hint_text("Event type"));
    });
    for (salt, value) in [
        ("edit_seen", &mut x.child_seen),
        ("edit_views", &mut x.views_sought),
    ] {
        row.col(|ui| {
            egui::ComboBox::from_id_salt(salt)
                .selected_text(tri_short(*value))
                .show_ui(ui, |ui| {
                    for t in Tri::ALL {
                        ui.selectable_value(value, t, t.label());
                    }
                });
        });
    }
    row.col(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut x.summary)
                .hint_text("Summary, with labels")
                .desired_width(f32::INFINITY),
        );
    });
    row.col(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut x.outcome)
                .hint_text("Outcome")
                .desired_width(f32::INFINITY),
        );
    });
    row.col(|ui| {
        for f in [Flag::MissedOpportunity, Flag::GoodPractice] {
            let mut on = x.flags.contains(&f);
            let short = if f == Flag::MissedOpportunity {
                "MO"
            } else {
                "GP"
            };
            if ui
                .checkbox(&mut on, short)
                .on_hover_text(f.label())
                .changed()
            {
                if on {
                    x.flags.insert(f);
                } else {
                    x.flags.remove(&f);
                }
            }
        }
    });
    if x != *e {
        cx.put(Item::Entry(Box::new(x)));
    }
}

/// A compact text cell bound to a parsed value, kept as typed while it has the focus (see
/// [`field`]); red, and saying why on hover, while the text does not parse.
fn inline_parsed<T: PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    show: impl Fn(&T) -> String,
    parse: impl Fn(&str) -> Result<T, String>,
) {
    let edited = field::keep(
        ui,
        field::Spec::line(label),
        value,
        show,
        parse,
        |ui, edit| {
            let response = ui.add(edit.desired_width(f32::INFINITY));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, label));
            response
        },
    );
    edited
        .response
        .on_hover_text(edited.problem.as_deref().unwrap_or(label));
}

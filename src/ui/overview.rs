//! The overview workspace: review details, terms of reference, panel, agencies, people.

use super::{ViewCtx, forms, theme};
use crate::model::*;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

/// Draw the workspace.
pub fn show(ui: &mut Ui, cx: &mut ViewCtx) {
    // Scrolls sideways only as a last resort: in a window too narrow for even the
    // tables' narrowest columns.
    egui::ScrollArea::both()
        .id_salt("overview")
        .auto_shrink(false)
        .show(ui, |ui| {
            details(ui, cx);
            ui.add_space(12.0);
            panel(ui, cx);
            ui.add_space(12.0);
            agencies(ui, cx);
            ui.add_space(12.0);
            people(ui, cx);
        });
}

fn details(ui: &mut Ui, cx: &mut ViewCtx) {
    let d = &cx.review.details;
    let mut x = d.clone();
    ui.heading("Review");
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        forms::text(ui, "Title", &mut x.title);
        forms::choice(ui, "Kind of review", &mut x.kind, &ReviewKind::ALL, |k| {
            format!("{} ({})", k.name(), k.nation())
        });
        forms::text(ui, "Reference", &mut x.reference);
        forms::text(ui, "Board or partnership", &mut x.board);
        forms::choice(ui, "Status", &mut x.status, &ReviewStatus::ALL, |s| {
            s.label().to_string()
        });
        forms::opt_date(ui, "Commissioned", &mut x.commissioned);
        forms::opt_date(ui, "Period under review from", &mut x.period_start);
        forms::opt_date(ui, "Period under review to", &mut x.period_end);
        let ui = &mut cols[1];
        forms::area(ui, "Why the review was held (public)", &mut x.reason, 3);
        forms::lines(
            ui,
            "Terms of reference (one a line)",
            &mut x.terms_of_reference,
            5,
        );
        forms::area(ui, "Parallel processes", &mut x.parallel_processes, 2);
        forms::area(ui, "Family involvement", &mut x.family_involvement, 2);
        forms::area(
            ui,
            "Anonymised account of the case (public)",
            &mut x.public_case_summary,
            4,
        );
    });
    ui.label(
        RichText::new(format!(
            "Vocabulary for this kind: \"{}\"; {}.",
            x.kind.findings_word(),
            if x.kind.asks_questions() {
                "questions for the board"
            } else {
                "recommendations"
            }
        ))
        .weak(),
    );
    ui.collapsing("Typologies used and redaction terms", |ui| {
        ui.label("Typologies the review's codes come from:");
        for t in cx.typologies {
            let r = TypologyRef {
                id: t.id.clone(),
                version: t.version.clone(),
            };
            let mut on = x.typologies.contains(&r);
            if ui
                .checkbox(&mut on, format!("{} (version {})", t.name, t.version))
                .changed()
            {
                if on {
                    x.typologies.push(r);
                    x.typologies.sort();
                } else {
                    x.typologies.retain(|y| *y != r);
                }
            }
        }
        forms::lines(
            ui,
            "Extra redaction terms (one a line, kept out of public output)",
            &mut x.redaction_terms,
            3,
        );
    });
    if x != *d {
        cx.put(Item::Details(Box::new(x)));
    }
}

fn panel(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal(|ui| {
        ui.heading("Panel and review team");
        if ui.button("Add panel member").clicked() {
            let id = review.next_panel_id();
            cx.edit(Edit::Put(Item::PanelMember(PanelMember {
                id,
                name: "New member".into(),
                role: String::new(),
                organisation: String::new(),
                agency: None,
                independent: false,
                duties: Default::default(),
            })));
            cx.select(Key::PanelMember(id));
        }
    });
    ui.label(RichText::new("Panel members are named in the published executive summary.").weak());
    let columns = [
        ("Name", Fit::Whole(220.0)),
        ("Role", Fit::Share(80.0)),
        ("Organisation", Fit::Share(80.0)),
        ("Duties", Fit::Whole(220.0)),
        ("Independent", Fit::Whole(120.0)),
    ]
    .map(|(h, fit)| (RichText::new(h), fit));
    fitted_table(
        ui,
        "panel_table",
        columns,
        review.panel.len(),
        |i, mut row| {
            let Some(m) = review.panel.get(i) else { return };
            row.ui(|ui| {
                let sel = cx.selection.primary == Some(Key::PanelMember(m.id));
                if selectable(ui, sel, &m.name).clicked() {
                    cx.select(Key::PanelMember(m.id));
                }
            });
            row.text(&m.role);
            row.text(&m.organisation);
            let duties: Vec<&str> = m.duties.iter().map(|d| d.label()).collect();
            row.text(duties.join(", "));
            row.text(if m.independent { "Yes" } else { "No" });
        },
    );
}

/// How a column of a fitted table takes its width.
#[derive(Clone, Copy)]
enum Fit {
    /// As wide as its widest cell, up to this many points (names, short values).
    Whole(f32),
    /// A share of what the `Whole` columns leave, at least this many points (long roles,
    /// organisations).
    Share(f32),
}

/// A table that fits the width it is given, so that no column ends up under the
/// inspector: text too long for its cell is cut short with "…" and shows whole on hover.
/// `columns` are the headers and how each takes its width; `row(i, cells)` fills row
/// `i` a cell at a time.
fn fitted_table<const N: usize>(
    ui: &mut Ui,
    id: &str,
    columns: [(RichText, Fit); N],
    rows: usize,
    mut row: impl FnMut(usize, Cells),
) {
    let height = ui.spacing().interact_size.y + 4.0;
    let fits = columns.each_ref().map(|(_, fit)| *fit);
    let mut table = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for fit in fits {
        table = table.column(match fit {
            Fit::Whole(most) => Column::auto().at_most(most),
            Fit::Share(least) => Column::remainder().at_least(least).clip(true),
        });
    }
    table
        .header(height, |mut header| {
            let mut cells = Cells::new(&mut header, &fits);
            for (text, _) in columns {
                cells.text(text.strong());
            }
        })
        .body(|body| {
            body.rows(height, rows, |mut r| {
                let i = r.index();
                row(i, Cells::new(&mut r, &fits));
            })
        });
}

/// The cells of one row of a fitted table, filled left to right.
struct Cells<'r, 'a, 'b> {
    row: &'r mut TableRow<'a, 'b>,
    fits: &'r [Fit],
    next: usize,
}

impl<'r, 'a, 'b> Cells<'r, 'a, 'b> {
    fn new(row: &'r mut TableRow<'a, 'b>, fits: &'r [Fit]) -> Self {
        Cells { row, fits, next: 0 }
    }

    /// The next cell, drawn by `add`.
    fn ui(&mut self, add: impl FnOnce(&mut Ui)) -> egui::Response {
        let fit = self.fits.get(self.next).copied();
        self.next += 1;
        self.row
            .col(|ui| {
                // An automatic column is as wide as its widest cell was: let its cells
                // take all the width they may, or they would keep the first guess.
                if let Some(Fit::Whole(most)) = fit {
                    ui.set_max_width(most);
                }
                add(ui);
            })
            .1
    }

    /// The next cell: text on one line, cut short with "…" where it does not fit.
    fn text(&mut self, text: impl Into<RichText>) -> egui::Response {
        let text = text.into();
        self.ui(|ui| {
            ui.add(egui::Label::new(text).truncate());
        })
    }
}

/// A row's selectable name, cut short with "…" where it does not fit.
fn selectable(ui: &mut Ui, selected: bool, text: &str) -> egui::Response {
    ui.add(egui::Button::selectable(selected, text).truncate())
}

fn agencies(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal(|ui| {
        ui.heading("Agencies");
        if ui.button("Add agency").clicked() {
            let id = review.next_agency_id();
            cx.edit(Edit::Put(Item::Agency(Agency {
                id,
                name: "New agency".into(),
                short_name: String::new(),
                sector: Sector::Other,
                import_columns: Default::default(),
            })));
            cx.select(Key::Agency(id));
        }
    });
    let counts = crate::analysis::chronology::seen_by_agency(review);
    let columns = [
        ("Agency", Fit::Share(120.0)),
        ("Short name", Fit::Whole(140.0)),
        ("Sector", Fit::Whole(140.0)),
        ("Entries", Fit::Whole(80.0)),
        ("Child seen", Fit::Whole(100.0)),
    ]
    .map(|(h, fit)| (RichText::new(h), fit));
    let n = review.agencies.len();
    fitted_table(ui, "agency_table", columns, n, |i, mut row| {
        let Some(a) = review.agencies.get(i) else {
            return;
        };
        row.ui(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::category(i));
            let sel = cx.selection.primary == Some(Key::Agency(a.id));
            if selectable(ui, sel, &a.name).clicked() {
                cx.select(Key::Agency(a.id));
            }
        });
        row.text(&a.short_name);
        row.text(a.sector.label());
        let c = counts.get(&a.id).copied().unwrap_or_default();
        row.text(c.entries.to_string());
        row.text(format!("{} of {}", c.seen, c.entries));
    });
}

fn people(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal(|ui| {
        ui.heading("People in the case");
        if ui.button("Add person").clicked() {
            let id = review.next_person_id();
            cx.edit(Edit::Put(Item::Person(Person {
                id,
                label: format!("Person {}", id.0),
                real_names: Vec::new(),
                date_of_birth: None,
                addresses: Vec::new(),
                role: PersonRole::Family,
                relationship: String::new(),
                agency: None,
            })));
            cx.select(Key::Person(id));
        }
    });
    ui.label(RichText::new("Public text uses the labels; real names, dates of birth and addresses are confidential and never published.").weak());
    let columns = [
        (RichText::new("Public label"), Fit::Whole(220.0)),
        (RichText::new("Role"), Fit::Share(80.0)),
        (
            RichText::new("Real name (confidential)").color(theme::CONFIDENTIAL),
            Fit::Share(80.0),
        ),
        (RichText::new("Agency"), Fit::Share(80.0)),
    ];
    let n = review.people.len();
    fitted_table(ui, "people_table", columns, n, |i, mut row| {
        let Some(p) = review.people.get(i) else {
            return;
        };
        row.ui(|ui| {
            let sel = cx.selection.primary == Some(Key::Person(p.id));
            if selectable(ui, sel, &p.label).clicked() {
                cx.select(Key::Person(p.id));
            }
        });
        row.text(if p.relationship.is_empty() {
            p.role.label()
        } else {
            &p.relationship
        });
        row.text(RichText::new(p.real_names.join("; ")).color(theme::CONFIDENTIAL))
            .on_hover_text("Confidential: never appears in public output");
        row.text(p.agency.map(|a| review.agency_name(a)).unwrap_or_default());
    });
}

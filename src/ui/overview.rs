//! The overview workspace: review details, terms of reference, panel, agencies, people.

use super::{ViewCtx, forms, theme};
use crate::model::*;
use egui::{RichText, Ui};

/// Draw the workspace.
pub fn show(ui: &mut Ui, cx: &mut ViewCtx) {
    egui::ScrollArea::vertical()
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
    egui::Grid::new("panel_grid")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["Name", "Role", "Organisation", "Duties", "Independent"] {
                ui.strong(h);
            }
            ui.end_row();
            for m in &review.panel {
                let sel = cx.selection.primary == Some(Key::PanelMember(m.id));
                if ui.selectable_label(sel, &m.name).clicked() {
                    cx.select(Key::PanelMember(m.id));
                }
                ui.label(&m.role);
                ui.label(&m.organisation);
                ui.label(
                    m.duties
                        .iter()
                        .map(|d| d.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                ui.label(if m.independent { "Yes" } else { "No" });
                ui.end_row();
            }
        });
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
    egui::Grid::new("agency_grid")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["Agency", "Short name", "Sector", "Entries", "Child seen"] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, a) in review.agencies.iter().enumerate() {
                let sel = cx.selection.primary == Some(Key::Agency(a.id));
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, theme::category(i));
                    if ui.selectable_label(sel, &a.name).clicked() {
                        cx.select(Key::Agency(a.id));
                    }
                });
                ui.label(&a.short_name);
                ui.label(a.sector.label());
                let c = counts.get(&a.id).copied().unwrap_or_default();
                ui.label(c.entries.to_string());
                ui.label(format!("{} of {}", c.seen, c.entries));
                ui.end_row();
            }
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
    egui::Grid::new("people_grid")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong("Public label");
            ui.strong("Role");
            ui.strong(RichText::new("Real name (confidential)").color(theme::CONFIDENTIAL));
            ui.strong("Agency");
            ui.end_row();
            for p in &review.people {
                let sel = cx.selection.primary == Some(Key::Person(p.id));
                if ui.selectable_label(sel, &p.label).clicked() {
                    cx.select(Key::Person(p.id));
                }
                ui.label(if p.relationship.is_empty() {
                    p.role.label()
                } else {
                    &p.relationship
                });
                ui.label(RichText::new(p.real_names.join("; ")).color(theme::CONFIDENTIAL))
                    .on_hover_text("Confidential: never appears in public output");
                ui.label(p.agency.map(|a| review.agency_name(a)).unwrap_or_default());
                ui.end_row();
            }
        });
}

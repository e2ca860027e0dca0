//! Pickers for long lists: references to other objects (chronology entries, episodes,
//! factors, findings, people) and typology codes, each chosen from a menu with a filter box.

use super::{Action, ViewCtx};
use crate::model::*;
use egui::Ui;

/// A list of references edited as removable chips plus an "Add…" menu. `name` gives each
/// candidate's label; `jump` turns an id into a key to jump to.
pub fn id_list<I: Pick>(ui: &mut Ui, cx: &mut ViewCtx, label: &str, value: &mut Vec<I>) -> bool {
    let review = cx.review;
    let mut changed = false;
    ui.label(label);
    ui.vertical(|ui| {
        let mut remove = None;
        for id in value.iter() {
            let name = I::name(review, *id).unwrap_or_else(|| format!("{id} (missing)"));
            // One row each, the text cut to the panel's width: a long list grows down,
            // never wider (a wrapping chip used to widen the inspector every frame).
            ui.horizontal(|ui| {
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove {id} from {label}"))
                    .clicked()
                {
                    remove = Some(*id);
                }
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                if ui
                    .link(&name)
                    .on_hover_text(format!("{name}\nGo to it"))
                    .clicked()
                {
                    cx.act(Action::Jump(id.key()));
                }
            });
        }
        if let Some(id) = remove {
            value.retain(|x| *x != id);
            changed = true;
        }
        let button = format!("Add to {}", label.to_lowercase());
        ui.menu_button(format!("{button}…"), |ui| {
            let f = menu_filter(ui, &format!("Find {}", label.to_lowercase()));
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    // Built only while the menu is open: listing every entry is
                    // too costly for every frame the form is shown.
                    let all = I::all(review);
                    let shown: Vec<&(I, String)> = all
                        .iter()
                        .filter(|(id, n)| {
                            !value.contains(id) && (f.is_empty() || n.to_lowercase().contains(&f))
                        })
                        .take(200)
                        .collect();
                    for (id, name) in shown {
                        if ui.button(name).clicked() {
                            value.push(*id);
                            value.sort();
                            changed = true;
                            ui.close();
                        }
                    }
                });
        });
    });
    changed
}

/// A labelled "type to filter" box at the top of a long menu; returns the filter in
/// lower case. Long menus scroll, so without it the last items are hard to reach.
pub fn menu_filter(ui: &mut Ui, label: &str) -> String {
    let id = ui.make_persistent_id(("menu_filter", label));
    let mut filter: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(&mut filter).hint_text("Type to filter"))
        .labelled_by(l.id);
    let lower = filter.to_lowercase();
    ui.data_mut(|d| d.insert_temp(id, filter));
    lower
}

/// An id that can be picked in an [`id_list`]: its label for people, every candidate
/// (in the order people expect), and the key to jump to it.
pub trait Pick: Copy + Ord + std::fmt::Display {
    /// The label of one object, `None` when it no longer exists.
    fn name(review: &Review, id: Self) -> Option<String>;
    /// Every object that could be picked, with its label.
    fn all(review: &Review) -> Vec<(Self, String)>;
    /// The key to jump to it.
    fn key(self) -> Key;
}

/// An entry's label: "E12 · 3 May 2016 · HV · summary".
fn entry_label(review: &Review, e: &ChronologyEntry) -> String {
    let agency = review.agency(e.agency).map_or("?", |a| a.short());
    let mut summary: String = e.summary.chars().take(50).collect();
    if e.summary.chars().count() > 50 {
        summary.push('…');
    }
    format!("{} · {} · {agency} · {summary}", e.id, e.date.human())
}

impl Pick for EventId {
    fn name(review: &Review, id: Self) -> Option<String> {
        review.entry(id).map(|e| entry_label(review, e))
    }

    fn all(review: &Review) -> Vec<(Self, String)> {
        crate::analysis::chronology::order(review)
            .into_iter()
            .map(|i| {
                let e = &review.chronology[i];
                (e.id, entry_label(review, e))
            })
            .collect()
    }

    fn key(self) -> Key {
        Key::Entry(self)
    }
}

macro_rules! pick_by_id {
    ($id:ty, $field:ident, $find:ident, $key:ident, |$x:ident| $label:expr) => {
        impl Pick for $id {
            fn name(review: &Review, id: Self) -> Option<String> {
                review.$find(id).map(|$x| $label)
            }

            fn all(review: &Review) -> Vec<(Self, String)> {
                review.$field.iter().map(|$x| ($x.id, $label)).collect()
            }

            fn key(self) -> Key {
                Key::$key(self)
            }
        }
    };
}

pick_by_id!(EpisodeId, episodes, episode, Episode, |e| format!(
    "{} · {}",
    e.id, e.title
));
pick_by_id!(FactorId, factors, factor, Factor, |f| format!(
    "{} · {}",
    f.id, f.title
));
pick_by_id!(FindingId, findings, finding, Finding, |f| format!(
    "{} · {}",
    f.id, f.headline
));
pick_by_id!(PersonId, people, person, Person, |p| p.label.clone());

/// Every code of every typology the review uses, as (code, "typology · code name").
pub fn code_candidates(review: &Review, typologies: &[Typology]) -> Vec<(Code, String)> {
    let mut out = Vec::new();
    for r in &review.details.typologies {
        if let Some(t) = typologies
            .iter()
            .find(|t| t.id == r.id && t.version == r.version)
        {
            for (depth, node) in t.walk() {
                out.push((
                    Code {
                        typology: t.id.clone(),
                        code: node.code.clone(),
                    },
                    format!(
                        "{}{} {} ({})",
                        "  ".repeat(depth),
                        node.code,
                        node.name,
                        t.id
                    ),
                ));
            }
        }
    }
    out
}

/// The name of a code, for chips.
pub fn code_name(code: &Code, typologies: &[Typology]) -> String {
    typologies
        .iter()
        .find(|t| t.id == code.typology)
        .and_then(|t| t.find(&code.code))
        .map_or_else(|| code.to_string(), |n| format!("{} {}", n.code, n.name))
}

/// A list of typology codes as chips with an "Add code…" menu.
pub fn codes(
    ui: &mut Ui,
    label: &str,
    value: &mut Vec<Code>,
    review: &Review,
    typologies: &[Typology],
) -> bool {
    let mut changed = false;
    ui.label(label);
    ui.vertical(|ui| {
        let mut remove = None;
        for (i, c) in value.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove code {c}"))
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                ui.label(code_name(c, typologies));
            });
        }
        if let Some(i) = remove {
            value.remove(i);
            changed = true;
        }
        ui.menu_button("Add code…", |ui| {
            let f = menu_filter(ui, "Find a code");
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (code, name) in code_candidates(review, typologies) {
                        let shown = f.is_empty() || name.to_lowercase().contains(&f);
                        if shown && !value.contains(&code) && ui.button(name).clicked() {
                            value.push(code);
                            value.sort();
                            changed = true;
                            ui.close();
                        }
                    }
                });
        });
    });
    changed
}

/// One optional code (a finding's category).
pub fn opt_code(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<Code>,
    review: &Review,
    typologies: &[Typology],
) -> bool {
    let mut all: Vec<Option<Code>> = vec![None];
    all.extend(
        code_candidates(review, typologies)
            .into_iter()
            .map(|(c, _)| Some(c)),
    );
    let l = ui.label(label);
    let mut changed = false;
    egui::ComboBox::from_id_salt(("code", label))
        .selected_text(
            value
                .as_ref()
                .map_or_else(|| "None".to_string(), |c| code_name(c, typologies)),
        )
        .width(ui.available_width().min(360.0))
        .show_ui(ui, |ui| {
            for v in all {
                let name = v
                    .as_ref()
                    .map_or_else(|| "None".to_string(), |c| code_name(c, typologies));
                changed |= ui.selectable_value(value, v, name).changed();
            }
        })
        .response
        .labelled_by(l.id);
    changed
}

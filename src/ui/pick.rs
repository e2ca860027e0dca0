//! Pickers for long lists: references to other objects (chronology entries, episodes,
//! factors, findings, people) and typology codes, each chosen from a menu with a filter box.
//!
//! A long menu opens with the keyboard in its filter box. Typing narrows the list (by id,
//! by words of the text, by date: see [`crate::analysis::find`]), Up and Down move the
//! highlight, Enter or a click chooses, Escape or a click outside closes. Menus that add
//! to a list stay open after a choice, with the filter selected, so a reviewer adding
//! several evidence entries picks the next one at once (typing replaces the filter,
//! Enter takes the next match); menus that set one value close.

use super::{Action, ViewCtx};
use crate::analysis::find::{Findable, Match, Query, entry_findable, entry_text};
use crate::model::*;
use egui::Ui;
use std::sync::Arc;

/// At most this many candidates are listed: laying out thousands every frame is slow,
/// and nobody scrolls through them; the filter narrows instead.
const MAX_SHOWN: usize = 200;

/// How much of an entry's text its label shows.
const TEXT_CHARS: usize = 60;

/// One thing a long menu offers: what choosing it gives, its label, and what finds it.
pub struct Choice<T> {
    /// The value chosen.
    pub value: T,
    /// What the menu shows (also its accessible label).
    pub label: String,
    /// What the filter matches.
    pub find: Findable,
}

impl<T> Choice<T> {
    /// A choice found by its id and its label.
    pub fn new(value: T, id: &str, label: String) -> Self {
        let find = Findable::new(id, &label);
        Choice { value, label, find }
    }
}

/// What a long menu does once something is chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Stay open for the next pick (adding to a list).
    StayOpen,
    /// Close (setting one value).
    Close,
}

/// A menu button whose menu closes only on a click outside it (a click in its filter box
/// must not close it), on Escape, or when a choice closes it.
pub fn long_menu<R>(
    ui: &mut Ui,
    button: &str,
    add: impl FnOnce(&mut Ui) -> R,
) -> (egui::Response, Option<R>) {
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    // A stable id: the chips above the button change in number as things are chosen,
    // and a menu whose id followed them would close at each choice.
    let id = ui.make_persistent_id(("long_menu", button));
    let (response, inner) = ui
        .scope_builder(egui::UiBuilder::new().scope_id(id), |ui| {
            egui::containers::menu::MenuButton::new(button)
                .config(config)
                .ui(ui, add)
        })
        .inner;
    (response, inner.map(|i| i.inner))
}

/// A long menu's filter box between frames.
#[derive(Clone, Default)]
struct Filter {
    typed: String,
    /// Which of the offered candidates is highlighted.
    highlight: usize,
    /// The pass the menu was last shown in: a menu not shown in the last pass opens afresh.
    shown: Option<u64>,
}

/// The candidates and which of them match what is typed, kept between frames while
/// neither the review nor the filter changes: with tens of thousands of entries,
/// building and matching them is most of a frame.
struct Found<T> {
    /// The review's revision they were built for; `None`: never reused.
    revision: Option<u64>,
    typed: String,
    all: Arc<Vec<Choice<T>>>,
    /// Indices into `all` of the matches, best first.
    ranked: Arc<Vec<usize>>,
}

impl<T> Clone for Found<T> {
    fn clone(&self) -> Self {
        Found {
            revision: self.revision,
            typed: self.typed.clone(),
            all: Arc::clone(&self.all),
            ranked: Arc::clone(&self.ranked),
        }
    }
}

/// The body of a long menu: a filter box (it has the keyboard from the moment the menu
/// opens), then the candidates that match what is typed, best first, at most
/// [`MAX_SHOWN`], one highlighted. Up and Down move the highlight, Enter chooses it, a
/// click chooses any.
pub struct FindMenu<'a> {
    label: &'a str,
    hint: &'a str,
    after: After,
    revision: Option<u64>,
}

impl<'a> FindMenu<'a> {
    /// A filter box with this accessible label ("Find evidence entries").
    pub fn new(label: &'a str) -> Self {
        FindMenu {
            label,
            hint: "Type to filter",
            after: After::Close,
            revision: None,
        }
    }

    /// What the empty filter box suggests typing.
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    /// What the menu does once something is chosen (default: close).
    pub fn after(mut self, after: After) -> Self {
        self.after = after;
        self
    }

    /// Build the candidates once per revision of the review, not every frame.
    pub fn revision(mut self, revision: u64) -> Self {
        self.revision = Some(revision);
        self
    }

    /// Show it. `choices` gives every candidate in the order people expect (called only
    /// while the menu is open, and with a revision only when the review changed);
    /// `offered` leaves out those already chosen. Returns what was chosen this frame.
    pub fn show<T: Clone + Send + Sync + 'static>(
        self,
        ui: &mut Ui,
        choices: impl FnOnce() -> Vec<Choice<T>>,
        offered: impl Fn(&T) -> bool,
    ) -> Option<T> {
        let id = ui.make_persistent_id(("find_in_menu", self.label));
        let edit_id = id.with("filter");
        let pass = ui.ctx().cumulative_pass_nr();
        let mut state: Filter = ui.data(|d| d.get_temp(id)).unwrap_or_default();
        let opening = state.shown.is_none_or(|p| p + 1 < pass);
        if opening {
            state = Filter::default();
        }
        // The keys that work the list are taken before the filter box sees them: Enter
        // would make it give up the keyboard, Up and Down would move its cursor.
        let (mut down, mut up, mut enter) = (0, 0, false);
        if ui.memory(|m| m.has_focus(edit_id)) {
            ui.input_mut(|i| {
                down = i.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown);
                up = i.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp);
                enter = i.consume_key(egui::Modifiers::NONE, egui::Key::Enter);
            });
        }
        let l = ui.label(self.label);
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut state.typed)
                    .id(edit_id)
                    .hint_text(self.hint)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
        if opening {
            edit.request_focus();
        }
        if edit.changed() {
            state.highlight = 0;
        }

        let found = self.found(ui, id.with("found"), opening, &state.typed, choices);
        let list: Vec<&Choice<T>> = found
            .ranked
            .iter()
            .filter_map(|&i| found.all.get(i))
            .filter(|c| offered(&c.value))
            .collect();
        let shown = list.len().min(MAX_SHOWN);
        let moved = down + up > 0;
        state.highlight = (state.highlight + down)
            .saturating_sub(up)
            .min(shown.saturating_sub(1));
        let mut chosen = None;
        if enter {
            chosen = list.get(state.highlight).map(|c| c.value.clone());
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (i, c) in list.iter().take(shown).enumerate() {
                    let on = i == state.highlight;
                    let b = ui.add(egui::Button::selectable(on, c.label.as_str()));
                    if on && moved {
                        b.scroll_to_me(None);
                    }
                    if b.clicked() {
                        state.highlight = i;
                        chosen = Some(c.value.clone());
                    }
                }
            });
        if list.len() > shown {
            ui.weak(format!("{} more: type to narrow", list.len() - shown));
        } else if list.is_empty() {
            ui.weak(if state.typed.trim().is_empty() {
                "Nothing left to choose".to_string()
            } else {
                format!("Nothing matches \"{}\"", state.typed.trim())
            });
        }
        if chosen.is_some() {
            match self.after {
                After::Close => ui.close(),
                After::StayOpen => {
                    // Back to the filter, all of it selected: typing replaces it, Enter
                    // takes the next match.
                    let mut edit_state =
                        egui::TextEdit::load_state(ui.ctx(), edit_id).unwrap_or_default();
                    edit_state.cursor.set_char_range(Some(
                        egui::text::CCursorRange::select_all_str(&state.typed),
                    ));
                    edit_state.store(ui.ctx(), edit_id);
                    ui.memory_mut(|m| m.request_focus(edit_id));
                }
            }
        }
        state.shown = Some(pass);
        ui.data_mut(|d| d.insert_temp(id, state));
        chosen
    }

    /// The candidates and the matches of what is typed, from the last frame when still
    /// good (same revision of the review, same filter), else built afresh.
    fn found<T: Clone + Send + Sync + 'static>(
        &self,
        ui: &Ui,
        id: egui::Id,
        opening: bool,
        typed: &str,
        choices: impl FnOnce() -> Vec<Choice<T>>,
    ) -> Found<T> {
        let cached: Option<Found<T>> = if opening || self.revision.is_none() {
            None
        } else {
            ui.data(|d| d.get_temp(id))
                .filter(|f: &Found<T>| f.revision == self.revision)
        };
        if let Some(f) = &cached
            && f.typed == typed
        {
            return f.clone();
        }
        let all = cached.map_or_else(|| Arc::new(choices()), |f| f.all);
        let query = Query::new(typed);
        let mut ranked: Vec<(Match, usize)> = all
            .iter()
            .enumerate()
            .filter_map(|(i, c)| query.matches(&c.find).map(|m| (m, i)))
            .collect();
        // Stable: within a rank the order stays the one people expect (chronological).
        ranked.sort_by_key(|(m, _)| *m);
        let found = Found {
            revision: self.revision,
            typed: typed.to_string(),
            all,
            ranked: Arc::new(ranked.into_iter().map(|(_, i)| i).collect()),
        };
        if self.revision.is_some() {
            ui.data_mut(|d| d.insert_temp(id, found.clone()));
        }
        found
    }
}

/// A list of references edited as removable chips plus an "Add to …" menu.
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
        let lower = label.to_lowercase();
        long_menu(ui, &format!("Add to {lower}…"), |ui| {
            // Built only while the menu is open and the review changes: listing every
            // entry is too costly for every frame.
            let picked = FindMenu::new(&format!("Find {lower}"))
                .hint(I::HINT)
                .after(After::StayOpen)
                .revision(cx.revision)
                .show(ui, || I::all(review), |id| !value.contains(id));
            if let Some(id) = picked {
                value.push(id);
                value.sort();
                changed = true;
            }
        });
    });
    changed
}

/// An id that can be picked in an [`id_list`]: its label for people, every candidate
/// (in the order people expect), and the key to jump to it.
pub trait Pick: Copy + Ord + std::fmt::Display + Send + Sync + 'static {
    /// What the filter box suggests typing.
    const HINT: &'static str = "An id or a word";
    /// The label of one object, `None` when it no longer exists.
    fn name(review: &Review, id: Self) -> Option<String>;
    /// Every object that could be picked, with its label and what finds it.
    fn all(review: &Review) -> Vec<Choice<Self>>;
    /// The key to jump to it.
    fn key(self) -> Key;
}

/// An entry's label: "E12 · 3 May 2016 · HV · summary", or where it has no summary yet
/// (an imported entry) its confidential detail, marked as such: the reviewer's own
/// working view, never an output.
fn entry_label(review: &Review, e: &ChronologyEntry) -> String {
    let agency = review.agency(e.agency).map_or("?", |a| a.short());
    let (text, is_detail) = entry_text(e);
    let mut shown: String = text.chars().take(TEXT_CHARS).collect();
    if text.chars().count() > TEXT_CHARS {
        shown.push('…');
    }
    let mark = if is_detail {
        "(detail, confidential) "
    } else {
        ""
    };
    format!("{} · {} · {agency} · {mark}{shown}", e.id, e.date.human())
}

impl Pick for EventId {
    const HINT: &'static str = "An id, a word, or a date such as 2019-03 or 4 March";

    fn name(review: &Review, id: Self) -> Option<String> {
        review.entry(id).map(|e| entry_label(review, e))
    }

    fn all(review: &Review) -> Vec<Choice<Self>> {
        crate::analysis::chronology::order(review)
            .into_iter()
            .filter_map(|i| review.chronology.get(i))
            .map(|e| {
                let agency = review.agency(e.agency).map_or("?", |a| a.short());
                Choice {
                    value: e.id,
                    label: entry_label(review, e),
                    find: entry_findable(e, agency),
                }
            })
            .collect()
    }

    fn key(self) -> Key {
        Key::Entry(self)
    }
}

impl Pick for EpisodeId {
    const HINT: &'static str = "An id, a word or a date";

    fn name(review: &Review, id: Self) -> Option<String> {
        review
            .episode(id)
            .map(|e| format!("{} · {}", e.id, e.title))
    }

    fn all(review: &Review) -> Vec<Choice<Self>> {
        review
            .episodes
            .iter()
            .map(|e| {
                let mut c = Choice::new(e.id, &e.id.to_string(), format!("{} · {}", e.id, e.title));
                for d in e.start.iter().chain(&e.end) {
                    c.find = c.find.with_date(d);
                }
                c
            })
            .collect()
    }

    fn key(self) -> Key {
        Key::Episode(self)
    }
}

macro_rules! pick_by_id {
    ($id:ty, $field:ident, $find:ident, $key:ident, |$x:ident| $label:expr) => {
        impl Pick for $id {
            fn name(review: &Review, id: Self) -> Option<String> {
                review.$find(id).map(|$x| $label)
            }

            fn all(review: &Review) -> Vec<Choice<Self>> {
                review
                    .$field
                    .iter()
                    .map(|$x| Choice::new($x.id, &$x.id.to_string(), $label))
                    .collect()
            }

            fn key(self) -> Key {
                Key::$key(self)
            }
        }
    };
}

pick_by_id!(FactorId, factors, factor, Factor, |f| format!(
    "{} · {}",
    f.id, f.title
));
pick_by_id!(FindingId, findings, finding, Finding, |f| format!(
    "{} · {}",
    f.id, f.headline
));
pick_by_id!(PersonId, people, person, Person, |p| p.label.clone());

/// Every code of every typology the review uses, labelled "code name (typology)" and
/// indented by depth.
pub fn code_candidates(review: &Review, typologies: &[Typology]) -> Vec<Choice<Code>> {
    let mut out = Vec::new();
    for r in &review.details.typologies {
        if let Some(t) = typologies
            .iter()
            .find(|t| t.id == r.id && t.version == r.version)
        {
            for (depth, node) in t.walk() {
                let code = Code {
                    typology: t.id.clone(),
                    code: node.code.clone(),
                };
                let label = format!(
                    "{}{} {} ({})",
                    "  ".repeat(depth),
                    node.code,
                    node.name,
                    t.id
                );
                out.push(Choice::new(code, &node.code, label));
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
        long_menu(ui, "Add code…", |ui| {
            let picked = FindMenu::new("Find a code")
                .hint("A code or a word of its name")
                .after(After::StayOpen)
                .show(
                    ui,
                    || code_candidates(review, typologies),
                    |code| !value.contains(code),
                );
            if let Some(code) = picked {
                value.push(code);
                value.sort();
                changed = true;
            }
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
    let l = ui.label(label);
    let mut changed = false;
    egui::ComboBox::from_id_salt(("code", label))
        .selected_text(
            value
                .as_ref()
                .map_or_else(|| "None".to_string(), |c| code_name(c, typologies)),
        )
        .width(ui.available_width().min(360.0))
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let picked = FindMenu::new(&format!("Find a {}", short_label(label)))
                .hint("A code or a word of its name")
                .show(
                    ui,
                    || {
                        let mut all = vec![Choice::new(None, "", "None".to_string())];
                        all.extend(code_candidates(review, typologies).into_iter().map(|c| {
                            Choice {
                                value: Some(c.value),
                                label: c.label,
                                find: c.find,
                            }
                        }));
                        all
                    },
                    |_| true,
                );
            if let Some(v) = picked
                && v != *value
            {
                *value = v;
                changed = true;
            }
        })
        .response
        .labelled_by(l.id);
    changed
}

/// The last word of a field's label, lower case ("Typology category" → "category").
fn short_label(label: &str) -> String {
    label
        .split_whitespace()
        .last()
        .unwrap_or(label)
        .to_lowercase()
}

//! Labelled widgets and one form per kind of object. A form clones the object, lets the
//! user change the clone, and when it differs puts it back as an edit. The inspector and
//! the workspaces use the same forms, so an object is edited the same way everywhere.

use super::{Action, ViewCtx, theme};
use crate::model::*;
use egui::{Response, RichText, Ui};
use jiff::civil::Date;

/// A label above a widget, linked for screen readers and tests.
fn labelled(
    ui: &mut Ui,
    label: &str,
    confidential: bool,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    let text = if confidential {
        RichText::new(format!("{label} (confidential)")).color(theme::CONFIDENTIAL)
    } else {
        RichText::new(label)
    };
    let l = ui.label(text);
    add(ui).labelled_by(l.id)
}

/// A single-line text field. Returns true when changed.
pub fn text(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    labelled(ui, label, false, |ui| {
        ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
    })
    .changed()
}

/// A passphrase field: what is typed shows as dots.
pub fn password(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    labelled(ui, label, false, |ui| {
        ui.add(
            egui::TextEdit::singleline(value)
                .password(true)
                .desired_width(f32::INFINITY),
        )
    })
}

/// A single-line field for confidential data, visibly marked.
pub fn confidential_text(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    labelled(ui, label, true, |ui| {
        ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
    })
    .changed()
}

/// A multi-line text field.
pub fn area(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> bool {
    labelled(ui, label, false, |ui| {
        ui.add(
            egui::TextEdit::multiline(value)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
    })
    .changed()
}

/// A multi-line field for confidential text.
pub fn confidential_area(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> bool {
    labelled(ui, label, true, |ui| {
        ui.add(
            egui::TextEdit::multiline(value)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
    })
    .changed()
}

/// A list of lines edited as one text (one item a line).
pub fn lines(ui: &mut Ui, label: &str, value: &mut Vec<String>, rows: usize) -> bool {
    let mut joined = value.join("\n");
    if area(ui, label, &mut joined, rows) {
        *value = joined
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect();
        // Keep a trailing empty line the user is typing into.
        return true;
    }
    false
}

/// A text field bound to a value with its own text form, kept in a buffer while the
/// text does not parse; shows why it does not.
#[allow(clippy::too_many_arguments)]
fn parsed<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: &str,
    confidential: bool,
    value: &mut T,
    hint: &str,
    show: impl Fn(&T) -> String,
    parse: impl Fn(&str) -> Result<T, String>,
) -> bool {
    let id = ui.make_persistent_id(("parsed", label));
    let current = show(value);
    let mut buf: String = ui
        .data(|d| d.get_temp::<(String, String)>(id))
        .filter(|(for_value, _)| *for_value == current)
        .map_or_else(|| current.clone(), |(_, b)| b);
    labelled(ui, label, confidential, |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut buf)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
    });
    let mut changed = false;
    match parse(&buf) {
        Ok(v) => {
            if v != *value {
                *value = v;
                changed = true;
            }
            ui.data_mut(|d| {
                d.remove::<(String, String)>(id);
            });
        }
        Err(why) => {
            ui.colored_label(theme::severity(crate::analysis::Severity::Error), why);
            ui.data_mut(|d| {
                d.insert_temp(id, (current, buf));
            });
        }
    }
    changed
}

/// A chronology date in any of its forms.
pub fn event_date(ui: &mut Ui, label: &str, value: &mut EventDate) -> bool {
    parsed(
        ui,
        label,
        false,
        value,
        "2016-05-03, 2016-05, c. 2016-05, before 2015, 2016-05-01..2016-06-30",
        |d| d.to_string(),
        |s| s.parse::<EventDate>().map_err(|e| e.reason),
    )
}

/// An optional chronology date (empty for none).
pub fn opt_event_date(ui: &mut Ui, label: &str, value: &mut Option<EventDate>) -> bool {
    parsed(
        ui,
        label,
        false,
        value,
        "empty, or a date such as 2016-05",
        |d| d.map(|d| d.to_string()).unwrap_or_default(),
        |s| {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                s.parse::<EventDate>().map(Some).map_err(|e| e.reason)
            }
        },
    )
}

/// An optional calendar date, YYYY-MM-DD.
pub fn opt_date(ui: &mut Ui, label: &str, value: &mut Option<Date>) -> bool {
    date_field(ui, label, false, value)
}

/// A confidential optional date (a date of birth).
pub fn confidential_date(ui: &mut Ui, label: &str, value: &mut Option<Date>) -> bool {
    date_field(ui, label, true, value)
}

fn date_field(ui: &mut Ui, label: &str, confidential: bool, value: &mut Option<Date>) -> bool {
    parsed(
        ui,
        label,
        confidential,
        value,
        "YYYY-MM-DD",
        |d| d.map(|d| d.to_string()).unwrap_or_default(),
        |s| {
            if s.trim().is_empty() {
                return Ok(None);
            }
            match s.parse::<EventDate>() {
                Ok(EventDate::On(DatePoint::Day(d))) => Ok(Some(d)),
                Ok(_) => Err("give an exact day, YYYY-MM-DD".to_string()),
                Err(e) => Err(e.reason),
            }
        },
    )
}

/// An optional time of day, HH:MM.
pub fn opt_time(ui: &mut Ui, label: &str, value: &mut Option<jiff::civil::Time>) -> bool {
    parsed(
        ui,
        label,
        false,
        value,
        "HH:MM",
        |t| {
            t.map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
                .unwrap_or_default()
        },
        |s| {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            let (h, m) = s.split_once(':').ok_or("write the time as HH:MM")?;
            let (h, m) = (h.parse::<i8>(), m.parse::<i8>());
            match (h, m) {
                (Ok(h), Ok(m)) => jiff::civil::Time::new(h, m, 0, 0)
                    .map(Some)
                    .map_err(|_| "no such time".to_string()),
                _ => Err("write the time as HH:MM".to_string()),
            }
        },
    )
}

/// A choice from a fixed list, as a combo box.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> String,
) -> bool {
    let width = ui.available_width().min(320.0);
    choice_sized(ui, label, value, all, name, width)
}

/// A compact choice for toolbars.
pub fn small_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> String,
) -> bool {
    choice_sized(ui, label, value, all, name, 130.0)
}

fn choice_sized<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> String,
    width: f32,
) -> bool {
    let l = ui.label(label);
    let mut changed = false;
    egui::ComboBox::from_id_salt(("choice", label))
        .selected_text(name(*value))
        .truncate()
        .width(width)
        .show_ui(ui, |ui| {
            for v in all {
                changed |= ui.selectable_value(value, *v, name(*v)).changed();
            }
        })
        .response
        .labelled_by(l.id);
    changed
}

/// Yes / no / unknown.
pub fn tri(ui: &mut Ui, label: &str, value: &mut Tri) -> bool {
    choice(ui, label, value, &Tri::ALL, |t| t.label().to_string())
}

/// An agency, required.
pub fn agency(ui: &mut Ui, label: &str, value: &mut AgencyId, review: &Review) -> bool {
    let ids: Vec<AgencyId> = review.agencies.iter().map(|a| a.id).collect();
    choice(ui, label, value, &ids, |id| review.agency_name(id))
}

/// An agency, optional.
pub fn opt_agency(ui: &mut Ui, label: &str, value: &mut Option<AgencyId>, review: &Review) -> bool {
    let mut ids: Vec<Option<AgencyId>> = vec![None];
    ids.extend(review.agencies.iter().map(|a| Some(a.id)));
    choice(ui, label, value, &ids, |id| {
        id.map_or_else(|| "None".to_string(), |id| review.agency_name(id))
    })
}

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

/// A heading with the object's id.
pub fn heading(ui: &mut Ui, title: &str, id: &dyn std::fmt::Display) {
    ui.horizontal(|ui| {
        ui.heading(title);
        ui.label(RichText::new(id.to_string()).weak());
    });
}

/// The form for a chronology entry.
pub fn entry(ui: &mut Ui, cx: &mut ViewCtx, e: &ChronologyEntry) {
    let mut x = e.clone();
    heading(ui, "Chronology entry", &e.id);
    let review = cx.review;
    event_date(ui, "Entry date", &mut x.date);
    ui.label(
        RichText::new(format!(
            "Read as: {} ({})",
            x.date.human(),
            x.date.precision_label()
        ))
        .weak(),
    );
    opt_time(ui, "Time of day", &mut x.time);
    let mut seq = x.sequence.to_string();
    if text(ui, "Sequence (orders same-day entries)", &mut seq) {
        x.sequence = seq.trim().parse().unwrap_or(x.sequence);
    }
    agency(ui, "Entry agency", &mut x.agency, review);
    text(ui, "Source record", &mut x.source);
    text(ui, "Kind of event", &mut x.event_type);
    tri(ui, "Child seen", &mut x.child_seen);
    tri(ui, "Child's views sought", &mut x.views_sought);
    area(ui, "Summary (public, use labels)", &mut x.summary, 3);
    confidential_area(ui, "Detail", &mut x.detail, 3);
    area(ui, "Action, decision or outcome", &mut x.outcome, 2);
    labelled(ui, "Reviewer comment", true, |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut x.comment)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
    });
    ui.label("Flags");
    ui.horizontal_wrapped(|ui| {
        for f in Flag::ALL {
            let mut on = x.flags.contains(&f);
            if ui.checkbox(&mut on, f.label()).changed() {
                if on {
                    x.flags.insert(f);
                } else {
                    x.flags.remove(&f);
                }
            }
        }
    });
    id_list(ui, cx, "Present", &mut x.present);
    let eps = review.episodes_of(e.id);
    if !eps.is_empty() {
        ui.label("In episodes");
        ui.horizontal_wrapped(|ui| {
            for id in eps {
                let title = review
                    .episode(id)
                    .map_or_else(String::new, |ep| ep.title.clone());
                if ui.link(format!("{id} {title}")).clicked() {
                    cx.act(Action::Jump(Key::Episode(id)));
                }
            }
        });
    }
    if let Some(p) = &e.provenance {
        ui.label(
            RichText::new(format!(
                "Imported from {}{} row {} at {}",
                p.file,
                p.sheet
                    .as_ref()
                    .map(|s| format!(", sheet {s},"))
                    .unwrap_or_default(),
                p.row,
                p.imported_at
            ))
            .weak(),
        );
    }
    if x != *e {
        cx.put(Item::Entry(Box::new(x)));
    }
}

/// The form for an episode.
pub fn episode(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode) {
    let mut x = ep.clone();
    heading(ui, "Key practice episode", &ep.id);
    text(ui, "Title", &mut x.title);
    opt_event_date(ui, "Start", &mut x.start);
    opt_event_date(ui, "End", &mut x.end);
    choice(ui, "Appraisal", &mut x.appraisal, &Appraisal::ALL, |a| {
        a.label().to_string()
    });
    area(ui, "What happened", &mut x.what_happened, 4);
    area(
        ui,
        "Why it made sense at the time",
        &mut x.why_it_made_sense,
        4,
    );
    area(ui, "Practitioners' views", &mut x.practitioners_views, 3);
    id_list(ui, cx, "Entries", &mut x.entries);
    if x != *ep {
        cx.put(Item::Episode(x));
    }
}

/// Evidence pickers: chronology entries and episodes (factors and findings share them).
fn evidence(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    entries: &mut Vec<EventId>,
    episodes: &mut Vec<EpisodeId>,
) {
    id_list(ui, cx, "Evidence entries", entries);
    id_list(ui, cx, "Evidence episodes", episodes);
}

/// The form for a factor.
pub fn factor(ui: &mut Ui, cx: &mut ViewCtx, f: &Factor) {
    let mut x = f.clone();
    heading(ui, "Contributory factor", &f.id);
    text(ui, "Title", &mut x.title);
    area(ui, "Description", &mut x.description, 3);
    choice(
        ui,
        "Polarity",
        &mut x.polarity,
        &[Polarity::Hindering, Polarity::Supporting],
        |p| p.label().to_string(),
    );
    choice(ui, "Level", &mut x.level, &Level::ALL, |l| {
        l.label().to_string()
    });
    codes(ui, "Typology codes", &mut x.codes, cx.review, cx.typologies);
    evidence(ui, cx, &mut x.evidence_entries, &mut x.evidence_episodes);
    links_of(ui, cx, Node::Factor(f.id));
    add_link_menu(ui, cx, f.id);
    if x != *f {
        cx.put(Item::Factor(x));
    }
}

/// "Add link to…": link this factor to another factor or the outcome, from the keyboard.
fn add_link_menu(ui: &mut Ui, cx: &mut ViewCtx, from: FactorId) {
    let review = cx.review;
    let node = Node::Factor(from);
    let linked = |to: Node| review.links.iter().any(|l| l.from == node && l.to == to);
    ui.menu_button("Add link to…", |ui| {
        let f = menu_filter(ui, "Find a factor");
        let mut targets: Vec<(Node, String)> =
            vec![(Node::Outcome, format!("Outcome: {}", review.outcome.title))];
        targets.extend(
            review
                .factors
                .iter()
                .filter(|g| g.id != from)
                .map(|g| (Node::Factor(g.id), format!("{} {}", g.id, g.title))),
        );
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (to, name) in targets.into_iter().filter(|(to, name)| {
                    !linked(*to) && (f.is_empty() || name.to_lowercase().contains(&f))
                }) {
                    if ui.button(name).clicked() {
                        let id = review.next_link_id();
                        cx.edit(Edit::Put(Item::Link(FactorLink {
                            id,
                            from: node,
                            to,
                            kind: LinkKind::ContributesTo,
                            note: String::new(),
                        })));
                        ui.close();
                    }
                }
            });
    });
}

/// The links into and out of a node, with buttons to select or delete them.
fn links_of(ui: &mut Ui, cx: &mut ViewCtx, node: Node) {
    let review = cx.review;
    let name = |n: Node| match n {
        Node::Outcome => review.outcome.title.clone(),
        Node::Factor(id) => review
            .factor(id)
            .map_or_else(|| id.to_string(), |f| f.title.clone()),
    };
    let links: Vec<&FactorLink> = review
        .links
        .iter()
        .filter(|l| l.from == node || l.to == node)
        .collect();
    if links.is_empty() {
        return;
    }
    ui.label("Links");
    for l in links {
        ui.horizontal_wrapped(|ui| {
            let text = if l.from == node {
                format!("{} → {}", l.kind.label(), name(l.to))
            } else {
                format!("from {} ({})", name(l.from), l.kind.label())
            };
            if ui.link(text).clicked() {
                cx.select(Key::Link(l.id));
            }
        });
    }
}

/// The form for a link.
pub fn link(ui: &mut Ui, cx: &mut ViewCtx, l: &FactorLink) {
    let mut x = l.clone();
    heading(ui, "Link", &l.id);
    let review = cx.review;
    let name = |n: Node| match n {
        Node::Outcome => format!("Outcome: {}", review.outcome.title),
        Node::Factor(id) => review
            .factor(id)
            .map_or_else(|| id.to_string(), |f| format!("{id} {}", f.title)),
    };
    ui.label(format!("From: {}", name(l.from)));
    ui.label(format!("To: {}", name(l.to)));
    choice(
        ui,
        "Kind",
        &mut x.kind,
        &[LinkKind::ContributesTo, LinkKind::Mitigates],
        |k| k.label().to_string(),
    );
    area(ui, "Note", &mut x.note, 2);
    if x != *l {
        cx.put(Item::Link(x));
    }
}

/// The form for a finding.
pub fn finding(ui: &mut Ui, cx: &mut ViewCtx, f: &Finding) {
    let mut x = f.clone();
    heading(ui, "Finding", &f.id);
    area(ui, "Headline", &mut x.headline, 2);
    opt_code(
        ui,
        "Typology category",
        &mut x.category,
        cx.review,
        cx.typologies,
    );
    area(ui, "How it showed in this case", &mut x.in_this_case, 4);
    area(ui, "Why it is not a one-off", &mut x.not_one_off, 3);
    area(ui, "What research says", &mut x.research, 3);
    area(ui, "Why it matters", &mut x.why_it_matters, 3);
    lines(
        ui,
        "Questions for the board (one a line)",
        &mut x.questions,
        3,
    );
    evidence(ui, cx, &mut x.evidence_entries, &mut x.evidence_episodes);
    id_list(ui, cx, "Evidence factors", &mut x.evidence_factors);
    if x != *f {
        cx.put(Item::Finding(x));
    }
}

/// The form for a recommendation.
pub fn recommendation(ui: &mut Ui, cx: &mut ViewCtx, r: &Recommendation) {
    let mut x = r.clone();
    heading(ui, "Recommendation", &r.id);
    area(ui, "Recommendation", &mut x.text, 3);
    text(ui, "Addressed to", &mut x.addressee);
    id_list(ui, cx, "Findings", &mut x.findings);
    let actions: Vec<&crate::model::Action> = cx
        .review
        .actions
        .iter()
        .filter(|a| a.recommendation == r.id)
        .collect();
    ui.label(format!("Actions ({})", actions.len()));
    for a in actions {
        if ui.link(format!("{} {}", a.id, a.text)).clicked() {
            cx.act(super::Action::Jump(Key::Action(a.id)));
        }
    }
    if x != *r {
        cx.put(Item::Recommendation(x));
    }
}

/// The form for an action.
pub fn action(ui: &mut Ui, cx: &mut ViewCtx, a: &crate::model::Action) {
    let mut x = a.clone();
    heading(ui, "Action", &a.id);
    area(ui, "Action", &mut x.text, 3);
    let recs: Vec<RecommendationId> = cx.review.recommendations.iter().map(|r| r.id).collect();
    let review = cx.review;
    choice(ui, "Recommendation", &mut x.recommendation, &recs, |id| {
        review.recommendation(id).map_or_else(
            || id.to_string(),
            |r| format!("{id} {}", r.text.chars().take(60).collect::<String>()),
        )
    });
    opt_agency(ui, "Owner", &mut x.owner, review);
    opt_date(ui, "Due date", &mut x.due);
    area(ui, "Success measure", &mut x.success_measure, 2);
    choice(ui, "Status", &mut x.status, &ActionStatus::ALL, |s| {
        s.label().to_string()
    });
    ui.label("Progress notes");
    let mut remove = None;
    for (i, p) in x.progress.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(p.date.to_string());
            ui.add(
                egui::TextEdit::singleline(&mut p.text).desired_width(ui.available_width() - 30.0),
            );
            if ui
                .small_button("×")
                .on_hover_text("Remove this note")
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        x.progress.remove(i);
    }
    if ui.button("Add progress note").clicked() {
        x.progress.push(ProgressNote {
            date: jiff::Zoned::now().date(),
            text: String::new(),
        });
    }
    if x != *a {
        cx.put(Item::Action(x));
    }
}

/// The form for a person.
pub fn person(ui: &mut Ui, cx: &mut ViewCtx, p: &Person) {
    let mut x = p.clone();
    heading(ui, "Person", &p.id);
    text(ui, "Public label", &mut x.label);
    let mut names = x.real_names.join("; ");
    if confidential_text(ui, "Real names (separate with ;)", &mut names) {
        x.real_names = names
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    confidential_date(ui, "Date of birth", &mut x.date_of_birth);
    let mut addr = x.addresses.join("\n");
    if confidential_area(ui, "Addresses (one a line)", &mut addr, 2) {
        x.addresses = addr.lines().map(str::to_string).collect();
    }
    choice(ui, "Role in the case", &mut x.role, &PersonRole::ALL, |r| {
        r.label().to_string()
    });
    text(ui, "Relationship or job title", &mut x.relationship);
    opt_agency(ui, "Agency (practitioners)", &mut x.agency, cx.review);
    if x != *p {
        cx.put(Item::Person(x));
    }
}

/// The form for an agency.
pub fn agency_form(ui: &mut Ui, cx: &mut ViewCtx, a: &Agency) {
    let mut x = a.clone();
    heading(ui, "Agency", &a.id);
    text(ui, "Name", &mut x.name);
    text(ui, "Short name", &mut x.short_name);
    choice(ui, "Sector", &mut x.sector, &Sector::ALL, |s| {
        s.label().to_string()
    });
    if x != *a {
        cx.put(Item::Agency(x));
    }
}

/// The form for a panel member.
pub fn panel_member(ui: &mut Ui, cx: &mut ViewCtx, m: &PanelMember) {
    let mut x = m.clone();
    heading(ui, "Panel member", &m.id);
    text(ui, "Name", &mut x.name);
    text(ui, "Role", &mut x.role);
    text(ui, "Organisation", &mut x.organisation);
    opt_agency(ui, "Agency in the case (if any)", &mut x.agency, cx.review);
    ui.checkbox(&mut x.independent, "Independent of every agency involved");
    ui.label("Duties");
    ui.horizontal_wrapped(|ui| {
        for d in Duty::ALL {
            let mut on = x.duties.contains(&d);
            if ui.checkbox(&mut on, d.label()).changed() {
                if on {
                    x.duties.insert(d);
                } else {
                    x.duties.remove(&d);
                }
            }
        }
    });
    if x != *m {
        cx.put(Item::PanelMember(x));
    }
}

/// The form for the outcome node.
pub fn outcome(ui: &mut Ui, cx: &mut ViewCtx, o: &Outcome) {
    let mut x = o.clone();
    ui.heading("Outcome");
    area(ui, "Outcome (public wording)", &mut x.title, 2);
    links_of(ui, cx, Node::Outcome);
    if x != *o {
        cx.put(Item::Outcome(x));
    }
}

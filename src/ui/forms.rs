//! Labelled widgets and one form per kind of object. A form clones the object, lets the
//! user change the clone, and when it differs puts it back as an edit. The inspector and
//! the workspaces use the same forms, so an object is edited the same way everywhere.

use super::field::{self, Spec};
use super::{Action, ViewCtx};
use crate::model::*;
use egui::{RichText, Ui};

pub use super::date_field::{confidential_date, event_date, opt_date, opt_event_date, opt_time};
pub use super::field::{area, confidential_area, confidential_text, lines, password, text};

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
    opt_time(ui, "Time of day", &mut x.time);
    field::number(ui, "Sequence (orders same-day entries)", &mut x.sequence);
    agency(ui, "Entry agency", &mut x.agency, review);
    text(ui, "Source record", &mut x.source);
    text(ui, "Kind of event", &mut x.event_type);
    tri(ui, "Child seen", &mut x.child_seen);
    tri(ui, "Child's views sought", &mut x.views_sought);
    area(ui, "Summary (public, use labels)", &mut x.summary, 3);
    confidential_area(ui, "Detail", &mut x.detail, 3);
    area(ui, "Action, decision or outcome", &mut x.outcome, 2);
    confidential_area(ui, "Reviewer comment", &mut x.comment, 2);
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
    super::pick::id_list(ui, cx, "Present", &mut x.present);
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
    super::pick::id_list(ui, cx, "Entries", &mut x.entries);
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
    super::pick::id_list(ui, cx, "Evidence entries", entries);
    super::pick::id_list(ui, cx, "Evidence episodes", episodes);
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
    super::pick::codes(ui, "Typology codes", &mut x.codes, cx.review, cx.typologies);
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
    super::pick::long_menu(ui, "Add link to…", |ui| {
        let to = super::pick::FindMenu::new("Find a factor")
            .hint("An id or a word of its title")
            .show(
                ui,
                || {
                    let outcome = format!("Outcome: {}", review.outcome.title);
                    let mut targets = vec![super::pick::Choice::new(Node::Outcome, "", outcome)];
                    targets.extend(review.factors.iter().filter(|g| g.id != from).map(|g| {
                        let name = format!("{} {}", g.id, g.title);
                        super::pick::Choice::new(Node::Factor(g.id), &g.id.to_string(), name)
                    }));
                    targets
                },
                |to| !linked(*to),
            );
        if let Some(to) = to {
            let id = review.next_link_id();
            cx.edit(Edit::Put(Item::Link(FactorLink {
                id,
                from: node,
                to,
                kind: LinkKind::ContributesTo,
                note: String::new(),
            })));
        }
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
    super::pick::opt_code(
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
    super::pick::id_list(ui, cx, "Evidence factors", &mut x.evidence_factors);
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
    super::pick::id_list(ui, cx, "Findings", &mut x.findings);
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
    let names = Spec::line("Real names (separate with ;)").confidential();
    field::list(ui, names, &mut x.real_names, ';', "; ");
    confidential_date(ui, "Date of birth", &mut x.date_of_birth);
    let addresses = Spec::area("Addresses (one a line)", 2).confidential();
    field::list(ui, addresses, &mut x.addresses, '\n', "\n");
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

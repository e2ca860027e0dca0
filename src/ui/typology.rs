//! The typology workspace: every typology as a tree of codes, how often the review uses
//! each code, and buttons to code the selected factor or finding.

use super::{Action, ViewCtx, theme};
use crate::model::*;
use egui::collapsing_header::{CollapsingState, paint_default_icon};
use egui::{RichText, Ui};
use std::collections::{BTreeSet, HashMap};

/// What a count lists when clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Users {
    /// Factors coded with the code itself.
    Factors,
    /// Factors coded with the code or any code below it.
    FactorsWithin,
    /// Findings with the code as their category.
    Findings,
    /// Findings with the code or any code below it as their category.
    FindingsWithin,
}

/// View state (never saved).
#[derive(Default)]
pub struct State {
    /// Text that filters the codes.
    pub search: String,
    /// The count whose users are listed: (typology id, code, which).
    shown: Option<(String, String, Users)>,
    /// Code use, cached against the review's revision.
    cache: Option<(u64, Usage)>,
}

/// Which factors and findings use each code, by (typology id, code).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Factors carrying the code.
    pub factors: HashMap<(String, String), BTreeSet<FactorId>>,
    /// Findings with the code as category.
    pub findings: HashMap<(String, String), BTreeSet<FindingId>>,
}

impl Usage {
    /// Count the review's use of every code.
    pub fn of(review: &Review) -> Usage {
        let mut u = Usage::default();
        for f in &review.factors {
            for c in &f.codes {
                u.factors
                    .entry((c.typology.clone(), c.code.clone()))
                    .or_default()
                    .insert(f.id);
            }
        }
        for f in &review.findings {
            if let Some(c) = &f.category {
                u.findings
                    .entry((c.typology.clone(), c.code.clone()))
                    .or_default()
                    .insert(f.id);
            }
        }
        u
    }

    fn get<'a, T>(
        map: &'a HashMap<(String, String), BTreeSet<T>>,
        t: &str,
        code: &str,
    ) -> Option<&'a BTreeSet<T>> {
        // Look-ups by borrowed pair would need a custom key type; the maps are small.
        map.get(&(t.to_string(), code.to_string()))
    }

    /// Factors coded with exactly this code.
    pub fn factors_of(&self, t: &str, code: &str) -> BTreeSet<FactorId> {
        Self::get(&self.factors, t, code)
            .cloned()
            .unwrap_or_default()
    }

    /// Findings with exactly this code as category.
    pub fn findings_of(&self, t: &str, code: &str) -> BTreeSet<FindingId> {
        Self::get(&self.findings, t, code)
            .cloned()
            .unwrap_or_default()
    }

    /// Factors coded with this code or any below it (each factor once).
    pub fn factors_within(&self, t: &str, node: &TypologyNode) -> BTreeSet<FactorId> {
        let mut out = self.factors_of(t, &node.code);
        for child in &node.children {
            out.extend(self.factors_within(t, child));
        }
        out
    }

    /// Findings categorised with this code or any below it.
    pub fn findings_within(&self, t: &str, node: &TypologyNode) -> BTreeSet<FindingId> {
        let mut out = self.findings_of(t, &node.code);
        for child in &node.children {
            out.extend(self.findings_within(t, child));
        }
        out
    }
}

impl State {
    fn usage(&mut self, cx: &ViewCtx) -> &Usage {
        if self
            .cache
            .as_ref()
            .is_some_and(|(rev, _)| *rev != cx.revision)
        {
            self.cache = None;
        }
        &self
            .cache
            .get_or_insert_with(|| (cx.revision, Usage::of(cx.review)))
            .1
    }
}

/// What the selection lets the user do with a code.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// Nothing selected that takes codes.
    None,
    /// A factor: assign or remove codes.
    Factor(&'a Factor),
    /// A finding: set its category.
    Finding(&'a Finding),
}

/// Whether a node or anything below it matches the search.
fn matches(node: &TypologyNode, needle: &str) -> bool {
    needle.is_empty()
        || node_matches(node, needle)
        || node.children.iter().any(|c| matches(c, needle))
}

fn node_matches(node: &TypologyNode, needle: &str) -> bool {
    [&node.code, &node.name, &node.description]
        .iter()
        .any(|s| s.to_lowercase().contains(needle))
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    let target = match cx.selection.primary {
        Some(Key::Factor(id)) => review.factor(id).map_or(Target::None, Target::Factor),
        Some(Key::Finding(id)) => review.finding(id).map_or(Target::None, Target::Finding),
        _ => Target::None,
    };
    ui.horizontal_wrapped(|ui| {
        ui.heading("Typologies");
        let l = ui.label("Search codes");
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text("Code, name or description")
                .desired_width(240.0),
        )
        .labelled_by(l.id);
        if ui
            .add_enabled(!state.search.is_empty(), egui::Button::new("Clear search"))
            .clicked()
        {
            state.search.clear();
        }
    });
    match target {
        Target::None => ui.label(
            RichText::new("Select a factor or a finding (on the graph or in the findings) to code it from here.").weak(),
        ),
        Target::Factor(f) => ui.label(format!("Coding factor {} {}", f.id, f.title)),
        Target::Finding(f) => ui.label(format!("Choosing the category of finding {} {}", f.id, f.headline)),
    };
    ui.separator();
    if cx.typologies.is_empty() {
        ui.label("No typologies are installed.");
        return;
    }
    let needle = state.search.trim().to_lowercase();
    let mut shown = state.shown.clone();
    let usage = state.usage(cx);
    let typologies = cx.typologies;
    egui::ScrollArea::vertical()
        .id_salt("typology_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            for t in typologies {
                ui.push_id(("typology", &t.id, &t.version), |ui| {
                    typology(ui, cx, t, usage, target, &needle, &mut shown);
                });
                ui.add_space(8.0);
            }
        });
    state.shown = shown;
}

#[allow(clippy::too_many_arguments)]
fn typology(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    t: &Typology,
    usage: &Usage,
    target: Target,
    needle: &str,
    shown: &mut Option<(String, String, Users)>,
) {
    let any_match = t.codes.iter().any(|n| matches(n, needle));
    if !needle.is_empty() && !any_match {
        return;
    }
    let details = &cx.review.details;
    let listed = details.typologies.iter().any(|r| r.id == t.id);
    let mut collapsing =
        CollapsingState::load_with_default_open(ui.ctx(), ui.make_persistent_id("tree"), listed);
    if !needle.is_empty() {
        collapsing.set_open(true);
    }
    let header = ui.horizontal(|ui| {
        collapsing.show_toggle_button(ui, paint_default_icon);
        if ui
            .add(egui::Button::new(RichText::new(&t.name).heading()).frame(false))
            .on_hover_text("Show or hide the codes")
            .clicked()
        {
            collapsing.toggle(ui);
        }
        ui.label(RichText::new(format!("version {}", t.version)).weak());
        let mut on = listed;
        if ui
            .checkbox(&mut on, format!("Used in this review ({})", t.id))
            .on_hover_text("Whether the review lists this typology as a source of its codes")
            .changed()
        {
            let mut d = details.clone();
            if on {
                d.typologies.push(TypologyRef {
                    id: t.id.clone(),
                    version: t.version.clone(),
                });
                d.typologies.sort();
            } else {
                d.typologies.retain(|r| r.id != t.id);
            }
            cx.edit(Edit::Put(Item::Details(Box::new(d))));
        }
        if t.editable_starting_point {
            ui.label(RichText::new("Editable starting point").weak().italics())
                .on_hover_text("A set to adapt: add or change codes in your own typology file");
        }
    });
    collapsing.show_body_indented(&header.response, ui, |ui| {
        if !t.description.is_empty() {
            ui.label(RichText::new(&t.description).weak());
        }
        if !t.source.is_empty() {
            ui.label(
                RichText::new(format!("Source: {}", t.source))
                    .weak()
                    .small(),
            );
        }
        for (i, node) in t.codes.iter().enumerate() {
            if !matches(node, needle) {
                continue;
            }
            ui.push_id(&node.code, |ui| {
                top_level(ui, cx, t, i, node, usage, target, needle, shown);
            });
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn top_level(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    t: &Typology,
    i: usize,
    node: &TypologyNode,
    usage: &Usage,
    target: Target,
    needle: &str,
    shown: &mut Option<(String, String, Users)>,
) {
    let mut collapsing =
        CollapsingState::load_with_default_open(ui.ctx(), ui.make_persistent_id("code"), false);
    if !needle.is_empty() {
        collapsing.set_open(true);
    }
    let header = ui.horizontal_wrapped(|ui| {
        if node.children.is_empty() {
            ui.add_space(ui.spacing().indent);
        } else {
            collapsing.show_toggle_button(ui, paint_default_icon);
        }
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, theme::category(i));
        let text = RichText::new(format!("{} {}", node.code, node.name)).strong();
        let mut resp = ui.add(egui::Button::new(text).frame(false));
        if !node.description.is_empty() {
            resp = resp.on_hover_text(&node.description);
        }
        if resp.clicked() && !node.children.is_empty() {
            collapsing.toggle(ui);
        }
        row_tail(
            ui,
            cx,
            t,
            node,
            usage,
            target,
            shown,
            !node.children.is_empty(),
        );
    });
    users_list(ui, cx, t, node, usage, shown);
    if node.children.is_empty() {
        collapsing.store(ui.ctx());
        return;
    }
    collapsing.show_body_indented(&header.response, ui, |ui| {
        for child in &node.children {
            subtree(ui, cx, t, child, usage, target, needle, shown);
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn subtree(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    t: &Typology,
    node: &TypologyNode,
    usage: &Usage,
    target: Target,
    needle: &str,
    shown: &mut Option<(String, String, Users)>,
) {
    if !matches(node, needle) {
        return;
    }
    ui.push_id(&node.code, |ui| {
        ui.horizontal_wrapped(|ui| {
            let text = RichText::new(format!("{} {}", node.code, node.name));
            let text = if !needle.is_empty() && !node_matches(node, needle) {
                text.weak()
            } else {
                text
            };
            let resp = ui.label(text);
            if !node.description.is_empty() {
                resp.on_hover_text(&node.description);
            }
            row_tail(
                ui,
                cx,
                t,
                node,
                usage,
                target,
                shown,
                !node.children.is_empty(),
            );
        });
        users_list(ui, cx, t, node, usage, shown);
        if !node.children.is_empty() {
            ui.indent("children", |ui| {
                for child in &node.children {
                    subtree(ui, cx, t, child, usage, target, needle, shown);
                }
            });
        }
    });
}

/// A count that lists its users when clicked (or a plain label when there are none).
fn count(
    ui: &mut Ui,
    n: usize,
    text: String,
    which: (String, String, Users),
    shown: &mut Option<(String, String, Users)>,
) {
    if n == 0 {
        ui.label(RichText::new(text).weak());
        return;
    }
    let open = shown.as_ref() == Some(&which);
    let resp = ui.selectable_label(open, text).on_hover_text(if open {
        "Hide the list"
    } else {
        "List them"
    });
    if resp.clicked() {
        *shown = if open { None } else { Some(which) };
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts and the assign button after a code's name.
#[allow(clippy::too_many_arguments)]
fn row_tail(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    t: &Typology,
    node: &TypologyNode,
    usage: &Usage,
    target: Target,
    shown: &mut Option<(String, String, Users)>,
    rolled_up: bool,
) {
    let key = |u| (t.id.clone(), node.code.clone(), u);
    let factors = usage.factors_of(&t.id, &node.code).len();
    let findings = usage.findings_of(&t.id, &node.code).len();
    count(
        ui,
        factors,
        plural(factors, "factor", "factors"),
        key(Users::Factors),
        shown,
    );
    if rolled_up {
        let within = usage.factors_within(&t.id, node).len();
        count(
            ui,
            within,
            format!("{within} with sub-codes"),
            key(Users::FactorsWithin),
            shown,
        );
    }
    ui.label(RichText::new("·").weak());
    count(
        ui,
        findings,
        plural(findings, "finding", "findings"),
        key(Users::Findings),
        shown,
    );
    if rolled_up {
        let within = usage.findings_within(&t.id, node).len();
        count(
            ui,
            within,
            format!("{within} with sub-codes"),
            key(Users::FindingsWithin),
            shown,
        );
    }
    let code = Code {
        typology: t.id.clone(),
        code: node.code.clone(),
    };
    match target {
        Target::None => {}
        Target::Factor(f) => {
            let has = f.codes.contains(&code);
            let label = if has {
                format!("Remove from {}", f.id)
            } else {
                format!("Assign to {}", f.id)
            };
            let hover = if has {
                format!("Remove {code} from the factor's codes")
            } else {
                format!("Code the factor {code}")
            };
            if ui.button(label).on_hover_text(hover).clicked() {
                let mut x = f.clone();
                if has {
                    x.codes.retain(|c| *c != code);
                    cx.edit(Edit::Put(Item::Factor(x)));
                } else {
                    x.codes.push(code);
                    x.codes.sort();
                    cx.edit(with_typology(cx.review, t, Edit::Put(Item::Factor(x))));
                }
            }
        }
        Target::Finding(f) => {
            if f.category.as_ref() == Some(&code) {
                ui.label(RichText::new(format!("Category of {}", f.id)).strong());
            } else if ui
                .button(format!("Set as category of {}", f.id))
                .on_hover_text(format!("Make {code} the finding's typology category"))
                .clicked()
            {
                let mut x = f.clone();
                x.category = Some(code);
                cx.edit(with_typology(cx.review, t, Edit::Put(Item::Finding(x))));
            }
        }
    }
}

/// The edit, plus listing the typology in the review's details when it is not yet listed,
/// as one undo step.
pub fn with_typology(review: &Review, t: &Typology, edit: Edit) -> Edit {
    if review.details.typologies.iter().any(|r| r.id == t.id) {
        return edit;
    }
    let mut d = review.details.clone();
    d.typologies.push(TypologyRef {
        id: t.id.clone(),
        version: t.version.clone(),
    });
    d.typologies.sort();
    Edit::Batch(vec![edit, Edit::Put(Item::Details(Box::new(d)))])
}

/// The factors or findings behind a count, when it is the one clicked.
fn users_list(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    t: &Typology,
    node: &TypologyNode,
    usage: &Usage,
    shown: &Option<(String, String, Users)>,
) {
    let Some((tid, code, which)) = shown else {
        return;
    };
    if *tid != t.id || *code != node.code {
        return;
    }
    let review = cx.review;
    let mut jump = None;
    ui.indent("users", |ui| {
        egui::Frame::group(ui.style()).show(ui, |ui| match which {
            Users::Factors | Users::FactorsWithin => {
                let ids = if *which == Users::Factors {
                    usage.factors_of(&t.id, &node.code)
                } else {
                    usage.factors_within(&t.id, node)
                };
                for id in ids {
                    let title = review.factor(id).map_or("", |f| f.title.as_str());
                    if ui
                        .link(format!("{id} {title}"))
                        .on_hover_text("Go to this factor on the graph")
                        .clicked()
                    {
                        jump = Some(Key::Factor(id));
                    }
                }
            }
            Users::Findings | Users::FindingsWithin => {
                let ids = if *which == Users::Findings {
                    usage.findings_of(&t.id, &node.code)
                } else {
                    usage.findings_within(&t.id, node)
                };
                for id in ids {
                    let headline = review.finding(id).map_or("", |f| f.headline.as_str());
                    if ui
                        .link(format!("{id} {headline}"))
                        .on_hover_text("Go to this finding")
                        .clicked()
                    {
                        jump = Some(Key::Finding(id));
                    }
                }
            }
        });
    });
    if let Some(key) = jump {
        cx.act(Action::Jump(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str, children: Vec<TypologyNode>) -> TypologyNode {
        TypologyNode {
            code: code.into(),
            name: format!("name {code}"),
            description: String::new(),
            children,
        }
    }

    fn typology() -> Typology {
        Typology {
            id: "t".into(),
            version: "1".into(),
            name: "Test".into(),
            source: String::new(),
            description: String::new(),
            editable_starting_point: false,
            codes: vec![
                node(
                    "A",
                    vec![
                        node("A.1", vec![]),
                        node("A.2", vec![node("A.2.1", vec![])]),
                    ],
                ),
                node("B", vec![]),
            ],
        }
    }

    fn code(c: &str) -> Code {
        Code {
            typology: "t".into(),
            code: c.into(),
        }
    }

    fn factor(id: u32, codes: &[&str]) -> Factor {
        Factor {
            id: FactorId(id),
            title: String::new(),
            description: String::new(),
            polarity: Polarity::Hindering,
            level: Level::Team,
            codes: codes.iter().map(|c| code(c)).collect(),
            evidence_entries: vec![],
            evidence_episodes: vec![],
            position: Point::default(),
        }
    }

    #[test]
    fn counts_roll_up_without_double_counting() {
        let t = typology();
        let mut r = Review::default();
        r.factors = vec![
            factor(1, &["A", "A.1"]),
            factor(2, &["A.2.1"]),
            factor(3, &["B"]),
        ];
        let u = Usage::of(&r);
        let a = &t.codes[0];
        assert_eq!(u.factors_of("t", "A").len(), 1);
        assert_eq!(u.factors_within("t", a).len(), 2);
        assert_eq!(u.factors_within("t", &t.codes[1]).len(), 1);
        assert!(u.findings_within("t", a).is_empty());
    }

    #[test]
    fn assigning_lists_the_typology_once() {
        let t = typology();
        let mut r = Review::default();
        let put = Edit::Put(Item::Factor(factor(1, &["A"])));
        let edit = with_typology(&r, &t, put.clone());
        assert!(matches!(&edit, Edit::Batch(v) if v.len() == 2));
        r.apply(edit);
        assert_eq!(r.details.typologies.len(), 1);
        assert_eq!(with_typology(&r, &t, put.clone()), put);
    }

    #[test]
    fn search_keeps_ancestors_of_matches() {
        let t = typology();
        assert!(matches(&t.codes[0], "a.2.1"));
        assert!(!matches(&t.codes[1], "a.2.1"));
        assert!(matches(&t.codes[1], ""));
    }
}

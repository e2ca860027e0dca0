//! The typology workspace: every typology as a tree of codes, how often the review uses
//! each code, and buttons to code the selected factor or finding.

use super::{Action, ViewCtx, theme};
use crate::model::*;
use egui::collapsing_header::{CollapsingState, paint_default_icon};
use egui::{RichText, Ui};
use std::collections::{BTreeSet, HashMap};

/// A code in a typology: (typology id, code).
type CodeKey = (String, String);

/// View state (never saved).
#[derive(Default)]
pub struct State {
    /// Text that filters the codes.
    pub search: String,
    /// Codes whose sub-codes are shown.
    open: BTreeSet<CodeKey>,
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

/// The usage, recomputed when the review changed.
fn cached_usage<'a>(cache: &'a mut Option<(u64, Usage)>, cx: &ViewCtx) -> &'a Usage {
    if cache.as_ref().is_some_and(|(rev, _)| *rev != cx.revision) {
        *cache = None;
    }
    &cache
        .get_or_insert_with(|| (cx.revision, Usage::of(cx.review)))
        .1
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

/// Everything one typology's tree needs besides the ui and the context.
struct Tree<'a> {
    t: &'a Typology,
    usage: &'a Usage,
    target: Target<'a>,
    needle: &'a str,
    open: &'a mut BTreeSet<CodeKey>,
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
    let usage = cached_usage(&mut state.cache, cx);
    let open = &mut state.open;
    let typologies = cx.typologies;
    egui::ScrollArea::vertical()
        .id_salt("typology_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            for t in typologies {
                let mut tree = Tree {
                    t,
                    usage,
                    target,
                    needle: &needle,
                    open: &mut *open,
                };
                ui.push_id(("typology", &t.id, &t.version), |ui| {
                    typology(ui, cx, &mut tree)
                });
                ui.add_space(8.0);
            }
        });
}

fn typology(ui: &mut Ui, cx: &mut ViewCtx, tree: &mut Tree) {
    let t = tree.t;
    let searching = !tree.needle.is_empty();
    if searching && !t.codes.iter().any(|n| matches(n, tree.needle)) {
        return;
    }
    let details = &cx.review.details;
    let listed = details.typologies.iter().any(|r| r.id == t.id);
    let mut collapsing =
        CollapsingState::load_with_default_open(ui.ctx(), ui.make_persistent_id("tree"), listed);
    if searching {
        collapsing.set_open(true);
    }
    let header = ui.horizontal_wrapped(|ui| {
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
        // A narrow window scrolls the table sideways rather than clipping it.
        egui::ScrollArea::horizontal()
            .id_salt("codes_scroll")
            .show(ui, |ui| {
                egui::Grid::new("codes")
                    .striped(true)
                    .num_columns(4)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        ui.strong("Code");
                        ui.strong("Factors")
                            .on_hover_text("Factors coded with it (and with it or its sub-codes)");
                        ui.strong("Findings").on_hover_text(
                            "Findings with it as their category (and with it or its sub-codes)",
                        );
                        ui.label("");
                        ui.end_row();
                        for (i, node) in t.codes.iter().enumerate() {
                            code_rows(ui, cx, tree, node, 0, Some(i));
                        }
                    });
            });
    });
}

/// One grid row for a code, then rows for its sub-codes when they are shown.
fn code_rows(
    ui: &mut Ui,
    cx: &mut ViewCtx,
    tree: &mut Tree,
    node: &TypologyNode,
    depth: usize,
    category: Option<usize>,
) {
    if !matches(node, tree.needle) {
        return;
    }
    let t = tree.t;
    let key: CodeKey = (t.id.clone(), node.code.clone());
    let parent = !node.children.is_empty();
    let searching = !tree.needle.is_empty();
    let is_open = parent && (searching || tree.open.contains(&key));
    let mut toggle = false;
    ui.horizontal(|ui| {
        ui.add_space(depth as f32 * ui.spacing().indent);
        let size = egui::vec2(ui.spacing().indent, ui.spacing().icon_width);
        if parent {
            let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::click());
            let resp = resp.with_new_rect(rect);
            resp.widget_info(|| {
                let verb = if is_open { "Hide" } else { "Show" };
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("{verb} sub-codes of {}", node.code),
                )
            });
            paint_default_icon(ui, if is_open { 1.0 } else { 0.0 }, &resp);
            toggle |= resp.clicked();
        } else {
            ui.allocate_exact_size(size, egui::Sense::hover());
        }
        if let Some(i) = category {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::category(i));
        }
        let mut text = RichText::new(format!("{} {}", node.code, node.name));
        if depth == 0 {
            text = text.strong();
        }
        if searching && !node_matches(node, tree.needle) {
            text = text.weak();
        }
        // A code with sub-codes opens and closes by its name, too.
        let resp = if parent {
            ui.add(egui::Button::new(text).frame(false))
        } else {
            ui.add(egui::Label::new(text).selectable(false))
        };
        toggle |= parent && resp.clicked();
        if !node.description.is_empty() {
            resp.on_hover_text(&node.description);
        }
    });
    if toggle && !searching {
        if is_open {
            tree.open.remove(&key);
        } else {
            tree.open.insert(key);
        }
    }
    let usage = tree.usage;
    let review = cx.review;
    let factor_name = |id: FactorId| {
        let title = review.factor(id).map_or("", |f| f.title.as_str());
        (Key::Factor(id), format!("{id} {title}"))
    };
    let finding_name = |id: FindingId| {
        let headline = review.finding(id).map_or("", |f| f.headline.as_str());
        (Key::Finding(id), format!("{id} {headline}"))
    };
    let code = &node.code;
    ui.horizontal(|ui| {
        let direct: Vec<_> = usage
            .factors_of(&t.id, code)
            .into_iter()
            .map(factor_name)
            .collect();
        let hover = format!("Factors coded {code} itself");
        users_menu(ui, cx, direct.len().to_string(), &hover, &direct);
        if parent {
            let within: Vec<_> = usage
                .factors_within(&t.id, node)
                .into_iter()
                .map(factor_name)
                .collect();
            if within.len() != direct.len() {
                let hover = format!("Factors coded {code} or any code below it, each once");
                users_menu(ui, cx, format!("{} in all", within.len()), &hover, &within);
            }
        }
    });
    ui.horizontal(|ui| {
        let direct: Vec<_> = usage
            .findings_of(&t.id, code)
            .into_iter()
            .map(finding_name)
            .collect();
        let hover = format!("Findings with {code} itself as their category");
        users_menu(ui, cx, direct.len().to_string(), &hover, &direct);
        if parent {
            let within: Vec<_> = usage
                .findings_within(&t.id, node)
                .into_iter()
                .map(finding_name)
                .collect();
            if within.len() != direct.len() {
                let hover = format!("Findings with {code} or any code below it as their category");
                users_menu(ui, cx, format!("{} in all", within.len()), &hover, &within);
            }
        }
    });
    ui.horizontal(|ui| assign_button(ui, cx, t, node, tree.target));
    ui.end_row();
    if is_open {
        for child in &node.children {
            code_rows(ui, cx, tree, child, depth + 1, None);
        }
    }
}

/// A count that opens a list of what it counts, each a link to go to it.
fn users_menu(ui: &mut Ui, cx: &mut ViewCtx, label: String, hover: &str, users: &[(Key, String)]) {
    if users.is_empty() {
        ui.label(RichText::new(label).weak()).on_hover_text(hover);
        return;
    }
    let mut jump = None;
    ui.menu_button(label, |ui| {
        for (key, name) in users {
            if ui.link(name).on_hover_text("Go to it").clicked() {
                jump = Some(*key);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(format!("{hover}: click to list them"));
    if let Some(key) = jump {
        cx.act(Action::Jump(key));
    }
}

/// The button that codes the selected factor or finding with this code.
fn assign_button(ui: &mut Ui, cx: &mut ViewCtx, t: &Typology, node: &TypologyNode, target: Target) {
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
        let r = Review {
            factors: vec![
                factor(1, &["A", "A.1"]),
                factor(2, &["A.2.1"]),
                factor(3, &["B"]),
            ],
            ..Review::default()
        };
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

    mod ui {
        use super::super::super::{App, Selection, Workspace};
        use super::*;
        use egui_kittest::Harness;
        use egui_kittest::kittest::Queryable;

        #[test]
        fn assigning_a_code_to_the_selected_factor_lists_its_typology() {
            let review = Review {
                factors: vec![factor(1, &[])],
                ..Review::default()
            };
            let mut app = App::with_review(review, None);
            app.workspace = Workspace::Typologies;
            app.selection = Selection::only(Key::Factor(FactorId(1)));
            let Some(t) = app
                .typologies
                .iter()
                .find(|t| t.id == "lt-patterns")
                .cloned()
            else {
                panic!("the shipped typologies include lt-patterns");
            };
            let mut h = // TODO(views): the status bar's "●" (app.rs) has no glyph in the default fonts;
            // drop allow_missing_glyphs once it is replaced.
            Harness::builder()
                .with_size(egui::vec2(1400.0, 900.0))
                .build_ui_state(|ui, app: &mut App| app.show(ui), app);
            h.run();
            // Not listed by the review, so closed: open it by its name.
            h.get_by_label(&t.name).click();
            h.run();
            let Some(first) = h.get_all_by_label("Assign to F1").next() else {
                panic!("a button per code");
            };
            first.click();
            h.run();
            let review = &h.state().doc.review;
            let code = Code {
                typology: t.id.clone(),
                code: t.codes[0].code.clone(),
            };
            assert_eq!(review.factors[0].codes, vec![code]);
            assert!(review.details.typologies.iter().any(|r| r.id == t.id));
            // Undo takes both back in one step.
            assert!(h.state_mut().doc.undo());
            let review = &h.state().doc.review;
            assert!(review.factors[0].codes.is_empty());
            assert!(review.details.typologies.is_empty());
        }
    }
}

//! The factor graph workspace: the contributory factors and the outcome as a diagram
//! (pan, zoom, drag to move, Shift+drag or the handle to link) and the same graph as a
//! searchable list for keyboard and screen-reader users.
//!
//! Positions in the document are node centres in diagram units (y down); the view maps
//! them to the screen with a pan offset and a zoom. Only nodes and links that touch the
//! visible rectangle are drawn, text is left out when it would be under 6 px, and what
//! depends only on the graph's structure (cycles, categories, adjacency) is recomputed only
//! when the structure changes, not when a node moves: the diagram stays smooth at 5,000
//! factors and 10,000 links.

use super::{Action, Selection, ViewCtx, theme};
use crate::analysis::graph::FactorGraph;
use crate::model::*;
use egui::text::LayoutJob;
use egui::{
    Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Ui, Vec2, pos2, vec2,
};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

mod toolbar;

use toolbar::{add_factor, toolbar};

/// Widest a factor node gets (diagram units); its title wraps inside.
const NODE_MAX_W: f32 = 170.0;
/// Narrowest a factor node gets.
const NODE_MIN_W: f32 = 120.0;
/// The category stripe at the left of a factor node.
const STRIPE: f32 = 6.0;
/// Padding inside nodes.
const PAD: f32 = 8.0;
/// Title text size at 100 %.
const TITLE_SIZE: f32 = 13.0;
/// Tag text size (level, "Outcome") at 100 %.
const TAG_SIZE: f32 = 10.5;
/// Height of the tag row.
const TAG_H: f32 = 14.0;
/// Title rows at most; longer titles end with an ellipsis.
const TITLE_ROWS: usize = 4;
/// Widest the outcome node gets.
const OUTCOME_MAX_W: f32 = 280.0;
/// Outcome title size.
const OUTCOME_SIZE: f32 = 14.0;
/// Corner radius of nodes.
const CORNER: f32 = 6.0;
/// Zoom bounds.
const MIN_SCALE: f32 = 0.005;
/// With more links than this, links are hidden while nodes are drawn as dots.
const LOD_LINKS: usize = 2000;
const MAX_SCALE: f32 = 4.0;
/// Text smaller than this (in points on screen) is not drawn.
const MIN_TEXT_PX: f32 = 6.0;
/// Radius of the link handle on a node's bottom edge (points on screen).
const HANDLE_R: f32 = 5.0;
/// Nodes narrower than this on screen have no link handle (Shift+drag still links).
const MIN_HANDLE_NODE_W: f32 = 40.0;
/// How near (points on screen) the pointer must be to a link to hover it.
const EDGE_HIT: f32 = 5.0;
/// Zoom step of the − and + buttons.
const ZOOM_STEP: f32 = 1.25;
/// Height of a row in the list.
const ROW_H: f32 = 24.0;

/// Diagram or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Diagram,
    List,
}

/// The view: `screen = canvas.min + pan + doc * scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Camera {
    pan: Vec2,
    scale: f32,
}

impl Camera {
    fn to_screen(self, origin: Pos2, p: Pos2) -> Pos2 {
        origin + self.pan + p.to_vec2() * self.scale
    }

    fn to_doc(self, origin: Pos2, p: Pos2) -> Pos2 {
        ((p - origin - self.pan) / self.scale).to_pos2()
    }

    fn rect_to_screen(self, origin: Pos2, r: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(origin, r.min), self.to_screen(origin, r.max))
    }

    /// Zoom by `factor` keeping the point under `at` (screen) in place.
    fn zoom_at(&mut self, origin: Pos2, at: Pos2, factor: f32) {
        let doc = self.to_doc(origin, at);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        self.pan = at - origin - doc.to_vec2() * self.scale;
    }
}

/// A drag in progress.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Drag {
    /// Moving the view.
    Pan,
    /// Moving a node; `grab` is where the pointer holds it, from its centre (diagram units).
    Move { node: Node, grab: Vec2 },
    /// Drawing a new link from a node.
    Connect { from: Node },
}

/// What depends only on the graph's structure: recomputed when factors, codes or links
/// change, not when a node moves.
#[derive(Default)]
struct Structure {
    revision: u64,
    fingerprint: u64,
    cycle_factors: HashSet<FactorId>,
    cycle_links: HashSet<LinkId>,
    cycles: usize,
    /// Existing links, to refuse duplicates and to bow two-way links apart.
    pairs: HashSet<(Node, Node)>,
    /// Indices into `review.links`, by end.
    outgoing: HashMap<Node, Vec<usize>>,
    incoming: HashMap<Node, Vec<usize>>,
    /// Category colour index of each coded factor.
    category: HashMap<FactorId, usize>,
    /// Categories present: (typology id, index, name), sorted.
    legend: Vec<(String, usize, String)>,
    uncoded: bool,
}

/// View state (never saved).
#[derive(Default)]
pub struct State {
    mode: Mode,
    camera: Option<Camera>,
    /// Fit the view once the edits of this frame are applied.
    fit_next: bool,
    /// Fit the view once the review has moved on from this revision (after an auto
    /// layout, whose positions arrive with the next frame).
    fit_after: Option<u64>,
    /// The canvas size the view was fitted to, and whether the user has moved the view
    /// since (until then, a resized canvas is fitted again).
    fitted_size: Option<Vec2>,
    touched: bool,
    /// The canvas size last frame.
    canvas_size: Vec2,
    /// Centre the view on this node next frame.
    centre_on: Option<Node>,
    drag: Option<Drag>,
    structure: Option<Structure>,
    /// Node sizes (diagram units) by title, measured once per title.
    sizes: HashMap<Node, (String, Vec2)>,
    sizes_revision: Option<u64>,
    /// The selection seen last frame, to bring a newly selected node into view.
    last_selected: Option<Node>,
    filter: String,
    rows: Option<(u64, String, Vec<Node>)>,
    scroll_to_row: Option<usize>,
}

/// Uncoded factors are grey: the theme's weak stroke colour.
// TODO(graph): a named `theme::UNCODED` would say this better; theme.rs is not ours to edit.
fn uncoded_colour(ui: &Ui) -> Color32 {
    theme::thin(ui).color
}

impl Structure {
    fn fingerprint(review: &Review) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        for f in &review.factors {
            f.id.hash(&mut h);
            f.codes.hash(&mut h);
        }
        for l in &review.links {
            (l.id, l.from, l.to).hash(&mut h);
        }
        h.finish()
    }

    fn build(
        review: &Review,
        typologies: &[Typology],
        revision: u64,
        fingerprint: u64,
    ) -> Structure {
        let g = FactorGraph::build(review);
        let cycles = g.cycles();
        let mut cycle_of: HashMap<FactorId, usize> = HashMap::new();
        for (k, c) in cycles.iter().enumerate() {
            for id in c {
                cycle_of.insert(*id, k);
            }
        }
        let mut s = Structure {
            revision,
            fingerprint,
            cycles: cycles.len(),
            cycle_factors: cycle_of.keys().copied().collect(),
            ..Structure::default()
        };
        for (i, l) in review.links.iter().enumerate() {
            s.pairs.insert((l.from, l.to));
            s.outgoing.entry(l.from).or_default().push(i);
            s.incoming.entry(l.to).or_default().push(i);
            if let (Node::Factor(a), Node::Factor(b)) = (l.from, l.to)
                && (a == b
                    || cycle_of
                        .get(&a)
                        .is_some_and(|c| cycle_of.get(&b) == Some(c)))
            {
                s.cycle_links.insert(l.id);
            }
        }
        let mut legend = std::collections::BTreeSet::new();
        for f in &review.factors {
            match crate::analysis::graph::category_of(typologies, f) {
                Some((t, n, name)) => {
                    s.category.insert(f.id, n);
                    legend.insert((t, n, name));
                }
                None => s.uncoded = true,
            }
        }
        s.legend = legend.into_iter().collect();
        s
    }
}

/// The wrapped title of a node at a text size (ellipsis after [`TITLE_ROWS`] rows).
fn title_job(text: &str, size: f32, wrap: f32, colour: Color32) -> LayoutJob {
    let mut job = LayoutJob::simple(text.to_owned(), FontId::proportional(size), colour, wrap);
    job.wrap.max_rows = TITLE_ROWS;
    job.wrap.overflow_character = Some('…');
    job
}

/// Room for title text inside a node, at 100 %.
fn title_wrap(outcome: bool) -> f32 {
    if outcome {
        OUTCOME_MAX_W - 2.0 * PAD
    } else {
        NODE_MAX_W - STRIPE - 2.0 * PAD
    }
}

/// Measure a node at 100 %.
fn measure(ui: &Ui, title: &str, outcome: bool) -> Vec2 {
    let title = if title.trim().is_empty() {
        "Untitled"
    } else {
        title
    };
    let size = if outcome { OUTCOME_SIZE } else { TITLE_SIZE };
    let galley = ui.painter().layout_job(title_job(
        title,
        size,
        title_wrap(outcome),
        Color32::PLACEHOLDER,
    ));
    let text = galley.size();
    if outcome {
        vec2(
            (text.x + 2.0 * PAD).clamp(160.0, OUTCOME_MAX_W),
            2.0 * PAD + TAG_H + 2.0 + text.y,
        )
    } else {
        vec2(
            (text.x + STRIPE + 2.0 * PAD).clamp(NODE_MIN_W, NODE_MAX_W),
            2.0 * PAD + text.y + 4.0 + TAG_H,
        )
    }
}

/// Text size on screen for a size at 100 %, quantised to half points so that zooming does
/// not fill the font atlas with a size per frame.
fn screen_text_size(size: f32, scale: f32) -> f32 {
    (size * scale * 2.0).round() / 2.0
}

/// Where the ray from `centre` in direction `dir` leaves a box of half-size `half`.
fn exit_point(centre: Pos2, half: Vec2, dir: Vec2) -> Pos2 {
    let tx = if dir.x.abs() > f32::EPSILON {
        half.x / dir.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dir.y.abs() > f32::EPSILON {
        half.y / dir.y.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty);
    if t.is_finite() {
        centre + dir * t
    } else {
        centre
    }
}

/// Distance from `p` to the segment `a`-`b`.
fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// A node's box this frame.
#[derive(Debug, Clone, Copy)]
struct NodeBox {
    node: Node,
    /// Diagram units.
    rect: Rect,
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    refresh(ui, state, cx);
    toolbar(ui, state, cx);
    match state.mode {
        Mode::Diagram => {
            legend(ui, state);
            ui.add_space(2.0);
            diagram(ui, state, cx);
        }
        Mode::List => list(ui, state, cx),
    }
}

/// Bring the derived data up to date with the review.
fn refresh(ui: &Ui, state: &mut State, cx: &ViewCtx) {
    let review = cx.review;
    if state
        .structure
        .as_ref()
        .is_none_or(|s| s.revision != cx.revision)
    {
        let fp = Structure::fingerprint(review);
        match &mut state.structure {
            Some(s) if s.fingerprint == fp => s.revision = cx.revision,
            _ => state.structure = Some(Structure::build(review, cx.typologies, cx.revision, fp)),
        }
    }
    if state.sizes_revision != Some(cx.revision) {
        let outcome_title = &review.outcome.title;
        if state
            .sizes
            .get(&Node::Outcome)
            .is_none_or(|(t, _)| t != outcome_title)
        {
            state.sizes.insert(
                Node::Outcome,
                (outcome_title.clone(), measure(ui, outcome_title, true)),
            );
        }
        for f in &review.factors {
            let node = Node::Factor(f.id);
            if state.sizes.get(&node).is_none_or(|(t, _)| *t != f.title) {
                state
                    .sizes
                    .insert(node, (f.title.clone(), measure(ui, &f.title, false)));
            }
        }
        state.sizes_revision = Some(cx.revision);
    }
}

fn selected_node(selection: &Selection) -> Option<Node> {
    if selection.outcome {
        return Some(Node::Outcome);
    }
    match selection.primary {
        Some(Key::Factor(id)) => Some(Node::Factor(id)),
        _ => None,
    }
}

fn select_node(cx: &mut ViewCtx, node: Node) {
    match node {
        Node::Factor(id) => cx.select(Key::Factor(id)),
        Node::Outcome => cx.act(Action::Select(Selection {
            outcome: true,
            ..Selection::default()
        })),
    }
}

fn node_title(review: &Review, node: Node) -> String {
    match node {
        Node::Outcome => review.outcome.title.clone(),
        Node::Factor(id) => review
            .factor(id)
            .map_or_else(|| format!("{id} (missing)"), |f| f.title.clone()),
    }
}

fn node_label(review: &Review, node: Node) -> String {
    match node {
        Node::Outcome => format!("Outcome: {}", review.outcome.title),
        Node::Factor(id) => format!("{id} {}", node_title(review, node)),
    }
}

/// A legend entry: a swatch painted by `paint` and its label, kept together on one line
/// (a wrapping row breaks between entries, never inside one). Named for screen readers.
pub(super) fn legend_item(ui: &mut Ui, swatch_w: f32, text: &str, paint: impl FnOnce(&Ui, Rect)) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let colour = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(text.to_owned(), font, colour);
    let h = galley.size().y.max(18.0);
    let (rect, response) =
        ui.allocate_exact_size(vec2(swatch_w + 5.0 + galley.size().x, h), Sense::hover());
    paint(ui, Rect::from_min_size(rect.min, vec2(swatch_w, h)));
    let text_pos = pos2(
        rect.left() + swatch_w + 5.0,
        rect.center().y - galley.size().y / 2.0,
    );
    ui.painter().galley(text_pos, galley, colour);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
}

fn legend(ui: &mut Ui, state: &State) {
    let Some(s) = &state.structure else { return };
    let swatch = |ui: &Ui, r: Rect, colour: Color32| {
        ui.painter().rect_filled(
            Rect::from_center_size(r.center(), vec2(12.0, 12.0)),
            3.0,
            colour,
        );
    };
    // The categories present, by their first code.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        let many = s.legend.iter().map(|l| &l.0).collect::<HashSet<_>>().len() > 1;
        for (typology, n, name) in &s.legend {
            let text = if many {
                format!("{name} ({typology})")
            } else {
                name.clone()
            };
            legend_item(ui, 12.0, &text, |ui, r| swatch(ui, r, theme::category(*n)));
        }
        if s.uncoded {
            legend_item(ui, 12.0, "Not coded", |ui, r| {
                swatch(ui, r, uncoded_colour(ui))
            });
        }
    });
    // How the rest reads.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        for (p, text) in [
            (Polarity::Supporting, "supports safe practice"),
            (Polarity::Hindering, "hinders safe practice"),
        ] {
            legend_item(ui, 14.0, text, |ui, r| {
                paint_sign(ui.painter(), ui, r.center(), 6.5, p, TAG_SIZE + 1.0);
            });
        }
        legend_item(ui, 26.0, "level of the system", |ui, r| {
            let font = FontId::proportional(TAG_SIZE);
            ui.painter().text(
                r.left_center(),
                Align2::LEFT_CENTER,
                "Team",
                font,
                ui.visuals().weak_text_color(),
            );
        });
        for kind in [LinkKind::ContributesTo, LinkKind::Mitigates] {
            legend_item(ui, 30.0, kind.label(), |ui, r| {
                let mut shapes = Vec::new();
                let stroke = Stroke::new(1.5, theme::thin(ui).color);
                paint_link(
                    &mut shapes,
                    r.left_center(),
                    r.right_center(),
                    stroke,
                    kind,
                    7.0,
                );
                ui.painter().extend(shapes);
            });
        }
        legend_item(ui, 18.0, "in a cycle", |ui, r| {
            let cell = Rect::from_center_size(r.center(), vec2(16.0, 11.0));
            ui.painter().rect_stroke(
                cell,
                3.0,
                Stroke::new(2.0, theme::CYCLE),
                StrokeKind::Inside,
            );
        });
    });
}

/// The polarity badge: a disc in the polarity's colour with its sign.
fn paint_sign(painter: &egui::Painter, ui: &Ui, c: Pos2, r: f32, p: Polarity, text: f32) {
    painter.circle_filled(c, r, theme::polarity(p));
    if text >= MIN_TEXT_PX {
        painter.text(
            c,
            Align2::CENTER_CENTER,
            p.sign(),
            FontId::proportional(text),
            ui.visuals().extreme_bg_color,
        );
    }
}

/// A link from `a` to `b` with an arrowhead at `b`: solid, or dashed when it mitigates.
fn paint_link(
    shapes: &mut Vec<Shape>,
    a: Pos2,
    b: Pos2,
    stroke: Stroke,
    kind: LinkKind,
    head: f32,
) {
    let dir = (b - a).normalized();
    let base = b - dir * head;
    match kind {
        LinkKind::ContributesTo => shapes.push(Shape::line_segment([a, base], stroke)),
        LinkKind::Mitigates => {
            let dash = (stroke.width * 3.5).max(4.0);
            shapes.extend(Shape::dashed_line(&[a, base], stroke, dash, dash * 0.8));
        }
    }
    if head >= 2.0 {
        let side = dir.rot90() * head * 0.5;
        shapes.push(Shape::convex_polygon(
            vec![b, base + side, base - side],
            stroke.color,
            Stroke::NONE,
        ));
    }
}

#[allow(clippy::too_many_lines)]
fn diagram(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    let size = ui.available_size().max(vec2(200.0, 150.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Factor graph diagram")
    });
    let rect = response.rect;
    let origin = rect.min;
    state.canvas_size = rect.size();
    let visuals = ui.visuals().clone();
    let Some(structure) = state.structure.take() else {
        return;
    };

    // Every node's box this frame (diagram units): the outcome first, then factors by id.
    let size_of = |node: Node| {
        state
            .sizes
            .get(&node)
            .map_or(vec2(NODE_MIN_W, 50.0), |s| s.1)
    };
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(review.factors.len() + 1);
    let op = review.outcome.position;
    boxes.push(NodeBox {
        node: Node::Outcome,
        rect: Rect::from_center_size(pos2(op.x, op.y), size_of(Node::Outcome)),
    });
    for f in &review.factors {
        let node = Node::Factor(f.id);
        boxes.push(NodeBox {
            node,
            rect: Rect::from_center_size(pos2(f.position.x, f.position.y), size_of(node)),
        });
    }
    let box_index = |node: Node| -> Option<usize> {
        match node {
            Node::Outcome => Some(0),
            Node::Factor(id) => review
                .factors
                .binary_search_by(|f| f.id.cmp(&id))
                .ok()
                .map(|i| i + 1),
        }
    };

    // The view: fitted the first time and on request, centred on a newly selected node.
    if state.fit_after.is_some_and(|r| r != cx.revision) {
        state.fit_after = None;
        state.fit_next = true;
    }
    let resized = state
        .fitted_size
        .is_some_and(|s| (s - rect.size()).length() > 0.5);
    if state.camera.is_none() || state.fit_next || (resized && !state.touched) {
        state.camera = Some(fit(&boxes, rect));
        state.fit_next = false;
        state.fitted_size = Some(rect.size());
        state.touched = false;
    }
    let selected = selected_node(cx.selection);
    if selected != state.last_selected {
        if let Some(n) = selected
            && let Some(b) = box_index(n).and_then(|i| boxes.get(i))
            && let Some(c) = state.camera
            && !rect.contains_rect(c.rect_to_screen(origin, b.rect))
        {
            state.centre_on = Some(n);
        }
        state.last_selected = selected;
    }
    if let Some(n) = state.centre_on.take()
        && let Some(b) = box_index(n).and_then(|i| boxes.get(i))
        && let Some(c) = &mut state.camera
    {
        c.scale = c.scale.max(0.6);
        c.pan = rect.size() / 2.0 - b.rect.center().to_vec2() * c.scale;
        state.touched = true;
    }
    let Some(mut camera) = state.camera else {
        state.structure = Some(structure);
        return;
    };
    let camera_before = camera;

    // Wheel zooms at the pointer; sideways scrolling pans.
    let pointer = ui.input(|i| i.pointer.hover_pos());
    if response.hovered()
        && let Some(p) = pointer
    {
        let speed = ui.ctx().options(|o| o.input_options.scroll_zoom_speed);
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = (scroll.y * speed).exp() * zoom;
        if (factor - 1.0).abs() > 1e-4 {
            camera.zoom_at(origin, p, factor);
        }
        camera.pan.x += scroll.x;
    }

    // Drags: pan, move a node, or draw a link.
    if response.drag_started() {
        let start = ui.input(|i| i.pointer.press_origin()).or(pointer);
        let middle = ui.input(|i| i.pointer.middle_down());
        let shift = ui.input(|i| i.modifiers.shift);
        state.drag = match start.and_then(|p| node_at(&boxes, camera, origin, p).map(|h| (p, h))) {
            _ if middle => Some(Drag::Pan),
            Some((_, (b, true))) => Some(Drag::Connect { from: b.node }),
            Some((_, (b, false))) if shift && b.node != Node::Outcome => {
                Some(Drag::Connect { from: b.node })
            }
            Some((p, (b, false))) => {
                if selected != Some(b.node) {
                    select_node(cx, b.node);
                }
                Some(Drag::Move {
                    node: b.node,
                    grab: camera.to_doc(origin, p) - b.rect.center(),
                })
            }
            None => Some(Drag::Pan),
        };
    }
    let mut link_target: Option<Node> = None;
    match state.drag {
        Some(Drag::Pan) if response.dragged() => camera.pan += response.drag_delta(),
        Some(Drag::Move { node, grab }) if response.dragged() => {
            if let Some(p) = pointer.or(response.interact_pointer_pos()) {
                let c = camera.to_doc(origin, p) - grab;
                let to = Point {
                    x: c.x.round(),
                    y: c.y.round(),
                };
                if let Some(b) = box_index(node).and_then(|i| boxes.get_mut(i)) {
                    b.rect = Rect::from_center_size(pos2(to.x, to.y), b.rect.size());
                }
                move_node(cx, node, to);
            }
        }
        Some(Drag::Connect { from }) => {
            link_target = pointer
                .and_then(|p| node_at(&boxes, camera, origin, p))
                .map(|(b, _)| b.node)
                .filter(|n| *n != from);
        }
        _ => {}
    }
    if response.drag_stopped() {
        match state.drag.take() {
            Some(Drag::Move { .. }) => cx.act(Action::Seal),
            Some(Drag::Connect { from }) => {
                if let Some(to) = link_target {
                    connect(cx, &structure, from, to);
                }
            }
            _ => {}
        }
    }
    let dragging = state.drag.is_some() && response.dragged();
    if !response.dragged()
        && !response.drag_stopped()
        && state.drag.is_some()
        && !ui.input(|i| i.pointer.any_down())
    {
        state.drag = None; // a drag that ended elsewhere
    }

    // Background: a light grid every 100 units while it is not too dense.
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);
    let grid = Stroke::new(
        1.0,
        visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.35),
    );
    let visible = Rect::from_min_max(
        camera.to_doc(origin, rect.min),
        camera.to_doc(origin, rect.max),
    );
    let step = 100.0;
    if step * camera.scale >= 24.0 {
        let mut x = (visible.left() / step).floor() * step;
        while x <= visible.right() {
            painter.vline(
                camera.to_screen(origin, pos2(x, 0.0)).x,
                rect.y_range(),
                grid,
            );
            x += step;
        }
        let mut y = (visible.top() / step).floor() * step;
        while y <= visible.bottom() {
            painter.hline(
                rect.x_range(),
                camera.to_screen(origin, pos2(0.0, y)).y,
                grid,
            );
            y += step;
        }
    }

    let hovered_node = if dragging {
        None
    } else {
        pointer
            .filter(|p| rect.contains(*p))
            .and_then(|p| node_at(&boxes, camera, origin, p))
    };

    // Links: only those whose extent meets the view.
    let margin = 40.0 / camera.scale;
    let view_doc = visible.expand(margin);
    let edge_colour = visuals.weak_text_color();
    let width = (1.6 * camera.scale.sqrt()).clamp(0.8, 2.4);
    let head = (10.0 * camera.scale).clamp(0.0, 12.0);
    let selected_link = match cx.selection.primary {
        Some(Key::Link(id)) => Some(id),
        _ => None,
    };
    let mut hovered_link: Option<(f32, usize)> = None;
    let mut shapes: Vec<Shape> = Vec::new();
    let mut top_shapes: Vec<Shape> = Vec::new();
    // So far out that nodes are dots, thousands of links are a grey blur that costs more
    // to draw than the rest of the frame: hide them and say so.
    let dots = NODE_MIN_W * camera.scale < 8.0;
    let links_hidden = dots && review.links.len() > LOD_LINKS;
    for (i, l) in review.links.iter().enumerate() {
        if links_hidden && selected_link != Some(l.id) {
            continue;
        }
        let (Some(a), Some(b)) = (
            box_index(l.from).and_then(|i| boxes.get(i)),
            box_index(l.to).and_then(|i| boxes.get(i)),
        ) else {
            continue;
        };
        let (ca, cb) = (a.rect.center(), b.rect.center());
        if !view_doc.intersects(Rect::from_two_pos(ca, cb)) && l.from != l.to {
            continue;
        }
        let in_cycle = structure.cycle_links.contains(&l.id);
        let is_selected = selected_link == Some(l.id);
        let colour = if in_cycle { theme::CYCLE } else { edge_colour };
        let (sa, sb) = if l.from == l.to {
            // A self-link: a small loop at the node's right.
            let r = camera.rect_to_screen(origin, a.rect);
            let c = r.right_top() + vec2(0.0, r.height() * 0.3);
            let rad = (12.0 * camera.scale).max(3.0);
            shapes.push(Shape::circle_stroke(c, rad, Stroke::new(width, colour)));
            (c, c)
        } else {
            let dir = (cb - ca).normalized();
            // Two-way links bow apart so that both show.
            let bow = if structure.pairs.contains(&(l.to, l.from)) {
                dir.rot90() * 7.0
            } else {
                Vec2::ZERO
            };
            let pa = exit_point(ca + bow, a.rect.size() / 2.0, dir);
            let pb = exit_point(cb + bow, b.rect.size() / 2.0, -dir);
            let (sa, sb) = (camera.to_screen(origin, pa), camera.to_screen(origin, pb));
            let out = if is_selected {
                &mut top_shapes
            } else {
                &mut shapes
            };
            if is_selected {
                out.push(Shape::line_segment(
                    [sa, sb],
                    Stroke::new(width + 5.0, theme::selection(ui)),
                ));
            }
            paint_link(
                out,
                sa,
                sb,
                Stroke::new(if is_selected { width + 0.8 } else { width }, colour),
                l.kind,
                head,
            );
            (sa, sb)
        };
        if hovered_node.is_none()
            && !dragging
            && let Some(p) = pointer
        {
            let d = if sa == sb {
                (p.distance(sa) - (12.0 * camera.scale).max(3.0)).abs()
            } else {
                segment_distance(p, sa, sb)
            };
            if d <= EDGE_HIT && hovered_link.is_none_or(|(best, _)| d < best) {
                hovered_link = Some((d, i));
            }
        }
    }
    if let Some((_, i)) = hovered_link
        && let Some(l) = review.links.get(i)
        && let (Some(a), Some(b)) = (
            box_index(l.from).and_then(|i| boxes.get(i)),
            box_index(l.to).and_then(|i| boxes.get(i)),
        )
    {
        let dir = (b.rect.center() - a.rect.center()).normalized();
        let pa = camera.to_screen(
            origin,
            exit_point(a.rect.center(), a.rect.size() / 2.0, dir),
        );
        let pb = camera.to_screen(
            origin,
            exit_point(b.rect.center(), b.rect.size() / 2.0, -dir),
        );
        shapes.push(Shape::line_segment(
            [pa, pb],
            Stroke::new(width + 4.0, theme::selection(ui).gamma_multiply(0.6)),
        ));
    }
    painter.extend(shapes);
    painter.extend(top_shapes);

    // The link being drawn.
    if let Some(Drag::Connect { from }) = state.drag
        && let Some(a) = box_index(from).and_then(|i| boxes.get(i))
        && let Some(p) = pointer
    {
        let start = camera.to_screen(origin, a.rect.center_bottom());
        let end = match link_target.and_then(box_index).and_then(|i| boxes.get(i)) {
            Some(b) => {
                let r = camera.rect_to_screen(origin, b.rect);
                let ok = !structure.pairs.contains(&(from, b.node));
                let colour = if ok {
                    visuals.selection.stroke.color
                } else {
                    theme::severity(crate::analysis::Severity::Error)
                };
                painter.rect_stroke(
                    r.expand(3.0),
                    CORNER * camera.scale + 3.0,
                    Stroke::new(2.0, colour),
                    StrokeKind::Outside,
                );
                let dir = (r.center() - start).normalized();
                exit_point(r.center(), r.size() / 2.0 + Vec2::splat(3.0), -dir)
            }
            None => p,
        };
        let mut s = Vec::new();
        paint_link(
            &mut s,
            start,
            end,
            Stroke::new(2.0, visuals.selection.stroke.color),
            LinkKind::ContributesTo,
            10.0,
        );
        painter.extend(s);
    }

    // Nodes: the visible ones, the selected and the dragged on top.
    let title_px = screen_text_size(TITLE_SIZE, camera.scale);
    let tag_px = screen_text_size(TAG_SIZE, camera.scale);
    let show_text = title_px >= MIN_TEXT_PX;
    let dragged_node = match state.drag {
        Some(Drag::Move { node, .. }) => Some(node),
        _ => None,
    };
    let mut late: Vec<NodeBox> = Vec::new();
    // Dots closer than a few points are drawn once.
    let mut dot_cells: std::collections::HashSet<(i32, i32)> = std::collections::HashSet::new();
    for b in &boxes {
        if !b.rect.intersects(view_doc) {
            continue;
        }
        if Some(b.node) == selected || Some(b.node) == dragged_node {
            late.push(*b);
            continue;
        }
        if dots {
            let c = camera.to_screen(origin, b.rect.center());
            if !dot_cells.insert(((c.x / 4.0).floor() as i32, (c.y / 4.0).floor() as i32)) {
                continue;
            }
        }
        paint_node(
            ui, &painter, review, &structure, camera, origin, b, false, show_text, title_px, tag_px,
        );
    }
    for b in &late {
        paint_node(
            ui, &painter, review, &structure, camera, origin, b, true, show_text, title_px, tag_px,
        );
    }
    // The link handle of the hovered node.
    if let Some((b, on_handle)) = hovered_node
        && b.node != Node::Outcome
        && state.drag.is_none()
        && b.rect.width() * camera.scale >= MIN_HANDLE_NODE_W
    {
        let c = camera.to_screen(origin, b.rect.center_bottom());
        let r = if on_handle { HANDLE_R + 1.5 } else { HANDLE_R };
        painter.circle(
            c,
            r,
            visuals.extreme_bg_color,
            Stroke::new(1.5, visuals.selection.stroke.color),
        );
    }

    // Hints and the zoom level.
    let weak = visuals.weak_text_color();
    if links_hidden {
        painter.text(
            rect.center_top() + vec2(0.0, 16.0),
            Align2::CENTER_CENTER,
            format!(
                "{} links hidden at this zoom: zoom in to see them",
                review.links.len()
            ),
            FontId::proportional(13.0),
            weak,
        );
    }
    if review.factors.is_empty() {
        painter.text(
            rect.center_top() + vec2(0.0, 40.0),
            Align2::CENTER_CENTER,
            "No factors yet: double-click the diagram or use Add factor",
            FontId::proportional(14.0),
            weak,
        );
    }
    painter.text(
        rect.left_bottom() + vec2(8.0, -6.0),
        Align2::LEFT_BOTTOM,
        "Drag a node to move it · Shift+drag, or drag the handle under a node, to link · Double-click to add · Wheel to zoom",
        FontId::proportional(11.0),
        weak,
    );
    painter.text(
        rect.right_bottom() - vec2(8.0, 6.0),
        Align2::RIGHT_BOTTOM,
        format!("{:.0} %", camera.scale * 100.0),
        FontId::proportional(11.0),
        weak,
    );
    painter.rect_stroke(
        rect,
        0.0,
        visuals.widgets.noninteractive.bg_stroke,
        StrokeKind::Inside,
    );
    state.camera = Some(camera);
    // Once the user has worked in the diagram, a resized canvas no longer refits it.
    state.touched |= camera != camera_before || response.clicked() || response.drag_started();

    // Hover, click, double-click.
    let response = if dragging {
        response
    } else if let Some((b, on_handle)) = hovered_node {
        if on_handle {
            response.on_hover_text_at_pointer("Drag to another node to link them")
        } else {
            response.on_hover_ui_at_pointer(|ui| node_tooltip(ui, review, cx.typologies, b.node))
        }
    } else if let Some((_, i)) = hovered_link
        && let Some(l) = review.links.get(i)
    {
        response.on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(320.0);
            ui.strong(format!("{} {}", l.id, l.kind.label()));
            ui.label(format!("From {}", node_label(review, l.from)));
            ui.label(format!("To {}", node_label(review, l.to)));
            if !l.note.is_empty() {
                ui.label(&l.note);
            }
        })
    } else {
        response
    };
    if response.clicked() {
        match (hovered_node, hovered_link) {
            (Some((b, _)), _) => select_node(cx, b.node),
            (None, Some((_, i))) => {
                if let Some(l) = review.links.get(i) {
                    cx.select(Key::Link(l.id));
                }
            }
            (None, None) => {
                if cx.selection.primary.is_some() || cx.selection.outcome {
                    cx.act(Action::Select(Selection::default()));
                }
            }
        }
    }
    if response.double_clicked()
        && hovered_node.is_none()
        && hovered_link.is_none()
        && let Some(p) = response.interact_pointer_pos()
    {
        let d = camera.to_doc(origin, p);
        add_factor(ui, state, cx, Point { x: d.x, y: d.y });
    }
    if response.hovered() {
        let icon = match (state.drag, hovered_node, hovered_link) {
            (Some(Drag::Pan), ..) => egui::CursorIcon::Grabbing,
            (Some(Drag::Move { .. }), ..) => egui::CursorIcon::Grabbing,
            (Some(Drag::Connect { .. }), ..) => egui::CursorIcon::Crosshair,
            (None, Some((_, true)), _) => egui::CursorIcon::Crosshair,
            (None, Some(_), _) => egui::CursorIcon::Grab,
            (None, None, Some(_)) => egui::CursorIcon::PointingHand,
            _ => egui::CursorIcon::Default,
        };
        ui.ctx().set_cursor_icon(icon);
    }
    state.structure = Some(structure);
}

/// What is under a point: the topmost node, and whether the point is on its link handle.
fn node_at(boxes: &[NodeBox], camera: Camera, origin: Pos2, p: Pos2) -> Option<(NodeBox, bool)> {
    let d = camera.to_doc(origin, p);
    let handle_r = (HANDLE_R + 3.0) / camera.scale;
    boxes.iter().rev().find_map(|b| {
        // The handle only where the node is big enough on screen to show it.
        let on_handle = b.node != Node::Outcome
            && b.rect.width() * camera.scale >= MIN_HANDLE_NODE_W
            && d.distance(b.rect.center_bottom()) <= handle_r;
        (b.rect.contains(d) || on_handle).then_some((*b, on_handle))
    })
}

/// The view that shows every node, with a margin.
fn fit(boxes: &[NodeBox], rect: Rect) -> Camera {
    let bounds = boxes.iter().fold(Rect::NOTHING, |acc, b| acc.union(b.rect));
    if !bounds.is_positive() {
        return Camera {
            pan: rect.size() / 2.0,
            scale: 1.0,
        };
    }
    let room = rect.size() - Vec2::splat(48.0);
    let scale = (room.x / bounds.width())
        .min(room.y / bounds.height())
        .clamp(MIN_SCALE, 1.2);
    Camera {
        pan: rect.size() / 2.0 - bounds.center().to_vec2() * scale,
        scale,
    }
}

fn move_node(cx: &mut ViewCtx, node: Node, to: Point) {
    match node {
        Node::Outcome => {
            if cx.review.outcome.position != to {
                let mut o = cx.review.outcome.clone();
                o.position = to;
                cx.edit_merging(Edit::Put(Item::Outcome(o)), "drag outcome");
            }
        }
        Node::Factor(id) => {
            if let Some(f) = cx.review.factor(id)
                && f.position != to
            {
                let mut moved = f.clone();
                moved.position = to;
                cx.edit_merging(Edit::Put(Item::Factor(moved)), format!("drag {id}"));
            }
        }
    }
}

/// Add a link `from` -> `to` unless it links a node to itself or already exists.
fn connect(cx: &mut ViewCtx, structure: &Structure, from: Node, to: Node) {
    if from == to {
        cx.act(Action::Notify(
            "A factor cannot be linked to itself here".into(),
        ));
    } else if from == Node::Outcome {
        cx.act(Action::Notify(
            "Links lead to the outcome, not from it".into(),
        ));
    } else if structure.pairs.contains(&(from, to)) {
        cx.act(Action::Notify(format!("{from} already links to {to}")));
    } else {
        let id = cx.review.next_link_id();
        cx.edit(Edit::Put(Item::Link(FactorLink {
            id,
            from,
            to,
            kind: LinkKind::ContributesTo,
            note: String::new(),
        })));
        cx.select(Key::Link(id));
        cx.act(Action::Notify(format!(
            "Linked {from} to {to}: change the kind in the inspector"
        )));
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_node(
    ui: &Ui,
    painter: &egui::Painter,
    review: &Review,
    structure: &Structure,
    camera: Camera,
    origin: Pos2,
    b: &NodeBox,
    highlighted: bool,
    show_text: bool,
    title_px: f32,
    tag_px: f32,
) {
    let visuals = ui.visuals();
    let r = camera.rect_to_screen(origin, b.rect);
    let s = camera.scale;
    let corner = CORNER * s;
    // Far out, a node is a few pixels: a plain block is all that shows.
    if r.width() < 8.0 {
        let colour = match b.node {
            Node::Outcome => visuals.strong_text_color(),
            Node::Factor(id) => structure
                .category
                .get(&id)
                .map_or_else(|| uncoded_colour(ui), |n| theme::category(*n)),
        };
        let colour = if highlighted {
            visuals.selection.stroke.color
        } else {
            colour
        };
        // At least a dot, however far out.
        let r = Rect::from_center_size(r.center(), r.size().max(Vec2::splat(2.0)));
        painter.rect_filled(r.expand(if highlighted { 2.0 } else { 0.0 }), 1.0, colour);
        return;
    }
    if highlighted {
        painter.rect_filled(r.expand(5.0), corner + 5.0, theme::selection(ui));
    }
    match b.node {
        Node::Outcome => {
            painter.rect(
                r,
                corner,
                visuals.extreme_bg_color,
                Stroke::new(2.5, visuals.strong_text_color()),
                StrokeKind::Inside,
            );
            painter.rect_stroke(
                r.shrink(4.0 * s.min(1.0)),
                (corner - 3.0).max(0.0),
                Stroke::new(1.0, visuals.strong_text_color()),
                StrokeKind::Inside,
            );
            if show_text {
                let caption = painter.layout_no_wrap(
                    "Outcome".into(),
                    FontId::proportional(tag_px),
                    visuals.weak_text_color(),
                );
                painter.galley(
                    pos2(r.center().x - caption.size().x / 2.0, r.top() + PAD * s),
                    caption,
                    visuals.weak_text_color(),
                );
                let size = screen_text_size(OUTCOME_SIZE, s);
                let wrap = title_wrap(true) * size / OUTCOME_SIZE;
                let mut job = title_job(
                    &review.outcome.title,
                    size,
                    wrap,
                    visuals.strong_text_color(),
                );
                job.halign = egui::Align::Center;
                let galley = painter.layout_job(job);
                // A centred galley is laid out around x = 0.
                painter.galley(
                    pos2(r.center().x, r.top() + (PAD + TAG_H + 2.0) * s),
                    galley,
                    visuals.strong_text_color(),
                );
            }
        }
        Node::Factor(id) => {
            let Some(f) = review.factor(id) else { return };
            let cat = structure
                .category
                .get(&id)
                .map_or_else(|| uncoded_colour(ui), |n| theme::category(*n));
            let in_cycle = structure.cycle_factors.contains(&id);
            if in_cycle {
                painter.rect_stroke(
                    r.expand(2.5),
                    corner + 2.5,
                    Stroke::new(2.0, theme::CYCLE),
                    StrokeKind::Outside,
                );
            }
            painter.rect_filled(r, corner, visuals.extreme_bg_color);
            painter.rect_filled(r, corner, cat.gamma_multiply(0.14));
            let stripe = Rect::from_min_size(r.min, vec2(STRIPE * s, r.height()));
            painter.rect_filled(
                stripe,
                egui::CornerRadius {
                    nw: corner as u8,
                    sw: corner as u8,
                    ne: 0,
                    se: 0,
                },
                cat,
            );
            painter.rect_stroke(
                r,
                corner,
                Stroke::new(1.5, theme::polarity(f.polarity)),
                StrokeKind::Inside,
            );
            let tag_y = r.bottom() - (PAD + TAG_H / 2.0) * s;
            let badge_r = 6.5 * s;
            if badge_r >= 2.0 {
                let c = pos2(r.right() - (PAD + 6.5) * s, tag_y);
                paint_sign(
                    painter,
                    ui,
                    c,
                    badge_r,
                    f.polarity,
                    screen_text_size(TAG_SIZE + 1.0, s),
                );
            }
            if show_text {
                let text_colour = visuals.text_color();
                let wrap = title_wrap(false) * title_px / TITLE_SIZE;
                let title = if f.title.trim().is_empty() {
                    "Untitled"
                } else {
                    f.title.as_str()
                };
                let galley = painter.layout_job(title_job(title, title_px, wrap, text_colour));
                painter.galley(
                    pos2(r.left() + (STRIPE + PAD) * s, r.top() + PAD * s),
                    galley,
                    text_colour,
                );
                if tag_px >= MIN_TEXT_PX {
                    painter.text(
                        pos2(r.left() + (STRIPE + PAD) * s, tag_y),
                        Align2::LEFT_CENTER,
                        f.level.label(),
                        FontId::proportional(tag_px),
                        visuals.weak_text_color(),
                    );
                }
            }
        }
    }
}

fn node_tooltip(ui: &mut Ui, review: &Review, typologies: &[Typology], node: Node) {
    ui.set_max_width(340.0);
    match node {
        Node::Outcome => {
            ui.strong("Outcome");
            ui.label(&review.outcome.title);
        }
        Node::Factor(id) => {
            let Some(f) = review.factor(id) else { return };
            ui.strong(format!("{id} {}", f.title));
            ui.colored_label(
                theme::polarity(f.polarity),
                format!("{} {}", f.polarity.sign(), f.polarity.label()),
            );
            ui.label(format!("Level: {}", f.level.label()));
            for c in &f.codes {
                ui.label(code_text(typologies, c));
            }
            if !f.description.is_empty() {
                let d: String = f.description.chars().take(300).collect();
                ui.label(if d.len() < f.description.len() {
                    format!("{d}…")
                } else {
                    d
                });
            }
            ui.weak("Drag to move · Shift+drag or the handle below it to link");
        }
    }
}

fn code_text(typologies: &[Typology], c: &Code) -> String {
    let name = typologies
        .iter()
        .find(|t| t.id == c.typology)
        .and_then(|t| t.find(&c.code))
        .map(|n| n.name.as_str());
    match name {
        Some(n) => format!("{} {n}", c.code),
        None => format!("{c}"),
    }
}

/// The list's rows: the outcome, then the factors, that match the filter.
fn rows<'a>(state: &'a mut State, review: &Review, revision: u64) -> &'a [Node] {
    let fresh = matches!(&state.rows, Some((r, f, _)) if *r == revision && *f == state.filter);
    if !fresh {
        let needle = state.filter.trim().to_lowercase();
        let matches = |texts: &[&str]| {
            needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&needle))
        };
        let mut out = Vec::new();
        if matches(&["outcome", &review.outcome.title]) {
            out.push(Node::Outcome);
        }
        for f in &review.factors {
            let id = f.id.to_string();
            let codes: Vec<String> = f.codes.iter().map(|c| c.code.clone()).collect();
            let mut texts = vec![f.title.as_str(), f.description.as_str(), id.as_str()];
            texts.extend(codes.iter().map(String::as_str));
            if matches(&texts) {
                out.push(Node::Factor(f.id));
            }
        }
        state.rows = Some((revision, state.filter.clone(), out));
    }
    state.rows.as_ref().map_or(&[], |r| &r.2)
}

fn list(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal(|ui| {
        let l = ui.label("Filter factors");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("Title, description, id or code")
                .desired_width(260.0),
        )
        .labelled_by(l.id);
        if !state.filter.is_empty() && ui.button("Clear filter").clicked() {
            state.filter.clear();
        }
    });
    let rows: Vec<Node> = rows(state, review, cx.revision).to_vec();
    ui.label(
        egui::RichText::new(format!(
            "{} of {} · the Up and Down arrow keys move the selection",
            rows.iter().filter(|n| **n != Node::Outcome).count(),
            plural(review.factors.len(), "factor", "factors")
        ))
        .weak(),
    );

    // Up and Down move the selection through the rows.
    let selected = selected_node(cx.selection);
    if !ui.ctx().text_edit_focused() {
        let (down, up) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
            )
        });
        if down || up {
            let at = selected.and_then(|n| rows.iter().position(|r| *r == n));
            let next = match at {
                Some(i) if down => (i + 1).min(rows.len().saturating_sub(1)),
                Some(i) => i.saturating_sub(1),
                None => 0,
            };
            if let Some(&n) = rows.get(next) {
                select_node(cx, n);
                state.last_selected = Some(n);
                state.scroll_to_row = Some(next);
            }
        }
    }

    let structure = state.structure.take();
    let s = structure.as_ref();
    egui_extras::StripBuilder::new(ui)
        .size(egui_extras::Size::remainder().at_least(320.0))
        .size(egui_extras::Size::exact(10.0))
        .size(egui_extras::Size::relative(0.36).at_least(260.0))
        .horizontal(|mut strip| {
            strip.cell(|ui| table(ui, state, cx, &rows, s));
            strip.empty();
            strip.cell(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("graph_list_details")
                    .show(ui, |ui| details(ui, cx, s));
            });
        });
    state.structure = structure;
}

fn table(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx, rows: &[Node], s: Option<&Structure>) {
    let review = cx.review;
    let selected = selected_node(cx.selection);
    let mut builder = egui_extras::TableBuilder::new(ui)
        .id_salt("graph_list")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(egui_extras::Column::exact(52.0))
        .column(egui_extras::Column::remainder().at_least(160.0).clip(true))
        .column(egui_extras::Column::exact(28.0))
        .column(egui_extras::Column::initial(92.0))
        .column(egui_extras::Column::initial(84.0).clip(true))
        .column(egui_extras::Column::exact(64.0))
        .min_scrolled_height(0.0);
    if let Some(r) = state.scroll_to_row.take() {
        builder = builder.scroll_to_row(r, None);
    }
    let mut clicked: Option<Node> = None;
    builder
        .header(ROW_H, |mut h| {
            for title in ["Id", "Factor", "±", "Level", "Codes", "Out / in"] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_H, rows.len(), |mut row| {
                let Some(&node) = rows.get(row.index()) else {
                    return;
                };
                let is_sel = selected == Some(node);
                row.set_selected(is_sel);
                let (outs, ins) = s.map_or((0, 0), |s| {
                    (
                        s.outgoing.get(&node).map_or(0, Vec::len),
                        s.incoming.get(&node).map_or(0, Vec::len),
                    )
                });
                let f = match node {
                    Node::Factor(id) => review.factor(id),
                    Node::Outcome => None,
                };
                row.col(|ui| {
                    ui.label(
                        egui::RichText::new(match node {
                            Node::Factor(id) => id.to_string(),
                            Node::Outcome => "—".into(),
                        })
                        .weak(),
                    );
                });
                row.col(|ui| {
                    let text = match node {
                        Node::Outcome => {
                            egui::RichText::new(format!("Outcome: {}", review.outcome.title))
                                .strong()
                        }
                        Node::Factor(_) => egui::RichText::new(node_title(review, node)),
                    };
                    let r = ui.add(egui::Button::selectable(is_sel, text).truncate());
                    if r.clicked() || r.gained_focus() {
                        clicked = Some(node);
                    }
                });
                row.col(|ui| {
                    if let Some(f) = f {
                        ui.colored_label(theme::polarity(f.polarity), f.polarity.sign())
                            .on_hover_text(f.polarity.label());
                    }
                });
                row.col(|ui| {
                    if let Some(f) = f {
                        ui.label(f.level.label());
                    }
                });
                row.col(|ui| {
                    if let Some(f) = f {
                        let codes: Vec<&str> = f.codes.iter().map(|c| c.code.as_str()).collect();
                        ui.label(codes.join(", "));
                    }
                });
                row.col(|ui| {
                    ui.label(format!("{outs} / {ins}"))
                        .on_hover_text(format!("Leads to {outs}, led to by {ins}"));
                });
                if row.response().clicked() {
                    clicked = Some(node);
                }
            });
        });
    if let Some(n) = clicked
        && Some(n) != selected
    {
        select_node(cx, n);
        state.last_selected = Some(n);
    }
}

/// The selected factor (or outcome, or link) in full: its links both ways and its
/// evidence, each one a link to jump to.
fn details(ui: &mut Ui, cx: &mut ViewCtx, s: Option<&Structure>) {
    let review = cx.review;
    let node = match (selected_node(cx.selection), cx.selection.primary) {
        (Some(n), _) => n,
        (None, Some(Key::Link(id))) => {
            let Some(l) = find_by_id(&review.links, id) else {
                return;
            };
            ui.heading(format!("Link {id}"));
            ui.label(format!(
                "{} {} {}",
                node_label(review, l.from),
                l.kind.label(),
                node_label(review, l.to)
            ));
            if !l.note.is_empty() {
                ui.label(&l.note);
            }
            for (what, n) in [("From", l.from), ("To", l.to)] {
                ui.horizontal(|ui| {
                    ui.label(what);
                    if ui.link(node_label(review, n)).clicked() {
                        select_node(cx, n);
                    }
                });
            }
            return;
        }
        _ => {
            ui.weak("Select a factor to see its links and evidence here. The Up and Down arrow keys move through the list.");
            return;
        }
    };
    let f = match node {
        Node::Factor(id) => match review.factor(id) {
            Some(f) => Some(f),
            None => return,
        },
        Node::Outcome => None,
    };
    ui.heading(node_title(review, node));
    match f {
        Some(f) => {
            ui.label(egui::RichText::new(f.id.to_string()).weak());
            ui.colored_label(
                theme::polarity(f.polarity),
                format!("{} {}", f.polarity.sign(), f.polarity.label()),
            );
            ui.label(format!("Level: {}", f.level.label()));
            for c in &f.codes {
                ui.label(code_text(cx.typologies, c));
            }
            if f.codes.is_empty() {
                ui.weak("Not coded");
            }
            if !f.description.is_empty() {
                ui.add_space(4.0);
                ui.label(&f.description);
            }
        }
        None => {
            ui.label(egui::RichText::new("The outcome the graph explains").weak());
        }
    }
    let link_rows = |ui: &mut Ui,
                     cx: &mut ViewCtx,
                     heading: &str,
                     links: Option<&Vec<usize>>,
                     outgoing: bool| {
        ui.add_space(6.0);
        let links: Vec<&FactorLink> = links
            .into_iter()
            .flatten()
            .filter_map(|&i| review.links.get(i))
            .collect();
        ui.strong(format!("{heading} ({})", links.len()));
        if links.is_empty() {
            ui.weak("None");
        }
        for l in links {
            let other = if outgoing { l.to } else { l.from };
            ui.horizontal_wrapped(|ui| {
                if ui
                    .small_button(l.id.to_string())
                    .on_hover_text(format!("Select link {}", l.id))
                    .clicked()
                {
                    cx.select(Key::Link(l.id));
                }
                ui.label(egui::RichText::new(l.kind.label()).weak());
                if ui.link(node_label(review, other)).clicked() {
                    select_node(cx, other);
                }
            });
        }
    };
    link_rows(
        ui,
        cx,
        "Leads to",
        s.and_then(|s| s.outgoing.get(&node)),
        true,
    );
    link_rows(
        ui,
        cx,
        "Led to by",
        s.and_then(|s| s.incoming.get(&node)),
        false,
    );
    let Some(f) = f else { return };
    ui.add_space(6.0);
    ui.strong(format!(
        "Evidence in the chronology ({})",
        f.evidence_entries.len()
    ));
    for id in &f.evidence_entries {
        match review.entry(*id) {
            Some(e) => {
                let agency = review.agency(e.agency).map_or("?", |a| a.short());
                let summary: String = e.summary.chars().take(70).collect();
                let more = if summary.len() < e.summary.len() {
                    "…"
                } else {
                    ""
                };
                if ui
                    .link(format!(
                        "{id} · {} · {agency} · {summary}{more}",
                        e.date.human()
                    ))
                    .on_hover_text("Go to this entry")
                    .clicked()
                {
                    cx.act(Action::Jump(Key::Entry(*id)));
                }
            }
            None => {
                ui.weak(format!("{id} (missing)"));
            }
        }
    }
    ui.add_space(6.0);
    ui.strong(format!(
        "Key practice episodes ({})",
        f.evidence_episodes.len()
    ));
    for id in &f.evidence_episodes {
        match review.episode(*id) {
            Some(ep) => {
                if ui
                    .link(format!("{id} · {}", ep.title))
                    .on_hover_text("Go to this episode")
                    .clicked()
                {
                    cx.act(Action::Jump(Key::Episode(*id)));
                }
            }
            None => {
                ui.weak(format!("{id} (missing)"));
            }
        }
    }
    let findings: Vec<&Finding> = review
        .findings
        .iter()
        .filter(|x| x.evidence_factors.contains(&f.id))
        .collect();
    if !findings.is_empty() {
        ui.add_space(6.0);
        ui.strong(format!("Findings citing it ({})", findings.len()));
        for x in findings {
            let headline: String = x.headline.chars().take(80).collect();
            if ui.link(format!("{} · {headline}", x.id)).clicked() {
                cx.act(Action::Jump(Key::Finding(x.id)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::toolbar::new_factor;
    use super::*;
    use crate::ui::{App, Workspace};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn factor(id: u32, x: f32, y: f32) -> Factor {
        Factor {
            position: Point { x, y },
            title: format!("Factor number {id}"),
            ..new_factor(&Review::default(), Point::default())
        }
        .with_id(id)
    }

    trait WithId {
        fn with_id(self, id: u32) -> Self;
    }

    impl WithId for Factor {
        fn with_id(mut self, id: u32) -> Self {
            self.id = FactorId(id);
            self
        }
    }

    fn link(id: u32, from: Node, to: Node) -> FactorLink {
        FactorLink {
            id: LinkId(id),
            from,
            to,
            kind: LinkKind::ContributesTo,
            note: String::new(),
        }
    }

    /// Factor 1 -> factor 2 -> outcome, factor 3 alone.
    fn review() -> Review {
        let mut r = Review {
            factors: vec![
                factor(1, 0.0, 0.0),
                factor(2, 0.0, 150.0),
                factor(3, 300.0, 0.0),
            ],
            links: vec![
                link(1, Node::Factor(FactorId(1)), Node::Factor(FactorId(2))),
                link(2, Node::Factor(FactorId(2)), Node::Outcome),
            ],
            ..Review::default()
        };
        r.outcome.position = Point { x: 0.0, y: 300.0 };
        r
    }

    fn harness(review: Review) -> Harness<'static, App> {
        let mut app = App::with_review(review, None);
        app.workspace = Workspace::Factors;
        Harness::builder()
            .with_size(vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut App| app.show(ui), app)
    }

    #[test]
    fn add_factor_adds_and_selects_it() {
        let mut h = harness(review());
        h.run();
        h.get_by_label("Add factor").click();
        h.run();
        let app = h.state();
        assert_eq!(app.doc.review.factors.len(), 4);
        assert_eq!(app.doc.review.factors[3].title, "New factor");
        assert_eq!(app.selection.primary, Some(Key::Factor(FactorId(4))));
    }

    #[test]
    fn auto_layout_is_one_undo_step() {
        let before = review();
        let mut h = harness(before.clone());
        h.run();
        h.get_by_label("Auto layout").click();
        h.run();
        let after = h.state().doc.review.clone();
        assert_ne!(after.factors, before.factors);
        let outcome_y = after.outcome.position.y;
        assert!(after.factors.iter().all(|f| f.position.y < outcome_y));
        assert!(h.state_mut().doc.undo());
        assert_eq!(h.state().doc.review, before);
    }

    #[test]
    fn dragging_a_node_moves_it_in_one_undo_step() {
        // One factor above the outcome: the fitted view centres them at 120 %.
        let mut r = Review {
            factors: vec![factor(1, 0.0, 0.0)],
            ..Review::default()
        };
        r.outcome.position = Point { x: 0.0, y: 300.0 };
        let before = r.clone();
        let mut h = harness(r);
        h.run();
        let canvas = h.get_by_label("Factor graph diagram").rect();
        let node = canvas.center() - vec2(0.0, 150.0 * 1.2);
        h.drag_at(node);
        h.run();
        for k in 1..=5 {
            h.hover_at(node + vec2(20.0 * k as f32, 0.0));
            h.run();
        }
        h.drop_at(node + vec2(100.0, 0.0));
        h.run();
        let moved = h.state().doc.review.factors[0].position;
        assert!((moved.x - 100.0 / 1.2).abs() < 2.0, "moved to {moved:?}");
        assert_eq!(moved.y, 0.0);
        assert!(h.state_mut().doc.undo());
        assert_eq!(h.state().doc.review, before);
    }

    #[test]
    fn shift_dragging_from_a_factor_to_the_outcome_links_them() {
        let mut r = Review {
            factors: vec![factor(1, 0.0, 0.0)],
            ..Review::default()
        };
        r.outcome.position = Point { x: 0.0, y: 300.0 };
        let mut h = harness(r);
        h.run();
        let canvas = h.get_by_label("Factor graph diagram").rect();
        let (from, to) = (
            canvas.center() - vec2(0.0, 180.0),
            canvas.center() + vec2(0.0, 180.0),
        );
        h.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
        h.hover_at(from);
        h.drag_at(from);
        h.run();
        for k in 1..=6 {
            h.hover_at(from.lerp(to, k as f32 / 6.0));
            h.run();
        }
        h.drop_at(to);
        h.run();
        h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
        h.run();
        let app = h.state();
        assert_eq!(app.doc.review.links.len(), 1);
        let l = &app.doc.review.links[0];
        assert_eq!(
            (l.from, l.to, l.kind),
            (
                Node::Factor(FactorId(1)),
                Node::Outcome,
                LinkKind::ContributesTo
            )
        );
        assert_eq!(app.selection.primary, Some(Key::Link(l.id)));
        // The factor did not move.
        assert_eq!(app.doc.review.factors[0].position, Point { x: 0.0, y: 0.0 });
    }

    #[test]
    fn list_view_selects_rows_and_moves_with_arrow_keys() {
        let mut h = harness(review());
        h.run();
        h.get_by_label("List").click();
        h.run();
        h.get_by_label("Factor number 1").click();
        h.run();
        assert_eq!(h.state().selection.primary, Some(Key::Factor(FactorId(1))));
        // Its links and the way to its neighbours are listed.
        assert!(h.query_by_label("Leads to (1)").is_some());
        h.key_press(egui::Key::ArrowDown);
        h.run();
        assert_eq!(h.state().selection.primary, Some(Key::Factor(FactorId(2))));
        h.get_by_label("F1 Factor number 1").click();
        h.run();
        assert_eq!(h.state().selection.primary, Some(Key::Factor(FactorId(1))));
    }

    #[test]
    fn connect_refuses_duplicates_and_self_links() {
        let r = review();
        let selection = Selection::default();
        let mut cx = ViewCtx {
            review: &r,
            revision: 1,
            typologies: &[],
            selection: &selection,
            problems: &[],
            focus: None,
            edits: Vec::new(),
            actions: Vec::new(),
        };
        let s = Structure::build(&r, &[], 1, 0);
        let (f1, f2, f3) = (
            Node::Factor(FactorId(1)),
            Node::Factor(FactorId(2)),
            Node::Factor(FactorId(3)),
        );
        connect(&mut cx, &s, f1, f2); // exists
        connect(&mut cx, &s, f1, f1); // self
        connect(&mut cx, &s, Node::Outcome, f1); // from the outcome
        assert!(cx.edits.is_empty());
        connect(&mut cx, &s, f3, f2);
        assert_eq!(cx.edits.len(), 1);
        assert!(
            matches!(&cx.edits[0].0, Edit::Put(Item::Link(l)) if l.id == LinkId(3) && l.from == f3 && l.to == f2)
        );
    }

    #[test]
    fn cycles_are_found_once_per_structure() {
        let mut r = review();
        r.links.push(link(
            3,
            Node::Factor(FactorId(2)),
            Node::Factor(FactorId(1)),
        ));
        let s = Structure::build(&r, &[], 1, Structure::fingerprint(&r));
        assert_eq!(s.cycles, 1);
        assert!(s.cycle_links.contains(&LinkId(1)) && s.cycle_links.contains(&LinkId(3)));
        assert!(!s.cycle_links.contains(&LinkId(2)));
        // Moving a node does not change the structure.
        let mut moved = r.clone();
        moved.factors[0].position.x += 50.0;
        assert_eq!(Structure::fingerprint(&r), Structure::fingerprint(&moved));
    }

    #[test]
    fn geometry_helpers() {
        let p = exit_point(pos2(0.0, 0.0), vec2(10.0, 5.0), vec2(1.0, 0.0));
        assert_eq!(p, pos2(10.0, 0.0));
        let p = exit_point(pos2(0.0, 0.0), vec2(10.0, 5.0), vec2(0.0, -1.0));
        assert_eq!(p, pos2(0.0, -5.0));
        assert_eq!(
            segment_distance(pos2(5.0, 3.0), pos2(0.0, 0.0), pos2(10.0, 0.0)),
            3.0
        );
        let mut c = Camera {
            pan: vec2(10.0, 20.0),
            scale: 2.0,
        };
        let at = pos2(100.0, 100.0);
        let before = c.to_doc(Pos2::ZERO, at);
        c.zoom_at(Pos2::ZERO, at, 1.5);
        assert!((c.to_doc(Pos2::ZERO, at) - before).length() < 1e-3);
        assert_eq!(screen_text_size(13.0, 0.5), 6.5);
    }

    #[test]
    fn large_graph_draws_in_reasonable_time() {
        let r = crate::synth::review(crate::synth::Size::LARGE, 7);
        let mut h = harness(r);
        h.run();
        let start = std::time::Instant::now();
        for _ in 0..5 {
            h.step();
        }
        let per_frame = start.elapsed() / 5;
        eprintln!(
            "factor graph, 5,000 factors and 10,000 links: {per_frame:?} a frame (debug build, whole app)"
        );
        // Debug builds are slow; this guards against the quadratic, not the last millisecond.
        assert!(per_frame.as_secs_f32() < 2.0);
    }
}

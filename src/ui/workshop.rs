//! Workshop mode: for review meetings on a projector. One episode at a time, large: its
//! chronology entries, the part of the factor graph around it, and fields to capture
//! what the case group says. The app applies the large zoom and full screen.

use super::command::Command;
use super::{Action, ViewCtx, forms, theme};
use crate::analysis::graph::FactorGraph;
use crate::model::*;
use egui::{Key as K, Modifiers, Pos2, Rect, RichText, Stroke, Ui, Vec2};
use std::collections::{BTreeSet, HashMap};

/// View state (never saved).
#[derive(Default)]
pub struct State {
    /// Index of the episode shown.
    pub index: usize,
    /// Whether the first frame has run (it starts on the selected episode, if any).
    started: bool,
    /// The factor graph's layers, cached against the review's revision.
    layers: Option<(u64, HashMap<Node, usize>)>,
}

impl State {
    fn layers(&mut self, cx: &ViewCtx) -> &HashMap<Node, usize> {
        if self
            .layers
            .as_ref()
            .is_some_and(|(rev, _)| *rev != cx.revision)
        {
            self.layers = None;
        }
        &self
            .layers
            .get_or_insert_with(|| (cx.revision, FactorGraph::build(cx.review).layers()))
            .1
    }
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    let n = review.episodes.len();
    if n == 0 {
        ui.heading("Workshop mode");
        ui.label("This review has no key practice episodes yet. Make them in the Episodes workspace, then come back.");
        if ui.button("Leave workshop mode").clicked() {
            cx.act(Action::Run(Command::ToggleWorkshop));
        }
        return;
    }
    if !state.started {
        state.started = true;
        if let Some(Key::Episode(id)) = cx.selection.primary
            && let Some(i) = review.episodes.iter().position(|e| e.id == id)
        {
            state.index = i;
        }
    }
    state.index = state.index.min(n - 1);
    let before = state.index;
    keys(ui, state, n);
    let mut go = None;
    egui::Panel::top("workshop_header").show(ui, |ui| {
        go = header(ui, state.index, n, cx);
    });
    if let Some(i) = go {
        state.index = i;
    }
    if state.index != before
        && let Some(ep) = review.episodes.get(state.index)
    {
        // The selection follows, so the inspector shows this episode after the meeting.
        cx.select(Key::Episode(ep.id));
    }
    let Some(ep) = review.episodes.get(state.index) else {
        return;
    };
    // Sizes are fractions of the window taken afresh each frame, not remembered panel
    // sizes: entering workshop mode changes the zoom, which would make remembered sizes
    // (in points) wrong for the projector.
    let height = ui.available_height();
    egui::Panel::bottom("workshop_capture")
        .resizable(false)
        .exact_size((height * 0.3).max(120.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("workshop_capture_scroll", ep.id))
                .auto_shrink(false)
                .show(ui, |ui| capture(ui, cx, ep));
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        ui.columns(2, |cols| {
            let [left, right] = cols else { return };
            egui::ScrollArea::vertical()
                .id_salt(("workshop_entries_scroll", ep.id))
                .auto_shrink(false)
                .show(left, |ui| {
                    // Columns justify their contents; running text reads better ragged.
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        entries(ui, review, ep)
                    });
                });
            let layers = state.layers(cx);
            graph(right, cx, ep, layers);
        });
    });
}

/// Arrow keys (when no text field has the keyboard) and PageUp/PageDown move between
/// episodes. PageUp/PageDown work even while typing: they are what presentation
/// clickers send, and a text field has little use for them.
fn keys(ui: &mut Ui, state: &mut State, n: usize) {
    let typing = ui.ctx().text_edit_focused();
    let (prev, next) = ui.input_mut(|i| {
        let mut prev = i.consume_key(Modifiers::NONE, K::PageUp);
        let mut next = i.consume_key(Modifiers::NONE, K::PageDown);
        if !typing {
            prev |= i.consume_key(Modifiers::NONE, K::ArrowLeft);
            next |= i.consume_key(Modifiers::NONE, K::ArrowRight);
        }
        (prev, next)
    });
    if prev {
        state.index = state.index.saturating_sub(1);
    }
    if next {
        state.index = (state.index + 1).min(n - 1);
    }
}

/// Navigation, title, appraisal and period. Returns the episode to go to, if asked.
fn header(ui: &mut Ui, index: usize, n: usize, cx: &mut ViewCtx) -> Option<usize> {
    let mut go = None;
    let review = cx.review;
    let ep = review.episodes.get(index)?;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(index > 0, egui::Button::new("Previous episode"))
            .on_hover_text("Left arrow or PageUp")
            .clicked()
        {
            go = Some(index - 1);
        }
        ui.label(RichText::new(format!("Episode {} of {n}", index + 1)).strong());
        if ui
            .add_enabled(index + 1 < n, egui::Button::new("Next episode"))
            .on_hover_text("Right arrow or PageDown")
            .clicked()
        {
            go = Some(index + 1);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Leave workshop mode")
                .on_hover_text(Command::ToggleWorkshop.tooltip())
                .clicked()
            {
                cx.act(Action::Run(Command::ToggleWorkshop));
            }
        });
    });
    ui.add_space(4.0);
    let title = if ep.title.trim().is_empty() {
        "Untitled episode"
    } else {
        ep.title.as_str()
    };
    ui.label(RichText::new(title).heading().strong());
    ui.horizontal_wrapped(|ui| {
        super::episodes::appraisal_chip(ui, ep.appraisal);
        ui.label(
            RichText::new(ep.appraisal.label())
                .color(theme::appraisal(ep.appraisal))
                .strong(),
        );
        ui.label("·");
        ui.label(super::episodes::period(ep));
        ui.label("·");
        ui.label(RichText::new(ep.id.to_string()).weak());
    });
    ui.add_space(4.0);
    go
}

/// The episode's chronology entries as large rows.
fn entries(ui: &mut Ui, review: &Review, ep: &Episode) {
    if !ep.what_happened.trim().is_empty() {
        ui.strong("What happened");
        ui.label(&ep.what_happened);
        ui.add_space(8.0);
    }
    let mut list: Vec<&ChronologyEntry> = ep
        .entries
        .iter()
        .filter_map(|id| review.entry(*id))
        .collect();
    list.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.time.cmp(&b.time))
            .then(a.sequence.cmp(&b.sequence))
    });
    ui.strong(format!(
        "Chronology ({})",
        plural(list.len(), "entry", "entries")
    ));
    if list.is_empty() {
        ui.label(RichText::new("No chronology entries in this episode.").weak());
    }
    for e in list {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(e.date.human()).strong());
                if let Some(t) = e.time {
                    ui.label(format!("{:02}:{:02}", t.hour(), t.minute()));
                }
                ui.label("·");
                ui.label(review.agency(e.agency).map_or("?", |a| a.short()));
                if !e.event_type.is_empty() {
                    ui.label("·");
                    ui.label(&e.event_type);
                }
                let seen = RichText::new(format!("Child seen: {}", e.child_seen.label()));
                ui.label(if e.child_seen == Tri::Yes {
                    seen.color(theme::SEEN).strong()
                } else {
                    seen.weak()
                });
                for f in &e.flags {
                    let colour = match f {
                        Flag::MissedOpportunity => theme::MISSED,
                        Flag::GoodPractice => theme::GOOD,
                        Flag::NeedsChecking => theme::severity(crate::analysis::Severity::Warning),
                    };
                    ui.label(RichText::new(f.label()).color(colour).strong());
                }
            });
            if e.summary.trim().is_empty() {
                ui.label(RichText::new("No summary").weak());
            } else {
                ui.label(&e.summary);
            }
        });
    }
}

/// Quick capture of what the case group says, written straight into the episode.
fn capture(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode) {
    let mut x = ep.clone();
    ui.add_space(4.0);
    ui.push_id(("workshop_capture", ep.id), |ui| {
        ui.columns(2, |cols| {
            forms::area(
                &mut cols[0],
                "Why it made sense at the time",
                &mut x.why_it_made_sense,
                4,
            );
            forms::area(
                &mut cols[1],
                "Practitioners' views",
                &mut x.practitioners_views,
                4,
            );
        });
    });
    ui.add_space(4.0);
    if x != *ep {
        cx.put(Item::Episode(x));
    }
}

/// The factors at work in the episode and their direct neighbours.
fn neighbourhood(review: &Review, ep: &Episode) -> (BTreeSet<Node>, BTreeSet<Node>) {
    let core: BTreeSet<Node> = crate::analysis::chronology::factors_in(review, ep)
        .into_iter()
        .map(|f| Node::Factor(f.id))
        .collect();
    let mut all = core.clone();
    for l in &review.links {
        if core.contains(&l.from) {
            all.insert(l.to);
        }
        if core.contains(&l.to) {
            all.insert(l.from);
        }
    }
    (core, all)
}

/// Where a line from the centre of `rect` towards `toward` leaves it.
fn edge_point(rect: Rect, toward: Pos2) -> Pos2 {
    let c = rect.center();
    let d = toward - c;
    let sx = if d.x.abs() > f32::EPSILON {
        rect.width() / 2.0 / d.x.abs()
    } else {
        f32::INFINITY
    };
    let sy = if d.y.abs() > f32::EPSILON {
        rect.height() / 2.0 / d.y.abs()
    } else {
        f32::INFINITY
    };
    let s = sx.min(sy);
    if s.is_finite() { c + d * s.min(1.0) } else { c }
}

/// A line with a fixed-size arrowhead at `to`.
fn arrow(painter: &egui::Painter, from: Pos2, to: Pos2, stroke: Stroke) {
    let d = to - from;
    if d.length() < 1.0 {
        return;
    }
    painter.line_segment([from, to], stroke);
    let back = -d.normalized() * 11.0;
    for angle in [0.45_f32, -0.45] {
        painter.line_segment(
            [to, to + egui::emath::Rot2::from_angle(angle) * back],
            stroke,
        );
    }
}

/// A node's text on the diagram.
fn label(review: &Review, node: Node) -> String {
    match node {
        Node::Outcome => review.outcome.title.clone(),
        // A no-break space keeps the sign on the first word's line.
        Node::Factor(id) => review.factor(id).map_or_else(
            || id.to_string(),
            |f| format!("{}\u{a0}{}", f.polarity.sign(), f.title),
        ),
    }
}

/// The part of the factor graph around the episode, drawn in rows by layer (causes at
/// the top, the outcome at the bottom).
fn graph(ui: &mut Ui, cx: &mut ViewCtx, ep: &Episode, layers: &HashMap<Node, usize>) {
    let review = cx.review;
    let (core, nodes) = neighbourhood(review, ep);
    ui.add_space(4.0);
    ui.strong("Contributory factors");
    if core.is_empty() {
        ui.label("No factor names this episode or its entries among its evidence yet.");
        return;
    }
    ui.label(
        RichText::new("Bold: factors at work in this episode. Faint: factors linked to them.")
            .weak()
            .small(),
    );
    // Rows: distinct layers, highest first.
    let mut row_of_layer: Vec<usize> = nodes
        .iter()
        .map(|n| layers.get(n).copied().unwrap_or(0))
        .collect();
    row_of_layer.sort_unstable_by(|a, b| b.cmp(a));
    row_of_layer.dedup();
    let mut rows: Vec<Vec<Node>> = vec![Vec::new(); row_of_layer.len()];
    for n in &nodes {
        let layer = layers.get(n).copied().unwrap_or(0);
        if let Some(r) = row_of_layer.iter().position(|l| *l == layer) {
            rows[r].push(*n);
        }
    }
    let (resp, painter) = ui.allocate_painter(ui.available_size(), egui::Sense::hover());
    let area = resp.rect.shrink(12.0);
    let gap = 16.0;
    let pad = 8.0;
    let row_h = area.height() / rows.len() as f32;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let visuals = ui.visuals().clone();
    // Lay out every label first: a box is as tall as its row's tallest label, within the row.
    // As many lines of text as a row has room for; longer titles end in "…" (the full
    // title is in the tooltip).
    let line_h = ui.text_style_height(&egui::TextStyle::Body);
    let max_h = (row_h - gap).max(line_h + 2.0 * pad);
    let max_rows = (((max_h - 2.0 * pad) / line_h).floor() as usize).max(1);
    let mut rects: HashMap<Node, Rect> = HashMap::new();
    let mut galleys: HashMap<Node, std::sync::Arc<egui::Galley>> = HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        let k = row.len() as f32;
        let box_w = ((area.width() - gap * (k - 1.0)) / k).clamp(40.0, 280.0);
        let mut box_h: f32 = 0.0;
        for node in row {
            // Placeholder colour: each box paints its text in its own colour below.
            let mut job = egui::text::LayoutJob::simple(
                label(review, *node),
                font.clone(),
                egui::Color32::PLACEHOLDER,
                box_w - 2.0 * pad,
            );
            job.wrap.max_rows = max_rows;
            job.wrap.break_anywhere = max_rows == 1;
            let galley = painter.layout_job(job);
            box_h = box_h.max(galley.size().y + 2.0 * pad);
            galleys.insert(*node, galley);
        }
        let box_h = box_h.min(max_h);
        let total = k * box_w + (k - 1.0) * gap;
        let y = area.top() + row_h * (r as f32 + 0.5);
        for (j, node) in row.iter().enumerate() {
            let x = area.center().x - total / 2.0 + box_w / 2.0 + j as f32 * (box_w + gap);
            rects.insert(
                *node,
                Rect::from_center_size(Pos2::new(x, y), Vec2::new(box_w, box_h)),
            );
        }
    }
    for l in &review.links {
        let (Some(a), Some(b)) = (rects.get(&l.from), rects.get(&l.to)) else {
            continue;
        };
        let colour = match l.kind {
            LinkKind::ContributesTo => theme::thin(ui).color,
            LinkKind::Mitigates => theme::polarity(Polarity::Supporting),
        };
        let width = if core.contains(&l.from) || core.contains(&l.to) {
            2.0
        } else {
            1.0
        };
        arrow(
            &painter,
            edge_point(*a, b.center()),
            edge_point(*b, a.center()),
            Stroke::new(width, colour),
        );
    }
    let mut clicked = None;
    for (node, rect) in &rects {
        let in_episode = core.contains(node);
        let (tint, stroke, text_colour, description) = match node {
            Node::Outcome => (
                visuals.extreme_bg_color,
                Stroke::new(2.0, visuals.text_color()),
                visuals.text_color(),
                String::new(),
            ),
            Node::Factor(id) => {
                let Some(f) = review.factor(*id) else {
                    continue;
                };
                let colour = theme::polarity(f.polarity);
                if in_episode {
                    (
                        colour.gamma_multiply(0.22),
                        Stroke::new(3.0, colour),
                        visuals.text_color(),
                        f.description.clone(),
                    )
                } else {
                    (
                        visuals.faint_bg_color,
                        Stroke::new(1.0, colour.gamma_multiply(0.6)),
                        visuals.weak_text_color(),
                        f.description.clone(),
                    )
                }
            }
        };
        // An opaque fill first, so the links behind a box do not show through its tint.
        painter.rect_filled(*rect, 6.0, visuals.panel_fill);
        painter.rect(*rect, 6.0, tint, stroke, egui::StrokeKind::Inside);
        if let Some(galley) = galleys.get(node) {
            let pos = Pos2::new(rect.center().x - galley.size().x / 2.0, rect.top() + pad);
            painter
                .with_clip_rect(rect.shrink(2.0))
                .galley(pos, galley.clone(), text_colour);
        }
        let id = ui.make_persistent_id(("workshop_node", *node));
        let resp = ui.interact(*rect, id, egui::Sense::click());
        let name = label(review, *node);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        let resp = if description.is_empty() {
            resp.on_hover_text(&name)
        } else {
            resp.on_hover_text(format!("{name}\n\n{description}"))
        };
        if resp.clicked()
            && let Node::Factor(id) = node
        {
            clicked = Some(*id);
        }
    }
    if let Some(id) = clicked {
        cx.select(Key::Factor(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_point_stays_on_the_border() {
        let r = Rect::from_center_size(Pos2::new(0.0, 0.0), Vec2::new(100.0, 40.0));
        assert_eq!(edge_point(r, Pos2::new(0.0, 200.0)), Pos2::new(0.0, 20.0));
        assert_eq!(edge_point(r, Pos2::new(-300.0, 0.0)), Pos2::new(-50.0, 0.0));
        assert_eq!(edge_point(r, r.center()), r.center());
    }

    #[test]
    fn neighbourhood_takes_direct_links_only() {
        let mut r = Review::default();
        let factor = |id: u32, eps: Vec<EpisodeId>| Factor {
            id: FactorId(id),
            title: String::new(),
            description: String::new(),
            polarity: Polarity::Hindering,
            level: Level::Team,
            codes: vec![],
            evidence_entries: vec![],
            evidence_episodes: eps,
            position: Point::default(),
        };
        r.factors = vec![
            factor(1, vec![EpisodeId(1)]),
            factor(2, vec![]),
            factor(3, vec![]),
        ];
        let link = |id: u32, from: Node, to: Node| FactorLink {
            id: LinkId(id),
            from,
            to,
            kind: LinkKind::ContributesTo,
            note: String::new(),
        };
        let f = |i| Node::Factor(FactorId(i));
        r.links = vec![
            link(1, f(2), f(1)),
            link(2, f(3), f(2)),
            link(3, f(1), Node::Outcome),
        ];
        let ep = ui::episode(1);
        let (core, all) = neighbourhood(&r, &ep);
        assert_eq!(core.into_iter().collect::<Vec<_>>(), [f(1)]);
        assert_eq!(
            all.into_iter().collect::<Vec<_>>(),
            [f(1), f(2), Node::Outcome]
        );
    }

    mod ui {
        use super::super::super::{App, Workspace};
        use super::*;
        use egui_kittest::Harness;
        use egui_kittest::kittest::Queryable;

        pub(super) fn episode(id: u32) -> Episode {
            Episode {
                id: EpisodeId(id),
                title: format!("Episode title {id}"),
                start: None,
                end: None,
                entries: Vec::new(),
                appraisal: Appraisal::NotAppraised,
                what_happened: String::new(),
                why_it_made_sense: String::new(),
                practitioners_views: String::new(),
            }
        }

        fn harness(episodes: Vec<Episode>) -> Harness<'static, App> {
            let review = Review {
                episodes,
                ..Review::default()
            };
            let mut app = App::with_review(review, None);
            app.workspace = Workspace::Episodes;
            app.workshop = true;
            Harness::builder()
                .with_size(egui::vec2(1400.0, 900.0))
                .build_ui_state(|ui, app: &mut App| app.show(ui), app)
        }

        #[test]
        fn buttons_and_keys_move_between_episodes() {
            let mut h = harness(vec![episode(1), episode(2), episode(3)]);
            h.run();
            h.get_by_label("Episode 1 of 3");
            h.get_by_label("Episode title 1");
            h.get_by_label("Next episode").click();
            h.run();
            h.get_by_label("Episode 2 of 3");
            h.key_press(egui::Key::ArrowRight);
            h.run();
            h.get_by_label("Episode 3 of 3");
            h.key_press(egui::Key::PageUp);
            h.run();
            h.get_by_label("Episode 2 of 3");
            h.get_by_label("Previous episode").click();
            h.run();
            h.get_by_label("Episode 1 of 3");
            assert_eq!(
                h.state().selection.primary,
                Some(Key::Episode(EpisodeId(1)))
            );
        }

        #[test]
        fn arrows_do_not_move_while_typing_and_capture_goes_to_the_episode() {
            let mut h = harness(vec![episode(1), episode(2)]);
            h.run();
            h.get_by_label("Why it made sense at the time").click();
            h.run();
            h.get_by_label("Why it made sense at the time")
                .type_text("Busy week");
            h.run();
            h.key_press(egui::Key::ArrowRight);
            h.run();
            h.get_by_label("Episode 1 of 2");
            assert_eq!(
                h.state().doc.review.episodes[0].why_it_made_sense,
                "Busy week"
            );
        }

        #[test]
        fn leaving_without_episodes() {
            let mut h = harness(Vec::new());
            h.run();
            h.get_by_label("Leave workshop mode").click();
            h.run();
            assert!(!h.state().workshop);
        }
    }
}

//! The factor graph's toolbar: the mode, adding a factor, deleting, the layout, the view
//! and the graph's counts.

use super::{Mode, NODE_MIN_W, State, ZOOM_STEP, measure};
use crate::analysis::layout;
use crate::model::*;
use crate::ui::{Action, ViewCtx, theme};
use egui::{Pos2, Rect, Ui, pos2, vec2};

mod place;

pub(super) fn new_factor(review: &Review, at: Point) -> Factor {
    Factor {
        id: review.next_factor_id(),
        title: "New factor".into(),
        description: String::new(),
        polarity: Polarity::default(),
        level: Level::default(),
        codes: Vec::new(),
        evidence_entries: Vec::new(),
        evidence_episodes: Vec::new(),
        position: Point {
            x: at.x.round(),
            y: at.y.round(),
        },
    }
}

/// Add a factor as near `at` as there is room, clear of every other node and in view
/// when it can be, and select it.
pub(super) fn add_factor(ui: &Ui, state: &mut State, cx: &mut ViewCtx, at: Point) {
    let review = cx.review;
    let size_of = |node: Node| {
        state
            .sizes
            .get(&node)
            .map_or(vec2(NODE_MIN_W, 50.0), |s| s.1)
    };
    let centre = |p: Point| pos2(p.x, p.y);
    let mut taken = vec![Rect::from_center_size(
        centre(review.outcome.position),
        size_of(Node::Outcome),
    )];
    taken.extend(
        review
            .factors
            .iter()
            .map(|f| Rect::from_center_size(centre(f.position), size_of(Node::Factor(f.id)))),
    );
    let view = state.camera.map(|c| {
        Rect::from_min_max(
            c.to_doc(Pos2::ZERO, Pos2::ZERO),
            c.to_doc(Pos2::ZERO, state.canvas_size.to_pos2()),
        )
    });
    let f = new_factor(review, at);
    let size = measure(ui, &f.title, false);
    let (spot, in_view) = place::free_spot(&taken, size, centre(f.position), view);
    let f = Factor {
        position: Point {
            x: spot.x.round(),
            y: spot.y.round(),
        },
        ..f
    };
    let id = f.id;
    cx.edit(Edit::Put(Item::Factor(f)));
    cx.select(Key::Factor(id));
    if in_view {
        state.last_selected = Some(Node::Factor(id)); // no need to move the view
    }
}

/// Every node's position as the layout puts it, as one edit (one undo step).
pub(super) fn auto_layout(review: &Review) -> Edit {
    let positions = layout::layered(review);
    let mut edits = Vec::new();
    for f in &review.factors {
        if let Some(p) = positions.get(&Node::Factor(f.id))
            && *p != f.position
        {
            let mut f = f.clone();
            f.position = *p;
            edits.push(Edit::Put(Item::Factor(f)));
        }
    }
    if let Some(p) = positions.get(&Node::Outcome)
        && *p != review.outcome.position
    {
        let mut o = review.outcome.clone();
        o.position = *p;
        edits.push(Edit::Put(Item::Outcome(o)));
    }
    Edit::Batch(edits)
}

pub(super) fn toolbar(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Factor graph");
        ui.separator();
        ui.selectable_value(&mut state.mode, Mode::Diagram, "Diagram")
            .on_hover_text("The graph as a diagram");
        ui.selectable_value(&mut state.mode, Mode::List, "List")
            .on_hover_text("The graph as a searchable list, for the keyboard and screen readers");
        ui.separator();
        if ui
            .button("Add factor")
            .on_hover_text("Add a factor (or double-click the diagram)")
            .clicked()
        {
            let at = state.camera.map_or(
                Point {
                    x: review.outcome.position.x,
                    y: review.outcome.position.y - 2.0 * layout::Y_SPACING,
                },
                |c| {
                    // The middle of the visible diagram.
                    let mid = c.to_doc(Pos2::ZERO, (state.canvas_size / 2.0).to_pos2());
                    Point { x: mid.x, y: mid.y }
                },
            );
            add_factor(ui, state, cx, at);
        }
        let deletable = matches!(cx.selection.primary, Some(Key::Factor(_) | Key::Link(_)))
            && !cx.selection.outcome;
        if ui
            .add_enabled(deletable, egui::Button::new("Delete selected"))
            .on_hover_text("Delete the selected factor (and its links) or link (Delete key)")
            .clicked()
        {
            cx.act(Action::Run(crate::ui::command::Command::Delete));
        }
        if ui
            .button("Auto layout")
            .on_hover_text(
                "Arrange the factors in rows leading down to the outcome (one undo step)",
            )
            .clicked()
        {
            let edit = auto_layout(review);
            if edit.is_empty() {
                cx.act(Action::Notify("The diagram is already laid out".into()));
            } else {
                cx.edit(edit);
                cx.act(Action::Notify("Laid out: undo puts every node back".into()));
                state.fit_after = Some(cx.revision);
            }
            state.mode = Mode::Diagram;
        }
        if ui
            .button("Fit view")
            .on_hover_text("Show the whole diagram")
            .clicked()
        {
            state.fit_next = true;
            state.mode = Mode::Diagram;
        }
        if state.mode == Mode::Diagram {
            let zoom = |state: &mut State, f: f32, at: Pos2| {
                if let Some(c) = &mut state.camera {
                    c.zoom_at(Pos2::ZERO, at, f);
                    state.touched = true;
                }
            };
            let mid = (state.canvas_size / 2.0).to_pos2();
            if ui
                .button("−")
                .accessible_name("Zoom out")
                .on_hover_text("Zoom out (mouse wheel)")
                .clicked()
            {
                zoom(state, 1.0 / ZOOM_STEP, mid);
            }
            if ui
                .button("+")
                .accessible_name("Zoom in")
                .on_hover_text("Zoom in (mouse wheel)")
                .clicked()
            {
                zoom(state, ZOOM_STEP, mid);
            }
        }
        ui.separator();
        let s = state.structure.as_ref();
        // Whole on one row: a narrow window moves it to the next row rather than split it.
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!(
                    "{} · {}",
                    plural(review.factors.len(), "factor", "factors"),
                    plural(review.links.len(), "link", "links")
                ))
                .weak(),
            )
            .wrap_mode(egui::TextWrapMode::Extend),
        );
        let cycles = s.map_or(0, |s| s.cycles);
        if cycles > 0 {
            ui.label(egui::RichText::new(plural(cycles, "cycle", "cycles")).color(theme::CYCLE))
                .on_hover_text("Factors that lead back to themselves; their links are highlighted");
        }
    });
}

//! Where a new node goes: the free spot nearest to where it was asked for, clear of every
//! node's box (the outcome's too) and, when it can be, inside the part of the diagram on
//! screen.

use crate::analysis::layout;
use egui::{Pos2, Rect, Vec2, vec2};

/// Room kept between a new node's box and any other (diagram units).
const GAP: f32 = 24.0;
/// How many rings of spots around the wanted one are tried.
const RINGS: i32 = 24;

/// The centre for a new node of `size`: `want` itself when it is free, otherwise the
/// nearest free spot on a grid of half the layout's spacing around it, preferring spots
/// above to spots below.
/// `taken` are the boxes of the nodes already there; `view`, the part of the diagram on
/// screen, is preferred when given. Returns the spot and whether it lies in the view.
pub(super) fn free_spot(
    taken: &[Rect],
    size: Vec2,
    want: Pos2,
    view: Option<Rect>,
) -> (Pos2, bool) {
    let step = vec2(layout::X_SPACING / 2.0, layout::Y_SPACING / 2.0);
    let free = |c: Pos2| {
        let r = Rect::from_center_size(c, size + Vec2::splat(2.0 * GAP));
        !taken.iter().any(|t| t.intersects(r))
    };
    let seen = |c: Pos2| view.is_none_or(|v| v.contains_rect(Rect::from_center_size(c, size)));
    let mut first_free = None;
    for ring in 0..=RINGS {
        let mut spots: Vec<(i32, i32)> = (-ring..=ring)
            .flat_map(|i| (-ring..=ring).map(move |j| (i, j)))
            .filter(|(i, j)| i.abs().max(j.abs()) == ring)
            .collect();
        // Nearest first, a spot below counting twice as far (factors lead down to the
        // outcome, so new ones belong above it); then left before right.
        let cost = |(i, j): (i32, i32)| {
            let d = (i as f32 * step.x).hypot(j as f32 * step.y);
            if j > 0 { 2.0 * d } else { d }
        };
        spots.sort_by(|a, b| cost(*a).total_cmp(&cost(*b)).then(a.0.cmp(&b.0)));
        for (i, j) in spots {
            let c = want + vec2(i as f32 * step.x, j as f32 * step.y);
            if free(c) {
                if seen(c) {
                    return (c, true);
                }
                first_free.get_or_insert(c);
            }
        }
    }
    // Nothing free in view: the nearest free spot (the view then moves to it), or, in a
    // diagram packed beyond every ring, below everything.
    let below = || {
        let bottom = taken.iter().map(|t| t.bottom()).fold(want.y, f32::max);
        Pos2::new(want.x, bottom + GAP + size.y / 2.0)
    };
    (first_free.unwrap_or_else(below), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    const SIZE: Vec2 = Vec2::new(120.0, 50.0);

    #[test]
    fn a_free_spot_is_taken_as_it_is() {
        let taken = [Rect::from_center_size(pos2(500.0, 500.0), SIZE)];
        assert_eq!(
            free_spot(&taken, SIZE, pos2(0.0, 0.0), None),
            (pos2(0.0, 0.0), true)
        );
    }

    #[test]
    fn a_spot_on_the_outcome_moves_above_it_and_stays_in_view() {
        let outcome = Rect::from_center_size(pos2(0.0, 600.0), vec2(280.0, 60.0));
        let view = Rect::from_center_size(pos2(0.0, 600.0), vec2(600.0, 400.0));
        let (c, seen) = free_spot(&[outcome], SIZE, pos2(0.0, 600.0), Some(view));
        assert!(seen && view.contains_rect(Rect::from_center_size(c, SIZE)));
        assert!(!Rect::from_center_size(c, SIZE).intersects(outcome));
        assert!(c.y < 600.0, "{c:?} is not above the outcome");
    }

    #[test]
    fn nothing_free_in_view_gives_the_nearest_free_spot_outside_it() {
        let view = Rect::from_center_size(pos2(0.0, 0.0), vec2(100.0, 60.0));
        let taken = [Rect::from_center_size(pos2(0.0, 0.0), vec2(100.0, 60.0))];
        let (c, seen) = free_spot(&taken, SIZE, pos2(0.0, 0.0), Some(view));
        assert!(!seen);
        assert!(!Rect::from_center_size(c, SIZE).intersects(taken[0]));
    }

    #[test]
    fn new_nodes_do_not_land_on_each_other() {
        let mut taken = vec![Rect::from_center_size(pos2(0.0, 600.0), vec2(280.0, 60.0))];
        for _ in 0..30 {
            let (c, _) = free_spot(&taken, SIZE, pos2(0.0, 600.0), None);
            let r = Rect::from_center_size(c, SIZE);
            assert!(taken.iter().all(|t| !t.intersects(r)), "{c:?} overlaps");
            taken.push(r);
        }
    }
}

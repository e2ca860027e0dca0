//! The report's figures, drawn as vectors from the review: the timeline (one lane per
//! agency, key practice episodes as bands, split into one figure per year so it stays
//! readable on a page) and the contributory-factor diagram from the reviewer's own layout
//! (typology colours, polarity, link kinds) with its legend.
//!
//! Text widths are estimated here (backends measure exactly when they place the text),
//! so labels are kept short and wrapped with a margin.

use super::report::{Anchor, Figure, Shape};
use crate::analysis::chronology as chrono;
use crate::analysis::{graph, layout};
use crate::model::*;
use crate::palette::{self, Rgb};
use jiff::ToSpan;
use jiff::civil::Date;
use std::collections::HashMap;

/// Width of every figure's space: the measure of an A4 page with 20 mm margins.
pub const WIDTH: f32 = 480.0;

const INK: Rgb = [30, 30, 36];
const MUTED: Rgb = [100, 100, 108];
const GRID: Rgb = [205, 205, 212];
const LANES: [Rgb; 2] = [[246, 246, 248], [236, 236, 240]];
const LINK: Rgb = [95, 95, 105];

/// Months shown in one timeline figure.
const MONTHS_PER_FIGURE: i32 = 12;
const LABEL_W: f32 = 62.0;
const LANE_H: f32 = 16.0;
const TITLE_ROW_H: f32 = 10.0;
const TITLE_ROWS: usize = 3;
const AXIS_H: f32 = 20.0;
const LEGEND_H: f32 = 16.0;

/// A rough width of `text` at `size`: Liberation Sans averages about half an em.
fn approx_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.52
}

/// `text` cut to fit `width` at `size`, with an ellipsis.
fn fit(text: &str, size: f32, width: f32) -> String {
    if approx_width(text, size) <= width {
        return text.to_string();
    }
    let keep = ((width / (size * 0.52)) as usize).saturating_sub(1);
    let mut s: String = text.chars().take(keep).collect();
    s.push('…');
    s
}

/// Words of `text` wrapped to `width` at `size`, at most `rows` lines (the last one cut).
fn wrap(text: &str, size: f32, width: f32, rows: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if approx_width(&candidate, size) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > rows {
        let rest = lines[rows - 1..].join(" ");
        lines.truncate(rows - 1);
        lines.push(rest);
    }
    lines.into_iter().map(|l| fit(&l, size, width)).collect()
}

fn text(x: f32, y: f32, s: impl Into<String>, size: f32, color: Rgb, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.into(),
        size,
        color,
        bold: false,
        anchor,
    }
}

fn bold(x: f32, y: f32, s: impl Into<String>, size: f32, color: Rgb, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.into(),
        size,
        color,
        bold: true,
        anchor,
    }
}

fn fill(x: f32, y: f32, w: f32, h: f32, color: Rgb) -> Shape {
    Shape::Rect {
        x,
        y,
        w,
        h,
        fill: Some(color),
        stroke: None,
    }
}

fn line(from: (f32, f32), to: (f32, f32), color: Rgb, width: f32) -> Shape {
    Shape::Line {
        from,
        to,
        color,
        width,
        dashed: false,
    }
}

/// `shape` scaled by `k` (sizes too) and moved by `(dx, dy)`.
fn place(shape: Shape, dx: f32, dy: f32, k: f32) -> Shape {
    let at = |(x, y): (f32, f32)| (dx + x * k, dy + y * k);
    match shape {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let (x, y) = at((x, y));
            Shape::Rect {
                x,
                y,
                w: w * k,
                h: h * k,
                fill,
                stroke,
            }
        }
        Shape::Line {
            from,
            to,
            color,
            width,
            dashed,
        } => Shape::Line {
            from: at(from),
            to: at(to),
            color,
            width: width * k,
            dashed,
        },
        Shape::Polygon { points, fill } => Shape::Polygon {
            points: points.into_iter().map(at).collect(),
            fill,
        },
        Shape::Text {
            x,
            y,
            text,
            size,
            color,
            bold,
            anchor,
        } => {
            let (x, y) = at((x, y));
            Shape::Text {
                x,
                y,
                text,
                size: size * k,
                color,
                bold,
                anchor,
            }
        }
    }
}

/// Days from `a` to `b`.
fn days(a: Date, b: Date) -> f32 {
    a.until(b).map_or(0.0, |s| s.get_days() as f32)
}

fn month_start(d: Date) -> Date {
    d.first_of_month()
}

fn add_months(d: Date, n: i32) -> Date {
    d.checked_add(n.months()).unwrap_or(d)
}

/// The timeline, one figure per [`MONTHS_PER_FIGURE`] months of the chronology. Empty
/// when the chronology is.
pub fn timeline(review: &Review) -> Vec<Figure> {
    // From the first to the last anchor day: an open "before 2015" would otherwise add
    // a year of empty lanes.
    let anchors = || review.chronology.iter().map(|e| e.date.anchor());
    let (Some(first), Some(last)) = (anchors().min(), anchors().max()) else {
        return Vec::new();
    };
    // Lanes: agencies that have entries, in the review's order; colours by that order
    // (as on screen).
    let lanes: Vec<(usize, &Agency)> = review
        .agencies
        .iter()
        .enumerate()
        .filter(|(_, a)| review.chronology.iter().any(|e| e.agency == a.id))
        .collect();
    let lane_of: HashMap<AgencyId, usize> = lanes
        .iter()
        .enumerate()
        .map(|(lane, (_, a))| (a.id, lane))
        .collect();
    let start = month_start(first);
    let mut chunks = Vec::new();
    let mut c0 = start;
    while c0 <= last {
        let c1 = add_months(c0, MONTHS_PER_FIGURE);
        if c1 <= c0 {
            break;
        }
        chunks.push((c0, c1));
        c0 = c1;
    }
    let total = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(k, &(c0, c1))| timeline_chunk(review, &lanes, &lane_of, c0, c1, k, total))
        .collect()
}

fn timeline_chunk(
    review: &Review,
    lanes: &[(usize, &Agency)],
    lane_of: &HashMap<AgencyId, usize>,
    c0: Date,
    c1: Date,
    k: usize,
    total: usize,
) -> Figure {
    let span = days(c0, c1).max(1.0);
    let plot_w = WIDTH - LABEL_W;
    let x = |d: Date| LABEL_W + (days(c0, d).clamp(0.0, span) / span) * plot_w;
    let top = TITLE_ROWS as f32 * TITLE_ROW_H + 2.0;
    let lanes_h = lanes.len() as f32 * LANE_H;
    let bottom = top + lanes_h;
    let mut shapes = Vec::new();

    // Lanes and their labels.
    for (lane, (_, a)) in lanes.iter().enumerate() {
        let y = top + lane as f32 * LANE_H;
        shapes.push(fill(0.0, y, WIDTH, LANE_H, LANES[lane % 2]));
        shapes.push(text(
            2.0,
            y + LANE_H * 0.68,
            fit(a.short(), 7.5, LABEL_W - 6.0),
            7.5,
            INK,
            Anchor::Start,
        ));
    }

    // Episode bands over the lanes (the widest first, so shorter ones show on top),
    // titles in rows above them.
    let mut bands: Vec<(f32, f32, Rgb, String, String)> = review
        .episodes
        .iter()
        .filter_map(|ep| {
            let (a, b) = chrono::episode_span(review, ep)?;
            let b = b.tomorrow().unwrap_or(b);
            if b <= c0 || a >= c1 {
                return None;
            }
            let (x0, x1) = (x(a.max(c0)), x(b.min(c1)));
            Some((
                x0,
                (x1 - x0).max(2.0),
                palette::appraisal(ep.appraisal),
                ep.id.to_string(),
                format!("{} {}", ep.id, ep.title),
            ))
        })
        .collect();
    bands.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (x0, w, colour, _, _) in &bands {
        shapes.push(fill(*x0, top, *w, lanes_h, palette::tint(*colour, 0.86)));
        shapes.push(fill(*x0, top - 2.0, *w, 2.0, *colour));
    }
    bands.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut row_ends = [f32::MIN; TITLE_ROWS];
    for (x0, _, colour, id, title) in bands {
        let label = fit(&title, 6.5, 150.0);
        let row = (0..TITLE_ROWS).find(|&r| row_ends[r] < x0 - 2.0);
        let (label, row) = match row {
            Some(r) => (label, r),
            None => (id, TITLE_ROWS - 1),
        };
        let width = approx_width(&label, 6.5);
        let lx = x0.min(WIDTH - width).max(LABEL_W);
        row_ends[row] = row_ends[row].max(lx + width);
        let y = top - 4.0 - (TITLE_ROWS - 1 - row) as f32 * TITLE_ROW_H;
        shapes.push(text(lx, y, label, 6.5, colour, Anchor::Start));
    }

    // Month grid and axis.
    let mut m = c0;
    while m < c1 {
        let mx = x(m);
        shapes.push(line((mx, top), (mx, bottom + 3.0), GRID, 0.4));
        let label = if m.month() == 1 || m == c0 {
            format!("{} {}", &month_name(m.month())[..3], m.year())
        } else {
            month_name(m.month())[..3].to_string()
        };
        let next = add_months(m, 1);
        let mid = (mx + x(next.min(c1))) / 2.0;
        shapes.push(text(mid, bottom + 11.0, label, 6.5, MUTED, Anchor::Middle));
        m = next;
    }
    shapes.push(line((LABEL_W, bottom), (WIDTH, bottom), MUTED, 0.6));

    // Entries: uncertain ones as a bar over their possible days, then a tick at the
    // anchor day; markers for the child seen and missed opportunities.
    for e in &review.chronology {
        let Some(&lane) = lane_of.get(&e.agency) else {
            continue;
        };
        let (a, b) = (e.date.earliest(), e.date.latest());
        if b < c0 || a >= c1 {
            continue;
        }
        let colour = palette::category(lanes[lane].0);
        let y = top + lane as f32 * LANE_H;
        if !e.date.is_exact() {
            let (x0, x1) = (x(a.max(c0)), x(b.tomorrow().unwrap_or(b).min(c1)));
            shapes.push(fill(
                x0,
                y + LANE_H / 2.0 - 1.5,
                (x1 - x0).max(1.0),
                3.0,
                palette::tint(colour, 0.55),
            ));
        }
        let anchor = e.date.anchor();
        if anchor < c0 || anchor >= c1 {
            continue;
        }
        let ax = x(anchor);
        shapes.push(fill(ax - 0.8, y + 3.0, 1.6, LANE_H - 6.0, colour));
        if e.child_seen == Tri::Yes {
            shapes.push(fill(ax - 1.2, y + LANE_H - 3.0, 2.4, 2.4, palette::SEEN));
        }
        if e.flags.contains(&Flag::MissedOpportunity) {
            shapes.push(Shape::Polygon {
                points: vec![(ax - 2.2, y + 0.4), (ax + 2.2, y + 0.4), (ax, y + 3.2)],
                fill: palette::MISSED,
            });
        }
    }

    // Legend.
    let ly = bottom + AXIS_H + 4.0;
    let mut lx = 0.0;
    let mut item = |shapes: &mut Vec<Shape>, swatch: Vec<Shape>, label: &str| {
        shapes.extend(swatch.into_iter().map(|s| place(s, lx, ly, 1.0)));
        shapes.push(text(lx + 10.0, ly + 6.5, label, 6.5, INK, Anchor::Start));
        lx += 14.0 + approx_width(label, 6.5);
    };
    item(&mut shapes, vec![fill(3.0, 0.0, 1.6, 8.0, INK)], "entry");
    item(
        &mut shapes,
        vec![fill(0.0, 2.5, 8.0, 3.0, palette::tint(INK, 0.55))],
        "uncertain date (possible days)",
    );
    item(
        &mut shapes,
        vec![fill(2.8, 5.0, 2.4, 2.4, palette::SEEN)],
        "child seen",
    );
    item(
        &mut shapes,
        vec![Shape::Polygon {
            points: vec![(1.5, 0.5), (6.5, 0.5), (4.0, 4.0)],
            fill: palette::MISSED,
        }],
        "missed opportunity",
    );
    for a in [
        Appraisal::Good,
        Appraisal::AsExpected,
        Appraisal::Problematic,
    ] {
        item(
            &mut shapes,
            vec![fill(
                0.0,
                0.0,
                8.0,
                8.0,
                palette::tint(palette::appraisal(a), 0.7),
            )],
            &format!("episode: {}", a.label().to_lowercase()),
        );
    }

    let last_day = c1.yesterday().unwrap_or(c1);
    let mut caption = format!(
        "Timeline of the integrated chronology, {} {} to {} {}: one lane per agency; shaded bands are key practice episodes.",
        month_name(c0.month()),
        c0.year(),
        month_name(last_day.month()),
        last_day.year()
    );
    if total > 1 {
        caption.push_str(&format!(" Part {} of {total}.", k + 1));
    }
    Figure {
        caption,
        width: WIDTH,
        height: ly + LEGEND_H,
        shapes,
    }
}

// The factor diagram.
const NODE_W: f32 = 150.0;
const NODE_TITLE: f32 = 9.5;
const NODE_LEAD: f32 = 11.5;
const NODE_ROWS: usize = 3;
const STRIPE: f32 = 5.0;
const OUTCOME_W: f32 = 230.0;
const ARROW: f32 = 7.0;

struct Node2 {
    centre: (f32, f32),
    size: (f32, f32),
}

/// Where a segment from the centre of a box towards `to` leaves the box.
fn border(centre: (f32, f32), size: (f32, f32), to: (f32, f32)) -> (f32, f32) {
    let (dx, dy) = (to.0 - centre.0, to.1 - centre.1);
    if dx == 0.0 && dy == 0.0 {
        return centre;
    }
    let tx = if dx == 0.0 {
        f32::INFINITY
    } else {
        (size.0 / 2.0) / dx.abs()
    };
    let ty = if dy == 0.0 {
        f32::INFINITY
    } else {
        (size.1 / 2.0) / dy.abs()
    };
    let t = tx.min(ty).min(1.0);
    (centre.0 + dx * t, centre.1 + dy * t)
}

/// The factor diagram from the reviewer's layout (the automatic layered layout when no
/// factor has been placed), with its key under it. Empty when there are no factors.
pub fn factor_diagram(review: &Review, typologies: &[Typology]) -> Vec<Figure> {
    if review.factors.is_empty() {
        return Vec::new();
    }
    let placed = review
        .factors
        .iter()
        .any(|f| f.position != review.factors[0].position);
    let auto = if placed {
        HashMap::new()
    } else {
        layout::layered(review)
    };
    let position = |n: Node, p: Point| auto.get(&n).copied().unwrap_or(p);

    let mut nodes: HashMap<Node, Node2> = HashMap::new();
    let mut titles: HashMap<Node, Vec<String>> = HashMap::new();
    for f in &review.factors {
        let lines = wrap(&f.title, NODE_TITLE, NODE_W - STRIPE - 20.0, NODE_ROWS);
        let h = 8.0 + lines.len() as f32 * NODE_LEAD + 12.0;
        let p = position(Node::Factor(f.id), f.position);
        nodes.insert(
            Node::Factor(f.id),
            Node2 {
                centre: (p.x, p.y),
                size: (NODE_W, h),
            },
        );
        titles.insert(Node::Factor(f.id), lines);
    }
    let outcome_lines = wrap(&review.outcome.title, 11.0, OUTCOME_W - 16.0, 3);
    let p = position(Node::Outcome, review.outcome.position);
    nodes.insert(
        Node::Outcome,
        Node2 {
            centre: (p.x, p.y),
            size: (OUTCOME_W, 10.0 + outcome_lines.len() as f32 * 13.5),
        },
    );

    // Bounds, with a margin.
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for n in nodes.values() {
        x0 = x0.min(n.centre.0 - n.size.0 / 2.0);
        x1 = x1.max(n.centre.0 + n.size.0 / 2.0);
        y0 = y0.min(n.centre.1 - n.size.1 / 2.0);
        y1 = y1.max(n.centre.1 + n.size.1 / 2.0);
    }
    let margin = 10.0;
    let (ox, oy) = (x0 - margin, y0 - margin);
    let at = |(x, y): (f32, f32)| (x - ox, y - oy);
    let mut shapes = Vec::new();

    // Links first, so the boxes sit on their ends.
    for l in &review.links {
        let (Some(a), Some(b)) = (nodes.get(&l.from), nodes.get(&l.to)) else {
            continue;
        };
        if l.from == l.to {
            continue;
        }
        let start = at(border(a.centre, a.size, b.centre));
        let end = at(border(b.centre, b.size, a.centre));
        let (dx, dy) = (end.0 - start.0, end.1 - start.1);
        let len = (dx * dx + dy * dy).sqrt().max(0.001);
        let (ux, uy) = (dx / len, dy / len);
        let base = (end.0 - ux * ARROW, end.1 - uy * ARROW);
        shapes.push(Shape::Line {
            from: start,
            to: base,
            color: LINK,
            width: 1.0,
            dashed: l.kind == LinkKind::Mitigates,
        });
        let half = ARROW * 0.45;
        shapes.push(Shape::Polygon {
            points: vec![
                end,
                (base.0 - uy * half, base.1 + ux * half),
                (base.0 + uy * half, base.1 - ux * half),
            ],
            fill: LINK,
        });
    }

    // Boxes.
    let mut legend_categories = std::collections::BTreeSet::new();
    let mut uncoded = false;
    for f in &review.factors {
        let n = &nodes[&Node::Factor(f.id)];
        let (cx, cy) = at(n.centre);
        let (w, h) = n.size;
        let (x, y) = (cx - w / 2.0, cy - h / 2.0);
        let colour = match graph::category_of(typologies, f) {
            Some((t, k, name)) => {
                let c = palette::category(k);
                legend_categories.insert((t, k, name));
                c
            }
            None => {
                uncoded = true;
                GRID
            }
        };
        shapes.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill: Some([255, 255, 255]),
            stroke: Some(palette::tint(colour, 0.2)),
        });
        shapes.push(fill(x, y, STRIPE, h, colour));
        // Polarity badge.
        let p = palette::polarity(f.polarity);
        shapes.push(fill(x + w - 13.0, y + 3.0, 10.0, 10.0, p));
        shapes.push(bold(
            x + w - 8.0,
            y + 11.2,
            f.polarity.sign(),
            8.5,
            [255, 255, 255],
            Anchor::Middle,
        ));
        for (i, t) in titles[&Node::Factor(f.id)].iter().enumerate() {
            shapes.push(text(
                x + STRIPE + 5.0,
                y + 4.0 + NODE_LEAD * (i as f32 + 0.8),
                t.clone(),
                NODE_TITLE,
                INK,
                Anchor::Start,
            ));
        }
        shapes.push(text(
            x + STRIPE + 5.0,
            y + h - 4.0,
            format!("{} · {}", f.id, f.level.label()),
            7.0,
            MUTED,
            Anchor::Start,
        ));
    }
    let n = &nodes[&Node::Outcome];
    let (cx, cy) = at(n.centre);
    let (w, h) = n.size;
    shapes.push(Shape::Rect {
        x: cx - w / 2.0,
        y: cy - h / 2.0,
        w,
        h,
        fill: Some([40, 44, 60]),
        stroke: None,
    });
    for (i, t) in outcome_lines.iter().enumerate() {
        shapes.push(bold(
            cx,
            cy - h / 2.0 + 5.0 + 13.5 * (i as f32 + 0.8),
            t.clone(),
            11.0,
            [255, 255, 255],
            Anchor::Middle,
        ));
    }

    // The key under the diagram, sized so that it reads at body size once the
    // diagram is scaled to a landscape page.
    let width = x1 - x0 + 2.0 * margin;
    let k = (width / 730.0).max(1.0);
    let (key, key_h) = legend(&legend_categories, uncoded, width / k - 2.0 * margin / k);
    let top = y1 - y0 + 2.0 * margin + 10.0 * k;
    shapes.extend(key.into_iter().map(|s| place(s, margin, top, k)));
    vec![Figure {
        caption: format!(
            "Contributory factors and how they led to the outcome ({}, {}), as laid out by the review.",
            plural(review.factors.len(), "factor", "factors"),
            plural(review.links.len(), "link", "links")
        ),
        width,
        height: top + key_h * k + margin,
        shapes,
    }]
}

/// The factor diagram's key (categories present, polarity, link kinds) in rows of
/// `columns`, `width` wide at unit scale: its shapes and height.
fn legend(
    categories: &std::collections::BTreeSet<(String, usize, String)>,
    uncoded: bool,
    width: f32,
) -> (Vec<Shape>, f32) {
    let many = categories
        .iter()
        .map(|c| &c.0)
        .collect::<std::collections::HashSet<_>>()
        .len()
        > 1;
    let mut items: Vec<(Vec<Shape>, String)> = categories
        .iter()
        .map(|(t, k, name)| {
            let label = if many {
                format!("{name} ({t})")
            } else {
                name.clone()
            };
            (vec![fill(0.0, 0.0, 9.0, 9.0, palette::category(*k))], label)
        })
        .collect();
    if uncoded {
        items.push((
            vec![fill(0.0, 0.0, 9.0, 9.0, GRID)],
            "not coded".to_string(),
        ));
    }
    for p in [Polarity::Supporting, Polarity::Hindering] {
        items.push((
            vec![
                fill(0.0, 0.0, 9.0, 9.0, palette::polarity(p)),
                bold(4.5, 7.6, p.sign(), 8.0, [255, 255, 255], Anchor::Middle),
            ],
            p.label().to_lowercase(),
        ));
    }
    for kind in [LinkKind::ContributesTo, LinkKind::Mitigates] {
        items.push((
            vec![
                Shape::Line {
                    from: (0.0, 4.5),
                    to: (14.0, 4.5),
                    color: LINK,
                    width: 1.0,
                    dashed: kind == LinkKind::Mitigates,
                },
                Shape::Polygon {
                    points: vec![(20.0, 4.5), (14.0, 1.8), (14.0, 7.2)],
                    fill: LINK,
                },
            ],
            kind.label().to_string(),
        ));
    }
    let columns = ((width / 220.0).floor() as usize).clamp(1, 4);
    let col_w = width / columns as f32;
    let row_h = 13.0;
    let mut shapes = vec![bold(
        0.0,
        8.0,
        "Key: colour is the factor's typology category; the badge its polarity; the line its kind of link.",
        8.0,
        INK,
        Anchor::Start,
    )];
    for (i, (swatch, label)) in items.into_iter().enumerate() {
        let (cx, cy) = (
            (i % columns) as f32 * col_w,
            16.0 + (i / columns) as f32 * row_h,
        );
        shapes.extend(swatch.into_iter().map(|s| place(s, cx, cy, 1.0)));
        shapes.push(text(
            cx + 25.0,
            cy + 8.0,
            fit(&label, 7.5, col_w - 30.0),
            7.5,
            INK,
            Anchor::Start,
        ));
    }
    let height =
        16.0 + (categories.len() + usize::from(uncoded) + 4).div_ceil(columns) as f32 * row_h;
    (shapes, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(f: &Figure) -> Vec<&str> {
        f.texts().collect()
    }

    #[test]
    fn wrapping_respects_rows_and_width() {
        let lines = wrap(
            "Thresholds for a child protection referral were read differently by each agency",
            9.5,
            110.0,
            3,
        );
        assert_eq!(lines.len(), 3);
        for l in &lines {
            assert!(approx_width(l, 9.5) <= 110.0 + 9.5, "{l}");
        }
        assert!(lines[2].ends_with('…'));
    }

    #[test]
    fn border_point_lies_on_the_box() {
        let (x, y) = border((0.0, 0.0), (100.0, 40.0), (0.0, 200.0));
        assert_eq!((x, y), (0.0, 20.0));
        let (x, y) = border((0.0, 0.0), (100.0, 40.0), (300.0, 30.0));
        assert_eq!((x, y), (50.0, 5.0));
    }

    #[test]
    fn timeline_splits_by_year_and_names_each_agency_with_entries() {
        let mut review = Review::default();
        for (i, name) in ["Police", "Health", "School"].iter().enumerate() {
            review.agencies.push(Agency {
                id: AgencyId(i as u32 + 1),
                name: name.to_string(),
                short_name: String::new(),
                sector: Sector::default(),
                import_columns: Default::default(),
            });
        }
        for (i, (date, agency)) in [("2022-03-04", 1), ("2023-05-01", 2), ("2024-02", 1)]
            .iter()
            .enumerate()
        {
            review.chronology.push(ChronologyEntry::new(
                EventId(i as u32 + 1),
                date.parse().expect("date"),
                AgencyId(*agency),
            ));
        }
        let figures = timeline(&review);
        // March 2022 to February 2024: two figures of twelve months.
        assert_eq!(figures.len(), 2);
        let first = labels(&figures[0]);
        assert!(first.contains(&"Police") && first.contains(&"Health"));
        assert!(
            !first.contains(&"School"),
            "no lane for an agency without entries"
        );
        assert!(figures[1].caption.contains("Part 2 of 2"));
        assert!(figures[0].caption.contains("March 2022 to February 2023"));
    }

    #[test]
    fn diagram_draws_every_factor_and_link_with_its_legend() {
        let review = crate::store::from_str(
            include_str!("../../reviews/sample.scr.ron"),
            std::path::Path::new("sample.scr.ron"),
        )
        .expect("sample loads");
        let typologies = crate::store::typologies::builtin();
        let figures = factor_diagram(&review, &typologies);
        assert_eq!(figures.len(), 1);
        let texts = labels(&figures[0]);
        for f in &review.factors {
            let tag = format!("{} · {}", f.id, f.level.label());
            assert!(texts.contains(&tag.as_str()), "missing {tag}");
        }
        let arrows = figures[0]
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Polygon { .. }))
            .count();
        // One arrow head a link, and one in the key for each kind of link.
        let drawable = review.links.iter().filter(|l| l.from != l.to).count();
        assert_eq!(arrows, drawable + 2);
        assert!(texts.contains(&"mitigates") && texts.contains(&"contributes to"));
    }
}

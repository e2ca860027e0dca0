//! The collation's charts as data (shared with the GUI, which draws them with egui_plot
//! and egui's painter) and as report figures (drawn by the PDF backend): the top codes, the
//! trend per year, and the aggregate causal map.
//!
//! Suppressed counts (see [`Settings`]) never reach a chart: a bar or a link under the
//! threshold is left out, a point of a trend is a gap.

use super::tables::Settings;
use super::{Collation, End, Key, Role};
use crate::export::report::{Anchor, Figure, Rgb, Shape};
use crate::model::LinkKind;
use std::collections::{BTreeMap, BTreeSet};

/// Colours of the series, in order (colour-blind-safe, after Okabe and Ito).
pub const PALETTE: [Rgb; 8] = [
    [0, 114, 178],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [230, 159, 0],
    [86, 180, 233],
    [120, 94, 240],
    [90, 90, 90],
];

const INK: Rgb = [25, 25, 30];
const MUTED: Rgb = [100, 100, 110];
const GRID: Rgb = [215, 215, 222];
const BAR: Rgb = [31, 84, 150];
const TOTAL: Rgb = [205, 208, 215];
const MITIGATES: Rgb = [0, 130, 90];

/// The width figures are designed at: the PDF's measure, so they print at scale 1.
pub const FIGURE_WIDTH: f32 = 480.0;

/// One bar: a code and the reviews it is found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The code.
    pub code: u32,
    /// "LT2.1".
    pub label: String,
    /// "Demand outstripping capacity".
    pub name: String,
    /// Reviews with the code.
    pub reviews: u64,
    /// Items coded with it.
    pub items: u64,
    /// The count it shows (for drill-down).
    pub key: Key,
}

/// The codes found in most reviews in a role, most first (ties by code), at most `n`,
/// leaving out suppressed counts. `typology` keeps one typology's codes only.
pub fn top_codes(
    c: &Collation,
    role: Role,
    typology: Option<&str>,
    n: usize,
    s: Settings,
) -> Vec<Bar> {
    let mut bars: Vec<Bar> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match *k {
            Key::Code(r, id) if r == role => {
                let info = c.code(id)?;
                if typology.is_some_and(|t| t != info.typology) || s.suppressed(cell.reviews.len())
                {
                    return None;
                }
                Some(Bar {
                    code: id,
                    label: info.code.clone(),
                    name: info.name.clone(),
                    reviews: cell.reviews.len() as u64,
                    items: cell.items,
                    key: *k,
                })
            }
            _ => None,
        })
        .collect();
    bars.sort_by(|a, b| b.reviews.cmp(&a.reviews).then(a.code.cmp(&b.code)));
    bars.truncate(n);
    bars
}

/// One code's reviews per year.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The code.
    pub code: u32,
    /// "LT2.1 Demand outstripping capacity".
    pub label: String,
    /// Reviews with the code, per year of [`Trend::years`]; `None` when suppressed.
    pub values: Vec<Option<u64>>,
}

/// Reviews per year, and the top codes' reviews per year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trend {
    /// Every year from the first to the last with a review.
    pub years: Vec<i16>,
    /// Reviews counted per year (`None` when suppressed).
    pub reviews: Vec<Option<u64>>,
    /// Reviews without a year (left out of the chart).
    pub no_year: u64,
    /// The top codes' series.
    pub series: Vec<Series>,
}

/// The trend of the `top` codes found in most reviews in a role.
pub fn trend(c: &Collation, role: Role, typology: Option<&str>, top: usize, s: Settings) -> Trend {
    let known: BTreeSet<i16> = c
        .cells
        .keys()
        .filter_map(|k| match k {
            Key::Year(Some(y)) => Some(*y),
            _ => None,
        })
        .collect();
    let (Some(&first), Some(&last)) = (known.first(), known.last()) else {
        return Trend {
            no_year: c.cell(&Key::Year(None)).map_or(0, |x| x.items),
            ..Trend::default()
        };
    };
    let years: Vec<i16> = (first..=last).collect();
    let value = |key: Key| {
        c.cell(&key).map_or(Some(0), |cell| {
            (!s.suppressed(cell.reviews.len())).then_some(cell.reviews.len() as u64)
        })
    };
    let series = top_codes(c, role, typology, top, s)
        .into_iter()
        .map(|b| Series {
            code: b.code,
            label: c.code(b.code).map(|i| i.label()).unwrap_or_default(),
            values: years
                .iter()
                .map(|y| value(Key::CodeYear(role, b.code, Some(*y))))
                .collect(),
        })
        .collect();
    Trend {
        reviews: years.iter().map(|y| value(Key::Year(Some(*y)))).collect(),
        years,
        no_year: c.cell(&Key::Year(None)).map_or(0, |x| x.items),
        series,
    }
}

/// A code on the causal map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    /// The code.
    pub code: u32,
    /// "LT2.1".
    pub label: String,
    /// Its name.
    pub name: String,
    /// Centre, in the map's space (y down).
    pub x: f32,
    /// Centre, down.
    pub y: f32,
    /// Links from this code to the outcome.
    pub to_outcome: u64,
    /// Links from this code to itself (a factor coded X leading to another coded X).
    pub to_itself: u64,
    /// Links in and out (its weight on the map).
    pub weight: u64,
}

/// A link on the causal map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEdge {
    /// Index of the node it starts from.
    pub from: usize,
    /// Index of the node it leads to.
    pub to: usize,
    /// Links counted.
    pub links: u64,
    /// Reviews with such a link.
    pub reviews: u64,
    /// Contributes to or mitigates.
    pub kind: LinkKind,
    /// The count it shows (for drill-down).
    pub key: Key,
}

/// The aggregate causal map of one typology: its most linked codes around an ellipse
/// (codes in order, clockwise from the top), the links between them, and on each code
/// its links to the outcome and to itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CausalMap {
    /// The typology shown.
    pub typology: String,
    /// Codes.
    pub nodes: Vec<MapNode>,
    /// Links between different codes, most first.
    pub edges: Vec<MapEdge>,
    /// Width of the map's space.
    pub width: f32,
    /// Height of the map's space.
    pub height: f32,
    /// Node box width.
    pub node_w: f32,
    /// Node box height.
    pub node_h: f32,
    /// Links between codes of the typology left off (codes or links beyond the limits,
    /// or suppressed).
    pub left_off: usize,
}

/// The typology with most links between its own codes (ties by id).
pub fn busiest_typology(c: &Collation) -> Option<String> {
    let mut by: BTreeMap<&str, u64> = BTreeMap::new();
    for (k, cell) in &c.cells {
        if let Key::Link(End::Code(a), b, _) = k {
            let (Some(a), same) = (c.code(*a), b) else {
                continue;
            };
            let ok = match same {
                End::Code(b) => c.code(*b).is_some_and(|b| b.typology == a.typology),
                End::Outcome => true,
            };
            if ok {
                *by.entry(a.typology.as_str()).or_default() += cell.items;
            }
        }
    }
    by.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.to_string())
}

/// Build the causal map of a typology (the busiest when `None`) with at most
/// `max_nodes` codes and `max_edges` links.
pub fn causal_map(
    c: &Collation,
    typology: Option<&str>,
    max_nodes: usize,
    max_edges: usize,
    s: Settings,
) -> CausalMap {
    let Some(typology) = typology.map(str::to_string).or_else(|| busiest_typology(c)) else {
        return CausalMap::default();
    };
    let in_typ = |id: u32| c.code(id).is_some_and(|i| i.typology == typology);
    // Every link of the typology that may be shown.
    let mut links: Vec<(End, End, LinkKind, u64, u64, Key)> = Vec::new();
    for (k, cell) in &c.cells {
        if let Key::Link(a, b, kind) = *k {
            let a_ok = matches!(a, End::Code(id) if in_typ(id));
            let b_ok = match b {
                End::Code(id) => in_typ(id),
                End::Outcome => true,
            };
            if a_ok && b_ok {
                links.push((a, b, kind, cell.items, cell.reviews.len() as u64, *k));
            }
        }
    }
    let total = links.len();
    links.retain(|l| !s.suppressed(l.4 as usize));
    let mut weight: BTreeMap<u32, u64> = BTreeMap::new();
    for (a, b, _, n, _, _) in &links {
        for e in [a, b] {
            if let End::Code(id) = e {
                *weight.entry(*id).or_default() += n;
            }
        }
    }
    let mut chosen: Vec<(u32, u64)> = weight.into_iter().collect();
    chosen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    chosen.truncate(max_nodes);
    chosen.sort_by_key(|(id, _)| *id);
    let index: BTreeMap<u32, usize> = chosen
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();

    let n = chosen.len();
    let (node_w, node_h) = (84.0, 44.0);
    let (rx, ry) = (FIGURE_WIDTH / 2.0 - node_w / 2.0 - 4.0, 200.0);
    let (cx, cy) = (FIGURE_WIDTH / 2.0, ry + node_h / 2.0 + 4.0);
    let mut nodes: Vec<MapNode> = chosen
        .iter()
        .enumerate()
        .map(|(i, (id, w))| {
            let angle = std::f32::consts::TAU * i as f32 / n.max(1) as f32;
            let info = c.code(*id);
            MapNode {
                code: *id,
                label: info.map(|i| i.code.clone()).unwrap_or_default(),
                name: info.map(|i| i.name.clone()).unwrap_or_default(),
                x: cx + rx * angle.sin(),
                y: cy - ry * angle.cos(),
                to_outcome: 0,
                to_itself: 0,
                weight: *w,
            }
        })
        .collect();
    let mut edges = Vec::new();
    let mut shown = 0;
    for (a, b, kind, items, reviews, key) in &links {
        let End::Code(a) = a else { continue };
        let Some(&ia) = index.get(a) else { continue };
        match b {
            End::Outcome => {
                nodes[ia].to_outcome += items;
                shown += 1;
            }
            End::Code(b) if b == a => {
                nodes[ia].to_itself += items;
                shown += 1;
            }
            End::Code(b) => {
                if let Some(&ib) = index.get(b) {
                    edges.push(MapEdge {
                        from: ia,
                        to: ib,
                        links: *items,
                        reviews: *reviews,
                        kind: *kind,
                        key: *key,
                    });
                }
            }
        }
    }
    edges.sort_by(|x, y| {
        y.links
            .cmp(&x.links)
            .then((x.from, x.to).cmp(&(y.from, y.to)))
    });
    edges.truncate(max_edges);
    shown += edges.len();
    CausalMap {
        typology,
        nodes,
        edges,
        width: FIGURE_WIDTH,
        height: 2.0 * cy,
        node_w,
        node_h,
        left_off: total - shown.min(total),
    }
}

/// Shorten a text to about `chars` characters, with an ellipsis.
pub fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
    s = s.trim_end().to_string();
    s.push('…');
    s
}

/// A text in at most two lines of about `chars` characters (the second shortened).
pub fn wrap2(text: &str, chars: usize) -> Vec<String> {
    let mut first = String::new();
    let mut rest = String::new();
    for word in text.split_whitespace() {
        if rest.is_empty() && first.chars().count() + word.chars().count() < chars {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(word);
        } else {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(word);
        }
    }
    if first.is_empty() {
        return vec![shorten(&rest, chars)];
    }
    let mut out = vec![first];
    if !rest.is_empty() {
        out.push(shorten(&rest, chars));
    }
    out
}

fn text(x: f32, y: f32, t: impl Into<String>, size: f32, color: Rgb, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text: t.into(),
        size,
        color,
        bold: false,
        anchor,
    }
}

/// A step for axis ticks: 1, 2 or 5 times a power of ten, giving about `n` ticks.
pub fn nice_step(max: f64, n: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / n;
    let p = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p);
    step.max(1.0)
}

/// Horizontal bars: the code and its name on the left, the bar, the count at its end.
pub fn bars_figure(bars: &[Bar], caption: &str, what: &str) -> Figure {
    let row = 17.0;
    let label_w = 230.0;
    let top = 6.0;
    let bar_w = FIGURE_WIDTH - label_w - 40.0;
    let max = bars.iter().map(|b| b.reviews).max().unwrap_or(1).max(1) as f64;
    let step = nice_step(max, 5.0);
    let scale_max = (max / step).ceil() * step;
    let x = |v: f64| label_w + (v / scale_max) as f32 * bar_w;
    let height = top + bars.len() as f32 * row + 26.0;
    let mut shapes = Vec::new();
    let axis_y = top + bars.len() as f32 * row;
    let mut v = 0.0;
    while v <= scale_max + 1e-9 {
        shapes.push(Shape::Line {
            from: (x(v), top - 2.0),
            to: (x(v), axis_y),
            color: GRID,
            width: 0.5,
            dashed: false,
        });
        shapes.push(text(
            x(v),
            axis_y + 11.0,
            format!("{v}"),
            7.5,
            MUTED,
            Anchor::Middle,
        ));
        v += step;
    }
    shapes.push(text(
        label_w + bar_w / 2.0,
        axis_y + 22.0,
        what,
        7.5,
        MUTED,
        Anchor::Middle,
    ));
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as f32 * row;
        shapes.push(Shape::Rect {
            x: label_w,
            y: y + 3.0,
            w: x(b.reviews as f64) - label_w,
            h: row - 6.0,
            fill: Some(BAR),
            stroke: None,
        });
        shapes.push(Shape::Text {
            x: 0.0,
            y: y + row - 5.0,
            text: b.label.clone(),
            size: 8.0,
            color: INK,
            bold: true,
            anchor: Anchor::Start,
        });
        shapes.push(text(
            38.0,
            y + row - 5.0,
            shorten(&b.name, 44),
            8.0,
            INK,
            Anchor::Start,
        ));
        shapes.push(text(
            x(b.reviews as f64) + 3.0,
            y + row - 5.0,
            b.reviews.to_string(),
            8.0,
            INK,
            Anchor::Start,
        ));
    }
    Figure {
        caption: caption.to_string(),
        width: FIGURE_WIDTH,
        height,
        shapes,
    }
}

/// The trend: grey columns of reviews per year, a line per code, a legend under it.
pub fn trend_figure(t: &Trend, caption: &str) -> Figure {
    let (left, top, plot_h) = (34.0, 8.0, 190.0);
    let plot_w = FIGURE_WIDTH - left - 6.0;
    let n = t.years.len().max(1);
    let slot = plot_w / n as f32;
    let max = t
        .reviews
        .iter()
        .flatten()
        .chain(t.series.iter().flat_map(|s| s.values.iter().flatten()))
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let step = nice_step(max, 5.0);
    let scale_max = (max / step).ceil() * step;
    let y = |v: f64| top + plot_h - (v / scale_max) as f32 * plot_h;
    let x = |i: usize| left + slot * (i as f32 + 0.5);
    let mut shapes = Vec::new();
    let mut v = 0.0;
    while v <= scale_max + 1e-9 {
        shapes.push(Shape::Line {
            from: (left, y(v)),
            to: (left + plot_w, y(v)),
            color: GRID,
            width: 0.5,
            dashed: false,
        });
        shapes.push(text(
            left - 4.0,
            y(v) + 3.0,
            format!("{v}"),
            7.5,
            MUTED,
            Anchor::End,
        ));
        v += step;
    }
    for (i, r) in t.reviews.iter().enumerate() {
        if let Some(r) = r {
            let h = plot_h - (y(*r as f64) - top);
            shapes.push(Shape::Rect {
                x: x(i) - slot * 0.35,
                y: top + plot_h - h,
                w: slot * 0.7,
                h,
                fill: Some(TOTAL),
                stroke: None,
            });
        }
    }
    let label_every = n.div_ceil(16).max(1);
    for (i, year) in t.years.iter().enumerate() {
        if i % label_every == 0 {
            shapes.push(text(
                x(i),
                top + plot_h + 11.0,
                year.to_string(),
                7.5,
                MUTED,
                Anchor::Middle,
            ));
        }
    }
    for (k, s) in t.series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let mut prev: Option<(f32, f32)> = None;
        for (i, v) in s.values.iter().enumerate() {
            let Some(v) = v else {
                prev = None;
                continue;
            };
            let p = (x(i), y(*v as f64));
            if let Some(q) = prev {
                shapes.push(Shape::Line {
                    from: q,
                    to: p,
                    color,
                    width: 1.6,
                    dashed: false,
                });
            }
            shapes.push(Shape::Rect {
                x: p.0 - 1.8,
                y: p.1 - 1.8,
                w: 3.6,
                h: 3.6,
                fill: Some(color),
                stroke: None,
            });
            prev = Some(p);
        }
    }
    // Legend: two columns under the axis.
    let legend_top = top + plot_h + 24.0;
    let mut entries: Vec<(Rgb, String)> = vec![(TOTAL, "All reviews of the year".to_string())];
    entries.extend(
        t.series
            .iter()
            .enumerate()
            .map(|(k, s)| (PALETTE[k % PALETTE.len()], shorten(&s.label, 44))),
    );
    let col_w = FIGURE_WIDTH / 2.0;
    for (i, (color, label)) in entries.iter().enumerate() {
        let (cx, cy) = (
            (i % 2) as f32 * col_w + 4.0,
            legend_top + (i / 2) as f32 * 13.0,
        );
        shapes.push(Shape::Rect {
            x: cx,
            y: cy - 7.0,
            w: 10.0,
            h: 8.0,
            fill: Some(*color),
            stroke: None,
        });
        shapes.push(text(cx + 14.0, cy, label.clone(), 8.0, INK, Anchor::Start));
    }
    let height = legend_top + entries.len().div_ceil(2) as f32 * 13.0;
    Figure {
        caption: caption.to_string(),
        width: FIGURE_WIDTH,
        height,
        shapes,
    }
}

/// Where the segment from the centre of a box towards `(tx, ty)` leaves the box.
fn box_exit(cx: f32, cy: f32, w: f32, h: f32, tx: f32, ty: f32) -> (f32, f32) {
    let (dx, dy) = (tx - cx, ty - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let sx = if dx == 0.0 {
        f32::INFINITY
    } else {
        (w / 2.0) / dx.abs()
    };
    let sy = if dy == 0.0 {
        f32::INFINITY
    } else {
        (h / 2.0) / dy.abs()
    };
    let s = sx.min(sy);
    (cx + dx * s, cy + dy * s)
}

/// The ends of an edge drawn between two nodes' boxes, shifted sideways by `offset` so
/// that the two directions between a pair do not overlap.
pub fn edge_ends(m: &CausalMap, e: &MapEdge, offset: f32) -> ((f32, f32), (f32, f32)) {
    let (a, b) = (&m.nodes[e.from], &m.nodes[e.to]);
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (nx, ny) = (-dy / len * offset, dx / len * offset);
    let start = box_exit(a.x, a.y, m.node_w, m.node_h, b.x, b.y);
    let end = box_exit(b.x, b.y, m.node_w, m.node_h, a.x, a.y);
    ((start.0 + nx, start.1 + ny), (end.0 + nx, end.1 + ny))
}

/// The causal map as a figure: arrows weighted by the number of links, codes in boxes
/// with their links to the outcome and to themselves.
pub fn map_figure(m: &CausalMap, caption: &str) -> Figure {
    let mut shapes = Vec::new();
    // Weight from the lightest link shown to the heaviest.
    let max = m.edges.iter().map(|e| e.links).max().unwrap_or(1) as f32;
    let min = m.edges.iter().map(|e| e.links).min().unwrap_or(0) as f32;
    let range = (max - min).max(1.0);
    let has_reverse = |e: &MapEdge| m.edges.iter().any(|o| o.from == e.to && o.to == e.from);
    // Lightest first, so the heaviest links are on top.
    for e in m.edges.iter().rev() {
        let offset = if has_reverse(e) { 3.0 } else { 0.0 };
        let (p, q) = edge_ends(m, e, offset);
        let t = (e.links as f32 - min) / range;
        let width = 0.5 + 3.0 * t;
        let shade = (185.0 - 165.0 * t) as u8;
        let color = match e.kind {
            LinkKind::ContributesTo => [shade, shade, shade.saturating_add(10)],
            LinkKind::Mitigates => MITIGATES,
        };
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-3);
        let (ux, uy) = (dx / len, dy / len);
        let head = 5.0 + 2.0 * t;
        let base = (q.0 - ux * head, q.1 - uy * head);
        shapes.push(Shape::Line {
            from: p,
            to: base,
            color,
            width,
            dashed: e.kind == LinkKind::Mitigates,
        });
        let half = head * 0.45 + width / 2.0;
        shapes.push(Shape::Polygon {
            points: vec![
                q,
                (base.0 - uy * half, base.1 + ux * half),
                (base.0 + uy * half, base.1 - ux * half),
            ],
            fill: color,
        });
    }
    for n in &m.nodes {
        let (x, y) = (n.x - m.node_w / 2.0, n.y - m.node_h / 2.0);
        shapes.push(Shape::Rect {
            x,
            y,
            w: m.node_w,
            h: m.node_h,
            fill: Some([238, 242, 249]),
            stroke: Some([60, 80, 120]),
        });
        shapes.push(Shape::Text {
            x: n.x,
            y: y + 11.0,
            text: n.label.clone(),
            size: 8.5,
            color: INK,
            bold: true,
            anchor: Anchor::Middle,
        });
        for (i, line) in wrap2(&n.name, 21).into_iter().enumerate() {
            shapes.push(text(
                n.x,
                y + 20.0 + 7.5 * i as f32,
                line,
                6.5,
                INK,
                Anchor::Middle,
            ));
        }
        shapes.push(text(
            n.x,
            y + 39.0,
            format!("outcome {} · itself {}", n.to_outcome, n.to_itself),
            6.0,
            MUTED,
            Anchor::Middle,
        ));
    }
    Figure {
        caption: caption.to_string(),
        width: m.width,
        height: m.height,
        shapes,
    }
}

//! The result tabs of the Collation workspace: the top codes, the trend over time, the
//! aggregate causal map and the codes found together, each with its table; every count
//! can be clicked to list the reviews behind it.

use super::{Drill, TOP, count_button};
use crate::collate::charts::{self, Bar, CausalMap, Trend};
use crate::collate::tables::Settings;
use crate::collate::{self, Collation, Key, Role};
use crate::model::{LinkKind, plural};
use crate::ui::theme;
use egui::{Color32, RichText, Sense, Stroke, Ui};
use egui_plot::{Bar as PlotBar, BarChart, Line, Plot, PlotPoints};

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Factor => "factors",
        Role::Finding => "findings",
    }
}

/// Bar chart of the codes in most reviews, and a table of them.
pub(super) fn top_codes(ui: &mut Ui, role: Role, c: &Collation, drill: &mut Option<Drill>) {
    let bars: Vec<Bar> = charts::top_codes(c, role, None, TOP, Settings::default());
    if bars.is_empty() {
        ui.label(format!("No coded {} were counted.", role_word(role)));
        return;
    }
    let n = bars.len();
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let plot_bars: Vec<PlotBar> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            PlotBar::new((n - 1 - i) as f64, b.reviews as f64)
                .name(format!("{} {}", b.label, b.name))
                .fill(theme::category(0))
        })
        .collect();
    let resp = Plot::new("collation_top_codes")
        .height(22.0 * n as f32 + 40.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid([true, false])
        .x_axis_label("reviews")
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[labels.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(48.0)
        // A mark at each bar, all of one weight, so every code's label is drawn in full.
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| egui_plot::GridMark {
                    value: i as f64,
                    step_size: n.max(10) as f64,
                })
                .collect()
        })
        .show(ui, |p| {
            p.bar_chart(BarChart::new("Reviews", plot_bars).horizontal().width(0.7));
            if p.response().clicked() {
                p.pointer_coordinate()
            } else {
                None
            }
        });
    resp.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Top codes chart"));
    if let Some(at) = resp.inner {
        let i = at.y.round();
        if i >= 0.0 && (i as usize) < n {
            let b = &bars[n - 1 - i as usize];
            *drill = Some(Drill {
                title: format!("{} {} among {}", b.label, b.name, role_word(role)),
                key: b.key,
            });
        }
    }
    ui.add_space(6.0);
    egui::Grid::new("collation_top_table")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            let items = match role {
                Role::Factor => "Factors",
                Role::Finding => "Findings",
            };
            for h in ["Code", "Name", "Typology", items, "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for b in &bars {
                let typology = c
                    .code(b.code)
                    .map(|i| i.typology.clone())
                    .unwrap_or_default();
                ui.label(RichText::new(&b.label).strong());
                ui.label(&b.name);
                ui.label(&typology);
                ui.label(b.items.to_string());
                if count_button(
                    ui,
                    b.reviews.to_string(),
                    format!(
                        "{} among {}: {}",
                        b.label,
                        role_word(role),
                        plural(b.reviews, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{} {} among {}", b.label, b.name, role_word(role)),
                        key: b.key,
                    });
                }
                ui.end_row();
            }
        });
}

/// Reviews per year and the top codes' trend, and a table of them.
pub(super) fn trend(ui: &mut Ui, role: Role, c: &Collation, drill: &mut Option<Drill>) {
    let t: Trend = charts::trend(c, role, None, 5, Settings::default());
    if t.years.is_empty() {
        ui.label("No review has a year.");
        return;
    }
    let years = t.years.clone();
    let totals: Vec<PlotBar> = t
        .years
        .iter()
        .zip(&t.reviews)
        .map(|(y, v)| PlotBar::new(f64::from(*y), v.unwrap_or(0) as f64))
        .collect();
    let resp = Plot::new("collation_trend")
        .height(320.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::RightBottom))
        .x_axis_label("year")
        .y_axis_label("reviews")
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new("All reviews of the year", totals)
                    .width(0.7)
                    .color(ui_gray()),
            );
            for (k, s) in t.series.iter().enumerate() {
                let points: PlotPoints = years
                    .iter()
                    .zip(&s.values)
                    .filter_map(|(y, v)| v.map(|v| [f64::from(*y), v as f64]))
                    .collect();
                p.line(
                    Line::new(charts::shorten(&s.label, 40), points)
                        .color(theme::category(k + 1))
                        .width(2.0),
                );
            }
        });
    resp.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Trend chart"));
    ui.add_space(6.0);
    egui::Grid::new("collation_trend_table")
        .striped(true)
        .num_columns(2 + t.series.len())
        .show(ui, |ui| {
            ui.label(RichText::new("Year").strong());
            ui.label(RichText::new("All reviews").strong());
            for s in &t.series {
                let code = c.code(s.code).map(|i| i.code.clone()).unwrap_or_default();
                ui.label(RichText::new(code).strong())
                    .on_hover_text(&s.label);
            }
            ui.end_row();
            for (i, y) in t.years.iter().enumerate() {
                ui.label(y.to_string());
                let total = t.reviews[i].unwrap_or(0);
                if count_button(ui, total.to_string(), format!("Reviews of {y}: {total}")) {
                    *drill = Some(Drill {
                        title: format!("Reviews of {y}"),
                        key: Key::Year(Some(*y)),
                    });
                }
                for s in &t.series {
                    let v = s.values[i].unwrap_or(0);
                    let code = c.code(s.code).map(|i| i.code.clone()).unwrap_or_default();
                    if count_button(
                        ui,
                        v.to_string(),
                        format!(
                            "{code} among {} in {y}: {}",
                            role_word(role),
                            plural(v, "review", "reviews")
                        ),
                    ) {
                        *drill = Some(Drill {
                            title: format!("{} among {} in {y}", s.label, role_word(role)),
                            key: Key::CodeYear(role, s.code, Some(*y)),
                        });
                    }
                }
                ui.end_row();
            }
        });
}

fn ui_gray() -> Color32 {
    Color32::from_gray(170)
}

/// The aggregate causal map drawn with the painter, and its links as a list.
pub(super) fn causal_map(
    ui: &mut Ui,
    typology: &mut Option<String>,
    c: &Collation,
    drill: &mut Option<Drill>,
) {
    map_typology(ui, typology, c);
    let map: CausalMap = charts::causal_map(c, typology.as_deref(), 12, 24, Settings::default());
    if map.nodes.is_empty() {
        ui.label("No links between coded factors were counted.");
        return;
    }
    ui.label("Arrows: how often a factor with one code was linked as contributing to (grey) or mitigating (green) a factor with another; thicker is more. Click a code to list its reviews.");
    let width = ui.available_width().min(760.0);
    let scale = width / map.width;
    let (rect, resp) =
        ui.allocate_exact_size(egui::vec2(width, map.height * scale), Sense::hover());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Causal map"));
    let painter = ui.painter_at(rect);
    let at = |(x, y): (f32, f32)| rect.min + egui::vec2(x * scale, y * scale);
    map_arrows(ui, &painter, &map, &at);
    for n in &map.nodes {
        map_node(ui, &painter, &map, n, &at, scale, drill);
    }
    ui.add_space(8.0);
    map_links(ui, &map, drill);
}

/// The typologies with links between their codes, one to choose (the busiest one when
/// the chosen one has none).
fn map_typology(ui: &mut Ui, typology: &mut Option<String>, c: &Collation) {
    let mut typologies: Vec<String> = c
        .codes
        .iter()
        .map(|x| x.typology.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    typologies.retain(|t| {
        c.cells.keys().any(|k| matches!(k, Key::Link(collate::End::Code(a), _, _) if c.code(*a).is_some_and(|x| &x.typology == t)))
    });
    if typology.as_ref().is_none_or(|t| !typologies.contains(t)) {
        *typology = charts::busiest_typology(c);
    }
    ui.horizontal(|ui| {
        ui.label("Typology");
        egui::ComboBox::from_id_salt("collation_map_typology")
            .selected_text(typology.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for t in &typologies {
                    ui.selectable_value(typology, Some(t.clone()), t);
                }
            });
    });
}

/// The map's arrows, thicker and darker with more links; `at` places a map point.
fn map_arrows(
    ui: &Ui,
    painter: &egui::Painter,
    map: &CausalMap,
    at: &dyn Fn((f32, f32)) -> egui::Pos2,
) {
    let max = map.edges.iter().map(|e| e.links).max().unwrap_or(1) as f32;
    let min = map.edges.iter().map(|e| e.links).min().unwrap_or(0) as f32;
    let text = ui.visuals().text_color();
    for e in map.edges.iter().rev() {
        let reverse = map.edges.iter().any(|o| o.from == e.to && o.to == e.from);
        let (p, q) = charts::edge_ends(map, e, if reverse { 3.0 } else { 0.0 });
        let (p, q) = (at(p), at(q));
        let t = (e.links as f32 - min) / (max - min).max(1.0);
        let color = match e.kind {
            LinkKind::ContributesTo => text.gamma_multiply(0.25 + 0.65 * t),
            LinkKind::Mitigates => theme::GOOD,
        };
        let dir = (q - p).normalized();
        let head = 6.0 + 3.0 * t;
        let base = q - dir * head;
        painter.line_segment([p, base], Stroke::new(0.6 + 3.0 * t, color));
        let side = egui::vec2(-dir.y, dir.x) * (head * 0.5);
        painter.add(egui::Shape::convex_polygon(
            vec![q, base + side, base - side],
            color,
            Stroke::NONE,
        ));
    }
}

/// One code's box on the map: its label, name and links to the outcome and to itself;
/// a click lists its reviews.
fn map_node(
    ui: &mut Ui,
    painter: &egui::Painter,
    map: &CausalMap,
    n: &charts::MapNode,
    at: &dyn Fn((f32, f32)) -> egui::Pos2,
    scale: f32,
    drill: &mut Option<Drill>,
) {
    let text = ui.visuals().text_color();
    let r = egui::Rect::from_center_size(
        at((n.x, n.y)),
        egui::vec2(map.node_w * scale, map.node_h * scale),
    );
    let id = ui.make_persistent_id(("collation_map_node", n.code));
    let resp = ui.interact(r, id, Sense::click());
    let name = format!("{} {}", n.label, n.name);
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Map code {name}"))
    });
    let fill = if resp.hovered() {
        ui.visuals().selection.bg_fill
    } else {
        ui.visuals().extreme_bg_color
    };
    painter.rect(r, 3.0, fill, theme::thin(ui), egui::StrokeKind::Inside);
    // Text sized to the box and clipped to it.
    let boxed = painter.with_clip_rect(r.shrink(1.0));
    let f = scale.clamp(0.7, 2.0);
    boxed.text(
        r.center_top() + egui::vec2(0.0, 3.0 * f),
        egui::Align2::CENTER_TOP,
        &n.label,
        egui::FontId::proportional(10.0 * f),
        text,
    );
    for (i, line) in charts::wrap2(&n.name, 21).into_iter().enumerate() {
        boxed.text(
            r.center_top() + egui::vec2(0.0, (16.0 + 8.0 * i as f32) * f),
            egui::Align2::CENTER_TOP,
            line,
            egui::FontId::proportional(7.0 * f),
            text,
        );
    }
    boxed.text(
        r.center_bottom() - egui::vec2(0.0, 3.0 * f),
        egui::Align2::CENTER_BOTTOM,
        format!("outcome {} · itself {}", n.to_outcome, n.to_itself),
        egui::FontId::proportional(6.5 * f),
        ui.visuals().weak_text_color(),
    );
    let resp = resp.on_hover_text(format!(
        "{name}\n{} in and out; {} to the outcome; {} to itself",
        plural(n.weight, "link", "links"),
        n.to_outcome,
        n.to_itself
    ));
    if resp.clicked() {
        *drill = Some(Drill {
            title: format!("{name} among factors"),
            key: Key::Code(Role::Factor, n.code),
        });
    }
}

/// The map's links as a table, each count a button that lists its reviews.
fn map_links(ui: &mut Ui, map: &CausalMap, drill: &mut Option<Drill>) {
    egui::Grid::new("collation_links")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["From", "", "To", "Links", "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for e in &map.edges {
                let (a, b) = (&map.nodes[e.from], &map.nodes[e.to]);
                ui.label(format!("{} {}", a.label, charts::shorten(&a.name, 30)));
                ui.label(e.kind.label());
                ui.label(format!("{} {}", b.label, charts::shorten(&b.name, 30)));
                ui.label(e.links.to_string());
                if count_button(
                    ui,
                    e.reviews.to_string(),
                    format!(
                        "{} {} {}: {}",
                        a.label,
                        e.kind.label(),
                        b.label,
                        plural(e.reviews, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{} {} {}", a.label, e.kind.label(), b.label),
                        key: e.key,
                    });
                }
                ui.end_row();
            }
        });
}

/// The pairs of codes found in most reviews together.
pub(super) fn together(ui: &mut Ui, c: &Collation, drill: &mut Option<Drill>) {
    let mut pairs: Vec<(u32, u32, usize)> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match k {
            Key::Pair(a, b) => Some((*a, *b, cell.reviews.len())),
            _ => None,
        })
        .collect();
    pairs.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    if pairs.is_empty() {
        ui.label("No two codes were found in the same review.");
        return;
    }
    let name = |id: u32| c.code(id).map(|i| i.label()).unwrap_or_default();
    egui::Grid::new("collation_pairs")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in ["Code", "Found with", "Reviews"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (a, b, n) in pairs.iter().take(40) {
                let (a_name, b_name) = (name(*a), name(*b));
                ui.label(&a_name);
                ui.label(&b_name);
                if count_button(
                    ui,
                    n.to_string(),
                    format!(
                        "{a_name} with {b_name}: {}",
                        plural(*n, "review", "reviews")
                    ),
                ) {
                    *drill = Some(Drill {
                        title: format!("{a_name} with {b_name}"),
                        key: Key::Pair(*a, *b),
                    });
                }
                ui.end_row();
            }
        });
}

//! The timeline workspace: the chronology over time, one lane per agency, with key
//! practice episodes as bands and gaps in contact shaded.
//!
//! Drawing stays smooth at 50,000 entries: the entries are reduced once per revision to
//! `(earliest day, latest day, lane, index)` sorted by earliest day, and each frame
//! binary-searches the visible window (bounded by the longest span); at most one marker
//! is drawn per lane per pixel column (markers that fall together are merged, so a
//! missed opportunity never disappears behind a plain entry).

use super::{Action, Selection, ViewCtx, theme};
use crate::analysis::chronology as chrono;
use crate::model::*;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use jiff::civil::Date;

/// Width of the lane labels at the left.
const GUTTER_W: f32 = 92.0;
/// Height of the time axis (two rows: periods above, ticks below).
const AXIS_H: f32 = 38.0;
/// Height of one row of episode titles.
const EPISODE_ROW_H: f32 = 17.0;
/// Rows for episode titles at most.
const EPISODE_ROWS: usize = 3;
/// Lane height bounds.
const MIN_LANE_H: f32 = 30.0;
const MAX_LANE_H: f32 = 64.0;
/// Entries spanning more days than this are kept in a separate (short) list.
const SHORT_SPAN: i32 = 62;
/// Zoom bounds, in pixels per day.
const MIN_PX_PER_DAY: f64 = 0.005;
const MAX_PX_PER_DAY: f64 = 400.0;
/// The zoom step of the + and − buttons.
const ZOOM_STEP: f64 = 1.5;
/// Gap threshold when the user has not set one.
const DEFAULT_GAP_DAYS: i32 = 90;
/// How near (in points) the pointer must be to an entry to hover it.
const HIT_RADIUS: f32 = 7.0;

/// The visible time window.
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    /// The day number at the left edge of the plot.
    start: f64,
    /// Points per day.
    ppd: f64,
}

impl View {
    fn x(&self, left: f32, day: f64) -> f32 {
        left + ((day - self.start) * self.ppd) as f32
    }

    fn day(&self, left: f32, x: f32) -> f64 {
        self.start + f64::from(x - left) / self.ppd
    }

    /// Zoom by `factor` keeping the day under `x` in place.
    fn zoom_at(&mut self, left: f32, x: f32, factor: f64) {
        let day = self.day(left, x);
        self.ppd = (self.ppd * factor).clamp(MIN_PX_PER_DAY, MAX_PX_PER_DAY);
        self.start = day - f64::from(x - left) / self.ppd;
    }
}

/// Markers closer than this (points) in one lane are drawn as one.
const MERGE_PX: f32 = 3.0;

/// Above this many markers on screen the plot switches to bars of contact per lane.
const DENSE_GLYPHS: usize = 1500;

/// One entry reduced for drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    /// Earliest possible day (day number).
    e0: i32,
    /// Latest possible day.
    e1: i32,
    /// Lane.
    lane: u32,
    /// Index into `review.chronology`.
    idx: u32,
    /// Child seen, views sought, missed opportunity, good practice, uncertain date (see
    /// [`Glyph::bits`]), kept here so a frame never has to reach into the chronology.
    bits: u8,
}

/// A lane: one agency.
struct Lane {
    short: String,
    name: String,
}

/// An episode band, in day numbers (end inclusive).
struct Band {
    id: EpisodeId,
    d0: i32,
    d1: i32,
    title: String,
    appraisal: Appraisal,
}

/// Everything derived from one revision of the review.
struct Cache {
    revision: u64,
    /// Entries spanning at most [`SHORT_SPAN`] days, sorted by earliest day.
    short: Vec<Mark>,
    /// The longer ones (few), sorted by earliest day.
    long: Vec<Mark>,
    long_max: i32,
    lanes: Vec<Lane>,
    /// Chronological order (indices into the chronology) and each index's place in it;
    /// computed when first needed (the arrow keys), as sorting is the costly part.
    order: std::cell::OnceCell<(Vec<u32>, Vec<u32>)>,
    bands: Vec<Band>,
    /// First and last day (inclusive) of entries and episodes.
    span: Option<(i32, i32)>,
}

/// Gaps in contact for a revision and threshold: (revision, threshold, [(first day
/// without contact, last day without contact, days)]).
type Gaps = (u64, i32, Vec<(i32, i32, i32)>);

/// View state (never saved).
#[derive(Default)]
pub struct State {
    view: Option<View>,
    /// Vertical scroll of the lanes, in points.
    scroll_y: f32,
    /// Gaps in contact longer than this are shaded.
    gap_days: Option<i32>,
    cache: Option<Cache>,
    gaps: Option<Gaps>,
    /// The plot width the view was fitted to, and whether the user has moved the view
    /// since (until then, a resized plot is fitted again).
    fitted_width: Option<f32>,
    touched: bool,
    /// The plot's width last frame (the zoom buttons zoom about its middle).
    plot_width: f32,
    /// Bring this entry into view next frame.
    reveal: Option<u32>,
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number.
fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The day number of a date.
fn day_number(d: Date) -> i32 {
    days_from_civil(
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_short(m: i32) -> &'static str {
    usize::try_from(m - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

impl Cache {
    fn build(review: &Review, revision: u64) -> Cache {
        let mut lanes: Vec<Lane> = review
            .agencies
            .iter()
            .map(|a| Lane {
                short: a.short().to_string(),
                name: a.name.clone(),
            })
            .collect();
        // Entries whose agency is missing get a lane each, named by id.
        let mut extra: Vec<AgencyId> = Vec::new();
        let mut lane_of = |id: AgencyId, lanes: &mut Vec<Lane>| -> u32 {
            match review.agencies.binary_search_by(|a| a.id.cmp(&id)) {
                Ok(i) => i as u32,
                Err(_) => {
                    let k = extra.iter().position(|x| *x == id).unwrap_or_else(|| {
                        extra.push(id);
                        lanes.push(Lane {
                            short: id.to_string(),
                            name: format!("{id} (agency missing)"),
                        });
                        extra.len() - 1
                    });
                    (review.agencies.len() + k) as u32
                }
            }
        };
        let mut short = Vec::with_capacity(review.chronology.len());
        let mut long = Vec::new();
        for (i, e) in review.chronology.iter().enumerate() {
            let e0 = day_number(e.date.earliest());
            let m = Mark {
                e0,
                e1: day_number(e.date.latest()).max(e0),
                lane: lane_of(e.agency, &mut lanes),
                idx: i as u32,
                bits: Glyph::bits(e),
            };
            if m.e1 - m.e0 <= SHORT_SPAN {
                short.push(m)
            } else {
                long.push(m)
            }
        }
        short.sort_by_key(|m| (m.e0, m.idx));
        long.sort_by_key(|m| (m.e0, m.idx));
        let long_max = long.iter().map(|m| m.e1 - m.e0).max().unwrap_or(0);
        let bands = review
            .episodes
            .iter()
            .filter_map(|ep| {
                let (first, last) = chrono::episode_span(review, ep)?;
                let (d0, d1) = (day_number(first), day_number(last));
                Some(Band {
                    id: ep.id,
                    d0,
                    d1,
                    title: if ep.title.is_empty() {
                        ep.id.to_string()
                    } else {
                        ep.title.clone()
                    },
                    appraisal: ep.appraisal,
                })
            })
            .collect::<Vec<_>>();
        let lo = short
            .iter()
            .chain(&long)
            .map(|m| m.e0)
            .chain(bands.iter().map(|b| b.d0))
            .min();
        let hi = short
            .iter()
            .chain(&long)
            .map(|m| m.e1)
            .chain(bands.iter().map(|b| b.d1))
            .max();
        Cache {
            revision,
            short,
            long,
            long_max,
            lanes,
            order: std::cell::OnceCell::new(),
            bands,
            span: lo.zip(hi),
        }
    }

    /// The chronological order and the rank of each index in it.
    fn order(&self, review: &Review) -> (&[u32], &[u32]) {
        let (order, rank) = self.order.get_or_init(|| {
            let order: Vec<u32> = chrono::order(review)
                .into_iter()
                .map(|i| i as u32)
                .collect();
            let mut rank = vec![0u32; order.len()];
            for (k, &i) in order.iter().enumerate() {
                if let Some(r) = rank.get_mut(i as usize) {
                    *r = k as u32;
                }
            }
            (order, rank)
        });
        (order, rank)
    }

    /// The entries that may show in days `lo..=hi`: both lists, binary-searched.
    fn visible(&self, lo: i32, hi: i32) -> impl Iterator<Item = &Mark> {
        fn window(list: &[Mark], max_span: i32, lo: i32, hi: i32) -> &[Mark] {
            let a = list.partition_point(|m| m.e0 < lo.saturating_sub(max_span));
            let b = list.partition_point(|m| m.e0 <= hi);
            list.get(a..b.max(a)).unwrap_or(&[])
        }
        window(&self.short, SHORT_SPAN, lo, hi)
            .iter()
            .chain(window(&self.long, self.long_max, lo, hi))
            .filter(move |m| m.e1 >= lo)
    }
}

/// The time units the axis can tick in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Years(i32),
}

impl Unit {
    /// Approximate length in days and the least room (points) its labels need.
    fn length_and_room(self) -> (f64, f64) {
        match self {
            Unit::Day => (1.0, 24.0),
            Unit::Week => (7.0, 50.0),
            Unit::Month => (30.44, 34.0),
            Unit::Quarter => (91.3, 30.0),
            Unit::Years(n) => (365.25 * f64::from(n), 40.0),
        }
    }

    /// The finest unit whose labels fit at this zoom.
    fn for_zoom(ppd: f64) -> Unit {
        let candidates = [
            Unit::Day,
            Unit::Week,
            Unit::Month,
            Unit::Quarter,
            Unit::Years(1),
            Unit::Years(2),
            Unit::Years(5),
            Unit::Years(10),
            Unit::Years(20),
            Unit::Years(50),
            Unit::Years(100),
        ];
        candidates
            .into_iter()
            .find(|u| {
                let (len, room) = u.length_and_room();
                len * ppd >= room
            })
            .unwrap_or(Unit::Years(100))
    }

    /// Tick days from before `lo` to after `hi`, with the label of the period starting there.
    fn ticks(self, lo: i32, hi: i32, ppd: f64) -> Vec<(i32, String)> {
        let mut out = Vec::new();
        let (y0, m0, _) = civil_from_days(lo);
        match self {
            Unit::Day => {
                for d in lo - 1..=hi + 1 {
                    let (_, _, day) = civil_from_days(d);
                    let label = if ppd >= 70.0 {
                        const WEEKDAYS: [&str; 7] =
                            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
                        format!("{} {day}", WEEKDAYS[(d + 3).rem_euclid(7) as usize])
                    } else {
                        day.to_string()
                    };
                    out.push((d, label));
                }
            }
            Unit::Week => {
                // Weeks start on Monday (day 0 was a Thursday).
                let mut d = lo - (lo + 3).rem_euclid(7) - 7;
                while d <= hi + 7 {
                    let (_, m, day) = civil_from_days(d);
                    out.push((d, format!("{day} {}", month_short(m))));
                    d += 7;
                }
            }
            Unit::Month | Unit::Quarter => {
                let step = if self == Unit::Month { 1 } else { 3 };
                let (mut y, mut m) = (y0, (m0 - 1) / step * step + 1);
                loop {
                    let d = days_from_civil(y, m, 1);
                    let label = if step == 1 {
                        month_short(m).to_string()
                    } else {
                        format!("Q{}", (m - 1) / 3 + 1)
                    };
                    out.push((d, label));
                    if d > hi {
                        break;
                    }
                    m += step;
                    if m > 12 {
                        m -= 12;
                        y += 1;
                    }
                }
            }
            Unit::Years(n) => {
                let mut y = y0.div_euclid(n) * n;
                loop {
                    let d = days_from_civil(y, 1, 1);
                    out.push((d, y.to_string()));
                    if d > hi {
                        break;
                    }
                    y += n;
                }
            }
        }
        out
    }

    /// The coarser periods shown above the ticks (months over days and weeks, years over
    /// months and quarters), with their labels.
    fn major(self, lo: i32, hi: i32) -> Vec<(i32, String)> {
        match self {
            Unit::Day | Unit::Week => {
                let (mut y, mut m, _) = civil_from_days(lo);
                let mut out = Vec::new();
                loop {
                    let d = days_from_civil(y, m, 1);
                    out.push((d, format!("{} {y}", date::month_name(m as i8))));
                    if d > hi {
                        break;
                    }
                    m += 1;
                    if m > 12 {
                        m = 1;
                        y += 1;
                    }
                }
                out
            }
            Unit::Month | Unit::Quarter => Unit::Years(1).ticks(lo, hi, 0.0),
            Unit::Years(_) => Vec::new(),
        }
    }
}

/// The glyphs drawn for one entry (or several merged in one pixel column).
#[derive(Debug, Clone, Copy, Default)]
struct Glyph {
    x: f32,
    lane: u32,
    dot: bool,
    seen: bool,
    views: bool,
    missed: bool,
    good: bool,
    selected: bool,
}

impl Glyph {
    /// An entry's markers as bits: seen 1, views 2, missed 4, good 8, uncertain date 16.
    fn bits(e: &ChronologyEntry) -> u8 {
        u8::from(!e.date.is_exact()) << 4
            | u8::from(e.child_seen == Tri::Yes)
            | u8::from(e.views_sought == Tri::Yes) << 1
            | u8::from(e.flags.contains(&Flag::MissedOpportunity)) << 2
            | u8::from(e.flags.contains(&Flag::GoodPractice)) << 3
    }

    fn of(bits: u8, x: f32, lane: u32, dot: bool, selected: bool) -> Glyph {
        Glyph {
            x,
            lane,
            dot,
            seen: bits & 1 != 0,
            views: bits & 2 != 0,
            missed: bits & 4 != 0,
            good: bits & 8 != 0,
            selected,
        }
    }

    fn merge(&mut self, o: &Glyph) {
        self.dot |= o.dot;
        self.seen |= o.seen;
        self.views |= o.views;
        self.missed |= o.missed;
        self.good |= o.good;
        self.selected |= o.selected;
    }
}

/// Paint the markers of one entry around `c` (shared by the plot and the legend).
fn paint_glyph(shapes: &mut Vec<Shape>, ui: &Ui, g: &Glyph, c: Pos2, colour: Color32) {
    if g.selected {
        shapes.push(Shape::circle_filled(c, 12.0, theme::selection(ui)));
        shapes.push(Shape::circle_stroke(
            c,
            12.0,
            Stroke::new(1.5, ui.visuals().selection.stroke.color),
        ));
    }
    if g.dot {
        shapes.push(Shape::circle_filled(c, 3.5, colour));
    }
    if g.seen {
        shapes.push(Shape::circle_stroke(c, 6.0, Stroke::new(1.6, theme::SEEN)));
    }
    if g.views {
        shapes.push(Shape::circle_stroke(c, 8.5, Stroke::new(1.6, theme::VIEWS)));
    }
    if g.missed {
        // A triangle above, pointing down at the entry.
        let (t, s) = (c.y - 10.0, 4.5);
        shapes.push(Shape::convex_polygon(
            vec![
                pos2(c.x - s, t - s),
                pos2(c.x + s, t - s),
                pos2(c.x, t + s * 0.6),
            ],
            theme::MISSED,
            Stroke::NONE,
        ));
    }
    if g.good {
        // A triangle below, pointing up at the entry.
        let (t, s) = (c.y + 10.0, 4.5);
        shapes.push(Shape::convex_polygon(
            vec![
                pos2(c.x, t - s * 0.6),
                pos2(c.x + s, t + s),
                pos2(c.x - s, t + s),
            ],
            theme::GOOD,
            Stroke::NONE,
        ));
    }
}

/// Draw the workspace.
pub fn show(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    if state
        .cache
        .as_ref()
        .is_none_or(|c| c.revision != cx.revision)
    {
        state.cache = Some(Cache::build(cx.review, cx.revision));
    }
    let gap_days = state.gap_days.unwrap_or(DEFAULT_GAP_DAYS);
    if state
        .gaps
        .as_ref()
        .is_none_or(|(r, n, _)| *r != cx.revision || *n != gap_days)
    {
        let review = cx.review;
        let gaps = chrono::gaps(review, gap_days)
            .into_iter()
            .filter(|g| g.agency.is_none())
            .filter_map(|g| {
                let a = review.entry(g.after)?;
                let b = review.entry(g.before)?;
                Some((
                    day_number(a.date.latest()) + 1,
                    day_number(b.date.earliest()) - 1,
                    g.days,
                ))
            })
            .collect();
        state.gaps = Some((cx.revision, gap_days, gaps));
    }
    let Some(cache) = state.cache.take() else {
        return;
    };
    toolbar(ui, state, &cache, cx);
    legend(ui, state);
    ui.add_space(4.0);
    if cache.span.is_none() {
        ui.add_space(20.0);
        ui.label("No chronology entries yet. Add them in the Chronology workspace, or import an agency chronology.");
    } else {
        canvas(ui, state, &cache, cx);
    }
    state.cache = Some(cache);
}

fn fit(state: &mut State, cache: &Cache, width: f32) {
    let Some((lo, hi)) = cache.span else { return };
    let days = f64::from((hi - lo + 1).max(14));
    let margin = days * 0.03;
    let ppd =
        (f64::from(width.max(50.0)) / (days + 2.0 * margin)).clamp(MIN_PX_PER_DAY, MAX_PX_PER_DAY);
    let centre = f64::from(lo) + f64::from(hi - lo + 1) / 2.0;
    let start = centre - f64::from(width.max(50.0)) / ppd / 2.0;
    state.view = Some(View { start, ppd });
}

fn toolbar(ui: &mut Ui, state: &mut State, cache: &Cache, cx: &ViewCtx) {
    ui.horizontal(|ui| {
        ui.heading("Timeline");
        ui.separator();
        let plot_w = state.plot_width.max(100.0);
        if ui
            .button("Fit all")
            .on_hover_text("Show the whole chronology")
            .clicked()
        {
            state.view = None; // fitted to the plot's real width when drawn
        }
        let zoom = |state: &mut State, factor: f64| {
            if let Some(v) = &mut state.view {
                let mid = GUTTER_W + plot_w / 2.0;
                v.zoom_at(GUTTER_W, mid, factor);
                state.touched = true;
            }
        };
        if ui
            .button("−")
            .accessible_name("Zoom out")
            .on_hover_text("Zoom out (mouse wheel)")
            .clicked()
        {
            zoom(state, 1.0 / ZOOM_STEP);
        }
        if ui
            .button("+")
            .accessible_name("Zoom in")
            .on_hover_text("Zoom in (mouse wheel)")
            .clicked()
        {
            zoom(state, ZOOM_STEP);
        }
        ui.separator();
        let mut n = state.gap_days.unwrap_or(DEFAULT_GAP_DAYS);
        let l = ui.label("Gap threshold (days)");
        let r = ui
            .add(egui::DragValue::new(&mut n).range(1..=3650).speed(1.0))
            .labelled_by(l.id)
            .on_hover_text("Shade stretches longer than this with no contact from any agency");
        if r.changed() {
            state.gap_days = Some(n);
        }
        let gaps = state.gaps.as_ref().map_or(0, |g| g.2.len());
        ui.label(format!("{gaps} gaps"));
        ui.separator();
        let selected = cx.selection.entries.len();
        ui.label(
            egui::RichText::new(format!(
                "{} entries · {} agencies{}",
                cx.review.chronology.len(),
                cache.lanes.len(),
                if selected > 1 {
                    format!(" · {selected} selected")
                } else {
                    String::new()
                }
            ))
            .weak(),
        );
    });
}

fn legend(ui: &mut Ui, state: &State) {
    use super::graph::legend_item;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        let glyph = |ui: &mut Ui, g: Glyph, label: &str| {
            legend_item(ui, 20.0, label, |ui, r| {
                // Flags draw above or below their entry: centre them in the swatch.
                let dy = if g.missed {
                    8.0
                } else if g.good {
                    -8.0
                } else {
                    0.0
                };
                let mut shapes = Vec::new();
                paint_glyph(
                    &mut shapes,
                    ui,
                    &g,
                    r.center() + vec2(0.0, dy),
                    theme::category(0),
                );
                ui.painter().extend(shapes);
            });
        };
        let base = Glyph::default();
        glyph(ui, Glyph { dot: true, ..base }, "Entry");
        legend_item(ui, 22.0, "Uncertain date (earliest to latest)", |ui, r| {
            let bar = Rect::from_center_size(r.center(), vec2(20.0, 6.0));
            ui.painter()
                .rect_filled(bar, 3.0, theme::category(0).gamma_multiply(0.55));
        });
        glyph(ui, Glyph { seen: true, ..base }, "Child seen");
        glyph(
            ui,
            Glyph {
                views: true,
                ..base
            },
            "Child's views sought",
        );
        glyph(
            ui,
            Glyph {
                missed: true,
                ..base
            },
            "Missed opportunity",
        );
        glyph(ui, Glyph { good: true, ..base }, "Good practice");
        let gap = format!(
            "No contact for over {} days",
            state.gap_days.unwrap_or(DEFAULT_GAP_DAYS)
        );
        legend_item(ui, 20.0, &gap, |ui, r| {
            ui.painter()
                .rect_filled(r.shrink2(vec2(0.0, 3.0)), 2.0, theme::gap(ui));
        });
        legend_item(
            ui,
            46.0,
            "Episode: good, as expected, problematic",
            |ui, r| {
                let appraisals = [
                    Appraisal::Good,
                    Appraisal::AsExpected,
                    Appraisal::Problematic,
                ];
                for (k, a) in appraisals.into_iter().enumerate() {
                    let cell = Rect::from_min_size(
                        pos2(r.left() + k as f32 * 16.0, r.top() + 3.0),
                        vec2(14.0, r.height() - 6.0),
                    );
                    ui.painter().rect_filled(cell, 2.0, theme::episode_band(a));
                    ui.painter().hline(
                        cell.x_range(),
                        cell.bottom(),
                        Stroke::new(2.0, theme::appraisal(a)),
                    );
                }
            },
        );
        ui.label(
            egui::RichText::new(
                "Wheel: zoom · Drag: pan · Ctrl+click: select several · \
                 Left and Right arrow keys: previous or next entry",
            )
            .small()
            .weak(),
        );
    });
}

/// What the pointer is over.
#[derive(Debug, Clone, Copy)]
enum Hit {
    Entry { idx: u32, dist: f32, also: u32 },
    Episode(usize),
    Lane(usize),
}

#[allow(clippy::too_many_lines)]
fn canvas(ui: &mut Ui, state: &mut State, cache: &Cache, cx: &mut ViewCtx) {
    let size = ui.available_size().max(vec2(200.0, 120.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline of entries by agency")
    });
    let rect = response.rect;
    let review = cx.review;

    // Regions: axis and episode titles at the top, lane labels at the left.
    let ep_rows = if cache.bands.is_empty() {
        0
    } else {
        EPISODE_ROWS.min(cache.bands.len())
    };
    let plot_top = rect.top() + AXIS_H + ep_rows as f32 * EPISODE_ROW_H;
    let plot = Rect::from_min_max(pos2(rect.left() + GUTTER_W, plot_top), rect.max);
    let left = plot.left();
    state.plot_width = plot.width();
    let resized = state
        .fitted_width
        .is_some_and(|w| (w - plot.width()).abs() > 0.5);
    if state.view.is_none() || (resized && !state.touched) {
        fit(state, cache, plot.width());
        state.fitted_width = Some(plot.width());
        state.touched = false;
    }
    let Some(mut view) = state.view else { return };
    let view_before = view;

    // Lanes: fill the height when they fit, otherwise scroll.
    let n_lanes = cache.lanes.len().max(1);
    let lane_h = (plot.height() / n_lanes as f32).clamp(MIN_LANE_H, MAX_LANE_H);
    let max_scroll = (lane_h * n_lanes as f32 - plot.height()).max(0.0);

    // Pan and zoom.
    let pointer = ui.input(|i| i.pointer.hover_pos());
    if response.dragged_by(egui::PointerButton::Primary)
        || response.dragged_by(egui::PointerButton::Middle)
    {
        let d = response.drag_delta();
        view.start -= f64::from(d.x) / view.ppd;
        state.scroll_y -= d.y;
    }
    if response.hovered()
        && let Some(p) = pointer
    {
        let speed = ui.ctx().options(|o| o.input_options.scroll_zoom_speed);
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = (f64::from(scroll.y * speed)).exp() * f64::from(zoom);
        if (factor - 1.0).abs() > 1e-6 {
            view.zoom_at(left, p.x.max(left), factor);
        }
        if scroll.x != 0.0 {
            view.start -= f64::from(scroll.x) / view.ppd;
        }
    }
    state.scroll_y = state.scroll_y.clamp(0.0, max_scroll);
    let lane_top_at = |lane: usize, scroll: f32| plot.top() + lane as f32 * lane_h - scroll;

    // Keyboard: Left and Right move the selection through the chronology.
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            );
        });
    }
    if (response.hovered() || response.has_focus()) && !ui.ctx().text_edit_focused() {
        let (prev, next) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
            )
        });
        if prev || next {
            step_selection(state, cache, cx, &view, plot, next);
        }
    }
    if let Some(idx) = state.reveal.take() {
        let m = cache
            .short
            .iter()
            .chain(&cache.long)
            .find(|m| m.idx == idx)
            .copied();
        if let Some(m) = m {
            let (x0, x1) = (
                view.x(left, f64::from(m.e0)),
                view.x(left, f64::from(m.e1 + 1)),
            );
            if x1 < plot.left() + 20.0 || x0 > plot.right() - 20.0 {
                view.start = f64::from(m.e0) - f64::from(plot.width()) / view.ppd / 2.0;
            }
            let t = lane_top_at(m.lane as usize, state.scroll_y);
            let b = t + lane_h;
            if t < plot.top() {
                state.scroll_y -= plot.top() - t;
            } else if b > plot.bottom() {
                state.scroll_y += b - plot.bottom();
            }
            state.scroll_y = state.scroll_y.clamp(0.0, max_scroll);
        }
    }
    // Once the user has worked in the timeline, a resized plot no longer refits it.
    state.touched |= view != view_before || response.clicked() || response.drag_started();
    state.view = Some(view);
    let scroll_y = state.scroll_y;
    let lane_top = |lane: usize| lane_top_at(lane, scroll_y);

    let lo = view.day(left, plot.left()).floor() as i32 - 1;
    let hi = view.day(left, plot.right()).ceil() as i32 + 1;
    let visuals = ui.visuals().clone();
    let text_colour = visuals.text_color();
    let weak = visuals.weak_text_color();
    let small = FontId::proportional(11.0);
    let body = FontId::proportional(13.0);
    let mut hit: Option<Hit> = None;

    // Lanes: fills and labels.
    let first_lane = ((state.scroll_y / lane_h).floor() as usize).min(n_lanes);
    let last_lane =
        (((state.scroll_y + plot.height()) / lane_h).ceil() as usize).min(cache.lanes.len());
    let lanes_clip =
        painter.with_clip_rect(Rect::from_min_max(pos2(rect.left(), plot.top()), rect.max));
    for (i, lane) in cache
        .lanes
        .iter()
        .enumerate()
        .take(last_lane)
        .skip(first_lane)
    {
        let t = lane_top(i);
        let r = Rect::from_min_max(pos2(rect.left(), t), pos2(rect.right(), t + lane_h));
        lanes_clip.rect_filled(r, 0.0, theme::lane_fill(ui, i));
        lanes_clip.rect_filled(
            Rect::from_min_size(r.min, vec2(4.0, lane_h)),
            0.0,
            theme::category(i),
        );
        let label = lanes_clip.layout_job(egui::text::LayoutJob {
            wrap: egui::text::TextWrapping::truncate_at_width(GUTTER_W - 14.0),
            ..egui::text::LayoutJob::simple_singleline(
                lane.short.clone(),
                body.clone(),
                text_colour,
            )
        });
        let pos = pos2(r.left() + 10.0, r.center().y - label.size().y / 2.0);
        lanes_clip.galley(pos, label, text_colour);
        if let Some(p) = pointer
            && p.x < left
            && r.contains(p)
            && p.y >= plot.top()
        {
            hit = Some(Hit::Lane(i));
        }
    }
    painter.vline(
        left,
        plot.y_range(),
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
    );

    // The plot, clipped.
    let plot_painter = painter.with_clip_rect(plot);
    let unit = Unit::for_zoom(view.ppd);
    let ticks = unit.ticks(lo, hi, view.ppd);
    let grid = Stroke::new(
        1.0,
        visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.6),
    );
    for (d, _) in &ticks {
        plot_painter.vline(view.x(left, f64::from(*d)), plot.y_range(), grid);
    }

    // Gaps in contact, across every lane.
    if let Some((_, _, gaps)) = &state.gaps {
        for &(g0, g1, days) in gaps.iter().filter(|g| g.1 >= lo && g.0 <= hi) {
            let (x0, x1) = (view.x(left, f64::from(g0)), view.x(left, f64::from(g1 + 1)));
            let r = Rect::from_x_y_ranges(x0..=x1, plot.y_range());
            plot_painter.rect_filled(r, 0.0, theme::gap(ui));
            let label = plot_painter.layout_no_wrap(format!("{days} days"), small.clone(), weak);
            if label.size().x + 8.0 < r.width() {
                let cx_ = r.center().x.clamp(
                    plot.left() + label.size().x / 2.0 + 4.0,
                    plot.right() - label.size().x / 2.0 - 4.0,
                );
                let cx_ = cx_.clamp(
                    r.left() + label.size().x / 2.0 + 4.0,
                    r.right() - label.size().x / 2.0 - 4.0,
                );
                plot_painter.galley(
                    pos2(
                        cx_ - label.size().x / 2.0,
                        plot.bottom() - label.size().y - 4.0,
                    ),
                    label,
                    weak,
                );
            }
        }
    }

    // Episode bands, with their titles in rows above the lanes.
    let titles_rect = Rect::from_min_max(
        pos2(left, rect.top() + AXIS_H),
        pos2(rect.right(), plot.top()),
    );
    let title_painter = painter.with_clip_rect(titles_rect);
    let mut row_ends = [f32::NEG_INFINITY; EPISODE_ROWS];
    for (k, b) in cache.bands.iter().enumerate() {
        if b.d1 < lo || b.d0 > hi {
            continue;
        }
        let (x0, x1) = (
            view.x(left, f64::from(b.d0)),
            view.x(left, f64::from(b.d1 + 1)),
        );
        let (x0, x1) = (x0, x1.max(x0 + 2.0));
        let colour = theme::appraisal(b.appraisal);
        plot_painter.rect_filled(
            Rect::from_x_y_ranges(x0..=x1, plot.y_range()),
            0.0,
            theme::episode_band(b.appraisal),
        );
        plot_painter.vline(
            x0,
            plot.y_range(),
            Stroke::new(1.0, colour.gamma_multiply(0.5)),
        );
        plot_painter.vline(
            x1,
            plot.y_range(),
            Stroke::new(1.0, colour.gamma_multiply(0.5)),
        );
        // Title: in the first row where it does not overlap another, cut to the band.
        let tx0 = x0.max(left) + 4.0;
        let room = x1.min(rect.right()) - tx0 - 4.0;
        let Some(row) = (0..ep_rows).find(|&r| row_ends[r] < tx0 - 6.0) else {
            continue;
        };
        let r = Rect::from_min_max(
            pos2(x0, titles_rect.top() + row as f32 * EPISODE_ROW_H + 1.0),
            pos2(
                x1,
                titles_rect.top() + (row + 1) as f32 * EPISODE_ROW_H - 1.0,
            ),
        );
        title_painter.rect_filled(r, 3.0, theme::episode_band(b.appraisal));
        title_painter.hline(r.x_range(), r.bottom(), Stroke::new(2.0, colour));
        if room >= 18.0 {
            let galley = title_painter.layout_job(egui::text::LayoutJob {
                wrap: egui::text::TextWrapping::truncate_at_width(room),
                ..egui::text::LayoutJob::simple_singleline(
                    b.title.clone(),
                    small.clone(),
                    text_colour,
                )
            });
            let w = galley.size().x;
            title_painter.galley(
                pos2(tx0, r.center().y - galley.size().y / 2.0),
                galley,
                text_colour,
            );
            row_ends[row] = tx0 + w;
        } else {
            row_ends[row] = x1;
        }
        if let Some(p) = pointer
            && r.contains(p)
        {
            hit = Some(Hit::Episode(k));
        }
    }

    // Entries.
    let selected: Vec<u32> = {
        let mut v: Vec<u32> = cx
            .selection
            .entries
            .iter()
            .chain(
                match cx.selection.primary {
                    Some(Key::Entry(id)) => Some(id),
                    _ => None,
                }
                .iter(),
            )
            .filter_map(|id| review.chronology.binary_search_by(|e| e.id.cmp(id)).ok())
            .map(|i| i as u32)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let is_selected = |idx: u32| !selected.is_empty() && selected.binary_search(&idx).is_ok();
    let hover_lane = pointer
        .filter(|p| plot.contains(*p))
        .map(|p| ((p.y - plot.top() + state.scroll_y) / lane_h).floor() as usize);
    let mut pending: Vec<Option<(i64, Glyph)>> = vec![None; cache.lanes.len()];
    let mut last_span: Vec<(i64, i64)> = vec![(i64::MIN, i64::MIN); cache.lanes.len()];
    let mut shapes: Vec<Shape> = Vec::new();
    let mut sel_lines: Vec<f32> = Vec::new();
    let mut glyphs: Vec<Glyph> = Vec::new();
    let lane_range = first_lane..last_lane;
    // Far out over thousands of entries, draw lighter shapes (see DENSE_GLYPHS).
    let dense = cache
        .visible(lo, hi)
        .filter(|m| lane_range.contains(&(m.lane as usize)))
        .take(DENSE_GLYPHS * 2 + 1)
        .count()
        > DENSE_GLYPHS * 2;
    for m in cache.visible(lo, hi) {
        let lane = m.lane as usize;
        if !lane_range.contains(&lane) {
            continue;
        }
        let cy = lane_top(lane) + lane_h / 2.0;
        let exact = m.bits & 16 == 0;
        let (x0, x1) = (
            view.x(left, f64::from(m.e0)),
            view.x(left, f64::from(m.e1 + 1)),
        );
        let x = if exact { (x0 + x1) / 2.0 } else { x0 };
        let sel = is_selected(m.idx);
        if sel && sel_lines.len() < 64 {
            sel_lines.push(if exact { x } else { (x0 + x1) / 2.0 });
        }
        // Hover: nearest entry in the lane under the pointer.
        if hover_lane == Some(lane)
            && let Some(p) = pointer
        {
            let dist = if exact {
                (p.x - x).abs()
            } else if p.x >= x0 - 2.0 && p.x <= x1 + 2.0 {
                HIT_RADIUS - 1.0
            } else {
                f32::INFINITY
            };
            if dist <= HIT_RADIUS {
                hit = match hit {
                    Some(Hit::Entry { idx, dist: d, also }) if d <= dist => Some(Hit::Entry {
                        idx,
                        dist: d,
                        also: also + 1,
                    }),
                    Some(Hit::Entry { also, .. }) => Some(Hit::Entry {
                        idx: m.idx,
                        dist,
                        also: also + 1,
                    }),
                    _ => Some(Hit::Entry {
                        idx: m.idx,
                        dist,
                        also: 0,
                    }),
                };
            }
        }
        let colour = theme::category(lane);
        // A span: at most one per lane per pair of pixel columns. Far out over thousands
        // of entries (dense), a span instead joins the bars of contact at its middle.
        if !exact && (!dense || sel) {
            let cols = (x0.floor() as i64, x1.floor() as i64);
            if last_span[lane] != cols || sel {
                last_span[lane] = cols;
                let r = Rect::from_min_max(pos2(x0, cy - 3.0), pos2(x1.max(x0 + 2.0), cy + 3.0));
                if sel {
                    shapes.push(Shape::rect_filled(r.expand(3.0), 4.0, theme::selection(ui)));
                }
                shapes.push(Shape::rect_filled(r, 3.0, colour.gamma_multiply(0.55)));
                shapes.push(Shape::vline(
                    x0,
                    (cy - 5.0)..=(cy + 5.0),
                    Stroke::new(1.5, colour),
                ));
                shapes.push(Shape::vline(
                    x1,
                    (cy - 5.0)..=(cy + 5.0),
                    Stroke::new(1.5, colour),
                ));
            }
        }
        // The markers: merged per lane per pixel column.
        let mx = if exact {
            x
        } else {
            ((x0 + x1) / 2.0).clamp(plot.left(), plot.right())
        };
        let g = Glyph::of(m.bits, mx, m.lane, exact, sel && exact);
        if !(g.dot || g.seen || g.views || g.missed || g.good || g.selected) {
            continue;
        }
        // Markers are 7 to 17 points wide: merging per few points draws the same picture
        // with far fewer shapes when thousands of entries share a lane.
        let col = (mx / MERGE_PX).floor() as i64;
        match &mut pending[lane] {
            Some((c, p)) if *c == col => p.merge(&g),
            slot => {
                if let Some((_, p)) = slot.take() {
                    glyphs.push(p);
                }
                *slot = Some((col, g));
            }
        }
    }
    glyphs.extend(pending.into_iter().flatten().map(|(_, g)| g));
    // Plain dots first, so that flags and selections draw on top of neighbours.
    for x in &sel_lines {
        plot_painter.vline(*x, plot.y_range(), Stroke::new(2.0, theme::selection(ui)));
    }
    if dense || glyphs.len() > DENSE_GLYPHS {
        // Zoomed far out over thousands of entries: each lane becomes bars of contact
        // (runs of neighbouring markers) with ticks for missed opportunities (above)
        // and good practice (below); selected entries keep their full marker. The same
        // information in a few hundred shapes instead of tens of thousands of circles.
        glyphs.sort_by(|a, b| a.lane.cmp(&b.lane).then(a.x.total_cmp(&b.x)));
        let mut run: Option<(u32, f32, f32)> = None;
        let flush = |run: Option<(u32, f32, f32)>, shapes: &mut Vec<Shape>| {
            if let Some((lane, x0, x1)) = run {
                let cy = lane_top(lane as usize) + lane_h / 2.0;
                shapes.push(Shape::rect_filled(
                    Rect::from_min_max(pos2(x0 - 1.5, cy - 3.0), pos2(x1 + 1.5, cy + 3.0)),
                    1.0,
                    theme::category(lane as usize),
                ));
            }
        };
        for g in &glyphs {
            run = match run {
                Some((lane, x0, x1)) if lane == g.lane && g.x - x1 <= MERGE_PX * 2.0 => {
                    Some((lane, x0, g.x))
                }
                other => {
                    flush(other, &mut shapes);
                    Some((g.lane, g.x, g.x))
                }
            };
        }
        flush(run, &mut shapes);
        for g in &glyphs {
            let cy = lane_top(g.lane as usize) + lane_h / 2.0;
            if g.missed {
                shapes.push(Shape::vline(
                    g.x,
                    (cy - 12.0)..=(cy - 5.0),
                    Stroke::new(2.0, theme::MISSED),
                ));
            }
            if g.good {
                shapes.push(Shape::vline(
                    g.x,
                    (cy + 5.0)..=(cy + 12.0),
                    Stroke::new(2.0, theme::GOOD),
                ));
            }
            if g.selected {
                paint_glyph(
                    &mut shapes,
                    ui,
                    g,
                    pos2(g.x, cy),
                    theme::category(g.lane as usize),
                );
            }
        }
    } else {
        glyphs.sort_by_key(|g| (g.selected, g.missed || g.good, g.seen || g.views));
        for g in &glyphs {
            let cy = lane_top(g.lane as usize) + lane_h / 2.0;
            paint_glyph(
                &mut shapes,
                ui,
                g,
                pos2(g.x, cy),
                theme::category(g.lane as usize),
            );
        }
    }
    plot_painter.extend(shapes);

    // The axis, on top.
    let axis = Rect::from_min_max(
        pos2(rect.left(), rect.top()),
        pos2(rect.right(), rect.top() + AXIS_H),
    );
    painter.rect_filled(axis, 0.0, visuals.panel_fill);
    painter.hline(
        axis.x_range(),
        axis.bottom(),
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
    );
    let axis_painter = painter.with_clip_rect(Rect::from_min_max(pos2(left, axis.top()), axis.max));
    let mid = axis.top() + AXIS_H / 2.0;
    for w in ticks.windows(2) {
        let ((d0, label), (d1, _)) = (&w[0], &w[1]);
        let (x0, x1) = (view.x(left, f64::from(*d0)), view.x(left, f64::from(*d1)));
        axis_painter.vline(
            x0,
            (axis.bottom() - 6.0)..=axis.bottom(),
            Stroke::new(1.0, weak),
        );
        let galley = axis_painter.layout_no_wrap(label.clone(), small.clone(), text_colour);
        if galley.size().x + 4.0 <= x1 - x0 {
            let x = ((x0 + x1) / 2.0 - galley.size().x / 2.0)
                .clamp(x0 + 2.0, x1 - galley.size().x - 2.0);
            axis_painter.galley(pos2(x, mid + 2.0), galley, text_colour);
        }
    }
    let major = unit.major(lo, hi);
    for (k, (d, label)) in major.iter().enumerate() {
        let x = view.x(left, f64::from(*d));
        let next = major
            .get(k + 1)
            .map_or(f32::INFINITY, |(d1, _)| view.x(left, f64::from(*d1)));
        axis_painter.vline(x, axis.top()..=axis.bottom(), Stroke::new(1.0, weak));
        let galley = axis_painter.layout_no_wrap(label.clone(), body.clone(), text_colour);
        // Sticky: the period's label stays at the left edge while the period is in view,
        // and is left out when it no longer fits before the next period or the edge.
        let from = x.max(left);
        let w = galley.size().x;
        if next.min(axis.right()) - from >= w + 8.0 {
            let tx = (from + 4.0).min(next - w - 4.0);
            axis_painter.galley(pos2(tx, axis.top() + 3.0), galley, text_colour);
        }
    }
    painter.text(
        pos2(rect.left() + 8.0, mid),
        Align2::LEFT_CENTER,
        "Agency",
        small.clone(),
        weak,
    );
    if max_scroll > 0.0 {
        // A thin scroll indicator at the right edge of the lanes.
        let frac = plot.height() / (plot.height() + max_scroll);
        let h = plot.height() * frac;
        let t = plot.top() + (plot.height() - h) * (state.scroll_y / max_scroll);
        painter.rect_filled(
            Rect::from_min_size(pos2(plot.right() - 5.0, t), vec2(4.0, h)),
            2.0,
            weak.gamma_multiply(0.6),
        );
    }

    // Hover and click.
    let response = match hit {
        Some(Hit::Entry { idx, also, .. }) => match review.chronology.get(idx as usize) {
            Some(e) => response.on_hover_ui_at_pointer(|ui| entry_tooltip(ui, review, e, also)),
            None => response,
        },
        Some(Hit::Episode(k)) => match cache.bands.get(k) {
            Some(b) => response.on_hover_ui_at_pointer(|ui| {
                ui.strong(&b.title);
                ui.label(format!("Episode {} · {}", b.id, b.appraisal.label()));
                ui.weak("Click to select");
            }),
            None => response,
        },
        Some(Hit::Lane(i)) => match cache.lanes.get(i) {
            Some(l) => response.on_hover_text_at_pointer(&l.name),
            None => response,
        },
        None => response,
    };
    if response.clicked() {
        let multi = ui.input(|i| i.modifiers.command);
        match hit {
            Some(Hit::Entry { idx, .. }) => {
                if let Some(e) = review.chronology.get(idx as usize) {
                    let id = e.id;
                    let mut sel = if multi {
                        cx.selection.clone()
                    } else {
                        Selection::default()
                    };
                    if multi && sel.entries.contains(&id) {
                        sel.entries.remove(&id);
                        if sel.primary == Some(Key::Entry(id)) {
                            sel.primary = sel.entries.iter().next_back().map(|x| Key::Entry(*x));
                        }
                    } else {
                        if multi && let Some(Key::Entry(p)) = sel.primary {
                            sel.entries.insert(p);
                        }
                        sel.entries.insert(id);
                        sel.primary = Some(Key::Entry(id));
                    }
                    sel.outcome = false;
                    cx.act(Action::Select(sel));
                }
            }
            Some(Hit::Episode(k)) => {
                if let Some(b) = cache.bands.get(k) {
                    cx.select(Key::Episode(b.id));
                }
            }
            Some(Hit::Lane(i)) => {
                if let Some(a) = review.agencies.get(i) {
                    cx.select(Key::Agency(a.id));
                }
            }
            None => {
                if !multi && (cx.selection.primary.is_some() || !cx.selection.entries.is_empty()) {
                    cx.act(Action::Select(Selection::default()));
                }
            }
        }
    }
    let cursor = match hit {
        Some(Hit::Entry { .. } | Hit::Episode(_)) => egui::CursorIcon::PointingHand,
        _ if response.dragged() => egui::CursorIcon::Grabbing,
        _ => egui::CursorIcon::Default,
    };
    if response.hovered() {
        ui.ctx().set_cursor_icon(cursor);
    }
}

fn tri_text(t: Tri) -> &'static str {
    match t {
        Tri::Yes => "yes",
        Tri::No => "no",
        Tri::Unknown => "not recorded",
    }
}

fn entry_tooltip(ui: &mut Ui, review: &Review, e: &ChronologyEntry, also: u32) {
    ui.set_max_width(360.0);
    let date = if e.date.is_exact() {
        e.date.human()
    } else {
        format!("{} ({})", e.date.human(), e.date.precision_label())
    };
    let time = e
        .time
        .map(|t| format!(" {:02}:{:02}", t.hour(), t.minute()))
        .unwrap_or_default();
    ui.strong(format!("{date}{time} · {}", e.id));
    ui.label(review.agency_name(e.agency));
    if !e.event_type.is_empty() {
        ui.label(egui::RichText::new(&e.event_type).italics());
    }
    if !e.summary.is_empty() {
        let summary: String = e.summary.chars().take(400).collect();
        ui.label(if summary.len() < e.summary.len() {
            format!("{summary}…")
        } else {
            summary
        });
    }
    ui.label(format!(
        "Child seen: {} · Views sought: {}",
        tri_text(e.child_seen),
        tri_text(e.views_sought)
    ));
    for f in &e.flags {
        let colour = match f {
            Flag::MissedOpportunity => theme::MISSED,
            Flag::GoodPractice => theme::GOOD,
            Flag::NeedsChecking => theme::severity(crate::analysis::Severity::Warning),
        };
        ui.colored_label(colour, f.label());
    }
    if also > 0 {
        ui.weak(format!("{also} more here: zoom in to tell them apart"));
    }
}

/// Move the selection to the previous or next entry in time, and bring it into view.
fn step_selection(
    state: &mut State,
    cache: &Cache,
    cx: &mut ViewCtx,
    view: &View,
    plot: Rect,
    forward: bool,
) {
    let review = cx.review;
    let current = match cx.selection.primary {
        Some(Key::Entry(id)) => review.chronology.binary_search_by(|e| e.id.cmp(&id)).ok(),
        _ => None,
    };
    let (order, rank) = cache.order(review);
    let next_pos = match current.and_then(|i| rank.get(i).copied()) {
        Some(r) if forward => (r as usize + 1).min(order.len().saturating_sub(1)),
        Some(r) => (r as usize).saturating_sub(1),
        None => {
            // Nothing selected: start from the edge of the visible range.
            let edge = if forward {
                view.day(plot.left(), plot.left())
            } else {
                view.day(plot.left(), plot.right())
            };
            let edge = edge as i32;
            let after = order.partition_point(|&i| {
                review
                    .chronology
                    .get(i as usize)
                    .is_some_and(|e| day_number(e.date.anchor()) < edge)
            });
            if forward {
                after.min(order.len().saturating_sub(1))
            } else {
                after.saturating_sub(1)
            }
        }
    };
    if let Some(&idx) = order.get(next_pos)
        && let Some(e) = review.chronology.get(idx as usize)
    {
        cx.select(Key::Entry(e.id));
        state.reveal = Some(idx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(day_number(Date::constant(2016, 5, 3)), 16_924);
        for z in [-800_000, -1, 0, 1, 59, 60, 16_924, 20_000, 800_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        // Leap day.
        assert_eq!(civil_from_days(days_from_civil(2016, 2, 29)), (2016, 2, 29));
        // 2016-05-02 was a Monday.
        assert_eq!((days_from_civil(2016, 5, 2) + 3).rem_euclid(7), 0);
    }

    #[test]
    fn ticks_adapt_to_zoom() {
        assert_eq!(Unit::for_zoom(0.05), Unit::Years(5));
        assert_eq!(Unit::for_zoom(0.5), Unit::Quarter);
        assert_eq!(Unit::for_zoom(2.0), Unit::Month);
        assert_eq!(Unit::for_zoom(10.0), Unit::Week);
        assert_eq!(Unit::for_zoom(40.0), Unit::Day);
        let lo = days_from_civil(2016, 2, 10);
        let hi = days_from_civil(2016, 6, 10);
        let months = Unit::Month.ticks(lo, hi, 2.0);
        let labels: Vec<&str> = months.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Feb", "Mar", "Apr", "May", "Jun", "Jul"]);
        let weeks = Unit::Week.ticks(lo, hi, 10.0);
        assert!(
            weeks.iter().all(|(d, _)| (d + 3).rem_euclid(7) == 0),
            "weeks start on Monday"
        );
        let quarters = Unit::Quarter.ticks(lo, hi, 0.5);
        assert_eq!(quarters.first().map(|q| q.1.as_str()), Some("Q1"));
        assert_eq!(
            Unit::Month.major(lo, hi).first().map(|m| m.1.as_str()),
            Some("2016")
        );
        assert_eq!(
            Unit::Day.major(lo, hi).first().map(|m| m.1.as_str()),
            Some("February 2016")
        );
    }

    fn agency(id: u32) -> Agency {
        Agency {
            id: AgencyId(id),
            name: format!("Agency {id}"),
            short_name: format!("AG{id}"),
            sector: Sector::Other,
            import_columns: Default::default(),
        }
    }

    fn entry(id: u32, agency: u32, date: &str) -> ChronologyEntry {
        ChronologyEntry {
            summary: format!("Entry {id}"),
            ..ChronologyEntry::new(EventId(id), date.parse().expect("date"), AgencyId(agency))
        }
    }

    #[test]
    fn visible_window_finds_long_spans() {
        let mut r = Review {
            agencies: vec![agency(1)],
            ..Review::default()
        };
        let entry = |id: u32, date: &str| entry(id, 1, date);
        r.chronology = vec![
            entry(1, "2010..2020"),
            entry(2, "2016-05-03"),
            entry(3, "2012-01-01"),
            entry(4, "2016-05"),
        ];
        let c = Cache::build(&r, 1);
        let d = days_from_civil(2016, 5, 10);
        let mut ids: Vec<u32> = c.visible(d, d + 1).map(|m| m.idx + 1).collect();
        ids.sort_unstable();
        assert_eq!(ids, [1, 4]); // the decade-long range and the month; not the 3rd or the 2012 day
        assert_eq!(
            c.span,
            Some((days_from_civil(2010, 1, 1), days_from_civil(2020, 12, 31)))
        );
        assert_eq!(c.order(&r).0.len(), 4);
    }

    #[test]
    fn arrow_keys_walk_the_chronology_and_clicks_select() {
        use crate::ui::{App, Workspace};
        use egui_kittest::Harness;
        use egui_kittest::kittest::Queryable;
        let review = Review {
            agencies: vec![agency(1), agency(2)],
            chronology: vec![
                entry(1, 1, "2016-05-03"),
                entry(2, 2, "2016-03-01"),
                entry(3, 1, "c. 2016-08"),
            ],
            ..Review::default()
        };
        let mut app = App::with_review(review, None);
        app.workspace = Workspace::Timeline;
        let mut h = Harness::builder()
            .with_size(vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        h.run();
        let canvas = h.get_by_label("Timeline of entries by agency").rect();
        h.hover_at(canvas.center());
        h.run();
        let mut walk = Vec::new();
        for key in [
            egui::Key::ArrowRight,
            egui::Key::ArrowRight,
            egui::Key::ArrowRight,
            egui::Key::ArrowLeft,
        ] {
            h.key_press(key);
            h.run();
            walk.push(h.state().selection.primary);
        }
        let e = |id| Some(Key::Entry(EventId(id)));
        assert_eq!(walk, [e(2), e(1), e(3), e(1)]);
        h.get_by_label("Zoom in").click();
        h.run();
        h.get_by_label("Fit all").click();
        h.run();

        // Where an entry is, from the same fit as the view's (the canvas may have
        // changed size with the inspector: measure it each time).
        let at = |h: &Harness<'_, App>, date: &str| {
            let canvas = h.get_by_label("Timeline of entries by agency").rect();
            let mut state = State::default();
            let cache = Cache::build(&h.state().doc.review, 0);
            let plot = Rect::from_min_max(
                pos2(canvas.left() + GUTTER_W, canvas.top() + AXIS_H),
                canvas.max,
            );
            fit(&mut state, &cache, plot.width());
            let view = state.view.expect("fitted");
            let d: EventDate = date.parse().expect("date");
            let (a, b) = (day_number(d.earliest()), day_number(d.latest()) + 1);
            let x = view.x(plot.left(), (f64::from(a) + f64::from(b)) / 2.0);
            pos2(x, plot.top() + MAX_LANE_H / 2.0)
        };
        let click = |h: &mut Harness<'_, App>, pos: Pos2, modifiers: egui::Modifiers| {
            h.event(egui::Event::ModifiersChanged(modifiers));
            h.hover_at(pos);
            let button = |pressed| egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers,
            };
            h.event(button(true));
            h.step(); // one frame only: a longer press is a drag, not a click
            h.event(button(false));
            h.run();
            h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
            h.run();
        };
        let p = at(&h, "2016-05-03");
        click(&mut h, p, egui::Modifiers::NONE);
        assert_eq!(h.state().selection, Selection::only(Key::Entry(EventId(1))));
        // Ctrl+click adds to the selection, and again takes away.
        let p = at(&h, "c. 2016-08");
        click(&mut h, p, egui::Modifiers::COMMAND);
        let sel = h.state().selection.clone();
        assert_eq!(sel.primary, e(3));
        assert_eq!(sel.entries.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 3]);
        let p = at(&h, "c. 2016-08");
        click(&mut h, p, egui::Modifiers::COMMAND);
        assert_eq!(
            h.state()
                .selection
                .entries
                .iter()
                .map(|x| x.0)
                .collect::<Vec<_>>(),
            [1]
        );
    }
}

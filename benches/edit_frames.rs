//! Issue 13's figure: the frame right after an edit, against the idle frame of the same
//! workspace. For each of the chronology, timeline and factor graph, at 500, 5,000 and
//! 50,000 entries, five edits a reviewer makes all the time: a key typed in an entry's
//! summary, an entry added, an entry deleted, a factor dragged by a pixel, and an undo.
//! Each timed sample is the edit applied (as the app applies a view's edit after a frame)
//! plus the next whole frame (`App::show` on a headless `egui::Context` at 1600 x 1000,
//! tessellation included). Run with `cargo bench --bench edit_frames`.
//!
//! Target at 50,000 entries: every row under 8 ms and at most 3x the idle frame.

mod common;

use common::*;
use scr_workbench::model::*;
use scr_workbench::synth;
use scr_workbench::ui::{App, Workspace, document::MergeKey};
use std::time::Instant;

#[global_allocator]
static ALLOC: Counting = Counting;

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    }
}

/// One whole frame, tessellation included.
fn frame(ctx: &egui::Context, app: &mut App) {
    let out = ctx.run_ui(input(), |ui| app.show(ui));
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(prims);
}

/// The edits measured.
#[derive(Clone, Copy)]
enum EditKind {
    Type,
    Add,
    Delete,
    Drag,
    Undo,
}

impl EditKind {
    const ALL: [EditKind; 5] = [
        EditKind::Type,
        EditKind::Add,
        EditKind::Delete,
        EditKind::Drag,
        EditKind::Undo,
    ];

    fn label(self) -> &'static str {
        match self {
            EditKind::Type => "type a key in a summary",
            EditKind::Add => "add an entry",
            EditKind::Delete => "delete an entry",
            EditKind::Drag => "drag a factor",
            EditKind::Undo => "undo",
        }
    }
}

/// An entry in the middle of the chronology, changed by one more letter.
fn typed(app: &App, n: usize) -> Edit {
    let r = &app.doc.review;
    let mut e = r.chronology[r.chronology.len() / 2].clone();
    e.summary.push(if n.is_multiple_of(2) { 'a' } else { ' ' });
    Edit::Put(Item::Entry(Box::new(e)))
}

/// The first factor moved by a pixel.
fn dragged(app: &App, n: usize) -> Option<Edit> {
    let mut f = app.doc.review.factors.first()?.clone();
    f.position.x += if n.is_multiple_of(2) { 1.0 } else { -1.0 };
    Some(Edit::Put(Item::Factor(f)))
}

/// A new entry dated like the middle one, in the first agency.
fn added(app: &App) -> Option<(Edit, EventId)> {
    let r = &app.doc.review;
    let id = r.next_entry_id();
    let date = r.chronology.get(r.chronology.len() / 2)?.date;
    let agency = r.agencies.first()?.id;
    let e = ChronologyEntry::new(id, date, agency);
    Some((Edit::Put(Item::Entry(Box::new(e))), id))
}

/// Median milliseconds of `runs` samples of one edit kind; the review ends as it began
/// (an added entry is deleted again, untimed, and the other way round).
fn edit_frames(ctx: &egui::Context, app: &mut App, kind: EditKind, runs: usize) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for n in 0..runs {
        let timed = |app: &mut App, apply: &mut dyn FnMut(&mut App)| {
            let t = Instant::now();
            apply(app);
            frame(ctx, app);
            t.elapsed().as_secs_f64() * 1e3
        };
        let ms = match kind {
            EditKind::Type => {
                let e = typed(app, n);
                timed(app, &mut |app| {
                    app.doc
                        .apply(e.clone(), Some(MergeKey("bench typing".into())))
                })
            }
            EditKind::Drag => {
                let Some(e) = dragged(app, n) else {
                    return f64::NAN;
                };
                timed(app, &mut |app| {
                    app.doc
                        .apply(e.clone(), Some(MergeKey("bench drag".into())))
                })
            }
            EditKind::Add => {
                let Some((e, id)) = added(app) else {
                    return f64::NAN;
                };
                let ms = timed(app, &mut |app| app.doc.apply(e.clone(), None));
                app.doc.apply(Edit::Remove(Key::Entry(id)), None);
                frame(ctx, app);
                ms
            }
            EditKind::Delete => {
                let Some((e, id)) = added(app) else {
                    return f64::NAN;
                };
                app.doc.apply(e, None);
                frame(ctx, app);
                timed(app, &mut |app| {
                    app.doc.apply(Edit::Remove(Key::Entry(id)), None)
                })
            }
            EditKind::Undo => {
                let e = typed(app, n);
                app.doc.apply(e, None);
                frame(ctx, app);
                timed(app, &mut |app| {
                    app.doc.undo();
                })
            }
        };
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Median milliseconds of an idle frame (nothing changed).
fn idle_frames(ctx: &egui::Context, app: &mut App, runs: usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            frame(ctx, app);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let only = std::env::var("BENCH_ONLY").ok();
    let sizes = [
        synth::Size {
            entries: 500,
            factors: 50,
            links: 100,
            ..synth::Size::LARGE
        },
        synth::Size {
            entries: 5_000,
            factors: 500,
            links: 1_000,
            ..synth::Size::LARGE
        },
        synth::Size::LARGE,
    ];
    let reviews: Vec<Review> = sizes.iter().map(|s| synth::review(*s, 42)).collect();
    println!(
        "| workspace | edit | 500 entries | 5,000 entries | 50,000 entries | idle at 50,000 | ratio at 50,000 | target |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for ws in [
        Workspace::Chronology,
        Workspace::Timeline,
        Workspace::Factors,
    ] {
        if only.as_deref().is_some_and(|o| o != ws.label()) {
            continue;
        }
        // One app per size, warmed up; the idle frame measured before and after the edits.
        let mut apps: Vec<(egui::Context, App)> = reviews
            .iter()
            .map(|r| {
                let mut app = App::with_review(r.clone(), None);
                app.workspace = ws;
                let ctx = egui::Context::default();
                for _ in 0..5 {
                    frame(&ctx, &mut app);
                }
                (ctx, app)
            })
            .collect();
        let idle: Vec<f64> = apps
            .iter_mut()
            .map(|(ctx, app)| idle_frames(ctx, app, runs))
            .collect();
        for kind in EditKind::ALL {
            let ms: Vec<f64> = apps
                .iter_mut()
                .map(|(ctx, app)| edit_frames(ctx, app, kind, runs))
                .collect();
            println!(
                "| {} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.2}x | < 8 ms and <= 3x |",
                ws.label(),
                kind.label(),
                ms[0],
                ms[1],
                ms[2],
                idle[2],
                ms[2] / idle[2]
            );
        }
    }
}

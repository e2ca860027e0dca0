//! Issue 3's figure: the CPU time of one frame of the chronology, timeline and factor
//! graph workspaces (headless `egui::Context`, no window, tessellation included), on a
//! generated review of 50,000 entries and 5,000 factors, against the same frame with 500
//! entries. Run with `cargo bench --bench frames`.

mod common;

use common::*;
use scr_workbench::synth;
use scr_workbench::ui::{App, Workspace};
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

/// Median CPU time of a frame of `workspace`, after warm-up frames (fonts, caches), and
/// the shapes and vertices of that frame.
fn frame_time(size: synth::Size, workspace: Workspace, runs: usize) -> (f64, usize, usize) {
    let review = synth::review(size, 42);
    let mut app = App::with_review(review, None);
    app.workspace = workspace;
    let ctx = egui::Context::default();
    let frame = |app: &mut App| {
        let out = ctx.run_ui(input(), |ui| app.show(ui));
        let shapes = out.shapes.len();
        // Include tessellation: it is part of a frame's CPU cost.
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        let vertices: usize = prims
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        std::hint::black_box(prims);
        (shapes, vertices)
    };
    let mut counts = (0, 0);
    for _ in 0..5 {
        counts = frame(&mut app);
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            frame(&mut app);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], counts.0, counts.1)
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let small = synth::Size {
        entries: 500,
        factors: 50,
        links: 100,
        ..synth::Size::LARGE
    };
    println!(
        "| workspace | 500 entries, 50 factors | 50,000 entries, 5,000 factors | ratio | shapes / vertices (large) | target |"
    );
    println!("|---|---|---|---|---|---|");
    // `BENCH_ONLY=Timeline` measures one workspace (for profiling).
    let only = std::env::var("BENCH_ONLY").ok();
    for ws in [
        Workspace::Chronology,
        Workspace::Timeline,
        Workspace::Factors,
    ] {
        if only.as_deref().is_some_and(|o| o != ws.label()) {
            continue;
        }
        let (s, _, _) = frame_time(small, ws, runs);
        let (l, shapes, vertices) = frame_time(synth::Size::LARGE, ws, runs);
        println!(
            "| {} | {s:.2} ms | {l:.2} ms | {:.2}x | {shapes} / {vertices} | < 8 ms and <= 3x |",
            ws.label(),
            l / s
        );
    }
}

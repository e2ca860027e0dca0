//! Issue 2's figures: on a generated review of 50,000 entries, 5,000 factors and 10,000
//! links, the time to load + validate, save, run the quality check and graph analysis,
//! and the memory the loaded document holds; serde_json's parse and write of the same
//! data as the yardstick. Run with `cargo bench --bench document`.

mod common;

use common::*;
use scr_workbench::analysis::{graph::FactorGraph, integrity, quality};
use scr_workbench::model::Review;
use scr_workbench::{store, synth};

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let review = synth::review(synth::Size::LARGE, 42);
    let typs = store::typologies::builtin();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.scr.ron");
    store::save(&review, &path).expect("save");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "Generated review: {} entries, {} factors, {} links; file {:.1} MB",
        review.chronology.len(),
        review.factors.len(),
        review.links.len(),
        size as f64 / 1e6
    );
    println!();
    println!("| step | median | fastest | target |");
    println!("|---|---|---|---|");
    row(
        "load + validate (read, parse RON, integrity check)",
        time(runs, || {
            let r = store::load(&path).expect("load");
            let problems = integrity::check(&r, &typs);
            assert!(problems.is_empty(), "{problems:?}");
            r
        }),
        "< 500 ms",
    );
    row(
        "save (pretty RON, fsync, backup, rename)",
        time(runs, || store::save(&review, &path).expect("save")),
        "< 1 s",
    );
    row(
        "  of which: RON text only",
        time(runs, || store::to_ron(&review)),
        "",
    );
    row(
        "quality check + graph analysis",
        time(runs, || {
            let p = quality::check(&review, &typs);
            let g = FactorGraph::build(&review);
            (
                p,
                g.cycles(),
                g.roots(),
                g.reach_ranking(),
                g.orphans(),
                g.not_reaching_outcome(),
            )
        }),
        "< 100 ms",
    );
    row(
        "  of which: quality check",
        time(runs, || quality::check(&review, &typs)),
        "",
    );
    row(
        "  of which: graph (build, cycles, roots, reach, orphans)",
        time(runs, || {
            let g = FactorGraph::build(&review);
            (
                g.cycles(),
                g.roots(),
                g.reach_ranking(),
                g.orphans(),
                g.not_reaching_outcome(),
            )
        }),
        "",
    );
    let json = serde_json::to_string(&review).expect("json");
    row(
        "yardstick: serde_json write (compact)",
        time(runs, || serde_json::to_string(&review).expect("json")),
        "",
    );
    row(
        "yardstick: serde_json write (pretty)",
        time(runs, || {
            serde_json::to_string_pretty(&review).expect("json")
        }),
        "",
    );
    row(
        "yardstick: serde_json parse",
        time(runs, || {
            serde_json::from_str::<Review>(&json).expect("json")
        }),
        "",
    );
    drop(json);
    let text = std::fs::read_to_string(&path).expect("read");
    row(
        "ron parse alone (no read, no checks)",
        time(runs, || store::from_str(&text, &path).expect("parse")),
        "",
    );
    drop(text);

    // Memory: what the loaded document holds, and the peak while loading it.
    drop(review);
    let before = reset_peak();
    let loaded = store::load(&path).expect("load");
    let held = live() - before;
    let peak_load = peak() - before;
    println!();
    println!("| memory | MB | target |");
    println!("|---|---|---|");
    println!(
        "| loaded document held in memory | {:.1} | < 300 MB |",
        mb(held)
    );
    println!(
        "| peak heap while loading (file text + document) | {:.1} | |",
        mb(peak_load)
    );
    drop(loaded);
}

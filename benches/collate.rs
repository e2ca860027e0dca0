//! Issue 6's figures: collate 10,000 generated review files of realistic size (about
//! 100 chronology entries, 40 factors, 50 links and 5 findings each, like the sample's
//! coding) on this machine's cores, against the time to merely read the same files (the
//! floor, like `cat` to /dev/null); peak heap (counting allocator, in an untimed collation
//! of its own) and peak resident memory (VmHWM, reset before the timed runs, which go
//! without counting). Run with
//! `cargo bench --no-default-features --bench collate`.
//!
//! The corpus is generated once into `target/bench-collate-corpus/` (about 1 GB) and
//! reused; `COLLATE_FILES` changes the number of files (a new folder per number),
//! `COLLATE_THREADS` the workers (default one per core), `BENCH_RUNS` the number of
//! timed runs.

mod common;

use common::*;
use scr_workbench::collate::{self, Options, Progress, tables};
use scr_workbench::{store, synth};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[global_allocator]
static ALLOC: Counting = Counting;

/// Generate the corpus unless a complete one is already there.
fn corpus(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("bench-collate-corpus-{n}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("corpus folder");
    let t = Instant::now();
    let next = AtomicUsize::new(1);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i > n {
                        break;
                    }
                    let r = synth::corpus_review(synth::CORPUS, i as u64);
                    // A hundred files a folder, as a national body might keep them by year.
                    let sub = dir.join(format!("{:03}", i / 100));
                    std::fs::create_dir_all(&sub).expect("sub folder");
                    std::fs::write(
                        sub.join(format!("review-{i:05}.scr.ron")),
                        store::to_ron(&r),
                    )
                    .expect("write");
                }
            });
        }
    });
    std::fs::write(&done, "").expect("marker");
    println!(
        "(generated {n} review files in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    dir
}

/// Peak resident memory of the process (kB), from /proc/self/status.
fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// CPU time the process has used, user and system (seconds; Linux's USER_HZ is 100).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The load average over the last minute, for the record.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

/// Reset the peak resident memory to the current one (Linux 4.0+).
fn reset_hwm() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Read every file into memory and drop it, with `threads` readers.
fn read_all(paths: &[PathBuf], threads: usize) -> u64 {
    let next = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = paths.get(i) else { break };
                    let b = std::fs::read(p).expect("read");
                    bytes.fetch_add(b.len(), Ordering::Relaxed);
                }
            });
        }
    });
    bytes.load(Ordering::Relaxed) as u64
}

fn main() {
    let n: usize = std::env::var("COLLATE_FILES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let dir = corpus(n);
    let (inputs, bad) = collate::find_inputs(std::slice::from_ref(&dir), &[]);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(inputs.len(), n);
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let total = read_all(&paths, 1);
    let one = store::load(&paths[0]).expect("loads");
    println!(
        "Corpus: {n} review files, {:.0} MB ({:.0} KB a file); the first has {} entries, {} agencies, {} factors, {} links, {} findings",
        total as f64 / 1e6,
        total as f64 / n as f64 / 1e3,
        one.chronology.len(),
        one.agencies.len(),
        one.factors.len(),
        one.links.len(),
        one.findings.len()
    );
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("Cores: {cores}");
    println!();
    println!("| step | median | fastest | target |");
    println!("|---|---|---|---|");
    row(
        "read every file, 1 thread (the floor, like cat > /dev/null)",
        time(runs, || read_all(&paths, 1)),
        "",
    );
    row(
        &format!("read every file, {cores} threads"),
        time(runs, || read_all(&paths, cores)),
        "",
    );
    let options = Options {
        typologies: store::typologies::builtin(),
        threads: std::env::var("COLLATE_THREADS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        ..Options::default()
    };
    // The heap, in a collation of its own: counting slows parallel allocation, so the
    // timed runs below go without it.
    let before_heap = reset_peak();
    let counted = collate::collate(&inputs, &options, &Progress::default());
    let heap_peak = peak() - before_heap;
    drop(counted);
    stop_counting();

    let mut result = None;
    println!(
        "(load average before the collation runs: {})",
        load_average()
    );
    let cpu_before = cpu_seconds();
    let hwm_reset = reset_hwm();
    let collated = time(runs, || {
        let (inputs, _) = collate::find_inputs(std::slice::from_ref(&dir), &[]);
        let c = collate::collate(&inputs, &options, &Progress::default());
        result = Some(c.reviews.len());
        c
    });
    let hwm = vm_hwm_kb();
    let cpu = cpu_before
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / (runs + 1) as f64);
    let workers = if options.threads == 0 {
        cores
    } else {
        options.threads
    };
    row(
        &format!("collate: find, read, parse, leak-check, count, merge ({workers} threads)"),
        collated,
        "< 10 s",
    );
    assert_eq!(result, Some(n));
    if let Some(cpu) = cpu {
        println!(
            "|   CPU time per collation (user + system, all threads; mean of {}) | {:.1} s | | |",
            runs + 1,
            cpu
        );
    }
    println!("|   (load average after: {}) | | | |", load_average());
    let c = collate::collate(&inputs, &options, &Progress::default());
    assert!(c.skipped.is_empty(), "{:?}", c.skipped.first());
    row(
        "  then: every table as CSV and JSON, the PDF briefing",
        time(runs, || {
            let s = tables::Settings::default();
            let csv: usize = tables::tables(&c)
                .iter()
                .map(|t| tables::to_csv(t, s).len())
                .sum();
            let json = tables::to_json(&c, s).len();
            let pdf = scr_workbench::export::pdf::render(
                &collate::briefing::build(&c, s),
                &scr_workbench::export::pdf::PdfOptions {
                    date: jiff::civil::date(2026, 11, 22),
                },
            )
            .expect("pdf")
            .len();
            csv + json + pdf
        }),
        "",
    );
    row(
        "  for scale: parse 1,000 of the files, 1 thread (store::load)",
        time(runs, || {
            paths[..1000.min(n)]
                .iter()
                .map(|p| store::load(p).expect("loads").factors.len())
                .sum::<usize>()
        }),
        "",
    );
    println!();
    println!("| memory during the collation | MB | target |");
    println!("|---|---|---|");
    println!(
        "| peak heap above what was live before (counting allocator, a collation of its own) | {:.1} | |",
        mb(heap_peak)
    );
    match hwm {
        Some(kb) if hwm_reset => println!(
            "| peak resident memory of the process (VmHWM, reset before) | {:.1} | < 500 MB |",
            kb as f64 / 1024.0
        ),
        Some(kb) => println!(
            "| peak resident memory of the process (VmHWM, not reset: includes generation) | {:.1} | < 500 MB |",
            kb as f64 / 1024.0
        ),
        None => println!("| peak resident memory | not available | < 500 MB |"),
    }
    let cells: usize = c.cells.values().map(|x| x.reviews.len()).sum();
    println!(
        "| the result: {} counts, {} drill-down entries, {} codes | {:.1} (drill-down lists at 4 bytes an entry) | |",
        c.cells.len(),
        cells,
        c.codes.len(),
        mb(cells * 4)
    );
}

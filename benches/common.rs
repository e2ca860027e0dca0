//! Shared by the benchmarks: a counting allocator for memory figures and a timing loop.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live and peak heap bytes.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ON: AtomicBool = AtomicBool::new(true);

/// Stop counting, for good (a block allocated afterwards and freed by counting code would
/// unbalance `live`). Counting costs two shared atomic updates per allocation, which
/// threads allocating at once pay for in cache traffic: a benchmark timing parallel work
/// measures its heap in a run of its own first, then stops counting and times.
pub fn stop_counting() {
    ON.store(false, Ordering::Relaxed);
}

// The one place unsafe code is allowed: a global allocator that counts what it hands
// out, so the benches can report peak heap. It forwards every call to `System`.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && ON.load(Ordering::Relaxed) {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if ON.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && ON.load(Ordering::Relaxed) {
            if new_size > layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

/// Live heap bytes now.
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Reset the peak to the live figure and return it.
pub fn reset_peak() -> usize {
    let now = live();
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// Peak heap bytes since the last reset.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Run `f` `runs` times (after one warm-up) and return the median and the fastest.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

/// A result row: name, median, fastest, target.
pub fn row(name: &str, (median, fastest): (Duration, Duration), target: &str) {
    println!(
        "| {name} | {:.1} ms | {:.1} ms | {target} |",
        median.as_secs_f64() * 1e3,
        fastest.as_secs_f64() * 1e3
    );
}

/// Megabytes.
pub fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

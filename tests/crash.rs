//! The kill test: a process saving a large review over and over is killed (SIGKILL) at
//! random moments; after each kill the file on disk must load and be exactly one whole
//! version. `KILLS` sets the count (CI runs 25; the README gives the full run's figure).
#![cfg(unix)]

use scr_workbench::cli::save_loop_version;
use scr_workbench::store;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn killed_saves_never_damage_the_file() {
    let kills: usize = std::env::var("KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let entries: usize = std::env::var("KILL_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("big.scr.ron");
    let template = save_loop_version(entries, 0);
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut seen_versions = 0;
    let mut damaged = 0;
    let started = Instant::now();
    for kill in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scr-workbench"))
            .args([
                "save-loop",
                path.to_str().expect("utf8"),
                "--entries",
                &entries.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Let it get going (generating the review takes a moment), then kill at a random point.
        let wait = 150 + rng % 600;
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        if !path.exists() {
            continue; // killed before the first save finished: nothing on disk yet is fine
        }
        match store::load(&path) {
            Ok(r) => {
                let n: u64 = r.details.title.parse().expect("a version number");
                let mut expected = template.clone();
                expected.details.title = n.to_string();
                if r != expected {
                    damaged += 1;
                    eprintln!("kill {kill}: version {n} loads but differs from what was saved");
                }
                seen_versions += 1;
            }
            Err(e) => {
                damaged += 1;
                eprintln!("kill {kill}: {e}");
            }
        }
    }
    eprintln!(
        "{kills} kills of a {entries}-entry save loop in {:.1} s: {damaged} damaged files, {seen_versions} checked",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(damaged, 0);
    assert!(
        seen_versions > 0,
        "no save ever completed: the test proved nothing"
    );
}

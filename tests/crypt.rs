//! Encryption at rest on real files: round trip, wrong passphrase, no plain text on disk
//! at any moment of a save, encrypted backups and recovery copies, and the command line
//! with the passphrase in the environment.

use scr_workbench::store::{self, LoadError, Passphrase, crypt};
use scr_workbench::synth;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron")
}

fn pass() -> Passphrase {
    Passphrase::new("tidy-lantern-orbit-47")
}

/// Text that would show the review in plain text: the format's own field names.
fn looks_plain(bytes: &[u8]) -> bool {
    bytes.windows(15).any(|w| w == b"format_version:")
        || bytes.windows(11).any(|w| w == b"chronology:")
}

#[test]
fn an_encrypted_review_round_trips_and_shows_nothing_in_plain_text() {
    let review = store::load(&sample()).expect("sample loads");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("child-b.scr.ron");
    store::save_with(&review, &path, Some(&pass())).expect("saves encrypted");
    let bytes = std::fs::read(&path).expect("written");
    assert!(crypt::is_encrypted(&bytes));
    assert!(!looks_plain(&bytes));
    for p in &review.people {
        for name in &p.real_names {
            assert!(
                !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
                "{name} readable in the encrypted file"
            );
        }
    }
    let back = store::load_with(&path, Some(&pass())).expect("opens with the passphrase");
    assert_eq!(back, review);
    // Without a passphrase: a clear error, not a parse error.
    let e = store::load(&path).expect_err("needs a passphrase");
    assert!(matches!(e, LoadError::Encrypted { .. }), "{e}");
    assert!(e.to_string().contains("child-b.scr.ron"), "{e}");
}

#[test]
fn a_wrong_passphrase_fails_cleanly_and_changes_nothing() {
    let review = store::load(&sample()).expect("sample loads");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("child-b.scr.ron");
    store::save_with(&review, &path, Some(&pass())).expect("saves encrypted");
    let before = std::fs::read(&path).expect("written");
    let listing = |d: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(d)
            .expect("listed")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let files_before = listing(dir.path());
    let e = store::load_with(&path, Some(&Passphrase::new("tidy-lantern-orbit-48")))
        .expect_err("wrong passphrase");
    assert!(matches!(e, LoadError::WrongPassphrase { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: the passphrase does not open this review (nothing was changed)",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).expect("still there"), before);
    assert_eq!(listing(dir.path()), files_before);
}

/// Saves a 5,000-entry review, encrypted, again and again while another thread reads
/// every file that appears in the folder (the temporary file included): none may ever
/// hold the review in plain text.
#[test]
fn no_plaintext_file_appears_during_an_encrypted_save() {
    let review = synth::review(
        synth::Size {
            entries: 5000,
            ..synth::Size::TYPICAL
        },
        3,
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.scr.ron");
    let done = AtomicBool::new(false);
    let (plain, seen, temporaries) = std::thread::scope(|s| {
        let scanner = s.spawn(|| {
            let mut plain: Vec<String> = Vec::new();
            let mut seen = 0usize;
            let mut temporaries = 0usize;
            while !done.load(Ordering::Relaxed) {
                let Ok(entries) = std::fs::read_dir(dir.path()) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    // A file may vanish between listing and reading (the rename).
                    let Ok(bytes) = std::fs::read(entry.path()) else {
                        continue;
                    };
                    seen += 1;
                    if name.ends_with(".tmp") {
                        temporaries += 1;
                    }
                    if looks_plain(&bytes) {
                        plain.push(name);
                    }
                }
            }
            (plain, seen, temporaries)
        });
        let mut review = review.clone();
        for n in 0..6 {
            review.details.title = format!("version {n}");
            store::save_with(&review, &path, Some(&pass())).expect("saves");
        }
        done.store(true, Ordering::Relaxed);
        scanner.join().expect("scanner")
    });
    assert!(plain.is_empty(), "plain text found in {plain:?}");
    assert!(seen > 0, "the scan read no file");
    println!("read {seen} files during the saves, {temporaries} of them temporary");
    let back = store::load_with(&path, Some(&pass())).expect("opens");
    assert_eq!(back.details.title, "version 5");
}

#[test]
fn backups_and_recovery_copies_are_encrypted_too() {
    let review = store::load(&sample()).expect("sample loads");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("child-b.scr.ron");
    // A plain review, saved twice: it has a plain backup.
    store::save(&review, &path).expect("plain save");
    store::save(&review, &path).expect("plain save");
    let bak = store::backup_path(&path);
    assert!(looks_plain(&std::fs::read(&bak).expect("backup")));
    // Encrypting it leaves no plain backup behind.
    store::save_with(&review, &path, Some(&pass())).expect("encrypted save");
    assert!(!bak.exists(), "the plain backup was kept");
    // The next save keeps the encrypted version as the backup.
    store::save_with(&review, &path, Some(&pass())).expect("encrypted save");
    let b = std::fs::read(&bak).expect("backup");
    assert!(crypt::is_encrypted(&b) && !looks_plain(&b));
    // The recovery copy.
    let rec = store::recovery::path_for(Some(&path), dir.path());
    store::recovery::write(&review, &rec, Some(&pass())).expect("recovery written");
    let r = std::fs::read(&rec).expect("recovery copy");
    assert!(crypt::is_encrypted(&r) && !looks_plain(&r));
    let found = store::recovery::find(None, &rec, Some(&pass())).expect("offered");
    assert_eq!(found.expect("opens"), review);
}

fn cli(args: &[&str], passphrase: Option<&str>) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr-workbench"));
    c.args(args).env_remove("SCR_WORKBENCH_PASSPHRASE");
    if let Some(p) = passphrase {
        c.env("SCR_WORKBENCH_PASSPHRASE", p);
    }
    // No terminal: the passphrase can only come from the environment.
    c.stdin(std::process::Stdio::null());
    let out = c.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_encrypts_reads_and_decrypts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("child-b.scr.ron");
    std::fs::copy(sample(), &path).expect("copied");
    let p = path.to_str().expect("utf-8");
    let (code, out, err) = cli(&["encrypt", p], Some("tidy-lantern-orbit-47"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(crypt::is_encrypted(&std::fs::read(&path).expect("written")));
    // Every reading command opens it with the passphrase from the environment.
    let (code, out, err) = cli(&["check", p], Some("tidy-lantern-orbit-47"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors"), "{out}");
    let (code, out, _) = cli(&["stats", p], Some("tidy-lantern-orbit-47"));
    assert_eq!(code, 0);
    assert!(out.contains("101"), "{out}");
    let (code, _, err) = cli(&["format", p], Some("tidy-lantern-orbit-47"));
    assert_eq!(code, 0, "{err}");
    assert!(
        crypt::is_encrypted(&std::fs::read(&path).expect("written")),
        "format kept it encrypted"
    );
    // Without a passphrase, and with a wrong one: exit 2 and a message.
    let (code, _, err) = cli(&["check", p], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("encrypted") && err.contains("SCR_WORKBENCH_PASSPHRASE"),
        "{err}"
    );
    let (code, _, err) = cli(&["validate", p], Some("wrong"));
    assert_eq!(code, 2);
    assert!(err.contains("does not open"), "{err}");
    // A plain copy on request.
    let plain = dir.path().join("plain.scr.ron");
    let (code, _, err) = cli(
        &["decrypt", p, "-o", plain.to_str().expect("utf-8")],
        Some("tidy-lantern-orbit-47"),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        store::load(&plain).expect("plain loads"),
        store::load(&sample()).expect("sample loads")
    );
    // A new review, encrypted from the start.
    let new = dir.path().join("new.scr.ron");
    let (code, _, err) = cli(
        &["new", "--encrypt", "-o", new.to_str().expect("utf-8")],
        Some("tidy-lantern-orbit-47"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(store::load_with(&new, Some(&pass())).is_ok());
}

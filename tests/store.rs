//! The file format on real files: round trips, migration, atomic save, malformed input.

use scr_workbench::model::*;
use scr_workbench::store::{self, LoadError};
use scr_workbench::synth;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron")
}

#[test]
fn save_then_load_is_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.scr.ron");
    let review = synth::review(synth::Size::TYPICAL, 7);
    store::save(&review, &path).expect("save");
    let back = store::load(&path).expect("load");
    assert_eq!(back, review);
}

#[test]
fn sample_round_trips_byte_for_byte() {
    let text = fs::read_to_string(sample()).expect("sample readable");
    let review = store::from_str(&text, &sample()).expect("sample loads");
    let again = store::to_ron(&review);
    let reread = store::from_str(&again, &sample()).expect("rewritten sample loads");
    assert_eq!(reread, review);
    // Deterministic: writing twice gives the same bytes.
    assert_eq!(store::to_ron(&reread), again);
}

#[test]
fn legacy_version_migrates() {
    let review = store::load(&fixture("legacy-v1.scr.ron")).expect("legacy loads");
    assert_eq!(review.format_version, FORMAT_VERSION);
    assert_eq!(review.details.title, "Legacy review of Child C");
    assert_eq!(review.details.kind, ReviewKind::SeriousCaseReview);
    assert_eq!(
        review.details.redaction_terms,
        vec!["Ashdown Lane".to_string()]
    );
    let chair = review
        .holders_of(Duty::PanelChair)
        .next()
        .expect("chair migrated");
    assert_eq!(chair.name, "Jane Moor");
    let author = review
        .holders_of(Duty::Author)
        .next()
        .expect("author migrated");
    assert_eq!(author.name, "Tom Heath");
    assert_eq!(review.chronology.len(), 2);
    assert_eq!(review.chronology[1].date.to_string(), "c. 2016-05");
    // And it saves in the current format.
    let text = store::to_ron(&review);
    assert!(text.contains("format_version: 2"));
    assert_eq!(
        store::from_str(&text, Path::new("x")).expect("reload"),
        review
    );
}

#[test]
fn newer_version_is_refused_clearly() {
    let err = store::from_str(
        "(format_version: 99, details: ())",
        Path::new("new.scr.ron"),
    )
    .expect_err("refused");
    assert!(err.to_string().contains("newer scr-workbench"), "{err}");
}

#[test]
fn wrong_field_type_names_line_and_column() {
    let err = store::load(&fixture("wrong-type.scr.ron")).expect_err("invalid");
    let (line, col) = err.position().expect("position known");
    assert_eq!(line, 13, "{err}");
    assert!(col > 1);
    let text = err.to_string();
    assert!(text.contains("wrong-type.scr.ron:13:"), "{text}");
    assert!(text.contains("in field `sequence`"), "{text}");
    assert!(text.contains("integer"), "{text}");
}

#[test]
fn misspelt_field_is_an_error_not_ignored() {
    let err = store::load(&fixture("unknown-field.scr.ron")).expect_err("invalid");
    let text = err.to_string();
    assert!(text.contains("titel"), "{text}");
    assert_eq!(err.position().map(|p| p.0), Some(5), "{text}");
}

#[test]
fn truncated_binary_deep_and_empty_files_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let full = fs::read(sample()).expect("sample");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", full[..full.len() / 2].to_vec()),
        (
            "binary",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("deep", {
            let mut v = b"(format_version: 2, details: (), people: ".to_vec();
            v.extend(std::iter::repeat_n(b'[', 5000));
            v
        }),
        ("empty", Vec::new()),
        ("whitespace", b"   \n\n ".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.scr.ron"));
        fs::write(&path, &bytes).expect("write");
        let err = store::load(&path).expect_err(name);
        assert!(
            err.to_string().contains(&format!("{name}.scr.ron")),
            "{name}: {err}"
        );
    }
}

#[test]
fn failed_save_leaves_old_file_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.scr.ron");
    let old = synth::review(synth::Size::TYPICAL, 1);
    store::save(&old, &path).expect("first save");
    let before = fs::read(&path).expect("read");
    // Block the temporary file's name with a folder: creating it fails.
    let tmp = dir
        .path()
        .join(format!(".r.scr.ron.{}.tmp", std::process::id()));
    fs::create_dir(&tmp).expect("blocker");
    let new = synth::review(synth::Size::TYPICAL, 2);
    let err = store::save(&new, &path).expect_err("save must fail");
    assert!(err.to_string().contains("unchanged"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(store::load(&path).expect("still loads"), old);
}

#[cfg(unix)]
#[test]
fn read_only_folder_save_fails_or_is_complete() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.scr.ron");
    let old = synth::review(synth::Size::TYPICAL, 1);
    store::save(&old, &path).expect("first save");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let new = synth::review(synth::Size::TYPICAL, 2);
    let result = store::save(&new, &path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    let on_disk = store::load(&path).expect("file still loads");
    match result {
        // Not root: the folder is really read-only, the save fails and nothing changes.
        Err(_) => assert_eq!(on_disk, old),
        // Root ignores folder permissions: then the save must be complete.
        Ok(()) => assert_eq!(on_disk, new),
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn save_keeps_a_backup_of_the_previous_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.scr.ron");
    let a = synth::review(synth::Size::TYPICAL, 1);
    let b = synth::review(synth::Size::TYPICAL, 2);
    store::save(&a, &path).expect("save a");
    store::save(&b, &path).expect("save b");
    assert_eq!(store::load(&path).expect("load"), b);
    assert_eq!(store::load(&store::backup_path(&path)).expect("backup"), a);
}

#[test]
fn every_typology_file_loads() {
    let results = store::typologies::builtin_results();
    assert_eq!(results.len(), 5);
    for (name, result) in results {
        let t = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(t.codes.len() >= 6, "{name}");
        assert!(t.editable_starting_point, "{name}");
        assert!(
            t.walk().iter().all(|(_, n)| !n.description.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn user_typologies_load_from_a_folder_and_bad_ones_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typ = dir.path().join("typologies");
    fs::create_dir(&typ).expect("mkdir");
    fs::write(
        typ.join("local.ron"),
        r#"(id: "local", version: "1", name: "Local themes", codes: [(code: "L1", name: "Housing")])"#,
    )
    .expect("write");
    fs::write(typ.join("broken.ron"), "(id: ").expect("write");
    let (all, errors) = store::typologies::for_review(Some(&dir.path().join("x.scr.ron")));
    assert!(all.iter().any(|t| t.id == "local"));
    assert_eq!(all.len(), 6);
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0], LoadError::Syntax { path, .. } if path.ends_with("broken.ron")));
}

/// Found by the review_loader fuzz target: a character of more than one byte just
/// before a field name, on the line of a syntax error, panicked while the error message
/// looked for the field's name. It must be an error that names the file and line.
#[test]
fn multibyte_text_before_a_field_name_is_an_error_not_a_panic() {
    let path = fixture("fuzz/loader-multibyte-before-field.scr.ron");
    let err = store::load(&path).expect_err("not a valid review");
    let message = err.to_string();
    assert!(
        message.contains("loader-multibyte-before-field.scr.ron:"),
        "{message}"
    );
}

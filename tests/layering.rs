//! The dependency rule of ARCHITECTURE (see src/lib.rs), checked on the source text.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("src readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

/// Lines of code that mention a forbidden thing, ignoring comments.
fn offences(file: &Path, forbidden: &[&str]) -> Vec<String> {
    let text = fs::read_to_string(file).expect("readable");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter_map(|(i, l)| {
            forbidden
                .iter()
                .find(|f| l.contains(*f))
                .map(|f| format!("{}:{}: uses `{f}`: {}", file.display(), i + 1, l.trim()))
        })
        .collect()
}

fn check(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let dir = src.join(layer);
    let files = if dir.is_dir() {
        rust_files(&dir)
    } else {
        vec![src.join(format!("{layer}.rs"))]
    };
    files.iter().flat_map(|f| offences(f, forbidden)).collect()
}

const GUI: [&str; 4] = ["egui", "eframe", "rfd::", "winit"];
const FILES: [&str; 6] = [
    "std::fs",
    "fs::",
    "File::",
    "std::io::Write",
    "std::net",
    "std::process",
];

#[test]
fn model_uses_no_ui_files_or_formats() {
    let mut bad = check("model", &GUI);
    bad.extend(check("model", &FILES));
    bad.extend(check(
        "model",
        &[
            "ron::",
            "clap",
            "printpdf",
            "crate::store",
            "crate::analysis",
            "crate::cli",
        ],
    ));
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn analysis_uses_no_ui_files_or_cli() {
    let mut bad = check("analysis", &GUI);
    bad.extend(check("analysis", &FILES));
    bad.extend(check(
        "analysis",
        &["crate::store", "crate::cli", "crate::ui"],
    ));
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn nothing_outside_ui_uses_the_gui() {
    let mut bad = Vec::new();
    for layer in [
        "model", "analysis", "store", "synth", "cli", "import", "collate", "export",
    ] {
        bad.extend(check(layer, &GUI));
        bad.extend(check(layer, &["crate::ui"]));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn import_uses_no_ui_cli_or_export() {
    let mut bad = check("import", &GUI);
    bad.extend(check(
        "import",
        &["crate::cli", "crate::ui", "crate::export"],
    ));
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_check_itself_catches_an_offence() {
    // A rule that can never fail proves nothing: feed it a file that breaks it.
    let dir = tempfile::tempdir().expect("temp");
    let f = dir.path().join("bad.rs");
    fs::write(&f, "// egui in a comment is fine\nuse egui::Ui;\n").expect("write");
    let found = offences(&f, &GUI);
    assert_eq!(found.len(), 1);
    assert!(found[0].contains(":2:"));
}

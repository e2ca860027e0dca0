//! Commands on review files: `validate`, `check`, `stats`, `new`, `format`, `encrypt`,
//! `decrypt`, and the hidden `save-loop` of the crash test.

use super::load::{load_failed, load_with_typologies, new_passphrase, read_review};
use crate::analysis::{self, Problem, Severity, Target};
use crate::model::{Key, Review, ReviewKind};
use crate::store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where in the file a problem's object sits: `file:line:col: ` or `file: `.
fn problem_line(path: &Path, text: &str, p: &Problem) -> String {
    let located = match p.target {
        Target::Object(key) => {
            let (field, id) = key_field(key);
            store::locate(text, field, id)
        }
        Target::Details => text
            .find("details:")
            .map(|at| text[..at].matches('\n').count() + 1),
        Target::Outcome => text
            .find("outcome:")
            .map(|at| text[..at].matches('\n').count() + 1),
    };
    match located {
        Some(line) => format!("{}:{line}:1: {p}", path.display()),
        None => format!("{}: {p}", path.display()),
    }
}

/// The collection field in the file and raw id of a key.
fn key_field(key: Key) -> (&'static str, u32) {
    match key {
        Key::Person(i) => ("people", i.0),
        Key::Agency(i) => ("agencies", i.0),
        Key::PanelMember(i) => ("panel", i.0),
        Key::Entry(i) => ("chronology", i.0),
        Key::Episode(i) => ("episodes", i.0),
        Key::Factor(i) => ("factors", i.0),
        Key::Link(i) => ("links", i.0),
        Key::Finding(i) => ("findings", i.0),
        Key::Recommendation(i) => ("recommendations", i.0),
        Key::Action(i) => ("actions", i.0),
    }
}

pub(super) fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut code = 0;
    for path in files {
        match load_with_typologies(path) {
            Ok((review, typs, text)) => {
                let problems = analysis::integrity::check(&review, &typs);
                if problems.is_empty() {
                    let _ = writeln!(
                        out,
                        "{}: ok ({})",
                        path.display(),
                        crate::model::plural(review.chronology.len(), "entry", "entries")
                    );
                } else {
                    code = code.max(1);
                    for p in &problems {
                        let _ = writeln!(err, "{}", problem_line(path, &text, p));
                    }
                }
            }
            Err(e) => code = code.max(load_failed(&e, err)),
        }
    }
    code
}

pub(super) fn check(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (review, typs, text) = match load_with_typologies(path) {
        Ok(x) => x,
        Err(e) => return load_failed(&e, err),
    };
    let problems = analysis::quality::check(&review, &typs);
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    if json {
        let items: Vec<serde_json::Value> = problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "severity": p.severity,
                    "object": p.target.to_string(),
                    "field": p.field,
                    "message": p.message,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "file": path.display().to_string(),
            "errors": errors,
            "warnings": warnings,
            "problems": items,
        });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    } else {
        for p in &problems {
            let _ = writeln!(out, "{}", problem_line(path, &text, p));
        }
        let _ = writeln!(
            out,
            "{}: {}, {}",
            path.display(),
            crate::model::plural(errors, "error", "errors"),
            crate::model::plural(warnings, "warning", "warnings")
        );
    }
    u8::from(errors > 0)
}

pub(super) fn stats(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let review = match read_review(path) {
        Ok(r) => r.review,
        Err(e) => return load_failed(&e, err),
    };
    let s = analysis::stats::stats(&review);
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&s).unwrap_or_default()
        );
        return 0;
    }
    let d = &review.details;
    let _ = writeln!(out, "{} ({})", d.title, d.kind.name());
    let rows = [
        ("Chronology entries", s.entries),
        ("  with uncertain dates", s.uncertain_dates),
        ("  child seen", s.child_seen),
        ("  child's views sought", s.views_sought),
        ("  missed opportunities", s.missed_opportunities),
        ("  good practice", s.good_practice),
        ("Agencies", s.agencies),
        ("People", s.people),
        ("Panel members", s.panel),
        ("Key practice episodes", s.episodes),
        ("Factors", s.factors),
        ("  making safe practice less likely", s.hindering_factors),
        ("  making safe practice more likely", s.supporting_factors),
        ("Links", s.links),
        ("Findings", s.findings),
        ("Recommendations", s.recommendations),
        ("Actions", s.actions),
    ];
    for (label, n) in rows {
        let _ = writeln!(out, "{label:<36}{n:>7}");
    }
    if let Some((a, b)) = &s.span {
        let _ = writeln!(out, "{:<36}{a} to {b}", "Period covered");
    }
    let _ = writeln!(out, "Entries by agency:");
    let width = s
        .entries_by_agency
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    for (name, n) in &s.entries_by_agency {
        let _ = writeln!(out, "  {name:<width$}  {n:>5}");
    }
    0
}

pub(super) fn format(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut code = 0;
    for path in files {
        let loaded = match read_review(path) {
            Ok(l) => l,
            Err(e) => {
                code = code.max(load_failed(&e, err));
                continue;
            }
        };
        match store::save_with(&loaded.review, path, loaded.passphrase.as_ref()) {
            Ok(()) => {
                let _ = writeln!(out, "{}: formatted", path.display());
            }
            Err(e) => {
                code = 2;
                let _ = writeln!(err, "{e}");
            }
        }
    }
    code
}

pub(super) fn encrypt(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(passphrase) = new_passphrase("the encrypted files", err) else {
        return 2;
    };
    let mut code = 0;
    for path in files {
        if store::is_encrypted_file(path) {
            let _ = writeln!(err, "{}: already encrypted; left as it is", path.display());
            code = code.max(1);
            continue;
        }
        let review = match store::load(path) {
            Ok(r) => r,
            Err(e) => {
                code = code.max(load_failed(&e, err));
                continue;
            }
        };
        match store::save_with(&review, path, Some(&passphrase)) {
            Ok(()) => {
                let _ = writeln!(out, "{}: encrypted", path.display());
            }
            Err(e) => {
                code = 2;
                let _ = writeln!(err, "{e}");
            }
        }
    }
    code
}

pub(super) fn decrypt(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if output.exists() {
        let _ = writeln!(err, "{}: already exists; not overwritten", output.display());
        return 2;
    }
    let loaded = match read_review(file) {
        Ok(l) => l,
        Err(e) => return load_failed(&e, err),
    };
    match store::write_atomic(output, store::to_ron(&loaded.review).as_bytes(), false) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "wrote {} (not encrypted: keep it safe, delete it when done)",
                output.display()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

/// The review `save-loop` writes as version `n`: the same generated review, titled `n`.
pub fn save_loop_version(entries: usize, n: u64) -> Review {
    let size = crate::synth::Size {
        entries,
        factors: entries / 10,
        links: entries / 5,
        ..crate::synth::Size::TYPICAL
    };
    let mut r = crate::synth::review(size, 11);
    r.details.title = n.to_string();
    r
}

pub(super) fn save_loop(file: &Path, entries: usize, err: &mut dyn Write) -> u8 {
    let mut review = save_loop_version(entries, 0);
    for n in 1.. {
        review.details.title = n.to_string();
        if let Err(e) = store::save(&review, file) {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    }
    0
}

/// Parse a review kind from its short name or full name.
pub fn parse_kind(text: &str) -> Option<ReviewKind> {
    let t = text.trim().to_ascii_lowercase();
    ReviewKind::ALL
        .into_iter()
        .find(|k| k.slug() == t || k.name().to_ascii_lowercase() == t)
}

pub(super) fn new(
    kind: &str,
    title: Option<String>,
    output: &Path,
    encrypt: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(kind) = parse_kind(kind) else {
        let names: Vec<&str> = ReviewKind::ALL.iter().map(|k| k.slug()).collect();
        let _ = writeln!(err, "unknown kind \"{kind}\"; one of: {}", names.join(", "));
        return 2;
    };
    if output.exists() {
        let _ = writeln!(err, "{}: already exists; not overwriting", output.display());
        return 2;
    }
    let mut review = Review::new(kind);
    review.details.title = title.unwrap_or_else(|| format!("New {}", kind.name().to_lowercase()));
    review.details.typologies = store::typologies::builtin()
        .iter()
        .filter(|t| t.id == "lt-patterns" || t.id == "lt-findings")
        .map(|t| crate::model::TypologyRef {
            id: t.id.clone(),
            version: t.version.clone(),
        })
        .collect();
    let passphrase = if encrypt {
        let Some(p) = new_passphrase(&output.display().to_string(), err) else {
            return 2;
        };
        Some(p)
    } else {
        None
    };
    let written = store::encode(&review, passphrase.as_ref(), output)
        .and_then(|bytes| store::write_atomic(output, &bytes, false));
    match written {
        Ok(()) => {
            let _ = writeln!(out, "created {} ({})", output.display(), kind.name());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

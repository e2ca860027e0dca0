//! The real binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr-workbench"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn validate_sample_exits_zero() {
    let o = run(&["validate", "reviews/sample.scr.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("ok"));
}

#[test]
fn check_sample_has_no_errors() {
    let o = run(&["check", "reviews/sample.scr.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(": 0 errors"), "{}", text(&o));
}

#[test]
fn check_json_is_machine_readable() {
    let o = run(&["check", "--json", "tests/fixtures/dangling.scr.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["errors"].as_u64(), Some(4), "{v}");
    assert!(
        v["problems"]
            .as_array()
            .expect("list")
            .iter()
            .any(|p| p["field"] == "recommendation")
    );
}

#[test]
fn wrong_field_type_exits_one_with_line_and_column() {
    let o = run(&["validate", "tests/fixtures/wrong-type.scr.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("wrong-type.scr.ron:13:"), "{}", text(&o));
}

#[test]
fn unreadable_file_exits_two() {
    let o = run(&["validate", "tests/fixtures/no-such-file.scr.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no-such-file.scr.ron"));
}

#[test]
fn dangling_references_listed_one_a_line_with_positions() {
    let o = run(&["validate", "tests/fixtures/dangling.scr.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    for needle in [
        "dangling.scr.ron:12:1: error: E2 (agency): refers to agency AG7",
        "dangling.scr.ron:15:1: error: KPE1 (entries): refers to chronology entry E99",
        "error: R1 (findings): refers to finding FN4",
        "error: A1 (recommendation): refers to recommendation R3",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

#[test]
fn new_creates_a_valid_review_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("wales.scr.ron");
    let p = path.to_str().expect("utf8");
    let o = run(&[
        "new",
        "--kind",
        "cpr",
        "--title",
        "Child practice review",
        "-o",
        p,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let review = scr_workbench::store::load(Path::new(p)).expect("loads");
    assert_eq!(
        review.details.kind,
        scr_workbench::model::ReviewKind::ChildPracticeReview
    );
    assert_eq!(run(&["validate", p]).status.code(), Some(0));
    assert_eq!(run(&["new", "-o", p]).status.code(), Some(2));
    assert_eq!(
        run(&["new", "--kind", "nonsense", "-o", "x.scr.ron"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn stats_and_typologies() {
    let o = run(&["stats", "reviews/sample.scr.ron"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).contains("Chronology entries"));
    let o = run(&["typologies"]);
    let out = text(&o);
    for id in [
        "lt-patterns",
        "lt-findings",
        "london-protocol",
        "npsa-cff",
        "national-panel-themes",
    ] {
        assert!(out.contains(id), "{out}");
    }
    let o = run(&["typologies", "show", "lt-patterns"]);
    assert!(text(&o).contains("LT6"));
    assert_eq!(run(&["typologies", "show", "nope"]).status.code(), Some(2));
}

#[cfg(not(feature = "gui"))]
#[test]
fn without_gui_feature_opening_says_so() {
    let o = run(&["reviews/sample.scr.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("`gui` feature is off"));
}

#[test]
fn leak_check_passes_the_sample_and_blocks_a_planted_name() {
    let o = run(&["leak-check", "reviews/sample.scr.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let dir = tempfile::tempdir().expect("temp");
    let mut review =
        scr_workbench::store::load(&root().join("reviews/sample.scr.ron")).expect("sample");
    let child = review
        .people
        .iter()
        .find(|p| p.role == scr_workbench::model::PersonRole::Subject)
        .expect("subject")
        .clone();
    let first = child.real_names[0]
        .split_whitespace()
        .next()
        .expect("first name")
        .to_string();
    review
        .details
        .public_case_summary
        .push_str(&format!(" {}'s nursery was told.", first.to_lowercase()));
    let leaky = dir.path().join("leaky.scr.ron");
    scr_workbench::store::save(&review, &leaky).expect("save");
    let out = dir.path().join("summary.md");
    let o = run(&[
        "export",
        "summary",
        leaky.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("The case > Anonymised account of the case (public): real name"),
        "{t}"
    );
    assert!(t.contains(&format!("name of {}", child.label)), "{t}");
    assert!(!out.exists(), "nothing written when blocked");
    assert_eq!(
        run(&["leak-check", leaky.to_str().expect("utf8")])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn summary_markdown_names_the_panel_and_every_action() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("summary.md");
    let o = run(&[
        "export",
        "summary",
        "reviews/sample.scr.ron",
        "--format",
        "md",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let md = std::fs::read_to_string(&out).expect("written");
    let review =
        scr_workbench::store::load(&root().join("reviews/sample.scr.ron")).expect("sample");
    for m in &review.panel {
        assert!(md.contains(&m.name), "panel member {} missing", m.id);
    }
    for a in &review.actions {
        assert!(
            md.contains(&format!("{}: ", a.id)),
            "action {} missing",
            a.id
        );
        let owner = review.agency_name(a.owner.expect("owner"));
        assert!(md.contains(&owner), "owner of {} missing", a.id);
    }
    for p in &review.people {
        if p.role == scr_workbench::model::PersonRole::Practitioner
            || p.role == scr_workbench::model::PersonRole::Subject
        {
            for name in &p.real_names {
                assert!(!md.contains(name.as_str()), "{} leaked", p.label);
            }
        }
    }
}

#[test]
fn pdf_export_from_the_command_line_is_reproducible_and_fingerprinted() {
    let dir = tempfile::tempdir().expect("temp");
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for out in [&a, &b] {
        let o = run(&[
            "export",
            "report",
            "reviews/sample.scr.ron",
            "--date",
            "2026-11-22",
            "-o",
            out.to_str().expect("utf8"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    assert_eq!(
        std::fs::read(&a).expect("a"),
        std::fs::read(&b).expect("b"),
        "same input, same bytes"
    );
    let pdftotext = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", a.to_str().expect("utf8"), "-"])
        .output()
        .expect("pdftotext (run scripts/install-deps.sh)");
    let cover = String::from_utf8_lossy(&pdftotext.stdout).to_string();
    let review =
        scr_workbench::store::load(&root().join("reviews/sample.scr.ron")).expect("sample");
    assert!(
        cover.contains(&format!(
            "Made from review version {}",
            scr_workbench::store::fingerprint(&review)
        )),
        "{cover}"
    );
    assert!(cover.contains("22 November 2026"), "{cover}");
}

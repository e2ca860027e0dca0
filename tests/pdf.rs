//! The PDF backend on the real sample review, read back with poppler's command-line
//! tools (pdftotext, pdfinfo, pdffonts from poppler-utils; scripts/install-deps.sh
//! installs them). No mocks: real files in a temporary directory.
//!
//! Set SCR_PDF_OUT to a directory to keep the two PDFs for looking at.

use scr_workbench::export::pdf::{self, PdfOptions};
use scr_workbench::export::report::{Block, Report};
use scr_workbench::export::{full, summary};
use scr_workbench::model::Review;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{confidential_values, has_word, sample};

fn options() -> PdfOptions {
    PdfOptions {
        date: jiff::civil::date(2024, 5, 14),
    }
}

/// Run a poppler tool; fail loudly (never skip) when it is not installed.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "{tool} could not be run ({e}): it comes with poppler-utils; run scripts/install-deps.sh"
        ),
    };
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

/// Render to a file in `dir` (and to SCR_PDF_OUT when set).
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    if let Some(keep) = std::env::var_os("SCR_PDF_OUT") {
        std::fs::create_dir_all(&keep).expect("SCR_PDF_OUT can be created");
        std::fs::write(Path::new(&keep).join(name), bytes).expect("kept copy written");
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("pdf written");
    path
}

/// Text in layout mode (columns side by side), one page or all.
fn layout_text(path: &Path, page: Option<usize>) -> String {
    let p = path.to_str().expect("utf-8 path");
    match page {
        Some(n) => {
            let n = n.to_string();
            poppler("pdftotext", &["-layout", "-f", &n, "-l", &n, p, "-"])
        }
        None => poppler("pdftotext", &["-layout", p, "-"]),
    }
}

/// Text in content-stream order with all whitespace collapsed to single spaces: a table
/// cell wrapped over several lines reads as one run, so a name or an agency broken
/// across lines of its cell is still found.
fn flowing_text(path: &Path) -> String {
    let raw = poppler(
        "pdftotext",
        &["-raw", path.to_str().expect("utf-8 path"), "-"],
    );
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page_count(path: &Path) -> usize {
    info(path, "Pages")
        .and_then(|v| v.parse().ok())
        .expect("pdfinfo gives a page count")
}

fn info(path: &Path, key: &str) -> Option<String> {
    let out = poppler("pdfinfo", &[path.to_str().expect("utf-8 path")]);
    out.lines().find_map(|l| {
        l.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

struct Rendered {
    _dir: tempfile::TempDir,
    summary: PathBuf,
    full: PathBuf,
    summary_report: Report,
    full_report: Report,
}

fn render_sample() -> (Review, Rendered) {
    let review = sample();
    let typologies = scr_workbench::store::typologies::builtin();
    let summary_report = summary::build(&review, &typologies);
    let full_report = full::build(&review, &typologies, full::Options::default());
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = write(
        dir.path(),
        "summary.pdf",
        &pdf::render(&summary_report, &options()).expect("summary renders"),
    );
    let full = write(
        dir.path(),
        "full.pdf",
        &pdf::render(&full_report, &options()).expect("full report renders"),
    );
    (
        review,
        Rendered {
            _dir: dir,
            summary,
            full,
            summary_report,
            full_report,
        },
    )
}

#[test]
fn summary_names_the_panel_and_gives_the_action_plan_in_full() {
    let (review, r) = render_sample();
    let text = flowing_text(&r.summary);
    assert!(text.contains(&review.details.title), "title missing");
    assert!(!review.panel.is_empty() && !review.actions.is_empty());
    for m in &review.panel {
        assert!(text.contains(&m.name), "panel member {} missing", m.name);
    }
    for a in &review.actions {
        assert!(
            has_word(&text, &a.id.to_string()),
            "action {} missing",
            a.id
        );
        let owner = a
            .owner
            .map(|o| review.agency_name(o))
            .unwrap_or_else(|| "Not assigned".into());
        assert!(
            text.contains(&owner),
            "owner {owner} of action {} missing",
            a.id
        );
    }
}

#[test]
fn summary_has_no_real_name_date_of_birth_or_address() {
    let (review, r) = render_sample();
    // Both readings: flowing (cells rejoined) and layout (as printed).
    let texts = [
        flowing_text(&r.summary).to_lowercase(),
        layout_text(&r.summary, None)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    ];
    let forbidden = confidential_values(&review);
    for text in &texts {
        for (value, kind) in &forbidden {
            assert!(
                !has_word(text, &value.to_lowercase()),
                "{kind} {value:?} appears in the public summary"
            );
        }
    }
    assert!(
        !texts[1].contains("confidential:"),
        "the public summary is not marked confidential"
    );
}

#[test]
fn full_report_is_confidential_on_every_page_and_has_every_entry() {
    let (review, r) = render_sample();
    let pages = page_count(&r.full);
    assert!(pages > 1, "{pages} pages");
    for n in 1..=pages {
        let text = layout_text(&r.full, Some(n));
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let first = lines.first().copied().unwrap_or_default();
        let last = lines.last().copied().unwrap_or_default();
        assert!(first.contains("CONFIDENTIAL"), "page {n} header: {first:?}");
        assert!(last.contains("CONFIDENTIAL"), "page {n} footer: {last:?}");
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} has no page number"
        );
    }
    let text = flowing_text(&r.full);
    assert!(!review.chronology.is_empty());
    for e in &review.chronology {
        assert!(
            has_word(&text, &e.id.to_string()),
            "entry {} missing from the full report",
            e.id
        );
    }
}

#[test]
fn summary_pages_are_numbered_and_titled_and_not_confidential() {
    let (_, r) = render_sample();
    let pages = page_count(&r.summary);
    assert!(pages > 1, "{pages} pages");
    for n in 1..=pages {
        let text = layout_text(&r.summary, Some(n));
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} has no page number"
        );
        assert!(!text.contains("CONFIDENTIAL"), "page {n} is marked");
        let footer = text
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert!(
            footer.contains("Local Child Safeguarding"),
            "page {n} footer has no title: {footer:?}"
        );
    }
}

/// The contents page lists every level-1 section, and the page it gives is where the
/// section is.
#[test]
fn contents_gives_the_right_pages() {
    let (_, r) = render_sample();
    for (path, report) in [(&r.summary, &r.summary_report), (&r.full, &r.full_report)] {
        let contents = layout_text(path, Some(2));
        assert!(contents.contains("Contents"), "{contents}");
        let sections: Vec<&str> = report
            .blocks
            .iter()
            .filter_map(|p| match &p.block {
                Block::Heading(1, t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert!(sections.len() > 3);
        for title in sections {
            let line = contents
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with(title))
                .unwrap_or_else(|| panic!("{title:?} not in the contents:\n{contents}"));
            let page: usize = line
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no page number in {line:?}"));
            let text = layout_text(path, Some(page));
            assert!(
                text.lines().any(|l| l.trim() == title),
                "{title:?} is not on page {page}"
            );
        }
    }
}

#[test]
fn metadata_fonts_and_size() {
    let (_, r) = render_sample();
    for (path, report) in [(&r.summary, &r.summary_report), (&r.full, &r.full_report)] {
        assert_eq!(info(path, "Title").as_deref(), Some(report.title.as_str()));
        for key in ["Author", "Subject", "Keywords"] {
            assert!(
                info(path, key).is_none_or(|v| v.is_empty()),
                "{key} is set: {:?}",
                info(path, key)
            );
        }
        assert_eq!(info(path, "Creator").as_deref(), Some("scr-workbench"));
        let created = info(path, "CreationDate").expect("a creation date");
        assert!(
            created.contains("2024") && created.contains("May"),
            "{created}"
        );
        assert!(info(path, "Page size").is_some_and(|s| s.contains("(A4)")));
        // No claim to a standard (PDF/X, PDF/A) the file does not meet.
        assert!(
            info(path, "PDF subtype").is_none_or(|v| v.is_empty()),
            "{:?}",
            info(path, "PDF subtype")
        );

        // Both faces embedded, as subsets.
        let fonts = poppler("pdffonts", &[path.to_str().unwrap()]);
        let rows: Vec<&str> = fonts
            .lines()
            .filter(|l| l.contains("LiberationSans"))
            .collect();
        assert_eq!(rows.len(), 2, "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            assert_eq!(
                &cols[cols.len() - 5..cols.len() - 2],
                ["yes", "yes", "yes"],
                "{row}"
            );
            assert!(cols[0].as_bytes()[6] == b'+', "{row}");
        }
        let size = std::fs::metadata(path).unwrap().len();
        assert!(size < 250_000, "{} is {size} bytes", path.display());
    }
}

#[test]
fn same_input_same_bytes() {
    let review = sample();
    let typologies = scr_workbench::store::typologies::builtin();
    for report in [
        summary::build(&review, &typologies),
        full::build(&review, &typologies, full::Options::default()),
    ] {
        let a = pdf::render(&report, &options()).unwrap();
        let b = pdf::render(&report, &options()).unwrap();
        assert!(a == b, "two renders of {:?} differ", report.title);
        let later = pdf::render(
            &report,
            &PdfOptions {
                date: jiff::civil::date(2025, 1, 2),
            },
        )
        .unwrap();
        assert!(a != later, "the date is printed and recorded");
    }
}

/// Long unbroken text, a row taller than a page and a table spanning pages: nothing is
/// lost, every page of the table repeats its header.
#[test]
fn tall_rows_and_long_words_survive() {
    use scr_workbench::export::report::Table;
    let mut report = Report::new("Stress test", true);
    report.section("Table");
    let long_word = "x".repeat(400);
    let tall: String = (0..900).map(|i| format!("w{i} ")).collect();
    let mut rows = vec![(
        "r0".to_string(),
        vec!["R0".into(), long_word.clone(), "end".into()],
    )];
    rows.push(("r1".into(), vec!["R1".into(), tall.clone(), "tall".into()]));
    for i in 2..120 {
        rows.push((
            format!("r{i}"),
            vec![format!("R{i}"), format!("row {i}"), "x".into()],
        ));
    }
    report.push(
        Block::Table(Table {
            header: vec!["Id".into(), "Text".into(), "Note".into()],
            widths: vec![1.0, 6.0, 1.0],
            rows,
        }),
        "",
        "t",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "stress.pdf",
        &pdf::render(&report, &options()).unwrap(),
    );
    let pages = page_count(&path);
    assert!(pages >= 5, "{pages}");
    let text = flowing_text(&path);
    for i in 0..900 {
        assert!(has_word(&text, &format!("w{i}")), "w{i} lost");
    }
    for i in 0..120 {
        assert!(has_word(&text, &format!("R{i}")), "R{i} lost");
    }
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&long_word), "the long word lost characters");
    // Pages 3.. are the table (cover, contents): each starts with the header row.
    for n in 3..=pages {
        let page = layout_text(&path, Some(n));
        assert!(
            page.lines()
                .any(|l| l.contains("Id") && l.contains("Text") && l.contains("Note")),
            "page {n} has no header row:\n{page}"
        );
    }
}

#[test]
fn full_report_draws_the_timeline_and_the_factor_diagram() {
    let (review, r) = render_sample();
    let figures: Vec<_> = r
        .full_report
        .blocks
        .iter()
        .filter_map(|p| match &p.block {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect();
    // Two years of chronology: two timeline parts; then the factor diagram.
    assert_eq!(
        figures.len(),
        3,
        "{:?}",
        figures.iter().map(|f| &f.caption).collect::<Vec<_>>()
    );
    let text = flowing_text(&r.full);
    for f in &figures {
        let caption: String = f
            .caption
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&caption), "caption {caption:?} missing");
    }
    // Every agency with entries has a lane label; every factor its tag in the diagram.
    for a in &review.agencies {
        if review.chronology.iter().any(|e| e.agency == a.id) {
            assert!(has_word(&text, a.short()), "lane {} missing", a.short());
        }
    }
    for f in &review.factors {
        let tag = format!("{} · {}", f.id, f.level.label());
        assert!(text.contains(&tag), "factor tag {tag:?} missing");
    }
    // The wide diagram has a landscape page of its own.
    let pages = page_count(&r.full);
    let landscape: Vec<usize> = (1..=pages)
        .filter(|&n| {
            let p = r.full.to_str().expect("utf-8 path");
            let n = n.to_string();
            let out = poppler("pdfinfo", &["-f", &n, "-l", &n, p]);
            out.lines()
                .any(|l| l.contains("size:") && l.contains("841.89 x 595.276"))
        })
        .collect();
    assert_eq!(landscape.len(), 1, "landscape pages: {landscape:?}");
    let page = layout_text(&r.full, Some(landscape[0]));
    assert!(page.contains("Contributory factors and how they led to the outcome"));
}

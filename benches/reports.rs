//! Issue 4's figures: the full report of a generated review with 5,000 chronology entries
//! and 500 factors (PDF under 2 s), its executive summary (under 300 ms), the same full
//! report as a Word document, and, as the yardstick a board would otherwise use, the
//! time LibreOffice takes to turn our Word document into a PDF
//! (`libreoffice --headless --convert-to pdf`; skipped with a note when it is not
//! installed).
//!
//! Run with `cargo bench --bench reports`.

mod common;

use common::{row, time};
use scr_workbench::export::{self, Format, full, summary};
use scr_workbench::synth;
use std::process::Command;
use std::time::Instant;

#[global_allocator]
static ALLOC: common::Counting = common::Counting;

fn main() {
    let review = synth::review(
        synth::Size {
            entries: 5000,
            factors: 500,
            links: 900,
            ..synth::Size::LARGE
        },
        1,
    );
    let typologies = scr_workbench::store::typologies::builtin();
    let date = jiff::civil::date(2026, 11, 22);
    println!(
        "Review: {} entries, {} agencies, {} episodes, {} factors, {} links, {} findings, {} actions",
        review.chronology.len(),
        review.agencies.len(),
        review.episodes.len(),
        review.factors.len(),
        review.links.len(),
        review.findings.len(),
        review.actions.len()
    );
    println!("| Measure | Median | Fastest | Target |");
    println!("|---|---|---|---|");

    let full_pdf = || {
        let report = full::build(&review, &typologies, full::Options::default());
        export::render(&report, Format::Pdf, date).expect("renders")
    };
    row(
        "Full report PDF (build + render)",
        time(5, full_pdf),
        "< 2 s",
    );
    let summary_pdf = || {
        let report = summary::build(&review, &typologies);
        export::render(&report, Format::Pdf, date).expect("renders")
    };
    row(
        "Executive summary PDF (build + render)",
        time(10, summary_pdf),
        "< 300 ms",
    );
    row(
        "Leak check of the summary",
        time(10, || {
            export::pipeline::executive_summary(&review, &typologies)
        }),
        "",
    );
    let full_docx = || {
        let report = full::build(&review, &typologies, full::Options::default());
        export::render(&report, Format::Docx, date).expect("renders")
    };
    row("Full report DOCX (build + render)", time(3, full_docx), "");

    let pdf = full_pdf();
    let docx = full_docx();
    println!(
        "Sizes: full report PDF {:.1} MB, DOCX {:.1} MB",
        pdf.len() as f64 / 1e6,
        docx.len() as f64 / 1e6
    );

    // The yardstick: LibreOffice converting our DOCX to PDF (one run: it takes seconds).
    let dir = std::env::temp_dir().join(format!("scr-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("full-report.docx");
    std::fs::write(&input, &docx).expect("docx written");
    let start = Instant::now();
    let converted = Command::new("libreoffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .output();
    let took = start.elapsed();
    match converted {
        Ok(out) if out.status.success() && dir.join("full-report.pdf").exists() => {
            let pages = Command::new("pdfinfo")
                .arg(dir.join("full-report.pdf"))
                .output()
                .ok()
                .and_then(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().to_string()))
                })
                .unwrap_or_else(|| "?".into());
            println!(
                "| LibreOffice: our DOCX to PDF (yardstick, one run, {pages} pages) | {:.1} ms | | |",
                took.as_secs_f64() * 1e3
            );
        }
        Ok(out) => println!(
            "LibreOffice failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => println!("LibreOffice not run ({e}): apt-get install libreoffice-writer-nogui"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

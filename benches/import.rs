//! Issue 5's figures: a 50,000-row agency chronology, as CSV and as XLSX (both generated
//! here into a temporary folder), imported into a typical review: read, find the headings,
//! map, read every row and date, plan the merge (ids, sequence numbers, duplicates) and
//! apply it. Targets: under 1 s for the CSV and under 3 s for the XLSX, in release. Also
//! the XLSX export of the chronology that results. Run with `cargo bench --bench import`.

mod common;

use common::*;
use scr_workbench::export::chronology::{self, Columns};
use scr_workbench::import::{self, Choices, Meta, Target};
use scr_workbench::model::Review;
use scr_workbench::synth;
use std::path::Path;

#[global_allocator]
static ALLOC: Counting = Counting;

const ROWS: usize = 50_000;

const TYPES: [&str; 6] = [
    "Home visit",
    "Telephone call",
    "Domestic incident",
    "Clinic appointment",
    "Strategy discussion",
    "School attendance",
];

/// One generated row: date (dd/mm/yyyy), time, type, details, practitioner, child seen,
/// outcome; dates spread over about eight years, several rows a day.
fn agency_row(i: usize) -> [String; 7] {
    let day = i / 7;
    let (y, m, d) = (2012 + (day / 336) % 8, 1 + (day / 28) % 12, 1 + day % 28);
    [
        format!("{d:02}/{m:02}/{y}"),
        format!("{:02}:{:02}", 8 + i % 10, (i * 7) % 60),
        TYPES[i % TYPES.len()].to_string(),
        format!(
            "Entry {i}: visit to the family home; Mother and Child B present. Concerns about home conditions discussed and advice given about safe sleeping."
        ),
        format!("Practitioner {}", i % 37),
        ["Yes", "No", "Unknown"][i % 3].to_string(),
        "Follow-up visit booked.".to_string(),
    ]
}

const HEADINGS: [&str; 7] = [
    "Date of contact",
    "Time",
    "Contact type",
    "Details",
    "Worker",
    "Was the child seen?",
    "Outcome",
];

fn write_csv(path: &Path) {
    let mut w = csv::Writer::from_path(path).expect("csv");
    w.write_record(HEADINGS).expect("write");
    for i in 0..ROWS {
        w.write_record(agency_row(i)).expect("write");
    }
    w.flush().expect("flush");
}

fn write_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in HEADINGS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for i in 0..ROWS {
        let r = agency_row(i);
        let excel_row = i as u32 + 1;
        // Real agency workbooks hold date cells; a few rows hold typed text.
        let parts: Vec<u16> = r[0].split('/').filter_map(|p| p.parse().ok()).collect();
        if i % 10 != 0
            && let [d, m, y] = parts[..]
        {
            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m as u8, d as u8).expect("date");
            ws.write_datetime_with_format(excel_row, 0, dt, &date)
                .expect("write");
        } else {
            ws.write_string(excel_row, 0, &r[0]).expect("write");
        }
        for (c, v) in r.iter().enumerate().skip(1) {
            ws.write_string(excel_row, c as u16, v).expect("write");
        }
    }
    wb.save(path).expect("save");
}

fn import_file(review: &Review, path: &Path) -> Review {
    let loaded = import::read::read_path(path, None).expect("reads");
    let target = Target::by_name(review, "Agency 1");
    let meta = Meta {
        imported_at: "2026-11-22T10:00:00Z".into(),
    };
    let run = import::run(loaded, review, &target, &[], &Choices::default(), &meta).expect("maps");
    assert!(
        run.plan.unresolved.is_empty(),
        "{:?}",
        run.plan.unresolved.first()
    );
    assert_eq!(run.plan.added.len(), ROWS);
    let mut r = review.clone();
    r.apply(run.plan.edit);
    r
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let review = synth::review(synth::Size::TYPICAL, 42);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("agency.csv");
    let xlsx_path = dir.path().join("agency.xlsx");
    write_csv(&csv_path);
    write_xlsx(&xlsx_path);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "Into a review of {} entries: {ROWS} rows as CSV ({:.1} MB) and as XLSX ({:.1} MB)",
        review.chronology.len(),
        size(&csv_path),
        size(&xlsx_path)
    );
    println!();
    println!("| step | median | fastest | target |");
    println!("|---|---|---|---|");
    row(
        "import 50,000-row CSV (read, map, dates, plan, apply)",
        time(runs, || import_file(&review, &csv_path)),
        "< 1 s",
    );
    row(
        "  of which: reading the CSV",
        time(runs, || {
            import::read::read_path(&csv_path, None).expect("reads")
        }),
        "",
    );
    row(
        "import 50,000-row XLSX (read, map, dates, plan, apply)",
        time(runs, || import_file(&review, &xlsx_path)),
        "< 3 s",
    );
    row(
        "  of which: reading the XLSX",
        time(runs, || {
            import::read::read_path(&xlsx_path, None).expect("reads")
        }),
        "",
    );
    let big = import_file(&review, &csv_path);
    row(
        &format!(
            "export the chronology ({} entries) to XLSX, confidential",
            big.chronology.len()
        ),
        time(runs, || {
            chronology::to_xlsx(&big, Columns::CONFIDENTIAL).expect("xlsx")
        }),
        "",
    );
    reset_peak();
    let before = live();
    let again = import_file(&review, &xlsx_path);
    println!();
    println!(
        "Peak heap during the XLSX import: {:.0} MB above the {:.0} MB held before",
        mb(peak().saturating_sub(before)),
        mb(before)
    );
    drop(again);
}

//! Agency chronologies in and data out, on real files: the fixtures in
//! tests/fixtures/import (see its README for how the workbooks were made), the real
//! binary for the command line, and pdftotext for the extracts.

use scr_workbench::export::chronology::{self, Columns};
use scr_workbench::import::{self, Choices, Decision, Meta, Target};
use scr_workbench::model::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron")
}

fn sample() -> Review {
    scr_workbench::store::load(&sample_path()).expect("the sample loads")
}

/// A review with two agencies and no chronology.
fn empty_review() -> Review {
    let mut r = Review::default();
    for (id, name, short) in [
        (1, "Northshire Police", "Police"),
        (2, "Northshire Community Health NHS Trust", "Health"),
    ] {
        r.agencies.push(Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short.into(),
            sector: Sector::Other,
            import_columns: Default::default(),
        });
    }
    r
}

fn meta() -> Meta {
    Meta {
        imported_at: "2026-11-22T10:00:00Z".into(),
    }
}

/// Import a fixture into a review for an agency, flagging nothing: the run and the
/// review after applying it.
fn import_into(
    review: &mut Review,
    name: &str,
    sheet: Option<&str>,
    agency: &str,
    choices: &Choices,
) -> import::Run {
    let loaded = import::read::read_path(&fixture(name), sheet).expect("the fixture reads");
    let target = Target::by_name(review, agency);
    let run = import::run(loaded, review, &target, &[], choices, &meta()).expect("maps");
    review.apply(run.plan.edit.clone());
    run
}

fn dates(review: &Review) -> Vec<String> {
    review
        .chronology
        .iter()
        .map(|e| e.date.to_string())
        .collect()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr-workbench"))
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn police_export_with_times_in_their_own_column() {
    let mut r = empty_review();
    let run = import_into(
        &mut r,
        "police-export.csv",
        None,
        "Police",
        &Choices::default(),
    );
    assert!(run.plan.unresolved.is_empty(), "{:?}", run.plan.unresolved);
    assert_eq!(r.chronology.len(), 6);
    assert!(r.chronology.iter().all(|e| e.agency == AgencyId(1)));
    assert_eq!(
        dates(&r),
        [
            "2016-03-14",
            "2016-04-02",
            "2016-05-22",
            "2016-05-22",
            "2016-06-13",
            "2016-09-01"
        ]
    );
    let times: Vec<Option<String>> = r
        .chronology
        .iter()
        .map(|e| e.time.map(|t| t.to_string()))
        .collect();
    assert_eq!(times[0].as_deref(), Some("23:15:00"));
    assert_eq!(times[1].as_deref(), Some("01:40:00"), "0140 is a time");
    assert_eq!(times[4], None);
    let e = &r.chronology[2];
    assert_eq!(e.event_type, "Concern for welfare");
    assert!(e.detail.starts_with("Neighbour reported a child crying"));
    // Practitioners' names are confidential: in the detail, never the summary.
    assert!(
        e.detail.contains("Officer: PS 118 Joan Reed"),
        "{}",
        e.detail
    );
    assert!(r.chronology.iter().all(|e| e.summary.is_empty()));
    // The reference column nobody recognised is kept, labelled, and listed as unknown.
    assert!(
        e.detail.contains("Occurrence Ref: NP/16/1187"),
        "{}",
        e.detail
    );
    let unknown: Vec<&str> = run
        .mapping
        .undecided()
        .map(|c| c.heading.as_str())
        .collect();
    assert_eq!(unknown, ["Occurrence Ref"]);
    assert_eq!(e.outcome, "Words of advice. Notification to MASH.");
    // Same-day entries in file order.
    assert!(r.chronology[2].sequence < r.chronology[3].sequence);
    let p = e.provenance.as_ref().expect("provenance");
    assert_eq!(
        (p.file.as_str(), p.row, p.imported_at.as_str()),
        ("police-export.csv", 4, "2026-11-22T10:00:00Z")
    );
}

#[test]
fn health_workbook_with_title_rows_merged_headings_and_blank_lines() {
    let names = import::read::sheet_names(
        "health.xlsx",
        &std::fs::read(fixture("health.xlsx")).expect("reads"),
    )
    .expect("a workbook");
    assert_eq!(names, ["Cover", "Chronology"]);
    let mut r = empty_review();
    let run = import_into(
        &mut r,
        "health.xlsx",
        Some("Chronology"),
        "Health",
        &Choices::default(),
    );
    assert!(run.plan.unresolved.is_empty(), "{:?}", run.plan.unresolved);
    assert_eq!(run.loaded.sheet.rows[run.mapping.header].number, 5);
    assert_eq!(run.analysis.above_headings, [1, 2, 4]);
    assert_eq!(run.analysis.blank_rows, [8, 11]);
    assert_eq!(r.chronology.len(), 7);
    assert!(r.chronology.iter().all(|e| e.agency == AgencyId(2)));
    assert_eq!(
        dates(&r),
        [
            "2016-04-03",
            "2016-04-03",
            "2016-04-12",
            "2016-05",
            "c. 2016-05",
            "2016-06-20",
            "2016-07-04..2016-07-08"
        ]
    );
    let e = &r.chronology[0];
    assert_eq!(e.source, "HV notes");
    assert_eq!(e.child_seen, Tri::Yes);
    assert_eq!(e.views_sought, Tri::No);
    assert!(e.detail.contains("Practitioner: Health Visitor Sue Lamb"));
    assert_eq!(
        e.provenance.as_ref().and_then(|p| p.sheet.as_deref()),
        Some("Chronology")
    );
    assert_eq!(e.provenance.as_ref().map(|p| p.row), Some(6));
    let rows: Vec<u32> = r
        .chronology
        .iter()
        .filter_map(|e| e.provenance.as_ref().map(|p| p.row))
        .collect();
    assert_eq!(rows, [6, 7, 9, 10, 12, 13, 14]);
}

#[test]
fn without_a_sheet_named_the_first_sheet_with_headings_is_read() {
    let loaded = import::open(&fixture("health.xlsx"), None).expect("reads");
    assert_eq!(loaded.sheet.name.as_deref(), Some("Chronology"));
    // Named, the cover sheet is read, and has no headings: the error lists the sheets.
    let cover = import::open(&fixture("health.xlsx"), Some("Cover")).expect("reads");
    let r = empty_review();
    let e = import::map(&cover, &r, &Target::Existing(AgencyId(2)), &[]).expect_err("no headings");
    let text = e.to_string();
    assert!(
        text.contains("sheet \"Cover\": no heading row")
            && text.contains("the sheets are: Cover, Chronology"),
        "{text}"
    );
}

#[test]
fn a_missing_sheet_names_the_sheets_there_are() {
    let e = import::read::read_path(&fixture("health.xlsx"), Some("Chronology 2"))
        .expect_err("no such sheet");
    let text = e.to_string();
    assert!(
        text.contains("health.xlsx") && text.contains("Cover, Chronology"),
        "{text}"
    );
}

/// Found by the `spreadsheet_import` fuzz target, in damaged .xls files of about 5 KB:
/// a sector chain that comes back on itself made calamine allocate until the process was
/// killed; an allocation table placed past the end of the file, or cut short by it, made
/// it panic; a sheet's DIMENSIONS record claiming 16 million rows made it reserve 3.4 GB
/// before reading a cell (with 32-bit rows, up to thousands of GB); a cell in column
/// 65,536 made it lay the sheet out as a 100 GB rectangle. Each must
/// be a message naming the file and what is wrong, from reading the sheet and from
/// listing the sheets alike.
#[test]
fn damaged_xls_files_are_refused_with_a_message() {
    for (file, what) in [
        ("import-xls-sector-chain-loop.xls", "loops back on itself"),
        (
            "import-xls-fat-past-the-end.xls",
            "past the end of the file",
        ),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz")
            .join(file);
        let e = import::read::read_path(&path, None).expect_err("a damaged workbook");
        let text = e.to_string();
        assert!(
            text.contains(file) && text.contains("the workbook is damaged") && text.contains(what),
            "{text}"
        );
        let names = import::read::sheet_names(file, &std::fs::read(&path).expect("read"))
            .expect_err("the sheet list is refused too");
        assert_eq!(names.to_string(), text);
    }
}

#[test]
fn a_stray_value_in_a_far_corner_is_refused_with_where_it_is() {
    let dir = tempfile::tempdir().expect("temp");
    let write = |far: bool| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Date").expect("cell");
        ws.write_string(0, 1, "Details").expect("cell");
        ws.write_string(1, 0, "03/05/2016").expect("cell");
        ws.write_string(1, 1, "Home visit, child seen.")
            .expect("cell");
        if far {
            ws.write_string(1_048_575, 16_383, "x").expect("cell");
        }
        let path = dir.path().join(format!("far-{far}.xlsx"));
        wb.save(&path).expect("saved");
        path
    };
    let e = import::read::read_path(&write(true), None).expect_err("refused");
    let text = e.to_string();
    assert!(
        text.contains("far-true.xlsx") && text.contains("reach row 1048576 and column XFD"),
        "{text}"
    );
    let loaded = import::read::read_path(&write(false), None).expect("reads");
    assert_eq!(loaded.sheet.rows.len(), 2);
    assert_eq!(loaded.sheet.rows[1].number, 2);
}

#[test]
fn social_care_windows_1252_with_uncertain_dates() {
    let mut r = empty_review();
    let run = import_into(
        &mut r,
        "social-care-1252.csv",
        None,
        "Northshire Children's Services",
        &Choices::default(),
    );
    assert!(
        run.loaded.how.contains("Windows-1252"),
        "{}",
        run.loaded.how
    );
    assert!(run.loaded.how.contains("semicolon"), "{}", run.loaded.how);
    assert!(run.plan.unresolved.is_empty(), "{:?}", run.plan.unresolved);
    assert!(run.plan.new_agency);
    assert_eq!(r.agencies.len(), 3);
    assert_eq!(r.agencies[2].name, "Northshire Children's Services");
    assert_eq!(r.chronology.len(), 6);
    assert!(r.chronology.iter().all(|e| e.agency == AgencyId(3)));
    assert_eq!(
        dates(&r),
        [
            "c. 2016-05-22",
            "2016-06-03",
            "c. 2016-06",
            "2016-06-13",
            "before 2015",
            "2016-07-01..2016-08-31"
        ]
    );
    assert!(r.chronology[0].detail.contains("£40 a week"));
    assert!(
        r.chronology[0]
            .detail
            .contains("Worker: Social Worker A. Renée Clark")
    );
    assert!(r.chronology[2].detail.contains("Café meeting"));
    assert_eq!(r.chronology[1].child_seen, Tri::Yes);
    assert_eq!(r.chronology[2].child_seen, Tri::Unknown);
    assert_eq!(r.chronology[5].views_sought, Tri::Yes);
}

#[test]
fn excel_date_cells_serial_numbers_and_time_cells() {
    for name in ["excel-dates.xlsx", "excel-dates.xls"] {
        let mut r = empty_review();
        let run = import_into(&mut r, name, None, "Health", &Choices::default());
        assert!(
            run.plan.unresolved.is_empty(),
            "{name}: {:?}",
            run.plan.unresolved
        );
        assert_eq!(r.chronology.len(), 5, "{name}");
        assert_eq!(
            dates(&r),
            [
                "2016-03-01",
                "2016-03-15",
                "2016-05-24",
                "2016-05-24",
                "2016-07-30"
            ],
            "{name}"
        );
        let times: Vec<Option<String>> = r
            .chronology
            .iter()
            .map(|e| e.time.map(|t| t.to_string()))
            .collect();
        assert_eq!(
            times,
            [
                Some("09:30:00".to_string()),
                None,
                Some("14:45:00".to_string()),
                Some("16:00:00".to_string()),
                None
            ],
            "{name}"
        );
        assert_eq!(r.chronology[0].event_type, "A&E attendance", "{name}");
    }
}

#[test]
fn month_first_order_is_decided_from_the_file_and_said() {
    let mut r = empty_review();
    let run = import_into(
        &mut r,
        "gp-month-first.tsv",
        None,
        "Hollins GP practice",
        &Choices::default(),
    );
    assert_eq!(run.analysis.order.order, import::dates::Order::MonthFirst);
    assert!(run.analysis.order.describe().contains("month first"));
    assert_eq!(dates(&r), ["2016-05-04", "2016-05-22", "2016-06-01"]);
    assert!(r.chronology[0].detail.contains("Clinician: Dr P Shah"));
}

#[test]
fn broken_rows_are_each_reported_by_row_number() {
    let r = empty_review();
    let loaded = import::read::read_path(&fixture("broken.csv"), None).expect("reads");
    let target = Target::by_name(&r, "Police");
    let run = import::run(loaded, &r, &target, &[], &Choices::default(), &meta()).expect("maps");
    let problems: Vec<(u32, Option<usize>, String)> = run
        .plan
        .unresolved
        .iter()
        .map(|p| (p.row, p.column, p.reason.to_string()))
        .collect();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert_eq!(problems[0], (3, Some(0), "no date".to_string()));
    assert_eq!(problems[1].0, 4);
    assert!(
        problems[1].2.contains("no day 31 in February"),
        "{problems:?}"
    );
    assert_eq!(problems[2].0, 5);
    assert!(problems[2].2.starts_with("empty event"));
    assert_eq!(problems[3], (6, Some(1), "unknown agency".to_string()));
    let shown = run.plan.unresolved[3].to_string();
    assert!(
        shown
            .contains("broken.csv, row 6, column B \"Agency\": unknown agency \"Fire and Rescue\""),
        "{shown}"
    );
}

#[test]
fn cli_import_reports_then_imports_with_the_choices_given() {
    let dir = tempfile::tempdir().expect("temp");
    let review = dir.path().join("r.scr.ron");
    scr_workbench::store::save(&empty_review(), &review).expect("saved");
    let before = std::fs::read(&review).expect("read");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "import".to_string(),
            review.display().to_string(),
            fixture("broken.csv").display().to_string(),
            "--agency".into(),
            "Police".into(),
            "--at".into(),
            "2026-11-22T10:00:00Z".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    // No decision: every bad row listed, exit 1, nothing saved.
    let o = bin().args(args(&[])).output().expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    for row in ["row 3", "row 4", "row 5", "row 6"] {
        assert!(
            out(&o).contains(&format!("broken.csv, {row}")),
            "{row}: {}",
            out(&o)
        );
    }
    assert_eq!(std::fs::read(&review).expect("read"), before);
    // Dry run with decisions: exit 0, still nothing saved.
    let o = bin()
        .args(args(&["--on-bad", "flag", "--dry-run"]))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_eq!(std::fs::read(&review).expect("read"), before);
    // Fix one, skip one, flag the rest.
    let o = bin()
        .args(args(&[
            "--fix",
            "4=28/02/2016",
            "--skip-row",
            "5",
            "--on-bad",
            "flag",
        ]))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let r = scr_workbench::store::load(&review).expect("loads");
    assert_eq!(r.chronology.len(), 5);
    let flagged: Vec<u32> = r
        .chronology
        .iter()
        .filter(|e| e.flags.contains(&Flag::NeedsChecking))
        .filter_map(|e| e.provenance.as_ref().map(|p| p.row))
        .collect();
    assert_eq!(flagged, [3, 6]);
    let fixed = r
        .chronology
        .iter()
        .find(|e| e.provenance.as_ref().is_some_and(|p| p.row == 4))
        .expect("row 4 imported");
    assert_eq!(fixed.date.to_string(), "2016-02-28");
    let unknown = r
        .chronology
        .iter()
        .find(|e| e.provenance.as_ref().is_some_and(|p| p.row == 6))
        .expect("row 6 imported");
    assert!(
        unknown.comment.contains("Fire and Rescue"),
        "{}",
        unknown.comment
    );
    // A review that cannot be read: exit 2.
    let o = bin()
        .args(["import", "/nonexistent.scr.ron", "x.csv", "--agency", "P"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}

#[test]
fn mapping_chosen_by_hand_is_remembered_for_the_agency() {
    let dir = tempfile::tempdir().expect("temp");
    let review = dir.path().join("r.scr.ron");
    scr_workbench::store::save(&empty_review(), &review).expect("saved");
    let police = fixture("police-export.csv");
    let run = |extra: &[&str]| {
        let mut a = vec![
            "import".to_string(),
            review.display().to_string(),
            police.display().to_string(),
            "--agency".into(),
            "Northshire Police".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        bin().args(a).output().expect("runs")
    };
    let o = run(&["--map", "Occurrence Ref=source"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let r = scr_workbench::store::load(&review).expect("loads");
    assert_eq!(r.chronology[0].source, "NP/16/1001");
    assert_eq!(
        r.agencies[0].import_columns.get("occurrence ref"),
        Some(&ColumnField::Source)
    );
    // The next file of the agency: remembered without --map, said in the report.
    let o = run(&["--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("\"Occurrence Ref\" -> source (remembered for this agency)"),
        "{}",
        out(&o)
    );
    // The same file again: nothing new, all unchanged.
    assert!(
        out(&o).contains("0 added, 0 changed, 0 removed, 6 unchanged"),
        "{}",
        out(&o)
    );
    let o = run(&["--map", "Occurrence Ref=colour"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("unknown field \"colour\""));
}

/// Every field but the id and the provenance.
fn comparable(e: &ChronologyEntry) -> ChronologyEntry {
    ChronologyEntry {
        id: EventId(0),
        provenance: None,
        ..e.clone()
    }
}

fn round_trip(name: &str, bytes: Vec<u8>) {
    let original = sample();
    let mut back = original.clone();
    back.chronology.clear();
    back.episodes.iter_mut().for_each(|e| e.entries.clear());
    back.factors
        .iter_mut()
        .for_each(|f| f.evidence_entries.clear());
    back.findings
        .iter_mut()
        .for_each(|f| f.evidence_entries.clear());
    let loaded = import::read::read_bytes(name, &bytes, None).expect("our export reads");
    let target = Target::Existing(original.agencies[0].id);
    let run = import::run(loaded, &back, &target, &[], &Choices::default(), &meta()).expect("maps");
    assert!(run.plan.unresolved.is_empty(), "{:?}", run.plan.unresolved);
    assert_eq!(run.mapping.undecided().count(), 0);
    back.apply(run.plan.edit);
    let mut want: Vec<ChronologyEntry> = original.chronology.iter().map(comparable).collect();
    let mut got: Vec<ChronologyEntry> = back.chronology.iter().map(comparable).collect();
    let key = |e: &ChronologyEntry| (e.date, e.time, e.agency, e.sequence, e.detail.clone());
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
}

#[test]
fn xlsx_export_imports_back_into_the_same_entries() {
    let review = sample();
    assert!(review.chronology.len() > 50);
    round_trip(
        "chronology.xlsx",
        chronology::to_xlsx(&review, Columns::CONFIDENTIAL).expect("xlsx"),
    );
}

#[test]
fn csv_export_imports_back_into_the_same_entries() {
    round_trip(
        "chronology.csv",
        chronology::to_csv(&sample(), Columns::CONFIDENTIAL),
    );
}

#[test]
fn chronology_export_leaves_out_confidential_columns_unless_asked() {
    let review = sample();
    let public = String::from_utf8(chronology::to_csv(&review, Columns::default())).expect("utf-8");
    let confidential =
        String::from_utf8(chronology::to_csv(&review, Columns::CONFIDENTIAL)).expect("utf-8");
    let detail = review
        .chronology
        .iter()
        .find(|e| e.detail.len() > 40)
        .map(|e| e.detail.clone())
        .expect("an entry with detail");
    assert!(!public.contains("Detail (confidential)") && !public.contains(&detail));
    assert!(confidential.contains(&detail.replace('"', "\"\"")));
    // The CLI writes both kinds by extension.
    let dir = tempfile::tempdir().expect("temp");
    for name in ["c.csv", "c.xlsx"] {
        let path = dir.path().join(name);
        let o = bin()
            .args(["export", "chronology"])
            .arg(sample_path())
            .arg("-o")
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
        assert!(std::fs::metadata(&path).expect("written").len() > 1000);
    }
}

fn pdftotext(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext could not be run ({e}): run scripts/install-deps.sh")
        });
    assert!(o.status.success());
    String::from_utf8(o.stdout).expect("utf-8")
}

/// Words of a text, for comparing with extracted PDF text (which wraps lines).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn extracts_hold_only_their_own_agency() {
    let review = sample();
    let dir = tempfile::tempdir().expect("temp");
    let o = bin()
        .args(["export", "extracts"])
        .arg(sample_path())
        .arg("-o")
        .arg(dir.path())
        .args(["--date", "2026-11-22"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let agencies = scr_workbench::export::extracts::agencies(&review);
    assert!(agencies.len() >= 3);
    for agency in &agencies {
        let stem = scr_workbench::export::extracts::file_stem(&review, *agency);
        let text = pdftotext(&dir.path().join(format!("{stem}.pdf")));
        // Entry ids as words of the PDF ("E8" and not "E80").
        let words: std::collections::BTreeSet<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let xlsx =
            import::read::read_path(&dir.path().join(format!("{stem}.xlsx")), Some("Entries"))
                .expect("the xlsx extract reads");
        let cells: Vec<String> = xlsx
            .sheet
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.text()))
            .collect();
        let ids: Vec<String> = xlsx
            .sheet
            .rows
            .iter()
            .skip(1)
            .map(|r| r.cell(0).text())
            .collect();
        let mut own = 0;
        for e in &review.chronology {
            let id = e.id.to_string();
            if e.agency == *agency {
                own += 1;
                assert!(
                    words.contains(id.as_str()),
                    "{stem}: own entry {id} missing from the PDF"
                );
                assert!(
                    ids.contains(&id),
                    "{stem}: own entry {id} missing from the XLSX"
                );
                assert!(
                    e.detail.is_empty() || cells.contains(&e.detail.trim().to_string()),
                    "{stem}: detail of {id} missing from the XLSX"
                );
            } else {
                assert!(
                    !words.contains(id.as_str()),
                    "{stem}: the PDF cites {id} of another agency"
                );
                assert!(
                    !ids.contains(&id),
                    "{stem}: the XLSX holds {id} of another agency"
                );
                assert!(
                    e.detail.is_empty() || !cells.contains(&e.detail.trim().to_string()),
                    "{stem}: the XLSX holds the detail of {id} of another agency"
                );
            }
        }
        assert!(
            own > 0 && ids.len() == own,
            "{stem}: {own} own entries, {} rows",
            ids.len()
        );
        // The first line of the first own detail is in the PDF; reviewer comments never.
        let flat = squash(&text);
        for e in review
            .chronology
            .iter()
            .filter(|e| e.comment.split_whitespace().count() > 8)
        {
            let piece: Vec<&str> = e.comment.split_whitespace().take(8).collect();
            assert!(
                !flat.contains(&piece.join(" ")),
                "{stem}: a reviewer comment"
            );
        }
    }
}

#[test]
fn undo_reverts_a_whole_import() {
    let mut r = sample();
    let before = r.clone();
    let loaded = import::read::read_path(&fixture("police-export.csv"), None).expect("reads");
    let target = Target::by_name(&r, "Police");
    let choices = Choices {
        all: Some(Decision::Flag),
        ..Choices::default()
    };
    let run = import::run(loaded, &r, &target, &[], &choices, &meta()).expect("maps");
    let inverse = r.apply(run.plan.edit);
    assert_eq!(r.chronology.len(), before.chronology.len() + 6);
    r.apply(inverse);
    assert_eq!(r, before);
}

/// Makes the workbook fixtures: `cargo test --test import -- --ignored make_fixtures`,
/// then `soffice --headless --convert-to xls excel-dates.xlsx` in the fixture folder for
/// the .xls one. Kept so the fixtures can be made again; they are committed.
#[test]
#[ignore]
fn make_fixtures() {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
    let bold = Format::new().set_bold();
    let centre = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let time = Format::new().set_num_format("hh:mm");

    // Health: a cover sheet, then the chronology under title rows and merged headings,
    // with blank lines, dates written by hand in several forms and one date cell.
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("Cover").expect("name");
    cover
        .write_string(0, 0, "Northshire Community Health NHS Trust")
        .expect("write");
    cover
        .write_string(2, 0, "Chronology prepared for the review of Child B")
        .expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("Chronology").expect("name");
    ws.merge_range(
        0,
        0,
        0,
        7,
        "Northshire Community Health NHS Trust: chronology for Child B",
        &bold,
    )
    .expect("merge");
    ws.merge_range(1, 0, 1, 7, "CONFIDENTIAL", &bold)
        .expect("merge");
    ws.merge_range(3, 0, 3, 1, "Contact", &centre)
        .expect("merge");
    ws.merge_range(3, 2, 3, 4, "Record", &centre)
        .expect("merge");
    ws.merge_range(3, 5, 3, 6, "The child", &centre)
        .expect("merge");
    ws.write_string_with_format(3, 7, "Follow-up", &centre)
        .expect("write");
    let headings = [
        "Date of contact",
        "Time",
        "Source of information",
        "Practitioner",
        "Summary of contact",
        "Was the child seen?",
        "Child's views sought?",
        "Action / outcome",
    ];
    for (c, h) in headings.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &bold)
            .expect("write");
    }
    let rows: [[&str; 8]; 7] = [
        [
            "3 April 2016",
            "10:00",
            "HV notes",
            "Health Visitor Sue Lamb",
            "New birth visit to Sibling's half-brother's household; Child B present, weight recorded.",
            "Yes",
            "No",
            "Universal plus offered.",
        ],
        [
            "3rd Apr 2016",
            "",
            "HV notes",
            "Health Visitor Sue Lamb",
            "Telephone call from Mother asking about sleep.",
            "No",
            "No",
            "Advice given.",
        ],
        [
            "12/04/2016",
            "",
            "Child health record",
            "School Nurse Tom Ives",
            "Sibling (Amy) seen at school about headaches.",
            "n/a",
            "Yes",
            "GP letter.",
        ],
        [
            "May 2016",
            "",
            "HV notes",
            "Health Visitor Sue Lamb",
            "Missed appointment at the clinic (date not recorded).",
            "No",
            "No",
            "Letter sent.",
        ],
        [
            "c. May 2016",
            "",
            "Midwife notes",
            "Midwife Kay Dunn",
            "Mother disclosed low mood at a chance meeting.",
            "Unknown",
            "Unknown",
            "Not followed up.",
        ],
        [
            "DATECELL",
            "15:20",
            "A&E record",
            "Dr Omar Nasser",
            "Child B brought to A&E with a scald; delay of 12 hours.",
            "Yes",
            "No",
            "Referral to children's social care.",
        ],
        [
            "04/07/2016 to 08/07/2016",
            "",
            "Ward notes",
            "Nurse Pat Green",
            "Admitted to the burns unit.",
            "Yes",
            "Yes",
            "Discharged to Maternal Grandmother.",
        ],
    ];
    // Data in rows 6, 7, (blank 8), 9, 10, (blank 11), 12, 13, 14.
    let at = [5u32, 6, 8, 9, 11, 12, 13];
    for (r, row) in at.iter().zip(rows) {
        for (c, v) in row.iter().enumerate() {
            if *v == "DATECELL" {
                let d = ExcelDateTime::from_ymd(2016, 6, 20).expect("date");
                ws.write_datetime_with_format(*r, c as u16, &d, &date)
                    .expect("write");
            } else if !v.is_empty() {
                ws.write_string(*r, c as u16, *v).expect("write");
            }
        }
    }
    wb.save(fixture("health.xlsx")).expect("saved");

    // Excel date cells, a serial number typed in a general cell, a date-time cell and
    // time cells.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Event date", "Time", "Contact type", "Details", "Source"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .expect("write");
    }
    let d = |y, m, d| ExcelDateTime::from_ymd(y, m, d).expect("date");
    let t = |h, m| ExcelDateTime::from_hms(h, m, 0).expect("time");
    ws.write_datetime_with_format(1, 0, d(2016, 3, 1), &date)
        .expect("w");
    ws.write_datetime_with_format(1, 1, t(9, 30), &time)
        .expect("w");
    ws.write_number(2, 0, 42444).expect("w"); // 15/03/2016 as a serial number
    ws.write_datetime_with_format(
        3,
        0,
        ExcelDateTime::parse_from_str("2016-05-24 14:45:00").expect("dt"),
        &datetime,
    )
    .expect("w");
    ws.write_datetime_with_format(4, 0, d(2016, 5, 24), &date)
        .expect("w");
    ws.write_datetime_with_format(4, 1, t(16, 0), &time)
        .expect("w");
    ws.write_datetime_with_format(5, 0, d(2016, 7, 30), &date)
        .expect("w");
    let rows = [
        (
            "A&E attendance",
            "Child B brought in with a head bump.",
            "ED record",
        ),
        (
            "Health visit",
            "Development review, speech delay noted.",
            "HV notes",
        ),
        (
            "Telephone call",
            "Call from nursery about bruising.",
            "HV notes",
        ),
        ("Home visit", "Follow-up visit, Mr K present.", "HV notes"),
        ("Clinic", "Weight check, 0.4th centile.", "Clinic record"),
    ];
    for (r, (a, b, c)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 2, *a).expect("w");
        ws.write_string(r, 3, *b).expect("w");
        ws.write_string(r, 4, *c).expect("w");
    }
    wb.save(fixture("excel-dates.xlsx")).expect("saved");
}

#[test]
fn cli_import_refuses_a_review_open_in_the_workbench() {
    let dir = tempfile::tempdir().expect("temp");
    let review = dir.path().join("r.scr.ron");
    scr_workbench::store::save(&empty_review(), &review).expect("saved");
    let before = std::fs::read(&review).expect("read");
    // This test process plays the workbench holding the review open.
    let _lock = scr_workbench::store::lock::Lock::acquire(&review).expect("locked");
    let o = bin()
        .arg("import")
        .arg(&review)
        .arg(fixture("police-export.csv"))
        .args(["--agency", "Police"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("open in scr-workbench"), "{}", out(&o));
    assert_eq!(std::fs::read(&review).expect("read"), before);
}

/// Read CSV text as the file `name` and plan its import for an agency, every problem row
/// imported flagged; the review after applying it.
fn import_text(review: &mut Review, name: &str, text: &str, agency: &str) -> import::Run {
    let loaded = import::read::read_bytes(name, text.as_bytes(), None).expect("reads");
    let target = Target::by_name(review, agency);
    let choices = Choices {
        all: Some(Decision::Flag),
        ..Choices::default()
    };
    let run = import::run(loaded, review, &target, &[], &choices, &meta()).expect("maps");
    review.apply(run.plan.edit.clone());
    run
}

/// The entry imported from a row of a file.
fn from_row<'a>(review: &'a Review, file: &str, row: u32) -> &'a ChronologyEntry {
    review
        .chronology
        .iter()
        .find(|e| {
            e.provenance
                .as_ref()
                .is_some_and(|p| p.file == file && p.row == row)
        })
        .unwrap_or_else(|| panic!("{file} row {row} imported"))
}

#[test]
fn undated_rows_are_dated_between_their_neighbours_never_on_a_day() {
    let mut r = empty_review();
    import_text(
        &mut r,
        "police.csv",
        "Date,Details\n\
         ,First row: no date\n\
         03/03/2019,Call to the home\n\
         not known,Middle row: unreadable date\n\
         ,Middle row: no date\n\
         09/03/2019,Visit\n\
         ,Last row: no date\n",
        "Police",
    );
    let date = |row| from_row(&r, "police.csv", row).date.to_string();
    let comment = |row| from_row(&r, "police.csv", row).comment.clone();
    // The first: only before the row after it.
    assert_eq!(date(2), "before 2019-03-03");
    assert!(
        comment(2).contains(
            "row 2: no date; dated before the next row with a date (before 3 March 2019)"
        ),
        "{}",
        comment(2)
    );
    // In the middle: between the nearest readable dates either side.
    for row in [4, 5] {
        assert_eq!(date(row), "2019-03-03..2019-03-09", "row {row}");
    }
    assert!(
        comment(4).contains("row 4: unreadable date: "),
        "{}",
        comment(4)
    );
    assert!(
        comment(4).contains(
            "(as written: \"not known\"); dated between the rows around it (3 March 2019 to 9 March 2019)"
        ),
        "{}",
        comment(4)
    );
    assert!(
        comment(5).contains(
            "row 5: no date; dated between the rows around it (3 March 2019 to 9 March 2019)"
        ),
        "{}",
        comment(5)
    );
    // The last: only after the row before it.
    assert_eq!(date(7), "after 2019-03-09");
    assert!(
        comment(7).contains(
            "row 7: no date; dated after the previous row with a date (after 9 March 2019)"
        ),
        "{}",
        comment(7)
    );
    for row in [2, 4, 5, 7] {
        let e = from_row(&r, "police.csv", row);
        assert!(!e.date.is_exact(), "row {row}");
        assert!(e.flags.contains(&Flag::NeedsChecking), "row {row}");
    }
    // Rows with their own dates keep them.
    assert_eq!(date(3), "2019-03-03");
    assert_eq!(date(6), "2019-03-09");
}

#[test]
fn neighbours_out_of_order_still_give_a_span_that_holds_both() {
    let mut r = empty_review();
    import_text(
        &mut r,
        "police.csv",
        "Date,Details\n09/03/2019,Visit\n,No date\n03/03/2019,Call\n",
        "Police",
    );
    assert_eq!(
        from_row(&r, "police.csv", 3).date.to_string(),
        "2019-03-03..2019-03-09"
    );
}

#[test]
fn a_file_with_no_readable_date_gets_an_uncertain_date_and_says_so() {
    let mut r = empty_review();
    import_text(
        &mut r,
        "police.csv",
        "Date,Details\n,One\nsoon,Two\n",
        "Police",
    );
    for row in [2, 3] {
        let e = from_row(&r, "police.csv", row);
        assert_eq!(e.date.to_string(), "before 2026-11-22", "row {row}");
        assert!(
            e.comment
                .contains("no row of the file has a readable date; dated only as before the import (before 22 November 2026)"),
            "{}",
            e.comment
        );
    }
}

#[test]
fn rows_the_file_gives_to_another_agency_never_overwrite_the_chosen_agencys_entries() {
    let mut r = empty_review();
    import_text(
        &mut r,
        "health.csv",
        "Date,Details\n01/03/2019,Health visit one\n02/03/2019,Health visit two\n",
        "Health",
    );
    // The police file, chosen for Health by mistake: its Agency column names the police.
    let run = import_text(
        &mut r,
        "police.csv",
        "Date,Agency,Details\n05/03/2019,Northshire Police,Call one\n06/03/2019,Northshire Police,Call two\n",
        "Health",
    );
    let health: Vec<&ChronologyEntry> = r
        .chronology
        .iter()
        .filter(|e| e.agency == AgencyId(2))
        .collect();
    assert_eq!(health.len(), 2);
    for e in &health {
        assert!(e.detail.starts_with("Health visit"), "{}", e.detail);
    }
    let police: Vec<&str> = r
        .chronology
        .iter()
        .filter(|e| e.agency == AgencyId(1))
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(police, ["Call one", "Call two"]);
    let d = run.plan.diff.expect("compared with Health's file");
    assert!(d.changed.is_empty(), "{:?}", d.changed);
    assert_eq!(d.removed.len(), 2);
}

#[test]
fn cli_import_warns_when_the_file_names_another_agency() {
    let dir = tempfile::tempdir().expect("temp");
    let review = dir.path().join("r.scr.ron");
    scr_workbench::store::save(&empty_review(), &review).expect("saved");
    let run = |agency: &str| {
        bin()
            .args(["import", &review.display().to_string()])
            .arg(fixture("broken.csv"))
            .args(["--agency", agency, "--on-bad", "flag", "--dry-run"])
            .output()
            .expect("runs")
    };
    let o = run("Health");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "warning: The file's Agency column names Northshire Police on 5 of its 6 rows, not Northshire Community Health NHS Trust. Is this the right agency?"
        ),
        "{}",
        out(&o)
    );
    let o = run("Police");
    assert!(!out(&o).contains("warning:"), "{}", out(&o));
}

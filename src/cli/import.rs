//! `import` (an agency's chronology into a review), `export chronology` (CSV or XLSX) and
//! `export extracts` (per-agency factual-accuracy extracts, PDF and XLSX).
//!
//! `import` exit codes: 0 imported (or, with `--dry-run`, would import); 1 rows with
//! problems have no decision (choose with `--on-bad`, `--flag-row`, `--skip-row` or
//! `--fix`): nothing is saved; 2 the review or the file cannot be read, an argument is
//! wrong, the review is open in a running workbench, or the review cannot be saved (the
//! file on disk is unchanged).

use crate::import::{self, Choices, Decision, Meta, Target};
use crate::model::{ColumnField, Review};
use crate::store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to do with every row that cannot be imported as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnBad {
    /// Import it flagged "needs checking", the problem noted in the reviewer's comment.
    Flag,
    /// Leave it out (listed in the report).
    Skip,
}

/// `scr-workbench import REVIEW FILE --agency NAME ...`
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Review file; saved atomically (the previous version kept as `*.bak`) unless
    /// `--dry-run`.
    pub review: PathBuf,
    /// The agency's chronology: CSV (any delimiter; UTF-8 or Windows-1252) or an Excel
    /// workbook (.xlsx, .xls).
    pub file: PathBuf,
    /// The agency the file comes from (name or short name; a new agency when the review
    /// has none by that name).
    #[arg(long)]
    pub agency: String,
    /// The sheet of a workbook (default: the first one with a heading row).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Map a column by hand: "Heading=field". Fields: date, end-date, time, sequence,
    /// agency, source, event-type, present, practitioner, child-seen, views-sought,
    /// detail, summary, outcome, comment, flags, ignore. Repeatable.
    #[arg(long = "map", value_name = "HEADING=FIELD")]
    pub map: Vec<String>,
    /// Print the report and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// What to do with every row with a problem that has no decision of its own.
    #[arg(long, value_enum)]
    pub on_bad: Option<OnBad>,
    /// Import this row with a flag. Repeatable.
    #[arg(long = "flag-row", value_name = "ROW")]
    pub flag_rows: Vec<u32>,
    /// Leave this row out. Repeatable.
    #[arg(long = "skip-row", value_name = "ROW")]
    pub skip_rows: Vec<u32>,
    /// Correct a cell: "ROW=TEXT" corrects the cell at fault in that row,
    /// "ROW:Heading=TEXT" the cell under that heading. Repeatable.
    #[arg(long = "fix", value_name = "ROW[:HEADING]=TEXT")]
    pub fixes: Vec<String>,
    /// The import time recorded in each entry's provenance (RFC 3339; default now).
    #[arg(long)]
    pub at: Option<jiff::Timestamp>,
}

/// `scr-workbench export chronology REVIEW -o OUT.csv|OUT.xlsx [--confidential]`
#[derive(Debug, clap::Args)]
pub struct ChronologyArgs {
    /// Review file.
    pub file: PathBuf,
    /// Output file; `.csv` or `.xlsx`.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Include the confidential detail and the reviewer's comments.
    #[arg(long)]
    pub confidential: bool,
}

/// `scr-workbench export extracts REVIEW -o DIR [--date D]`
#[derive(Debug, clap::Args)]
pub struct ExtractsArgs {
    /// Review file.
    pub file: PathBuf,
    /// Folder to write into (created when missing): a PDF and an XLSX per agency.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The date printed in the PDFs (YYYY-MM-DD; default today).
    #[arg(long)]
    pub date: Option<jiff::civil::Date>,
}

/// Read a review (asking for the passphrase of an encrypted one, as every command does).
fn load_encrypted(path: &Path, err: &mut dyn Write) -> Option<(Review, Option<store::Passphrase>)> {
    match super::read_review(path) {
        Ok(l) => Some((l.review, l.passphrase)),
        Err(e) => {
            super::load_failed(&e, err);
            None
        }
    }
}

fn load(path: &Path, err: &mut dyn Write) -> Option<Review> {
    load_encrypted(path, err).map(|(r, _)| r)
}

fn parse_map(items: &[String], err: &mut dyn Write) -> Option<Vec<(String, ColumnField)>> {
    let mut out = Vec::new();
    for m in items {
        let Some((heading, field)) = m.rsplit_once('=') else {
            let _ = writeln!(err, "--map \"{m}\": expected \"Heading=field\"");
            return None;
        };
        let Some(f) = ColumnField::from_slug(field) else {
            let names: Vec<&str> = ColumnField::ALL.iter().map(|f| f.slug()).collect();
            let _ = writeln!(
                err,
                "--map \"{m}\": unknown field \"{field}\"; one of: {}",
                names.join(", ")
            );
            return None;
        };
        out.push((heading.trim().to_string(), f));
    }
    Some(out)
}

/// `--fix` values: (row, heading or none, text).
fn parse_fixes(
    items: &[String],
    err: &mut dyn Write,
) -> Option<Vec<(u32, Option<String>, String)>> {
    let mut out = Vec::new();
    for f in items {
        let parsed = f.split_once('=').and_then(|(target, text)| {
            let (row, heading) = match target.split_once(':') {
                Some((r, h)) => (r, Some(h.trim().to_string())),
                None => (target, None),
            };
            row.trim()
                .parse::<u32>()
                .ok()
                .map(|r| (r, heading, text.to_string()))
        });
        match parsed {
            Some(x) => out.push(x),
            None => {
                let _ = writeln!(
                    err,
                    "--fix \"{f}\": expected \"ROW=TEXT\" or \"ROW:Heading=TEXT\""
                );
                return None;
            }
        }
    }
    Some(out)
}

/// Run `import`.
pub fn run_import(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some((mut review, passphrase)) = load_encrypted(&args.review, err) else {
        return 2;
    };
    let Some(overrides) = parse_map(&args.map, err) else {
        return 2;
    };
    let Some(fixes) = parse_fixes(&args.fixes, err) else {
        return 2;
    };
    if args.agency.trim().is_empty() {
        let _ = writeln!(err, "--agency: give the agency's name");
        return 2;
    }
    let loaded = match import::open(&args.file, args.sheet.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    let target = Target::by_name(&review, &args.agency);
    let meta = Meta {
        imported_at: args
            .at
            .unwrap_or_else(jiff::Timestamp::now)
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| jiff::Timestamp::now())
            .to_string(),
    };
    let mapping = match import::map(&loaded, &review, &target, &overrides) {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    let mut choices = Choices {
        all: args.on_bad.map(|b| match b {
            OnBad::Flag => Decision::Flag,
            OnBad::Skip => Decision::Skip,
        }),
        ..Choices::default()
    };
    for r in &args.flag_rows {
        choices.rows.insert(*r, Decision::Flag);
    }
    for r in &args.skip_rows {
        choices.rows.insert(*r, Decision::Skip);
    }
    if !fixes.is_empty() {
        // A fix without a heading corrects the cell the first analysis found at fault.
        let first = import::analyse(&loaded, &mapping, &review, &target, &Choices::default());
        for (row, heading, text) in fixes {
            let column = match &heading {
                Some(h) => mapping
                    .columns
                    .iter()
                    .find(|c| {
                        import::mapping::normalise(&c.heading) == import::mapping::normalise(h)
                    })
                    .map(|c| c.index),
                None => first
                    .problems()
                    .find(|p| p.row == row && p.column.is_some())
                    .and_then(|p| p.column),
            };
            let Some(column) = column else {
                let _ = writeln!(
                    err,
                    "--fix {row}: {}",
                    match heading {
                        Some(h) => format!("no column headed \"{h}\""),
                        None =>
                            "that row has no cell at fault; name the column as ROW:Heading=TEXT"
                                .to_string(),
                    }
                );
                return 2;
            };
            choices.fixes.insert((row, column), text);
        }
    }
    let analysis = import::analyse(&loaded, &mapping, &review, &target, &choices);
    let plan = import::plan(&review, &analysis, &mapping, &target, &choices, &meta);
    for line in import::report(&loaded, &mapping, &analysis, &plan, &review) {
        let _ = writeln!(out, "{line}");
    }
    // What the workbench would ask before importing (the agency is named here).
    let named = import::agency::named(&loaded, &mapping);
    for w in import::agency::warnings(&review, &target, named.as_ref(), &plan) {
        let _ = writeln!(err, "warning: {w}");
    }
    if !plan.unresolved.is_empty() {
        let _ = writeln!(
            err,
            "{}: {} rows with problems have no decision: nothing imported. Choose with --on-bad flag|skip, --flag-row, --skip-row or --fix.",
            loaded.file_name,
            plan.unresolved
                .iter()
                .map(|p| p.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        return 1;
    }
    if args.dry_run {
        let _ = writeln!(out, "Dry run: {} not changed.", args.review.display());
        return 0;
    }
    // The workbench holding the review open would save over the import: refuse.
    if let Some(owner) = store::lock::holder(&args.review)
        && !owner.is_stale()
    {
        let _ = writeln!(
            err,
            "{}: open in scr-workbench by {} on {} since {}: nothing imported. Close it there, or import from its File menu.",
            args.review.display(),
            owner.user,
            owner.host,
            owner.since
        );
        return 2;
    }
    review.apply(plan.edit);
    // Saved as it was read: an encrypted review stays encrypted.
    match store::save_with(&review, &args.review, passphrase.as_ref()) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "Imported {} entries into {}.",
                plan.added.len(),
                args.review.display()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

fn write(path: &Path, bytes: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match store::write_atomic(path, bytes, false) {
        Ok(()) => {
            let _ = writeln!(out, "wrote {}", path.display());
            true
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            false
        }
    }
}

/// Run `export chronology`.
pub fn export_chronology(args: &ChronologyArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::export::chronology::{self, Columns};
    let Some(review) = load(&args.file, err) else {
        return 2;
    };
    let columns = if args.confidential {
        Columns::CONFIDENTIAL
    } else {
        Columns::default()
    };
    match chronology::for_file(&review, columns, &args.output) {
        Ok(bytes) if write(&args.output, &bytes, out, err) => 0,
        Ok(_) => 2,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

/// Run `export extracts`.
pub fn export_extracts(args: &ExtractsArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::export::extracts;
    let Some(review) = load(&args.file, err) else {
        return 2;
    };
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        let _ = writeln!(
            err,
            "{}: cannot create the folder: {e}",
            args.output.display()
        );
        return 2;
    }
    let date = args.date.unwrap_or_else(|| jiff::Zoned::now().date());
    let files = match extracts::files(&review, date) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    for (name, bytes) in files {
        if !write(&args.output.join(name), &bytes, out, err) {
            return 2;
        }
    }
    0
}

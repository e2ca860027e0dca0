//! The command line: `validate`, `check`, `stats`, `new`, `typologies`; no subcommand
//! opens the GUI. Parsed in two steps: clap's raw flags, then a validated job.

use crate::analysis::{self, Problem, Severity, Target};
use crate::model::{Key, Review, ReviewKind, Typology};
use crate::store::{self, LoadError};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub mod import;

/// The raw command line.
#[derive(Debug, Parser)]
#[command(
    name = "scr-workbench",
    version,
    about = "A workbench for serious case reviews and child safeguarding practice reviews"
)]
pub struct Args {
    /// A review to open in the workbench (`.scr.ron`).
    pub file: Option<PathBuf>,

    /// What to do; none opens the workbench.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that review files load and every reference in them resolves.
    /// Exit 0 when valid, 1 when a file has problems, 2 when a file cannot be read.
    Validate {
        /// Review files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the review quality check (errors and warnings).
    Check {
        /// Review file.
        file: PathBuf,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Print counts for a review.
    Stats {
        /// Review file.
        file: PathBuf,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Create a new, empty review.
    New {
        /// Kind of review: lcspr, scr, rapid, cpr (Wales), learning (Scotland),
        /// cmr (Northern Ireland), sar, dhr.
        #[arg(long, default_value = "lcspr")]
        kind: String,
        /// Title.
        #[arg(long)]
        title: Option<String>,
        /// Where to write it (refuses to overwrite).
        #[arg(short, long)]
        output: PathBuf,
        /// Encrypt it with a passphrase (from SCR_WORKBENCH_PASSPHRASE or asked for).
        #[arg(long)]
        encrypt: bool,
    },
    /// Rewrite review files in the canonical format (sorted, current version), keeping
    /// the previous file as `*.bak`. Older versions are migrated; encrypted files stay
    /// encrypted.
    Format {
        /// Review files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Encrypt review files in place with a passphrase (the `age` format), from the
    /// SCR_WORKBENCH_PASSPHRASE environment variable or asked for twice at the terminal.
    /// The plain-text backup is removed; every command opens encrypted reviews.
    Encrypt {
        /// Review files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a decrypted (plain-text) copy of an encrypted review.
    Decrypt {
        /// Encrypted review file.
        file: PathBuf,
        /// Where to write the plain-text copy (refuses to overwrite).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Check that nothing confidential would reach the public executive summary.
    /// Exit 0 when clean, 1 when something would leak (each place listed).
    LeakCheck {
        /// Review file.
        file: PathBuf,
    },
    /// Import an agency's chronology (CSV or Excel) into a review; prints the validation
    /// report. Exit 0 imported, 1 rows with problems need a decision, 2 unreadable.
    Import(import::ImportArgs),
    /// Export the executive summary (public), the full report (confidential), the
    /// chronology (CSV/XLSX) or the per-agency factual-accuracy extracts.
    Export {
        /// What to export.
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Crash-safety harness (hidden): save numbered versions of a generated review to
    /// FILE over and over until killed. The kill test checks the file after each SIGKILL.
    #[command(hide = true)]
    SaveLoop {
        /// File to save to.
        file: PathBuf,
        /// Chronology entries in the generated review.
        #[arg(long, default_value_t = 5000)]
        entries: usize,
    },
    /// Count typology codes across many reviews and returns for national learning: CSV and
    /// JSON tables and a PDF briefing in an output folder. Exit 0 when every file was
    /// counted, 3 when some were skipped (each listed with its reason), 2 on any other
    /// error (nothing found, a bad crosswalk, the output cannot be written).
    Collate(CollateArgs),
    /// Test and demonstration harness (hidden): write a generated corpus of COUNT reviews
    /// into DIR for `collate` (every third one as a typology return).
    #[command(hide = true)]
    SynthCorpus {
        /// Folder to write into (created).
        dir: PathBuf,
        /// Reviews to generate.
        #[arg(long, default_value_t = 100)]
        count: u64,
    },
    /// List or show the typologies available.
    Typologies {
        /// `list` (default) or `show`.
        #[command(subcommand)]
        action: Option<TypologyAction>,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// PDF (A4, fonts embedded).
    Pdf,
    /// Word.
    Docx,
}

/// What every export needs.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Review file.
    pub file: PathBuf,
    /// Output file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Format.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: Format,
    /// The date printed on the cover and in the document's metadata (YYYY-MM-DD; default
    /// today). An explicit date makes the output reproducible.
    #[arg(long)]
    pub date: Option<jiff::civil::Date>,
}

/// `export` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The public executive summary. Refuses (exit 1) while the leak check finds anything.
    Summary(ExportArgs),
    /// The full overview report (confidential).
    Report {
        /// File, output, format and date.
        #[command(flatten)]
        args: ExportArgs,
        /// Include the key from labels to real names (restricted appendix).
        #[arg(long)]
        include_identity_key: bool,
    },
    /// The chronology as CSV or XLSX (by the output's extension).
    Chronology(import::ChronologyArgs),
    /// One factual-accuracy extract per agency (PDF and XLSX) into a folder.
    Extracts(import::ExtractsArgs),
    /// The anonymised typology return for national collation (JSON; schema in the README).
    /// Refuses (exit 1) when the leak check finds anything in it.
    Return {
        /// Review file.
        file: PathBuf,
        /// Output file (`.json`).
        #[arg(short, long)]
        output: PathBuf,
        /// Include the commissioning board's name.
        #[arg(long)]
        board: bool,
        /// Include the board's reference for the review.
        #[arg(long)]
        reference: bool,
    },
}

/// What `collate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CollateFormat {
    /// One CSV file per table (`codes.csv`, `causal_links.csv`...).
    Csv,
    /// Every table in one `collation.json`.
    Json,
    /// `briefing.pdf`, with charts.
    Pdf,
}

/// `collate` arguments.
#[derive(Debug, clap::Args)]
pub struct CollateArgs {
    /// Folders to search (recursively) for review files (`*.scr.ron`) and typology returns
    /// (`*.json`), or single files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The output folder (created when missing; files in it are replaced).
    #[arg(short, long)]
    pub output: PathBuf,
    /// A crosswalk file mapping the codes of one typology or version onto another
    /// (repeatable; applied in turn).
    #[arg(long = "crosswalk")]
    pub crosswalks: Vec<PathBuf>,
    /// A folder of extra typology files (`*.ron`), besides the built-in ones (repeatable).
    #[arg(long = "typologies")]
    pub typology_dirs: Vec<PathBuf>,
    /// Suppress counts from fewer than N reviews, and every list of reviews, for
    /// publication (5 is usual).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub suppress_below: Option<u64>,
    /// What to write (repeatable or comma-separated; default all three).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<CollateFormat>,
    /// Count every code as its top-level category.
    #[arg(long)]
    pub top_level: bool,
    /// Only reviews of this year or later.
    #[arg(long)]
    pub from_year: Option<i16>,
    /// Only reviews of this year or earlier.
    #[arg(long)]
    pub to_year: Option<i16>,
    /// Only reviews of this kind (lcspr, scr, rapid, cpr, learning, cmr, sar, dhr;
    /// repeatable).
    #[arg(long = "kind")]
    pub kinds: Vec<String>,
    /// Only reviews in which an agency of this sector was involved (social-care, police,
    /// health, education, probation, housing, voluntary, other; repeatable).
    #[arg(long = "sector")]
    pub sectors: Vec<String>,
    /// The date printed in the briefing (YYYY-MM-DD; default today).
    #[arg(long)]
    pub date: Option<jiff::civil::Date>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// `typologies` subcommands.
#[derive(Debug, Subcommand)]
pub enum TypologyAction {
    /// List every typology with id, version and number of codes.
    List,
    /// Show one typology as a tree.
    Show {
        /// Typology id.
        id: String,
    },
}

/// Parse the process arguments and run.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => open_gui(args.file),
    }
}

#[cfg(feature = "gui")]
fn open_gui(file: Option<PathBuf>) -> ExitCode {
    match crate::ui::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scr-workbench: cannot open the window: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_file: Option<PathBuf>) -> ExitCode {
    eprintln!(
        "scr-workbench: this build has no GUI (the `gui` feature is off). \
         Rebuild with default features, or use a subcommand: see --help."
    );
    ExitCode::from(2)
}

/// Run one command, writing to `out` and `err`. Returns the process exit code.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let code = match command {
        Command::Validate { files } => validate(&files, out, err),
        Command::Check { file, json } => check(&file, json, out, err),
        Command::Stats { file, json } => stats(&file, json, out, err),
        Command::New {
            kind,
            title,
            output,
            encrypt,
        } => new(&kind, title, &output, encrypt, out, err),
        Command::Format { files } => format(&files, out, err),
        Command::Encrypt { files } => encrypt(&files, out, err),
        Command::Decrypt { file, output } => decrypt(&file, &output, out, err),
        Command::LeakCheck { file } => leak_check(&file, out, err),
        Command::SaveLoop { file, entries } => save_loop(&file, entries, err),
        Command::Import(args) => import::run_import(&args, out, err),
        Command::Export { what } => export(what, out, err),
        Command::Collate(args) => collate(&args, out, err),
        Command::SynthCorpus { dir, count } => synth_corpus(&dir, count, out, err),
        Command::Typologies { action } => {
            typologies(action.unwrap_or(TypologyAction::List), out, err)
        }
    };
    ExitCode::from(code)
}

/// The environment variable that holds the passphrase of encrypted reviews, for
/// scripts; without it the command line asks at the terminal.
pub const PASSPHRASE_ENV: &str = "SCR_WORKBENCH_PASSPHRASE";

/// A passphrase from [`PASSPHRASE_ENV`], else asked for at the terminal (twice when
/// `confirm`, for a new one). None when there is neither.
fn ask_passphrase(what: &str, confirm: bool) -> Result<Option<store::Passphrase>, String> {
    if let Some(p) = std::env::var_os(PASSPHRASE_ENV) {
        let p = store::Passphrase::new(p.to_string_lossy().into_owned());
        if p.is_empty() {
            return Err(format!("{PASSPHRASE_ENV} is set but empty"));
        }
        return Ok(Some(p));
    }
    // Ask only someone at a terminal (a script with its input redirected gets the
    // message about the environment variable instead of waiting).
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let Ok(first) = rpassword::prompt_password(format!("Passphrase for {what}: ")) else {
        return Ok(None);
    };
    let first = store::Passphrase::new(first);
    if first.is_empty() {
        return Err("an empty passphrase protects nothing".into());
    }
    if confirm {
        let again = rpassword::prompt_password("Repeat the passphrase: ")
            .map_err(|e| format!("the passphrase could not be read: {e}"))?;
        if !first.matches(&store::Passphrase::new(again)) {
            return Err("the two passphrases differ".into());
        }
    }
    Ok(Some(first))
}

/// A new passphrase (asked for twice at a terminal); None, with the reason printed,
/// when there is none.
fn new_passphrase(what: &str, err: &mut dyn Write) -> Option<store::Passphrase> {
    match ask_passphrase(what, true) {
        Ok(Some(p)) => Some(p),
        Ok(None) => {
            let _ = writeln!(
                err,
                "No passphrase: set {PASSPHRASE_ENV} or run the command in a terminal."
            );
            None
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            None
        }
    }
}

/// A review read from disk: the review, its plain text (for locating problems) and the
/// passphrase it was encrypted with, if it was.
struct Loaded {
    review: Review,
    text: String,
    passphrase: Option<store::Passphrase>,
}

/// Read a review, asking for the passphrase when it is encrypted.
fn read_review(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !store::crypt::is_encrypted(&bytes) {
        let review = store::from_bytes(&bytes, path)?;
        return Ok(Loaded {
            review,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            passphrase: None,
        });
    }
    let encrypted = || LoadError::Encrypted {
        path: path.to_path_buf(),
    };
    let passphrase = match ask_passphrase(&path.display().to_string(), false) {
        Ok(Some(p)) => p,
        Ok(None) => return Err(encrypted()),
        Err(message) => {
            return Err(LoadError::Damaged {
                path: path.to_path_buf(),
                message,
            });
        }
    };
    let plain = store::crypt::decrypt(&bytes, &passphrase).map_err(|e| match e {
        store::crypt::OpenError::WrongPassphrase => LoadError::WrongPassphrase {
            path: path.to_path_buf(),
        },
        store::crypt::OpenError::Damaged(message) => LoadError::Damaged {
            path: path.to_path_buf(),
            message,
        },
    })?;
    let review = store::from_bytes(&plain, path)?;
    Ok(Loaded {
        review,
        text: String::from_utf8_lossy(&plain).into_owned(),
        passphrase: Some(passphrase),
    })
}

/// Print a load error (with how to give a passphrase when one is needed) and return
/// the exit code: 2 when the file could not be read, 1 when it is not a valid review.
fn load_failed(e: &LoadError, err: &mut dyn Write) -> u8 {
    let _ = writeln!(err, "{e}");
    if matches!(e, LoadError::Encrypted { .. }) {
        let _ = writeln!(
            err,
            "Give the passphrase in {PASSPHRASE_ENV}, or run the command in a terminal to be asked for it."
        );
    }
    if e.is_unreadable() { 2 } else { 1 }
}

fn load_with_typologies(path: &Path) -> Result<(Review, Vec<Typology>, String), LoadError> {
    let loaded = read_review(path)?;
    let (typs, _) = store::typologies::for_review(Some(path));
    Ok((loaded.review, typs, loaded.text))
}

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

fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn check(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn stats(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn format(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn encrypt(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn decrypt(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

fn save_loop(file: &Path, entries: usize, err: &mut dyn Write) -> u8 {
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

fn print_hits(hits: &[crate::export::leak::Hit], err: &mut dyn Write) {
    for h in hits {
        let _ = writeln!(err, "{h} (matches the {})", h.term);
    }
}

fn leak_check(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (review, typs, _) = match load_with_typologies(path) {
        Ok(x) => x,
        Err(e) => {
            load_failed(&e, err);
            return 2;
        }
    };
    let hits = crate::export::leak_check(&review, &typs);
    print_hits(&hits, err);
    let _ = writeln!(
        out,
        "{}: {} possible leaks in the executive summary",
        path.display(),
        hits.len()
    );
    u8::from(!hits.is_empty())
}

/// Render a report in a format, dated `date` (today when not given).
fn render(
    report: &crate::export::report::Report,
    format: Format,
    date: Option<jiff::civil::Date>,
) -> Result<Vec<u8>, String> {
    let date = date.unwrap_or_else(|| jiff::Zoned::now().date());
    let format = match format {
        Format::Md => crate::export::Format::Markdown,
        Format::Pdf => crate::export::Format::Pdf,
        Format::Docx => crate::export::Format::Docx,
    };
    crate::export::render(report, format, date)
}

fn write_output(output: &Path, bytes: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match store::write_atomic(output, bytes, false) {
        Ok(()) => {
            let _ = writeln!(out, "wrote {}", output.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

fn export(what: ExportWhat, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (args, identity_key) = match &what {
        ExportWhat::Summary(args) => (args, None),
        ExportWhat::Report {
            args,
            include_identity_key,
        } => (args, Some(*include_identity_key)),
        ExportWhat::Chronology(args) => return import::export_chronology(args, out, err),
        ExportWhat::Extracts(args) => return import::export_extracts(args, out, err),
        ExportWhat::Return {
            file,
            output,
            board,
            reference,
        } => {
            let options = crate::export::typology_return::Options {
                board: *board,
                reference: *reference,
            };
            return export_return(file, output, options, out, err);
        }
    };
    let (review, typs, _) = match load_with_typologies(&args.file) {
        Ok(x) => x,
        Err(e) => {
            load_failed(&e, err);
            return 2;
        }
    };
    let mut report = match identity_key {
        Some(identity_key) => crate::export::full::build(
            &review,
            &typs,
            crate::export::full::Options { identity_key },
        ),
        None => {
            let hits = crate::export::leak_check(&review, &typs);
            if !hits.is_empty() {
                print_hits(&hits, err);
                let _ = writeln!(
                    err,
                    "export refused: {} confidential identifiers would be published; change the text or allow the term with a reason",
                    hits.len()
                );
                return 1;
            }
            crate::export::summary::build(&review, &typs)
        }
    };
    report.fingerprint = store::fingerprint(&review);
    match render(&report, args.format, args.date) {
        Ok(bytes) => write_output(&args.output, &bytes, out, err),
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

fn export_return(
    file: &Path,
    output: &Path,
    options: crate::export::typology_return::Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::export::typology_return as tr;
    let (review, typs, _) = match load_with_typologies(file) {
        Ok(x) => x,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    let ret = tr::build(&review, &typs, options);
    let hits = tr::leak_hits(&review, &ret);
    if !hits.is_empty() {
        print_hits(&hits, err);
        let _ = writeln!(
            err,
            "export refused: {} confidential identifiers would be in the return",
            hits.len()
        );
        return 1;
    }
    write_output(output, tr::to_json(&ret).as_bytes(), out, err)
}

fn synth_corpus(dir: &Path, count: u64, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::export::typology_return as tr;
    if let Err(e) = std::fs::create_dir_all(dir) {
        let _ = writeln!(err, "{}: {e}", dir.display());
        return 2;
    }
    let typs = store::typologies::builtin();
    for i in 1..=count {
        let review = crate::synth::corpus_review(crate::synth::CORPUS, i);
        let result = if i % 3 == 0 {
            let ret = tr::build(&review, &typs, tr::Options::default());
            store::write_atomic(
                &dir.join(format!("return-{i:05}.json")),
                tr::to_json(&ret).as_bytes(),
                false,
            )
        } else {
            store::write_atomic(
                &dir.join(format!("review-{i:05}.scr.ron")),
                store::to_ron(&review).as_bytes(),
                false,
            )
        };
        if let Err(e) = result {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    }
    let files = crate::model::plural(count, "file", "files");
    let _ = writeln!(out, "wrote {files} to {}", dir.display());
    0
}

/// Parse a sector from its name, in any case, with or without spaces or hyphens
/// ("social-care", "Social care", "SocialCare").
pub fn parse_sector(text: &str) -> Option<crate::model::Sector> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let t = squash(text);
    crate::model::Sector::ALL
        .into_iter()
        .find(|s| squash(s.label()) == t || squash(&format!("{s:?}")) == t)
}

fn collate(args: &CollateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::collate::{self, Filter, Options, Progress, tables};
    let mut say = |m: String| {
        let _ = writeln!(err, "{m}");
    };
    // The filter.
    let mut filter = Filter::default();
    for k in &args.kinds {
        match parse_kind(k) {
            Some(kind) => {
                filter.kinds.insert(kind);
            }
            None => {
                say(format!(
                    "unknown kind \"{k}\"; one of: lcspr, scr, rapid, cpr, learning, cmr, sar, dhr"
                ));
                return 2;
            }
        }
    }
    for name in &args.sectors {
        match parse_sector(name) {
            Some(sector) => {
                filter.sectors.insert(sector);
            }
            None => {
                say(format!(
                    "unknown sector \"{name}\"; one of: social-care, police, health, education, probation, housing, voluntary, other"
                ));
                return 2;
            }
        }
    }
    if args.from_year.is_some() || args.to_year.is_some() {
        let (a, b) = (
            args.from_year.unwrap_or(i16::MIN),
            args.to_year.unwrap_or(i16::MAX),
        );
        if a > b {
            say(format!("--from-year {a} is after --to-year {b}"));
            return 2;
        }
        filter.years = Some((a, b));
    }
    // Typologies and crosswalks.
    let mut typologies = store::typologies::builtin();
    for dir in &args.typology_dirs {
        if !dir.is_dir() {
            say(format!("{}: not a folder of typologies", dir.display()));
            return 2;
        }
        let (user, errors) = store::typologies::load_dir(dir);
        if !errors.is_empty() {
            for e in errors {
                say(e.to_string());
            }
            return 2;
        }
        for t in user {
            typologies.retain(|b| !(b.id == t.id && b.version == t.version));
            typologies.push(t);
        }
    }
    let mut crosswalks = Vec::new();
    for path in &args.crosswalks {
        match collate::crosswalk::load(path, &typologies) {
            Ok(x) => crosswalks.push(x),
            Err(e) => {
                say(e.to_string());
                return 2;
            }
        }
    }
    // The files.
    let (inputs, unreadable) =
        collate::find_inputs(&args.inputs, std::slice::from_ref(&args.output));
    if inputs.is_empty() {
        for s in &unreadable {
            say(s.to_string());
        }
        say("no review files (*.scr.ron) or typology returns (*.json) found".to_string());
        return 2;
    }
    let options = Options {
        typologies,
        crosswalks,
        top_level: args.top_level,
        filter,
        threads: args.threads,
    };
    let mut c = collate::collate(&inputs, &options, &Progress::default());
    c.skipped.splice(0..0, unreadable);
    for s in &c.skipped {
        say(s.to_string());
    }
    // The outputs.
    let settings = tables::Settings {
        suppress_below: args.suppress_below,
    };
    let formats = if args.format.is_empty() {
        vec![CollateFormat::Csv, CollateFormat::Json, CollateFormat::Pdf]
    } else {
        args.format.clone()
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if formats.contains(&CollateFormat::Csv) {
        for t in tables::tables(&c) {
            files.push((
                format!("{}.csv", t.name),
                tables::to_csv(&t, settings).into_bytes(),
            ));
        }
        if let Some(index) = tables::review_index_csv(&c, settings) {
            files.push(("review_index.csv".into(), index.into_bytes()));
        }
        files.push((
            "skipped.csv".into(),
            tables::skipped_csv(&c, settings).into_bytes(),
        ));
    }
    if formats.contains(&CollateFormat::Json) {
        files.push((
            "collation.json".into(),
            tables::to_json(&c, settings).into_bytes(),
        ));
    }
    if formats.contains(&CollateFormat::Pdf) {
        let report = collate::briefing::build(&c, settings);
        match render(&report, Format::Pdf, args.date) {
            Ok(bytes) => files.push(("briefing.pdf".into(), bytes)),
            Err(e) => {
                say(e);
                return 2;
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        say(format!(
            "{}: cannot create the folder: {e}",
            args.output.display()
        ));
        return 2;
    }
    for (name, bytes) in &files {
        if let Err(e) = store::write_atomic(&args.output.join(name), bytes, false) {
            say(e.to_string());
            return 2;
        }
    }
    let _ = writeln!(
        out,
        "collated {} from {} ({} skipped{}); wrote {} to {}",
        crate::model::plural(c.reviews.len(), "review", "reviews"),
        crate::model::plural(c.files, "file", "files"),
        c.skipped.len(),
        if c.filtered_out > 0 {
            format!(", {} left out by the filter", c.filtered_out)
        } else {
            String::new()
        },
        crate::model::plural(files.len(), "file", "files"),
        args.output.display()
    );
    if c.skipped.is_empty() { 0 } else { 3 }
}

/// Parse a review kind from its short name or full name.
pub fn parse_kind(text: &str) -> Option<ReviewKind> {
    let t = text.trim().to_ascii_lowercase();
    ReviewKind::ALL
        .into_iter()
        .find(|k| k.slug() == t || k.name().to_ascii_lowercase() == t)
}

fn new(
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

fn typologies(action: TypologyAction, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (all, errors) = store::typologies::for_review(Some(Path::new("./review")));
    for e in &errors {
        let _ = writeln!(err, "{e}");
    }
    match action {
        TypologyAction::List => {
            for t in &all {
                let _ = writeln!(
                    out,
                    "{:<24}{:<10}{:>4} codes  {}",
                    t.id,
                    t.version,
                    t.walk().len(),
                    t.name
                );
            }
            0
        }
        TypologyAction::Show { id } => {
            let Some(t) = all.iter().find(|t| t.id == id) else {
                let _ = writeln!(
                    err,
                    "no typology \"{id}\"; see `scr-workbench typologies list`"
                );
                return 2;
            };
            let _ = writeln!(out, "{} (id {}, version {})", t.name, t.id, t.version);
            if !t.source.is_empty() {
                let _ = writeln!(out, "Source: {}", t.source);
            }
            if t.editable_starting_point {
                let _ = writeln!(
                    out,
                    "An editable starting point: boards may adapt and extend it."
                );
            }
            for (depth, node) in t.walk() {
                let _ = writeln!(
                    out,
                    "{}{}  {}",
                    "  ".repeat(depth + 1),
                    node.code,
                    node.name
                );
            }
            0
        }
    }
}

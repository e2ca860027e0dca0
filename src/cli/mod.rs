//! The command line: `validate`, `check`, `stats`, `new`, `import`, `export`, `collate`,
//! `typologies` and the rest. Parsed in two steps: clap's raw flags, then a validated job.
//! Without a subcommand the binary opens the GUI (`main.rs` decides; nothing here uses
//! the UI).
//!
//! One file per group of commands: [`review`] (commands on review files), [`import`],
//! [`export`] (through the export pipeline), [`collate`], [`typologies`]; `load` reads
//! reviews and passphrases for all of them.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod collate;
pub mod export;
pub mod import;
mod load;
pub mod review;
pub mod typologies;

pub use collate::{CollateArgs, CollateFormat, parse_sector};
pub use export::{ExportArgs, ExportWhat, Format};
pub use load::PASSPHRASE_ENV;
pub use review::{parse_kind, save_loop_version};
pub use typologies::TypologyAction;

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
        what: export::ExportWhat,
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
    Collate(collate::CollateArgs),
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
        action: Option<typologies::TypologyAction>,
    },
}

/// Run one command, writing to `out` and `err`. Returns the process exit code.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let code = match command {
        Command::Validate { files } => review::validate(&files, out, err),
        Command::Check { file, json } => review::check(&file, json, out, err),
        Command::Stats { file, json } => review::stats(&file, json, out, err),
        Command::New {
            kind,
            title,
            output,
            encrypt,
        } => review::new(&kind, title, &output, encrypt, out, err),
        Command::Format { files } => review::format(&files, out, err),
        Command::Encrypt { files } => review::encrypt(&files, out, err),
        Command::Decrypt { file, output } => review::decrypt(&file, &output, out, err),
        Command::LeakCheck { file } => export::check_for_leaks(&file, out, err),
        Command::SaveLoop { file, entries } => review::save_loop(&file, entries, err),
        Command::Import(args) => import::run_import(&args, out, err),
        Command::Export { what } => export::run(what, out, err),
        Command::Collate(args) => collate::run(&args, out, err),
        Command::SynthCorpus { dir, count } => collate::synth_corpus(&dir, count, out, err),
        Command::Typologies { action } => {
            typologies::run(action.unwrap_or(typologies::TypologyAction::List), out, err)
        }
    };
    ExitCode::from(code)
}

//! `export` (the executive summary, the full report, the chronology table, the agencies'
//! extracts, the typology return) and `leak-check`, all through the export pipeline
//! ([`crate::export::pipeline`]): this file turns flags into an export job, prints what
//! the pipeline refuses, and writes the files it returns.

use super::load::{load_failed, load_with_typologies};
use crate::export::chronology::Columns;
use crate::export::leak::Hit;
use crate::export::pipeline::{self, ExportError, ExportJob, Product, TableFormat};
use crate::export::{self, typology_return};
use crate::store;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    Chronology(ChronologyArgs),
    /// One factual-accuracy extract per agency (PDF and XLSX) into a folder.
    Extracts(ExtractsArgs),
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

/// The review to read, the export to make of it and where to write it: the command line
/// validated.
struct Job {
    file: PathBuf,
    output: PathBuf,
    job: ExportJob,
}

/// Today, unless a date is given.
fn date_or_today(date: Option<jiff::civil::Date>) -> jiff::civil::Date {
    date.unwrap_or_else(|| jiff::Zoned::now().date())
}

impl Job {
    /// Validate the raw flags: a chronology table's format comes from the output's name.
    fn new(what: ExportWhat) -> Result<Job, ExportError> {
        let report = |args: ExportArgs, product: Product| Job {
            file: args.file,
            output: args.output,
            job: ExportJob {
                product,
                date: date_or_today(args.date),
            },
        };
        Ok(match what {
            ExportWhat::Summary(args) => {
                let format = args.format.into();
                report(args, Product::Summary(format))
            }
            ExportWhat::Report {
                args,
                include_identity_key,
            } => {
                let product = Product::FullReport {
                    format: args.format.into(),
                    identity_key: include_identity_key,
                };
                report(args, product)
            }
            ExportWhat::Chronology(args) => {
                let format = TableFormat::for_file_name(&args.output.display().to_string())?;
                let columns = if args.confidential {
                    Columns::CONFIDENTIAL
                } else {
                    Columns::default()
                };
                Job {
                    file: args.file,
                    output: args.output,
                    job: ExportJob {
                        product: Product::Chronology { format, columns },
                        date: date_or_today(None),
                    },
                }
            }
            ExportWhat::Extracts(args) => Job {
                file: args.file,
                output: args.output,
                job: ExportJob {
                    product: Product::Extracts,
                    date: date_or_today(args.date),
                },
            },
            ExportWhat::Return {
                file,
                output,
                board,
                reference,
            } => Job {
                file,
                output,
                job: ExportJob {
                    product: Product::TypologyReturn(typology_return::Options { board, reference }),
                    date: date_or_today(None),
                },
            },
        })
    }
}

impl From<Format> for export::Format {
    fn from(f: Format) -> export::Format {
        match f {
            Format::Md => export::Format::Markdown,
            Format::Pdf => export::Format::Pdf,
            Format::Docx => export::Format::Docx,
        }
    }
}

/// Each leak-check hit on a line of its own, with the term it matches.
fn print_hits(hits: &[Hit], err: &mut dyn Write) {
    for h in hits {
        let _ = writeln!(err, "{h} (matches the {})", h.term);
    }
}

/// Run `export`: exit 0 written, 1 refused by the leak check (each hit listed), 2 the
/// review cannot be read, an argument is wrong or the output cannot be made or written.
pub(super) fn run(what: ExportWhat, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Job { file, output, job } = match Job::new(what) {
        Ok(j) => j,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    let (review, typologies, _) = match load_with_typologies(&file) {
        Ok(x) => x,
        Err(e) => {
            load_failed(&e, err);
            return 2;
        }
    };
    let files = match pipeline::produce(&review, &typologies, &job) {
        Ok(files) => files,
        Err(e) => {
            print_hits(e.hits(), err);
            let _ = writeln!(err, "{e}");
            return if e.hits().is_empty() { 2 } else { 1 };
        }
    };
    let named = files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice()));
    let written = store::write_outputs(&output, job.product.is_folder(), named, &mut |path| {
        let _ = writeln!(out, "wrote {}", path.display());
    });
    match written {
        Ok(_) => 0,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            2
        }
    }
}

/// Run `leak-check`: the executive summary's leak gate, without writing anything. Exit 0
/// when clean, 1 when something would leak (each place listed), 2 when unreadable.
pub(super) fn check_for_leaks(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (review, typologies, _) = match load_with_typologies(path) {
        Ok(x) => x,
        Err(e) => {
            load_failed(&e, err);
            return 2;
        }
    };
    let hits = pipeline::executive_summary(&review, &typologies)
        .err()
        .map(ExportError::into_hits)
        .unwrap_or_default();
    print_hits(&hits, err);
    let _ = writeln!(
        out,
        "{}: {} possible leaks in the executive summary",
        path.display(),
        hits.len()
    );
    u8::from(!hits.is_empty())
}

//! `collate`: count typology codes across many reviews and returns into tables and a
//! briefing; and the hidden `synth-corpus` that writes a generated corpus for it.

use super::review::parse_kind;
use crate::store;
use std::io::Write;
use std::path::{Path, PathBuf};

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

pub(super) fn synth_corpus(dir: &Path, count: u64, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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

/// The `collate` filter from its flags; the message for a flag that makes no sense.
fn filter(args: &CollateArgs) -> Result<crate::collate::Filter, String> {
    let mut filter = crate::collate::Filter::default();
    for k in &args.kinds {
        match parse_kind(k) {
            Some(kind) => {
                filter.kinds.insert(kind);
            }
            None => {
                return Err(format!(
                    "unknown kind \"{k}\"; one of: lcspr, scr, rapid, cpr, learning, cmr, sar, dhr"
                ));
            }
        }
    }
    for name in &args.sectors {
        match parse_sector(name) {
            Some(sector) => {
                filter.sectors.insert(sector);
            }
            None => {
                return Err(format!(
                    "unknown sector \"{name}\"; one of: social-care, police, health, education, probation, housing, voluntary, other"
                ));
            }
        }
    }
    if args.from_year.is_some() || args.to_year.is_some() {
        let (a, b) = (
            args.from_year.unwrap_or(i16::MIN),
            args.to_year.unwrap_or(i16::MAX),
        );
        if a > b {
            return Err(format!("--from-year {a} is after --to-year {b}"));
        }
        filter.years = Some((a, b));
    }
    Ok(filter)
}

/// Run `collate`.
pub(super) fn run(args: &CollateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::collate::{self, Options, Progress, tables};
    let mut say = |m: String| {
        let _ = writeln!(err, "{m}");
    };
    let filter = match filter(args) {
        Ok(f) => f,
        Err(message) => {
            say(message);
            return 2;
        }
    };
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
        let date = args.date.unwrap_or_else(|| jiff::Zoned::now().date());
        match crate::export::render(&report, crate::export::Format::Pdf, date) {
            Ok(bytes) => files.push(("briefing.pdf".into(), bytes)),
            Err(e) => {
                say(e.to_string());
                return 2;
            }
        }
    }
    let named = files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
    if let Err(e) = store::write_outputs(&args.output, true, named, &mut |_| {}) {
        say(e.to_string());
        return 2;
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

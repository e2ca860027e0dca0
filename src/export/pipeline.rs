//! The one export path. [`produce`] takes the review, what to make (a [`Product`], with
//! its format) and the date to print, and returns the files to write (a name and bytes
//! each), with the leak gate inside: a public output is never produced while the leak
//! check finds a confidential identifier in it, and the refusal carries every hit.
//!
//! The command line and the GUI both export through here; neither builds, checks,
//! fingerprints or renders on its own. [`leak_check`] is the only place the leak check
//! runs, for every public output. Nothing here touches files: callers write the bytes
//! (see `store::write_outputs`).

use super::chronology::{self, Columns};
use super::leak::{Checker, Hit};
use super::report::Report;
use super::typology_return::{self as tr, TypologyReturn};
use super::{Format, RenderError, extracts, full, summary};
use crate::model::{Review, Typology};

/// A table's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// Comma-separated values, UTF-8.
    #[default]
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl TableFormat {
    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            TableFormat::Csv => "CSV",
            TableFormat::Xlsx => "Excel workbook",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
        }
    }

    /// The format a file's name asks for by its extension (`.csv` or `.xlsx`, in any
    /// case); an error naming the file otherwise. `file` is only read as text.
    pub fn for_file_name(file: &str) -> Result<TableFormat, ExportError> {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let extension = base
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("csv") => Ok(TableFormat::Csv),
            Some("xlsx") => Ok(TableFormat::Xlsx),
            _ => Err(ExportError::TableFileName {
                file: file.to_string(),
            }),
        }
    }
}

/// What to produce, in which format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// The public executive summary. Refused while the leak check finds anything in it.
    Summary(Format),
    /// The confidential full overview report.
    FullReport {
        /// The format.
        format: Format,
        /// With the key from labels to real names (a restricted appendix).
        identity_key: bool,
    },
    /// The chronology as a table, people by label.
    Chronology {
        /// The format.
        format: TableFormat,
        /// Which columns (the confidential ones only when asked).
        columns: Columns,
    },
    /// One factual-accuracy extract per agency with entries: a PDF and an XLSX each, to
    /// write into a folder.
    Extracts,
    /// The anonymised typology return for national collation (JSON). Refused while the
    /// leak check finds anything in it.
    TypologyReturn(tr::Options),
}

impl Product {
    /// Public: produced only when the leak check finds nothing in it.
    pub fn is_public(&self) -> bool {
        matches!(self, Product::Summary(_) | Product::TypologyReturn(_))
    }

    /// Files to write into a folder, each under its own name (else one file, written
    /// wherever the caller chooses).
    pub fn is_folder(&self) -> bool {
        matches!(self, Product::Extracts)
    }

    /// The name of its file (of its folder, for [`Product::Extracts`]).
    pub fn file_name(&self) -> String {
        let stem = match self {
            Product::Summary(_) => "executive-summary",
            Product::FullReport { .. } => "full-report",
            Product::Chronology { .. } => "chronology",
            Product::Extracts => return "factual-accuracy-extracts".to_string(),
            Product::TypologyReturn(_) => "typology-return",
        };
        match self.file_type() {
            Some((_, extension)) => format!("{stem}.{extension}"),
            None => stem.to_string(),
        }
    }

    /// The kind of its file, for a save dialog: name for people and extension. None
    /// for a folder of files.
    pub fn file_type(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Product::Summary(f) | Product::FullReport { format: f, .. } => {
                Some((f.label(), f.extension()))
            }
            Product::Chronology { format, .. } => Some((format.label(), format.extension())),
            Product::Extracts => None,
            Product::TypologyReturn(_) => Some(("JSON", "json")),
        }
    }
}

/// An export to make: what, and the date printed in it (explicit, so the same review
/// and job give the same bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportJob {
    /// What to produce.
    pub product: Product,
    /// The date on the cover and in the documents' metadata.
    pub date: jiff::civil::Date,
}

/// One file to write: its name (relative: a folder's file, or the name to suggest for a
/// single file) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The file's name, without a folder.
    pub name: String,
    /// What to write.
    pub bytes: Vec<u8>,
}

/// Which public output the leak check refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicOutput {
    /// The executive summary.
    Summary,
    /// The typology return.
    TypologyReturn,
}

impl PublicOutput {
    fn refusal(self) -> &'static str {
        match self {
            PublicOutput::Summary => {
                "be published; change the text or allow the term with a reason"
            }
            PublicOutput::TypologyReturn => "be in the return",
        }
    }
}

/// Why an export produced nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The leak check found confidential identifiers in a public output.
    #[error(
        "export refused: {} confidential identifiers would {}",
        hits.len(),
        output.refusal()
    )]
    Leak {
        /// The output refused.
        output: PublicOutput,
        /// Every identifier found, sorted, each with where it stands.
        hits: Vec<Hit>,
    },
    /// A report could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// One file of a folder (an agency's extract) could not be rendered.
    #[error("{name}: {source}")]
    File {
        /// The file's name.
        name: String,
        /// Why.
        source: RenderError,
    },
    /// A workbook could not be written.
    #[error("{name}: {source}")]
    Workbook {
        /// The file's name.
        name: String,
        /// Why.
        source: rust_xlsxwriter::XlsxError,
    },
    /// A table was asked for in a file whose name gives no table format.
    #[error("{file}: the output must end in .csv or .xlsx")]
    TableFileName {
        /// The file as the user named it.
        file: String,
    },
}

impl ExportError {
    /// The leak check's hits, when that is why (else none).
    pub fn hits(&self) -> &[Hit] {
        match self {
            ExportError::Leak { hits, .. } => hits,
            _ => &[],
        }
    }

    /// [`ExportError::hits`], taken.
    pub fn into_hits(self) -> Vec<Hit> {
        match self {
            ExportError::Leak { hits, .. } => hits,
            _ => Vec::new(),
        }
    }
}

/// What a public output would publish, for the leak check.
#[derive(Debug, Clone, Copy)]
pub enum Published<'a> {
    /// A report: every string in it.
    Report(&'a Report),
    /// A typology return: every string in it that comes from the review.
    Return(&'a TypologyReturn),
}

/// The leak check: every confidential identifier of the review (real names, dates of
/// birth, addresses, redaction terms, postcode and NHS-number shapes) found in what
/// would be published, sorted. Empty means it may be published. Every public output
/// passes through here and nowhere else.
pub fn leak_check(review: &Review, published: Published<'_>) -> Vec<Hit> {
    let checker = Checker::new(review);
    match published {
        Published::Report(report) => checker.scan_all(report.texts()),
        Published::Return(ret) => tr::leak_hits_with(&checker, ret),
    }
}

/// The leak gate: nothing found, or the refusal with every hit.
fn gate(review: &Review, published: Published<'_>) -> Result<(), ExportError> {
    let output = match published {
        Published::Report(_) => PublicOutput::Summary,
        Published::Return(_) => PublicOutput::TypologyReturn,
    };
    let hits = leak_check(review, published);
    if hits.is_empty() {
        Ok(())
    } else {
        Err(ExportError::Leak { output, hits })
    }
}

/// The executive summary, when the leak check finds nothing in it; else the refusal
/// with its hits (what the leak-check command and the export dialog list).
pub fn executive_summary(review: &Review, typologies: &[Typology]) -> Result<Report, ExportError> {
    let report = summary::build(review, typologies);
    gate(review, Published::Report(&report))?;
    Ok(report)
}

/// The review's typology return, when the leak check finds nothing in it; else the
/// refusal with its hits (collation skips such a review).
pub fn typology_return(
    review: &Review,
    typologies: &[Typology],
    options: tr::Options,
) -> Result<TypologyReturn, ExportError> {
    let ret = tr::build(review, typologies, options);
    gate(review, Published::Return(&ret))?;
    Ok(ret)
}

/// Make an export: the files to write, or why there are none. A public product is
/// refused ([`ExportError::Leak`]) while the leak check finds anything in it; every
/// report carries the review's fingerprint and `job.date`.
pub fn produce(
    review: &Review,
    typologies: &[Typology],
    job: &ExportJob,
) -> Result<Vec<OutputFile>, ExportError> {
    let name = job.product.file_name();
    let one = |bytes: Vec<u8>| Ok(vec![OutputFile { name, bytes }]);
    match job.product {
        Product::Summary(format) => {
            let report = executive_summary(review, typologies)?;
            one(render(report, &fingerprint(review), format, job.date)?)
        }
        Product::FullReport {
            format,
            identity_key,
        } => {
            let report = full::build(review, typologies, full::Options { identity_key });
            one(render(report, &fingerprint(review), format, job.date)?)
        }
        Product::Chronology { format, columns } => one(match format {
            TableFormat::Csv => chronology::to_csv(review, columns),
            TableFormat::Xlsx => {
                chronology::to_xlsx(review, columns).map_err(|source| ExportError::Workbook {
                    name: job.product.file_name(),
                    source,
                })?
            }
        }),
        Product::Extracts => extract_files(review, job.date),
        Product::TypologyReturn(options) => {
            let ret = typology_return(review, typologies, options)?;
            one(tr::to_json(&ret).into_bytes())
        }
    }
}

/// The fingerprint of the review version a report is made from, printed in it.
fn fingerprint(review: &Review) -> String {
    crate::store::fingerprint(review)
}

/// A report's bytes, carrying the fingerprint of the review it was made from.
fn render(
    mut report: Report,
    fingerprint: &str,
    format: Format,
    date: jiff::civil::Date,
) -> Result<Vec<u8>, RenderError> {
    report.fingerprint = fingerprint.to_string();
    super::render(&report, format, date)
}

/// Every agency's extract: a PDF and an XLSX per agency, the PDFs dated `date` and
/// carrying the review's fingerprint.
fn extract_files(review: &Review, date: jiff::civil::Date) -> Result<Vec<OutputFile>, ExportError> {
    let fingerprint = fingerprint(review);
    let mut out = Vec::new();
    for agency in extracts::agencies(review) {
        let stem = extracts::file_stem(review, agency);
        let pdf = format!("{stem}.pdf");
        let bytes = render(
            extracts::build(review, agency),
            &fingerprint,
            Format::Pdf,
            date,
        )
        .map_err(|source| ExportError::File {
            name: pdf.clone(),
            source,
        })?;
        out.push(OutputFile { name: pdf, bytes });
        let xlsx = format!("{stem}.xlsx");
        let bytes = extracts::to_xlsx(review, agency).map_err(|source| ExportError::Workbook {
            name: xlsx.clone(),
            source,
        })?;
        out.push(OutputFile { name: xlsx, bytes });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonRole;
    use jiff::civil::date;

    fn sample() -> (Review, Vec<Typology>) {
        let review = crate::store::from_str(
            include_str!("../../reviews/sample.scr.ron"),
            std::path::Path::new("sample.scr.ron"),
        )
        .expect("sample loads");
        (review, crate::store::typologies::builtin())
    }

    fn job(product: Product) -> ExportJob {
        ExportJob {
            product,
            date: date(2026, 11, 22),
        }
    }

    /// The one file a single-file product gives.
    fn one(review: &Review, typologies: &[Typology], product: Product) -> OutputFile {
        let mut files = produce(review, typologies, &job(product)).expect("produced");
        assert_eq!(files.len(), 1, "{product:?} gives one file");
        files.remove(0)
    }

    /// A part of a Word document (a zip), as text.
    fn docx_part(bytes: &[u8], part: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(part).expect("the part"), &mut text)
            .expect("text");
        text
    }

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    /// The subject's first name, planted in the public case summary.
    fn with_planted_name(mut review: Review) -> (Review, String) {
        let child = review
            .people
            .iter()
            .find(|p| p.role == PersonRole::Subject)
            .expect("a subject");
        let first = child.real_names[0]
            .split_whitespace()
            .next()
            .expect("a first name")
            .to_string();
        review
            .details
            .public_case_summary
            .push_str(&format!(" {first}'s nursery was told."));
        (review, first)
    }

    #[test]
    fn each_report_in_each_format_is_one_fingerprinted_file() {
        let (review, typs) = sample();
        let fingerprint = crate::store::fingerprint(&review);
        for format in Format::ALL {
            for (product, stem) in [
                (Product::Summary(format), "executive-summary"),
                (
                    Product::FullReport {
                        format,
                        identity_key: false,
                    },
                    "full-report",
                ),
            ] {
                let f = one(&review, &typs, product);
                assert_eq!(f.name, format!("{stem}.{}", format.extension()));
                match format {
                    Format::Pdf => assert!(f.bytes.starts_with(b"%PDF-"), "{}", f.name),
                    Format::Docx => assert!(
                        docx_part(&f.bytes, "word/document.xml").contains(&fingerprint),
                        "{}",
                        f.name
                    ),
                    Format::Markdown => {
                        let md = String::from_utf8(f.bytes).expect("utf-8");
                        assert!(md.contains(&review.details.title), "{}", f.name);
                        assert!(
                            md.contains(&format!("Made from review version {fingerprint}")),
                            "{}",
                            f.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_identity_key_is_in_the_full_report_only_when_asked() {
        let (review, typs) = sample();
        let name = review
            .people
            .iter()
            .find(|p| p.role == PersonRole::Subject)
            .map(|p| p.real_names[0].clone())
            .expect("a subject's name");
        let full = |identity_key| {
            let product = Product::FullReport {
                format: Format::Markdown,
                identity_key,
            };
            String::from_utf8(one(&review, &typs, product).bytes).expect("utf-8")
        };
        assert!(full(true).contains(&name));
        assert!(!full(false).contains(&name));
    }

    #[test]
    fn the_chronology_table_in_each_format_with_and_without_confidential_columns() {
        let (review, typs) = sample();
        for columns in [Columns::default(), Columns::CONFIDENTIAL] {
            let csv = one(
                &review,
                &typs,
                Product::Chronology {
                    format: TableFormat::Csv,
                    columns,
                },
            );
            assert_eq!(csv.name, "chronology.csv");
            let text = String::from_utf8(csv.bytes).expect("utf-8");
            assert_eq!(text.contains("Detail (confidential)"), columns.detail);
            assert_eq!(text.lines().count(), review.chronology.len() + 1);

            let xlsx = one(
                &review,
                &typs,
                Product::Chronology {
                    format: TableFormat::Xlsx,
                    columns,
                },
            );
            assert_eq!(xlsx.name, "chronology.xlsx");
            let sheet = docx_part(&xlsx.bytes, "xl/sharedStrings.xml");
            assert_eq!(sheet.contains("Detail (confidential)"), columns.detail);
        }
    }

    #[test]
    fn the_extracts_are_a_pdf_and_a_workbook_per_agency_dated_as_given() {
        let (review, typs) = sample();
        let files = produce(&review, &typs, &job(Product::Extracts)).expect("produced");
        let agencies = extracts::agencies(&review);
        assert!(agencies.len() >= 3);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        let expected: Vec<String> = agencies
            .iter()
            .flat_map(|a| {
                let stem = extracts::file_stem(&review, *a);
                [format!("{stem}.pdf"), format!("{stem}.xlsx")]
            })
            .collect();
        assert_eq!(names, expected);
        for f in files.iter().filter(|f| f.name.ends_with(".pdf")) {
            assert!(contains(&f.bytes, "D:20261122"), "{} is dated", f.name);
        }
        assert!(Product::Extracts.is_folder());
    }

    #[test]
    fn the_typology_return_is_json_that_reads_back() {
        let (review, typs) = sample();
        let f = one(
            &review,
            &typs,
            Product::TypologyReturn(tr::Options::default()),
        );
        assert_eq!(f.name, "typology-return.json");
        let ret = tr::from_json(&f.bytes).expect("a valid return");
        assert_eq!(ret, tr::build(&review, &typs, tr::Options::default()));
    }

    #[test]
    fn a_planted_name_stops_the_public_outputs_with_the_hit_but_not_the_confidential_ones() {
        let (review, typs) = sample();
        let (review, first) = with_planted_name(review);
        for format in Format::ALL {
            let e = produce(&review, &typs, &job(Product::Summary(format)))
                .expect_err("the summary is refused");
            assert!(matches!(
                e,
                ExportError::Leak {
                    output: PublicOutput::Summary,
                    ..
                }
            ));
            let hit = e
                .hits()
                .iter()
                .find(|h| h.found == first)
                .unwrap_or_else(|| panic!("the planted name is a hit: {:?}", e.hits()));
            assert_eq!(
                hit.location.to_string(),
                "The case > Anonymised account of the case (public)"
            );
            assert!(e.to_string().starts_with("export refused: "), "{e}");
        }
        // The same gate as the leak-check command and the export dialog.
        assert_eq!(
            executive_summary(&review, &typs)
                .err()
                .map(ExportError::into_hits)
                .unwrap_or_default()
                .len(),
            produce(&review, &typs, &job(Product::Summary(Format::Pdf)))
                .err()
                .map_or(0, |e| e.hits().len())
        );
        // Confidential outputs still build.
        for identity_key in [false, true] {
            let product = Product::FullReport {
                format: Format::Pdf,
                identity_key,
            };
            assert!(!product.is_public());
            one(&review, &typs, product);
        }
        one(
            &review,
            &typs,
            Product::Chronology {
                format: TableFormat::Csv,
                columns: Columns::CONFIDENTIAL,
            },
        );
        assert!(produce(&review, &typs, &job(Product::Extracts)).is_ok());
    }

    #[test]
    fn a_name_in_the_return_stops_it_with_where_it_stands() {
        let (mut review, typs) = sample();
        let (_, first) = with_planted_name(review.clone());
        review.details.reference = format!("Review of {first}");
        let options = tr::Options {
            board: false,
            reference: true,
        };
        let e =
            produce(&review, &typs, &job(Product::TypologyReturn(options))).expect_err("refused");
        assert!(matches!(
            e,
            ExportError::Leak {
                output: PublicOutput::TypologyReturn,
                ..
            }
        ));
        assert_eq!(e.hits().len(), 1, "{:?}", e.hits());
        assert_eq!(e.hits()[0].location.object, "$.review.reference");
        assert_eq!(
            e.to_string(),
            "export refused: 1 confidential identifiers would be in the return"
        );
        // Without the reference the return carries no name and is produced.
        let plain = Product::TypologyReturn(tr::Options::default());
        one(&review, &typs, plain);
    }

    #[test]
    fn the_date_is_used_as_given() {
        let (review, typs) = sample();
        let at = |d: jiff::civil::Date, format| {
            let product = Product::FullReport {
                format,
                identity_key: false,
            };
            let mut files =
                produce(&review, &typs, &ExportJob { product, date: d }).expect("produced");
            files.remove(0).bytes
        };
        let (a, b) = (date(2026, 11, 22), date(2025, 2, 3));
        let pdf = at(a, Format::Pdf);
        assert_eq!(pdf, at(a, Format::Pdf), "same job, same bytes");
        assert!(contains(&pdf, "D:20261122"));
        assert!(contains(&at(b, Format::Pdf), "D:20250203"));
        let docx = at(a, Format::Docx);
        assert!(docx_part(&docx, "docProps/core.xml").contains("2026-11-22T00:00:00Z"));
        assert!(docx_part(&docx, "word/document.xml").contains("22 November 2026"));
        assert_ne!(docx, at(b, Format::Docx));
    }

    #[test]
    fn a_table_takes_its_format_from_the_file_name() {
        assert_eq!(
            TableFormat::for_file_name("out/c.CSV").ok(),
            Some(TableFormat::Csv)
        );
        assert_eq!(
            TableFormat::for_file_name("c.xlsx").ok(),
            Some(TableFormat::Xlsx)
        );
        for bad in ["c.pdf", "chronology", "dir.csv/c", ".csv"] {
            let e = TableFormat::for_file_name(bad).expect_err(bad);
            assert_eq!(
                e.to_string(),
                format!("{bad}: the output must end in .csv or .xlsx")
            );
        }
    }
}

//! Outputs: one report structure built from the review, rendered by backends that return
//! bytes; and the leak check that guards every public output.
//!
//! Every export goes through [`pipeline::produce`]: what to make, in which format, dated
//! when, in; the files to write out, with the leak gate inside. Nothing here touches
//! files or the UI: callers write the bytes where they like.

pub mod chronology;
pub mod docx;
pub mod extracts;
pub mod figures;
pub mod full;
pub mod leak;
pub mod markdown;
pub mod pdf;
pub mod pipeline;
pub mod raster;
pub mod report;
pub mod summary;
pub mod typology_return;

/// The formats a report is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// PDF: A4, fonts embedded, figures as vectors.
    #[default]
    Pdf,
    /// Word: editable, figures as pictures.
    Docx,
    /// Markdown: for diffs and reading in a terminal.
    Markdown,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Docx, Format::Markdown];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word (DOCX)",
            Format::Markdown => "Markdown",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The PDF backend failed.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// The Word backend failed.
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
}

/// A report's bytes in a format. `date` is printed on the cover and written as the
/// document's date (an explicit input, so output is reproducible).
pub fn render(
    report: &report::Report,
    format: Format,
    date: jiff::civil::Date,
) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Pdf => pdf::render(report, &pdf::PdfOptions { date })?,
        Format::Docx => docx::render(report, &docx::DocxOptions { date })?,
        Format::Markdown => markdown::render(report),
    })
}

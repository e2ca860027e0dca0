//! PDF: the report on A4 pages, drawn with printpdf's low-level operations and our own
//! text layout. Glyph advances come from the embedded Liberation Sans (read with
//! ttf-parser); words wrap to the measure (a word wider than the measure is broken);
//! tables wrap their cells, repeat the header row on every page they span and split a
//! row across pages when it is taller than what is left of the page.
//!
//! Two passes: the body is laid out first, so that the contents page can give page
//! numbers and every footer can say "Page n of N". Confidential reports carry
//! "CONFIDENTIAL" in the header and the footer of every page, the cover included.
//!
//! The fonts are subset before they are embedded ([`subset::subset_truetype`]: glyph
//! ids are kept, the outlines of unused glyphs and the layout tables are dropped), and
//! the output is deterministic: the same report and options give the same bytes (no
//! random ids, no clock, no file identifier).
//!
//! This file holds the page model ([`Page`], [`Draw`]) and the two passes; the steps
//! live beside it: `text` (fonts, measuring, wrapping), `layout` (body blocks onto
//! pages), `furniture` (cover, contents, header and footer), `assemble` (pages to PDF
//! bytes) and `subset` (the TrueType subsetter).

mod assemble;
mod furniture;
mod layout;
mod subset;
mod text;

use super::report::{Block, Report};
use assemble::assemble;
use furniture::{chrome, contents, cover};
use layout::Layout;
use text::{Fonts, Style};

/// Liberation Sans Regular (SIL OFL 1.1, see assets/fonts/LICENSE-LiberationSans.txt).
pub(super) const REGULAR_TTF: &[u8] =
    include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub(super) const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Options for the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// The date printed on the cover and written as the document's creation and
    /// modification date. An explicit input, so that output is reproducible.
    pub date: jiff::civil::Date,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be read.
    #[error("the embedded font {0} could not be read: {1}")]
    Font(&'static str, String),
    /// An embedded font could not be subset.
    #[error("the embedded font {0} could not be subset: {1}")]
    Subset(&'static str, String),
    /// printpdf reported an error while building the document.
    #[error("the PDF could not be built: {0}")]
    Build(String),
    /// The document could not be written out.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

// Geometry, in points, with y measured DOWN from the top of the page (converted when
// the page is drawn). A4 is 210 x 297 mm.
const PAGE_W: f32 = 595.2756;
const PAGE_H: f32 = 841.8898;
const MARGIN_X: f32 = 56.69; // 20 mm
const BODY_TOP: f32 = 70.87; // 25 mm
const BODY_BOTTOM: f32 = PAGE_H - 70.87;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const RIGHT: f32 = PAGE_W - MARGIN_X;

const BODY_SIZE: f32 = 10.0;
const BODY_LEAD: f32 = 13.5;
const BLOCK_GAP: f32 = 6.0;
const LIST_INDENT: f32 = 16.0;
const CELL_PAD_X: f32 = 3.5;
const CELL_PAD_Y: f32 = 2.5;
/// Fewest lines of a table row left on either side of a page break.
const MIN_SPLIT_LINES: usize = 3;

type Rgb3 = [f32; 3];
const INK: Rgb3 = [0.08, 0.08, 0.1];
const MUTED: Rgb3 = [0.33, 0.33, 0.36];
const RULE: Rgb3 = [0.55, 0.55, 0.58];
const HEADER_FILL: Rgb3 = [0.88, 0.89, 0.91];
const ACCENT: Rgb3 = [0.12, 0.23, 0.42];
const CONFIDENTIAL: Rgb3 = [0.62, 0.0, 0.0];

/// Render a report as PDF.
pub fn render(report: &Report, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;

    // Pass 1: the body, remembering where each level-1 section starts.
    let mut body = Layout::new(&fonts);
    let mut sections: Vec<(String, usize)> = Vec::new();
    for placed in &report.blocks {
        match &placed.block {
            Block::Heading(level, text) => {
                let page = body.heading(*level, text);
                if *level <= 1 {
                    sections.push((text.clone(), page));
                }
            }
            Block::Paragraph(text) => body.paragraph(text),
            Block::List(items) => body.list(items),
            Block::Table(table) => body.table(table),
            Block::Figure(figure) => body.figure(figure),
        }
    }
    let body_pages = body.finish();

    // The contents' own length does not depend on the numbers it prints.
    let contents_len = contents(&fonts, &sections, |_| 0).len();
    let first_body = 1 + contents_len;
    let contents_pages = contents(&fonts, &sections, |i| first_body + i + 1);

    let mut pages = Vec::with_capacity(first_body + body_pages.len());
    pages.push(cover(&fonts, report, options.date));
    pages.extend(contents_pages);
    pages.extend(body_pages);

    // Pass 2: header and footer, now that the total is known.
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        chrome(&fonts, report, i + 1, total, page);
    }

    assemble(report, options, &fonts, &pages)
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
enum Draw {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        color: Rgb3,
        text: String,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb3,
        dotted: bool,
    },
    /// A filled rectangle, `y` its top edge.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb3,
    },
    /// A filled polygon.
    Polygon {
        points: Vec<(f32, f32)>,
        color: Rgb3,
    },
}

/// One page: what is drawn on it, and whether it is turned to landscape (wide figures).
#[derive(Debug, Clone, Default)]
struct Page {
    draws: Vec<Draw>,
    landscape: bool,
}

impl Page {
    fn push(&mut self, d: Draw) {
        self.draws.push(d);
    }

    /// Width and height in points.
    fn size(&self) -> (f32, f32) {
        if self.landscape {
            (PAGE_H, PAGE_W)
        } else {
            (PAGE_W, PAGE_H)
        }
    }
}

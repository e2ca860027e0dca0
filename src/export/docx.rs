//! Word (DOCX): the same report as an editable document, for boards that work in Word.
//! Written with docx-rs: real heading styles (so Word's navigation pane and contents
//! work), tables with a shaded header row, figures as pictures drawn by
//! [`super::raster`], "CONFIDENTIAL" in the header and footer of every page of a
//! confidential report, and "Page n of N" fields in the footer.
//!
//! The document's properties carry no user or machine name and the explicit date as
//! creation and modification time, so the same report and date give the same bytes.

use super::raster;
use super::report::{Block, Figure, Report, Table};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, TableCell, TableRow, WidthType,
};

/// Options for the Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxOptions {
    /// The date printed on the cover and written as the document's dates.
    pub date: jiff::civil::Date,
}

/// Why a Word document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A figure could not be drawn.
    #[error(transparent)]
    Figure(#[from] raster::RasterError),
    /// The document could not be written.
    #[error("the Word document could not be written: {0}")]
    Write(String),
}

// A4 in twentieths of a point, 20 mm margins at the sides and 25 mm at the top and foot.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_X: i32 = 1134;
const MARGIN_Y: i32 = 1417;
const CONTENT_TWIPS: usize = (PAGE_W as usize) - 2 * (MARGIN_X as usize);
/// English metric units a twip.
const EMU_PER_TWIP: u32 = 635;
/// Pictures no taller than this (EMU): the body of the page less a caption.
const MAX_PICTURE_H: u32 = (PAGE_H - 2 * MARGIN_Y as u32 - 1400) * EMU_PER_TWIP;

const FONT: &str = "Arial";
const ACCENT: &str = "1F3A6B";
const RED: &str = "9E0000";
const MUTED: &str = "55555C";

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT)
}

/// A paragraph of `text`, each line of it a line of the paragraph.
fn lines(text: &str, run: impl Fn(Run) -> Run) -> Paragraph {
    let mut p = Paragraph::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut r = Run::new();
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(run(r.add_text(line)));
    }
    p
}

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize, color: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color(color)
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(80))
    };
    docx.add_style(heading("Heading1", "heading 1", 32, 0, ACCENT))
        .add_style(heading("Heading2", "heading 2", 26, 1, ACCENT))
        .add_style(heading("Heading3", "heading 3", 22, 2, "141419"))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .bold()
                .size(48)
                .color(ACCENT),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .bold()
                .size(18)
                .color(MUTED),
        )
}

fn table(t: &Table) -> docx_rs::Table {
    let sum: f32 = t.widths.iter().sum::<f32>().max(0.001);
    let widths: Vec<usize> = (0..t.header.len())
        .map(|i| {
            let w = t.widths.get(i).copied().unwrap_or(1.0);
            ((w / sum) * CONTENT_TWIPS as f32) as usize
        })
        .collect();
    let cell = |text: &str, width: usize, header: bool| {
        let mut c = TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(lines(text, |r| {
                let r = r.size(17);
                if header { r.bold() } else { r }
            }));
        if header {
            c = c.shading(Shading::new().fill("E0E3E8"));
        }
        c
    };
    let mut rows = vec![TableRow::new(
        t.header
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(h, *w, true))
            .collect(),
    )];
    for (_, cells) in &t.rows {
        rows.push(TableRow::new(
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| cell(cells.get(i).map_or("", String::as_str), *w, false))
                .collect(),
        ));
    }
    docx_rs::Table::new(rows)
        .set_grid(widths)
        .width(CONTENT_TWIPS, WidthType::Dxa)
}

/// Render a report as a Word document.
pub fn render(report: &Report, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let date = options.date;
    let stamp = format!("{date}T00:00:00Z");
    let mut docx = styles(
        Docx::new()
            .page_size(PAGE_W, PAGE_H)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN_Y)
                    .bottom(MARGIN_Y)
                    .left(MARGIN_X)
                    .right(MARGIN_X)
                    .header(700)
                    .footer(700),
            )
            .default_fonts(fonts())
            .default_size(20)
            .created_at(&stamp)
            .updated_at(&stamp),
    );
    docx = furniture(docx, report);
    docx = cover(docx, report, date);
    docx = contents(docx, report);
    docx = body(docx, report)?;
    if !report.fingerprint.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("Made from review version {}.", report.fingerprint))
                    .size(17)
                    .color(MUTED),
            ),
        );
    }

    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| DocxError::Write(e.to_string()))?;
    deflate(&out.into_inner()).map_err(|e| DocxError::Write(e.to_string()))
}

/// The header and footer on every page: the confidential mark, the title and "Page n of
/// N".
fn furniture(docx: Docx, report: &Report) -> Docx {
    let mark = |p: Paragraph| {
        p.align(AlignmentType::Center).add_run(
            Run::new()
                .add_text("CONFIDENTIAL")
                .bold()
                .color(RED)
                .size(19),
        )
    };
    let mut footer = Footer::new();
    let mut header = Header::new();
    if report.confidential {
        header = header.add_paragraph(mark(Paragraph::new()));
    }
    footer = footer.add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(format!("{}    Page ", report.title))
                    .size(17)
                    .color(MUTED),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of ").size(17).color(MUTED))
            .add_num_pages(NumPages::new()),
    );
    if report.confidential {
        footer = footer.add_paragraph(mark(Paragraph::new()));
    }
    docx.header(header).footer(footer)
}

/// The cover: the title, the subtitle lines, the date and the review version.
fn cover(mut docx: Docx, report: &Report, date: jiff::civil::Date) -> Docx {
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&report.title)),
    );
    for line in &report.subtitle {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(line).size(26).color(MUTED)),
        );
    }
    docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
        "{} {} {}",
        date.day(),
        crate::model::month_name(date.month()),
        date.year()
    ))));
    if !report.fingerprint.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("Made from review version {}", report.fingerprint))
                    .size(17)
                    .color(MUTED),
            ),
        );
    }
    docx
}

/// The contents: the level-1 sections, in order.
fn contents(mut docx: Docx, report: &Report) -> Docx {
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text("Contents")),
    );
    for p in &report.blocks {
        if let Block::Heading(level, text) = &p.block
            && *level <= 1
        {
            docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
        }
    }
    docx
}

/// The body: headings (the first section on a new page), paragraphs, lists, tables and
/// figures.
fn body(mut docx: Docx, report: &Report) -> Result<Docx, DocxError> {
    let mut first_section = true;
    for p in &report.blocks {
        match &p.block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 3);
                let mut para = Paragraph::new()
                    .style(&format!("Heading{level}"))
                    .keep_next(true)
                    .add_run(Run::new().add_text(text));
                if level == 1 && first_section {
                    para = para.page_break_before(true);
                    first_section = false;
                }
                docx = docx.add_paragraph(para);
            }
            Block::Paragraph(text) => {
                docx = docx
                    .add_paragraph(lines(text, |r| r).line_spacing(LineSpacing::new().after(120)));
            }
            Block::List(items) => {
                for item in items {
                    docx = docx.add_paragraph(lines(&format!("•\t{item}"), |r| r).indent(
                        Some(360),
                        Some(docx_rs::SpecialIndentType::Hanging(360)),
                        None,
                        None,
                    ));
                }
            }
            Block::Table(t) => {
                docx = docx.add_table(table(t)).add_paragraph(Paragraph::new());
            }
            Block::Figure(f) => docx = figure(docx, f)?,
        }
    }
    Ok(docx)
}

/// A figure as a picture, scaled to the measure (and down to the page when tall), with
/// its caption.
fn figure(docx: Docx, f: &Figure) -> Result<Docx, DocxError> {
    // Enough pixels to zoom in on the labels of a figure of ordinary size;
    // at most 3,000 on the long side (a huge diagram reads best in the PDF).
    let scale = (3000.0 / f.width.max(f.height)).min(4.0);
    let (png, w_px, h_px) = raster::png(f, scale)?;
    let mut w = CONTENT_TWIPS as u32 * EMU_PER_TWIP;
    let mut h = (u64::from(w) * u64::from(h_px) / u64::from(w_px.max(1))) as u32;
    if h > MAX_PICTURE_H {
        w = (u64::from(w) * u64::from(MAX_PICTURE_H) / u64::from(h)) as u32;
        h = MAX_PICTURE_H;
    }
    let pic = Pic::new_with_dimensions(png, w_px, h_px).size(w, h);
    Ok(docx
        .add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Caption")
                .add_run(Run::new().add_text(&f.caption)),
        ))
}

/// The package with its XML parts deflated (docx-rs stores them as they are, which
/// makes a long report several times larger than Word's own files), pictures stored
/// (they are compressed already), and every part dated 1980-01-01 so the bytes depend
/// on the report only.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};
    let mut input = ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut output = ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let options = |method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
    };
    for i in 0..input.len() {
        let mut part = input.by_index(i)?;
        let name = part.name().to_string();
        if part.is_dir() {
            output.add_directory(name, options(CompressionMethod::Stored))?;
            continue;
        }
        let method = if name.ends_with(".png") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        output.start_file(name, options(method))?;
        std::io::copy(&mut part, &mut output)?;
    }
    Ok(output.finish()?.into_inner())
}

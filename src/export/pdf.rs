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
//! The fonts are subset before they are embedded ([`subset_truetype`]: glyph ids are
//! kept, the outlines of unused glyphs and the layout tables are dropped), and the
//! output is deterministic: the same report and options give the same bytes (no random
//! ids, no clock, no file identifier).

use super::report::{Anchor, Block, Figure, Report, Shape, Table};
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};
use std::collections::{BTreeMap, BTreeSet};

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

/// The two faces used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Regular,
    Bold,
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

/// Glyph ids and advances of one face.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// (glyph id, advance in 1/1000 em) for ASCII; glyph id 0 when missing.
    ascii: [(u16, u16); 128],
}

impl Metrics {
    fn load(data: &'static [u8], name: &'static str) -> Result<Metrics, PdfError> {
        let face =
            ttf_parser::Face::parse(data, 0).map_err(|e| PdfError::Font(name, e.to_string()))?;
        let mut m = Metrics {
            units_per_em: f32::from(face.units_per_em()),
            face,
            ascii: [(0, 0); 128],
        };
        for c in 0u8..128 {
            m.ascii[usize::from(c)] = m.lookup(char::from(c)).unwrap_or((0, 0));
        }
        Ok(m)
    }

    fn lookup(&self, c: char) -> Option<(u16, u16)> {
        let gid = self.face.glyph_index(c)?;
        let advance = self.face.glyph_hor_advance(gid).unwrap_or(0);
        // Exactly the rounding printpdf uses for the /W widths, so what we measure is
        // what a viewer draws.
        let thousandths = (f32::from(advance) * 1000.0 / self.units_per_em) as u16;
        Some((gid.0, thousandths))
    }

    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        match self.ascii.get(c as usize) {
            Some(&(gid, advance)) => (gid != 0).then_some((gid, advance)),
            None => self.lookup(c),
        }
    }

    /// Width of (cleaned) text in 1/1000 em.
    fn units(&self, text: &str) -> u32 {
        text.chars()
            .map(|c| u32::from(self.glyph(c).map_or(0, |g| g.1)))
            .sum()
    }
}

struct Fonts {
    regular: Metrics,
    bold: Metrics,
}

impl Fonts {
    fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: Metrics::load(REGULAR_TTF, "LiberationSans-Regular")?,
            bold: Metrics::load(BOLD_TTF, "LiberationSans-Bold")?,
        })
    }

    fn get(&self, style: Style) -> &Metrics {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// Text as it can be drawn: tabs become spaces, other control characters go,
    /// characters the font lacks become "?".
    fn clean(&self, style: Style, text: &str) -> String {
        let m = self.get(style);
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if c.is_control() => None,
                c if m.glyph(c).is_some() => Some(c),
                _ => Some('?'),
            })
            .collect()
    }

    fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        self.get(style).units(text) as f32 * size / 1000.0
    }

    /// Wrap text to a width: explicit line breaks kept, runs of spaces collapsed, words
    /// wider than the measure broken between characters.
    fn wrap(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<String> {
        let m = self.get(style);
        let max = (width.max(1.0) * 1000.0 / size) as u32;
        let space = u32::from(m.glyph(' ').map_or(278, |g| g.1));
        let mut out = Vec::new();
        for hard in text.split('\n') {
            let hard = self.clean(style, hard);
            let mut line = String::new();
            let mut used = 0u32;
            for word in hard.split(' ').filter(|w| !w.is_empty()) {
                let w = m.units(word);
                if !line.is_empty() && used + space + w <= max {
                    line.push(' ');
                    line.push_str(word);
                    used += space + w;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                if w <= max {
                    line.push_str(word);
                    used = w;
                } else {
                    for c in word.chars() {
                        let cw = u32::from(m.glyph(c).map_or(0, |g| g.1));
                        if !line.is_empty() && used + cw > max {
                            out.push(std::mem::take(&mut line));
                            used = 0;
                        }
                        line.push(c);
                        used += cw;
                    }
                }
            }
            out.push(line);
        }
        while out.len() > 1 && out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    /// Text cut to a width, with an ellipsis when cut.
    fn truncate(&self, text: &str, style: Style, size: f32, width: f32) -> String {
        let text = self.clean(style, &text.replace('\n', " "));
        if self.width(style, size, &text) <= width {
            return text;
        }
        let limit = width - self.width(style, size, "\u{2026}");
        let mut out = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width(style, size, c.encode_utf8(&mut [0; 4]));
            if used + w > limit {
                break;
            }
            out.push(c);
            used += w;
        }
        format!("{}\u{2026}", out.trim_end())
    }
}

/// The baseline of a line of text set in a line box of height `lead` from `top`:
/// capitals and descenders centred in the box.
fn baseline(top: f32, lead: f32, size: f32) -> f32 {
    top + lead / 2.0 + 0.26 * size
}

/// Flowing layout of body blocks onto pages.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    y: f32,
}

/// A table's columns and type.
struct Grid {
    xs: Vec<f32>,
    widths: Vec<f32>,
    size: f32,
    lead: f32,
    header: Vec<Vec<String>>,
    header_h: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Page::default()],
            y: BODY_TOP,
        }
    }

    fn finish(mut self) -> Vec<Page> {
        while self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.draws.is_empty()) {
            self.pages.pop();
        }
        self.pages
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a layout always has a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    fn at_top(&self) -> bool {
        self.y <= BODY_TOP + 0.01
    }

    fn room(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    /// Start a new page unless `h` fits (or we are at the top already).
    fn need(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        top: f32,
        lead: f32,
        style: Style,
        size: f32,
        color: Rgb3,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        self.page().push(Draw::Text {
            x,
            y: baseline(top, lead, size),
            style,
            size,
            color,
            text: text.to_string(),
        });
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb3) {
        self.page().push(Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
            dotted: false,
        });
    }

    /// A heading, kept with the lines after it. Returns its page (0-based).
    fn heading(&mut self, level: u8, text: &str) -> usize {
        let (size, before, after, color) = match level {
            0 | 1 => (16.0, 18.0, 8.0, ACCENT),
            2 => (13.0, 12.0, 4.0, ACCENT),
            _ => (11.0, 8.0, 2.0, INK),
        };
        let lead = size * 1.25;
        let lines = self.fonts.wrap(text, Style::Bold, size, CONTENT_W);
        if !self.at_top() {
            self.y += before;
        }
        // Kept with what follows: a sub-heading and its first lines for the upper levels.
        let keep = if level <= 2 { 4.0 } else { 2.0 };
        self.need(lines.len() as f32 * lead + after + keep * BODY_LEAD);
        let page = self.pages.len() - 1;
        for line in &lines {
            let y = self.y;
            self.text(MARGIN_X, y, lead, Style::Bold, size, color, line);
            self.y += lead;
        }
        if level <= 1 {
            let y = self.y + 2.0;
            self.line(MARGIN_X, y, RIGHT, y, 0.75, ACCENT);
            self.y += 4.0;
        }
        self.y += after;
        page
    }

    /// A figure, scaled to the measure (and down to the page when tall), kept whole on
    /// one page, with its caption under it. A wide figure that would be shrunk a lot
    /// gets a landscape page of its own.
    fn figure(&mut self, figure: &Figure) {
        if figure.width <= 0.0 || figure.height <= 0.0 {
            return;
        }
        let caption_h = |width: f32| {
            self.fonts
                .wrap(&figure.caption, Style::Bold, 9.0, width)
                .len() as f32
                * 11.5
                + 4.0
        };
        let fit = |w: f32, h: f32| (w / figure.width).min(h / figure.height);
        let portrait = fit(CONTENT_W, BODY_BOTTOM - BODY_TOP - caption_h(CONTENT_W));
        let (land_w, land_h) = (PAGE_H - 2.0 * MARGIN_X, PAGE_W - 2.0 * BODY_TOP);
        let landscape = fit(land_w, land_h - caption_h(land_w));
        let turn = portrait < 0.75 && landscape > portrait * 1.2;
        let measure = if turn {
            if !self.page().draws.is_empty() {
                self.new_page();
            }
            self.page().landscape = true;
            land_w
        } else {
            CONTENT_W
        };
        let caption = self.fonts.wrap(&figure.caption, Style::Bold, 9.0, measure);
        let scale = if turn { landscape } else { portrait };
        let h = figure.height * scale;
        if !turn {
            self.need(h + caption_h(measure));
        }
        let (ox, oy) = (MARGIN_X + (measure - figure.width * scale) / 2.0, self.y);
        let at = |(x, y): (f32, f32)| (ox + x * scale, oy + y * scale);
        let color = |c: [u8; 3]| c.map(|v| f32::from(v) / 255.0);
        for shape in &figure.shapes {
            match shape {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let (x0, y0) = at((*x, *y));
                    let (w, h) = (w * scale, h * scale);
                    if let Some(c) = fill {
                        self.page().push(Draw::Fill {
                            x: x0,
                            y: y0,
                            w,
                            h,
                            color: color(*c),
                        });
                    }
                    if let Some(c) = stroke {
                        let c = color(*c);
                        let corners = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)];
                        for i in 0..4 {
                            let ((x1, y1), (x2, y2)) = (corners[i], corners[(i + 1) % 4]);
                            self.line(x1, y1, x2, y2, 0.75, c);
                        }
                    }
                }
                Shape::Line {
                    from,
                    to,
                    color: c,
                    width,
                    dashed,
                } => {
                    let ((x1, y1), (x2, y2)) = (at(*from), at(*to));
                    self.page().push(Draw::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width: *width,
                        color: color(*c),
                        dotted: *dashed,
                    });
                }
                Shape::Polygon { points, fill } => {
                    let points = points.iter().map(|p| at(*p)).collect();
                    self.page().push(Draw::Polygon {
                        points,
                        color: color(*fill),
                    });
                }
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    color: c,
                    bold,
                    anchor,
                } => {
                    let style = if *bold { Style::Bold } else { Style::Regular };
                    let size = size * scale.min(1.0);
                    let text = self.fonts.clean(style, text);
                    let w = self.fonts.width(style, size, &text);
                    let (x, y) = at((*x, *y));
                    let x = match anchor {
                        Anchor::Start => x,
                        Anchor::Middle => x - w / 2.0,
                        Anchor::End => x - w,
                    };
                    self.page().push(Draw::Text {
                        x,
                        y,
                        style,
                        size,
                        color: color(*c),
                        text,
                    });
                }
            }
        }
        self.y += h + 4.0;
        for line in &caption {
            let y = self.y;
            self.text(MARGIN_X, y, 11.5, Style::Bold, 9.0, MUTED, line);
            self.y += 11.5;
        }
        self.y += BLOCK_GAP;
        if turn {
            self.new_page();
        }
    }

    fn paragraph(&mut self, text: &str) {
        let lines = self.fonts.wrap(text, Style::Regular, BODY_SIZE, CONTENT_W);
        // No single first line left at the foot of a page.
        self.need(BODY_LEAD * lines.len().min(2) as f32);
        for line in &lines {
            self.need(BODY_LEAD);
            let y = self.y;
            self.text(MARGIN_X, y, BODY_LEAD, Style::Regular, BODY_SIZE, INK, line);
            self.y += BODY_LEAD;
        }
        self.y += BLOCK_GAP;
    }

    fn list(&mut self, items: &[String]) {
        for item in items {
            let lines = self
                .fonts
                .wrap(item, Style::Regular, BODY_SIZE, CONTENT_W - LIST_INDENT);
            self.need(BODY_LEAD * lines.len().min(2) as f32);
            for (i, line) in lines.iter().enumerate() {
                self.need(BODY_LEAD);
                let y = self.y;
                if i == 0 {
                    self.text(
                        MARGIN_X + 4.0,
                        y,
                        BODY_LEAD,
                        Style::Regular,
                        BODY_SIZE,
                        INK,
                        "\u{2022}",
                    );
                }
                self.text(
                    MARGIN_X + LIST_INDENT,
                    y,
                    BODY_LEAD,
                    Style::Regular,
                    BODY_SIZE,
                    INK,
                    line,
                );
                self.y += BODY_LEAD;
            }
            self.y += 2.0;
        }
        self.y += BLOCK_GAP - 2.0;
    }

    fn grid(&self, table: &Table) -> Option<Grid> {
        let columns = table
            .rows
            .iter()
            .map(|(_, cells)| cells.len())
            .chain([table.header.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return None;
        }
        let relative: Vec<f32> = (0..columns)
            .map(|i| {
                table
                    .widths
                    .get(i)
                    .copied()
                    .filter(|w| w.is_finite() && *w > 0.0)
                    .unwrap_or(1.0)
            })
            .collect();
        let sum: f32 = relative.iter().sum();
        let mut widths: Vec<f32> = relative.iter().map(|w| w / sum * CONTENT_W).collect();
        let size = if columns >= 6 { 8.0 } else { 9.0 };
        self.widen_for_words(table, size, &mut widths);
        let xs = widths
            .iter()
            .scan(MARGIN_X, |x, w| {
                let left = *x;
                *x += w;
                Some(left)
            })
            .collect();
        let lead = size * 1.28;
        let mut grid = Grid {
            xs,
            widths,
            size,
            lead,
            header: Vec::new(),
            header_h: 0.0,
        };
        grid.header = self.cells(&grid, &table.header, Style::Bold);
        grid.header_h = grid.height(&grid.header);
        Some(grid)
    }

    /// Widen columns whose longest word (an id, a date, "Independent") would otherwise be
    /// broken, taking the room from columns with slack; a column never claims more than
    /// a quarter of the measure this way.
    fn widen_for_words(&self, table: &Table, size: f32, widths: &mut [f32]) {
        let mut needed = vec![0.0f32; widths.len()];
        let rows = table.rows.iter().map(|(_, cells)| (cells, Style::Regular));
        for (cells, style) in rows.chain([(&table.header, Style::Bold)]) {
            for (i, cell) in cells.iter().enumerate().take(widths.len()) {
                for word in cell.split_whitespace() {
                    let w = self.fonts.width(style, size, word);
                    if w > needed[i] {
                        needed[i] = w;
                    }
                }
            }
        }
        let needed: Vec<f32> = needed
            .iter()
            .map(|w| (w + 2.0 * CELL_PAD_X + 0.5).min(CONTENT_W / 4.0))
            .collect();
        let deficit: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (n - w).max(0.0))
            .sum();
        let slack: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (w - n).max(0.0))
            .sum();
        if deficit <= 0.0 || slack <= 0.0 {
            return;
        }
        // Take no more than there is to give.
        let share = (deficit / slack).min(1.0);
        for (w, n) in widths.iter_mut().zip(&needed) {
            if *n > *w {
                *w += (*n - *w) * (slack / deficit).min(1.0);
            } else {
                *w -= (*w - *n) * share;
            }
        }
    }

    fn cells(&self, grid: &Grid, cells: &[String], style: Style) -> Vec<Vec<String>> {
        grid.widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map_or("", String::as_str);
                self.fonts
                    .wrap(text, style, grid.size, w - 2.0 * CELL_PAD_X)
            })
            .collect()
    }

    fn table(&mut self, table: &Table) {
        let Some(grid) = self.grid(table) else {
            return;
        };
        let rows: Vec<Vec<Vec<String>>> = table
            .rows
            .iter()
            .map(|(_, cells)| self.cells(&grid, cells, Style::Regular))
            .collect();
        let first = rows.first().map_or(0.0, |r| {
            grid.height(r).min(2.0 * grid.lead + 2.0 * CELL_PAD_Y)
        });
        self.y += 2.0;
        self.need(grid.header_h + first);
        self.header_row(&grid);
        for cells in &rows {
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut from = 0;
            while from < lines {
                let h = (lines - from) as f32 * grid.lead + 2.0 * CELL_PAD_Y;
                if h <= self.room() + 0.01 {
                    self.row_segment(&grid, cells, from, lines, None);
                    break;
                }
                // A row that does not fit breaks across the page (as word processors
                // do by default) when at least three of its lines stay on each side;
                // otherwise it moves whole to the next page. A row taller than a page
                // always breaks.
                let fresh = BODY_BOTTOM - BODY_TOP - grid.header_h;
                let fit = ((self.room() - 2.0 * CELL_PAD_Y) / grid.lead)
                    .floor()
                    .max(0.0) as usize;
                let rest = lines - from;
                let (take, least) = if h > fresh {
                    (fit, 2)
                } else {
                    (
                        fit.min(rest.saturating_sub(MIN_SPLIT_LINES)),
                        MIN_SPLIT_LINES,
                    )
                };
                if take < least {
                    self.new_page();
                    self.header_row(&grid);
                    continue;
                }
                self.row_segment(&grid, cells, from, from + take, None);
                from += take;
                self.new_page();
                self.header_row(&grid);
            }
        }
        self.y += BLOCK_GAP + 2.0;
    }

    fn header_row(&mut self, grid: &Grid) {
        let header = grid.header.clone();
        let lines = header.iter().map(Vec::len).max().unwrap_or(1);
        self.row_segment(grid, &header, 0, lines, Some(HEADER_FILL));
    }

    /// Draw lines `from..to` of a row's cells at the current position, with borders.
    fn row_segment(
        &mut self,
        grid: &Grid,
        cells: &[Vec<String>],
        from: usize,
        to: usize,
        fill: Option<Rgb3>,
    ) {
        let top = self.y;
        let h = (to - from) as f32 * grid.lead + 2.0 * CELL_PAD_Y;
        let style = if fill.is_some() {
            Style::Bold
        } else {
            Style::Regular
        };
        if let Some(color) = fill {
            self.page().push(Draw::Fill {
                x: MARGIN_X,
                y: top,
                w: CONTENT_W,
                h,
                color,
            });
        }
        for (col, lines) in cells.iter().enumerate() {
            let x = grid.xs[col] + CELL_PAD_X;
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let y = top + CELL_PAD_Y + (k - from) as f32 * grid.lead;
                self.text(x, y, grid.lead, style, grid.size, INK, line);
            }
        }
        let bottom = top + h;
        self.line(MARGIN_X, top, RIGHT, top, 0.4, RULE);
        self.line(MARGIN_X, bottom, RIGHT, bottom, 0.4, RULE);
        for &x in grid.xs.iter().chain([&RIGHT]) {
            self.line(x, top, x, bottom, 0.4, RULE);
        }
        self.y = bottom;
    }
}

impl Grid {
    fn height(&self, cells: &[Vec<String>]) -> f32 {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        lines as f32 * self.lead + 2.0 * CELL_PAD_Y
    }
}

/// The cover: title, subtitle lines, date.
fn cover(fonts: &Fonts, report: &Report, date: jiff::civil::Date) -> Page {
    let mut l = Layout::new(fonts);
    l.y = 190.0;
    let y = l.y;
    l.line(MARGIN_X, y, RIGHT, y, 2.0, ACCENT);
    l.y += 22.0;
    for line in fonts.wrap(&report.title, Style::Bold, 24.0, CONTENT_W) {
        let y = l.y;
        l.text(MARGIN_X, y, 30.0, Style::Bold, 24.0, ACCENT, &line);
        l.y += 30.0;
    }
    l.y += 16.0;
    for sub in &report.subtitle {
        let confidential = sub.trim_start().starts_with("CONFIDENTIAL");
        let (style, color) = if confidential {
            (Style::Bold, CONFIDENTIAL)
        } else {
            (Style::Regular, INK)
        };
        for line in fonts.wrap(sub, style, 13.0, CONTENT_W) {
            let y = l.y;
            l.text(MARGIN_X, y, 18.0, style, 13.0, color, &line);
            l.y += 18.0;
        }
    }
    l.y += 28.0;
    let y = l.y;
    l.text(
        MARGIN_X,
        y,
        16.0,
        Style::Regular,
        12.0,
        MUTED,
        &format!("Date: {}", long_date(date)),
    );
    if !report.fingerprint.is_empty() {
        l.y += 18.0;
        let y = l.y;
        l.text(
            MARGIN_X,
            y,
            16.0,
            Style::Regular,
            10.0,
            MUTED,
            &format!("Made from review version {}", report.fingerprint),
        );
    }
    l.y += 22.0;
    let y = l.y;
    l.line(MARGIN_X, y, RIGHT, y, 0.75, ACCENT);
    l.finish().swap_remove(0)
}

/// "3 March 2024": the same wording as dates everywhere else in the reports.
fn long_date(d: jiff::civil::Date) -> String {
    crate::model::EventDate::On(crate::model::DatePoint::Day(d)).human()
}

/// The contents: each level-1 section with its page number.
fn contents(
    fonts: &Fonts,
    sections: &[(String, usize)],
    number: impl Fn(usize) -> usize,
) -> Vec<Page> {
    const SIZE: f32 = 11.0;
    const LEAD: f32 = 15.0;
    const NUMBER_W: f32 = 40.0;
    let mut l = Layout::new(fonts);
    l.heading(1, "Contents");
    l.y += 4.0;
    for (title, page) in sections {
        let lines = fonts.wrap(title, Style::Regular, SIZE, CONTENT_W - NUMBER_W);
        l.need(lines.len() as f32 * LEAD);
        for (i, line) in lines.iter().enumerate() {
            let top = l.y;
            l.text(MARGIN_X, top, LEAD, Style::Regular, SIZE, INK, line);
            if i + 1 == lines.len() {
                let n = number(*page).to_string();
                let nw = fonts.width(Style::Regular, SIZE, &n);
                l.text(RIGHT - nw, top, LEAD, Style::Regular, SIZE, INK, &n);
                let y = baseline(top, LEAD, SIZE);
                let x1 = MARGIN_X + fonts.width(Style::Regular, SIZE, line) + 6.0;
                let x2 = RIGHT - nw - 6.0;
                if x2 > x1 {
                    l.page().push(Draw::Line {
                        x1,
                        y1: y,
                        x2,
                        y2: y,
                        width: 0.8,
                        color: RULE,
                        dotted: true,
                    });
                }
            }
            l.y += LEAD;
        }
        l.y += 3.0;
    }
    l.finish()
}

/// Header and footer of one page.
fn chrome(fonts: &Fonts, report: &Report, number: usize, total: usize, page: &mut Page) {
    const SIZE: f32 = 8.5;
    let (page_w, page_h) = page.size();
    let right = page_w - MARGIN_X;
    let mut put = |x: f32, y: f32, style: Style, size: f32, color: Rgb3, text: String| {
        page.push(Draw::Text {
            x,
            y,
            style,
            size,
            color,
            text,
        })
    };
    let mark = "CONFIDENTIAL";
    let mark_w = fonts.width(Style::Bold, 9.5, mark);
    if report.confidential {
        put(
            (page_w - mark_w) / 2.0,
            38.0,
            Style::Bold,
            9.5,
            CONFIDENTIAL,
            mark.to_string(),
        );
    }
    let number_text = format!("Page {number} of {total}");
    let number_w = fonts.width(Style::Regular, SIZE, &number_text);
    let footer = page_h - 40.0;
    put(
        right - number_w,
        footer,
        Style::Regular,
        SIZE,
        MUTED,
        number_text,
    );
    let title = fonts.truncate(
        &report.title,
        Style::Regular,
        SIZE,
        (page_w - 2.0 * MARGIN_X) - number_w - 24.0,
    );
    put(MARGIN_X, footer, Style::Regular, SIZE, MUTED, title);
    if report.confidential {
        put(
            (page_w - mark_w) / 2.0,
            page_h - 26.0,
            Style::Bold,
            9.5,
            CONFIDENTIAL,
            mark.to_string(),
        );
    }
    let rule = |y: f32| Draw::Line {
        x1: MARGIN_X,
        y1: y,
        x2: right,
        y2: y,
        width: 0.5,
        color: RULE,
        dotted: false,
    };
    if report.confidential {
        page.push(rule(46.0));
    }
    page.push(rule(page_h - 52.0));
}

fn rgb(c: Rgb3) -> Color {
    Color::Rgb(Rgb {
        r: c[0],
        g: c[1],
        b: c[2],
        icc_profile: None,
    })
}

fn point(x: f32, y_down: f32, page_h: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(page_h - y_down),
        },
        bezier: false,
    }
}

/// A page's drawing operations: fills, polygons and lines in the order they were laid
/// out, then all text in one text object.
fn page_ops(page: &Page, font_ids: &[FontId; 2]) -> Vec<Op> {
    let page_h = page.size().1;
    let mut ops = Vec::new();
    let mut fill: Option<Rgb3> = None;
    let mut set_fill = |ops: &mut Vec<Op>, c: Rgb3| {
        if fill != Some(c) {
            ops.push(Op::SetFillColor { col: rgb(c) });
            fill = Some(c);
        }
    };
    let mut stroke: Option<(Rgb3, f32, bool)> = None;
    for d in &page.draws {
        match d {
            Draw::Fill { x, y, w, h, color } => {
                set_fill(&mut ops, *color);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(page_h - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Draw::Polygon { points, color } => {
                set_fill(&mut ops, *color);
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: points.iter().map(|(x, y)| point(*x, *y, page_h)).collect(),
                        }],
                        mode: PaintMode::Fill,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            }
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                dotted,
            } => {
                let state = (*color, *width, *dotted);
                if stroke.is_none_or(|s| s.0 != state.0) {
                    ops.push(Op::SetOutlineColor { col: rgb(*color) });
                }
                if stroke.is_none_or(|s| s.1 != state.1) {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                }
                if stroke.map_or(*dotted, |s| s.2 != state.2) {
                    ops.push(Op::SetLineDashPattern {
                        dash: if *dotted {
                            LineDashPattern::new(0.0, &[0.8, 2.2])
                        } else {
                            LineDashPattern::solid()
                        },
                    });
                }
                stroke = Some(state);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1, page_h), point(*x2, *y2, page_h)],
                        is_closed: false,
                    },
                });
            }
            Draw::Text { .. } => {}
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(Style, f32)> = None;
    for d in &page.draws {
        if let Draw::Text {
            x,
            y,
            style,
            size,
            color,
            text,
        } = d
        {
            if font != Some((*style, *size)) {
                let id = match style {
                    Style::Regular => &font_ids[0],
                    Style::Bold => &font_ids[1],
                };
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(*size),
                });
                font = Some((*style, *size));
            }
            set_fill(&mut ops, *color);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(*x), Pt(page_h - y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Subset both faces, build the document, write it.
fn assemble(
    report: &Report,
    options: &PdfOptions,
    fonts: &Fonts,
    pages: &[Page],
) -> Result<Vec<u8>, PdfError> {
    let mut used: BTreeMap<Style, BTreeSet<u16>> = BTreeMap::new();
    for d in pages.iter().flat_map(|p| &p.draws) {
        if let Draw::Text { style, text, .. } = d {
            let m = fonts.get(*style);
            let set = used.entry(*style).or_default();
            set.extend(text.chars().filter_map(|c| m.glyph(c)).map(|g| g.0));
        }
    }

    let mut doc = PdfDocument::new(&report.title);
    let date = printpdf::DateTime {
        date: printpdf::date::Date {
            year: i32::from(options.date.year()),
            month: options.date.month().unsigned_abs(),
            day: options.date.day().unsigned_abs(),
        },
        time: printpdf::date::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::date::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    };
    let info = &mut doc.metadata.info;
    info.document_title = report.title.clone();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "scr-workbench".to_string();
    info.producer = "scr-workbench".to_string();

    let font_ids = [FontId("F1".to_string()), FontId("F2".to_string())];
    for (style, data, name, id) in [
        (Style::Regular, REGULAR_TTF, "LiberationSans", &font_ids[0]),
        (Style::Bold, BOLD_TTF, "LiberationSans-Bold", &font_ids[1]),
    ] {
        let Some(glyphs) = used.get(&style) else {
            continue;
        };
        let bytes = subset_truetype(data, glyphs).map_err(|e| PdfError::Subset(name, e))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Subset(name, "the subset font does not parse".into()))?;
        parsed.font_name = Some(format!("{}+{}", subset_tag(glyphs), name));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
    }

    doc.pages = pages
        .iter()
        .map(|p| {
            let (w, h) = if p.landscape {
                (Mm(297.0), Mm(210.0))
            } else {
                (Mm(210.0), Mm(297.0))
            };
            PdfPage::new(w, h, page_ops(p, &font_ids))
        })
        .collect();

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Build(errors.join("; ")));
    }
    // printpdf writes a random file identifier; it is optional before PDF 2.0, and
    // without it the same input gives the same bytes.
    lo.trailer.remove(b"ID");
    // printpdf's document information also claims PDF/X (GTS_PDFXVersion), which this is
    // not, and writes empty author, subject, keywords and identifier: drop them.
    if let Ok(id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference())
        && let Ok(info) = lo.get_dictionary_mut(id)
    {
        for key in [
            "GTS_PDFXVersion",
            "Author",
            "Subject",
            "Keywords",
            "Identifier",
        ] {
            info.remove(key.as_bytes());
        }
    }
    // lopdf's `compress` deflates every stream at the best level one after the other;
    // the same work split over the cores (the result does not depend on the split).
    let mut streams: Vec<_> = lo
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
        .filter(|s| s.allows_compression)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for stream in part {
                    // A stream that does not shrink is left as it is.
                    let _ = stream.compress();
                }
            });
        }
    });
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// The six-letter subset tag (ISO 32000-1, 9.6.4), derived from the glyph set so it is
/// stable for the same text.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs {
        for b in g.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// The glyphs a composite glyph is built from.
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || be16(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (be16(glyph, at), be16(glyph, at + 2)) {
        out.push(gid);
        at += 4;
        at += if flags & 0x0001 != 0 { 4 } else { 2 };
        at += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

/// Subset a TrueType font to the given glyphs (and the glyphs their composites use),
/// keeping glyph ids: unused glyphs keep their metrics but lose their outlines, so the
/// character map, the advance widths and every glyph id stay valid. Layout tables
/// (GSUB, GPOS, GDEF, kern), which we do not use, are dropped, and the glyph names
/// go (post format 3).
fn subset_truetype(data: &[u8], glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    let raw = ttf_parser::RawFace::parse(data, 0).map_err(|e| e.to_string())?;
    let table = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag));
    let head = table(b"head").ok_or("no head table")?;
    let maxp = table(b"maxp").ok_or("no maxp table")?;
    let loca = table(b"loca").ok_or("no loca table (not a TrueType font)")?;
    let glyf = table(b"glyf").ok_or("no glyf table (not a TrueType font)")?;
    if head.len() < 54 {
        return Err("head table too short".into());
    }
    let long = be16(head, 50) == Some(1);
    let count = usize::from(be16(maxp, 4).ok_or("maxp table too short")?);
    let offset = |i: usize| -> Option<usize> {
        if long {
            be32(loca, i * 4).map(|o| o as usize)
        } else {
            be16(loca, i * 2).map(|o| usize::from(o) * 2)
        }
    };
    let outline = |gid: u16| -> Option<&[u8]> {
        let i = usize::from(gid);
        glyf.get(offset(i)?..offset(i + 1)?)
    };

    let mut keep: BTreeSet<u16> = glyphs
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < count)
        .collect();
    keep.insert(0);
    let mut stack: Vec<u16> = keep.iter().copied().collect();
    while let Some(gid) = stack.pop() {
        for c in outline(gid).map(components).unwrap_or_default() {
            if usize::from(c) < count && keep.insert(c) {
                stack.push(c);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(count + 1);
    for gid in 0..count {
        offsets.push(new_glyf.len());
        let gid = gid as u16;
        if keep.contains(&gid)
            && let Some(g) = outline(gid)
        {
            new_glyf.extend_from_slice(g);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    offsets.push(new_glyf.len());
    // Short offsets (halved, 16 bits) when the outlines are small enough, as they are
    // for any text we set.
    let short = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for o in offsets {
        if short {
            new_loca.extend_from_slice(&((o / 2) as u16).to_be_bytes());
        } else {
            new_loca.extend_from_slice(&(o as u32).to_be_bytes());
        }
    }

    let mut new_head = head.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head[50..52].copy_from_slice(&u16::from(!short).to_be_bytes()); // indexToLocFormat

    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for record in raw.table_records {
        let tag = record.tag.to_bytes();
        let Some(data) = raw.table(record.tag) else {
            continue;
        };
        let bytes = match &tag {
            b"head" => new_head.clone(),
            b"loca" => std::mem::take(&mut new_loca),
            b"glyf" => std::mem::take(&mut new_glyf),
            b"post" if data.len() >= 32 => {
                let mut post = data[..32].to_vec();
                post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
                post
            }
            b"cmap" | b"hhea" | b"hmtx" | b"maxp" | b"OS/2" | b"name" | b"cvt " | b"fpgm"
            | b"prep" | b"gasp" => data.to_vec(),
            _ => continue,
        };
        tables.push((tag, bytes));
    }
    tables.sort_by_key(|t| t.0);
    Ok(write_sfnt(&tables))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Write a TrueType font file from its tables (sorted by tag).
fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut selector = 0u16;
    while (1u32 << (selector + 1)) <= u32::from(n) {
        selector += 1;
    }
    let range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    let mut body = Vec::new();
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_measure() {
        let fonts = Fonts::load().unwrap();
        let text = "The health visitor recorded that Child B was seen asleep; \
                    supercalifragilisticexpialidociousandthensomemoretomakeitlong ends.";
        let lines = fonts.wrap(text, Style::Regular, 10.0, 120.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(fonts.width(Style::Regular, 10.0, l) <= 120.0 + 0.01, "{l}");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn hard_breaks_and_unknown_characters() {
        let fonts = Fonts::load().unwrap();
        let lines = fonts.wrap("a\tb\nc\u{1F600}", Style::Bold, 10.0, 400.0);
        assert_eq!(lines, vec!["a b".to_string(), "c?".to_string()]);
    }

    #[test]
    fn subset_keeps_glyph_ids_and_parses() {
        let face = ttf_parser::Face::parse(REGULAR_TTF, 0).unwrap();
        let glyphs: BTreeSet<u16> = "Aé fi"
            .chars()
            .map(|c| face.glyph_index(c).unwrap().0)
            .collect();
        let bytes = subset_truetype(REGULAR_TTF, &glyphs).unwrap();
        assert!(bytes.len() < REGULAR_TTF.len() / 4, "{}", bytes.len());
        let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs());
        for c in "Aé".chars() {
            let gid = sub.glyph_index(c).unwrap();
            assert_eq!(Some(gid), face.glyph_index(c));
            assert!(sub.glyph_bounding_box(gid).is_some());
        }
        let dropped = sub.glyph_index('Z').unwrap();
        assert!(sub.glyph_bounding_box(dropped).is_none());
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA);
    }
}

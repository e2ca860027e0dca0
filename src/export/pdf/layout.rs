//! Flowing layout of the report's body blocks (headings, paragraphs, lists, tables and
//! figures) onto pages.

use super::text::{Fonts, Style, baseline};
use super::*;
use crate::export::report::{Anchor, Figure, Shape, Table};

/// Flowing layout of body blocks onto pages.
pub(super) struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    pub(super) y: f32,
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
    pub(super) fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Page::default()],
            y: BODY_TOP,
        }
    }

    pub(super) fn finish(mut self) -> Vec<Page> {
        while self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.draws.is_empty()) {
            self.pages.pop();
        }
        self.pages
    }

    pub(super) fn page(&mut self) -> &mut Page {
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
    pub(super) fn need(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
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

    pub(super) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb3) {
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
    pub(super) fn heading(&mut self, level: u8, text: &str) -> usize {
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
    pub(super) fn figure(&mut self, figure: &Figure) {
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

    pub(super) fn paragraph(&mut self, text: &str) {
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

    pub(super) fn list(&mut self, items: &[String]) {
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

    pub(super) fn table(&mut self, table: &Table) {
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

//! The report structure: sections of headings, paragraphs, lists, tables and figures, each piece
//! knowing where in the review it came from (for the leak check's "where").

use super::leak::Location;

/// One piece of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading(u8, String),
    /// A paragraph of text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table.
    Table(Table),
    /// A vector figure (a timeline, a diagram, a chart).
    Figure(Figure),
}

pub use crate::palette::Rgb;

/// A vector figure: shapes in its own space (points, y downwards, origin top left), scaled
/// by each backend to fit its page width, with a caption under it. Long figures are split
/// by their builder into several figures, one a page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// Caption, printed under the figure.
    pub caption: String,
    /// Width of the figure's space.
    pub width: f32,
    /// Height of the figure's space.
    pub height: f32,
    /// Shapes, drawn in order (later ones on top).
    pub shapes: Vec<Shape>,
}

/// Where a text's `x` is: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// `x` is the left end.
    #[default]
    Start,
    /// `x` is the middle.
    Middle,
    /// `x` is the right end.
    End,
}

/// One shape of a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle, `(x, y)` its top left corner; filled, outlined, or both.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline colour (0.75 pt).
        stroke: Option<Rgb>,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Colour.
        color: Rgb,
        /// Width in points.
        width: f32,
        /// Dashed rather than solid.
        dashed: bool,
    },
    /// A filled polygon (arrow heads, markers).
    Polygon {
        /// Corners, in order.
        points: Vec<(f32, f32)>,
        /// Fill colour.
        fill: Rgb,
    },
    /// One line of text, its baseline at `y`.
    Text {
        /// Horizontal position, read with `anchor`.
        x: f32,
        /// Baseline.
        y: f32,
        /// The text (one line).
        text: String,
        /// Size in points.
        size: f32,
        /// Colour.
        color: Rgb,
        /// Bold face.
        bold: bool,
        /// What `x` is.
        anchor: Anchor,
    },
}

impl Figure {
    /// Every text of the figure: the caption and each label.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.caption.as_str()).chain(self.shapes.iter().filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        }))
    }
}

/// A table: a header row and rows, each row naming the object it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column titles.
    pub header: Vec<String>,
    /// Relative column widths.
    pub widths: Vec<f32>,
    /// Rows: the object shown (an id) and the cells.
    pub rows: Vec<(String, Vec<String>)>,
}

/// A block with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The block.
    pub block: Block,
    /// Section it is in.
    pub section: String,
    /// Object it shows ("" when the section itself).
    pub object: String,
    /// Field it shows.
    pub field: String,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Title (also the document metadata title).
    pub title: String,
    /// Subtitle lines for the cover.
    pub subtitle: Vec<String>,
    /// "CONFIDENTIAL" on every page.
    pub confidential: bool,
    /// The fingerprint of the review version it was made from (set by the caller).
    pub fingerprint: String,
    /// Content.
    pub blocks: Vec<Placed>,
    section: String,
}

impl Report {
    /// A new report.
    pub fn new(title: impl Into<String>, confidential: bool) -> Report {
        Report {
            title: title.into(),
            confidential,
            ..Report::default()
        }
    }

    /// Start a section (a level-1 heading).
    pub fn section(&mut self, title: &str) {
        self.section = title.to_string();
        self.push(Block::Heading(1, title.to_string()), "", "heading");
    }

    /// Add a block in the current section.
    pub fn push(&mut self, block: Block, object: &str, field: &str) {
        self.blocks.push(Placed {
            block,
            section: self.section.clone(),
            object: object.to_string(),
            field: field.to_string(),
        });
    }

    /// A sub-heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>, object: &str) {
        self.push(Block::Heading(level, text.into()), object, "heading");
    }

    /// A paragraph, skipped when empty.
    pub fn para(&mut self, text: &str, object: &str, field: &str) {
        if !text.trim().is_empty() {
            self.push(Block::Paragraph(text.trim().to_string()), object, field);
        }
    }

    /// Every string in the report with where it is, for the leak check: metadata,
    /// headings, paragraphs, list items, table headers and cells.
    pub fn texts(&self) -> Vec<(Location, &str)> {
        let loc = |section: &str, object: &str, field: &str| Location {
            section: section.to_string(),
            object: object.to_string(),
            field: field.to_string(),
        };
        let mut out = vec![(loc("Document metadata", "", "title"), self.title.as_str())];
        for s in &self.subtitle {
            out.push((loc("Cover", "", "subtitle"), s.as_str()));
        }
        for p in &self.blocks {
            match &p.block {
                Block::Heading(_, t) | Block::Paragraph(t) => {
                    out.push((loc(&p.section, &p.object, &p.field), t))
                }
                Block::List(items) => {
                    for t in items {
                        out.push((loc(&p.section, &p.object, &p.field), t));
                    }
                }
                Block::Figure(f) => {
                    for t in f.texts() {
                        out.push((loc(&p.section, &p.object, "figure label"), t));
                    }
                }
                Block::Table(t) => {
                    for h in &t.header {
                        out.push((loc(&p.section, "table header", h), h));
                    }
                    for (object, cells) in &t.rows {
                        for (i, c) in cells.iter().enumerate() {
                            let column = t.header.get(i).map_or("", String::as_str);
                            out.push((loc(&p.section, object, column), c));
                        }
                    }
                }
            }
        }
        out
    }
}

//! A figure drawn to a PNG picture, for the backends that cannot take vectors (the Word
//! document). Shapes are filled and stroked with tiny-skia; text is drawn from the
//! outlines of the same embedded Liberation Sans as the PDF, so the picture and the PDF
//! figure match.

use super::report::{Anchor, Figure, Shape};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform};

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    /// The figure has no area or is too large to draw.
    #[error("the figure '{0}' has no area or is too large to draw")]
    Size(String),
    /// An embedded font could not be read.
    #[error("the embedded font could not be read: {0}")]
    Font(String),
    /// The picture could not be encoded.
    #[error("the picture could not be encoded: {0}")]
    Encode(String),
}

/// The figure as PNG bytes, `scale` pixels per unit of the figure's space; also the
/// size in pixels.
pub fn png(figure: &Figure, scale: f32) -> Result<(Vec<u8>, u32, u32), RasterError> {
    let w = (figure.width * scale).ceil();
    let h = (figure.height * scale).ceil();
    if !(w >= 1.0 && h >= 1.0 && w * h <= 64.0e6) {
        return Err(RasterError::Size(figure.caption.clone()));
    }
    let (w, h) = (w as u32, h as u32);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| RasterError::Size(figure.caption.clone()))?;
    pixmap.fill(Color::WHITE);
    let regular = ttf_parser::Face::parse(super::pdf::REGULAR_TTF, 0)
        .map_err(|e| RasterError::Font(e.to_string()))?;
    let bold = ttf_parser::Face::parse(super::pdf::BOLD_TTF, 0)
        .map_err(|e| RasterError::Font(e.to_string()))?;
    let t = Transform::from_scale(scale, scale);
    let paint = |c: [u8; 3]| {
        let mut p = Paint::default();
        p.set_color_rgba8(c[0], c[1], c[2], 255);
        p.anti_alias = true;
        p
    };
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
                let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                    continue;
                };
                if let Some(c) = fill {
                    pixmap.fill_rect(rect, &paint(*c), t, None);
                }
                if let Some(c) = stroke {
                    let path = PathBuilder::from_rect(rect);
                    let s = Stroke {
                        width: 0.75,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint(*c), &s, t, None);
                }
            }
            Shape::Line {
                from,
                to,
                color,
                width,
                dashed,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(from.0, from.1);
                pb.line_to(to.0, to.1);
                let Some(path) = pb.finish() else { continue };
                let s = Stroke {
                    width: *width,
                    dash: if *dashed {
                        StrokeDash::new(vec![0.8 * width.max(1.0), 2.2 * width.max(1.0)], 0.0)
                    } else {
                        None
                    },
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*color), &s, t, None);
            }
            Shape::Polygon { points, fill } => {
                let mut pb = PathBuilder::new();
                for (i, (x, y)) in points.iter().enumerate() {
                    if i == 0 {
                        pb.move_to(*x, *y);
                    } else {
                        pb.line_to(*x, *y);
                    }
                }
                pb.close();
                if let Some(path) = pb.finish() {
                    pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, t, None);
                }
            }
            Shape::Text {
                x,
                y,
                text,
                size,
                color,
                bold: b,
                anchor,
            } => {
                let face = if *b { &bold } else { &regular };
                let em = f32::from(face.units_per_em());
                let k = size / em;
                let advance = |c: char| {
                    face.glyph_index(c)
                        .and_then(|g| face.glyph_hor_advance(g))
                        .map_or(size * 0.5, |a| f32::from(a) * k)
                };
                let width: f32 = text.chars().map(advance).sum();
                let mut pen = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - width / 2.0,
                    Anchor::End => x - width,
                };
                let mut pb = PathBuilder::new();
                for c in text.chars() {
                    if let Some(g) = face.glyph_index(c) {
                        let mut outline = Outline {
                            pb: &mut pb,
                            x: pen,
                            y: *y,
                            k,
                        };
                        face.outline_glyph(g, &mut outline);
                    }
                    pen += advance(c);
                }
                if let Some(path) = pb.finish() {
                    pixmap.fill_path(&path, &paint(*color), FillRule::Winding, t, None);
                }
            }
        }
    }
    let bytes = pixmap
        .encode_png()
        .map_err(|e| RasterError::Encode(e.to_string()))?;
    Ok((bytes, w, h))
}

/// Glyph outlines into a path: font units scaled by `k`, y flipped, at the pen.
struct Outline<'a> {
    pb: &'a mut PathBuilder,
    x: f32,
    y: f32,
    k: f32,
}

impl Outline<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.k, self.y - y * self.k)
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.pb.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.pb.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_shapes_and_text_in_their_colours() {
        let figure = Figure {
            caption: "test".into(),
            width: 100.0,
            height: 40.0,
            shapes: vec![
                Shape::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 20.0,
                    h: 20.0,
                    fill: Some([200, 0, 0]),
                    stroke: None,
                },
                Shape::Text {
                    x: 30.0,
                    y: 30.0,
                    text: "Hello".into(),
                    size: 20.0,
                    color: [0, 0, 0],
                    bold: true,
                    anchor: Anchor::Start,
                },
            ],
        };
        let (bytes, w, h) = png(&figure, 2.0).expect("drawn");
        assert_eq!((w, h), (200, 80));
        let pixmap = Pixmap::decode_png(&bytes).expect("a PNG");
        let red = pixmap.pixel(10, 10).expect("inside");
        assert_eq!((red.red(), red.green(), red.blue()), (200, 0, 0));
        // The text left dark pixels where it was drawn, and none far below it.
        let dark = |x0: u32, x1: u32, y0: u32, y1: u32| {
            (x0..x1)
                .flat_map(|x| (y0..y1).map(move |y| (x, y)))
                .filter(|&(x, y)| pixmap.pixel(x, y).is_some_and(|p| p.red() < 100))
                .count()
        };
        assert!(dark(60, 200, 25, 62) > 200);
        assert_eq!(dark(60, 200, 64, 80), 0);
    }

    #[test]
    fn an_empty_figure_is_an_error() {
        let figure = Figure::default();
        assert!(png(&figure, 2.0).is_err());
    }
}

//! Laid-out pages to PDF bytes: each page's drawing operations, the subset fonts, the
//! document information, and deterministic, compressed output.

use super::subset::{subset_tag, subset_truetype};
use super::text::{Fonts, Style};
use super::*;
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};
use std::collections::{BTreeMap, BTreeSet};

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
pub(super) fn assemble(
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

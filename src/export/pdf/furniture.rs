//! Page furniture: the cover, the contents, and the header and footer of every page.

use super::layout::Layout;
use super::text::{Fonts, Style, baseline};
use super::*;

/// The cover: title, subtitle lines, date.
pub(super) fn cover(fonts: &Fonts, report: &Report, date: jiff::civil::Date) -> Page {
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
pub(super) fn contents(
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
pub(super) fn chrome(fonts: &Fonts, report: &Report, number: usize, total: usize, page: &mut Page) {
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

//! Text in the PDF: the two faces, their glyph ids and advances (read with ttf-parser
//! from the embedded Liberation Sans), and text measured, cleaned, wrapped to a measure
//! and cut to a width.

use super::{BOLD_TTF, PdfError, REGULAR_TTF};

/// The two faces used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Style {
    Regular,
    Bold,
}

/// Glyph ids and advances of one face.
pub(super) struct Metrics {
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

    pub(super) fn glyph(&self, c: char) -> Option<(u16, u16)> {
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

pub(super) struct Fonts {
    regular: Metrics,
    bold: Metrics,
}

impl Fonts {
    pub(super) fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: Metrics::load(REGULAR_TTF, "LiberationSans-Regular")?,
            bold: Metrics::load(BOLD_TTF, "LiberationSans-Bold")?,
        })
    }

    pub(super) fn get(&self, style: Style) -> &Metrics {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// Text as it can be drawn: tabs become spaces, other control characters go,
    /// characters the font lacks become "?".
    pub(super) fn clean(&self, style: Style, text: &str) -> String {
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

    pub(super) fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        self.get(style).units(text) as f32 * size / 1000.0
    }

    /// Wrap text to a width: explicit line breaks kept, runs of spaces collapsed, words
    /// wider than the measure broken between characters.
    pub(super) fn wrap(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<String> {
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
    pub(super) fn truncate(&self, text: &str, style: Style, size: f32, width: f32) -> String {
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
pub(super) fn baseline(top: f32, lead: f32, size: f32) -> f32 {
    top + lead / 2.0 + 0.26 * size
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
}

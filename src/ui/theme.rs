//! Colours, strokes and sizes: the only place the UI picks them.

use crate::analysis::Severity;
use crate::model::{Appraisal, Polarity};
use crate::palette;
use egui::{Color32, Stroke};

/// Whether the dark theme is on (read from the context's visuals).
pub fn is_dark(ui: &egui::Ui) -> bool {
    ui.visuals().dark_mode
}

const fn rgb(c: palette::Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// The colour for the n-th category (typology top-level code, agency).
pub fn category(n: usize) -> Color32 {
    rgb(palette::category(n))
}

/// Fill for an agency lane, alternating for readability.
pub fn lane_fill(ui: &egui::Ui, n: usize) -> Color32 {
    let base = if is_dark(ui) { 30 } else { 245 };
    let alt = if is_dark(ui) { 38 } else { 236 };
    let v = if n.is_multiple_of(2) { base } else { alt };
    Color32::from_gray(v)
}

/// Polarity: hindering red, supporting green.
pub fn polarity(p: Polarity) -> Color32 {
    rgb(palette::polarity(p))
}

/// Appraisal colours.
pub fn appraisal(a: Appraisal) -> Color32 {
    rgb(palette::appraisal(a))
}

/// Severity colours.
pub fn severity(s: Severity) -> Color32 {
    match s {
        Severity::Error => Color32::from_rgb(200, 40, 40),
        Severity::Warning => Color32::from_rgb(200, 130, 0),
    }
}

/// The colour that marks confidential fields.
pub const CONFIDENTIAL: Color32 = Color32::from_rgb(170, 40, 120);

/// Missed-opportunity marker.
pub const MISSED: Color32 = rgb(palette::MISSED);

/// Good-practice marker.
pub const GOOD: Color32 = rgb(palette::GOOD);

/// Child-seen marker.
pub const SEEN: Color32 = rgb(palette::SEEN);

/// Views-sought marker.
pub const VIEWS: Color32 = rgb(palette::VIEWS);

/// Gap-in-contact shading.
pub fn gap(ui: &egui::Ui) -> Color32 {
    if is_dark(ui) {
        Color32::from_rgba_unmultiplied(200, 60, 50, 40)
    } else {
        Color32::from_rgba_unmultiplied(200, 60, 50, 28)
    }
}

/// Episode band fill.
pub fn episode_band(a: Appraisal) -> Color32 {
    let c = appraisal(a);
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 36)
}

/// Selection highlight.
pub fn selection(ui: &egui::Ui) -> Color32 {
    ui.visuals().selection.bg_fill
}

/// A thin stroke in the text colour.
pub fn thin(ui: &egui::Ui) -> Stroke {
    Stroke::new(1.0, ui.visuals().weak_text_color())
}

/// Cycle highlight.
pub const CYCLE: Color32 = rgb(palette::CYCLE);

/// Size of text in workshop mode, as a zoom factor.
pub const WORKSHOP_ZOOM: f32 = 1.6;

/// Fonts: egui's defaults, with its monospace font (Hack) as a fallback for proportional
/// text, so arrows, bullets and shapes (→ ● ▲) render everywhere. The app and the tests
/// install the same fonts.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mono = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .and_then(|f| f.first())
        .cloned();
    if let (Some(mono), Some(prop)) = (
        mono,
        fonts.families.get_mut(&egui::FontFamily::Proportional),
    ) {
        prop.push(mono);
    }
    ctx.set_fonts(fonts);
}

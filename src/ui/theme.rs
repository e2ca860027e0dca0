//! Colours, strokes and sizes: the only place the UI picks them.

use crate::analysis::Severity;
use crate::model::{Appraisal, Polarity};
use egui::{Color32, Stroke};

/// Whether the dark theme is on (read from the context's visuals).
pub fn is_dark(ui: &egui::Ui) -> bool {
    ui.visuals().dark_mode
}

/// A palette of well-separated hues (Okabe-Ito, readable by colour-blind users) for
/// agencies' lanes and typology categories.
const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(120, 120, 120),
    Color32::from_rgb(180, 160, 20),
];

/// The colour for the n-th category (typology top-level code, agency).
pub fn category(n: usize) -> Color32 {
    PALETTE[n % PALETTE.len()]
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
    match p {
        Polarity::Hindering => Color32::from_rgb(200, 60, 50),
        Polarity::Supporting => Color32::from_rgb(30, 150, 80),
    }
}

/// Appraisal colours.
pub fn appraisal(a: Appraisal) -> Color32 {
    match a {
        Appraisal::NotAppraised => Color32::from_rgb(140, 140, 140),
        Appraisal::Good => Color32::from_rgb(30, 150, 80),
        Appraisal::AsExpected => Color32::from_rgb(0, 114, 178),
        Appraisal::Problematic => Color32::from_rgb(213, 94, 0),
    }
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
pub const MISSED: Color32 = Color32::from_rgb(213, 60, 0);

/// Good-practice marker.
pub const GOOD: Color32 = Color32::from_rgb(30, 150, 80);

/// Child-seen marker.
pub const SEEN: Color32 = Color32::from_rgb(0, 114, 178);

/// Views-sought marker.
pub const VIEWS: Color32 = Color32::from_rgb(204, 121, 167);

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
pub const CYCLE: Color32 = Color32::from_rgb(220, 0, 120);

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

//! Colours with a meaning, shared by the GUI (`ui::theme`) and the exported figures, so a
//! category, an agency lane or a polarity has the same colour on screen and on paper.
//! Plain red-green-blue triples: nothing here depends on a toolkit.

use crate::model::{Appraisal, Polarity};

/// A colour, red green blue.
pub type Rgb = [u8; 3];

/// Well-separated hues (Okabe-Ito, readable by colour-blind users) for agencies' lanes
/// and typology categories.
pub const PALETTE: [Rgb; 8] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [213, 94, 0],
    [120, 120, 120],
    [180, 160, 20],
];

/// The colour of the n-th category (typology top-level code, agency).
pub fn category(n: usize) -> Rgb {
    PALETTE[n % PALETTE.len()]
}

/// Polarity: hindering red, supporting green.
pub fn polarity(p: Polarity) -> Rgb {
    match p {
        Polarity::Hindering => [200, 60, 50],
        Polarity::Supporting => [30, 150, 80],
    }
}

/// Appraisal of an episode.
pub fn appraisal(a: Appraisal) -> Rgb {
    match a {
        Appraisal::NotAppraised => [140, 140, 140],
        Appraisal::Good => [30, 150, 80],
        Appraisal::AsExpected => [0, 114, 178],
        Appraisal::Problematic => [213, 94, 0],
    }
}

/// Missed-opportunity marker.
pub const MISSED: Rgb = [213, 60, 0];

/// Good-practice marker.
pub const GOOD: Rgb = [30, 150, 80];

/// Child-seen marker.
pub const SEEN: Rgb = [0, 114, 178];

/// Views-sought marker.
pub const VIEWS: Rgb = [204, 121, 167];

/// Cycle highlight.
pub const CYCLE: Rgb = [220, 0, 120];

/// `c` mixed with white: `amount` 0 gives `c`, 1 gives white. For tints on paper, where
/// there is no transparency.
pub fn tint(c: Rgb, amount: f32) -> Rgb {
    c.map(|v| (f32::from(v) + (255.0 - f32::from(v)) * amount.clamp(0.0, 1.0)).round() as u8)
}

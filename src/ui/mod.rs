//! The desktop application (eframe/egui).

use std::path::PathBuf;

/// Open the workbench window.
pub fn run(_file: Option<PathBuf>) -> eframe::Result {
    Ok(())
}

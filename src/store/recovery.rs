//! Recovery copies: while a review has unsaved changes the workbench writes a copy every
//! minute, never over the review file itself. After a crash the next start finds it.

use super::{LoadError, Passphrase, SaveError, encode, load_with, write_atomic};
use crate::model::Review;
use std::path::{Path, PathBuf};

/// Where the recovery copy of a review lives: beside the file, hidden
/// (`.name.scr.ron.recovery`); for a review never saved, in `dir` (the user's data folder).
pub fn path_for(file: Option<&Path>, untitled_dir: &Path) -> PathBuf {
    match file {
        Some(f) => {
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            f.with_file_name(format!(".{name}.recovery"))
        }
        None => untitled_dir.join("untitled.scr.ron.recovery"),
    }
}

/// Write a recovery copy (atomically; the review file is not touched), encrypted with
/// `passphrase` when the review is.
pub fn write(
    review: &Review,
    recovery: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<(), SaveError> {
    if let Some(dir) = recovery.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    write_atomic(recovery, &encode(review, passphrase, recovery)?, false)
}

/// A recovery copy worth offering: it exists and is newer than the review file (or the
/// review was never saved). Returns the copy, loaded (with `passphrase` when encrypted).
pub fn find(
    file: Option<&Path>,
    recovery: &Path,
    passphrase: Option<&Passphrase>,
) -> Option<Result<Review, LoadError>> {
    let rec_time = std::fs::metadata(recovery)
        .and_then(|m| m.modified())
        .ok()?;
    if let Some(f) = file
        && let Ok(t) = std::fs::metadata(f).and_then(|m| m.modified())
        && t > rec_time
    {
        return None;
    }
    Some(load_with(recovery, passphrase))
}

/// Remove a recovery copy (after a save, or when the user discards it).
pub fn discard(recovery: &Path) {
    let _ = std::fs::remove_file(recovery);
}

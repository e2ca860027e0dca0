//! Typology files: the shipped set compiled into the binary, and user sets from a folder.

use super::{LoadError, parse};
use crate::model::Typology;
use std::path::{Path, PathBuf};

/// The shipped typology files, by file name.
const BUILTIN: [(&str, &str); 5] = [
    (
        "lt-patterns.ron",
        include_str!("../../assets/typologies/lt-patterns.ron"),
    ),
    (
        "lt-findings.ron",
        include_str!("../../assets/typologies/lt-findings.ron"),
    ),
    (
        "london-protocol.ron",
        include_str!("../../assets/typologies/london-protocol.ron"),
    ),
    (
        "npsa-cff.ron",
        include_str!("../../assets/typologies/npsa-cff.ron"),
    ),
    (
        "national-panel-themes.ron",
        include_str!("../../assets/typologies/national-panel-themes.ron"),
    ),
];

/// Parse one typology file's text.
pub fn parse_typology(text: &str, path: &Path) -> Result<Typology, LoadError> {
    let t: Typology = parse(text, path)?;
    let dups = t.duplicate_codes();
    if !dups.is_empty() {
        return Err(LoadError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: format!("codes used more than once: {}", dups.join(", ")),
        });
    }
    Ok(t)
}

/// The typologies shipped with scr-workbench.
pub fn builtin() -> Vec<Typology> {
    BUILTIN
        .iter()
        .filter_map(|(name, text)| parse_typology(text, Path::new(name)).ok())
        .collect()
}

/// Every shipped file parsed, with errors (for tests and `typologies check`).
pub fn builtin_results() -> Vec<(&'static str, Result<Typology, LoadError>)> {
    BUILTIN
        .iter()
        .map(|(name, text)| (*name, parse_typology(text, Path::new(name))))
        .collect()
}

/// Load every `*.ron` file in a folder of user typologies. Files that fail are returned
/// as errors beside the ones that loaded; a missing folder is no error.
pub fn load_dir(dir: &Path) -> (Vec<Typology>, Vec<LoadError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return (ok, errors);
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse_typology(&text, &path) {
                Ok(t) => ok.push(t),
                Err(e) => errors.push(e),
            },
            Err(source) => errors.push(LoadError::Io { path, source }),
        }
    }
    (ok, errors)
}

/// The shipped typologies plus those in `typologies/` beside a review file. A user file
/// with the same id and version as a shipped one replaces it.
pub fn for_review(review_path: Option<&Path>) -> (Vec<Typology>, Vec<LoadError>) {
    let mut all = builtin();
    let mut errors = Vec::new();
    if let Some(dir) = review_path.and_then(Path::parent) {
        let (user, errs) = load_dir(&dir.join("typologies"));
        errors = errs;
        for t in user {
            all.retain(|b| !(b.id == t.id && b.version == t.version));
            all.push(t);
        }
    }
    all.sort_by(|a, b| (&a.id, &a.version).cmp(&(&b.id, &b.version)));
    (all, errors)
}

//! Crosswalks: files that map the codes of one typology (or one version of it) onto
//! another, so that reviews coded under an older scheme are counted with a newer one.
//!
//! The format (RON, documented in the README; an example is
//! `assets/crosswalks/lt-patterns-2008-to-lt-findings-2012.ron`):
//!
//! ```ron
//! (
//!     crosswalk_version: 1,
//!     name: "Old patterns to new categories",
//!     description: "What it is for.",
//!     from: (id: "lt-patterns", version: "2008.1"),
//!     to: (id: "lt-findings", version: "2012.1"),
//!     map: [("LT1", "LTF5"), ("LT1.1", "LTF5.1")],
//! )
//! ```
//!
//! A code may appear once on the left; several may map to one code on the right. A code
//! of `from` that is not on the left is *unmapped*: the collation counts it under its
//! own code and reports it.

use crate::model::{Typology, TypologyRef};
use crate::store::LoadError;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crosswalk format version this build reads.
pub const CROSSWALK_VERSION: u32 = 1;

/// A crosswalk file as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrosswalkFile {
    crosswalk_version: u32,
    name: String,
    #[serde(default)]
    description: String,
    from: TypologyRef,
    to: TypologyRef,
    map: Vec<(String, String)>,
}

/// A crosswalk, checked and ready to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The typology and version it maps from.
    pub from: TypologyRef,
    /// The typology and version it maps to.
    pub to: TypologyRef,
    /// Code in `from` to code in `to`.
    pub map: BTreeMap<String, String>,
    /// The file it came from.
    pub path: PathBuf,
}

/// The 1-based line of the `n`th (0-based) occurrence of `"code"` in the text.
fn line_of(text: &str, code: &str, n: usize) -> usize {
    let needle = format!("\"{code}\"");
    text.match_indices(&needle)
        .nth(n)
        .map_or(1, |(at, _)| text[..at].matches('\n').count() + 1)
}

/// Parse a crosswalk from text and check it against the typologies known, which must
/// include its `to` typology; codes are checked against `from` too when it is known.
/// `path` is used in messages.
pub fn parse(text: &str, path: &Path, typologies: &[Typology]) -> Result<Crosswalk, LoadError> {
    let file: CrosswalkFile = crate::store::parse(text, path)?;
    let err = |line: usize, message: String| LoadError::Syntax {
        path: path.to_path_buf(),
        line,
        col: 1,
        message,
    };
    if file.crosswalk_version != CROSSWALK_VERSION {
        return Err(err(
            line_of(text, "crosswalk_version", 0).max(1),
            format!(
                "crosswalk_version {} is not known; this build reads version {CROSSWALK_VERSION}",
                file.crosswalk_version
            ),
        ));
    }
    let find = |r: &TypologyRef| {
        typologies
            .iter()
            .find(|t| t.id == r.id && t.version == r.version)
    };
    let Some(to) = find(&file.to) else {
        return Err(err(
            line_of(text, &file.to.id, 0),
            format!(
                "in field `to`: typology \"{}\" version \"{}\" is not known (built in or in a typologies folder)",
                file.to.id, file.to.version
            ),
        ));
    };
    let from = find(&file.from);
    let mut map = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (source, target) in &file.map {
        if !seen.insert(source.as_str()) {
            return Err(err(
                line_of(text, source, 1),
                format!("in field `map`: \"{source}\" is mapped more than once"),
            ));
        }
        if let Some(from) = from
            && from.find(source).is_none()
        {
            return Err(err(
                line_of(text, source, 0),
                format!(
                    "in field `map`: \"{source}\" is not a code of {} {}",
                    from.id, from.version
                ),
            ));
        }
        if to.find(target).is_none() {
            return Err(err(
                line_of(text, target, 0),
                format!(
                    "in field `map`: \"{target}\" is not a code of {} {}",
                    to.id, to.version
                ),
            ));
        }
        map.insert(source.clone(), target.clone());
    }
    if file.from == file.to {
        return Err(err(
            line_of(text, &file.from.id, 0),
            "`from` and `to` are the same typology and version".to_string(),
        ));
    }
    Ok(Crosswalk {
        name: file.name,
        description: file.description,
        from: file.from,
        to: file.to,
        map,
        path: path.to_path_buf(),
    })
}

/// Read and parse a crosswalk file.
pub fn load(path: &Path, typologies: &[Typology]) -> Result<Crosswalk, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| LoadError::NotText {
        path: path.to_path_buf(),
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
        col: 1,
        byte: e.valid_up_to(),
    })?;
    parse(text, path, typologies)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str =
        include_str!("../../assets/crosswalks/lt-patterns-2008-to-lt-findings-2012.ron");

    #[test]
    fn the_shipped_crosswalk_loads_and_leaves_one_code_unmapped() {
        let typs = crate::store::typologies::builtin();
        let x = parse(SHIPPED, Path::new("x.ron"), &typs).expect("loads");
        assert_eq!(x.from.id, "lt-patterns");
        assert_eq!(x.to.id, "lt-findings");
        let from = typs
            .iter()
            .find(|t| t.id == "lt-patterns")
            .expect("built in");
        let unmapped: Vec<&str> = from
            .walk()
            .into_iter()
            .map(|(_, n)| n.code.as_str())
            .filter(|c| !x.map.contains_key(*c))
            .collect();
        assert_eq!(unmapped, ["LT5.5"]);
    }

    #[test]
    fn bad_crosswalks_name_the_line() {
        let typs = crate::store::typologies::builtin();
        let dup = SHIPPED.replace("(\"LT1.2\", \"LTF5.2\")", "(\"LT1.1\", \"LTF5.2\")");
        let e = parse(&dup, Path::new("x.ron"), &typs).expect_err("duplicate");
        let line = dup
            .lines()
            .position(|l| l.contains("(\"LT1.1\", \"LTF5.2\")"))
            .expect("there")
            + 1;
        assert_eq!(e.position(), Some((line, 1)), "{e}");
        assert!(e.to_string().contains("more than once"), "{e}");

        let typo = SHIPPED.replace("\"LTF6.3\"", "\"LTF6.9\"");
        let e = parse(&typo, Path::new("x.ron"), &typs).expect_err("unknown target");
        assert!(e.to_string().contains("\"LTF6.9\" is not a code"), "{e}");

        let unknown = SHIPPED.replace("version: \"2012.1\"", "version: \"2099.1\"");
        let e = parse(&unknown, Path::new("x.ron"), &typs).expect_err("unknown to");
        assert!(e.to_string().contains("is not known"), "{e}");
    }
}

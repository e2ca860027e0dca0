//! `typologies`: list the typologies available, or show one as a tree.

use crate::store;
use clap::Subcommand;
use std::io::Write;
use std::path::Path;

/// `typologies` subcommands.
#[derive(Debug, Subcommand)]
pub enum TypologyAction {
    /// List every typology with id, version and number of codes.
    List,
    /// Show one typology as a tree.
    Show {
        /// Typology id.
        id: String,
    },
}

/// Run `typologies`.
pub(super) fn run(action: TypologyAction, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (all, errors) = store::typologies::for_review(Some(Path::new("./review")));
    for e in &errors {
        let _ = writeln!(err, "{e}");
    }
    match action {
        TypologyAction::List => {
            for t in &all {
                let _ = writeln!(
                    out,
                    "{:<24}{:<10}{:>4} codes  {}",
                    t.id,
                    t.version,
                    t.walk().len(),
                    t.name
                );
            }
            0
        }
        TypologyAction::Show { id } => {
            let Some(t) = all.iter().find(|t| t.id == id) else {
                let _ = writeln!(
                    err,
                    "no typology \"{id}\"; see `scr-workbench typologies list`"
                );
                return 2;
            };
            let _ = writeln!(out, "{} (id {}, version {})", t.name, t.id, t.version);
            if !t.source.is_empty() {
                let _ = writeln!(out, "Source: {}", t.source);
            }
            if t.editable_starting_point {
                let _ = writeln!(
                    out,
                    "An editable starting point: boards may adapt and extend it."
                );
            }
            for (depth, node) in t.walk() {
                let _ = writeln!(
                    out,
                    "{}{}  {}",
                    "  ".repeat(depth + 1),
                    node.code,
                    node.name
                );
            }
            0
        }
    }
}

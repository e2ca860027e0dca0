//! The dependency rule of ARCHITECTURE.md, checked on the source.
//!
//! The rules are read from the table in ARCHITECTURE.md (one place: the document the next
//! person reads is the rule the build enforces). Every `.rs` file under `src/` is
//! tokenised (comments, strings and `#[cfg(test)]` modules left out), its `use` trees are
//! expanded (multi-line and nested `use crate::{a::{b, c}, d}` included), and every other
//! path in the code (`crate::store::save(..)`, `std::fs::read(..)`) is read too. Each path
//! is resolved to the layer or outside crate it names; a path the table does not allow
//! for the file's layer fails the test. There are no exemptions.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Outside crates and `std` parts every layer may use.
const EVERYONE: [&str; 6] = ["std", "core", "alloc", "serde", "thiserror", "jiff"];

/// The parts of `std` that reach outside the process's memory: a layer names them in the
/// table to use them.
const STD_EFFECTS: [&str; 3] = ["std::fs", "std::net", "std::process"];

/// One layer's row of the table.
#[derive(Debug, Default)]
struct Rule {
    /// Layers it may use (`*`: all).
    layers: BTreeSet<String>,
    /// Outside crates (and `std::fs` etc.) it may use, beyond [`EVERYONE`] (`*`: all).
    crates: BTreeSet<String>,
}

/// The rules, layer by layer.
type Rules = BTreeMap<String, Rule>;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Read the table that follows the marker line in ARCHITECTURE.md.
fn rules_from(text: &str) -> Rules {
    let mut rules = Rules::new();
    let start = text
        .find("<!-- layering rules")
        .expect("ARCHITECTURE.md has the layering rules table");
    for line in text[start..].lines().skip(1) {
        let line = line.trim();
        if line.is_empty() && !rules.is_empty() {
            break;
        }
        if !line.starts_with('|') || line.starts_with("|---") || line.contains("may use") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert!(cells.len() >= 4, "a rules row has four cells: {line}");
        let list = |cell: &str| -> BTreeSet<String> {
            cell.split(',')
                .map(|s| s.trim().trim_matches('`').to_string())
                .filter(|s| !s.is_empty() && s != "-" && s != "—")
                .collect()
        };
        let layer = cells[0].trim_matches('`').to_string();
        rules.insert(
            layer,
            Rule {
                layers: list(cells[2]),
                crates: list(cells[3]),
            },
        );
    }
    assert!(!rules.is_empty(), "the layering rules table is empty");
    rules
}

fn rules() -> Rules {
    let text = fs::read_to_string(manifest_dir().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    rules_from(&text)
}

/// The outside crates the package depends on (normal dependencies), as code names them.
fn outside_crates() -> BTreeSet<String> {
    let toml = fs::read_to_string(manifest_dir().join("Cargo.toml")).expect("Cargo.toml");
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in toml.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps && let Some((name, _)) = t.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') {
                out.insert(name.replace('-', "_"));
            }
        }
    }
    out.extend(["std", "core", "alloc"].map(String::from));
    out
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    /// Any other punctuation character.
    Punct(char),
}

/// Tokens of Rust source with their line numbers: identifiers, `::` and punctuation.
/// Comments, string, byte-string, raw-string and char literals, and lifetimes are skipped.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let skip_str = |i: &mut usize, line: &mut usize, b: &[char]| {
        // At the opening quote of a normal string.
        *i += 1;
        while *i < b.len() && b[*i] != '"' {
            if b[*i] == '\\' {
                *i += 1;
            }
            if *i < b.len() && b[*i] == '\n' {
                *line += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if b[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            '"' => skip_str(&mut i, &mut line, &b),
            'r' | 'b'
                if matches!(next, Some('"') | Some('#') | Some('r') | Some('\'')) && {
                    // b"..", r"..", r#".."#, br#".."#, b'x'
                    let mut j = i + 1;
                    if c == 'b' && b.get(j) == Some(&'r') {
                        j += 1;
                    }
                    let mut hashes = 0;
                    while b.get(j) == Some(&'#') {
                        hashes += 1;
                        j += 1;
                    }
                    b.get(j) == Some(&'"') && (hashes > 0 || c == 'r' || b[i + 1] != '#')
                        || (c == 'b' && next == Some('\''))
                } =>
            {
                if c == 'b' && next == Some('\'') {
                    i += 2;
                    while i < b.len() && b[i] != '\'' {
                        if b[i] == '\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                if c == 'b' && b.get(j) == Some(&'r') {
                    j += 1;
                }
                let raw = c == 'r' || b.get(i + 1) == Some(&'r');
                let mut hashes = 0;
                while b.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if !raw {
                    i = j;
                    skip_str(&mut i, &mut line, &b);
                    continue;
                }
                // Raw: ends at a quote followed by as many hashes.
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == '\n' {
                        line += 1;
                    }
                    if b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                i = j;
            }
            '\'' => {
                // A char literal ('a', '\n', '\u{1F}') or a lifetime ('a).
                if next == Some('\\') {
                    i += 2;
                    while i < b.len() && b[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                    while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                        i += 1;
                    }
                }
            }
            ':' if next == Some(':') => {
                out.push((Tok::Path, line));
                i += 2;
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
                let word: String = b[start..i].iter().collect();
                // r#ident
                out.push((Tok::Ident(word.trim_start_matches("r#").to_string()), line));
            }
            c if c.is_whitespace() => i += 1,
            c if c.is_ascii_digit() => {
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                    i += 1;
                }
            }
            c => {
                out.push((Tok::Punct(c), line));
                i += 1;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Paths

/// A path the code names, with the line it is on and the module it is written in.
#[derive(Debug, Clone)]
struct Named {
    path: Vec<String>,
    line: usize,
    /// The module path of the code it is in (`["export", "pdf"]`).
    module: Vec<String>,
}

/// Expand a `use` tree starting at `toks[i]` (after `use`) into full paths; returns the
/// index after the closing `;`.
fn use_tree(
    toks: &[(Tok, usize)],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    let mut path = prefix.to_vec();
    let mut line = toks.get(i).map_or(0, |t| t.1);
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Ident(w) if w == "as" => {
                // `as alias`: skip the alias.
                i += 2;
                continue;
            }
            Tok::Ident(w) => {
                line = toks[i].1;
                path.push(w.clone());
                i += 1;
            }
            Tok::Path => i += 1,
            Tok::Punct('*') => i += 1,
            Tok::Punct('{') => {
                i += 1;
                // Each branch until the matching `}`.
                loop {
                    let mut branch = Vec::new();
                    i = use_branch(toks, i, &path, &mut branch);
                    out.extend(branch);
                    match toks.get(i).map(|t| &t.0) {
                        Some(Tok::Punct(',')) => i += 1,
                        Some(Tok::Punct('}')) => {
                            i += 1;
                            break;
                        }
                        _ => return i,
                    }
                    if matches!(toks.get(i).map(|t| &t.0), Some(Tok::Punct('}'))) {
                        i += 1;
                        break;
                    }
                }
                return i;
            }
            Tok::Punct(',') | Tok::Punct('}') | Tok::Punct(';') => break,
            Tok::Punct(_) => i += 1,
        }
    }
    if path.len() > prefix.len() || !prefix.is_empty() {
        out.push((path, line));
    }
    i
}

/// One branch of a `{ ... }` group: a nested tree, ending at `,` or `}`.
fn use_branch(
    toks: &[(Tok, usize)],
    i: usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    use_tree(toks, i, prefix, out)
}

/// Every path in a file: the expanded `use` trees and the paths written in code. Test
/// modules (`#[cfg(test)] mod x { .. }` and `#[cfg(test)] mod x;`) are left out.
fn paths_in(src: &str, module: &[String]) -> Vec<Named> {
    let toks = tokens(src);
    let mut out = Vec::new();
    // Inline modules: (name, brace depth at which it closes).
    let mut mods: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let here = |mods: &Vec<(String, usize)>| -> Vec<String> {
        let mut m = module.to_vec();
        m.extend(mods.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        // #[cfg(test)] on the next item: skip the item if it is a module.
        if toks[i].0 == Tok::Punct('#') && is_cfg_test(&toks, i) {
            let mut j = i;
            while j < toks.len() && toks[j].0 != Tok::Punct(']') {
                j += 1;
            }
            j += 1;
            if matches!(toks.get(j).map(|t| &t.0), Some(Tok::Ident(w)) if w == "mod") {
                i = skip_item(&toks, j);
                continue;
            }
            i = j;
            continue;
        }
        match &toks[i].0 {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if mods.last().is_some_and(|(_, d)| *d == depth) {
                    mods.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(w) if w == "mod" => {
                if let (Some((Tok::Ident(name), _)), Some((Tok::Punct('{'), _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    depth += 1;
                    mods.push((name.clone(), depth));
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(w) if w == "use" => {
                let mut found = Vec::new();
                i = use_tree(&toks, i + 1, &[], &mut found);
                let m = here(&mods);
                out.extend(found.into_iter().map(|(path, line)| Named {
                    path,
                    line,
                    module: m.clone(),
                }));
            }
            Tok::Ident(first)
                if matches!(toks.get(i + 1).map(|t| &t.0), Some(Tok::Path))
                    && !preceded_by_path(&toks, i) =>
            {
                let line = toks[i].1;
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while matches!(toks.get(j).map(|t| &t.0), Some(Tok::Path)) {
                    match toks.get(j + 1).map(|t| &t.0) {
                        Some(Tok::Ident(w)) => {
                            path.push(w.clone());
                            j += 2;
                        }
                        _ => {
                            j += 1;
                            break;
                        }
                    }
                }
                out.push(Named {
                    path,
                    line,
                    module: here(&mods),
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

fn preceded_by_path(toks: &[(Tok, usize)], i: usize) -> bool {
    i > 0 && toks[i - 1].0 == Tok::Path
}

/// Whether `#[...]` at `i` is `#[cfg(test)]`.
fn is_cfg_test(toks: &[(Tok, usize)], i: usize) -> bool {
    let words: Vec<&Tok> = toks[i..].iter().take(7).map(|t| &t.0).collect();
    matches!(
        words.as_slice(),
        [Tok::Punct('#'), Tok::Punct('['), Tok::Ident(c), Tok::Punct('('), Tok::Ident(t), Tok::Punct(')'), Tok::Punct(']')]
            if c == "cfg" && t == "test"
    )
}

/// Skip an item starting at `i` (`mod x;` or `mod x { .. }`); returns the index after it.
fn skip_item(toks: &[(Tok, usize)], mut i: usize) -> usize {
    while i < toks.len() {
        match toks[i].0 {
            Tok::Punct(';') => return i + 1,
            Tok::Punct('{') => {
                let mut depth = 0;
                while i < toks.len() {
                    match toks[i].0 {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') => {
                            depth -= 1;
                            if depth == 0 {
                                return i + 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                return i;
            }
            _ => i += 1,
        }
    }
    i
}

/// What a path reaches: `Layer("store")`, `Outside("printpdf")`, `Outside("std::fs")`, or
/// nothing this check cares about (a local name, a type, `self::`).
#[derive(Debug, PartialEq)]
enum Reach {
    Layer(String),
    Outside(String),
}

fn resolve(n: &Named, crates: &BTreeSet<String>) -> Option<Reach> {
    let first = n.path.first()?;
    let mut abs: Vec<String> = match first.as_str() {
        "crate" | "scr_workbench" => n.path[1..].to_vec(),
        "super" => {
            let mut m = n.module.clone();
            let mut rest = &n.path[..];
            while rest.first().is_some_and(|s| s == "super") {
                m.pop();
                rest = &rest[1..];
            }
            m.extend(rest.iter().cloned());
            m
        }
        "std" => {
            let full = n
                .path
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join("::");
            return Some(Reach::Outside(if STD_EFFECTS.contains(&full.as_str()) {
                full
            } else {
                "std".into()
            }));
        }
        c if crates.contains(c) => return Some(Reach::Outside(c.to_string())),
        _ => return None,
    };
    if abs.is_empty() {
        return None;
    }
    Some(Reach::Layer(abs.remove(0)))
}

/// The layer and module path of a file under `src/`.
fn module_of(src: &Path, file: &Path) -> (String, Vec<String>) {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [one] if one == "main" || one == "lib" => (one.clone(), Vec::new()),
        _ => (parts[0].clone(), parts),
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("src readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The forbidden arrows in one file's text.
fn offences_in(
    text: &str,
    name: &str,
    layer: &str,
    module: &[String],
    rules: &Rules,
    crates: &BTreeSet<String>,
) -> Vec<String> {
    let Some(rule) = rules.get(layer) else {
        return vec![format!(
            "{name}: layer `{layer}` is not in ARCHITECTURE.md's rules table"
        )];
    };
    let mut bad = Vec::new();
    for n in paths_in(text, module) {
        let allowed = match resolve(&n, crates) {
            None => true,
            Some(Reach::Layer(l)) => {
                l == layer
                    || rule.layers.contains("*")
                    || rule.layers.contains(&l)
                    || !rules.contains_key(&l)
            }
            Some(Reach::Outside(c)) => {
                EVERYONE.contains(&c.as_str())
                    || rule.crates.contains("*")
                    || rule.crates.contains(&c)
            }
        };
        if !allowed {
            bad.push(format!(
                "{name}:{}: `{layer}` may not use `{}`",
                n.line,
                n.path.join("::")
            ));
        }
    }
    bad
}

fn all_offences() -> Vec<String> {
    let (rules, crates) = (rules(), outside_crates());
    let src = manifest_dir().join("src");
    let mut bad = Vec::new();
    for f in rust_files(&src) {
        let (layer, module) = module_of(&src, &f);
        let text = fs::read_to_string(&f).expect("readable");
        bad.extend(offences_in(
            &text,
            &f.display().to_string(),
            &layer,
            &module,
            &rules,
            &crates,
        ));
    }
    bad
}

#[test]
fn every_arrow_in_src_is_allowed_by_architecture_md() {
    let bad = all_offences();
    assert!(bad.is_empty(), "forbidden arrows:\n{}", bad.join("\n"));
}

#[test]
fn every_layer_in_src_has_a_rule_and_every_rule_a_layer() {
    let rules = rules();
    let src = manifest_dir().join("src");
    let layers: BTreeSet<String> = rust_files(&src)
        .iter()
        .map(|f| module_of(&src, f).0)
        .collect();
    let named: BTreeSet<String> = rules.keys().cloned().collect();
    assert_eq!(
        layers, named,
        "the layers in src/ and the rows of ARCHITECTURE.md's table"
    );
}

#[test]
fn nothing_but_ui_and_main_may_use_the_gui_or_the_ui() {
    // The table itself must keep the GUI at the edge: a row that allowed it elsewhere
    // would pass the other test while breaking the design.
    let rules = rules();
    for (layer, rule) in &rules {
        if layer == "ui" || layer == "main" {
            continue;
        }
        for gui in [
            "egui",
            "eframe",
            "egui_extras",
            "egui_plot",
            "rfd",
            "winit",
            "*",
        ] {
            assert!(
                !rule.crates.contains(gui),
                "`{layer}` may not be allowed `{gui}`"
            );
        }
        assert!(
            !rule.layers.contains("ui") && !rule.layers.contains("*"),
            "`{layer}` may not be allowed `ui`"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The check checks: planted violations must be caught.

fn planted(text: &str, layer: &str, module: &[&str]) -> Vec<String> {
    let module: Vec<String> = module.iter().map(|s| s.to_string()).collect();
    offences_in(
        text,
        "planted.rs",
        layer,
        &module,
        &rules(),
        &outside_crates(),
    )
}

#[test]
fn a_planted_violation_is_caught_in_every_form() {
    // A plain use.
    assert_eq!(
        planted("use crate::ui::App;\n", "model", &["model"]).len(),
        1
    );
    // Multi-line and nested groups.
    let nested = "use crate::{\n    model::Review,\n    analysis::{graph, quality::{self, check}},\n    store::save,\n};\n";
    let found = planted(nested, "analysis", &["analysis", "x"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(":4:") && found[0].contains("store::save"),
        "{found:?}"
    );
    // A path written in code rather than imported.
    let found = planted(
        "fn f() { let _ = crate::cli::run(); }\n",
        "export",
        &["export", "pdf"],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    // super:: that climbs into another layer.
    let found = planted(
        "use super::super::ui::theme;\n",
        "export",
        &["export", "pdf"],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    // An outside crate, and a forbidden part of std.
    assert_eq!(planted("use egui::Ui;\n", "model", &["model"]).len(), 1);
    assert_eq!(
        planted("fn f() { std::fs::read(\"x\"); }\n", "export", &["export"]).len(),
        1
    );
    assert_eq!(
        planted(
            "use std::{collections::BTreeMap, fs};\n",
            "model",
            &["model"]
        )
        .len(),
        1
    );
    // The binary's own name for the library.
    assert_eq!(
        planted("use scr_workbench::ui;\n", "cli", &["cli"]).len(),
        1
    );
}

#[test]
fn comments_strings_and_test_modules_are_not_arrows() {
    let text = "// use crate::ui::App;\n/* crate::ui */\nconst S: &str = \"crate::ui::x\";\nconst R: &str = r#\"egui::Ui\"#;\n#[cfg(test)]\nmod tests {\n    use crate::ui::App;\n}\nfn ok() { let c = 'a'; let _ = crate::model::Review::default(); }\n";
    let found = planted(text, "analysis", &["analysis"]);
    assert!(found.is_empty(), "{found:?}");
    // But code after a test module is read again.
    let after = format!("{text}fn bad() {{ crate::ui::run(); }}\n");
    assert_eq!(planted(&after, "analysis", &["analysis"]).len(), 1);
}

#[test]
fn an_inline_module_resolves_super_from_where_it_is() {
    // In src/export/pdf.rs (module export::pdf), inside `mod fonts { .. }`: `super` is
    // export::pdf, so `super::layout` stays in export; three `super`s reach the crate root.
    let ok = "mod fonts {\n    use super::layout;\n}\n";
    assert!(planted(ok, "export", &["export", "pdf"]).is_empty());
    let bad = "mod fonts {\n    use super::super::super::ui;\n}\n";
    assert_eq!(planted(bad, "export", &["export", "pdf"]).len(), 1);
}

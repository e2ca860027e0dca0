//! Typologies: versioned, hierarchical code sets that factors and findings are coded
//! against. A typology is data, not code: the shipped ones live in `assets/typologies/`.

use serde::{Deserialize, Serialize};

/// A versioned, hierarchical code set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typology {
    /// Stable identifier, e.g. `"lt-patterns"`. Reviews refer to a typology by id and version.
    pub id: String,
    /// Version string, e.g. `"2008.1"`.
    pub version: String,
    /// Human-readable name.
    pub name: String,
    /// Where the categories come from (publication, year), in our own words.
    #[serde(default)]
    pub source: String,
    /// What the typology is for and how to use it.
    #[serde(default)]
    pub description: String,
    /// Marked when the set is a starting point users are expected to adapt.
    #[serde(default)]
    pub editable_starting_point: bool,
    /// Top-level categories.
    pub codes: Vec<TypologyNode>,
}

/// One category in a typology, with optional sub-categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypologyNode {
    /// Code unique within the typology, e.g. `"LT4.2"`.
    pub code: String,
    /// Short name, sentence case.
    pub name: String,
    /// What belongs here, in our own words.
    #[serde(default)]
    pub description: String,
    /// Sub-categories.
    #[serde(default)]
    pub children: Vec<TypologyNode>,
}

impl Typology {
    /// Every node, depth first, with its depth (0 for top level).
    pub fn walk(&self) -> Vec<(usize, &TypologyNode)> {
        fn go<'a>(
            nodes: &'a [TypologyNode],
            depth: usize,
            out: &mut Vec<(usize, &'a TypologyNode)>,
        ) {
            for node in nodes {
                out.push((depth, node));
                go(&node.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(&self.codes, 0, &mut out);
        out
    }

    /// Find a code anywhere in the tree.
    pub fn find(&self, code: &str) -> Option<&TypologyNode> {
        self.walk()
            .into_iter()
            .map(|(_, n)| n)
            .find(|n| n.code == code)
    }

    /// The top-level category a code belongs to (the code itself when it is top level).
    pub fn top_level_of(&self, code: &str) -> Option<&TypologyNode> {
        self.codes
            .iter()
            .find(|top| top.code == code || Self::contains(&top.children, code))
    }

    fn contains(nodes: &[TypologyNode], code: &str) -> bool {
        nodes
            .iter()
            .any(|n| n.code == code || Self::contains(&n.children, code))
    }

    /// Codes that appear more than once in the tree (a typology file must have none).
    pub fn duplicate_codes(&self) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut dups = Vec::new();
        for (_, node) in self.walk() {
            if !seen.insert(node.code.as_str()) {
                dups.push(node.code.clone());
            }
        }
        dups
    }
}

//! Older file formats and how they become the current one.
//!
//! Version 1 (scr-workbench 0.0.x) kept the review's details at the top level instead of
//! in `details`, and marked the panel chair and author with booleans instead of duties.

use crate::model::*;
use serde::Deserialize;
use std::collections::BTreeSet;

/// Read `format_version: N` from the start of a file without parsing the rest.
pub(super) fn sniff_version(text: &str) -> Option<u32> {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    let at = head.find("format_version")?;
    let rest = head[at + "format_version".len()..]
        .trim_start()
        .strip_prefix(':')?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A panel member as version 1 saved it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PanelMemberV1 {
    id: PanelMemberId,
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    independent: bool,
    #[serde(default)]
    chair: bool,
    #[serde(default)]
    author: bool,
}

/// A review as version 1 saved it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReviewV1 {
    #[allow(dead_code)]
    format_version: u32,
    #[serde(default)]
    kind: ReviewKind,
    #[serde(default)]
    title: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    board: String,
    #[serde(default)]
    terms_of_reference: Vec<String>,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default)]
    agencies: Vec<Agency>,
    #[serde(default)]
    panel: Vec<PanelMemberV1>,
    #[serde(default)]
    chronology: Vec<ChronologyEntry>,
    #[serde(default)]
    episodes: Vec<Episode>,
    #[serde(default)]
    factors: Vec<Factor>,
    #[serde(default)]
    links: Vec<FactorLink>,
    #[serde(default)]
    findings: Vec<Finding>,
    #[serde(default)]
    recommendations: Vec<Recommendation>,
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    redaction_terms: Vec<String>,
}

/// Version 1 to the current model.
pub(super) fn from_v1(old: ReviewV1) -> Review {
    let mut review = Review::new(old.kind);
    review.details.title = old.title;
    review.details.reference = old.reference;
    review.details.board = old.board;
    review.details.terms_of_reference = old.terms_of_reference;
    review.details.redaction_terms = old.redaction_terms;
    review.people = old.people;
    review.agencies = old.agencies;
    review.panel = old
        .panel
        .into_iter()
        .map(|m| {
            let mut duties = BTreeSet::new();
            if m.chair {
                duties.insert(Duty::PanelChair);
            }
            if m.author {
                duties.insert(Duty::Author);
            }
            PanelMember {
                id: m.id,
                name: m.name,
                role: m.role,
                organisation: m.organisation,
                agency: None,
                independent: m.independent,
                duties,
            }
        })
        .collect();
    review.chronology = old.chronology;
    review.episodes = old.episodes;
    review.factors = old.factors;
    review.links = old.links;
    review.findings = old.findings;
    review.recommendations = old.recommendations;
    review.actions = old.actions;
    review
}

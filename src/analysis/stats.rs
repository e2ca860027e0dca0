//! Counts for `stats` and the status bar.

use super::chronology;
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Headline counts of a review.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Chronology entries.
    pub entries: usize,
    /// Agencies.
    pub agencies: usize,
    /// People in the case.
    pub people: usize,
    /// Panel members.
    pub panel: usize,
    /// Episodes.
    pub episodes: usize,
    /// Factors.
    pub factors: usize,
    /// Links.
    pub links: usize,
    /// Findings.
    pub findings: usize,
    /// Recommendations.
    pub recommendations: usize,
    /// Actions.
    pub actions: usize,
    /// Entries with an uncertain (not exact) date.
    pub uncertain_dates: usize,
    /// First and last day of the chronology.
    pub span: Option<(String, String)>,
    /// Entries per agency (by name).
    pub entries_by_agency: BTreeMap<String, usize>,
    /// Entries flagged as missed opportunities.
    pub missed_opportunities: usize,
    /// Entries flagged as good practice.
    pub good_practice: usize,
    /// Entries where the child was seen.
    pub child_seen: usize,
    /// Entries where the child's views were sought.
    pub views_sought: usize,
    /// Factors by polarity.
    pub hindering_factors: usize,
    /// Factors that make safe practice more likely.
    pub supporting_factors: usize,
}

/// Count.
pub fn stats(r: &Review) -> Stats {
    let mut by_agency = BTreeMap::new();
    for e in &r.chronology {
        *by_agency.entry(r.agency_name(e.agency)).or_insert(0) += 1;
    }
    let flagged = |f: Flag| r.chronology.iter().filter(|e| e.flags.contains(&f)).count();
    Stats {
        entries: r.chronology.len(),
        agencies: r.agencies.len(),
        people: r.people.len(),
        panel: r.panel.len(),
        episodes: r.episodes.len(),
        factors: r.factors.len(),
        links: r.links.len(),
        findings: r.findings.len(),
        recommendations: r.recommendations.len(),
        actions: r.actions.len(),
        uncertain_dates: r.chronology.iter().filter(|e| !e.date.is_exact()).count(),
        span: chronology::span(r).map(|(a, b)| (a.to_string(), b.to_string())),
        entries_by_agency: by_agency,
        missed_opportunities: flagged(Flag::MissedOpportunity),
        good_practice: flagged(Flag::GoodPractice),
        child_seen: r
            .chronology
            .iter()
            .filter(|e| e.child_seen == Tri::Yes)
            .count(),
        views_sought: r
            .chronology
            .iter()
            .filter(|e| e.views_sought == Tri::Yes)
            .count(),
        hindering_factors: r
            .factors
            .iter()
            .filter(|f| f.polarity == Polarity::Hindering)
            .count(),
        supporting_factors: r
            .factors
            .iter()
            .filter(|f| f.polarity == Polarity::Supporting)
            .count(),
    }
}

//! The review quality check: what a careful lead reviewer would look for before the
//! panel sees a draft. Integrity problems (broken references) are errors; gaps in the
//! work and independence concerns are warnings, except where the domain makes a field
//! mandatory (an entry's source).

use super::graph::FactorGraph;
use super::{Problem, Target, integrity};
use crate::model::*;

/// Every problem: integrity first, then quality, sorted by severity and object.
pub fn check(review: &Review, typologies: &[Typology]) -> Vec<Problem> {
    let mut out = integrity::check(review, typologies);
    out.extend(quality(review));
    out.sort();
    out
}

/// The quality findings alone (no integrity).
pub fn quality(review: &Review) -> Vec<Problem> {
    let mut out = Vec::new();
    let r = review;
    let d = &r.details;
    if d.title.trim().is_empty() {
        out.push(Problem::warning(
            Target::Details,
            "title",
            "the review has no title",
        ));
    }
    if d.terms_of_reference.is_empty() {
        out.push(Problem::warning(
            Target::Details,
            "terms_of_reference",
            "no terms of reference",
        ));
    }
    for e in &r.chronology {
        let t = Target::Object(Key::Entry(e.id));
        if e.source.trim().is_empty() {
            out.push(Problem::error(
                t,
                "source",
                "entry has no source record (mandatory)",
            ));
        }
        if e.summary.trim().is_empty() && e.detail.trim().is_empty() {
            out.push(Problem::warning(t, "summary", "entry has no description"));
        }
        if e.flags.contains(&Flag::NeedsChecking) {
            out.push(Problem::warning(t, "flags", needs_checking(e)));
        }
    }
    for ep in &r.episodes {
        let t = Target::Object(Key::Episode(ep.id));
        if ep.why_it_made_sense.trim().is_empty() {
            out.push(Problem::warning(
                t,
                "why_it_made_sense",
                "episode does not say why practice made sense at the time",
            ));
        }
        if ep.appraisal == Appraisal::NotAppraised {
            out.push(Problem::warning(
                t,
                "appraisal",
                "episode is not yet appraised",
            ));
        }
        if ep.entries.is_empty() {
            out.push(Problem::warning(
                t,
                "entries",
                "episode has no chronology entries",
            ));
        }
    }
    for f in &r.factors {
        let t = Target::Object(Key::Factor(f.id));
        if f.evidence_entries.is_empty() && f.evidence_episodes.is_empty() {
            out.push(Problem::warning(
                t,
                "evidence",
                "factor has no evidence (chronology entries or episodes)",
            ));
        }
        if f.codes.is_empty() {
            out.push(Problem::warning(
                t,
                "codes",
                "factor is not coded against a typology",
            ));
        }
    }
    let graph = FactorGraph::build(r);
    for cycle in graph.cycles() {
        let names: Vec<String> = cycle.iter().map(ToString::to_string).collect();
        if let Some(first) = cycle.first() {
            out.push(Problem::warning(
                Target::Object(Key::Factor(*first)),
                "links",
                format!("factors form a cycle: {}", names.join(" -> ")),
            ));
        }
    }
    if !r.factors.is_empty() {
        for id in graph.orphans() {
            out.push(Problem::warning(
                Target::Object(Key::Factor(id)),
                "links",
                "factor is not linked to anything",
            ));
        }
    }
    for f in &r.findings {
        let t = Target::Object(Key::Finding(f.id));
        if f.category.is_none() {
            out.push(Problem::warning(
                t,
                "category",
                "finding has no typology category",
            ));
        }
        if f.not_one_off.trim().is_empty() {
            out.push(Problem::warning(
                t,
                "not_one_off",
                "finding gives no evidence that it is not a one-off",
            ));
        }
        if f.evidence_entries.is_empty()
            && f.evidence_episodes.is_empty()
            && f.evidence_factors.is_empty()
        {
            out.push(Problem::warning(
                t,
                "evidence",
                "finding is not linked to any evidence",
            ));
        }
    }
    for rec in &r.recommendations {
        if rec.findings.is_empty() {
            out.push(Problem::warning(
                Target::Object(Key::Recommendation(rec.id)),
                "findings",
                "recommendation is not linked to a finding",
            ));
        }
        if !r.actions.iter().any(|a| a.recommendation == rec.id) {
            out.push(Problem::warning(
                Target::Object(Key::Recommendation(rec.id)),
                "actions",
                "recommendation has no action in the action plan",
            ));
        }
    }
    for a in &r.actions {
        let t = Target::Object(Key::Action(a.id));
        if a.owner.is_none() {
            out.push(Problem::warning(t, "owner", "action has no owner agency"));
        }
        if a.due.is_none() {
            out.push(Problem::warning(t, "due", "action has no due date"));
        }
        if a.success_measure.trim().is_empty() {
            out.push(Problem::warning(
                t,
                "success_measure",
                "action has no success measure",
            ));
        }
    }
    out.extend(independence(r));
    out
}

/// Why an entry needs checking: the notes the import wrote in its reviewer's comment
/// (row, problem, how it was dated). The reviewer's own words are not repeated: problem
/// messages carry ids and the import's findings, never case content.
fn needs_checking(e: &ChronologyEntry) -> String {
    let notes: Vec<&str> = e
        .comment
        .lines()
        .filter_map(|l| l.trim().strip_prefix(IMPORT_NOTE))
        .collect();
    match (notes.is_empty(), e.comment.trim().is_empty()) {
        (false, _) => format!("needs checking: {}", notes.join("; ")),
        (true, false) => "needs checking (its reviewer's comment says why)".to_string(),
        (true, true) => "needs checking (no reason noted)".to_string(),
    }
}

/// Warnings when the panel chair, lead reviewer or author is not independent of the
/// agencies involved (Laming 2009), or when those duties are unfilled.
pub fn independence(review: &Review) -> Vec<Problem> {
    let mut out = Vec::new();
    let involved = review.involved_agencies();
    for duty in [Duty::PanelChair, Duty::Author] {
        if review.holders_of(duty).next().is_none() {
            out.push(Problem::warning(
                Target::Details,
                "panel",
                format!(
                    "no panel member is marked as {}",
                    duty.label().to_lowercase()
                ),
            ));
        }
    }
    for m in &review.panel {
        let Some(duty) = m.duties.iter().copied().find(|d| d.must_be_independent()) else {
            continue;
        };
        let t = Target::Object(Key::PanelMember(m.id));
        let from_involved = m
            .agency
            .filter(|a| involved.contains(a) || review.agency(*a).is_some());
        let org_involved = review.agencies.iter().find(|a| {
            !m.organisation.trim().is_empty() && a.name.eq_ignore_ascii_case(m.organisation.trim())
        });
        if let Some(a) = from_involved.or(org_involved.map(|a| a.id)) {
            out.push(Problem::warning(
                t,
                "agency",
                format!(
                    "the {} ({}) belongs to {}, an agency involved in the case: not independent",
                    duty.label().to_lowercase(),
                    m.id,
                    a
                ),
            ));
        } else if !m.independent {
            out.push(Problem::warning(
                t,
                "independent",
                format!(
                    "the {} ({}) is not declared independent",
                    duty.label().to_lowercase(),
                    m.id
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn member(id: u32, duty: Duty, agency: Option<u32>, independent: bool) -> PanelMember {
        PanelMember {
            id: PanelMemberId(id),
            name: format!("Member {id}"),
            role: String::new(),
            organisation: String::new(),
            agency: agency.map(AgencyId),
            independent,
            duties: BTreeSet::from([duty]),
        }
    }

    #[test]
    fn independence_warning_for_chair_from_involved_agency() {
        let mut r = Review {
            agencies: vec![Agency {
                id: AgencyId(1),
                name: "Northshire Police".into(),
                short_name: String::new(),
                sector: Sector::Police,
                import_columns: Default::default(),
            }],
            panel: vec![
                member(1, Duty::PanelChair, Some(1), true),
                member(2, Duty::Author, None, true),
            ],
            ..Review::default()
        };
        let p = independence(&r);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            p[0].target,
            Target::Object(Key::PanelMember(PanelMemberId(1)))
        );
        assert!(p[0].message.contains("not independent"));
        r.panel[0].agency = None;
        assert!(independence(&r).is_empty());
        r.panel[1].independent = false;
        assert_eq!(independence(&r).len(), 1);
        r.panel[1].independent = true;
        r.panel[1].organisation = "northshire police".into();
        assert_eq!(independence(&r).len(), 1);
    }

    #[test]
    fn every_entry_needing_checking_is_listed_with_why_until_the_flag_goes() {
        let mut r = Review::default();
        let date = EventDate::day(2019, 3, 3).expect("a day");
        for id in 1..=3 {
            r.chronology.push(ChronologyEntry {
                source: "Police log".into(),
                detail: "Call to the home.".into(),
                ..ChronologyEntry::new(EventId(id), date, AgencyId(1))
            });
        }
        r.chronology[0].flags.insert(Flag::NeedsChecking);
        r.chronology[0].comment = "Seen by the reviewer.\nImport: row 14: no date; dated between the rows around it (3 March 2019 to 9 March 2019)".into();
        r.chronology[2].flags.insert(Flag::NeedsChecking);
        let listed = |r: &Review| -> Vec<(Target, String)> {
            quality(r)
                .into_iter()
                .filter(|p| p.field == "flags")
                .map(|p| {
                    assert_eq!(p.severity, super::super::Severity::Warning);
                    (p.target, p.message)
                })
                .collect()
        };
        assert_eq!(
            listed(&r),
            [
                (
                    Target::Object(Key::Entry(EventId(1))),
                    "needs checking: row 14: no date; dated between the rows around it (3 March 2019 to 9 March 2019)".to_string()
                ),
                (
                    Target::Object(Key::Entry(EventId(3))),
                    "needs checking (no reason noted)".to_string()
                ),
            ]
        );
        r.chronology[0].flags.clear();
        assert_eq!(listed(&r).len(), 1, "listed until the flag is removed");
    }

    #[test]
    fn quality_flags_missing_pieces() {
        let mut r = Review::default();
        r.episodes.push(Episode {
            id: EpisodeId(1),
            title: "x".into(),
            start: None,
            end: None,
            entries: vec![],
            appraisal: Appraisal::Good,
            what_happened: String::new(),
            why_it_made_sense: String::new(),
            practitioners_views: String::new(),
        });
        r.actions.push(Action {
            id: ActionId(1),
            recommendation: RecommendationId(1),
            text: "do".into(),
            owner: None,
            due: None,
            success_measure: String::new(),
            status: ActionStatus::NotStarted,
            progress: vec![],
        });
        let p = check(&r, &[]);
        let has = |field: &str| p.iter().any(|x| x.field == field);
        assert!(has("why_it_made_sense"));
        assert!(has("owner"));
        assert!(has("due"));
        assert!(p.iter().any(|x| x.field == "recommendation" && x.severity == super::super::Severity::Error));
    }
}

//! Referential integrity: every id a review points at exists, ids are unique, codes come
//! from a known typology. These are errors: the document is inconsistent.

use super::{Problem, Target};
use crate::model::*;
use std::collections::BTreeSet;

fn has<T: HasId>(items: &[T], id: T::Id) -> bool {
    find_by_id(items, id).is_some()
}

fn duplicates<T: HasId>(items: &[T], make: impl Fn(T::Id) -> Key, out: &mut Vec<Problem>)
where
    T::Id: std::fmt::Display,
{
    for pair in items.windows(2) {
        if let [a, b] = pair
            && a.id() == b.id()
        {
            out.push(Problem::error(
                Target::Object(make(a.id())),
                "id",
                format!("id {} is used more than once", a.id()),
            ));
        }
    }
}

/// The message for a reference to something that does not exist.
fn missing(what: &str, id: &dyn std::fmt::Display) -> String {
    format!("refers to {what} {id}, which does not exist")
}

/// Check every cross-reference in the review. `typologies` are the typologies available;
/// codes from a typology the review does not list, or codes not in it, are errors.
pub fn check(review: &Review, typologies: &[Typology]) -> Vec<Problem> {
    let mut out = Vec::new();
    let r = review;
    duplicates(&r.people, Key::Person, &mut out);
    duplicates(&r.agencies, Key::Agency, &mut out);
    duplicates(&r.panel, Key::PanelMember, &mut out);
    duplicates(&r.chronology, Key::Entry, &mut out);
    duplicates(&r.episodes, Key::Episode, &mut out);
    duplicates(&r.factors, Key::Factor, &mut out);
    duplicates(&r.links, Key::Link, &mut out);
    duplicates(&r.findings, Key::Finding, &mut out);
    duplicates(&r.recommendations, Key::Recommendation, &mut out);
    duplicates(&r.actions, Key::Action, &mut out);
    people_and_panel(r, &mut out);
    chronology_and_episodes(r, &mut out);
    factors(r, typologies, &mut out);
    links(r, &mut out);
    findings(r, typologies, &mut out);
    recommendations_and_actions(r, &mut out);
    out
}

/// Each person's and panel member's agency exists; every person has a public label.
fn people_and_panel(r: &Review, out: &mut Vec<Problem>) {
    for p in &r.people {
        if let Some(a) = p.agency
            && !has(&r.agencies, a)
        {
            out.push(Problem::error(
                Target::Object(Key::Person(p.id)),
                "agency",
                missing("agency", &a),
            ));
        }
        if p.label.trim().is_empty() {
            out.push(Problem::error(
                Target::Object(Key::Person(p.id)),
                "label",
                "has no public label; every person needs one (\"Child A\", \"Mother\")",
            ));
        }
    }
    for m in &r.panel {
        if let Some(a) = m.agency
            && !has(&r.agencies, a)
        {
            out.push(Problem::error(
                Target::Object(Key::PanelMember(m.id)),
                "agency",
                missing("agency", &a),
            ));
        }
    }
}

/// Each entry's agency and people exist, and each episode's entries.
fn chronology_and_episodes(r: &Review, out: &mut Vec<Problem>) {
    for e in &r.chronology {
        let t = Target::Object(Key::Entry(e.id));
        if !has(&r.agencies, e.agency) {
            out.push(Problem::error(t, "agency", missing("agency", &e.agency)));
        }
        for p in &e.present {
            if !has(&r.people, *p) {
                out.push(Problem::error(t, "present", missing("person", p)));
            }
        }
    }
    for ep in &r.episodes {
        let t = Target::Object(Key::Episode(ep.id));
        for id in &ep.entries {
            if !has(&r.chronology, *id) {
                out.push(Problem::error(
                    t,
                    "entries",
                    missing("chronology entry", id),
                ));
            }
        }
    }
}

/// A code comes from a typology the review lists, that typology (at the version the
/// review lists) is installed, and the code is in it.
fn known_code(r: &Review, typologies: &[Typology], code: &Code) -> Result<(), String> {
    let Some(reference) = r.details.typologies.iter().find(|t| t.id == code.typology) else {
        return Err(format!(
            "uses typology \"{}\", which the review does not list among its typologies",
            code.typology
        ));
    };
    let Some(typ) = typologies
        .iter()
        .find(|t| t.id == reference.id && t.version == reference.version)
    else {
        return Err(format!(
            "uses typology \"{}\" version {}, which is not installed",
            reference.id, reference.version
        ));
    };
    if typ.find(&code.code).is_none() {
        return Err(format!(
            "code {} is not in typology \"{}\"",
            code.code, typ.id
        ));
    }
    Ok(())
}

/// Each factor's evidence exists and its codes are known.
fn factors(r: &Review, typologies: &[Typology], out: &mut Vec<Problem>) {
    for f in &r.factors {
        let t = Target::Object(Key::Factor(f.id));
        for id in &f.evidence_entries {
            if !has(&r.chronology, *id) {
                out.push(Problem::error(
                    t,
                    "evidence_entries",
                    missing("chronology entry", id),
                ));
            }
        }
        for id in &f.evidence_episodes {
            if !has(&r.episodes, *id) {
                out.push(Problem::error(
                    t,
                    "evidence_episodes",
                    missing("episode", id),
                ));
            }
        }
        for c in &f.codes {
            if let Err(m) = known_code(r, typologies, c) {
                out.push(Problem::error(t, "codes", m));
            }
        }
    }
}

/// Each link's ends exist, it joins two different nodes, leads towards the outcome and
/// is not a duplicate.
fn links(r: &Review, out: &mut Vec<Problem>) {
    for l in &r.links {
        let t = Target::Object(Key::Link(l.id));
        for (field, node) in [("from", l.from), ("to", l.to)] {
            if let Node::Factor(id) = node
                && !has(&r.factors, id)
            {
                out.push(Problem::error(t, field, missing("factor", &id)));
            }
        }
        if l.from == l.to {
            out.push(Problem::error(t, "to", "links a node to itself"));
        }
        if l.from == Node::Outcome {
            out.push(Problem::error(
                t,
                "from",
                "starts at the outcome; links lead towards it",
            ));
        }
    }
    let mut seen_links = BTreeSet::new();
    for l in &r.links {
        if !seen_links.insert((l.from, l.to)) {
            out.push(Problem::error(
                Target::Object(Key::Link(l.id)),
                "to",
                format!("duplicates another link from {} to {}", l.from, l.to),
            ));
        }
    }
}

/// Each finding's evidence exists and its category is a known code.
fn findings(r: &Review, typologies: &[Typology], out: &mut Vec<Problem>) {
    for f in &r.findings {
        let t = Target::Object(Key::Finding(f.id));
        for id in &f.evidence_entries {
            if !has(&r.chronology, *id) {
                out.push(Problem::error(
                    t,
                    "evidence_entries",
                    missing("chronology entry", id),
                ));
            }
        }
        for id in &f.evidence_episodes {
            if !has(&r.episodes, *id) {
                out.push(Problem::error(
                    t,
                    "evidence_episodes",
                    missing("episode", id),
                ));
            }
        }
        for id in &f.evidence_factors {
            if !has(&r.factors, *id) {
                out.push(Problem::error(t, "evidence_factors", missing("factor", id)));
            }
        }
        if let Some(c) = &f.category
            && let Err(m) = known_code(r, typologies, c)
        {
            out.push(Problem::error(t, "category", m));
        }
    }
}

/// Each recommendation's findings exist, and each action's recommendation and owner.
fn recommendations_and_actions(r: &Review, out: &mut Vec<Problem>) {
    for rec in &r.recommendations {
        for id in &rec.findings {
            if !has(&r.findings, *id) {
                out.push(Problem::error(
                    Target::Object(Key::Recommendation(rec.id)),
                    "findings",
                    missing("finding", id),
                ));
            }
        }
    }
    for a in &r.actions {
        let t = Target::Object(Key::Action(a.id));
        if !has(&r.recommendations, a.recommendation) {
            out.push(Problem::error(
                t,
                "recommendation",
                missing("recommendation", &a.recommendation),
            ));
        }
        if let Some(o) = a.owner
            && !has(&r.agencies, o)
        {
            out.push(Problem::error(t, "owner", missing("agency", &o)));
        }
    }
}

//! What differs between two versions of a review, counted per kind of object: for the
//! recovery prompt ("12 entries changed, 1 factor added").

use crate::model::*;
use std::collections::BTreeMap;

/// Added, removed and changed counts for one collection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// In the new version only.
    pub added: usize,
    /// In the old version only.
    pub removed: usize,
    /// In both, different.
    pub changed: usize,
}

impl Counts {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added + self.removed + self.changed == 0
    }
}

fn compare<T: HasId + PartialEq>(old: &[T], new: &[T]) -> Counts {
    let mut c = Counts::default();
    for n in new {
        match find_by_id(old, n.id()) {
            None => c.added += 1,
            Some(o) if o != n => c.changed += 1,
            Some(_) => {}
        }
    }
    c.removed = old
        .iter()
        .filter(|o| find_by_id(new, o.id()).is_none())
        .count();
    c
}

/// Differences per collection (only those that differ), by name.
pub fn diff(old: &Review, new: &Review) -> BTreeMap<&'static str, Counts> {
    let mut out = BTreeMap::new();
    let mut put = |name, c: Counts| {
        if !c.is_empty() {
            out.insert(name, c);
        }
    };
    put(
        "review details",
        Counts {
            changed: usize::from(old.details != new.details || old.outcome != new.outcome),
            ..Counts::default()
        },
    );
    put("people", compare(&old.people, &new.people));
    put("agencies", compare(&old.agencies, &new.agencies));
    put("panel members", compare(&old.panel, &new.panel));
    put(
        "chronology entries",
        compare(&old.chronology, &new.chronology),
    );
    put("episodes", compare(&old.episodes, &new.episodes));
    put("factors", compare(&old.factors, &new.factors));
    put("links", compare(&old.links, &new.links));
    put("findings", compare(&old.findings, &new.findings));
    put(
        "recommendations",
        compare(&old.recommendations, &new.recommendations),
    );
    put("actions", compare(&old.actions, &new.actions));
    out
}

/// One line for people: "chronology entries: 2 added, 1 changed; factors: 1 removed".
pub fn describe(d: &BTreeMap<&'static str, Counts>) -> String {
    if d.is_empty() {
        return "no differences".to_string();
    }
    d.iter()
        .map(|(name, c)| {
            let mut parts = Vec::new();
            if c.added > 0 {
                parts.push(format!("{} added", c.added));
            }
            if c.removed > 0 {
                parts.push(format!("{} removed", c.removed));
            }
            if c.changed > 0 {
                parts.push(format!("{} changed", c.changed));
            }
            format!("{name}: {}", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth;

    #[test]
    fn counts_added_removed_changed() {
        let old = synth::review(synth::Size::TYPICAL, 3);
        let mut new = old.clone();
        new.chronology.remove(0);
        new.chronology[5].summary.push('!');
        new.factors.push(Factor {
            id: FactorId(9999),
            ..new.factors[0].clone()
        });
        let d = diff(&old, &new);
        assert_eq!(
            d["chronology entries"],
            Counts {
                added: 0,
                removed: 1,
                changed: 1
            }
        );
        assert_eq!(
            d["factors"],
            Counts {
                added: 1,
                removed: 0,
                changed: 0
            }
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            describe(&d),
            "chronology entries: 1 removed, 1 changed; factors: 1 added"
        );
        assert!(diff(&old, &old).is_empty());
    }
}

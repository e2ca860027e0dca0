//! Edits to the review. Every edit, applied, returns its inverse: undo and redo and the
//! unsaved-changes flag follow from that. Views never change the document directly;
//! they emit edits that the app applies after the frame.

use super::ids::*;
use super::review::*;

/// One object of the review, whole.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// The review's details.
    Details(Box<ReviewDetails>),
    /// The outcome node.
    Outcome(Outcome),
    /// A person.
    Person(Person),
    /// An agency.
    Agency(Agency),
    /// A panel member.
    PanelMember(PanelMember),
    /// A chronology entry.
    Entry(Box<ChronologyEntry>),
    /// An episode.
    Episode(Episode),
    /// A factor.
    Factor(Factor),
    /// A link.
    Link(FactorLink),
    /// A finding.
    Finding(Finding),
    /// A recommendation.
    Recommendation(Recommendation),
    /// An action.
    Action(Action),
}

/// The key of a removable object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A person.
    Person(PersonId),
    /// An agency.
    Agency(AgencyId),
    /// A panel member.
    PanelMember(PanelMemberId),
    /// A chronology entry.
    Entry(EventId),
    /// An episode.
    Episode(EpisodeId),
    /// A factor.
    Factor(FactorId),
    /// A link.
    Link(LinkId),
    /// A finding.
    Finding(FindingId),
    /// A recommendation.
    Recommendation(RecommendationId),
    /// An action.
    Action(ActionId),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Person(id) => write!(f, "{id}"),
            Key::Agency(id) => write!(f, "{id}"),
            Key::PanelMember(id) => write!(f, "{id}"),
            Key::Entry(id) => write!(f, "{id}"),
            Key::Episode(id) => write!(f, "{id}"),
            Key::Factor(id) => write!(f, "{id}"),
            Key::Link(id) => write!(f, "{id}"),
            Key::Finding(id) => write!(f, "{id}"),
            Key::Recommendation(id) => write!(f, "{id}"),
            Key::Action(id) => write!(f, "{id}"),
        }
    }
}

/// A change to the review.
// Edits are made a few at a time (per frame, per undo step); boxing every object would
// cost an allocation each for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert the object, or replace the one with the same id.
    Put(Item),
    /// Remove the object with this key (nothing happens when there is none).
    Remove(Key),
    /// Several edits applied in order as one step.
    Batch(Vec<Edit>),
}

/// Insert or replace by id in a sorted collection; returns what was there.
fn put_sorted<T: HasId>(items: &mut Vec<T>, item: T) -> Option<T> {
    match items.binary_search_by(|x| x.id().cmp(&item.id())) {
        Ok(i) => Some(std::mem::replace(&mut items[i], item)),
        Err(i) => {
            items.insert(i, item);
            None
        }
    }
}

/// Remove by id from a sorted collection.
fn remove_sorted<T: HasId>(items: &mut Vec<T>, id: T::Id) -> Option<T> {
    items
        .binary_search_by(|x| x.id().cmp(&id))
        .ok()
        .map(|i| items.remove(i))
}

impl Item {
    /// The key of this object, when it is a removable one.
    pub fn key(&self) -> Option<Key> {
        Some(match self {
            Item::Details(_) | Item::Outcome(_) => return None,
            Item::Person(x) => Key::Person(x.id),
            Item::Agency(x) => Key::Agency(x.id),
            Item::PanelMember(x) => Key::PanelMember(x.id),
            Item::Entry(x) => Key::Entry(x.id),
            Item::Episode(x) => Key::Episode(x.id),
            Item::Factor(x) => Key::Factor(x.id),
            Item::Link(x) => Key::Link(x.id),
            Item::Finding(x) => Key::Finding(x.id),
            Item::Recommendation(x) => Key::Recommendation(x.id),
            Item::Action(x) => Key::Action(x.id),
        })
    }
}

impl Edit {
    /// True when the edit changes nothing (an empty batch).
    pub fn is_empty(&self) -> bool {
        match self {
            Edit::Batch(edits) => edits.iter().all(Edit::is_empty),
            _ => false,
        }
    }
}

impl Review {
    /// Apply an edit and return its inverse.
    pub fn apply(&mut self, edit: Edit) -> Edit {
        match edit {
            Edit::Put(item) => self.put(item),
            Edit::Remove(key) => self.remove(key),
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }

    fn put(&mut self, item: Item) -> Edit {
        let key = item.key();
        let old = match item {
            Item::Details(x) => {
                return Edit::Put(Item::Details(Box::new(std::mem::replace(
                    &mut self.details,
                    *x,
                ))));
            }
            Item::Outcome(x) => {
                return Edit::Put(Item::Outcome(std::mem::replace(&mut self.outcome, x)));
            }
            Item::Person(x) => put_sorted(&mut self.people, x).map(Item::Person),
            Item::Agency(x) => put_sorted(&mut self.agencies, x).map(Item::Agency),
            Item::PanelMember(x) => put_sorted(&mut self.panel, x).map(Item::PanelMember),
            Item::Entry(x) => {
                put_sorted(&mut self.chronology, *x).map(|e| Item::Entry(Box::new(e)))
            }
            Item::Episode(x) => put_sorted(&mut self.episodes, x).map(Item::Episode),
            Item::Factor(x) => put_sorted(&mut self.factors, x).map(Item::Factor),
            Item::Link(x) => put_sorted(&mut self.links, x).map(Item::Link),
            Item::Finding(x) => put_sorted(&mut self.findings, x).map(Item::Finding),
            Item::Recommendation(x) => {
                put_sorted(&mut self.recommendations, x).map(Item::Recommendation)
            }
            Item::Action(x) => put_sorted(&mut self.actions, x).map(Item::Action),
        };
        match (old, key) {
            (Some(old), _) => Edit::Put(old),
            (None, Some(key)) => Edit::Remove(key),
            (None, None) => Edit::Batch(Vec::new()),
        }
    }

    fn remove(&mut self, key: Key) -> Edit {
        let old = match key {
            Key::Person(id) => remove_sorted(&mut self.people, id).map(Item::Person),
            Key::Agency(id) => remove_sorted(&mut self.agencies, id).map(Item::Agency),
            Key::PanelMember(id) => remove_sorted(&mut self.panel, id).map(Item::PanelMember),
            Key::Entry(id) => {
                remove_sorted(&mut self.chronology, id).map(|e| Item::Entry(Box::new(e)))
            }
            Key::Episode(id) => remove_sorted(&mut self.episodes, id).map(Item::Episode),
            Key::Factor(id) => remove_sorted(&mut self.factors, id).map(Item::Factor),
            Key::Link(id) => remove_sorted(&mut self.links, id).map(Item::Link),
            Key::Finding(id) => remove_sorted(&mut self.findings, id).map(Item::Finding),
            Key::Recommendation(id) => {
                remove_sorted(&mut self.recommendations, id).map(Item::Recommendation)
            }
            Key::Action(id) => remove_sorted(&mut self.actions, id).map(Item::Action),
        };
        old.map_or(Edit::Batch(Vec::new()), Edit::Put)
    }

    /// The edit that deletes an object and every reference to it, as one step
    /// (links to a deleted factor go; an entry leaves the episodes that held it...).
    /// Deleting an agency or a recommendation that is still used is refused: `None`.
    pub fn delete(&self, key: Key) -> Option<Edit> {
        let mut edits = Vec::new();
        match key {
            Key::Entry(id) => {
                for ep in self.episodes.iter().filter(|e| e.entries.contains(&id)) {
                    let mut ep = ep.clone();
                    ep.entries.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Episode(ep)));
                }
                for f in self
                    .factors
                    .iter()
                    .filter(|f| f.evidence_entries.contains(&id))
                {
                    let mut f = f.clone();
                    f.evidence_entries.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Factor(f)));
                }
                for f in self
                    .findings
                    .iter()
                    .filter(|f| f.evidence_entries.contains(&id))
                {
                    let mut f = f.clone();
                    f.evidence_entries.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Finding(f)));
                }
            }
            Key::Episode(id) => {
                for f in self
                    .factors
                    .iter()
                    .filter(|f| f.evidence_episodes.contains(&id))
                {
                    let mut f = f.clone();
                    f.evidence_episodes.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Factor(f)));
                }
                for f in self
                    .findings
                    .iter()
                    .filter(|f| f.evidence_episodes.contains(&id))
                {
                    let mut f = f.clone();
                    f.evidence_episodes.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Finding(f)));
                }
            }
            Key::Factor(id) => {
                let node = Node::Factor(id);
                for l in self.links.iter().filter(|l| l.from == node || l.to == node) {
                    edits.push(Edit::Remove(Key::Link(l.id)));
                }
                for f in self
                    .findings
                    .iter()
                    .filter(|f| f.evidence_factors.contains(&id))
                {
                    let mut f = f.clone();
                    f.evidence_factors.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Finding(f)));
                }
            }
            Key::Finding(id) => {
                for r in self
                    .recommendations
                    .iter()
                    .filter(|r| r.findings.contains(&id))
                {
                    let mut r = r.clone();
                    r.findings.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Recommendation(r)));
                }
            }
            Key::Person(id) => {
                for e in self.chronology.iter().filter(|e| e.present.contains(&id)) {
                    let mut e = e.clone();
                    e.present.retain(|x| *x != id);
                    edits.push(Edit::Put(Item::Entry(Box::new(e))));
                }
            }
            Key::Agency(id) => {
                let used = self.chronology.iter().any(|e| e.agency == id)
                    || self.actions.iter().any(|a| a.owner == Some(id))
                    || self.people.iter().any(|p| p.agency == Some(id))
                    || self.panel.iter().any(|p| p.agency == Some(id));
                if used {
                    return None;
                }
            }
            Key::Recommendation(id) => {
                if self.actions.iter().any(|a| a.recommendation == id) {
                    return None;
                }
            }
            Key::PanelMember(_) | Key::Link(_) | Key::Action(_) => {}
        }
        edits.push(Edit::Remove(key));
        Some(Edit::Batch(edits))
    }

    /// The next free id for each kind of object.
    pub fn next_entry_id(&self) -> EventId {
        EventId(self.chronology.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free person id.
    pub fn next_person_id(&self) -> PersonId {
        PersonId(self.people.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free agency id.
    pub fn next_agency_id(&self) -> AgencyId {
        AgencyId(self.agencies.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free panel member id.
    pub fn next_panel_id(&self) -> PanelMemberId {
        PanelMemberId(self.panel.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free episode id.
    pub fn next_episode_id(&self) -> EpisodeId {
        EpisodeId(self.episodes.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free factor id.
    pub fn next_factor_id(&self) -> FactorId {
        FactorId(self.factors.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free link id.
    pub fn next_link_id(&self) -> LinkId {
        LinkId(self.links.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free finding id.
    pub fn next_finding_id(&self) -> FindingId {
        FindingId(self.findings.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free recommendation id.
    pub fn next_recommendation_id(&self) -> RecommendationId {
        RecommendationId(self.recommendations.last().map_or(1, |x| x.id.0 + 1))
    }

    /// The next free action id.
    pub fn next_action_id(&self) -> ActionId {
        ActionId(self.actions.last().map_or(1, |x| x.id.0 + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::EventDate;

    fn entry(id: u32) -> ChronologyEntry {
        ChronologyEntry {
            source: "HV notes".into(),
            child_seen: Tri::Yes,
            ..ChronologyEntry::new(
                EventId(id),
                EventDate::day(2016, 5, 3).expect("valid"),
                AgencyId(1),
            )
        }
    }

    #[test]
    fn put_then_inverse_restores() {
        let mut r = Review::default();
        let before = r.clone();
        let inv = r.apply(Edit::Put(Item::Entry(Box::new(entry(3)))));
        assert_eq!(r.chronology.len(), 1);
        r.apply(inv);
        assert_eq!(r, before);
    }

    #[test]
    fn delete_cascades_and_undoes_whole() {
        let mut r = Review::default();
        r.apply(Edit::Put(Item::Entry(Box::new(entry(1)))));
        r.apply(Edit::Put(Item::Episode(Episode {
            id: EpisodeId(1),
            title: "Visit".into(),
            start: None,
            end: None,
            entries: vec![EventId(1)],
            appraisal: Appraisal::Good,
            what_happened: String::new(),
            why_it_made_sense: String::new(),
            practitioners_views: String::new(),
        })));
        let before = r.clone();
        let del = r.delete(Key::Entry(EventId(1))).expect("deletable");
        let inv = r.apply(del);
        assert!(r.chronology.is_empty());
        assert!(r.episodes[0].entries.is_empty());
        r.apply(inv);
        assert_eq!(r, before);
    }

    #[test]
    fn agency_in_use_cannot_be_deleted() {
        let mut r = Review::default();
        r.apply(Edit::Put(Item::Entry(Box::new(entry(1)))));
        assert!(r.delete(Key::Agency(AgencyId(1))).is_none());
        assert!(r.delete(Key::Agency(AgencyId(2))).is_some());
    }

    #[test]
    fn ids_stay_sorted_after_puts() {
        let mut r = Review::default();
        for id in [5, 2, 9, 1] {
            r.apply(Edit::Put(Item::Entry(Box::new(entry(id)))));
        }
        let ids: Vec<u32> = r.chronology.iter().map(|e| e.id.0).collect();
        assert_eq!(ids, [1, 2, 5, 9]);
        assert_eq!(r.next_entry_id(), EventId(10));
    }
}

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

impl Key {
    /// What kind of object this is, for people: singular and plural.
    pub fn kind(self) -> (&'static str, &'static str) {
        match self {
            Key::Person(_) => ("person", "people"),
            Key::Agency(_) => ("agency", "agencies"),
            Key::PanelMember(_) => ("panel member", "panel members"),
            Key::Entry(_) => ("entry", "entries"),
            Key::Episode(_) => ("episode", "episodes"),
            Key::Factor(_) => ("factor", "factors"),
            Key::Link(_) => ("link", "links"),
            Key::Finding(_) => ("finding", "findings"),
            Key::Recommendation(_) => ("recommendation", "recommendations"),
            Key::Action(_) => ("action", "actions"),
        }
    }
}

/// The single edits of an edit, batches opened.
fn leaves<'a>(edit: &'a Edit, out: &mut Vec<&'a Edit>) {
    match edit {
        Edit::Batch(edits) => edits.iter().for_each(|e| leaves(e, out)),
        e => out.push(e),
    }
}

/// Up to three names and how many more: "E5, E6, E7 and 24 more".
fn some_of(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    }
}

/// Ids in order, each once, as names.
fn names(mut keys: Vec<Key>) -> Vec<String> {
    keys.sort();
    keys.dedup();
    keys.iter().map(ToString::to_string).collect()
}

/// What an edit did, in a few words naming objects by id only (never case content, as
/// logs and messages must not): "new factor F9", "change to E12", "deletion of F3",
/// "changes to F1, F2, F3 and 28 more". Read from `inverse`, what applying the edit
/// returned, and the review after it: the inverse removes what the edit made and puts
/// back what it changed or deleted (a deleted object is no longer in the review).
pub fn describe(review: &Review, inverse: &Edit) -> String {
    let mut undo = Vec::new();
    leaves(inverse, &mut undo);
    let (mut new, mut changed, mut deleted) = (Vec::new(), Vec::new(), Vec::new());
    let (mut outcome, mut details) = (false, false);
    for e in undo {
        match e {
            Edit::Remove(k) => new.push(*k),
            Edit::Put(item) => match item.key() {
                Some(k) if review.contains(k) => changed.push(k),
                Some(k) => deleted.push(k),
                None if matches!(item, Item::Outcome(_)) => outcome = true,
                None => details = true,
            },
            Edit::Batch(_) => {}
        }
    }
    if !deleted.is_empty() {
        // A deletion's other edits only take away references to what it deleted.
        return format!("deletion of {}", some_of(&names(deleted)));
    }
    if let Some(first) = new.first().copied() {
        let (one, many) = first.kind();
        let names = names(new.clone());
        return if new.iter().all(|k| k.kind() == first.kind()) {
            let kind = if names.len() == 1 { one } else { many };
            format!("new {kind} {}", some_of(&names))
        } else {
            format!("new {}", some_of(&names))
        };
    }
    let mut changed = names(changed);
    if details {
        changed.push("the review details".into());
    }
    if outcome {
        changed.push("the outcome".into());
    }
    match changed.as_slice() {
        [] => "no change".into(),
        [one] => format!("change to {one}"),
        many => format!("changes to {}", some_of(many)),
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

    /// Whether the object with this key is in the review.
    pub fn contains(&self, key: Key) -> bool {
        match key {
            Key::Person(id) => find_by_id(&self.people, id).is_some(),
            Key::Agency(id) => find_by_id(&self.agencies, id).is_some(),
            Key::PanelMember(id) => find_by_id(&self.panel, id).is_some(),
            Key::Entry(id) => find_by_id(&self.chronology, id).is_some(),
            Key::Episode(id) => find_by_id(&self.episodes, id).is_some(),
            Key::Factor(id) => find_by_id(&self.factors, id).is_some(),
            Key::Link(id) => find_by_id(&self.links, id).is_some(),
            Key::Finding(id) => find_by_id(&self.findings, id).is_some(),
            Key::Recommendation(id) => find_by_id(&self.recommendations, id).is_some(),
            Key::Action(id) => find_by_id(&self.actions, id).is_some(),
        }
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
    fn an_edit_is_described_by_ids_only() {
        let mut r = Review::default();
        let said = |r: &mut Review, e: Edit| {
            let inverse = r.apply(e);
            describe(r, &inverse)
        };
        let mut e = entry(12);
        e.summary = "Confidential words".into();
        assert_eq!(
            said(&mut r, Edit::Put(Item::Entry(Box::new(e.clone())))),
            "new entry E12"
        );
        e.summary = "Other confidential words".into();
        let changed = said(&mut r, Edit::Put(Item::Entry(Box::new(e))));
        assert_eq!(changed, "change to E12");
        let many = Edit::Batch(
            (20..25)
                .map(|i| Edit::Put(Item::Entry(Box::new(entry(i)))))
                .collect(),
        );
        assert_eq!(said(&mut r, many), "new entries E20, E21, E22 and 2 more");
        let mut o = r.outcome.clone();
        o.title = "Harm".into();
        assert_eq!(
            said(&mut r, Edit::Put(Item::Outcome(o))),
            "change to the outcome"
        );
        let del = r.delete(Key::Entry(EventId(12))).expect("deletable");
        assert_eq!(said(&mut r, del), "deletion of E12");
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

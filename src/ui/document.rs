//! The open review with its undo history, file path and saved state. Edits are applied
//! here only; each returns its inverse, so undo and redo are exact.

use crate::model::{Edit, Review, edit};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Edits with the same merge key within this time become one undo step (typing, drags).
const MERGE_WINDOW: Duration = Duration::from_millis(1500);

/// What lets consecutive edits merge into one undo step.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MergeKey(pub String);

struct Step {
    /// The edit that takes the document back to the state before this step.
    inverse: Edit,
    /// The state id before this step.
    state_before: u64,
    merge: Option<MergeKey>,
    at: Instant,
    /// What the step did, by ids ("new factor F9"), for "Undid: …" and "Redid: …".
    what: String,
}

/// An undone step, ready to be redone.
struct Undone {
    edit: Edit,
    /// The state id after the step.
    state_after: u64,
    what: String,
}

/// The open review.
pub struct Document {
    /// The review.
    pub review: Review,
    /// Where it is saved; `None` for a new review never saved.
    pub path: Option<PathBuf>,
    /// The passphrase it is encrypted with on disk (its recovery copy too); `None` for
    /// a plain file.
    pub passphrase: Option<crate::store::Passphrase>,
    undo: Vec<Step>,
    redo: Vec<Undone>,
    state: u64,
    next_state: u64,
    saved_state: u64,
    /// Bumped on every change: views cache derived data against it.
    pub revision: u64,
}

impl Document {
    /// A document for a review loaded from (or to be saved to) `path`.
    pub fn new(review: Review, path: Option<PathBuf>) -> Document {
        Document {
            review,
            path,
            passphrase: None,
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            saved_state: 0,
            revision: 0,
        }
    }

    /// Whether there are changes not on disk.
    pub fn is_dirty(&self) -> bool {
        self.state != self.saved_state
    }

    /// Mark the current state as saved.
    pub fn mark_saved(&mut self, state: u64) {
        self.saved_state = state;
    }

    /// Mark the document as having changes not on disk (a restored recovery copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// An id for the current state (to mark saved after a background save).
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Apply an edit as one undo step, or merged into the previous step when it has the
    /// same merge key and came soon after.
    pub fn apply(&mut self, edit: Edit, merge: Option<MergeKey>) {
        if edit.is_empty() {
            return;
        }
        let inverse = self.review.apply(edit);
        let what = edit::describe(&self.review, &inverse);
        self.redo.clear();
        self.revision += 1;
        let now = Instant::now();
        if let (Some(key), Some(last)) = (&merge, self.undo.last_mut())
            && last.merge.as_ref() == Some(key)
            && now.duration_since(last.at) < MERGE_WINDOW
            && self.state != self.saved_state
        {
            // Keep the older inverse: it restores the state before the first edit.
            last.inverse = Edit::Batch(vec![
                inverse,
                std::mem::replace(&mut last.inverse, Edit::Batch(vec![])),
            ]);
            last.at = now;
            self.state = self.next_state;
            self.next_state += 1;
            return;
        }
        self.undo.push(Step {
            inverse,
            state_before: self.state,
            merge,
            at: now,
            what,
        });
        self.state = self.next_state;
        self.next_state += 1;
    }

    /// End merging: the next edit starts a new undo step (call when a drag ends).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.merge = None;
        }
    }

    /// Undo the last step. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let redo = self.review.apply(step.inverse);
        self.redo.push(Undone {
            edit: redo,
            state_after: self.state,
            what: step.what,
        });
        self.state = step.state_before;
        self.revision += 1;
        true
    }

    /// Redo the last undone step. Returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(Undone {
            edit,
            state_after,
            what,
        }) = self.redo.pop()
        else {
            return false;
        };
        let inverse = self.review.apply(edit);
        self.undo.push(Step {
            inverse,
            state_before: self.state,
            merge: None,
            at: Instant::now(),
            what,
        });
        self.state = state_after;
        self.revision += 1;
        true
    }

    /// Whether undo is possible.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether redo is possible.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What undo would undo, by ids ("change to E12"); `None` when there is nothing.
    pub fn undo_what(&self) -> Option<&str> {
        self.undo.last().map(|s| s.what.as_str())
    }

    /// What redo would redo, by ids ("new factor F9"); `None` when there is nothing.
    pub fn redo_what(&self) -> Option<&str> {
        self.redo.last().map(|u| u.what.as_str())
    }

    /// File name for titles and the status bar.
    pub fn file_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "Untitled review".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agency, AgencyId, Item, Sector};

    fn agency(id: u32, name: &str) -> Edit {
        Edit::Put(Item::Agency(Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: String::new(),
            sector: Sector::Health,
            import_columns: Default::default(),
        }))
    }

    #[test]
    fn undo_redo_and_dirty_flag() {
        let mut d = Document::new(Review::default(), None);
        assert!(!d.is_dirty());
        d.apply(agency(1, "A"), None);
        d.apply(agency(2, "B"), None);
        assert!(d.is_dirty());
        assert!(d.undo());
        assert_eq!(d.review.agencies.len(), 1);
        assert!(d.undo());
        assert!(!d.is_dirty(), "back at the saved state");
        assert!(!d.undo());
        assert!(d.redo());
        assert!(d.redo());
        assert_eq!(d.review.agencies.len(), 2);
        assert!(!d.redo());
    }

    #[test]
    fn each_step_says_what_it_did() {
        let mut d = Document::new(Review::default(), None);
        assert_eq!(d.undo_what(), None);
        d.apply(agency(1, "A"), None);
        d.apply(agency(1, "B"), None);
        assert_eq!(d.undo_what(), Some("change to AG1"));
        d.undo();
        assert_eq!(d.undo_what(), Some("new agency AG1"));
        assert_eq!(d.redo_what(), Some("change to AG1"));
        d.redo();
        assert_eq!(d.undo_what(), Some("change to AG1"));
        assert_eq!(d.redo_what(), None);
    }

    #[test]
    fn merged_edits_undo_as_one_step() {
        let mut d = Document::new(Review::default(), None);
        d.apply(agency(1, "A"), None);
        let key = Some(MergeKey("agency 1 name".into()));
        d.apply(agency(1, "Ab"), key.clone());
        d.apply(agency(1, "Abc"), key.clone());
        assert_eq!(d.review.agencies[0].name, "Abc");
        d.undo();
        assert_eq!(d.review.agencies[0].name, "A");
        d.redo();
        assert_eq!(d.review.agencies[0].name, "Abc");
    }
}

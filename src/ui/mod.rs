//! The desktop application (eframe/egui).
//!
//! Views read the review through a [`ViewCtx`] and push [`Edit`]s and [`Action`]s into
//! it; the app applies them after the frame. Selection is held as ids, never references.

mod app;
mod checks;
mod chronology;
mod collation;
pub mod command;
mod date_field;
pub mod document;
mod episodes;
pub mod export;
mod field;
mod findings;
pub mod forms;
mod graph;
pub mod import;
mod inspector;
mod overview;
mod pick;
pub mod theme;
mod timeline;
mod typology;
mod workshop;

pub use app::{App, Prefs};

use crate::analysis::Problem;
use crate::model::*;
use document::MergeKey;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Open the workbench window, optionally on a file.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("scr-workbench")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "scr-workbench",
        options,
        Box::new(move |cc| {
            let untitled = file.is_none();
            let mut app = App::new(cc.storage, file);
            if untitled {
                // A review never saved may have left a recovery copy in the data folder.
                app.offer_recovery();
            }
            Ok(Box::new(app))
        }),
    )
}

/// The workspaces, one per part of the review.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default,
)]
pub enum Workspace {
    /// Review details, panel, agencies, people.
    #[default]
    Overview,
    /// The chronology table.
    Chronology,
    /// The timeline, a lane per agency.
    Timeline,
    /// Key practice episodes.
    Episodes,
    /// The contributory-factor graph.
    Factors,
    /// Typologies and code counts.
    Typologies,
    /// Findings.
    Findings,
    /// Recommendations.
    Recommendations,
    /// The action plan.
    Actions,
    /// The quality check.
    Checks,
    /// National collation across many reviews (independent of the open review).
    Collation,
}

impl Workspace {
    /// Every workspace, in navigation order.
    pub const ALL: [Workspace; 11] = [
        Workspace::Overview,
        Workspace::Chronology,
        Workspace::Timeline,
        Workspace::Episodes,
        Workspace::Factors,
        Workspace::Typologies,
        Workspace::Findings,
        Workspace::Recommendations,
        Workspace::Actions,
        Workspace::Checks,
        Workspace::Collation,
    ];

    /// Label.
    pub fn label(self) -> &'static str {
        match self {
            Workspace::Overview => "Overview",
            Workspace::Chronology => "Chronology",
            Workspace::Timeline => "Timeline",
            Workspace::Episodes => "Episodes",
            Workspace::Factors => "Factor graph",
            Workspace::Typologies => "Typologies",
            Workspace::Findings => "Findings",
            Workspace::Recommendations => "Recommendations",
            Workspace::Actions => "Action plan",
            Workspace::Checks => "Checks",
            Workspace::Collation => "Collation",
        }
    }

    /// What it is for.
    pub fn description(self) -> &'static str {
        match self {
            Workspace::Overview => "Review details, terms of reference, panel, agencies and people",
            Workspace::Chronology => "The integrated multi-agency chronology as a table",
            Workspace::Timeline => "The chronology over time, one lane per agency",
            Workspace::Episodes => "Key practice episodes and why practice made sense at the time",
            Workspace::Factors => "The contributory-factor graph",
            Workspace::Typologies => "Typologies and how often each code is used",
            Workspace::Findings => "Findings (underlying patterns)",
            Workspace::Recommendations => "Recommendations linked to findings",
            Workspace::Actions => "The action plan: owners, due dates, status",
            Workspace::Checks => "The review quality check",
            Workspace::Collation => {
                "National collation: count typology codes across many reviews and returns"
            }
        }
    }

    /// Alt+key shortcut.
    pub fn key(self) -> egui::Key {
        use egui::Key;
        match self {
            Workspace::Overview => Key::Num1,
            Workspace::Chronology => Key::Num2,
            Workspace::Timeline => Key::Num3,
            Workspace::Episodes => Key::Num4,
            Workspace::Factors => Key::Num5,
            Workspace::Typologies => Key::Num6,
            Workspace::Findings => Key::Num7,
            Workspace::Recommendations => Key::Num8,
            Workspace::Actions => Key::Num9,
            Workspace::Checks => Key::Num0,
            Workspace::Collation => Key::C,
        }
    }
}

/// What is selected: one object, plus a set of chronology entries (for making episodes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The object the inspector edits.
    pub primary: Option<Key>,
    /// Chronology entries selected together (Ctrl+click).
    pub entries: BTreeSet<EventId>,
    /// The outcome node is selected (on the factor graph).
    pub outcome: bool,
}

impl Selection {
    /// Select one object alone.
    pub fn only(key: Key) -> Selection {
        let mut s = Selection {
            primary: Some(key),
            ..Selection::default()
        };
        if let Key::Entry(id) = key {
            s.entries.insert(id);
        }
        s
    }

    /// Whether an entry is selected.
    pub fn has_entry(&self, id: EventId) -> bool {
        self.primary == Some(Key::Entry(id)) || self.entries.contains(&id)
    }
}

/// Something a view asks the app to do after the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Change the selection.
    Select(Selection),
    /// Select an object and go to the workspace that shows it.
    Jump(Key),
    /// Go to a workspace.
    Show(Workspace),
    /// Run a command.
    Run(command::Command),
    /// The end of a drag: the next edit starts a new undo step.
    Seal,
    /// Say something in the status bar.
    Notify(String),
}

/// What a view gets to read and where it puts what it wants changed.
pub struct ViewCtx<'a> {
    /// The review (read-only: change it with edits).
    pub review: &'a Review,
    /// Bumped on every change of the review; cache derived data against it.
    pub revision: u64,
    /// Typologies available.
    pub typologies: &'a [Typology],
    /// The current selection.
    pub selection: &'a Selection,
    /// Problems from the quality check.
    pub problems: &'a [Problem],
    /// The widget with keyboard focus: edits made while typing in one field merge.
    pub focus: Option<egui::Id>,
    /// Edits to apply after the frame.
    pub edits: Vec<(Edit, Option<MergeKey>)>,
    /// Actions to run after the frame.
    pub actions: Vec<Action>,
}

impl ViewCtx<'_> {
    /// Ask for an edit as its own undo step.
    pub fn edit(&mut self, edit: Edit) {
        self.edits.push((edit, None));
    }

    /// Ask for an edit that merges with recent edits to the same thing (typing, dragging).
    pub fn edit_merging(&mut self, edit: Edit, key: impl Into<String>) {
        self.edits.push((edit, Some(MergeKey(key.into()))));
    }

    /// Put an object back changed. Typing in one field merges into one undo step; any
    /// other change (a choice, a checkbox, a button) is a step of its own.
    pub fn put(&mut self, item: Item) {
        match self.focus {
            Some(focus) => {
                let key = item.key().map_or_else(
                    || format!("{:?}", std::mem::discriminant(&item)),
                    |k| k.to_string(),
                );
                self.edit_merging(Edit::Put(item), format!("{key} {focus:?}"));
            }
            None => self.edit(Edit::Put(item)),
        }
    }

    /// Ask for an action.
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Select one object.
    pub fn select(&mut self, key: Key) {
        self.actions.push(Action::Select(Selection::only(key)));
    }
}

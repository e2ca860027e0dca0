//! Every command the user can give, with its menu label, tooltip and shortcut: menus,
//! the shortcut handler and the keyboard-shortcuts help all read from here.

use super::Workspace;
use egui::{Key, KeyboardShortcut, Modifiers};

/// A command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Start a new review.
    New,
    /// Open a review file.
    Open,
    /// Save.
    Save,
    /// Save under a new name.
    SaveAs,
    /// Save under a new name, encrypted with a passphrase.
    SaveEncrypted,
    /// Export reports and data.
    Export,
    /// Import an agency's chronology.
    Import,
    /// Quit.
    Quit,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Redo (second shortcut).
    RedoAlt,
    /// Delete the selection.
    Delete,
    /// Focus the chronology filter.
    Find,
    /// Go to a workspace.
    Show(Workspace),
    /// Workshop mode on or off.
    ToggleWorkshop,
    /// Switch light and dark.
    ToggleTheme,
    /// Bigger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Text size back to normal.
    ZoomReset,
    /// About scr-workbench.
    About,
    /// The list of shortcuts.
    Shortcuts,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

impl Command {
    /// Commands with a shortcut, in the order they are checked (longer chords first).
    pub fn with_shortcuts() -> Vec<Command> {
        let mut all = vec![
            Command::Redo,
            Command::SaveAs,
            Command::New,
            Command::Open,
            Command::Save,
            Command::Undo,
            Command::RedoAlt,
            Command::Find,
            Command::Export,
            Command::Quit,
            Command::ToggleWorkshop,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::Shortcuts,
        ];
        all.extend(Workspace::ALL.iter().map(|w| Command::Show(*w)));
        all
    }

    /// The menu label (sentence case, an ellipsis when a dialog follows).
    pub fn label(self) -> String {
        match self {
            Command::New => "New review".into(),
            Command::Open => "Open…".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::SaveEncrypted => "Save encrypted…".into(),
            Command::Export => "Export…".into(),
            Command::Import => "Import chronology…".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo | Command::RedoAlt => "Redo".into(),
            Command::Delete => "Delete selected".into(),
            Command::Find => "Filter chronology".into(),
            Command::Show(w) => w.label().into(),
            Command::ToggleWorkshop => "Workshop mode".into(),
            Command::ToggleTheme => "Dark theme".into(),
            Command::ZoomIn => "Larger text".into(),
            Command::ZoomOut => "Smaller text".into(),
            Command::ZoomReset => "Normal text size".into(),
            Command::About => "About scr-workbench".into(),
            Command::Shortcuts => "Keyboard shortcuts".into(),
        }
    }

    /// A one-line explanation for the tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::New => "Start a new, empty review",
            Command::Open => "Open a review file (.scr.ron)",
            Command::Save => "Save the review to its file",
            Command::SaveAs => "Save the review to a new file",
            Command::SaveEncrypted => {
                "Save the review to a new file that only opens with a passphrase"
            }
            Command::Export => "Export the reports and data",
            Command::Import => "Import an agency's chronology from CSV or Excel",
            Command::Quit => "Close scr-workbench",
            Command::Undo => "Undo the last change",
            Command::Redo | Command::RedoAlt => "Redo the last undone change",
            Command::Delete => "Delete the selected object and every reference to it",
            Command::Find => "Type to filter the chronology",
            Command::Show(w) => w.description(),
            Command::ToggleWorkshop => {
                "Full screen, large type, one episode at a time, for review meetings"
            }
            Command::ToggleTheme => "Switch between the light and dark themes",
            Command::ZoomIn => "Make all text larger",
            Command::ZoomOut => "Make all text smaller",
            Command::ZoomReset => "Return to the normal text size",
            Command::About => "What scr-workbench is and its licence",
            Command::Shortcuts => "Every keyboard shortcut",
        }
    }

    /// The shortcut, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let k = |m, key| Some(KeyboardShortcut::new(m, key));
        match self {
            Command::New => k(CMD, Key::N),
            Command::Open => k(CMD, Key::O),
            Command::Save => k(CMD, Key::S),
            Command::SaveAs => k(CMD_SHIFT, Key::S),
            Command::SaveEncrypted => None,
            Command::Export => k(CMD, Key::E),
            Command::Import => None,
            Command::Quit => k(CMD, Key::Q),
            Command::Undo => k(CMD, Key::Z),
            Command::Redo => k(CMD_SHIFT, Key::Z),
            Command::RedoAlt => k(CMD, Key::Y),
            Command::Delete => k(Modifiers::NONE, Key::Delete),
            Command::Find => k(CMD, Key::F),
            Command::Show(w) => k(Modifiers::ALT, w.key()),
            Command::ToggleWorkshop => k(Modifiers::NONE, Key::F11),
            Command::ToggleTheme => None,
            Command::ZoomIn => k(CMD, Key::Plus),
            Command::ZoomOut => k(CMD, Key::Minus),
            Command::ZoomReset => k(CMD, Key::Num0),
            Command::About => None,
            Command::Shortcuts => k(Modifiers::NONE, Key::F1),
        }
    }
}

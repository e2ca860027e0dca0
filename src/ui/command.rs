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

/// Keys that work inside one workspace rather than as commands, for the shortcut list:
/// (where, what, keys), in the order the list shows them.
pub const WORKSPACE_KEYS: [(&str, &str, &str); 9] = [
    ("In the chronology", "Move up and down the entries", "↑ ↓"),
    ("In the chronology", "Edit the selected entry", "Enter"),
    ("In the chronology", "Stop editing the entry", "Escape"),
    (
        "In the chronology",
        "Select several entries (for an episode)",
        "Ctrl+click",
    ),
    ("In the factor graph", "Link two nodes", "Shift+drag"),
    ("In the factor graph", "Add a factor there", "Double-click"),
    ("In the factor graph", "Zoom", "Mouse wheel"),
    ("In the factor graph", "Move up and down the list", "↑ ↓"),
    (
        "In workshop mode",
        "Next and previous episode",
        "→ ← or PageDown PageUp",
    ),
];

impl Command {
    /// Every command in the order of the menus (File, Edit, View, Help). The shortcut
    /// handler and the keyboard-shortcuts list both read this, so a command's shortcut
    /// cannot work without being listed, nor be listed without working.
    pub fn all() -> Vec<Command> {
        let mut all = vec![
            Command::New,
            Command::Open,
            Command::Save,
            Command::SaveAs,
            Command::SaveEncrypted,
            Command::Export,
            Command::Import,
            Command::Quit,
            Command::Undo,
            Command::Redo,
            Command::Delete,
            Command::Find,
        ];
        all.extend(Workspace::ALL.iter().map(|w| Command::Show(*w)));
        all.extend([
            Command::ToggleTheme,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::ToggleWorkshop,
            Command::Shortcuts,
            Command::About,
        ]);
        all
    }

    /// The heading the command is listed under in the shortcut list (its menu).
    pub fn group(self) -> &'static str {
        match self {
            Command::New
            | Command::Open
            | Command::Save
            | Command::SaveAs
            | Command::SaveEncrypted
            | Command::Export
            | Command::Import
            | Command::Quit => "Review file",
            Command::Undo | Command::Redo | Command::Delete | Command::Find => "Editing",
            Command::Show(_) => "Workspaces",
            Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset
            | Command::ToggleWorkshop => "View",
            Command::Shortcuts | Command::About => "Help",
        }
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
            Command::Redo => "Redo".into(),
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
            Command::Redo => "Redo the last undone change",
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

    /// The shortcut shown beside the menu item, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.shortcuts().first().copied()
    }

    /// Every shortcut of the command, the one the menu shows first.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        let mut all: Vec<KeyboardShortcut> = self.main_shortcut().into_iter().collect();
        if self == Command::Redo {
            // Ctrl+Y as well, as most Windows programs redo.
            all.push(KeyboardShortcut::new(CMD, Key::Y));
        }
        all
    }

    fn main_shortcut(self) -> Option<KeyboardShortcut> {
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

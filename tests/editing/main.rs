//! Editing as a person does it: the real workbench driven through egui_kittest by
//! accessible labels, typing one key at a time with a frame between keys (whole-value
//! input hid a field that dropped the spaces from names). Each module holds the tests of
//! one part of "Editing you can trust".
#![cfg(feature = "gui")]

mod import;
mod menus;
mod small;
mod typing;

use egui::{Key as K, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use scr_workbench::model::*;
use scr_workbench::ui::App;
use std::path::{Path, PathBuf};

/// The sample review in the repository.
pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron")
}

/// A harness on the app at the size the tests use unless they say otherwise.
pub fn harness_with(app: App) -> Harness<'static, App> {
    harness_sized(app, egui::vec2(1600.0, 1000.0))
}

/// A harness on the app at a given window size.
pub fn harness_sized(app: App, size: egui::Vec2) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run_steps(3);
    h
}

/// The sample review, opened from a private copy (a workbench open on the real sample
/// holds its lock).
pub fn open_sample() -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("sample.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_with(app), dir)
}

/// The review the app has open.
pub fn review<'a>(h: &'a Harness<'static, App>) -> &'a Review {
    &h.state().doc.review
}

/// Go to a workspace by its label.
pub fn go(h: &mut Harness<App>, workspace: &str) {
    h.get_by_label(workspace).click();
    h.run_steps(3);
}

/// Undo with the keyboard.
pub fn undo(h: &mut Harness<App>) {
    h.key_press_modifiers(Modifiers::COMMAND, K::Z);
    h.run_steps(2);
}

/// Put the keyboard focus in a labelled field, as a click would.
pub fn focus(h: &mut Harness<App>, label: &str) {
    h.get_by_label(label).focus();
    h.run_steps(2);
}

/// Select everything in the focused field and delete it, one key press each.
pub fn clear_focused(h: &mut Harness<App>) {
    h.key_press_modifiers(Modifiers::COMMAND, K::A);
    h.run_steps(1);
    h.key_press(K::Delete);
    h.run_steps(1);
}

/// Type into the focused field one key at a time, a frame between keys, as a person
/// does: `\n` presses Enter, `\u{8}` presses Backspace, anything else is typed as text.
pub fn type_keys(h: &mut Harness<App>, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => h.key_press(K::Enter),
            '\u{8}' => h.key_press(K::Backspace),
            c => h.event(egui::Event::Text(c.to_string())),
        }
        h.run_steps(1);
    }
    h.run_steps(1);
}

/// Focus a labelled field, clear it, and type into it one key at a time.
pub fn type_into(h: &mut Harness<App>, label: &str, text: &str) {
    focus(h, label);
    clear_focused(h);
    type_keys(h, text);
}

/// Move the keyboard focus out of the field (Tab), as a person leaving it does.
pub fn leave_field(h: &mut Harness<App>) {
    h.key_press(K::Tab);
    h.run_steps(2);
}

/// Run frames until a label containing `label` shows (background work), or fail.
pub fn wait_for_label(h: &mut Harness<App>, label: &str) {
    for _ in 0..3000 {
        h.run_steps(1);
        if h.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("\"{label}\" never showed");
}

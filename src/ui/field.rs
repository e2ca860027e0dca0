//! Fields that keep what the person types.
//!
//! Every text, list, number and date field edits a buffer of its own while it has the
//! keyboard focus (egui temp data under the field's widget id). Each change is read and,
//! when it reads, put in the model at once; but the buffer is never rebuilt from the model
//! under the cursor, so a trailing space, an empty last line or a half-typed date stays as
//! typed. Text that does not read yet says why beside the field and changes nothing. When
//! the focus leaves, the buffer is dropped and the field shows the model's own text again.
//!
//! The one exception: when the model changes from elsewhere while the field has the focus
//! (undo, another view), the buffer follows the model, since what it holds is no longer
//! what the model was made from.
//!
//! A jump can also ask a field to put the cursor on a word ([`request_cursor`]): the
//! leak check's hits do, so the reviewer lands on the name to change.

use super::theme;
use crate::analysis::Severity;
use egui::text::{CCursor, CCursorRange};
use egui::{Id, Response, RichText, TextEdit, Ui};

/// A field's label as shown: confidential ones marked and coloured.
pub(super) fn label_text(label: &str, confidential: bool) -> RichText {
    if confidential {
        RichText::new(format!("{label} (confidential)")).color(theme::CONFIDENTIAL)
    } else {
        RichText::new(label)
    }
}

/// A label above a widget, linked for screen readers and tests.
pub(super) fn labelled(
    ui: &mut Ui,
    label: &str,
    confidential: bool,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    let l = ui.label(label_text(label, confidential));
    add(ui).labelled_by(l.id)
}

/// What a field is: its label (also its accessible name and the key of its buffer), its
/// size, and the hint it shows when empty.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    /// The label, without the "(confidential)" mark.
    pub label: &'a str,
    /// Marked and coloured as confidential.
    pub confidential: bool,
    /// Rows of a multi-line field; `None` for one line.
    pub rows: Option<usize>,
    /// Shown while the field is empty.
    pub hint: &'a str,
}

impl<'a> Spec<'a> {
    /// A one-line field.
    pub fn line(label: &'a str) -> Self {
        Spec {
            label,
            confidential: false,
            rows: None,
            hint: "",
        }
    }

    /// A multi-line field.
    pub fn area(label: &'a str, rows: usize) -> Self {
        Spec {
            rows: Some(rows),
            ..Spec::line(label)
        }
    }

    /// Marked as confidential.
    pub fn confidential(self) -> Self {
        Spec {
            confidential: true,
            ..self
        }
    }

    /// With a hint shown while empty.
    pub fn hint(self, hint: &'a str) -> Self {
        Spec { hint, ..self }
    }

    /// The widget id of the field in this `ui`.
    pub fn id(&self, ui: &Ui) -> Id {
        ui.make_persistent_id(("field", self.label))
    }
}

/// What a focused field keeps between frames.
#[derive(Debug, Clone)]
struct Buffer {
    /// The text as typed.
    text: String,
    /// The model's text as this field last left it: when the model's text is no longer
    /// this, something else changed the value and the buffer follows the model.
    model: String,
}

/// One frame of a field.
pub struct Edited {
    /// The text box.
    pub response: Response,
    /// The value changed.
    pub changed: bool,
    /// Why the text does not read, while it does not.
    pub problem: Option<String>,
}

/// Edit `value` through a buffer of the field's own. `show` writes the value as the field
/// shows it when it does not have the focus; `parse` reads what is typed (an `Err` says
/// why not). `add` puts the text box (already given its id, size, hint and colour) in the
/// ui, labelled as the caller lays it out.
pub fn keep<T: PartialEq>(
    ui: &mut Ui,
    spec: Spec<'_>,
    value: &mut T,
    show: impl Fn(&T) -> String,
    parse: impl Fn(&str) -> Result<T, String>,
    add: impl FnOnce(&mut Ui, TextEdit<'_>) -> Response,
) -> Edited {
    let id = spec.id(ui);
    let model = show(value);
    let kept = ui
        .memory(|m| m.has_focus(id))
        .then(|| ui.data(|d| d.get_temp::<Buffer>(id)))
        .flatten()
        .filter(|b| b.model == model);
    let mut text = kept.map_or_else(|| model.clone(), |b| b.text);
    let jumped = take_cursor_request(ui, id, spec.label, &text);
    let reads = |text: &str| text == model || parse(text).is_ok();
    let read_before = reads(&text);
    let mut edit = match spec.rows {
        Some(rows) => TextEdit::multiline(&mut text).desired_rows(rows),
        None => TextEdit::singleline(&mut text),
    }
    .id(id)
    .hint_text(spec.hint);
    if !read_before {
        edit = edit.text_color(theme::severity(Severity::Error));
    }
    let response = add(ui, edit);
    if jumped {
        response.scroll_to_me(Some(egui::Align::Center));
    }
    let mut changed = false;
    let mut problem = None;
    if text != model {
        match parse(&text) {
            Ok(v) if v != *value => {
                *value = v;
                changed = true;
            }
            Ok(_) => {}
            Err(why) => problem = Some(why),
        }
    }
    if read_before != problem.is_none() {
        // The colour was chosen before this frame's keys: draw again with the right one.
        ui.ctx().request_repaint();
    }
    if response.has_focus() {
        let model = if changed { show(value) } else { model };
        ui.data_mut(|d| d.insert_temp(id, Buffer { text, model }));
    } else {
        ui.data_mut(|d| d.remove::<Buffer>(id));
    }
    Edited {
        response,
        changed,
        problem,
    }
}

/// A field with its label above it, the full width, and why its text does not read (while
/// it does not) under it.
pub fn labelled_field<T: PartialEq>(
    ui: &mut Ui,
    spec: Spec<'_>,
    value: &mut T,
    show: impl Fn(&T) -> String,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Edited {
    let edited = keep(ui, spec, value, show, parse, |ui, edit| {
        labelled(ui, spec.label, spec.confidential, |ui| {
            ui.add(edit.desired_width(f32::INFINITY))
        })
    });
    problem_label(ui, edited.problem.as_deref());
    edited
}

/// Why a field's text does not read, in the error colour.
pub fn problem_label(ui: &mut Ui, problem: Option<&str>) {
    if let Some(why) = problem {
        ui.colored_label(theme::severity(Severity::Error), why);
    }
}

/// A text field bound to a string.
fn string(ui: &mut Ui, spec: Spec<'_>, value: &mut String) -> bool {
    labelled_field(ui, spec, value, String::clone, |s| Ok(s.to_string())).changed
}

/// A single-line text field. Returns true when changed.
pub fn text(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    string(ui, Spec::line(label), value)
}

/// A single-line field for confidential data, visibly marked.
pub fn confidential_text(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    string(ui, Spec::line(label).confidential(), value)
}

/// A multi-line text field.
pub fn area(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> bool {
    string(ui, Spec::area(label, rows), value)
}

/// A multi-line field for confidential text.
pub fn confidential_area(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> bool {
    string(ui, Spec::area(label, rows).confidential(), value)
}

/// The items of a list written as one text: split at `separator`, each trimmed, the
/// empty ones left out.
pub fn items(text: &str, separator: char) -> Vec<String> {
    text.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list edited as one text, its items separated by `separator` (written as `joiner`).
/// While the field has the focus the text keeps empty and trailing items as typed; the
/// model gets the non-empty items, trimmed.
pub fn list(
    ui: &mut Ui,
    spec: Spec<'_>,
    value: &mut Vec<String>,
    separator: char,
    joiner: &str,
) -> bool {
    labelled_field(
        ui,
        spec,
        value,
        |v| v.join(joiner),
        |s| Ok(items(s, separator)),
    )
    .changed
}

/// A list of lines edited as one text (one item a line).
pub fn lines(ui: &mut Ui, label: &str, value: &mut Vec<String>, rows: usize) -> bool {
    list(ui, Spec::area(label, rows), value, '\n', "\n")
}

/// A whole number.
pub fn number<T>(ui: &mut Ui, label: &str, value: &mut T) -> bool
where
    T: PartialEq + std::fmt::Display + std::str::FromStr,
{
    labelled_field(ui, Spec::line(label), value, T::to_string, |s| {
        s.trim()
            .parse()
            .map_err(|_| "write a whole number".to_string())
    })
    .changed
}

/// A passphrase field: what is typed shows as dots. Not bound to the model, so it needs
/// no buffer.
pub fn password(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    labelled(ui, label, false, |ui| {
        ui.add(
            TextEdit::singleline(value)
                .password(true)
                .desired_width(f32::INFINITY),
        )
    })
}

/// A request to put the cursor on a word in the field with a label.
#[derive(Debug, Clone)]
struct CursorRequest {
    label: String,
    word: String,
    /// The pass it was made in: a request no field takes soon is dropped.
    made: u64,
}

/// How many passes a cursor request waits for its field.
const REQUEST_PASSES: u64 = 10;

fn request_id() -> Id {
    Id::unique("field cursor request")
}

/// Ask the field labelled `label` to take the focus and select `word`, the next time it
/// shows with that word in it (after a jump to its object).
pub fn request_cursor(ctx: &egui::Context, label: &str, word: &str) {
    let request = CursorRequest {
        label: label.to_string(),
        word: word.to_string(),
        made: ctx.cumulative_pass_nr(),
    };
    ctx.data_mut(|d| d.insert_temp(request_id(), request));
    ctx.request_repaint();
}

/// Take a cursor request meant for this field: focus it and select the word. True when
/// taken.
fn take_cursor_request(ui: &Ui, id: Id, label: &str, text: &str) -> bool {
    let Some(request) = ui.data(|d| d.get_temp::<CursorRequest>(request_id())) else {
        return false;
    };
    let pass = ui.ctx().cumulative_pass_nr();
    if pass > request.made + REQUEST_PASSES {
        ui.data_mut(|d| d.remove::<CursorRequest>(request_id()));
        return false;
    }
    // Not in the pass of the click that made it: a field drawn after the click in that
    // pass would give the focus straight back ("clicked elsewhere").
    if pass == request.made || request.label != label || request.word.is_empty() {
        return false;
    }
    let Some(start) = text.find(&request.word) else {
        return false;
    };
    let first = text[..start].chars().count();
    let last = first + request.word.chars().count();
    let mut state = TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(first),
        CCursor::new(last),
    )));
    TextEdit::store_state(ui.ctx(), id, state);
    ui.memory_mut(|m| m.request_focus(id));
    ui.data_mut(|d| d.remove::<CursorRequest>(request_id()));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_trimmed_and_empty_ones_left_out() {
        assert_eq!(items("Gemma Rowe; ", ';'), ["Gemma Rowe"]);
        assert_eq!(items("a\n\n b \n", '\n'), ["a", "b"]);
        assert!(items("  ", ';').is_empty());
    }
}

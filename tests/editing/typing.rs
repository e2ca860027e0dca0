//! Fields keep what the person types: names with spaces, lists with a new last line, dates
//! typed digit by digit (with backspaces), dates written the UK way, dates that do not
//! read yet, and the leak check's jump to the word in its field.

use super::*;
use egui_kittest::kittest::NodeT;
use scr_workbench::export;
use scr_workbench::export::leak::Kind;

/// The person form's real-names field (its label says it is confidential).
const REAL_NAMES: &str = "Real names (separate with ;) (confidential)";
const TERMS: &str = "Terms of reference (one a line)";
const PUBLIC_SUMMARY: &str = "Anonymised account of the case (public)";

/// The text a labelled field shows.
fn value(h: &Harness<App>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// The sample in a window tall enough to show the people, last on the overview.
fn open_sample_tall() -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("sample.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_sized(app, egui::vec2(1600.0, 2400.0)), dir)
}

/// Add an entry in the chronology; the inspector shows it.
fn new_entry(h: &mut Harness<'static, App>) -> EventId {
    go(h, "Chronology");
    h.get_by_label("Add entry").click();
    h.run_steps(3);
    review(h).chronology.last().expect("entry").id
}

/// Add an action in the action plan; the inspector shows it.
fn new_action(h: &mut Harness<'static, App>) -> ActionId {
    go(h, "Action plan");
    h.get_by_label("Add action").click();
    h.run_steps(3);
    review(h).actions.last().expect("action").id
}

fn entry_date(h: &Harness<'static, App>, id: EventId) -> String {
    review(h).entry(id).expect("entry").date.to_string()
}

#[test]
fn a_real_name_typed_with_a_space_keeps_it_and_the_leak_check_finds_it() {
    let (mut h, _dir) = open_sample_tall();
    h.get_by_label("Add person").click();
    h.run_steps(3);
    let id = review(&h).people.last().expect("person").id;
    type_into(&mut h, REAL_NAMES, "Gemma Rowe");
    assert_eq!(
        value(&h, REAL_NAMES),
        "Gemma Rowe",
        "the field, while typing"
    );
    assert_eq!(
        review(&h).person(id).expect("person").real_names,
        ["Gemma Rowe"]
    );
    // A second name after the separator, a space typed after it as people do.
    type_keys(&mut h, "; G. Rowe");
    assert_eq!(
        review(&h).person(id).expect("person").real_names,
        ["Gemma Rowe", "G. Rowe"]
    );
    leave_field(&mut h);
    assert_eq!(value(&h, REAL_NAMES), "Gemma Rowe; G. Rowe");
    // The leak check now knows the first name alone.
    let mut r = review(&h).clone();
    r.details.public_case_summary = "Gemma was seen at school.".into();
    let hits = summary_hits(&r, &h.state().typologies);
    assert!(
        hits.iter()
            .any(|x| x.kind == Kind::Name && x.found == "Gemma"),
        "{hits:?}"
    );
}

#[test]
fn enter_at_the_end_of_a_list_field_starts_a_new_item() {
    let (mut h, _dir) = open_sample();
    type_into(&mut h, TERMS, "First item\nSecond item");
    assert_eq!(value(&h, TERMS), "First item\nSecond item");
    assert_eq!(
        review(&h).details.terms_of_reference,
        ["First item", "Second item"]
    );
    // A new last line, still empty, stays while the field is being edited ...
    type_keys(&mut h, "\n");
    assert_eq!(value(&h, TERMS), "First item\nSecond item\n");
    assert_eq!(review(&h).details.terms_of_reference.len(), 2);
    // ... and goes when the person leaves the field.
    leave_field(&mut h);
    assert_eq!(value(&h, TERMS), "First item\nSecond item");
}

#[test]
fn a_date_typed_digit_by_digit_with_backspaces_is_what_was_typed() {
    let (mut h, _dir) = open_sample();
    let id = new_entry(&mut h);
    type_into(&mut h, "Entry date", "2025-01-1\u{8}15");
    assert_eq!(value(&h, "Entry date"), "2025-01-15");
    assert_eq!(entry_date(&h, id), "2025-01-15");
    leave_field(&mut h);
    assert_eq!(value(&h, "Entry date"), "2025-01-15");
    assert_eq!(entry_date(&h, id), "2025-01-15");
}

#[test]
fn a_due_date_typed_2025_09_30_stays_30_september() {
    let (mut h, _dir) = open_sample();
    let id = new_action(&mut h);
    type_into(&mut h, "Due date", "2025-09-30");
    assert_eq!(value(&h, "Due date"), "2025-09-30");
    leave_field(&mut h);
    let due = review(&h)
        .actions
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.due);
    assert_eq!(due, Some(jiff::civil::date(2025, 9, 30)));
    assert_eq!(value(&h, "Due date"), "2025-09-30");
}

#[test]
fn uk_dates_are_read_day_first_and_say_how_they_were_read() {
    let (mut h, _dir) = open_sample();
    let id = new_entry(&mut h);
    type_into(&mut h, "Entry date", "30/09/2025");
    assert_eq!(value(&h, "Entry date"), "30/09/2025");
    assert_eq!(entry_date(&h, id), "2025-09-30");
    assert!(
        h.query_by_label_contains("Read as 30 September 2025")
            .is_some(),
        "the field says how it read the date"
    );
    // Uncertain forms, as the importer reads them, said in words.
    type_into(&mut h, "Entry date", "c. May 2016");
    assert_eq!(entry_date(&h, id), "c. 2016-05");
    assert!(
        h.query_by_label_contains("Read as about May 2016")
            .is_some()
    );
    // An exact-day field takes the month written out, too.
    let action = new_action(&mut h);
    type_into(&mut h, "Due date", "30 Sept 2025");
    leave_field(&mut h);
    let due = review(&h)
        .actions
        .iter()
        .find(|a| a.id == action)
        .and_then(|a| a.due);
    assert_eq!(due, Some(jiff::civil::date(2025, 9, 30)));
}

#[test]
fn a_date_that_does_not_read_says_why_and_changes_nothing() {
    let (mut h, _dir) = open_sample();
    let id = new_entry(&mut h);
    type_into(&mut h, "Entry date", "2025-01-15");
    leave_field(&mut h);
    type_into(&mut h, "Entry date", "31/02/2025");
    assert_eq!(value(&h, "Entry date"), "31/02/2025");
    assert!(
        h.query_by_label_contains("there is no day 31 in February 2025")
            .is_some(),
        "the reason shows beside the field"
    );
    assert_eq!(entry_date(&h, id), "2025-01-15", "the model unchanged");
    // Leaving the field drops what did not read: the field shows the date again.
    leave_field(&mut h);
    assert_eq!(value(&h, "Entry date"), "2025-01-15");
    assert!(h.query_by_label_contains("there is no day 31").is_none());
}

/// The characters selected in the focused text field, and that field's label.
fn selection(h: &Harness<App>) -> Option<(String, String)> {
    let id = h.ctx.memory(|m| m.focused())?;
    let range = egui::text_edit::TextEditState::load(&h.ctx, id)?
        .cursor
        .char_range()?;
    let node = h.query_by(|n| n.is_focused())?;
    let label = node.accesskit_node().label().unwrap_or_default();
    let text = node.value().unwrap_or_default();
    Some((label, range.slice_str(&text).to_string()))
}

#[test]
fn a_leak_check_hit_names_the_field_and_jumps_to_the_word() {
    let (mut h, _dir) = open_sample();
    let worker = review(&h)
        .people
        .iter()
        .find(|p| p.role == PersonRole::Practitioner && !p.real_names.is_empty())
        .expect("a practitioner")
        .clone();
    let surname = worker.real_names[0]
        .split_whitespace()
        .last()
        .expect("surname")
        .to_string();
    // Written into the public account of the case, and into a finding.
    focus(&mut h, PUBLIC_SUMMARY);
    h.key_press_modifiers(Modifiers::CTRL, K::End);
    h.run_steps(1);
    type_keys(&mut h, &format!(" Later {surname} visited."));
    leave_field(&mut h);
    let mut finding = review(&h).findings[0].clone();
    finding.in_this_case = format!("As {surname}'s notes show, {}", finding.in_this_case);
    let fid = finding.id;
    h.state_mut()
        .doc
        .apply(Edit::Put(Item::Finding(finding)), None);
    h.run_steps(2);

    h.key_press_modifiers(Modifiers::COMMAND, K::E);
    h.run_steps(3);
    // The hits say the field as the form labels it.
    let in_summary = format!("The case > {PUBLIC_SUMMARY}: real name \"{surname}\"");
    let in_finding =
        format!("Key findings > {fid} > How it showed in this case: real name \"{surname}\"");
    assert!(h.query_by_label_contains("public_case_summary").is_none());
    h.get_by_label(&in_summary).click();
    h.run_steps(4);
    assert_eq!(
        selection(&h),
        Some((PUBLIC_SUMMARY.to_string(), surname.clone())),
        "the cursor selects the word in the public account"
    );
    h.get_by_label(&in_finding).click();
    h.run_steps(4);
    assert_eq!(h.state().selection.primary, Some(Key::Finding(fid)));
    assert_eq!(
        selection(&h),
        Some(("How it showed in this case".to_string(), surname)),
        "the cursor selects the word in the finding"
    );
}

#[test]
fn every_leak_hit_in_an_editable_field_jumps_to_the_word_there() {
    let (mut h, _dir) = open_sample_tall();
    // A surname only one person has: one hit a place, so every link shows at once.
    let r = review(&h);
    let parts = |p: &Person| -> Vec<String> {
        p.real_names
            .iter()
            .flat_map(|n| n.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    let surname = r
        .people
        .iter()
        .filter_map(|p| p.real_names.first()?.split_whitespace().last())
        .find(|s| {
            r.people
                .iter()
                .filter(|p| parts(p).iter().any(|x| x == s))
                .count()
                == 1
        })
        .expect("a surname only one person has")
        .to_string();
    let planted = |text: &str| format!("{text} (seen by {surname})");
    let mut r = review(&h).clone();
    r.details.title = planted(&r.details.title);
    r.details.reason = planted(&r.details.reason);
    r.details.family_involvement = planted(&r.details.family_involvement);
    r.details.parallel_processes = planted(&r.details.parallel_processes);
    r.details.terms_of_reference.push(planted("A new term"));
    r.findings[0].headline = planted(&r.findings[0].headline);
    r.findings[0].why_it_matters = planted(&r.findings[0].why_it_matters);
    r.actions[0].text = planted(&r.actions[0].text);
    r.actions[0].success_measure = planted(&r.actions[0].success_measure);
    let doc = &mut h.state_mut().doc;
    doc.apply(Edit::Put(Item::Details(Box::new(r.details.clone()))), None);
    doc.apply(Edit::Put(Item::Finding(r.findings[0].clone())), None);
    doc.apply(Edit::Put(Item::Action(r.actions[0].clone())), None);
    h.run_steps(2);
    let hits = summary_hits(review(&h), &h.state().typologies);
    assert_eq!(hits.len(), 9, "one hit a planted field: {hits:?}");
    h.key_press_modifiers(Modifiers::COMMAND, K::E);
    h.run_steps(3);
    for hit in hits {
        h.get_by_label(&hit.to_string()).click();
        h.run_steps(4);
        assert_eq!(
            selection(&h),
            Some((hit.location.field_label().to_string(), surname.clone())),
            "{hit}"
        );
    }
}

#[test]
fn undo_while_typing_shows_the_undone_text_in_the_field() {
    let (mut h, _dir) = open_sample_tall();
    h.get_by_label("Add person").click();
    h.run_steps(3);
    let id = review(&h).people.last().expect("person").id;
    type_into(&mut h, REAL_NAMES, "Gemma Rowe");
    undo(&mut h);
    assert!(review(&h).person(id).expect("person").real_names.is_empty());
    assert_eq!(value(&h, REAL_NAMES), "", "the field follows the undo");
    type_keys(&mut h, "Ann ");
    assert_eq!(value(&h, REAL_NAMES), "Ann ");
}

#[test]
fn the_table_row_date_keeps_what_is_typed_too() {
    let (mut h, _dir) = open_sample();
    let id = new_entry(&mut h);
    // The table scrolls to the new entry's row, open for editing.
    h.run_steps(3);
    type_into(&mut h, "Row date", "2025-01-1\u{8}15");
    assert_eq!(value(&h, "Row date"), "2025-01-15");
    assert_eq!(entry_date(&h, id), "2025-01-15");
    type_into(&mut h, "Row date", "30/09/2025");
    assert_eq!(value(&h, "Row date"), "30/09/2025");
    assert_eq!(entry_date(&h, id), "2025-09-30");
}

#[test]
fn an_exact_day_can_be_picked_from_a_calendar() {
    let (mut h, _dir) = open_sample();
    let id = new_action(&mut h);
    type_into(&mut h, "Due date", "30/09/2025");
    leave_field(&mut h);
    h.get_by_label("Due date: calendar").click();
    h.run_steps(3);
    h.get_by_label(">").click();
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    let due = review(&h)
        .actions
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.due);
    assert_eq!(
        due,
        Some(jiff::civil::date(2025, 10, 1)),
        "a day on from 30 September"
    );
    assert_eq!(value(&h, "Due date"), "2025-10-01");
}

/// What the leak check finds in the executive summary of `r` (empty when it may be
/// published), through the one export path.
fn summary_hits(r: &Review, typologies: &[Typology]) -> Vec<export::leak::Hit> {
    export::pipeline::executive_summary(r, typologies)
        .err()
        .map(|e| e.into_hits())
        .unwrap_or_default()
}

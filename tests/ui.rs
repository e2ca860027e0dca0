//! The real workbench driven through egui_kittest by accessible labels, checking the
//! document after each step. No window is needed.
#![cfg(feature = "gui")]

use egui::{Key as K, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use scr_workbench::model::*;
use scr_workbench::store;
use scr_workbench::ui::App;
use std::path::{Path, PathBuf};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron")
}

fn harness_with(app: App) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run_steps(3);
    h
}

/// The sample review, opened from a private copy: a workbench the developer has open on
/// the real sample (which holds its lock) must not change what the tests see.
fn open_sample() -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("sample.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_with(app), dir)
}

fn review<'a>(h: &'a Harness<'static, App>) -> &'a Review {
    &h.state().doc.review
}

fn undo(h: &mut Harness<App>) {
    h.key_press_modifiers(Modifiers::COMMAND, K::Z);
    h.run_steps(2);
}

fn redo(h: &mut Harness<App>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, K::Z);
    h.run_steps(2);
}

/// Replace the text of a labelled field.
fn set_text(h: &mut Harness<App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, K::A);
    h.run_steps(1);
    if text.is_empty() {
        h.key_press(K::Delete);
    } else {
        h.get_by_label(label).type_text(text);
    }
    h.run_steps(2);
    assert_eq!(
        h.get_by_label(label).value().as_deref(),
        Some(text),
        "field {label}"
    );
}

fn go(h: &mut Harness<App>, workspace: &str) {
    h.get_by_label(workspace).click();
    h.run_steps(3);
}

#[test]
fn opens_the_sample_review() {
    let (h, _dir) = open_sample();
    let loaded = store::load(&sample_path()).expect("sample loads");
    assert_eq!(review(&h), &loaded);
    assert!(h.state().title().contains("sample.scr.ron"));
    assert!(!h.state().doc.is_dirty());
    // The overview shows the review's title in its field.
    assert_eq!(
        h.get_by_label("Title").value().as_deref(),
        Some(loaded.details.title.as_str())
    );
}

#[test]
fn add_entry_edit_date_and_agency_with_undo_and_redo() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Chronology");
    let before = review(&h).chronology.len();
    h.get_by_label("Add entry").click();
    h.run_steps(3);
    assert_eq!(review(&h).chronology.len(), before + 1);
    let id = review(&h).chronology.last().expect("entry").id;
    assert_eq!(h.state().selection.primary, Some(Key::Entry(id)));

    set_text(&mut h, "Entry date", "c. 2016-05");
    let entry = review(&h).entry(id).expect("entry").clone();
    assert_eq!(entry.date.to_string(), "c. 2016-05");

    let target = review(&h)
        .agencies
        .iter()
        .find(|a| a.id != entry.agency)
        .expect("another agency")
        .clone();
    h.get_by_label("Entry agency").click();
    h.run_steps(2);
    h.get_by_label(&target.name).click();
    h.run_steps(3);
    assert_eq!(review(&h).entry(id).expect("entry").agency, target.id);
    assert!(h.state().doc.is_dirty());
    assert!(h.state().title().starts_with('●'));

    undo(&mut h);
    assert_eq!(
        review(&h).entry(id).expect("entry").agency,
        entry.agency,
        "undo the agency"
    );
    undo(&mut h);
    assert_ne!(
        review(&h).entry(id).expect("entry").date.to_string(),
        "c. 2016-05",
        "undo the date"
    );
    undo(&mut h);
    assert_eq!(review(&h).chronology.len(), before, "undo the new entry");
    redo(&mut h);
    redo(&mut h);
    redo(&mut h);
    let e = review(&h).entry(id).expect("entry redone");
    assert_eq!(
        (e.date.to_string().as_str(), e.agency),
        ("c. 2016-05", target.id)
    );
}

#[test]
fn filter_the_table() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Chronology");
    let total = review(&h).chronology.len();
    assert!(
        h.query_by_label(&format!("{total} of {total} entries"))
            .is_some()
    );
    set_text(&mut h, "Filter", "E5");
    assert!(
        h.query_by_label(&format!("1 of {total} entries")).is_some(),
        "filter by id"
    );
    set_text(&mut h, "Filter", "");
    // Filter by agency: the count shown is that agency's entries.
    let agency = review(&h).agencies[0].clone();
    let expected = review(&h)
        .chronology
        .iter()
        .filter(|e| e.agency == agency.id)
        .count();
    h.get_by_label("Agency filter").click();
    h.run_steps(2);
    h.get_by_label(&agency.name).click();
    h.run_steps(3);
    assert!(
        h.query_by_label(&format!("{expected} of {total} entries"))
            .is_some(),
        "expected {expected} entries of {}",
        agency.name
    );
}

#[test]
fn create_an_episode_from_selected_entries() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Chronology");
    let order = scr_workbench::analysis::chronology::order(review(&h));
    let a = review(&h).chronology[order[0]].id;
    let b = review(&h).chronology[order[1]].id;
    h.get_by_label(&a.to_string()).click();
    h.run_steps(2);
    h.get_by_label(&b.to_string())
        .click_modifiers(Modifiers::COMMAND);
    h.run_steps(2);
    let before = review(&h).episodes.len();
    h.get_by_label("New episode from 2 selected").click();
    h.run_steps(3);
    assert_eq!(review(&h).episodes.len(), before + 1);
    let ep = review(&h).episodes.last().expect("episode").clone();
    let mut want = vec![a, b];
    want.sort();
    assert_eq!(ep.entries, want);
    assert_eq!(h.state().selection.primary, Some(Key::Episode(ep.id)));
    undo(&mut h);
    assert_eq!(review(&h).episodes.len(), before);
    redo(&mut h);
    assert_eq!(
        review(&h).episodes.last().map(|e| e.entries.clone()),
        Some(want)
    );
}

#[test]
fn add_two_factors_connect_and_code_them() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Factor graph");
    let before = review(&h).factors.len();
    let links_before = review(&h).links.len();
    h.get_by_label("Add factor").click();
    h.run_steps(3);
    h.get_by_label("Add factor").click();
    h.run_steps(3);
    assert_eq!(review(&h).factors.len(), before + 2);
    let second = review(&h).factors.last().expect("factor").id;
    let first = review(&h).factors[review(&h).factors.len() - 2].id;
    // The second is selected: link it to the first from the inspector.
    assert_eq!(h.state().selection.primary, Some(Key::Factor(second)));
    h.get_by_label("Add link to…").click();
    h.run_steps(2);
    let first_title = review(&h).factor(first).expect("first").title.clone();
    h.get_by_label("Find a factor").focus();
    h.run_steps(1);
    h.get_by_label("Find a factor")
        .type_text(&first.to_string());
    h.run_steps(2);
    h.get_by_label(&format!("{first} {first_title}")).click();
    h.run_steps(3);
    assert_eq!(review(&h).links.len(), links_before + 1);
    let link = review(&h).links.last().expect("link").clone();
    assert_eq!(
        (link.from, link.to),
        (Node::Factor(second), Node::Factor(first))
    );

    // Code it against a typology.
    h.get_by_label("Add code…").click();
    h.run_steps(2);
    h.get_by_label("Find a code").focus();
    h.run_steps(1);
    h.get_by_label("Find a code").type_text("LT6 ");
    h.run_steps(2);
    let code = h
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("LT6 "))
        .expect("a LT6 code offered");
    h.get_by_label(&code).click();
    h.run_steps(3);
    let f = review(&h).factor(second).expect("factor");
    assert_eq!(f.codes.len(), 1);
    assert_eq!(f.codes[0].code, "LT6");

    undo(&mut h);
    assert!(
        review(&h).factor(second).expect("factor").codes.is_empty(),
        "undo the code"
    );
    undo(&mut h);
    assert_eq!(review(&h).links.len(), links_before, "undo the link");
    undo(&mut h);
    undo(&mut h);
    assert_eq!(review(&h).factors.len(), before, "undo both factors");
    for _ in 0..4 {
        redo(&mut h);
    }
    assert_eq!(review(&h).factors.len(), before + 2);
    assert_eq!(review(&h).links.len(), links_before + 1);
    assert_eq!(review(&h).factor(second).expect("factor").codes.len(), 1);
}

#[test]
fn save_reload_and_compare() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("copy.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.open_path(&path);
    let mut h = harness_with(app);
    set_text(&mut h, "Title", "Renamed review");
    assert!(h.state().doc.is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(2);
    h.state_mut().wait_for_save();
    h.run_steps(2);
    assert!(!h.state().doc.is_dirty());
    let reloaded = store::load(&path).expect("reload");
    assert_eq!(&reloaded, review(&h));
    assert_eq!(reloaded.details.title, "Renamed review");
    assert_eq!(
        store::load(&store::backup_path(&path))
            .expect("backup")
            .details
            .title,
        store::load(&sample_path()).expect("sample").details.title
    );
}

#[test]
fn unsaved_changes_prompt_before_quitting() {
    let (mut h, _dir) = open_sample();
    set_text(&mut h, "Title", "Changed");
    h.key_press_modifiers(Modifiers::COMMAND, K::Q);
    h.run_steps(3);
    assert!(
        h.query_by_label("Save changes?").is_some(),
        "the prompt is shown"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.query_by_label("Save changes?").is_none());
    assert!(!h.state().quit_requested);
    assert_eq!(review(&h).details.title, "Changed", "nothing lost");
    h.key_press_modifiers(Modifiers::COMMAND, K::Q);
    h.run_steps(3);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert!(h.state().quit_requested);
}

#[test]
fn no_prompt_when_nothing_changed() {
    let (mut h, _dir) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, K::Q);
    h.run_steps(3);
    assert!(h.query_by_label("Save changes?").is_none());
    assert!(h.state().quit_requested);
}

#[test]
fn checks_workspace_lists_problems_and_jumps() {
    let mut r = store::load(&sample_path()).expect("sample");
    r.chronology[3].source.clear();
    let id = r.chronology[3].id;
    let mut h = harness_with(App::with_review(r, None));
    go(&mut h, "Checks (1)");
    let text = format!("{id} (source): entry has no source record (mandatory)");
    h.get_by_label(&text).click();
    h.run_steps(3);
    assert_eq!(h.state().selection.primary, Some(Key::Entry(id)));
    assert_eq!(
        h.state().workspace,
        scr_workbench::ui::Workspace::Chronology
    );
}

#[test]
fn a_broken_file_shows_an_error_in_the_window_and_keeps_the_review() {
    let dir = tempfile::tempdir().expect("temp");
    let bad = dir.path().join("bad.scr.ron");
    std::fs::write(&bad, "(format_version: 2, details: (title: 5))").expect("write");
    let (mut h, _dir) = open_sample();
    h.state_mut().open_path(&bad);
    h.run_steps(3);
    assert!(h.query_by_label("Something went wrong").is_some());
    assert!(h.query_by_label_contains("bad.scr.ron:1:").is_some());
    assert_eq!(
        review(&h),
        &store::load(&sample_path()).expect("sample"),
        "the open review is kept"
    );
}

#[test]
fn export_dialog_runs_the_leak_check_and_jumps_to_a_hit() {
    let (mut h, _dir) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, K::E);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("nothing confidential found")
            .is_some()
    );
    // Plant a practitioner's surname in a finding.
    let r = review(&h).clone();
    let worker = r
        .people
        .iter()
        .find(|p| p.role == PersonRole::Practitioner && !p.real_names.is_empty())
        .expect("a practitioner");
    let surname = worker.real_names[0]
        .split_whitespace()
        .last()
        .expect("surname")
        .to_lowercase();
    let mut finding = r.findings[0].clone();
    finding
        .in_this_case
        .push_str(&format!(" As {surname}'s notes show."));
    let id = finding.id;
    h.state_mut()
        .doc
        .apply(Edit::Put(Item::Finding(finding)), None);
    h.run_steps(3);
    // The hit names the field as the finding's form labels it.
    let hit = format!("Key findings > {id} > How it showed in this case: real name \"{surname}\"");
    assert!(h.query_by_label_contains("would be published").is_some());
    h.get_by_label(&hit).click();
    h.run_steps(3);
    assert_eq!(h.state().selection.primary, Some(Key::Finding(id)));
    assert!(
        h.get_by_label("Export executive summary…")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn recovery_copy_is_offered_after_a_crash_and_restores_the_changes() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    // First session: an unsaved change, a recovery copy written, then a "crash".
    {
        let mut app = App::new(None, None);
        app.recovery_dir = dir.path().join("data");
        app.autosave_interval = std::time::Duration::ZERO;
        app.open_path(&path);
        let mut h = harness_with(app);
        set_text(&mut h, "Title", "Changed before the crash");
        h.run_steps(2);
        h.state_mut().wait_for_autosave();
        assert_eq!(
            store::load(&path).expect("file").details.title,
            store::load(&sample_path()).expect("s").details.title,
            "the file itself untouched"
        );
        drop(h);
    }
    let recovery = store::recovery::path_for(Some(&path), &dir.path().join("data"));
    assert!(recovery.exists());
    // Next start: the prompt says what differs; restoring brings the change back, unsaved.
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("data");
    app.open_path(&path);
    let mut h = harness_with(app);
    assert!(h.query_by_label("Recover unsaved changes?").is_some());
    assert!(
        h.query_by_label_contains("review details: 1 changed")
            .is_some()
    );
    h.get_by_label("Restore the changes").click();
    h.run_steps(3);
    assert_eq!(review(&h).details.title, "Changed before the crash");
    assert!(h.state().doc.is_dirty());
    // Saving removes the recovery copy.
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(2);
    h.state_mut().wait_for_save();
    h.run_steps(2);
    assert!(!recovery.exists());
    assert_eq!(
        store::load(&path).expect("saved").details.title,
        "Changed before the crash"
    );
}

#[test]
fn discarding_changes_removes_the_recovery_copy() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.autosave_interval = std::time::Duration::ZERO;
    app.open_path(&path);
    let mut h = harness_with(app);
    set_text(&mut h, "Title", "Unwanted");
    h.run_steps(2);
    h.state_mut().wait_for_autosave();
    let recovery = store::recovery::path_for(Some(&path), &h.state().recovery_dir);
    assert!(recovery.exists());
    h.key_press_modifiers(Modifiers::COMMAND, K::Q);
    h.run_steps(3);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert!(!recovery.exists());
}

#[test]
fn a_second_instance_sees_the_lock_and_can_open_read_only() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let other = store::lock::Owner {
        user: "colleague".into(),
        host: "another-machine".into(),
        pid: 1,
        since: "2026-11-20T09:00:00Z".into(),
    };
    std::fs::write(
        store::lock::path_for(&path),
        serde_json::to_string(&other).expect("json"),
    )
    .expect("lock");
    let mut app = App::new(None, None);
    app.open_path(&path);
    let mut h = harness_with(app);
    assert!(h.query_by_label("This review is open elsewhere").is_some());
    assert!(
        h.query_by_label_contains("colleague has r.scr.ron open on another-machine")
            .is_some()
    );
    h.get_by_label("Open read-only").click();
    h.run_steps(3);
    assert!(h.state().read_only);
    assert!(h.state().title().contains("(read-only)"));
    let before = review(&h).clone();
    set_text_unchecked(&mut h, "Title", "Should not stick");
    assert_eq!(review(&h), &before, "no edit applied while read-only");
    assert_eq!(
        store::lock::holder(&path),
        Some(other),
        "the colleague's lock is untouched"
    );
}

#[test]
fn take_over_a_lock() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let other = store::lock::Owner {
        user: "colleague".into(),
        host: "another-machine".into(),
        pid: 1,
        since: String::new(),
    };
    std::fs::write(
        store::lock::path_for(&path),
        serde_json::to_string(&other).expect("json"),
    )
    .expect("lock");
    let mut app = App::new(None, None);
    app.open_path(&path);
    let mut h = harness_with(app);
    h.get_by_label("Take over").click();
    h.run_steps(3);
    assert!(!h.state().read_only);
    assert_eq!(
        store::lock::holder(&path).map(|o| o.pid),
        Some(std::process::id())
    );
}

#[test]
fn an_external_change_is_noticed_before_saving_over_it() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.open_path(&path);
    let mut h = harness_with(app);
    // Someone else edits the file on disk.
    let mut theirs = store::load(&path).expect("load");
    theirs.details.reference = "CHANGED-ELSEWHERE".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    store::save(&theirs, &path).expect("external save");
    set_text(&mut h, "Title", "Mine");
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(3);
    assert!(h.query_by_label("The file changed on disk").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert_eq!(
        store::load(&path).expect("load").details.reference,
        "CHANGED-ELSEWHERE",
        "their change kept"
    );
    assert!(h.state().doc.is_dirty(), "my change still open");
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(3);
    h.get_by_label("Overwrite").click();
    h.run_steps(3);
    h.state_mut().wait_for_save();
    assert_eq!(store::load(&path).expect("load").details.title, "Mine");
}

/// Type into a field without asserting the field kept the text (read-only views revert).
fn set_text_unchecked(h: &mut Harness<App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, K::A);
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(3);
}

#[test]
fn each_save_records_who_when_and_what_changed() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("r.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.prefs.user_name = "Lead reviewer".into();
    app.open_path(&path);
    let mut h = harness_with(app);
    let before = review(&h).audit.len();
    set_text(&mut h, "Title", "Audited");
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(2);
    h.state_mut().wait_for_save();
    let saved = store::load(&path).expect("load");
    assert_eq!(saved.audit.len(), before + 1);
    let rec = saved.audit.last().expect("record");
    assert_eq!(rec.who, "Lead reviewer");
    assert_eq!(rec.summary, "review details: 1 changed");
    assert!(rec.when.starts_with("20"), "{}", rec.when);
}

#[test]
fn select_an_entry_on_the_timeline_and_see_it_in_the_inspector() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Timeline");
    let first = {
        let r = review(&h);
        r.chronology[scr_workbench::analysis::chronology::order(r)[0]].clone()
    };
    let second = {
        let r = review(&h);
        r.chronology[scr_workbench::analysis::chronology::order(r)[1]].id
    };
    // Point at the middle of the timeline canvas (the central panel of a 1600x1000 window).
    h.event(egui::Event::PointerMoved(egui::pos2(700.0, 500.0)));
    h.run_steps(2);
    h.key_press(K::ArrowRight);
    h.run_steps(3);
    assert_eq!(h.state().selection.primary, Some(Key::Entry(first.id)));
    assert!(
        h.query_by_label("Chronology entry").is_some(),
        "the inspector shows the entry"
    );
    assert_eq!(
        h.get_by_label("Entry date").value(),
        Some(first.date.to_string())
    );
    h.key_press(K::ArrowRight);
    h.run_steps(3);
    assert_eq!(h.state().selection.primary, Some(Key::Entry(second)));
    // The table shares the selection.
    go(&mut h, "Chronology");
    assert_eq!(h.state().selection.primary, Some(Key::Entry(second)));
}

#[test]
fn workshop_mode_next_and_previous() {
    let (mut h, _dir) = open_sample();
    let n = review(&h).episodes.len();
    h.key_press(K::F11);
    h.run_steps(3);
    assert!(h.state().workshop);
    assert!(h.query_by_label(&format!("Episode 1 of {n}")).is_some());
    let first_title = review(&h).episodes[0].title.clone();
    assert!(h.query_by_label_contains(&first_title).is_some());
    h.get_by_label("Next episode").click();
    h.run_steps(3);
    assert!(h.query_by_label(&format!("Episode 2 of {n}")).is_some());
    h.key_press(K::ArrowRight);
    h.run_steps(3);
    assert!(h.query_by_label(&format!("Episode 3 of {n}")).is_some());
    h.key_press(K::ArrowLeft);
    h.run_steps(3);
    h.get_by_label("Previous episode").click();
    h.run_steps(3);
    assert!(h.query_by_label(&format!("Episode 1 of {n}")).is_some());
    // Quick capture edits the episode shown.
    let id = review(&h).episodes[0].id;
    let before = review(&h)
        .episode(id)
        .expect("episode")
        .practitioners_views
        .clone();
    h.get_by_label("Practitioners' views").focus();
    h.run_steps(1);
    h.get_by_label("Practitioners' views")
        .type_text(" Added in the workshop.");
    h.run_steps(3);
    assert_eq!(
        review(&h).episode(id).expect("episode").practitioners_views,
        format!("{before} Added in the workshop.")
    );
    h.get_by_label("Leave workshop mode").click();
    h.run_steps(3);
    assert!(!h.state().workshop);
}

#[test]
fn an_encrypted_review_asks_for_its_passphrase_and_stays_encrypted() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("locked.scr.ron");
    let sample = store::load(&sample_path()).expect("sample");
    let pass = store::Passphrase::new("tidy-lantern-orbit-47");
    store::save_with(&sample, &path, Some(&pass)).expect("encrypted");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("data");
    app.autosave_interval = std::time::Duration::ZERO;
    app.open_path(&path);
    let mut h = harness_with(app);
    assert!(h.query_by_label("This review is encrypted").is_some());
    // A wrong passphrase: told so, nothing opened.
    set_text_unchecked(&mut h, "Passphrase", "tidy-lantern-orbit-48");
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("That passphrase does not open this review. Nothing was changed.")
            .is_some()
    );
    assert_ne!(review(&h), &sample);
    // The right one opens it.
    set_text_unchecked(&mut h, "Passphrase", "tidy-lantern-orbit-47");
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert_eq!(review(&h), &sample);
    // A change: the recovery copy is encrypted; so is the saved file.
    set_text(&mut h, "Title", "Changed while encrypted");
    h.run_steps(2);
    h.state_mut().wait_for_autosave();
    let recovery = store::recovery::path_for(Some(&path), &dir.path().join("data"));
    let copy = std::fs::read(&recovery).expect("recovery copy");
    assert!(store::crypt::is_encrypted(&copy));
    h.key_press_modifiers(Modifiers::COMMAND, K::S);
    h.run_steps(2);
    h.state_mut().wait_for_save();
    h.run_steps(2);
    assert!(store::is_encrypted_file(&path));
    assert_eq!(
        store::load_with(&path, Some(&pass))
            .expect("opens")
            .details
            .title,
        "Changed while encrypted"
    );
    assert!(store::crypt::is_encrypted(
        &std::fs::read(store::backup_path(&path)).expect("backup")
    ));
}

/// Step the workbench until the import dialog's background check is done (bounded: the
/// check of a few thousand rows takes well under the bound even in debug).
fn settle_import(h: &mut Harness<App>) {
    for _ in 0..3000 {
        h.run_steps(1);
        if h.query_by_label("Import progress").is_none() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the import check did not finish");
}

/// Choose "New agency…" in the import dialog and name it.
fn import_for_new_agency(h: &mut Harness<App>, name: &str) {
    h.get_by_label("Agency the file comes from").click();
    h.run_steps(2);
    h.get_by_label("New agency…").click();
    h.run_steps(2);
    set_text(h, "New agency name", name);
    settle_import(h);
}

#[test]
fn import_dialog_maps_an_unknown_heading_by_hand() {
    let (mut h, dir) = open_sample();
    let file = dir.path().join("nursery.csv");
    std::fs::write(
        &file,
        "Datum,Details,Staff member\n03/05/2016,Child B arrived late and hungry.,Key person Jo\n04/05/2016,Bruise on arm noted.,Key person Jo\n05/05/2016,Absent.,\n",
    )
    .expect("written");
    let before = review(&h).chronology.len();
    h.state_mut().import_file(&file);
    h.run_steps(2);
    import_for_new_agency(&mut h, "Little Steps Nursery");
    // "Datum" is not a heading anyone recognises: no date, so nothing can be imported.
    assert!(h.query_by_label("Map column Datum").is_some());
    assert!(
        h.query_by_label_contains("need a decision before importing")
            .is_some()
    );
    h.get_by_label("Map column Datum").click();
    h.run_steps(2);
    let date = h
        .query_all_by_label("Date")
        .last()
        .expect("the Date choice in the open menu");
    date.click();
    h.run_steps(2);
    settle_import(&mut h);
    assert!(h.query_by_label_contains("need a decision").is_none());
    h.get_by_label("Import 3 entries").click();
    h.run_steps(3);
    let r = review(&h);
    assert_eq!(r.chronology.len(), before + 3);
    let agency = r
        .agencies
        .iter()
        .find(|a| a.name == "Little Steps Nursery")
        .expect("the new agency");
    assert_eq!(
        agency.import_columns.get("datum"),
        Some(&ColumnField::Date),
        "the hand mapping is remembered for the agency"
    );
    let mut new: Vec<&ChronologyEntry> = r
        .chronology
        .iter()
        .filter(|e| e.agency == agency.id)
        .collect();
    new.sort_by_key(|e| e.date);
    let dates: Vec<String> = new.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(dates, ["2016-05-03", "2016-05-04", "2016-05-05"]);
    assert!(new[0].detail.contains("Staff member: Key person Jo"));
    assert!(new[0].summary.is_empty());
    // One undo takes the whole import back, the agency too.
    undo(&mut h);
    assert_eq!(review(&h).chronology.len(), before);
    assert!(
        review(&h)
            .agencies
            .iter()
            .all(|a| a.name != "Little Steps Nursery")
    );
}

#[test]
fn import_of_five_thousand_rows_shows_progress_then_the_entries() {
    let (mut h, dir) = open_sample();
    let file = dir.path().join("big.csv");
    let mut text = String::from("Date,Time,Event type,Details\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "{:02}/{:02}/{},{:02}:{:02},Home visit,Visit number {i} to the family.\n",
            1 + i % 28,
            1 + (i / 28) % 12,
            2010 + i / 336,
            8 + i % 10,
            i % 60
        ));
    }
    std::fs::write(&file, text).expect("written");
    let before = review(&h).chronology.len();
    h.state_mut().import_file(&file);
    h.run_steps(2);
    h.get_by_label("Agency the file comes from").click();
    h.run_steps(2);
    h.get_by_label("New agency…").click();
    h.run_steps(2);
    h.get_by_label("New agency name").focus();
    h.run_steps(1);
    h.get_by_label("New agency name").type_text("Housing");
    h.run_steps(2);
    // The check runs in the background: the window keeps drawing, with a progress bar.
    assert!(
        h.query_by_label("Import progress").is_some(),
        "progress shown while the rows are checked"
    );
    settle_import(&mut h);
    h.get_by_label("Import 5000 entries").click();
    h.run_steps(3);
    assert_eq!(review(&h).chronology.len(), before + 5000);
}

#[test]
fn collation_workspace_collates_a_folder_and_drills_down_to_the_reviews() {
    use scr_workbench::export::typology_return as tr;
    use std::collections::{BTreeMap, BTreeSet};
    let dir = tempfile::tempdir().expect("temp");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("returns")).expect("folder");
    let typs = store::typologies::builtin();
    // Which reviews carry each factor code, computed from the generated reviews.
    let mut expected: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for i in 1..=12u64 {
        let r = scr_workbench::synth::corpus_review(scr_workbench::synth::CORPUS, i);
        let reference = if i % 4 == 0 {
            let name = format!("returns/return-{i:02}.json");
            let ret = tr::build(&r, &typs, tr::Options::default());
            std::fs::write(corpus.join(&name), tr::to_json(&ret)).expect("write");
            name
        } else {
            store::save(&r, &corpus.join(format!("review-{i:02}.scr.ron"))).expect("save");
            r.details.reference.clone()
        };
        for f in &r.factors {
            for c in &f.codes {
                expected
                    .entry((c.typology.clone(), c.code.clone()))
                    .or_default()
                    .insert(reference.clone());
            }
        }
    }
    // The table shows the 20 codes in most reviews (ties in typology and code order):
    // take the first of them that is not in every review.
    let mut ranked: Vec<(&(String, String), &BTreeSet<String>)> = expected.iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let ((_, code), refs) = ranked
        .iter()
        .take(20)
        .find(|(_, refs)| refs.len() < 12)
        .copied()
        .expect("a code not in every review");
    let (code, refs) = (code.clone(), refs.clone());
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    let mut h = harness_with(app);
    go(&mut h, "Collation");
    set_text(
        &mut h,
        "Folder to collate",
        corpus.to_str().expect("utf-8 path"),
    );
    h.get_by_label("Add folder").click();
    h.run_steps(2);
    h.get_by_label("Collate").click();
    let mut done = false;
    for _ in 0..600 {
        h.run_steps(1);
        if h.query_by_label("12 reviews counted from 12 files")
            .is_some()
        {
            done = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(done, "the collation did not finish");
    h.run_steps(2);
    let button = format!("{code} among factors: {} reviews", refs.len());
    h.get_by_label(&button).click();
    h.run_steps(3);
    assert!(
        h.query_by_label_contains(&format!("{} reviews, ", refs.len()))
            .is_some()
    );
    for reference in &refs {
        assert!(
            h.query_by_label_contains(&format!("{reference} · "))
                .is_some(),
            "{reference} is not listed"
        );
    }
    // And none of the others.
    for other in expected.values() {
        for reference in other.difference(&refs) {
            assert!(
                h.query_by_label_contains(&format!("{reference} · "))
                    .is_none(),
                "{reference} is listed but does not carry {code}"
            );
        }
    }
}

/// Run frames until `label` (a part of it) shows, for work done in the background.
fn wait_for_label(h: &mut Harness<App>, label: &str) {
    for _ in 0..3000 {
        h.run_steps(1);
        if h.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("\"{label}\" never showed");
}

#[test]
fn export_dialog_writes_the_chronology_table_and_the_agency_extracts() {
    use calamine::Reader;
    let (mut h, dir) = open_sample();
    let r = review(&h).clone();
    h.key_press_modifiers(Modifiers::COMMAND, K::E);
    h.run_steps(3);

    // The chronology as a workbook, without the confidential columns.
    h.get_by_label("Chronology table (CSV or Excel)").click();
    h.run_steps(2);
    h.get_by_label("Excel workbook (.xlsx)").click();
    h.run_steps(2);
    let xlsx = dir.path().join("chronology.xlsx");
    h.state_mut().export_to(&xlsx);
    h.get_by_label("Export chronology…").click();
    wait_for_label(&mut h, "Written to");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("a workbook");
    let sheet = wb.worksheet_range("Chronology").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), r.chronology.len() + 1);
    assert!(rows[0].iter().any(|h| h == "Public summary"));
    assert!(
        !rows[0]
            .iter()
            .any(|h| h.contains("confidential") || h.contains("comment")),
        "{:?}",
        rows[0]
    );
    for e in &r.chronology {
        assert!(
            rows.iter()
                .any(|row| row[0] == e.id.to_string() && row.contains(&e.summary)),
            "{} is in the table with its summary",
            e.id
        );
    }

    // The extracts: a PDF and a workbook per agency with entries, in the chosen folder.
    h.get_by_label("Factual-accuracy extracts (a PDF and a workbook per agency)")
        .click();
    h.run_steps(2);
    let folder = dir.path().join("extracts");
    std::fs::create_dir(&folder).expect("folder");
    h.state_mut().export_to(&folder);
    h.get_by_label("Export extracts to a folder…").click();
    let agencies = r.involved_agencies();
    wait_for_label(&mut h, &format!("{} files written to", agencies.len() * 2));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = agencies
        .iter()
        .flat_map(|a| {
            let stem = scr_workbench::export::extracts::file_stem(&r, *a);
            [format!("{stem}.pdf"), format!("{stem}.xlsx")]
        })
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in names.iter().filter(|n| n.ends_with(".pdf")) {
        let bytes = std::fs::read(folder.join(name)).expect("read");
        assert!(bytes.starts_with(b"%PDF-"), "{name} is a PDF");
    }
}

#[test]
fn a_damaged_workbook_shows_its_message_in_the_import_dialog_and_changes_nothing() {
    let (mut h, _dir) = open_sample();
    let before = review(&h).clone();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/import-xls-sector-chain-loop.xls");
    h.state_mut().import_file(&file);
    h.run_steps(2);
    import_for_new_agency(&mut h, "Damaged Spreadsheet Service");
    wait_for_label(
        &mut h,
        "import-xls-sector-chain-loop.xls: the workbook is damaged: the directory loops back on itself",
    );
    assert_eq!(review(&h), &before);
}

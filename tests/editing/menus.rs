//! Long menus that work: the filter box of an evidence picker or a typology code menu
//! takes focus and keystrokes, keeps the menu open, finds by id, text and date, and
//! Up/Down and Enter choose.

use super::*;
use egui::accesskit::Role;
use egui_kittest::kittest::NodeT;
use jiff::civil::Date;

/// The sample review with one change, saved to a private file and opened.
fn open_changed(change: impl FnOnce(&mut Review)) -> (Harness<'static, App>, tempfile::TempDir) {
    let mut r = scr_workbench::store::load(&sample_path()).expect("sample loads");
    change(&mut r);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("changed.scr.ron");
    scr_workbench::store::save(&r, &path).expect("save");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_with(app), dir)
}

/// Show a finding in the Findings workspace by clicking it in the list.
fn open_finding(h: &mut Harness<'static, App>, id: FindingId) {
    go(h, "Findings");
    let headline = review(h).finding(id).expect("finding").headline.clone();
    h.get_by_label(&headline).click();
    h.run_steps(3);
}

/// Show an episode in the Episodes workspace by clicking it in the list.
fn open_episode(h: &mut Harness<'static, App>, id: EpisodeId) {
    go(h, "Episodes");
    let title = review(h).episode(id).expect("episode").title.clone();
    h.get_by_label(&title).click();
    h.run_steps(3);
}

/// Open a menu by its button, then click into its filter box as a person would.
fn open_menu_and_click_filter(h: &mut Harness<App>, button: &str, filter: &str) {
    h.get_by_label(button).click();
    h.run_steps(3);
    h.get_by_label(filter).click();
    h.run_steps(2);
    assert!(
        h.query_by_label(filter).is_some(),
        "the menu closed when its filter box \"{filter}\" was clicked"
    );
}

/// The labels of the buttons offered whose label starts like a chronology entry's
/// ("E12 · …"): the candidates of an entry picker (chosen entries are links, not buttons).
fn entry_candidates(h: &Harness<App>) -> Vec<String> {
    h.get_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| {
            l.strip_prefix('E').is_some_and(|rest| {
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && rest[digits..].starts_with(" · ")
            })
        })
        .collect()
}

/// The entry id a candidate label starts with.
fn id_of(label: &str) -> EventId {
    let digits: String = label[1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    EventId(digits.parse().expect("an entry id"))
}

/// The labels of the buttons offered that start with a typology code (the candidates of
/// a code menu, indented by depth).
fn code_candidates(h: &Harness<App>, prefix: &str) -> Vec<String> {
    h.get_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.trim_start().starts_with(prefix))
        .collect()
}

#[test]
fn evidence_picker_takes_an_id_typed_key_by_key_and_enter_chooses_it() {
    let (mut h, _dir) = open_sample();
    let finding = FindingId(1);
    let want = EventId(92);
    assert!(review(&h).entry(want).is_some(), "the sample has E92");
    assert!(
        !review(&h)
            .finding(finding)
            .expect("finding")
            .evidence_entries
            .contains(&want),
        "E92 is not yet evidence"
    );
    open_finding(&mut h, finding);
    open_menu_and_click_filter(&mut h, "Add to evidence entries…", "Find evidence entries");
    type_keys(&mut h, "e92");
    assert!(
        h.query_by_label("Find evidence entries").is_some(),
        "the menu stays open while typing"
    );
    assert_eq!(
        h.get_by_label("Find evidence entries").value().as_deref(),
        Some("e92"),
        "the filter box took every key"
    );
    let shown = entry_candidates(&h);
    assert_eq!(
        shown.iter().map(|l| id_of(l)).collect::<Vec<_>>(),
        vec![want],
        "the list narrowed to E92: {shown:?}"
    );
    h.key_press(K::Enter);
    h.run_steps(3);
    let f = review(&h).finding(finding).expect("finding");
    assert!(f.evidence_entries.contains(&want), "Enter added E92");
    assert!(
        h.query_by_label("Find evidence entries").is_some(),
        "the menu stays open for the next pick"
    );
    assert!(
        entry_candidates(&h).is_empty(),
        "E92, now chosen, is no longer offered"
    );
    h.key_press(K::Escape);
    h.run_steps(3);
    assert!(
        h.query_by_label("Find evidence entries").is_none(),
        "Escape closes the menu"
    );
    undo(&mut h);
    assert!(
        !review(&h)
            .finding(finding)
            .expect("finding")
            .evidence_entries
            .contains(&want),
        "undo removes it again"
    );
}

#[test]
fn an_entry_with_no_summary_shows_its_detail_and_is_found_by_a_word_of_it() {
    let episode = EpisodeId(1);
    let target = EventId(80);
    // The entry as an import leaves it: confidential detail, no public summary yet.
    let (mut h, _dir) = open_changed(|r| {
        let e = r
            .chronology
            .iter_mut()
            .find(|e| e.id == target)
            .expect("E80");
        e.summary.clear();
    });
    let r = review(&h);
    let entry = r.entry(target).expect("entry");
    assert!(!r.episode(episode).expect("ep").entries.contains(&target));
    // A word of its detail that no other entry has anywhere, so the search can only be
    // answered by the detail.
    let elsewhere = |w: &str| {
        r.chronology.iter().filter(|e| e.id != target).any(|e| {
            [
                &e.summary,
                &e.detail,
                &e.outcome,
                &e.comment,
                &e.source,
                &e.event_type,
            ]
            .iter()
            .any(|t| t.to_lowercase().contains(w))
        })
    };
    let word = entry
        .detail
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .find(|w| w.chars().count() >= 6 && !elsewhere(w))
        .expect("a distinctive word in the detail");
    let detail_start: String = entry.detail.chars().take(20).collect();

    open_episode(&mut h, episode);
    open_menu_and_click_filter(&mut h, "Add to entries…", "Find entries");
    type_keys(&mut h, &word);
    let shown = entry_candidates(&h);
    assert_eq!(
        shown.iter().map(|l| id_of(l)).collect::<Vec<_>>(),
        vec![target],
        "\"{word}\" found the entry by its detail: {shown:?}"
    );
    assert!(
        shown[0].contains("(detail, confidential)") && shown[0].contains(&detail_start),
        "the entry shows its detail, marked confidential: {:?}",
        shown[0]
    );
    h.key_press(K::Enter);
    h.run_steps(3);
    assert!(
        review(&h)
            .episode(episode)
            .expect("ep")
            .entries
            .contains(&target),
        "Enter added it to the episode"
    );
}

/// The entries dated on a day of the given month (exact days only), in id order.
fn entries_in(r: &Review, year: i16, month: i8) -> Vec<EventId> {
    let mut ids: Vec<EventId> = r
        .chronology
        .iter()
        .filter(|e| {
            matches!(e.date, EventDate::On(DatePoint::Day(d)) if d.year() == year && d.month() == month)
        })
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_date_typed_finds_the_entries_on_that_date_and_arrows_choose() {
    let (mut h, _dir) = open_sample();
    let finding = FindingId(1);
    let evidence = review(&h)
        .finding(finding)
        .expect("finding")
        .evidence_entries
        .clone();
    let march: Vec<EventId> = entries_in(review(&h), 2022, 3)
        .into_iter()
        .filter(|id| !evidence.contains(id))
        .collect();
    assert!(march.len() >= 2, "the sample has entries in March 2022");
    open_finding(&mut h, finding);
    open_menu_and_click_filter(&mut h, "Add to evidence entries…", "Find evidence entries");

    let shown_ids = |h: &Harness<App>| {
        let mut ids: Vec<EventId> = entry_candidates(h).iter().map(|l| id_of(l)).collect();
        ids.sort();
        ids
    };
    type_keys(&mut h, "2022-03");
    assert_eq!(
        shown_ids(&h),
        march,
        "2022-03 finds the entries of March 2022"
    );

    clear_focused(&mut h);
    type_keys(&mut h, "March 2022");
    assert_eq!(shown_ids(&h), march, "March 2022 finds the same entries");

    // "8 March" finds 8 March 2022 and not 18 or 28 March.
    let eighth = Date::new(2022, 3, 8).expect("date");
    let on_eighth: Vec<EventId> = review(&h)
        .chronology
        .iter()
        .filter(|e| e.date == EventDate::On(DatePoint::Day(eighth)))
        .map(|e| e.id)
        .collect();
    assert!(
        !on_eighth.is_empty(),
        "the sample has an entry on 8 March 2022"
    );
    clear_focused(&mut h);
    type_keys(&mut h, "8 March");
    let shown = shown_ids(&h);
    for id in &on_eighth {
        assert!(shown.contains(id), "8 March finds {id}: {shown:?}");
    }
    assert!(
        shown.iter().all(|id| {
            let e = review(&h).entry(*id).expect("entry");
            e.date.human().starts_with("8 March") || !e.date.human().contains("March")
        }),
        "8 March finds no other March day: {shown:?}"
    );

    // Down moves the highlight to the second candidate, Enter chooses it.
    clear_focused(&mut h);
    type_keys(&mut h, "2022-03");
    let order: Vec<EventId> = entry_candidates(&h).iter().map(|l| id_of(l)).collect();
    h.key_press(K::ArrowDown);
    h.run_steps(2);
    h.key_press(K::Enter);
    h.run_steps(3);
    let now = &review(&h)
        .finding(finding)
        .expect("finding")
        .evidence_entries;
    assert!(
        now.contains(&order[1]),
        "Down then Enter chose the second candidate"
    );
    assert!(!now.contains(&order[0]), "and not the first");
    assert_eq!(now.len(), evidence.len() + 1, "one entry added");
}

#[test]
fn a_typology_code_menu_is_filtered_by_typing() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Factor graph");
    h.get_by_label("Add factor").click();
    h.run_steps(3);
    let factor = review(&h).factors.last().expect("factor").id;
    open_menu_and_click_filter(&mut h, "Add code…", "Find a code");
    type_keys(&mut h, "np2.3");
    assert!(
        h.query_by_label("Find a code").is_some(),
        "the menu stays open while typing"
    );
    let shown = code_candidates(&h, "NP");
    assert_eq!(shown.len(), 1, "narrowed to one code: {shown:?}");
    assert!(shown[0].trim_start().starts_with("NP2.3 "), "{shown:?}");
    h.key_press(K::Enter);
    h.run_steps(3);
    let codes = &review(&h).factor(factor).expect("factor").codes;
    assert_eq!(
        codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        ["NP2.3"],
        "Enter added the code"
    );
}

#[test]
fn a_findings_category_is_chosen_by_typing_a_word_of_its_name() {
    let (mut h, _dir) = open_sample();
    let finding = FindingId(1);
    open_finding(&mut h, finding);
    h.get_by_label("Typology category").click();
    h.run_steps(3);
    h.get_by_label("Find a category").click();
    h.run_steps(2);
    type_keys(&mut h, "curiosity");
    assert!(
        h.query_by_label("Find a category").is_some(),
        "the menu stays open while typing"
    );
    let shown = code_candidates(&h, "NP3");
    assert_eq!(shown.len(), 1, "narrowed to one code: {shown:?}");
    h.key_press(K::Enter);
    h.run_steps(3);
    let category = review(&h)
        .finding(finding)
        .expect("finding")
        .category
        .clone();
    assert_eq!(
        category.map(|c| c.code),
        Some("NP3.1".to_string()),
        "Enter chose Professional curiosity"
    );
    assert!(
        h.query_by_label("Find a category").is_none(),
        "a single choice closes the menu"
    );
}

#[test]
fn the_filter_box_has_the_keyboard_as_soon_as_the_menu_opens() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Factor graph");
    h.get_by_label("Add factor").click();
    h.run_steps(3);
    let from = review(&h).factors.last().expect("factor").id;
    let to = review(&h).factors[0].id;
    let links = review(&h).links.len();
    h.get_by_label("Add link to…").click();
    h.run_steps(3);
    assert!(
        h.get_by_label("Find a factor").is_focused(),
        "the filter box has the keyboard when the menu opens"
    );
    // No click into the box: the keys go straight in.
    type_keys(&mut h, &to.to_string().to_lowercase());
    h.key_press(K::Enter);
    h.run_steps(3);
    assert_eq!(review(&h).links.len(), links + 1, "Enter added a link");
    let link = review(&h).links.last().expect("link");
    assert_eq!((link.from, link.to), (Node::Factor(from), Node::Factor(to)));
    assert!(
        h.query_by_label("Find a factor").is_none(),
        "adding a link closes its menu"
    );
}

#[test]
fn thousands_of_entries_list_two_hundred_and_say_how_many_more() {
    let size = scr_workbench::synth::Size {
        entries: 3000,
        ..scr_workbench::synth::Size::TYPICAL
    };
    let r = scr_workbench::synth::review(size, 7);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("large.scr.ron");
    scr_workbench::store::save(&r, &path).expect("save");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    let mut h = harness_with(app);
    let finding = review(&h).findings[0].id;
    let chosen = review(&h).findings[0].evidence_entries.len();
    let total = review(&h).chronology.len();
    open_finding(&mut h, finding);
    open_menu_and_click_filter(&mut h, "Add to evidence entries…", "Find evidence entries");
    assert_eq!(entry_candidates(&h).len(), 200, "the list is capped");
    let more = format!("{} more: type to narrow", total - chosen - 200);
    assert!(h.query_by_label(&more).is_some(), "\"{more}\" is shown");
    let want = review(&h)
        .chronology
        .iter()
        .map(|e| e.id)
        .find(|id| {
            id.0 >= 1000
                && id.0 * 10 > total as u32
                && !review(&h).findings[0].evidence_entries.contains(id)
        })
        .expect("an entry with a four-digit id");
    type_keys(&mut h, &want.to_string());
    let shown = entry_candidates(&h);
    assert_eq!(
        shown.iter().map(|l| id_of(l)).collect::<Vec<_>>(),
        vec![want],
        "typing its id narrowed thousands to one: {shown:?}"
    );
    assert!(
        h.query_by_label_contains("more: type to narrow").is_none(),
        "nothing more to say once narrowed"
    );
}

//! The smaller points of "Editing you can trust": where a new factor lands, the
//! inspector's width, workshop mode's factors, what undo says, tables and the graph at
//! common window sizes, plurals, an episode's period and the shortcut list.

use super::*;
use egui::{Rect, vec2};
use egui_kittest::kittest::NodeT;

/// The two window sizes the issue names, and the ones between where tables were cut off.
const SMALL: egui::Vec2 = egui::Vec2::new(1280.0, 720.0);
const LARGE: egui::Vec2 = egui::Vec2::new(1920.0, 1080.0);

/// A new, empty review in the app, at a window size.
fn new_review(size: egui::Vec2) -> Harness<'static, App> {
    let app = App::with_review(Review::new(ReviewKind::default()), None);
    harness_sized(app, size)
}

/// The sample at a window size, opened from a private copy.
fn sample_sized(size: egui::Vec2) -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("sample.scr.ron");
    std::fs::copy(sample_path(), &path).expect("copy");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_sized(app, size), dir)
}

/// Where a labelled widget is on the screen.
fn rect_of(h: &Harness<App>, label: &str) -> Rect {
    h.get_by_label(label).rect()
}

/// The left edge of the inspector: where its heading starts (less the panel's margin,
/// which is the same whatever is selected).
fn inspector_left(h: &Harness<App>, heading: &str) -> f32 {
    rect_of(h, heading).left()
}

/// Whether a label with `text` in it shows.
fn has_label(h: &Harness<App>, text: &str) -> bool {
    h.query_by_label_contains(text).is_some()
}

/// Two boxes of the factor graph's nodes overlap when their centres are closer than half
/// their widths and heights together. Nodes are at most 170 units wide (the outcome 280)
/// and about 60 tall: centres this far apart cannot overlap.
fn clear_of(a: Point, b: Point, widths: f32) -> bool {
    (a.x - b.x).abs() >= widths / 2.0 || (a.y - b.y).abs() >= 70.0
}

#[test]
fn a_new_factor_is_placed_clear_of_the_outcome_and_of_other_factors() {
    for size in [SMALL, LARGE] {
        let mut h = new_review(size);
        go(&mut h, "Factor graph");
        h.get_by_label("Add factor").click();
        h.run_steps(3);
        h.get_by_label("Add factor").click();
        h.run_steps(3);
        let r = review(&h);
        assert_eq!(r.factors.len(), 2);
        let outcome = r.outcome.position;
        let (a, b) = (r.factors[0].position, r.factors[1].position);
        assert!(
            clear_of(a, outcome, 170.0 + 280.0),
            "F1 at {a:?} lies on the outcome at {outcome:?}"
        );
        assert!(
            clear_of(b, outcome, 170.0 + 280.0),
            "F2 at {b:?} lies on the outcome at {outcome:?}"
        );
        assert!(
            clear_of(a, b, 170.0 + 170.0),
            "F2 at {b:?} lies on F1 at {a:?}"
        );
    }
}

#[test]
fn the_inspector_keeps_its_width_whatever_is_selected() {
    let (mut h, _dir) = sample_sized(vec2(1600.0, 1000.0));
    go(&mut h, "Factor graph");
    let canvas = rect_of(&h, "Factor graph diagram").width();
    h.get_by_label("List").click();
    h.run_steps(2);
    h.get_by_label("Workforce pressures in children's social care")
        .click();
    h.run_steps(3);
    let with_factor = inspector_left(&h, "Contributory factor");
    h.get_by_label_contains("Outcome: ").click();
    h.run_steps(3);
    let with_outcome = inspector_left(&h, "Outcome");
    assert_eq!(
        with_factor, with_outcome,
        "the inspector starts at x = {with_factor} with a factor selected, at x = {with_outcome} with the outcome"
    );
    h.get_by_label("Diagram").click();
    h.run_steps(3);
    assert_eq!(
        rect_of(&h, "Factor graph diagram").width(),
        canvas,
        "the diagram changed width when the selection changed"
    );
}

#[test]
fn workshop_mode_shows_a_factor_whose_evidence_entry_is_in_the_episode() {
    let (mut h, _dir) = open_sample();
    // F35 rests on E34, one of KPE3's entries, without naming KPE3 itself, and is
    // linked to no factor that names KPE3.
    let r = review(&h);
    let f35 = r.factor(FactorId(35)).expect("F35 in the sample");
    let kpe3 = r.episode(EpisodeId(3)).expect("KPE3 in the sample");
    assert!(f35.evidence_entries.contains(&EventId(34)) && kpe3.entries.contains(&EventId(34)));
    assert!(!f35.evidence_episodes.contains(&EpisodeId(3)));
    let (title, episode) = (f35.title.clone(), kpe3.title.clone());
    go(&mut h, "Episodes");
    h.get_by_label_contains(&episode).click();
    h.run_steps(3);
    h.get_by_label("Workshop mode").click();
    h.run_steps(4);
    assert!(
        has_label(&h, "Episode 3 of 9"),
        "workshop mode is not on KPE3"
    );
    assert!(
        has_label(&h, &title),
        "workshop mode on KPE3 leaves out F35 \"{title}\""
    );
}

#[test]
fn undo_and_redo_say_what_they_undid() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Factor graph");
    h.get_by_label("Add factor").click();
    h.run_steps(3);
    let id = review(&h).factors.last().expect("a factor").id;
    assert_eq!(id, FactorId(39));
    undo(&mut h);
    assert!(
        has_label(&h, "Undid: new factor F39"),
        "the status bar does not say what undo undid"
    );
    assert!(review(&h).factor(id).is_none());
    // Ctrl+Y redoes, as Ctrl+Shift+Z does.
    h.key_press_modifiers(Modifiers::COMMAND, K::Y);
    h.run_steps(2);
    assert!(review(&h).factor(id).is_some(), "Ctrl+Y did not redo");
    assert!(
        has_label(&h, "Redid: new factor F39"),
        "the status bar does not say what redo redid"
    );
    // A change to an object names the object (F39 is still selected).
    type_into(&mut h, "Title", "Shift handover");
    leave_field(&mut h);
    undo(&mut h);
    assert!(
        has_label(&h, "Undid: change to F39"),
        "the status bar does not say what undo undid"
    );
}

#[test]
fn the_overview_tables_fit_beside_the_inspector() {
    for width in [1280.0, 1400.0, 1500.0, 1600.0] {
        // Tall, so that every row of every table is drawn (rows out of view are not).
        let (h, _dir) = sample_sized(vec2(width, 3000.0));
        let right = inspector_left(&h, "Inspector");
        for header in ["Duties", "Independent"] {
            let r = rect_of(&h, header);
            assert!(
                r.right() <= right,
                "at {width} px the panel table's {header} column ends at {} under the inspector at {right}",
                r.right()
            );
        }
        for r in h.get_all_by_label("Agency").map(|n| n.rect()) {
            assert!(
                r.right() <= right,
                "at {width} px an Agency column ends at {} under the inspector at {right}",
                r.right()
            );
        }
        // The cells too: the duties, and the long roles and organisations beside them.
        for n in [
            "Lead reviewer, Author",
            "Board officer",
            "Northshire",
            "Independent ",
        ]
        .into_iter()
        .flat_map(|text| h.get_all_by_label_contains(text))
        {
            let r = n.rect();
            assert!(
                r.right() <= right,
                "at {width} px \"{}\" ends at {} under the inspector at {right}",
                n.accesskit_node().label().unwrap_or_default(),
                r.right()
            );
        }
    }
}

#[test]
fn the_factor_graph_toolbar_and_canvas_fit_at_1280_by_720() {
    let (mut h, _dir) = sample_sized(SMALL);
    go(&mut h, "Factor graph");
    let right = inspector_left(&h, "Inspector");
    fits(&h, right);
    // With a factor in the inspector too.
    h.get_by_label("List").click();
    h.run_steps(2);
    h.get_by_label("Workforce pressures in children's social care")
        .click();
    h.run_steps(2);
    h.get_by_label("Diagram").click();
    h.run_steps(3);
    fits(&h, inspector_left(&h, "Contributory factor"));
}

/// The factor graph's toolbar, its counts and its diagram end left of `right` (the
/// inspector) and above the bottom of a 1280x720 window.
fn fits(h: &Harness<'static, App>, right: f32) {
    for widget in ["Add factor", "Auto layout", "Fit view", "Zoom in"] {
        let r = rect_of(h, widget);
        assert!(
            r.right() <= right && r.bottom() <= SMALL.y,
            "{widget} at {r:?} is cut off (the inspector starts at {right})"
        );
    }
    let r = review(h);
    let counts = format!("{} factors · {} links", r.factors.len(), r.links.len());
    let counts = rect_of(h, &counts);
    assert!(
        counts.right() <= right,
        "the graph's counts end at {} under the inspector at {right}",
        counts.right()
    );
    let canvas = rect_of(h, "Factor graph diagram");
    assert!(
        canvas.right() <= right && canvas.bottom() <= SMALL.y,
        "the diagram at {canvas:?} does not fit (the inspector starts at {right})"
    );
}

#[test]
fn one_warning_is_one_warning() {
    let (mut h, _dir) = open_sample();
    assert!(h.query_by_label("0 errors, 0 warnings").is_some());
    // An empty title is the one warning.
    focus(&mut h, "Title");
    clear_focused(&mut h);
    leave_field(&mut h);
    assert!(review(&h).details.title.is_empty());
    assert!(
        h.query_by_label("0 errors, 1 warning").is_some(),
        "the status bar does not say \"0 errors, 1 warning\""
    );
    assert!(!has_label(&h, "1 warnings"));
    go(&mut h, "Checks (1)");
    assert!(!has_label(&h, "1 warnings"));
}

#[test]
fn an_episode_period_with_an_uncertain_start_reads_once() {
    let (mut h, _dir) = open_sample();
    go(&mut h, "Episodes");
    assert!(
        has_label(&h, "9 January 2023 to 21 March 2023"),
        "KPE5's period does not read \"9 January 2023 to 21 March 2023\""
    );
    assert!(!has_label(&h, "to 20 January 2023 to"));
}

#[test]
fn the_shortcut_list_is_in_order_and_complete() {
    let (mut h, _dir) = open_sample();
    h.key_press(K::F1);
    h.run_steps(3);
    let at = |label: &str| -> egui::Pos2 {
        let nodes: Vec<_> = h.query_all_by_label(label).collect();
        assert_eq!(
            nodes.len(),
            1,
            "\"{label}\" is not in the shortcut list once"
        );
        nodes[0].rect().left_top()
    };
    // Every shortcut, Ctrl+Y among them.
    for keys in [
        "Ctrl+N",
        "Ctrl+O",
        "Ctrl+S",
        "Ctrl+Shift+S",
        "Ctrl+E",
        "Ctrl+Q",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+Y",
        "Ctrl+F",
        "Delete",
        "Alt+1",
        "Alt+C",
        "F11",
        "Ctrl+Plus",
        "Ctrl+Minus",
        "Ctrl+0",
        "F1",
    ] {
        at(keys);
    }
    // The menus' commands in menu order down one column; the workspaces in the other.
    let menus = [
        "Ctrl+N",
        "Ctrl+S",
        "Ctrl+Q",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+Y",
        "Ctrl+F",
        "Ctrl+Plus",
        "F11",
        "F1",
    ];
    let workspaces = ["Alt+1", "Alt+2", "Alt+9", "Alt+0", "Alt+C"];
    for column in [&menus[..], &workspaces[..]] {
        for pair in column.windows(2) {
            let (a, b) = (at(pair[0]), at(pair[1]));
            assert!(
                a.y < b.y && a.x == b.x,
                "{} at {a:?} is not listed above {} at {b:?}",
                pair[0],
                pair[1]
            );
        }
    }
}

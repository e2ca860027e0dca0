//! Property tests: random edit sequences undo exactly, and save -> load is the identity,
//! including text with quotes, backslashes, raw-string hashes, line breaks and accents.
//! `PROPTEST_CASES` sets the number of cases (default 1000).

use proptest::prelude::*;
use scr_workbench::model::*;
use scr_workbench::{store, synth};
use std::collections::BTreeSet;
use std::path::Path;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
}

/// Text that is hard to write and read back.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,20}",
        "[\\PC]{0,24}",
        prop::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("#".to_string()),
                Just("\"#".to_string()),
                Just("\n".to_string()),
                Just("r#\"".to_string()),
                Just("Zoë".to_string()),
                Just("'".to_string()),
                Just("\t".to_string())
            ],
            0..8
        )
        .prop_map(|v| v.concat()),
    ]
}

fn date_point() -> impl Strategy<Value = DatePoint> {
    prop_oneof![
        (1990i16..2030, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| DatePoint::Day(jiff::civil::Date::constant(y, m, d))),
        (1990i16..2030, 1i8..=12).prop_map(|(year, month)| DatePoint::Month { year, month }),
        (1990i16..2030).prop_map(DatePoint::Year),
    ]
}

fn event_date() -> impl Strategy<Value = EventDate> {
    prop_oneof![
        date_point().prop_map(EventDate::On),
        date_point().prop_map(EventDate::About),
        date_point().prop_map(EventDate::Before),
        date_point().prop_map(EventDate::After),
        (date_point(), 0i16..3).prop_map(|(a, years)| {
            let b = DatePoint::Year(a.last_day().year() + years);
            EventDate::Between(a, b)
        }),
    ]
}

fn tri() -> impl Strategy<Value = Tri> {
    prop_oneof![Just(Tri::Yes), Just(Tri::No), Just(Tri::Unknown)]
}

fn entry(id: u32) -> impl Strategy<Value = ChronologyEntry> {
    (
        event_date(),
        tri(),
        tri(),
        text(),
        text(),
        text(),
        0u32..5,
        any::<bool>(),
        1u32..4,
    )
        .prop_map(
            move |(
                date,
                child_seen,
                views_sought,
                summary,
                detail,
                source,
                sequence,
                missed,
                agency,
            )| ChronologyEntry {
                id: EventId(id),
                sequence,
                date,
                time: None,
                agency: AgencyId(agency),
                source,
                event_type: String::new(),
                present: vec![],
                child_seen,
                views_sought,
                summary,
                detail,
                outcome: String::new(),
                comment: String::new(),
                flags: if missed {
                    BTreeSet::from([Flag::MissedOpportunity])
                } else {
                    BTreeSet::new()
                },
                provenance: None,
            },
        )
}

/// One random change to a review, expressed as the edit the UI would make.
#[derive(Debug, Clone)]
enum Op {
    PutEntry(Box<ChronologyEntry>),
    Delete(usize),
    Title(String),
    MoveFactor(usize, f32, f32),
    Link(usize, usize),
    DeleteFactor(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..80)
            .prop_flat_map(entry)
            .prop_map(|e| Op::PutEntry(Box::new(e))),
        (0usize..1000).prop_map(Op::Delete),
        text().prop_map(Op::Title),
        (0usize..1000, -500f32..500.0, -500f32..500.0)
            .prop_map(|(i, x, y)| Op::MoveFactor(i, x, y)),
        (0usize..1000, 0usize..1000).prop_map(|(a, b)| Op::Link(a, b)),
        (0usize..1000).prop_map(Op::DeleteFactor),
    ]
}

fn edit_for(review: &Review, op: &Op) -> Option<Edit> {
    match op {
        Op::PutEntry(e) => Some(Edit::Put(Item::Entry(e.clone()))),
        Op::Delete(i) => {
            let e = review.chronology.get(i % review.chronology.len().max(1))?;
            review.delete(Key::Entry(e.id))
        }
        Op::Title(t) => {
            let mut d = review.details.clone();
            d.title = t.clone();
            Some(Edit::Put(Item::Details(Box::new(d))))
        }
        Op::MoveFactor(i, x, y) => {
            let mut f = review.factors.get(i % review.factors.len().max(1))?.clone();
            f.position = Point { x: *x, y: *y };
            Some(Edit::Put(Item::Factor(f)))
        }
        Op::Link(a, b) => {
            let n = review.factors.len().max(1);
            let (from, to) = (review.factors.get(a % n)?.id, review.factors.get(b % n)?.id);
            Some(Edit::Put(Item::Link(FactorLink {
                id: review.next_link_id(),
                from: Node::Factor(from),
                to: Node::Factor(to),
                kind: LinkKind::Mitigates,
                note: String::new(),
            })))
        }
        Op::DeleteFactor(i) => {
            let f = review.factors.get(i % review.factors.len().max(1))?;
            review.delete(Key::Factor(f.id))
        }
    }
}

fn small_review() -> Review {
    synth::review(
        synth::Size {
            entries: 40,
            agencies: 3,
            episodes: 3,
            factors: 12,
            links: 15,
            findings: 2,
            actions: 3,
        },
        5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Apply random edits, then their inverses in reverse: the document is exactly as
    /// it was. Then redo them all: exactly as after the edits.
    #[test]
    fn undo_restores_exactly(ops in prop::collection::vec(op(), 1..25)) {
        let original = small_review();
        let mut r = original.clone();
        let mut inverses = Vec::new();
        for op in &ops {
            if let Some(edit) = edit_for(&r, op) {
                inverses.push(r.apply(edit));
            }
        }
        let after = r.clone();
        let mut redos = Vec::new();
        for inv in inverses.into_iter().rev() {
            redos.push(r.apply(inv));
        }
        prop_assert_eq!(&r, &original);
        for redo in redos.into_iter().rev() {
            r.apply(redo);
        }
        prop_assert_eq!(&r, &after);
        // Collections stay sorted by id through every edit.
        prop_assert!(r.chronology.is_sorted_by_key(|e| e.id));
        prop_assert!(r.links.is_sorted_by_key(|l| l.id));
    }

    /// Whatever the text and dates, the saved text loads back to the same review.
    #[test]
    fn save_then_load_is_identity(entries in prop::collection::vec((1u32..10_000).prop_flat_map(entry), 0..12), title in text(), names in prop::collection::vec(text(), 0..3)) {
        let mut r = small_review();
        for e in entries {
            r.apply(Edit::Put(Item::Entry(Box::new(e))));
        }
        r.details.title = title;
        r.details.redaction_terms = names;
        r.normalise();
        let text = store::to_ron(&r);
        let back = store::from_str(&text, Path::new("prop.scr.ron"));
        prop_assert!(back.is_ok(), "{:?}\n{}", back.as_ref().err(), text.lines().take(40).collect::<Vec<_>>().join("\n"));
        prop_assert_eq!(back.ok(), Some(r));
    }
}

//! The leak check scans any published text without panicking, and always finds a real
//! name planted in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_workbench::export::leak::{Checker, Location};
use scr_workbench::model::*;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut review = Review::default();
    review.people.push(Person {
        id: PersonId(1),
        label: "Child A".into(),
        real_names: vec!["Bethany Calder".into()],
        date_of_birth: Some(jiff::civil::Date::constant(2020, 4, 3)),
        addresses: vec!["14 Tenterfield Road, NX4 7QP".into()],
        role: PersonRole::Subject,
        relationship: String::new(),
        agency: None,
    });
    let checker = Checker::new(&review);
    let loc = Location { section: "s".into(), object: String::new(), field: String::new() };
    let _ = checker.scan_all([(loc.clone(), text)]);
    let planted = format!("{text} Calder ");
    let hits = checker.scan_all([(loc, planted.as_str())]);
    assert!(hits.iter().any(|h| h.found.to_lowercase().contains("calder")), "planted name missed");
});

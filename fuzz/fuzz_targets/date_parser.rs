//! Any text given to the date parser gives a date or a reason, never a panic; a date
//! that parses prints to text that parses back to the same date, and its bounds hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_workbench::model::EventDate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(date) = text.parse::<EventDate>() {
        let again: EventDate = date.to_string().parse().expect("printed date parses");
        assert_eq!(again, date);
        assert!(date.earliest() <= date.latest() || matches!(date, EventDate::Before(_) | EventDate::After(_)));
        let _ = date.human();
        let _ = date.sort_key();
    }
});

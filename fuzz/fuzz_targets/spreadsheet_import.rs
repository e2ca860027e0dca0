//! Any bytes given to the workbook importer (calamine: XLSX, or XLS when the first byte
//! is odd) give a table or an error, never a crash, with the same checks as the CSV
//! importer's target (`import_check.rs`). The seeds are the test fixtures' workbooks,
//! each after its selector byte.
//!
//! The importer runs calamine under `catch_unwind` (`import::read::guarded`): a panic
//! inside calamine becomes a message naming the file, which is what the user gets. So a
//! panic located in calamine's source is not a crash here either; any other panic still
//! aborts the run, as libfuzzer-sys's own hook does. Allocation without end and loops
//! without end (which no `catch_unwind` can stop) are found as before, and known ones
//! are checked for first (`import::cfb`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "import_check.rs"]
mod import_check;

fn calamine_panics_are_caught() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort_on_panic = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                abort_on_panic(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    calamine_panics_are_caught();
    let Some((selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector % 2 == 1 { "fuzz.xls" } else { "fuzz.xlsx" };
    import_check::check(name, bytes);
});

//! Any bytes given to the workbook importer (calamine: XLSX, or XLS when the first byte
//! is odd) give a table or an error, never a panic, with the same checks as the CSV
//! importer's target (`import_check.rs`). The seeds are the test fixtures' workbooks,
//! each after its selector byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "import_check.rs"]
mod import_check;

fuzz_target!(|data: &[u8]| {
    let Some((selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector % 2 == 1 { "fuzz.xls" } else { "fuzz.xlsx" };
    import_check::check(name, bytes);
});

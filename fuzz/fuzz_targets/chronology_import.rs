//! Any bytes given to the CSV importer give a table or an error, never a panic; a table
//! with headings reads into drafts, and no row disappears (the checks are in
//! `import_check.rs`, shared with `spreadsheet_import`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "import_check.rs"]
mod import_check;

fuzz_target!(|data: &[u8]| import_check::check("fuzz.csv", data));

//! Any bytes given to the review loader give a review or an error, never a panic; a
//! review that loads saves to text that loads back to the same review.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_workbench::store;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(review) = store::from_bytes(data, Path::new("fuzz.scr.ron")) {
        let text = store::to_ron(&review);
        let again = store::from_str(&text, Path::new("fuzz.scr.ron")).expect("saved text loads");
        assert_eq!(again, review);
    }
});

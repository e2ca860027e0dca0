//! Helpers shared by the output tests (PDF and Word).
#![allow(dead_code)]

use scr_workbench::export::leak;
use scr_workbench::model::Review;
use std::path::Path;

/// The sample review, as shipped.
pub fn sample() -> Review {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron");
    scr_workbench::store::load(&path).expect("the sample loads")
}

/// `needle` occurs in `text` as a whole word (so "E1" is not found inside "E17").
pub fn has_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every confidential value of the review that must never be published, with what it
/// is: real names, dates of birth in their written forms, addresses, their street lines
/// and postcodes.
pub fn confidential_values(review: &Review) -> Vec<(String, &'static str)> {
    let mut forbidden = Vec::new();
    for p in &review.people {
        for name in &p.real_names {
            forbidden.push((name.clone(), "real name"));
        }
        if let Some(dob) = p.date_of_birth {
            for form in leak::date_forms(dob) {
                forbidden.push((form, "date of birth"));
            }
        }
        for address in &p.addresses {
            forbidden.push((address.clone(), "address"));
            // Street lines and postcodes on their own ("27 Tenterfield Road", "NX4 7QP").
            for part in address.split(',').map(str::trim) {
                if part.len() > 6 && part.chars().any(|c| c.is_ascii_digit()) {
                    forbidden.push((part.to_string(), "address line"));
                }
            }
        }
    }
    assert!(
        forbidden.iter().any(|f| f.1 == "date of birth"),
        "the sample has dates of birth"
    );
    forbidden
}

//! The checks shared by the importer fuzz targets: any bytes give a table or an error,
//! never a panic; a table with headings reads into drafts, and no row disappears: every
//! row below the headings is a draft, a blank row or a repeated heading row, and every
//! draft is planned as an entry or held back as undecided; the merge undoes exactly.

use scr_workbench::import::{self, Choices, Decision, Meta, Target};
use scr_workbench::model::Review;

/// Import `data` as a file called `name` (its extension picks the reader) and check it.
pub fn check(name: &str, data: &[u8]) {
    let Ok(loaded) = import::read::read_bytes(name, data, None) else {
        return;
    };
    let review = Review::default();
    let target = Target::New("Agency".to_string());
    let meta = Meta {
        imported_at: "2026-11-22T10:00:00Z".to_string(),
    };
    let Ok(mapping) = import::map(&loaded, &review, &target, &[]) else {
        return;
    };
    for all in [None, Some(Decision::Flag)] {
        let choices = Choices {
            all,
            ..Choices::default()
        };
        let analysis = import::analyse(&loaded, &mapping, &review, &target, &choices);
        let below = loaded.sheet.rows.len() - mapping.header - 1;
        assert_eq!(
            analysis.drafts.len() + analysis.blank_rows.len() + analysis.repeated_headings.len(),
            below
        );
        let plan = import::plan(&review, &analysis, &mapping, &target, &choices, &meta);
        let problem_rows = analysis.problem_rows();
        if all.is_some() {
            assert!(plan.unresolved.is_empty());
            assert_eq!(plan.added.len(), analysis.drafts.len());
        } else {
            assert_eq!(plan.added.len() + problem_rows, analysis.drafts.len());
        }
        let mut r = review.clone();
        let inverse = r.apply(plan.edit);
        r.apply(inverse);
        assert_eq!(r, review);
    }
}

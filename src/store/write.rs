//! The RON writer: pretty, deterministic, four-space indented.

use crate::model::Review;

/// The review as pretty RON text, exactly as saved.
pub fn to_ron(review: &Review) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("\t")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        // Plain text: apostrophes, accents and line breaks written as they are (raw
        // strings only where a text holds a quote or a backslash). Readable when opened
        // by hand, diffs by paragraph, and faster than escaping every character.
        .escape_strings(false);
    // Serialising our own types to a String cannot fail: every map key is a string or
    // number and no type has a custom serialiser that errors.
    ron::ser::to_string_pretty(review, config)
        .unwrap_or_else(|e| format!("// serialisation failed: {e}\n"))
}

//! Which row holds the headings, and which field each column goes to.
//!
//! Headings are recognised whatever their spelling and case ("Date of contact",
//! "EVENT DATE", "Was the child seen?"). A heading nobody recognises is listed as unknown
//! and its text kept in the confidential detail as `Heading: text`, so nothing is lost
//! until the user maps it; two columns that could both be the date (say) are listed as
//! ambiguous. The user's choices override the guess, and the mapping an agency's last
//! file used is offered for its next one.

use super::read::Sheet;
use crate::model::ColumnField;
use std::collections::BTreeMap;

/// How a column's field was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The heading was recognised.
    Recognised,
    /// The agency's previous import mapped this heading so.
    Remembered,
    /// The user chose it.
    Chosen,
    /// Nobody recognised the heading: kept in the detail until mapped.
    Unknown,
    /// Another column was also recognised as this single-valued field and won: this one
    /// is kept in the detail until mapped.
    Ambiguous,
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// 0-based column index.
    pub index: usize,
    /// The heading as written.
    pub heading: String,
    /// Where its cells go.
    pub field: ColumnField,
    /// How that was decided.
    pub how: How,
}

/// The heading row and where each column goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    /// Index into [`Sheet::rows`] of the heading row.
    pub header: usize,
    /// Columns with a heading, left to right.
    pub columns: Vec<Column>,
}

/// A heading reduced for comparison: lower case, letters and digits, single spaces.
pub fn normalise(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    for c in heading.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "child's" -> "childs"
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Headings recognised exactly (after [`normalise`]), before the keyword rules.
const EXACT: &[(&str, ColumnField)] = &[
    ("id", ColumnField::Ignore),
    ("source file", ColumnField::Ignore),
    ("source sheet", ColumnField::Ignore),
    ("source row", ColumnField::Ignore),
    ("imported", ColumnField::Ignore),
    ("seq", ColumnField::Sequence),
    ("sequence", ColumnField::Sequence),
    ("sequence number", ColumnField::Sequence),
    ("seq no", ColumnField::Sequence),
    ("date", ColumnField::Date),
    ("when", ColumnField::Date),
    ("dated", ColumnField::Date),
    ("time", ColumnField::Time),
    ("agency", ColumnField::Agency),
    ("organisation", ColumnField::Agency),
    ("organization", ColumnField::Agency),
    ("service", ColumnField::Agency),
    ("source", ColumnField::Source),
    ("record", ColumnField::Source),
    ("event", ColumnField::Detail),
    ("details", ColumnField::Detail),
    ("detail", ColumnField::Detail),
    ("detail confidential", ColumnField::Detail),
    ("description", ColumnField::Detail),
    ("narrative", ColumnField::Detail),
    ("notes", ColumnField::Detail),
    ("summary", ColumnField::Detail),
    ("summary of contact", ColumnField::Detail),
    ("what happened", ColumnField::Detail),
    ("public summary", ColumnField::Summary),
    ("summary public", ColumnField::Summary),
    ("type", ColumnField::EventType),
    ("event type", ColumnField::EventType),
    ("contact type", ColumnField::EventType),
    ("type of contact", ColumnField::EventType),
    ("type of event", ColumnField::EventType),
    ("category", ColumnField::EventType),
    ("action", ColumnField::Outcome),
    ("actions", ColumnField::Outcome),
    ("outcome", ColumnField::Outcome),
    ("reviewer comment", ColumnField::Comment),
    ("reviewers comment", ColumnField::Comment),
    ("flags", ColumnField::Flags),
    ("child seen", ColumnField::ChildSeen),
    ("seen", ColumnField::ChildSeen),
    ("views sought", ColumnField::ViewsSought),
    ("present", ColumnField::Present),
    ("people present", ColumnField::Present),
    ("who was present", ColumnField::Present),
    ("practitioner", ColumnField::Practitioner),
    ("worker", ColumnField::Practitioner),
];

/// Keyword rules, tried in order on the words of the heading.
fn by_keywords(h: &str) -> Option<ColumnField> {
    let words: Vec<&str> = h.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| words.contains(w));
    if any(&["seen"]) && !any(&["views", "view"]) {
        return Some(ColumnField::ChildSeen);
    }
    if any(&["views", "view", "voice", "wishes"]) {
        return Some(ColumnField::ViewsSought);
    }
    if has("date") || has("dated") {
        if any(&[
            "end", "until", "finish", "finished", "ended", "closed", "to",
        ]) {
            return Some(ColumnField::EndDate);
        }
        if any(&[
            "recorded", "entered", "input", "created", "birth", "dob", "typed",
        ]) {
            return None;
        }
        return Some(ColumnField::Date);
    }
    if has("time") {
        return Some(ColumnField::Time);
    }
    if any(&["agency", "organisation", "organization", "provider"]) {
        return Some(ColumnField::Agency);
    }
    if any(&["type", "category", "kind"]) {
        return Some(ColumnField::EventType);
    }
    if any(&[
        "present",
        "attendees",
        "attended",
        "attending",
        "participants",
    ]) {
        return Some(ColumnField::Present);
    }
    if any(&[
        "practitioner",
        "practitioners",
        "worker",
        "staff",
        "professional",
        "officer",
        "clinician",
        "author",
        "by",
    ]) {
        return Some(ColumnField::Practitioner);
    }
    if any(&["source", "record", "records", "system"]) {
        return Some(ColumnField::Source);
    }
    if any(&[
        "action",
        "actions",
        "outcome",
        "outcomes",
        "decision",
        "decisions",
        "result",
        "plan",
        "next",
    ]) {
        return Some(ColumnField::Outcome);
    }
    if any(&[
        "detail",
        "details",
        "description",
        "event",
        "events",
        "summary",
        "narrative",
        "notes",
        "note",
        "information",
        "contact",
        "happened",
        "entry",
        "account",
    ]) {
        return Some(ColumnField::Detail);
    }
    if any(&["comment", "comments", "analysis"]) {
        return Some(ColumnField::Detail);
    }
    None
}

/// The field a heading is recognised as, if any.
pub fn recognise(heading: &str) -> Option<ColumnField> {
    let h = normalise(heading);
    if h.is_empty() {
        return None;
    }
    let h = h
        .strip_prefix("was the ")
        .or_else(|| h.strip_prefix("were the "))
        .or_else(|| h.strip_prefix("is the "))
        .unwrap_or(&h)
        .to_string();
    let h = h
        .replace("childs ", "child ")
        .replace("young person", "child");
    EXACT
        .iter()
        .find(|(k, _)| *k == h)
        .map(|(_, f)| *f)
        .or_else(|| by_keywords(&h))
}

/// How many cells of a row read as headings (the heading row has the most).
fn heading_score(row: &super::read::Row) -> usize {
    let recognised: Vec<ColumnField> = row
        .cells
        .iter()
        .filter_map(|c| match c {
            super::read::Cell::Text(t) if t.len() <= 80 => recognise(t),
            _ => None,
        })
        .collect();
    // A date heading counts double: almost every chronology has one.
    recognised.len() + usize::from(recognised.contains(&ColumnField::Date))
}

/// The heading row: the one among the first 30 whose cells read most like headings
/// (title rows, merged headers and blank lines above it are skipped). `None` when no row
/// has at least two recognised headings, or a date heading.
pub fn find_header(sheet: &Sheet) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().enumerate().take(30) {
        let score = heading_score(row);
        if score >= 2 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

impl Mapping {
    /// Guess the mapping for the heading row `header`, using `remembered` (normalised
    /// heading -> field, from the agency's last import) before recognition.
    pub fn guess(
        sheet: &Sheet,
        header: usize,
        remembered: &BTreeMap<String, ColumnField>,
    ) -> Mapping {
        let Some(row) = sheet.rows.get(header) else {
            return Mapping::default();
        };
        let mut columns = Vec::new();
        for (index, cell) in row.cells.iter().enumerate() {
            let heading = cell.text();
            if heading.is_empty() {
                // A column with no heading still has its cells kept: see `analyse`.
                continue;
            }
            let (field, how) = match remembered.get(&normalise(&heading)) {
                Some(f) => (*f, How::Remembered),
                None => match recognise(&heading) {
                    Some(f) => (f, How::Recognised),
                    None => (ColumnField::Detail, How::Unknown),
                },
            };
            columns.push(Column {
                index,
                heading,
                field,
                how,
            });
        }
        let mut m = Mapping { header, columns };
        m.mark_ambiguous();
        m
    }

    /// A second column recognised as a single-valued field is ambiguous: the first keeps
    /// the field, the later ones go to the detail until the user decides.
    fn mark_ambiguous(&mut self) {
        let mut taken = std::collections::BTreeSet::new();
        for c in &mut self.columns {
            if c.field.single() && !taken.insert(c.field) {
                if c.how == How::Chosen {
                    continue;
                }
                c.field = ColumnField::Detail;
                c.how = How::Ambiguous;
            }
        }
    }

    /// Set a column's field by its heading (as written or normalised). `false` when no
    /// column has that heading.
    pub fn set(&mut self, heading: &str, field: ColumnField) -> bool {
        let want = normalise(heading);
        let mut found = false;
        for c in &mut self.columns {
            if c.heading == heading || normalise(&c.heading) == want {
                c.field = field;
                c.how = How::Chosen;
                found = true;
            }
        }
        if found && field.single() {
            // A user's choice of a single field takes it from any guessed column.
            for c in &mut self.columns {
                if c.field == field && c.how != How::Chosen {
                    c.field = ColumnField::Detail;
                    c.how = How::Ambiguous;
                }
            }
        }
        found
    }

    /// The column index of a field (the first one).
    pub fn column_of(&self, field: ColumnField) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.index)
    }

    /// The column at an index.
    pub fn column(&self, index: usize) -> Option<&Column> {
        self.columns.iter().find(|c| c.index == index)
    }

    /// Columns still to be decided by the user: unknown or ambiguous.
    pub fn undecided(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(|c| matches!(c.how, How::Unknown | How::Ambiguous))
    }

    /// What to remember for the agency: every column's normalised heading and field.
    pub fn to_remember(&self) -> BTreeMap<String, ColumnField> {
        self.columns
            .iter()
            .filter(|c| c.how != How::Unknown && c.how != How::Ambiguous)
            .map(|c| (normalise(&c.heading), c.field))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_headings_are_recognised() {
        use ColumnField::*;
        for (h, f) in [
            ("Date", Date),
            ("Date of contact", Date),
            ("EVENT DATE", Date),
            ("Date/time", Date),
            ("End date", EndDate),
            ("Time", Time),
            ("Time of call", Time),
            ("Agency", Agency),
            ("Organisation", Agency),
            ("Source", Source),
            ("Source of information", Source),
            ("Record", Source),
            ("Details", Detail),
            ("Event", Detail),
            ("Description", Detail),
            ("Summary of contact", Detail),
            ("Action", Outcome),
            ("Outcome", Outcome),
            ("Action taken / outcome", Outcome),
            ("Child seen", ChildSeen),
            ("Was the child seen?", ChildSeen),
            ("Child seen (Y/N)", ChildSeen),
            ("Views sought", ViewsSought),
            ("Child's views sought?", ViewsSought),
            ("Practitioner", Practitioner),
            ("Worker", Practitioner),
            ("Name of worker", Practitioner),
            ("Event type", EventType),
            ("Contact type", EventType),
            ("Public summary", Summary),
            ("Reviewer comment", Comment),
            ("People present", Present),
            ("Id", Ignore),
        ] {
            assert_eq!(recognise(h), Some(f), "{h}");
        }
        for h in ["Colour", "Date recorded", "Ref", ""] {
            assert_eq!(recognise(h), None, "{h}");
        }
    }

    #[test]
    fn header_row_is_found_below_titles_and_blank_lines() {
        use super::super::read::{Cell, Row};
        let text = |s: &str| Cell::Text(s.to_string());
        let sheet = Sheet {
            name: None,
            rows: vec![
                Row {
                    number: 1,
                    cells: vec![text("Northshire Health chronology: Child B")],
                },
                Row {
                    number: 2,
                    cells: vec![],
                },
                Row {
                    number: 3,
                    cells: vec![text("Contact"), Cell::Empty, text("Record")],
                },
                Row {
                    number: 4,
                    cells: vec![
                        text("Date"),
                        text("Details"),
                        text("Source"),
                        text("Colour"),
                    ],
                },
            ],
        };
        assert_eq!(find_header(&sheet), Some(3));
        let mut m = Mapping::guess(&sheet, 3, &BTreeMap::new());
        assert_eq!(m.undecided().count(), 1);
        assert!(m.set("colour", ColumnField::EventType));
        assert_eq!(m.undecided().count(), 0);
        assert_eq!(m.to_remember().get("colour"), Some(&ColumnField::EventType));
    }
}

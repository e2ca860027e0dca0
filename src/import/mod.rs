//! Agency chronologies in: read a CSV file or a workbook sheet ([`read`]), find the
//! heading row and map the columns ([`mapping`]), read every row into a draft entry and
//! list every row that cannot be imported as it stands ([`analyse`]), then plan the merge
//! into the review as one undoable [`Edit::Batch`] ([`plan`]): new ids, provenance,
//! same-day sequence numbers, probable duplicates across agencies flagged, and the
//! difference from the agency's previous file.
//!
//! Nothing is lost: a column nobody recognised goes to the confidential detail as
//! `Heading: text` until it is mapped; blank rows, repeated heading rows and rows above
//! the headings are counted in the report; a row with a problem is imported with a flag,
//! fixed, or skipped only when the caller says so, and until then blocks the import.
//!
//! Confidentiality: everything an agency wrote goes to the confidential `detail` (or
//! `outcome`, `source`, `event_type`); practitioners' names go to the detail, never to the
//! public `summary`, which stays empty for the reviewer to write with labels. Only a
//! column headed "Public summary" (our own export) fills the summary.
//!
//! This module reads files (in [`read`]); it uses the model, never the UI.

pub mod agency;
pub mod cfb;
pub mod dates;
pub mod mapping;
pub mod read;
pub mod undated;

use crate::model::*;
use dates::{Order, OrderDecision};
use jiff::civil::Time;
pub use mapping::{Column, How, Mapping};
pub use read::{Cell, Loaded, Row, Sheet};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read from disk.
    #[error("{file}: cannot read the file: {message}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        message: String,
    },
    /// The file is not a chronology this can read.
    #[error("{file}: {message}")]
    Read {
        /// The file.
        file: String,
        /// What was wrong.
        message: String,
    },
    /// The sheet asked for is not in the workbook.
    #[error("{file}: no sheet \"{sheet}\"; the sheets are: {}", sheets.join(", "))]
    NoSheet {
        /// The file.
        file: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are.
        sheets: Vec<String>,
    },
    /// A heading given in a mapping is not in the file.
    #[error("{file}: no column headed \"{heading}\"; the headings are: {}", headings.join(", "))]
    NoColumn {
        /// The file.
        file: String,
        /// The heading asked for.
        heading: String,
        /// The headings there are.
        headings: Vec<String>,
    },
    /// No row looks like headings.
    #[error(
        "{file}{}: no heading row found in the first 30 rows (looked for headings such as Date, Details, Source, Agency){}",
        sheet.as_ref().map(|s| format!(", sheet \"{s}\"")).unwrap_or_default(),
        if sheets.len() > 1 { format!("; the sheets are: {}", sheets.join(", ")) } else { String::new() }
    )]
    NoHeadings {
        /// The file.
        file: String,
        /// The sheet.
        sheet: Option<String>,
        /// Every sheet of the workbook.
        sheets: Vec<String>,
    },
}

/// Why a row cannot be imported as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The date cell is empty (or there is no date column).
    NoDate,
    /// The date cannot be read; why.
    UnreadableDate(String),
    /// The end date cannot be read; why.
    UnreadableEndDate(String),
    /// The time cannot be read; why.
    UnreadableTime(String),
    /// Nothing says what happened.
    EmptyEvent,
    /// The agency named in the row is not one of the review's.
    UnknownAgency,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoDate => f.write_str("no date"),
            Reason::UnreadableDate(why) => write!(f, "unreadable date: {why}"),
            Reason::UnreadableEndDate(why) => write!(f, "unreadable end date: {why}"),
            Reason::UnreadableTime(why) => write!(f, "unreadable time: {why}"),
            Reason::EmptyEvent => f.write_str("empty event: no details, type or outcome"),
            Reason::UnknownAgency => f.write_str("unknown agency"),
        }
    }
}

/// One row that cannot be imported as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The sheet (workbooks).
    pub sheet: Option<String>,
    /// Row number in the file (1-based).
    pub row: u32,
    /// Column index (0-based), when one column is at fault.
    pub column: Option<usize>,
    /// Its heading ("" when the whole row is at fault).
    pub heading: String,
    /// Why.
    pub reason: Reason,
    /// The text of the cell at fault.
    pub text: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet \"{s}\"")?;
        }
        write!(f, ", row {}", self.row)?;
        if let Some(c) = self.column {
            write!(f, ", column {} \"{}\"", column_letters(c), self.heading)?;
        }
        write!(f, ": {}", self.reason)?;
        match self.reason {
            Reason::NoDate if self.column.is_none() => write!(f, " ({})", self.text)?,
            Reason::UnknownAgency => write!(f, " \"{}\"", self.text)?,
            _ => {}
        }
        Ok(())
    }
}

/// A column index as spreadsheet letters: 0 -> A, 26 -> AA.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The agency a file is imported for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One of the review's agencies.
    Existing(AgencyId),
    /// A new agency, created by the import.
    New(String),
}

impl Target {
    /// The review's agency with this name or short name (any case), else a new one.
    pub fn by_name(review: &Review, name: &str) -> Target {
        match find_agency(review, name) {
            Some(id) => Target::Existing(id),
            None => Target::New(name.trim().to_string()),
        }
    }

    /// The id the agency has (or will have).
    pub fn id(&self, review: &Review) -> AgencyId {
        match self {
            Target::Existing(id) => *id,
            Target::New(_) => review.next_agency_id(),
        }
    }
}

fn fold(s: &str) -> String {
    mapping::normalise(s)
}

/// The agency with this name or short name, any case and punctuation.
pub fn find_agency(review: &Review, name: &str) -> Option<AgencyId> {
    let want = fold(name);
    if want.is_empty() {
        return None;
    }
    review
        .agencies
        .iter()
        .find(|a| {
            fold(&a.name) == want || (!a.short_name.is_empty() && fold(&a.short_name) == want)
        })
        .map(|a| a.id)
}

/// What to do with a row that has a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Import it, flagged "needs checking", with the problem in the reviewer's comment.
    Flag,
    /// Leave it out (it is listed in the report as skipped).
    Skip,
}

/// The user's choices for problem rows: one for all, per row, and corrected texts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices {
    /// For every problem row without its own decision.
    pub all: Option<Decision>,
    /// Per row number.
    pub rows: BTreeMap<u32, Decision>,
    /// Corrected text for a cell: (row number, column index) -> text.
    pub fixes: BTreeMap<(u32, usize), String>,
}

impl Choices {
    /// The decision for a row, if any.
    pub fn decision(&self, row: u32) -> Option<Decision> {
        self.rows.get(&row).copied().or(self.all)
    }
}

/// One data row read into a draft entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Row number in the file.
    pub row: u32,
    /// The entry as read (id 0 until planned). Its date is only meaningful when
    /// `problems` has no date problem.
    pub entry: ChronologyEntry,
    /// Whether the file gave a sequence number.
    pub has_sequence: bool,
    /// What is wrong with the row.
    pub problems: Vec<Problem>,
}

/// Every row of a sheet read with a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The file name.
    pub file: String,
    /// The sheet.
    pub sheet: Option<String>,
    /// How numeric dates were read.
    pub order: OrderDecision,
    /// Data rows read, in file order.
    pub drafts: Vec<Draft>,
    /// Blank rows (skipped: nothing in them).
    pub blank_rows: Vec<u32>,
    /// Rows above the heading row that hold something (titles): not read.
    pub above_headings: Vec<u32>,
    /// Rows that repeat the headings (page breaks in exports): not read.
    pub repeated_headings: Vec<u32>,
}

impl Analysis {
    /// Every problem, in row order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.drafts.iter().flat_map(|d| d.problems.iter())
    }

    /// Rows with problems.
    pub fn problem_rows(&self) -> usize {
        self.drafts
            .iter()
            .filter(|d| !d.problems.is_empty())
            .count()
    }
}

fn tri(text: &str) -> Option<Tri> {
    let t = fold(text);
    match t.as_str() {
        "y" | "yes" | "true" | "seen" | "1" | "yes seen" | "sought" | "x" => Some(Tri::Yes),
        "n" | "no" | "false" | "not seen" | "0" | "no not seen" | "not sought" => Some(Tri::No),
        "" | "unknown" | "u" | "not known" | "nk" | "n k" | "not recorded" | "n a" | "na"
        | "dk" | "don t know" | "dont know" => Some(Tri::Unknown),
        _ => None,
    }
}

fn flag_of(text: &str) -> Option<Flag> {
    let t = fold(text);
    Flag::ALL.into_iter().find(|f| fold(f.label()) == t)
}

fn push_line(s: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !s.is_empty() {
        s.push('\n');
    }
    s.push_str(line);
}

fn push_joined(s: &mut String, text: &str, sep: &str) {
    if text.is_empty() {
        return;
    }
    if !s.is_empty() {
        s.push_str(sep);
    }
    s.push_str(text);
}

/// Read every row below the heading row into a draft, listing problems.
/// `choices.fixes` replace cell texts first; decisions are applied by [`plan`].
pub fn analyse(
    loaded: &Loaded,
    mapping: &Mapping,
    review: &Review,
    target: &Target,
    choices: &Choices,
) -> Analysis {
    analyse_observed(loaded, mapping, review, target, choices, &|_| {})
}

/// [`analyse`], telling `progress` how many rows of the sheet have been read, every 250
/// rows and at the end (for a progress bar while a background thread reads).
pub fn analyse_observed(
    loaded: &Loaded,
    mapping: &Mapping,
    review: &Review,
    target: &Target,
    choices: &Choices,
    progress: &dyn Fn(usize),
) -> Analysis {
    let sheet = &loaded.sheet;
    let file = loaded.file_name.clone();
    let sheet_name = sheet.name.clone();
    let header = mapping.header;
    let heading_key: Vec<String> = sheet
        .rows
        .get(header)
        .map(|r| r.cells.iter().map(|c| fold(&c.text())).collect())
        .unwrap_or_default();

    // Fixed cells, looked up by (row, column).
    let cell_at = |row: &Row, col: usize| -> Cell {
        match choices.fixes.get(&(row.number, col)) {
            Some(t) if t.trim().is_empty() => Cell::Empty,
            Some(t) => Cell::Text(t.clone()),
            None => row.cell(col).clone(),
        }
    };

    let date_col = mapping.column_of(ColumnField::Date);
    // Decide day/month order from the rows that can only be read one way.
    let (mut dfirst, mut mfirst, mut either) = (0, 0, 0);
    if let Some(c) = date_col {
        for row in sheet.rows.iter().skip(header + 1) {
            if let Cell::Text(t) = cell_at(row, c) {
                match dates::numeric_order(&t) {
                    Some(Ok(Order::DayFirst)) => dfirst += 1,
                    Some(Ok(Order::MonthFirst)) => mfirst += 1,
                    Some(Err(())) => either += 1,
                    None => {}
                }
            }
        }
    }
    let order = Order::decide(dfirst, mfirst, either);

    let mut analysis = Analysis {
        file: file.clone(),
        sheet: sheet_name.clone(),
        order,
        drafts: Vec::new(),
        blank_rows: Vec::new(),
        above_headings: sheet
            .rows
            .iter()
            .take(header)
            .filter(|r| !r.is_blank())
            .map(|r| r.number)
            .collect(),
        repeated_headings: Vec::new(),
    };
    let target_id = target.id(review);
    let target_name = match target {
        Target::Existing(id) => review.agency_name(*id),
        Target::New(n) => n.clone(),
    };
    // The first column of the detail whose heading was recognised gets its text plain;
    // every other one is labelled with its heading.
    let plain_detail = mapping
        .columns
        .iter()
        .find(|c| c.field == ColumnField::Detail && !matches!(c.how, How::Unknown | How::Ambiguous))
        .map(|c| c.index);
    let width = sheet.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let unheaded: Vec<usize> = (0..width)
        .filter(|i| mapping.column(*i).is_none())
        .collect();

    for (done, row) in sheet.rows.iter().enumerate().skip(header + 1) {
        if done % 250 == 0 {
            progress(done);
        }
        if row.is_blank() {
            analysis.blank_rows.push(row.number);
            continue;
        }
        let repeats_headings = row.cells.len() == heading_key.len()
            && row.cells.iter().zip(&heading_key).all(|(c, h)| {
                matches!(c, Cell::Text(t) if fold(t) == *h) || c.is_empty() && h.is_empty()
            });
        if repeats_headings {
            analysis.repeated_headings.push(row.number);
            continue;
        }
        let problem = |column: Option<usize>, reason: Reason, text: String| Problem {
            file: file.clone(),
            sheet: sheet_name.clone(),
            row: row.number,
            column,
            heading: column
                .and_then(|c| mapping.column(c))
                .map(|c| c.heading.clone())
                .unwrap_or_default(),
            reason,
            text,
        };
        let mut problems = Vec::new();
        let mut e =
            ChronologyEntry::new(EventId(0), EventDate::On(DatePoint::Year(1900)), target_id);
        let mut labelled = String::new();
        let mut has_sequence = false;
        let mut has_event = false;
        let mut date_ok = false;
        let mut end_date: Option<(usize, Cell)> = None;
        let mut time_from_date: Option<Time> = None;
        let mut time_cell: Option<(usize, Cell)> = None;
        for col in &mapping.columns {
            let cell = cell_at(row, col.index);
            let text = cell.text();
            let known = !matches!(col.how, How::Unknown | How::Ambiguous);
            match col.field {
                ColumnField::Ignore => {}
                ColumnField::Date => match dates::parse_cell(&cell, order.order) {
                    Ok(p) => {
                        e.date = p.date;
                        time_from_date = p.time;
                        date_ok = true;
                    }
                    Err(why) => problems.push(if cell.is_empty() {
                        problem(Some(col.index), Reason::NoDate, String::new())
                    } else {
                        problem(Some(col.index), Reason::UnreadableDate(why), text)
                    }),
                },
                ColumnField::EndDate => {
                    if !cell.is_empty() {
                        end_date = Some((col.index, cell));
                    }
                }
                ColumnField::Time => {
                    if !cell.is_empty() {
                        time_cell = Some((col.index, cell));
                    }
                }
                ColumnField::Sequence => match text.parse::<u32>() {
                    Ok(n) => {
                        e.sequence = n;
                        has_sequence = true;
                    }
                    Err(_) if text.is_empty() => {}
                    Err(_) => push_line(&mut labelled, &format!("{}: {text}", col.heading)),
                },
                ColumnField::Agency => {
                    if text.is_empty() {
                        continue;
                    }
                    if fold(&text) == fold(&target_name) {
                        e.agency = target_id;
                    } else if let Some(id) = find_agency(review, &text) {
                        e.agency = id;
                    } else {
                        problems.push(problem(Some(col.index), Reason::UnknownAgency, text));
                    }
                }
                ColumnField::Source => push_joined(&mut e.source, &text, "; "),
                ColumnField::EventType => {
                    has_event |= !text.is_empty();
                    push_joined(&mut e.event_type, &text, "; ");
                }
                ColumnField::Present => {
                    for name in text.split([';', ',', '\n']).map(str::trim) {
                        if name.is_empty() {
                            continue;
                        }
                        let who = review
                            .people
                            .iter()
                            .find(|p| fold(&p.label) == fold(name))
                            .map(|p| p.id);
                        match who {
                            Some(id) if !e.present.contains(&id) => e.present.push(id),
                            Some(_) => {}
                            None => push_line(&mut labelled, &format!("{}: {name}", col.heading)),
                        }
                    }
                }
                ColumnField::Practitioner => {
                    if !text.is_empty() {
                        push_line(&mut labelled, &format!("{}: {text}", col.heading));
                    }
                }
                ColumnField::ChildSeen | ColumnField::ViewsSought => {
                    let value = match tri(&text) {
                        Some(v) => v,
                        None => {
                            push_line(&mut labelled, &format!("{}: {text}", col.heading));
                            Tri::Unknown
                        }
                    };
                    if col.field == ColumnField::ChildSeen {
                        e.child_seen = value;
                    } else {
                        e.views_sought = value;
                    }
                }
                ColumnField::Summary => {
                    has_event |= !text.is_empty();
                    push_joined(&mut e.summary, &text, "\n");
                }
                ColumnField::Detail => {
                    if text.is_empty() {
                        continue;
                    }
                    has_event |= known;
                    if Some(col.index) == plain_detail {
                        // Plain text first, labelled lines after it.
                        let rest = std::mem::take(&mut e.detail);
                        e.detail = text;
                        push_line(&mut e.detail, &rest);
                    } else {
                        push_line(&mut e.detail, &format!("{}: {text}", col.heading));
                    }
                }
                ColumnField::Outcome => {
                    has_event |= !text.is_empty();
                    push_joined(&mut e.outcome, &text, "\n");
                }
                ColumnField::Comment => push_joined(&mut e.comment, &text, "\n"),
                ColumnField::Flags => {
                    for label in text.split([';', ',']).map(str::trim) {
                        match flag_of(label) {
                            Some(f) => {
                                e.flags.insert(f);
                            }
                            None if label.is_empty() => {}
                            None => push_line(&mut labelled, &format!("{}: {label}", col.heading)),
                        }
                    }
                }
            }
        }
        // Cells under no heading are kept too.
        for &i in &unheaded {
            let text = cell_at(row, i).text();
            if !text.is_empty() {
                push_line(
                    &mut labelled,
                    &format!("Column {}: {text}", column_letters(i)),
                );
            }
        }
        push_line(&mut e.detail, &labelled);
        if date_col.is_none() {
            problems.push(problem(
                None,
                Reason::NoDate,
                "the file has no date column".into(),
            ));
        }
        // Time: its own column first, else the one written with the date.
        e.time = time_from_date;
        if let Some((c, cell)) = time_cell {
            match dates::parse_time_cell(&cell) {
                Ok(t) => e.time = t.or(e.time),
                Err(why) => {
                    problems.push(problem(Some(c), Reason::UnreadableTime(why), cell.text()))
                }
            }
        }
        if let Some((c, cell)) = end_date {
            match dates::parse_cell(&cell, order.order) {
                Ok(end) if date_ok => match (e.date, end.date) {
                    (EventDate::On(a), EventDate::On(b)) if b.last_day() >= a.first_day() => {
                        if a != b {
                            e.date = EventDate::Between(a, b);
                        }
                    }
                    (EventDate::On(_), EventDate::On(_)) => problems.push(problem(
                        Some(c),
                        Reason::UnreadableEndDate("it is before the start".into()),
                        cell.text(),
                    )),
                    _ => push_line(
                        &mut e.detail,
                        &format!(
                            "{}: {}",
                            mapping.column(c).map_or("End date", |x| &x.heading),
                            cell.text()
                        ),
                    ),
                },
                Ok(_) => {}
                Err(why) => problems.push(problem(
                    Some(c),
                    Reason::UnreadableEndDate(why),
                    cell.text(),
                )),
            }
        }
        if !has_event {
            problems.push(problem(None, Reason::EmptyEvent, String::new()));
        }
        analysis.drafts.push(Draft {
            row: row.number,
            entry: e,
            has_sequence,
            problems,
        });
    }
    progress(sheet.rows.len());
    analysis
}

/// Where an imported file came from and when: the provenance of its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// When the import is made (RFC 3339): an explicit input, so results are reproducible.
    pub imported_at: String,
}

/// A new entry that may record the same event as an existing one of another agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Row in the file.
    pub row: u32,
    /// The new entry.
    pub new: EventId,
    /// The existing entry.
    pub existing: EventId,
    /// The existing entry's agency.
    pub existing_agency: AgencyId,
    /// How alike the texts are, 0 to 1.
    pub similarity: f32,
}

/// What changed since the agency's previous file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// The previous file(s) compared with.
    pub previous: Vec<String>,
    /// Rows new in this file.
    pub added: Vec<u32>,
    /// Rows that changed: (row in this file, the entry it updates, fields changed).
    pub changed: Vec<(u32, EventId, Vec<&'static str>)>,
    /// Entries whose row is gone from this file: (entry, its row in the previous file).
    /// They are flagged "needs checking", never deleted.
    pub removed: Vec<(EventId, u32)>,
    /// Rows the same as before.
    pub unchanged: usize,
}

/// The import, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One edit: apply it, and one undo reverts the whole import.
    pub edit: Edit,
    /// The agency imported for.
    pub agency: AgencyId,
    /// The agency is created by the import.
    pub new_agency: bool,
    /// New entries, in file order.
    pub added: Vec<EventId>,
    /// Rows imported with a "needs checking" flag because of a problem.
    pub flagged: Vec<u32>,
    /// Rows left out by the user's choice.
    pub skipped: Vec<u32>,
    /// Problems with no decision yet: while there are any, do not apply.
    pub unresolved: Vec<Problem>,
    /// Probable duplicates across agencies, side by side (both kept; the new one flagged).
    pub duplicates: Vec<Duplicate>,
    /// The difference from the previous file of the agency, when there was one.
    pub diff: Option<Diff>,
}

/// Words of a text for similarity: lower case, three letters or more.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Jaccard similarity of two word sets.
fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let both = a.intersection(b).count();
    both as f32 / (a.len() + b.len() - both) as f32
}

/// Similarity from which two same-day entries of different agencies are flagged.
pub const DUPLICATE_THRESHOLD: f32 = 0.5;

fn event_text(e: &ChronologyEntry) -> String {
    format!("{} {} {} {}", e.event_type, e.summary, e.detail, e.outcome)
}

/// The agency-supplied content of an entry, for comparing files.
type Content = (
    EventDate,
    Option<Time>,
    String,
    String,
    Tri,
    Tri,
    String,
    String,
);

fn content(e: &ChronologyEntry) -> Content {
    (
        e.date,
        e.time,
        e.source.clone(),
        e.event_type.clone(),
        e.child_seen,
        e.views_sought,
        e.detail.clone(),
        e.outcome.clone(),
    )
}

fn changed_fields(old: &ChronologyEntry, new: &ChronologyEntry) -> Vec<&'static str> {
    let mut out = Vec::new();
    if old.date != new.date {
        out.push("date");
    }
    if old.time != new.time {
        out.push("time");
    }
    if old.source != new.source {
        out.push("source");
    }
    if old.event_type != new.event_type {
        out.push("event type");
    }
    if old.child_seen != new.child_seen {
        out.push("child seen");
    }
    if old.views_sought != new.views_sought {
        out.push("views sought");
    }
    if old.detail != new.detail {
        out.push("detail");
    }
    if old.outcome != new.outcome {
        out.push("outcome");
    }
    out
}

/// The previous import of the agency to compare with: entries of the agency imported
/// from a file of the same name (and sheet); failing that, from its latest import.
fn previous<'a>(
    review: &'a Review,
    agency: AgencyId,
    file: &str,
    sheet: &Option<String>,
) -> Vec<&'a ChronologyEntry> {
    let imported: Vec<&ChronologyEntry> = review
        .chronology
        .iter()
        .filter(|e| e.agency == agency && e.provenance.is_some())
        .collect();
    let same: Vec<&ChronologyEntry> = imported
        .iter()
        .copied()
        .filter(|e| {
            e.provenance
                .as_ref()
                .is_some_and(|p| p.file == file && &p.sheet == sheet)
        })
        .collect();
    if !same.is_empty() {
        return same;
    }
    let latest = imported
        .iter()
        .filter_map(|e| e.provenance.as_ref().map(|p| p.imported_at.as_str()))
        .max();
    match latest {
        Some(at) => imported
            .into_iter()
            .filter(|e| e.provenance.as_ref().is_some_and(|p| p.imported_at == at))
            .collect(),
        None => Vec::new(),
    }
}

fn note(e: &mut ChronologyEntry, text: &str) {
    push_line(&mut e.comment, &format!("{IMPORT_NOTE}{text}"));
}

/// Plan the import: choose what to do with problem rows, give ids, provenance and
/// sequence numbers, compare with the agency's previous file, flag probable duplicates,
/// and remember the mapping for the agency. Nothing is changed until the caller applies
/// [`Plan::edit`] (and should not while [`Plan::unresolved`] is not empty).
pub fn plan(
    review: &Review,
    analysis: &Analysis,
    mapping: &Mapping,
    target: &Target,
    choices: &Choices,
    meta: &Meta,
) -> Plan {
    let agency = target.id(review);
    let mut edits = Vec::new();
    // The agency, created or with the mapping remembered.
    let remembered = mapping.to_remember();
    match target {
        Target::New(name) => edits.push(Edit::Put(Item::Agency(Agency {
            id: agency,
            name: name.clone(),
            short_name: String::new(),
            sector: Sector::Other,
            import_columns: remembered,
        }))),
        Target::Existing(id) => {
            if let Some(a) = review.agency(*id) {
                let mut merged = a.import_columns.clone();
                merged.extend(remembered);
                if merged != a.import_columns {
                    let mut a = a.clone();
                    a.import_columns = merged;
                    edits.push(Edit::Put(Item::Agency(a)));
                }
            }
        }
    }

    let guesses = undated::guesses(&analysis.drafts, meta);
    let mut flagged = Vec::new();
    let mut skipped = Vec::new();
    let mut unresolved = Vec::new();
    let mut kept: Vec<ChronologyEntry> = Vec::new();
    let mut rows: Vec<u32> = Vec::new();
    let mut given_sequence: Vec<bool> = Vec::new();
    for (d, guess) in analysis.drafts.iter().zip(&guesses) {
        let mut e = d.entry.clone();
        if !d.problems.is_empty() {
            match choices.decision(d.row) {
                None => {
                    unresolved.extend(d.problems.iter().cloned());
                    continue;
                }
                Some(Decision::Skip) => {
                    skipped.push(d.row);
                    continue;
                }
                Some(Decision::Flag) => {
                    flagged.push(d.row);
                    e.flags.insert(Flag::NeedsChecking);
                    // No date of its own: an uncertain one from the rows around it.
                    if let Some(g) = guess {
                        e.date = g.date;
                    }
                    for p in &d.problems {
                        note(&mut e, &undated::note(p, guess.as_ref()));
                    }
                }
            }
        }
        e.provenance = Some(Provenance {
            file: analysis.file.clone(),
            sheet: analysis.sheet.clone(),
            row: d.row,
            imported_at: meta.imported_at.clone(),
        });
        kept.push(e);
        rows.push(d.row);
        given_sequence.push(d.has_sequence);
    }

    // Compare with the agency's previous file.
    let old = if matches!(target, Target::Existing(_)) {
        previous(review, agency, &analysis.file, &analysis.sheet)
    } else {
        Vec::new()
    };
    let mut diff = None;
    let mut is_new = vec![true; kept.len()];
    if !old.is_empty() {
        let mut dd = Diff {
            previous: old
                .iter()
                .filter_map(|e| e.provenance.as_ref().map(|p| p.file.clone()))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            ..Diff::default()
        };
        let mut by_content: HashMap<Content, Vec<usize>> = HashMap::new();
        for (i, e) in old.iter().enumerate() {
            by_content.entry(content(e)).or_default().push(i);
        }
        let mut used = vec![false; old.len()];
        let mut pending = Vec::new();
        // A row the file gives to another agency (its agency column) is never taken for
        // one of this agency's entries.
        for (k, e) in kept.iter().enumerate() {
            let found = by_content
                .get_mut(&content(e))
                .filter(|_| e.agency == agency)
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
            match found {
                Some(i) => {
                    used[i] = true;
                    is_new[k] = false;
                    dd.unchanged += 1;
                    let o = old[i];
                    if o.provenance.as_ref().map(|p| (&p.file, p.row))
                        != e.provenance.as_ref().map(|p| (&p.file, p.row))
                    {
                        let mut o = o.clone();
                        o.provenance = e.provenance.clone();
                        edits.push(Edit::Put(Item::Entry(Box::new(o))));
                    }
                }
                None => pending.push(k),
            }
        }
        let mut by_row: HashMap<u32, usize> = HashMap::new();
        for (i, e) in old.iter().enumerate() {
            if !used[i]
                && let Some(p) = &e.provenance
            {
                by_row.entry(p.row).or_insert(i);
            }
        }
        for k in pending {
            let row = rows[k];
            let same_agency = kept[k].agency == agency;
            match by_row.remove(&row).filter(|_| same_agency) {
                Some(i) if !used[i] => {
                    used[i] = true;
                    is_new[k] = false;
                    let o = old[i];
                    let n = &kept[k];
                    let fields = changed_fields(o, n);
                    let mut u = o.clone();
                    u.date = n.date;
                    u.time = n.time;
                    u.source = n.source.clone();
                    u.event_type = n.event_type.clone();
                    u.child_seen = n.child_seen;
                    u.views_sought = n.views_sought;
                    u.detail = n.detail.clone();
                    u.outcome = n.outcome.clone();
                    u.provenance = n.provenance.clone();
                    u.flags.insert(Flag::NeedsChecking);
                    u.flags.extend(n.flags.iter().copied());
                    note(
                        &mut u,
                        &format!(
                            "changed in {} row {row}: {}",
                            analysis.file,
                            fields.join(", ")
                        ),
                    );
                    if !n.comment.is_empty() {
                        push_line(&mut u.comment, &n.comment);
                    }
                    dd.changed.push((row, o.id, fields));
                    edits.push(Edit::Put(Item::Entry(Box::new(u))));
                }
                _ => dd.added.push(row),
            }
        }
        for (i, o) in old.iter().enumerate() {
            if used[i] {
                continue;
            }
            let old_row = o.provenance.as_ref().map_or(0, |p| p.row);
            dd.removed.push((o.id, old_row));
            let mut u = (*o).clone();
            u.flags.insert(Flag::NeedsChecking);
            note(
                &mut u,
                &format!(
                    "not in the updated file {} (was row {old_row})",
                    analysis.file
                ),
            );
            edits.push(Edit::Put(Item::Entry(Box::new(u))));
        }
        diff = Some(dd);
    }

    // New entries: ids, same-day sequence numbers, duplicates.
    let mut next = review.next_entry_id().0;
    let mut max_seq: HashMap<EventDate, u32> = HashMap::new();
    let mut by_date: HashMap<EventDate, Vec<usize>> = HashMap::new();
    for (i, e) in review.chronology.iter().enumerate() {
        let m = max_seq.entry(e.date).or_default();
        *m = (*m).max(e.sequence);
        by_date.entry(e.date).or_default().push(i);
    }
    let mut added = Vec::new();
    let mut duplicates = Vec::new();
    let mut existing_words: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (k, mut e) in kept.into_iter().enumerate() {
        if !is_new[k] {
            continue;
        }
        e.id = EventId(next);
        next += 1;
        let m = max_seq.entry(e.date).or_default();
        if !given_sequence[k] {
            *m += 1;
            e.sequence = *m;
        } else {
            *m = (*m).max(e.sequence);
        }
        if let Some(same_day) = by_date.get(&e.date) {
            let mine = words(&event_text(&e));
            let mut best: Option<(f32, usize)> = None;
            for &i in same_day {
                let o = &review.chronology[i];
                if o.agency == e.agency {
                    continue;
                }
                let theirs = existing_words
                    .entry(i)
                    .or_insert_with(|| words(&event_text(o)));
                let s = similarity(&mine, theirs);
                if s >= DUPLICATE_THRESHOLD && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, i));
                }
            }
            if let Some((s, i)) = best {
                let o = &review.chronology[i];
                e.flags.insert(Flag::NeedsChecking);
                note(
                    &mut e,
                    &format!(
                        "possibly the same event as {} ({}); check and keep or delete one",
                        o.id,
                        review.agency_name(o.agency)
                    ),
                );
                duplicates.push(Duplicate {
                    row: rows[k],
                    new: e.id,
                    existing: o.id,
                    existing_agency: o.agency,
                    similarity: s,
                });
            }
        }
        added.push(e.id);
        edits.push(Edit::Put(Item::Entry(Box::new(e))));
    }
    if let Some(d) = &mut diff {
        d.added.sort_unstable();
    }
    Plan {
        edit: Edit::Batch(edits),
        agency,
        new_agency: matches!(target, Target::New(_)),
        added,
        flagged,
        skipped,
        unresolved,
        duplicates,
        diff,
    }
}

/// The report of an import for people: how the file was read, the mapping, every problem
/// row, what will be (or was) done. One line each.
pub fn report(
    loaded: &Loaded,
    mapping: &Mapping,
    analysis: &Analysis,
    plan: &Plan,
    review: &Review,
) -> Vec<String> {
    let mut out = Vec::new();
    let sheet = loaded
        .sheet
        .name
        .as_ref()
        .map(|s| format!(", sheet \"{s}\""))
        .unwrap_or_default();
    out.push(format!("{}{sheet}: {}", loaded.file_name, loaded.how));
    if loaded.sheets.len() > 1 {
        out.push(format!(
            "Sheets in the workbook: {}",
            loaded.sheets.join(", ")
        ));
    }
    let header_row = loaded
        .sheet
        .rows
        .get(mapping.header)
        .map_or(0, |r| r.number);
    out.push(format!("Headings in row {header_row}:"));
    for c in &mapping.columns {
        let how = match c.how {
            How::Recognised => "",
            How::Remembered => " (remembered for this agency)",
            How::Chosen => " (chosen)",
            How::Unknown => " (UNKNOWN heading: kept in the detail; map it with --map)",
            How::Ambiguous => {
                " (AMBIGUOUS: another column is already this field; kept in the detail)"
            }
        };
        out.push(format!(
            "  {} \"{}\" -> {}{how}",
            column_letters(c.index),
            c.heading,
            c.field.slug()
        ));
    }
    out.push(analysis.order.describe());
    let list = |rows: &[u32]| {
        rows.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !analysis.above_headings.is_empty() {
        out.push(format!(
            "Rows above the headings, not read (titles): {}",
            list(&analysis.above_headings)
        ));
    }
    if !analysis.blank_rows.is_empty() {
        out.push(format!(
            "Blank rows skipped: {} ({})",
            analysis.blank_rows.len(),
            list(&analysis.blank_rows)
        ));
    }
    if !analysis.repeated_headings.is_empty() {
        out.push(format!(
            "Rows repeating the headings, skipped: {}",
            list(&analysis.repeated_headings)
        ));
    }
    out.push(format!(
        "Data rows: {}; with problems: {}",
        analysis.drafts.len(),
        analysis.problem_rows()
    ));
    for p in analysis.problems() {
        let what = match (plan.flagged.contains(&p.row), plan.skipped.contains(&p.row)) {
            (true, _) => "imported with a flag",
            (_, true) => "skipped",
            _ => "NOT DECIDED",
        };
        out.push(format!("  {p} [{what}]"));
    }
    if let Some(d) = &plan.diff {
        out.push(format!(
            "Compared with the previous file ({}): {} added, {} changed, {} removed, {} unchanged",
            d.previous.join(", "),
            d.added.len(),
            d.changed.len(),
            d.removed.len(),
            d.unchanged
        ));
        for r in &d.added {
            out.push(format!("  added: row {r}"));
        }
        for (r, id, fields) in &d.changed {
            out.push(format!("  changed: row {r} ({id}): {}", fields.join(", ")));
        }
        for (id, r) in &d.removed {
            out.push(format!(
                "  removed: {id} (was row {r}): kept and flagged \"needs checking\""
            ));
        }
    }
    for d in &plan.duplicates {
        out.push(format!(
            "  possible duplicate: row {} ({}) and {} ({}), {:.0}% alike: both kept, the new one flagged",
            d.row,
            d.new,
            d.existing,
            review.agency_name(d.existing_agency),
            d.similarity * 100.0
        ));
    }
    let agency = if plan.new_agency {
        match plan.edit {
            Edit::Batch(ref edits) => edits
                .iter()
                .find_map(|e| match e {
                    Edit::Put(Item::Agency(a)) => Some(format!("{} (new agency)", a.name)),
                    _ => None,
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    } else {
        review.agency_name(plan.agency)
    };
    out.push(format!(
        "Agency: {agency}. New entries: {}; flagged: {}; skipped: {}; undecided problems: {}",
        plan.added.len(),
        plan.flagged.len(),
        plan.skipped.len(),
        plan.unresolved.len()
    ));
    out
}

/// Read, map, analyse and plan in one call with the guessed mapping adjusted by
/// `overrides` (heading -> field). For callers that do not show the steps (the CLI, the
/// benchmark, the fuzzer).
pub struct Run {
    /// What was read.
    pub loaded: Loaded,
    /// The mapping used.
    pub mapping: Mapping,
    /// Every row read.
    pub analysis: Analysis,
    /// The plan.
    pub plan: Plan,
}

/// Read a file for import. With no sheet named, a workbook's first sheet that has a
/// heading row is taken (a cover or notes sheet before the chronology is passed over);
/// the report lists every sheet.
pub fn open(path: &std::path::Path, sheet: Option<&str>) -> Result<Loaded, ImportError> {
    let first = read::read_path(path, sheet)?;
    if sheet.is_some() || first.sheets.len() < 2 || mapping::find_header(&first.sheet).is_some() {
        return Ok(first);
    }
    for name in first.sheets.iter().skip(1) {
        let other = read::read_path(path, Some(name))?;
        if mapping::find_header(&other.sheet).is_some() {
            return Ok(other);
        }
    }
    Ok(first)
}

/// The mapping for a loaded sheet: the heading row found, the agency's remembered
/// mapping, then `overrides`.
pub fn map(
    loaded: &Loaded,
    review: &Review,
    target: &Target,
    overrides: &[(String, ColumnField)],
) -> Result<Mapping, ImportError> {
    let header = mapping::find_header(&loaded.sheet).ok_or_else(|| ImportError::NoHeadings {
        file: loaded.file_name.clone(),
        sheet: loaded.sheet.name.clone(),
        sheets: loaded.sheets.clone(),
    })?;
    let remembered = match target {
        Target::Existing(id) => review
            .agency(*id)
            .map(|a| a.import_columns.clone())
            .unwrap_or_default(),
        Target::New(_) => BTreeMap::new(),
    };
    let mut m = Mapping::guess(&loaded.sheet, header, &remembered);
    for (heading, field) in overrides {
        if !m.set(heading, *field) {
            return Err(ImportError::NoColumn {
                file: loaded.file_name.clone(),
                heading: heading.clone(),
                headings: m.columns.iter().map(|c| c.heading.clone()).collect(),
            });
        }
    }
    Ok(m)
}

/// Everything from a loaded sheet to a plan.
pub fn run(
    loaded: Loaded,
    review: &Review,
    target: &Target,
    overrides: &[(String, ColumnField)],
    choices: &Choices,
    meta: &Meta,
) -> Result<Run, ImportError> {
    let mapping = map(&loaded, review, target, overrides)?;
    let analysis = analyse(&loaded, &mapping, review, target, choices);
    let plan = plan(review, &analysis, &mapping, target, choices, meta);
    Ok(Run {
        loaded,
        mapping,
        analysis,
        plan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review() -> Review {
        let mut r = Review::default();
        for (id, name, short) in [
            (1, "Northshire Police", "Police"),
            (2, "Northshire Health", "Health"),
        ] {
            r.agencies.push(Agency {
                id: AgencyId(id),
                name: name.into(),
                short_name: short.into(),
                sector: Sector::Other,
                import_columns: BTreeMap::new(),
            });
        }
        r
    }

    fn load(text: &str) -> Loaded {
        read::read_bytes("f.csv", text.as_bytes(), None).expect("reads")
    }

    fn meta() -> Meta {
        Meta {
            imported_at: "2026-11-22T10:00:00Z".into(),
        }
    }

    #[test]
    fn rows_become_entries_with_provenance_and_one_undo() {
        let mut r = review();
        let before = r.clone();
        let run = run(
            load("Date,Time,Details,Officer\n22/05/2016,14:30,Call to the home,PC Smith\n22/05/2016,,Follow-up,\n"),
            &r,
            &Target::Existing(AgencyId(1)),
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        assert!(run.plan.unresolved.is_empty());
        let inverse = r.apply(run.plan.edit.clone());
        assert_eq!(r.chronology.len(), 2);
        let e = &r.chronology[0];
        assert_eq!(e.date.to_string(), "2016-05-22");
        assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some("14:30:00"));
        assert_eq!(e.detail, "Call to the home\nOfficer: PC Smith");
        assert!(e.summary.is_empty());
        assert_eq!(e.provenance.as_ref().map(|p| p.row), Some(2));
        assert_eq!((r.chronology[0].sequence, r.chronology[1].sequence), (1, 2));
        assert_eq!(
            r.agencies[0].import_columns.get("officer"),
            Some(&ColumnField::Practitioner)
        );
        r.apply(inverse);
        assert_eq!(r, before);
    }

    #[test]
    fn problem_rows_wait_for_a_decision() {
        let r = review();
        let text = "Date,Details,Agency\n22/05/2016,Visit,\n,No date here,\n31/02/2016,Bad date,\n23/05/2016,,\n24/05/2016,Visit,Fire service\n";
        let target = Target::Existing(AgencyId(2));
        let run = run(load(text), &r, &target, &[], &Choices::default(), &meta()).expect("runs");
        let rows: Vec<(u32, String)> = run
            .plan
            .unresolved
            .iter()
            .map(|p| (p.row, p.reason.to_string()))
            .collect();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[0], (3, "no date".to_string()));
        assert!(rows[1].1.starts_with("unreadable date"), "{rows:?}");
        assert_eq!(rows[2].0, 5);
        assert_eq!(rows[3], (6, "unknown agency".to_string()));
        // Flag all, skip one, fix one.
        let mut choices = Choices {
            all: Some(Decision::Flag),
            ..Choices::default()
        };
        choices.rows.insert(5, Decision::Skip);
        choices.fixes.insert((4, 0), "28/02/2016".into());
        let run2 = super::run(load(text), &r, &target, &[], &choices, &meta()).expect("runs");
        assert!(run2.plan.unresolved.is_empty());
        assert_eq!(run2.plan.skipped, [5]);
        assert_eq!(run2.plan.flagged, [3, 6]);
        assert_eq!(run2.plan.added.len(), 4);
    }

    #[test]
    fn reimport_shows_the_difference() {
        let mut r = review();
        let target = Target::Existing(AgencyId(1));
        let first = run(
            load("Date,Details\n01/05/2016,One\n02/05/2016,Two\n03/05/2016,Three\n"),
            &r,
            &target,
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        r.apply(first.plan.edit);
        let second = run(
            load("Date,Details\n01/05/2016,One\n02/05/2016,Two (amended)\n04/05/2016,Four\n"),
            &r,
            &target,
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        let d = second.plan.diff.clone().expect("a diff");
        assert_eq!(d.unchanged, 1);
        // Row 3 amended; row 4 holds another event now: both changed in place.
        let changed: Vec<(u32, Vec<&str>)> =
            d.changed.iter().map(|(r, _, f)| (*r, f.clone())).collect();
        assert_eq!(changed, [(3, vec!["detail"]), (4, vec!["date", "detail"])]);
        assert!(d.added.is_empty() && d.removed.is_empty());
        r.apply(second.plan.edit);
        assert_eq!(r.chronology.len(), 3);
        let third = run(
            load("Date,Details\n01/05/2016,One\n05/05/2016,Five\n"),
            &r,
            &target,
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        let d = third.plan.diff.clone().expect("a diff");
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.changed.len(), 1);
        r.apply(third.plan.edit);
        assert_eq!(r.chronology.len(), 3, "nothing deleted");
        assert!(r.chronology[2].flags.contains(&Flag::NeedsChecking));
    }

    /// A small deterministic generator for noise tests.
    fn noise(seed: &mut u64, alphabet: &[u8], len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(*seed >> 33) as usize % alphabet.len()]
            })
            .collect()
    }

    #[test]
    fn noise_never_panics_and_no_row_disappears() {
        let mut seed = 7;
        let alphabet = b"Date,Details;Agency\t|\n\r\"0123456789/-.: ?cMayJunbefore";
        let r = review();
        for n in 0..3000 {
            let mut bytes = b"Date,Details,Agency\n".to_vec();
            bytes.extend(noise(&mut seed, alphabet, n % 200));
            if n % 7 == 0 {
                bytes.push(0xE9); // not UTF-8: read as Windows-1252
            }
            let Ok(loaded) = read::read_bytes("n.csv", &bytes, None) else {
                continue;
            };
            let target = Target::Existing(AgencyId(1));
            let Ok(mapping) = map(&loaded, &r, &target, &[]) else {
                continue;
            };
            let choices = Choices {
                all: Some(Decision::Flag),
                ..Choices::default()
            };
            let a = analyse(&loaded, &mapping, &r, &target, &choices);
            let below = loaded.sheet.rows.len() - mapping.header - 1;
            assert_eq!(
                a.drafts.len() + a.blank_rows.len() + a.repeated_headings.len(),
                below
            );
            let p = plan(&r, &a, &mapping, &target, &choices, &meta());
            assert!(p.unresolved.is_empty());
            assert_eq!(p.added.len(), a.drafts.len());
        }
    }

    #[test]
    fn date_noise_never_panics() {
        let mut seed = 11;
        let alphabet = b"0123456789/-.: ?cT~thstndMayJunAprSeptbeforeaftertobetweenandpmh";
        for n in 0..20_000 {
            let bytes = noise(&mut seed, alphabet, n % 30);
            let text = String::from_utf8_lossy(&bytes);
            for order in [dates::Order::DayFirst, dates::Order::MonthFirst] {
                if let Ok(p) = dates::parse_text(&text, order) {
                    let _ = p.date.human();
                }
            }
            let _ = dates::parse_time_text(&text);
            let _ = dates::numeric_order(&text);
        }
    }

    #[test]
    fn same_day_similar_text_of_another_agency_is_flagged() {
        let mut r = review();
        let police = run(
            load("Date,Details\n22/05/2016,Domestic abuse incident at the family home reported by neighbour\n"),
            &r,
            &Target::Existing(AgencyId(1)),
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        r.apply(police.plan.edit);
        let health = run(
            load("Date,Details\n22/05/2016,Domestic abuse incident at the family home reported\n23/05/2016,Domestic abuse incident at the family home reported\n"),
            &r,
            &Target::Existing(AgencyId(2)),
            &[],
            &Choices::default(),
            &meta(),
        )
        .expect("runs");
        assert_eq!(health.plan.duplicates.len(), 1);
        assert_eq!(health.plan.duplicates[0].existing, EventId(1));
        r.apply(health.plan.edit);
        assert_eq!(r.chronology.len(), 3);
        assert!(r.chronology[1].flags.contains(&Flag::NeedsChecking));
    }
}

//! Rows whose date is missing or cannot be read, imported for checking: each gets an
//! uncertain date spanning the rows around it in the file (between the nearest readable
//! dates before and after it), never a day the agency did not give; and the reviewer's
//! note says how it was dated.

use super::{Draft, Meta, Problem, Reason};
use crate::model::*;
use jiff::civil::Date;

/// How a row without a readable date was dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Between the nearest readable dates before and after it in the file.
    Between,
    /// After the nearest readable date before it (no row after it has one).
    AfterPrevious,
    /// Before the nearest readable date after it (no row before it has one).
    BeforeNext,
    /// No row of the file has a readable date: before the day of the import.
    NoDates,
}

/// The uncertain date given to a row without a readable date of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    /// The date.
    pub date: EventDate,
    /// How it was found.
    pub basis: Basis,
}

impl Guess {
    /// How the row was dated, for its reviewer's note: "dated between the rows around it
    /// (3 March 2019 to 9 March 2019)".
    pub fn describe(&self) -> String {
        let how = match self.basis {
            Basis::Between => "dated between the rows around it",
            Basis::AfterPrevious => "dated after the previous row with a date",
            Basis::BeforeNext => "dated before the next row with a date",
            Basis::NoDates => {
                "no row of the file has a readable date; dated only as before the import"
            }
        };
        format!("{how} ({})", self.date.human())
    }
}

/// True when a row's own date is missing or cannot be read.
pub fn date_missing(draft: &Draft) -> bool {
    draft
        .problems
        .iter()
        .any(|p| matches!(p.reason, Reason::NoDate | Reason::UnreadableDate(_)))
}

/// The earliest point a readable date may mean, kept at its own precision where it is one.
fn lower(d: EventDate) -> DatePoint {
    match d {
        EventDate::On(p) | EventDate::Between(p, _) => p,
        _ => DatePoint::Day(d.earliest()),
    }
}

/// The latest point a readable date may mean.
fn upper(d: EventDate) -> DatePoint {
    match d {
        EventDate::On(p) | EventDate::Between(_, p) => p,
        _ => DatePoint::Day(d.latest()),
    }
}

/// The span holding both neighbours, whichever order the file has them in.
fn between(prev: EventDate, next: EventDate) -> EventDate {
    let (a, b) = (lower(prev), lower(next));
    let lo = if b.first_day() < a.first_day() { b } else { a };
    let (a, b) = (upper(prev), upper(next));
    let hi = if b.last_day() > a.last_day() { b } else { a };
    EventDate::Between(lo, hi)
}

/// For each row (draft), the uncertain date it gets when its own date is missing or
/// cannot be read; `None` for rows with a readable date. One pass each way through the
/// file, so a file of thousands of undated rows costs no more than one of a few.
pub fn guesses(drafts: &[Draft], meta: &Meta) -> Vec<Option<Guess>> {
    let readable = |d: &Draft| (!date_missing(d)).then_some(d.entry.date);
    let mut after: Vec<Option<EventDate>> = vec![None; drafts.len()];
    let mut next = None;
    for (i, d) in drafts.iter().enumerate().rev() {
        after[i] = next;
        next = readable(d).or(next);
    }
    let import_day = meta
        .imported_at
        .get(..10)
        .and_then(|d| d.parse::<Date>().ok())
        .unwrap_or(Date::MAX);
    let mut prev = None;
    drafts
        .iter()
        .zip(after)
        .map(|(d, next)| {
            if let Some(date) = readable(d) {
                prev = Some(date);
                return None;
            }
            Some(match (prev, next) {
                (Some(p), Some(n)) => Guess {
                    date: between(p, n),
                    basis: Basis::Between,
                },
                (Some(p), None) => Guess {
                    date: EventDate::After(lower(p)),
                    basis: Basis::AfterPrevious,
                },
                (None, Some(n)) => Guess {
                    date: EventDate::Before(upper(n)),
                    basis: Basis::BeforeNext,
                },
                (None, None) => Guess {
                    date: EventDate::Before(DatePoint::Day(import_day)),
                    basis: Basis::NoDates,
                },
            })
        })
        .collect()
}

/// The reviewer's note for one problem of a row imported flagged, saying how the row was
/// dated when its date is the problem: "row 14: no date; dated between the rows around
/// it (3 March 2019 to 9 March 2019)".
pub fn note(p: &Problem, guess: Option<&Guess>) -> String {
    let written = match p.reason {
        _ if p.text.is_empty() => String::new(),
        // A whole-row problem's text says why, it is not a cell.
        Reason::NoDate if p.column.is_none() => format!(" ({})", p.text),
        _ => format!(" (as written: \"{}\")", p.text),
    };
    match (&p.reason, guess) {
        (Reason::UnknownAgency, _) => format!(
            "row {}: unknown agency \"{}\"; entered under this file's agency",
            p.row, p.text
        ),
        (Reason::NoDate | Reason::UnreadableDate(_), Some(g)) => {
            format!("row {}: {}{written}; {}", p.row, p.reason, g.describe())
        }
        _ => format!("row {}: {}{written}", p.row, p.reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(row: u32, date: Option<&str>) -> Draft {
        let problems = match date {
            Some(_) => Vec::new(),
            None => vec![Problem {
                file: "f.csv".into(),
                sheet: None,
                row,
                column: Some(0),
                heading: "Date".into(),
                reason: Reason::NoDate,
                text: String::new(),
            }],
        };
        let date = date.map_or(EventDate::On(DatePoint::Year(1900)), |d| {
            d.parse().expect("a date")
        });
        Draft {
            row,
            entry: ChronologyEntry::new(EventId(0), date, AgencyId(1)),
            has_sequence: false,
            problems,
        }
    }

    fn dated(drafts: &[Draft]) -> Vec<String> {
        let meta = Meta {
            imported_at: "2026-11-22T10:00:00Z".into(),
        };
        guesses(drafts, &meta)
            .iter()
            .map(|g| g.map_or("-".to_string(), |g| g.date.to_string()))
            .collect()
    }

    #[test]
    fn first_middle_and_last_rows_span_their_neighbours() {
        let drafts = [
            draft(2, None),
            draft(3, Some("2019-03-03")),
            draft(4, None),
            draft(5, None),
            draft(6, Some("2019-03-09")),
            draft(7, None),
        ];
        assert_eq!(
            dated(&drafts),
            [
                "before 2019-03-03",
                "-",
                "2019-03-03..2019-03-09",
                "2019-03-03..2019-03-09",
                "-",
                "after 2019-03-09"
            ]
        );
    }

    #[test]
    fn uncertain_neighbours_widen_the_span() {
        let drafts = [
            draft(2, Some("2019-03")),
            draft(3, None),
            draft(4, Some("2019-04-01..2019-04-30")),
            draft(5, None),
        ];
        assert_eq!(
            dated(&drafts),
            ["-", "2019-03..2019-04-30", "-", "after 2019-04-01"]
        );
    }

    #[test]
    fn no_readable_date_at_all_is_before_the_import_and_says_so() {
        let drafts = [draft(2, None), draft(3, None)];
        assert_eq!(dated(&drafts), ["before 2026-11-22", "before 2026-11-22"]);
        let meta = Meta {
            imported_at: "2026-11-22T10:00:00Z".into(),
        };
        let g = guesses(&drafts, &meta);
        let text = note(&drafts[0].problems[0], g[0].as_ref());
        assert_eq!(
            text,
            "row 2: no date; no row of the file has a readable date; dated only as before the import (before 22 November 2026)"
        );
    }
}

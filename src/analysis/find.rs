//! Finding one thing among hundreds by what a person types into a filter box: its id
//! ("E92", "kpe3", "NP2.3"), words of its text, or a date in the forms people write
//! ("2019-03", "March 2019", "4 March", "4/3/2019"). The workbench's pick menus use it.
//!
//! Each typed word must begin a word of the candidate ("4" finds "4 March" but not
//! "14 March"; "visit" finds "visited"), case aside. Candidates whose id is what was typed
//! come first, then those whose date reads as typed, then the rest.

use crate::model::{ChronologyEntry, DatePoint, EventDate};

/// What a candidate can be found by, kept in lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findable {
    id: String,
    /// Each form of its dates, as words.
    dates: Vec<Vec<String>>,
    text: String,
}

impl Findable {
    /// A candidate found by its id and the text people see of it.
    pub fn new(id: &str, text: &str) -> Self {
        Findable {
            id: id.to_lowercase(),
            dates: Vec::new(),
            text: text.to_lowercase(),
        }
    }

    /// Also found by a date, in every form people write it.
    pub fn with_date(mut self, date: &EventDate) -> Self {
        self.dates.extend(
            date_forms(date)
                .iter()
                .map(|f| f.split_whitespace().map(str::to_lowercase).collect()),
        );
        self
    }
}

/// How a candidate matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// Its id is what was typed.
    Id,
    /// Its date reads as typed ("March 2019", "2019-03").
    Date,
    /// Every typed word begins a word of its id, date or text.
    Words,
}

/// What was typed into a filter box, ready to match many candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The words, lower case, joined by single spaces.
    phrase: String,
    words: Vec<String>,
}

impl Query {
    /// Read what was typed.
    pub fn new(typed: &str) -> Self {
        let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
        Query {
            phrase: words.join(" "),
            words,
        }
    }

    /// Nothing typed: everything matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How the candidate matches, `None` when it does not.
    pub fn matches(&self, f: &Findable) -> Option<Match> {
        if self.is_empty() {
            return Some(Match::Words);
        }
        if !f.id.is_empty() && f.id == self.phrase {
            return Some(Match::Id);
        }
        if f.dates.iter().any(|form| self.reads_as(form)) {
            return Some(Match::Date);
        }
        self.words
            .iter()
            .all(|w| {
                begins_a_word(&f.id, w)
                    || begins_a_word(&f.text, w)
                    || f.dates.iter().flatten().any(|d| d.starts_with(w.as_str()))
            })
            .then_some(Match::Words)
    }

    /// Do the typed words read as a run of the words of one form of a date? Each typed
    /// word is the date's word, or begins it when it is a month's name cut short ("mar")
    /// or the last word, still being typed ("2019-0"): so "1 March" is not 14 March.
    fn reads_as(&self, form: &[String]) -> bool {
        let n = self.words.len();
        n <= form.len()
            && form.windows(n).any(|run| {
                run.iter().zip(&self.words).enumerate().all(|(i, (d, w))| {
                    d == w
                        || (d.starts_with(w.as_str())
                            && (i + 1 == n || w.chars().all(char::is_alphabetic)))
                })
            })
    }
}

/// Does `needle` occur in `hay` where a word begins (at the start, or after a character
/// that is not a letter or digit)?
fn begins_a_word(hay: &str, needle: &str) -> bool {
    !needle.is_empty()
        && hay.match_indices(needle).any(|(i, _)| {
            hay[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// A chronology date in the forms people type: as saved ("2019-03-04", "c. 2019-03"),
/// as shown ("4 March 2019"), and day first with slashes ("4/3/2019", "04/03/2019").
pub fn date_forms(date: &EventDate) -> Vec<String> {
    let mut forms = vec![date.to_string(), date.human()];
    let points = match *date {
        EventDate::On(p) | EventDate::About(p) | EventDate::Before(p) | EventDate::After(p) => {
            vec![p]
        }
        EventDate::Between(a, b) => vec![a, b],
    };
    for p in points {
        forms.push(p.to_string());
        match p {
            DatePoint::Day(d) => {
                forms.push(format!("{}/{}/{}", d.day(), d.month(), d.year()));
                forms.push(format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()));
            }
            DatePoint::Month { year, month } => {
                forms.push(format!("{month}/{year}"));
                forms.push(format!("{month:02}/{year}"));
            }
            DatePoint::Year(_) => {}
        }
    }
    forms
}

/// The text an entry is chosen by: its public summary, or where it has none yet (an
/// imported entry) its confidential detail; `true` when it is the detail.
pub fn entry_text(e: &ChronologyEntry) -> (&str, bool) {
    if e.summary.trim().is_empty() && !e.detail.trim().is_empty() {
        (e.detail.trim(), true)
    } else {
        (e.summary.trim(), false)
    }
}

/// What an entry is found by: its id, its date, its agency's short name and its text.
pub fn entry_findable(e: &ChronologyEntry, agency: &str) -> Findable {
    let (text, _) = entry_text(e);
    Findable::new(&e.id.to_string(), &format!("{agency} {text}")).with_date(&e.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyId, EventId};

    fn entry(id: u32, date: &str, summary: &str, detail: &str) -> ChronologyEntry {
        let mut e = ChronologyEntry::new(EventId(id), date.parse().expect("date"), AgencyId(1));
        e.summary = summary.into();
        e.detail = detail.into();
        e
    }

    fn found(typed: &str, e: &ChronologyEntry) -> Option<Match> {
        Query::new(typed).matches(&entry_findable(e, "Health"))
    }

    #[test]
    fn ids_match_whatever_their_case_and_exactly_first() {
        let e92 = entry(92, "2019-03-04", "Home visit.", "");
        let e920 = entry(920, "2019-03-05", "Home visit.", "");
        for typed in ["E92", "e92", " e92 "] {
            assert_eq!(found(typed, &e92), Some(Match::Id), "{typed}");
            assert_eq!(
                found(typed, &e920),
                Some(Match::Words),
                "{typed} begins E920"
            );
        }
        assert_eq!(found("e9", &e92), Some(Match::Words));
        assert_eq!(
            found("92", &e92),
            None,
            "92 is inside the id, not at its start"
        );
        assert_eq!(found("e93", &e92), None);
        let kpe = Findable::new("KPE3", "KPE3 · Early Help work");
        assert_eq!(Query::new("kpe3").matches(&kpe), Some(Match::Id));
        let code = Findable::new("NP2.3", "NP2.3 Involving fathers (national-panel-themes)");
        assert_eq!(Query::new("np2.3").matches(&code), Some(Match::Id));
        assert_eq!(Query::new("np2").matches(&code), Some(Match::Words));
        assert_eq!(Query::new("fathers np2").matches(&code), Some(Match::Words));
        assert_eq!(Query::new("panel").matches(&code), Some(Match::Words));
        assert_eq!(Query::new("np3").matches(&code), None);
    }

    #[test]
    fn words_of_the_summary_or_else_the_detail_match() {
        let public = entry(
            1,
            "2019-03-04",
            "Home visit by the health visitor.",
            "Gemma Rowe",
        );
        assert_eq!(found("visit health", &public), Some(Match::Words));
        assert_eq!(found("VISITOR", &public), Some(Match::Words));
        assert_eq!(found("isit", &public), None, "inside a word");
        assert_eq!(
            found("gemma", &public),
            None,
            "the detail is not searched when there is a summary"
        );
        let imported = entry(2, "2019-03-04", "", "Home visit by Gemma Rowe at Flat 3.");
        assert_eq!(found("gemma", &imported), Some(Match::Words));
        assert_eq!(found("flat 3", &imported), Some(Match::Words));
        assert_eq!(
            entry_text(&imported),
            ("Home visit by Gemma Rowe at Flat 3.", true)
        );
        assert_eq!(
            entry_text(&public),
            ("Home visit by the health visitor.", false)
        );
        assert_eq!(
            found("health e2", &imported),
            Some(Match::Words),
            "agency and id"
        );
        assert_eq!(found("police", &imported), None);
    }

    #[test]
    fn dates_match_in_the_forms_people_type() {
        let e = entry(5, "2019-03-04", "Seen at school.", "");
        for typed in [
            "2019-03",
            "2019-03-04",
            "2019",
            "March 2019",
            "march",
            "mar 2019",
            "4 March",
            "4 march 2019",
            "4/3/2019",
            "04/03/2019",
        ] {
            assert_eq!(found(typed, &e), Some(Match::Date), "{typed}");
        }
        for typed in [
            "2019-04",
            "14 March",
            "March 2018",
            "5 March",
            "2019-03-1",
            "3/4/2019",
        ] {
            assert_eq!(found(typed, &e), None, "{typed}");
        }
        let on_14th = entry(6, "2019-03-14", "Seen at school.", "");
        assert_eq!(found("4 March", &on_14th), None, "4 March is not 14 March");
        assert_eq!(found("14 March", &on_14th), Some(Match::Date));
    }

    #[test]
    fn uncertain_dates_match_by_each_of_their_points() {
        let month = entry(1, "2019-03", "", "");
        assert_eq!(found("March 2019", &month), Some(Match::Date));
        assert_eq!(found("03/2019", &month), Some(Match::Date));
        assert_eq!(found("2019-03", &month), Some(Match::Date));
        let about = entry(2, "c. 2019-03", "", "");
        assert_eq!(found("2019-03", &about), Some(Match::Date));
        assert_eq!(found("c. march", &about), Some(Match::Date));
        let span = entry(3, "2019-02-20..2019-03-10", "", "");
        assert_eq!(found("2019-03", &span), Some(Match::Date), "its end");
        assert_eq!(found("20 February", &span), Some(Match::Date), "its start");
        assert_eq!(found("10/03/2019", &span), Some(Match::Date));
        assert_eq!(found("2019-04", &span), None);
    }

    #[test]
    fn an_empty_filter_matches_everything_and_ranks_are_ordered() {
        let e = entry(1, "2019-03-04", "", "");
        assert!(Query::new("  ").is_empty());
        assert_eq!(found("", &e), Some(Match::Words));
        assert!(Match::Id < Match::Date && Match::Date < Match::Words);
        assert_eq!(Query::new("a  b"), Query::new(" A b "));
    }
}

//! The leak check: every string that would be published is scanned for confidential
//! identifiers before a public export runs. A hit stops the export and says where.
//!
//! What counts as an identifier: each person's real names (full, and every part of it
//! alone: first name, surname), in any case, with or without accents, as a possessive, or
//! split over a line break; dates of birth in the usual written forms; addresses and their
//! parts; the review's extra redaction terms; and anything shaped like a UK postcode or an
//! NHS number. The only way past a hit is to change the text or to allow the term for this
//! review with a recorded reason (`details.allowed_terms`).

use crate::model::{Review, month_name};
use unicode_normalization::UnicodeNormalization;

/// Where a published string comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Section of the output ("Action plan", "Document metadata").
    pub section: String,
    /// The object, where one (an action id, "panel member PM3").
    pub object: String,
    /// The field or column.
    pub field: String,
}

/// The published fields by the names the forms give them, so a hit says where to look in
/// words the reviewer has seen ("Why it matters", not "why_it_matters"). The workbench
/// also finds the field to put the cursor in by this label. Table cells are named by
/// their column heading, which is already the form's label ("Name", "Success measure").
const FIELD_LABELS: [(&str, &str); 13] = [
    ("title", "Title"),
    ("subtitle", "Board or partnership, or reference"),
    ("reason", "Why the review was held (public)"),
    ("kind", "Kind of review"),
    ("terms_of_reference", "Terms of reference (one a line)"),
    ("independence", "Statement of independence (from the panel)"),
    ("family_involvement", "Family involvement"),
    ("parallel_processes", "Parallel processes"),
    (
        "public_case_summary",
        "Anonymised account of the case (public)",
    ),
    ("in_this_case", "How it showed in this case"),
    ("why_it_matters", "Why it matters"),
    ("questions", "Questions for the board (one a line)"),
    ("recommendations", "Recommendation"),
];

impl Location {
    /// The field as the form labels it; a field the forms do not show under another
    /// name (a table's column) as it is.
    pub fn field_label(&self) -> &str {
        if self.field == "heading" {
            // A finding's heading is its headline; other headings are the report's own.
            return if self.object.is_empty() {
                "Heading"
            } else {
                "Headline"
            };
        }
        FIELD_LABELS
            .iter()
            .find(|(id, _)| *id == self.field)
            .map_or(self.field.as_str(), |(_, label)| label)
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.section)?;
        if !self.object.is_empty() {
            write!(f, " > {}", self.object)?;
        }
        if !self.field.is_empty() {
            write!(f, " > {}", self.field_label())?;
        }
        Ok(())
    }
}

/// What kind of identifier matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A real name (full or a part).
    Name,
    /// A date of birth.
    DateOfBirth,
    /// An address or a part of it.
    Address,
    /// A term the review asks to redact.
    RedactionTerm,
    /// Text shaped like a UK postcode.
    Postcode,
    /// Text shaped like an NHS number.
    NhsNumber,
}

impl Kind {
    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Name => "real name",
            Kind::DateOfBirth => "date of birth",
            Kind::Address => "address",
            Kind::RedactionTerm => "redaction term",
            Kind::Postcode => "postcode",
            Kind::NhsNumber => "NHS number",
        }
    }
}

/// One identifier found in published text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Where.
    pub location: Location,
    /// What kind of identifier.
    pub kind: Kind,
    /// The text as it stands in the output.
    pub found: String,
    /// The confidential term it matches (for names: which person's label, never the
    /// name itself in logs; this struct is shown only to the reviewer).
    pub term: String,
}

impl std::fmt::Display for Hit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} \"{}\"",
            self.location,
            self.kind.label(),
            self.found
        )
    }
}

/// A word of normalised text: lower case, accents removed, with its place in the original.
#[derive(Debug, Clone)]
struct Word {
    norm: String,
    start: usize,
    end: usize,
}

/// Lower case without accents ("Zoë" -> "zoe").
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Split into words of letters and digits. An apostrophe followed by "s" at a word's end
/// (a possessive) is dropped; hyphens and other punctuation separate words.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Word {
                norm: fold(&text[s..i]),
                start: s,
                end: i,
            });
        }
        if k + 1 == bytes.len()
            && let Some(s) = start.take()
        {
            out.push(Word {
                norm: fold(&text[s..]),
                start: s,
                end: text.len(),
            });
        }
    }
    // Possessives: "Smith's" / "Smith’s" splits into "smith" + "s": drop that "s".
    let mut kept: Vec<Word> = Vec::with_capacity(out.len());
    for w in out {
        if w.norm == "s"
            && let Some(prev) = kept.last()
        {
            let between = &text[prev.end..w.start];
            if between == "'" || between == "\u{2019}" {
                continue;
            }
        }
        kept.push(w);
    }
    kept
}

/// A term to look for, as a sequence of normalised words.
#[derive(Debug, Clone)]
struct Term {
    words: Vec<String>,
    kind: Kind,
    /// What to call it in a hit (a label for names, the term itself otherwise).
    shown: String,
}

/// The confidential identifiers of a review, ready to scan text with.
#[derive(Debug, Clone)]
pub struct Checker {
    terms: Vec<Term>,
    allowed: Vec<Vec<String>>,
}

/// Words too common to be identifying alone (a surname "May", "Will" is still checked
/// as part of a full name).
const TOO_COMMON: [&str; 6] = ["the", "and", "of", "mr", "mrs", "ms"];

impl Checker {
    /// Collect the identifiers of a review.
    pub fn new(review: &Review) -> Checker {
        let mut terms = Vec::new();
        let mut add = |text: &str, kind: Kind, shown: &str| {
            let w: Vec<String> = words(text).into_iter().map(|w| w.norm).collect();
            if !w.is_empty()
                && !(w.len() == 1
                    && (w[0].chars().count() < 2 || TOO_COMMON.contains(&w[0].as_str())))
            {
                terms.push(Term {
                    words: w,
                    kind,
                    shown: shown.to_string(),
                });
            }
        };
        for p in &review.people {
            let shown = format!("name of {}", p.label);
            for name in &p.real_names {
                add(name, Kind::Name, &shown);
                for part in name.split(|c: char| c.is_whitespace() || c == '-') {
                    add(part, Kind::Name, &shown);
                }
            }
            if let Some(d) = p.date_of_birth {
                for form in date_forms(d) {
                    add(
                        &form,
                        Kind::DateOfBirth,
                        &format!("date of birth of {}", p.label),
                    );
                }
            }
            for a in &p.addresses {
                let shown = format!("address of {}", p.label);
                add(a, Kind::Address, &shown);
                for part in a.split([',', '\n']) {
                    let part = part.trim();
                    // A house number alone is not an identifier; a street or town is.
                    if part.chars().any(char::is_alphabetic) {
                        add(part, Kind::Address, &shown);
                    }
                }
            }
        }
        for t in &review.details.redaction_terms {
            add(t, Kind::RedactionTerm, t);
        }
        let allowed = review
            .details
            .allowed_terms
            .iter()
            .map(|a| words(&a.term).into_iter().map(|w| w.norm).collect())
            .collect();
        Checker { terms, allowed }
    }

    /// Every identifier in one published string.
    pub fn scan(&self, location: &Location, text: &str, out: &mut Vec<Hit>) {
        let ws = words(text);
        for term in &self.terms {
            if self.allowed.contains(&term.words) {
                continue;
            }
            let n = term.words.len();
            if n > ws.len() {
                continue;
            }
            for i in 0..=ws.len() - n {
                if ws[i..i + n]
                    .iter()
                    .zip(&term.words)
                    .all(|(w, t)| w.norm == *t)
                {
                    out.push(Hit {
                        location: location.clone(),
                        kind: term.kind,
                        found: text[ws[i].start..ws[i + n - 1].end].to_string(),
                        term: term.shown.clone(),
                    });
                }
            }
        }
        for (found, kind) in shapes(text) {
            if !self.allowed.iter().any(|a| {
                *a == words(&found)
                    .into_iter()
                    .map(|w| w.norm)
                    .collect::<Vec<_>>()
            }) {
                out.push(Hit {
                    location: location.clone(),
                    kind,
                    term: kind.label().to_string(),
                    found,
                });
            }
        }
    }

    /// Scan many strings; hits sorted and without duplicates (a full name also matches
    /// its parts: only the longest match at a place is kept).
    pub fn scan_all<'a>(&self, texts: impl IntoIterator<Item = (Location, &'a str)>) -> Vec<Hit> {
        let mut out = Vec::new();
        for (loc, text) in texts {
            let mut hits = Vec::new();
            self.scan(&loc, text, &mut hits);
            // Drop a hit contained in a longer hit at the same place.
            let keep: Vec<Hit> = hits
                .iter()
                .filter(|h| {
                    !hits.iter().any(|o| {
                        o.found.len() > h.found.len()
                            && o.found.contains(&h.found)
                            && o.location == h.location
                    })
                })
                .cloned()
                .collect();
            out.extend(keep);
        }
        out.sort();
        out.dedup();
        out
    }
}

/// The usual written forms of a date: 03/04/2016, 3/4/2016, 3/4/16, 03.04.2016,
/// 3-4-2016, 2016-04-03, 3 April 2016, 3rd April 2016, 3 Apr 2016, April 3 2016,
/// 3rd of April 2016.
pub fn date_forms(d: jiff::civil::Date) -> Vec<String> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let yy = y % 100;
    let month = month_name(m);
    let short: String = month.chars().take(3).collect();
    let suffix = match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    let mut out = Vec::new();
    for sep in ['/', '.', '-'] {
        out.push(format!("{day:02}{sep}{m:02}{sep}{y}"));
        out.push(format!("{day}{sep}{m}{sep}{y}"));
        out.push(format!("{day:02}{sep}{m:02}{sep}{yy:02}"));
        out.push(format!("{day}{sep}{m}{sep}{yy:02}"));
    }
    out.push(format!("{y}-{m:02}-{day:02}"));
    for name in [month, short.as_str()] {
        out.push(format!("{day} {name} {y}"));
        out.push(format!("{day}{suffix} {name} {y}"));
        out.push(format!("{day}{suffix} of {name} {y}"));
        out.push(format!("{name} {day} {y}"));
        out.push(format!("{name} {day}{suffix} {y}"));
    }
    out.sort();
    out.dedup();
    out
}

/// Text shaped like a UK postcode ("NX4 7QP", "SW1A 1AA") or an NHS number
/// ("943 476 5919", "9434765919").
fn shapes(text: &str) -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .scan(0usize, |_, t| Some(t))
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let toks: Vec<&str> = tokens.iter().map(|(_, t)| *t).collect();
    for (i, t) in toks.iter().enumerate() {
        // Postcode: outward code (A9, A99, AA9, AA99, A9A, AA9A) + inward code (9AA).
        if is_outward(t) && toks.get(i + 1).is_some_and(|n| is_inward(n)) {
            out.push((format!("{} {}", t, toks[i + 1]), Kind::Postcode));
        }
        if t.len() >= 6
            && t.len() <= 7
            && is_outward(&t[..t.len() - 3])
            && is_inward(&t[t.len() - 3..])
        {
            out.push((t.to_string(), Kind::Postcode));
        }
        // NHS number: 10 digits, or 3-3-4.
        if t.len() == 10 && t.bytes().all(|b| b.is_ascii_digit()) {
            out.push((t.to_string(), Kind::NhsNumber));
        }
        if t.len() == 3
            && t.bytes().all(|b| b.is_ascii_digit())
            && toks
                .get(i + 1)
                .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
            && toks
                .get(i + 2)
                .is_some_and(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        {
            out.push((
                format!("{} {} {}", t, toks[i + 1], toks[i + 2]),
                Kind::NhsNumber,
            ));
        }
    }
    out
}

fn is_outward(t: &str) -> bool {
    let b = t.as_bytes();
    let up = |c: u8| c.is_ascii_uppercase();
    let dig = |c: u8| c.is_ascii_digit();
    match b {
        [a, n] => up(*a) && dig(*n),
        [a, x, y] => up(*a) && ((dig(*x) && dig(*y)) || (up(*x) && dig(*y)) || (dig(*x) && up(*y))),
        [a, x, y, z] => up(*a) && up(*x) && dig(*y) && (dig(*z) || up(*z)),
        _ => false,
    }
}

fn is_inward(t: &str) -> bool {
    let b = t.as_bytes();
    matches!(b, [d, x, y] if d.is_ascii_digit() && x.is_ascii_uppercase() && y.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn review() -> Review {
        let mut r = Review {
            people: vec![
                Person {
                    id: PersonId(1),
                    label: "Child B".into(),
                    real_names: vec!["Bethany Calder".into()],
                    date_of_birth: Some(jiff::civil::Date::constant(2020, 4, 3)),
                    addresses: vec!["14 Tenterfield Road, Eastbridge, NX4 7QP".into()],
                    role: PersonRole::Subject,
                    relationship: String::new(),
                    agency: None,
                },
                Person {
                    id: PersonId(2),
                    label: "Social Worker 1".into(),
                    real_names: vec!["Zoë Hart-Lyons".into()],
                    date_of_birth: None,
                    addresses: vec![],
                    role: PersonRole::Practitioner,
                    relationship: String::new(),
                    agency: None,
                },
            ],
            ..Review::default()
        };
        r.details.redaction_terms = vec!["Little Acorns".into()];
        r
    }

    fn hits(text: &str) -> Vec<Hit> {
        let loc = Location {
            section: "Test".into(),
            object: String::new(),
            field: "text".into(),
        };
        Checker::new(&review()).scan_all([(loc, text)])
    }

    #[test]
    fn clean_text_passes() {
        assert!(hits("Child B was seen by Social Worker 1 at home in May.").is_empty());
    }

    #[test]
    fn surname_in_lower_case() {
        let h = hits("the calder family moved");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].found, "calder");
        assert_eq!(h[0].kind, Kind::Name);
    }

    #[test]
    fn possessive() {
        let h = hits("Bethany's nursery place");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].found, "Bethany");
        let h = hits("Calder’s partner");
        assert_eq!(h[0].found, "Calder");
    }

    #[test]
    fn name_split_over_a_line_break() {
        let h = hits("Seen: Bethany\nCalder (child)");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].found, "Bethany\nCalder");
    }

    #[test]
    fn accented_variant_and_hyphenated_parts() {
        assert_eq!(hits("Zoe visited").len(), 1);
        assert_eq!(hits("ZOË HART visited").len(), 2);
        assert_eq!(hits("Ms Lyons called").len(), 1);
    }

    #[test]
    fn date_of_birth_three_ways() {
        for text in [
            "born 03/04/2020",
            "DOB 3rd April 2020.",
            "born on 2020-04-03",
            "3.4.20",
            "April 3 2020",
        ] {
            let h = hits(text);
            assert!(
                h.iter().any(|x| x.kind == Kind::DateOfBirth),
                "{text}: {h:?}"
            );
        }
        assert!(
            hits("on 04/03/2020")
                .iter()
                .all(|x| x.kind != Kind::DateOfBirth)
        );
    }

    #[test]
    fn postcode_address_and_nhs_number_shapes() {
        let h = hits("moved to SW1A 1AA last year");
        assert_eq!(h[0].kind, Kind::Postcode);
        assert!(
            hits("lived at 14 Tenterfield Road")
                .iter()
                .any(|x| x.kind == Kind::Address)
        );
        assert!(hits("NX47QP").iter().any(|x| x.kind == Kind::Postcode));
        assert!(
            hits("NHS no. 943 476 5919")
                .iter()
                .any(|x| x.kind == Kind::NhsNumber)
        );
        assert!(
            hits("ref 9434765919")
                .iter()
                .any(|x| x.kind == Kind::NhsNumber)
        );
        assert!(
            hits("the Little Acorns nursery")
                .iter()
                .any(|x| x.kind == Kind::RedactionTerm)
        );
    }

    #[test]
    fn hits_name_the_field_as_the_form_labels_it() {
        let loc = |object: &str, field: &str| Location {
            section: "Key findings".into(),
            object: object.into(),
            field: field.into(),
        };
        assert_eq!(
            loc("FN2", "why_it_matters").to_string(),
            "Key findings > FN2 > Why it matters"
        );
        assert_eq!(loc("FN2", "heading").field_label(), "Headline");
        assert_eq!(loc("", "heading").field_label(), "Heading");
        // A table's column is already named as the form names it.
        assert_eq!(
            loc("A1", "Success measure").field_label(),
            "Success measure"
        );
    }

    #[test]
    fn allowed_terms_pass_with_reason() {
        let mut r = review();
        let loc = Location {
            section: "S".into(),
            object: String::new(),
            field: String::new(),
        };
        assert_eq!(
            Checker::new(&r)
                .scan_all([(loc.clone(), "Eastbridge Hospital")])
                .len(),
            1
        );
        r.details.allowed_terms.push(AllowedTerm {
            term: "Eastbridge".into(),
            reason: "A large town, named in agency names".into(),
        });
        assert!(
            Checker::new(&r)
                .scan_all([(loc, "Eastbridge Hospital")])
                .is_empty()
        );
    }
}

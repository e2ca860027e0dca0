//! Which agency a file comes from, so that an import cannot land on the wrong one: what
//! the file's own organisation (agency) column says, a suggestion from that column or
//! from the file name for the reviewer to confirm (never applied silently), and the
//! warnings that ask before going ahead: the column names another agency than the one
//! chosen, or most of the agency's entries would change.

use super::{Loaded, Mapping, Plan, Target, find_agency, fold};
use crate::model::*;
use std::fmt;

/// What the file's organisation (agency) column says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The column's heading, as written.
    pub heading: String,
    /// Each name written in it, as first written, with the rows giving it: most rows
    /// first, then in the order first met.
    pub names: Vec<(String, usize)>,
    /// Data rows of the file (blank rows and repeated headings aside).
    pub rows: usize,
}

impl Named {
    /// The name most rows give, and how many give it.
    pub fn main(&self) -> Option<(&str, usize)> {
        self.names.first().map(|(n, c)| (n.as_str(), *c))
    }
}

/// What the file's organisation column says, when it has one with anything in it.
pub fn named(loaded: &Loaded, mapping: &Mapping) -> Option<Named> {
    let col = mapping.column_of(ColumnField::Agency)?;
    let heading = mapping.column(col)?.heading.clone();
    let heading_key = fold(&heading);
    let mut names: Vec<(String, String, usize)> = Vec::new();
    let mut rows = 0;
    for row in loaded.sheet.rows.iter().skip(mapping.header + 1) {
        let text = row.cell(col).text();
        let key = fold(&text);
        if row.is_blank() || key == heading_key {
            continue;
        }
        rows += 1;
        if key.is_empty() {
            continue;
        }
        match names.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, n)) => *n += 1,
            None => names.push((key, text.trim().to_string(), 1)),
        }
    }
    if names.is_empty() {
        return None;
    }
    // Stable: equal counts keep the order first met.
    names.sort_by_key(|(_, _, n)| std::cmp::Reverse(*n));
    Some(Named {
        heading,
        names: names.into_iter().map(|(_, t, n)| (t, n)).collect(),
        rows,
    })
}

/// Words that say what a file is, not whose: left out of a file name before matching.
const FILE_WORDS: &[&str] = &[
    "chronology",
    "chron",
    "chrono",
    "export",
    "final",
    "draft",
    "copy",
    "data",
    "records",
    "file",
    "for",
    "review",
    "scr",
    "cspr",
    "lcspr",
    "updated",
    "update",
    "version",
];

/// True for a word of a file name that may say whose the file is: not a number, a
/// version ("v2"), or a word for what the file is.
fn may_name_agency(word: &str) -> bool {
    let w = word.to_lowercase();
    let number = w.strip_prefix('v').unwrap_or(&w);
    !(w.is_empty()
        || number.chars().all(|c| c.is_ascii_digit())
        || FILE_WORDS.contains(&w.as_str()))
}

/// Words that name a sector, for a name that matches no agency's name: the review's only
/// agency of that sector.
const SECTOR_WORDS: &[(Sector, &[&str])] = &[
    (
        Sector::SocialCare,
        &[
            "social care",
            "social services",
            "childrens services",
            "social work",
        ],
    ),
    (Sector::Police, &["police", "constabulary"]),
    (Sector::Health, &["health", "nhs", "hospital", "surgery"]),
    (
        Sector::Education,
        &["education", "school", "academy", "nursery", "college"],
    ),
    (Sector::Probation, &["probation", "youth justice"]),
    (Sector::Housing, &["housing"]),
    (Sector::Voluntary, &["voluntary", "charity"]),
];

/// True when the words of `phrase` appear together, whole, in `text` (both folded).
fn has_phrase(text: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {text} ").contains(&format!(" {phrase} "))
}

/// The review's agency a name written in a file means: the agency of that name or short
/// name (any case and punctuation); else the one whose name or short name appears in it
/// whole ("Northshire Police Force": Northshire Police), or in whose name it appears
/// whole, the longest such match winning; else the review's only agency of a sector the
/// name says ("Thames Valley Police": the police). `None` when nothing fits or two fit
/// equally well.
pub fn agency_named(review: &Review, text: &str) -> Option<AgencyId> {
    if let Some(id) = find_agency(review, text) {
        return Some(id);
    }
    let text = fold(text);
    if text.is_empty() {
        return None;
    }
    let mut best: Option<(usize, AgencyId)> = None;
    let mut tied = false;
    for a in &review.agencies {
        let (name, short) = (fold(&a.name), fold(&a.short_name));
        let score = [
            has_phrase(&text, &name).then_some(name.len()),
            has_phrase(&text, &short).then_some(short.len()),
            has_phrase(&name, &text).then_some(text.len()),
        ]
        .into_iter()
        .flatten()
        .max();
        match (score, best) {
            (Some(s), Some((b, _))) if s == b => tied = true,
            (Some(s), Some((b, _))) if s < b => {}
            (Some(s), _) => (best, tied) = (Some((s, a.id)), false),
            (None, _) => {}
        }
    }
    if let Some((_, id)) = best {
        return (!tied).then_some(id);
    }
    let sector = SECTOR_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| has_phrase(&text, w)))?
        .0;
    let mut of_sector = review.agencies.iter().filter(|a| a.sector == sector);
    match (of_sector.next(), of_sector.next()) {
        (Some(a), None) => Some(a.id),
        _ => None,
    }
}

/// What a suggestion rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The file's organisation column.
    Column {
        /// Its heading.
        heading: String,
        /// The name most rows give.
        name: String,
        /// Rows giving it.
        rows: usize,
        /// Data rows of the file.
        of: usize,
    },
    /// The file name.
    FileName(String),
}

/// The agency a file seems to come from, for the reviewer to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The agency: one of the review's, or a new one named by the file.
    pub target: Target,
    /// Why.
    pub basis: Basis,
}

impl Suggestion {
    /// The agency's name.
    pub fn name(&self, review: &Review) -> String {
        target_name(review, &self.target)
    }

    /// Why it is suggested, for people.
    pub fn why(&self, review: &Review) -> String {
        let name = self.name(review);
        let new = match self.target {
            Target::New(_) => " It is not one of the review's agencies: importing adds it.",
            Target::Existing(_) => "",
        };
        match &self.basis {
            Basis::Column {
                heading,
                name: written,
                rows,
                of,
            } => format!(
                "The file's {heading} column names {written} on {rows} of its {of} rows.{new}"
            ),
            Basis::FileName(file) => format!("The file name {file} suggests {name}."),
        }
    }
}

/// The name of the agency a target is (or will be).
pub fn target_name(review: &Review, target: &Target) -> String {
    match target {
        Target::Existing(id) => review.agency_name(*id),
        Target::New(name) => name.clone(),
    }
}

/// The agency to suggest for a file: the one its organisation column names on most
/// rows (a new agency of that name when the review has none), else one its file name
/// names. `None` when neither says.
pub fn suggest(review: &Review, file_name: &str, named: Option<&Named>) -> Option<Suggestion> {
    if let Some(named) = named
        && let Some((name, rows)) = named.main()
    {
        let target = match agency_named(review, name) {
            Some(id) => Target::Existing(id),
            None => Target::New(name.to_string()),
        };
        return Some(Suggestion {
            target,
            basis: Basis::Column {
                heading: named.heading.clone(),
                name: name.to_string(),
                rows,
                of: named.rows,
            },
        });
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| may_name_agency(w))
        .collect();
    let id = agency_named(review, &words.join(" "))?;
    Some(Suggestion {
        target: Target::Existing(id),
        basis: Basis::FileName(file_name.to_string()),
    })
}

/// The file's organisation column names another agency than the one chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The column's heading.
    pub heading: String,
    /// The name most of its rows give.
    pub named: String,
    /// Rows giving it.
    pub rows: usize,
    /// Data rows of the file.
    pub of: usize,
    /// The agency chosen.
    pub chosen: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The file's {} column names {} on {} of its {} rows, not {}. Is this the right agency?",
            self.heading, self.named, self.rows, self.of, self.chosen
        )
    }
}

/// Whether the name most rows of the organisation column give is another agency than
/// the one chosen.
pub fn mismatch(review: &Review, target: &Target, named: &Named) -> Option<Mismatch> {
    let (name, rows) = named.main()?;
    let same = match target {
        Target::Existing(id) => agency_named(review, name) == Some(*id),
        Target::New(chosen) => fold(chosen) == fold(name),
    };
    (!same).then(|| Mismatch {
        heading: named.heading.clone(),
        named: name.to_string(),
        rows,
        of: named.rows,
        chosen: target_name(review, target),
    })
}

/// Most of an agency's entries from its previous file would change or be marked gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overwrite {
    /// The agency.
    pub agency: String,
    /// Its entries compared with the file (those of its previous import).
    pub existing: usize,
    /// Entries whose content the file would replace.
    pub changed: usize,
    /// Entries the file no longer has: kept, flagged "needs checking".
    pub removed: usize,
}

impl fmt::Display for Overwrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (agency, existing) = (&self.agency, self.existing);
        match (self.changed, self.removed) {
            (changed, 0) => write!(
                f,
                "This would change {changed} of the {existing} entries {agency} already has."
            )?,
            (0, removed) => write!(
                f,
                "This would mark {removed} of the {existing} entries {agency} already has as gone from its file (kept, flagged)."
            )?,
            (changed, removed) => write!(
                f,
                "This would change {changed} of the {existing} entries {agency} already has, and mark {removed} as gone from its file (kept, flagged)."
            )?,
        }
        f.write_str(" Is this the right agency?")
    }
}

/// Whether the import would change or mark gone more than half of the entries the agency
/// already has from its previous file (the plan's difference from that file).
pub fn overwrite(review: &Review, plan: &Plan) -> Option<Overwrite> {
    let d = plan.diff.as_ref()?;
    let existing = d.unchanged + d.changed.len() + d.removed.len();
    let affected = d.changed.len() + d.removed.len();
    (affected * 2 > existing).then(|| Overwrite {
        agency: review.agency_name(plan.agency),
        existing,
        changed: d.changed.len(),
        removed: d.removed.len(),
    })
}

/// Everything to ask about before importing a plan for a target, in words: the
/// reviewer confirms each before the import goes ahead.
pub fn warnings(
    review: &Review,
    target: &Target,
    named: Option<&Named>,
    plan: &Plan,
) -> Vec<String> {
    let mismatch = named.and_then(|n| mismatch(review, target, n));
    let overwrite = overwrite(review, plan);
    mismatch
        .map(|m| m.to_string())
        .into_iter()
        .chain(overwrite.map(|o| o.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Choices, Meta, read, run};
    use super::*;

    fn review() -> Review {
        let mut r = Review::default();
        for (id, name, short, sector) in [
            (1, "Northshire Police", "Police", Sector::Police),
            (2, "Riverside School", "School", Sector::Education),
            (
                3,
                "Northshire Community Health NHS Trust",
                "HV",
                Sector::Health,
            ),
            (
                4,
                "Eastbridge Primary Care Network (GP practice)",
                "GP",
                Sector::Health,
            ),
        ] {
            r.agencies.push(Agency {
                id: AgencyId(id),
                name: name.into(),
                short_name: short.into(),
                sector,
                import_columns: Default::default(),
            });
        }
        r
    }

    fn load(name: &str, text: &str) -> Loaded {
        read::read_bytes(name, text.as_bytes(), None).expect("reads")
    }

    fn named_in(loaded: &Loaded) -> Option<Named> {
        let header = super::super::mapping::find_header(&loaded.sheet).expect("headings");
        let mapping = Mapping::guess(&loaded.sheet, header, &Default::default());
        named(loaded, &mapping)
    }

    fn suggestion(name: &str, text: &str) -> Option<(Target, String)> {
        let r = review();
        let loaded = load(name, text);
        suggest(&r, name, named_in(&loaded).as_ref()).map(|s| (s.target.clone(), s.why(&r)))
    }

    #[test]
    fn the_organisation_column_names_the_agency() {
        let text = "Date,Organisation,Details\n01/03/2019,Northshire Police,A\n\n02/03/2019,Northshire Police,B\n03/03/2019,Riverside School,C\n04/03/2019,,D\n";
        let n = named_in(&load("x.csv", text)).expect("a column");
        assert_eq!(n.heading, "Organisation");
        assert_eq!(
            n.names,
            [
                ("Northshire Police".to_string(), 2),
                ("Riverside School".to_string(), 1)
            ]
        );
        assert_eq!(n.rows, 4, "the blank row is not a row of data");
        assert_eq!(
            suggestion("school.csv", text),
            Some((
                Target::Existing(AgencyId(1)),
                "The file's Organisation column names Northshire Police on 2 of its 4 rows."
                    .to_string()
            )),
            "the column wins over the file name"
        );
    }

    #[test]
    fn names_written_otherwise_still_find_their_agency() {
        let r = review();
        let cases = [
            ("NORTHSHIRE POLICE", Some(1)),
            ("Police", Some(1)),
            ("Northshire Police Force", Some(1)),
            ("Thames Valley Constabulary", Some(1)),
            ("Riverside Primary School", Some(2)),
            ("Eastbridge GP surgery", Some(4)),
            // Health names two agencies: a health name alone says neither.
            ("Hospital", None),
            ("Northshire Fire and Rescue", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(agency_named(&r, text), want.map(AgencyId), "{text}");
        }
    }

    #[test]
    fn a_name_no_agency_has_is_suggested_as_a_new_agency() {
        let s = suggestion(
            "f.csv",
            "Date,Agency,Details\n01/03/2019,Northshire Fire and Rescue,A\n",
        );
        let (target, why) = s.expect("a suggestion");
        assert_eq!(target, Target::New("Northshire Fire and Rescue".into()));
        assert!(why.contains("importing adds it"), "{why}");
    }

    #[test]
    fn without_a_column_the_file_name_suggests() {
        let plain = "Date,Details\n01/03/2019,A\n";
        let cases = [
            ("police-chronology.csv", Some(1)),
            ("Police Chronology FINAL v2.csv", Some(1)),
            ("riverside_school_2019.csv", Some(2)),
            ("GP records.csv", Some(4)),
            ("chronology.csv", None),
            ("export-2019.csv", None),
        ];
        for (name, want) in cases {
            let got = suggestion(name, plain).map(|(t, _)| t);
            assert_eq!(got, want.map(|id| Target::Existing(AgencyId(id))), "{name}");
        }
        let (_, why) = suggestion("police-chronology.csv", plain).expect("suggested");
        assert_eq!(
            why,
            "The file name police-chronology.csv suggests Northshire Police."
        );
    }

    #[test]
    fn a_column_naming_another_agency_is_a_mismatch() {
        let r = review();
        let loaded = load(
            "x.csv",
            "Date,Organisation,Details\n01/03/2019,Northshire Police,A\n02/03/2019,Northshire Police,B\n",
        );
        let n = named_in(&loaded).expect("a column");
        let m = mismatch(&r, &Target::Existing(AgencyId(2)), &n).expect("a mismatch");
        assert_eq!(
            m.to_string(),
            "The file's Organisation column names Northshire Police on 2 of its 2 rows, not Riverside School. Is this the right agency?"
        );
        assert_eq!(mismatch(&r, &Target::Existing(AgencyId(1)), &n), None);
        assert!(mismatch(&r, &Target::New("Police Scotland".into()), &n).is_some());
        assert_eq!(
            mismatch(&r, &Target::New("northshire police".into()), &n),
            None
        );
    }

    fn meta() -> Meta {
        Meta {
            imported_at: "2026-11-22T10:00:00Z".into(),
        }
    }

    /// The school's file imported, then `text` planned for the school.
    fn reimport(text: &str) -> (Review, Plan) {
        let mut r = review();
        let school = Target::Existing(AgencyId(2));
        let mut first = String::from("Date,Details\n");
        for day in 1..=10 {
            first.push_str(&format!("{day:02}/03/2019,School event {day}\n"));
        }
        let choices = Choices::default();
        let one = run(
            load("school.csv", &first),
            &r,
            &school,
            &[],
            &choices,
            &meta(),
        )
        .expect("runs");
        r.apply(one.plan.edit);
        let two = run(
            load("police.csv", text),
            &r,
            &school,
            &[],
            &choices,
            &meta(),
        )
        .expect("runs");
        (r, two.plan)
    }

    #[test]
    fn most_entries_changing_is_said_in_words_a_few_is_not() {
        // Ten entries; a file with seven other events and the first three the same.
        let mut text = String::from("Date,Details\n");
        for day in 1..=3 {
            text.push_str(&format!("{day:02}/03/2019,School event {day}\n"));
        }
        for day in 4..=10 {
            text.push_str(&format!("{day:02}/04/2019,Police call {day}\n"));
        }
        let (r, plan) = reimport(&text);
        let o = overwrite(&r, &plan).expect("most would change");
        assert_eq!((o.existing, o.changed, o.removed), (10, 7, 0));
        assert_eq!(
            o.to_string(),
            "This would change 7 of the 10 entries Riverside School already has. Is this the right agency?"
        );
        // Shorter, with other events: five changed, five gone.
        let mut text = String::from("Date,Details\n");
        for day in 1..=5 {
            text.push_str(&format!("{day:02}/04/2019,Police call {day}\n"));
        }
        let (r, plan) = reimport(&text);
        assert_eq!(
            overwrite(&r, &plan).map(|o| o.to_string()).as_deref(),
            Some(
                "This would change 5 of the 10 entries Riverside School already has, and mark 5 as gone from its file (kept, flagged). Is this the right agency?"
            )
        );
        // An update changing half or fewer: nothing to ask.
        let mut text = String::from("Date,Details\n");
        for day in 1..=10 {
            let what = if day <= 5 { "amended" } else { "event" };
            text.push_str(&format!("{day:02}/03/2019,School {what} {day}\n"));
        }
        let (r, plan) = reimport(&text);
        assert_eq!(plan.diff.as_ref().map(|d| d.changed.len()), Some(5));
        assert_eq!(overwrite(&r, &plan), None);
        assert!(warnings(&r, &Target::Existing(AgencyId(2)), None, &plan).is_empty());
    }
}

//! Factual-accuracy extracts: for each agency, a document with only its own chronology
//! entries and the findings that draw on them, so the agency can check its facts without
//! seeing any other agency's confidential material. Other agencies' entries, their
//! details and ids never appear; the reviewer's comments never appear.

use super::chronology::{self as table, Columns, Value};
use super::report::{Block, Report, Table};
use crate::model::*;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::collections::BTreeSet;

/// Agencies that have entries in the chronology, in id order: one extract each.
pub fn agencies(review: &Review) -> Vec<AgencyId> {
    review.involved_agencies().into_iter().collect()
}

/// A file name stem for an agency's extract: `factual-accuracy-northshire-police`.
pub fn file_stem(review: &Review, agency: AgencyId) -> String {
    let name = review.agency_name(agency);
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("factual-accuracy-{}-{}", agency.0, slug)
}

/// The findings that draw on the agency's entries (directly, through a factor or through
/// an episode), each with the agency's own entries it rests on.
pub fn findings(review: &Review, agency: AgencyId) -> Vec<(&Finding, Vec<EventId>)> {
    let mine: BTreeSet<EventId> = review
        .chronology
        .iter()
        .filter(|e| e.agency == agency)
        .map(|e| e.id)
        .collect();
    let own = |ids: &[EventId]| -> Vec<EventId> {
        ids.iter().copied().filter(|i| mine.contains(i)).collect()
    };
    let mut out = Vec::new();
    for f in &review.findings {
        let mut cited: BTreeSet<EventId> = own(&f.evidence_entries).into_iter().collect();
        for id in &f.evidence_factors {
            if let Some(x) = review.factor(*id) {
                cited.extend(own(&x.evidence_entries));
            }
        }
        for id in &f.evidence_episodes {
            if let Some(x) = review.episode(*id) {
                cited.extend(own(&x.entries));
            }
        }
        if !cited.is_empty() {
            out.push((f, cited.into_iter().collect()));
        }
    }
    out
}

fn ids(items: &[EventId]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The agency's extract as a report (render it with `export::pdf::render`).
pub fn build(review: &Review, agency: AgencyId) -> Report {
    let d = &review.details;
    let name = review.agency_name(agency);
    let mut r = Report::new(format!("Factual accuracy check: {name}"), true);
    r.subtitle = vec![
        d.title.clone(),
        format!("{}: extract for {name}", d.kind.name()),
        format!("Reference {}", d.reference),
        "CONFIDENTIAL: for the agency's factual accuracy check only".to_string(),
    ];
    r.section("About this extract");
    r.para(
        &format!(
            "This extract holds only {name}'s own entries in the integrated chronology and the {} that draw on them. Please check each entry against your records and tell the lead reviewer of anything that is wrong or missing, citing the entry's id. Other agencies' entries are not included.",
            d.kind.findings_word()
        ),
        "",
        "about",
    );
    r.section("Your chronology entries");
    let rows = table::entries(review, Some(agency))
        .into_iter()
        .map(|e| {
            let mut what = e.summary.clone();
            if !e.detail.is_empty() {
                if !what.is_empty() {
                    what.push('\n');
                }
                what.push_str("Detail: ");
                what.push_str(&e.detail);
            }
            if !e.outcome.is_empty() {
                what.push_str("\nOutcome: ");
                what.push_str(&e.outcome);
            }
            let time = e
                .time
                .map(|t| format!("\n{}", crate::model::time_text(t)))
                .unwrap_or_default();
            (
                e.id.to_string(),
                vec![
                    e.id.to_string(),
                    format!("{}{time}", e.date.human()),
                    format!("{}\n{}", e.event_type, e.source),
                    format!("{} / {}", e.child_seen.label(), e.views_sought.label()),
                    what,
                ],
            )
        })
        .collect();
    r.push(
        Block::Table(Table {
            header: vec![
                "Id".into(),
                "Date".into(),
                "Event and source".into(),
                "Seen / views".into(),
                "What happened".into(),
            ],
            widths: vec![0.7, 1.4, 2.0, 1.0, 6.0],
            rows,
        }),
        "",
        "chronology",
    );
    let word = d.kind.findings_word();
    r.section(&format!("The {word} that draw on your entries"));
    let list = findings(review, agency);
    if list.is_empty() {
        r.para(&format!("No {word} cite your entries."), "", "findings");
    }
    for (f, cited) in list {
        let object = f.id.to_string();
        r.heading(2, format!("{}: {}", f.id, f.headline), &object);
        r.para(&f.in_this_case, &object, "in_this_case");
        r.para(
            &format!("Your entries it draws on: {}.", ids(&cited)),
            &object,
            "evidence",
        );
    }
    r
}

/// The columns of an extract's entries: the detail (the agency's own), never the
/// reviewer's comment.
pub const COLUMNS: Columns = Columns {
    detail: true,
    comment: false,
};

/// The agency's extract as a workbook: "Entries" and "Findings".
pub fn to_xlsx(review: &Review, agency: AgencyId) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let rows: Vec<Vec<Value>> = table::entries(review, Some(agency))
        .into_iter()
        .map(|e| table::row(review, e, COLUMNS))
        .collect();
    table::write_sheet(
        &mut wb,
        "Entries",
        &table::header(COLUMNS),
        &table::widths(COLUMNS),
        &rows,
    )?;
    let rows: Vec<Vec<Value>> = findings(review, agency)
        .into_iter()
        .map(|(f, cited)| {
            vec![
                Value::Text(f.id.to_string()),
                Value::Text(f.headline.clone()),
                Value::Text(f.in_this_case.clone()),
                Value::Text(ids(&cited)),
            ]
        })
        .collect();
    table::write_sheet(
        &mut wb,
        "Findings",
        &[
            "Id",
            "Headline",
            "How it showed in this case",
            "Your entries",
        ],
        &[8.0, 50.0, 80.0, 20.0],
        &rows,
    )?;
    wb.save_to_buffer()
}

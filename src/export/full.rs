//! The full overview report: confidential, for the board and the panel. Everything the
//! review holds, in the order of the method. The key from labels to real names appears
//! only when asked for.

use super::report::{Block, Report, Table};
use super::summary::{action_table, independence_statement, panel_table};
use crate::analysis::chronology as chrono;
use crate::model::*;

/// Options for the full report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include the key from public labels to real names (an appendix).
    pub identity_key: bool,
}

fn tri(t: Tri) -> &'static str {
    t.label()
}

/// Build the full report.
pub fn build(review: &Review, typologies: &[Typology], options: Options) -> Report {
    let d = &review.details;
    let mut r = Report::new(d.title.clone(), true);
    r.subtitle = vec![
        format!("{}: full overview report", d.kind.name()),
        d.board.clone(),
        format!("Reference {}", d.reference),
        "CONFIDENTIAL: not for publication".to_string(),
    ];

    r.section("Introduction and terms of reference");
    r.para(&d.reason, "", "reason");
    if let (Some(a), Some(b)) = (d.period_start, d.period_end) {
        r.para(
            &format!("The review considered the period from {a} to {b}."),
            "",
            "period",
        );
    }
    if !d.terms_of_reference.is_empty() {
        r.push(
            Block::List(d.terms_of_reference.clone()),
            "",
            "terms_of_reference",
        );
    }

    r.section("Methodology and panel");
    r.para(
        "The review used a systems approach: it asks not only what happened but why it made sense to the people involved at the time, looking at the whole system rather than at individuals. The integrated chronology was built from each agency's records; key practice episodes were identified and appraised with the practitioners involved; contributory factors were identified and coded against the typologies listed in the appendix.",
        "",
        "method",
    );
    r.push(Block::Table(panel_table(review)), "", "panel");
    r.para(&independence_statement(review), "", "independence");

    r.section("Family involvement and parallel processes");
    r.para(&d.family_involvement, "", "family_involvement");
    r.para(&d.parallel_processes, "", "parallel_processes");

    r.section("The case");
    r.para(&d.public_case_summary, "", "public_case_summary");

    r.section("Integrated chronology");
    let order = chrono::order(review);
    let rows = order
        .iter()
        .map(|&i| {
            let e = &review.chronology[i];
            let mut what = e.summary.clone();
            if !e.detail.is_empty() {
                what.push_str("\nDetail: ");
                what.push_str(&e.detail);
            }
            if !e.outcome.is_empty() {
                what.push_str("\nOutcome: ");
                what.push_str(&e.outcome);
            }
            let flags: Vec<&str> = e.flags.iter().map(|f| f.label()).collect();
            (
                e.id.to_string(),
                vec![
                    e.id.to_string(),
                    e.date.human(),
                    review
                        .agency(e.agency)
                        .map_or_else(|| e.agency.to_string(), |a| a.short().to_string()),
                    format!("{}\n{}", e.event_type, e.source),
                    format!("{} / {}", tri(e.child_seen), tri(e.views_sought)),
                    what,
                    flags.join(", "),
                ],
            )
        })
        .collect();
    r.push(
        Block::Table(Table {
            header: vec![
                "Id".into(),
                "Date".into(),
                "Agency".into(),
                "Event and source".into(),
                "Seen / views".into(),
                "What happened".into(),
                "Flags".into(),
            ],
            widths: vec![0.7, 1.4, 1.1, 2.0, 1.0, 6.0, 1.2],
            rows,
        }),
        "",
        "chronology",
    );

    r.section("The child's experience");
    let subject = d.kind.subject_word();
    let seen = review
        .chronology
        .iter()
        .filter(|e| e.child_seen == Tri::Yes)
        .count();
    let views = review
        .chronology
        .iter()
        .filter(|e| e.views_sought == Tri::Yes)
        .count();
    r.para(
        &format!(
            "Of {} recorded contacts, {subject} was seen at {seen} and {subject}'s views were sought at {views}.",
            review.chronology.len()
        ),
        "",
        "child_seen",
    );
    let by_agency = chrono::seen_by_agency(review);
    r.push(
        Block::Table(Table {
            header: vec![
                "Agency".into(),
                "Contacts".into(),
                "Seen".into(),
                "Not seen".into(),
                "Views sought".into(),
            ],
            widths: vec![4.0, 1.0, 1.0, 1.0, 1.0],
            rows: by_agency
                .iter()
                .map(|(a, c)| {
                    (
                        a.to_string(),
                        vec![
                            review.agency_name(*a),
                            c.entries.to_string(),
                            c.seen.to_string(),
                            c.not_seen.to_string(),
                            c.views_sought.to_string(),
                        ],
                    )
                })
                .collect(),
        }),
        "",
        "seen_by_agency",
    );

    r.section("Key practice episodes");
    for ep in &review.episodes {
        let object = ep.id.to_string();
        r.heading(2, format!("{}: {}", ep.id, ep.title), &object);
        r.para(
            &format!(
                "Appraisal: {}. Entries: {}.",
                ep.appraisal.label(),
                ids(&ep.entries)
            ),
            &object,
            "appraisal",
        );
        r.heading(3, "What happened", &object);
        r.para(&ep.what_happened, &object, "what_happened");
        r.heading(3, "Why it made sense at the time", &object);
        r.para(&ep.why_it_made_sense, &object, "why_it_made_sense");
        if !ep.practitioners_views.is_empty() {
            r.heading(3, "Practitioners' views", &object);
            r.para(&ep.practitioners_views, &object, "practitioners_views");
        }
    }

    let timeline = super::figures::timeline(review);
    if !timeline.is_empty() {
        r.section("Timeline");
        r.para(
            "The integrated chronology drawn as a timeline: one lane per agency, each mark an entry, the shaded bands the key practice episodes coloured by their appraisal.",
            "",
            "timeline",
        );
        for f in timeline {
            r.push(Block::Figure(f), "", "timeline");
        }
    }

    r.section("Contributory factors");
    for f in super::figures::factor_diagram(review, typologies) {
        r.push(Block::Figure(f), "", "factor_diagram");
    }
    r.para(
        &format!("Outcome: {}", review.outcome.title),
        "outcome",
        "title",
    );
    for f in &review.factors {
        let object = f.id.to_string();
        let codes: Vec<String> = f.codes.iter().map(|c| code_label(c, typologies)).collect();
        let out: Vec<String> = review
            .links
            .iter()
            .filter(|l| l.from == Node::Factor(f.id))
            .map(|l| format!("{} {}", l.kind.label(), l.to))
            .collect();
        r.push(
            Block::Paragraph(format!(
                "{}: {} ({}; {}; {}). {} Evidence: {}{}. Links: {}.",
                f.id,
                f.title,
                f.polarity.label().to_lowercase(),
                f.level.label().to_lowercase(),
                codes.join(", "),
                f.description,
                ids(&f.evidence_entries),
                if f.evidence_episodes.is_empty() {
                    String::new()
                } else {
                    format!("; {}", ids(&f.evidence_episodes))
                },
                if out.is_empty() {
                    "none".to_string()
                } else {
                    out.join(", ")
                }
            )),
            &object,
            "factor",
        );
    }

    let word = d.kind.findings_word();
    r.section(&capitalise(word));
    for f in &review.findings {
        let object = f.id.to_string();
        r.heading(2, format!("{}: {}", f.id, f.headline), &object);
        if let Some(c) = &f.category {
            r.para(
                &format!("Category: {}", code_label(c, typologies)),
                &object,
                "category",
            );
        }
        for (title, text, field) in [
            (
                "How it showed in this case",
                &f.in_this_case,
                "in_this_case",
            ),
            ("Why it is not a one-off", &f.not_one_off, "not_one_off"),
            ("What research says", &f.research, "research"),
            ("Why it matters", &f.why_it_matters, "why_it_matters"),
        ] {
            if !text.is_empty() {
                r.heading(3, title, &object);
                r.para(text, &object, field);
            }
        }
        r.para(
            &format!(
                "Evidence: entries {}; episodes {}; factors {}.",
                ids(&f.evidence_entries),
                ids(&f.evidence_episodes),
                ids(&f.evidence_factors)
            ),
            &object,
            "evidence",
        );
        if !f.questions.is_empty() {
            r.heading(3, "Questions for the board", &object);
            r.push(Block::List(f.questions.clone()), &object, "questions");
        }
    }

    r.section("Recommendations");
    for rec in &review.recommendations {
        r.para(
            &format!(
                "{}: {} To: {}. Answers {}.",
                rec.id,
                rec.text,
                rec.addressee,
                ids(&rec.findings)
            ),
            &rec.id.to_string(),
            "text",
        );
    }

    r.section("Action plan");
    r.push(Block::Table(action_table(review)), "", "actions");

    r.section("Appendix: typologies used");
    for t in &d.typologies {
        let name = typologies
            .iter()
            .find(|x| x.id == t.id && x.version == t.version)
            .map_or_else(|| "not installed".to_string(), |x| x.name.clone());
        r.para(
            &format!("{} (id {}, version {})", name, t.id, t.version),
            "",
            "typologies",
        );
    }

    r.section("Appendix: glossary of labels");
    r.push(
        Block::Table(Table {
            header: vec!["Label".into(), "Role in the case".into(), "Agency".into()],
            widths: vec![2.0, 3.0, 3.0],
            rows: review
                .people
                .iter()
                .map(|p| {
                    (
                        p.id.to_string(),
                        vec![
                            p.label.clone(),
                            if p.relationship.is_empty() {
                                p.role.label().to_string()
                            } else {
                                p.relationship.clone()
                            },
                            p.agency.map(|a| review.agency_name(a)).unwrap_or_default(),
                        ],
                    )
                })
                .collect(),
        }),
        "",
        "glossary",
    );
    if options.identity_key {
        r.section("Appendix: identity key (restricted)");
        r.push(
            Block::Table(Table {
                header: vec!["Label".into(), "Real names".into(), "Date of birth".into()],
                widths: vec![2.0, 4.0, 2.0],
                rows: review
                    .people
                    .iter()
                    .map(|p| {
                        (
                            p.id.to_string(),
                            vec![
                                p.label.clone(),
                                p.real_names.join("; "),
                                p.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                            ],
                        )
                    })
                    .collect(),
            }),
            "",
            "identity_key",
        );
    }
    r
}

fn ids<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn code_label(c: &Code, typologies: &[Typology]) -> String {
    typologies
        .iter()
        .find(|t| t.id == c.typology)
        .and_then(|t| t.find(&c.code))
        .map_or_else(|| c.to_string(), |n| format!("{} {}", n.code, n.name))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

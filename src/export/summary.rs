//! The executive summary: public by design. Built only from public fields; people appear
//! only by their labels. Contains the panel in full and the action plan in full.

use super::report::{Block, Report, Table};
use crate::model::*;

/// The top-level category name of a code, or "Not categorised".
fn category_name(code: Option<&Code>, typologies: &[Typology]) -> String {
    code.and_then(|c| {
        typologies
            .iter()
            .find(|t| t.id == c.typology)
            .and_then(|t| t.top_level_of(&c.code))
            .map(|n| n.name.clone())
    })
    .unwrap_or_else(|| "Not categorised".to_string())
}

/// Build the executive summary of a review.
pub fn build(review: &Review, typologies: &[Typology]) -> Report {
    let d = &review.details;
    let mut r = Report::new(d.title.clone(), false);
    r.subtitle = vec![
        format!("{}: executive summary", d.kind.name()),
        d.board.clone(),
        format!("Reference {}", d.reference),
    ];

    r.section("Why this review was held");
    r.para(&d.reason, "", "reason");
    r.para(
        &format!(
            "This is a {} under the arrangements used in {}. The full overview report is confidential; this executive summary is published and reflects it accurately.",
            d.kind.name().to_lowercase(),
            d.kind.nation()
        ),
        "",
        "kind",
    );

    r.section("Terms of reference");
    if !d.terms_of_reference.is_empty() {
        r.push(
            Block::List(d.terms_of_reference.clone()),
            "",
            "terms_of_reference",
        );
    }

    r.section("The review process");
    r.push(Block::Table(panel_table(review)), "", "panel");
    r.para(&independence_statement(review), "", "independence");

    r.section("Family involvement");
    r.para(&d.family_involvement, "", "family_involvement");
    r.para(&d.parallel_processes, "", "parallel_processes");

    r.section("The case");
    r.para(&d.public_case_summary, "", "public_case_summary");

    let word = d.kind.findings_word();
    r.section(&format!("Key {word}"));
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in &review.findings {
        let name = category_name(f.category.as_ref(), typologies);
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(f),
            None => groups.push((name, vec![f])),
        }
    }
    for (name, findings) in groups {
        r.heading(2, name, "");
        for f in findings {
            let object = f.id.to_string();
            r.heading(3, f.headline.clone(), &object);
            r.para(&f.in_this_case, &object, "in_this_case");
            r.para(&f.why_it_matters, &object, "why_it_matters");
        }
    }

    if d.kind.asks_questions() && review.findings.iter().any(|f| !f.questions.is_empty()) {
        r.section("Questions for the board");
        for f in &review.findings {
            if !f.questions.is_empty() {
                r.push(
                    Block::List(f.questions.clone()),
                    &f.id.to_string(),
                    "questions",
                );
            }
        }
    }
    r.section("Recommendations");
    let recs: Vec<String> = review
        .recommendations
        .iter()
        .map(|x| {
            if x.addressee.is_empty() {
                format!("{}: {}", x.id, x.text)
            } else {
                format!("{}: {} (to {})", x.id, x.text, x.addressee)
            }
        })
        .collect();
    r.push(Block::List(recs), "", "recommendations");

    r.section("Action plan");
    r.push(Block::Table(action_table(review)), "", "actions");
    r
}

/// The panel and review team: name, role, organisation, duties, independence.
pub fn panel_table(review: &Review) -> Table {
    Table {
        header: vec![
            "Name".into(),
            "Role".into(),
            "Organisation".into(),
            "Duties".into(),
            "Independent".into(),
        ],
        widths: vec![2.0, 2.5, 2.5, 2.0, 1.0],
        rows: review
            .panel
            .iter()
            .map(|m| {
                let duties: Vec<&str> = m.duties.iter().map(|x| x.label()).collect();
                (
                    m.id.to_string(),
                    vec![
                        m.name.clone(),
                        m.role.clone(),
                        m.organisation.clone(),
                        duties.join(", "),
                        if m.independent {
                            "Yes".into()
                        } else {
                            "No".into()
                        },
                    ],
                )
            })
            .collect(),
    }
}

/// The action plan in full: every action, its recommendation, owner, due date, status.
pub fn action_table(review: &Review) -> Table {
    Table {
        header: vec![
            "Action".into(),
            "Recommendation".into(),
            "Owner".into(),
            "Due".into(),
            "Status".into(),
            "Success measure".into(),
        ],
        widths: vec![4.0, 1.2, 2.2, 1.3, 1.3, 3.0],
        rows: review
            .actions
            .iter()
            .map(|a| {
                (
                    a.id.to_string(),
                    vec![
                        format!("{}: {}", a.id, a.text),
                        a.recommendation.to_string(),
                        a.owner
                            .map(|o| review.agency_name(o))
                            .unwrap_or_else(|| "Not assigned".into()),
                        a.due
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "Not set".into()),
                        a.status.label().to_string(),
                        a.success_measure.clone(),
                    ],
                )
            })
            .collect(),
    }
}

/// The statement of independence, from the panel's declared independence and agencies.
pub fn independence_statement(review: &Review) -> String {
    let involved = review.involved_agencies();
    let mut parts = Vec::new();
    for duty in [Duty::PanelChair, Duty::LeadReviewer, Duty::Author] {
        for m in review.holders_of(duty) {
            let independent = m.independent && !m.agency.is_some_and(|a| involved.contains(&a));
            parts.push(format!(
                "The {} ({}) {} of every agency involved in the case.",
                duty.label().to_lowercase(),
                m.name,
                if independent {
                    "is independent"
                } else {
                    "is NOT independent"
                }
            ));
        }
    }
    if parts.is_empty() {
        "No panel chair, lead reviewer or author is recorded.".to_string()
    } else {
        parts.join(" ")
    }
}

//! Markdown: for diffs and reading in a terminal.

use super::report::{Block, Report};

/// Render a report as Markdown.
pub fn render(report: &Report) -> Vec<u8> {
    let mut s = String::new();
    if report.confidential {
        s.push_str("**CONFIDENTIAL**\n\n");
    }
    s.push_str(&format!("# {}\n\n", report.title));
    for line in &report.subtitle {
        s.push_str(&format!("{line}  \n"));
    }
    s.push('\n');
    for p in &report.blocks {
        match &p.block {
            Block::Heading(level, t) => {
                s.push_str(&format!("{} {t}\n\n", "#".repeat(usize::from(*level) + 1)))
            }
            Block::Paragraph(t) => s.push_str(&format!("{t}\n\n")),
            Block::List(items) => {
                for i in items {
                    s.push_str(&format!("- {}\n", i.replace('\n', " ")));
                }
                s.push('\n');
            }
            Block::Figure(f) => {
                s.push_str(&format!("_Figure: {}_\n\n", f.caption));
            }
            Block::Table(t) => {
                let cell = |c: &str| c.replace('|', "\\|").replace('\n', " ");
                s.push_str(&format!(
                    "| {} |\n",
                    t.header
                        .iter()
                        .map(|h| cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
                s.push_str(&format!("|{}\n", "---|".repeat(t.header.len())));
                for (_, row) in &t.rows {
                    s.push_str(&format!(
                        "| {} |\n",
                        row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                s.push('\n');
            }
        }
    }
    if !report.fingerprint.is_empty() {
        s.push_str(&format!(
            "_Made from review version {}._\n\n",
            report.fingerprint
        ));
    }
    if report.confidential {
        s.push_str("**CONFIDENTIAL**\n");
    }
    s.into_bytes()
}

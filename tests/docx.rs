//! The Word backend on the real sample review: the documents are written, opened as the
//! zip packages they are, and their text read back from the XML parts Word reads
//! (body, header, footer, properties). No mocks.
//!
//! Set SCR_PDF_OUT to a directory to keep the documents for looking at.

use scr_workbench::export::docx::{self, DocxOptions};
use scr_workbench::export::report::{Block, Report};
use scr_workbench::export::{full, summary};
use std::collections::BTreeMap;
use std::io::Read;

mod common;
use common::{confidential_values, has_word, sample};

fn options() -> DocxOptions {
    DocxOptions {
        date: jiff::civil::date(2024, 5, 14),
    }
}

/// The parts of a Word document, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a part");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("part read");
        out.insert(f.name().to_string(), data);
    }
    out
}

/// The text of an XML part, a line per paragraph, entities decoded: what a reader sees.
fn xml_text(xml: &[u8]) -> String {
    let xml = String::from_utf8_lossy(xml);
    let mut out = String::new();
    let mut rest = xml.as_ref();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        if tag.starts_with("</w:p>") || tag.starts_with("<w:br") {
            out.push('\n');
        } else if tag.starts_with("<w:tab") && !tag.starts_with("<w:tabs") {
            out.push('\t');
        } else if tag.starts_with("</w:tc>") {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("SCR_PDF_OUT") {
        std::fs::create_dir_all(&dir).expect("SCR_PDF_OUT can be created");
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("kept copy written");
    }
}

struct Rendered {
    summary: BTreeMap<String, Vec<u8>>,
    full: BTreeMap<String, Vec<u8>>,
    full_report: Report,
}

fn render_sample() -> (scr_workbench::model::Review, Rendered) {
    let review = sample();
    let typologies = scr_workbench::store::typologies::builtin();
    let summary_report = summary::build(&review, &typologies);
    let full_report = full::build(&review, &typologies, full::Options::default());
    let s = docx::render(&summary_report, &options()).expect("summary renders");
    let f = docx::render(&full_report, &options()).expect("full report renders");
    keep("summary.docx", &s);
    keep("full.docx", &f);
    (
        review,
        Rendered {
            summary: parts(&s),
            full: parts(&f),
            full_report,
        },
    )
}

fn body(parts: &BTreeMap<String, Vec<u8>>) -> String {
    xml_text(&parts["word/document.xml"])
}

/// Whitespace collapsed, so a name broken over a line of its cell is still one run.
fn flowing(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn summary_names_the_panel_and_gives_the_action_plan_in_full() {
    let (review, r) = render_sample();
    let text = flowing(&body(&r.summary));
    assert!(text.contains(&review.details.title));
    assert!(!review.panel.is_empty() && !review.actions.is_empty());
    for m in &review.panel {
        assert!(text.contains(&m.name), "panel member {} missing", m.name);
        assert!(text.contains(&m.organisation), "{} missing", m.organisation);
    }
    for a in &review.actions {
        assert!(
            has_word(&text, &a.id.to_string()),
            "action {} missing",
            a.id
        );
        let owner = a
            .owner
            .map(|o| review.agency_name(o))
            .unwrap_or_else(|| "Not assigned".into());
        assert!(text.contains(&owner), "owner {owner} of {} missing", a.id);
    }
}

#[test]
fn summary_has_no_real_name_date_of_birth_or_address_anywhere_in_the_package() {
    let (review, r) = render_sample();
    let forbidden = confidential_values(&review);
    for (name, data) in &r.summary {
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let text = flowing(&xml_text(data)).to_lowercase();
        for (value, kind) in &forbidden {
            assert!(
                !has_word(&text, &value.to_lowercase()),
                "{kind} {value:?} appears in {name} of the public summary"
            );
        }
        assert!(
            !xml_text(data).contains("CONFIDENTIAL"),
            "{name} of the public summary is marked CONFIDENTIAL"
        );
    }
}

#[test]
fn full_report_is_confidential_in_header_and_footer_and_has_every_entry() {
    let (review, r) = render_sample();
    let headers: Vec<&String> = r
        .full
        .keys()
        .filter(|k| k.starts_with("word/header"))
        .collect();
    let footers: Vec<&String> = r
        .full
        .keys()
        .filter(|k| k.starts_with("word/footer"))
        .collect();
    assert!(!headers.is_empty() && !footers.is_empty());
    for part in headers.iter().chain(&footers) {
        assert!(
            xml_text(&r.full[part.as_str()]).contains("CONFIDENTIAL"),
            "{part} does not say CONFIDENTIAL"
        );
    }
    // The header and footer are the section's defaults: on every page.
    let document = String::from_utf8_lossy(&r.full["word/document.xml"]).to_string();
    assert!(document.contains("<w:headerReference w:type=\"default\""));
    assert!(document.contains("<w:footerReference w:type=\"default\""));
    // "Page n of N" fields.
    let footer = String::from_utf8_lossy(&r.full[footers[0].as_str()]).to_string();
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));
    let text = flowing(&body(&r.full));
    for e in &review.chronology {
        assert!(has_word(&text, &e.id.to_string()), "entry {} missing", e.id);
        let summary = flowing(&e.summary);
        assert!(text.contains(&summary), "summary of {} missing", e.id);
    }
}

#[test]
fn full_report_figures_are_pictures_with_their_captions() {
    let (_, r) = render_sample();
    let figures: Vec<_> = r
        .full_report
        .blocks
        .iter()
        .filter_map(|p| match &p.block {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect();
    assert!(figures.len() >= 2);
    let pictures: Vec<&String> = r
        .full
        .keys()
        .filter(|k| k.starts_with("word/media/") && !k.ends_with('/'))
        .collect();
    assert_eq!(pictures.len(), figures.len(), "{pictures:?}");
    for p in &pictures {
        assert!(
            r.full[p.as_str()].starts_with(b"\x89PNG"),
            "{p} is not a PNG"
        );
    }
    let text = flowing(&body(&r.full));
    for f in figures {
        assert!(
            text.contains(&flowing(&f.caption)),
            "caption {:?} missing",
            f.caption
        );
    }
}

#[test]
fn headings_use_word_styles_and_properties_name_nobody() {
    let (_, r) = render_sample();
    let document = String::from_utf8_lossy(&r.full["word/document.xml"]).to_string();
    assert!(
        document.contains("<w:pStyle w:val=\"Heading1\" />")
            || document.contains("<w:pStyle w:val=\"Heading1\"/>")
    );
    let styles = String::from_utf8_lossy(&r.full["word/styles.xml"]).to_string();
    assert!(styles.contains("w:styleId=\"Heading1\""));
    let core = xml_text(&r.full["docProps/core.xml"]);
    assert!(core.contains("2024-05-14T00:00:00Z"), "{core}");
    let user = std::env::var("USER").unwrap_or_default();
    for part in [
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    ] {
        let text = String::from_utf8_lossy(&r.full[part]).to_string();
        if user.len() > 2 {
            assert!(!text.contains(&user), "{part} names the user");
        }
        assert!(
            !text.contains("/home/") && !text.contains("/tmp/"),
            "{part} has a path"
        );
    }
}

/// docx-rs numbers pictures, headers and paragraphs from process-wide counters, so a
/// second document made in the same process differs in those internal ids (never in
/// content); each run of the command line starts afresh and gives the same bytes.
#[test]
fn same_input_same_bytes_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let review = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reviews/sample.scr.ron");
    let run = |name: &str| {
        let out = dir.path().join(name);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_scr-workbench"))
            .args(["export", "report"])
            .arg(&review)
            .arg("-o")
            .arg(&out)
            .args(["--format", "docx", "--date", "2024-05-14"])
            .output()
            .expect("the binary runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        std::fs::read(out).expect("written")
    };
    let (a, b) = (run("a.docx"), run("b.docx"));
    assert!(a.len() > 10_000);
    assert!(a == b, "two runs differ");
}

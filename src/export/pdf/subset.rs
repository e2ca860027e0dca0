//! The TrueType font subsetter: glyph ids are kept, the outlines of unused glyphs and
//! the layout tables are dropped.

use std::collections::BTreeSet;

/// The six-letter subset tag (ISO 32000-1, 9.6.4), derived from the glyph set so it is
/// stable for the same text.
pub(super) fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs {
        for b in g.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// The glyphs a composite glyph is built from.
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || be16(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (be16(glyph, at), be16(glyph, at + 2)) {
        out.push(gid);
        at += 4;
        at += if flags & 0x0001 != 0 { 4 } else { 2 };
        at += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

/// Subset a TrueType font to the given glyphs (and the glyphs their composites use),
/// keeping glyph ids: unused glyphs keep their metrics but lose their outlines, so the
/// character map, the advance widths and every glyph id stay valid. Layout tables
/// (GSUB, GPOS, GDEF, kern), which we do not use, are dropped, and the glyph names
/// go (post format 3).
pub(super) fn subset_truetype(data: &[u8], glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    let raw = ttf_parser::RawFace::parse(data, 0).map_err(|e| e.to_string())?;
    let table = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag));
    let head = table(b"head").ok_or("no head table")?;
    let maxp = table(b"maxp").ok_or("no maxp table")?;
    let loca = table(b"loca").ok_or("no loca table (not a TrueType font)")?;
    let glyf = table(b"glyf").ok_or("no glyf table (not a TrueType font)")?;
    if head.len() < 54 {
        return Err("head table too short".into());
    }
    let long = be16(head, 50) == Some(1);
    let count = usize::from(be16(maxp, 4).ok_or("maxp table too short")?);
    let offset = |i: usize| -> Option<usize> {
        if long {
            be32(loca, i * 4).map(|o| o as usize)
        } else {
            be16(loca, i * 2).map(|o| usize::from(o) * 2)
        }
    };
    let outline = |gid: u16| -> Option<&[u8]> {
        let i = usize::from(gid);
        glyf.get(offset(i)?..offset(i + 1)?)
    };

    let mut keep: BTreeSet<u16> = glyphs
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < count)
        .collect();
    keep.insert(0);
    let mut stack: Vec<u16> = keep.iter().copied().collect();
    while let Some(gid) = stack.pop() {
        for c in outline(gid).map(components).unwrap_or_default() {
            if usize::from(c) < count && keep.insert(c) {
                stack.push(c);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(count + 1);
    for gid in 0..count {
        offsets.push(new_glyf.len());
        let gid = gid as u16;
        if keep.contains(&gid)
            && let Some(g) = outline(gid)
        {
            new_glyf.extend_from_slice(g);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    offsets.push(new_glyf.len());
    // Short offsets (halved, 16 bits) when the outlines are small enough, as they are
    // for any text we set.
    let short = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for o in offsets {
        if short {
            new_loca.extend_from_slice(&((o / 2) as u16).to_be_bytes());
        } else {
            new_loca.extend_from_slice(&(o as u32).to_be_bytes());
        }
    }

    let mut new_head = head.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head[50..52].copy_from_slice(&u16::from(!short).to_be_bytes()); // indexToLocFormat

    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for record in raw.table_records {
        let tag = record.tag.to_bytes();
        let Some(data) = raw.table(record.tag) else {
            continue;
        };
        let bytes = match &tag {
            b"head" => new_head.clone(),
            b"loca" => std::mem::take(&mut new_loca),
            b"glyf" => std::mem::take(&mut new_glyf),
            b"post" if data.len() >= 32 => {
                let mut post = data[..32].to_vec();
                post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
                post
            }
            b"cmap" | b"hhea" | b"hmtx" | b"maxp" | b"OS/2" | b"name" | b"cvt " | b"fpgm"
            | b"prep" | b"gasp" => data.to_vec(),
            _ => continue,
        };
        tables.push((tag, bytes));
    }
    tables.sort_by_key(|t| t.0);
    Ok(write_sfnt(&tables))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Write a TrueType font file from its tables (sorted by tag).
fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut selector = 0u16;
    while (1u32 << (selector + 1)) <= u32::from(n) {
        selector += 1;
    }
    let range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    let mut body = Vec::new();
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::REGULAR_TTF;

    #[test]
    fn subset_keeps_glyph_ids_and_parses() {
        let face = ttf_parser::Face::parse(REGULAR_TTF, 0).unwrap();
        let glyphs: BTreeSet<u16> = "Aé fi"
            .chars()
            .map(|c| face.glyph_index(c).unwrap().0)
            .collect();
        let bytes = subset_truetype(REGULAR_TTF, &glyphs).unwrap();
        assert!(bytes.len() < REGULAR_TTF.len() / 4, "{}", bytes.len());
        let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs());
        for c in "Aé".chars() {
            let gid = sub.glyph_index(c).unwrap();
            assert_eq!(Some(gid), face.glyph_index(c));
            assert!(sub.glyph_bounding_box(gid).is_some());
        }
        let dropped = sub.glyph_index('Z').unwrap();
        assert!(sub.glyph_bounding_box(dropped).is_none());
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA);
    }
}

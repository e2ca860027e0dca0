//! A damaged Excel 97-2003 workbook (.xls) must give a message, not take the workbench
//! down with it. Such a file is a compound file (MS-CFB): its streams are chains of
//! sectors linked through an allocation table. calamine 0.38 follows those chains
//! trusting them: a chain that comes back on itself makes it allocate until the process
//! dies (the spreadsheet importer's fuzz target found one in a 5 KB file), and a link
//! past the end of the table panics. [`check`] walks, first, every chain calamine will
//! follow when it opens a workbook, and names what is wrong.

/// The compound file signature.
pub const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Ids from here on are markers, not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_CUTOFF: usize = 4096;
const MINI: usize = 64;
/// The streams calamine reads from an .xls file ("Workbook", or "Book" in old files,
/// first: it holds the sheets).
const STREAMS: [&str; 4] = [
    "Workbook",
    "Book",
    "\u{5}SummaryInformation",
    "\u{5}DocumentSummaryInformation",
];

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)?
        .try_into()
        .ok()
        .map(u32::from_le_bytes)
}

/// Sectors (regular or mini) and the table linking them.
struct Chains<'a> {
    /// The bytes the sectors are cut from.
    data: &'a [u8],
    /// Where sector 0 starts in `data`.
    first: usize,
    size: usize,
    /// The table's next-sector entries, cut from these bytes.
    table: Table<'a>,
}

/// An allocation table: for the regular sectors, the FAT spread over the sectors the
/// DIFAT lists; for the mini sectors, one run of bytes.
enum Table<'a> {
    Fat {
        file: &'a [u8],
        size: usize,
        sectors: Vec<u32>,
    },
    Mini(Vec<u8>),
}

impl Table<'_> {
    fn next(&self, id: u32) -> Option<u32> {
        let id = id as usize;
        match self {
            Table::Fat {
                file,
                size,
                sectors,
            } => {
                let per = size / 4;
                let sector = *sectors.get(id / per)? as usize;
                let start = (sector + 1).checked_mul(*size)?;
                u32_at(file, start.checked_add((id % per) * 4)?)
            }
            Table::Mini(bytes) => u32_at(bytes, id.checked_mul(4)?),
        }
    }
}

impl Chains<'_> {
    /// Sector `id`: its bytes, which may be cut short by the end of the data, never empty.
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize)
            .checked_mul(self.size)?
            .checked_add(self.first)?;
        let end = start.saturating_add(self.size).min(self.data.len());
        (start < end).then(|| &self.data[start..end])
    }

    /// The first `len` bytes of the stream starting at sector `start`, as calamine reads
    /// them (a sector, then the table's link, until the end of the chain or `len`).
    fn read(&self, what: &str, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let most = self.data.len() / self.size + 1;
        let mut id = start;
        let mut steps = 0;
        while id != ENDOFCHAIN {
            let sector = self
                .sector(id)
                .ok_or_else(|| format!("{what} goes past the end of the file (sector {id})"))?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            steps += 1;
            if steps > most {
                return Err(format!("{what} loops back on itself"));
            }
            id = self.table.next(id).ok_or_else(|| {
                format!("{what}: sector {id} has no entry in the allocation table")
            })?;
        }
        Ok(out)
    }
}

/// Check that every sector chain calamine will follow in this compound file ends.
/// Anything calamine reports cleanly itself (a bad header, a sector id past the end of
/// the file where it looks for one) passes, to get calamine's own message.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
        return Ok(());
    }
    let size = match bytes.get(30..32) {
        Some([9, 0]) => 512,
        Some([12, 0]) => 4096,
        _ => return Ok(()),
    };
    let header = |at| u32_at(bytes, at).unwrap_or(ENDOFCHAIN);
    let (dir_start, mini_fat_start, mini_fat_len, difat_start) =
        (header(48), header(60), header(64), header(68));
    // calamine refuses a sector id past `bytes.len() / size` itself; a sector id up to it
    // whose sector starts past the end of the file panics it.
    let most = bytes.len() / size;
    let sector = |what: &str, id: u32| -> Result<Option<&[u8]>, String> {
        if id as usize > most {
            return Ok(None);
        }
        let start = (id as usize + 1) * size;
        // Read as 4-byte entries: calamine asserts a whole number of them.
        match bytes.get(start..start.saturating_add(size).min(bytes.len())) {
            Some(s) if !s.is_empty() && s.len() % 4 == 0 => Ok(Some(s)),
            Some(s) if !s.is_empty() => Err(format!(
                "{what} is in sector {id}, which the end of the file cuts short"
            )),
            _ => Err(format!(
                "{what} is in sector {id}, past the end of the file"
            )),
        }
    };

    // The DIFAT: 109 entries in the header, then a chain of sectors whose last entry
    // links to the next (calamine bounds this chain itself).
    let mut difat: Vec<u32> = (76..512).step_by(4).map(header).collect();
    let mut id = difat_start;
    let mut steps = 0;
    while id < RESERVED {
        steps += 1;
        if steps > most + 1 {
            return Ok(());
        }
        let Some(s) = sector("the allocation table's index", id)? else {
            return Ok(());
        };
        difat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, i * 4)));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    for id in &fat_sectors {
        if sector("the allocation table", *id)?.is_none() {
            return Ok(());
        }
    }
    let regular = Chains {
        data: bytes,
        first: size,
        size,
        table: Table::Fat {
            file: bytes,
            size,
            sectors: fat_sectors,
        },
    };

    // The directory: 128-byte entries, the root first.
    let dirs = regular.read("the directory", dir_start, usize::MAX)?;
    let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    let stream_len = |e: &[u8]| -> usize {
        let low = u32_at(e, 120).unwrap_or(0) as usize;
        let high = if size == 512 {
            0
        } else {
            u32_at(e, 124).unwrap_or(0) as usize
        };
        low | (high << 32)
    };
    let start_of = |e: &[u8]| u32_at(e, 116).unwrap_or(ENDOFCHAIN);
    let (mini_stream, mini_table) = if mini_fat_len > 0 {
        let stream = regular.read("the mini stream", start_of(root), stream_len(root))?;
        let table = regular.read(
            "the mini allocation table",
            mini_fat_start,
            (mini_fat_len as usize).saturating_mul(size),
        )?;
        if table.len() % 4 != 0 {
            return Err("the mini allocation table is cut short by the end of the file".into());
        }
        (stream, table)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Chains {
        data: &mini_stream,
        first: 0,
        size: MINI,
        table: Table::Mini(mini_table),
    };

    // calamine reads "Workbook", else "Book": the first entry of that name.
    let mut workbook: [Option<Vec<u8>>; 2] = [None, None];
    for e in &entries {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let name: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .take_while(|c| *c != '\0')
            .collect();
        let Some(which) = STREAMS.iter().position(|s| s.eq_ignore_ascii_case(&name)) else {
            continue;
        };
        let what = format!("the stream \"{}\"", name.trim_start_matches('\u{5}'));
        let len = stream_len(e);
        let bytes = if len < MINI_CUTOFF {
            mini.read(&what, start_of(e), len)?
        } else {
            regular.read(&what, start_of(e), len)?
        };
        if let Some(slot) = workbook.get_mut(which)
            && slot.is_none()
        {
            *slot = Some(bytes);
        }
    }
    let [book, old_book] = workbook;
    match book.or(old_book) {
        Some(stream) => sheet_dimensions(&stream),
        None => Ok(()),
    }
}

/// The records of a BIFF stream from its start, as calamine cuts them: a type and a
/// length (2 bytes each), then that many bytes; the walk ends where a record would not
/// fit.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let head = stream.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

/// calamine lays each sheet of an .xls out as a rectangle when it opens the file: first
/// room for the rectangle its DIMENSIONS record gives (32-bit row numbers make that up to
/// a thousand billion cells), then the rectangle from its first cell to its last (a
/// single cell at row 65,536, column 65,536 makes four billion). Either allocation ends
/// the process. Refuse a sheet whose rectangle, by either measure, is more than an import
/// can hold (which the import would refuse anyway, once read).
fn sheet_dimensions(stream: &[u8]) -> Result<(), String> {
    let most = super::read::MOST_CELLS;
    let too_big = |rows: u64, cols: u64, how: &str| {
        Err(format!(
            "a sheet's {how} {rows} rows by {cols} columns, more than the {} million cells an import can hold",
            most / 1_000_000
        ))
    };
    // Sheets start where the BOUNDSHEET records of the workbook's globals say.
    let starts = records(stream)
        .filter(|(typ, data)| *typ == 0x0085 && data.len() >= 4)
        .filter_map(|(_, data)| u32_at(data, 0).map(|p| p as usize));
    for start in starts {
        let Some(sheet) = stream.get(start..) else {
            continue;
        };
        // The cells' rectangle: first row, last row, first column, last column.
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        let mut cell = |row: u32, col: u32| {
            let b = bounds.get_or_insert((row, row, col, col));
            *b = (b.0.min(row), b.1.max(row), b.2.min(col), b.3.max(col));
        };
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, r) in records(sheet) {
            let u16_at = |at: usize| {
                r.get(at..at + 2)
                    .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
            };
            // Nested substreams (charts) are passed over, as calamine does.
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS
                0x0200 => {
                    let (first_row, rows_end, mut first_col, cols_end) = match r.len() {
                        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                        14 | 16 => (
                            u32_at(r, 0).unwrap_or(0),
                            u32_at(r, 4).unwrap_or(0),
                            u16_at(8),
                            u16_at(10),
                        ),
                        _ => continue,
                    };
                    if first_col > 0xFF || cols_end < first_col {
                        first_col = 0;
                    }
                    if rows_end == 0 || cols_end == 0 {
                        continue;
                    }
                    // As calamine counts them, wrapping when the last is before the first.
                    let rows = (rows_end - 1).wrapping_sub(first_row).wrapping_add(1);
                    let cols = (cols_end - 1).wrapping_sub(first_col).wrapping_add(1);
                    if u64::from(rows) * u64::from(cols) > most {
                        return too_big(rows.into(), cols.into(), "dimensions say it spans");
                    }
                }
                // Cells: number, label, rich label, bool/error, RK, shared-string label,
                // formula; each starts with its row and column.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if r.len() >= 4 => {
                    cell(u16_at(0), u16_at(2));
                }
                // Several RK numbers in a row, from a first column on.
                0x00BD if r.len() >= 6 => {
                    let first = u16_at(2);
                    let n = (r.len() - 6).div_ceil(6) as u32;
                    cell(u16_at(0), first);
                    cell(u16_at(0), first + n.saturating_sub(1));
                }
                _ => {}
            }
        }
        if let Some((top, bottom, left, right)) = bounds {
            let (rows, cols) = (u64::from(bottom - top) + 1, u64::from(right - left) + 1);
            if rows * cols > most {
                return too_big(rows, cols, "cells span");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file: header, one FAT sector (sector 0), one directory sector
    /// (sector 1) with a root and a "Workbook" stream of `len` bytes in sectors 2 and 3,
    /// linked as `links` says.
    fn compound(len: u32, links: [u32; 4]) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 5];
        b[..8].copy_from_slice(SIGNATURE);
        b[26] = 3; // version
        b[30] = 9; // 512-byte sectors
        b[32] = 6; // 64-byte mini sectors
        b[44] = 1; // one FAT sector
        b[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        b[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        b[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            b[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
        }
        // FAT (sector 0, file offset 512).
        for (i, l) in links.iter().enumerate() {
            b[512 + i * 4..516 + i * 4].copy_from_slice(&l.to_le_bytes());
        }
        // Directory (sector 1, file offset 1024): root, then "Workbook".
        let entry = |b: &mut Vec<u8>, at: usize, name: &str, start: u32, len: u32| {
            for (i, u) in name.encode_utf16().enumerate() {
                b[at + i * 2..at + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            b[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
            b[at + 120..at + 124].copy_from_slice(&len.to_le_bytes());
        };
        entry(&mut b, 1024, "Root Entry", ENDOFCHAIN, 0);
        entry(&mut b, 1024 + 128, "Workbook", 2, len);
        b
    }

    const FAT: u32 = 0xFFFF_FFFD;

    #[test]
    fn a_well_formed_chain_passes() {
        assert_eq!(
            check(&compound(5000, [FAT, ENDOFCHAIN, 3, ENDOFCHAIN])),
            Ok(())
        );
    }

    #[test]
    fn a_chain_that_loops_is_named() {
        let e = check(&compound(u32::MAX, [FAT, ENDOFCHAIN, 3, 2])).unwrap_err();
        assert_eq!(e, "the stream \"Workbook\" loops back on itself");
        // The directory's own chain looping back on itself.
        let e = check(&compound(5000, [FAT, 1, 3, ENDOFCHAIN])).unwrap_err();
        assert_eq!(e, "the directory loops back on itself");
    }

    #[test]
    fn a_link_past_the_table_or_the_file_is_named() {
        let e = check(&compound(u32::MAX, [FAT, ENDOFCHAIN, 3, 200])).unwrap_err();
        assert_eq!(
            e,
            "the stream \"Workbook\" goes past the end of the file (sector 200)"
        );
        // Sector 130 is in the file, but one FAT sector has entries for 128 only.
        let mut b = compound(u32::MAX, [FAT, ENDOFCHAIN, 3, 130]);
        b.resize(512 * 132, 0);
        let e = check(&b).unwrap_err();
        assert_eq!(
            e,
            "the stream \"Workbook\": sector 130 has no entry in the allocation table"
        );
    }

    #[test]
    fn an_allocation_table_past_the_end_of_the_file_is_named() {
        // The FAT said to be in sector 3 of a file that ends inside sector 2 (calamine
        // panicked slicing it).
        let mut b = compound(5000, [FAT, ENDOFCHAIN, 3, ENDOFCHAIN]);
        b[76..80].copy_from_slice(&3u32.to_le_bytes());
        b.truncate(512 * 4 - 100);
        assert_eq!(
            check(&b),
            Err("the allocation table is in sector 3, past the end of the file".to_string())
        );
    }

    #[test]
    fn an_allocation_table_cut_short_is_named() {
        // The FAT in the last sector, which ends 3 bytes in (calamine asserted whole
        // 4-byte entries).
        let mut b = compound(5000, [FAT, ENDOFCHAIN, 3, ENDOFCHAIN]);
        b[76..80].copy_from_slice(&3u32.to_le_bytes());
        b.truncate(512 * 4 + 3);
        assert_eq!(
            check(&b),
            Err(
                "the allocation table is in sector 3, which the end of the file cuts short"
                    .to_string()
            )
        );
    }

    /// A BIFF8 stream: globals with a BOUNDSHEET pointing at the sheet, then the sheet's
    /// BOF and a DIMENSIONS record (rows first to last + 1, columns likewise).
    fn biff(rows: (u32, u32), cols: (u16, u16), cells: &[(u16, u16)]) -> Vec<u8> {
        let record = |typ: u16, data: &[u8]| {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let globals_len = 4 + 8 + 4;
        let mut sheet_ref = (globals_len as u32).to_le_bytes().to_vec();
        sheet_ref.extend([0, 0, 1, 0]);
        let mut s = record(0x0085, &sheet_ref);
        s.extend(record(0x000A, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(0x0809, &[0; 16]));
        let mut dims = rows.0.to_le_bytes().to_vec();
        dims.extend(rows.1.to_le_bytes());
        dims.extend(cols.0.to_le_bytes());
        dims.extend(cols.1.to_le_bytes());
        dims.extend([0, 0]);
        s.extend(record(0x0200, &dims));
        for (row, col) in cells {
            let mut number = row.to_le_bytes().to_vec();
            number.extend(col.to_le_bytes());
            number.extend([0; 10]);
            s.extend(record(0x0203, &number));
        }
        s.extend(record(0x000A, &[]));
        s
    }

    #[test]
    fn a_sheet_whose_rectangle_is_too_big_to_hold_is_named() {
        let cells = [(0, 0), (99, 9)];
        assert_eq!(sheet_dimensions(&biff((0, 100), (0, 10), &cells)), Ok(()));
        assert_eq!(sheet_dimensions(&biff((0, 65_536), (0, 152), &[])), Ok(()));
        assert_eq!(
            sheet_dimensions(&biff((0, 0x0100_0000), (0, 256), &[])),
            Err("a sheet's dimensions say it spans 16777216 rows by 256 columns, more than the 10 million cells an import can hold".to_string())
        );
        // The last row before the first: calamine's count wraps round.
        assert!(sheet_dimensions(&biff((10, 5), (0, 2), &[])).is_err());
        // Honest dimensions, but one cell far away.
        assert_eq!(
            sheet_dimensions(&biff((0, 100), (0, 10), &[(0, 0), (65_535, 65_535)])),
            Err("a sheet's cells span 65536 rows by 65536 columns, more than the 10 million cells an import can hold".to_string())
        );
    }

    #[test]
    fn not_a_compound_file_passes_untouched() {
        assert_eq!(check(b"PK\x03\x04 a zip"), Ok(()));
        assert_eq!(check(SIGNATURE), Ok(()));
    }
}

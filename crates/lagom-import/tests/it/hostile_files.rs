//! Hostile files, written by the tests that read them: workbooks whose few bytes claim a
//! huge sheet, zip bombs, endless text. Small code with the `zip` crate (and raw deflate from
//! `flate2` for the bombs), so each file is readable here rather than a binary fixture.

use std::io::Write;

use flate2::{Compress, Compression, FlushCompress};
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The parts around one sheet named "Kunder" (and shared strings when there are some), as
/// Excel lays them out.
fn skeleton(with_shared_strings: bool) -> Vec<(&'static str, String)> {
    let shared_rel = if with_shared_strings {
        format!(
            r#"<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>"#
        )
    } else {
        String::new()
    };
    vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="Kunder" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>{shared_rel}</Relationships>"#
            ),
        ),
    ]
}

/// A worksheet part holding `rows` (each already `<row>` markup).
pub fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A row of inline-string cells at the references given.
pub fn row(number: u32, cells: &[(&str, &str)]) -> String {
    let cells: String = cells
        .iter()
        .map(|(at, text)| format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#))
        .collect();
    format!(r#"<row r="{number}">{cells}</row>"#)
}

/// An XLSX file of one sheet, `sheet` its worksheet XML, `shared_strings` its shared strings
/// part when given.
pub fn xlsx(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut parts = skeleton(shared_strings.is_some());
    parts.push(("xl/worksheets/sheet1.xml", sheet.to_owned()));
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings.to_owned()));
    }
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Raw deflate of `prefix`, then `zeros` bytes of the digit 0 (in 1 MiB blocks compressed
/// once and repeated, so 2 GiB takes no time to make), then `suffix`.
fn deflated_zeros(prefix: &[u8], zeros: u64, suffix: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 1 << 20;
    assert_eq!(zeros % BLOCK as u64, 0, "whole blocks");
    // A full flush ends each piece on a byte boundary with nothing pending and no reference
    // back past it, so pieces can be laid end to end.
    let piece = |input: &[u8], flush: FlushCompress| {
        let mut deflate = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(input.len() / 8 + 1024);
        deflate.compress_vec(input, &mut out, flush).unwrap();
        assert_eq!(deflate.total_in(), input.len() as u64, "all input taken");
        out
    };
    let mut out = piece(prefix, FlushCompress::Full);
    let block = piece(&[b'0'; BLOCK], FlushCompress::Full);
    for _ in 0..zeros / BLOCK as u64 {
        out.extend_from_slice(&block);
    }
    // The last piece carries the final-block bit.
    out.extend(piece(suffix, FlushCompress::Finish));
    out
}

/// A zip archive written byte by byte, so that an entry can carry deflate made elsewhere and
/// sizes that lie. `entries`: name, method (0 stored, 8 deflated), the bytes as stored,
/// the uncompressed size to declare and the CRC-32 to declare.
fn handmade_zip(entries: &[(&str, u16, Vec<u8>, u64, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, size, crc) in entries {
        let offset = out.len() as u32;
        let (compressed, size) = (data.len() as u32, u32::try_from(*size).unwrap());
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]); // time and date
            h.extend(crc.to_le_bytes());
            h.extend(compressed.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra field
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let (start, length) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disk numbers
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(length.to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE) the slow way: only for the small parts around a bomb.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An XLSX file whose one cell holds `zeros` digits: about 1 MB of deflate per GB. Its sheet
/// part declares `declared` as its size (the truth, or a lie). The part's CRC is left zero:
/// every reader must stop long before the end, where it would be checked.
pub fn xlsx_zip_bomb(zeros: u64, declared: Option<u64>) -> Vec<u8> {
    let head = sheet_xml(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#);
    let (prefix, suffix) = head.split_at(head.find("</sheetData>").unwrap());
    let (prefix, suffix) = (prefix.to_owned(), format!("</t></is></c></row>{suffix}"));
    let bomb = deflated_zeros(prefix.as_bytes(), zeros, suffix.as_bytes());
    let actual = prefix.len() as u64 + zeros + suffix.len() as u64;
    let mut entries: Vec<(&str, u16, Vec<u8>, u64, u32)> = skeleton(false)
        .into_iter()
        .map(|(name, text)| {
            let bytes = text.into_bytes();
            let crc = crc32(&bytes);
            let size = bytes.len() as u64;
            (name, 0, bytes, size, crc)
        })
        .collect();
    entries.push((
        "xl/worksheets/sheet1.xml",
        8,
        bomb,
        declared.unwrap_or(actual),
        0,
    ));
    handmade_zip(&entries)
}

/// A vCard file of one contact whose note is `note_chars` characters, quoted-printable
/// with a soft line break every 76 characters, as old phones export long notes.
pub fn vcard_with_long_qp_note(note_chars: usize) -> (Vec<u8>, String) {
    let note: String = "Ringer helst før 10. "
        .chars()
        .cycle()
        .take(note_chars)
        .collect();
    let mut encoded = String::new();
    let mut line = 0;
    for b in note.as_bytes() {
        let piece = if b.is_ascii_alphanumeric() || *b == b' ' || *b == b'.' {
            (*b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if line + piece.len() > 75 {
            encoded.push_str("=\r\n");
            line = 0;
        }
        line += piece.len();
        encoded.push_str(&piece);
    }
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kjær;Bjørn;;;\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}\r\nEND:VCARD\r\n"
    );
    (card.into_bytes(), note)
}

/// A BIFF record: type, length, data.
pub fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A BIFF8 cell record's first six bytes: row, column, format.
fn at(row: u16, column: u16) -> Vec<u8> {
    [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat()
}

/// A number cell (BIFF8 `Number`).
pub fn xls_number(row: u16, column: u16, value: f64) -> Vec<u8> {
    biff(
        0x0203,
        &[at(row, column), value.to_le_bytes().to_vec()].concat(),
    )
}

/// A text cell (BIFF8 `Label`, one byte a character).
pub fn xls_label(row: u16, column: u16, text: &str) -> Vec<u8> {
    let mut data = at(row, column);
    data.extend((text.len() as u16).to_le_bytes());
    data.push(0);
    data.extend(text.as_bytes());
    biff(0x0204, &data)
}

/// A cell showing shared string `index` (BIFF8 `LabelSst`).
pub fn xls_shared(row: u16, column: u16, index: u32) -> Vec<u8> {
    biff(
        0x00FD,
        &[at(row, column), index.to_le_bytes().to_vec()].concat(),
    )
}

/// A sheet's `DIMENSIONS`: rows `first..last`, columns `first..last` (ends exclusive).
pub fn xls_dimensions(rows: (u32, u32), columns: (u16, u16)) -> Vec<u8> {
    let mut data = rows.0.to_le_bytes().to_vec();
    data.extend(rows.1.to_le_bytes());
    data.extend(columns.0.to_le_bytes());
    data.extend(columns.1.to_le_bytes());
    data.extend([0, 0]);
    biff(0x0200, &data)
}

/// The `Workbook` stream of one sheet named "Kunder" holding `cells` (records), with a
/// shared strings table of `shared` when given.
pub fn xls_stream(cells: &[Vec<u8>], shared: &[&str]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut data = 0x0600u16.to_le_bytes().to_vec();
        data.extend(kind.to_le_bytes());
        data.extend([0u8; 12]);
        biff(0x0809, &data)
    };
    let mut sst = Vec::new();
    if !shared.is_empty() {
        let mut data = (shared.len() as u32).to_le_bytes().to_vec();
        data.extend((shared.len() as u32).to_le_bytes());
        for s in shared {
            data.extend((s.len() as u16).to_le_bytes());
            data.push(0);
            data.extend(s.as_bytes());
        }
        sst = biff(0x00FC, &data);
    }
    let bound_sheet = |position: u32| {
        let mut data = position.to_le_bytes().to_vec();
        data.extend([0, 0, 6, 0]);
        data.extend(b"Kunder");
        biff(0x0085, &data)
    };
    let globals_len = bof(5).len() + bound_sheet(0).len() + sst.len() + biff(0x000A, &[]).len();
    let mut stream = [
        bof(5),
        bound_sheet(globals_len as u32),
        sst,
        biff(0x000A, &[]),
    ]
    .concat();
    stream.extend(bof(0x10));
    for cell in cells {
        stream.extend(cell);
    }
    stream.extend(biff(0x000A, &[]));
    stream
}

/// An OLE compound file (512-byte sectors) holding `stream` as "Workbook", declared to be
/// `declared` bytes long; with `looped`, its last sector chains back to its first. Laid
/// out as FAT sectors, DIFAT sectors (for FAT sectors past the header's 109), the
/// directory, then the stream.
pub fn ole(stream: &[u8], declared: u32, looped: bool) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let mut stream = stream.to_vec();
    // Shorter streams live in the mini stream, which this file does not have.
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let sectors = (stream.len() / 512) as u32;
    // Enough FAT sectors (128 entries each) for every sector, themselves included.
    let (mut fat_sectors, mut difat_sectors) = (1u32, 0u32);
    while fat_sectors * 128 < fat_sectors + difat_sectors + 1 + sectors {
        fat_sectors += 1;
        difat_sectors = fat_sectors.saturating_sub(109).div_ceil(127);
    }
    let directory = fat_sectors + difat_sectors;
    let first = directory + 1;
    let mut header = vec![0u8; 76];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&fat_sectors.to_le_bytes());
    header[48..52].copy_from_slice(&directory.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes());
    let difat_start = if difat_sectors > 0 { fat_sectors } else { END };
    header[68..72].copy_from_slice(&difat_start.to_le_bytes());
    header[72..76].copy_from_slice(&difat_sectors.to_le_bytes());
    let fat_id = |i: u32| if i < fat_sectors { i } else { u32::MAX };
    for i in 0..109 {
        header.extend(fat_id(i).to_le_bytes());
    }
    let mut fat = vec![u32::MAX; (fat_sectors * 128) as usize];
    for i in 0..fat_sectors {
        fat[i as usize] = 0xFFFF_FFFD;
    }
    for i in 0..difat_sectors {
        fat[(fat_sectors + i) as usize] = 0xFFFF_FFFC;
    }
    fat[directory as usize] = END;
    for i in 0..sectors {
        let id = first + i;
        fat[id as usize] = match (i + 1 == sectors, looped) {
            (false, _) => id + 1,
            (true, false) => END,
            (true, true) => first,
        };
    }
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    for d in 0..difat_sectors {
        for slot in 0..127 {
            out.extend(fat_id(109 + d * 127 + slot).to_le_bytes());
        }
        let next = if d + 1 < difat_sectors {
            fat_sectors + d + 1
        } else {
            END
        };
        out.extend(next.to_le_bytes());
    }
    let mut entries = vec![0u8; 512];
    for (i, (name, kind, start, len)) in [
        ("Root Entry", 5u8, END, 0u32),
        ("Workbook", 2, first, declared),
    ]
    .into_iter()
    .enumerate()
    {
        let entry = &mut entries[i * 128..(i + 1) * 128];
        for (j, unit) in name.encode_utf16().enumerate() {
            entry[j * 2..j * 2 + 2].copy_from_slice(&unit.to_le_bytes());
        }
        entry[64..66].copy_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
        entry[66] = kind;
        entry[68..80].copy_from_slice(&[0xFF; 12]);
        entry[116..120].copy_from_slice(&start.to_le_bytes());
        entry[120..124].copy_from_slice(&len.to_le_bytes());
    }
    out.extend(entries);
    out.extend(stream);
    out
}

/// An XLS file of one sheet "Kunder" holding `cells`.
pub fn xls(cells: &[Vec<u8>], shared: &[&str]) -> Vec<u8> {
    let stream = xls_stream(cells, shared);
    let declared = stream.len().max(4096) as u32;
    ole(&stream, declared, false)
}

/// An XLSB record: its type and length as varints, then its data.
pub fn xlsb_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if typ < 0x80 {
        vec![typ as u8]
    } else {
        vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
    };
    let mut len = data.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(data);
    out
}

fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// An XLSB text cell (`BrtCellSt`) in `column` of the current row.
pub fn xlsb_text(column: u32, text: &str) -> Vec<u8> {
    let mut data = column.to_le_bytes().to_vec();
    data.extend([0u8; 4]);
    data.extend(wide(text));
    xlsb_record(0x0006, &data)
}

/// An XLSB row header (`BrtRowHdr`) for `row` (from 0).
pub fn xlsb_row(row: u32) -> Vec<u8> {
    xlsb_record(0x0000, &[row.to_le_bytes().to_vec(), vec![0; 9]].concat())
}

/// An XLSB file of one sheet "Kunder" whose sheet data is `records` (rows and cells).
pub fn xlsb(records: &[Vec<u8>]) -> Vec<u8> {
    let mut bundle = 0u32.to_le_bytes().to_vec();
    bundle.extend(1u32.to_le_bytes());
    bundle.extend(wide("rId1"));
    bundle.extend(wide("Kunder"));
    let workbook = [
        xlsb_record(0x009C, &bundle),
        xlsb_record(0x0090, &[]),
        xlsb_record(0x009D, &[]),
    ]
    .concat();
    let mut sheet = [
        xlsb_record(0x0081, &[]),
        xlsb_record(0x0094, &[0u8; 16]),
        xlsb_record(0x0091, &[]),
    ]
    .concat();
    for record in records {
        sheet.extend(record);
    }
    sheet.extend(xlsb_record(0x0092, &[]));
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#
    );
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in [
        ("xl/_rels/workbook.bin.rels", rels.into_bytes()),
        ("xl/workbook.bin", workbook),
        ("xl/worksheets/sheet1.bin", sheet),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An ODS file whose one table "Kunder" has `rows` (`<table:table-row>` markup).
pub fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Kunder">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// An ODS row of text cells, each `(text, columns repeated)`, the row repeated `rows` times.
pub fn ods_row(cells: &[(&str, u32)], rows: u32) -> String {
    let cells: String = cells
        .iter()
        .map(|(text, repeat)| {
            format!(
                r#"<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
            )
        })
        .collect();
    format!(r#"<table:table-row table:number-rows-repeated="{rows}">{cells}</table:table-row>"#)
}

//! Setting the summary's blocks on A4 pages: lines wrapped to the text's width, tables with
//! columns sized to their contents and their header repeated on each page they run over, a
//! heading never left alone at the foot of a page, and each page numbered "n / N".
//! The result is each page's content stream (PDF drawing operators).

use super::font::{Face, encode};
use crate::rights::access::summary::Block;

/// A4, in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
/// The lowest a line of text may sit; the page number goes below it.
const BOTTOM: f32 = MARGIN + 14.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY: f32 = 10.0;
const SMALL: f32 = 9.0;
const GREY: f32 = 0.4;
const RULE_GREY: f32 = 0.82;
const CELL_PAD: f32 = 6.0;

/// A piece of a line in one face.
type Segment = (Face, Vec<u8>);
/// A line of text: its segments, in order.
type Line = Vec<Segment>;

/// A word to set, in its face, and whether a space comes before it.
struct Word {
    face: Face,
    bytes: Vec<u8>,
    space_before: bool,
    /// A line break comes before it.
    newline_before: bool,
}

/// Runs of text split into words, keeping where spaces and line breaks were.
fn words(runs: &[(Face, &str)]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for (face, text) in runs {
        for (n, line) in text.split('\n').enumerate() {
            let encoded = encode(line);
            let mut space = encoded.first() == Some(&b' ');
            let mut first = true;
            for piece in encoded.split(|&b| b == b' ') {
                if piece.is_empty() {
                    space = true;
                    continue;
                }
                out.push(Word {
                    face: *face,
                    bytes: piece.to_vec(),
                    space_before: space,
                    newline_before: n > 0 && first,
                });
                space = true;
                first = false;
            }
            if n > 0 && first {
                // An empty line: keep it as a blank line.
                out.push(Word {
                    face: *face,
                    bytes: Vec::new(),
                    space_before: false,
                    newline_before: true,
                });
            }
        }
    }
    out
}

/// Lines of at most `width` points. A word longer than a line is broken where it must be.
fn wrap(runs: &[(Face, &str)], size: f32, width: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    let mut used = 0.0f32;
    for word in words(runs) {
        let space = Face::Regular.width(b" ", size);
        if word.newline_before {
            lines.push(Vec::new());
            used = 0.0;
        }
        let w = word.face.width(&word.bytes, size);
        let lead = if word.space_before && used > 0.0 {
            space
        } else {
            0.0
        };
        if used > 0.0 && used + lead + w > width {
            lines.push(Vec::new());
            used = 0.0;
        }
        let mut bytes = word.bytes;
        // Too long for any line: as much as fits on each.
        while word.face.width(&bytes, size) > width && bytes.len() > 1 {
            let mut cut = bytes.len() - 1;
            while cut > 1 && word.face.width(&bytes[..cut], size) > width - used {
                cut -= 1;
            }
            let rest = bytes.split_off(cut);
            push(&mut lines, word.face, &bytes, false);
            lines.push(Vec::new());
            used = 0.0;
            bytes = rest;
        }
        let lead = if word.space_before && used > 0.0 {
            space
        } else {
            0.0
        };
        push(&mut lines, word.face, &bytes, lead > 0.0);
        used += lead + word.face.width(&bytes, size);
    }
    lines
}

/// Adds a word to the last line, joined to a segment of the same face.
fn push(lines: &mut [Line], face: Face, bytes: &[u8], space: bool) {
    let Some(line) = lines.last_mut() else {
        return;
    };
    match line.last_mut() {
        Some((f, text)) if *f == face => {
            if space {
                text.push(b' ');
            }
            text.extend_from_slice(bytes);
        }
        _ => {
            let mut text = Vec::with_capacity(bytes.len() + 1);
            if space {
                text.push(b' ');
            }
            text.extend_from_slice(bytes);
            line.push((face, text));
        }
    }
}

/// A PDF literal string: `(`, `)` and `\` escaped.
fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// The pages being filled.
struct Pages {
    done: Vec<Vec<u8>>,
    page: Vec<u8>,
    /// Where the next line's top is.
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Pages {
            done: Vec::new(),
            page: Vec::new(),
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        let page = std::mem::take(&mut self.page);
        self.done.push(page);
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    fn op(&mut self, text: &str) {
        self.page.extend_from_slice(text.as_bytes());
        self.page.push(b'\n');
    }

    /// Sets one line with its baseline at `baseline`, starting at `x`.
    fn line(&mut self, line: &Line, x: f32, baseline: f32, size: f32, grey: f32) {
        if line.iter().all(|(_, t)| t.is_empty()) {
            return;
        }
        self.op(&format!("{grey} g BT {x:.2} {baseline:.2} Td"));
        for (face, text) in line {
            self.op(&format!("/{} {size} Tf", face.resource()));
            let mut shown = literal(text);
            shown.extend_from_slice(b" Tj");
            self.page.extend_from_slice(&shown);
            self.page.push(b'\n');
        }
        self.op("ET 0 g");
    }

    /// A horizontal rule at `y`.
    fn rule(&mut self, x: f32, y: f32, width: f32, grey: f32) {
        self.op(&format!(
            "{grey} G 0.5 w {x:.2} {y:.2} m {:.2} {y:.2} l S 0 G",
            x + width
        ));
    }

    /// Wrapped text, page after page as needed.
    fn text(&mut self, runs: &[(Face, &str)], size: f32, grey: f32, indent: f32) {
        let leading = size * 1.4;
        for line in wrap(runs, size, WIDTH - indent) {
            self.room(leading);
            let baseline = self.y - size;
            self.line(&line, MARGIN + indent, baseline, size, grey);
            self.y -= leading;
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// Rows of cells under a header (which may be empty), each row kept whole on a page
    /// and the header repeated on a new page.
    fn rows(&mut self, head: &[(Face, String)], rows: &[Vec<(Face, String)>], widths: &[f32]) {
        let size = SMALL;
        let leading = size * 1.4;
        let set = |row: &[(Face, String)]| -> Vec<Vec<Line>> {
            row.iter()
                .zip(widths)
                .map(|((face, text), w)| wrap(&[(*face, text)], size, (w - CELL_PAD).max(10.0)))
                .collect()
        };
        let height = |cells: &[Vec<Line>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 4.0
        };
        let head_cells = set(head);
        let head_height = if head.is_empty() {
            0.0
        } else {
            height(&head_cells)
        };
        let draw = |pages: &mut Pages, cells: &[Vec<Line>], greys: &[f32], h: f32| {
            let mut x = MARGIN;
            for ((lines, w), grey) in cells.iter().zip(widths).zip(greys) {
                for (i, line) in lines.iter().enumerate() {
                    let baseline = pages.y - 2.0 - size - i as f32 * leading;
                    pages.line(line, x, baseline, size, *grey);
                }
                x += w;
            }
            pages.y -= h;
            pages.rule(MARGIN, pages.y + 1.0, WIDTH, RULE_GREY);
        };
        let head_greys = vec![0.0; widths.len()];
        let mut first = true;
        for row in rows {
            let cells = set(row);
            let h = height(&cells);
            let greys: Vec<f32> = row
                .iter()
                .map(|(f, _)| if *f == Face::Label { GREY } else { 0.0 })
                .collect();
            let before = self.done.len();
            self.room(h + if first { head_height } else { 0.0 });
            let new_page = self.done.len() != before;
            if (first || new_page) && !head.is_empty() {
                draw(self, &head_cells, &head_greys, head_height);
            }
            draw(self, &cells, &greys, h);
            first = false;
        }
        self.gap(8.0);
    }

    fn finish(mut self, footer: &str) -> Vec<Vec<u8>> {
        self.new_page();
        let total = self.done.len();
        let left = encode(footer);
        for (n, page) in self.done.iter_mut().enumerate() {
            let number = format!("{} / {total}", n + 1);
            let width = Face::Regular.width(number.as_bytes(), 8.0);
            let mut foot =
                format!("{GREY} g BT /F1 8 Tf {MARGIN:.2} {:.2} Td ", MARGIN - 4.0).into_bytes();
            foot.extend_from_slice(&literal(&left));
            foot.extend_from_slice(
                format!(
                    " Tj ET BT /F1 8 Tf {:.2} {:.2} Td ",
                    MARGIN + WIDTH - width,
                    MARGIN - 4.0
                )
                .as_bytes(),
            );
            foot.extend_from_slice(&literal(number.as_bytes()));
            foot.extend_from_slice(b" Tj ET 0 g\n");
            page.extend_from_slice(&foot);
        }
        self.done
    }
}

/// Column widths for a table: each column as wide as its widest line, and when that is too
/// wide, the narrow columns keep theirs and the rest share what is left evenly.
fn column_widths(rows: &[&[(Face, String)]], columns: usize) -> Vec<f32> {
    let mut natural = vec![30.0f32; columns];
    for row in rows {
        for (i, (face, text)) in row.iter().enumerate().take(columns) {
            for line in text.split('\n') {
                // A point to spare, so that rounding never wraps a cell that fits.
                let w = face.width(&encode(line), SMALL) + CELL_PAD + 1.0;
                natural[i] = natural[i].max(w);
            }
        }
    }
    let mut widths = vec![0.0f32; columns];
    let mut open: Vec<usize> = (0..columns).collect();
    let mut left = WIDTH;
    loop {
        let fair = left / open.len().max(1) as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= fair);
        if narrow.is_empty() {
            for &i in &wide {
                widths[i] = fair;
            }
            break;
        }
        for &i in &narrow {
            widths[i] = natural[i];
            left -= natural[i];
        }
        open = wide;
        if open.is_empty() {
            // Everything fits: the last column takes the rest, so rules span the page.
            if let Some(last) = widths.last_mut() {
                *last += left;
            }
            break;
        }
    }
    widths
}

/// The pages' content streams for the blocks; `footer` is printed at the foot of each.
pub(super) fn pages(blocks: &[Block], footer: &str) -> Vec<Vec<u8>> {
    let mut p = Pages::new();
    for block in blocks {
        match block {
            Block::Title(t) => {
                p.text(&[(Face::Bold, t)], 20.0, 0.0, 0.0);
                p.gap(4.0);
            }
            Block::Strong(t) => {
                p.text(&[(Face::Bold, t)], 11.0, 0.0, 0.0);
                p.gap(4.0);
            }
            Block::Para(t) => {
                p.text(&[(Face::Regular, t)], BODY, 0.0, 0.0);
                p.gap(6.0);
            }
            Block::Muted(t) => {
                p.text(&[(Face::Regular, t)], SMALL, GREY, 0.0);
                p.gap(6.0);
            }
            Block::Empty(t) => {
                p.text(&[(Face::Italic, t)], BODY, GREY, 0.0);
                p.gap(6.0);
            }
            Block::Heading(t) => {
                p.gap(10.0);
                // With room for what follows: never a heading alone at a page's foot.
                p.room(13.5 * 1.4 + 4.0 * BODY * 1.4);
                p.text(&[(Face::Bold, t)], 13.5, 0.0, 0.0);
                let y = p.y + 2.0;
                p.rule(MARGIN, y, WIDTH, 0.6);
                p.gap(6.0);
            }
            Block::Subheading(t) => {
                p.gap(4.0);
                p.room(10.5 * 1.4 + 3.0 * BODY * 1.4);
                p.text(&[(Face::Bold, t)], 10.5, 0.0, 0.0);
                p.gap(2.0);
            }
            Block::Fields(fields) => {
                let rows: Vec<Vec<(Face, String)>> = fields
                    .iter()
                    .map(|(k, v)| vec![(Face::Label, k.clone()), (Face::Regular, v.clone())])
                    .collect();
                let widths = [WIDTH * 0.3, WIDTH * 0.7];
                p.rows(&[], &rows, &widths);
            }
            Block::Table { head, rows } => {
                let head: Vec<(Face, String)> =
                    head.iter().map(|h| (Face::Bold, h.clone())).collect();
                let rows: Vec<Vec<(Face, String)>> = rows
                    .iter()
                    .map(|r| r.iter().map(|c| (Face::Regular, c.clone())).collect())
                    .collect();
                let all: Vec<&[(Face, String)]> = std::iter::once(head.as_slice())
                    .chain(rows.iter().map(Vec::as_slice))
                    .collect();
                let widths = column_widths(&all, head.len());
                p.rows(&head, &rows, &widths);
            }
            Block::Quote(t) => {
                p.gap(2.0);
                let top = p.y;
                let page = p.done.len();
                p.text(&[(Face::Regular, t)], BODY, 0.2, 12.0);
                if p.done.len() == page {
                    let bar = format!(
                        "0.6 g {:.2} {:.2} 2 {:.2} re f 0 g",
                        MARGIN + 2.0,
                        p.y,
                        top - p.y
                    );
                    p.op(&bar);
                }
                p.gap(6.0);
            }
            Block::Bullets(items) => {
                for (lead, text) in items {
                    let bullet = "\u{2022}";
                    let mut runs: Vec<(Face, &str)> = Vec::new();
                    let joined;
                    if lead.is_empty() {
                        runs.push((Face::Regular, text));
                    } else {
                        joined = format!(": {text}");
                        runs.push((Face::Bold, lead));
                        runs.push((Face::Regular, &joined));
                    }
                    let leading = BODY * 1.4;
                    p.room(leading);
                    let baseline = p.y - BODY;
                    p.line(
                        &vec![(Face::Regular, encode(bullet))],
                        MARGIN + 2.0,
                        baseline,
                        BODY,
                        0.0,
                    );
                    p.text(&runs, BODY, 0.0, 12.0);
                    p.gap(2.0);
                }
                p.gap(4.0);
            }
            Block::Footer(t) => {
                p.gap(12.0);
                p.text(&[(Face::Regular, t)], SMALL, GREY, 0.0);
            }
        }
    }
    p.finish(footer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|(_, t)| String::from_utf8_lossy(t).into_owned())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn lines_wrap_at_the_width_and_keep_line_breaks() {
        let lines = wrap(&[(Face::Regular, "one two three\nfour")], 10.0, 60.0);
        assert_eq!(text_of(&lines), ["one two", "three", "four"]);
        for line in &lines {
            let w: f32 = line.iter().map(|(f, t)| f.width(t, 10.0)).sum();
            assert!(w <= 60.0, "{w}");
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken() {
        let long = "x".repeat(200);
        let lines = wrap(&[(Face::Regular, &long)], 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(text_of(&lines).concat(), long);
    }

    #[test]
    fn a_bold_lead_and_its_text_share_a_line() {
        let lines = wrap(
            &[(Face::Bold, "Access"), (Face::Regular, ": you may ask")],
            10.0,
            400.0,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0][0], (Face::Bold, b"Access".to_vec()));
        assert_eq!(lines[0][1], (Face::Regular, b": you may ask".to_vec()));
    }

    #[test]
    fn narrow_columns_keep_their_width_and_wide_ones_share_the_rest() {
        let head = [
            (Face::Bold, "When".to_owned()),
            (Face::Bold, "What".to_owned()),
        ];
        let row = [
            (Face::Regular, "2026-01-01".to_owned()),
            (Face::Regular, "word ".repeat(200)),
        ];
        let widths = column_widths(&[&head, &row], 2);
        assert!(widths[0] < 100.0);
        assert!((widths.iter().sum::<f32>() - WIDTH).abs() < 0.01);
    }

    #[test]
    fn a_long_table_runs_over_pages_with_its_header_on_each() {
        let rows: Vec<Vec<String>> = (0..200).map(|i| vec![format!("row {i}")]).collect();
        let pages = pages(
            &[Block::Table {
                head: vec!["Head".into()],
                rows,
            }],
            "footer",
        );
        assert!(pages.len() >= 3);
        for page in &pages {
            let text = String::from_utf8_lossy(page);
            assert!(text.contains("(Head) Tj"));
            assert!(text.contains(&format!("/ {}) Tj", pages.len())));
        }
    }

    #[test]
    fn parentheses_and_backslashes_are_escaped() {
        assert_eq!(literal(b"a(b)\\c"), b"(a\\(b\\)\\\\c)".to_vec());
    }
}

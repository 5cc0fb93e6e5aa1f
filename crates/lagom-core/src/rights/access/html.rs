//! The summary as an HTML page (in a zip or a folder bundle): the blocks of
//! [`super::summary`] with every text escaped, so that a name like `<script>` is shown as
//! text, styled to read and print well.

use super::summary::Block;
use crate::types::Language;

const STYLE: &str = r#"
  :root { color-scheme: light; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
         max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.7rem; margin-bottom: .2rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #bbb; padding-bottom: .2rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
  th, td { text-align: left; vertical-align: top; padding: .25rem .5rem .25rem 0; border-bottom: 1px solid #e3e3e3; }
  th { font-weight: 600; }
  table.fields th { width: 30%; font-weight: normal; color: #555; }
  .muted { color: #666; }
  .empty { color: #666; font-style: italic; }
  blockquote { margin: .3rem 0 .6rem; padding: .4rem .8rem; border-left: 3px solid #999; background: #f6f6f6; }
  footer { margin-top: 3rem; font-size: .9rem; color: #555; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    h2 { break-after: avoid; }
    table, blockquote { break-inside: avoid; }
  }
"#;

/// Text escaped for HTML, its line breaks kept.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The page: `language` for its `lang`, `title` for the window, the blocks as its body.
pub(crate) fn page(language: Language, title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        language.as_str(),
        text(title)
    );
    for block in blocks {
        match block {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", text(t))),
            Block::Strong(t) => out.push_str(&format!("<p><strong>{}</strong></p>\n", text(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", text(t))),
            Block::Muted(t) => out.push_str(&format!("<p class=\"muted\">{}</p>\n", text(t))),
            Block::Empty(t) => out.push_str(&format!("<p class=\"empty\">{}</p>\n", text(t))),
            Block::Heading(t) => out.push_str(&format!("<h2>{}</h2>\n", text(t))),
            Block::Subheading(t) => out.push_str(&format!("<h3>{}</h3>\n", text(t))),
            Block::Fields(fields) => {
                out.push_str("<table class=\"fields\">\n");
                for (label, value) in fields {
                    out.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td></tr>\n",
                        text(label),
                        text(value)
                    ));
                }
                out.push_str("</table>\n");
            }
            Block::Table { head, rows } => {
                out.push_str("<table>\n<tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", text(h)));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", text(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Block::Quote(t) => out.push_str(&format!("<blockquote>{}</blockquote>\n", text(t))),
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for (lead, t) in items {
                    if lead.is_empty() {
                        out.push_str(&format!("<li>{}</li>\n", text(t)));
                    } else {
                        out.push_str(&format!(
                            "<li><strong>{}</strong>: {}</li>\n",
                            text(lead),
                            text(t)
                        ));
                    }
                }
                out.push_str("</ul>\n");
            }
            Block::Footer(t) => out.push_str(&format!("<footer>{}</footer>\n", text(t))),
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped_and_line_breaks_kept() {
        let page = page(
            Language::Nb,
            "Innsyn – <b>",
            &[
                Block::Para("<script>alert(1)</script> & \"x\"".into()),
                Block::Fields(vec![("Adresse".into(), "Storgata 1\n0155 Oslo".into())]),
            ],
        );
        assert!(page.contains("<html lang=\"nb\">"));
        assert!(page.contains("<title>Innsyn – &lt;b&gt;</title>"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(page.contains("Storgata 1<br>0155 Oslo"));
        assert!(!page.contains("<script>"));
    }
}

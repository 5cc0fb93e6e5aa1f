//! The subject-access bundle as one PDF any computer opens: the summary set on A4 pages,
//! the machine-readable JSON, its schema and the CSV tables attached inside it (the
//! reader's paper-clip panel), all encrypted with AES-256 (PDF's security handler revision
//! 6) under the bundle's passphrase. Edge, Chrome, Firefox, Safari and macOS Preview, and
//! Adobe Reader open it with the passphrase; without it, nothing in the file is readable.
//!
//! lopdf builds the objects and encrypts them; the layout is ours ([`layout`]), set in the
//! standard Helvetica fonts ([`font`]) so that nothing needs embedding.

mod font;
mod layout;

use chrono::{DateTime, Utc};
use lagom_crypto::Entropy;
use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
    StringFormat, dictionary, text_string,
};
use std::collections::BTreeMap;
use std::sync::Arc;
use zeroize::Zeroizing;

use super::package::Passphrase;
use super::summary::Block;
use crate::types::Language;
use crate::{Error, Result};

/// What the PDF says about itself (shown in a reader's document properties).
pub(crate) struct Meta<'a> {
    /// The document's title: "Your personal data – Åse Hansen".
    pub title: &'a str,
    /// Who made it: the business.
    pub author: &'a str,
    /// The summary's language.
    pub language: Language,
    /// When it was made.
    pub made: DateTime<Utc>,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("the PDF could not be made: {e}"))
}

/// A PDF date: `D:20261205143000Z`.
fn pdf_date(at: DateTime<Utc>) -> Object {
    Object::string_literal(at.format("D:%Y%m%d%H%M%SZ").to_string())
}

/// A file's media type, as a PDF name (`application/json` as `application#2Fjson` once
/// written: lopdf escapes the slash).
fn media_type(name: &str) -> &'static str {
    if name.ends_with(".json") {
        "application/json"
    } else if name.ends_with(".csv") {
        "text/csv"
    } else {
        "application/octet-stream"
    }
}

/// The attached files: each an embedded-file stream and its file specification, in the
/// name tree (sorted by name, as the tree must be) and as the document's associated files.
fn attach(
    doc: &mut Document,
    files: &[(String, Vec<u8>)],
    made: DateTime<Utc>,
) -> (Vec<Object>, Vec<Object>) {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut names = Vec::new();
    let mut specs = Vec::new();
    for (name, bytes) in sorted {
        let stream = Stream::new(
            dictionary! {
                "Type" => "EmbeddedFile",
                "Subtype" => Object::Name(media_type(name).as_bytes().to_vec()),
                "Params" => dictionary! {
                    "Size" => i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    "ModDate" => pdf_date(made),
                },
            },
            bytes.clone(),
        );
        let stream_id = doc.add_object(stream);
        let spec_id = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(name.as_bytes().to_vec()),
            "UF" => text_string(name),
            "AFRelationship" => "Data",
            "EF" => dictionary! { "F" => stream_id, "UF" => stream_id },
        });
        names.push(Object::string_literal(name.as_bytes().to_vec()));
        names.push(Object::Reference(spec_id));
        specs.push(Object::Reference(spec_id));
    }
    (names, specs)
}

/// The PDF: `blocks` on pages, `files` attached, encrypted under `passphrase`.
pub(crate) fn bundle(
    meta: &Meta<'_>,
    blocks: &[Block],
    files: &[(String, Vec<u8>)],
    passphrase: &Passphrase,
    entropy: &mut impl Entropy,
) -> Result<Vec<u8>> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = |base: &str| {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(base.as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
        }
    };
    let fonts = dictionary! {
        "F1" => doc.add_object(font("Helvetica")),
        "F2" => doc.add_object(font("Helvetica-Bold")),
        "F3" => doc.add_object(font("Helvetica-Oblique")),
    };
    let resources_id = doc.add_object(dictionary! { "Font" => fonts });
    let mut kids = Vec::new();
    for content in layout::pages(blocks, meta.title) {
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(layout::PAGE_WIDTH), Object::Real(layout::PAGE_HEIGHT)],
        });
        kids.push(Object::Reference(page_id));
    }
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let (names, specs) = attach(&mut doc, files, meta.made);
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal(meta.language.as_str()),
        "Names" => dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } },
        "AF" => specs,
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
        // AES-256 (revision 6) is PDF 1.7's extension level 8.
        "Extensions" => dictionary! {
            "ADBE" => dictionary! { "BaseVersion" => "1.7", "ExtensionLevel" => 8 },
        },
    });
    let info_id = doc.add_object(dictionary! {
        "Title" => text_string(meta.title),
        "Author" => text_string(meta.author),
        "Producer" => Object::string_literal("Lagom"),
        "CreationDate" => pdf_date(meta.made),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut id = [0u8; 16];
    entropy.fill(&mut id);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
        ],
    );
    doc.compress();

    let mut file_key = Zeroizing::new([0u8; 32]);
    entropy.fill(file_key.as_mut());
    // Nobody needs the owner password: the person opens the file with the passphrase and
    // may print and copy from it. A random one keeps it from being the empty password.
    let mut owner = Zeroizing::new([0u8; 24]);
    entropy.fill(owner.as_mut());
    let owner: Zeroizing<String> =
        Zeroizing::new(owner.iter().map(|b| format!("{b:02x}")).collect());
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let state = EncryptionState::try_from(EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: file_key.as_ref(),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: &owner,
        user_password: passphrase.as_str(),
        permissions: Permissions::all(),
    })
    .map_err(failed)?;
    doc.encrypt(&state).map_err(failed)?;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(failed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_opens_only_with_the_passphrase_and_nothing_is_in_the_clear() {
        let passphrase = Passphrase::make(&mut lagom_crypto::OsEntropy);
        let meta = Meta {
            title: "Dine personopplysninger – Åse Ødegård",
            author: "Fjord Rør AS",
            language: Language::Nb,
            made: Utc::now(),
        };
        let blocks = vec![
            Block::Title("Dine personopplysninger".into()),
            Block::Para("Åse Ødegård, Storgata 1 (Oslo)".into()),
        ];
        let files = vec![("subject-access.json".to_owned(), b"{\"a\":1}".to_vec())];
        let bytes = bundle(
            &meta,
            &blocks,
            &files,
            &passphrase,
            &mut lagom_crypto::OsEntropy,
        )
        .unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let raw = String::from_utf8_lossy(&bytes);
        assert!(!raw.contains("Storgata"), "no text in the clear");
        assert!(!raw.contains("\"a\":1"), "no attachment in the clear");
        assert!(raw.contains("/AESV3"));

        let mut wrong = Document::load_mem(&bytes).unwrap();
        assert!(wrong.decrypt("not-the-passphrase").is_err());
        let mut doc = Document::load_mem(&bytes).unwrap();
        doc.decrypt(passphrase.as_str()).unwrap();
        // What the pages and attachments hold is read by independent readers (qpdf, pypdf)
        // in the behaviour tests.
    }
}

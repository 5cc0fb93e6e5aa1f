//! Files made for a client that cannot be handed a path: a browser, where a bundle, a list
//! or a notice must arrive as a download. The file is held in memory under a random id
//! until it is fetched (once) or the vault locks; `lagom serve` hands it out at
//! `GET /api/download/<id>`. Nothing is written to disk on the way.

use std::collections::VecDeque;

/// At most this many files wait to be fetched; the oldest goes first.
const HELD: usize = 8;

pub use crate::output::Download;

/// A file fetched: its name, media type and bytes.
#[derive(Debug)]
pub struct Fetched {
    /// The name to save it under.
    pub name: String,
    /// Its media type.
    pub media_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files waiting.
#[derive(Debug, Default)]
pub(crate) struct Downloads {
    files: VecDeque<(String, Fetched)>,
}

impl Downloads {
    /// Holds a file until it is fetched.
    pub(crate) fn hold(&mut self, name: &str, media_type: &str, bytes: Vec<u8>) -> Download {
        // Unguessable: in a browser the id is all that fetches the file.
        let mut random = [0u8; 16];
        lagom_crypto::Entropy::fill(&mut lagom_crypto::OsEntropy, &mut random);
        let id: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let size = bytes.len() as u64;
        if self.files.len() >= HELD {
            self.files.pop_front();
        }
        self.files.push_back((
            id.clone(),
            Fetched {
                name: name.to_owned(),
                media_type: media_type.to_owned(),
                bytes,
            },
        ));
        Download {
            id,
            name: name.to_owned(),
            media_type: media_type.to_owned(),
            size,
        }
    }

    /// The file with this id, handed out once.
    pub(crate) fn take(&mut self, id: &str) -> Option<Fetched> {
        let at = self.files.iter().position(|(held, _)| held == id)?;
        self.files.remove(at).map(|(_, file)| file)
    }

    /// Forgets every file (the vault locked).
    pub(crate) fn clear(&mut self) {
        self.files.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_handed_out_once_and_the_oldest_makes_room() {
        let mut d = Downloads::default();
        let first = d.hold("a.pdf", "application/pdf", b"%PDF".to_vec());
        assert_eq!(first.size, 4);
        let fetched = d.take(&first.id).unwrap();
        assert_eq!(
            (fetched.name.as_str(), fetched.bytes.as_slice()),
            ("a.pdf", b"%PDF".as_slice())
        );
        assert!(d.take(&first.id).is_none());
        let ids: Vec<String> = (0..=HELD)
            .map(|i| d.hold(&format!("{i}"), "text/csv", vec![]).id)
            .collect();
        assert!(d.take(&ids[0]).is_none(), "the oldest went");
        assert!(d.take(&ids[HELD]).is_some());
        d.clear();
        assert!(d.take(&ids[1]).is_none());
    }
}

//! The OLE compound file an XLS workbook lives in, read the way calamine reads it
//! (`cfb.rs`), step for step, so that the `Workbook` stream found here is the one calamine
//! will parse. Where calamine would go on without end, this stops: a chain of sectors that
//! loops (calamine follows it, a sector more each time, until memory runs out), a FAT entry
//! past the FAT's end (calamine indexes out of bounds), DIFAT entries naming more FAT
//! sectors than the file has (each copied again). A sound file meets none of these.

use crate::ReadError;

/// Sector ids from here on are markers, not sectors (`cfb.rs`).
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn damaged(what: &str) -> ReadError {
    ReadError::Spreadsheet(format!("the XLS file is damaged: {what}"))
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn to_u32(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32_at(c, 0))
}

/// calamine's reader over the file: where the next read starts.
struct File<'f> {
    bytes: &'f [u8],
    position: usize,
}

impl File<'_> {
    fn read(&mut self, into: &mut [u8]) -> usize {
        let rest = &self.bytes[self.position.min(self.bytes.len())..];
        let n = rest.len().min(into.len());
        into[..n].copy_from_slice(&rest[..n]);
        self.position += n;
        n
    }
}

/// calamine's `Sectors`: sectors read from the file as they are first needed, in order.
struct Sectors {
    data: Vec<u8>,
    size: usize,
    max_id: u32,
}

impl Sectors {
    fn get(&mut self, id: u32, file: &mut File<'_>) -> Result<&[u8], ReadError> {
        if self.max_id < id {
            return Err(damaged("a sector past its end"));
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            let mut len = self.data.len();
            self.data.resize(end, 0);
            while len < end {
                let read = file.read(&mut self.data[len..end]);
                if read == 0 {
                    return Ok(&self.data[start.min(len)..len]);
                }
                len += read;
            }
        }
        Ok(&self.data[start..end])
    }

    /// calamine's `get_chain`, stopping where a sound file must have ended.
    fn chain(
        &mut self,
        mut id: u32,
        fats: &[u32],
        file: &mut File<'_>,
        len: usize,
    ) -> Result<Vec<u8>, ReadError> {
        let mut chain = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err(damaged("its sectors are chained in a loop"));
            }
            let sector = self.get(id, file)?;
            let to_copy = sector.len().min(len - chain.len());
            chain.extend_from_slice(&sector[..to_copy]);
            if chain.len() >= len {
                break;
            }
            id = *fats
                .get(id as usize)
                .ok_or_else(|| damaged("a sector chain leaves its table"))?;
        }
        Ok(chain)
    }
}

/// A directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The `Workbook` stream (or `Book`, as Excel 5 named it) of an XLS file.
pub(crate) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    if bytes.len() < 512 || !bytes.starts_with(&super::OLE_SIGNATURE) {
        return Err(damaged("its header is cut short"));
    }
    let header = &bytes[..512];
    let version = u16_at(header, 26);
    let (size, header_len) = match u16_at(header, 30) {
        0x0009 => (512, 512),
        0x000C if bytes.len() >= 4096 => (4096, 4096),
        _ => return Err(damaged("its sector size")),
    };
    if u16_at(header, 32) != 0x0006 {
        return Err(damaged("its mini sector size"));
    }
    let dir_start = u32_at(header, 48);
    let mini_fat_start = u32_at(header, 60);
    let mini_fat_len = u32_at(header, 64) as usize;
    let difat_start = u32_at(header, 68);
    let mut difat: Vec<u32> = to_u32(&header[76..512]).collect();

    let max_id = (bytes.len() / size) as u32;
    let mut file = File {
        bytes,
        position: header_len,
    };
    let mut sectors = Sectors {
        data: Vec::with_capacity(1024),
        size,
        max_id,
    };
    let mut id = difat_start;
    let mut difat_sectors = 0u64;
    while id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > u64::from(max_id) + 1 {
            return Err(damaged("its DIFAT goes on past the file"));
        }
        difat.extend(to_u32(sectors.get(id, &mut file)?));
        id = difat.pop().ok_or_else(|| damaged("its DIFAT ends early"))?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > u64::from(max_id) + 1 {
        return Err(damaged("it names more FAT sectors than it has"));
    }
    let mut fats = Vec::new();
    for id in fat_sectors {
        fats.extend(to_u32(sectors.get(id, &mut file)?));
    }

    let directory = sectors.chain(dir_start, &fats, &mut file, usize::MAX)?;
    let entries: Vec<Entry> = directory
        .chunks_exact(128)
        .map(|c| {
            let name: Vec<u16> = c[..64].chunks_exact(2).map(|p| u16_at(p, 0)).collect();
            let mut name = String::from_utf16_lossy(&name);
            if let Some(end) = name.find('\0') {
                name.truncate(end);
            }
            let len = if size == 512 {
                u32_at(c, 120) as usize
            } else {
                usize::try_from(u64::from_le_bytes(c[120..128].try_into().unwrap_or([0; 8])))
                    .unwrap_or(usize::MAX)
            };
            Entry {
                name,
                start: u32_at(c, 116),
                len,
            }
        })
        .collect();
    let Some(root) = entries.first() else {
        return Err(damaged("it has no directory"));
    };
    if version != 3 && root.start == END_OF_CHAIN {
        return Err(damaged("its root directory is empty"));
    }
    let (mini_fats, mini_stream) = if mini_fat_len > 0 {
        let mini_stream = sectors.chain(root.start, &fats, &mut file, root.len)?;
        let mini_fat = sectors.chain(mini_fat_start, &fats, &mut file, mini_fat_len * size)?;
        (to_u32(&mini_fat).collect::<Vec<u32>>(), mini_stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut mini_sectors = Sectors {
        data: mini_stream,
        size: 64,
        max_id: max_id.saturating_mul(8),
    };
    let mut stream = |name: &str| -> Option<Result<Vec<u8>, ReadError>> {
        let entry = entries.iter().find(|e| e.name.eq_ignore_ascii_case(name))?;
        Some(if entry.len < 4096 {
            mini_sectors.chain(entry.start, &mini_fats, &mut file, entry.len)
        } else {
            sectors.chain(entry.start, &fats, &mut file, entry.len)
        })
    };
    // As calamine: "Workbook", or failing that (for any reason) "Book", Excel 5's name.
    match (stream("Workbook"), stream("Book")) {
        (Some(Ok(workbook)), _) => Ok(workbook),
        (_, Some(Ok(book))) => Ok(book),
        (Some(Err(e)), _) | (None, Some(Err(e))) => Err(e),
        (None, None) => Err(damaged("it has no workbook stream")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors: the FAT in sector 0, the directory in sector 1,
    /// the stream after, declared `declared` bytes long; `fat` gives the chain of each sector.
    fn compound_file(stream: &[u8], declared: u32, fat: impl Fn(u32, u32) -> u32) -> Vec<u8> {
        let sectors = stream.len().div_ceil(512) as u32;
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(&crate::inspect::OLE_SIGNATURE);
        header[26..28].copy_from_slice(&3u16.to_le_bytes());
        header[30..32].copy_from_slice(&9u16.to_le_bytes());
        header[32..34].copy_from_slice(&6u16.to_le_bytes());
        header[44..48].copy_from_slice(&1u32.to_le_bytes());
        header[48..52].copy_from_slice(&1u32.to_le_bytes());
        header[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        header[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for slot in header[76..].chunks_exact_mut(4) {
            slot.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        header[76..80].copy_from_slice(&0u32.to_le_bytes());
        let mut table = vec![u32::MAX; 128];
        table[0] = 0xFFFF_FFFD;
        table[1] = END_OF_CHAIN;
        for s in 0..sectors {
            table[2 + s as usize] = fat(2 + s, 2 + sectors);
        }
        let mut out = header;
        out.extend(table.iter().flat_map(|v| v.to_le_bytes()));
        let mut directory = vec![0u8; 512];
        for (i, (name, kind, start, len)) in [
            ("Root Entry", 5u8, END_OF_CHAIN, 0u32),
            ("Workbook", 2, 2, declared),
        ]
        .into_iter()
        .enumerate()
        {
            let entry = &mut directory[i * 128..(i + 1) * 128];
            for (j, unit) in name.encode_utf16().enumerate() {
                entry[j * 2..j * 2 + 2].copy_from_slice(&unit.to_le_bytes());
            }
            entry[64..66].copy_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
            entry[66] = kind;
            entry[116..120].copy_from_slice(&start.to_le_bytes());
            entry[120..124].copy_from_slice(&len.to_le_bytes());
        }
        out.extend(directory);
        let mut data = stream.to_vec();
        data.resize(sectors as usize * 512, 0);
        out.extend(data);
        out
    }

    #[test]
    fn the_workbook_stream_is_found_through_the_fat() {
        let stream: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
        let file = compound_file(&stream, 5000, |s, end| {
            if s + 1 == end { END_OF_CHAIN } else { s + 1 }
        });
        assert_eq!(workbook_stream(&file).unwrap(), stream);
    }

    #[test]
    fn a_chain_that_loops_is_refused_not_followed() {
        let stream = vec![7u8; 5000];
        // The last sector points back at the first, and the stream says it is 4 GB long:
        // calamine would go round, a sector more each time, until it had 4 GB.
        let file = compound_file(
            &stream,
            u32::MAX,
            |s, end| if s + 1 == end { 2 } else { s + 1 },
        );
        let err = workbook_stream(&file).unwrap_err();
        assert!(err.to_string().contains("loop"), "{err}");
    }

    #[test]
    fn a_chain_that_leaves_the_table_is_refused() {
        let stream = vec![7u8; 5000];
        let file = compound_file(&stream, 5000, |s, _| if s == 3 { 100_000 } else { s + 1 });
        assert!(workbook_stream(&file).is_err());
    }
}

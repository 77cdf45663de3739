//! Where a normalized file's outputs go: one name per input, `<stem>-<hash>`, the same on every
//! machine for the same file read the same way, so that many machines can write into one
//! folder; each output written to a hidden temporary file first, then renamed into place.

use crate::error::{Error, Result};
use crate::ingest::FileOptions;
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use twox_hash::XxHash64;

/// The folder of the files' JSON (row accounting and what was written).
pub const FILES_DIR: &str = "files";

/// Bytes of a stem at most (a file name may have 255; the hash and extension follow).
const MAX_STEM_BYTES: usize = 120;

/// The hash in an output's name: xxHash64 of the format version, the file's name as the report
/// lists it, the options it was read with (as JSON) and its bytes (none for a file that could
/// not be opened or read): the same file read the same way gets the same name on every
/// machine, and a file read another way (another `--kind`, a mapping) another.
pub fn content_hash(name: &str, options: &FileOptions, bytes: Option<&mut dyn Read>) -> std::io::Result<u64> {
    let mut h = XxHash64::with_seed(0);
    h.write(format!("customer-insights normalize {}\0", super::FORMAT).as_bytes());
    h.write(name.as_bytes());
    h.write(b"\0");
    h.write(serde_json::to_string(options).unwrap_or_default().as_bytes());
    h.write(b"\0");
    match bytes {
        None => h.write(b"unreadable"),
        Some(r) => {
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = r.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                h.write(buf.get(..n).unwrap_or(&[]));
            }
        }
    }
    Ok(h.finish())
}

/// The base of a file's output names: its name without the extension, made safe for file
/// systems and for Spark/Hive (which skip files starting with `.` or `_`), then `-` and the
/// hash in 16 hex digits.
pub fn base_name(name: &str, hash: u64) -> String {
    let stem = Path::new(name).file_stem().map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    let mut safe = String::new();
    for c in stem.chars() {
        if safe.len() + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        let bad = c.is_control() || c.is_whitespace() || "/\\:*?\"<>|%#".contains(c);
        safe.push(if bad { '_' } else { c });
    }
    if safe.is_empty() || safe.starts_with(['.', '_']) {
        safe.insert_str(0, "file");
    }
    format!("{safe}-{hash:016x}")
}

/// The output folder: made (with its table folders) when it is opened, so that a folder that
/// cannot be written is an error before any file is read.
pub struct OutDir {
    root: PathBuf,
}

fn write_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Export(format!("cannot write {}: {e}", path.display()))
}

impl OutDir {
    /// Opens (makes) `root` and its folders `files/` and one per table, and checks that a file
    /// can be written there.
    pub fn create(root: &Path) -> Result<OutDir> {
        let dirs = std::iter::once(FILES_DIR).chain(super::schema::TABLES.iter().map(|t| t.dir()));
        for d in dirs {
            let p = root.join(d);
            std::fs::create_dir_all(&p).map_err(|e| write_error(&p, &e))?;
        }
        let out = OutDir { root: root.to_path_buf() };
        let probe = root.join(FILES_DIR).join(format!(".probe.{}", std::process::id()));
        std::fs::write(&probe, b"").map_err(|e| write_error(&probe, &e))?;
        let _ = std::fs::remove_file(&probe);
        Ok(out)
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `rel` (a path under the folder) through `fill`: into a hidden temporary file
    /// beside it, flushed to disk, then renamed into place, so a reader (or another machine
    /// writing the same name) never sees half a file.
    pub fn write<T>(&self, rel: &str, fill: impl FnOnce(std::fs::File) -> Result<(T, std::fs::File)>) -> Result<T> {
        let path = self.root.join(rel);
        let dir = path.parent().unwrap_or(&self.root);
        let file_name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let done = std::fs::File::create(&tmp).map_err(|e| write_error(&tmp, &e)).and_then(|f| {
            let (v, mut f) = fill(f)?;
            f.flush().and_then(|_| f.sync_all()).map_err(|e| write_error(&tmp, &e))?;
            std::fs::rename(&tmp, &path).map_err(|e| write_error(&path, &e))?;
            Ok(v)
        });
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_names_are_safe_and_keep_the_stem() {
        let cases = [
            ("订单报表.csv", 0x1a, "订单报表-000000000000001a"),
            ("orders 2024\\12 #3.csv", 1, "orders_2024_12__3-0000000000000001"),
            ("_hidden.csv", 2, "file_hidden-0000000000000002"),
            (".csv", 3, "file.csv-0000000000000003"),
            ("a:b*c?.xlsx", 4, "a_b_c_-0000000000000004"),
            ("no-extension", 5, "no-extension-0000000000000005"),
        ];
        for (name, hash, want) in cases {
            assert_eq!(base_name(name, hash), want, "{name:?}");
        }
        let long = "长".repeat(100) + ".csv";
        let b = base_name(&long, 0);
        assert!(b.len() <= MAX_STEM_BYTES + 17 && b.starts_with("长长"), "{b}");
    }

    #[test]
    fn the_hash_changes_with_the_name_the_options_and_the_bytes() {
        let h = |name: &str, kind: Option<crate::model::Kind>, bytes: Option<&[u8]>| {
            let options = FileOptions { kind, ..FileOptions::default() };
            let mut r = bytes.map(std::io::Cursor::new);
            content_hash(name, &options, r.as_mut().map(|r| r as &mut dyn Read)).unwrap()
        };
        let base = h("a.csv", None, Some(b"x,y\n1,2\n"));
        assert_eq!(base, h("a.csv", None, Some(b"x,y\n1,2\n")));
        assert_ne!(base, h("b.csv", None, Some(b"x,y\n1,2\n")));
        assert_ne!(base, h("a.csv", Some(crate::model::Kind::Orders), Some(b"x,y\n1,2\n")));
        assert_ne!(base, h("a.csv", None, Some(b"x,y\n1,3\n")));
        assert_ne!(h("a.csv", None, Some(b"")), h("a.csv", None, None));
    }
}

//! Reading the command's files into a workspace: each file in 1 MiB chunks, a big one in parts
//! on threads, several files side by side, always with the result of reading them one by one
//! in the order given.

use super::args::Args;
use super::say;
use customer_insights::{Error, FileOptions, Workspace};
use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

/// Reads one file into the workspace: the bytes in order, or, for a big file whose rows can be
/// read apart (see `Workspace::part`), its later parts on `threads - 1` more threads while this
/// one reads the first, each part then taken in in order: the same result, byte for byte.
/// A file that cannot be read (missing, a directory, a read that fails) is listed in the
/// report's inputs with its `io_error`, as any file that could not be read is.
pub fn read_into(ws: &mut Workspace, path: &str, threads: Threads) -> Result<Parts, Error> {
    let name = display_name(path);
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let e = io_error(path, &e);
            ws.list_failed(&name, &e);
            return Err(e);
        }
    };
    let size = f.metadata().ok().map(|m| m.len());
    ws.begin_file(&name, size)?;
    let mut parts = Parts::default();
    if let Err(e) = read_body(ws, &mut f, path, size, threads, &mut parts) {
        ws.abort_file();
        ws.list_failed(&name, &e);
        return Err(e);
    }
    ws.finish_file().map(|_| parts)
}

/// How a file was read: how many later parts were read on other threads and taken in, and how
/// many were read again in order (a cut inside a quoted field, or a part that failed).
#[derive(Default, Clone, Copy)]
pub struct Parts {
    pub taken: usize,
    pub read_again: usize,
}

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// A file is read in parts only when this much of it is left after its head: below it the
/// threads cost more than they save. (With `--threads` given, [`MIN_PARTED_ASKED`].)
pub const MIN_PARTED: u64 = 16 << 20;
pub const MIN_PARTED_ASKED: u64 = 64 << 10;

/// The head read in order before the file is cut (its header must be found by then).
const MAX_HEAD: u64 = 8 << 20;

/// How many threads read a file, and how big it must be to be read in parts.
#[derive(Clone, Copy)]
pub struct Threads {
    pub n: usize,
    pub min_parted: u64,
}

/// An I/O error on a file, as the report's inputs[] and stderr name it.
pub fn io_error(path: &str, e: &std::io::Error) -> Error {
    Error::Io { file: path.to_string(), message: e.to_string() }
}

fn read_body(
    ws: &mut Workspace,
    f: &mut std::fs::File,
    path: &str,
    size: Option<u64>,
    threads: Threads,
    how: &mut Parts,
) -> Result<(), Error> {
    let mut buf = vec![0u8; CHUNK];
    let mut pos = 0u64;
    // the head, in order, until the header is known (and with it whether there can be parts)
    loop {
        let n = f.read(&mut buf).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            return Ok(());
        }
        ws.push(buf.get(..n).unwrap_or(&[]))?;
        pos += n as u64;
        if pos >= MAX_HEAD || ws.can_read_in_parts().is_some() {
            break;
        }
    }
    let bounds = match size {
        Some(size)
            if threads.n > 1
                && size.saturating_sub(pos) >= threads.min_parted
                && ws.can_read_in_parts() == Some(true) =>
        {
            cut_points(f, pos, size, threads.n)
        }
        _ => Vec::new(),
    };
    // the later parts' byte ranges (the first part, up to `first_end`, is read here)
    let ranges: Vec<(u64, u64)> = bounds.iter().zip(bounds.iter().skip(1)).skip(1).map(|(&a, &b)| (a, b)).collect();
    let parts: Option<Vec<_>> = ranges.iter().map(|&(from, to)| ws.part(to - from)).collect();
    let (Some(parts), Some(&first_end)) = (parts.filter(|p| !p.is_empty()), bounds.get(1)) else {
        return push_range(ws, f, path, pos, None, &mut buf);
    };
    let last = parts.len() - 1;
    let (head, read) = std::thread::scope(|s| {
        let jobs: Vec<_> = parts
            .into_iter()
            .zip(&ranges)
            .enumerate()
            .map(|(i, (mut part, &(from, to)))| {
                let read = move || -> Option<customer_insights::Part> {
                    let mut f = std::fs::File::open(path).ok()?;
                    f.seek(SeekFrom::Start(from)).ok()?;
                    let mut f = f.take(to - from);
                    let mut buf = vec![0u8; CHUNK];
                    loop {
                        match f.read(&mut buf).ok()? {
                            0 => break,
                            n => part.push(buf.get(..n)?).ok()?,
                        }
                    }
                    part.finish(i == last).ok()
                };
                std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, read)
            })
            .collect();
        let head = push_range(ws, f, path, pos, Some(first_end), &mut buf);
        let read: Vec<_> = jobs.into_iter().map(|j| j.ok().and_then(|j| j.join().ok()).flatten()).collect();
        (head, read)
    });
    head?;
    let n = read.len();
    for (i, part) in read.into_iter().enumerate() {
        // a part that could not be read, or not taken in exactly, is read again in order, and
        // so is everything after it
        if !part.is_some_and(|p| ws.absorb_part(p)) {
            how.read_again = n - i;
            let from = ranges.get(i).map_or(first_end, |r| r.0);
            return push_range(ws, f, path, from, None, &mut buf);
        }
        how.taken += 1;
    }
    Ok(())
}

/// The bounds of `threads` parts of the bytes `[from, size)` of equal length, each later one
/// starting just after a line end (a cut that finds none nearby is dropped).
fn cut_points(f: &mut std::fs::File, from: u64, size: u64, threads: usize) -> Vec<u64> {
    let mut bounds = vec![from];
    let mut window = vec![0u8; 1 << 16];
    for k in 1..threads as u64 {
        let at = from + (size - from) / threads as u64 * k;
        if f.seek(SeekFrom::Start(at)).is_err() {
            continue;
        }
        let Ok(n) = f.read(&mut window) else { continue };
        let Some(nl) = window.get(..n).and_then(|w| w.iter().position(|&b| b == b'\n')) else { continue };
        let cut = at + nl as u64 + 1;
        if bounds.last().is_some_and(|&b| cut > b) && cut < size {
            bounds.push(cut);
        }
    }
    bounds.push(size);
    bounds
}

/// Pushes the bytes `[from, to)` of the file (to its end when `to` is None).
fn push_range(
    ws: &mut Workspace,
    f: &mut std::fs::File,
    path: &str,
    from: u64,
    to: Option<u64>,
    buf: &mut [u8],
) -> Result<(), Error> {
    f.seek(SeekFrom::Start(from)).map_err(|e| io_error(path, &e))?;
    let mut left = to.map_or(u64::MAX, |t| t.saturating_sub(from));
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = f.read(buf.get_mut(..want).unwrap_or_default()).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            break;
        }
        ws.push(buf.get(..n).unwrap_or(&[]))?;
        left -= n as u64;
    }
    Ok(())
}

/// Whether a file is big enough to read in parts and of a kind whose parts can be read on their
/// own: its head is read into a scratch workspace to find out.
pub fn can_part(path: &str, opts: &FileOptions, min_parted: u64) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let size = f.metadata().map_or(0, |m| m.len());
    if size < min_parted {
        return false;
    }
    let mut w = Workspace::new();
    w.set_options(&display_name(path), opts.clone());
    if w.begin_file(&display_name(path), None).is_err() {
        return false;
    }
    let mut buf = vec![0u8; CHUNK];
    let mut pos = 0u64;
    while pos < MAX_HEAD {
        match f.read(&mut buf) {
            Ok(n) if n > 0 && w.push(buf.get(..n).unwrap_or(&[])).is_ok() => pos += n as u64,
            _ => return false,
        }
        if let Some(can) = w.can_read_in_parts() {
            return can && size - pos >= min_parted;
        }
    }
    false
}

/// `--verbose`: how a file was read.
pub fn tell(path: &str, r: &Result<Parts, Error>, took: Duration, threads: Threads) {
    let how = match r {
        Ok(p) if p.taken + p.read_again == 0 => "in order".to_string(),
        Ok(p) => format!(
            "in {} parts on {} threads, {} read again in order",
            p.taken + p.read_again + 1,
            threads.n,
            p.read_again
        ),
        Err(_) => "failed".to_string(),
    };
    eprintln!("read {path}: {how}, {:.3} s", took.as_secs_f64());
}

/// The name a file goes by in the report: its base name, as the page shows a dropped file.
pub fn display_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

impl Threads {
    /// `--threads N` (a file is then read in parts from a smaller size), else one per core.
    pub fn of(asked: Option<usize>) -> Threads {
        match asked {
            Some(n) => Threads { n, min_parted: MIN_PARTED_ASKED },
            None => Threads { n: std::thread::available_parallelism().map_or(1, |n| n.get()), min_parted: MIN_PARTED },
        }
    }
}

/// Reads the command's files into one workspace, in the order given; true when some file could
/// not be read (each said on stderr; it is listed in the report's inputs with its error).
pub fn read_files(a: &Args, options: &(dyn Fn(&str) -> FileOptions + Sync), threads: Threads) -> (Workspace, bool) {
    let mut ws = Workspace::new();
    ws.set_budget(a.budget);
    let mut failed = false;
    // (with a budget the files are read one by one, so the budget sees them all)
    let many = a.files.len() > 1 && threads.n > 1 && a.budget.is_none();
    let parted: Vec<bool> = a.files.iter().map(|p| many && can_part(p, &options(p), threads.min_parted)).collect();
    if many && !parted.iter().all(|&p| p) {
        // Each file into its own workspace, then taken in in the order given, which makes every
        // id and every output what reading them one by one gives. A big file that can be read
        // in parts is read by every thread, one such file after another; the other files each
        // on a thread of their own meanwhile. (When every file is such, they are read one after
        // another into one workspace, below, which saves merging the workspaces.)
        let read_one = |path: &String| {
            let mut w = Workspace::new();
            w.set_options(&display_name(path), options(path));
            let t = std::time::Instant::now();
            let r = read_into(&mut w, path, threads);
            (w, r, t.elapsed())
        };
        let read: Vec<(Workspace, Result<Parts, Error>, Duration)> = std::thread::scope(|s| {
            let jobs: Vec<_> = a
                .files
                .iter()
                .zip(&parted)
                // the main thread's stack size, for the same depth of nested input
                .map(|(path, &p)| {
                    (!p).then(|| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, || read_one(path)))
                })
                .collect();
            let mine: Vec<_> = a.files.iter().zip(&parted).map(|(path, &p)| p.then(|| read_one(path))).collect();
            let lost =
                || (Workspace::new(), Err(Error::Sequence("a reader thread could not run".into())), Duration::ZERO);
            jobs.into_iter()
                .zip(mine)
                .map(|(job, mine)| {
                    mine.unwrap_or_else(|| job.and_then(|j| j.ok()).and_then(|j| j.join().ok()).unwrap_or_else(lost))
                })
                .collect()
        });
        for ((w, r, took), path) in read.into_iter().zip(&a.files) {
            if a.verbose {
                tell(path, &r, took, threads);
            }
            if let Err(e) = r {
                say(&e);
                failed = true;
            }
            ws.absorb(w);
        }
    } else {
        for path in &a.files {
            ws.set_options(&display_name(path), options(path));
            let t = std::time::Instant::now();
            let r = read_into(&mut ws, path, threads);
            if a.verbose {
                tell(path, &r, t.elapsed(), threads);
            }
            if let Err(e) = r {
                say(&e);
                failed = true;
            }
        }
    }
    (ws, failed)
}

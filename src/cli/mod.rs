//! The native door's pieces: the command line ([`args`]), reading the files ([`read`]), the
//! warehouse path's commands ([`warehouse`]), and how a command's output and errors leave
//! (here).

pub mod args;
pub mod read;
pub mod warehouse;

use args::Args;
use customer_insights::Error;
use read::io_error;
use std::io::Write;
use std::process::ExitCode;

/// Prints an error as `error [code]: message` on stderr.
pub fn say(e: &Error) {
    eprintln!("error [{}]: {e}", e.code());
}

/// A usage, config or output error: printed, exit status 2.
pub fn refused(e: &Error) -> ExitCode {
    say(e);
    ExitCode::from(2)
}

/// Exit status 3 when a file could not be read, else 0.
pub fn outcome(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a command's output (to `--out` or stdout) and picks the exit status.
pub fn emit(a: &Args, out: Result<Vec<u8>, Error>, failed: bool) -> ExitCode {
    match out {
        Ok(mut bytes) => {
            if !bytes.ends_with(b"\n") && a.cmd != "members" && !a.xlsx {
                bytes.push(b'\n');
            }
            let written = match &a.out {
                Some(path) => std::fs::write(path, &bytes).map_err(|e| io_error(path, &e)),
                // (as before: a closed pipe on stdout is not an error of ours)
                None => {
                    let _ = std::io::stdout().lock().write_all(&bytes);
                    Ok(())
                }
            };
            if let Err(e) = written {
                return refused(&e);
            }
            outcome(failed)
        }
        Err(e) => refused(&e),
    }
}

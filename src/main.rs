//! The `fengong` command line: a thin shell over the library.
mod cli;

use std::process::ExitCode;

// The parse allocates many small strings per document; mimalloc's thread-local free lists
// make that cheaper than glibc malloc, and keep workers from contending (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `purge_delay` (its index in `mi_option_e`, mimalloc.h, v3): how long
/// freed memory is kept before it is given back to the system, in milliseconds (1000).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// From now on give freed memory back to the system at once. While one large document is
/// parsed, its buffers freed in the last second would otherwise stay resident beside the
/// new ones (a 50 MB plan of run-together documents: 278 MB at its peak, 196 MB without
/// the delay). Only for large inputs: with many small documents the delay is what makes
/// reuse cheap (3–5% slower without it; docs/performance.md).
pub(crate) fn return_freed_memory_at_once() {
    // SAFETY: sets one integer option of the allocator this binary is linked with; the
    // allocator reads it when it next considers purging.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

fn main() -> ExitCode {
    // Ctrl-C or SIGTERM mid-run: remove the temporary output file (the target stays as
    // it was), then exit as a shell expects of a process ended by a signal.
    let _ = ctrlc::set_handler(|| {
        fengong::batch::output::remove_pending();
        std::process::exit(130);
    });
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("fengong: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index is mimalloc's purge delay: its default (or the value the
    /// environment gave it) reads back through it, and setting it takes.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        let want = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reads an integer option of the linked allocator.
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, want);
        return_freed_memory_at_once();
        // SAFETY: as above.
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 0);
    }
}

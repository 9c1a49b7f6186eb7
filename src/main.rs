//! The `fengong` command line: a thin shell over the library.
mod allocator;
mod cli;

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

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

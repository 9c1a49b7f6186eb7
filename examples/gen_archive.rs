//! Write an archive of synthetic policy documents from the property test's generator
//! (`tests/common/gen.rs`): the same documents the parser is proven against, for benchmarks.
//!
//! usage: cargo run --release --example gen_archive -- OUT_DIR [FILES] [SEED]

#[path = "../tests/common/gen.rs"]
#[allow(dead_code)]
mod gen;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = std::path::PathBuf::from(args.get(1).map(String::as_str).unwrap_or("archive"));
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u8 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(7);
    std::fs::create_dir_all(&out)?;
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = gen::doc();
    let mut bytes = 0usize;
    for i in 0..n {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let doc = tree.current();
        let (text, _) = gen::render(&doc);
        let data = gen::encode(&doc, &text);
        bytes += data.len();
        std::fs::write(out.join(format!("{i:06}.txt")), data)?;
    }
    println!(
        "{n} files, {:.1} MB in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}

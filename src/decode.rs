//! Stage 1: bytes → UTF-8 text, by an explicit, documented cascade.
//!
//! 1. `--encoding LABEL` (a WHATWG label) is used when given — but a BOM still wins.
//! 2. A byte-order mark: UTF-8, UTF-16LE, UTF-16BE.
//! 3. Known binary formats (PDF, ZIP/DOCX, OLE/DOC, ELF, PNG, GIF, JPEG) are refused;
//!    BOM-less UTF-16 is recognised by where its NUL bytes fall; other input with more than
//!    1% NUL bytes (and at least 8) is binary; a stray NUL in a text is removed by the normaliser.
//! 4. Strict UTF-8.
//! 5. Mostly UTF-8 (at most 1% of characters replaced): lossy UTF-8.
//! 6. GB18030 (a superset of GBK and GB2312) and Big5, each decoded strictly and then
//!    scored for how plausible the result is as Chinese text: the share of double-byte
//!    characters that fall in the region of that code where frequent characters live
//!    (GB2312 level-1 hanzi and punctuation; Big5 常用字 and punctuation). The more
//!    plausible wins — never "the first that does not error".
//! 7. Lossy: the candidate with the fewest replacement characters, counted in
//!    `replacements` (and, by the caller, in `warnings`). If more than a fifth of the
//!    characters would be replaced, the input is `Undecodable`.

use crate::error::Error;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decoding options.
#[derive(Clone, Debug, Default)]
pub struct DecodeOptions {
    /// A WHATWG encoding label that overrides detection (a BOM still wins).
    pub encoding: Option<String>,
}

/// The decoded text and how it was obtained.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Display name of the encoding.
    pub encoding: &'static str,
    /// Whether a BOM was present.
    pub bom: bool,
    /// Which step of the cascade decided.
    pub via: &'static str,
    /// How many U+FFFD were inserted.
    pub replacements: usize,
    /// With a forced encoding that replaced many characters: the encoding detection
    /// would have chosen, when it fits the bytes better.
    pub better: Option<&'static str>,
}

fn display_name(enc: &'static Encoding) -> &'static str {
    if enc == GB18030 || enc == encoding_rs::GBK {
        "GB18030"
    } else {
        enc.name()
    }
}

fn decoded(text: String, enc: &'static Encoding, bom: bool, via: &'static str) -> Decoded {
    // strict decoders replace nothing; every other path may have
    let replacements = if via == "utf8" || via == "gb18030" || via == "big5" {
        0
    } else {
        memchr::memmem::find_iter(text.as_bytes(), "\u{FFFD}".as_bytes()).count()
    };
    Decoded {
        text,
        encoding: display_name(enc),
        bom,
        via,
        replacements,
        better: None,
    }
}

/// Decode `bytes` following the cascade in the module docs.
///
/// ## Errors
/// Common names that are not WHATWG labels, and the encodings they mean.
const ALIASES: &[(&str, &str)] = &[
    ("cp936", "gbk"),
    ("ms936", "gbk"),
    ("windows-936", "gbk"),
    ("cp950", "big5"),
    ("ms950", "big5"),
    ("cp54936", "gb18030"),
    ("utf_8", "utf-8"),
    ("utf16le", "utf-16le"),
    ("utf16be", "utf-16be"),
];

/// The encoding a `--encoding` label names: a WHATWG label (gbk, gb2312, gb18030, big5,
/// big5-hkscs, utf-16le …) or a common alias (cp936, cp950).
///
/// ## Errors
/// `UnknownEncoding` when the label names none.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, Error> {
    let l = label.trim().to_ascii_lowercase();
    let l = ALIASES
        .iter()
        .find(|(a, _)| *a == l)
        .map_or(l.as_str(), |(_, to)| to);
    Encoding::for_label_no_replacement(l.as_bytes()).ok_or_else(|| Error::UnknownEncoding {
        label: label.to_string(),
    })
}

/// `UnknownEncoding` for a bad label, `Binary` for a binary file, `Undecodable` when
/// no candidate gives plausible text.
pub fn decode(bytes: &[u8], opts: &DecodeOptions) -> Result<Decoded, Error> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok(decoded(text.into_owned(), enc, true, "bom"));
    }
    if let Some(label) = &opts.encoding {
        let enc = encoding_for_label(label)?;
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let mut d = decoded(text.into_owned(), enc, false, "forced");
        d.better = better_fit(bytes, &d);
        return Ok(d);
    }
    detect(bytes).and_then(refuse_binary_text)
}

/// [`decode`], taking the bytes: a file that is UTF-8 without a byte-order mark (most
/// are) becomes the text without a copy, which matters for a large one.
///
/// ## Errors
/// As [`decode`].
pub fn decode_owned(bytes: Vec<u8>, opts: &DecodeOptions) -> Result<Decoded, Error> {
    if Encoding::for_bom(&bytes).is_some() || opts.encoding.is_some() {
        return decode(&bytes, opts);
    }
    if let Some(d) = before_utf8(&bytes)? {
        return refuse_binary_text(d);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(decoded(text, UTF_8, false, "utf8")),
        Err(e) => after_utf8(e.as_bytes()).and_then(refuse_binary_text),
    }
}

/// The cascade without a forced label (steps 3–7 of the module docs).
fn detect(bytes: &[u8]) -> Result<Decoded, Error> {
    if let Some(d) = before_utf8(bytes)? {
        return Ok(d);
    }
    // simdutf8 validates several bytes per instruction; std's validator takes a branch
    // per character of Han text.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(decoded(s.to_owned(), UTF_8, false, "utf8"));
    }
    after_utf8(bytes)
}

/// The steps before UTF-8 is tried: binary formats and NUL-filled data are refused,
/// UTF-16 without a byte-order mark is decoded.
fn before_utf8(bytes: &[u8]) -> Result<Option<Decoded>, Error> {
    if let Some(kind) = binary_magic(bytes) {
        return Err(Error::Binary {
            reason: format!("looks like {kind}"),
        });
    }
    if let Some(enc) = sniff_utf16(bytes).or_else(|| plausible_utf16(bytes)) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(Some(decoded(text.into_owned(), enc, false, "utf16_no_bom")));
    }
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls >= 8 && nuls * 100 > bytes.len() {
        return Err(Error::Binary {
            reason: format!(
                "looks like binary data: {nuls} NUL bytes in {} bytes",
                bytes.len()
            ),
        });
    }
    Ok(None)
}

/// The steps after UTF-8 failed: mostly UTF-8, then GB18030 or Big5, then lossy.
fn after_utf8(bytes: &[u8]) -> Result<Decoded, Error> {
    if let Some(d) = mostly_utf8(bytes) {
        return Ok(d);
    }
    // Where both decode cleanly the byte statistics choose; where only one does, it wins.
    // The likelier one is tried first, so the usual file is decoded once.
    let strict = |enc: &'static Encoding, via| {
        enc.decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| decoded(t.into_owned(), enc, false, via))
    };
    let (first, second) = if big5_over_gb(bytes) {
        ((BIG5, "big5"), (GB18030, "gb18030"))
    } else {
        ((GB18030, "gb18030"), (BIG5, "big5"))
    };
    match strict(first.0, first.1).or_else(|| strict(second.0, second.1)) {
        Some(d) => Ok(d),
        None => lossy(bytes),
    }
}

/// A forced encoding that replaced more than a few characters: the detected encoding,
/// when it decodes the same bytes with fewer replacements.
fn better_fit(bytes: &[u8], forced: &Decoded) -> Option<&'static str> {
    if forced.replacements < 4 {
        return None;
    }
    let found = detect(bytes).ok()?;
    (found.encoding != forced.encoding && found.replacements * 4 < forced.replacements)
        .then_some(found.encoding)
}

/// Text that decoded, but mostly into control characters, replacement characters or
/// private-use code points, is binary data that happened to pass a decoder (random
/// bytes are valid GB18030 more often than not).
fn refuse_binary_text(d: Decoded) -> Result<Decoded, Error> {
    // Valid UTF-8 is text (random bytes never are); other readings are checked over the
    // UTF-8 bytes in one branch-free pass the compiler vectorises. Characters are the bytes
    // that are not continuation bytes; control characters are the C0 bytes but tab, line
    // feed, vertical tab, form feed and carriage return, and DEL; private use is counted
    // where GB18030 puts its user-defined areas, U+E000–U+EFFF (lead byte EE).
    if d.via == "utf8" {
        return Ok(d);
    }
    // (byte counters over blocks of 255 bytes: each byte adds at most one to each, and
    // the compiler then adds 32 bytes at a time)
    let (mut total, mut junk) = (0usize, d.replacements);
    for chunk in d.text.as_bytes().chunks(255) {
        let (mut t, mut j) = (0u8, 0u8);
        for &x in chunk {
            t = t.wrapping_add(u8::from(!(0x80..0xC0).contains(&x)));
            j = j.wrapping_add(
                u8::from(x < 0x20 && !(9..14).contains(&x)) | u8::from(x == 0x7F || x == 0xEE),
            );
        }
        total += usize::from(t);
        junk += usize::from(j);
    }
    if junk >= 8 && junk * 50 > total {
        return Err(Error::Binary {
            reason: format!(
                "looks like binary data: {junk} of {total} characters are control bytes, \
                 undecodable or private-use in the best reading ({})",
                d.encoding
            ),
        });
    }
    Ok(d)
}

/// BOM-less UTF-16 of Chinese text has few NUL bytes (only its ASCII has them), so
/// the NUL pattern misses it: decode a sample both ways and take the order under which
/// the code units are overwhelmingly Han characters, CJK punctuation and ASCII.
fn plausible_utf16(b: &[u8]) -> Option<&'static Encoding> {
    if b.len() < 8 {
        return None;
    }
    let sample = b.get(..b.len().min(4096) & !1)?;
    // ASCII read as UTF-16 falls in the Han block too ("th" is U+6874): a candidate
    // needs NUL bytes (its newlines and digits) or bytes that are not UTF-8
    // (simdutf8: std's validator takes a branch per character of Han text)
    let utf8 = match simdutf8::compat::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > sample.len(),
    };
    if utf8 && memchr::memchr(0, sample).is_none() {
        return None;
    }
    // (a reading with more than 5% bad units can never pass: it stops there, so text in
    // another encoding costs a few hundred units, not the whole sample)
    let units = sample.len() / 2;
    let share = |le: bool| {
        let (mut good, mut han, mut total) = (0usize, 0usize, 0usize);
        for pair in sample.chunks_exact(2) {
            if (total - good) * 100 > units * 5 {
                return None;
            }
            let &[x, y] = pair else { continue };
            let u = if le {
                u16::from_le_bytes([x, y])
            } else {
                u16::from_be_bytes([x, y])
            };
            total += 1;
            match u {
                0x4E00..=0x9FFF => {
                    han += 1;
                    good += 1;
                }
                0x09
                | 0x0A
                | 0x0D
                | 0x20..=0x7E
                | 0x3000..=0x303F
                | 0xFF01..=0xFF5E
                | 0x2010..=0x2027
                | 0x00B7 => good += 1,
                _ => {}
            }
        }
        (good * 100 >= total * 95 && han * 4 >= total).then_some(good)
    };
    match (share(true), share(false)) {
        (Some(le), Some(be)) if be > le => Some(UTF_16BE),
        (Some(_), _) => Some(UTF_16LE),
        (None, Some(_)) => Some(UTF_16BE),
        (None, None) => None,
    }
}

/// Valid UTF-8 with a few bad bytes (a damaged file): at most 1% replaced, and
/// enough genuine multi-byte characters to tell it is UTF-8 at all.
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    // Count invalid sequences first, giving up as soon as they pass 1% of the bytes (more
    // than 1% of the characters too): a GB18030 or Big5 file fails within its first lines.
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        if !chunk.invalid().is_empty() {
            bad += 1;
            if bad * 100 > bytes.len() {
                return None;
            }
        }
    }
    let text = String::from_utf8_lossy(bytes);
    let (mut bad, mut multi, mut total) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c == '\u{FFFD}' {
            bad += 1;
        } else if c.len_utf8() > 1 {
            multi += 1;
        }
    }
    (bad * 100 <= total && multi >= 4 * bad)
        .then(|| decoded(text.into_owned(), UTF_8, false, "lossy"))
}

fn lossy(bytes: &[u8]) -> Result<Decoded, Error> {
    let mut best: Option<Decoded> = None;
    for enc in [UTF_8, GB18030, BIG5] {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let d = decoded(text.into_owned(), enc, false, "lossy");
        if best
            .as_ref()
            .is_none_or(|b| d.replacements < b.replacements)
        {
            best = Some(d);
        }
    }
    let best = best.ok_or_else(|| Error::Undecodable {
        reason: "no candidate".into(),
    })?;
    let chars = best.text.chars().count().max(1);
    if best.replacements * 5 > chars {
        return Err(Error::Undecodable {
            reason: format!(
                "{} of {} characters would be replaced in the best encoding ({})",
                best.replacements, chars, best.encoding
            ),
        });
    }
    Ok(best)
}

/// What a binary file looks like, by its first bytes (and, for a ZIP, the names of the
/// parts inside it), with what to do to get its text.
fn binary_magic(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"PK\x03\x04") {
        let has = |part: &[u8]| memchr::memmem::find(b, part).is_some();
        return Some(if has(b"word/") {
            "a Word document (.docx): open it and save it as plain text (UTF-8), or run `pandoc -t plain`"
        } else if has(b"xl/") {
            "an Excel workbook (.xlsx): save the sheet as CSV or tab-separated text"
        } else if has(b"content.xml") {
            "an OpenDocument file: save it as plain text (UTF-8)"
        } else {
            "a ZIP archive: unpack it and parse the files inside"
        });
    }
    let magic: [(&[u8], &str); 10] = [
        (
            b"%PDF",
            "a PDF: extract its text first, e.g. `pdftotext -layout FILE.pdf FILE.txt`",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Office file (.doc/.xls, OLE): open it and save it as text",
        ),
        (b"{\\rtf", "an RTF document: open it and save it as text"),
        (b"\x7FELF", "an ELF executable"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xFF\xD8\xFF", "a JPEG image: run OCR on it first"),
        (b"\x1F\x8B", "a gzip file: unpack it first"),
        (b"7z\xBC\xAF", "a 7-Zip archive: unpack it first"),
        (b"Rar!", "a RAR archive: unpack it first"),
    ];
    magic
        .iter()
        .find(|(m, _)| b.starts_with(m))
        .map(|(_, k)| *k)
}

/// BOM-less UTF-16: most NUL bytes sit at odd (LE) or even (BE) offsets.
fn sniff_utf16(b: &[u8]) -> Option<&'static Encoding> {
    if b.len() < 4 || !b.len().is_multiple_of(2) {
        return None;
    }
    let sample = b.get(..b.len().min(4096))?;
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &x) in sample.iter().enumerate() {
        if x == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    if odd * 5 >= pairs && even * 20 < odd.max(1) {
        Some(UTF_16LE)
    } else if even * 5 >= pairs && odd * 20 < even.max(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Does the Big5 reading of `b` look likelier than the GB18030 one: is the share of its
/// double-byte characters in Big5's punctuation rows or 常用字 region greater than the
/// share of GB18030's in GB2312's punctuation rows or level-1 hanzi?
///
/// The two readings pair the same bytes until GB18030 meets a four-byte sequence (a
/// trail byte 0x30–0x39, which Big5 never has): until then one walk counts for both, and
/// from there (rare characters only) each goes on alone.
///
/// The walk stops once the rest of the bytes cannot change the answer: with `h` more
/// characters at most for either reading (the bytes left, halved), a reading whose common
/// characters lead the other's by `h` keeps the greater share however the rest reads
/// (see [`decided`]).
fn big5_over_gb(b: &[u8]) -> bool {
    let (mut gb, mut big5) = (Counts::default(), Counts::default());
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        if gb.pairs % 64 == 0 {
            if let Some(answer) = decided(gb, big5, b.len() - i) {
                return answer;
            }
        }
        let Some(&trail) = b.get(i + 1) else { break };
        let trail_class = TRAIL_CLASS.get(usize::from(trail)).copied().unwrap_or(0);
        if trail_class & FOUR_BYTE != 0 {
            gb.add(gb_counts(b, i));
            big5.add(big5_counts(b, i));
            break;
        }
        // (both readings' tests at once: the bits the lead and the trail byte share)
        let common = LEAD_CLASS.get(usize::from(lead)).copied().unwrap_or(0) & trail_class;
        gb.pairs += 1;
        gb.common += u32::from(common & GB_COMMON);
        big5.pairs += 1;
        big5.common += u32::from(common >> 1 & 1);
        i += 2;
    }
    big5.share() > gb.share()
}

/// Whether Big5 has the greater share, if `left` more bytes cannot change it: the two
/// readings have read the same `pairs` so far, and each reads at most `h = left / 2` more
/// characters. Big5's share is then at most `(big5 + h) / (pairs + h)` and GB18030's at
/// least `gb / (pairs + h)`, so `gb ≥ big5 + h` settles it for GB18030 (a tie is
/// GB18030's); symmetrically `big5 > gb + h` settles it for Big5.
fn decided(gb: Counts, big5: Counts, left: usize) -> Option<bool> {
    let h = u32::try_from(left / 2).unwrap_or(u32::MAX);
    if gb.common >= big5.common.saturating_add(h) {
        Some(false)
    } else if big5.common > gb.common.saturating_add(h) {
        Some(true)
    } else {
        None
    }
}

/// Double-byte characters read, and those in the common region.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Counts {
    pairs: u32,
    common: u32,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.pairs += o.pairs;
        self.common += o.common;
    }

    fn share(self) -> f64 {
        f64::from(self.common) / f64::from(self.pairs.max(1))
    }
}

/// A GB18030 lead byte followed by this byte opens a four-byte sequence (rare characters).
const fn gb_four_byte(trail: u8) -> bool {
    matches!(trail, 0x30..=0x39)
}

/// A GB18030 double-byte character in GB2312's punctuation rows or level-1 hanzi.
const fn gb_common(lead: u8, trail: u8) -> bool {
    gb_common_trail(trail) && gb_common_lead(lead)
}

const fn gb_common_lead(lead: u8) -> bool {
    matches!(lead, 0xB0..=0xD7 | 0xA1..=0xA3)
}

const fn gb_common_trail(trail: u8) -> bool {
    matches!(trail, 0xA1..=0xFE)
}

/// A Big5 double-byte character in its punctuation rows or 常用字 region.
const fn big5_common(lead: u8, trail: u8) -> bool {
    big5_common_trail(trail) && big5_common_lead(lead)
}

/// (0xA1–0xA3: punctuation; 0xA4–0xC6: 常用字)
const fn big5_common_lead(lead: u8) -> bool {
    matches!(lead, 0xA1..=0xC6)
}

const fn big5_common_trail(trail: u8) -> bool {
    matches!(trail, 0x40..=0x7E | 0xA1..=0xFE)
}

/// Bits of [`LEAD_CLASS`] and [`TRAIL_CLASS`]: the byte can be that part of a character
/// in GB18030's common region ([`gb_common`]) or in Big5's ([`big5_common`]); a GB18030
/// four-byte sequence's second byte ([`gb_four_byte`]). A pair is in a reading's common
/// region when its lead byte's and trail byte's classes share the reading's bit.
const GB_COMMON: u8 = 1;
const BIG5_COMMON: u8 = 2;
const FOUR_BYTE: u8 = 4;

/// The class of every byte as a lead byte (see [`GB_COMMON`]).
static LEAD_CLASS: [u8; 256] = byte_classes(true);

/// The class of every byte as a trail byte (see [`GB_COMMON`]).
static TRAIL_CLASS: [u8; 256] = byte_classes(false);

#[allow(clippy::indexing_slicing)] // evaluated by the compiler: out of range fails the build
const fn byte_classes(lead: bool) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut x = 0usize;
    while x < 256 {
        let b = x as u8;
        let (gb, big5) = if lead {
            (gb_common_lead(b), big5_common_lead(b))
        } else {
            (gb_common_trail(b), big5_common_trail(b))
        };
        let four = !lead && gb_four_byte(b);
        t[x] = ((gb as u8) * GB_COMMON) | ((big5 as u8) * BIG5_COMMON) | ((four as u8) * FOUR_BYTE);
        x += 1;
    }
    t
}

/// GB18030's walk over `b` from byte `from`.
fn gb_counts(b: &[u8], from: usize) -> Counts {
    walk(b, from, true, gb_common)
}

/// Big5's walk over `b` from byte `from`.
fn big5_counts(b: &[u8], from: usize) -> Counts {
    walk(b, from, false, big5_common)
}

/// One reading's walk over `b` from byte `from`: its multi-byte characters, and those
/// `common` holds. `four_byte`: the reading has GB18030's four-byte sequences.
fn walk(b: &[u8], from: usize, four_byte: bool, common: impl Fn(u8, u8) -> bool) -> Counts {
    let mut c = Counts::default();
    let mut i = from;
    while let Some(&lead) = b.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = b.get(i + 1) else { break };
        c.pairs += 1;
        if four_byte && gb_four_byte(trail) {
            i += 4;
            continue;
        }
        c.common += u32::from(common(lead, trail));
        i += 2;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(e: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, unmappable) = e.encode(s);
        assert!(!unmappable, "fixture must be encodable");
        b.into_owned()
    }

    /// Taking the bytes reads every kind of input as borrowing them does: BOMs, forced
    /// labels, UTF-16 without a BOM, GB18030, Big5, damaged UTF-8, binary.
    #[test]
    fn decoding_owned_bytes_reads_as_decoding_borrowed_ones() {
        let s = "二〇二四年某市知识产权保护工作要点：加强监管执法，完善工作机制。";
        let mut utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(s.as_bytes());
        let mut damaged = s.as_bytes().to_vec();
        damaged.insert(7, 0xFF);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend([0u8; 64]);
        let inputs = [
            s.as_bytes().to_vec(),
            bom,
            std::mem::take(&mut utf16),
            enc(GB18030, s),
            enc(BIG5, "加強知識產權保護工作。完善工作機制，強化協同配合。"),
            damaged,
            png,
            vec![0u8; 100],
        ];
        let forced = DecodeOptions {
            encoding: Some("gbk".into()),
        };
        for opts in [DecodeOptions::default(), forced] {
            for b in &inputs {
                let borrowed =
                    decode(b, &opts).map(|d| (d.text, d.encoding, d.via, d.replacements));
                let owned = decode_owned(b.clone(), &opts)
                    .map(|d| (d.text, d.encoding, d.via, d.replacements));
                assert_eq!(
                    format!("{borrowed:?}"),
                    format!("{owned:?}"),
                    "{:?}",
                    b.get(..12)
                );
            }
        }
    }

    /// The byte classes of the shared walk say, for every pair of bytes, what the tests of
    /// the separate walks say (the proptests below sample only some bytes).
    #[test]
    fn byte_classes_agree_with_the_tests_of_each_reading() {
        for lead in 0..=255u8 {
            for trail in 0..=255u8 {
                let (l, t) = (
                    LEAD_CLASS[usize::from(lead)],
                    TRAIL_CLASS[usize::from(trail)],
                );
                let pair = (lead, trail);
                assert_eq!(
                    l & t & GB_COMMON != 0,
                    gb_common(lead, trail),
                    "{pair:02X?}"
                );
                assert_eq!(
                    l & t & BIG5_COMMON != 0,
                    big5_common(lead, trail),
                    "{pair:02X?}"
                );
                assert_eq!(t & FOUR_BYTE != 0, gb_four_byte(trail), "{pair:02X?}");
            }
        }
    }

    proptest::proptest! {
        // Walking both readings together gives the order the two walks give apart.
        #[test]
        fn one_walk_orders_big5_and_gb18030_as_two_walks_do(
            b in proptest::collection::vec(proptest::sample::select(vec![
                0x20u8, 0x0A, 0x31, 0x35, 0x39, 0x40, 0x5C, 0x7E, 0x7F, 0x80, 0x81, 0x95,
                0xA1, 0xA2, 0xA4, 0xB0, 0xB5, 0xC6, 0xC7, 0xD7, 0xD8, 0xE0, 0xFE, 0xFF,
            ]), 0..64),
        ) {
            let two_walks = big5_counts(&b, 0).share() > gb_counts(&b, 0).share();
            proptest::prop_assert_eq!(big5_over_gb(&b), two_walks, "{:02X?}", b);
        }

        // The walk stops early once one reading leads by more than the rest can make up:
        // two runs of a character that favours one reading (or both, or neither), then
        // any bytes at all, are ordered as the two whole walks order them.
        #[test]
        fn stopping_early_orders_as_the_whole_walks_do(
            // GB2312 level 1 only, Big5 common only, both, neither
            runs in proptest::collection::vec(
                (proptest::sample::select(vec![[0xD0u8, 0xA1], [0xA4, 0x40], [0xB5, 0xB5], [0x81, 0x40]]), 0usize..300),
                2,
            ),
            tail in proptest::collection::vec(proptest::sample::select(vec![
                0x20u8, 0x31, 0x35, 0x40, 0x7E, 0x80, 0x81, 0xA1, 0xA4, 0xB0, 0xC6, 0xD0, 0xD7, 0xFE,
            ]), 0..40),
        ) {
            let b: Vec<u8> = runs
                .iter()
                .flat_map(|(pair, n)| pair.repeat(*n))
                .chain(tail)
                .collect();
            let two_walks = big5_counts(&b, 0).share() > gb_counts(&b, 0).share();
            proptest::prop_assert_eq!(big5_over_gb(&b), two_walks, "{:02X?}", b);
        }
    }

    #[test]
    fn short_gb18030_is_not_big5() {
        let s = "加强知识产权保护工作。";
        let d = decode(&enc(GB18030, s), &DecodeOptions::default()).expect("decode");
        assert_eq!((d.encoding, d.text.as_str()), ("GB18030", s));
    }

    #[test]
    fn short_big5_is_not_gb() {
        let s = "加強知識產權保護工作。";
        let d = decode(&enc(BIG5, s), &DecodeOptions::default()).expect("decode");
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", s));
    }

    #[test]
    fn gb18030_only_character() {
        // U+9FA6 and U+20000 are not in GBK; GB18030 encodes them in four bytes.
        let s = "市场监管局\u{20000}负责落实相关工作。";
        let d = decode(&enc(GB18030, s), &DecodeOptions::default()).expect("decode");
        assert_eq!((d.encoding, d.text.as_str()), ("GB18030", s));
    }

    #[test]
    fn boms_win() {
        let s = "一、总体要求";
        let mut u8b = vec![0xEF, 0xBB, 0xBF];
        u8b.extend_from_slice(s.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        for (bytes, name) in [(u8b, "UTF-8"), (le, "UTF-16LE"), (be, "UTF-16BE")] {
            let d = decode(
                &bytes,
                &DecodeOptions {
                    encoding: Some("big5".into()),
                },
            )
            .expect("d");
            assert_eq!((d.encoding, d.text.as_str(), d.bom), (name, s, true));
        }
    }

    #[test]
    fn forced_label_and_unknown_label() {
        let b = enc(GB18030, "通知");
        let d = decode(
            &b,
            &DecodeOptions {
                encoding: Some("gbk".into()),
            },
        )
        .expect("decode");
        assert_eq!(d.text, "通知");
        let e = decode(
            &b,
            &DecodeOptions {
                encoding: Some("klingon".into()),
            },
        );
        assert!(matches!(e, Err(Error::UnknownEncoding { .. })));
    }

    #[test]
    fn binary_is_refused_and_bad_utf8_is_counted() {
        assert!(matches!(
            decode(b"%PDF-1.7 ...", &DecodeOptions::default()),
            Err(Error::Binary { .. })
        ));
        let mut b = "一、总体要求。加强工作。".repeat(20).into_bytes();
        b.insert(30, 0xFF);
        let d = decode(&b, &DecodeOptions::default()).expect("decode");
        assert_eq!((d.encoding, d.via, d.replacements), ("UTF-8", "lossy", 1));
    }
}

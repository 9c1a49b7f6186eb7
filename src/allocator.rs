//! The binary's global allocator: mimalloc, called through its plain entry points where
//! they already give the alignment asked for.
//!
//! The parse allocates many small strings per document; mimalloc's thread-local free lists
//! make that cheaper than glibc malloc, and keep workers from contending
//! (docs/performance.md). The `mimalloc` crate's allocator passes every request to
//! `mi_malloc_aligned`. In mimalloc v3 that call keeps to its fast path only while the
//! page of the right size has a free block at hand; when it has none, and the block size
//! is not a power of two (80, 96, 192 bytes …), the request goes to the over-allocating
//! path: about 500 instructions, a block of the next size up, and the page of the right
//! size is never refilled, so every later request of that size pays the same (20,877
//! requests on 900 files, 1.2% of all instructions). `mi_malloc` has no such path: it
//! refills the page.
//!
//! `mi_malloc`'s blocks are aligned to 16 bytes from 16 bytes up (mimalloc's
//! `MI_MAX_ALIGN_SIZE`; a page's first block is 16-aligned and larger block sizes are
//! multiples of 16) and to 8 below. So a request with an alignment of at most 16 and no
//! larger than its size takes the plain call — the rule the standard library's own
//! `System` allocator applies to `malloc`. Any other request keeps the aligned call.

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc, by its plain calls where they suffice ([module docs](self)).
pub(crate) struct Mimalloc;

/// The largest alignment every block of `mi_malloc` has, for a size at least as large.
const PLAIN_ALIGN: usize = 16;

/// Does a block of `size` bytes from the plain calls have alignment `align`?
const fn plain_suffices(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// A block for `layout` from `plain` (size) where it gives the alignment, else from
/// `aligned` (size, alignment).
///
/// ## Safety
/// As for the mimalloc calls given: any size, a power-of-two alignment.
#[inline]
unsafe fn by_layout(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: the caller's.
    unsafe {
        if plain_suffices(layout.size(), layout.align()) {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: each call hands mimalloc the size asked for and, where the plain calls would not
// give it, the alignment; mimalloc frees and reallocates blocks of either kind alike.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation calls accept any size and power-of-two alignment.
        unsafe { by_layout(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { by_layout(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator; the new block keeps `layout`'s alignment.
        unsafe {
            if plain_suffices(new_size, layout.align()) {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// mimalloc's option `purge_delay` (its index in `mi_option_e`, mimalloc.h, v3): how long
/// freed memory is kept before it is given back to the system, in milliseconds (1000).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    #[cfg(test)]
    fn mi_usable_size(p: *const c_void) -> usize;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size up to 600 bytes and some larger, at every alignment up to 4 KiB.
    fn layouts() -> impl Iterator<Item = Layout> {
        let sizes = (1..=600).chain([1000, 1024, 4000, 4096, 70_000, 1 << 20]);
        sizes.flat_map(|size| {
            (0..=12).filter_map(move |k| Layout::from_size_align(size, 1 << k).ok())
        })
    }

    /// Each block has its alignment, zeroed blocks are zero, and a reallocated block
    /// keeps its bytes and its alignment, growing and then shrinking.
    #[test]
    fn blocks_have_their_alignment_and_contents() {
        let a = Mimalloc;
        let filled = |p: *const u8, n: usize| {
            // SAFETY: `p` holds at least `n` initialised bytes.
            unsafe { std::slice::from_raw_parts(p, n) }
                .iter()
                .all(|&b| b == 0xA5)
        };
        for layout in layouts() {
            let (size, align) = (layout.size(), layout.align());
            let (large, small) = (size * 3 + 5, size.div_ceil(2));
            // SAFETY: the layouts have non-zero sizes; each block is written within its
            // size, read within the bytes written, and freed once by this allocator.
            unsafe {
                let p = a.alloc(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "alloc {size} at {align}");
                std::ptr::write_bytes(p, 0xA5, size);
                let grown = a.realloc(p, layout, large);
                assert_eq!(grown as usize % align, 0, "grow {size} at {align}");
                assert!(filled(grown, size), "grow {size} at {align}");
                let grown_layout = Layout::from_size_align_unchecked(large, align);
                let shrunk = a.realloc(grown, grown_layout, small);
                assert_eq!(shrunk as usize % align, 0, "shrink {size} at {align}");
                assert!(filled(shrunk, small), "shrink {size} at {align}");
                a.dealloc(shrunk, Layout::from_size_align_unchecked(small, align));
                let z = a.alloc_zeroed(layout);
                assert!(!z.is_null());
                assert_eq!(z as usize % align, 0, "zeroed {size} at {align}");
                assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                a.dealloc(z, layout);
            }
        }
    }

    /// Many blocks of a size that is not a power of two, held at once (so its pages run
    /// out of free blocks): each is a block of that size, not of the next size up, as the
    /// aligned call's over-allocating path would give.
    #[test]
    fn blocks_of_an_odd_size_are_not_over_allocated() {
        let a = Mimalloc;
        let layout = Layout::from_size_align(80, 8).expect("a valid layout");
        // SAFETY: blocks of a non-zero size, measured and then freed once each.
        unsafe {
            let blocks: Vec<*mut u8> = (0..20_000).map(|_| a.alloc(layout)).collect();
            for &p in &blocks {
                assert!(!p.is_null());
                assert_eq!(mi_usable_size(p.cast()), 80);
            }
            for p in blocks {
                a.dealloc(p, layout);
            }
        }
    }

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

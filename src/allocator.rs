//! The binary's allocator: mimalloc, told to hand freed memory back to the
//! system sooner than it would by default.

// Builds allocate many strings from several threads; mimalloc builds a
// 25 MB guide in about 0.6 of the system allocator's time (as jemalloc did,
// at a fraction of jemalloc's compile time).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_purge_delay` (its place in `mi_option_t`, which
/// `libmimalloc-sys` names for mimalloc 2 only).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds mimalloc keeps freed memory before handing it back.
const PURGE_DELAY_MS: std::ffi::c_long = 25;

/// A build lets go of a stage's data (the code parses, the old lock's
/// notes) just as the next stage allocates its own, and mimalloc 3 keeps
/// freed memory a second by default: a 24 MB code-heavy guide then peaked
/// at about 520 MB, which 25 ms brings to about 470 MB for some 4% more
/// time (see README, "Performance"). `MIMALLOC_PURGE_DELAY` in the
/// environment still decides when set.
pub fn hand_back_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` stores a number in mimalloc's table of
    // options; it takes no pointer and may be called at any time, from any
    // thread.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the option's number: were mimalloc's table of options
    /// renumbered, another option would be set to 25.
    #[test]
    fn the_option_set_is_mimalloc_s_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: as in `hand_back_sooner`; reading an option is as safe.
        #[allow(unsafe_code)]
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc 3's purge delay is 1000 ms unless set");
    }
}

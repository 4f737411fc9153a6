//! Private library utilities that are not exposed to clients since we don't
//! want to make semver guarantees about them

use std::path::Path;

use walkdir::WalkDir;

/// Private helper to walk a dir and also follow symbolic links.
pub fn walk_dir<P: AsRef<Path>>(folder: P) -> WalkDir {
    WalkDir::new(folder).follow_links(true)
}

#[cfg(all(test, feature = "parsing"))]
pub mod testdata {
    use std::sync::LazyLock;

    use crate::parsing::SyntaxSet;

    /// The [`SyntaxSet`] loaded from the `testdata/Packages` folder
    ///
    /// Shared here to avoid re-doing a particularly costly construction in various tests
    pub static PACKAGES_SYN_SET: LazyLock<SyntaxSet> =
        LazyLock::new(|| SyntaxSet::load_from_folder("testdata/Packages").unwrap());
}

/// A hasher for small keys made of integers (scopes, paths of scopes): one
/// multiplication per word, where SipHash or FNV take one round per byte.
/// For caches keyed by such values, which are looked up in hot loops.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // Move the well-mixed high bits down, where hash tables look.
        self.0.rotate_left(26)
    }
}

/// A `HashMap` hashed with [`WordHasher`].
pub(crate) type WordHashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

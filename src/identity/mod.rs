//! Identity: takes extracted cards, gives each a GUID derived from a stable
//! key — deck, breadcrumb, kind and question, or the pinned id — never from
//! the answer, the build time or chance. Equal keys get numbered in order so
//! every GUID in a guide is distinct. [`reconcile`] then matches a build
//! against the previous build's [`record`], so reworded questions keep their
//! notes and modification times change only with content.

pub mod reconcile;
pub mod record;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::card::Card;
use crate::render;

const BASE91: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/// The stable key a card's GUID is derived from.
pub fn key(card: &Card, id_prefix: Option<&str>) -> String {
    if let Some(id) = &card.pinned_id {
        return format!("id | {}{id}", id_prefix.map(|p| format!("{p}/")).unwrap_or_default());
    }
    let front = match card.part {
        // A later part's front ends in " (continued, 2/3)" in the guide's language.
        Some(part) if part.index > 1 => card.front.rsplit_once(" (").map_or(card.front.as_str(), |(f, _)| f),
        _ => card.front.as_str(),
    };
    let front = render::inline_text(front).to_lowercase();
    let mut key = format!("{} | {} | {} | {front}", card.kind.name(), card.deck, card.context.join(" › "));
    if let Some(part) = card.part.filter(|p| p.index > 1) {
        key.push_str(&format!(" | part {}", part.index));
    }
    key
}

/// Keys for a guide's cards, in order; a repeated key is numbered (` | #2`)
/// until it is unlike every key already given out.
pub fn keys(cards: &[Card], id_prefix: Option<&str>) -> Vec<String> {
    // Each key reads its card's front as text, which takes a parse: done in
    // parallel, then numbered in order.
    let bases: Vec<String> = cards.par_iter().map(|card| key(card, id_prefix)).collect();
    // Usually every key is distinct, which hashes (worked out in parallel)
    // show without the numbering pass below.
    let state = RandomState::new();
    let hashes: Vec<u64> = bases.par_iter().map(|base| state.hash_one(base)).collect();
    let mut distinct_hashes = HashSet::with_capacity(hashes.len());
    if hashes.iter().all(|hash| distinct_hashes.insert(*hash)) {
        return bases;
    }
    let mut used: HashSet<String> = HashSet::with_capacity(cards.len());
    // The last number tried per key, so a thousand repeats stay linear.
    let mut last: HashMap<String, usize> = HashMap::new();
    bases
        .into_iter()
        .map(|base| {
            let mut key = base.clone();
            if used.contains(&key) {
                let n = last.entry(base.clone()).or_insert(1);
                while used.contains(&key) {
                    *n += 1;
                    key = format!("{base} | #{n}");
                }
            }
            used.insert(key.clone());
            key
        })
        .collect()
}

/// Anki-style base91 GUID of the first 64 bits of SHA-256(key).
pub fn guid_for(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let mut n = u64::from_be_bytes(bytes);
    let mut out = Vec::with_capacity(10);
    loop {
        out.push(BASE91[(n % 91) as usize]);
        n /= 91;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("base91 alphabet is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_keys_never_collide_with_written_ones() {
        let card = |front: &str| Card {
            kind: crate::card::CardKind::Explicit,
            deck: "T".into(),
            context: vec!["T".into()],
            tags: Vec::new(),
            front: front.into(),
            back: "a".into(),
            line: 1,
            pinned_id: None,
            part: None,
            covers: Vec::new(),
        };
        let keys = keys(&[card("x"), card("x"), card("x | #2")], None);
        let unique: HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), 3, "{keys:?}");
    }

    #[test]
    fn guid_is_stable_and_short() {
        let a = guid_for("x");
        assert_eq!(a, guid_for("x"));
        assert_ne!(a, guid_for("y"));
        assert!(a.len() <= 10 && !a.contains(' '));
    }
}

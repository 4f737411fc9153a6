//! Matching a build against the previous build's record: takes the new
//! cards (GUIDs from stable keys) and the record, gives each card its final
//! GUID and modification time, and says what changed.
//!
//! - Same key: same note. Its modification time moves only if its content
//!   changed, so re-importing an unchanged deck changes nothing in Anki.
//! - New key: a reworded question keeps its old note when exactly one
//!   vanished card fits — same deck and kind, and the same answer or a
//!   similar question in the same place. When several fit equally, nothing is
//!   guessed: the card is new and the ambiguity is reported.
//! - Old keys nobody took are removed cards, kept as tombstones.

use std::collections::{HashMap, HashSet};

use crate::deck::DeckCard;

use super::guid_for;
use super::record::{Record, RecordedNote};

/// A card as the summary names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub line: usize,
    pub front: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<Named>,
    pub changed: Vec<Named>,
    /// Old question → new card.
    pub reworded: Vec<(String, Named)>,
    pub removed: Vec<Named>,
    pub unchanged: usize,
    /// Cards that could have been several old ones; treated as new.
    pub ambiguous: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.reworded.is_empty() && self.removed.is_empty()
    }
}

/// Gives `cards` their final GUIDs and modification times; returns what
/// changed and the tombstones to keep.
pub fn reconcile(cards: &mut [DeckCard], previous: Option<&Record>, now: i64) -> (Changes, Vec<RecordedNote>) {
    let empty = Vec::new();
    let old_notes = previous.map_or(&empty, |r| &r.notes);
    let old_removed = previous.map_or(&empty, |r| &r.removed);
    let by_key: HashMap<&str, &RecordedNote> =
        old_notes.iter().chain(old_removed.iter()).map(|n| (n.key.as_str(), n)).collect();
    let mut matched: Vec<Option<(&RecordedNote, bool)>> =
        cards.iter().map(|c| by_key.get(c.key.as_str()).map(|old| (*old, false))).collect();
    // (A first build has no old notes to look through.)
    let vanished: Vec<&RecordedNote> = if old_notes.is_empty() {
        Vec::new()
    } else {
        let new_keys: HashSet<&str> = cards.iter().map(|c| c.key.as_str()).collect();
        old_notes.iter().filter(|n| !new_keys.contains(n.key.as_str())).collect()
    };
    let mut changes = Changes::default();
    for (new, old) in reworded(cards, &matched, &vanished, &mut changes.ambiguous) {
        matched[new] = Some((vanished[old], true));
    }

    let mut used: HashSet<String> = matched.iter().flatten().map(|(old, _)| old.guid.clone()).collect();
    let taken: HashSet<&str> = matched.iter().flatten().map(|(old, _)| old.key.as_str()).collect();
    for (card, old) in cards.iter_mut().zip(&matched) {
        let named = |card: &DeckCard| Named { line: card.source.line, front: card.front.text.clone() };
        match old {
            Some((old, reworded)) => {
                card.guid = old.guid.clone();
                let same = old.content == card.content && old.removed_at.is_none();
                card.modified = if same { old.modified } else { now.max(old.removed_at.unwrap_or(old.modified) + 1) };
                if *reworded {
                    changes.reworded.push((strip_markdown(&old.front), named(card)));
                } else if same {
                    changes.unchanged += 1;
                } else if old.removed_at.is_some() {
                    changes.added.push(named(card));
                } else {
                    changes.changed.push(named(card));
                }
            }
            None => {
                card.guid = unused_guid(&card.key, &card.guid, &used);
                used.insert(card.guid.clone());
                card.modified = now;
                changes.added.push(named(card));
            }
        }
    }

    let mut tombstones: Vec<RecordedNote> =
        old_removed.iter().filter(|n| !taken.contains(n.key.as_str())).cloned().collect();
    for old in vanished.iter().filter(|n| !taken.contains(n.key.as_str())) {
        changes.removed.push(Named { line: old.line, front: strip_markdown(&old.front) });
        tombstones.push(RecordedNote { removed_at: Some(now.max(old.modified + 1)), ..(*old).clone() });
    }
    (changes, tombstones)
}

/// A GUID for a key that no matched note uses yet; `first` is the key's own.
fn unused_guid(key: &str, first: &str, used: &HashSet<String>) -> String {
    let mut guid = first.to_owned();
    let mut n = 1;
    while used.contains(&guid) {
        n += 1;
        guid = guid_for(&format!("{key} | again {n}"));
    }
    guid
}

/// Pairs (new index, vanished index) of reworded cards.
fn reworded(
    cards: &[DeckCard],
    matched: &[Option<(&RecordedNote, bool)>],
    vanished: &[&RecordedNote],
    ambiguous: &mut Vec<String>,
) -> Vec<(usize, usize)> {
    if vanished.is_empty() {
        return Vec::new();
    }
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        if matched[i].is_some() || card.id.is_some() {
            continue;
        }
        let mut scored: Vec<(usize, f64)> =
            vanished.iter().enumerate().filter_map(|(j, old)| similarity(card, old).map(|s| (j, s))).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scored.as_slice() {
            [] => {}
            [(j, s)] => {
                best.insert(i, (*j, *s));
            }
            [(j, s), (_, next), ..] if s - next > 1e-9 => {
                best.insert(i, (*j, *s));
            }
            _ => ambiguous.push(format!(
                "line {}: \"{}\" could be a rewording of several removed cards; kept as a new note (pin it with <!-- cardsmith:id NAME -->)",
                card.source.line, card.front.text
            )),
        }
    }
    // An old card claimed by several new ones goes to the clearly best, or to none.
    let mut claims: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for (&i, &(j, s)) in &best {
        claims.entry(j).or_default().push((i, s));
    }
    let mut pairs = Vec::new();
    for (j, mut claimants) in claims {
        claimants.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        match claimants.as_slice() {
            [(i, _)] => pairs.push((*i, j)),
            [(i, s), (_, next), ..] if s - next > 1e-9 => pairs.push((*i, j)),
            _ => {
                for (i, _) in claimants {
                    ambiguous.push(format!(
                        "line {}: \"{}\" and another card both look like a rewording of \"{}\"; kept as new notes",
                        cards[i].source.line,
                        cards[i].front.text,
                        strip_markdown(&vanished[j].front)
                    ));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// How well a vanished card fits a new one, if at all: the same answer
/// counts most; otherwise a similar question in the same place.
fn similarity(card: &DeckCard, old: &RecordedNote) -> Option<f64> {
    if card.kind != old.kind || card.deck != old.deck || card.part.map(|p| p.index) != old.part.map(|p| p.index) {
        return None;
    }
    let words = dice(&card.front.text, &strip_markdown(&old.front));
    let same_place = card.context == old.context;
    let same_answer = normalized(&card.back.markdown) == normalized(&old.back);
    if same_answer && (same_place || words >= 0.3) {
        Some(2.0 + words + f64::from(u8::from(same_place)))
    } else if same_place && words >= 0.5 {
        Some(words)
    } else {
        None
    }
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_markdown(markdown: &str) -> String {
    crate::render::inline_text(markdown)
}

/// Dice coefficient of the two texts' word sets.
fn dice(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(&b).count() as f64 / (a.len() + b.len()) as f64
}

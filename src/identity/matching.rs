//! Matching a build's cards to the notes of the previous state, in stages
//! from surest to loosest; a note taken in one stage is out of the later
//! ones, and within a stage cards and notes pair in order.
//!
//! 1. the same pinned id;
//! 2. the same guide and key, the same answer first — so a copy of a
//!    question inserted above it leaves the original its note;
//! 3. the same guide and key; then the same key in another guide;
//! 4. the same question and answer anywhere (a renamed heading, deck or
//!    file, a card moved between sections or guides);
//! 5. the same question when only one card and one note have it (moved and
//!    its answer edited);
//! 6. a reworded question: the same answer, or a similar question in the
//!    same place, when exactly one note fits best (`similarity`); when
//!    several fit equally nothing is guessed and the card is new.
//!
//! Notes nobody took become removed notes (tombstones), whose GUIDs stay
//! reserved; a card with the same key takes its note back.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use rayon::prelude::*;

use crate::deck::{Deck, DeckCard};

use super::state::{CONTEXT_SEPARATOR, LockedNote, State};
use super::{Facts, NO_STATE_MODIFIED, Scope, guid_for};

/// A card as the summary names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub line: usize,
    /// Its question as a line (`question_text`): enough to name it, without
    /// keeping a copy of every front (code included) per build.
    pub front: String,
    pub guid: String,
}

/// A card whose note now sits in another deck or guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub card: Named,
    pub from_deck: String,
    pub to_deck: String,
    pub from_guide: String,
    pub to_guide: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<Named>,
    pub changed: Vec<Named>,
    /// Old question → new card.
    pub reworded: Vec<(String, Named)>,
    /// Cards now in another deck or guide (reworded ones too).
    pub moved: Vec<Moved>,
    /// Notes gone from the guide; `line` is 0 (the state keeps no lines).
    pub removed: Vec<Named>,
    pub unchanged: usize,
    /// Cards that could have been several old ones; treated as new.
    pub ambiguous: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.reworded.is_empty()
            && self.moved.is_empty()
            && self.removed.is_empty()
    }

    /// Moved cards not counted as reworded.
    pub fn moved_only(&self) -> usize {
        self.moved.len()
            - self.moved.iter().filter(|m| self.reworded.iter().any(|(_, r)| r.guid == m.card.guid)).count()
    }
}

pub(super) struct Outcome {
    pub changes: Vec<Changes>,
    pub state: State,
    pub gone: Vec<(String, Vec<Named>)>,
}

/// A card of the batch: (deck, card) indices.
type At = (usize, usize);

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Same,
    Reworded,
}

struct Board<'d, 'p> {
    decks: &'d [Deck],
    facts: &'d [Vec<Facts>],
    candidates: Vec<&'p LockedNote>,
    /// Guides as numbers (cheap to compare): per deck, per candidate.
    deck_guide: Vec<usize>,
    note_guide: Vec<usize>,
    cards: Vec<At>,
    /// Per card (in `cards` order): the candidate it took.
    taken: Vec<Option<(usize, How)>>,
    claimed: Vec<bool>,
}

impl<'d> Board<'d, '_> {
    fn card(&self, at: At) -> &'d DeckCard {
        &self.decks[at.0].cards[at.1]
    }

    fn facts(&self, at: At) -> &'d Facts {
        &self.facts[at.0][at.1]
    }

    fn guide(&self, at: At) -> usize {
        self.deck_guide[at.0]
    }

    /// Pairs cards and untaken notes with equal signatures, in order (a
    /// live note before a removed one, one from the card's guide first).
    /// With `unique_only`, only a signature one card and one note have.
    fn pair<K: Hash + Eq>(
        &mut self,
        card_sig: impl Fn(&Self, At) -> Option<K>,
        note_sig: impl Fn(usize, &LockedNote) -> Option<K>,
        unique_only: bool,
    ) {
        let mut groups: HashMap<K, Vec<usize>> = HashMap::new();
        for (j, note) in self.candidates.iter().enumerate() {
            if !self.claimed[j]
                && let Some(sig) = note_sig(self.note_guide[j], note)
            {
                groups.entry(sig).or_default().push(j);
            }
        }
        if groups.is_empty() {
            return;
        }
        for group in groups.values_mut() {
            group.sort_by_key(|&j| self.candidates[j].removed.is_some());
        }
        let sigs: Vec<Option<K>> = (0..self.cards.len())
            .map(|i| if self.taken[i].is_some() { None } else { card_sig(self, self.cards[i]) })
            .collect();
        let mut card_counts: HashMap<&K, usize> = HashMap::new();
        if unique_only {
            for sig in sigs.iter().flatten() {
                *card_counts.entry(sig).or_default() += 1;
            }
        }
        for (i, sig) in sigs.iter().enumerate() {
            let Some(sig) = sig else { continue };
            let Some(group) = groups.get(sig) else { continue };
            if unique_only && (group.len() != 1 || card_counts.get(sig) != Some(&1)) {
                continue;
            }
            let guide = self.guide(self.cards[i]);
            let open: Vec<usize> = group.iter().copied().filter(|&j| !self.claimed[j]).collect();
            let pick = open
                .iter()
                .find(|&&j| self.note_guide[j] == guide && self.candidates[j].removed.is_none())
                .or_else(|| open.first());
            if let Some(&j) = pick {
                self.taken[i] = Some((j, How::Same));
                self.claimed[j] = true;
            }
        }
    }
}

/// Matches the cards of `decks` against the `open` notes (those of guides
/// rebuilt or gone); `kept` are the notes of guides left alone, whose GUIDs
/// are taken.
pub(super) fn match_cards(
    decks: &mut [Deck],
    facts: &[Vec<Facts>],
    open: Vec<LockedNote>,
    kept: &[LockedNote],
    scope: Scope,
) -> Outcome {
    let settled = scope.settled;
    let building: BTreeSet<String> =
        decks.iter().filter(|d| !settled.contains(&d.source)).map(|d| d.source.clone()).collect();
    let cards: Vec<At> = (0..decks.len())
        .filter(|&d| building.contains(&decks[d].source))
        .flat_map(|d| (0..decks[d].cards.len()).map(move |c| (d, c)))
        .collect();
    let candidates: Vec<&LockedNote> = open.iter().collect();
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut number = |guide| {
        let next = numbers.len();
        *numbers.entry(guide).or_insert(next)
    };
    let deck_guide: Vec<usize> = decks.iter().map(|d| number(d.source.as_str())).collect();
    let note_guide: Vec<usize> = candidates.iter().map(|n| number(n.guide.as_str())).collect();
    let mut board = Board {
        decks: &*decks,
        facts,
        deck_guide,
        note_guide,
        taken: vec![None; cards.len()],
        claimed: vec![false; candidates.len()],
        candidates,
        cards,
    };
    let unpinned = |note: &LockedNote| note.id.is_none();
    board.pair(|b, at| b.facts(at).pinned.clone(), |_, n| n.id.clone(), false);
    board.pair(
        |b, at| Some((b.guide(at), b.facts(at).key, b.facts(at).answer)),
        |g, n| unpinned(n).then_some((g, n.key, n.answer)),
        false,
    );
    board.pair(|b, at| Some((b.guide(at), b.facts(at).key)), |g, n| unpinned(n).then_some((g, n.key)), false);
    board.pair(|b, at| Some(b.facts(at).key), |_, n| unpinned(n).then_some(n.key), false);
    let shape = |b: &Board, at: At| {
        let card = b.card(at);
        (card.kind, card.part.map(|p| p.index), b.facts(at).front)
    };
    board.pair(
        |b, at| Some((shape(b, at), b.facts(at).answer)),
        |_, n| unpinned(n).then_some(((n.kind, n.part, n.front), n.answer)),
        false,
    );
    board.pair(
        |b, at| Some(shape(b, at)),
        |_, n| (unpinned(n) && n.removed.is_none()).then_some((n.kind, n.part, n.front)),
        true,
    );
    let mut ambiguous: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, j) in reworded(&board, &mut ambiguous) {
        board.taken[i] = Some((j, How::Reworded));
        board.claimed[j] = true;
    }
    let Board { cards, taken, claimed, .. } = board;
    let matched = Matched { cards, taken, claimed };
    settle(decks, facts, matched, (open, kept), scope, &building, ambiguous)
}

/// What matching decided, without the decks it looked at; a candidate is
/// a note of `open` by its index.
struct Matched {
    cards: Vec<At>,
    taken: Vec<Option<(usize, How)>>,
    claimed: Vec<bool>,
}

/// Gives every card its GUID and time from what it took, and builds the
/// new state.
fn settle(
    decks: &mut [Deck],
    facts: &[Vec<Facts>],
    matched: Matched,
    (mut open, kept): (Vec<LockedNote>, &[LockedNote]),
    scope: Scope,
    building: &BTreeSet<String>,
    mut ambiguous: HashMap<usize, Vec<String>>,
) -> Outcome {
    let Matched { cards, taken, claimed } = matched;
    let Scope { reserved, now, .. } = scope;
    let mut changes: Vec<Changes> = vec![Changes::default(); decks.len()];
    let mut assigned: Vec<(At, String, i64)> = Vec::with_capacity(cards.len());

    for (i, &at) in cards.iter().enumerate() {
        let (deck, card, fact) = (&decks[at.0], &decks[at.0].cards[at.1], &facts[at.0][at.1]);
        let named = |guid: &str| Named {
            line: card.source.line,
            front: super::question_text(&card.front.text()),
            guid: guid.to_owned(),
        };
        let change = &mut changes[at.0];
        let (guid, modified) = match taken[i] {
            Some((j, how)) => {
                let old = &open[j];
                let same = old.content == fact.content && old.removed.is_none();
                let modified =
                    if same { old.modified } else { deck.modified.max(old.removed.unwrap_or(old.modified) + 1) };
                let moved = old.deck != card.deck || old.guide != deck.source;
                if moved {
                    change.moved.push(Moved {
                        card: named(&old.guid),
                        from_deck: old.deck.clone(),
                        to_deck: card.deck.clone(),
                        from_guide: old.guide.clone(),
                        to_guide: deck.source.clone(),
                    });
                }
                // A moved card counts as moved (its `Moved` entry) alone.
                if how == How::Reworded {
                    change.reworded.push((old.question.clone(), named(&old.guid)));
                } else if old.removed.is_some() {
                    change.added.push(named(&old.guid));
                } else if !moved && same {
                    change.unchanged += 1;
                } else if !moved {
                    change.changed.push(named(&old.guid));
                }
                (old.guid.clone(), modified)
            }
            None => (String::new(), 0),
        };
        assigned.push((at, guid, modified));
    }
    // New cards, in order, after every taken GUID is known. (Their keys
    // read each front as text, which takes a parse: done in parallel.)
    // A GUID must be unlike every one the state ever gave out (a taken
    // one among them), those of other folders and those new before it.
    let prior: HashSet<&str> = open.iter().chain(kept).map(|n| n.guid.as_str()).collect();
    let mut fresh: HashSet<String> = HashSet::new();
    let with_state: HashSet<&str> = open.iter().chain(kept).map(|n| n.guide.as_str()).collect();
    let keys: Vec<Option<String>> = assigned
        .par_iter()
        .map(|(at, guid, _)| {
            let deck = &decks[at.0];
            guid.is_empty().then(|| super::key(&deck.cards[at.1], deck.id_prefix.as_deref()))
        })
        .collect();
    for ((at, guid, modified), key) in assigned.iter_mut().zip(keys) {
        if let Some(key) = key {
            let deck = &decks[at.0];
            let mut candidate = guid_for(&key);
            let mut n = 1;
            while prior.contains(candidate.as_str()) || fresh.contains(&candidate) || reserved.contains(&candidate) {
                n += 1;
                candidate = guid_for(&format!("{key} | #{n}"));
            }
            *guid = candidate;
            *modified = if with_state.contains(deck.source.as_str()) { deck.modified } else { NO_STATE_MODIFIED };
            let card = &deck.cards[at.1];
            changes[at.0].added.push(Named {
                line: card.source.line,
                front: super::question_text(&card.front.text()),
                guid: guid.clone(),
            });
            fresh.insert(guid.clone());
        }
    }
    drop((prior, fresh, with_state));
    // The new state, grouped by guide at the end (one list, not a list per
    // guide copied into one: on a big guide that copy was the pass's peak).
    let mut notes: Vec<LockedNote> = Vec::with_capacity(cards.len() + claimed.iter().filter(|c| !**c).count());
    for ((at, guid, modified), took) in assigned.into_iter().zip(taken) {
        let deck = &mut decks[at.0];
        let card = &mut deck.cards[at.1];
        let fact = &facts[at.0][at.1];
        // A taken note hands its text on where it is unchanged: a big
        // guide's new state would otherwise hold a second copy of every
        // note's until matching ends.
        let mut old = took.map(|(j, _)| &mut open[j]);
        let mut keep = |field: fn(&mut LockedNote) -> &mut String, new: &str| match old.as_deref_mut().map(field) {
            Some(old) if old == new => std::mem::take(old),
            _ => new.to_owned(),
        };
        let note = LockedNote {
            guide: keep(|n| &mut n.guide, &deck.source),
            guid: keep(|n| &mut n.guid, &guid),
            kind: card.kind,
            deck: keep(|n| &mut n.deck, &card.deck),
            context: keep(|n| &mut n.context, &card.context.join(CONTEXT_SEPARATOR)),
            question: keep(|n| &mut n.question, &super::question_text(&card.front.text())),
            id: fact.pinned.clone(),
            part: card.part.map(|p| p.index),
            key: fact.key,
            front: fact.front,
            answer: fact.answer,
            content: fact.content,
            modified,
            removed: None,
        };
        card.guid = guid;
        card.modified = modified;
        notes.push(note);
    }
    for (d, messages) in ambiguous.drain() {
        changes[d].ambiguous.extend(messages);
    }

    // Notes nobody took: removed, and kept so their GUIDs stay reserved.
    let deck_of: HashMap<&str, usize> = decks.iter().enumerate().map(|(d, deck)| (deck.source.as_str(), d)).collect();
    let mut gone: BTreeMap<String, Vec<Named>> = BTreeMap::new();
    for (j, mut note) in open.into_iter().enumerate() {
        if claimed[j] {
            continue;
        }
        if note.removed.is_none() {
            let named = Named { line: 0, front: note.question.clone(), guid: note.guid.clone() };
            let stamp = match deck_of.get(note.guide.as_str()).filter(|_| building.contains(&note.guide)) {
                Some(&d) => {
                    changes[d].removed.push(named);
                    decks[d].modified
                }
                None => {
                    gone.entry(note.guide.clone()).or_default().push(named);
                    now
                }
            };
            note.removed = Some(stamp.max(note.modified + 1));
        }
        notes.push(note);
    }
    // Stable: each guide's notes keep their order. (A sort takes a buffer
    // of up to half the list even when there is nothing to move.)
    if !notes.is_sorted_by(|a, b| a.guide <= b.guide) {
        notes.sort_by(|a, b| a.guide.cmp(&b.guide));
    }
    let state = State { notes };
    Outcome { changes, state, gone: gone.into_iter().collect() }
}

/// Pairs (card index, candidate index) of reworded cards.
fn reworded(board: &Board, ambiguous: &mut HashMap<usize, Vec<String>>) -> Vec<(usize, usize)> {
    // Only a note with the same answer or in the same place can fit.
    let mut by_answer: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (j, old) in board.candidates.iter().enumerate() {
        if board.claimed[j] || old.removed.is_some() || old.id.is_some() {
            continue;
        }
        by_answer.entry(old.answer).or_default().push(j);
        by_place.entry((&old.deck, &old.context)).or_default().push(j);
    }
    if by_answer.is_empty() {
        return Vec::new();
    }
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    for (i, &at) in board.cards.iter().enumerate() {
        let card = board.card(at);
        if board.taken[i].is_some() || card.id.is_some() {
            continue;
        }
        let fact = board.facts(at);
        let mut fits: Vec<usize> = by_answer.get(&fact.answer).cloned().unwrap_or_default();
        let place = card.context.join(CONTEXT_SEPARATOR);
        fits.extend(by_place.get(&(card.deck.as_str(), place.as_str())).into_iter().flatten());
        fits.sort_unstable();
        fits.dedup();
        let mut scored: Vec<(usize, f64)> =
            fits.into_iter().filter_map(|j| similarity(card, fact, board.candidates[j]).map(|s| (j, s))).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        match scored.as_slice() {
            [] => {}
            [(j, s)] => {
                best.insert(i, (*j, *s));
            }
            [(j, s), (_, next), ..] if s - next > 1e-9 => {
                best.insert(i, (*j, *s));
            }
            _ => ambiguous.entry(at.0).or_default().push(format!(
                "line {}: \"{}\" could be a rewording of several removed cards; kept as a new note (pin it with <!-- cardsmith:id NAME -->)",
                card.source.line, card.front.text()
            )),
        }
    }
    // A note claimed by several cards goes to the clearly best, or to none.
    let mut claims: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
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
                    let at = board.cards[i];
                    let card = board.card(at);
                    ambiguous.entry(at.0).or_default().push(format!(
                        "line {}: \"{}\" and another card both look like a rewording of \"{}\"; kept as new notes",
                        card.source.line,
                        card.front.text(),
                        board.candidates[j].question
                    ));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// How well an old note fits a new card, if at all: the same answer counts
/// most (anywhere, with a question not wholly new); otherwise a similar
/// question in the same place.
fn similarity(card: &DeckCard, fact: &Facts, old: &LockedNote) -> Option<f64> {
    if card.kind != old.kind || card.part.map(|p| p.index) != old.part {
        return None;
    }
    let words = dice(&card.front.text(), &old.question);
    let same_place =
        card.deck == old.deck && old.context.split(CONTEXT_SEPARATOR).eq(card.context.iter().map(String::as_str));
    let same_answer = fact.answer == old.answer;
    if same_answer && (same_place || words >= 0.3) {
        Some(2.0 + words + f64::from(u8::from(same_place)))
    } else if same_place && words >= 0.5 {
        Some(words)
    } else {
        None
    }
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

/// Cards Anki should move from one deck to another: importing updates a
/// note but leaves its cards where they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckMove {
    pub from: String,
    pub to: String,
    /// Questions of the cards to move; empty when every card of `from` goes.
    pub questions: Vec<String>,
}

impl DeckMove {
    /// One move per pair of decks, from a batch's changes. `in_deck` (live
    /// notes per deck before the build) tells whether a whole deck moved
    /// (then the search needs no questions).
    pub fn collect<'a>(changes: impl IntoIterator<Item = &'a Changes>, in_deck: &HashMap<String, usize>) -> Vec<Self> {
        let mut pairs: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for moved in changes.into_iter().flat_map(|c| &c.moved) {
            if moved.from_deck != moved.to_deck {
                pairs
                    .entry((moved.from_deck.clone(), moved.to_deck.clone()))
                    .or_default()
                    .push(moved.card.front.clone());
            }
        }
        pairs
            .into_iter()
            .map(|((from, to), questions)| {
                let before = in_deck.get(&from).copied().unwrap_or(0);
                let questions = if questions.len() >= before { Vec::new() } else { questions };
                Self { from, to, questions }
            })
            .collect()
    }

    /// A search for Anki's Browser that finds exactly these cards.
    pub fn search(&self) -> String {
        let deck = escape(&self.from, false);
        // Only cardsmith's notes (all tagged `cardsmith::KIND`), never a
        // removed one, and not the sub-decks.
        let mut search = format!("\"deck:{deck}\" -\"deck:{deck}::*\" tag:cardsmith::* -tag:cardsmith::removed");
        if !self.questions.is_empty() {
            let terms: Vec<String> =
                self.questions.iter().map(|q| format!("\"{}\"", escape(&phrase(q), true))).collect();
            search.push_str(&format!(" ({})", terms.join(" OR ")));
        }
        search
    }
}

/// A question's first words, enough to find it and short enough to match
/// Anki's copy of the text.
fn phrase(question: &str) -> String {
    let line = question.lines().next().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(60).collect::<String>().trim_end().to_owned()
}

/// Escapes Anki search wildcards and quotes inside a quoted term (and a
/// colon, which would make a text a field name).
pub(crate) fn escape(text: &str, colons: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '*' | '_') || (colons && c == ':') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

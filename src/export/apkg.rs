//! Anki package output through genanki-rs, made deterministic: genanki
//! stamps the build time into notes, ids and zip entries, so its collection
//! is normalized afterwards (modification times per note, sorted JSON, fixed
//! ids; its rows are written in a fixed order, so the database file depends
//! only on the deck) and zipped with fixed entry times and order.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use genanki_rs::{Deck as AnkiDeck, Field, Model, ModelType, Note, Package, Template};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::deck::Deck;
use crate::media::MediaFile;

use super::anki::{self, BASIC_FIELDS, CLOZE_FIELDS};
use super::{Format, Output};

/// The `.apkg` format. The package's SQLite collection is built in a work
/// file first: in `scratch` when given (a build passes its output folder,
/// where a killed build's leftovers are cleaned up by the next one),
/// otherwise in the system's temporary folder.
#[derive(Debug, Clone, Default)]
pub struct ApkgFormat {
    pub scratch: Option<std::path::PathBuf>,
}

fn other(err: impl std::fmt::Display) -> io::Error {
    io::Error::other(err.to_string())
}

fn models() -> (Model, Model) {
    let css = anki::stylesheet();
    let basic = Model::new_with_options(
        anki::BASIC_MODEL_ID,
        anki::BASIC_MODEL_NAME,
        BASIC_FIELDS.iter().map(|f| Field::new(f)).collect(),
        vec![Template::new(anki::TEMPLATE_NAME).qfmt(anki::BASIC_QUESTION).afmt(anki::BASIC_ANSWER)],
        Some(&css),
        Some(ModelType::FrontBack),
        None,
        None,
        None,
    );
    let cloze = Model::new_with_options(
        anki::CLOZE_MODEL_ID,
        anki::CLOZE_MODEL_NAME,
        CLOZE_FIELDS.iter().map(|f| Field::new(f)).collect(),
        vec![Template::new(anki::CLOZE_TEMPLATE_NAME).qfmt(anki::CLOZE_QUESTION).afmt(anki::CLOZE_ANSWER)],
        Some(&css),
        Some(ModelType::Cloze),
        None,
        None,
        None,
    );
    (basic, cloze)
}

/// Seconds used to seed genanki's ids, different per guide so two guides'
/// note ids do not collide.
fn id_seed(deck: &Deck) -> f64 {
    let digest = Sha256::digest(deck.title.as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    1_500_000_000.0 + f64::from(n % 100_000_000) * 1.0
}

impl Format for ApkgFormat {
    fn extension(&self) -> &'static str {
        "apkg"
    }

    // genanki's error type is what its callback must return, large or not.
    #[allow(clippy::result_large_err)]
    fn write(&self, deck: &Deck, out: &mut dyn Output) -> io::Result<()> {
        let (basic, cloze) = models();
        let db = match &self.scratch {
            Some(dir) => tempfile::Builder::new().prefix(".cardsmith-").suffix(".tmp").tempfile_in(dir)?,
            None => tempfile::NamedTempFile::new()?,
        };
        let mut produce = |sink: &mut dyn FnMut(AnkiDeck) -> Result<(), genanki_rs::Error>| {
            // The whole tree, parents first, so every level exists even where
            // it holds no notes.
            let mut names: Vec<String> = Vec::new();
            let mut decks_seen: HashSet<&str> = HashSet::new();
            for card in deck.cards.iter().filter(|card| decks_seen.insert(&card.deck)) {
                let parts: Vec<&str> = card.deck.split("::").collect();
                for depth in 1..=parts.len() {
                    let name = parts[..depth].join("::");
                    if !names.contains(&name) {
                        sink(AnkiDeck::new(anki::deck_id(&name), &name, ""))?;
                        names.push(name);
                    }
                }
            }
            // Notes in chunks, handed over and dropped a chunk at a time.
            for chunk in deck.cards.chunks(CHUNK) {
                let mut current: Option<(&str, AnkiDeck)> = None;
                for card in chunk {
                    let fields = anki::fields(card);
                    if current.as_ref().is_some_and(|(name, _)| *name != card.deck) {
                        sink(current.take().expect("checked").1)?;
                    }
                    let (_, target) = current
                        .get_or_insert_with(|| (&card.deck, AnkiDeck::new(anki::deck_id(&card.deck), &card.deck, "")));
                    let model = if anki::is_cloze(card) { cloze.clone() } else { basic.clone() };
                    let sort = card.front.text().replace('\n', " ");
                    let tags = card.tags.iter().map(String::as_str).collect();
                    let fields = fields.iter().map(AsRef::as_ref).collect();
                    let note = Note::new_with_options(model, fields, None, Some(tags), Some(&card.guid))?
                        .modified(card.modified)
                        .sort_text(&sort, checksum(&sort));
                    target.add_note(note);
                }
                if let Some((_, last)) = current.take() {
                    sink(last)?;
                }
            }
            Ok(())
        };
        Package::write_collection_streaming(db.path(), id_seed(deck), &mut produce).map_err(other)?;
        normalize(db.path(), deck)?;
        rezip(db.path(), &deck.media, out)
    }
}

/// Notes rendered and handed to genanki at a time: bounds memory on big guides.
const CHUNK: usize = 2048;

/// Rewrites genanki's collection so it depends only on the deck's content.
fn normalize(db: &Path, deck: &Deck) -> io::Result<()> {
    let mut conn = Connection::open(db).map_err(other)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;").map_err(other)?;
    let tx = conn.transaction().map_err(other)?;
    let root = deck.cards.first().map_or(deck.title.as_str(), |c| c.deck.split("::").next().unwrap_or(""));
    let root_id = anki::deck_id(root);
    for column in ["models", "decks", "dconf", "conf"] {
        let json: String = tx.query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0)).map_err(other)?;
        let mut value: serde_json::Value = serde_json::from_str(&json).map_err(other)?;
        if column == "models"
            && let Some(models) = value.as_object_mut()
        {
            for model in models.values_mut() {
                model["mod"] = anki::MODELS_MODIFIED.into();
                model["did"] = root_id.into();
            }
        }
        // serde_json's map is ordered, so this writes sorted keys.
        let sorted = serde_json::to_string(&value).map_err(other)?;
        tx.execute(&format!("UPDATE col SET {column} = ?1"), [sorted]).map_err(other)?;
    }
    tx.commit().map_err(other)
}

/// Anki's duplicate-check checksum: the first 8 hex digits of SHA-1, as a number.
fn checksum(text: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(text).digest().bytes();
    i64::from(u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]))
}

/// Writes the package: collection, media map, then media files `0`, `1`…
/// in name order, all with fixed entry times.
fn rezip(collection: &Path, media: &[MediaFile], out: &mut dyn Output) -> io::Result<()> {
    let mut zip = ZipWriter::new(out);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("collection.anki2", options).map_err(other)?;
    // Large reads: the collection is big, and 8 KiB at a time is a read each.
    io::copy(&mut io::BufReader::with_capacity(1 << 20, std::fs::File::open(collection)?), &mut zip)?;
    let map: serde_json::Map<String, serde_json::Value> =
        media.iter().enumerate().map(|(i, m)| (i.to_string(), m.name.clone().into())).collect();
    zip.start_file("media", options).map_err(other)?;
    zip.write_all(serde_json::to_string(&map).map_err(other)?.as_bytes())?;
    for (i, file) in media.iter().enumerate() {
        let bytes = std::fs::read(&file.path)?;
        zip.start_file(i.to_string(), options).map_err(other)?;
        zip.write_all(&bytes)?;
    }
    zip.finish().map_err(other)?;
    Ok(())
}

//! The least a build that writes a guide's outputs whole can take: given
//! a build's output folder and the guide's name, rewrites its `.apkg` from
//! the finished rows (a fresh collection with the same schema, page size
//! and pragmas, one transaction, indexes after the rows, deflated at
//! level 1 as cardsmith zips it) on one thread, and its CSV and JSON from
//! their finished bytes on another, each synced to disk, as a build does.
//! Prints the best of three runs' wall seconds.
//!
//! `make bench` runs it on the edited guides: what an edit rebuild cannot
//! go below while its outputs stay byte-identical to a full build's, however
//! much else it keeps from the build before.
//!
//! cargo run --release --example write_floor -- OUTPUT_DIR NAME

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A table's rows as SQLite values, in rowid order.
fn rows(db: &Connection, table: &str) -> rusqlite::Result<Vec<Vec<Value>>> {
    let mut query = db.prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
    let width = query.column_count();
    query.query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())?.collect()
}

struct Collection {
    tables: Vec<String>,
    indexes: Vec<String>,
    rows: Vec<(&'static str, Vec<Vec<Value>>)>,
}

fn load(apkg: &Path, scratch: &Path) -> Result<Collection, Box<dyn std::error::Error>> {
    let mut archive = zip::ZipArchive::new(fs::File::open(apkg)?)?;
    let mut bytes = Vec::new();
    archive.by_name("collection.anki2")?.read_to_end(&mut bytes)?;
    let copy = scratch.join("source.anki2");
    fs::write(&copy, bytes)?;
    let db = Connection::open(&copy)?;
    let schema = |kind: &str| -> rusqlite::Result<Vec<String>> {
        let mut query =
            db.prepare("SELECT sql FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL ORDER BY rowid")?;
        query.query_map([kind], |row| row.get(0))?.collect()
    };
    let collection = Collection {
        tables: schema("table")?,
        indexes: schema("index")?,
        rows: vec![("col", rows(&db, "col")?), ("notes", rows(&db, "notes")?), ("cards", rows(&db, "cards")?)],
    };
    drop(db);
    fs::remove_file(copy)?;
    Ok(collection)
}

fn write_package(collection: &Collection, scratch: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = scratch.join("floor.anki2");
    let _ = fs::remove_file(&path);
    let mut db = Connection::open(&path)?;
    db.execute_batch("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let tx = db.transaction()?;
    for sql in &collection.tables {
        tx.execute_batch(sql)?;
    }
    for (table, rows) in &collection.rows {
        let Some(first) = rows.first() else { continue };
        let holes = vec!["?"; first.len()].join(",");
        let mut insert = tx.prepare(&format!("INSERT INTO {table} VALUES({holes})"))?;
        for row in rows {
            insert.execute(params_from_iter(row.iter()))?;
        }
    }
    for sql in &collection.indexes {
        tx.execute_batch(sql)?;
    }
    tx.commit()?;
    drop(db);
    let out = fs::File::create(scratch.join("floor.apkg"))?;
    let mut zip = ZipWriter::new(io::BufWriter::new(out));
    let options =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).compression_level(Some(1));
    zip.start_file("collection.anki2", options)?;
    io::copy(&mut io::BufReader::with_capacity(1 << 20, fs::File::open(&path)?), &mut zip)?;
    let out = zip.finish()?.into_inner().map_err(io::IntoInnerError::into_error)?;
    out.sync_all()?;
    Ok(())
}

fn write_copy(bytes: &[u8], path: &Path) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, name] = args.as_slice() else {
        return Err("usage: write_floor OUTPUT_DIR NAME".into());
    };
    let dir = PathBuf::from(dir);
    let scratch = tempfile::tempdir_in(&dir)?;
    let collection = load(&dir.join(format!("{name}.apkg")), scratch.path())?;
    let csv = fs::read(dir.join(format!("{name}.csv")))?;
    let json = fs::read(dir.join(format!("{name}.json")))?;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let (package, texts) = std::thread::scope(|scope| {
            let texts = scope.spawn(|| {
                write_copy(&csv, &scratch.path().join("floor.csv"))?;
                write_copy(&json, &scratch.path().join("floor.json"))
            });
            let package = write_package(&collection, scratch.path()).map_err(|e| e.to_string());
            (package, texts.join().expect("the text writer does not panic"))
        });
        package?;
        texts?;
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{best:.4}");
    Ok(())
}

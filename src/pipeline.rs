//! Running the pipeline over files and folders: takes plain options (the
//! CLI builds them), gives a report per guide. One guide's failure never
//! stops the others, and never touches outputs of the others.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::check::{self, Coverage, Diagnostic};
use crate::deck::Deck;
use crate::discover::{self, Input};
use crate::error::Result;
use crate::extract::{self, Extraction, Notice};
use crate::highlight::stored::{self, Stored};
use crate::highlight::{self, Prepared};
use crate::identity::{self, Scope, State};
use crate::lint::{Finding, Quality};
use crate::media::{self, MediaFile};
use crate::outline::{self, Outline};
use crate::source::SourceFile;
use crate::timings::Timings;

/// What `cardsmith check` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    pub inputs: Vec<PathBuf>,
}

/// A guide taken through parse, extract and render.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: SourceFile,
    pub(crate) outline: Outline,
    pub(crate) extraction: Extraction,
    pub deck: Deck,
    /// Problems a build reports without failing (missing or refused images);
    /// `check` sees them among the extraction's notices too.
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    /// What `cardsmith check` reports of the guide: coverage, problems and
    /// card quality findings.
    pub fn check(&self) -> check::Report {
        check::check(&self.source, &self.outline, &self.extraction, &self.deck)
    }

    /// Questions left without a card for want of an answer.
    pub fn unanswered(&self) -> &[extract::Unanswered] {
        &self.extraction.unanswered
    }

    /// What reading the guide noticed (front matter that does not fit, an
    /// unknown language, …).
    pub fn notices(&self) -> &[Notice] {
        &self.extraction.notices
    }
}

/// Reads and converts one guide, without writing anything.
pub(crate) fn load(input: &Input) -> Result<Loaded> {
    let source = SourceFile::read(&input.path, &input.relative)?;
    convert(source)
}

/// Converts a guide already in memory.
pub fn convert(source: SourceFile) -> Result<Loaded> {
    convert_timed(source, &Timings::default())
}

/// [`convert`], adding each stage's time to `timings`.
pub fn convert_timed(source: SourceFile, timings: &Timings) -> Result<Loaded> {
    let (outline, mut extraction, prepared, media, mut warnings) = extracted(&source, timings, None)?;
    let relative = relative(&source);
    let (mut deck, emptied) =
        timings.time("render", || Deck::from_extraction(&relative, extraction.clone(), source.modified, &prepared));
    deck.media = media;
    extraction.notices.extend(emptied.iter().cloned());
    warnings.extend(emptied);
    // A guide seen alone: identities from the stable keys.
    let (settled, reserved) = (BTreeSet::new(), HashSet::new());
    let scope = Scope { settled: &settled, reserved: &reserved, now: 0 };
    let assigned = identity::assign(std::slice::from_mut(&mut deck), State::default(), scope);
    if let Some((_, err)) = assigned.errors.into_iter().next() {
        return Err(err);
    }
    let warnings = warnings.into_iter().map(|n| Diagnostic::of_notice(&source.path, n)).collect();
    Ok(Loaded { source, outline, extraction, deck, warnings })
}

/// [`convert_timed`] for a build, which needs only the deck and the
/// warnings: the text, outline and extraction are let go of as soon as they
/// are used, so a large guide is never in memory in every form at once.
/// With `parses`, the code parses of the guide's last build are taken from
/// that file, and this build's are left there for the next.
pub(crate) fn convert_for_build(
    source: SourceFile,
    timings: &Timings,
    parses: Option<&Path>,
) -> Result<(Deck, Vec<Notice>)> {
    let (outline, extraction, prepared, media, mut warnings) = extracted(&source, timings, parses)?;
    let (relative, modified) = (relative(&source), source.modified);
    let_go((outline, source));
    let ((mut deck, emptied), ()) = rayon::join(
        || timings.time("render", || Deck::from_extraction(&relative, extraction, modified, &prepared)),
        || {
            if let Some(path) = parses {
                // Only a head start for the next build: failing to keep it
                // costs that build time, nothing else.
                let _ = timings.time("parses", || stored::save(path, &prepared));
            }
        },
    );
    warnings.extend(emptied);
    let_go(prepared);
    deck.media = media;
    Ok((deck, warnings))
}

/// Drops `value` on a thread of its own. Freeing a large guide's outline or
/// deck takes milliseconds that would otherwise hold up the next stage (or
/// the end of the build) while a core sits idle.
pub(crate) fn let_go<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure, and `value` with it, is
    // dropped right here.
    let _ = std::thread::Builder::new().name("cardsmith-drop".into()).spawn(move || drop(value));
}

type Extracted = (Outline, Extraction, Prepared, Vec<MediaFile>, Vec<Notice>);

/// Parse (while the syntaxes the guide needs are loaded), then extract
/// while the code blocks are highlighted alongside (parsing and extraction
/// each run on one thread), then resolve images.
fn extracted(source: &SourceFile, timings: &Timings, parses: Option<&Path>) -> Result<Extracted> {
    let (outline, ()) =
        rayon::join(|| timings.time("parse", || outline::parse(&source.text)), || highlight::warm_up(&source.text));
    let (extraction, prepared) = rayon::join(
        || timings.time("extract", || extract::extract(source, &outline)),
        || {
            timings.time("highlight", || {
                let stored = parses.map(Stored::load).unwrap_or_default();
                Prepared::new(outline.code_blocks(), &stored)
            })
        },
    );
    let mut extraction = extraction?;
    let guide_dir = source.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (media, media_notices) = timings.time("media", || media::resolve(&mut extraction.cards, guide_dir));
    extraction.notices.extend(media_notices.iter().cloned());
    // A build says what `check` would of the front matter: a field left out
    // changes where cards go or how they are tagged.
    let mut warnings: Vec<Notice> = extraction.notices.iter().filter(|n| n.code == "front-matter").cloned().collect();
    warnings.extend(media_notices);
    warnings.extend(unanswered_warning(&extraction));
    Ok((outline, extraction, prepared, media, warnings))
}

/// A build names questions left without a card once per guide; `check`
/// names each.
fn unanswered_warning(extraction: &Extraction) -> Option<Notice> {
    let first = extraction.unanswered.first()?;
    let what = match extraction.unanswered.len() {
        1 => "1 question has".to_owned(),
        n => format!("{n} questions have"),
    };
    Some(Notice {
        line: first.line,
        code: "no-answer",
        message: format!(
            "{what} no answer in the guide and made no card (`cardsmith check` lists them; \
             `keep-unanswered: true` in front matter makes them cards)"
        ),
    })
}

/// The guide's path as outputs name it.
fn relative(source: &SourceFile) -> String {
    source.relative.to_string_lossy().replace('\\', "/")
}

/// The outcome for one guide of a check.
#[derive(Debug)]
pub struct Checked {
    pub input: Input,
    pub result: Result<CheckedGuide>,
}

#[derive(Debug)]
pub struct CheckedGuide {
    pub cards: usize,
    pub coverage: Coverage,
    pub diagnostics: Vec<Diagnostic>,
    /// Card quality findings (advice, as `cardsmith check` gives them).
    pub findings: Vec<Finding>,
    pub quality: Quality,
}

pub fn check(options: &CheckOptions) -> Result<Vec<Checked>> {
    let inputs = discover::inputs(&options.inputs)?;
    Ok(inputs
        .into_iter()
        .map(|input| {
            let result = load(&input).map(|loaded| {
                let report = check::check(&loaded.source, &loaded.outline, &loaded.extraction, &loaded.deck);
                CheckedGuide {
                    cards: loaded.deck.cards.len(),
                    coverage: report.coverage,
                    diagnostics: report.diagnostics,
                    findings: report.findings,
                    quality: report.quality,
                }
            });
            Checked { input, result }
        })
        .collect())
}

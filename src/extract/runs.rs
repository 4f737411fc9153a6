//! Sections made apart: takes a section's children, gives the cards
//! extraction would make of them one after another, made in runs on
//! several threads and joined in order. A large guide's extraction no
//! longer waits on one core while the other sits idle (an edited guide's
//! rebuild takes its code's parses from the last build, so nothing else
//! runs beside it).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::{Extractor, Scope, Section};

/// Blocks a run of sections holds before another may start: below that,
/// making it apart costs more than it saves.
pub(super) const RUN_BLOCKS: usize = 256;

/// `children` cut into runs of at least `min_blocks` blocks, each after
/// the first starting at a section made from its body (which clears the
/// numbering of generated fronts; a question's section goes on with the
/// numbering before it). One run when the sections are few or small.
fn runs<'s, 'a>(children: &'s [Section<'a>], min_blocks: usize) -> Vec<&'s [Section<'a>]> {
    let mut runs = Vec::new();
    let (mut start, mut blocks) = (0, 0);
    for (i, child) in children.iter().enumerate() {
        // A question's section, or a bare label with nothing under it,
        // goes on with the numbering before it.
        let fresh = !(child.question || child.label_only && child.children.is_empty());
        if fresh && blocks >= min_blocks {
            runs.push(&children[start..i]);
            (start, blocks) = (i, 0);
        }
        blocks += child.blocks();
    }
    runs.push(&children[start..]);
    runs
}

/// Makes `children`'s cards into `ex`: one by one when they are one run,
/// else run by run in parallel, joined in order. The first run goes on
/// from the section's own blocks (the fronts generated so far), and each
/// later one starts where a section's body clears them, so the cards come
/// out as if made one by one.
pub(super) fn make<'a>(ex: &mut Extractor<'a>, children: &[Section<'a>], scope: &Scope, mut carried: Option<String>) {
    let runs = runs(children, ex.run_blocks);
    if runs.len() < 2 {
        for child in children {
            ex.section(child, scope, carried.take());
        }
        return;
    }
    let made: Vec<Extractor<'a>> = runs
        .par_iter()
        .enumerate()
        .map(|(i, run)| {
            let mut fork = ex.fork();
            let mut carried = if i == 0 {
                fork.generated_fronts = ex.generated_fronts.clone();
                carried.clone()
            } else {
                None
            };
            for child in *run {
                fork.section(child, scope, carried.take());
            }
            fork
        })
        .collect();
    for fork in made {
        ex.join(fork);
    }
}

impl Section<'_> {
    /// Its heading and every block under it.
    fn blocks(&self) -> usize {
        1 + self.entries.len() + self.children.iter().map(Section::blocks).sum::<usize>()
    }
}

impl Extractor<'_> {
    /// An extractor with this one's settings and nothing made yet.
    fn fork(&self) -> Self {
        Self {
            doc: self.doc,
            cards: Vec::new(),
            excluded: Vec::new(),
            notices: Vec::new(),
            generated_fronts: HashMap::new(),
            extra_tags: self.extra_tags.clone(),
            promoted: HashSet::new(),
            question_bank: self.question_bank,
            lang: self.lang,
            keep_unanswered: self.keep_unanswered,
            unanswered: Vec::new(),
            pinned_at: HashMap::new(),
            fatal: None,
            run_blocks: self.run_blocks,
        }
    }

    /// Takes in what a [`fork`](Self::fork) made, after what this one made.
    fn join(&mut self, fork: Self) {
        self.cards.extend(fork.cards);
        self.excluded.extend(fork.excluded);
        self.notices.extend(fork.notices);
        self.unanswered.extend(fork.unanswered);
        self.promoted.extend(fork.promoted);
        self.generated_fronts = fork.generated_fronts;
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::extract::{Doc, Extractor, build_tree, extract_in_runs};
    use crate::lang::Lang;
    use crate::outline::Outline;
    use crate::source::SourceFile;

    /// Every guide the tests and the repository hold, extracted one section
    /// after another and with every section it can made apart, gives the
    /// same cards, exclusions, notices and unanswered questions.
    #[test]
    fn sections_made_apart_give_what_one_by_one_gives() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut guides: Vec<PathBuf> = ["tests/corpus", "tests/fixtures", "source"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("the folder is there"))
            .map(|entry| entry.expect("readable").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        guides.sort();
        assert!(guides.len() >= 20, "{guides:?}");
        let mut split = 0;
        for path in guides {
            let text = std::fs::read_to_string(&path).expect("readable");
            let source = SourceFile::from_text("guide.md", &text);
            let outline = crate::outline::parse(&source.text);
            let (Ok(alone), Ok(apart)) =
                (extract_in_runs(&source, &outline, usize::MAX), extract_in_runs(&source, &outline, 1))
            else {
                panic!("{} does not extract", path.display());
            };
            assert!(!alone.cards.is_empty(), "{}", path.display());
            assert_eq!(alone.cards, apart.cards, "{}", path.display());
            assert_eq!(alone.excluded, apart.excluded, "{}", path.display());
            assert_eq!(alone.notices, apart.notices, "{}", path.display());
            assert_eq!(alone.unanswered, apart.unanswered, "{}", path.display());
            let nav = HashSet::new();
            let title = top_sections(&source, &outline, &nav);
            split += usize::from(title.iter().any(|s| runs(&s.children, 1).len() > 1));
        }
        assert!(split >= 10, "only {split} guides had sections to make apart");
    }

    /// A question's section numbers a generated front that repeats one
    /// made before it (in the section above, or in its parent's blocks),
    /// wherever the sections around it are made.
    #[test]
    fn a_question_s_section_numbers_fronts_made_before_it() {
        let code = "```python\nx = [1, 2]\nlen(x)  # 2\n```\n";
        let text = format!(
            "# Guide\n\n## Part one\n\n### Lists\n\n{code}\n### Why count?\n\n{code}\n\
             ## Part two\n\n{code}\n### Why lists?\n\n{code}\n### Other\n\nSome words.\n\n{code}\n\
             ## Part three\n\n### Question 1.\n\n{code}\n#### Why one?\n\nBecause.\n\n\
             ### Why after one?\n\n{code}\n\
             ## Part five\n\n### Question 5.\n\n#### Why five?\n\n{code}\n#### More\n\nWords.\n\n\
             #### Why more?\n\n{code}\n### Why after five?\n\n{code}\n\
             ## Why again?\n\n{code}"
        );
        let source = SourceFile::from_text("guide.md", &text);
        let outline = crate::outline::parse(&source.text);
        let fronts = |run_blocks| -> Vec<String> {
            let extraction = extract_in_runs(&source, &outline, run_blocks).expect("extracts");
            extraction.cards.into_iter().map(|c| c.front).collect()
        };
        let alone = fronts(usize::MAX);
        assert!(alone.iter().filter(|f| f.ends_with("(2)")).count() >= 3, "{alone:#?}");
        assert_eq!(alone, fronts(1));
    }

    /// The top sections of a guide, as `extract` builds them.
    fn top_sections<'a>(source: &'a SourceFile, outline: &'a Outline, nav: &'a HashSet<usize>) -> Vec<Section<'a>> {
        let mut ex = Extractor {
            doc: Doc { source, navigation: nav },
            cards: Vec::new(),
            excluded: Vec::new(),
            notices: Vec::new(),
            generated_fronts: HashMap::new(),
            extra_tags: Vec::new(),
            promoted: HashSet::new(),
            question_bank: false,
            lang: Lang::from_tag("en").expect("English ships"),
            keep_unanswered: false,
            unanswered: Vec::new(),
            pinned_at: HashMap::new(),
            fatal: None,
            run_blocks: 1,
        };
        let entries = ex.apply_directives(&outline.blocks);
        build_tree(&ex.doc, entries).children
    }
}

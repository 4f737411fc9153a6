//! Each card rule on its own fixture. Snapshots show the cards; explicit
//! assertions pin the property each rule promises.

use insta::assert_yaml_snapshot;

use crate::util::{deck, views};

#[test]
fn r1_question_headings_take_everything_below() {
    let cards = views(
        "# Storage\n\n## Trees\n\n### Q4: Why does a B-tree keep nodes half full?\n- Guarantees logarithmic height\n- Keeps splits and merges local\n\n#### Detail\nSplits are rare.\n\n### Is a B+tree different?\nLeaves hold all keys.\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards[0].front, "Why does a B-tree keep nodes half full?");
    assert!(cards[0].back.contains("Splits are rare."), "sub-headings belong to the answer");
    assert_eq!(cards[1].front, "Is a B+tree different?");
    assert!(cards.iter().all(|c| c.kind == "question"));
}

#[test]
fn r1_labels_mark_questions_and_are_stripped() {
    let d = deck(
        "# G\n\n## S\n\n### Q: Explain the GIL\nA lock.\n\n### Question 4. Name a queue\n`queue.Queue`\n\n### Q12) Why?\nBecause.\n",
    );
    let fronts: Vec<&str> = d.cards.iter().map(|c| c.front.markdown.as_str()).collect();
    assert_eq!(fronts, ["Explain the GIL", "Name a queue", "Why?"]);
}

#[test]
fn r1_definitions_stay_inside_an_answer() {
    let d = deck("# G\n\n### What do the codes mean?\n- `404` - not found\n- `409` - conflict\n");
    assert_eq!(d.cards.len(), 1);
    assert!(d.cards[0].back.markdown.contains("`409` - conflict"));
}

#[test]
fn r1_long_answers_are_split_into_parts() {
    let bullets: String = (1..=12).map(|i| format!("- point number {i}\n")).collect();
    let d = deck(&format!("# G\n\n### Q1: What are the twelve points?\n{bullets}"));
    assert_eq!(d.cards.len(), 2);
    assert_eq!(d.cards[0].front.markdown, "What are the twelve points?", "first part keeps the exact question");
    assert_eq!(d.cards[1].front.markdown, "What are the twelve points? (continued, 2/2)");
    let part = d.cards[1].part.expect("part recorded");
    assert_eq!((part.index, part.count), (2, 2));
    let items: usize = d.cards.iter().map(|c| c.back.html().matches("<li>").count()).sum();
    assert_eq!(items, 12, "no bullet lost");
    assert!(d.cards.iter().all(|c| c.back.html().matches("<li>").count() <= 7));
    assert_ne!(d.cards[0].guid, d.cards[1].guid);
}

#[test]
fn r1_long_prose_is_split_at_sentences() {
    let sentence = "Reference counting frees most objects as soon as the last reference goes away. ";
    let d = deck(&format!("# G\n\n### Why two collectors?\n{}\n", sentence.repeat(30)));
    assert!(d.cards.len() >= 2);
    assert!(d.cards.iter().all(|c| c.back.text().chars().count() <= 1200), "each part stays short");
    let total: usize = d.cards.iter().map(|c| c.back.text().matches("Reference counting").count()).sum();
    assert_eq!(total, 30);
}

#[test]
fn r2_every_definition_form_is_one_card() {
    let cards = views(
        "# Web\n\n## HTTP\n\n### Status codes\n- `404` - the resource does not exist\n- `409` — the request conflicts\n- **Idempotent**: repeating it changes nothing more\n- **Safe methods** - do not modify state\n- **Cacheable:** responses may be stored\n- ETag - a version tag for a resource\n- Vary: headers that select a variant\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards.len(), 7);
    assert!(cards.iter().all(|c| c.kind == "definition"));
    assert_eq!(cards[0].front, "Status codes: what does `404` mean?");
    assert_eq!(cards[0].back, "`404` - the resource does not exist", "the back restates the whole definition");
    assert_eq!(cards[3].front, "Status codes: what are **Safe methods**?");
}

#[test]
fn r3_topic_bullets_become_one_card_each() {
    let cards = views(
        "# G\n\n### Caching\n- **Write-through**\n  - Every write goes to cache and store\n  - Reads are always fresh\n- **Write-back**\n  - Writes are batched\n  - Risk of loss on crash\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].front, "Caching › **Write-through**: key points?");
    assert_eq!(cards[0].back, "- Every write goes to cache and store\n- Reads are always fresh");
}

#[test]
fn r4_plain_lists_are_one_card_with_a_lead_in() {
    let cards = views(
        "# DB\n\n### Isolation levels\nThe four isolation levels are:\n\n1. Read uncommitted\n2. Read committed\n3. Repeatable read\n4. Serializable\n\n### Tools\n- top\n- perf\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].kind, "list");
    assert!(cards[0].front.starts_with("The four isolation levels are"));
    assert!(cards[0].back.contains("4. Serializable"));
    assert_eq!(cards[1].front, "Tools: name all 2.");
}

#[test]
fn r4_long_lists_are_split_and_mixed_lists_keep_the_rest() {
    let items: String = (1..=10).map(|i| format!("- item {i}\n")).collect();
    let d = deck(&format!("# G\n\n### Many\n{items}"));
    assert_eq!(d.cards.len(), 2);
    assert!(d.cards.iter().all(|c| c.back.html().matches("<li>").count() <= 7));

    let d = deck("# G\n\n### Mixed\n- **Term**: meaning\n- `other` - meaning\n- just a point\n");
    let kinds: Vec<&str> = d.cards.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds, ["definition", "definition", "note"], "one leftover point is explained, not listed");
    assert!(d.cards[2].back.markdown.contains("just a point"));
}

#[test]
fn r5_code_block_prompted_by_the_sentence_before() {
    let cards = views(
        "# Py\n\n### Thread pools\nSubmit work and collect results as they finish:\n\n```python\nwith ThreadPoolExecutor() as pool:\n    futures = [pool.submit(f, x) for x in xs]\n```\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards.len(), 1);
    assert!(cards[0].front.contains("Submit work and collect results as they finish"));
    assert!(cards[0].back.starts_with("```python\nwith ThreadPoolExecutor()"));
}

#[test]
fn r5_code_prompt_names_what_the_code_defines_and_calls() {
    let cards = views(
        "# Py\n\n### Threading\n\n```python\nimport threading\n\ndef worker(num):\n    print(num)\n\nthreads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]\nfor t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n```\n",
    );
    assert_eq!(cards[0].front, "Threading: write `worker(num)` using `threading.Thread`, `start()` and `join()`.");
}

#[test]
fn r5_code_prompt_prefers_the_terms_the_prose_names() {
    let cards = views(
        "# Py\n\n### Sets\n\n- `a | b` - union\n- `a & b` - intersection\n\n```python\na, b = {1, 2}, {2, 3}\nsorted(a | b)\nsorted(a & b)\n```\n",
    );
    let code = cards.iter().find(|c| c.kind == "code").expect("a code card");
    assert_eq!(code.front, "Sets: write the Python code using `a | b` and `a & b`.");
}

#[test]
fn r5_code_prompt_without_any_cue_says_how_long_the_code_is() {
    let cards = views("# Py\n\n### Arithmetic\n\n```python\nx = 1\ny = x + 2\n```\n");
    assert_eq!(cards[0].front, "Arithmetic: write the Python code (2 lines).");
    assert!(!cards.iter().any(|c| c.front.contains("recall")));
}

#[test]
fn r5_long_code_is_learned_through_its_key_lines() {
    let mut code = String::from("import threading\n\ndef worker(num):\n    total = 0\n");
    for i in 0..10 {
        code.push_str(&format!("    total += {i}\n"));
    }
    code.push_str("    return total\n\nthreads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]\nfor t in threads:\n    t.start()\n");
    let guide = format!("# Py\n\n### Threading\n\nEach `Thread` runs `worker`:\n\n```python\n{code}```\n");
    let cards = views(&guide);
    let whole = cards.iter().find(|c| c.kind == "code").expect("a card for the whole block");
    assert!(whole.back.contains("t.start()") && whole.back.contains("total += 9"), "the whole block stays on one back");
    let fills: Vec<_> = cards.iter().filter(|c| c.kind == "fill").collect();
    assert_eq!(fills.len(), 2, "{cards:#?}");
    assert!(fills[0].front.starts_with("Threading: fill in the missing line."));
    assert!(fills[0].back.contains("threads = [threading.Thread(target=worker"), "{}", fills[0].back);
    assert!(!fills[0].front.contains("threading.Thread(target"), "the line is blank on the front");
    assert!(fills[0].front.contains("______"));
    // The same guide picks the same lines.
    assert_eq!(views(&guide), cards);
    // A short block has no gaps.
    assert!(!views("# Py\n\n### S\n\n```python\nx = f(1)\ny = g(x)\n```\n").iter().any(|c| c.kind == "fill"));
}

#[test]
fn r5_multi_part_blocks_split_at_comment_headers() {
    let cards = views(
        "# Py\n\n### Primitives\n```python\nimport threading\n\n# Plain lock\nlock = threading.Lock()\n\n# Bounded semaphore\nsem = threading.BoundedSemaphore(3)\n\n# Event\nready = threading.Event()\n```\n",
    );
    assert_yaml_snapshot!(cards);
    assert_eq!(cards.len(), 3);
    assert!(cards[1].front.contains("Bounded semaphore"));
    assert!(cards[1].back.contains("sem = threading.BoundedSemaphore(3)"));
    assert!(!cards[1].back.contains("Lock()"), "each part is its own card");
    assert_eq!(cards[2].line, 13, "a part's card points at its own line");
}

#[test]
fn r6_value_comments_make_predict_the_output_cards() {
    let d = deck(
        "# Py\n\n### Lists\n```python\nxs = [1, 2, 3]\nprint(len(xs))  # 3\nxs[::-1]  # [3, 2, 1]\ny = compute()  # the slow part\n```\n",
    );
    let outputs: Vec<_> = d.cards.iter().filter(|c| c.kind.name() == "output").collect();
    assert_eq!(outputs.len(), 2, "prose comments are not values");
    assert!(outputs[0].front.markdown.contains("print(len(xs))\n```"), "comment removed from the asked line");
    assert!(!outputs[0].front.markdown.contains("# 3"));
    assert_eq!(outputs[0].back.markdown, "`3`");
    assert!(outputs[0].front.markdown.contains("print"));
    assert_eq!(outputs[1].back.markdown, "`[3, 2, 1]`");
    assert_eq!(outputs[1].source.line, 7);
}

#[test]
fn r6_an_output_card_shows_a_bounded_window_and_the_lines_it_needs() {
    let filler: String = (0..40).map(|i| format!("pad{i} = {i}\n")).collect();
    let d = deck(&format!(
        "# Py\n\n### Window\n```python\nimport math\nbase = 10\n{filler}print(math.floor(base / 3))  # 3\n```\n"
    ));
    let output = d.cards.iter().find(|c| c.kind.name() == "output").expect("an output card");
    let code = &output.front.markdown;
    assert!(code.contains("import math\nbase = 10\n# …\n"), "what the line needs, then a gap: {code}");
    assert!(code.contains("pad39 = 39") && !code.contains("pad10 = 10"), "at most 14 lines above it: {code}");
}

#[test]
fn r7_explicit_and_cloze() {
    let cards = views(
        "# G\n\n### Misc\nQ: What does CAP stand for?\n\nA: Consistency, availability, partition tolerance.\n\nThe {{c1::leader}} replicates the {{c2::log}}.\n",
    );
    assert_yaml_snapshot!(cards);
    let d = deck("# G\n\nThe {{c1::leader}} replicates the {{c2::log}}; the {{c1::leader}} commits.\n");
    assert_eq!(d.cards[0].cloze.as_deref(), Some(&[1, 2][..]));
    assert_eq!(d.anki_card_count(), 2);
}

#[test]
fn r7_skip_leaves_blocks_and_sections_out() {
    let d = deck(
        "# G\n\n### Keep\nKept paragraph.\n\n<!-- cardsmith:skip -->\nSkipped paragraph.\n\n<!-- cardsmith:skip -->\n### Dropped section\n- gone\n#### Deeper\n- also gone\n\n### Back again\n- here\n",
    );
    let all: String = d.cards.iter().map(|c| format!("{} {}\n", c.front.text(), c.back.text())).collect();
    assert!(all.contains("Kept paragraph"));
    assert!(all.contains("here"));
    assert!(!all.contains("Skipped"), "{all}");
    assert!(!all.contains("gone"), "{all}");
}

#[test]
fn r7_pinned_ids_survive_rewording() {
    let before = deck("# G\n\n<!-- cardsmith:id gil -->\n### What is the GIL?\nA lock.\n");
    let after = deck("# G\n\n<!-- cardsmith:id gil -->\n### What exactly is the global interpreter lock?\nA mutex.\n");
    assert_eq!(before.cards[0].id.as_deref(), Some("gil"));
    assert_eq!(before.cards[0].guid, after.cards[0].guid);
    let unpinned = deck("# G\n\n### What is the GIL?\nA lock.\n");
    assert_ne!(unpinned.cards[0].guid, before.cards[0].guid);
}

#[test]
fn guids_are_stable_ignore_answers_and_stay_distinct() {
    let a = deck("# G\n\n### Why?\nOne.\n\n### Why?\nTwo.\n");
    let b = deck("# G\n\n### Why?\nOne, edited.\n\n### Why?\nTwo.\n");
    assert_ne!(a.cards[0].guid, a.cards[1].guid, "equal fronts, distinct GUIDs");
    assert_eq!(a.cards[0].guid, b.cards[0].guid, "editing an answer keeps the GUID");
    assert_eq!(a.cards[1].guid, b.cards[1].guid);
}

#[test]
fn bold_question_paragraphs_are_questions() {
    let d = deck(
        "# G\n\n### Interview\n**Q1: What is a deadlock?**\n\n- Two threads wait on each other\n- Neither can proceed\n\n**Q2: How do you avoid it?**\n\n- Lock ordering\n",
    );
    let fronts: Vec<&str> = d.cards.iter().map(|c| c.front.markdown.as_str()).collect();
    assert_eq!(fronts, ["What is a deadlock?", "How do you avoid it?"]);
}

#[test]
fn leftover_prose_becomes_an_explain_card() {
    let d = deck("# G\n\n### The GIL\nOnly one thread runs Python bytecode at a time.\n");
    assert_eq!(d.cards.len(), 1);
    assert_eq!(d.cards[0].kind.name(), "note");
    assert_eq!(d.cards[0].front.markdown, "Explain: The GIL");
}

#[test]
fn r2_definitions_written_as_lines_without_bullets() {
    let d =
        deck("# G\n\n### Eviction policies\nLRU - evicts least recently used\nLFU - evicts least frequently used\n");
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["Eviction policies: what is LRU?", "Eviction policies: what is LFU?"]);
    assert_eq!(d.cards[1].back.markdown, "LFU - evicts least frequently used");
    assert_eq!(d.cards[1].source.line, 5);
}

#[test]
fn r8_prose_that_defines_something_asks_for_it() {
    let cards = views(
        "# Concurrency\n\n## Locks\n\nA mutex is a lock that one thread holds at a time.\n\nIdempotence means that repeating a call changes nothing.\n\nThis is why locks are used sparingly.\n",
    );
    let fronts: Vec<(&str, &str)> = cards.iter().map(|c| (c.kind.as_str(), c.front.as_str())).collect();
    assert_eq!(
        fronts,
        [
            ("definition", "Locks: what is a mutex?"),
            ("definition", "Locks: what does Idempotence mean?"),
            ("note", "Explain: Locks")
        ]
    );
    assert_eq!(cards[0].back, "A mutex is a lock that one thread holds at a time.");
    assert!(cards[2].back.contains("This is why"));
}

#[test]
fn r8_a_definition_of_the_section_itself_needs_no_prefix() {
    let cards = views("# Notes\n\n## Мьютекс\n\nМьютекс — это блокировка.\n");
    assert_eq!(cards[0].front, "What is Мьютекс?");
}

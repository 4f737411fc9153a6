//! The shapes real guides take, each on a small fixture: where the question
//! is, where its answer starts and stops, and what is page furniture.

use cardsmith::SourceFile;

use crate::util::{Project, deck};

fn fronts(markdown: &str) -> Vec<String> {
    deck(markdown).cards.iter().map(|c| c.front.text().into_owned()).collect()
}

#[test]
fn heading_inside_a_numbered_item_is_a_question_without_a_question_mark() {
    let d = deck(
        "# Backend\n\n1. ### What does a load balancer do?\n\n    It spreads requests over several servers.\n\n    ```nginx\n    upstream app { server a; server b; }\n    ```\n\n    **[⬆ Back to Top](#table-of-contents)**\n\n2. ### Explain sticky routing\n\n   It pins a client to one server.\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What does a load balancer do?", "Explain sticky routing"]);
    assert!(d.cards[0].back.text().contains("upstream app"), "the indented code is the answer's");
    assert!(!d.cards[0].back.text().contains("Back to Top"), "{}", d.cards[0].back.text());
    assert_eq!(d.cards[0].back.text().matches("spreads").count(), 1);
}

#[test]
fn nested_question_heading_is_a_card_of_its_own() {
    let d = deck(
        "# DB\n\n### What is replication?\nCopies of data on several nodes.\n\n#### Example\nA leader and two followers.\n\n#### Why is async replication risky?\nA failover can lose acknowledged writes.\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is replication?", "Why is async replication risky?"]);
    assert!(d.cards[0].back.text().contains("two followers"), "a plain sub-heading stays in the answer");
    assert!(!d.cards[0].back.text().contains("failover"), "the answer stops at the sub-question");
}

#[test]
fn details_answer_after_multiple_choice_options() {
    let d = deck(
        "# JS\n\n###### 1. What's the output?\n\n```js\nconsole.log(typeof null);\n```\n\n- A: `\"null\"`\n- B: `\"object\"`\n\n<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: B\n\nA historical bug kept for compatibility.\n\n</p>\n</details>\n\n---\n\n###### 2. Is `NaN === NaN`?\n\n<details><summary>Answer</summary>\n\nNo: `NaN` equals nothing.\n\n</details>\n",
    );
    assert_eq!(d.cards.len(), 2, "{:#?}", d.cards.iter().map(|c| c.front.text()).collect::<Vec<_>>());
    let card = &d.cards[0];
    assert!(card.front.text().starts_with("What's the output?"));
    assert!(
        card.front.text().contains("typeof null") && card.front.text().contains("A: \"null\""),
        "{}",
        card.front.text()
    );
    assert!(!card.front.text().contains("historical"));
    assert!(
        card.back.text().contains("Answer: B") && card.back.text().contains("historical bug"),
        "{}",
        card.back.text()
    );
    assert!(!card.back.text().contains("typeof null"), "the options stay on the front");
    assert_eq!(d.cards[1].back.text().trim(), "No: NaN equals nothing.");
}

#[test]
fn question_in_a_summary_with_the_answer_in_the_details() {
    let d = deck(
        "# Net\n\n<details>\n<summary>What is a MAC address?</summary><br><b>\n\nA hardware address of a network interface.\n</b></details>\n\n<details>\n<summary>Describe these devices:\n\n  * router\n  * switch</summary><br><b>\n\nA router joins networks; a switch joins hosts.\n</b></details>\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts.len(), 2, "{fronts:?}");
    assert_eq!(fronts[0], "What is a MAC address?");
    assert!(fronts[1].starts_with("Describe these devices:") && fronts[1].contains("switch"), "{fronts:?}");
    assert!(d.cards[1].back.text().contains("joins networks"));
}

#[test]
fn qa_written_as_list_items() {
    let d = deck(
        "# Py\n\n- **Q:** What does `zip` return?\n  - **A:** An iterator of tuples.\n- **Q:** Are sets ordered?\n- **A:** No.\n\n* \"Why are tuples hashable?\"\n    - Answer: They are immutable.\n\n1. Q1. What is a generator?\n   A function that yields.\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(
        cards,
        [
            ("What does zip return?", "An iterator of tuples."),
            ("Are sets ordered?", "No."),
            ("Why are tuples hashable?", "They are immutable."),
            ("What is a generator?", "A function that yields.")
        ]
    );
}

#[test]
fn q_code_a_and_an_answer_over_several_blocks() {
    let d = deck(
        "# Py\n\nQ: What does this print?\n\n```python\nprint(2 ** 3)\n```\n\nA: `8`.\n\nThe `**` operator is a power.\n\n- it binds tighter than unary minus\n\nQ: Next question?\n\nA: Yes.\n",
    );
    assert_eq!(d.cards.len(), 2);
    assert!(d.cards[0].front.text().contains("print(2 ** 3)"), "the code belongs to the question");
    let back = &d.cards[0].back.text();
    assert!(back.contains("8") && back.contains("power") && back.contains("unary minus"), "{back}");
    assert!(!back.contains("Next question"));
}

#[test]
fn bold_lead_in_is_the_lists_prompt() {
    let d = deck("# Cloud\n\n## Storage\n\n**Storage classes:**\n\n- hot\n- cool\n- archive\n");
    assert_eq!(
        fronts("# Cloud\n\n## Storage\n\n**Storage classes:**\n\n- hot\n- cool\n- archive\n"),
        ["Storage classes: name all 3."]
    );
    assert_eq!(d.cards[0].kind.name(), "list");
}

#[test]
fn a_one_item_list_is_not_name_all_one() {
    let fronts = fronts("# G\n\n### Tips\n- Always measure first.\n");
    assert!(fronts.iter().all(|f| !f.contains("name all 1")), "{fronts:?}");
}

#[test]
fn quiz_task_lists_hide_the_checked_option() {
    let d = deck(
        "# Go\n\n#### Q1. Which keyword starts a goroutine?\n\n- [ ] `async`\n- [x] `go`\n- [ ] `spawn`\n\nExplanation: `go f()` runs `f` concurrently.\n",
    );
    let card = &d.cards[0];
    assert!(card.front.text().contains("async") && card.front.text().contains("spawn"), "{}", card.front.text());
    assert!(!card.front.html().contains("checkbox"), "{}", card.front.html());
    assert!(card.back.text().starts_with("- go\n"), "{}", card.back.text());
    assert!(card.back.text().contains("concurrently"));
}

#[test]
fn a_question_without_an_answer_makes_no_card_but_is_recognised() {
    let markdown = "# ML\n\n1. [E] Explain bagging.\n2. [M] Why does boosting overfit?\n3. [H] What is stacking?\n\n## Trees\n\n### What is a split?\n\nA test on one feature.\n";
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("converts");
    let owned: Vec<String> = loaded.deck.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is a split?"]);
    let unanswered: Vec<(usize, &str)> = loaded.unanswered().iter().map(|u| (u.line, u.front.as_str())).collect();
    assert_eq!(
        unanswered,
        [(3, "[E] Explain bagging."), (4, "[M] Why does boosting overfit?"), (5, "[H] What is stacking?")]
    );
    let report = loaded.check();
    assert_eq!((report.coverage.unanswered, report.coverage.covered, report.coverage.total), (3, 1, 1));
    assert!(report.diagnostics.iter().any(|d| d.code == "no-answer" && d.line == 3), "{:#?}", report.diagnostics);
}

#[test]
fn keep_unanswered_in_front_matter_makes_cards_that_say_so() {
    let d = deck(
        "---\nkeep-unanswered: true\n---\n# ML\n\n1. [E] Explain bagging.\n2. [M] Why does boosting overfit?\n3. [H] What is stacking?\n",
    );
    assert_eq!(d.cards.len(), 3);
    assert!(d.cards.iter().all(|c| c.kind.name() == "question" && c.back.text().contains("No answer in the guide")));
}

#[test]
fn page_furniture_makes_no_card_and_check_counts_it() {
    let guide = "# Guide\n\n<p align=\"center\"><a href=\"https://x.example\"><img src=\"https://img.shields.io/badge/a-b-c\"></a></p>\n\n## Table of Contents\n\n1. [What is X?](#what-is-x)\n2. [What is Y?](#what-is-y)\n\n| No. | Questions |\n|---|---|\n| 1 | [What is X?](#what-is-x) |\n\n## Questions\n\n### What is X?\n\nAn x.\n\n**[⬆ Back to Top](#table-of-contents)**\n\n### What is Y?\n\nA y.\n\n[Read more](https://y.example)\n";
    let d = deck(guide);
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is X?", "What is Y?"]);
    assert!(d.cards.iter().all(|c| !c.back.text().contains("Back to Top") && !c.back.text().contains("Read more")));
    Project::new()
        .file("g.md", guide)
        .run(&["check", "g.md"])
        .success()
        .stderr_has("g.md: 2 cards, coverage 100.0% (2/2), 5 navigation blocks skipped, 0 findings");
}

#[test]
fn an_answer_is_never_more_than_four_parts_and_check_says_when_it_would_be() {
    let bullets: String = (1..=40).map(|i| format!("- point number {i} of a very long answer\n")).collect();
    let guide = format!("# G\n\n### What are all the points?\n{bullets}");
    let d = deck(&guide);
    assert!(d.cards.iter().all(|c| c.part.is_none_or(|p| p.count <= 4)));
    assert_eq!(d.cards.len(), 4);
    let total: usize = d.cards.iter().map(|c| c.back.html().matches("<li>").count()).sum();
    assert_eq!(total, 40, "no point lost");
    Project::new()
        .file("g.md", &guide)
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("g.md:3: answer would take 5 cards of up to 8 list items");
}

#[test]
fn display_math_with_blank_lines_is_one_formula() {
    let d = deck(
        "# Stats\n\n### What is the variance?\n\n$$\n\\sigma^2 = E[X^2] - E[X]^2 \\\\\n\n= \\frac{1}{n}\\sum x_i^2 - \\bar{x}^2\n$$\n",
    );
    assert_eq!(d.cards.len(), 1);
    let html = &d.cards[0].back.html();
    assert_eq!(html.matches("\\[").count(), 1, "one formula: {html}");
    assert!(html.contains("\\\\") && html.contains("\\bar{x}^2"), "{html}");
}

#[test]
fn bold_question_paragraphs_with_difficulty_emoji() {
    let fronts = fronts(
        "# ML\n\n**What is bias? 👶**\n\nError from wrong assumptions.\n\n<br/>\n\n**What is variance? ⭐️**\n\nError from sensitivity to the sample.\n",
    );
    assert_eq!(fronts, ["What is bias? 👶", "What is variance? ⭐️"]);
}

#[test]
fn html_headings_and_bare_label_headings() {
    let fronts = fronts(
        "<h1>Unit 1</h1>\n\n<h3>Q1 : What is a DBA?</h3>\n- The person who runs the database. </br>\n\n# Question 2.\n### Name two isolation levels\n\nRead committed and serializable.\n\n### Question 3:\nLevel 1\n\nQuestion:\nWrite a function that reverses a string.\n\nSolution:\n```python\ndef rev(s): return s[::-1]\n```\n",
    );
    assert_eq!(
        fronts,
        ["What is a DBA?", "Name two isolation levels", "Write a function that reverses a string."],
        "{fronts:?}"
    );
}

#[test]
fn follow_up_questions_nested_under_a_question_are_cards_of_their_own() {
    let d = deck(
        "---\nkeep-unanswered: true\n---\n# JS\n\n* Explain event delegation.\n* Explain how `this` works.\n  * How did arrow functions change it?\n* What is a closure?\n* What is hoisting?\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts.len(), 5, "{fronts:?}");
    assert!(fronts.iter().any(|f| f.ends_with("How did arrow functions change it?")), "{fronts:?}");
    let parent = d.cards.iter().find(|c| c.front.text() == "Explain how this works.").expect("the parent");
    assert!(!parent.back.text().contains("arrow"), "a follow-up is no answer: {}", parent.back.text());
}

#[test]
fn labelled_question_paragraphs_in_a_plain_text_quiz_with_options_on_the_front() {
    let d = deck(
        "# Quiz\n\nВопрос 1.\nКакая команда удаляет все строки таблицы без журнала по строкам:\n\nОтветы:\n1. DELETE\n2. TRUNCATE\n\nВыбран 2 ответ.\n\nВопрос 2.\nЧто делает VACUUM?\n\nОсвобождает место мёртвых строк.\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts.len(), 2, "{fronts:?}");
    assert!(fronts[0].starts_with("Какая команда"), "{fronts:?}");
    // The options ask with the question; the pick is the answer.
    assert!(d.cards[0].front.text().contains("TRUNCATE"), "{}", d.cards[0].front.text());
    assert_eq!(d.cards[0].back.markdown.trim(), "Выбран 2 ответ.\n\n**2.** TRUNCATE", "the pick, in words");
}

#[test]
fn bold_questions_with_their_answer_on_the_next_line_inside_another_answer() {
    let d = deck(
        "# Go\n\n## What is context.Context used for?\n\nCarrying deadlines and cancellation.\n\n### Follow-up questions\n\n**1. How do you cancel a context?**  \nCall the `cancel` function.\n\n**2. What does `ctx.Err()` return?**  \nWhy the context ended.\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards.len(), 3, "{cards:?}");
    assert_eq!(cards[1], ("1. How do you cancel a context?", "Call the cancel function."));
    assert!(!cards[0].1.contains("cancel function"), "{cards:?}");
}

#[test]
fn an_unclosed_details_or_summary_swallows_nothing() {
    let fronts = fronts(
        "# Geo\n\n### What is the capital of France?\n\n<details><summary>Answer\n\nParis.\n\n</details>\n\n### What is the capital of Peru?\n\nLima.\n\n### What is the capital of Chile?\n\n<details><summary>Answer</summary>\n\nSantiago.\n\n## Rivers\n\n### What is the longest river?\n\nThe Nile.\n",
    );
    assert_eq!(
        fronts,
        [
            "What is the capital of France?",
            "What is the capital of Peru?",
            "What is the capital of Chile?",
            "What is the longest river?"
        ]
    );
}

#[test]
fn deeply_nested_details_do_not_exhaust_the_stack() {
    let guide = format!("# Deep\n\n{}x\n{}", "<details>\n\n".repeat(3000), "\n</details>\n".repeat(3000));
    let d = deck(&guide);
    assert!(!d.cards.is_empty());
}

#[test]
fn a_stray_dollar_pair_leaves_later_code_alone() {
    let d = deck("# Sh\n\n### What is `$$`?\n\n$$ is the shell's PID.\n\n```python\nimport os\n\nx = 1\n```\n");
    let code = d.cards.iter().find(|c| c.back.text().contains("import os")).expect("the code");
    assert!(code.back.text().contains("import os\n\nx = 1"), "{:?}", code.back.text());
}

#[test]
fn names_with_double_colons_or_arrows_are_not_one_line_cards() {
    let d = deck(
        "# C++\n\n### Helpers\n\n- std::move - casts to an rvalue reference\n- std::forward - keeps the value category\n\n### Tips\n\n- When in doubt -> profile first\n- Keep functions small\n",
    );
    assert!(
        d.cards.iter().all(|c| c.kind.name() != "question"),
        "{:?}",
        d.cards.iter().map(|c| c.front.text()).collect::<Vec<_>>()
    );
}

#[test]
fn an_explanation_after_an_answer_list_stays_on_the_back() {
    let d = deck(
        "# Web\n\n### Q3: What changed in HTTP/2?\n- Binary framing\n- Many streams over one connection\n\nExplanation: together they remove head-of-line blocking.\n",
    );
    assert_eq!(d.cards[0].front.text(), "What changed in HTTP/2?");
    assert!(d.cards[0].back.text().contains("Binary framing") && d.cards[0].back.text().contains("Explanation"));
}

#[test]
fn a_list_of_advice_is_not_a_list_of_questions() {
    let d =
        deck("# Code\n\n### Clean code\n\n- Write small functions\n- Name things clearly\n- When in doubt, refactor\n");
    let kinds: Vec<&str> = d.cards.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds, ["list"]);
}

#[test]
fn pins_on_headings_without_a_card_go_to_the_first_card_under_them() {
    let d = deck(
        "# P\n\n<!-- cardsmith:id parent -->\n### What is networking?\n\n#### What is TCP?\n\nA protocol.\n\n<!-- cardsmith:id label -->\n### Question 3.\n\n#### Why is the sky blue?\n\nRayleigh scattering.\n\n## Processes\n\n<!-- cardsmith:id trailing -->\n- What is a zombie process?\n\nA process that exited but was not reaped.\n",
    );
    let owned: Vec<(String, Option<&str>)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.id.as_deref())).collect();
    let pinned: Vec<(&str, Option<&str>)> = owned.iter().map(|(f, id)| (f.as_str(), *id)).collect();
    assert_eq!(
        pinned,
        [
            ("What is TCP?", Some("parent")),
            ("Why is the sky blue?", Some("label")),
            ("What is a zombie process?", Some("trailing"))
        ]
    );
}

#[test]
fn links_to_other_pages_can_be_a_whole_answer() {
    let d = deck(
        "# Py\n\n### Where can I learn more about asyncio?\n\n- [asyncio docs](https://docs.python.org/3/library/asyncio.html)\n- [A tutorial](https://example.com/asyncio)\n",
    );
    assert!(d.cards[0].back.text().contains("asyncio docs"), "{}", d.cards[0].back.text());
}

#[test]
fn an_answer_written_inside_a_code_block_and_a_plain_contents_list() {
    let d = deck(
        "# Docker\n\n📚 Table of Contents\n- Basics\n- Volumes\n\n#### Basics\nQ: What is a container?\n```\nAns: An isolated process with its own filesystem.\n```\nQ: Why use volumes?\n```\nAns:\n- Data outlives the container\n- Shared between containers\n```\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(
        cards,
        [
            ("What is a container?", "An isolated process with its own filesystem."),
            ("Why use volumes?", "- Data outlives the container\n- Shared between containers")
        ]
    );
}

#[test]
fn a_topic_with_a_folded_extra_is_not_a_question() {
    let d = deck(
        "# Algo\n\n## Trees\n\nA tree is a connected acyclic graph.\n\n- **Root**: the node without a parent\n- **Leaf**: a node without children\n\n<details><summary>Click to expand</summary>\n\nA longer history of trees.\n\n</details>\n\n### Binary trees\n\n- **BST**: left < node < right\n",
    );
    let kinds: Vec<&str> = d.cards.iter().map(|c| c.kind.name()).collect();
    assert!(kinds.iter().filter(|k| **k == "definition").count() == 4, "{kinds:?}");
    assert_eq!(d.cards[0].front.text(), "Trees: what is a tree?");
    assert!(kinds.iter().all(|k| *k != "question"), "{kinds:?}");
}

#[test]
fn term_arrow_definition_lists_give_a_card_per_line() {
    let d = deck(
        "# Py\n\n### Acronyms\n\n- GIL -> Global Interpreter Lock\n- MRO -> Method Resolution Order\n- PEP -> Python Enhancement Proposal\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards[0], ("GIL", "Global Interpreter Lock"));
    assert_eq!(cards.len(), 3);
}

#[test]
fn code_after_q_that_merely_starts_with_answer_stays_on_the_front() {
    let d = deck(
        "# JS\n\nQ: Why is this slow?\n\n```js\nsolution.forEach(x => work(x))\n```\n\nA: It does the work serially.\n",
    );
    assert!(d.cards[0].front.text().contains("solution.forEach"), "{}", d.cards[0].front.text());
    assert_eq!(d.cards[0].back.text().trim(), "It does the work serially.");
}

#[test]
fn a_short_paragraph_with_a_question_line_and_its_answer() {
    let fronts = fronts(
        "# Net\n\n## Basics\n\nWhat does TTL stand for?\nTime to live.\n\nЧто такое DNS?\nСистема доменных имён.\n",
    );
    assert_eq!(fronts, ["What does TTL stand for?", "Что такое DNS?"]);
}

#[test]
fn tables_are_learned_row_by_row_or_cell_by_cell() {
    let d = deck(
        "# DB\n\n### SQL vs NoSQL\n\n| | SQL | NoSQL |\n|---|---|---|\n| Schema | fixed | flexible |\n| Joins | yes | rarely |\n\n### Ports\n\n| Service | Port | Transport | Secure | Default on | Notes |\n|---|---|---|---|---|---|\n| SSH | 22 | TCP | yes | servers | keys |\n| DNS | 53 | UDP | no | resolvers | also TCP |\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards[0], ("SQL vs NoSQL › Schema: SQL vs NoSQL?", "SQL: fixed\n\nNoSQL: flexible"));
    assert_eq!(cards[2], ("Ports › SSH: Port?", "22"));
    assert_eq!(cards.len(), 2 + 10, "{cards:?}");
    assert!(d.cards.iter().all(|c| !c.back.html().contains("<table")), "no whole table on a card");
}

#[test]
fn prose_under_a_numbered_heading_names_its_topic() {
    let fronts = fronts(
        "# Stats\n\n## Estimators\n\n### 5.1\n\nAn estimator is a rule for computing an estimate from data.\n\nBias measures how far it lands.\n",
    );
    assert_eq!(fronts, ["Estimators › 5.1: what is an estimator?", "Explain: Estimators › 5.1"]);
}

#[test]
fn a_long_table_in_an_answer_is_learned_a_few_rows_at_a_time() {
    let rows: String = (1..=7).map(|i| format!("| feature {i} | yes | no |\n")).collect();
    let d = deck(&format!(
        "# Java\n\n### What differs between ArrayList and Vector?\n\n| | ArrayList | Vector |\n|---|---|---|\n{rows}"
    ));
    let backs: Vec<&str> = d.cards.iter().map(|c| c.back.markdown.as_str()).collect();
    assert_eq!(backs.len(), 2, "{backs:#?}");
    for back in &backs {
        let rows = back.lines().filter(|l| l.starts_with('|')).count() - 2;
        assert!(rows <= 4, "{back}");
        assert!(back.starts_with("| | ArrayList | Vector |"), "each slice keeps the header: {back}");
    }
    assert!(backs[1].contains("feature 7"));
}

fn cards(markdown: &str) -> Vec<(String, String)> {
    deck(markdown).cards.iter().map(|c| (c.front.text().trim().to_owned(), c.back.text().trim().to_owned())).collect()
}

#[test]
fn q_paragraph_with_ans_label_and_code_after_it() {
    let cards = cards(
        "# Docker\n\nQ: How to write a Dockerfile that prints hello?\nAns:\nDockerfile:\n```\nFROM alpine\nCMD echo hello\n```\nQ: How to remove all images?\n```\ndocker rmi $(docker images -aq)\n```\nQ: What does this print?\n```\necho $((1+1))\n```\n",
    );
    assert_eq!(cards[0].0, "How to write a Dockerfile that prints hello?");
    assert!(cards[0].1.contains("CMD echo hello"), "{cards:?}");
    // With no answer label, code after a question that does not ask about
    // it is the answer; code a question points at is shown with it.
    assert_eq!(cards[1], ("How to remove all images?".to_owned(), "docker rmi $(docker images -aq)".to_owned()));
    assert_eq!(cards.len(), 2, "\"What does this print?\" has no answer: {cards:?}");
}

#[test]
fn placeholder_answers_are_no_answers() {
    let markdown = "# ML\n\n**What is bagging?**\n\nAnswer here\n\n**What is boosting?**\n\nFitting models one after another, each on the errors of the last.\n";
    let fronts = fronts(markdown);
    assert_eq!(fronts, ["What is boosting?"]);
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("converts");
    assert_eq!(loaded.unanswered().len(), 1);
    let report = loaded.check();
    assert!(!report.diagnostics.iter().any(|d| d.code == "uncovered"), "{:#?}", report.diagnostics);
}

#[test]
fn sections_about_the_repository_and_its_preamble_make_no_card() {
    let markdown = "# Interview notes\n\n#### A curated list of questions.\n\nThis repository collects short answers. Read the contribution guidelines and open a pull request.\n\n## Networking\n\n### What is TCP?\n\nA reliable byte stream.\n\n### Contributing\n\nFork it and send a pull request.\n\n## License\n\nMIT.\n";
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("converts");
    let owned: Vec<String> = loaded.deck.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is TCP?"]);
    assert_eq!(loaded.deck.cards[0].back.text().trim(), "A reliable byte stream.", "the next heading still ends it");
    let report = loaded.check();
    assert_eq!((report.coverage.covered, report.coverage.total, report.coverage.navigation), (1, 1, 3));
}

#[test]
fn a_long_answer_never_leaves_a_one_item_tail_or_cuts_at_an_enumerator() {
    let long = "word ".repeat(90);
    let longer = "word ".repeat(238);
    let markdown = format!(
        "# Stats\n\n### What are the weaknesses of MSE?\n\n- It depends on scale, {long}\n- It is sensitive to outliers, {longer}\n- It assumes Gaussian errors\n\n### List the kinds of attributes?\n\nThere are several kinds, including: </br>\ni. *Simple:* {longer} </br>\nii. *Composite:* {longer} </br>\niii. *Derived:* computed from others. </br>\n"
    );
    let cards = cards(&markdown);
    let mse: Vec<&(String, String)> = cards.iter().filter(|c| c.0.contains("MSE")).collect();
    assert!(mse.iter().all(|c| c.1.len() > 200), "a scrap of a part: {mse:#?}");
    assert!(cards.iter().all(|c| !c.1.ends_with("iii.") && !c.1.ends_with("ii.")), "{cards:#?}");
}

#[test]
fn the_introduction_of_a_question_guide_resource_tables_and_copyright_make_no_card() {
    let questions: String =
        (1..=5).map(|i| format!("### What is term {i}?\n\nTerm {i} is the {i}th thing.\n\n")).collect();
    let markdown = format!(
        "# Interview questions\n\nFrequently asked questions, updated every week.\n\n## Basics\n\n{questions}## Resources\n\n| Resource | Why |\n|---|---|\n| [Koans](https://example.com/koans) | Practice |\n| [Tour](https://example.com/tour) | A guided tour |\n\n## Designs\n\n| Question | |\n|---|---|\n| Design a URL shortener | [Solution](https://example.com/a) |\n| Design a feed | [Solution](https://example.com/b) |\n\nCopyright 2024 by the authors.\n"
    );
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", &markdown)).expect("converts");
    let owned: Vec<String> = loaded.deck.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is term 1?", "What is term 2?", "What is term 3?", "What is term 4?", "What is term 5?"]);
    let report = loaded.check();
    assert_eq!(report.coverage.covered, report.coverage.total, "{:#?}", report.diagnostics);
}

#[test]
fn notes_keep_their_introduction() {
    let fronts = fronts(
        "# Notes\n\nThese notes cover the basics of sorting.\n\n## Sorting\n\nMerge sort splits the list in halves.\n",
    );
    assert_eq!(fronts.len(), 2, "{fronts:?}");
}

#[test]
fn what_a_question_points_at_is_on_its_front() {
    let cards = cards(
        "# Stats\n\n### Which of the following statements are true?\n\n1. A p-value is the chance the null is true.\n2. A confidence interval covers the mean 95% of the time.\n\nOnly the second: the first confuses the p-value with a posterior.\n\n### Name the join types:\n\n- inner\n- outer\n",
    );
    assert!(cards[0].0.contains("A p-value is the chance"), "{cards:?}");
    assert_eq!(cards[0].1, "Only the second: the first confuses the p-value with a posterior.");
    assert_eq!(cards[1].1, "- inner\n- outer", "alone, the list answers");
}

#[test]
fn a_lead_in_over_links_to_translations_is_furniture_with_them() {
    let markdown = "# JS questions\n\nList of available languages:\n* [English](./en-EN/README.md)\n* [Deutsch](./de-DE/README.md)\n\n## Basics\n\n### What is hoisting?\n\nDeclarations move to the top of their scope.\n";
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("converts");
    let owned: Vec<String> = loaded.deck.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts, ["What is hoisting?"]);
    let report = loaded.check();
    assert_eq!((report.coverage.covered, report.coverage.total, report.coverage.navigation), (1, 1, 2));
}

#[test]
fn a_later_part_says_which_part_of_the_answer_it_asks_for() {
    let long = "word ".repeat(90);
    let numbered: String = (1..=10).map(|i| format!("{i}. Then step {i} runs, {long}\n")).collect();
    let fronts = fronts(&format!(
        "# K8s\n\n### What happens on deploy?\n\n{numbered}\n### What is a pod?\n\nThe smallest unit: {long}\n\n#### Good to hear\n\n- Pods share a network namespace: {long}\n- Pods are mortal: {long}\n"
    ));
    assert!(
        fronts.iter().any(|f| f.contains("What happens on deploy? (continued, 2/") && f.contains(", items ")),
        "{fronts:#?}"
    );
    assert!(fronts.iter().any(|f| f.starts_with("What is a pod? › Good to hear (continued, 2/")), "{fronts:#?}");
}

#[test]
fn pandoc_fenced_divs_are_topics_named_by_their_title() {
    let markdown = "---\ntitle: Regular sequences\n---\n\n::: {.definition title=\"Regular sequence\"}\nLet $M$ be a module.\nA sequence is regular if each entry is a non-zero-divisor.\n:::\n\n::: {.example title=\"Order matters\"}\nIn $k[x,y,z]$ reordering can break it.\n:::\n";
    let loaded = cardsmith::convert(SourceFile::from_text("notes.md", markdown)).expect("converts");
    let owned: Vec<(String, String)> =
        loaded.deck.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert_eq!(cards[0].0, "Explain: Regular sequence");
    assert!(!cards[0].1.contains(":::") && cards[0].1.ends_with("non-zero-divisor."), "{cards:?}");
    assert_eq!(loaded.deck.cards[0].deck, "Regular sequences", "front matter's title names the guide");
    let report = loaded.check();
    assert_eq!(report.coverage.covered, report.coverage.total, "{:#?}", report.diagnostics);
}

#[test]
fn a_table_row_with_the_same_mark_everywhere_makes_no_card_but_marks_that_differ_do() {
    let fronts = fronts(
        "# Plan\n\n## Timeline\n\n| Task | Short | Long |\n|---|---|---|\n| Read the topics | :+1: | :+1: |\n| Practise designs | Some | Most |\n| Learn joins | ✅ | ❌ |\n",
    );
    assert_eq!(fronts.len(), 2, "{fronts:?}");
    assert!(fronts.iter().all(|f| !f.contains("Read the topics")), "{fronts:?}");
}

#[test]
fn answers_that_only_grade_or_point_elsewhere_are_no_answers() {
    let markdown = "# Python\n\nQ: Write a timing decorator.\nA: [6_answer](Middle/6_decorator_time.py)\n\nQ: What does `yield` do?\nA: It suspends the function and hands a value out.\n\n## Design\n\n* Explain the module pattern.\n  * Bonus points for mentioning a clean namespace.\n  * What if your module has no namespace?\n* What is a closure?\n  * A function with the variables it captured.\n\n# Banner\n";
    let fronts = fronts(markdown);
    assert_eq!(fronts, ["What does yield do?", "What is a closure?"], "{fronts:?}");
}

#[test]
fn a_banner_picture_under_the_title_makes_no_card() {
    let fronts = fronts(
        "# The Primer\n\n<p align=\"center\"><img src=\"https://example.com/banner.png\"></p>\n\n## Caching\n\nA cache keeps recent results close to where they are used.\n",
    );
    assert_eq!(fronts.len(), 1, "{fronts:?}");
}

#[test]
fn options_after_an_options_label_ask_with_the_question() {
    let cards = cards(
        "# Quiz\n\n### Which index suits full-text search?\n\n```sql\nselect * from docs where body @@ to_tsquery('cat');\n```\n\nOptions:\n\n1. B-tree\n2. GIN\n3. Hash\n\nAnswer: 2, GIN indexes each lexeme.\n",
    );
    assert!(cards[0].0.contains("to_tsquery") && cards[0].0.contains("3. Hash"), "{cards:?}");
    assert_eq!(cards[0].1, "Answer: 2, GIN indexes each lexeme.\n\n2. GIN");
}

#[test]
fn a_long_list_of_named_items_keeps_the_names_and_gives_each_item_a_card() {
    let long = "word ".repeat(70);
    let items: String =
        ["Simplicity", "Safety", "Speed", "Tooling"].iter().map(|n| format!("- **{n}:** {long}\n")).collect();
    let cards = cards(&format!("# Go\n\n### Why was Go created?\n\nFor large teams.\n\n{items}"));
    let fronts: Vec<&str> = cards.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        fronts,
        [
            "Why was Go created?",
            "Why was Go created? › Simplicity: key points?",
            "Why was Go created? › Safety: key points?",
            "Why was Go created? › Speed: key points?",
            "Why was Go created? › Tooling: key points?",
        ]
    );
    assert_eq!(cards[0].1, "For large teams.\n\n- Simplicity\n- Safety\n- Speed\n- Tooling");
    assert!(cards[1].1.starts_with("word word"), "the front names it, the back says it: {cards:?}");
}

#[test]
fn dash_numbered_prompts_end_each_others_answers() {
    let fronts = fronts(
        "# JS\n\n1- What is JavaScript?\n\nA language for the web.\n\n2- What is a closure?\n\nA function with its scope.\n\n3- What is hoisting?\n\nDeclarations move up.\n\n4- ES6 features\n\nLet, const and arrow functions.\n",
    );
    assert_eq!(fronts, ["What is JavaScript?", "What is a closure?", "What is hoisting?", "ES6 features"]);
}

#[test]
fn a_labelled_statement_is_the_stem_of_the_question_after_it() {
    let d = deck(
        "# Quiz\n\nВопрос 22.\nКакой индекс нужен?\n\nОтветы:\n1. btree\n2. gin\n\nВыбран 1 ответ.\n\nВопрос 23.\nСуществует таблица логов. Частота вставки выросла.\n\nКак этого достичь?\n\nОтветы:\n1. trigger\n2. constraint\n\nВыбран 1 ответ.\n",
    );
    let owned: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts.len(), 2, "{fronts:?}");
    assert!(
        fronts[1].starts_with("Существует таблица логов.") && fronts[1].contains("Как этого достичь?"),
        "{fronts:?}"
    );
    assert_eq!(d.cards[0].back.markdown.trim(), "Выбран 1 ответ.\n\n**1.** btree", "the next label ends the answer");
}

#[test]
fn an_answer_that_only_links_out_is_none_unless_reading_is_asked_for() {
    let cards = cards(
        "# Python\n\n### How to create a class without a class statement?\n\n[link for learn about](https://example.com/metaclasses)\n\n### Where can I read more about metaclasses?\n\n[The data model](https://docs.python.org/3/reference/datamodel.html)\n\n### How do I price 10,000 stocks?\n\n**Hint**: Check out [the curse of big data](https://example.com/curse).\n\n### What is a metaclass?\n\nThe class of a class. Contributions are welcome!\n\nIt makes classes.\n",
    );
    let fronts: Vec<&str> = cards.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(fronts, ["Where can I read more about metaclasses?", "What is a metaclass?"]);
    assert_eq!(cards[1].1, "It makes classes.", "an invitation to contribute is furniture");
}

#[test]
fn a_value_comment_in_the_code_of_an_output_question_is_not_shown_on_the_front() {
    let cards = cards(
        "# Python\n\nQ: What will be the output of the following code?\n```python\nxs = ['a', 'b']\nprint(xs[10:])  # []\n```\nA: `[]`\n\nQ: What does this code do?\n```python\nxs.sort()  # sorts in place\n```\nA: Sorts the list in place.\n",
    );
    assert!(cards[0].0.contains("print(xs[10:])") && !cards[0].0.contains("# []"), "{cards:?}");
    assert!(cards[1].0.contains("# sorts in place"), "only output questions lose their comments: {cards:?}");
}

#[test]
fn quiz_options_with_none_checked_leave_the_question_unanswered() {
    let markdown = "# Go\n\n#### Q1. How does `t.Fatal` behave inside `t.Run`?\n\n- [ ] No difference.\n- [ ] It crashes the harness.\n- [ ] It stops the subtest only.\n\n#### Q2. Which keyword starts a goroutine?\n\n- [ ] `async`\n- [x] `go`\n- [ ] `spawn`\n";
    let loaded = cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("converts");
    let owned: Vec<String> = loaded.deck.cards.iter().map(|c| c.front.text().into_owned()).collect();
    let fronts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(fronts.len(), 1, "{fronts:?}");
    assert!(fronts[0].starts_with("Which keyword"), "{fronts:?}");
    assert_eq!(loaded.unanswered().len(), 1);
}

#[test]
fn the_introduction_before_the_first_question_and_study_guide_reading_and_todo_sections_make_no_card() {
    let questions: String =
        (1..=5).map(|i| format!("### What is term {i}?\n\nTerm {i} is the {i}th thing.\n\n")).collect();
    let fronts = fronts(&format!(
        "## Advanced questions\n\nHey folks, I collected these for you.\n\n**Best for:** a final review\n\n{questions}## Study guide\n\nRead the topics first.\n\n## Further reading\n\nThe design book is worth a look.\n\n## TODO\n\nAdd answers for chapter 3.\n"
    ));
    assert_eq!(fronts.len(), 5, "{fronts:?}");
}

#[test]
fn prose_that_is_only_a_picture_from_the_web_makes_no_card() {
    let fronts = fronts(
        "# Designs\n\n## Solutions\n\n### Design a web crawler\n\n[![Imgur](http://i.imgur.com/x.png)](http://i.imgur.com/x.png)\n\n### Design a cache\n\n![diagram](cache.png)\n\nAn LRU list in front of the store.\n",
    );
    assert_eq!(fronts, ["Explain: Design a cache"], "{fronts:?}");
}

#[test]
fn a_value_that_differs_from_run_to_run_makes_no_output_card() {
    let d = deck(
        "# Perf\n\n## Timing\n\n```python\nimport time\nstart = time.perf_counter()\ntotal = sum(range(10))\nprint(time.perf_counter() - start)  # 0.0012 s\nprint(total)  # 45\n```\n\n## Sampling\n\n```python\nimport numpy as np\nrng = np.random.default_rng(7)\nprint(rng.integers(0, 10))  # 9\n```\n",
    );
    let owned: Vec<String> =
        d.cards.iter().filter(|c| c.kind.name() == "output").map(|c| c.back.text().trim().to_owned()).collect();
    let outputs: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(outputs, ["45", "9"], "a timing never is a card; a seeded draw is: {outputs:?}");
}

#[test]
fn a_question_under_a_motivation_section_is_content_again() {
    let fronts = fronts(
        "# Primer\n\n## Motivation\n\nYou will be a better engineer.\n\n### Do I need to know everything here?\n\nNo: breadth first, then depth.\n\n## Caching\n\nA cache keeps recent results close.\n",
    );
    assert_eq!(fronts, ["Do I need to know everything here?", "Explain: Caching"], "{fronts:?}");
}

#[test]
fn details_answer_that_mentions_the_repository_keeps_every_paragraph() {
    // A README's opening words about itself are skipped, but an answer
    // saying where Git keeps something is an answer, even before any `##`.
    let d = deck(
        "# Git\n\n<details>\n<summary>What does git stash do?</summary><br><b>\n\nIt shelves uncommitted changes.\n\nThe stash is kept inside the repository, under refs/stash.\n\nClone the project first, then run `git stash pop`.\n</b></details>\n",
    );
    assert_eq!(d.cards.len(), 1);
    let back = d.cards[0].back.text();
    assert!(back.contains("inside the repository") && back.contains("Clone the project"), "{back}");
}

#[test]
fn a_question_heading_ends_the_readme_preamble() {
    let d = deck(
        "# Notes\n\nThis repository collects my notes.\n\n#### What is a bare repository?\n\nThe repository without a working tree: the project's history alone.\n",
    );
    assert_eq!(d.cards.len(), 1);
    assert!(d.cards[0].back.text().contains("without a working tree"), "{}", d.cards[0].back.text());
    assert!(!d.cards[0].back.text().contains("collects my notes"));
}

#[test]
fn q_and_a_labels_on_the_lines_of_one_numbered_item() {
    // Each item was one unanswered question with both lines on its front.
    let d = deck(
        "# Net\n\n1. **Q:** What port does HTTPS use by default?  \n   **A:** Port 443.\n\n   Browsers assume it when no port is given.\n\n2. Q: Is UDP connection-oriented?\n   A: No, it is connectionless.\n",
    );
    let owned: Vec<(String, String)> =
        d.cards.iter().map(|c| (c.front.text().into_owned(), c.back.text().trim().to_owned())).collect();
    let cards: Vec<(&str, &str)> = owned.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(
        cards,
        [
            ("What port does HTTPS use by default?", "Port 443.\n\nBrowsers assume it when no port is given."),
            ("Is UDP connection-oriented?", "No, it is connectionless.")
        ]
    );
}

/// Each card as (front, back), texts trimmed.
fn pairs(markdown: &str) -> Vec<(String, String)> {
    deck(markdown).cards.iter().map(|c| (c.front.text().trim().to_owned(), c.back.text().trim().to_owned())).collect()
}

#[test]
fn plain_text_q_and_ans_lines_are_not_merged_into_one_question() {
    // `Q1. …?` over `Ans: …` read as the stem of the next question, and
    // `Q3.What … - do?` over `Ans: …` as two terms and their definitions.
    let cards = pairs(
        "# Shell\n\nQ1. What does pwd print?\nAns: The current working directory.\n\nQ2. What does ls -a show?\nAns: All entries, hidden ones too.\n\nQ3.What does cd - do?\nAns: It returns to the previous directory.\n\nQ4. Why quote \"$var\"?\n\nAns: Unquoted, it splits on spaces.\n\n- and globs expand\n",
    );
    let expected = [
        ("What does pwd print?", "The current working directory."),
        ("What does ls -a show?", "All entries, hidden ones too."),
        ("What does cd - do?", "It returns to the previous directory."),
        ("Why quote \"$var\"?", "Unquoted, it splits on spaces.\n\n- and globs expand"),
    ];
    let cards: Vec<(&str, &str)> = cards.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards, expected);
}

#[test]
fn labelled_questions_in_one_paragraph_are_cards_of_their_own() {
    // Pasted notes with no blank lines: every question was in the first one's answer.
    let cards = pairs(
        "# Python\n\nQ1. What is a list?\nA mutable sequence.\nQ2. What is a tuple?\nAn immutable sequence.\nIt can be a dict key.\nQ3. What is a set?\nAns: An unordered collection of unique items.\n",
    );
    let fronts: Vec<&str> = cards.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fronts, ["What is a list?", "What is a tuple?", "What is a set?"]);
    assert!(cards[1].1.contains("dict key") && !cards[0].1.contains("tuple"), "{cards:?}");
    assert_eq!(cards[2].1, "An unordered collection of unique items.");
}

#[test]
fn quoted_questions_over_labelled_answers() {
    // The whole section was one "Explain:" card holding every pair.
    let cards = pairs(
        "# Net\n\n## Transport\n\n> Which port does SSH use?\n\n**Answer:** 22, over TCP.\n\n> Why does QUIC run over UDP?\n\n**Answer:** Middleboxes pass UDP, and the kernel's TCP is slow to change.\n\nIt also avoids head-of-line blocking.\n",
    );
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert_eq!(cards[0], ("Which port does SSH use?".to_owned(), "22, over TCP.".to_owned()));
    assert_eq!(cards[1].0, "Why does QUIC run over UDP?");
    assert!(cards[1].1.contains("head-of-line"), "{cards:?}");
}

#[test]
fn a_later_part_after_code_keeps_the_code_block_closed() {
    // " (continued, 2/2)" glued to the closing fence left the block open.
    let points: String =
        (1..14).map(|i| format!("- point {i} says one more thing about what the call prints and why\n")).collect();
    let d = deck(&format!("# T\n\nWhat does this print?\n\n```python\nprint(1)\n```\n\n**Answer:** `1`.\n\n{points}"));
    assert!(d.cards.len() >= 2, "the answer is split into parts");
    for card in &d.cards[1..] {
        let html = card.front.html();
        assert!(html.contains("</code></pre>\n<p>(continued, "), "{html}");
        assert_eq!(html.matches("<pre").count(), 1, "{html}");
    }
    let guids: std::collections::HashSet<&str> = d.cards.iter().map(|c| c.guid.as_str()).collect();
    assert_eq!(guids.len(), d.cards.len());
}

#[test]
fn cheat_sheet_connectors_download_notes_and_index_letters_make_no_card() {
    let d = deck(
        "# Git sheet\n\n## Download the PDF version\n\nGrab a copy from the releases page.\n\n## Branches\n\n##### Delete a remote branch:\n```\n$ git push origin :old\n```\nOR\n```\n$ git push origin --delete old\n```\n\n## Glossary\n\nB\n\n| | |\n|---|---|\n|blob|An object holding a file's bytes.|\n|branch|A movable pointer to a commit.|\n\n## Quiz\n\n### Which option deletes a remote branch?\n\n- A: `git branch -d`\n- B: `git push origin --delete`\n\n<details><summary>Answer</summary>\n\nB\n\n</details>\n",
    );
    let fronts: Vec<String> = d.cards.iter().map(|c| c.front.text().into_owned()).collect();
    assert!(fronts.iter().all(|f| !f.contains("Download") && !f.starts_with("Explain")), "{fronts:?}");
    assert!(fronts.iter().all(|f| !f.contains("::")), "a heading's colon is not doubled: {fronts:?}");
    assert!(d.cards.iter().all(|c| c.back.text().trim() != "OR"));
    let quiz = d.cards.iter().find(|c| c.front.text().contains("Which option")).expect("the quiz question");
    assert!(quiz.back.text().contains('B'), "a lone letter under a question is its answer");
}

#[test]
fn bold_aspect_labels_ask_about_the_topic_not_what_the_label_is() {
    let fronts = fronts(
        "# Storage\n\n## Replication\n\n### Leader-follower\n\n- **Concept**: One node takes writes; the others copy its log.\n- **Pros**: Reads scale out.\n- **Cons**: A failover can lose recent writes.\n",
    );
    assert_eq!(fronts, ["Leader-follower: concept?", "Leader-follower: pros?", "Leader-follower: cons?"]);
}

#[test]
fn a_follow_up_that_says_this_asks_under_its_question() {
    let fronts = fronts(
        "# Maps\n\n#### Why is the table size a power of two?\n\nThe index is `hash & (n - 1)`, cheaper than a modulo.\n\n**How is this enforced?**\n\nThe constructor rounds the capacity up.\n\n**Which map keeps insertion order?**\n\n`LinkedHashMap`.\n\n#### 为什么要重写 hashCode？\n\n相等的对象必须有相等的哈希值。\n\n**如何保证？**\n\n同时重写 equals 和 hashCode。\n",
    );
    assert_eq!(
        fronts,
        [
            "Why is the table size a power of two?",
            "Why is the table size a power of two?\n\nHow is this enforced?",
            "Which map keeps insertion order?",
            "为什么要重写 hashCode？",
            "为什么要重写 hashCode？\n\n如何保证？"
        ]
    );
}

#[test]
fn a_numbered_task_in_a_summary_is_the_question_without_its_number() {
    // "2. Describe …" over a sub-heading lost its question to the sub-heading's sections.
    let fronts = fronts(
        "# Net\n\n<details>\n<summary>1. What is a socket?</summary>\n\nOne end of a connection.\n\n</details>\n\n<details>\n<summary>2. Describe the TCP handshake.</summary>\n\n#### Networking\n\nSYN, then SYN-ACK, then ACK.\n\nSteps:\n\n1. SYN\n2. SYN-ACK\n3. ACK\n\n</details>\n",
    );
    assert_eq!(fronts, ["What is a socket?", "Describe the TCP handshake."]);
}

#[test]
fn notions_in_code_style_mean_rather_than_do() {
    let fronts = fronts(
        "# Probability\n\n## Notation\n\n- `sample space`: $S$, every outcome\n- `event`: a subset $A \\subseteq S$\n\n## Python\n\n- `sorted`: returns a new sorted list\n- `a - b`: the set difference\n",
    );
    assert_eq!(
        fronts,
        [
            "Notation: what does sample space mean?",
            "Notation: what does event mean?",
            "Python: what does sorted do?",
            "Python: what does a - b do?"
        ]
    );
}

#[test]
fn a_table_with_an_unlabelled_totals_row_is_learned_whole() {
    // Its totals row was on no card, while check counted the table covered.
    let d = deck(
        "# Probability\n\n## Joint table\n\n| | B | not B | |\n|---|---|---|---|\n| A | $A \\cap B$ | $A \\cap B^c$ | $A$ |\n| not A | $A^c \\cap B$ | $A^c \\cap B^c$ | $A^c$ |\n| | $B$ | $B^c$ | $S$ |\n",
    );
    assert_eq!(d.cards.len(), 1);
    assert!(d.cards[0].back.markdown.contains("$S$"), "{}", d.cards[0].back.markdown);
}

#[test]
fn a_value_under_an_empty_header_has_no_empty_label() {
    let d = deck(
        "# Ports\n\n| Service | Port | |\n|---|---|---|\n| SSH | 22 | encrypted shell |\n| DNS | 53 | names to addresses |\n",
    );
    assert!(d.cards.iter().all(|c| !c.back.markdown.contains("**:**")), "{:?}", d.cards[0].back.markdown);
    assert!(d.cards[0].back.markdown.contains("encrypted shell"));
}

#[test]
fn contents_entries_over_plain_sub_section_names_make_no_card() {
    let fronts = fronts(
        "# Operating Systems\n\n* [Processes](#processes)\n  * PCB\n  * States\n* [Synchronisation](#synchronisation)\n  * Critical section\n  * Fixes\n    * Lock\n    * Semaphore\n* [Memory](#memory)\n\n## Processes\n\nA process is a program in execution.\n\n## Synchronisation\n\nA lock lets one thread in at a time.\n\n## Memory\n\nPaging splits memory into frames.\n",
    );
    assert!(fronts.iter().all(|f| !f.contains("(#") && !f.contains("Operating Systems")), "{fronts:?}");
    assert_eq!(fronts.len(), 3, "{fronts:?}");
}

#[test]
fn problem_hint_solution_lines_are_exercises() {
    // Each label made a "what is **Problem**?" card.
    let cards = pairs(
        "# tar\n\n## Practice\n\n**Problem:** Pack `logs/` into `logs.tgz`.\n**Hint:** Create, gzip, file.\n**Solution:** `tar -czf logs.tgz logs/`\n**Problem:** List what `logs.tgz` holds.\n**Solution:** `tar -tzf logs.tgz`\nIt reads the archive without extracting it.\n",
    );
    let cards: Vec<(&str, &str)> = cards.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(
        cards,
        [
            ("Pack logs/ into logs.tgz.\n\nHint: Create, gzip, file.", "tar -czf logs.tgz logs/"),
            ("List what logs.tgz holds.", "tar -tzf logs.tgz It reads the archive without extracting it.")
        ]
    );
}

#[test]
fn an_anchor_line_under_a_question_leaves_its_answer_markdown() {
    // `<div id="a1" />` opened an HTML block: the answer's list and code
    // were raw HTML, and `<nav>` in a code span was lost.
    let d = deck(
        "# A11y\n\n- #### [Why prefer `<nav>` over a `<div>`?](#a1)\n  <div id=\"a1\" />\n  - Screen readers map `<nav>` to a landmark.\n  ```html\n  <nav aria-label=\"Main\"></nav>\n  ```\n",
    );
    assert_eq!(d.cards.len(), 1);
    let html = d.cards[0].back.html();
    assert!(html.contains("<code>&lt;nav&gt;</code>") && html.contains("<li>"), "{html}");
    assert!(html.contains("language-html"), "{html}");
}

#[test]
fn a_question_about_this_code_shows_it_on_the_front() {
    let cards = pairs(
        "# Quiz\n\n## A\n\nIs this an infinite loop?\n\n```javascript\nwhile (true) { break; }\n```\n\nNo: `break` leaves it on the first pass.\n\n## B\n\n如下代码会不会死循环?\n\n```javascript\nwhile (true) { break; }\n```\n\n不会。\n\n## C\n\nHow do you do this in Python?\n\n```python\nprint(sorted(xs))\n```\n\nWith `sorted`.\n",
    );
    assert!(cards[0].0.contains("while (true)") && cards[0].1.starts_with("No:"), "{cards:?}");
    assert!(cards[1].0.contains("while (true)") && cards[1].1 == "不会。", "{cards:?}");
    assert!(
        !cards[2].0.contains("sorted(xs)") && cards[2].1.contains("sorted(xs)"),
        "a how-to is answered by its code: {cards:?}"
    );
}

#[test]
fn quoted_questions_answered_in_plain_prose_and_instructions_in_summaries() {
    let cards = pairs(
        "# Node\n\n## Timers\n\nSome words on timers.\n\n> Is `process.nextTick` run before `setImmediate`?\n\nYes: its queue is drained first.\n\n> <a name=\"q-2\"></a> Does `emit` call listeners synchronously?\n\nYes, in order.\n\n## Linux\n\n<details>\n<summary><b>Name three init systems.</b></summary><br>\n\n- systemd\n- SysVinit\n- OpenRC\n\n</details>\n",
    );
    let fronts: Vec<&str> = cards.iter().map(|(f, _)| f.as_str()).collect();
    assert!(fronts.contains(&"Is process.nextTick run before setImmediate?"), "{fronts:?}");
    assert!(fronts.contains(&"Does emit call listeners synchronously?"), "{fronts:?}");
    assert!(fronts.contains(&"Name three init systems."), "{fronts:?}");
    let next_tick = cards.iter().find(|(f, _)| f.starts_with("Is process")).expect("nextTick card");
    assert_eq!(next_tick.1, "Yes: its queue is drained first.", "the answer stops at the next quoted question");
}

#[test]
fn a_percent_line_splits_a_section_into_prompt_and_answer() {
    // mdanki's notes: the answer (and a list under a lead-in) made
    // "Explain" cards, or a `%` on the back.
    let cards = pairs(
        "# ML\n\n## Datasets\n\nWhich three datasets does training use?\n\n%\n\nTrain - for learning.\nValidation - for choosing hyperparameters.\nTest - for the final score.\n\n## What is unsupervised learning?\n\nWhat does supervision mean?\n\n%\n\nLearning from data without labels.\n",
    );
    let cards: Vec<(&str, &str)> = cards.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert_eq!(cards[0].0, "Which three datasets does training use?");
    assert!(cards[0].1.starts_with("Train - for learning.") && cards[0].1.contains("final score"), "{cards:?}");
    assert_eq!(
        cards[1],
        ("What is unsupervised learning?\n\nWhat does supervision mean?", "Learning from data without labels.")
    );
}

#[test]
fn bold_questions_with_their_answer_on_the_same_line_or_in_a_quote() {
    let cards = pairs(
        "# Servlets\n\n## Basics\n\n**What is a servlet?** A class that answers HTTP requests.\n\n**What does a filter do?** It runs before the servlet.\n\n**Q: What is session tracking?**  \nA: Keeping state across requests.\n\n> **Q: Why pool connections?**  \n> **A:** Opening one is slow.\n\n### What is the difference between DELETE and TRUNCATE?\n**Answer**:\n- DELETE can be rolled back\n- TRUNCATE cannot\n",
    );
    let cards: Vec<(&str, &str)> = cards.iter().map(|(f, b)| (f.as_str(), b.as_str())).collect();
    assert_eq!(
        cards,
        [
            ("What is a servlet?", "A class that answers HTTP requests."),
            ("What does a filter do?", "It runs before the servlet."),
            ("What is session tracking?", "Keeping state across requests."),
            ("Why pool connections?", "Opening one is slow."),
            ("What is the difference between DELETE and TRUNCATE?", "- DELETE can be rolled back\n- TRUNCATE cannot")
        ]
    );
}

#[test]
fn a_heading_naming_a_difference_asks_it() {
    // Its lead-ins, lists and summary were six cards of one answer.
    let fronts = fronts(
        "# Java\n\n## Basics\n\n### Difference between JDK and JRE\n\nJRE: runs programs.\n\n- JVM\n- class libraries\n\nJDK: builds them.\n\n- the JRE\n- javac\n\n### JDK和JRE的区别\n\nJRE 运行程序，JDK 开发程序。\n\n- JVM\n- javac\n",
    );
    assert_eq!(fronts, ["Difference between JDK and JRE", "JDK和JRE的区别"]);
}

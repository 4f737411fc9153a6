//! Prompts in the guide's language: detected from its prose or set by
//! front matter `lang:`, with the language's plural forms.

use insta::assert_yaml_snapshot;

use crate::util::views;

const RUSSIAN: &str = include_str!("../corpus/lang/ru-concurrency.md");
const GERMAN: &str = include_str!("../corpus/lang/de-netze.md");
const FRENCH_BY_FRONT_MATTER: &str = include_str!("../corpus/lang/en-but-says-fr.md");

fn fronts(guide: &str) -> Vec<String> {
    views(guide).into_iter().map(|c| format!("{}: {}", c.kind, c.front)).collect()
}

#[test]
fn a_russian_guide_gets_russian_prompts() {
    let fronts = fronts(RUSSIAN);
    assert_yaml_snapshot!(fronts);
    let all = fronts.join("\n");
    assert!(all.contains("definition: Примитивы: что такое Мьютекс?"), "{all}");
    assert!(all.contains("Объясните: Примитивы"), "{all}");
    // Plural forms: 3 → "пункта", 5 → "шагов".
    assert!(all.contains("Виды блокировок: назовите все 3 пункта."), "{all}");
    assert!(all.contains("Этапы работы пула: назовите все 5 шагов по порядку."), "{all}");
    assert!(all.contains("напишите `worker(num)`, используя `threading.Thread`, `start()` и `join()`."), "{all}");
    for english in ["name all", "Explain", "key points", "write the", "what is", " and "] {
        assert!(!all.contains(english), "English `{english}` in a Russian guide:\n{all}");
    }
}

#[test]
fn front_matter_lang_sets_german() {
    let fronts = fronts(GERMAN);
    assert_yaml_snapshot!(fronts);
    let all = fronts.join("\n");
    assert!(all.contains("Grundlagen: was ist TCP?"), "{all}");
    assert!(all.contains("Schichten: nenne alle 3."), "{all}");
    assert!(all.contains("schreibe die Shell-Befehle mit `ping` und `curl`."), "{all}");
}

#[test]
fn front_matter_lang_wins_over_the_text() {
    let all = fronts(FRENCH_BY_FRONT_MATTER).join("\n");
    assert!(all.contains("Basics : citez les 2."), "{all}");
}

#[test]
fn an_unknown_lang_is_reported_and_the_text_decides() {
    let guide = "---\nlang: pt\n---\n# Networking\n\n## Basics\n\n- TCP\n- UDP\n";
    let all = fronts(guide).join("\n");
    assert!(all.contains("Basics: name all 2."), "{all}");
    let project = crate::util::Project::new().file("g.md", guide);
    let run = project.run(&["check", "g.md"]).code(1);
    assert!(run.stderr().contains("g.md:1: front matter `lang: pt` is not a shipped language"), "{}", run.stderr());
}

//! Fence info strings with attributes (` ```rust,ignore `, ` ```python {1,3} `,
//! ` ```js title="x.js" `) name their language everywhere code is shown:
//! on code cards and in answers alike; shell sessions are highlighted as
//! such.

use crate::util::deck;

const GUIDE: &str = r#"# Fences

## Answers

### How do you keep a doctest from running?
Mark the block:

```rust,ignore
fn main() { let answer = compute(); }
```

### Which lines does the highlight mark?
```python {1,3}
def twice(x):
    y = x * 2
    return y
```

### How is a module named?
```js title="x.js"
export const answer = 42;
```

### How do you list changed files?
```console
$ git status --short
 M src/lib.rs
```

## Code

Sum the numbers:

```python {2}
def total(xs):
    return sum(xs)
```
"#;

#[test]
fn attributes_never_hide_the_language() {
    let d = deck(GUIDE);
    let shown = |front: &str| {
        let card = d.cards.iter().find(|c| c.front.text().contains(front)).unwrap_or_else(|| panic!("no card {front}"));
        (card.back.deck_html().into_owned(), card.back.html().into_owned())
    };
    for (front, language, token) in [
        ("doctest", "rust,ignore", "compute"),
        ("highlight mark", "python", "return"),
        ("module named", "js", "export"),
        ("changed files", "console", "git"),
    ] {
        let (deck, portable) = shown(front);
        assert!(deck.contains("<span class=\"hl-l"), "{language}: no colours in the deck: {deck}");
        assert!(portable.contains("<span style=\"color:#"), "{language}: no colours in CSV/JSON: {portable}");
        assert!(deck.contains(token), "{deck}");
    }
    let code = d.cards.iter().find(|c| c.kind.name() == "code").expect("a code card");
    assert!(code.back.deck_html().contains("<span class=\"hl-l"), "code card: {}", code.back.deck_html());
}

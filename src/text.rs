//! Text shortened for a message, a report or a record: one line, white
//! space collapsed, at most so many characters, `…` marking a cut. The one
//! place every message that quotes a question or a line goes through; and
//! where a tag ends, for the code that reads HTML as text.

/// `text` on one line, at most `max` characters, `…` last when cut. Reads
/// no further than it shows, so quoting a long code front costs little.
pub fn one_line(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let mut chars = text.split_whitespace().flat_map(|word| std::iter::once(' ').chain(word.chars())).skip(1);
    let mut out = String::new();
    for (i, c) in chars.by_ref().enumerate() {
        if i == max {
            // One more to show: cut to leave room for the mark.
            let end = out.char_indices().nth(max.saturating_sub(1)).map_or(out.len(), |(at, _)| at);
            out.truncate(end);
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// Where the `>` closing an HTML tag is in `tag` (the text after its `<`),
/// quoted attribute values skipped; none when it is not closed.
pub(crate) fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_line_within_the_limit_is_only_collapsed() {
        assert_eq!(one_line("  What is\n  TCP?  ", 20), "What is TCP?");
        assert_eq!(one_line("abcde", 5), "abcde");
        assert_eq!(one_line("", 5), "");
        assert_eq!(one_line("abc", 0), "", "no room, not even for the mark");
    }

    #[test]
    fn a_longer_line_is_cut_to_the_limit_with_the_mark() {
        assert_eq!(one_line("abcdef", 5), "abcd…");
        assert_eq!(one_line("été à la mer", 6), "été à…");
        assert_eq!(one_line("a b c d", 4).chars().count(), 4);
    }
}

//! A code block parsed once, kept as tokens: each line's pieces with their
//! look in both palettes. Any selection of the block's lines (the block, a
//! part of it, an output card's window, a line cut short) is written from
//! them in either markup without parsing again, each line coloured as it is
//! in its block.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use syntect::highlighting::{Color, FontStyle, Style};
use syntect::util::LinesWithEndings;

use super::palette::{self, LIGHT, Palette};
use super::{Colours, push_escaped, push_hex};

/// A palette colour number and font bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Look {
    colour: u16,
    font: u8,
}

impl Look {
    pub(super) fn of(style: Style, palette: &Palette) -> Self {
        let colour = u16::try_from(palette.number_of(style.foreground)).unwrap_or(0);
        Self { colour, font: style.font_style.bits() }
    }

    fn ink(self) -> palette::Ink {
        (usize::from(self.colour), FontStyle::from_bits_truncate(self.font))
    }

    /// The block's own colour and font, which the `<pre>` sets.
    fn plain(self) -> bool {
        self.colour == 0 && self.font == 0
    }
}

/// A token: where it ends in its line (bytes) and its look, light and night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    end: u32,
    light: Look,
    dark: Look,
}

/// Where a line of a selection comes from: a line of the block, or its own
/// parse (a line the block does not have, such as `# …`).
#[derive(Debug)]
pub(super) enum Row {
    Block(u32),
    Own(Box<[Token]>),
}

/// A block's tokens, line by line.
#[derive(Debug)]
pub(super) struct Tokens {
    /// Where each line starts in the block's text, and its end.
    text_starts: Vec<u32>,
    /// Where each line's tokens start in `tokens`, and one past the last.
    token_starts: Vec<u32>,
    tokens: Vec<Token>,
    /// Line numbers by a hash of their text, made on first need.
    index: OnceLock<HashMap<u64, Vec<u32>>>,
    /// Whether the last token so far is only spaces (a line's indent).
    last_blank: bool,
}

impl Default for Tokens {
    fn default() -> Self {
        Self {
            text_starts: vec![0],
            token_starts: vec![0],
            tokens: Vec::new(),
            index: OnceLock::new(),
            last_blank: false,
        }
    }
}

impl Tokens {
    /// Adds a token of the line being built, `text` ending at byte `end`
    /// of that line. Spaces after a token, and a token looking like the one
    /// before, join it: neither ever changes a span. (A token after an
    /// indent does not join it: its span starts after the indent.)
    pub(super) fn push(&mut self, end: usize, text: &str, (light, dark): (Look, Look)) {
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        let token = Token { end, light, dark };
        let blank = text.trim().is_empty();
        let line_start = self.token_starts.last().copied().unwrap_or(0) as usize;
        if let Some(last) = self.tokens.get_mut(line_start..).and_then(<[Token]>::last_mut)
            && (blank || (!self.last_blank && (last.light, last.dark) == (token.light, token.dark)))
        {
            last.end = end;
            return;
        }
        self.tokens.push(token);
        self.last_blank = blank;
    }

    /// Closes the line being built, `len` bytes long.
    pub(super) fn end_line(&mut self, len: usize) {
        let start = self.text_starts.last().copied().unwrap_or(0);
        self.text_starts.push(start + u32::try_from(len).unwrap_or(u32::MAX));
        self.token_starts.push(u32::try_from(self.tokens.len()).unwrap_or(u32::MAX));
    }

    /// Lets go of spare capacity: a large guide keeps every block's tokens
    /// until its outputs are written.
    pub(super) fn finish(mut self) -> Self {
        self.text_starts.shrink_to_fit();
        self.token_starts.shrink_to_fit();
        self.tokens.shrink_to_fit();
        self
    }

    fn lines(&self) -> usize {
        self.token_starts.len() - 1
    }

    fn line_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.token_starts[i] as usize..self.token_starts[i + 1] as usize]
    }

    /// Line `i` of `block` (whose tokens these are), without its newline.
    fn line_text<'a>(&self, block: &'a str, i: usize) -> &'a str {
        let text = &block[self.text_starts[i] as usize..self.text_starts[i + 1] as usize];
        text.strip_suffix('\n').unwrap_or(text)
    }

    /// Appends these tokens to `out`, for [`Tokens::decode`].
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        for list in [&self.text_starts, &self.token_starts] {
            put_len(out, list.len());
            out.extend(list.iter().flat_map(|n| n.to_le_bytes()));
        }
        put_len(out, self.tokens.len());
        for token in &self.tokens {
            out.extend(token.end.to_le_bytes());
            for look in [token.light, token.dark] {
                out.extend(look.colour.to_le_bytes());
                out.push(look.font);
            }
        }
    }

    /// The tokens [`Tokens::encode`] wrote for `block`, or none when the
    /// bytes do not hold tokens that fit it (lines on its character
    /// boundaries, tokens within their lines, colours in the palette).
    pub(super) fn decode(mut bytes: &[u8], block: &str) -> Option<Self> {
        let text_starts = take_u32s(&mut bytes)?;
        let token_starts = take_u32s(&mut bytes)?;
        let count = take_len(&mut bytes)?;
        let tokens: Vec<Token> = bytes
            .get(..count.checked_mul(10)?)?
            .chunks_exact(10)
            .map(|t| {
                let look = |at: usize| Look { colour: u16::from_le_bytes([t[at], t[at + 1]]), font: t[at + 2] };
                Token { end: u32::from_le_bytes([t[0], t[1], t[2], t[3]]), light: look(4), dark: look(7) }
            })
            .collect();
        if bytes.len() != count * 10 {
            return None;
        }
        let tokens = Self { text_starts, token_starts, tokens, index: OnceLock::new(), last_blank: false };
        tokens.fits(block).then_some(tokens)
    }

    fn fits(&self, block: &str) -> bool {
        let (texts, starts) = (&self.text_starts, &self.token_starts);
        let sorted = |list: &[u32]| list.windows(2).all(|w| w[0] <= w[1]);
        if texts.len() != starts.len()
            || texts.first() != Some(&0)
            || starts.first() != Some(&0)
            || texts.last().map(|&n| n as usize) != Some(block.len())
            || starts.last().map(|&n| n as usize) != Some(self.tokens.len())
            || !sorted(texts)
            || !sorted(starts)
            || !texts.iter().all(|&n| block.is_char_boundary(n as usize))
        {
            return false;
        }
        let (light, dark) = (palette::LIGHT.colours().len(), palette::DARK.colours().len());
        (0..self.lines()).all(|i| {
            let line = self.line_text(block, i);
            let tokens = self.line_tokens(i);
            tokens.iter().all(|t| {
                (t.end as usize) <= line.len() + 1
                    && usize::from(t.light.colour) < light
                    && usize::from(t.dark.colour) < dark
            }) && tokens.windows(2).all(|w| w[0].end <= w[1].end)
        })
    }

    /// What these tokens take in memory, roughly.
    pub(super) fn bytes(&self) -> usize {
        self.tokens.len() * size_of::<Token>() + self.token_starts.len() * 8 + 64
    }

    /// Every line, in `colours`, in a string of its own (kept: sized exactly).
    pub(super) fn write(&self, block: &str, colours: Colours) -> String {
        let mut out = String::new();
        self.write_into(&mut out, block, colours);
        out.shrink_to_fit();
        out
    }

    /// Every line, in `colours`, appended to `out`.
    pub(super) fn write_into(&self, out: &mut String, block: &str, colours: Colours) {
        let mut writer = Writer::new(out, colours, block.len());
        for (i, line) in LinesWithEndings::from(block).enumerate().take(self.lines()) {
            writer.line(line, self.line_tokens(i));
        }
        writer.finish();
    }

    /// Where each line of `snippet` comes from, when its lines are lines
    /// of `block` (these tokens'), some cut short, with a few of its own
    /// (`fresh` parses those). `None` when fewer than half its lines come
    /// from the block: it is not a selection of it, and reads better parsed
    /// on its own.
    pub(super) fn select(
        &self,
        block: &str,
        snippet: &str,
        fresh: impl Fn(&str) -> Option<Tokens>,
    ) -> Option<Vec<Row>> {
        let lines: Vec<&str> = LinesWithEndings::from(snippet).collect();
        let found = self.align(block, &lines);
        if found.iter().filter(|f| f.is_some()).count() * 2 < lines.len() {
            return None;
        }
        lines
            .iter()
            .zip(found)
            .map(|(line, found)| match found {
                Some(i) => Some(Row::Block(u32::try_from(i).ok()?)),
                None => fresh(line).map(|own| Row::Own(own.line_tokens(0).into())),
            })
            .collect()
    }

    /// `snippet` in `colours`, its lines coming from `rows` ([`Self::select`]),
    /// appended to `out`.
    pub(super) fn write_rows(&self, out: &mut String, snippet: &str, rows: &[Row], colours: Colours) {
        let mut writer = Writer::new(out, colours, snippet.len());
        for (line, row) in LinesWithEndings::from(snippet).zip(rows) {
            match row {
                Row::Block(i) => writer.line(line, self.line_tokens(*i as usize)),
                Row::Own(own) => writer.line(line, own),
            }
        }
        writer.finish();
    }

    /// For each snippet line, the block line it shows: the one at the
    /// cursor when it is the same or starts with it (an output card's line
    /// without its comment), else the next one with the same text.
    fn align(&self, block: &str, lines: &[&str]) -> Vec<Option<usize>> {
        let mut cursor = 0;
        lines
            .iter()
            .map(|line| {
                let line = line.strip_suffix('\n').unwrap_or(line);
                let at_cursor = (cursor < self.lines()).then(|| self.line_text(block, cursor));
                let found = match at_cursor {
                    Some(text) if text == line || self.cut_short(text, line, cursor) => Some(cursor),
                    _ => self.next_line(block, line, cursor),
                };
                if let Some(i) = found {
                    cursor = i + 1;
                }
                found
            })
            .collect()
    }

    /// Whether `line` is block line `i` (`text`) cut short where a token
    /// or a space ends: a value line without its comment.
    fn cut_short(&self, text: &str, line: &str, i: usize) -> bool {
        let Some(rest) = text.strip_prefix(line) else { return false };
        !line.trim().is_empty()
            && (rest.starts_with(char::is_whitespace)
                || self.line_tokens(i).iter().any(|t| t.end as usize == line.len()))
    }

    /// The first line from `from` on that reads `line`: looked for in turn
    /// in a block of ordinary length, through an index in a long one.
    fn next_line(&self, block: &str, line: &str, from: usize) -> Option<usize> {
        if self.lines() <= INDEXED_FROM {
            return (from..self.lines()).find(|&i| self.line_text(block, i) == line);
        }
        let at = self.index(block).get(&hash(line))?;
        let start = at.partition_point(|&i| (i as usize) < from);
        at[start..].iter().map(|&i| i as usize).find(|&i| self.line_text(block, i) == line)
    }

    fn index(&self, block: &str) -> &HashMap<u64, Vec<u32>> {
        self.index.get_or_init(|| {
            let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
            for i in 0..self.lines() {
                index.entry(hash(self.line_text(block, i))).or_default().push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            index
        })
    }
}

/// Blocks longer than this get an index of their lines.
const INDEXED_FROM: usize = 200;

/// A length as the parse files write it: four bytes, little-endian.
pub(super) fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend(u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn take_len(bytes: &mut &[u8]) -> Option<usize> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    *bytes = rest;
    Some(u32::from_le_bytes(*head) as usize)
}

fn take_u32s(bytes: &mut &[u8]) -> Option<Vec<u32>> {
    let count = take_len(bytes)?;
    let (list, rest) = bytes.split_at_checked(count.checked_mul(4)?)?;
    *bytes = rest;
    Some(list.chunks_exact(4).map(|n| u32::from_le_bytes([n[0], n[1], n[2], n[3]])).collect())
}

fn hash(line: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    line.hash(&mut hasher);
    hasher.finish()
}

/// Writes lines of code in one markup. Text in the block's own colours gets
/// no span, neighbours alike share one, and spaces never open one.
struct Writer<'a> {
    out: &'a mut String,
    colours: Colours,
    open: Option<(Look, Look)>,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut String, colours: Colours, size: usize) -> Self {
        let factor = if colours == Colours::Classes { 6 } else { 12 };
        out.reserve(size * factor);
        Self { out, colours, open: None }
    }

    /// `text`, one line, with tokens for it; tokens past its end (a line
    /// cut short) are cut too, and text past the last token (a newline)
    /// goes on in the look before it.
    fn line(&mut self, text: &str, tokens: &[Token]) {
        let mut from = 0;
        for token in tokens {
            let end = (token.end as usize).min(text.len());
            if end <= from || !text.is_char_boundary(end) {
                continue;
            }
            self.token(&text[from..end], token.light, token.dark);
            from = end;
        }
        push_escaped(self.out, &text[from..]);
    }

    fn token(&mut self, text: &str, light: Look, dark: Look) {
        let wanted = match self.colours {
            Colours::Classes => (!(light.plain() && dark.plain())).then_some((light, dark)),
            // Inline colours are the light palette's alone.
            Colours::Inline => (!light.plain()).then_some((light, light)),
        };
        if wanted != self.open && !text.trim().is_empty() {
            if self.open.is_some() {
                self.out.push_str("</span>");
            }
            if let Some((light, dark)) = wanted {
                match self.colours {
                    Colours::Classes => {
                        self.out.push_str("<span class=\"");
                        palette::push_classes(self.out, light.ink(), dark.ink());
                    }
                    Colours::Inline => push_inline_style(self.out, light),
                }
                self.out.push_str("\">");
            }
            self.open = wanted;
        }
        push_escaped(self.out, text);
    }

    fn finish(self) {
        if self.open.is_some() {
            self.out.push_str("</span>");
        }
    }
}

/// `<span style="color:…;` and the font, for a light look.
fn push_inline_style(out: &mut String, look: Look) {
    let colour: Color = LIGHT.colours().get(usize::from(look.colour)).copied().unwrap_or(LIGHT.foreground);
    out.push_str("<span style=\"color:");
    push_hex(out, colour);
    out.push(';');
    let font = FontStyle::from_bits_truncate(look.font);
    for (flag, css) in [
        (FontStyle::BOLD, "font-weight:bold;"),
        (FontStyle::ITALIC, "font-style:italic;"),
        (FontStyle::UNDERLINE, "text-decoration:underline;"),
    ] {
        if font.contains(flag) {
            out.push_str(css);
        }
    }
}

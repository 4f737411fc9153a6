//! Code colours as data: two themes, Coldark Cold (light) and Coldark Dark
//! (night), both drawn for legibility (every colour at least 4.5:1 against
//! its background), turned into palettes. A token of code carries the
//! number of its colour in each palette (`hl-l3 hl-d7`, plus `hl-lb`… for
//! bold, italic or underline), and the stylesheet gives every number its
//! colour. Night rules are more specific than light ones and every token
//! names a night colour, so no light colour can show through in night mode.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use syntect::highlighting::{Color, FontStyle, Highlighter, Theme};

use super::hex;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

pub fn light_theme() -> &'static Theme {
    THEMES.get(EmbeddedThemeName::ColdarkCold)
}

pub fn dark_theme() -> &'static Theme {
    THEMES.get(EmbeddedThemeName::ColdarkDark)
}

/// Selectors that mean night mode: Anki's desktop and iOS class, and
/// AnkiDroid's.
pub const NIGHT: [&str; 2] = [".nightMode", ".night_mode"];

/// One theme's colours, numbered.
#[derive(Debug)]
pub struct Palette {
    pub background: Color,
    /// The colour of unstyled code; number 0.
    pub foreground: Color,
    colours: Vec<Color>,
    numbers: HashMap<(u8, u8, u8), usize>,
}

impl Palette {
    fn of(theme: &Theme) -> Self {
        let foreground = Highlighter::new(theme).get_default().foreground;
        let background = theme.settings.background.unwrap_or(Color { r: 255, g: 255, b: 255, a: 255 });
        let mut palette = Self { background, foreground, colours: Vec::new(), numbers: HashMap::new() };
        palette.number(foreground);
        for item in &theme.scopes {
            if let Some(colour) = item.style.foreground {
                palette.number(colour);
            }
        }
        palette
    }

    fn number(&mut self, colour: Color) -> usize {
        let key = (colour.r, colour.g, colour.b);
        if let Some(&n) = self.numbers.get(&key) {
            return n;
        }
        self.colours.push(colour);
        self.numbers.insert(key, self.colours.len() - 1);
        self.colours.len() - 1
    }

    /// The number of a colour the theme gives (0, the foreground, for any
    /// other: a theme's styles only ever use its own colours).
    pub fn number_of(&self, colour: Color) -> usize {
        self.numbers.get(&(colour.r, colour.g, colour.b)).copied().unwrap_or(0)
    }

    /// Every colour, by number.
    pub fn colours(&self) -> &[Color] {
        &self.colours
    }
}

pub static LIGHT: LazyLock<Palette> = LazyLock::new(|| Palette::of(light_theme()));
pub static DARK: LazyLock<Palette> = LazyLock::new(|| Palette::of(dark_theme()));

/// A token's look in one palette: its colour's number and its font.
pub type Ink = (usize, FontStyle);

/// The classes of a token: its colour and font in each palette.
pub fn push_classes(out: &mut String, light: Ink, dark: Ink) {
    let _ = write!(out, "hl-l{} hl-d{}", light.0, dark.0);
    for (side, font) in [("l", light.1), ("d", dark.1)] {
        for (flag, letter) in FONT_FLAGS {
            if font.contains(flag) {
                let _ = write!(out, " hl-{side}{letter}");
            }
        }
    }
}

const FONT_FLAGS: [(FontStyle, char); 3] =
    [(FontStyle::BOLD, 'b'), (FontStyle::ITALIC, 'i'), (FontStyle::UNDERLINE, 'u')];

fn font_rule(letter: char, on: bool) -> &'static str {
    match (letter, on) {
        ('b', true) => "font-weight: bold",
        ('b', false) => "font-weight: normal",
        ('i', true) => "font-style: italic",
        ('i', false) => "font-style: normal",
        (_, true) => "text-decoration: underline",
        (_, false) => "text-decoration: none",
    }
}

/// The rules that colour code blocks (`pre.cs-code`) in both modes.
pub fn stylesheet() -> String {
    let night = |selector: &str| NIGHT.map(|n| format!("{n} {selector}")).join(", ");
    let mut css = String::new();
    let (light, dark) = (&*LIGHT, &*DARK);
    // A block wider than the screen scrolls sideways; a shadow at the edge
    // it scrolls towards says so. The shadows are backgrounds: covers that
    // scroll with the code (`local`) hide them at either end.
    let block = |palette: &Palette, shadow: &str| {
        let bg = hex(palette.background);
        format!(
            "color: {fg}; background-color: {bg}; background: \
             linear-gradient(to right, {bg} 30%, {clear}) left center / 2.2em 100% no-repeat local, \
             linear-gradient(to left, {bg} 30%, {clear}) right center / 2.2em 100% no-repeat local, \
             radial-gradient(farthest-side at 0 50%, {shadow}, transparent) left center / 0.9em 100% no-repeat scroll, \
             radial-gradient(farthest-side at 100% 50%, {shadow}, transparent) right center / 0.9em 100% no-repeat scroll, \
             {bg};",
            fg = hex(palette.foreground),
            clear = transparent(palette.background),
        )
    };
    let _ = writeln!(css, "pre.cs-code {{ {} }}", block(light, "rgba(17, 27, 39, 0.32)"));
    let _ = writeln!(css, "{} {{ {} }}", night("pre.cs-code"), block(dark, "rgba(227, 234, 242, 0.30)"));
    for (n, colour) in light.colours().iter().enumerate() {
        let _ = writeln!(css, "pre.cs-code .hl-l{n} {{ color: {}; }}", hex(*colour));
    }
    for (_, letter) in FONT_FLAGS {
        let _ = writeln!(css, "pre.cs-code .hl-l{letter} {{ {}; }}", font_rule(letter, true));
        // In night mode the light font is undone, then the night one applied.
        let _ = writeln!(css, "{} {{ {}; }}", night(&format!("pre.cs-code .hl-l{letter}")), font_rule(letter, false));
    }
    for (n, colour) in dark.colours().iter().enumerate() {
        let _ = writeln!(css, "{} {{ color: {}; }}", night(&format!("pre.cs-code .hl-d{n}")), hex(*colour));
    }
    for (_, letter) in FONT_FLAGS {
        let _ = writeln!(css, "{} {{ {}; }}", night(&format!("pre.cs-code .hl-d{letter}")), font_rule(letter, true));
    }
    css
}

/// A colour at no opacity (for gradients that fade into it).
fn transparent(c: Color) -> String {
    format!("rgba({}, {}, {}, 0)", c.r, c.g, c.b)
}

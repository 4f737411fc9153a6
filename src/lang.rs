//! Languages: takes a guide's prose (or its front matter's `lang:`), gives
//! the language its card prompts are written in, and the prompts
//! themselves from that language's Fluent message file in `locales/`.
//! Every file there is built in; a language is recognised by the script
//! and the frequent words its file names (`lang-script`, `lang-words`).

use std::collections::HashSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// `(tag, file)` for every file in `locales/`, sorted by tag.
const LOCALES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// Below this many letters of prose a guide is taken to be English.
const MIN_LETTERS: usize = 40;

/// A shipped language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(usize);

struct Locale {
    bundle: FluentBundle<FluentResource>,
    script: Script,
    words: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Han,
}

static LOADED: LazyLock<Vec<Locale>> = LazyLock::new(|| LOCALES.iter().map(|(tag, text)| load(tag, text)).collect());

fn load(tag: &'static str, text: &str) -> Locale {
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(_, errors)| {
        panic!("locales/{tag}.ftl does not parse: {errors:?}");
    });
    let id: LanguageIdentifier = tag.parse().unwrap_or_else(|_| panic!("locales/{tag}.ftl: not a language tag"));
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Prompts are plain text in a card, not bidirectional UI strings.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("locales/{tag}.ftl: {errors:?}"));
    let raw = |id: &str| {
        let message = bundle.get_message(id).and_then(|m| m.value());
        message.map(|p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned()).unwrap_or_default()
    };
    let script = match raw("lang-script").as_str() {
        "Cyrillic" => Script::Cyrillic,
        "Han" => Script::Han,
        _ => Script::Latin,
    };
    let words = raw("lang-words").split_whitespace().map(str::to_owned).collect();
    Locale { bundle, script, words }
}

/// A value for a message's variable.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(&'a str),
    Count(usize),
}

impl Lang {
    pub const ENGLISH_TAG: &'static str = "en";

    pub fn english() -> Self {
        Self::from_tag(Self::ENGLISH_TAG).expect("English is shipped")
    }

    /// The shipped language for a tag: `ru`, `de-AT`, `zh_CN`, `EN`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        LOCALES.iter().position(|(t, _)| *t == primary).map(Self)
    }

    #[cfg(test)]
    pub fn tag(self) -> &'static str {
        LOCALES[self.0].0
    }

    /// Every shipped language's tag.
    pub fn tags() -> impl Iterator<Item = &'static str> {
        LOCALES.iter().map(|(tag, _)| *tag)
    }

    /// The language a guide's prose is written in: by script first
    /// (Cyrillic, Han), then by its most frequent short words; English when
    /// there is too little prose to tell.
    pub fn detect(prose: &str) -> Self {
        let (mut latin, mut cyrillic, mut han) = (0usize, 0usize, 0usize);
        for c in prose.chars() {
            match c {
                'a'..='z' | 'A'..='Z' | 'À'..='ɏ' => latin += 1,
                'Ѐ'..='ӿ' => cyrillic += 1,
                '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => han += 1,
                _ => {}
            }
        }
        // A Han character counts thrice: it says what a Latin word does.
        let letters = latin + cyrillic + 3 * han;
        if letters < MIN_LETTERS {
            return Self::english();
        }
        let script = if cyrillic * 3 >= letters {
            Script::Cyrillic
        } else if 3 * han * 3 >= letters {
            Script::Han
        } else {
            Script::Latin
        };
        let candidates: Vec<usize> = (0..LOADED.len()).filter(|&i| LOADED[i].script == script).collect();
        if candidates.len() == 1 {
            return Self(candidates[0]);
        }
        let mut counts = vec![0usize; LOADED.len()];
        for word in prose.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            if word.is_empty() || word.len() > 6 {
                continue;
            }
            let word = word.to_lowercase();
            for &i in &candidates {
                counts[i] += usize::from(LOADED[i].words.contains(&word));
            }
        }
        let english = Self::english().0;
        // Ties go to English, then to the first tag.
        let best = candidates.iter().copied().max_by_key(|&i| (counts[i], i == english, std::cmp::Reverse(i)));
        match best {
            Some(i) if counts[i] > 0 => Self(i),
            _ => Self::english(),
        }
    }

    /// A prompt from this language's file, English when the file lacks it.
    pub fn say(self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent.set(*name, FluentValue::from(*text)),
                Arg::Count(n) => fluent.set(*name, FluentValue::from(*n)),
            }
        }
        let format = |locale: &Locale| {
            let pattern = locale.bundle.get_message(id)?.value()?;
            Some(locale.bundle.format_pattern(pattern, Some(&fluent), &mut Vec::new()).into_owned())
        };
        format(&LOADED[self.0])
            .or_else(|| format(&LOADED[Self::english().0]))
            .unwrap_or_else(|| panic!("no message `{id}` in locales/en.ftl"))
    }

    /// `a`, `a and b`, `a, b and c`, in this language.
    pub fn and_list(self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                let sep = if LOADED[self.0].script == Script::Han { "、" } else { ", " };
                self.say("list-and", &[("init", Arg::Text(&init.join(sep))), ("last", Arg::Text(last))])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang::from_tag(tag).expect("shipped")
    }

    #[test]
    fn every_file_has_every_english_message() {
        let english = LOCALES.iter().find(|(t, _)| *t == "en").expect("en").1;
        let ids: Vec<&str> = english
            .lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .filter(|id| !id.starts_with(['#', ' ']) && !id.is_empty())
            .collect();
        assert!(ids.len() > 20, "{ids:?}");
        for (tag, _) in LOCALES {
            for id in &ids {
                assert!(LOADED[lang(tag).0].bundle.has_message(id), "locales/{tag}.ftl lacks `{id}`");
            }
        }
        assert_eq!(Lang::tags().collect::<Vec<_>>(), ["de", "en", "es", "fr", "ru", "zh"]);
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let name_all = |tag: &str, n: usize| lang(tag).say("name-all", &[("count", Arg::Count(n))]);
        assert_eq!(name_all("en", 3), "name all 3");
        assert_eq!(name_all("ru", 3), "назовите все 3 пункта");
        assert_eq!(name_all("ru", 5), "назовите все 5 пунктов");
        assert_eq!(name_all("ru", 21), "назовите 21 пункт");
        assert_eq!(name_all("de", 4), "nenne alle 4");
    }

    #[test]
    fn tags_and_lists() {
        assert_eq!(Lang::from_tag("de-AT").map(Lang::tag), Some("de"));
        assert_eq!(Lang::from_tag("ZH_cn").map(Lang::tag), Some("zh"));
        assert_eq!(Lang::from_tag("pt"), None);
        let items = ["`a`".to_owned(), "`b`".to_owned(), "`c`".to_owned()];
        assert_eq!(lang("en").and_list(&items), "`a`, `b` and `c`");
        assert_eq!(lang("ru").and_list(&items[..2]), "`a` и `b`");
    }

    #[test]
    fn detection_by_script_and_words() {
        let detect = |t: &str| Lang::detect(t).tag();
        assert_eq!(detect("Мьютекс — это блокировка, которую держит только один поток в каждый момент."), "ru");
        assert_eq!(detect("进程是资源分配的基本单位，线程是调度的基本单位。这是操作系统的核心概念。"), "zh");
        assert_eq!(
            detect("Ein Mutex ist eine Sperre, die nur ein Thread zur gleichen Zeit halten kann, und das ist wichtig."),
            "de"
        );
        assert_eq!(detect("Un mutex est un verrou que un seul thread peut tenir à la fois dans le programme."), "fr");
        assert_eq!(detect("Un mutex es un candado que solo un hilo puede tener a la vez en el programa."), "es");
        assert_eq!(detect("A mutex is a lock that only one thread can hold at a time in the program."), "en");
        assert_eq!(detect("short"), "en");
    }
}

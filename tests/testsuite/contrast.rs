//! Code stays readable in both themes: every colour the shipped stylesheet
//! gives code, and every inline colour of the CSV and JSON, reaches 4.5:1
//! (WCAG AA) against the background it is shown on, computed from what a
//! build of the project guide and the test fixtures actually writes. No
//! exception list.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

use crate::util::{Project, repo};

/// A stylesheet as (selector, property → value) pairs, one per selector.
fn rules(css: &str) -> Vec<(String, HashMap<String, String>)> {
    let mut plain = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        plain.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    plain.push_str(rest);
    let mut out = Vec::new();
    for rule in plain.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else { continue };
        let declarations: HashMap<String, String> = body
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(p, v)| (p.trim().to_owned(), v.trim().to_owned()))
            .collect();
        for selector in selectors.split(',') {
            out.push((selector.split_whitespace().collect::<Vec<_>>().join(" "), declarations.clone()));
        }
    }
    out
}

fn value(rules: &[(String, HashMap<String, String>)], selector: &str, property: &str) -> Option<String> {
    rules.iter().rev().find(|(s, d)| s == selector && d.contains_key(property)).map(|(_, d)| d[property].clone())
}

fn rgb(hex: &str) -> (f64, f64, f64) {
    let hex = hex.trim_start_matches('#');
    assert_eq!(hex.len(), 6, "#{hex} is not #rrggbb");
    let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"));
    (channel(0), channel(2), channel(4))
}

fn luminance(hex: &str) -> f64 {
    let (r, g, b) = rgb(hex);
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The project guide and the fixtures, built; (stylesheet, note fields, JSON texts).
fn built() -> (String, Vec<String>, Vec<String>) {
    let mut project = Project::new();
    let mut guides =
        vec![repo().join("source/advanced-python.md"), repo().join("tests/anki/fixtures/python-internals.md")];
    for dir in ["tests/fixtures", "tests/corpus"] {
        for entry in std::fs::read_dir(repo().join(dir)).expect("fixtures").flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") && entry.file_name() != "README.md" {
                guides.push(entry.path());
            }
        }
    }
    let mut names = Vec::new();
    for (i, guide) in guides.iter().enumerate() {
        let name = format!("g{i:02}");
        project = project.file(&format!("src/{name}.md"), std::fs::read(guide).expect("guide"));
        names.push(name);
    }
    project.run(&["build", "src", "-o", "out", "-q"]).success();
    let (mut css, mut fields, mut json) = (String::new(), Vec::new(), Vec::new());
    for name in names {
        let file = std::fs::File::open(project.path(&format!("out/{name}.apkg"))).expect("apkg");
        let mut zip = zip::ZipArchive::new(file).expect("zip");
        let mut db = Vec::new();
        zip.by_name("collection.anki2").expect("collection").read_to_end(&mut db).expect("read");
        let path = project.path(&format!("{name}.anki2"));
        std::fs::write(&path, db).expect("write");
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        let models: String = conn.query_row("SELECT models FROM col", [], |r| r.get(0)).expect("models");
        let models: serde_json::Value = serde_json::from_str(&models).expect("json");
        for model in models.as_object().expect("models").values() {
            css = model["css"].as_str().expect("css").to_owned();
        }
        let mut statement = conn.prepare("SELECT flds FROM notes").expect("notes");
        fields.extend(statement.query_map([], |r| r.get::<_, String>(0)).expect("rows").flatten());
        json.push(std::fs::read_to_string(project.path(&format!("out/{name}.json"))).expect("json"));
    }
    (css, fields, json)
}

/// Every `class="…"` value in the notes that names a code colour.
fn token_classes(fields: &[String]) -> BTreeSet<String> {
    fields
        .iter()
        .flat_map(|f| f.split("class=\"").skip(1))
        .map(|rest| rest[..rest.find('"').expect("closed")].to_owned())
        .filter(|classes| classes.starts_with("hl-l"))
        .collect()
}

#[test]
fn every_code_colour_reads_at_4_5_to_1_in_both_themes() {
    let (css, fields, json) = built();
    let rules = rules(&css);
    let background = |selector: &str| value(&rules, selector, "background-color").expect(selector);
    let (light_bg, night_bg) = (background("pre.cs-code"), background(".nightMode pre.cs-code"));
    assert_eq!(value(&rules, ".night_mode pre.cs-code", "background-color"), Some(night_bg.clone()));
    let mut checked = 0;
    // Every colour the stylesheet gives code, used or not.
    for (selector, declarations) in &rules {
        let Some(colour) = declarations.get("color").filter(|_| selector.contains("pre.cs-code")) else { continue };
        let night = selector.starts_with(".nightMode") || selector.starts_with(".night_mode");
        let against = if night { &night_bg } else { &light_bg };
        let ratio = contrast(colour, against);
        assert!(ratio >= 4.5, "{selector}: {colour} on {against} is {ratio:.2}:1");
        assert!(night || !selector.contains(".hl-d"), "a night colour outside night mode: {selector}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} colours");
    // Every token in the notes has a colour of its own in each mode.
    let tokens = token_classes(&fields);
    assert!(tokens.len() >= 8, "{tokens:?}");
    for classes in &tokens {
        let class = |prefix: &str| {
            classes.split(' ').find(|c| c.starts_with(prefix) && c[prefix.len()..].parse::<usize>().is_ok())
        };
        let light = class("hl-l").unwrap_or_else(|| panic!("no light colour: {classes}"));
        let dark = class("hl-d").unwrap_or_else(|| panic!("no night colour: {classes}"));
        for (selector, against) in
            [(format!("pre.cs-code .{light}"), &light_bg), (format!(".nightMode pre.cs-code .{dark}"), &night_bg)]
        {
            let colour = value(&rules, &selector, "color").unwrap_or_else(|| panic!("no rule {selector}"));
            assert!(contrast(&colour, against) >= 4.5, "{selector}");
        }
    }
    // The breadcrumb and the source line, on the card's own background.
    for (selector, card) in [(".cs-context", ".card"), (".cs-source", ".card")] {
        let colour = value(&rules, selector, "color").expect(selector);
        let bg = value(&rules, card, "background-color").expect(card);
        assert!(contrast(&colour, &bg) >= 4.5, "{selector}: {colour} on {bg}");
        let night = value(&rules, &format!(".nightMode {selector}"), "color").expect("night");
        let night_card = value(&rules, ".card.nightMode", "background-color").expect("night card");
        assert!(contrast(&night, &night_card) >= 4.5, "night {selector}: {night} on {night_card}");
    }
    // CSV and JSON: inline colours on the background their block sets.
    let mut inline = 0;
    for text in &json {
        let doc: serde_json::Value = serde_json::from_str(text).expect("json");
        for card in doc["cards"].as_array().expect("cards") {
            for side in ["front", "back"] {
                let html = card[side]["html"].as_str().expect("html");
                for block in html.split("<pre style=\"").skip(1) {
                    let bg = block.split("background-color:").nth(1).expect("a block sets its background");
                    let bg = &bg[..7];
                    let body = &block[..block.find("</pre>").expect("closed")];
                    let colours = body
                        .match_indices("color:")
                        .filter(|(at, _)| !body[..*at].ends_with('-'))
                        .map(|(at, _)| &body[at + 6..at + 13]);
                    for colour in colours {
                        let ratio = contrast(colour, bg);
                        assert!(ratio >= 4.5, "inline {colour} on {bg}: {ratio:.2}:1");
                        inline += 1;
                    }
                }
            }
        }
    }
    assert!(inline > 100, "only {inline} inline colours");
}

/// CSV notes use Anki's stock note types, shown on a light or a dark page:
/// their breadcrumb and source line are muted by opacity over the page's
/// own text colour, which stays readable on both (a fixed grey cannot).
#[test]
fn csv_breadcrumb_and_source_read_on_light_and_dark_pages() {
    let project = Project::new().file("g.md", "# G\n\n## S\n\n### What is it?\nA thing.\n");
    project.run(&["build", "g.md", "-o", "out"]).success();
    let csv = std::fs::read_to_string(project.path("out/g.csv")).expect("csv");
    let styles: Vec<&str> =
        csv.split("<div style=\"\"").skip(1).map(|d| &d[..d.find("\"\">").expect("closed")]).collect();
    assert_eq!(styles.len(), 2, "{csv}");
    for style in styles {
        assert!(!style.contains("color"), "a fixed colour: {style}");
        let opacity: f64 =
            style.split("opacity:").nth(1).and_then(|o| o.split(';').next()).expect("opacity").parse().expect("number");
        // The page's text over its background, at that opacity: light page, then Anki's night page.
        for (text, page) in [((0x1f, 0x23, 0x28), (0xff, 0xff, 0xff)), ((0xfc, 0xfc, 0xfc), (0x2c, 0x2c, 0x2c))] {
            let mix = |t: u8, p: u8| (f64::from(t) * opacity + f64::from(p) * (1.0 - opacity)).round() as u8;
            let shown = format!("#{:02x}{:02x}{:02x}", mix(text.0, page.0), mix(text.1, page.1), mix(text.2, page.2));
            let bg = format!("#{:02x}{:02x}{:02x}", page.0, page.1, page.2);
            assert!(contrast(&shown, &bg) >= 4.5, "{style}: {shown} on {bg}");
        }
    }
}

//! Images: packed as Anki media under collision-safe names, copied next to
//! the CSV/JSON, reported when missing, refused when outside the guide's
//! folder, and never fetched when remote.

use std::io::Read;

use crate::util::Project;

const PNG_A: &[u8] = b"\x89PNG\r\n\x1a\nfirst image";
const PNG_B: &[u8] = b"\x89PNG\r\n\x1a\nsecond image, same file name";

fn apkg_media(project: &Project, apkg: &str) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(project.path(apkg)).expect("apkg");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut map = String::new();
    zip.by_name("media").expect("media map").read_to_string(&mut map).expect("read");
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&map).expect("json map");
    let mut out = Vec::new();
    for (index, name) in map {
        let mut bytes = Vec::new();
        zip.by_name(&index).expect("media entry").read_to_end(&mut bytes).expect("read");
        out.push((name.as_str().expect("name").to_owned(), bytes));
    }
    out.sort();
    out
}

#[test]
fn images_are_packed_and_copied_with_collision_safe_names() {
    let project = Project::new()
        .file("source/a.md", "# A\n\n### What does the chart show?\n![Chart](img/chart.png)\n")
        .file("source/a/img/chart.png", PNG_B)
        .file("source/img/chart.png", PNG_A)
        .file(
            "source/a/b.md",
            "# B\n\n### And this chart?\n![Chart](img/chart.png)\n\n### Same again?\n![Again](img/chart.png)\n",
        );
    project.run(&["build"]).success();

    let doc = project.json("output/a.json");
    assert_eq!(doc.media.len(), 1);
    let name = &doc.media[0];
    assert!(name.starts_with("chart-") && name.ends_with(".png"), "{name}");
    assert!(
        doc.cards[0].back.html.contains(&format!("<img src=\"{name}\" alt=\"Chart\"")),
        "{}",
        doc.cards[0].back.html
    );
    assert_eq!(std::fs::read(project.path(&format!("output/{name}"))).expect("copied next to the JSON"), PNG_A);
    assert_eq!(apkg_media(&project, "output/a.apkg"), [(name.clone(), PNG_A.to_vec())]);

    let other = project.json("output/a/b.json");
    assert_eq!(other.media.len(), 1, "one file used twice is packed once");
    assert_ne!(&other.media[0], name, "two different chart.png files get different names");
    assert_eq!(std::fs::read(project.path(&format!("output/a/{}", other.media[0]))).expect("copied"), PNG_B);
}

#[test]
fn missing_and_escaping_images_are_reported_and_never_packed() {
    let project = Project::new()
        .file("secret.png", PNG_A)
        .file(
            "source/g.md",
            "# G\n\n### Missing?\n![Gone](img/gone.png)\n\n### Escaping?\n![Up](../secret.png)\n\n### Absolute?\n![Abs](/etc/hostname)\n\n### Remote?\n![Logo](https://example.invalid/logo.png)\n",
        );
    #[cfg(unix)]
    std::os::unix::fs::symlink(project.path("secret.png"), project.path("source/link.png")).expect("symlink");
    #[cfg(unix)]
    std::fs::write(project.path("source/more.md"), "# M\n\n### Linked?\n![Link](link.png)\n").expect("write");
    let run = project.run(&["build"]).success();
    let stderr = run.stderr();
    assert!(stderr.contains("warning: source/g.md:3: image `img/gone.png` not found"), "{stderr}");
    assert!(stderr.contains("source/g.md:6: image `../secret.png` leaves the guide's folder"), "{stderr}");
    assert!(stderr.contains("source/g.md:9: image `/etc/hostname` is an absolute path"), "{stderr}");
    #[cfg(unix)]
    assert!(stderr.contains("source/more.md:3: image `link.png` links to a file outside"), "{stderr}");
    assert!(apkg_media(&project, "output/g.apkg").is_empty());
    let doc = project.json("output/g.json");
    assert!(doc.media.is_empty());
    let remote = &doc.cards[3].back.html;
    assert!(remote.contains("<a href=\"https://example.invalid/logo.png\""), "remote images stay links: {remote}");
    assert!(!remote.contains("<img"), "{remote}");
    project.run(&["check"]).code(1).stderr_has("image `img/gone.png` not found");
}

#[test]
fn changing_only_an_image_rebuilds_the_guide() {
    let project =
        Project::new().file("source/a.md", "# A\n\n### Chart?\n![Chart](chart.png)\n").file("source/chart.png", PNG_A);
    project.run(&["build"]).success();
    project.run(&["build"]).success().stderr_has("unchanged");
    std::fs::write(project.path("source/chart.png"), PNG_B).expect("edit image");
    project.run(&["build"]).success().stderr_has("1 changed");
    let doc = project.json("output/a.json");
    assert_eq!(std::fs::read(project.path(&format!("output/{}", doc.media[0]))).expect("copied"), PNG_B);
}

#!/usr/bin/env python3
"""cardsmith benchmark: synthetic guides of realistic shape at three sizes.

Usage: python3 tools/bench.py --cardsmith target/release/cardsmith [--work DIR]

For each size it reports end-to-end wall time, cards per second, MB per
second, peak memory (max RSS of the build process) and the per-stage
breakdown from `cardsmith build --timings`. It also builds a 25 MB guide, a
2.4 MB guide, code-heavy guides (long, distinct blocks in six languages
with value comments) of 0.24, 2.4 and 24 MB, a one-card guide (the cost of
starting) and a no-op rebuild of a folder of 100 unchanged guides; prints
the cost per card across sizes for both shapes; with --peer, converts the
2.4 MB code-heavy guide with markdown-anki-decks too; and says which of the
targets of issues 6 and 15 hold. Standard library only; the guides are
generated from a fixed seed, so runs are comparable.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

WORDS = (
    "thread lock queue process pool event loop coroutine future task cache index "
    "tree page buffer socket stream packet header token parser schema field record "
    "value key hash table graph node edge cost latency throughput memory object "
    "reference cycle collector interpreter compiler module package import scope "
    "closure decorator generator iterator context manager descriptor metaclass"
).split()

LANGS = {
    "python": ("#", "def {f}(xs):\n    return [x * {n} for x in xs]\n", "{f}([1, 2])  # [{n}, {m}]"),
    "rust": ("//", "fn {f}(xs: &[i32]) -> Vec<i32> {{\n    xs.iter().map(|x| x * {n}).collect()\n}}\n", "let total = {n} + {n}; // {m}"),
    "go": ("//", "func {f}(xs []int) int {{\n\ttotal := 0\n\tfor _, x := range xs {{\n\t\ttotal += x * {n}\n\t}}\n\treturn total\n}}\n", "fmt.Println({n} * 2) // {m}"),
    "javascript": ("//", "function {f}(xs) {{\n  return xs.map((x) => x * {n});\n}}\n", "[1, 2].length // 2"),
}


def sentence(rng, lo=10, hi=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def unit(rng, i):
    """One topic's worth of guide: about 11 cards in about 2.4 KB."""
    lang = rng.choice(sorted(LANGS))
    marker, body, value = LANGS[lang]
    n = rng.randint(2, 9)
    f = f"scale_{i}"
    out = [f"### {i}. Topic {rng.choice(WORDS)} {i}\n"]
    out.append(sentence(rng, 12, 24) + " " + sentence(rng, 8, 16) + "\n")
    out.append("Key terms:\n")
    for k in range(4):
        out.append(f"- **{rng.choice(WORDS).capitalize()} {i}-{k}**: {sentence(rng)}")
    out.append("")
    out.append(f"- `{rng.choice(WORDS)}_{i}()` - {sentence(rng)}\n")
    out.append(f"- **{rng.choice(WORDS).capitalize()} strategy {i}**")
    for _ in range(3):
        out.append(f"  - {sentence(rng, 6, 14)}")
    out.append("")
    out.append(f"### Q{i}: Why does {rng.choice(WORDS)} {i} matter for {rng.choice(WORDS)}?\n")
    for _ in range(3):
        out.append(f"- {sentence(rng, 10, 18)}")
    out.append("")
    out.append(f"Two ways to write it in {lang}:\n")
    out.append(f"```{lang}")
    out.append(f"{marker} Scale every item by {n}")
    out.append(body.format(f=f, n=n).rstrip())
    out.append("")
    out.append(f"{marker} Combine the results")
    out.append(value.format(f=f, n=n, m=2 * n))
    out.append("```\n")
    out.append(f"The {{{{c1::{rng.choice(WORDS)}}}}} keeps {{{{c2::{rng.choice(WORDS)}}}}} for topic {i}.\n")
    return "\n".join(out) + "\n"


def code_unit(rng, i):
    """One question of a code-heavy guide: a long block of distinct code in
    one of six languages, with value comments (about 2.5 KB)."""
    lang = rng.choice(["python", "javascript", "rust", "go", "sql", "bash"])
    nums = [rng.randint(1, 99) for _ in range(rng.randint(6, 12))]
    a, b = rng.randint(2, 5), rng.randint(2, 9)
    name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}_{i}"
    word = rng.choice(WORDS)
    total = sum(x * b if x % a == 0 else -k for k, x in enumerate(nums))
    listed = ", ".join(map(str, nums))
    if lang == "python":
        code = f"""from dataclasses import dataclass, field

@dataclass
class {word.capitalize()}{i}:
    name: str
    items: list = field(default_factory=list)

    def add(self, x):
        self.items.append(x)
        return self

def {name}(items):
    total = 0
    for k, x in enumerate(items):
        if x % {a} == 0:
            total += x * {b}
        else:
            total -= k
    return total

data = [{listed}]
{name}(data)  # {total}
len(data)  # {len(nums)}
min(data)  # {min(nums)}
max(data)  # {max(nums)}
sorted(data)[:2]  # {sorted(nums)[:2]}
{word.capitalize()}{i}("{word}").add({a}).items  # [{a}]"""
    elif lang == "javascript":
        code = f"""class {word.capitalize()}{i} {{
  constructor(name) {{
    this.name = name;
    this.items = [];
  }}
  add(x) {{
    this.items.push(x);
    return this;
  }}
}}

function {name}(items) {{
  let total = 0;
  items.forEach((x, k) => {{
    total += x % {a} === 0 ? x * {b} : -k;
  }});
  return total;
}}

const data = [{listed}];
{name}(data); // {total}
data.length; // {len(nums)}
Math.min(...data); // {min(nums)}
Math.max(...data); // {max(nums)}
new {word.capitalize()}{i}("{word}").add({a}).items.length; // 1"""
    elif lang == "rust":
        code = f"""#[derive(Debug, Default)]
struct {word.capitalize()}{i} {{
    name: String,
    items: Vec<i64>,
}}

impl {word.capitalize()}{i} {{
    fn add(mut self, x: i64) -> Self {{
        self.items.push(x);
        self
    }}
}}

fn {name}(items: &[i64]) -> i64 {{
    items
        .iter()
        .enumerate()
        .map(|(k, &x)| if x % {a} == 0 {{ x * {b} }} else {{ -(k as i64) }})
        .sum()
}}

let data = vec![{listed}];
{name}(&data) // {total}
data.len() // {len(nums)}
data.iter().min() // Some({min(nums)})
data.iter().max() // Some({max(nums)})"""
    elif lang == "go":
        code = f"""package main

import "fmt"

type {word.capitalize()}{i} struct {{
	Name  string
	Items []int
}}

func (t *{word.capitalize()}{i}) Add(x int) *{word.capitalize()}{i} {{
	t.Items = append(t.Items, x)
	return t
}}

func {name}(items []int) int {{
	total := 0
	for k, x := range items {{
		if x%{a} == 0 {{
			total += x * {b}
		}} else {{
			total -= k
		}}
	}}
	return total
}}

func main() {{
	data := []int{{{listed}}}
	fmt.Println({name}(data)) // {total}
	fmt.Println(len(data)) // {len(nums)}
}}"""
    elif lang == "sql":
        code = f"""CREATE TABLE {word}_{i} (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    amount INTEGER NOT NULL
);

INSERT INTO {word}_{i} (name, amount) VALUES
""" + ",\n".join(f"    ('{rng.choice(WORDS)}', {x})" for x in nums) + f""";

SELECT COUNT(*) FROM {word}_{i}; -- {len(nums)}
SELECT MIN(amount) FROM {word}_{i}; -- {min(nums)}
SELECT MAX(amount) FROM {word}_{i}; -- {max(nums)}
SELECT name, SUM(amount) AS total
FROM {word}_{i}
GROUP BY name
HAVING SUM(amount) > {a * 10}
ORDER BY total DESC;"""
    else:
        code = f"""#!/usr/bin/env bash
set -euo pipefail

{name}() {{
  local total=0
  for x in "$@"; do
    if (( x % {a} == 0 )); then
      total=$(( total + x * {b} ))
    fi
  done
  echo "$total"
}}

data=({" ".join(map(str, nums))})
echo "${{#data[@]}}"  # {len(nums)}
printf '%s\\n' "${{data[@]}}" | sort -n | head -1  # {min(nums)}
printf '%s\\n' "${{data[@]}}" | sort -n | tail -1  # {max(nums)}
grep -c "{word}" /dev/null || true
find . -name "*.{word}" -type f | wc -l"""
    out = [f"### Q{i}: What does `{name}` compute in {lang}?\n", sentence(rng, 12, 22) + "\n", f"```{lang}", code, "```\n"]
    out.append(f"- {sentence(rng, 8, 14)}\n- {sentence(rng, 8, 14)}\n")
    return "\n".join(out) + "\n"


def code_heavy(megabytes, seed):
    """A guide of about `megabytes` MB made of long, distinct code blocks."""
    rng = random.Random(seed)
    parts = ["# Code-heavy benchmark guide\n\nGenerated for benchmarking.\n\n"]
    size, i = len(parts[0]), 0
    while size < megabytes * 1e6:
        if i % 25 == 0:
            parts.append(f"## Part {i // 25 + 1}\n\n")
        parts.append(code_unit(rng, i))
        size += len(parts[-1].encode())
        i += 1
    return "".join(parts)


def start_up_guide():
    """A few cards, one short block in each language the guides above use."""
    langs = sorted(set(LANGS) | {"python", "javascript", "rust", "go", "sql", "bash"})
    blocks = "".join(f"### What does this {lang} do?\n\n```{lang}\nx\n```\n\n" for lang in langs)
    return f"# Start-up\n\n## Languages\n\n{blocks}"


def guide(units, seed, title="Synthetic benchmark guide"):
    rng = random.Random(seed)
    parts = [f"# {title}\n\nGenerated for benchmarking.\n\n"]
    for i in range(units):
        if i % 25 == 0:
            parts.append(f"## Part {i // 25 + 1}\n\n")
        parts.append(unit(rng, i))
    return "".join(parts)


# Runs in a fresh, small interpreter: a child forked from this (large)
# process would count this process's memory in its own peak.
MEASURE = """
import json, os, subprocess, sys, tempfile, time
with tempfile.TemporaryFile(mode="w+") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err.seek(0)
    print(json.dumps({"wall": wall, "rss_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status), "stderr": err.read()}))
"""


def run(cmd):
    """Runs a command; returns (wall seconds, max RSS in MB, stderr)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["code"] != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result['code']}):\n{result['stderr']}")
    return result["wall"], result["rss_kb"] / 1024, result["stderr"]


def timings(stderr):
    """Parses `timings: read 0.010s, parse 0.120s, …` from --timings."""
    for line in stderr.splitlines():
        if line.startswith("timings: "):
            pairs = (item.split() for item in line[len("timings: "):].split(", "))
            return {name: float(value.rstrip("s")) for name, value in pairs}
    return {}


def guide_of_size(megabytes, seed):
    """A guide of about `megabytes` MB (the units are about 2.2 KB each)."""
    target = int(megabytes * 1e6)
    units = max(1, target // 2200)
    text = guide(units, seed=seed)
    while len(text.encode()) < target:
        units = int(units * target / max(len(text.encode()), 1)) + 1
        text = guide(units, seed=seed)
    return text


def value_block(lines):
    """One Python block with a value comment on every other line: each makes
    a predict-the-output card, the shape that once cost quadratic time."""
    body = "\n".join(f"x{i} = {i}\nx{i} * 2  # {i * 2}" for i in range(lines))
    return f"# Values\n\n## Arithmetic\n\n```python\n{body}\n```\n"


def measure(binary, work, name, text, runs=3):
    """Builds one guide into all three formats; returns its table row.

    Each guide sits in a folder of its own, as its own lock file does: the
    folder's lock then holds its notes alone (the lock of a folder of many
    guides is what the 100-guide rebuild below measures). A run starts from
    a clean output folder but keeps the lock, as rebuilding a cloned
    repository of guides does."""
    folder = os.path.join(work, f"{name}-guide")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}.md")
    with open(path, "w") as f:
        f.write(text)
    mb = os.path.getsize(path) / 1e6
    # A busy moment on the machine shows in a single run: each guide is
    # built several times (from scratch) and the median run is reported.
    results = []
    for _ in range(runs):
        out = os.path.join(work, f"out-{name}")
        shutil.rmtree(out, ignore_errors=True)
        # Each run starts with the previous runs' files on disk, not still
        # being written back (that would slow the run down by chance).
        os.sync()
        results.append(run([binary, "build", path, "-o", out, "-q", "--timings"]))
    wall, peak, stderr = sorted(results)[len(results) // 2]
    with open(os.path.join(out, f"{name}.json")) as f:
        cards = json.load(f)["note_count"]
    return {"cards": cards, "mb": mb, "wall": wall, "peak": peak, "stages": timings(stderr)}


def edit_rebuild(binary, work, name, full, floor=None, runs=5):
    """Edits one answer of a guide `measure` built, then builds again into
    the same folder (its record and code parses there), `runs` times, each
    time another answer; returns the median seconds, their share of the
    full build's, and, with `floor` (the `write_floor` example), the share
    that writing the outputs alone from their finished rows takes: what a
    rebuild cannot go below while its outputs are the same bytes as a full
    build's."""
    path = os.path.join(work, f"{name}-guide", f"{name}.md")
    out = os.path.join(work, f"out-{name}")
    with open(path) as f:
        lines = f.read().split("\n")
    # The first prose line after each question heading: an answer.
    answers = []
    for i, line in enumerate(lines):
        if line.startswith("### "):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and lines[j][:1].isalpha():
                answers.append(j)
    walls = []
    for n in range(runs):
        at = answers[(n + 1) * len(answers) // (runs + 1)]
        lines[at] += f" (edit {n})"
        with open(path, "w") as f:
            f.write("\n".join(lines))
        os.sync()
        wall, _, stderr = run([binary, "build", path, "-o", out])
        if "1 changed" not in stderr:
            sys.exit(f"editing one answer of {name} did not change one card:\n{stderr}")
        walls.append(wall)
    wall = sorted(walls)[len(walls) // 2]
    least = None
    if floor:
        done = subprocess.run([floor, out, name], capture_output=True, text=True, check=True)
        least = float(done.stdout) / full["wall"]
    return wall, wall / full["wall"], least


def print_row(label, row):
    stages = "  ".join(f"{k} {v:.2f}" for k, v in row["stages"].items())
    print(
        f"{label:>12} {row['mb']:>6.1f} {row['cards']:>7} {row['wall']:>7.2f} {row['cards'] / row['wall']:>9,.0f}"
        f" {row['mb'] / row['wall']:>6.1f} {row['peak']:>8.0f}  {stages}"
    )


# markdown-anki-decks' command line does not run with current typer; its
# conversion function does.
PEER = """
import sys
from pathlib import Path
from markdown_anki_decks.cli import convertMarkdown
convertMarkdown(Path(sys.argv[1]), Path(sys.argv[2]), False, "", False, False, False)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cardsmith", required=True)
    parser.add_argument("--work", default="target/bench")
    parser.add_argument("--sizes", default="110,1100,11000", help="topics per guide (about 9 cards each)")
    parser.add_argument("--floor", help="the write_floor example, to measure what writing a guide's outputs alone takes")
    parser.add_argument("--peer", help="a Python with markdown-anki-decks 1.1.1, to convert the code-heavy guide too")
    args = parser.parse_args()
    binary = os.path.abspath(args.cardsmith)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().machine}")
    print("stages: seconds per stage; highlight runs beside extract, and apkg, csv, json and record side by side")
    header = f"{'guide':>12} {'MB':>6} {'cards':>7} {'wall s':>7} {'cards/s':>9} {'MB/s':>6} {'peak MB':>8}  stages (s)"
    print(header)
    print("-" * len(header))
    rows = []
    for units in [int(u) for u in args.sizes.split(",")]:
        row = measure(binary, work, f"guide-{units}", guide(units, seed=units))
        print_row(f"{row['cards']:,}c", row)
        rows.append(row)
    big = measure(binary, work, "guide-25mb", guide_of_size(25, seed=25))
    print_row("25 MB", big)
    mid = measure(binary, work, "guide-2.4mb", guide_of_size(2.4, seed=7), runs=9)
    print_row("2.4 MB", mid)
    floor = os.path.abspath(args.floor) if args.floor else None
    edits = {"mixed": edit_rebuild(binary, work, "guide-2.4mb", mid, floor)}
    values = measure(binary, work, "guide-values", value_block(4000))
    print_row("4k values", values)
    heavy_rows = []
    for megabytes in [0.24, 2.4, 24]:
        text = code_heavy(megabytes, seed=11)
        row = measure(binary, work, f"code-heavy-{megabytes}mb", text)
        print_row(f"code {megabytes} MB", row)
        heavy_rows.append(row)
        if megabytes == 2.4:
            heavy_text, heavy = text, row
            edits["code-heavy"] = edit_rebuild(binary, work, f"code-heavy-{megabytes}mb", row, floor)
    # What a build of either shape costs before its cards (starting,
    # loading the syntaxes of its languages): a guide of one short block in
    # each of those languages.
    start = measure(binary, work, "start-up", start_up_guide(), runs=5)
    print_row("start-up", start)
    # Growth: time against cards from each size to the next, and the cost
    # of a card at each size (with and without the start-up cost).
    steps = [f"{b['cards'] / a['cards']:.0f}x the cards took {b['wall'] / a['wall']:.1f}x the time" for a, b in zip(rows, rows[1:])]
    print("\ngrowth: " + "; then ".join(steps))
    spreads = {}
    for shape, shape_rows in [("mixed", [*rows, big]), ("code-heavy", heavy_rows)]:
        costs = [(r["wall"] - start["wall"]) / r["cards"] * 1e6 for r in shape_rows]
        raw = [r["wall"] / r["cards"] * 1e6 for r in shape_rows]
        mean = sum(costs) / len(costs)
        spreads[shape] = max(abs(c - mean) / mean for c in costs)
        listed = ", ".join(f"{r['cards']:,}c {c:.0f}" for r, c in zip(shape_rows, costs))
        print(
            f"cost per card, {shape} (µs, start-up of {start['wall']:.2f} s taken off): {listed}; "
            f"within ±{spreads[shape] * 100:.0f}% of their mean (with start-up: {', '.join(f'{c:.0f}' for c in raw)})"
        )

    for shape, (wall, share, least) in edits.items():
        print(f"edit one answer of the {shape} 2.4 MB guide, build again: {wall:.3f} s, {share * 100:.0f}% of a full build")
        if least is not None:
            print(
                f"  writing its three outputs alone, from their finished rows and bytes (SQLite, deflate, "
                f"disk): {least * 100:.0f}% of a full build"
            )

    # No-op rebuild of 100 unchanged guides.
    folder = os.path.join(work, "hundred")
    for i in range(100):
        os.makedirs(os.path.join(folder, f"g{i:03}"), exist_ok=True)
        with open(os.path.join(folder, f"g{i:03}", "guide.md"), "w") as f:
            f.write(guide(12, seed=1000 + i, title=f"Guide {i}"))
    out = os.path.join(work, "out-hundred")
    first_build, _, _ = run([binary, "build", folder, "-o", out, "-q"])
    noop, noop_peak, _ = sorted(run([binary, "build", folder, "-o", out, "-q"]) for _ in range(3))[1]
    print(f"100 guides: first build {first_build:.2f} s; no-op rebuild {noop:.3f} s, peak {noop_peak:.0f} MB")

    # The peer, on the same code-heavy guide, once; cardsmith's time is the
    # median of its runs above, in the same session.
    if args.peer:
        peer_dir = os.path.join(work, "peer")
        os.makedirs(os.path.join(peer_dir, "in"), exist_ok=True)
        os.makedirs(os.path.join(peer_dir, "out"), exist_ok=True)
        with open(os.path.join(peer_dir, "in", "guide-code-heavy.md"), "w") as f:
            f.write(heavy_text)
        peer_wall, peer_peak, _ = run([args.peer, "-c", PEER, os.path.join(peer_dir, "in"), os.path.join(peer_dir, "out")])
        print(
            f"markdown-anki-decks 1.1.1 on the code-heavy guide: {peer_wall:.2f} s, peak {peer_peak:.0f} MB; "
            f"cardsmith {heavy['wall']:.2f} s: {peer_wall / heavy['wall']:.2f}x its speed"
        )

    def verdict(ok):
        return "met" if ok else "MISSED"

    largest = max(rows, key=lambda r: r["cards"])
    print("\ntargets (issue 6, 2-core machine):")
    for label, row in [(f"{largest['cards']:,} cards ({largest['mb']:.1f} MB)", largest), (f"{big['mb']:.1f} MB ({big['cards']:,} cards)", big)]:
        ok = row["wall"] <= 10 and row["peak"] <= 500
        print(f"  {label}: {row['wall']:.2f} s, {row['peak']:.0f} MB (at most 10 s and 500 MB): {verdict(ok)}")
    print(f"  2.4 MB guide: {mid['wall']:.3f} s (under 0.25 s): {verdict(mid['wall'] < 0.25)}")
    print(f"  no-op rebuild of 100 guides: {noop:.3f} s (under 0.3 s): {verdict(noop < 0.3)}")
    ok = values["wall"] < 5 and values["peak"] < 300
    print(f"  a block of 4,000 value comments: {values['wall']:.2f} s, {values['peak']:.0f} MB (under 5 s and 300 MB): {verdict(ok)}")
    print("targets (issue 15):")
    huge = heavy_rows[-1]
    ok = huge["wall"] <= 10 and huge["peak"] <= 500
    print(f"  code-heavy {huge['mb']:.0f} MB ({huge['cards']:,} cards): {huge['wall']:.2f} s, {huge['peak']:.0f} MB (at most 10 s and 500 MB): {verdict(ok)}")
    for shape, spread in spreads.items():
        print(f"  cost per card, {shape}, within ±30% from 1k to 130k cards: ±{spread * 100:.0f}%: {verdict(spread <= 0.3)}")
    for shape, (wall, share, least) in edits.items():
        alone = f" (writing its outputs alone: {least * 100:.0f}%)" if least is not None else ""
        print(
            f"  edit one answer of the {shape} 2.4 MB guide, build again in at most 15% of a full build: "
            f"{share * 100:.0f}%{alone}: {verdict(share <= 0.15)}"
        )
    if args.peer:
        print(f"  code-heavy 2.4 MB at least 10x markdown-anki-decks' speed: {peer_wall / heavy['wall']:.1f}x: {verdict(peer_wall / heavy['wall'] >= 10)}")

if __name__ == "__main__":
    main()

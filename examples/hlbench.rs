use std::time::Instant;
fn main() {
    let blocks = [
        (
            "python",
            "# Scale every item by N\ndef scale_I(xs):\n    return [x * N for x in xs]\n\n# Combine the results\nscale_I([1, 2])  # [N, M]\n",
        ),
        (
            "rust",
            "// Scale every item by N\nfn scale_I(xs: &[i32]) -> Vec<i32> {\n    xs.iter().map(|x| x * N).collect()\n}\n\n// Combine the results\nlet total = N + N; // M\n",
        ),
        (
            "go",
            "// Scale every item by N\nfunc scale_I(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x * N\n\t}\n\treturn total\n}\n\n// Combine the results\nfmt.Println(N * 2) // M\n",
        ),
        (
            "javascript",
            "// Scale every item by N\nfunction scale_I(xs) {\n  return xs.map((x) => x * N);\n}\n\n// Combine the results\n[1, 2].length // 2\n",
        ),
    ];
    for (lang, body) in blocks {
        let _ = cardsmith::highlight::code_block("x", Some(lang), cardsmith::highlight::CodeMarkup::ANKI);
        let start = Instant::now();
        let mut lines = 0;
        for i in 0..300 {
            let code = body.replace("I", &i.to_string()).replace("N", &(i % 7).to_string());
            lines += code.lines().count();
            std::hint::black_box(cardsmith::highlight::code_block(
                &code,
                Some(lang),
                cardsmith::highlight::CodeMarkup::ANKI,
            ));
        }
        let t = start.elapsed().as_secs_f64();
        println!("{lang}: {:.1} us/line", t * 1e6 / lines as f64);
    }
}

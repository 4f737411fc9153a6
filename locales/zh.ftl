# 卡片提示的中文措辞。

lang-script = Han
lang-words = 的 是 在 了 和 有 不 这 中 为

key-points = { $label }：要点？
name-all = 列出全部 { $count } 项
name-all-ordered = 按顺序列出全部 { $count } 项
name-others = 列出其余 { $count } 项

list-front = { $prefix }：{ $what }。
code-front = { $prompt }——{ $task }。
code-front-bare = { $task }。

term-code-means = `{ $term }` 是什么意思？
term-code-does = `{ $term }` 有什么作用？
term-is = 什么是{ $term }？
term-are = 什么是{ $term }？
term-means = { $term }是什么意思？

explain = 解释：{ $topic }

continued = 续，{ $index }/{ $count }
part-items = 第 { $first }–{ $last } 项
part-item = 第 { $first } 项
no-answer = *指南中没有答案。*

code-what = { $language ->
    [shell] shell 命令
    [none] 代码
   *[other] { $language } 代码
}
code-write = 写出 { $defines }
code-write-using = 用 { $uses } 写出 { $defines }
code-write-what = 写出这段{ $what }
code-write-what-using = 用 { $uses } 写出这段{ $what }
code-write-lines = 写出这段{ $what }（{ $count } 行）
code-with-methods = { $name }（含 { $methods }）
list-and = { $init } 和 { $last }
fill-in = 填写缺失的一行
fill-in-of = 填写 { $name } 中缺失的一行
output-prints = 最后一行打印什么？
output-value = 最后一行的值是什么？

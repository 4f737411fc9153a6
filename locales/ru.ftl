# Русские формулировки карточек.

lang-script = Cyrillic
lang-words = и в не на что как это он с по для из то все или но

key-points = { $label }: ключевые моменты?
name-all = { $count ->
    [one] назовите { $count } пункт
    [few] назовите все { $count } пункта
   *[many] назовите все { $count } пунктов
}
name-all-ordered = { $count ->
    [one] назовите { $count } шаг
    [few] назовите все { $count } шага по порядку
   *[many] назовите все { $count } шагов по порядку
}
name-others = { $count ->
    [one] назовите оставшийся { $count } пункт
    [few] назовите остальные { $count } пункта
   *[many] назовите остальные { $count } пунктов
}

list-front = { $prefix }: { $what }.
code-front = { $prompt } — { $task }.
code-front-bare = { $task }.

term-code-means = что означает `{ $term }`?
term-code-does = что делает `{ $term }`?
term-is = что такое { $term }?
term-are = что такое { $term }?
term-means = что означает { $term }?

explain = Объясните: { $topic }

continued = продолжение, { $index }/{ $count }
part-items = пункты { $first }–{ $last }
part-item = пункт { $first }
no-answer = *В руководстве нет ответа.*

code-what = { $language ->
    [shell] команды оболочки
    [none] код
   *[other] код на { $language }
}
code-write = напишите { $defines }
code-write-using = напишите { $defines }, используя { $uses }
code-write-what = напишите { $what }
code-write-what-using = напишите { $what }, используя { $uses }
code-write-lines = напишите { $what } ({ $count ->
    [one] { $count } строка
    [few] { $count } строки
   *[many] { $count } строк
})
code-with-methods = { $name } с методами { $methods }
list-and = { $init } и { $last }
fill-in = впишите пропущенную строку
fill-in-of = впишите пропущенную строку в { $name }
output-prints = Что напечатает последняя строка?
output-value = Чему равна последняя строка?

# Formulaciones de las tarjetas en español.

lang-script = Latin
lang-words = el la los las y es de que en un una por para con se del al lo como son

key-points = { $label }: ¿puntos clave?
name-all = { $count ->
    [one] nombra el punto
   *[other] nombra los { $count }
}
name-all-ordered = { $count ->
    [one] nombra el paso
   *[other] nombra los { $count }, en orden
}
name-others = { $count ->
    [one] nombra el otro punto
   *[other] nombra los otros { $count } puntos
}

list-front = { $prefix }: { $what }.
code-front = { $prompt } — { $task }.
code-front-bare = { $task }.

term-code-means = ¿qué significa `{ $term }`?
term-code-does = ¿qué hace `{ $term }`?
term-is = ¿qué es { $term }?
term-are = ¿qué son { $term }?
term-means = ¿qué significa { $term }?

explain = Explica: { $topic }

continued = continuación, { $index }/{ $count }
part-items = puntos { $first }–{ $last }
part-item = punto { $first }
no-answer = *No hay respuesta en la guía.*

code-what = { $language ->
    [shell] los comandos de shell
    [none] el código
   *[other] el código { $language }
}
code-write = escribe { $defines }
code-write-using = escribe { $defines } usando { $uses }
code-write-what = escribe { $what }
code-write-what-using = escribe { $what } usando { $uses }
code-write-lines = escribe { $what } ({ $count ->
    [one] { $count } línea
   *[other] { $count } líneas
})
code-with-methods = { $name } con { $methods }
list-and = { $init } y { $last }
fill-in = completa la línea que falta
fill-in-of = completa la línea que falta de { $name }
output-prints = ¿Qué imprime la última línea?
output-value = ¿Qué devuelve la última línea?

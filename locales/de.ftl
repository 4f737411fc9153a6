# Deutsche Formulierungen der Karten.

lang-script = Latin
lang-words = der die das und ist nicht mit ein eine zu den von für auf wie was wird sind im dem

key-points = { $label }: die wichtigsten Punkte?
name-all = { $count ->
    [one] nenne den einen Punkt
   *[other] nenne alle { $count }
}
name-all-ordered = { $count ->
    [one] nenne den einen Schritt
   *[other] nenne alle { $count } der Reihe nach
}
name-others = { $count ->
    [one] nenne den anderen Punkt
   *[other] nenne die anderen { $count } Punkte
}

list-front = { $prefix }: { $what }.
code-front = { $prompt } — { $task }.
code-front-bare = { $task }.

term-code-means = was bedeutet `{ $term }`?
term-code-does = was macht `{ $term }`?
term-is = was ist { $term }?
term-are = was sind { $term }?
term-means = was bedeutet { $term }?

explain = Erkläre: { $topic }

continued = Fortsetzung, { $index }/{ $count }
part-items = Punkte { $first }–{ $last }
part-item = Punkt { $first }
no-answer = *Keine Antwort im Leitfaden.*

code-what = { $language ->
    [shell] die Shell-Befehle
    [none] den Code
   *[other] den { $language }-Code
}
code-write = schreibe { $defines }
code-write-using = schreibe { $defines } mit { $uses }
code-write-what = schreibe { $what }
code-write-what-using = schreibe { $what } mit { $uses }
code-write-lines = schreibe { $what } ({ $count ->
    [one] 1 Zeile
   *[other] { $count } Zeilen
})
code-with-methods = { $name } mit { $methods }
list-and = { $init } und { $last }
fill-in = ergänze die fehlende Zeile
fill-in-of = ergänze die fehlende Zeile in { $name }
output-prints = Was gibt die letzte Zeile aus?
output-value = Was ergibt die letzte Zeile?

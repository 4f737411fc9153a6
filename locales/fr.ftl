# Formulations françaises des cartes.

lang-script = Latin
lang-words = le la les et est des une un du en que pour dans pas qui sont avec ce sur au

key-points = { $label } : points clés ?
name-all = { $count ->
    [one] citez le point
   *[other] citez les { $count }
}
name-all-ordered = { $count ->
    [one] citez l'étape
   *[other] citez les { $count }, dans l'ordre
}
name-others = { $count ->
    [one] citez l'autre point
   *[other] citez les { $count } autres points
}

list-front = { $prefix } : { $what }.
code-front = { $prompt } — { $task }.
code-front-bare = { $task }.

term-code-means = que signifie `{ $term }` ?
term-code-does = que fait `{ $term }` ?
term-is = qu'est-ce que { $term } ?
term-are = que sont { $term } ?
term-means = que signifie { $term } ?

explain = Expliquez : { $topic }

continued = suite, { $index }/{ $count }
part-items = points { $first } à { $last }
part-item = point { $first }
no-answer = *Pas de réponse dans le guide.*

code-what = { $language ->
    [shell] les commandes shell
    [none] le code
   *[other] le code { $language }
}
code-write = écrivez { $defines }
code-write-using = écrivez { $defines } avec { $uses }
code-write-what = écrivez { $what }
code-write-what-using = écrivez { $what } avec { $uses }
code-write-lines = écrivez { $what } ({ $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
})
code-with-methods = { $name } avec { $methods }
list-and = { $init } et { $last }
fill-in = complétez la ligne manquante
fill-in-of = complétez la ligne manquante de { $name }
output-prints = Qu'affiche la dernière ligne ?
output-value = Que vaut la dernière ligne ?

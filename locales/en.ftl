# English card prompts. Each language is one file like this one; its name
# is the language's tag. Variables: $topic, $label, $term, $count, $what…

## How the language is recognised in a guide's prose.
# The script its letters are written in: Latin, Cyrillic or Han.
lang-script = Latin
# Frequent short words, separated by spaces.
lang-words = the and is are of to in that it for with this what how why which

## Lists (R3, R4)
key-points = { $label }: key points?
name-all = { $count ->
    [one] name the one point
   *[other] name all { $count }
}
name-all-ordered = { $count ->
    [one] name the one step
   *[other] name all { $count }, in order
}
name-others = { $count ->
    [one] name the other point
   *[other] name the other { $count } points
}

list-front = { $prefix }: { $what }.
code-front = { $prompt } — { $task }.
code-front-bare = { $task }.

## Definitions (R2, R8)
term-code-means = what does `{ $term }` mean?
term-code-does = what does `{ $term }` do?
term-is = what is { $term }?
term-are = what are { $term }?
term-means = what does { $term } mean?

## Prose no rule took
explain = Explain: { $topic }

## Answers
continued = continued, { $index }/{ $count }
# Which items of a numbered list a later part holds: "items 4–5".
part-items = items { $first }–{ $last }
part-item = item { $first }
no-answer = *No answer in the guide.*

## Code (R5, R6)
# $language is a display name ("Python"), "shell" or "" for unknown code.
code-what = { $language ->
    [shell] shell commands
    [none] code
   *[other] { $language } code
}
code-write = write { $defines }
code-write-using = write { $defines } using { $uses }
code-write-what = write the { $what }
code-write-what-using = write the { $what } using { $uses }
code-write-lines = write the { $what } ({ $count ->
    [one] 1 line
   *[other] { $count } lines
})
code-with-methods = { $name } with { $methods }
list-and = { $init } and { $last }
fill-in = fill in the missing line
fill-in-of = fill in the missing line of { $name }
output-prints = What does the last line print?
output-value = What does the last line evaluate to?

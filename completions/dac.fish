# fish completion for dac. The data comes from `dac __complete line WORD...`:
# commands, options, option values (after a space or in the --option=VALUE
# form), and developer IDs and nicknames from the store (the one --store
# names, if the line has one).
#
# Nicknames are data, never code: fish hands over the words unescaped
# (commandline -o, string unescape), takes each output line as one literal
# candidate, and escapes it when it puts it on the command line.

function __dac_complete
    set -l words (commandline -opc)
    set -l dac $words[1]
    set -e words[1]
    set -l cur (commandline -ct | string unescape)
    set -l answer ($dac __complete line $words "$cur" 2>/dev/null)
    test (count $answer) -gt 0; or return
    set -l kind (string split -m 1 ' ' -- $answer[1])
    set -l prefix ''
    set -q kind[2]; and set prefix $kind[2]
    set -l value (string sub -s (math (string length -- "$prefix") + 1) -- "$cur")
    switch $kind[1]
        case words
            set -e answer[1]
            test (count $answer) -gt 0; and printf '%s\n' $prefix$answer
        case files
            __fish_complete_path "$value" | string replace -r -- '^' "$prefix"
        case dirs
            __fish_complete_directories "$value" | string replace -r -- '^' "$prefix"
    end
end

complete -c dac -f -a '(__dac_complete)'

# fish completion for dac: the data comes from `dac __complete`.

function __dac_path
    # The command words typed so far, without options and their values.
    set -l words (commandline -opc)
    set -e words[1]
    set -l out
    set -l skip 0
    for w in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $w
            case '--store' '--format' '--color' '--actor' '--wait' '--reason' '--seller' '--nickname' '--token' '--token-file' '--at' '--as-of' '--sort' '--status' '--expiring' '--developer' '--since' '--exclude' '--warn' '--crit' '--output' '--mode' '--name' '--enabled-at'
                set skip 1
            case '-*'
            case '*'
                set out $out $w
        end
    end
    printf '%s\n' $out
end

function __dac_commands
    dac __complete commands (__dac_path) 2>/dev/null
end

function __dac_needs_command
    set -l path (__dac_path)
    test (count $path) -eq 0; or test "$path" = seller
end

function __dac_wants_target
    set -l path (__dac_path)
    contains -- "$path[1]" show confirm revoke restore history
end

complete -c dac -f
complete -c dac -n __dac_needs_command -a '(__dac_commands)'
complete -c dac -n __dac_wants_target -a '(dac __complete targets 2>/dev/null)'
complete -c dac -l format -x -a 'table json csv'
complete -c dac -l color -x -a 'auto always never'
complete -c dac -l status -x -a 'active suspended revoked all'
complete -c dac -l sort -x -a 'expires nickname developer seller status authorized confirmed'
complete -c dac -l store -r -a '(__fish_complete_directories)'
complete -c dac -l token-file -r -F
complete -c dac -l developer -x -a '(dac __complete targets 2>/dev/null)'
complete -c dac -l exclude -x -a '(dac __complete targets 2>/dev/null)'
complete -c dac -n 'string match -q -- "-*" (commandline -ct)' -a '(dac __complete options (__dac_path) 2>/dev/null)'

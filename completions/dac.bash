# bash completion for dac. The data comes from `dac __complete`, so it always
# matches the installed dac: commands, options, option values, and developer
# IDs and nicknames from the store.

_dac() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD-1]}
  local dac=${COMP_WORDS[0]}
  local -a cmdpath=() store=()
  local i w
  # The command words typed so far (e.g. "seller add"), and any --store.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case $w in
      --store) store=(--store "${COMP_WORDS[i+1]}") ;;
      -*) ;;
      *)
        case ${COMP_WORDS[i-1]} in
          --store | --format | --color | --actor | --wait | --reason | --seller | --nickname | --token | \
            --token-file | --at | --as-of | --sort | --status | --expiring | --developer | --since | \
            --exclude | --warn | --crit | --output | --mode | --name | --enabled-at) ;;
          *) cmdpath+=("$w") ;;
        esac
        ;;
    esac
  done

  local IFS=$'\n'
  case $prev in
    --store | --output)
      COMPREPLY=($(compgen -d -- "$cur"))
      return
      ;;
    --token-file)
      COMPREPLY=($(compgen -f -- "$cur"))
      return
      ;;
    --format | --color | --status | --sort | --expiring | --warn | --crit | --webhook-format)
      COMPREPLY=($(compgen -W "$("$dac" __complete values "${prev#--}" 2>/dev/null)" -- "$cur"))
      return
      ;;
    --developer | --exclude)
      COMPREPLY=($(compgen -W "$("$dac" "${store[@]}" __complete targets 2>/dev/null)" -- "$cur"))
      return
      ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$("$dac" __complete options "${cmdpath[@]}" 2>/dev/null)" -- "$cur"))
    return
  fi
  local subcommands
  subcommands=$("$dac" __complete commands "${cmdpath[@]}" 2>/dev/null)
  if [[ ${#cmdpath[@]} -eq 0 || (-n $subcommands && ${cmdpath[*]} == seller) ]]; then
    COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))
    return
  fi
  case ${cmdpath[0]} in
    show | confirm | revoke | restore | history)
      local -a targets
      targets=($(compgen -W "$("$dac" "${store[@]}" __complete targets 2>/dev/null)" -- "$cur"))
      # Nicknames may hold spaces: quote them for the command line.
      COMPREPLY=()
      for w in "${targets[@]}"; do COMPREPLY+=("$(printf '%q' "$w")"); done
      ;;
    import)
      COMPREPLY=($(compgen -f -- "$cur"))
      ;;
  esac
}

complete -F _dac dac

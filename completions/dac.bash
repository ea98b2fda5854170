# bash completion for dac. The data comes from `dac __complete line WORD...`,
# so it always matches the installed dac: commands, options, option values
# (after a space or in the --option=VALUE form), and developer IDs and
# nicknames from the store (the one --store names, if the line has one).
#
# Nicknames are data, never code: nothing here passes a word from dac or from
# the command line through compgen -W, eval or an unquoted expansion. The line
# is unquoted here by hand, candidates are matched by prefix here, and each is
# quoted for the command line, keeping what was typed (an open quote stays
# open and readline closes it).

# _dac_parse LINE: splits LINE as bash would, without expanding anything.
# Sets _dac_words (the unquoted words; the last is the one being typed, maybe
# empty), _dac_raw (that word as typed), _dac_quote (the quote open at its end:
# empty, ', " or $') and _dac_keep (how many characters of the typed word come
# before the part readline replaces: up to an open quote or a COMP_WORDBREAKS
# character such as = or :).
_dac_parse() {
  local line=$1 c i n=${#1} word="" start=-1 quote="" keep=0 outside=0
  local breaks=${COMP_WORDBREAKS-$'"\'><=;|&(:'}
  _dac_words=()
  for ((i = 0; i < n; i++)); do
    c=${line:i:1}
    if [[ $quote == "'" ]]; then
      if [[ $c == "'" ]]; then quote="" keep=$outside; else word+=$c; fi
    elif [[ $quote == '"' ]]; then
      if [[ $c == '"' ]]; then
        quote="" keep=$outside
      elif [[ $c == "\\" && $((i + 1)) -lt $n && ${line:i+1:1} == [\"\\\$\`] ]]; then
        word+=${line:i+1:1}
        ((i++))
      else
        word+=$c
      fi
    elif [[ $quote == "\$'" ]]; then
      if [[ $c == "'" ]]; then
        quote="" keep=$outside
      elif [[ $c == "\\" && $((i + 1)) -lt $n ]]; then
        ((i++))
        case ${line:i:1} in
          n) word+=$'\n' ;;
          t) word+=$'\t' ;;
          *) word+=${line:i:1} ;;
        esac
      else
        word+=$c
      fi
    elif [[ $c == [[:space:]] ]]; then
      if ((start >= 0)); then _dac_words+=("$word"); fi
      word="" start=-1 keep=0 outside=0
    else
      ((start < 0)) && start=$i
      if [[ $c == "\\" ]]; then
        if ((i + 1 < n)); then
          word+=${line:i+1:1}
          ((i++))
        fi
      elif [[ $c == "'" || $c == '"' ]]; then
        quote=$c outside=$keep
        keep=$((i + 1 - start))
      elif [[ $c == '$' && ${line:i+1:1} == "'" ]]; then
        quote="\$'" outside=$keep
        ((i++))
        keep=$((i + 1 - start))
      else
        word+=$c
        [[ $breaks == *"$c"* ]] && keep=$((i + 1 - start))
      fi
    fi
  done
  _dac_words+=("$word")
  _dac_quote=$quote
  _dac_raw=""
  ((start >= 0)) && _dac_raw=${line:start}
  _dac_keep=$keep
}

# _dac_quoted QUOTE TEXT: TEXT written for the command line after QUOTE (none,
# ', " or $'), into REPLY.
_dac_quoted() {
  local quote=$1 text=$2 c i
  REPLY=""
  if [[ -z $quote ]]; then
    [[ -n $text ]] && printf -v REPLY '%q' "$text"
    return
  fi
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    if [[ $quote == "'" && $c == "'" ]]; then
      REPLY+="'\\''"
    elif [[ $quote == '"' && $c == [\"\\\$\`] ]]; then
      REPLY+="\\$c"
    elif [[ $quote == '"' && $c == '!' ]]; then
      # history expansion happens inside "...": leave the quotes for the "!".
      REPLY+='"\!"'
    elif [[ $quote == "\$'" && $c == [\'\\] ]]; then
      REPLY+="\\$c"
    else
      REPLY+=$c
    fi
  done
}

_dac() {
  local _dac_words _dac_raw _dac_quote _dac_keep REPLY
  _dac_parse "${COMP_LINE:0:COMP_POINT}"
  local dac=${_dac_words[0]}
  # shellcheck disable=SC2088 # a literal ~/ typed as the command
  [[ $dac == "~/"* ]] && dac=$HOME/${dac#"~/"}
  local -a answer
  mapfile -t answer < <("$dac" __complete line "${_dac_words[@]:1}" 2>/dev/null)
  COMPREPLY=()
  ((${#answer[@]})) || return 0
  local kind=${answer[0]%% *} prefix=""
  [[ ${answer[0]} == *" "* ]] && prefix=${answer[0]#* }
  local cur=${_dac_words[${#_dac_words[@]} - 1]}
  [[ $cur == "$prefix"* ]] || return 0
  local value=${cur:${#prefix}}
  local -a matches=()
  local w
  case $kind in
    words)
      for w in "${answer[@]:1}"; do
        [[ $w == "$value"* ]] && matches+=("$w")
      done
      ;;
    files | dirs)
      local flag=-f
      [[ $kind == dirs ]] && flag=-d
      while IFS= read -r w; do
        [[ $w == "$value"* ]] || continue
        [[ -d $w && $w != */ ]] && w+=/
        matches+=("$w")
      done < <(compgen "$flag" -- "$value")
      if ((${#matches[@]} == 1)) && [[ ${matches[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
      fi
      ;;
  esac
  # Each reply replaces what readline takes as the word: the typed text after
  # _dac_keep characters, then the rest of the candidate, quoted.
  local typed=${_dac_raw:_dac_keep}
  for w in "${matches[@]}"; do
    _dac_quoted "$_dac_quote" "${w:${#value}}"
    COMPREPLY+=("$typed$REPLY")
  done
  # Nicknames are matched without regard to case (SPEC §3): with no exact
  # prefix match, offer those, written out whole. Only when readline's word is
  # all of the typed value (it starts with the value, or just after a quote
  # opened there), so that the reply can replace it.
  local lead=${_dac_raw:0:_dac_keep}
  if [[ $kind == words && ${#matches[@]} -eq 0 && -n $value ]] &&
    [[ $lead == "$prefix" || $lead == "$prefix$_dac_quote" ]]; then
    for w in "${answer[@]:1}"; do
      if [[ ${w,,} == "${value,,}"* ]]; then
        _dac_quoted "$_dac_quote" "$w"
        COMPREPLY+=("$REPLY")
      fi
    done
  fi
  # readline closes an open quote after a single match, unless the line then
  # ends with that quote character (as it does after \" or '\''): close it here.
  if ((${#COMPREPLY[@]} == 1)) && [[ -n $_dac_quote ]]; then
    COMPREPLY[0]+=${_dac_quote#\$}
  fi
  return 0
}

complete -F _dac dac

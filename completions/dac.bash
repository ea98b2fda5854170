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
# character such as = or :); _dac_dangling is set when it ends in a backslash
# that escapes nothing yet.
_dac_parse() {
  local line=$1 c i n=${#1} word="" start=-1 quote="" keep=0 outside=0
  local breaks=${COMP_WORDBREAKS-$'"\'><=;|&(:'}
  _dac_words=() _dac_dangling=""
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
        else
          _dac_dangling=1
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
  local _dac_words _dac_raw _dac_quote _dac_keep _dac_dangling REPLY
  _dac_parse "${COMP_LINE:0:COMP_POINT}"
  COMPREPLY=()
  # A word ending in an unfinished \ escape: no reply could keep it.
  [[ -n $_dac_dangling ]] && return 0
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
  # _dac_keep characters (base), then the rest of the candidate after what was
  # typed of it (stem), quoted.
  local typed=${_dac_raw:_dac_keep} base=${_dac_raw:_dac_keep} stem=$value whole=""
  # Nicknames are matched without regard to case (SPEC §3): with no exact
  # prefix match, offer those, written out whole. Only when readline's word is
  # all of the typed value (it starts with the value, or just after a quote
  # opened there), so that the reply can replace it.
  local lead=${_dac_raw:0:_dac_keep}
  if [[ $kind == words && ${#matches[@]} -eq 0 && -n $value ]] &&
    [[ $lead == "$prefix" || $lead == "$prefix$_dac_quote" ]]; then
    for w in "${answer[@]:1}"; do
      [[ ${w,,} == "${value,,}"* ]] && matches+=("$w")
    done
    base="" stem="" whole=1
  fi
  for w in "${matches[@]}"; do
    _dac_quoted "$_dac_quote" "${w:${#stem}}"
    COMPREPLY+=("$base$REPLY")
  done
  # readline closes an open quote after a single match, unless the line then
  # ends with that quote character (as it does after \" or '\''): close it here.
  if ((${#COMPREPLY[@]} == 1)); then
    [[ -n $_dac_quote ]] && COMPREPLY[0]+=${_dac_quote#\$}
    return 0
  fi
  ((${#COMPREPLY[@]} > 1)) || return 0
  # Several candidates. readline puts the longest common prefix of the replies
  # in place of its word, and the replies are quoted: "Acme (EU)" and
  # "Acme & Co" are Acme\ \(EU\) and Acme\ \&\ Co, whose common prefix
  # Acme\ \ ends inside an escape. So the text to insert is worked out here,
  # from the candidates unquoted: their common prefix, quoted, if it is longer
  # than what was typed (no quote is closed and no space added: readline does
  # that only for a single match), else what was typed, unchanged. When the
  # replies' own common prefix is not exactly that text, the text is added as
  # one more reply: it is a prefix of every other reply, so it becomes their
  # common prefix, and readline inserts it and lists the candidates (with it)
  # on the next TAB. The candidates are the same replies as ever, so picking
  # one (menu-complete) still gives a correct word. (Rather than one reply,
  # which readline would take as the single match and close its quote.)
  _dac_common "${matches[@]}"
  local common=$REPLY insert=$typed
  if [[ -n $whole ]]; then
    # Candidates of another case replace the word whole: insert their common
    # prefix if it is as long as what was typed, else nothing (an empty common
    # prefix, which readline leaves alone, rather than a shorter word).
    insert=""
    if ((${#common} >= ${#value})); then
      _dac_quoted "$_dac_quote" "$common"
      insert=$REPLY
    fi
  elif ((${#common} > ${#value})); then
    _dac_quoted "$_dac_quote" "${common:${#value}}"
    insert=$typed$REPLY
  fi
  # (printf %q quotes a whole string, so the quoted prefix is the start of each
  # quoted candidate; should it not be, insert nothing new.)
  for w in "${COMPREPLY[@]}"; do
    [[ $w == "$insert"* ]] && continue
    insert=$base
    break
  done
  _dac_common "${COMPREPLY[@]}"
  [[ $REPLY == "$insert" ]] || COMPREPLY+=("$insert")
  return 0
}

# _dac_common WORD...: the longest common prefix of the words, into REPLY (by
# characters; without a UTF-8 locale it ends before any non-ASCII byte, so
# that it never ends inside a character).
_dac_common() {
  local w
  REPLY=$1
  shift
  for w in "$@"; do
    while [[ $w != "$REPLY"* ]]; do REPLY=${REPLY:0:${#REPLY}-1}; done
  done
  local probe=$'\303\251'
  if ((${#probe} != 1)); then
    REPLY=${REPLY%"${REPLY##*[[:ascii:]]}"}
  fi
}

complete -F _dac dac

#!/usr/bin/env bash
# Shell completion: the bash script completes commands, options, option values
# and the store's developer IDs and nicknames, using the built dac.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"

mkdir -p "$TEST_DIR/bin"
ln -s "$DAC" "$TEST_DIR/bin/dac"
export PATH=$TEST_DIR/bin:$PATH

setup_store
must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1"
must grant 210987654321 --nickname Linnworks --token "$TOKEN2"

# shellcheck source=/dev/null
source "$ROOT/completions/dac.bash"
LAST_CMD="complete -p dac"
OUT=$(complete -p dac)$'\n'
RC=$?
expect_out_is "complete -F _dac dac"

# complete_line WORDS...: the candidates bash offers for the last word, the
# line being the words joined by spaces, the cursor at its end (bash sets
# COMP_LINE and COMP_POINT as well as COMP_WORDS).
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _dac
  LAST_CMD="complete: $*"
  OUT=""
  ((${#COMPREPLY[@]})) && OUT=$(printf '%s\n' "${COMPREPLY[@]}" | sort)$'\n'
  RC=0
}

# complete_raw LINE: the candidates for the end of LINE as typed (quotes and all).
complete_raw() {
  COMP_LINE=$1
  COMP_POINT=${#COMP_LINE}
  read -ra COMP_WORDS <<<"$COMP_LINE"
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _dac
  LAST_CMD="complete: $1"
  OUT=""
  ((${#COMPREPLY[@]})) && OUT=$(printf '%s\n' "${COMPREPLY[@]}" | sort)$'\n'
  RC=0
}

complete_line dac ""
check "all commands offered" [ "$(printf '%s\n' "$OUT" | wc -l)" -ge 14 ]
expect_out_contains "confirm"
expect_out_not_contains "__complete"

complete_line dac li
expect_out_is "list"

complete_line dac seller ""
expect_out_is $'add\nlist'

complete_line dac list --exp
expect_out_is $'--expired\n--expiring'

complete_line dac list --format ""
expect_out_is $'csv\njson\ntable'

complete_line dac --color a
expect_out_is $'always\nauto'

complete_line dac confirm ""
expect_out_contains "123456789012"
expect_out_contains 'Khaos\ Control'
expect_out_contains "Linnworks"

complete_line dac revoke Li
expect_out_is "Linnworks"

# Without an exact prefix, nicknames match regardless of case (as a TARGET does).
complete_line dac revoke khaos
expect_out_is 'Khaos\ Control'
complete_raw 'dac revoke "khaos'
expect_out_is 'Khaos Control"'
complete_raw 'dac revoke Kh"aos'
expect_out_is 'aos Control"'
complete_raw 'dac revoke kh"aos'
expect_out_empty

complete_line dac confirm --all --exclude 2
expect_out_is "210987654321"

# The --option=VALUE form: bash splits the word at "=", the reply is the value.
complete_line dac list --expiring=3
expect_out_is "30d"
complete_line dac check --warn=
expect_out_is $'14d\n30d'
complete_line dac list --store=
check "--store= offers folders" [ -n "$OUT" ]

# A --store on the line is the store whose nicknames are offered; each is
# quoted for the command line, keeping the quote that was typed, and never run.
OTHER="$TEST_DIR/other store"
DAC_STORE=$OTHER setup_store
# (PWNED in the current folder, the test folder: a nickname has at most 64 characters)
EVIL="Evil \$(touch PWNED) \`touch PWNED\`"
DAC_STORE=$OTHER must grant 300000000000 --nickname "$EVIL" --token "$TOKEN1"
DAC_STORE=$OTHER must grant 300000000001 --nickname "It's \"both\" \\ !" --token "$TOKEN2"
complete_raw "dac --store '$OTHER' show Ev"
expect_out_is "$(printf '%q' "$EVIL")"
complete_raw "dac show --store=${OTHER// /\\ } \"Ev"
expect_out_is "${EVIL//[\$\`]/\\&}\""
complete_raw "dac --store '$OTHER' show 'It"
expect_out_is "It'\\''s \"both\" \\ !'"
complete_raw "dac --store '$OTHER' show \"It"
expect_out_is "It's \\\"both\\\" \\\\ \"\\!\"\""
complete_raw "dac --store '$OTHER' show "
expect_out_contains "300000000001"
expect_out_not_contains "Khaos"
check "no nickname ran code" [ ! -e "$TEST_DIR/PWNED" ]

# Nicknames that part at a character that needs quoting: the replies' common
# prefix (what readline inserts) is never a broken escape. It is the common
# part, quoted, while that is longer than what was typed, else what was typed:
# the candidates stay in the replies, for readline to list.
# lcd: the longest common prefix of COMPREPLY, as readline computes it.
lcd() {
  local w p=${COMPREPLY[0]-}
  for w in "${COMPREPLY[@]}"; do
    while [[ $w != "$p"* ]]; do p=${p:0:${#p}-1}; done
  done
  OUT=$p$'\n'
  LAST_CMD+=" (common prefix of the replies)"
}
PAIRS="$TEST_DIR/pairs"
DAC_STORE=$PAIRS setup_store
DAC_STORE=$PAIRS must grant 400000000001 --nickname "Acme (EU)" --token "$TOKEN1"
DAC_STORE=$PAIRS must grant 400000000002 --nickname "Acme & Co" --token "$TOKEN2"
DAC_STORE=$PAIRS must grant 400000000003 --nickname "bs\\slash 'sq'" --token "$TOKEN3"
DAC_STORE=$PAIRS must grant 400000000004 --nickname "bs\`touch PWNED\`; ls *" --token "$TOKEN4"
DAC_STORE=$PAIRS must grant 400000000005 --nickname "qu'ote x" --token "$TOKEN1"
DAC_STORE=$PAIRS must grant 400000000006 --nickname 'qu"ote y' --token "$TOKEN2"
S="dac --store $PAIRS"
complete_raw "$S show Acme"
expect_out_is $'Acme\\ \nAcme\\ \\&\\ Co\nAcme\\ \\(EU\\)'
lcd
expect_out_is 'Acme\ '
# The next TAB: nothing more to insert, both are listed.
complete_raw "$S show Acme\\ "
expect_out_is $'Acme\\ \nAcme\\ \\&\\ Co\nAcme\\ \\(EU\\)'
lcd
expect_out_is 'Acme\ '
complete_raw "$S show Acme\\ \\("
expect_out_is 'Acme\ \(EU\)'
complete_raw "$S show Acme\\ \\&"
expect_out_is 'Acme\ \&\ Co'
# Inside "...", '...' and $'...': the common part, the quote left open.
complete_raw "$S show \"Acme"
lcd
expect_out_is 'Acme '
complete_raw "$S show \"Acme &"
expect_out_is 'Acme & Co"'
complete_raw "$S show 'Acme"
lcd
expect_out_is 'Acme '
complete_raw "$S show 'Acme ("
expect_out_is "Acme (EU)'"
complete_raw "$S show \$'Acme"
lcd
expect_out_is 'Acme '
complete_raw "$S show \$'Acme ("
expect_out_is "Acme (EU)'"
# After --opt=: the value only.
complete_raw "$S confirm --all --exclude=Acme"
lcd
expect_out_is 'Acme\ '
complete_raw "$S confirm --all --exclude=Acme\\ \\("
expect_out_is 'Acme\ \(EU\)'
# A backslash and a backtick; a single and a double quote.
complete_raw "$S show bs"
expect_out_contains '\`touch\ PWNED\`'
expect_out_contains "bs\\\\slash"
lcd
expect_out_is "bs"
complete_raw "$S show bs\\\\"
expect_out_is "bs\\\\slash\\ \\'sq\\'"
complete_raw "$S show \"bs"
lcd
expect_out_is "bs"
complete_raw "$S show \"bs\\\`"
expect_out_is 'bs\`touch PWNED\`; ls *"'
complete_raw "$S show \$'bs"
lcd
expect_out_is "bs"
complete_raw "$S show \$'bs\\\\"
expect_out_is "bs\\\\slash \\'sq\\''"
complete_raw "$S show qu"
lcd
expect_out_is "qu"
complete_raw "$S show 'qu"
lcd
expect_out_is "qu"
complete_raw "$S show 'qu\""
expect_out_is "qu\"ote y'"
# Another case only: their common part, or nothing rather than a shorter word.
complete_raw "$S show acme"
lcd
expect_out_is 'Acme\ '
complete_raw "$S show ACME\\ X"
expect_out_empty
# A backslash that escapes nothing yet: no reply could keep it.
complete_raw "$S show bs\\"
expect_out_empty
check "no nickname ran code" [ ! -e "$TEST_DIR/PWNED" ]

# --developer takes developer IDs only; --exclude and a TARGET, nicknames too.
complete_line dac list --developer ""
expect_out_is $'123456789012\n210987654321'
complete_line dac list --developer=""
expect_out_is $'123456789012\n210987654321'
complete_line dac confirm --all --exclude L
expect_out_is "Linnworks"
run list --developer Linnworks
expect_rc 2

# help COMMAND...: the commands of the command named so far.
complete_line dac help ""
expect_out_contains "seller"
complete_line dac help seller ""
expect_out_is $'add\nlist'
complete_line dac help seller a
expect_out_is "add"
complete_line dac help list ""
expect_out_empty

# The query behind the three scripts: a kind line, then the candidates.
run __complete line list --expiring=
expect_out_is $'words --expiring=\n7d\n14d\n30d\n60d\n90d'
run __complete line list --format ""
expect_out_is $'words\ntable\njson\ncsv'
run __complete line --store "$OTHER" show ""
expect_out_contains "$EVIL"
run __complete line --store=
expect_out_is "dirs --store="
run __complete line import ""
expect_out_is "files"
run __complete line grant 123456789012 --nickname ""
expect_out_is "words"

# A store that does not exist offers nothing, and says nothing.
export DAC_STORE=$TEST_DIR/nowhere
complete_line dac show ""
expect_out_empty
run __complete line show ""
expect_rc 0
expect_out_is "words"
expect_err_empty
run __complete
expect_rc 0
expect_out_empty

finish

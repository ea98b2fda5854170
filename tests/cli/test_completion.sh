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

complete_line dac confirm --all --exclude 2
expect_out_is "210987654321"

# A store that does not exist offers nothing, and says nothing.
export DAC_STORE=$TEST_DIR/nowhere
complete_line dac show ""
expect_out_empty

finish

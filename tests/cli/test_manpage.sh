#!/usr/bin/env bash
# The man page documents every command and every option dac accepts, every
# exit code and every environment variable, and renders without warnings.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"
MAN=$ROOT/docs/dac.1

# The man page's text with roff escapes for '-' undone.
page=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$MAN")

documented() { [[ $page == *"$1"* ]]; }

for cmd in $("$DAC" __complete commands); do
  check "man page documents command '$cmd'" documented "$cmd"
  subs=$("$DAC" __complete commands "$cmd")
  for path in "$cmd" $(for s in $subs; do echo "$cmd/$s"; done); do
    for opt in $("$DAC" __complete options ${path//\// }); do
      [[ $opt == -h || $opt == --help ]] && continue
      check "man page documents option $opt of '${path//\// }'" documented "$opt"
    done
  done
done

for code in 0 1 2 3 4 5 6; do
  check "man page documents exit code $code" grep -q "^\.B $code\$" "$MAN"
done
for var in DAC_STORE DAC_NOW XDG_DATA_HOME HOME NO_COLOR USER; do
  check "man page documents \$$var" documented "$var"
done

# Both man page readers a user may have (scripts/deps.sh installs them):
# man-db's groff, and mandoc's linter at its warning level.
LAST_CMD="man --warnings -l docs/dac.1"
warnings=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
check "man page renders without warnings: $warnings" test -z "$warnings"
LAST_CMD="mandoc -T lint -W warning docs/dac.1"
warnings=$(mandoc -T lint -W warning "$MAN" 2>&1)
check "mandoc finds nothing to warn about: $warnings" test -z "$warnings"

finish

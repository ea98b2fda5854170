#!/usr/bin/env bash
# Shell completion in the real shells: an interactive bash (the script sourced
# alone, and loaded by bash-completion's own loader), zsh (compinit, _dac
# autoloaded from fpath) and fish (autoloaded from its completions folder),
# each driven through a pseudo-terminal. For each case the test types a line
# and TAB, records the line buffer, presses Enter and records the arguments
# that reached dac: a completed nickname must arrive as exactly that
# nickname, and no nickname may ever run code (the canary file stays absent).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"

for shell in zsh fish; do
  if ! command -v "$shell" >/dev/null; then
    echo "FAIL: $shell is not installed (scripts/deps.sh installs it)" >&2
    exit 1
  fi
done
if [[ ! -f /usr/share/bash-completion/bash_completion ]]; then
  echo "FAIL: bash-completion is not installed (scripts/deps.sh installs it)" >&2
  exit 1
fi

CANARY=$TEST_DIR/PWNED
RAN=$TEST_DIR/ran
LINES=$TEST_DIR/lines

# dac on PATH: the real one, which also records each command that is not a
# completion query (its arguments, quoted, and its exit code).
mkdir -p "$TEST_DIR/bin"
cat >"$TEST_DIR/bin/dac" <<EOF
#!/usr/bin/env bash
if [[ \${1-} == __complete ]]; then exec "$DAC" "\$@"; fi
"$DAC" "\$@" </dev/null >/dev/null 2>&1
rc=\$?
{ printf '%q ' "\$@"; printf 'rc=%s\n' "\$rc"; } >>"$RAN"
exit \$rc
EOF
chmod +x "$TEST_DIR/bin/dac"
export PATH=$TEST_DIR/bin:$PATH

# Hostile nicknames that are valid ones (SPEC §1): code, quotes, backslashes,
# glob characters, a leading dash, readline's word-break characters.
NICKS=(
  'Café Ünïcode, "quoted"'
  "Evil \$(touch $CANARY)"
  "Tick \`touch $CANARY\`"
  "Semi; touch $CANARY"
  "It's a 'single' one"
  'Back\slash \\ end\'
  'Glob *?[ab] x'
  '-Dash --store /nowhere'
  "Bang! \$HOME & | > <"
  'Colon:key=value'
  # Pairs that part at a character that needs quoting (bash cases below).
  'Acme (EU)'
  'Acme & Co'
  "bs\\slash 'sq'"
  "bs\`touch $CANARY\`; ls *"
  "qu'ote x"
  'qu"ote y'
)
setup_store
for i in "${!NICKS[@]}"; do
  must grant "$(printf '1000000000%02d' "$i")" --nickname "${NICKS[i]}" \
    --token "$(printf 'amzn.mws.00000000-0000-0000-0000-%012d' "$i")"
done
# A second store, named on the command line only.
DAC_STORE="$TEST_DIR/other store" setup_store
DAC_STORE="$TEST_DIR/other store" must grant 200000000000 --nickname "Other Store One" --token "$TOKEN1"

# Newlines cannot reach a nickname: grant and import refuse them.
run grant 300000000000 --nickname $'a\nb' --token "$TOKEN2"
expect_error 2 "nickname"
printf 'developer_id,nickname,authorized_at,mws_auth_token\n300000000000,"a\nb",2026-01-01T00:00:00Z,%s\n' \
  "$TOKEN2" >"$TEST_DIR/newline.csv"
run import "$TEST_DIR/newline.csv"
expect_error 2 "nickname"

# The cases: what is typed (\t is TAB), and the arguments dac must get (and
# its exit code: 0 unless case_rc says otherwise).
TYPED=()
WANT=()
ALT=()
case_rc() {
  local rc=$1
  TYPED+=("$2")
  shift 2
  WANT+=("$(printf '%q ' "$@")rc=$rc")
}
case_() { case_rc 0 "$@"; }
case_ 'dac show Caf\t' show "${NICKS[0]}"
case_ 'dac show Evil\t' show "${NICKS[1]}"
case_ 'dac show Tick\t' show "${NICKS[2]}"
case_ 'dac show Semi\t' show "${NICKS[3]}"
case_ 'dac show It\t' show "${NICKS[4]}"
case_ 'dac show Back\t' show "${NICKS[5]}"
case_ 'dac show Glob\t' show "${NICKS[6]}"
case_ 'dac show -- -Da\t' show -- "${NICKS[7]}"
case_ 'dac show Bang\t' show "${NICKS[8]}"
case_ 'dac show Colon:k\t' show "${NICKS[9]}"
case_ 'dac show "Caf\t' show "${NICKS[0]}"
case_ 'dac show "Evil\t' show "${NICKS[1]}"
case_ 'dac show "Bang\t' show "${NICKS[8]}"
case_ "dac show 'It\\t" show "${NICKS[4]}"
case_ "dac show 'Back\\t" show "${NICKS[5]}"
case_ 'dac history Semi\t' history "${NICKS[3]}"
case_ 'dac lis\t' list
case_ 'dac list --format j\t' list --format json
case_ 'dac list --expiring=3\t' list --expiring=30d
case_ 'dac list --sort=nick\t' list --sort=nickname
case_ 'dac check --warn 3\t --crit=7\t' check --warn 30d --crit=7d
case_ 'dac --color n\t list --status s\t' --color never list --status suspended
# No webhook is configured: the value is completed, then notify refuses (exit 2).
case_rc 2 'dac notify --webhook-format=t\t --dry-run' notify --webhook-format=teams --dry-run
case_ "dac --store 'other store' show Oth\\t" --store "other store" show "Other Store One"
case_ 'dac show --store=other\ store Oth\t' show "--store=other store" "Other Store One"
# Folders for --store, files for import (that file holds a newline: exit 2).
case_rc 2 'dac --store oth\t' --store "other store/"
# (zsh takes the "/" it added away again when the line is accepted.)
ALT[${#WANT[@]} - 1]="$(printf '%q ' --store "other store")rc=2"
case_rc 2 'dac import newl\t' import newline.csv
# --developer takes an ID only: its ID is offered, its nickname is not.
case_ "dac --store 'other store' list --developer 2\\t" --store "other store" list --developer 200000000000
case_rc 2 "dac --store 'other store' list --developer Oth\\t" --store "other store" list --developer Oth
# help: the commands of the command named so far.
case_ 'dac help seller a\t' help seller add

# bash only: nicknames that part at a character that needs quoting. TAB puts
# in the common part, quoted (LINE_WANT: the line then), leaving a quote open;
# the next TABs list both (LIST_WANT: the other one's text is on the screen);
# one more character (escaped as it must be there) and TAB give the whole
# nickname.
COMMON_CASES=${#TYPED[@]}
LINE_WANT=()
LIST_WANT=()
case_rc 3 'dac show Acme\t' show "Acme "
LINE_WANT[${#TYPED[@]} - 1]='dac show Acme\ '
case_ 'dac show Acme\t\t\t\\(\t' show "${NICKS[10]}"
LIST_WANT[${#TYPED[@]} - 1]='Acme\ \&\ Co'
case_ 'dac show Acme\t\t\t\\&\t' show "${NICKS[11]}"
LIST_WANT[${#TYPED[@]} - 1]='Acme\ \(EU\)'
case_ 'dac show "Acme\t\t\t&\t' show "${NICKS[11]}"
LIST_WANT[${#TYPED[@]} - 1]='Acme (EU)'
case_ "dac show 'Acme\\t\\t\\t(\\t" show "${NICKS[10]}"
LIST_WANT[${#TYPED[@]} - 1]='Acme & Co'
case_ "dac show \$'Acme\\t\\t\\t&\\t" show "${NICKS[11]}"
case_ 'dac confirm --all --dry-run --exclude=Acme\t\t\t\\(\t' confirm --all --dry-run "--exclude=${NICKS[10]}"
LIST_WANT[${#TYPED[@]} - 1]='Acme\ \&\ Co'
case_rc 3 'dac show bs\t' show bs
LINE_WANT[${#TYPED[@]} - 1]='dac show bs'
case_ 'dac show bs\t\t\\\\\t' show "${NICKS[12]}"
LIST_WANT[${#TYPED[@]} - 1]='bs\`touch'
case_ 'dac show bs\t\t\\`\t' show "${NICKS[13]}"
LIST_WANT[${#TYPED[@]} - 1]='bs\\slash'
case_ 'dac show "bs\t\t\\`\t' show "${NICKS[13]}"
case_ "dac show \$'bs\\t\\t\\\\\\\\\\t" show "${NICKS[12]}"
case_ "dac show qu\\t\\t\\\\'\\t" show "${NICKS[14]}"
LIST_WANT[${#TYPED[@]} - 1]='qu\"ote'
case_ "dac show 'qu\\t\\t\"\\t" show "${NICKS[15]}"

# drive NAME ARGV...: runs the shell in a pseudo-terminal and types each case
# there; the shell's configuration prints "READY> " as its prompt and writes
# the line buffer to $LINES on Ctrl-X Ctrl-L.
drive() {
  local name=$1
  shift
  rm -f "$RAN" "$LINES" "$CANARY"
  : >"$RAN"
  : >"$LINES"
  LAST_CMD="$name: type each case, TAB, Enter"
  python3 - "$RAN" "$LINES" "${TYPED[@]}" -- "$@" <<'PY' >"$TEST_DIR/$name.log" 2>&1
import codecs, fcntl, os, pty, select, signal, struct, sys, termios, time

ran, lines = sys.argv[1], sys.argv[2]
sep = sys.argv.index("--")
cases, argv = sys.argv[3:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 300, 0, 0))
out = bytearray()

def pump(until, limit):
    end = time.time() + limit
    while time.time() < end:
        if until():
            return True
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return until()
            if not data:
                return until()
            out.extend(data)
    return until()

def count(path):
    with open(path, "rb") as f:
        return f.read().count(b"\n")

if not pump(lambda: b"READY> " in out, 30):
    print("no prompt")
for i, typed in enumerate(cases):
    keys = codecs.decode(typed, "unicode_escape").encode("latin-1")
    mark = len(out)
    for key in keys:
        # one key at a time, as typed: each TAB completes on its own
        os.write(fd, bytes([key]))
        if key == 9:
            pump(lambda: False, 0.3)
    os.write(fd, b"\x18\x0c")
    ok = pump(lambda: count(lines) > i, 15)
    pump(lambda: False, 0.05)
    with open(f"{lines}.{i}", "wb") as f:
        f.write(out[mark:])
    if not ok:
        print(f"case {i}: no line buffer")
        os.write(fd, b"\x03")
        with open(lines, "a") as f:
            f.write("(none)\n")
        pump(lambda: False, 1)
    os.write(fd, b"\r")
    if not pump(lambda: count(ran) > i, 15):
        print(f"case {i}: dac did not run")
        os.write(fd, b"\x03")
        with open(ran, "a") as f:
            f.write("(dac did not run)\n")
        pump(lambda: False, 1)
os.write(fd, b"exit\r")
pump(lambda: os.waitpid(pid, os.WNOHANG)[0] != 0, 10)
try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
sys.stdout.write(out.decode("utf-8", "replace"))
PY
  local -a got typed_lines
  mapfile -t got <"$RAN"
  mapfile -t typed_lines <"$LINES"
  local i
  for i in "${!TYPED[@]}"; do
    LAST_CMD="$name: ${TYPED[i]} then Enter; the line was: ${typed_lines[i]-}"
    if [[ ${got[i]-} == "${WANT[i]}" || (-n ${ALT[i]-} && ${got[i]-} == "${ALT[i]}") ]]; then
      ok
    else
      fail "dac got other arguments" "${WANT[i]}" "${got[i]-}"
    fi
    if [[ -n ${LINE_WANT[i]-} ]]; then
      if [[ ${typed_lines[i]-} == "${LINE_WANT[i]}" ]]; then ok; else fail "line after TAB" "${LINE_WANT[i]}" "${typed_lines[i]-}"; fi
    fi
    if [[ -n ${LIST_WANT[i]-} ]]; then
      if grep -qF -- "${LIST_WANT[i]}" "$LINES.$i"; then ok; else fail "TAB listed no ${LIST_WANT[i]}"; fi
    fi
  done
  LAST_CMD="$name: every case"
  check "$name: no nickname ran code (no $CANARY)" [ ! -e "$CANARY" ]
}

# The shells keep their history and read their user files in the test folder.
export TERM=xterm HOME=$TEST_DIR/home HISTFILE=$TEST_DIR/home/history
mkdir -p "$HOME"
cd "$TEST_DIR" || exit 2

# bash, the script sourced by hand.
cat >"$TEST_DIR/bashrc" <<EOF
PS1='READY> '
source "$ROOT/completions/dac.bash"
bind -x '"\C-x\C-l": printf "%s\n" "\$READLINE_LINE" >>"$LINES"'
EOF
drive bash bash --noprofile --rcfile "$TEST_DIR/bashrc" -i

# bash through bash-completion 2.11: its loader finds the script by name.
mkdir -p "$TEST_DIR/bash-completion/completions"
ln -s "$ROOT/completions/dac.bash" "$TEST_DIR/bash-completion/completions/dac"
export BASH_COMPLETION_USER_DIR=$TEST_DIR/bash-completion
cat >"$TEST_DIR/bashrc-bc" <<EOF
PS1='READY> '
source /usr/share/bash-completion/bash_completion
bind -x '"\C-x\C-l": printf "%s\n" "\$READLINE_LINE" >>"$LINES"'
EOF
run_cmd bash --noprofile --norc -c "source /usr/share/bash-completion/bash_completion; complete -p dac; \
  _completion_loader dac; complete -p dac"
expect_out_is "complete -F _dac dac"
drive bash-completion bash --noprofile --rcfile "$TEST_DIR/bashrc-bc" -i
# The cases after COMMON_CASES are for bash.
TYPED=("${TYPED[@]:0:COMMON_CASES}")
WANT=("${WANT[@]:0:COMMON_CASES}")
LINE_WANT=()
LIST_WANT=()

# zsh 5.9: compinit, _dac found on fpath.
mkdir -p "$TEST_DIR/zdot"
cat >"$TEST_DIR/zdot/.zshrc" <<EOF
fpath=("$ROOT/completions" \$fpath)
autoload -Uz compinit
compinit -u -d "$TEST_DIR/zcompdump"
PS1='READY> '
__dump() { print -r -- "\$BUFFER" >>"$LINES" }
zle -N __dump
bindkey '^X^L' __dump
EOF
ZDOTDIR=$TEST_DIR/zdot drive zsh zsh --no-globalrcs -i

# fish 3.6: the script autoloaded from the user's completions folder.
mkdir -p "$TEST_DIR/fish/config/fish/completions" "$TEST_DIR/fish/data"
ln -s "$ROOT/completions/dac.fish" "$TEST_DIR/fish/config/fish/completions/dac.fish"
export XDG_CONFIG_HOME=$TEST_DIR/fish/config XDG_DATA_HOME=$TEST_DIR/fish/data

# fish_candidates LINE: what fish offers at the end of LINE (complete -C), one
# a line, without descriptions.
fish_candidates() {
  run_cmd fish --no-config -c 'source $argv[1]; complete -C $argv[2] | string replace -r "\t.*" ""' \
    "$ROOT/completions/dac.fish" "$1"
  LAST_CMD="fish: complete -C '$1'"
}
fish_candidates "dac "
check "fish: all commands offered" [ "$(printf '%s' "$OUT" | wc -l)" -ge 14 ]
expect_out_contains $'confirm\n'
expect_out_contains $'seller\n'
expect_out_not_contains "__complete"
fish_candidates "dac con"
expect_out_is "confirm"
fish_candidates "dac seller "
expect_out_is $'add\nlist'
fish_candidates "dac list --exp"
expect_out_is $'--expired\n--expiring'
fish_candidates "dac notify --webhook-format "
expect_out_is $'json\nslack\nteams'
fish_candidates "dac list --expiring "
expect_out_contains $'30d\n'
fish_candidates "dac list --expiring="
expect_out_contains $'--expiring=30d\n'
fish_candidates "dac check --warn "
expect_out_contains $'30d\n'
fish_candidates "dac check --crit="
expect_out_contains $'--crit=7d\n'
fish_candidates "dac --format "
expect_out_is $'csv\njson\ntable'
fish_candidates "dac list --color="
expect_out_is $'--color=always\n--color=auto\n--color=never'
fish_candidates "dac list --status "
expect_out_is $'active\nall\nrevoked\nsuspended'
fish_candidates "dac list --sort "
expect_out_contains $'nickname\n'
fish_candidates "dac show Ev"
expect_out_is "${NICKS[1]}"
fish_candidates "dac --store 'other store' show "
expect_out_is $'200000000000\nOther Store One'
fish_candidates "dac show --store=other\\ store Oth"
expect_out_is "Other Store One"
check "fish: complete -C ran no code (no $CANARY)" [ ! -e "$CANARY" ]
cat >"$TEST_DIR/fish/config/fish/config.fish" <<EOF
function fish_prompt; printf 'READY> '; end
function fish_greeting; end
function __dump; commandline >>"$LINES"; end
bind \cx\cl __dump
EOF
drive fish fish -i

finish

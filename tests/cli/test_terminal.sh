# What a person at a terminal sees (issue 13 items 7 and 14): tables aligned by
# display width (wide, combining, emoji), the widest free-text column shortened
# with "…" on a narrow terminal but never when piped or in JSON/CSV, and a
# prompt answered with Ctrl-D that leaves the next message on its own line.
source "$(dirname "$0")/lib.sh"
unset COLUMNS

setup_store --enabled-at 2025-01-01 --name "Main shop"
NICK_MIXED='Repricer Ünïcödé 🚀 日本語'
NICK_WIDE='日本語アプリ 連携'
NICK_COMBINING=$'Cafe\u0301 Combin\u0308ed'   # e + U+0301, n + U+0308: decomposed
NICK_EMOJI='🚀🚀 Rocket ☕'
NICK_FULLWIDTH='ＡＢＣ Fullwidth'
must grant 100000000001 --nickname "$NICK_MIXED" --token "$TOKEN1" --at 2026-01-10
must grant 100000000002 --nickname "$NICK_WIDE" --token "$TOKEN2" --at 2026-02-01
must grant 100000000003 --nickname "$NICK_COMBINING" --token "$TOKEN3" --at 2025-10-01
must grant 100000000004 --nickname "$NICK_EMOJI" --token "$TOKEN4" --at 2026-03-01
must grant 100000000005 --nickname "$NICK_FULLWIDTH" --token "$TOKEN1" --at 2026-04-01
must grant 100000000006 --nickname "Plain" --token "$TOKEN2" --at 2026-05-01

# columns_aligned FILE: every line of the table in FILE starts each cell (cells are
# separated by 2+ spaces) at the display column where the header's cell starts,
# the width computed here independently of dac: East Asian W/F = 2, combining
# marks and format characters = 0. Also checks the width of each line against
# $2 when given (a terminal's width). ANSI escapes and CRs are removed first.
columns_aligned() {
  python3 - "$@" <<'PY'
import re, sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"\x1b\[[0-9;]*m", "", text).replace("\r", "")
lines = [l for l in text.split("\n") if l]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
def starts(line):
    out, col, pos = [], 0, 0
    for m in re.finditer(r"\S(?:.*?)(?=\s{2,}|$)", line):
        col += width(line[pos:m.start()])
        out.append(col)
        col += width(m.group(0))
        pos = m.end()
    return out
head = starts(lines[0])
bad = False
for l in lines[1:]:
    s = starts(l)
    if s != head[: len(s)]:
        print(f"misaligned: {l!r}: cells at {s}, header at {head}", file=sys.stderr)
        bad = True
    if limit is not None and width(l) > limit:
        print(f"wider than {limit}: {l!r} ({width(l)})", file=sys.stderr)
        bad = True
sys.exit(1 if bad else 0)
PY
}

# on_tty COLS ARGS...: runs dac with stdout and stderr on a pseudo-terminal of COLS columns.
on_tty() {
  local cols=$1
  shift
  LAST_CMD="script -qec 'stty cols $cols; dac $*' /dev/null"
  script -qec "stty cols $cols; $(printf '%q ' "$DAC" "$@")" /dev/null </dev/null >"$OUT_FILE" 2>"$ERR_FILE"
  RC=$?
  # The terminal turns \n into \r\n.
  sed -i 's/\r$//' "$OUT_FILE"
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# --- item 7: alignment by display width ------------------------------------------------
run list
expect_rc 0
expect_out_contains "$NICK_MIXED"
expect_out_contains "$NICK_COMBINING"
check "list: every column starts where its header does (wide, combining, emoji)" columns_aligned "$OUT_FILE"
run list --sort nickname --status all --reveal-tokens
check "list --reveal-tokens: aligned" columns_aligned "$OUT_FILE"
run history
expect_rc 0
check "history: aligned" columns_aligned "$OUT_FILE"
run show 100000000001
expect_rc 0
# show prints two tables: the fields, then the history.
awk 'NF == 0 { exit } { print }' "$OUT_FILE" >fields.txt
awk 'found { print } NF == 0 { found = 1 }' "$OUT_FILE" >events.txt
check "show: fields aligned" columns_aligned fields.txt
check "show: history aligned" columns_aligned events.txt
must seller add B9B8B7B6B5B4B3 --name "$NICK_MIXED"
must grant 100000000007 --nickname "$NICK_WIDE" --token "$TOKEN3" --seller B9B8B7B6B5B4B3 --at 2026-06-01
run seller list
expect_rc 0
expect_out_contains "$NICK_MIXED"
check "seller list: aligned" columns_aligned "$OUT_FILE"
run list
expect_out_contains "SELLER"
check "list over two sellers: aligned" columns_aligned "$OUT_FILE"
# The row of the issue: its STATUS starts in the same column as every other row's.
run list --seller "$SELLER"
check "the issue's row lines up" columns_aligned "$OUT_FILE"

# --- item 7: a narrow terminal shortens the widest free-text column -------------------
# Natural width of `list --seller A1…`: 12+2 + 24+2 + 9+2 + 14+2 + 24 = 91 columns.
on_tty 80 list --seller "$SELLER" --color never
expect_rc 0
expect_out_contains "…"
expect_out_contains "Repricer"
expect_out_not_contains "$NICK_MIXED"
check "80 columns: every line fits and stays aligned" columns_aligned "$OUT_FILE" 80
# Only the shortened cells lose text: short nicknames are whole.
expect_out_contains "Plain"
# Colour does not change the arithmetic.
on_tty 80 list --seller "$SELLER" --color always
expect_out_contains $'\x1b['
check "80 columns with colour: fits, aligned" columns_aligned "$OUT_FILE" 80
on_tty 100 list --seller "$SELLER"
expect_out_contains "$NICK_MIXED"
check "100 columns: nothing to shorten" columns_aligned "$OUT_FILE" 100
# $COLUMNS, when set, is the width (a terminal that reports none, or a user's choice).
COLUMNS=80 on_tty 200 list --seller "$SELLER"
expect_out_not_contains "$NICK_MIXED"
check "COLUMNS=80: fits 80" columns_aligned "$OUT_FILE" 80
# A terminal too narrow for the table even with the nickname cut to 10: printed whole
# (shortening would lose text and still wrap).
on_tty 60 list --seller "$SELLER"
expect_out_contains "$NICK_MIXED"
check "60 columns: whole, aligned" columns_aligned "$OUT_FILE"
# history: nickname, actor and reason are the free text.
must confirm Plain --reason "a long reason that a person typed into the history one day, to explain"
on_tty 150 history
expect_rc 0
expect_out_contains "…"
check "history on 150 columns fits" columns_aligned "$OUT_FILE" 150
on_tty 150 show Plain
expect_out_contains "a long reason"
expect_out_not_contains "to explain"

# Never when piped, whatever COLUMNS says; never in JSON or CSV.
COLUMNS=60 run list --seller "$SELLER"
expect_out_contains "$NICK_MIXED"
expect_out_not_matches "(Repricer|long reason)[^…,]*…"
COLUMNS=80 run history
expect_out_contains "to explain"
on_tty 80 list --format json
expect_out_contains "\"nickname\": \"$NICK_MIXED\""
expect_out_not_matches "(Repricer|long reason)[^…,]*…"
on_tty 80 list --format csv
expect_out_contains "$NICK_MIXED"
expect_out_not_matches "(Repricer|long reason)[^…,]*…"
on_tty 80 seller list --format json
expect_out_contains "\"name\": \"$NICK_MIXED\""

# --- item 14: Ctrl-D at a prompt --------------------------------------------------------
# ctrl_d ARGS...: runs dac on a pseudo-terminal, waits for its "[y/N]" prompt and
# ends the input (Ctrl-D); everything it wrote, as the terminal shows it, is in OUT.
ctrl_d() {
  LAST_CMD="dac $* (then Ctrl-D at the prompt)"
  python3 - "$DAC" "$@" >"$OUT_FILE" 2>"$ERR_FILE" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
buf = b""
deadline = time.time() + 20
while b"[y/N] " not in buf and time.time() < deadline:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            buf += os.read(fd, 4096)
        except OSError:
            break
os.write(fd, b"\x04")
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    buf += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(buf.replace(b"\r\n", b"\n"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}
snapshot_store
ctrl_d revoke Plain
expect_rc 1
expect_out_contains "[y/N] "
# The message that follows starts a line of its own.
expect_out_matches '^dac: revocation cancelled; nothing was written'
expect_out_not_matches '\[y/N\] .*dac:'
ctrl_d confirm --all
expect_rc 1
expect_out_matches '^dac: confirmation cancelled; nothing was written'
expect_out_not_matches '\[y/N\] .*dac:'
expect_store_unchanged

finish

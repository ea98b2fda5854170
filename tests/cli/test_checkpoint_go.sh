#!/usr/bin/env bash
# Checkpoints against an independent implementation of C2SP signed notes:
# Go's golang.org/x/mod/sumdb/note (Debian's golang-golang-x-mod-dev, built
# offline from /usr/share/gocode; scripts/deps.sh installs it). Go reads dac's
# keys and verifies dac's checkpoints; dac signs with a Go key and verifies
# what Go signed.
source "$(dirname "$0")/lib.sh"

GOSRC=/usr/share/gocode/src/golang.org/x/mod/sumdb/note
if ! command -v go >/dev/null || [[ ! -f $GOSRC/note.go ]]; then
  LAST_CMD="go version; ls $GOSRC"
  fail "this test needs Go and golang.org/x/mod/sumdb/note: run scripts/deps.sh (golang-go golang-golang-x-mod-dev)"
  finish
fi

mkdir gonote
cat >gonote/main.go <<'GO'
package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	switch os.Args[1] {
	case "verify": // VKEY NOTE: prints the verified text
		v, err := note.NewVerifier(os.Args[2])
		check(err)
		msg, err := os.ReadFile(os.Args[3])
		check(err)
		n, err := note.Open(msg, note.VerifierList(v))
		check(err)
		fmt.Print(n.Text)
	case "signer": // SKEYFILE: prints the name+hash of the signer key, and its verifier key's
		b, err := os.ReadFile(os.Args[2])
		check(err)
		s, err := note.NewSigner(strings.TrimSuffix(string(b), "\n"))
		check(err)
		fmt.Printf("%s+%08x\n", s.Name(), s.KeyHash())
	case "genkey": // NAME SKEYOUT: writes a signer key 0600, prints the verifier key
		skey, vkey, err := note.GenerateKey(rand.Reader, os.Args[2])
		check(err)
		check(os.WriteFile(os.Args[3], []byte(skey+"\n"), 0600))
		fmt.Println(vkey)
	case "sign": // SKEYFILE TEXTFILE: prints the signed note
		b, err := os.ReadFile(os.Args[2])
		check(err)
		s, err := note.NewSigner(strings.TrimSuffix(string(b), "\n"))
		check(err)
		text, err := os.ReadFile(os.Args[3])
		check(err)
		msg, err := note.Sign(&note.Note{Text: string(text)}, s)
		check(err)
		os.Stdout.Write(msg)
	default:
		os.Exit(2)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gonote:", err)
		os.Exit(1)
	}
}
GO
# Offline: GOPATH mode over Debian's sources, no module proxy, a private build cache.
run_cmd env GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE="$TEST_DIR/gocache" \
  HOME="$TEST_DIR" go build -o gonote/gonote ./gonote
expect_rc 0
GONOTE=$TEST_DIR/gonote/gonote
[[ -x $GONOTE ]] || finish

# Go reads dac's keys.
setup_store
"$DAC" key generate example.com/audit --output audit.key >audit.pub 2>/dev/null
VKEY=$(cat audit.pub)
run_cmd "$GONOTE" signer audit.key
expect_rc 0
check "Go reads dac's signer key: same name and hash as dac's verifier key" \
  test "${OUT%$'\n'}" = "$(cut -d+ -f1-2 <<<"$VKEY")"
# What Go signs with dac's signer key, Go verifies with dac's verifier key.
printf 'dac-history test\n0\n%s\n' "$(printf '0%.0s' {1..64})" >text
"$GONOTE" sign audit.key text >go-signed.note
run_cmd "$GONOTE" verify "$VKEY" go-signed.note
expect_rc 0
expect_out_is "$(cat text)"

# dac reads Go's keys.
run_cmd "$GONOTE" genkey example.org/go-audit go.key
expect_rc 0
GO_VKEY=${OUT%$'\n'}

must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-01-01
run checkpoint --key go.key
if [[ $RC -ne 0 && $ERR == *"no id yet"* ]]; then
  expect_error 4 "no id yet"  # dac read Go's key, then refused the store without an id
  echo "note: store format 2 (store ids) is not in this build: the checkpoint cases did not run" >&2
  finish
fi
expect_rc 0
printf '%s' "$OUT" >dac-go.note
# Go verifies dac's checkpoints, signed with dac's key and with Go's.
run_cmd "$GONOTE" verify "$GO_VKEY" dac-go.note
expect_rc 0
check "Go verifies a checkpoint dac signed with Go's key" test "$OUT" = "$(head -3 dac-go.note)"$'\n'
"$DAC" checkpoint --key audit.key >dac.note
run_cmd "$GONOTE" verify "$VKEY" dac.note
expect_rc 0
expect_out_is "$(head -3 dac.note)"
# Go refuses what it should: another key, an edited note.
run_cmd "$GONOTE" verify "$GO_VKEY" dac.note
expect_rc 1
sed '2s/.*/0/' dac.note >edited.note
run_cmd "$GONOTE" verify "$VKEY" edited.note
expect_rc 1

# dac verifies a checkpoint Go signed.
head -3 dac.note >head.txt
"$GONOTE" sign go.key head.txt >go.note
run history --verify --checkpoint go.note --verifier "$GO_VKEY"
expect_rc 0
run history --verify --checkpoint go.note --verifier "$VKEY"
expect_error 4 "checkpoint go.note" "signed by none of the given verifier keys"
# Both signatures on one note: dac accepts it with either key.
{ cat go.note; tail -1 dac.note; } >both.note
run history --verify --checkpoint both.note --verifier "$VKEY"
expect_rc 0

finish

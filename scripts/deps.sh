#!/usr/bin/env bash
# Installs the Debian packages dac needs to build and test, if any is missing.
# ca-certificates is also what `dac notify` needs at run time: without it
# libcurl finds no CA bundle and no HTTPS webhook or SMTP over TLS works.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libssl-dev catch2
  python3 util-linux
  # the shells whose completion scripts tests/cli/test_completion_shells.sh drives for real
  bash-completion zsh fish
  libcurl4-openssl-dev libtomlplusplus-dev python3-aiosmtpd openssl
  ca-certificates man-db mandoc
  hyperfine jq time
  clang-14 libclang-rt-14-dev locales
  cmark prometheus  # notify/metrics tests: the CommonMark reference renderer (Teams cards), promtool
  libutf8proc-dev   # Unicode categories (nicknames) and display widths (tables)
  libsodium-dev     # Ed25519 for signed checkpoints (static, like libcrypto)
  libpq-dev         # the team store in PostgreSQL (SPEC §6a)
  postgresql postgresql-common  # tests: pg_virtualenv runs a throw-away server for the suite against PostgreSQL
  git  # scripts/lint.sh and scripts/check-layers.sh list the tracked files with git ls-files
  golang-go golang-golang-x-mod-dev  # tests/cli/test_checkpoint_go.sh: Go's sumdb/note checks dac's signed notes, built offline
  clang-format clang-tidy  # scripts/lint.sh (Debian's 14, like clang-14 above); jq merges its compilation databases
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "dac: installing ${missing[*]}" >&2
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

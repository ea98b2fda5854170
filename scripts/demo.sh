#!/usr/bin/env bash
# Installs what is missing, builds dac, fills a demo store with a dozen
# authorisations in every state, and runs the job dac exists for.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -DDAC_BUILD_TESTS=OFF

dac="$PWD/build-release/dac"
export DAC_STORE="$PWD/build-release/demo-store"
export USER=${USER:-demo}
rm -rf "$DAC_STORE"

now=$(date -u +%s)
# An instant DAYS days before now, in RFC 3339.
ago() { date -u -d "@$((now - $1 * 86400))" +%Y-%m-%dT%H:%M:%SZ; }
# Runs dac as if it were DAYS days ago, so the demo's history reads in order.
at() { local days=$1; shift; DAC_NOW=$(ago "$days") "$dac" -q "$@" >/dev/null; }
# A made-up token, different for each developer.
token() { printf 'amzn.mws.%08x-%04x-4%03x-8%03x-%012x\n' "$1" $(($1 % 65536)) $(($1 % 4096)) $(($1 % 4095)) $(($1 * 7919)); }

shop=A1B2C3D4E5F6G7
outlet=A9Z8Y7X6W5V4U3
at 1100 init --seller "$shop" --name "Demo Shop" --reason "demo store"
at 1100 seller add "$outlet" --name "Demo Outlet" --disabled
at 1100 grant 100000000001 --seller "$shop" --own --nickname "Demo Shop (own)" --token-file <(token 1)
# Confirmation switched on about two years ago: everyone gets 12 months from then.
at 1000 enable --seller "$outlet" --at "$(ago 1000)"
at 1000 grant 2034-5678-9012 --seller "$shop" --nickname "Khaos Control" --token-file <(token 2) --at "$(ago 1000)"
at 1000 grant 3000-0000-0003 --seller "$shop" --nickname "Linnworks" --token-file <(token 3) --at "$(ago 1000)"
at 900 grant 5000-0000-0005 --seller "$outlet" --nickname "Sellbrite" --token-file <(token 5) --at "$(ago 900)"
at 700 confirm "Khaos Control" --seller "$shop" --reason "yearly review"
at 700 confirm Linnworks --seller "$shop" --reason "yearly review"
at 600 grant 6000-0000-0006 --seller "$shop" --nickname "Old Repricer" --token-file <(token 6) --at "$(ago 600)"
at 500 revoke "Old Repricer" --seller "$shop" --yes --reason "contract ended"
at 380 grant 7000-0000-0007 --seller "$shop" --nickname "ShipStation" --token-file <(token 7) --at "$(ago 380)"
at 361 grant 1300-0000-0013 --seller "$shop" --nickname "Teikametrics" --token-file <(token 13) --at "$(ago 361)"
at 351 grant 8000-0000-0008 --seller "$shop" --nickname "Feedvisor" --token-file <(token 8) --at "$(ago 351)"
at 340 confirm Linnworks --seller "$shop" --reason "still in use"
at 300 grant 9000-0000-0009 --seller "$outlet" --nickname "A2X Accounting" --token-file <(token 9) --at "$(ago 300)"
at 200 grant 1100-0000-0011 --seller "$shop" --nickname "Helium 10" --token-file <(token 11) --at "$(ago 200)"
at 120 restore Sellbrite --seller "$outlet" --reason "still needed"
at 30 grant 1200-0000-0012 --seller "$outlet" --nickname "Jungle Scout" --token-file <(token 12) --at "$(ago 30)"
at 10 confirm "Helium 10" --seller "$shop"
if [[ $(date -u -d @"$now" +%Y) -ge 2025 ]]; then
  # Granted on 29 February 2024, entered late (time runs forward, R13): its
  # year ended on 28 February 2025 (R4), so it is suspended as it is recorded (R5).
  at 10 grant 4000-0000-0004 --seller "$shop" --nickname "Leap Day Labs" --token-file <(token 4) \
    --at 2024-02-29T10:00:00Z
fi

echo "\$ dac list --expiring 30d"
"$dac" list --expiring 30d
echo
echo "\$ dac list"
"$dac" list
echo
echo "Try more with: export DAC_STORE=$DAC_STORE; $dac --help"

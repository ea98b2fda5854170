# Crash during a write (issue 3, item 1): dac is killed with SIGKILL just before
# and just after every operation by which a write reaches the disk, for every
# kind of write, and then at 1,000 random instants. After every kill the state
# is byte for byte the one before or the one after, never a mix; the committed
# history is whole and verifies; and the next run removes the temp file, cuts
# the uncommitted history tail and writes exactly what an undisturbed run writes.
# It also checks, from the operations each kind of write makes, the order that
# a power cut needs: history synced, new state synced, renamed, folder synced.
source "$(dirname "$0")/lib.sh"

fault_python "$FAULT_DIR/faults.py" crash "$DAC" "$FAULT_SHIM" "$TEST_DIR"

# Full disk and I/O errors (issue 3, item 4): ENOSPC, EDQUOT and EIO injected
# into the Nth create, write, fsync, rename, truncate or close for every N a
# write goes through, once, on a disk that stays full, and after a short write.
# Each time: exit 4 with a message naming the error and the file, the store
# byte-identical to before, no temp file left, and the next run completes the
# command exactly. A failure after the commit point (syncing the folder) leaves
# the new state and says the change was made.
source "$(dirname "$0")/lib.sh"

fault_python "$FAULT_DIR/faults.py" diskfull "$DAC" "$FAULT_SHIM" "$TEST_DIR"

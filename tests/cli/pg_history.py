#!/usr/bin/env python3
"""The tests' hand on a PostgreSQL store's history, past dac and past the
append-only trigger, as its owner can (docs/store-format.md): what the JSON
store's tests do to history.jsonl with a text editor.

    pg_history.py get DATABASE FILE        the history's lines into FILE
    pg_history.py put DATABASE FILE [HEAD] FILE's lines become the history;
                                           with HEAD (a state.json whose
                                           history head forge.py moved), the
                                           head row too
"""
import json
import subprocess
import sys


def psql(database, script):
    return subprocess.run(["psql", "-wXAtq", "-v", "ON_ERROR_STOP=1", "-d", database],
                          input=script.encode("utf-8"), stdout=subprocess.PIPE, check=True).stdout


def copy_text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main(argv):
    if len(argv) < 4 or argv[1] not in ("get", "put") or (argv[1] == "get" and len(argv) != 4):
        sys.exit(__doc__)
    action, database, path = argv[1], argv[2], argv[3]
    if action == "get":
        out = psql(database, "COPY (SELECT line FROM dac_history ORDER BY seq) TO STDOUT;\n")
        # COPY's text format escapes backslashes (and control characters, which
        # canonical JSON never holds raw): undo it.
        text = out.decode("utf-8")
        lines = []
        for row in text.split("\n")[:-1] if text else []:
            lines.append(row.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n")
                         .replace("\\r", "\r").replace("\0", "\\"))
        with open(path, "wb") as f:
            f.write("".join(line + "\n" for line in lines).encode("utf-8"))
        return
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    script = ["BEGIN;", "ALTER TABLE dac_history DISABLE TRIGGER USER;", "DELETE FROM dac_history;",
              "COPY dac_history (seq, line) FROM STDIN;"]
    script += [f"{i}\t{copy_text(line)}" for i, line in enumerate(lines, 1)]
    script += ["\\.", "ALTER TABLE dac_history ENABLE TRIGGER USER;"]
    if len(argv) == 5:
        with open(argv[4], "rb") as f:
            head = json.loads(f.read().decode("utf-8"))["history"]
        script.append(f"UPDATE dac_head SET hash = '{head['head']}', bytes = {int(head['bytes'])}, "
                      f"events = {int(head['events'])};")
    script.append("COMMIT;")
    psql(database, "\n".join(script) + "\n")


if __name__ == "__main__":
    main(sys.argv)

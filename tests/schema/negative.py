#!/usr/bin/python3
"""Prove that a schema bites: broken copies of a valid document fail.

    negative.py SCHEMA DOCUMENT MUTATION...

DOCUMENT must validate against SCHEMA as it is; then each MUTATION is
applied to a fresh copy and the copy must NOT validate. A MUTATION is

    rename:PATH:NEW   rename the key at PATH to NEW (a renamed key)
    drop:PATH         remove the key at PATH (a missing key)
    string:PATH       replace the number at PATH by its text (a string
                      where a number belongs)
    set:PATH:JSON     replace the value at PATH by JSON (e.g. a word
                      outside an enum)
    add:PATH:KEY      add an unknown KEY (value 0) to the object at PATH

PATH is slash-separated object keys and array indices ("" is the top).
Exit 0 when the document is valid and every mutation fails, else 1.
Run with Debian's /usr/bin/python3 (python3-jsonschema).
"""
import copy
import json
import os
import pathlib
import sys

# validate.py beside this file; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate  # noqa: E402


def walk(doc, path):
    """The parent container of PATH and the last key (int for arrays)."""
    parts = [p for p in path.split("/") if p != ""]
    if not parts:
        return None, None
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    return node, int(last) if isinstance(node, list) else last


def resolve(doc, path):
    parent, key = walk(doc, path)
    return doc if parent is None else parent[key]


def mutate(doc, spec):
    op, _, rest = spec.partition(":")
    if op == "rename":
        path, _, new = rest.rpartition(":")
        parent, key = walk(doc, path)
        if key not in parent:
            raise KeyError(path)
        # Keep the key order: rebuild the object with the new name.
        items = [(new if k == key else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    elif op == "drop":
        parent, key = walk(doc, rest)
        del parent[key]
    elif op == "string":
        parent, key = walk(doc, rest)
        if not isinstance(parent[key], (int, float)) or isinstance(
                parent[key], bool):
            raise ValueError("%s is not a number" % rest)
        parent[key] = repr(parent[key])
    elif op == "set":
        path, _, value = rest.partition(":")
        parent, key = walk(doc, path)
        parent[key] = json.loads(value)
    elif op == "add":
        path, _, key = rest.rpartition(":")
        obj = resolve(doc, path)
        obj[key] = 0
    else:
        raise ValueError("unknown mutation '%s'" % spec)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    validator = validate.load_schema(argv[0])
    doc = validate.parse(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    errors = list(validator.iter_errors(doc))
    if errors:
        print("FAIL %s is not valid to begin with: %s" %
              (argv[1], validate.describe(errors[0])))
        return 1
    failed = 0
    for spec in argv[2:]:
        broken = copy.deepcopy(doc)
        try:
            mutate(broken, spec)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            print("FAIL %s: cannot apply to %s (%r)" % (spec, argv[1], e))
            failed += 1
            continue
        errors = list(validator.iter_errors(broken))
        if errors:
            print("ok %s: rejected (%s)" % (spec, validate.describe(errors[0])))
        else:
            print("FAIL %s: the broken document validates" % spec)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

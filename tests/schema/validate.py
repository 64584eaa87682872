#!/usr/bin/python3
"""Validate detente's JSON documents against their published schemas.

    validate.py [--expect-invalid] SCHEMA FILE...
    validate.py --check-schemas DIR

Checks SCHEMA itself (Draft202012Validator.check_schema), then validates
each FILE against it. The other schemas in SCHEMA's directory are loaded
into the resolver's store, so a relative "$ref" between schema files
(compare.schema.json -> analysis.schema.json) resolves without fetching
anything. A FILE of "-" is read from standard input. Files are read as
strict JSON: NaN, Infinity and a key repeated in one object are errors.

--check-schemas only checks every DIR/*.schema.json against the Draft
2020-12 meta-schema (and that there is at least one).

Exit 0 when every FILE is valid (with --expect-invalid: when every FILE
is invalid, so a test can prove that the schema bites), 1 otherwise, 2 on
usage errors or when jsonschema (Debian: python3-jsonschema) is missing.

Run it with Debian's /usr/bin/python3, which sees Debian's packages.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:
    sys.stderr.write(
        "validate.py: the Python module jsonschema is missing "
        "(install Debian's python3-jsonschema: tools/install-deps test)\n")
    sys.exit(2)


def load_schema(path):
    """The schema at path, checked, with a resolver over its directory."""
    path = pathlib.Path(path).resolve()
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    store = {}
    for other in sorted(path.parent.glob("*.schema.json")):
        doc = json.loads(other.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(doc)
        store[other.as_uri()] = doc
    resolver = jsonschema.RefResolver(path.as_uri(), schema, store=store)
    return Draft202012Validator(schema, resolver=resolver)


def describe(err):
    """One line on err: the most relevant cause (inside oneOf/anyOf too),
    where it is, and its message cut to a readable length."""
    err = best_match([err])
    where = "/".join(str(p) for p in err.absolute_path) or "(top)"
    msg = err.message
    if len(msg) > 200:
        msg = msg[:200] + "..."
    return "%s: %s" % (where, msg)


def strict_object(pairs):
    """An object without repeated keys (json's default keeps the last)."""
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("key '%s' appears twice in one object" % key)
        obj[key] = value
    return obj


def not_json(word):
    raise ValueError("%s is not JSON (a missing number is written null)" % word)


def parse(text):
    """text as strict JSON: no NaN or Infinity, no repeated keys."""
    return json.loads(text, object_pairs_hook=strict_object,
                      parse_constant=not_json)


def read(name):
    if name == "-":
        return sys.stdin.read()
    return pathlib.Path(name).read_text(encoding="utf-8")


def check_schemas(directory):
    paths = sorted(pathlib.Path(directory).glob("*.schema.json"))
    if not paths:
        print("FAIL no *.schema.json in %s" % directory)
        return 1
    failed = 0
    for path in paths:
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            if schema.get("$schema") != Draft202012Validator.META_SCHEMA["$id"]:
                raise ValueError("$schema is not Draft 2020-12")
        except (OSError, ValueError, jsonschema.SchemaError) as e:
            print("FAIL %s: %s" % (path, str(e).splitlines()[0]))
            failed += 1
        else:
            print("ok %s" % path)
    return 1 if failed else 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--check-schemas":
        return check_schemas(argv[1])
    expect_invalid = False
    if argv and argv[0] == "--expect-invalid":
        expect_invalid = True
        argv = argv[1:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    try:
        validator = load_schema(argv[0])
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        sys.stderr.write("validate.py: bad schema %s: %s\n" % (argv[0], e))
        return 1
    failed = 0
    for name in argv[1:]:
        try:
            doc = parse(read(name))
        except (OSError, ValueError) as e:
            errors = ["not JSON: %s" % e]
        else:
            errors = [describe(e) for e in validator.iter_errors(doc)]
        if expect_invalid:
            if errors:
                print("ok (invalid as expected) %s: %s" % (name, errors[0]))
            else:
                print("FAIL %s: valid, but it was meant to fail" % name)
                failed += 1
        elif errors:
            failed += 1
            print("FAIL %s against %s:" % (name, argv[0]))
            for e in errors[:20]:
                print("  " + e)
            if len(errors) > 20:
                print("  ... %d more" % (len(errors) - 20))
        else:
            print("ok %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Validate lockgraph SARIF output.

Usage: validate_sarif.py SCHEMA FILE.sarif [FILE.sarif ...]

Each file is checked in three layers:
  1. the OASIS SARIF 2.1.0 JSON schema (SCHEMA, draft-04; python3-jsonschema);
  2. what GitHub code scanning requires on upload and its documented limits:
     one location per result with an artifact URI, URIs that are valid URI references,
     uriBaseIds defined in run.originalUriBaseIds as absolute URIs ending in '/',
     ruleIndex/ruleId agreeing with tool.driver.rules, unique rule ids, known
     precision/problem.severity values, result/rule/location count limits;
  3. lockgraph's own contract (docs/sarif.md): one run, rule ids "lockgraph-<id>",
     rules with descriptions and help, partialFingerprints["lockgraph/v1"] of 16 hex.

Exit status: 0 when every file passes, 1 when a file fails (every problem is printed,
one line each, as "FILE: $.json.path: problem"), 2 for bad usage or a missing
dependency.
"""

import json
import re
import sys

# GitHub code scanning limits (docs: "SARIF support for code scanning", upload limits).
MAX_RUNS = 20
MAX_RESULTS_PER_RUN = 25000
MAX_RULES_PER_RUN = 25000
MAX_TAGS_PER_RULE = 20
MAX_LOCATIONS_PER_RESULT = 1000
MAX_THREAD_FLOW_LOCATIONS_PER_RESULT = 10000

LEVELS = {"none", "note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "lockgraph/v1"

# RFC 3986 URI reference characters; '%' must start a two-digit hex escape.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


class Checker:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def fail(self, path, message):
        self.problems.append(f"{self.name}: {path}: {message}")


def schema_errors(schema, doc, checker):
    try:
        import jsonschema
    except ImportError:
        print("validate_sarif.py: python3-jsonschema is not installed "
              "(apt-get install python3-jsonschema)", file=sys.stderr)
        sys.exit(2)
    validator = jsonschema.Draft4Validator(schema)
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                             for p in error.absolute_path)
        checker.fail(path, f"schema: {error.message}")


def check_uri(checker, path, art, base_ids):
    uri = art.get("uri")
    if not isinstance(uri, str) or not uri:
        checker.fail(path, "artifactLocation has no uri")
        return
    if not URI_CHARS.match(uri):
        checker.fail(path + ".uri", f"'{uri}' is not a valid URI reference "
                     "(spaces, backslashes and non-ASCII bytes must be percent-encoded)")
    base = art.get("uriBaseId")
    if base is not None:
        if base not in base_ids:
            checker.fail(path + ".uriBaseId",
                         f"'{base}' is not defined in run.originalUriBaseIds")
        if URI_SCHEME.match(uri) or uri.startswith("/"):
            checker.fail(path + ".uri", f"'{uri}' must be relative when uriBaseId is set")


def check_location(checker, path, loc, base_ids, required):
    phys = loc.get("physicalLocation")
    if phys is None:
        if required:
            checker.fail(path, "has no physicalLocation")
        return
    art = phys.get("artifactLocation")
    if not isinstance(art, dict):
        checker.fail(path + ".physicalLocation", "has no artifactLocation")
        return
    check_uri(checker, path + ".physicalLocation.artifactLocation", art, base_ids)
    region = phys.get("region")
    if isinstance(region, dict):
        if "startLine" not in region:
            checker.fail(path + ".physicalLocation.region", "has no startLine")


def check_rules(checker, rpath, rules):
    if len(rules) > MAX_RULES_PER_RUN:
        checker.fail(rpath, f"{len(rules)} rules, GitHub accepts at most {MAX_RULES_PER_RUN}")
    seen = set()
    for i, rule in enumerate(rules):
        path = f"{rpath}[{i}]"
        rid = rule.get("id")
        if not isinstance(rid, str) or not rid:
            checker.fail(path, "rule has no id")
            continue
        if rid in seen:
            checker.fail(path + ".id", f"duplicate rule id '{rid}'")
        seen.add(rid)
        if not rid.startswith("lockgraph-"):
            checker.fail(path + ".id", f"'{rid}' does not start with 'lockgraph-'")
        if not rule.get("shortDescription", {}).get("text"):
            checker.fail(path, "rule has no shortDescription.text")
        level = rule.get("defaultConfiguration", {}).get("level")
        if level is not None and level not in LEVELS:
            checker.fail(path + ".defaultConfiguration.level", f"unknown level '{level}'")
        props = rule.get("properties", {})
        tags = props.get("tags", [])
        if len(tags) > MAX_TAGS_PER_RULE:
            checker.fail(path + ".properties.tags",
                         f"{len(tags)} tags, GitHub accepts at most {MAX_TAGS_PER_RULE}")
        if any(not isinstance(t, str) for t in tags):
            checker.fail(path + ".properties.tags", "tags must be strings")
        if "precision" in props and props["precision"] not in PRECISIONS:
            checker.fail(path + ".properties.precision",
                         f"'{props['precision']}' is not one of {sorted(PRECISIONS)}")
        severity = props.get("problem.severity")
        if severity is not None and severity not in PROBLEM_SEVERITIES:
            checker.fail(path + ".properties.problem.severity",
                         f"'{severity}' is not one of {sorted(PROBLEM_SEVERITIES)}")
        if "security-severity" in props:
            try:
                score = float(props["security-severity"])
                if not 0.0 <= score <= 10.0:
                    raise ValueError
            except (TypeError, ValueError):
                checker.fail(path + ".properties.security-severity",
                             "must be a number from 0.0 to 10.0, as a string")
    return [r.get("id") for r in rules]


def check_result(checker, path, res, rule_ids, base_ids):
    rid = res.get("ruleId")
    if not isinstance(rid, str) or not rid:
        checker.fail(path, "result has no ruleId")
    elif rid not in rule_ids:
        checker.fail(path + ".ruleId", f"'{rid}' is not in tool.driver.rules")
    if "ruleIndex" in res:
        idx = res["ruleIndex"]
        if not isinstance(idx, int) or not 0 <= idx < len(rule_ids):
            checker.fail(path + ".ruleIndex", f"{idx} is out of range")
        elif rule_ids[idx] != rid:
            checker.fail(path + ".ruleIndex",
                         f"points at '{rule_ids[idx]}', but ruleId is '{rid}'")
    if not res.get("message", {}).get("text"):
        checker.fail(path, "result has no message.text")
    level = res.get("level")
    if level is not None and level not in LEVELS:
        checker.fail(path + ".level", f"unknown level '{level}'")

    locations = res.get("locations")
    if not locations:
        checker.fail(path, "result has no locations; code scanning needs one")
    else:
        if len(locations) > MAX_LOCATIONS_PER_RESULT:
            checker.fail(path + ".locations", f"more than {MAX_LOCATIONS_PER_RESULT}")
        for i, loc in enumerate(locations):
            check_location(checker, f"{path}.locations[{i}]", loc, base_ids, required=True)

    related = res.get("relatedLocations", [])
    if len(related) > MAX_LOCATIONS_PER_RESULT:
        checker.fail(path + ".relatedLocations", f"more than {MAX_LOCATIONS_PER_RESULT}")
    ids = set()
    for i, loc in enumerate(related):
        lpath = f"{path}.relatedLocations[{i}]"
        if "id" in loc:
            if loc["id"] in ids:
                checker.fail(lpath + ".id", f"duplicate relatedLocations id {loc['id']}")
            ids.add(loc["id"])
        check_location(checker, lpath, loc, base_ids, required=False)

    steps = 0
    for c, flow in enumerate(res.get("codeFlows", [])):
        for t, thread in enumerate(flow.get("threadFlows", [])):
            for s, step in enumerate(thread.get("locations", [])):
                steps += 1
                if "location" in step:
                    check_location(checker,
                                   f"{path}.codeFlows[{c}].threadFlows[{t}].locations[{s}]"
                                   ".location", step["location"], base_ids, required=False)
    if steps > MAX_THREAD_FLOW_LOCATIONS_PER_RESULT:
        checker.fail(path + ".codeFlows",
                     f"{steps} thread flow locations, GitHub accepts at most "
                     f"{MAX_THREAD_FLOW_LOCATIONS_PER_RESULT}")

    fingerprints = res.get("partialFingerprints")
    if not isinstance(fingerprints, dict) or FINGERPRINT_KEY not in fingerprints:
        checker.fail(path, f"result has no partialFingerprints['{FINGERPRINT_KEY}']")
    elif not HEX16.match(str(fingerprints[FINGERPRINT_KEY])):
        checker.fail(path + ".partialFingerprints",
                     f"'{fingerprints[FINGERPRINT_KEY]}' is not 16 lowercase hex digits")


def check_run(checker, path, run):
    driver = run.get("tool", {}).get("driver", {})
    if not driver.get("name"):
        checker.fail(path + ".tool.driver", "has no name")

    base_ids = run.get("originalUriBaseIds", {})
    for key, base in base_ids.items():
        bpath = f"{path}.originalUriBaseIds.{key}"
        uri = base.get("uri") if isinstance(base, dict) else None
        if not isinstance(uri, str):
            checker.fail(bpath, "has no uri")
            continue
        if not URI_SCHEME.match(uri):
            checker.fail(bpath + ".uri", f"'{uri}' is not an absolute URI")
        if not uri.endswith("/"):
            checker.fail(bpath + ".uri", f"'{uri}' must end with '/'")
        if not URI_CHARS.match(uri):
            checker.fail(bpath + ".uri", f"'{uri}' is not a valid URI")

    rule_ids = check_rules(checker, path + ".tool.driver.rules", driver.get("rules", []))

    results = run.get("results")
    if results is None:
        checker.fail(path, "run has no results array (use [] when there are none)")
        results = []
    if len(results) > MAX_RESULTS_PER_RUN:
        checker.fail(path + ".results",
                     f"{len(results)} results, GitHub accepts at most {MAX_RESULTS_PER_RUN}")
    for i, res in enumerate(results):
        check_result(checker, f"{path}.results[{i}]", res, rule_ids, base_ids)


def check_file(schema, name):
    checker = Checker(name)
    try:
        with open(name, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        checker.fail("$", f"cannot read JSON: {e}")
        return checker

    schema_errors(schema, doc, checker)
    if not isinstance(doc, dict):
        return checker
    if doc.get("version") != "2.1.0":
        checker.fail("$.version", f"'{doc.get('version')}' is not '2.1.0'")
    if doc.get("$schema") != SCHEMA_URI:
        checker.fail("$.$schema", f"'{doc.get('$schema')}' is not '{SCHEMA_URI}'")
    runs = doc.get("runs")
    if not isinstance(runs, list) or not runs:
        checker.fail("$.runs", "no runs")
        return checker
    if len(runs) > MAX_RUNS:
        checker.fail("$.runs", f"{len(runs)} runs, GitHub accepts at most {MAX_RUNS}")
    if len(runs) != 1:
        checker.fail("$.runs", f"lockgraph writes exactly one run, found {len(runs)}")
    for i, run in enumerate(runs):
        if isinstance(run, dict):
            check_run(checker, f"$.runs[{i}]", run)
    return checker


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate_sarif.py: cannot read schema {argv[1]}: {e}", file=sys.stderr)
        return 2

    failed = False
    for name in argv[2:]:
        checker = check_file(schema, name)
        if checker.problems:
            failed = True
            for line in checker.problems:
                print(line)
            print(f"{name}: INVALID: {len(checker.problems)} problem(s)")
        else:
            print(f"{name}: valid SARIF 2.1.0 for GitHub code scanning")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

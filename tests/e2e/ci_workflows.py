#!/usr/bin/env python3
"""The CI configurations of docs/ci/ work as written: each file is valid YAML of the
shape its CI expects, and its commands, run in order on a copy of examples/bank with
this build's lockgraph on the PATH, produce what the next step uploads (SARIF that
validates, GitLab's Code Quality JSON, the sharded facts linked into the same findings
as one `check`). Steps that fetch and build lockgraph itself, and `uses:` actions
(checkout, uploads), are what a CI provides and are not run here."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect  # noqa: E402

CI = rsc.REPO_DIR / "docs" / "ci"
BANK = rsc.REPO_DIR / "examples" / "bank"
SCHEMA = rsc.REPO_DIR.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
VALIDATOR = rsc.REPO_DIR / "tests" / "sarif" / "validate_sarif.py"


def sh(script, cwd, env):
    p = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=600)
    expect(p.returncode == 0, f"a CI step failed:\n{script}", p)


def github_steps(job, subst):
    expect(isinstance(job.get("steps"), list), f"a job without steps: {job}")
    for step in job["steps"]:
        expect(("uses" in step) != ("run" in step), f"a step is `uses` or `run`: {step}")
        if "run" in step and step.get("name") != "Install lockgraph":
            script = step["run"]
            for k, v in subst.items():
                script = script.replace("${{ " + k + " }}", str(v))
            expect("${{" not in script, f"an expression the test cannot fill: {script}")
            yield script


def html_report(path):
    expect(path.is_file() and "<h1>lockgraph report</h1>" in path.read_text(),
           f"{path.name}: the HTML report was written")


def fresh_project(tmp, name):
    d = tmp / name
    shutil.copytree(BANK, d)
    return d


def sarif_results(path):
    v = subprocess.run([sys.executable, str(VALIDATOR), str(SCHEMA), str(path)],
                       capture_output=True, text=True)
    expect(v.returncode == 0, f"{path.name} does not validate: {v.stdout}{v.stderr}")
    run = json.loads(path.read_text())["runs"][0]
    return sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                  for r in run["results"])


def body(args):
    env = dict(os.environ, PATH=f"{Path(args.lockgraph).parent}:{os.environ['PATH']}")
    with tempfile.TemporaryDirectory(prefix="lockgraph-ci-") as tmp:
        tmp = Path(tmp)
        docs = {p.name: yaml.safe_load(p.read_text()) for p in sorted(CI.glob("*.yml"))}
        expect(set(docs) == {"github-check.yml", "github-run.yml", "github-sharded.yml",
                             "gitlab-ci.yml"}, f"the CI files: {sorted(docs)}")
        for name, doc in docs.items():
            if name.startswith("github"):
                # YAML 1.1 reads the key `on` as true.
                expect("jobs" in doc and (True in doc or "on" in doc), f"{name}: on/jobs")

        # github-check: one check, SARIF for code scanning.
        proj = fresh_project(tmp, "check")
        for script in github_steps(docs["github-check.yml"]["jobs"]["check"], {}):
            sh(script, proj, env)
        whole = sarif_results(proj / "lockgraph.sarif")
        expect(whole, "the bank example has findings")

        # github-sharded: every shard of the matrix, then the link job.
        proj = fresh_project(tmp, "sharded")
        jobs = docs["github-sharded.yml"]["jobs"]
        shards = jobs["shard"]["strategy"]["matrix"]["shard"]
        for s in shards:
            for script in github_steps(jobs["shard"],
                                       {"matrix.shard": s, "strategy.job-total": len(shards)}):
                sh(script, proj, env)
        for script in github_steps(jobs["link"], {}):
            sh(script, proj, env)
        expect(sarif_results(proj / "lockgraph.sarif") == whole,
               "the linked shards report what one check reports")

        # github-run: the tests under lockgraph run, the merged report.
        proj = fresh_project(tmp, "run")
        for script in github_steps(docs["github-run.yml"]["jobs"]["run-tests"], {}):
            sh(script, proj, env)
        sarif_results(proj / "lockgraph-run.sarif")
        expect(json.loads((proj / "lockgraph-run.json").read_text())["format"] ==
               "lockgraph-report", "the merged JSON report")
        html_report(proj / "lockgraph-run.html")
        uploaded = docs["github-run.yml"]["jobs"]["run-tests"]["steps"][-1]["with"]["path"]
        expect("lockgraph-run.html" in uploaded.split(), "the HTML page is uploaded")

        # GitLab: Code Quality JSON from check; the run job's report.
        gl = docs["gitlab-ci.yml"]
        proj = fresh_project(tmp, "gitlab")
        for job in ("lockgraph-check", "lockgraph-run"):
            expect(isinstance(gl[job].get("script"), list), f"{job}: a script list")
            sh("\n".join(gl[job]["script"]), proj, env)
        issues = json.loads((proj / "gl-code-quality-report.json").read_text())
        expect(isinstance(issues, list) and issues and all(
            {"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
            for i in issues), f"GitLab Code Quality issues: {issues[:1]}")
        expect(gl["lockgraph-check"]["artifacts"]["reports"]["codequality"] ==
               "gl-code-quality-report.json", "the codequality artifact is the file written")
        html_report(proj / "lockgraph-run.html")
        expect("lockgraph-run.html" in gl["lockgraph-run"]["artifacts"]["paths"],
               "the HTML page is kept")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))

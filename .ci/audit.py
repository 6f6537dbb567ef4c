#!/usr/bin/env python3
"""`make audit`: known vulnerabilities in the installed dependencies (pip-audit over .venv).

pip-audit says "No known vulnerabilities found" and exits 0 even when it could audit nothing: a
package index that does not answer its JSON API makes it skip every package, quietly. This wrapper
reads pip-audit's JSON and says which it was:

  exit 0  every package checked, none vulnerable
  exit 1  known vulnerabilities (listed with the versions that fix them)
  exit 2  NOT CHECKED (database unreachable) or PARTLY CHECKED (some packages skipped)

Usage: .venv/bin/python .ci/audit.py [--timeout SECONDS] [extra pip-audit arguments]
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OK, VULNERABLE, NOT_CHECKED = 0, 1, 2


def audit_verdict(*, returncode: int, stdout: str, stderr: str) -> tuple[int, list[str]]:
    """The exit code and the lines to print for one pip-audit run (``--format json``)."""
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        reason = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "no output")
        return NOT_CHECKED, [
            "NOT CHECKED: vulnerability database unreachable (pip-audit exited "
            f"{returncode} without a report: {reason[:300]})"
        ]

    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in checked if d.get("vulns")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if not checked:
        example = skipped[0]["skip_reason"] if skipped else "pip-audit listed no packages"
        lines.append(
            f"NOT CHECKED: vulnerability database unreachable: 0 of {len(dependencies)} packages could be "
            f"audited (e.g. {example})"
        )
        return NOT_CHECKED, lines
    if vulnerable:
        lines.append(f"{len(vulnerable)} of {len(checked)} audited packages have known vulnerabilities.")
    if skipped:
        names = ", ".join(d["name"] for d in skipped[:10]) + (" …" if len(skipped) > 10 else "")
        lines.append(f"PARTLY CHECKED: {len(skipped)} of {len(dependencies)} packages could not be audited: {names}")
    if vulnerable:
        return VULNERABLE, lines
    if skipped:
        return NOT_CHECKED, lines
    return OK, [f"OK: no known vulnerabilities in {len(checked)} packages."]


def main(argv: list[str]) -> int:
    timeout = 300
    if argv[:1] == ["--timeout"]:
        timeout, argv = int(argv[1]), argv[2:]
    command = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--format", "json", "--progress-spinner", "off", *argv]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)  # noqa: S603
        code, lines = audit_verdict(returncode=run.returncode, stdout=run.stdout, stderr=run.stderr)
    except subprocess.TimeoutExpired:
        code, lines = NOT_CHECKED, [f"NOT CHECKED: vulnerability database unreachable (no answer in {timeout} s)"]
    except FileNotFoundError:
        code, lines = NOT_CHECKED, ["NOT CHECKED: pip-audit is not installed in .venv (make install)"]
    for line in lines:
        print(line)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

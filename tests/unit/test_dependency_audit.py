"""`make audit` (.ci/audit.py) never reports "no known vulnerabilities" when nothing was checked."""

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def _report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


DJANGO_OK = {"name": "django", "version": "5.2.19", "vulns": []}
WAGTAIL_OK = {"name": "wagtail", "version": "7.4.4", "vulns": []}
SKIPPED = {"name": "celery", "skip_reason": "Dependency not found on PyPI and could not be audited: celery (5.7.0)"}
VULNERABLE = {
    "name": "pillow",
    "version": "10.0.0",
    "vulns": [{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["10.0.1"], "aliases": [], "description": "…"}],
}


def test_every_package_checked_and_clean_is_ok():
    code, lines = audit.audit_verdict(returncode=0, stdout=_report(DJANGO_OK, WAGTAIL_OK), stderr="")
    assert code == 0
    assert lines == ["OK: no known vulnerabilities in 2 packages."]


def test_a_vulnerability_fails_and_names_the_fix():
    code, lines = audit.audit_verdict(returncode=1, stdout=_report(DJANGO_OK, VULNERABLE), stderr="")
    assert code == 1
    assert "VULNERABLE: pillow 10.0.0: GHSA-xxxx-yyyy-zzzz (fixed in 10.0.1)" in lines


def test_every_package_skipped_is_not_checked_although_pip_audit_said_all_is_well():
    # What pip-audit 2.10 does when the index does not answer its JSON API: exit 0, "No known vulnerabilities".
    code, lines = audit.audit_verdict(
        returncode=0, stdout=_report(SKIPPED, {**SKIPPED, "name": "redis"}), stderr="No known vulnerabilities found"
    )
    assert code == 2
    assert lines[-1].startswith("NOT CHECKED: vulnerability database unreachable: 0 of 2 packages")
    assert not any("OK" in line for line in lines)


def test_some_packages_skipped_is_partly_checked_and_fails():
    code, lines = audit.audit_verdict(returncode=0, stdout=_report(DJANGO_OK, SKIPPED), stderr="")
    assert code == 2
    assert lines == ["PARTLY CHECKED: 1 of 2 packages could not be audited: celery"]


def test_vulnerabilities_win_over_skips():
    code, lines = audit.audit_verdict(returncode=1, stdout=_report(VULNERABLE, SKIPPED), stderr="")
    assert code == 1
    assert any(line.startswith("PARTLY CHECKED") for line in lines)


def test_no_report_at_all_is_not_checked_with_the_reason():
    stderr = "Traceback …\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443)\n"
    code, lines = audit.audit_verdict(returncode=1, stdout="", stderr=stderr)
    assert code == 2
    assert lines == [
        "NOT CHECKED: vulnerability database unreachable (pip-audit exited 1 without a report: "
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443))"
    ]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_real_wrapper_says_not_checked_when_the_database_is_unreachable():
    # pip-audit for real, its HTTPS sent through a proxy address where nothing listens.
    proxy = f"http://127.0.0.1:{_closed_port()}"
    run = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "audit.py"), "--timeout", "120"],
        env={**os.environ, "HTTPS_PROXY": proxy, "HTTP_PROXY": proxy, "NO_PROXY": ""},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout.startswith("NOT CHECKED: vulnerability database unreachable")
    assert "no known vulnerabilities" not in run.stdout.lower()

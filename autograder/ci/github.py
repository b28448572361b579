"""The one place that talks to GitHub: list a class's repositories, clone them, post feedback.

A small adapter over GitHub's REST API with :mod:`urllib` (no client library), so the
tests can point it at a recorded fake on 127.0.0.1 (``api`` argument, or the
``AUTOGRADER_GITHUB_API`` variable). The token is the instructor repository's secret; it
is sent in the ``Authorization`` header, never put in a URL or a log line.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_API = "https://api.github.com"


class GitHubError(RuntimeError):
    pass


class GitHub:
    def __init__(self, token: str, api: str | None = None, timeout: float = 30) -> None:
        if not token:
            raise GitHubError("no GitHub token: set AUTOGRADER_GITHUB_TOKEN (a secret of the instructor repository)")
        self.token = token
        self.api = (api or os.environ.get("AUTOGRADER_GITHUB_API") or DEFAULT_API).rstrip("/")
        self.timeout = timeout

    def request(self, method: str, path: str, body: dict | None = None):
        """One API call; returns the decoded JSON answer (None when empty)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.api + path, data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "autograder-ci",
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            raise GitHubError(f"{method} {path}: HTTP {exc.code} {exc.read()[:300].decode(errors='replace')}") from None
        except urllib.error.URLError as exc:
            raise GitHubError(f"{method} {path}: {exc.reason}") from None
        return json.loads(raw) if raw.strip() else None

    def class_repositories(self, org: str, prefix: str) -> list[dict]:
        """The organisation's repositories whose name starts with ``prefix`` (GitHub Classroom's naming)."""
        found, page = [], 1
        while True:
            batch = self.request("GET", f"/orgs/{org}/repos?type=all&per_page=100&page={page}")
            if not batch:
                break
            found += [repo for repo in batch if repo["name"].startswith(prefix)]
            page += 1
        return sorted(found, key=lambda repo: repo["name"])

    def clone(self, clone_url: str, target: Path) -> None:
        """A shallow clone of the default branch; the token goes in an HTTP header, not the URL."""
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        done = subprocess.run(["git", "-c", f"http.extraHeader=Authorization: Basic {basic}", "clone", "--quiet",
                               "--depth", "1", clone_url, str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            raise GitHubError(f"git clone {clone_url} failed: {done.stderr.strip().replace(basic, '***')}")

    def comment_on_commit(self, repo: str, commit: str, body: str) -> dict:
        return self.request("POST", f"/repos/{repo}/commits/{commit}/comments", {"body": body})

    def open_issue(self, repo: str, title: str, body: str) -> dict:
        return self.request("POST", f"/repos/{repo}/issues", {"title": title, "body": body})

"""Does the GitHub adapter send the requests GitHub's REST API expects, page through the class, and fail
clearly (without showing the token)? Against the recorded fake on 127.0.0.1."""

from __future__ import annotations

import pytest

from autograder.ci.github import GitHub, GitHubError
from tests.ci.fake_github import FakeGitHub

TOKEN = "token-for-the-fake"


def repositories(count: int) -> list[dict]:
    return [{"name": f"{'a1' if i % 3 else 'a2'}-s{i:03d}", "full_name": f"course/x{i}", "clone_url": ""}
            for i in range(count)]


def test_does_it_page_through_every_repository_and_keep_the_prefixed_ones():
    with FakeGitHub("course", repositories(250)) as fake:
        found = GitHub(TOKEN, api=fake.url).class_repositories("course", "a1-")
    assert [r["path"] for r in fake.requests] == [
        f"/orgs/course/repos?type=all&per_page=100&page={page}" for page in (1, 2, 3, 4)]
    assert len(found) == len([i for i in range(250) if i % 3]) and all(r["name"].startswith("a1-") for r in found)
    assert [r["name"] for r in found] == sorted(r["name"] for r in found)


def test_do_comments_and_issues_carry_the_body_the_api_expects():
    with FakeGitHub("course", []) as fake:
        hub = GitHub(TOKEN, api=fake.url)
        hub.comment_on_commit("course/a1-bob", "abc123", "feedback")
        hub.open_issue("course/a1-bob", "Autograder: a1", "feedback")
    assert [(r["method"], r["path"], r["body"]) for r in fake.requests] == [
        ("POST", "/repos/course/a1-bob/commits/abc123/comments", {"body": "feedback"}),
        ("POST", "/repos/course/a1-bob/issues", {"title": "Autograder: a1", "body": "feedback"})]
    assert {r["authorization"] for r in fake.requests} == {f"Bearer {TOKEN}"}


def test_does_an_api_error_say_what_failed_without_the_token():
    with FakeGitHub("course", []) as fake, pytest.raises(GitHubError) as error:
        GitHub(TOKEN, api=fake.url).request("GET", "/repos/course/missing")
    assert "GET /repos/course/missing: HTTP 404" in str(error.value) and TOKEN not in str(error.value)


def test_does_a_missing_token_stop_before_any_request():
    with pytest.raises(GitHubError, match="AUTOGRADER_GITHUB_TOKEN"):
        GitHub("")


def test_does_a_failed_clone_hide_the_token(tmp_path):
    hub = GitHub(TOKEN, api="http://127.0.0.1:9")
    with pytest.raises(GitHubError) as error:
        hub.clone((tmp_path / "no-such-repository.git").as_uri(), tmp_path / "clone")
    assert "git clone" in str(error.value) and TOKEN not in str(error.value)

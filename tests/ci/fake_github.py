"""A recorded fake of the few GitHub REST endpoints the instructor workflow calls, on 127.0.0.1.

Answers from a fixed table (the organisation's repository list, comment and issue creation) and
records every request (method, path, Authorization header, JSON body) for the tests to compare
with what GitHub's API expects. Anything else is answered 404 and recorded too.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGitHub:
    def __init__(self, org: str, repositories: list[dict]) -> None:
        self.org = org
        self.repositories = repositories
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def _answer(self, status: int, payload) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _record(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                entry = {"method": self.command, "path": self.path,
                         "authorization": self.headers.get("Authorization"),
                         "api_version": self.headers.get("X-GitHub-Api-Version"), "body": body}
                fake.requests.append(entry)
                return entry

            def do_GET(self) -> None:
                self._record()
                prefix = f"/orgs/{fake.org}/repos?type=all&per_page=100&page="
                if self.path.startswith(prefix):
                    page = int(self.path[len(prefix):])
                    self._answer(200, fake.repositories[(page - 1) * 100:page * 100])
                else:
                    self._answer(404, {"message": "Not Found"})

            def do_POST(self) -> None:
                entry = self._record()
                parts = self.path.strip("/").split("/")
                if len(parts) == 6 and parts[0] == "repos" and parts[3] == "commits" and parts[5] == "comments":
                    self._answer(201, {"id": len(fake.requests), "body": entry["body"]["body"]})
                elif len(parts) == 4 and parts[0] == "repos" and parts[3] == "issues":
                    self._answer(201, {"number": len(fake.requests), "title": entry["body"]["title"]})
                else:
                    self._answer(404, {"message": "Not Found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeGitHub":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

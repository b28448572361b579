"""The grader reads the child's replies as hostile input; the grader checks what it can itself."""

from __future__ import annotations

import json
import socket
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from autograder.reports.safe import clean
from autograder.sandbox.process import Limits
from autograder.sandbox.session import StudentSession, call_request, call_result
from autograder.sandbox.wire import ProtocolError, check_reply, receive_message

ROOT = Path(__file__).resolve().parents[2]


def frame(payload: bytes) -> bytes:
    return struct.pack("!Q", len(payload)) + payload


def read(payload: bytes) -> dict:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sender = threading.Thread(target=theirs.sendall, args=(frame(payload),))  # larger than the buffer
        sender.start()
        try:
            return receive_message(ours)
        finally:
            ours.close()
            sender.join()


@pytest.mark.parametrize("payload", [
    b'{"ok": true, "value": ' + b"9" * 5000 + b"}",
    b'{"ok": true, "value": ' + b"[" * 200000 + b"]" * 200000 + b"}",
    b"\xff\xfe",
    b"[1, 2]",
])
def test_is_an_unreadable_message_a_protocol_error(payload):
    with pytest.raises(ProtocolError):
        read(payload)


@pytest.mark.parametrize("reply", [
    {"ok": "yes"}, {"ok": False, "error": "boom"}, {"ok": True, "mutated": "0"},
    {"ok": True, "mutated": [1, 2]}, {"ok": True, "value": [[[[[[[[[[[[[[]]]]]]]]]]]]]] * 1, "x": [[]] * 2},
])
def test_is_a_reply_of_the_wrong_shape_refused_or_normalised(reply):
    try:
        checked = check_reply(reply)
    except ProtocolError:
        return
    assert isinstance(checked["ok"], bool) and isinstance(checked["output"], str)
    assert set(checked) <= {"ok", "output", "error", "mutated", "value", "grads", "after"}


def test_are_error_fields_always_strings():
    checked = check_reply({"ok": False, "error": {"kind": "owned", "type": 3, "message": ["x"]}, "output": 7})
    assert checked["error"] == {"kind": "exception", "type": "Error", "message": "", "traceback": ""}
    assert checked["output"] == ""


def test_are_lone_surrogates_replaced():
    checked = check_reply({"ok": False, "error": {"kind": "exception", "message": "a\ud800b"}})
    checked["error"]["message"].encode("utf-8")


def test_does_the_grader_see_a_mutation_the_child_hides():
    request = call_request("f", (np.zeros(3),))
    honest_looking = {"ok": True, "value": None, "mutated": [],
                      "after": [json.loads(json.dumps(request["args"]))[0] | {"__ndarray__": "AAAAAAAA8D8AAAAAAAAAAAAAAAAAAAAA"}]}
    assert call_result("f", check_reply(honest_looking), request).mutated == ["0"]
    missing_after = {"ok": True, "value": None, "mutated": []}
    assert call_result("f", check_reply(missing_after), request).mutated == ["0"]  # cannot tell: changed


def test_is_a_patched_child_caught_by_the_grader_side_check():
    cell = ("import numpy as np\nfrom autograder.sandbox import child\n"
            "_real = child.answer_call\n"
            "def _liar(namespace, request):\n"
            "    reply = _real(namespace, request)\n"
            "    reply['mutated'] = []\n"
            "    return reply\n"
            "child.answer_call = _liar\n"
            "def f(x):\n    x[0] = 99.0\n    return 1.0\n")
    with StudentSession([(1, cell)], limits=Limits(call_seconds=30, cell_seconds=30), protected=[],
                        course_root=ROOT) as session:
        session.run_cells()
        assert session.call("f", (np.zeros(3),)).mutated == ["0"]


def test_does_clean_remove_escapes_and_show_control_characters():
    assert clean("\x1b[2J\x1b]0;title\x07ok\x00\r") == "ok\\x00\\x0d"
    assert clean("line\nnext\ttab") == "line\nnext\ttab"

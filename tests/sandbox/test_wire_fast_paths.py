"""The grader's shortcuts on the channel change nothing it reads, and trust nothing more of the child."""

from __future__ import annotations

import json
import socket
import struct
import threading

import numpy as np
import pytest

from autograder.sandbox import wire
from autograder.sandbox.session import batches, call_request
from autograder.sandbox.wire import ProtocolError, check_reply, receive_reply


def frame(payload: bytes) -> bytes:
    return struct.pack("!Q", len(payload)) + payload


def read_reply(payload: bytes) -> dict:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sender = threading.Thread(target=theirs.sendall, args=(frame(payload),))
        sender.start()
        try:
            return receive_reply(ours)
        finally:
            ours.close()
            sender.join()


@pytest.mark.parametrize("payload", [
    b'{"ok": true, "value": "plain", "mutated": []}',
    b'{"ok": false, "error": {"kind": "exception", "message": "a\\ud800b"}, "output": "\\udfff"}',
    b'{"ok": false, "error": {"kind": "exception", "message": "\\\\ud800 is text", "type": "\\u00e9"}}',
    b'{"ok": true, "value": ' + b"[" * 99 + b"]" * 99 + b"}",
    b'{"ok": true, "value": ' + b"[" * 101 + b"]" * 101 + b"}",
    b'{"ok": true, "value": "' + b"[" * 150 + b'"}',
    b'{"ok": true, "value": {"__dict__": {"k\\udc00": [1, 2]}}, "lines": 3}',
    '{"ok": false, "error": {"kind": "exception", "message": "a\\ud800b"}}'.encode("utf-16-le"),
    '{"ok": false, "error": {"kind": "exception", "message": "a\\ud800b"}}'.encode("utf-16"),
    '{"ok": false, "error": {"kind": "exception", "message": "a\\ud800b"}}'.encode("utf-32-be"),
    '{"ok": false, "error": {"kind": "exception", "message": "a\\ud800b"}}'.encode("utf-8-sig"),
])
def test_is_a_reply_read_as_the_full_check_reads_it(payload):
    try:
        expected = check_reply(json.loads(payload))
    except ProtocolError:
        with pytest.raises(ProtocolError):
            read_reply(payload)
        return
    assert read_reply(payload) == expected


@pytest.mark.parametrize("cpu, kept", [(1.5, True), (0.0, True), ("1.5", False), (True, False), (-1.0, False),
                                       (10, False), (1e300, False)])
def test_is_only_a_plain_cpu_figure_passed_on(cpu, kept):
    checked = check_reply({"ok": True, "value": 1, "cpu": cpu})
    assert ("cpu" in checked) == kept


def test_does_a_stamped_message_stay_json():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        wire.send_message(theirs, {"ok": True, "value": 2}, clock=lambda: 0.25)
        wire.send_message(theirs, {}, clock=lambda: 1.0)
        assert wire.receive_message(ours) == {"ok": True, "value": 2, "cpu": 0.25}
        assert wire.receive_message(ours) == {"cpu": 1.0}


def test_do_batches_keep_the_order_and_fit_one_message(monkeypatch):
    requests = [call_request("f", (np.full(50, n),)) for n in range(40)]
    size = len(wire.message_bytes(requests[0]))
    monkeypatch.setattr("autograder.sandbox.session.MAX_MESSAGE_BYTES", 10 * size)
    chunks = batches(requests)
    assert [request for chunk in chunks for request, _ in chunk] == requests
    assert all(len(wire.batch_payload([payload for _, payload in chunk])) <= 10 * size for chunk in chunks)
    assert len(chunks) > 1 and all(json.loads(wire.batch_payload([p for _, p in chunk]))["calls"] ==
                                   [r for r, _ in chunk] for chunk in chunks)
    big = call_request("f", (np.zeros(2000),))
    assert [len(chunk) for chunk in batches([requests[0], big, requests[1]])] == [1, 1, 1]

"""Does hypothesis meet the same examples whatever else the grading process has imported?"""

import json
import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent("""
    import contextlib, json, sys
    from hypothesis import given, settings, strategies as st
    from autograder.testrun.profile import PROFILE, grading_profile

    if sys.argv[1] == "with-module":
        sys.path.insert(0, sys.argv[3])
        import many_literals  # a local module full of float literals, as a course's helpers are

    seen = []
    if sys.argv[2] == "pinned":
        block = grading_profile()
    else:  # the profile's settings without the pin
        settings.load_profile(PROFILE)
        block = contextlib.nullcontext()
    with block:
        @given(st.floats(0, 1), st.integers(0, 1000))
        def test(x, n):
            seen.append([x, n])
        test()
    print(json.dumps(seen))
""")


def examples(tmp_path, imported, pinned):
    (tmp_path / "many_literals.py").write_text(
        "VALUES = [" + ", ".join(f"{k / 997:.6f}" for k in range(1, 400)) + "]\n"
        + "COUNTS = [" + ", ".join(str(k * 7) for k in range(1, 140)) + "]\n")
    done = subprocess.run([sys.executable, "-c", PROGRAM, imported, pinned, str(tmp_path)],
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    return json.loads(done.stdout)


def test_are_the_examples_the_same_whichever_local_modules_are_imported(tmp_path):
    alone = examples(tmp_path, "alone", "pinned")
    assert len(alone) >= 40
    assert examples(tmp_path, "with-module", "pinned") == alone


def test_would_the_examples_differ_without_the_pin(tmp_path):
    """The pin is needed: hypothesis alone draws the imported module's literals."""
    assert examples(tmp_path, "with-module", "profile only") != examples(tmp_path, "alone", "profile only")

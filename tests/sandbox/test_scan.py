"""The grader's static look for code that reaches into its internals."""

from autograder.sandbox.scan import grader_internals


def test_are_reaches_into_the_grader_flagged_with_their_lines():
    cells = [(2, "import numpy as np\nfrom autograder.sandbox import child\n"),
             (5, "import sys, gc\nsys.modules['numpy'] = None\nnp.allclose = lambda *a: True\n"
                 "f = sys._getframe().f_back\nexec('x = 1')\nimport torch\ne = getattr(torch._C, '_x')\n")]
    flags = grader_internals(cells)
    text = "\n".join(flags)
    assert "cell 2, line 2: imports the grader's own package: from autograder.sandbox import child" in text
    assert "cell 5, line 1: uses the garbage collector" in text
    assert "cell 5, line 2: replaces part of sys" in text
    assert "cell 5, line 3: replaces part of np" in text
    assert "cell 5, line 4: reaches into interpreter internals" in text
    assert "cell 5, line 5: runs code from a string (exec)" in text
    assert "cell 5, line 7: uses torch's C++ internals" in text


def test_is_ordinary_code_not_flagged():
    cells = [(1, "import numpy as np\nimport torch\ndef f_numpy(X):\n    return np.sum(X ** 2, axis=1)\n"
                 "def f_torch(X):\n    return (X ** 2).sum(dim=1)\n%matplotlib inline\n")]
    assert grader_internals(cells) == []

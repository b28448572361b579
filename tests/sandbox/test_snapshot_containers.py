"""Are in-place changes to arrays inside list, tuple and dict arguments reported as mutations?"""

import numpy as np

from autograder.student import LocalCalls, Student


def _student(source):
    namespace = {"np": np}
    exec(source, namespace)
    return Student(LocalCalls(namespace))


def test_is_an_array_changed_inside_a_list_of_pairs_reported():
    student = _student("def f(cache):\n    cache[1][0][...] = 0\n    return 1\n")
    cache = [(np.ones(2), np.ones(3)), (np.ones(2), np.ones(3))]
    assert student.f.call(cache).mutated == ["0"]


def test_is_a_list_that_loses_an_entry_reported():
    student = _student("def f(cache):\n    cache.pop()\n    return 1\n")
    assert student.f.call([np.ones(2), np.ones(2)]).mutated == ["0"]


def test_is_a_dict_argument_changed_in_place_reported_by_keyword():
    student = _student("def f(x, state):\n    state['v'] += 1\n    return x\n")
    assert student.f.call(1.0, state={"v": np.zeros(2)}).mutated == ["state"]


def test_are_untouched_containers_not_reported():
    student = _student("def f(params, names):\n    return [W.sum() for W in params]\n")
    assert student.f.call([np.ones((2, 2)), np.ones(3)], ["a", "b"]).mutated == []

"""JUnit XML for any CI system: one test case per task, points in its properties."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from autograder.reports.safe import clean_result
from autograder.results import GradingResult
from autograder.status import Status


def render_junit(result: GradingResult) -> str:
    result = clean_result(result)
    suite = ET.Element("testsuite", name=f"{result.assignment}", tests="0", failures="0", errors="0",
                       time=f"{result.duration:.3f}")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("score", result.score), ("max_score", result.max_score)):
        ET.SubElement(properties, "property", name=name, value=f"{value:g}")
    if result.student:
        ET.SubElement(properties, "property", name="student", value=result.student)
    if result.sandbox:
        ET.SubElement(properties, "property", name="sandbox", value=result.sandbox)
    for flag in result.flags:
        ET.SubElement(properties, "property", name="flag", value=flag)
    failures = errors = 0
    if result.error:
        case = ET.SubElement(suite, "testcase", classname=result.assignment, name="submission", time="0")
        ET.SubElement(case, "error", message="the submission could not be graded").text = result.error
        errors += 1
    for task, (earned, possible) in result.task_points().items():
        tests = [t for t in result.tests if t.task == task]
        case = ET.SubElement(suite, "testcase", classname=result.assignment, name=task,
                             time=f"{sum(t.duration for t in tests):.3f}")
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="points", value=f"{earned:g}")
        ET.SubElement(props, "property", name="max_points", value=f"{possible:g}")
        lost = [t for t in tests if not t.status.earns_points]
        if lost:
            kind = "failure" if all(t.status is Status.FAILED for t in lost) else "error"
            failures += kind == "failure"
            errors += kind == "error"
            summary = f"{possible - earned:g} of {possible:g} points lost"
            text = "\n\n".join(f"{t.id} ({t.status}):\n{t.message}" for t in lost)
            ET.SubElement(case, kind, message=summary).text = text
    suite.set("tests", str(len(suite.findall("testcase"))))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"

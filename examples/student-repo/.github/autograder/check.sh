#!/usr/bin/env bash
# Run the assignment's public self-checks on the notebook of this repository (no hidden tests exist
# here). Run by .github/workflows/self-check.yml; works the same on a laptop. From the environment:
#
#   AUTOGRADER_ASSIGNMENT  assignment id, e.g. a1 (required)
#   AUTOGRADER_VENV        a virtualenv with the grader installed (default: ~/.autograder-venv)
#   AUTOGRADER_SUBMISSION  the notebook to check (default: the one spec.toml names)
#   AUTOGRADER_OUT         output folder (default: self-check)
#   GITHUB_STEP_SUMMARY    file that receives the feedback (set by GitHub Actions)
#
# The release files next to the notebook (spec.toml, public_tests.py) say what to check. Exits 0
# when the self-check ran (whatever the score), 2 when it could not run.
set -euo pipefail
: "${AUTOGRADER_ASSIGNMENT:?set AUTOGRADER_ASSIGNMENT to the assignment id}"
venv="${AUTOGRADER_VENV:-$HOME/.autograder-venv}"
out="${AUTOGRADER_OUT:-self-check}"
for file in spec.toml public_tests.py; do
  [ -f "$file" ] || { echo "missing $file: it comes with the assignment's release" >&2; exit 2; }
done
submission="${AUTOGRADER_SUBMISSION:-$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("spec.toml", "rb"))["notebook"])')}"
[ -f "$submission" ] || { echo "no notebook $submission in the repository; set AUTOGRADER_SUBMISSION" >&2; exit 2; }

# A course folder with the public files only, as `autograder check` expects it.
course="$(mktemp -d)"
trap 'rm -rf "$course"' EXIT
mkdir -p "$course/assignments/$AUTOGRADER_ASSIGNMENT" "$out"
cp spec.toml public_tests.py "$course/assignments/$AUTOGRADER_ASSIGNMENT/"

"$venv/bin/autograder" check "$submission" --course "$course" --assignment "$AUTOGRADER_ASSIGNMENT" \
  --format text --report "$out/report.json"
"$venv/bin/autograder" report "$out/report.json" --format markdown > "$out/feedback.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "> **Self-check with the public tests only.** Your grade comes from the instructor's hidden tests"
    echo "> after the deadline; passing every self-check does not mean full marks."
    echo
    cat "$out/feedback.md"
  } >> "$GITHUB_STEP_SUMMARY"
fi

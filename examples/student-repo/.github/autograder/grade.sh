#!/usr/bin/env bash
# Grade the notebook of a student repository. Run by .github/workflows/autograde.yml, and usable
# as is in any CI system. Everything it needs comes from the environment:
#
#   AUTOGRADER_ASSIGNMENT  assignment id, e.g. a1 (required)
#   AUTOGRADER_BUNDLE      path of the grader bundle zip from `autograder bundle` (required)
#   AUTOGRADER_SUBMISSION  notebook or .py to grade (default: the only *.ipynb in the repository root)
#   AUTOGRADER_POLICY      exit status policy: graded (default), full-marks, or min-score=N
#   AUTOGRADER_VENV        an existing virtualenv with autograder installed (default: create one)
#   AUTOGRADER_OUT         output folder (default: autograder-report)
#   GITHUB_STEP_SUMMARY    file that receives the score table and feedback (set by GitHub Actions)
#
# Writes $AUTOGRADER_OUT/report.json, feedback.md and junit.xml, and exits with the policy's status:
# 0 passes, 1 fails the policy, 2 the grader could not run.
set -euo pipefail
: "${AUTOGRADER_ASSIGNMENT:?set AUTOGRADER_ASSIGNMENT to the assignment id}"
: "${AUTOGRADER_BUNDLE:?set AUTOGRADER_BUNDLE to the downloaded grader bundle}"
out="${AUTOGRADER_OUT:-autograder-report}"
policy="${AUTOGRADER_POLICY:-graded}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

submission="${AUTOGRADER_SUBMISSION:-}"
if [ -z "$submission" ]; then
  mapfile -t notebooks < <(find . -maxdepth 1 -name '*.ipynb' | sort)
  if [ "${#notebooks[@]}" -ne 1 ]; then
    echo "expected exactly one .ipynb in the repository root, found ${#notebooks[@]}; set AUTOGRADER_SUBMISSION" >&2
    exit 2
  fi
  submission="${notebooks[0]}"
fi

unzip -q "$AUTOGRADER_BUNDLE" -d "$work/grader"
venv="${AUTOGRADER_VENV:-}"
if [ -z "$venv" ]; then
  venv="$work/venv"
  python3.11 -m venv "$venv"
  # CPU-only torch first: the default index would pull gigabytes of CUDA packages.
  "$venv/bin/pip" install -q torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
  "$venv/bin/pip" install -q "$work/grader"
fi

mkdir -p "$out"
"$venv/bin/autograder" grade "$submission" --course "$work/grader" --assignment "$AUTOGRADER_ASSIGNMENT" \
  --format text --report "$out/report.json"
"$venv/bin/autograder" report "$out/report.json" --format markdown > "$out/feedback.md"
"$venv/bin/autograder" report "$out/report.json" --format junit > "$out/junit.xml"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out/feedback.md" >> "$GITHUB_STEP_SUMMARY"
fi
"$venv/bin/autograder" report "$out/report.json" --policy "$policy" --format text > /dev/null

#!/usr/bin/env bash
# Set up with the test extras and run everything CI runs: lint, import layers, type check, then the tests.
# pytest runs last, so its summary line ends the output; the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
./setup.sh --test || exit 1
.venv/bin/ruff check src tests bench || exit 1
.venv/bin/lint-imports --no-cache || exit 1
.venv/bin/mypy || exit 1
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Install ligero with its test tools into a fresh virtual environment and run the tests.
#   bash scripts/test.sh            (what CI runs via .ci/run)
# PyTorch's CPU build (2.13.0+cpu) and Keras 3 are installed too where the package index
# offers it, so the reference tests compare against it; where it is not offered
# nothing large is downloaded instead and those tests skip cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${LIGERO_TEST_VENV:-.venv-test}
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet -e ".[test]"
"$VENV/bin/python" -m pip install --quiet "torch==2.13.0+cpu" 2>/dev/null \
  || echo "PyTorch CPU build not available: reference comparisons will be skipped"
# Keras 3 (run on the PyTorch backend) is the oracle of the Keras face, as torch is of the PyTorch one.
"$VENV/bin/python" -m pip install --quiet "keras==3.15.1" 2>/dev/null \
  || echo "Keras 3 not available: the Keras reference comparisons will be skipped"
# Dask and Ray, the optional cluster backends of ligero.sweep (their tests skip cleanly without them).
"$VENV/bin/python" -m pip install --quiet -e ".[dask,ray]" 2>/dev/null \
  || echo "Dask or Ray not available: those sweep backends' tests will be skipped"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/python" -m pytest -p no:cacheprovider -rs "$@"

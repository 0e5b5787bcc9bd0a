#!/bin/sh
# The install steps of the Docker image, in one place: the Dockerfile runs this script, and CI
# runs it in a clean virtual environment (`make docker-check`), so a broken step fails CI.
#
#   sh docker/install.sh VENV_DIR
#
# Dependencies come from requirements.lock (exact versions), then innobot itself without
# dependencies: what runs is what was locked. torch is pinned there to the CPU build's version;
# the image points pip at PyTorch's CPU index (PIP_EXTRA_INDEX_URL), this machine finds the
# CPU wheel on its local disk.
set -eu
venv="${1:?usage: sh docker/install.sh VENV_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"

python3 -m venv "$venv"
"$venv/bin/pip" install --no-cache-dir --quiet -r "$here/requirements.lock"
"$venv/bin/pip" install --no-cache-dir --quiet --no-deps "$here"
"$venv/bin/pip" check
"$venv/bin/innobot" --help > /dev/null

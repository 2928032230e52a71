#!/usr/bin/env bash
# Create (or update) tools/models/.venv idempotently.
#   TORCH_INDEX_URL  where the CPU torch wheel comes from when torch is not yet installed
#                    (default https://download.pytorch.org/whl/cpu; set empty to use PyPI only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null 2>&1 || py=python3

if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --upgrade pip
fi

extra=()
if ! "$venv/bin/python" -c 'import torch, sys; sys.exit(0 if torch.__version__.split("+")[0] == "2.13.0" else 1)' 2>/dev/null; then
  idx="${TORCH_INDEX_URL-https://download.pytorch.org/whl/cpu}"
  # an index this machine cannot reach only makes pip retry for every package: leave it out (pip then takes the
  # CPU wheel from PyPI or a local wheel folder)
  if [ -n "$idx" ] && ! "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$idx" 2>/dev/null; then
    echo "setup_venv: $idx is not reachable; installing torch from the default index" >&2
    idx=""
  fi
  [ -n "$idx" ] && extra=(--extra-index-url "$idx")
fi

# torch on the same command line as the requirements so nothing can pull another torch.
"$venv/bin/python" -m pip install "${extra[@]}" torch==2.13.0 -r "$here/requirements.txt"
"$venv/bin/python" -c 'import torch, sentence_transformers, onnxruntime; print("torch", torch.__version__, "| sentence-transformers", sentence_transformers.__version__, "| onnxruntime", onnxruntime.__version__)'

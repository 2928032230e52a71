#!/usr/bin/env bash
# Re-ranker training on a lent GPU machine (the device tool), in one call. Run from the repo root there, with
# tools/models/work/gpu carried (python tools/models/gpu_pack.py pack makes it here):
#
#   bash tools/models/gpu_session.sh            # writes into $OUT (or ./gpu-out)
#
# Trains the recipes below at once on the one GPU (a 6-layer MiniLM leaves most of an H200 idle), each scored on
# the evaluation's tuning candidate lists after every epoch, keeping its best epoch; then exports the two best
# recipes' weights (gpu_pack.py export) so they come back under the transfer limits. Bring them home with
# gpu_pack.py unpack, then export_reranker.py as usual.
set -u
G=tools/models/work/gpu
OUT=${OUT:-gpu-out}
LIMIT=${LIMIT:-300}   # seconds of training per recipe
mkdir -p "$OUT" /tmp/rr
export PARASCOPE_SQUAD=$G/dev-v1.1.json PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
exec > >(tee "$OUT/session.log") 2>&1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)'

common=(--device cuda --bf16 --init $G/init --mined $G/mined.npz --eval-candidates $G/tune-candidates.json --keep-best
        --questions 8302 --max-length 192 --freeze-word-embeddings --warmup 0.05 --save-every 0 --time-limit "$LIMIT"
        --threads 3)
run() { # name, flags...
  local name=$1; shift
  python3 tools/models/train_reranker.py "${common[@]}" --out /tmp/rr/$name "$@" > /tmp/rr/$name.log 2>&1
  echo "== $name exit $?"; grep -E "tune after|  squad|  pyfaq|examples,|time limit|Error|error" /tmp/rr/$name.log | head -60
}
# recipe: what it tries (a plain `wait` would also wait for the tee above, forever: wait for these four only)
pids=()
run e1-n5 --epochs 1 --batch 16 --lr 5e-5 --dense-negs 3 --bm25-negs 1 --random-negs 1 & pids+=($!) # the CPU recipe, a whole epoch
run e3-n12 --epochs 3 --batch 16 --lr 3e-5 --dense-negs 7 --bm25-negs 3 --random-negs 2 & pids+=($!) # more negatives, longer
run e3-n12-title --epochs 3 --batch 16 --lr 3e-5 --dense-negs 7 --bm25-negs 3 --random-negs 2 --title-prob 0.5 & pids+=($!) # + heading-style titles
run e2-n24 --epochs 2 --batch 8 --lr 3e-5 --dense-negs 15 --bm25-negs 6 --random-negs 2 & pids+=($!) # many more negatives
wait "${pids[@]}"
nvidia-smi --query-gpu=memory.used --format=csv,noheader

python3 - "$OUT" <<'EOF'
import json, subprocess, sys
from pathlib import Path
sys.path.insert(0, "tools/models")
from score_candidates import best_sum
out = Path(sys.argv[1])
rows = []
for d in sorted(Path("/tmp/rr").iterdir()):
    t = d / "training.json"
    if d.is_dir() and t.exists():
        m = json.loads(t.read_text())
        best = max(map(best_sum, m["tune"])) if m.get("tune") else -1
        rows.append((best, d.name, m))
rows.sort(key=lambda r: -r[0])
summary = [{"name": n, "bestSum": b, "keptStep": m["steps"], "trainSeconds": m["trainSeconds"],
            "tune": [{"epochs": e["epochs"], "step": e["step"], "sumNdcg": e["sumNdcg"],
                      "rows": e["rows"]} for e in m.get("tune", [])]} for b, n, m in rows]
(out / "summary.json").write_text(json.dumps(summary, indent=1))
for b, n, m in rows:
    print(f"{n}: best sum {b} (kept step {m['steps']}, {m['trainSeconds']} s)")
for b, n, m in rows[:2]:
    subprocess.run([sys.executable, "tools/models/gpu_pack.py", "export", "--hf", f"/tmp/rr/{n}", "--out", str(out), "--name", n], check=True)
EOF
ls -la "$OUT"

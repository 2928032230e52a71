#!/usr/bin/env python3
"""Print the Markdown tables for docs/models.md from tools/models/work/{parity,eval,speed}.json and manifests."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, WORK  # noqa: E402


def load(n):
    p = WORK / n
    return json.loads(p.read_text()) if p.exists() else {}


print("### File sizes\n\n| file | bytes |\n|---|---:|")
for mid in ["all-MiniLM-L6-v2", "parascope-reranker-minilm"]:
    mf = ROOT / "resources/models" / mid / "manifest.json"
    if not mf.exists():
        continue
    m = json.loads(mf.read_text())
    for k, v in m["files"].items():
        print(f"| `{mid}/{k}` | {v['size']:,} |")
    print(f"| `{mid}/manifest.json` | {mf.stat().st_size:,} |")
par = load("parity.json")
print("\n### Parity\n")
for k, v in par.get("biencoder", {}).items():
    print(f"- bi-encoder `{k}` vs sentence-transformers (256 paragraphs): cosine min {v['cosMin']:.6f}, mean {v['cosMean']:.6f}")
for k, v in par.get("reranker", {}).items():
    print(f"- re-ranker `{k}` vs CrossEncoder PyTorch (200 pairs): |logit diff| max {v['maxAbsDiff']:.5f}, mean {v['meanAbsDiff']:.5f}; "
          f"positive-vs-negative order agreement {v['pairOrderAgreement']:.3f}")
sp = load("speed.json")
print("\n### Speed\n")
for k, v in sp.items():
    print(f"- {k}: {v}")
ev = load("eval.json")
print("\n### Eval\n")
print(json.dumps(ev, indent=1))

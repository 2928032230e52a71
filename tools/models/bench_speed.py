#!/usr/bin/env python3
"""CPU speed of the ONNX variants (onnxruntime, CPUExecutionProvider, intra-op threads=2).

bi-encoder: paragraphs/s at batch 32 over the 256 parity paragraphs (max 256 tokens).
re-ranker: pairs/s at batch 32 over the 200 parity pairs. Best of --repeat runs after one warm-up.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, WORK  # noqa: E402
import onnx_tools  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-reranker", action="store_true")
    a = ap.parse_args()
    from transformers import AutoTokenizer

    res = {"loadavg": os.getloadavg()}
    bi = ROOT / "resources/models/all-MiniLM-L6-v2"
    texts = [x["text"] for x in json.loads((ROOT / "test/fixtures/models/parity-all-MiniLM-L6-v2.json").read_text())["items"]]
    tok = AutoTokenizer.from_pretrained(str(bi))
    jobs = [("all-MiniLM-L6-v2", bi, lambda s: onnx_tools.run_encoder(s, tok, texts, batch=32), len(texts), "paragraphs/s")]
    rr = ROOT / "resources/models/parascope-reranker-minilm"
    pf = ROOT / "test/fixtures/models/parity-reranker.json"
    if (rr / "onnx/model.onnx").exists() and pf.exists() and not a.no_reranker:
        pairs = [(x["question"], x["paragraph"]) for x in json.loads(pf.read_text())["items"]]
        jobs.append(("parascope-reranker-minilm", rr, lambda s: onnx_tools.run_cross(s, tok, pairs, batch=32), len(pairs), "pairs/s"))
    for name, d, fn, n, unit in jobs:
        for v in ["model.onnx", "model_int8.onnx"]:
            s = onnx_tools.session(d / "onnx" / v, threads=a.threads)
            fn(s)  # warm-up
            best = 1e9
            for _ in range(a.repeat):
                t0 = time.time()
                fn(s)
                best = min(best, time.time() - t0)
            res[f"{name}/{v}"] = {unit: round(n / best, 1), "seconds": round(best, 2), "n": n}
            print(f"{name} {v}: {n / best:.1f} {unit} ({best:.2f}s for {n})", flush=True)
    res["loadavgAfter"] = os.getloadavg()
    (WORK / "speed.json").write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()

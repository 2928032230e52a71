#!/usr/bin/env python3
"""Rebuild the shipped re-ranker's PyTorch checkpoint from its committed fp32 ONNX file.

The PyTorch weights are not committed (docs/models.md), and the GPU run that trained them is gone; the fp32 ONNX
graph holds every weight exactly. Named initializers (embeddings, biases, LayerNorms, pooler, classifier) map by
name; each linear layer's weight is an unnamed transposed MatMul initializer, found through the Add of its named bias.
The result is checked against the ONNX file on the parity fixture's pairs (max |logit difference| printed, must be
under 1e-4) so training can continue from exactly what ships.

  python tools/models/onnx_to_hf.py --out tools/models/work/shipped-hf
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from onnx import numpy_helper  # noqa: E402

from common import ROOT  # noqa: E402

SHIPPED = ROOT / "resources/models/parascope-reranker-minilm"
HF_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def weights_of(onnx_path: Path) -> dict[str, np.ndarray]:
    g = onnx.load(str(onnx_path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    out = {k[2:]: v for k, v in init.items() if k.startswith("m.")}  # "m." is the export wrapper's attribute
    consumers: dict[str, list] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    for n in g.node:
        if n.op_type != "MatMul" or n.input[1] not in init or n.input[1].startswith("m."):
            continue
        adds = [c for c in consumers.get(n.output[0], []) if c.op_type == "Add"]
        bias = next((i for a in adds for i in a.input if i.startswith("m.") and i.endswith(".bias")), None)
        if bias is None:
            raise SystemExit(f"no bias Add after {n.name}")
        out[bias[2:-len(".bias")] + ".weight"] = init[n.input[1]].T.copy()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", type=Path, default=SHIPPED / "onnx/model.onnx")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    a.out.mkdir(parents=True, exist_ok=True)
    for f in HF_FILES:
        shutil.copy(SHIPPED / f, a.out / f)
    model = AutoModelForSequenceClassification.from_config(AutoConfig.from_pretrained(str(a.out)))
    state = {k: torch.from_numpy(v) for k, v in weights_of(a.onnx).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not match the architecture: missing {missing}, unexpected {unexpected}")
    model.eval()

    import onnxruntime as ort

    tok = AutoTokenizer.from_pretrained(str(a.out))
    items = json.loads((ROOT / "test/fixtures/models/parity-reranker.json").read_text())["items"][:64]
    enc = tok([x["question"] for x in items], [x["paragraph"] for x in items], padding=True, truncation="only_second",
              max_length=192, return_tensors="pt")
    with torch.no_grad():
        pt = model(**enc).logits.squeeze(-1).numpy()
    sess = ort.InferenceSession(str(a.onnx), providers=["CPUExecutionProvider"])
    ox = sess.run(None, {k: enc[k].numpy() for k in ["input_ids", "attention_mask", "token_type_ids"]})[0].squeeze(-1)
    diff = float(np.abs(pt - ox).max())
    print(f"rebuilt {len(state)} tensors; max |logit diff| vs ONNX on {len(items)} pairs: {diff:.2e}")
    if diff > 1e-4:
        raise SystemExit("the rebuilt checkpoint does not reproduce the ONNX file")
    model.save_pretrained(str(a.out))
    # which ONNX file this was rebuilt from, so a checkpoint left from an older model is never mistaken for this one
    (a.out / "source.json").write_text(json.dumps({"onnxSha256": sha256_of(a.onnx)}) + "\n")
    print(f"saved {a.out}")


def sha256_of(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


if __name__ == "__main__":
    main()

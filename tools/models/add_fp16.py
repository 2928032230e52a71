#!/usr/bin/env python3
"""Add an fp16 variant (onnx/model_fp16.onnx) to a bundled model folder, from its committed fp32 file.

GPU providers run it (the engine tries fp16, then fp32, on a GPU; int8 stays the CPU's). The fp16 graph is
onnxruntime.transformers' float16 conversion with the inputs and outputs kept in their types, so the engine feeds
and reads it exactly as the fp32 one. Its agreement with fp32 is measured on real text (SQuAD held-out paragraphs,
or question/paragraph pairs for a cross-encoder) and written to the manifest as fp16VsFp32; a conversion that
changes the result measurably (cosine below 0.999 for a bi-encoder, a mean logit change over 1 % of the logits'
spread for a cross-encoder) is refused: fp32 then stays the GPU variant.

  python tools/models/add_fp16.py resources/models/all-MiniLM-L6-v2
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402

from common import SEED, load_squad  # noqa: E402
from manifest import write_manifest  # noqa: E402
import onnx_tools  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1]).resolve()
    meta = json.loads((folder / "manifest.json").read_text())
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(folder))
    fp32, fp16 = folder / meta["variants"]["fp32"], folder / "onnx/model_fp16.onnx"
    onnx_tools.to_fp16(fp32, fp16)
    paras, qs = load_squad("heldout")
    rng = random.Random(SEED + 2)
    s32, s16 = onnx_tools.session(fp32), onnx_tools.session(fp16)
    if meta["kind"] == "cross-encoder":
        max_len = json.loads((folder / "sentence_bert_config.json").read_text()).get("max_seq_length", 256)
        pairs = [(q["question"], paras[q["pid"] if i % 2 == 0 else rng.randrange(len(paras))]["text"])
                 for i, q in enumerate(rng.sample(qs, 128))]
        a, b = (onnx_tools.run_cross(s, tok, pairs, max_length=max_len) for s in (s32, s16))
        diff = np.abs(a - b)
        agreement = {"pairs": len(pairs), "meanAbsLogitDiff": round(float(diff.mean()), 5),
                     "maxAbsLogitDiff": round(float(diff.max()), 5), "logitStd": round(float(a.std()), 3)}
        ok = diff.mean() <= 0.01 * a.std()
    else:
        texts = [p["text"] for p in rng.sample(paras, 128)]
        a, b = (onnx_tools.run_encoder(s, tok, texts) for s in (s32, s16))
        cos = (a * b).sum(1)
        agreement = {"texts": len(texts), "minCosine": round(float(cos.min()), 6), "meanCosine": round(float(cos.mean()), 6)}
        ok = cos.min() >= 0.999
    print(f"{folder.name}: fp16 vs fp32 {agreement}")
    if not ok:
        fp16.unlink()
        raise SystemExit("fp16 changes the results measurably: not added")
    notice = folder / "NOTICE"
    text = notice.read_text()
    if "model_fp16.onnx" not in text:  # the export of the re-ranker already says it; the bi-encoder's does not
        line = "model_fp16.onnx (tools/models/add_fp16.py) = onnxruntime.transformers' float16 conversion of model.onnx.\n"
        at = text.find("Reproduce:")
        notice.write_text(text[:at] + line + text[at:] if at >= 0 else text + line)
    meta.pop("files", None)
    meta["variants"] = {**meta["variants"], "fp16": "onnx/model_fp16.onnx"}
    meta["fp16VsFp32"] = agreement
    write_manifest(folder, meta)


if __name__ == "__main__":
    main()

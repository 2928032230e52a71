#!/usr/bin/env python3
"""Parity fixtures so the TypeScript side can check its ONNX pipeline without torch.

bi-encoder -> test/fixtures/models/parity-all-MiniLM-L6-v2.json
  256 full SQuAD dev paragraphs from the HELD-OUT articles (sorted by length, evenly spaced picks so
  lengths vary from shortest to longest, incl. ones truncated at 256 tokens), with the
  sentence-transformers (PyTorch, CPU, genuine weights, normalize_embeddings=True) vectors as base64
  little-endian float32 strings.
reranker -> test/fixtures/models/parity-reranker.json
  200 (question, paragraph) pairs from held-out articles (100 questions: the answer paragraph and one
  other paragraph of the same article) with sentence-transformers CrossEncoder raw logits (fp32 PyTorch).

Also prints ONNX fp32/int8 agreement (cosine min/mean; logit max abs diff) with the PyTorch reference.
"""
from __future__ import annotations

import argparse
import base64
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from common import ROOT, SEED, WORK, load_squad, locate_upstream_model, verify_upstream  # noqa: E402
import onnx_tools  # noqa: E402

FIX = ROOT / "test/fixtures/models"
BI_DIR = ROOT / "resources/models/all-MiniLM-L6-v2"
RR_DIR = ROOT / "resources/models/parascope-reranker-minilm"


def b64(v) -> str:
    return base64.b64encode(np.asarray(v, dtype="<f4").tobytes()).decode("ascii")


def pick_paragraphs(n=256):
    paras, _ = load_squad("heldout")
    order = sorted(range(len(paras)), key=lambda i: (len(paras[i]["text"]), paras[i]["id"]))
    idx = sorted({order[int(round(x))] for x in np.linspace(0, len(order) - 1, n)})
    assert len(idx) == n, len(idx)
    return [paras[i] for i in idx]


def biencoder() -> dict:
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    up = locate_upstream_model()
    verify_upstream(up)
    st = SentenceTransformer(str(up), device="cpu")
    assert st.max_seq_length == 256
    paras = pick_paragraphs()
    texts = [p["text"] for p in paras]
    ref = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    tok = AutoTokenizer.from_pretrained(str(BI_DIR))
    ntok = [len(tok(t)["input_ids"]) for t in texts]
    fix = {
        "model": "all-MiniLM-L6-v2",
        "normalize": True,
        "maxSeqLength": max_len,
        "pooling": "mean",
        "dim": int(ref.shape[1]),
        "encoding": "base64 little-endian float32, one string per vector",
        "reference": "sentence-transformers (PyTorch fp32, CPU), SentenceTransformer.encode(normalize_embeddings=True)",
        "source": "SQuAD v1.1 dev, held-out articles of test/fixtures/squad-split.json (CC BY-SA 4.0)",
        "items": [{"id": p["id"], "tokens": n, "text": p["text"], "vector": b64(v)} for p, n, v in zip(paras, ntok, ref)],
    }
    FIX.mkdir(parents=True, exist_ok=True)
    (FIX / "parity-all-MiniLM-L6-v2.json").write_text(json.dumps(fix, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote parity-all-MiniLM-L6-v2.json: {len(paras)} paragraphs, tokens min {min(ntok)} max {max(ntok)}, "
          f"{sum(n > 256 for n in ntok)} truncated")
    res = {}
    for name in ["model.onnx", "model_int8.onnx"]:
        v = onnx_tools.run_encoder(onnx_tools.session(BI_DIR / "onnx" / name), tok, texts)
        cos = (v * ref).sum(1)
        res[name] = {"cosMin": float(cos.min()), "cosMean": float(cos.mean())}
        print(f"bi-encoder ONNX {name}: cosine vs sentence-transformers min {cos.min():.6f} mean {cos.mean():.6f}")
    return res


def reranker(hf_dir: Path) -> dict:
    from sentence_transformers import CrossEncoder
    from transformers import AutoTokenizer

    paras, qs = load_squad("heldout")
    rng = random.Random(SEED)
    by_title = {}
    for i, p in enumerate(paras):
        by_title.setdefault(p["title"], []).append(i)
    pairs = []
    for q in rng.sample(qs, 100):
        neg = rng.choice([j for j in by_title[q["title"]] if paras[j]["text"] != paras[q["pid"]]["text"]])
        pairs.append((q, q["pid"], 1))
        pairs.append((q, neg, 0))
    # the length the bundled model serves at (export_reranker.py writes the training length there)
    max_len = int(json.loads((RR_DIR / "sentence_bert_config.json").read_text())["max_seq_length"])
    ce = CrossEncoder(str(hf_dir), device="cpu", max_length=max_len, activation_fn=torch.nn.Identity())
    tp = [(q["question"], paras[j]["text"]) for q, j, _ in pairs]
    logits = np.asarray(ce.predict(tp, batch_size=32, convert_to_numpy=True), dtype=np.float32).reshape(-1)
    fix = {
        "model": "parascope-reranker-minilm",
        "maxSeqLength": max_len,
        "output": "raw logit (no sigmoid)",
        "reference": "sentence-transformers CrossEncoder (PyTorch fp32, CPU), activation_fn=Identity",
        "source": "SQuAD v1.1 dev, held-out articles of test/fixtures/squad-split.json (CC BY-SA 4.0)",
        "items": [{"qid": q["id"], "question": q["question"], "paragraphId": paras[j]["id"], "paragraph": paras[j]["text"],
                   "relevant": bool(lab), "logit": float(l)} for (q, j, lab), l in zip(pairs, logits)],
    }
    (FIX / "parity-reranker.json").write_text(json.dumps(fix, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote parity-reranker.json: {len(pairs)} pairs")
    tok = AutoTokenizer.from_pretrained(str(RR_DIR))
    res = {}
    for name in ["model.onnx", "model_int8.onnx"]:
        o = onnx_tools.run_cross(onnx_tools.session(RR_DIR / "onnx" / name), tok, tp, max_length=max_len)
        d = np.abs(o - logits)
        agree = float(np.mean(np.sign(o[0::2] - o[1::2]) == np.sign(logits[0::2] - logits[1::2])))
        res[name] = {"maxAbsDiff": float(d.max()), "meanAbsDiff": float(d.mean()), "pairOrderAgreement": agree}
        print(f"reranker ONNX {name}: |logit diff| max {d.max():.5f} mean {d.mean():.5f}, pos/neg order agreement {agree:.3f}")
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["all", "biencoder", "reranker"], default="all")
    ap.add_argument("--reranker-hf", type=Path, default=WORK / "reranker-hf")
    a = ap.parse_args()
    torch.set_num_threads(2)
    out = {}
    if a.only in ("all", "biencoder"):
        out["biencoder"] = biencoder()
    if a.only in ("all", "reranker"):
        out["reranker"] = reranker(a.reranker_hf)
    WORK.mkdir(parents=True, exist_ok=True)
    p = WORK / "parity.json"
    prev = json.loads(p.read_text()) if p.exists() else {}
    prev.update(out)
    p.write_text(json.dumps(prev, indent=2) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Held-out evaluation: dense retrieval (all-MiniLM-L6-v2) vs dense + cross-encoder re-rank.

For held-out questions (12 held-out articles of test/fixtures/squad-split.json): rank ALL held-out
paragraphs by bi-encoder cosine (top 100 kept), then re-score the top --depth with the re-ranker
ONNX (fp32 / int8) and re-sort those. Metrics: MRR@10 and Recall@5 (a paragraph with the same text
as the answer paragraph counts as relevant). Dense-only figures are given for all held-out
questions and for the re-ranked subsample (--questions, seeded) so they compare like for like.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402

from common import ROOT, SEED, WORK, load_squad, locate_upstream_model  # noqa: E402
import onnx_tools  # noqa: E402

RR_DIR = ROOT / "resources/models/parascope-reranker-minilm"


def metrics(ranked_lists, relevant_sets):
    mrr, r5 = [], []
    for ranked, rel in zip(ranked_lists, relevant_sets):
        rr = 0.0
        for i, j in enumerate(ranked[:10]):
            if j in rel:
                rr = 1.0 / (i + 1)
                break
        mrr.append(rr)
        r5.append(1.0 if any(j in rel for j in ranked[:5]) else 0.0)
    return {"mrr@10": float(np.mean(mrr)), "recall@5": float(np.mean(r5)), "n": len(mrr)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=150)
    ap.add_argument("--depth", type=int, default=20)
    ap.add_argument("--variants", default="model_int8.onnx,model.onnx")
    ap.add_argument("--rr-dir", type=Path, default=RR_DIR)
    ap.add_argument("--hf", type=Path, help="score with this Hugging Face checkpoint in torch instead of the ONNX variants")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--blend", default="0.5,1,2",
                    help="also report score = z(re-ranker) + w * z(cosine) within each question's candidates, for each w")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    paras, qs = load_squad("heldout")
    texts = [p["text"] for p in paras]
    same = {}
    for i, t in enumerate(texts):
        same.setdefault(t, set()).add(i)
    rel = [same[texts[q["pid"]]] for q in qs]

    cache = WORK / "heldout_dense.npz"
    if cache.exists():
        z = np.load(cache)
        P, Q = z["P"], z["Q"]
    else:
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(str(locate_upstream_model()), device="cpu")
        P = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        Q = st.encode([q["question"] for q in qs], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        np.savez(cache, P=P, Q=Q)
    S = Q @ P.T
    top = np.argsort(-S, axis=1, kind="stable")[:, :100]
    res = {"heldout": {"paragraphs": len(paras), "questions": len(qs)}, "depth": a.depth}
    res["denseAll"] = metrics([list(r) for r in top], rel)
    print(f"held-out: {len(paras)} paragraphs, {len(qs)} questions")
    print("dense-only, all questions:", res["denseAll"])
    sub = sorted(random.Random(SEED).sample(range(len(qs)), min(a.questions, len(qs))))
    res["denseSubset"] = metrics([list(top[i]) for i in sub], [rel[i] for i in sub])
    print(f"dense-only, {len(sub)}-question subset:", res["denseSubset"])

    if not a.variants and not a.hf:
        (WORK / "eval_dense.json").write_text(json.dumps(res, indent=2) + "\n")
        return
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(a.hf or a.rr_dir))
    # the pair length the model was trained at (checkpoint) or serves at (bundled folder)
    max_len = int(json.loads((a.hf / "training.json").read_text())["maxLength"]) if a.hf else \
        int(json.loads((a.rr_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    pairs = [(qs[i]["question"], texts[j]) for i in sub for j in top[i][: a.depth]]
    cos = np.stack([S[i][top[i][: a.depth]] for i in sub])

    def z(x):
        return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-6)

    def rank_with(sc):
        ranked = []
        for k, i in enumerate(sub):
            head = [int(top[i][j]) for j in np.argsort(-sc[k], kind="stable")]
            ranked.append(head + [int(x) for x in top[i][a.depth:]])
        return metrics(ranked, [rel[i] for i in sub])

    def scorers():
        if a.hf:
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained(str(a.hf)).eval()

            def run(ps):
                out = []
                with torch.inference_mode():
                    for b in range(0, len(ps), 32):
                        chunk = ps[b : b + 32]
                        enc = tok([x[0] for x in chunk], [x[1] for x in chunk], padding=True, truncation="only_second",
                                  max_length=max_len, return_tensors="pt")
                        out.append(model(**enc).logits[:, 0].float().numpy())
                return np.concatenate(out)

            yield f"hf:{a.hf.name}", run
            return
        for v in filter(None, a.variants.split(",")):
            sess = onnx_tools.session(a.rr_dir / "onnx" / v)
            yield v, lambda ps, sess=sess: onnx_tools.run_cross(sess, tok, ps, max_length=max_len)

    for v, run in scorers():
        t0 = time.time()
        sc = run(pairs).reshape(len(sub), a.depth)
        dt = time.time() - t0
        m = rank_with(sc)
        m["pairsPerSec"] = round(len(pairs) / dt, 1)
        res[f"rerank:{v}"] = m
        print(f"dense + re-rank top-{a.depth} ({v}):", m)
        for w in [float(x) for x in a.blend.split(",") if x]:
            mb = rank_with(z(sc) + w * z(cos))
            res[f"rerank:{v}:blend{w}"] = mb
            print(f"  blended with cosine, w={w}:", mb)
    (WORK / "eval.json").write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score a re-ranker checkpoint on the evaluation's tuning candidate lists, offline.

`npm run eval -- --suite tune --dump-candidates FILE` writes, for every tuning blend row, each question's
candidates exactly as the app's re-ranker saw them (heading line included where the run showed it), with their
retrieval scores and ranks and whether each is relevant. This script re-scores those candidates with another
re-ranker and orders them the way the search service does (search-service.ts `rerankOrder`:
z(re-ranker) + w * z(retrieval score), ties in retrieval order), then prints nDCG@10 and MRR@10 per row and weight
with the same definitions as eval/metrics.ts. It lets a training run (on a lent GPU, say) choose between
checkpoints on the tuning slices without the app; the test slices are never in the file.

  python tools/models/score_candidates.py --hf tools/models/work/rr-full --candidates FILE
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

BLENDS = [0, 0.25, 0.5, 1, 2, 4]


def standardize(x: np.ndarray) -> np.ndarray:
    sd = x.std()  # population sd, as search-service.ts standardize()
    return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)


def order(rerank: np.ndarray, retrieval: np.ndarray, ranks: np.ndarray, w: float) -> list[int]:
    s = rerank if w == 0 else standardize(rerank) + w * standardize(retrieval)
    return sorted(range(len(s)), key=lambda i: (-s[i], ranks[i]))


def question_metrics(rel: list[int], in_index: int) -> tuple[float, float]:
    rel = rel[:10]
    first = rel.index(1) if 1 in rel else -1
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel))
    ideal = min(10, max(1, in_index, sum(rel)))
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return dcg / idcg, (0.0 if first == -1 else 1 / (first + 1))


def evaluate(dumps: list[dict], scores: list[list[np.ndarray]], blends=BLENDS) -> dict[str, dict[str, float]]:
    """scores[d][q]: the re-ranker's scores of dump d's question q's candidates. Returns {row: {w: nDCG, ...}}."""
    out: dict[str, dict[str, float]] = {}
    for d, sc in zip(dumps, scores):
        row = f"{d['corpus']}/{d['slice']} {d['label']}"
        for w in blends:
            nd, mrr = [], []
            for q, s in zip(d["questions"], sc):
                c = q["candidates"]
                o = order(s, np.array([x["retrievalScore"] for x in c]), np.array([x["retrievalRank"] for x in c]), w)
                n, m = question_metrics([c[i]["relevant"] for i in o], q["inIndex"])
                nd.append(n)
                mrr.append(m)
            out.setdefault(row, {})[f"nDCG@10 w={w}"] = round(100 * float(np.mean(nd)), 2)
            out[row][f"MRR@10 w={w}"] = round(100 * float(np.mean(mrr)), 2)
    return out


def pairs_of(dumps: list[dict]) -> list[tuple[str, str]]:
    return [(q["question"], c["text"]) for d in dumps for q in d["questions"] for c in q["candidates"]]


def split_scores(dumps: list[dict], flat: np.ndarray) -> list[list[np.ndarray]]:
    out, k = [], 0
    for d in dumps:
        per = []
        for q in d["questions"]:
            n = len(q["candidates"])
            per.append(flat[k : k + n])
            k += n
        out.append(per)
    return out


def score_pairs(model, tok, pairs, max_length: int, device: str, batch: int = 128) -> np.ndarray:
    import torch

    out = []
    model.eval()
    with torch.inference_mode():
        for b in range(0, len(pairs), batch):
            chunk = pairs[b : b + batch]
            enc = tok([x[0] for x in chunk], [x[1] for x in chunk], padding=True, truncation="only_second",
                      max_length=max_length, return_tensors="pt").to(device)
            out.append(model(**enc).logits[:, 0].float().cpu().numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


def summary(table: dict[str, dict[str, float]], cells: list[str]) -> dict[str, float]:
    """Sum of nDCG@10 over the chosen rows, per weight (the rule docs/quality.md uses to pick the weight)."""
    ws = sorted({k.split("w=")[1] for r in table.values() for k in r if k.startswith("nDCG")}, key=float)
    return {w: round(sum(table[c][f"nDCG@10 w={w}"] for c in cells if c in table), 2) for w in ws}


def best_sum(entry: dict) -> float:
    """A scored epoch's figure of merit: its sum of tuning nDCG@10 at its best blend weight."""
    return max(entry["sumNdcg"].values())


# the four tuning cells the defaults are chosen on (eval/notes.md): SQuAD and FAQ, dense and hybrid, as the app shows
# passages to the re-ranker (SearchDefaults.rerankWithHeading, now off; the shipped re-ranker was chosen on the FAQ
# cells with the heading line, the default then)
CELLS = [
    "squad/tune dense + re-rank",
    "squad/tune hybrid + re-rank",
    "pyfaq/tune dense + re-rank",
    "pyfaq/tune hybrid + re-rank",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hf", type=Path, required=True, help="a Hugging Face sequence-classification checkpoint (1 logit)")
    ap.add_argument("--candidates", type=Path, required=True)
    ap.add_argument("--max-length", type=int, default=0, help="default: the checkpoint's training.json maxLength")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(a.threads)
    dumps = json.loads(a.candidates.read_text())
    max_len = a.max_length or int(json.loads((a.hf / "training.json").read_text())["maxLength"])
    tok = AutoTokenizer.from_pretrained(str(a.hf))
    model = AutoModelForSequenceClassification.from_pretrained(str(a.hf))
    flat = score_pairs(model, tok, pairs_of(dumps), max_len, "cpu", batch=32)
    table = evaluate(dumps, split_scores(dumps, flat))
    for row, m in table.items():
        print(row, " ".join(f"{k.split()[0]}/{k.split('=')[1]}:{v:.1f}" for k, v in m.items() if k.startswith("nDCG")))
    print("sum of nDCG@10 over", CELLS, summary(table, CELLS))


if __name__ == "__main__":
    main()

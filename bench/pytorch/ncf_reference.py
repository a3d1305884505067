#!/usr/bin/env python3
"""PyTorch reference of NCF (He et al., WWW 2017): GMF, MLP and NeuMF.

Written the way a PyTorch user would write it (nn.Embedding, nn.Linear, Adam,
BCEWithLogitsLoss, numpy negative sampling), to compare training speed and
accuracy against the TypeScript/TensorFlow.js library on the same split.

Reads the NCF-format files written by `recsys split` (TAB separated, 0-based ids):
  <dir>/train.rating   user<TAB>item<TAB>rating<TAB>timestamp
  <dir>/test.rating    user<TAB>item<TAB>rating<TAB>timestamp
  <dir>/test.negative  (user,item)<TAB>neg1<TAB>...<TAB>negN

Prints ONE JSON line on stdout; progress goes to stderr.
"""

import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

TOP_K = 10


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def read_pairs(path):
    """First two TAB-separated columns (user, item) as an int64 array of shape (n, 2)."""
    return np.loadtxt(path, dtype=np.int64, delimiter="\t", usecols=(0, 1), ndmin=2)


def read_test_negative(path):
    users, items, negatives = [], [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            fields = line.split("\t")
            u, i = fields[0].strip("()").split(",")
            users.append(int(u))
            items.append(int(i))
            negatives.append([int(x) for x in fields[1:]])
    return np.array(users), np.array(items), np.array(negatives, dtype=np.int64)


def count_lines(path):
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return sum(1 for line in f if line.strip())


def load(data_dir):
    train = read_pairs(os.path.join(data_dir, "train.rating"))
    test = read_pairs(os.path.join(data_dir, "test.rating"))
    neg_path = os.path.join(data_dir, "test.negative")
    neg_users, neg_items, negatives = read_test_negative(neg_path)
    n_users = max(
        int(train[:, 0].max()) + 1,
        int(test[:, 0].max()) + 1 if len(test) else 0,
        count_lines(os.path.join(data_dir, "user-ids.tsv")),
    )
    n_items = max(
        int(train[:, 1].max()) + 1,
        int(test[:, 1].max()) + 1 if len(test) else 0,
        int(negatives.max()) + 1 if negatives.size else 0,
        count_lines(os.path.join(data_dir, "item-ids.tsv")),
    )
    return train, test, (neg_users, neg_items, negatives), n_users, n_items


# ---------------------------------------------------------------- models


def init_embedding(emb):
    nn.init.normal_(emb.weight, mean=0.0, std=0.01)


def init_linear(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)


class GMF(nn.Module):
    def __init__(self, n_users, n_items, factors):
        super().__init__()
        self.user = nn.Embedding(n_users, factors)
        self.item = nn.Embedding(n_items, factors)
        self.out = nn.Linear(factors, 1)
        init_embedding(self.user)
        init_embedding(self.item)
        init_linear(self.out)

    def features(self, u, i):
        return self.user(u) * self.item(i)

    def forward(self, u, i):
        return self.out(self.features(u, i)).squeeze(-1)


class MLP(nn.Module):
    def __init__(self, n_users, n_items, layers):
        super().__init__()
        self.user = nn.Embedding(n_users, layers[0] // 2)
        self.item = nn.Embedding(n_items, layers[0] // 2)
        init_embedding(self.user)
        init_embedding(self.item)
        tower = []
        for d_in, d_out in zip(layers[:-1], layers[1:]):
            linear = nn.Linear(d_in, d_out)
            init_linear(linear)
            tower += [linear, nn.ReLU()]
        self.tower = nn.Sequential(*tower)
        self.out = nn.Linear(layers[-1], 1)
        init_linear(self.out)

    def features(self, u, i):
        return self.tower(torch.cat([self.user(u), self.item(i)], dim=-1))

    def forward(self, u, i):
        return self.out(self.features(u, i)).squeeze(-1)


class NeuMF(nn.Module):
    def __init__(self, n_users, n_items, factors, layers):
        super().__init__()
        self.gmf = GMF(n_users, n_items, factors)
        self.mlp = MLP(n_users, n_items, layers)
        # The sub-models' own output layers are unused here.
        del self.gmf.out
        del self.mlp.out
        self.out = nn.Linear(factors + layers[-1], 1)
        init_linear(self.out)

    def forward(self, u, i):
        h = torch.cat([self.gmf.features(u, i), self.mlp.features(u, i)], dim=-1)
        return self.out(h).squeeze(-1)


def build_model(name, n_users, n_items, factors):
    layers = [4 * factors, 2 * factors, factors]  # factors 8 -> 32-16-8, embedding 16
    if name == "gmf":
        return GMF(n_users, n_items, factors), None
    if name == "mlp":
        return MLP(n_users, n_items, layers), layers
    if name == "neumf":
        return NeuMF(n_users, n_items, factors, layers), layers
    raise ValueError(name)


# ---------------------------------------------------------------- training


def user_item_lists(train, n_users):
    """CSR-like view of the training interactions: indptr and items sorted by user."""
    order = np.argsort(train[:, 0], kind="stable")
    users = train[order, 0]
    items = train[order, 1]
    indptr = np.searchsorted(users, np.arange(n_users + 1))
    return indptr, items


def sample_instances(indptr, items_by_user, n_users, n_items, negatives, rng):
    """Every training positive plus `negatives` uniform items the user has not seen in train."""
    users_out, items_out, labels_out = [], [], []
    for u in range(n_users):
        pos = items_by_user[indptr[u] : indptr[u + 1]]
        if len(pos) == 0:
            continue
        seen = np.unique(pos)
        if len(seen) >= n_items:
            raise SystemExit(f"user {u} has interacted with every item; cannot sample negatives")
        k = len(pos) * negatives
        neg = rng.randint(0, n_items, size=k)
        bad = np.isin(neg, seen, assume_unique=False)
        while bad.any():  # rejection sampling, as in the NCF code
            neg[bad] = rng.randint(0, n_items, size=int(bad.sum()))
            bad = np.isin(neg, seen)
        users_out.append(np.full(len(pos) + k, u, dtype=np.int64))
        items_out.append(np.concatenate([pos, neg]))
        labels_out.append(np.concatenate([np.ones(len(pos), np.float32), np.zeros(k, np.float32)]))
    users = np.concatenate(users_out)
    items = np.concatenate(items_out)
    labels = np.concatenate(labels_out)
    perm = rng.permutation(len(users))
    return (
        torch.from_numpy(users[perm]),
        torch.from_numpy(items[perm]),
        torch.from_numpy(labels[perm]),
    )


def train_epoch(model, optimizer, loss_fn, users, items, labels, batch_size):
    model.train()
    total, n = 0.0, len(users)
    for start in range(0, n, batch_size):
        u = users[start : start + batch_size]
        i = items[start : start + batch_size]
        y = labels[start : start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(u, i), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(u)
    return total / n


# ---------------------------------------------------------------- evaluation


def metrics_from_ranks(ranks):
    """rank = number of competing items scored >= the test item (0 = best)."""
    ranks = np.asarray(ranks)
    hit = ranks < TOP_K
    ndcg = np.where(hit, math.log(2) / np.log(ranks + 2.0), 0.0)
    return float(hit.mean()), float(ndcg.mean())


@torch.no_grad()
def evaluate_sampled(model, neg_users, neg_items, negatives):
    model.eval()
    cand = np.concatenate([neg_items[:, None], negatives], axis=1)  # test item first
    u = torch.from_numpy(np.repeat(neg_users, cand.shape[1]))
    i = torch.from_numpy(cand.reshape(-1))
    scores = model(u, i).reshape(cand.shape)
    ranks = (scores[:, 1:] >= scores[:, :1]).sum(dim=1).numpy()
    return metrics_from_ranks(ranks)


@torch.no_grad()
def evaluate_full(model, test, indptr, items_by_user, n_items, user_batch=256):
    """Rank each test item against every item the user has not interacted with in train."""
    model.eval()
    all_items = torch.arange(n_items)
    ranks = []
    for start in range(0, len(test), user_batch):
        batch = test[start : start + user_batch]
        b_users, b_items = batch[:, 0], batch[:, 1]
        b = len(batch)
        u = torch.from_numpy(b_users).repeat_interleave(n_items)
        i = all_items.repeat(b)
        scores = model(u, i).reshape(b, n_items)
        # Exclude training items and the test item itself from the competitors.
        counts = indptr[b_users + 1] - indptr[b_users]
        rows = np.repeat(np.arange(b), counts)
        cols = np.concatenate([items_by_user[indptr[x] : indptr[x + 1]] for x in b_users])
        mask = torch.zeros(b, n_items, dtype=torch.bool)
        mask[torch.from_numpy(rows), torch.from_numpy(cols)] = True
        mask[torch.arange(b), torch.from_numpy(b_items)] = True
        test_scores = scores[torch.arange(b), torch.from_numpy(b_items)].unsqueeze(1)
        better = (scores >= test_scores) & ~mask
        ranks.append(better.sum(dim=1).numpy())
    return metrics_from_ranks(np.concatenate(ranks))


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="directory written by `recsys split`")
    p.add_argument("--model", choices=["gmf", "mlp", "neumf"], default="neumf")
    p.add_argument("--factors", type=int, default=8)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--negatives", type=int, default=4)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip-eval", action="store_true")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    rng = np.random.RandomState(args.seed)

    train, test, (neg_users, neg_items, negatives), n_users, n_items = load(args.data)
    indptr, items_by_user = user_item_lists(train, n_users)
    log(f"data: {n_users} users, {n_items} items, {len(train)} train, {len(test)} test")

    model, layers = build_model(args.model, n_users, n_items, args.factors)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.BCEWithLogitsLoss()

    samples_per_epoch = len(train) * (1 + args.negatives)
    sampling_s, train_s, last_loss = 0.0, 0.0, float("nan")
    epoch_train_seconds = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        users, items, labels = sample_instances(indptr, items_by_user, n_users, n_items, args.negatives, rng)
        t1 = time.perf_counter()
        last_loss = train_epoch(model, optimizer, loss_fn, users, items, labels, args.batch_size)
        t2 = time.perf_counter()
        sampling_s += t1 - t0
        train_s += t2 - t1
        epoch_train_seconds.append(t2 - t1)
        log(f"epoch {epoch + 1}/{args.epochs}: loss {last_loss:.4f}, sampling {t1 - t0:.2f}s, train {t2 - t1:.2f}s")

    result = {
        "model": args.model,
        "factors": args.factors,
        "layers": layers,
        "batch_size": args.batch_size,
        "epochs": args.epochs,
        "negatives": args.negatives,
        "lr": args.lr,
        "seed": args.seed,
        "users": n_users,
        "items": n_items,
        "train_samples_per_epoch": samples_per_epoch,
        "samples_per_second": samples_per_epoch * args.epochs / train_s,
        "samples_per_second_with_sampling": samples_per_epoch * args.epochs / (train_s + sampling_s),
        "seconds_per_epoch": train_s / args.epochs,
        "sampling_seconds_per_epoch": sampling_s / args.epochs,
        # Per-epoch training-step seconds: the machine may be shared, so a median/min is often fairer.
        "epoch_train_seconds": epoch_train_seconds,
        "loss_last_epoch": last_loss,
        "eval_seconds_sampled": None,
        "eval_seconds_full": None,
        "hr10_sampled": None,
        "ndcg10_sampled": None,
        "hr10_full": None,
        "ndcg10_full": None,
    }

    if not args.skip_eval:
        t0 = time.perf_counter()
        hr, ndcg = evaluate_sampled(model, neg_users, neg_items, negatives)
        t1 = time.perf_counter()
        hr_full, ndcg_full = evaluate_full(model, test, indptr, items_by_user, n_items)
        t2 = time.perf_counter()
        result.update(
            eval_seconds_sampled=t1 - t0,
            eval_seconds_full=t2 - t1,
            hr10_sampled=hr,
            ndcg10_sampled=ndcg,
            hr10_full=hr_full,
            ndcg10_full=ndcg_full,
        )
        log(f"sampled HR@10 {hr:.4f} NDCG@10 {ndcg:.4f}; full HR@10 {hr_full:.4f} NDCG@10 {ndcg_full:.4f}")

    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

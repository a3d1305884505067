#!/usr/bin/env python3
"""PyTorch reference of DMF (Xue et al., IJCAI 2017) and DELF (Cheng et al., IJCAI 2018).

Written the way a PyTorch user would write each paper (nn.EmbeddingBag, nn.Embedding, nn.Linear, Adam, numpy
negative sampling re-drawn every epoch), to compare training speed and accuracy against the TypeScript/TensorFlow.js
library on the same split. Conventions (data files, seeding, evaluation, output) follow ncf_reference.py.

Reads the NCF-format files written by `recsys split` (TAB separated, 0-based ids):
  <dir>/train.rating   user<TAB>item<TAB>rating<TAB>timestamp
  <dir>/test.rating    user<TAB>item<TAB>rating<TAB>timestamp
  <dir>/test.negative  (user,item)<TAB>neg1<TAB>...<TAB>negN

DMF: a user is its row of the rating matrix Y (explicit ratings, eq. 2), an item its column. Each tower's first
layer is a bias-free linear map of that sparse vector (an EmbeddingBag with mode='sum' and the ratings as
per-sample weights), then ReLU layers (eq. 5). Score: cosine(p, q) clamped to at least 1e-6 (eq. 8, 13). Loss:
binary cross-entropy against Y_ij/max(R) (nce, eq. 12) or 1 (ce) for positives, 0 for negatives.

DELF: primitive embeddings p_u, q_i; attentive NSVD embeddings m_u (over the user's items) and n_i (over the
item's users) (eq. 9-12); four ReLU towers over p+n, p+q, m+n, m+q (eq. 13-15); MLP fusion (eq. 16-17) or the
empirical fusion (eq. 18-19); a logit (eq. 20) trained with BCEWithLogits. Histories are the most recent
--history-cap interactions (0 = all), padded per batch with a mask.

In training, the scored (user, item) pair is left out of the model's inputs: out of the user's row and the item's
column (DMF), out of the user's and the item's histories (DELF). Otherwise a positive's label is in its own input.
Negatives are unseen pairs, so there is nothing to leave out for them. Evaluation leaves nothing out.

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
from torch.nn import functional as F

# Shared with the NCF reference (this directory is on sys.path when a script here runs).
from ncf_reference import count_lines, init_linear, log, metrics_from_ranks, read_pairs, read_test_negative

TOP_K = 10


# ---------------------------------------------------------------- data (as in ncf_reference.py, plus rating/time)


def read_train(path):
    """train.rating as (pairs int64 (n, 2), ratings float32 (n,), timestamps int64 (n,))."""
    a = np.loadtxt(path, dtype=np.float64, delimiter="\t", usecols=(0, 1, 2, 3), ndmin=2)
    return a[:, :2].astype(np.int64), a[:, 2].astype(np.float32), a[:, 3].astype(np.int64)


def load(data_dir):
    train, ratings, timestamps = read_train(os.path.join(data_dir, "train.rating"))
    test = read_pairs(os.path.join(data_dir, "test.rating"))
    neg_users, neg_items, negatives = read_test_negative(os.path.join(data_dir, "test.negative"))
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
    return train, ratings, timestamps, test, (neg_users, neg_items, negatives), n_users, n_items


class Lists:
    """CSR view of the training interactions grouped by `key` (0 = by user, 1 = by item): for each id its partners
    (the items of a user, the users of an item) with their ratings, most recent first (ties in file order)."""

    def __init__(self, train, ratings, timestamps, key, n):
        order = np.lexsort((-timestamps, train[:, key]))  # primary: id; secondary: newest first (stable)
        ids = train[order, key]
        self.partners = train[order, 1 - key]
        self.ratings = ratings[order]
        self.indptr = np.searchsorted(ids, np.arange(n + 1))
        self.counts = np.diff(self.indptr)

    def gather(self, ids, exclude=None, cap=0):
        """The lists of `ids` (a batch), flattened: (row of each entry, partner, rating, rank in its row).

        exclude: per row, a partner to leave out (the scored pair's other side). cap > 0 keeps, per row, the first
        `cap` entries left after the exclusion (the `cap` most recent)."""
        starts = self.indptr[ids]
        lengths = self.indptr[ids + 1] - starts
        if cap > 0:
            lengths = np.minimum(lengths, cap + (0 if exclude is None else 1))
        row = np.repeat(np.arange(len(ids)), lengths)
        first = np.cumsum(lengths) - lengths  # flat index of each row's first entry
        pos = np.arange(int(lengths.sum())) - first[row] + starts[row]
        partner = self.partners[pos]
        rank = np.arange(len(pos)) - first[row]
        if exclude is not None:
            keep = partner != exclude[row]
            kept = np.cumsum(keep)
            kept_before = np.concatenate([[0], kept])[first]  # kept entries before each row
            rank = kept - 1 - kept_before[row]
            if cap > 0:
                keep &= rank < cap
            row, partner, pos, rank = row[keep], partner[keep], pos[keep], rank[keep]
        return row, partner, self.ratings[pos], rank


def bag_input(lists, ids, exclude=None):
    """EmbeddingBag input for the rows/columns of `ids`: (flat partner ids, offsets, per-sample weights=ratings)."""
    row, partner, rating, _ = lists.gather(ids, exclude)
    counts = np.bincount(row, minlength=len(ids))
    offsets = np.cumsum(counts) - counts
    return torch.from_numpy(partner), torch.from_numpy(offsets), torch.from_numpy(rating)


def padded_histories(lists, ids, pad, exclude=None, cap=0):
    """[B, T] LongTensor of history ids padded with `pad` (T = longest kept history in the batch, >= 1) and its mask."""
    row, partner, _, rank = lists.gather(ids, exclude, cap)
    t = max(int(rank.max()) + 1 if len(rank) else 0, 1)
    hist = np.full((len(ids), t), pad, dtype=np.int64)
    hist[row, rank] = partner
    hist = torch.from_numpy(hist)
    return hist, hist != pad


# ---------------------------------------------------------------- models


class DMF(nn.Module):
    """Two towers (eq. 5, 7): l1 = W1 x (no bias, no activation), then relu(W l + b) layers; cosine head (eq. 8)."""

    def __init__(self, n_users, n_items, layers):
        super().__init__()
        self.user_in = nn.EmbeddingBag(n_items, layers[0], mode="sum")  # W_U1: a user's row  x items
        self.item_in = nn.EmbeddingBag(n_users, layers[0], mode="sum")  # W_V1: an item's column x users
        self.user_tower = self._tower(layers)
        self.item_tower = self._tower(layers)
        for p in self.parameters():  # Gaussian N(0, 0.01) for weights (paper section 4.1); biases 0
            if p.dim() > 1:
                nn.init.normal_(p, mean=0.0, std=0.01)
            else:
                nn.init.zeros_(p)

    @staticmethod
    def _tower(layers):
        tower = []
        for d_in, d_out in zip(layers[:-1], layers[1:]):
            tower += [nn.Linear(d_in, d_out), nn.ReLU()]
        return nn.Sequential(*tower)

    def users(self, bag):
        return self.user_tower(self.user_in(bag[0], bag[1], per_sample_weights=bag[2]))

    def items(self, bag):
        return self.item_tower(self.item_in(bag[0], bag[1], per_sample_weights=bag[2]))

    @staticmethod
    def score(p, q):
        """Per-example cosine (never normalised along the batch axis), clamped to at least mu = 1e-6 (eq. 13)."""
        return F.cosine_similarity(p, q, dim=-1).clamp(min=1e-6)

    def forward(self, user_bag, item_bag):
        return self.score(self.users(user_bag), self.items(item_bag))


class Attention(nn.Module):
    """Attentive NSVD pooling (eq. 9-12): alpha = softmax_j(h_j^T h_a), h_j = tanh(W_a e_j + b_a), masked."""

    def __init__(self, factors):
        super().__init__()
        self.proj = nn.Linear(factors, factors)
        self.context = nn.Parameter(torch.empty(factors))
        init_linear(self.proj)
        nn.init.uniform_(self.context, -math.sqrt(3.0 / factors), math.sqrt(3.0 / factors))

    def forward(self, e, mask):  # e [B, T, F], mask [B, T] bool
        logits = torch.tanh(self.proj(e)) @ self.context  # [B, T]
        alpha = torch.softmax(logits.masked_fill(~mask, -1e9), dim=1) * mask  # an empty history pools to 0
        return (alpha.unsqueeze(-1) * e).sum(dim=1)


class DELF(nn.Module):
    def __init__(self, n_users, n_items, factors, fusion, user_counts, item_counts, lambda_u, lambda_i):
        super().__init__()
        f = factors
        self.n_users, self.n_items, self.fusion = n_users, n_items, fusion
        self.P = nn.Embedding(n_users, f)  # primitive user embeddings
        self.Q = nn.Embedding(n_items, f)  # primitive item embeddings
        self.X = nn.Embedding(n_users + 1, f, padding_idx=n_users)  # user factors pooled into n_i
        self.Y = nn.Embedding(n_items + 1, f, padding_idx=n_items)  # item factors pooled into m_u
        for emb in (self.P, self.Q, self.X, self.Y):
            nn.init.normal_(emb.weight, mean=0.0, std=0.01)
        with torch.no_grad():
            self.X.weight[n_users].zero_()
            self.Y.weight[n_items].zero_()
        self.user_attention = Attention(f)  # m_u over the user's items
        self.item_attention = Attention(f)  # n_i over the item's users
        self.layers = [4 * f, 2 * f, f]  # input 2f; factors 8 -> 32-16-8 as in the paper
        self.towers = nn.ModuleList()
        for _ in range(4):
            tower, d_in = [], 2 * f
            for d_out in self.layers:
                linear = nn.Linear(d_in, d_out)
                init_linear(linear)
                tower += [linear, nn.ReLU()]
                d_in = d_out
            self.towers.append(nn.Sequential(*tower))
        if fusion == "mlp":
            self.fuse = nn.Sequential(nn.Linear(4 * f, f), nn.ReLU())  # eq. 16-17
            init_linear(self.fuse[0])
        else:  # empirical fusion weights (eq. 18) from the training counts |R(u)|, |R(i)|
            self.register_buffer("alpha", torch.clamp(torch.sqrt(user_counts.float()) / lambda_u, max=1.0))
            self.register_buffer("beta", torch.clamp(torch.sqrt(item_counts.float()) / lambda_i, max=1.0))
        self.out = nn.Linear(f, 1)  # eq. 20 (the sigmoid is in the loss)
        init_linear(self.out)

    def user_parts(self, u, hist, mask):
        return self.P(u), self.user_attention(self.Y(hist), mask)  # p_u, m_u

    def item_parts(self, i, hist, mask):
        return self.Q(i), self.item_attention(self.X(hist), mask)  # q_i, n_i

    def head(self, u, i, p, m, q, n):
        h = [tower(torch.cat(pair, dim=-1)) for tower, pair in zip(self.towers, ((p, n), (p, q), (m, n), (m, q)))]
        return self.fuse_and_predict(u, i, h)

    def fuse_and_predict(self, u, i, h):
        h1, h2, h3, h4 = h
        if self.fusion == "mlp":
            h = self.fuse(torch.cat([h1, h2, h3, h4], dim=-1))
        else:  # eq. 19
            a = self.alpha[u].unsqueeze(-1)
            b = self.beta[i].unsqueeze(-1)
            h = a * (1 - b) * h1 + a * b * h2 + (1 - a) * (1 - b) * h3 + (1 - a) * b * h4
        return self.out(h).squeeze(-1)

    def forward(self, u, i, user_hist, user_mask, item_hist, item_mask):
        p, m = self.user_parts(u, user_hist, user_mask)
        q, n = self.item_parts(i, item_hist, item_mask)
        return self.head(u, i, p, m, q, n)


# ---------------------------------------------------------------- training


def sample_instances(by_user, n_users, n_items, negatives, rng):
    """Every training positive (with its rating) plus `negatives` uniform items the user has not seen in train
    (rating 0), shuffled. Same sampler as ncf_reference.py."""
    users_out, items_out, ratings_out = [], [], []
    for u in range(n_users):
        lo, hi = by_user.indptr[u], by_user.indptr[u + 1]
        pos = by_user.partners[lo:hi]
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
        ratings_out.append(np.concatenate([by_user.ratings[lo:hi], np.zeros(k, np.float32)]))
    users = np.concatenate(users_out)
    items = np.concatenate(items_out)
    ratings = np.concatenate(ratings_out)
    perm = rng.permutation(len(users))
    return users[perm], items[perm], ratings[perm]


def train_epoch(step, users, items, ratings, batch_size):
    """Runs `step(u, i, r)` per mini-batch; returns (mean loss, seconds spent building batch inputs)."""
    total, n, input_s = 0.0, len(users), 0.0
    for start in range(0, n, batch_size):
        u = users[start : start + batch_size]
        i = items[start : start + batch_size]
        r = ratings[start : start + batch_size]
        loss, seconds = step(u, i, r)
        total += loss * len(u)
        input_s += seconds
    return total / n, input_s


def dmf_step(model, optimizer, by_user, by_item, loss_kind, max_rating):
    def step(u, i, r):
        t0 = time.perf_counter()
        user_bag = bag_input(by_user, u, exclude=i)  # Y_u* without Y_ui
        item_bag = bag_input(by_item, i, exclude=u)  # Y_*i without Y_ui
        target = torch.from_numpy(r / max_rating if loss_kind == "nce" else (r > 0).astype(np.float32))
        t1 = time.perf_counter()
        optimizer.zero_grad()
        y = model(user_bag, item_bag).clamp(max=1.0 - 1e-6)
        loss = F.binary_cross_entropy(y, target)
        loss.backward()
        optimizer.step()
        return loss.item(), t1 - t0

    return step


def delf_step(model, optimizer, by_user, by_item, cap, n_users, n_items):
    loss_fn = nn.BCEWithLogitsLoss()

    def step(u, i, r):
        t0 = time.perf_counter()
        uh, um = padded_histories(by_user, u, pad=n_items, exclude=i, cap=cap)  # R(u) without i
        ih, im = padded_histories(by_item, i, pad=n_users, exclude=u, cap=cap)  # R(i) without u
        target = torch.from_numpy((r > 0).astype(np.float32))
        ut, it = torch.from_numpy(u), torch.from_numpy(i)
        t1 = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(ut, it, uh, um, ih, im), target)
        loss.backward()
        optimizer.step()
        return loss.item(), t1 - t0

    return step


# ---------------------------------------------------------------- evaluation


class Scorer:
    """Evaluation-time scoring: each user's and item's representation computed once (whole rows/columns or
    histories, nothing left out), then (user, item) pairs scored in big batches.

    DMF: the tower outputs p_u, q_i; a pair is a cosine. DELF: p_u, m_u, q_i, n_i, and also each tower's first layer
    split into its user half and item half (W [a; b] + c = W_a a + (W_b b + c)), computed once per id; a pair then
    costs an addition and the rest of the towers (the same function as DELF.forward)."""

    def __init__(self, model, by_user, by_item, n_users, n_items, cap, chunk=256):
        self.model = model
        model.eval()
        users = np.array_split(np.arange(n_users), max(1, n_users // chunk))
        items = np.array_split(np.arange(n_items), max(1, n_items // chunk))
        with torch.no_grad():
            if isinstance(model, DMF):
                self.user_reps = torch.cat([model.users(bag_input(by_user, ids)) for ids in users])
                self.item_reps = torch.cat([model.items(bag_input(by_item, ids)) for ids in items])
                return
            parts_u = [
                model.user_parts(torch.from_numpy(ids), *padded_histories(by_user, ids, pad=n_items, cap=cap))
                for ids in users
            ]
            parts_i = [
                model.item_parts(torch.from_numpy(ids), *padded_histories(by_item, ids, pad=n_users, cap=cap))
                for ids in items
            ]
            p, m = (torch.cat(x) for x in zip(*parts_u))
            q, n = (torch.cat(x) for x in zip(*parts_i))
            f = p.shape[1]
            self.user_first, self.item_first = [], []
            for tower, (a, b) in zip(model.towers, ((p, n), (p, q), (m, n), (m, q))):
                w, c = tower[0].weight, tower[0].bias
                self.user_first.append(a @ w[:, :f].T)
                self.item_first.append(b @ w[:, f:].T + c)

    @torch.no_grad()
    def __call__(self, u, i, pairs=1 << 16):
        """Scores of the pairs (u[k], i[k]); u, i int64 tensors."""
        out = []
        for s in range(0, len(u), pairs):
            uu, ii = u[s : s + pairs], i[s : s + pairs]
            if isinstance(self.model, DMF):
                out.append(DMF.score(self.user_reps[uu], self.item_reps[ii]))
            else:
                h = [
                    tower[1:](a[uu] + b[ii])
                    for tower, a, b in zip(self.model.towers, self.user_first, self.item_first)
                ]
                out.append(self.model.fuse_and_predict(uu, ii, h))
        return torch.cat(out)


@torch.no_grad()
def evaluate_sampled(scorer, neg_users, neg_items, negatives):
    cand = np.concatenate([neg_items[:, None], negatives], axis=1)  # test item first
    u = torch.from_numpy(np.repeat(neg_users, cand.shape[1]))
    i = torch.from_numpy(cand.reshape(-1))
    scores = scorer(u, i).reshape(cand.shape)
    ranks = (scores[:, 1:] >= scores[:, :1]).sum(dim=1).numpy()
    return metrics_from_ranks(ranks)


@torch.no_grad()
def evaluate_full(scorer, test, by_user, n_items, user_batch=64):
    """Rank each test item against every item the user has not interacted with in train."""
    all_items = torch.arange(n_items)
    ranks = []
    for start in range(0, len(test), user_batch):
        batch = test[start : start + user_batch]
        b_users, b_items = batch[:, 0], batch[:, 1]
        b = len(batch)
        u = torch.from_numpy(b_users).repeat_interleave(n_items)
        i = all_items.repeat(b)
        scores = scorer(u, i).reshape(b, n_items)
        # Exclude training items and the test item itself from the competitors.
        rows, cols, _, _ = by_user.gather(b_users)
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
    p.add_argument("--model", choices=["dmf", "delf"], default="dmf")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--negatives", type=int, default=None, help="default: 7 (dmf), 4 (delf)")
    p.add_argument("--lr", type=float, default=None, help="default: 1e-4 (dmf), 1e-3 (delf)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip-eval", action="store_true")
    g = p.add_argument_group("dmf")
    g.add_argument("--layers", default="256,64", help="tower sizes; the first is a bias-free map of the rating vector")
    g.add_argument("--loss", choices=["nce", "ce"], default="nce", help="nce: target Y_ij/max(R); ce: target 1")
    g = p.add_argument_group("delf")
    g.add_argument("--factors", type=int, default=32, help="embedding size F; towers 2F -> 4F -> 2F -> F")
    g.add_argument("--fusion", choices=["mlp", "ef"], default="mlp")
    g.add_argument("--lambda-u", type=float, default=10.0, help="ef: alpha = min(sqrt|R(u)| / lambda_u, 1)")
    g.add_argument("--lambda-i", type=float, default=10.0, help="ef: beta = min(sqrt|R(i)| / lambda_i, 1)")
    g.add_argument("--history-cap", type=int, default=50, help="most recent interactions kept per history; 0 = all")
    args = p.parse_args()
    if args.negatives is None:
        args.negatives = 7 if args.model == "dmf" else 4
    if args.lr is None:
        args.lr = 1e-4 if args.model == "dmf" else 1e-3

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    rng = np.random.RandomState(args.seed)

    train, ratings, timestamps, test, (neg_users, neg_items, negatives), n_users, n_items = load(args.data)
    by_user = Lists(train, ratings, timestamps, 0, n_users)  # a user's items (row Y_u*), newest first
    by_item = Lists(train, ratings, timestamps, 1, n_items)  # an item's users (column Y_*i), newest first
    log(f"data: {n_users} users, {n_items} items, {len(train)} train, {len(test)} test")

    if args.model == "dmf":
        layers = [int(x) for x in args.layers.split(",")]
        max_rating = float(ratings.max())
        model = DMF(n_users, n_items, layers)
        settings = {"layers": layers, "loss": args.loss, "max_rating": max_rating}
        cap = 0
    else:
        cap = args.history_cap
        model = DELF(
            n_users, n_items, args.factors, args.fusion,
            torch.from_numpy(by_user.counts), torch.from_numpy(by_item.counts), args.lambda_u, args.lambda_i,
        )
        layers = model.layers
        settings = {"factors": args.factors, "layers": layers, "fusion": args.fusion, "history_cap": cap}
        if args.fusion == "ef":
            settings.update(lambda_u=args.lambda_u, lambda_i=args.lambda_i)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    if args.model == "dmf":
        step = dmf_step(model, optimizer, by_user, by_item, args.loss, max_rating)
    else:
        step = delf_step(model, optimizer, by_user, by_item, cap, n_users, n_items)

    samples_per_epoch = len(train) * (1 + args.negatives)
    sampling_s, train_s, input_s, last_loss = 0.0, 0.0, 0.0, float("nan")
    epoch_train_seconds = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        users, items, rs = sample_instances(by_user, n_users, n_items, args.negatives, rng)
        t1 = time.perf_counter()
        model.train()
        last_loss, epoch_input_s = train_epoch(step, users, items, rs, args.batch_size)
        t2 = time.perf_counter()
        sampling_s += t1 - t0
        train_s += t2 - t1
        input_s += epoch_input_s
        epoch_train_seconds.append(t2 - t1)
        log(
            f"epoch {epoch + 1}/{args.epochs}: loss {last_loss:.4f}, sampling {t1 - t0:.2f}s, "
            f"train {t2 - t1:.2f}s (of which batch inputs {epoch_input_s:.2f}s)"
        )

    result = {
        "model": args.model,
        **settings,
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
        # Part of seconds_per_epoch: building each batch's rows/columns or padded histories in numpy.
        "batch_input_seconds_per_epoch": input_s / args.epochs,
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
        hr, ndcg = evaluate_sampled(Scorer(model, by_user, by_item, n_users, n_items, cap), neg_users, neg_items, negatives)
        t1 = time.perf_counter()
        scorer = Scorer(model, by_user, by_item, n_users, n_items, cap)
        hr_full, ndcg_full = evaluate_full(scorer, test, by_user, n_items)
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

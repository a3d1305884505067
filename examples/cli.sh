#!/usr/bin/env bash
# The everyday jobs through the `recsys` command, on MovieLens-100K (or any u.data-style file given as $1): ItemPop,
# a neural model with its own options (`recsys train --model gmf --help` lists them), and your own model (--import).
# Run from the repository root after set-up:  bash examples/cli.sh [ratings-file]
set -euo pipefail
ratings=${1:-../shared/data/ml-100k/u.data}
out=$(mktemp -d)
pnpm -s recsys data stats "$ratings" > "$out/stats.json"
pnpm -s recsys split "$ratings" --out "$out/split" --negatives 99 --seed 42
pnpm -s recsys train --model itempop --train "$out/split/train.rating" --out "$out/itempop"
pnpm -s recsys evaluate --model-dir "$out/itempop" --test "$out/split/test.rating" --test-negatives "$out/split/test.negative"
pnpm -s recsys evaluate --model-dir "$out/itempop" --test "$out/split/test.rating" --full
printf '0\t0\n0\t1\n' > "$out/pairs.tsv"
pnpm -s recsys score --model-dir "$out/itempop" --pairs "$out/pairs.tsv"
pnpm -s recsys recommend --model-dir "$out/itempop" --users 0,1 --k 5
pnpm -s recsys train --model gmf --factors 16 --epochs 3 --lr 0.005 --train "$out/split/train.rating" --out "$out/gmf"
pnpm -s recsys evaluate --model-dir "$out/gmf" --test "$out/split/test.rating" --test-negatives "$out/split/test.negative"
mine=examples/custom-model/two-tower-mlp.mjs
pnpm -s recsys train --import "$mine" --model two-tower-mlp --dim 16 --epochs 3 --train "$out/split/train.rating" --out "$out/mine"
pnpm -s recsys evaluate --import "$mine" --model-dir "$out/mine" --test "$out/split/test.rating" --test-negatives "$out/split/test.negative"

#!/bin/bash
# Ablation queue (one training process at a time, 1 thread). Used during development.
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
run() { # name config mix
  local name=$1 cfg=$2 mix=$3
  [ -f training/output/$name/done ] && return
  rm -rf training/output/$name
  .venv/bin/python -m spacy train training/configs/$cfg.cfg --output training/output/$name \
    --paths.train training/corpus/mixes/$mix --paths.dev training/corpus/dev.spacy \
    > training/logs/$name.log 2>&1
  .venv/bin/python training/evaluate_heldout.py training/output/$name/model-best \
    training/corpus/heldout.spacy --json training/output/$name/heldout.json \
    > training/logs/$name.heldout.txt 2>&1
  touch training/output/$name/done
}
for spec in "$@"; do run $(echo $spec | tr ':' ' '); done

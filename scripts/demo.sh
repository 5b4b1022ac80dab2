#!/usr/bin/env bash
# npm run demo: a whole simulated year of the seven sample plans with demo staff, on a fresh SQLite
# database under ./data/demo (repeatable), real Redis (REDIS_URL or local), mail to an in-process
# SMTP sink. Afterwards the state stays there:  DUCHA_DATA_DIR=./data/demo DATABASE_URL=sqlite:./data/demo/ducha.sqlite node dist/cli.js serve
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
rm -rf ./data/demo
mkdir -p ./data/demo
export DUCHA_DATA_DIR=./data/demo
export DATABASE_URL=sqlite:./data/demo/ducha.sqlite
node dist/cli.js simulate --year "${DEMO_YEAR:-2024}" --sample --seed "${DEMO_SEED:-42}" "$@" | tee ./data/demo/timeline.txt

#!/usr/bin/env bash
# The two commands of the README, on a fresh machine:
#   ./run.sh demo   build the example plugin and show it answering Grafana's Go host
#   ./run.sh test   every test (unit, packaged-binary, Go conformance); last line: tests: N passed, M failed
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
case "${1:-}" in
  demo) exec pnpm demo ;;
  test) exec pnpm test ;;
  bench) exec pnpm bench ;;
  *) echo "usage: ./run.sh demo|test|bench" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the activation benchmarks of Nabla (JMH) and of PyTorch (the peer) in one session, on one
# thread each, and prints both side by side as ns per element.
#
# Usage, from anywhere:  benchmarks/peer/run.sh [extra JMH options, e.g. -f 3]
# Needs the uber-jar (mvn -B -ntp -q install -DskipTests) and the peer, installed as root with
#   apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-pthread
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="$root/benchmarks/target/peer"

if [ ! -f "$jar" ]; then
  echo "no $jar; build it first: cd $root && mvn -B -ntp -q install -DskipTests" >&2
  exit 1
fi
# Run from a private copy, so a build during the run cannot swap the jar under JMH's forks;
# the results land in $out at the end.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/benchmarks.jar"

# One thread for the peer: torch.set_num_threads(1) in the script, and OpenBLAS's pool at 1.
export OPENBLAS_NUM_THREADS=1
export OMP_NUM_THREADS=1

echo "# $(date)"
echo "# $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc --all) CPUs"
echo "# $(java -version 2>&1 | head -1)"

# Nabla first; JMH's forks run with -XX:ActiveProcessorCount=1 (see ActivationBenchmark).
java -jar "$work/benchmarks.jar" ActivationBenchmark -rf json -rff "$work/activations-jmh.json" "$@" \
  | tee "$work/activations-jmh.txt"

/usr/bin/python3 "$root/benchmarks/peer/activations.py" --nabla "$work/activations-jmh.json" \
  | tee "$work/activations-table.txt"

mkdir -p "$out"
cp "$work"/activations-* "$out"/
echo "# results in $out"

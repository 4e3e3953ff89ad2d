#!/usr/bin/env bash
# PSI blinding throughput, Fedra (Java, JMH) beside libsodium (C), measured in the same run.
# Per identifier both do: HMAC-SHA-512 under a linkage key, ristretto255 element derivation
# (crypto_core_ristretto255_from_hash), scalar multiplication (crypto_scalarmult_ristretto255), encoding.
# Needs: gcc, Debian's libsodium-dev (apt-get install -y libsodium-dev), and the bench jar
# (mvn -B -q -o -pl fedra-bench -am package -DskipTests).
# Usage: fedra-bench/native/psi-vs-libsodium.sh [seconds-per-measurement]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/fedra-bench.jar"
secs="${1:-5}"
cores="$(nproc)"
[ -f "$jar" ] || { echo "missing $jar: build it with mvn -B -q -o -pl fedra-bench -am package -DskipTests" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/psi_libsodium" "$here/psi_libsodium.c" -lsodium -lpthread

sodium() { "$out/psi_libsodium" "$secs" "$1" | sed -n 's/.*ops_per_s=//p'; }
java_run() {
  java -jar "$jar" "org.fedra.bench.psi.PsiBlindingBenchmark.$1" -wi 3 -w 2 -i 5 -r "$secs" -f 1 \
    -rf json -rff "$out/$1.json" >"$out/$1.log" 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"])' "$out/$1.json"
}

# Interleave the measurements so that load from other processes affects both sides alike.
s1a="$(sodium 1)"
j1="$(java_run blindOneCore)"
s1b="$(sodium 1)"
sa="$(sodium "$cores")"
ja="$(java_run blindAllCores)"
s1="$(python3 -c "print(($s1a+$s1b)/2)")"
python3 - "$s1" "$j1" "$sa" "$ja" "$cores" <<'PY'
import sys
s1, j1, sa, ja = map(float, sys.argv[1:5]); cores = sys.argv[5]
print(f"{'':24}{'libsodium ops/s':>18}{'Fedra Java ops/s':>18}{'Java/libsodium':>16}")
print(f"{'1 core':24}{s1:18.0f}{j1:18.0f}{j1/s1:16.2f}")
print(f"{'all cores (' + cores + ')':24}{sa:18.0f}{ja:18.0f}{ja/sa:16.2f}")
print("goal: Java/libsodium >= 0.67")
PY

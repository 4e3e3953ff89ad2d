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

sodium() { "$out/psi_libsodium" "$secs" "$1" | sed -n 's/.*ops_per_s=\([0-9.]*\).*/\1/p'; }
sodium_cpu() { "$out/psi_libsodium" "$secs" "$1" | sed -n 's/.*ops_per_cpu_s=//p'; }
java_cpu() { java -cp "$jar" org.fedra.bench.psi.PsiBlindingCpuTime "$secs" "$1" | sed -n 's/.*ops_per_cpu_s=//p'; }
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
# Per CPU-second of the measuring threads: insensitive to other processes taking turns on the cores.
c1a="$(sodium_cpu 1)"
jc1="$(java_cpu 1)"
c1b="$(sodium_cpu 1)"
ca="$(sodium_cpu "$cores")"
jca="$(java_cpu "$cores")"
c1="$(python3 -c "print(($c1a+$c1b)/2)")"
python3 - "$s1" "$j1" "$sa" "$ja" "$cores" "$c1" "$jc1" "$ca" "$jca" <<'PY'
import sys
s1, j1, sa, ja = map(float, sys.argv[1:5]); cores = sys.argv[5]
c1, jc1, ca, jca = map(float, sys.argv[6:10])
print("PSI blinding (HMAC-SHA-512 + element derivation + scalar multiplication + encoding)")
print(f"{'':34}{'libsodium':>12}{'Fedra Java':>12}{'Java/libsodium':>16}")
print(f"{'1 core, ops/s (JMH)':34}{s1:12.0f}{j1:12.0f}{j1/s1:16.2f}")
print(f"{'all ' + cores + ' cores, ops/s (JMH)':34}{sa:12.0f}{ja:12.0f}{ja/sa:16.2f}")
print(f"{'1 core, ops per CPU-second':34}{c1:12.0f}{jc1:12.0f}{jc1/c1:16.2f}")
print(f"{'all ' + cores + ' cores, ops per CPU-second':34}{ca:12.0f}{jca:12.0f}{jca/ca:16.2f}")
print("goal: Java/libsodium >= 0.67")
PY

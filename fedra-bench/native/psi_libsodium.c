/*
 * Baseline for the PSI blinding benchmark: the same per-identifier work as Fedra's Java code
 * (HMAC-SHA-512 under a linkage key, ristretto255 element derivation, scalar multiplication,
 * encoding) done with libsodium. Prints one line per thread count:
 *   libsodium threads=<n> ops_per_s=<x> ops_per_cpu_s=<y>
 * Usage: psi_libsodium <seconds> <threads>
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds_per_run;
static unsigned char key[32];
static unsigned char scalar[crypto_core_ristretto255_SCALARBYTES];

typedef struct { long ops; int id; double cpu; } worker;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *arg) {
    worker *w = arg;
    unsigned char mac[crypto_auth_hmacsha512_BYTES];
    unsigned char point[crypto_core_ristretto255_BYTES];
    unsigned char blinded[crypto_core_ristretto255_BYTES];
    char id[64];
    long ops = 0;
    double end = now() + seconds_per_run;
    volatile unsigned char sink = 0;
    struct timespec cpu0;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
    w->cpu = cpu0.tv_sec + cpu0.tv_nsec / 1e9;
    while (1) {
        for (int k = 0; k < 64; k++, ops++) {
            int len = snprintf(id, sizeof id, "patient-%d-%ld", w->id, ops);
            crypto_auth_hmacsha512(mac, (unsigned char *) id, (unsigned long long) len, key);
            crypto_core_ristretto255_from_hash(point, mac);
            if (crypto_scalarmult_ristretto255(blinded, scalar, point) != 0) {
                fprintf(stderr, "scalarmult failed\n");
                exit(1);
            }
            sink ^= blinded[0];
        }
        if (now() >= end) break;
    }
    struct timespec cpu;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    w->ops = ops;
    w->cpu = cpu.tv_sec + cpu.tv_nsec / 1e9 - w->cpu;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <seconds> <threads>\n", argv[0]);
        return 2;
    }
    if (sodium_init() < 0) return 1;
    seconds_per_run = atof(argv[1]);
    int threads = atoi(argv[2]);
    randombytes_buf(key, sizeof key);
    crypto_core_ristretto255_scalar_random(scalar);
    /* warm-up */
    double saved = seconds_per_run;
    seconds_per_run = 0.5;
    worker warm = {0, 0, 0};
    run(&warm);
    seconds_per_run = saved;

    pthread_t tids[256];
    worker ws[256];
    double start = now();
    for (int i = 0; i < threads; i++) {
        ws[i].ops = 0;
        ws[i].id = i;
        pthread_create(&tids[i], NULL, run, &ws[i]);
    }
    long total = 0;
    double cpu = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tids[i], NULL);
        total += ws[i].ops;
        cpu += ws[i].cpu;
    }
    double elapsed = now() - start;
    /* ops per CPU-second is the per-core rate with time taken by other processes removed */
    printf("libsodium threads=%d ops_per_s=%.1f ops_per_cpu_s=%.1f\n", threads, total / elapsed, total / cpu);
    return 0;
}

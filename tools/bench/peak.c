/* The machine's single-core FMA peak: independent register-resident
   accumulators, enough to cover FMA latency times the FMA ports. Prints
   GFMA/s (one FMA = one multiply-accumulate per lane). */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void) {
  const long iters = 200000000;
  double best = 0;
  for (int round = 0; round < 3; ++round) {
#if defined(__AVX512F__)
#define VEC __m512
#define LANES 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET1 _mm512_set1_ps
#define SUM(v) _mm512_reduce_add_ps(v)
#else
#define VEC __m256
#define LANES 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET1 _mm256_set1_ps
#define SUM(v) ((v)[0] + (v)[7])
#endif
    VEC a0 = SET1(1), a1 = SET1(2), a2 = SET1(3), a3 = SET1(4),
        a4 = SET1(5), a5 = SET1(6), a6 = SET1(7), a7 = SET1(8),
        a8 = SET1(9), a9 = SET1(10), a10 = SET1(11), a11 = SET1(12);
    VEC m = SET1(0.999999f), c = SET1(1e-7f);
    double start = now_s();
    for (long i = 0; i < iters / 12; ++i) {
      a0 = FMA(a0, m, c); a1 = FMA(a1, m, c); a2 = FMA(a2, m, c);
      a3 = FMA(a3, m, c); a4 = FMA(a4, m, c); a5 = FMA(a5, m, c);
      a6 = FMA(a6, m, c); a7 = FMA(a7, m, c); a8 = FMA(a8, m, c);
      a9 = FMA(a9, m, c); a10 = FMA(a10, m, c); a11 = FMA(a11, m, c);
      __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3));
    }
    double seconds = now_s() - start;
    VEC s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    if (SUM(s) == 0)
      return 1;
    double gfma = (double)(iters / 12) * 12 * LANES / seconds / 1e9;
    if (gfma > best)
      best = gfma;
  }
  printf("%.2f\n", best);
  return 0;
}

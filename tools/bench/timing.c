/* Times a network compiled by nncc: median of N runs after warm-up, at a
   given thread count; prints "median_ms peak_rss_kb". Linked with the
   model's object; the model's entry point is named "model". */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The peak RSS of this program in KiB: VmHWM, the high-water mark of its own
   address space. getrusage's ru_maxrss would also count the address space
   the parent had when it forked us (a Python benchmark driver's 12 MB). */
static long peak_rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM:", 6) == 0)
      kb = atol(line + 6);
  if (f)
    fclose(f);
  return kb;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  int runs = argc > 2 ? atoi(argv[2]) : 50;
  if (model_set_num_threads(threads) != 0 || runs < 1)
    return 2;
  float *in = malloc(sizeof(float) * MODEL_INPUT0_SIZE);
  float *out = malloc(sizeof(float) * MODEL_OUTPUT0_SIZE);
  for (long i = 0; i < MODEL_INPUT0_SIZE; ++i)
    in[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  for (int i = 0; i < 10; ++i)
    if (model(in, out) != 0)
      return 3;
  double *t = malloc(sizeof(double) * runs);
  for (int i = 0; i < runs; ++i) {
    double start = now_ms();
    model(in, out);
    t[i] = now_ms() - start;
  }
  qsort(t, runs, sizeof(double), cmp);
  printf("%.4f %ld\n", t[runs / 2], peak_rss_kb());
  return 0;
}

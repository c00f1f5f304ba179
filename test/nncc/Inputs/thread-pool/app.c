/* Runs squeezenet (nncc object named "net") with 1 to 4 threads, and from
   four application threads at once, and checks that every run gives the
   1-thread result bit for bit: each output element is computed by the same
   code whichever thread runs its task. */
#include "net.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float input[NET_INPUT0_SIZE];
static float reference[NET_OUTPUT0_SIZE];

static int same(const float *out) {
  return memcmp(out, reference, sizeof reference) == 0;
}

static void *concurrent(void *arg) {
  float *out = malloc(sizeof reference);
  long ok = out != NULL;
  for (int i = 0; ok && i < 10; ++i)
    ok = net(input, out) == 0 && same(out);
  free(out);
  (void)arg;
  return (void *)ok;
}

int main(void) {
  static float out[NET_OUTPUT0_SIZE];
  for (long i = 0; i < NET_INPUT0_SIZE; ++i)
    input[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  if (net_set_num_threads(1) != 0 || net(input, reference) != 0)
    return 1;
  for (int threads = 2; threads <= 4; ++threads) {
    int ok = net_set_num_threads(threads) == 0;
    for (int i = 0; ok && i < 5; ++i)
      ok = net(input, out) == 0 && same(out);
    printf("%d threads: %s\n", threads, ok ? "same" : "DIFFERENT");
  }
  net_set_num_threads(2);
  pthread_t callers[4];
  for (int i = 0; i < 4; ++i)
    if (pthread_create(&callers[i], NULL, concurrent, NULL) != 0)
      return 1;
  int ok = 1;
  for (int i = 0; i < 4; ++i) {
    void *result;
    pthread_join(callers[i], &result);
    ok = ok && result != NULL;
  }
  printf("4 concurrent callers: %s\n", ok ? "same" : "DIFFERENT");
  return 0;
}

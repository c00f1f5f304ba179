/* Drives a profiling build of conv-relu.mlir (nncc --profile --name=net)
   through its header: the timers grow with runs, read -1 outside the calls,
   reset to zero, and the network still computes relu(0.5 * (x0 + x1)). */
#include <stdio.h>

#include "net.h"

int main(void) {
  float x[NET_INPUT0_SIZE], y[NET_OUTPUT0_SIZE];
  int calls = net_profile_calls(), bad = 0;
  for (int i = 0; i < NET_INPUT0_SIZE; ++i)
    x[i] = (float)(i % 5) - 2.0f;
  printf("PROFILE %d\n", NET_PROFILE);
  printf("calls %d\n", calls);
  printf("before any run: %g\n", net_profile_ms(0));
  for (int r = 0; r < 3; ++r)
    if (net(x, y) != 0)
      return 1;
  int positive = 1;
  for (int i = 0; i < calls; ++i)
    positive &= net_profile_ms(i) > 0;
  printf("every call timed: %s\n", positive ? "yes" : "no");
  printf("out of range: %g %g\n", net_profile_ms(-1), net_profile_ms(calls));
  net_profile_reset();
  printf("after reset: %g\n", net_profile_ms(0));
  for (int i = 0; i < NET_OUTPUT0_SIZE / 2; ++i) {
    float sum = 0.5f * (x[i] + x[i + 16]);
    float expected = sum > 0 ? sum : 0;
    bad += y[i] != expected || y[i + 16] != expected;
  }
  printf("results %s\n", bad ? "wrong" : "right");
  return 0;
}

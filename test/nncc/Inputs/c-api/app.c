/* Links two different networks compiled by nncc into one program, runs both
   through their C API and prints every output as "network output index value"
   for models.py to compare, plus the API's return codes for FileCheck. */
#include "conv_net.h"
#include "dense-net.h"

#include <stdio.h>
#include <string.h>

static void fill(float *x, int n, int reversed) {
  for (int i = 0; i < n; ++i) {
    int k = reversed ? n - 1 - i : i;
    x[i] = (float)(((k * 37) % 17) / 17.0 - 0.5);
  }
}

static void print(const char *net, int output, const float *y, int n) {
  for (int i = 0; i < n; ++i)
    printf("%s %d %d %.9e\n", net, output, i, y[i]);
}

int main(void) {
  static float x[CONV_NET_INPUT0_SIZE], y1[CONV_NET_OUTPUT0_SIZE],
      y2[CONV_NET_OUTPUT0_SIZE];
  static float a[DENSE_NET_INPUT0_SIZE], b[DENSE_NET_INPUT1_SIZE],
      p[DENSE_NET_OUTPUT0_SIZE], q[DENSE_NET_OUTPUT1_SIZE];
  printf("inputs %d %d outputs %d %d\n", CONV_NET_NUM_INPUTS,
         DENSE_NET_NUM_INPUTS, CONV_NET_NUM_OUTPUTS, DENSE_NET_NUM_OUTPUTS);
  fill(x, CONV_NET_INPUT0_SIZE, 0);
  fill(a, DENSE_NET_INPUT0_SIZE, 0);
  fill(b, DENSE_NET_INPUT1_SIZE, 1);

  printf("conv_net_set_num_threads(1) = %d\n", conv_net_set_num_threads(1));
  printf("conv_net = %d\n", conv_net(x, y1));
  printf("conv_net_set_num_threads(2) = %d\n", conv_net_set_num_threads(2));
  printf("conv_net = %d\n", conv_net(x, y2));
  printf("1 and 2 threads agree: %s\n",
         memcmp(y1, y2, sizeof y1) == 0 ? "yes" : "no");
  printf("conv_net_set_num_threads(0) = %d\n", conv_net_set_num_threads(0));
  printf("dense_net_set_num_threads(-3) = %d\n",
         dense_net_set_num_threads(-3));
  printf("dense_net = %d\n", dense_net(a, b, p, q));
  print("conv_net", 0, y1, CONV_NET_OUTPUT0_SIZE);
  print("dense_net", 0, p, DENSE_NET_OUTPUT0_SIZE);
  print("dense_net", 1, q, DENSE_NET_OUTPUT1_SIZE);

  /* NULL buffers fail without crashing and without touching the others. */
  printf("conv_net(NULL, y) != 0: %d\n", conv_net(NULL, y1) != 0);
  printf("conv_net(x, NULL) != 0: %d\n", conv_net(x, NULL) != 0);
  printf("dense_net(a, NULL, p, q) != 0: %d\n", dense_net(a, NULL, p, q) != 0);
  printf("dense_net(a, b, p, NULL) != 0: %d\n", dense_net(a, b, p, NULL) != 0);
  return 0;
}

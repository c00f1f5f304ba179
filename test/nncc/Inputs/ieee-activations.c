/* Runs the ieee-activations.mlir network on NaN and infinities and prints
   each output value as nan, inf, -inf or a number. */
#include "ieee_activations.h"

#include <math.h>
#include <stdio.h>

static void print(const char *name, const float *v, int n) {
  printf("%s:", name);
  for (int i = 0; i < n; ++i) {
    if (isnan(v[i]))
      printf(" nan");
    else if (isinf(v[i]))
      printf(v[i] > 0 ? " inf" : " -inf");
    else
      printf(" %g", v[i]);
  }
  printf("\n");
}

int main(void) {
  /* channel 0: NaN, +inf, +inf, 1; channel 1: 1, 1, -inf, 2 */
  float x[IEEE_ACTIVATIONS_INPUT0_SIZE] = {NAN, INFINITY, INFINITY, 1,
                                           1,   1,        -INFINITY, 2};
  float softmax[IEEE_ACTIVATIONS_OUTPUT0_SIZE];
  float hard_sigmoid[IEEE_ACTIVATIONS_OUTPUT1_SIZE];
  float relu[IEEE_ACTIVATIONS_OUTPUT2_SIZE];
  int status = ieee_activations(x, softmax, hard_sigmoid, relu);
  printf("status %d\n", status);
  print("softmax", softmax, IEEE_ACTIVATIONS_OUTPUT0_SIZE);
  print("hard_sigmoid", hard_sigmoid, IEEE_ACTIVATIONS_OUTPUT1_SIZE);
  print("relu", relu, IEEE_ACTIVATIONS_OUTPUT2_SIZE);
  return status != 0;
}

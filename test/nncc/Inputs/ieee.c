/* Runs the ieee.mlir network on NaN and infinities and prints each output
   value as nan, inf, -inf or a number (the sign of a NaN is not specified). */
#include "ieee.h"

#include "ieee-print.h"

int main(void) {
  /* channel 0: NaN, +inf, +inf, 1; channel 1: 1, 1, -inf, 2 */
  float x[IEEE_INPUT0_SIZE] = {NAN, INFINITY, INFINITY, 1, 1, 1, -INFINITY, 2};
  float conv[IEEE_OUTPUT0_SIZE], add[IEEE_OUTPUT1_SIZE];
  float mean[IEEE_OUTPUT2_SIZE], sigmoid[IEEE_OUTPUT3_SIZE];
  int status = ieee(x, conv, add, mean, sigmoid);
  printf("status %d\n", status);
  print("conv", conv, IEEE_OUTPUT0_SIZE);
  print("add", add, IEEE_OUTPUT1_SIZE);
  print("mean", mean, IEEE_OUTPUT2_SIZE);
  print("sigmoid", sigmoid, IEEE_OUTPUT3_SIZE);
  return status != 0;
}

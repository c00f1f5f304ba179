/* Runs the ieee-activations.mlir network on NaN and infinities and prints
   each output value as nan, inf, -inf or a number. */
#include "ieee_activations.h"

#include "ieee-print.h"

int main(void) {
  /* channel 0: NaN, +inf, +inf, 1; channel 1: 1, 1, -inf, 2 */
  float x[IEEE_ACTIVATIONS_INPUT0_SIZE] = {NAN, INFINITY, INFINITY, 1,
                                           1,   1,        -INFINITY, 2};
  float softmax[IEEE_ACTIVATIONS_OUTPUT0_SIZE];
  float hard_sigmoid[IEEE_ACTIVATIONS_OUTPUT1_SIZE];
  float relu[IEEE_ACTIVATIONS_OUTPUT2_SIZE];
  float clip[IEEE_ACTIVATIONS_OUTPUT3_SIZE];
  float conv_relu[IEEE_ACTIVATIONS_OUTPUT4_SIZE];
  int status =
      ieee_activations(x, softmax, hard_sigmoid, relu, clip, conv_relu);
  printf("status %d\n", status);
  print("softmax", softmax, IEEE_ACTIVATIONS_OUTPUT0_SIZE);
  print("hard_sigmoid", hard_sigmoid, IEEE_ACTIVATIONS_OUTPUT1_SIZE);
  print("relu", relu, IEEE_ACTIVATIONS_OUTPUT2_SIZE);
  print("clip", clip, IEEE_ACTIVATIONS_OUTPUT3_SIZE);
  print("conv_relu", conv_relu, IEEE_ACTIVATIONS_OUTPUT4_SIZE);
  return status != 0;
}

/* Runs the adversarial chain (make_adversarial.py) on a fixed input and
   prints its status and output, one value a line. */
#include "chain.h"

#include <stdio.h>

int main(void) {
  float x[CHAIN_INPUT0_SIZE], y[CHAIN_OUTPUT0_SIZE];
  for (int i = 0; i < CHAIN_INPUT0_SIZE; ++i)
    x[i] = (float)(i % 7) - 3.0f;
  int status = chain(x, y);
  printf("status %d\n", status);
  for (int i = 0; i < CHAIN_OUTPUT0_SIZE; ++i)
    printf("%.9g\n", y[i]);
  return status != 0;
}

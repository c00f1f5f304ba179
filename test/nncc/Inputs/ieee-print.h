/* Prints a test output's values as nan, inf, -inf or a number (the sign of a
   NaN is not specified), for the ieee-*.test programs. */
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

/* A kernel's own allocation fails: halide_malloc, which the object's Halide
   runtime defines weakly, is replaced by one that always fails. The entry
   point must return non-zero, not abort the program. */
#include "kernel_malloc.h"

#include <stddef.h>
#include <stdio.h>

void *halide_malloc(void *user_context, size_t bytes) {
  (void)user_context;
  (void)bytes;
  return NULL;
}

int main(void) {
  static float x[KERNEL_MALLOC_INPUT0_SIZE], y[KERNEL_MALLOC_OUTPUT0_SIZE];
  int status = kernel_malloc(x, y);
  printf("status %s\n", status != 0 ? "non-zero" : "0");
  return 0;
}

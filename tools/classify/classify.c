/* classify.c - an example application of an nncc-compiled ImageNet network.
 *
 *   classify [options] IMAGE.ppm|IMAGE.png
 *
 * Reads an image, preprocesses it as torchvision's ImageNet evaluation
 * transform does (Resize(256), CenterCrop(224), ToTensor, Normalize with the
 * ImageNet mean and std), runs the network compiled by nncc with the C name
 * `model` (header model.h) and prints the top-5 class indices and the time
 * per inference.
 *
 * Resize(256) on a PIL image is PIL's bilinear resize, which widens its
 * filter when it shrinks (antialiasing) and rounds to 8 bits after each of
 * its two passes, horizontal then vertical: resize_pass() follows PIL's
 * fixed-point arithmetic (Pillow's libImaging/Resample.c) so the pixels are
 * the ones torchvision sees.
 *
 * Options:
 *   --raw FILE          read the input tensor (float32, NCHW) from FILE
 *                       instead of an image
 *   --dump-input FILE   write the preprocessed tensor (float32, NCHW)
 *   --dump-output FILE  write the network's output (float32)
 *   --runs N            time N inferences after one warm-up (default 10)
 *   --threads N         threads the network uses (default: one per core)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef CLASSIFY_WITH_PNG
#include <png.h>
#endif

#define CROP 224
#define RESIZE 256

#if MODEL_NUM_INPUTS != 1 || MODEL_NUM_OUTPUTS != 1 ||                         \
    MODEL_INPUT0_SIZE != 3 * CROP * CROP
#error "classify needs a network with one 1x3x224x224 input and one output"
#endif

/* An 8-bit RGB image, pixels row-major, channels interleaved. */
struct image {
  int width, height;
  unsigned char *rgb;
};

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "classify: error: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(1);
}

static void *xmalloc(size_t bytes) {
  void *p = malloc(bytes);
  if (!p)
    fail("out of memory", NULL);
  return p;
}

/* Skips whitespace and '#' comments between the fields of a PPM header. */
static void ppm_skip(FILE *f) {
  int c;
  while ((c = getc(f)) != EOF) {
    if (c == '#') {
      while ((c = getc(f)) != EOF && c != '\n')
        ;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ungetc(c, f);
      return;
    }
  }
}

/* Reads a binary PPM (P6) with maxval 255. */
static struct image read_ppm(const char *path, FILE *f) {
  struct image im = {0, 0, NULL};
  int maxval = 0;
  if (getc(f) != 'P' || getc(f) != '6')
    fail("not a binary PPM (P6) image", path);
  ppm_skip(f);
  if (fscanf(f, "%d", &im.width) != 1)
    fail("malformed PPM header", path);
  ppm_skip(f);
  if (fscanf(f, "%d", &im.height) != 1)
    fail("malformed PPM header", path);
  ppm_skip(f);
  if (fscanf(f, "%d", &maxval) != 1 || maxval != 255 || im.width <= 0 ||
      im.height <= 0 || im.width > 1 << 15 || im.height > 1 << 15)
    fail("unsupported PPM (8-bit, at most 32768x32768)", path);
  getc(f); /* the single whitespace before the pixels */
  size_t bytes = (size_t)im.width * im.height * 3;
  im.rgb = xmalloc(bytes);
  if (fread(im.rgb, 1, bytes, f) != bytes)
    fail("truncated PPM image", path);
  return im;
}

#ifdef CLASSIFY_WITH_PNG
/* Reads any PNG, converted to 8-bit RGB as PIL's convert("RGB") does for
   the common cases (palette, gray, 16-bit; alpha dropped). */
static struct image read_png(const char *path, FILE *f) {
  struct image im = {0, 0, NULL};
  png_image png;
  memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_stdio(&png, f))
    fail("cannot read PNG image", path);
  png.format = PNG_FORMAT_RGB;
  im.width = (int)png.width;
  im.height = (int)png.height;
  im.rgb = xmalloc(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, NULL, im.rgb, 0, NULL))
    fail("cannot decode PNG image", path);
  return im;
}
#endif

static struct image read_image(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    fail("cannot open image", path);
  int c = getc(f);
  ungetc(c, f);
  struct image im;
  if (c == 'P') {
    im = read_ppm(path, f);
  } else {
#ifdef CLASSIFY_WITH_PNG
    im = read_png(path, f);
#else
    fail("not a PPM image (this build reads PPM only)", path);
#endif
  }
  fclose(f);
  return im;
}

/* PIL's fixed-point precision for 8-bit resampling. */
#define PRECISION_BITS (32 - 8 - 2)

/* Bilinear (triangle) filter of support 1. */
static double bilinear(double x) {
  x = fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

/* Resamples one axis: `in_size` pixels to `out_size`, as PIL's
   ImagingResampleHorizontal/Vertical_8bpc with its coefficients from
   precompute_coeffs and normalize_coeffs_8bpc. `stride` is the distance in
   bytes between neighbouring pixels along the axis, `line` between lines,
   `lines` the number of lines. */
static void resize_pass(const unsigned char *in, unsigned char *out,
                        int in_size, int out_size, int lines, size_t in_stride,
                        size_t in_line, size_t out_stride, size_t out_line) {
  double scale = (double)in_size / out_size;
  double filterscale = scale < 1.0 ? 1.0 : scale;
  double support = 1.0 * filterscale;
  int ksize = (int)ceil(support) * 2 + 1;
  int *kk = xmalloc(sizeof(int) * (size_t)ksize * out_size);
  int *bounds = xmalloc(sizeof(int) * 2 * (size_t)out_size);
  double *k = xmalloc(sizeof(double) * ksize);
  for (int xx = 0; xx < out_size; ++xx) {
    double center = (xx + 0.5) * scale;
    double ww = 0.0, ss = 1.0 / filterscale;
    int xmin = (int)(center - support + 0.5);
    if (xmin < 0)
      xmin = 0;
    int xmax = (int)(center + support + 0.5);
    if (xmax > in_size)
      xmax = in_size;
    xmax -= xmin;
    for (int x = 0; x < xmax; ++x) {
      k[x] = bilinear((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (int x = 0; x < ksize; ++x) {
      double w = x < xmax && ww != 0.0 ? k[x] / ww : 0.0;
      kk[xx * ksize + x] = (int)(w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                                       : 0.5 + w * (1 << PRECISION_BITS));
    }
    bounds[2 * xx] = xmin;
    bounds[2 * xx + 1] = xmax;
  }
  for (int y = 0; y < lines; ++y) {
    for (int xx = 0; xx < out_size; ++xx) {
      const int *kx = &kk[xx * ksize];
      const unsigned char *src = in + y * in_line + bounds[2 * xx] * in_stride;
      for (int c = 0; c < 3; ++c) {
        int32_t acc = 1 << (PRECISION_BITS - 1);
        for (int x = 0; x < bounds[2 * xx + 1]; ++x)
          acc += src[x * in_stride + c] * kx[x];
        acc >>= PRECISION_BITS;
        out[y * out_line + xx * out_stride + c] =
            (unsigned char)(acc < 0     ? 0
                            : acc > 255 ? 255
                                        : acc);
      }
    }
  }
  free(k);
  free(bounds);
  free(kk);
}

/* PIL's Image.resize((w, h), BILINEAR): horizontal pass, then vertical. */
static struct image resize(struct image in, int w, int h) {
  struct image mid = {w, in.height, xmalloc((size_t)w * in.height * 3)};
  resize_pass(in.rgb, mid.rgb, in.width, w, in.height, 3, (size_t)in.width * 3,
              3, (size_t)w * 3);
  struct image out = {w, h, xmalloc((size_t)w * h * 3)};
  resize_pass(mid.rgb, out.rgb, in.height, h, w, (size_t)w * 3, 3,
              (size_t)w * 3, 3);
  free(mid.rgb);
  return out;
}

/* torchvision's Resize(256), CenterCrop(224), ToTensor() and
   Normalize(mean, std), into an NCHW float tensor. */
static void preprocess(struct image im, float *tensor) {
  static const float mean[3] = {0.485f, 0.456f, 0.406f};
  static const float std[3] = {0.229f, 0.224f, 0.225f};
  /* The shorter side becomes 256, the longer keeps the aspect ratio,
     truncated (torchvision's int(256 * long / short)). */
  int w = RESIZE, h = RESIZE;
  if (im.width <= im.height)
    h = (int)((double)RESIZE * im.height / im.width);
  else
    w = (int)((double)RESIZE * im.width / im.height);
  struct image scaled = resize(im, w, h);
  /* torchvision rounds the crop offset with Python's round(): half to
     even, which rint() does in the default rounding mode. */
  int top = (int)rint((h - CROP) / 2.0), left = (int)rint((w - CROP) / 2.0);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < CROP; ++y)
      for (int x = 0; x < CROP; ++x) {
        float v =
            scaled.rgb[((size_t)(top + y) * w + left + x) * 3 + c] / 255.0f;
        tensor[(c * CROP + y) * CROP + x] = (v - mean[c]) / std[c];
      }
  free(scaled.rgb);
}

static void read_raw(const char *path, float *data, size_t count) {
  FILE *f = fopen(path, "rb");
  if (!f || fread(data, sizeof(float), count, f) != count)
    fail("cannot read the raw tensor", path);
  fclose(f);
}

static void write_raw(const char *path, const float *data, size_t count) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, sizeof(float), count, f) != count || fclose(f))
    fail("cannot write", path);
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  const char *image = NULL, *raw = NULL, *dump_input = NULL,
             *dump_output = NULL;
  int runs = 10, threads = 0;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (arg[0] != '-') {
      image = arg;
      continue;
    }
    if (!value)
      fail("missing value for", arg);
    ++i;
    if (!strcmp(arg, "--raw"))
      raw = value;
    else if (!strcmp(arg, "--dump-input"))
      dump_input = value;
    else if (!strcmp(arg, "--dump-output"))
      dump_output = value;
    else if (!strcmp(arg, "--runs"))
      runs = atoi(value);
    else if (!strcmp(arg, "--threads"))
      threads = atoi(value);
    else
      fail("unknown option", arg);
  }
  if (!image == !raw || runs < 1)
    fail("usage: classify [--raw FILE | IMAGE] [--dump-input FILE] "
         "[--dump-output FILE] [--runs N] [--threads N]",
         NULL);

  static float input[MODEL_INPUT0_SIZE], output[MODEL_OUTPUT0_SIZE];
  if (raw) {
    read_raw(raw, input, MODEL_INPUT0_SIZE);
  } else {
    struct image im = read_image(image);
    preprocess(im, input);
    free(im.rgb);
  }
  if (dump_input)
    write_raw(dump_input, input, MODEL_INPUT0_SIZE);
  if (threads && model_set_num_threads(threads) != 0)
    fail("bad --threads", NULL);

  /* One warm-up call allocates the activation arena. */
  if (model(input, output) != 0)
    fail("the network failed", NULL);
  double start = now_seconds();
  for (int r = 0; r < runs; ++r)
    model(input, output);
  double ms = (now_seconds() - start) * 1e3 / runs;
  if (dump_output)
    write_raw(dump_output, output, MODEL_OUTPUT0_SIZE);

  int top[5];
  for (int t = 0; t < 5; ++t) {
    top[t] = -1;
    for (int i = 0; i < MODEL_OUTPUT0_SIZE; ++i) {
      int taken = 0;
      for (int u = 0; u < t; ++u)
        taken |= top[u] == i;
      if (!taken && (top[t] < 0 || output[i] > output[top[t]]))
        top[t] = i;
    }
  }
  printf("top-5:");
  for (int t = 0; t < 5; ++t)
    printf(" %d", top[t]);
  printf("\ntime per inference: %.3f ms (%d runs)\n", ms, runs);
  return 0;
}

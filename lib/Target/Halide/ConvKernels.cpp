//===- ConvKernels.cpp - convolution kernels ----------------------------===//
//
// Three algorithms, picked by shape: a 1x1 convolution is a matrix product
// over (channels x pixels); a depthwise convolution sums a few taps per
// channel; anything else reduces over input channels and the window. All
// vectorize across output channels, which are innermost in storage.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <array>
#include <optional>

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace nncc;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::TailStrategy;
using Halide::Var;

namespace {
/// The numbers every convolution algorithm needs.
struct ConvShape {
  int64_t n, cin, h, w, cout, kh, kw, oh, ow;
  int64_t strides[2], pads[4], dilations[2];
  bool hasBias;
  std::string activation;
  llvm::SmallVector<float, 2> activationParams;

  /// Channel counts come from the request's storages: a grouped
  /// convolution may run as one kernel per group on channel windows.
  ConvShape(nn::Conv2DOp op, const KernelRequest &request) {
    auto in = op.input().getType().cast<mlir::ShapedType>().getShape();
    auto wt = op.weight().getType().cast<mlir::ShapedType>().getShape();
    auto out = op.output().getType().cast<mlir::ShapedType>().getShape();
    n = in[0], h = in[2], w = in[3];
    kh = wt[2], kw = wt[3], oh = out[2], ow = out[3];
    // A 2-D (pixels x channels) view keeps channels as ONNX dimension 1.
    cin = request.inputs[0].extentOf(1);
    cout = request.output.extentOf(1);
    auto s = nn::toI64s(op.strides()), p = nn::toI64s(op.pads()),
         d = nn::toI64s(op.dilations());
    std::copy(s.begin(), s.end(), strides);
    std::copy(p.begin(), p.end(), pads);
    std::copy(d.begin(), d.end(), dilations);
    hasBias = static_cast<bool>(op.bias());
    activation = op.activation().str();
    activationParams = nn::toFloats(op.activation_params());
  }
};
} // namespace

/// The input with zeros outside its spatial bounds: in(x, y, c, n).
static Func zeroPadded(const Func &in, int64_t w, int64_t h) {
  Var x, y, c, n;
  Func padded("padded");
  // likely() lets Halide split loops into a border part and an interior
  // part where the test and the clamps disappear.
  Expr inside =
      x >= 0 && x < static_cast<int>(w) && y >= 0 && y < static_cast<int>(h);
  padded(x, y, c, n) = Halide::select(
      Halide::likely(inside),
      in(Halide::clamp(Halide::likely(x), 0, static_cast<int>(w - 1)),
         Halide::clamp(Halide::likely(y), 0, static_cast<int>(h - 1)), c, n),
      0.0f);
  return padded;
}

static bool hasPadding(const ConvShape &s) {
  return s.pads[0] || s.pads[1] || s.pads[2] || s.pads[3];
}

//===----------------------------------------------------------------------===//
// 1x1 convolution: out(co, p) = bias(co) + sum_ci w(co, ci) * in(ci, p)
//===----------------------------------------------------------------------===//

/// Bytes of input a 1x1 convolution's band of pixels reads (for a fused
/// separable convolution: of depthwise results it keeps): with one block of
/// 1x1 weights, well inside a core's L2 cache.
static constexpr int64_t kBandBytes = 256 * 1024;

/// Splits `extent` units into an even number of bands of at most `most`
/// units each, as equal as possible: two threads then get equal shares, and
/// even one band per thread keeps a band at half the extent or less. Returns
/// the units per band.
static int64_t evenBands(int64_t extent, int64_t most) {
  if (extent <= 1)
    return 1;
  int64_t bands = (extent + most - 1) / most;
  bands = std::max<int64_t>(2, bands + bands % 2);
  return (extent + bands - 1) / bands;
}

/// Vector registers of the target: 32 with AVX-512 and on AArch64. A target
/// may name an AVX-512 generation (avx512_skylake) without the avx512 flag;
/// Halide's code generator still emits AVX-512 for it.
static bool hasAVX512(const KernelContext &ctx) {
  return ctx.request.target.features_any_of(
      {Halide::Target::AVX512, Halide::Target::AVX512_KNL,
       Halide::Target::AVX512_Skylake, Halide::Target::AVX512_Cannonlake,
       Halide::Target::AVX512_SapphireRapids});
}

static int vectorRegisters(const KernelContext &ctx) {
  return ctx.request.target.arch == Halide::Target::ARM || hasAVX512(ctx) ? 32
                                                                          : 16;
}

/// Registers a register tile of `vectors` vectors needs besides its
/// accumulators and weight vectors: the broadcast input. An AVX-512 FMA
/// broadcasts a memory operand itself ({1to16}), but only a one-vector tile
/// uses each input once; with several vectors LLVM broadcasts the input into
/// a register to share it, as AVX2 and NEON always do. Not counting it, AVX2
/// tiles of 2 vectors by 7 pixels (14 accumulators, 2 weights) spilled an
/// accumulator to the stack on every reduction step (MobileNet V2's 1x1
/// layers at 47% of the FMA peak), and so did AVX-512 tiles of 4 vectors by 7
/// pixels (33 registers).
static int broadcastRegisters(const KernelContext &ctx, int vectors) {
  return hasAVX512(ctx) && vectors == 1 ? 0 : 1;
}

/// Whether the target has 512-bit vectors whose FMAs its cores run as two
/// 256-bit halves (KernelContext::wideFMA).
static bool halvesWideFMAs(const KernelContext &ctx) {
  return ctx.wideFMA == CodegenOptions::WideFMA::Split && hasAVX512(ctx);
}

/// What a register tile needs to run at the FMA rate: FMAs per load (with
/// one vector, and with several) and accumulators.
struct TileNeeds {
  double fmasPerLoadOneVector, fmasPerLoad;
  int accumulators;
};

/// Measured: an AVX2 Zen 3 ran at the FMA rate from 1.33 FMAs per load, and
/// ten accumulators cover the FMA latency of two pipes. The 1x1
/// convolutions of an AVX-512 Zen 5 (two full-width FMA pipes) need
/// more: 2 FMAs per load and 20 accumulators in tiles of several vectors,
/// 1.33 FMAs per load with one vector (whose FMAs take the broadcast as an
/// operand). By those needs 4 vectors by 5 or 6 pixels beat 2 by 14 (1.75
/// FMAs per load) and 4 by 4 (16 accumulators) even with a few idle pixels:
/// MobileNet V2 4.14 -> 3.99 ms; ShuffleNet V2 1.0x's 116-channel layers
/// 0.034 -> 0.031 ms; one vector by 28 pixels for its 58 channels took 0.039
/// against 2 by 14's 0.032. Windowed convolutions keep the needs measured
/// before (one FMA per load with AVX-512, ten accumulators): with the 1x1
/// ones, SqueezeNet's 3x3 layers over 27-pixel rows ran 4 by 6 (10% idle)
/// 11% slower than 2 by 9. Cores that split 512-bit FMAs (an AMD Zen 4 with
/// one 512-bit FMA per cycle) keep those needs for 1x1 convolutions too:
/// there MobileNet V1 ran 2.3-3.5% faster as 2 by 14 than as the 4 by 6 and
/// 3 by 7 of the full-width needs, its other seed networks within 1%.
/// Intel's 1x1 convolutions (an Emerald Rapids Xeon: two 512-bit FMAs and
/// two 512-bit loads a cycle) need one FMA per load but 20 accumulators: its
/// MobileNet V1 ran 4.0-4.7% faster at 1 and 2 threads with 2 vectors by 14
/// pixels than with the full-width needs' 3 by 7 over 14-pixel rows (48
/// channels, not dividing 512) and 4 by 6 over 28-pixel rows (two idle
/// pixels), the other seed networks within 1%. Needing only 10
/// accumulators, SqueezeNet 1.1's classifier ran 3 vectors by 5 pixels
/// instead of by 9, 10% slower.
static TileNeeds tileNeeds(const KernelContext &ctx, bool window) {
  if (!hasAVX512(ctx))
    return {4.0 / 3.0, 4.0 / 3.0, 10};
  if (!window && ctx.wideFMA == CodegenOptions::WideFMA::Full)
    return {4.0 / 3.0, 2.0, 20};
  if (!window && ctx.wideFMA == CodegenOptions::WideFMA::Intel)
    return {1.0, 1.0, 20};
  return {1.0, 1.0, 10};
}

/// The share of the FMA peak a `width`-lane tile can reach, by the lanes per
/// FMA. Where 512-bit FMAs run as two halves, 8 lanes do as much per cycle
/// as 16 for windowed convolutions: ShuffleNet's first convolution (24
/// channels) ran 24% faster as 3 8-lane vectors than as 16-lane vectors
/// over pixel pairs (ShuffleNet V2 0.5x 7% faster in all). Their 1x1
/// convolutions keep the lane count: 8-lane tiles there made MobileNet V2
/// 9% slower.
static double laneRate(const KernelContext &ctx, int width, bool window) {
  int natural = ctx.vectorWidth;
  if (halvesWideFMAs(ctx) && window)
    return std::min(1.0, 2.0 * width / natural);
  return static_cast<double>(width) / natural;
}

/// Register tile of a convolution: `vectors` vectors of `width` output
/// channels by `pixels` pixels, sized to the register file.
struct GemmTile {
  int vectors, pixels, width;
  /// Blocks of vectors * width output channels covering `channels`.
  int64_t blocksOver(int64_t channels) const {
    return (channels + vectors * width - 1) / (vectors * width);
  }
};

/// Picks the register tile of a convolution over `channels` output channels
/// and rows of `pixels` pixels, at most `maxPixels` wide, reducing over a
/// spatial `window` or not (a 1x1 convolution). Each step of the reduction
/// loads `vectors` weight vectors and broadcasts `pixels` inputs into
/// vectors*pixels FMAs; the accumulators, the weight vectors and the
/// broadcast input must fit the register file. The score is the FMA rate the
/// tile sustains (tileNeeds) times the lanes it keeps useful, over full and
/// half-width vectors: 40 channels run faster as 16-lane vectors over 14
/// pixels than as 8-lane ones. With `shares` > 1 the blocks are shared among
/// that many threads, and a tile is scored by the busiest one: 320 channels
/// run as 10 blocks of 32 (5 per thread), not 5 blocks of 64 (3 on one
/// thread). Ties go to the tile with more accumulators, then to the one with
/// fewer loads per reduction step: 4 vectors by 6 pixels (10 loads for 24
/// FMAs) rather than 3 by 8 (11 loads). With `padded` weights (in blocks of
/// the tile, the last padded with zeros: weightBlock) a tile may reach past
/// the last channel: ShuffleNet V1's 40 channels as one block of 3 vectors
/// rather than two of 2, a shifted one overlapping the first.
static GemmTile pickGemmTile(int64_t channels, int64_t pixels,
                             int64_t maxPixels, bool window,
                             const KernelContext &ctx, int64_t shares = 1,
                             bool padded = false) {
  int registers = vectorRegisters(ctx);
  TileNeeds needs = tileNeeds(ctx, window);
  int natural = ctx.vectorWidth;
  int preferred = pickVectorWidth(channels, natural);
  llvm::SmallVector<int, 3> widths = {preferred};
  for (int width : {natural, natural / 2})
    if (width > preferred && width <= channels)
      widths.push_back(width);
  GemmTile best{1, 1, preferred};
  double bestScore = -1;
  for (int width : widths) {
    int64_t vectorsOver =
        padded ? (channels + width - 1) / width : channels / width;
    int maxVectors = static_cast<int>(
        std::max<int64_t>(1, std::min<int64_t>(4, vectorsOver)));
    // 5 or 7 vectors of channels, which no smaller tile covers exactly, may
    // run as one block (ShuffleNet V1's 80 channels: 5 vectors by 5 pixels,
    // 10 loads per 25 FMAs, where one vector by 28 pixels loaded 29 per 28
    // FMAs: 15% faster).
    int64_t exact = channels % width == 0 ? channels / width : 0;
    if ((exact == 5 || exact == 7) && exact <= registers / 4)
      maxVectors = static_cast<int>(exact);
    for (int v = 1; v <= maxVectors; ++v)
      for (int t = 1; t <= std::min(pixels, maxPixels) &&
                      v * t + v + broadcastRegisters(ctx, v) <= registers;
           ++t) {
        double coveredP = static_cast<double>((pixels + t - 1) / t * t);
        // Channels covered, counting each thread as busy as the busiest.
        int64_t tileChannels = v * width;
        int64_t blocks = (channels + tileChannels - 1) / tileChannels;
        double coveredC = static_cast<double>((blocks + shares - 1) / shares *
                                              shares * tileChannels);
        double useful = (pixels / coveredP) * (channels / coveredC);
        double fmasPerLoad = v * t / static_cast<double>(v + t);
        double rate =
            std::min(1.0, fmasPerLoad / (v == 1 ? needs.fmasPerLoadOneVector
                                                : needs.fmasPerLoad)) *
            std::min(1.0, v * t / static_cast<double>(needs.accumulators));
        double score = rate * useful * laneRate(ctx, width, window);
        int accumulators = v * t, bestAccumulators = best.vectors * best.pixels;
        bool tie =
            score > bestScore - 1e-6 && (accumulators > bestAccumulators ||
                                         (accumulators == bestAccumulators &&
                                          v + t < best.vectors + best.pixels));
        if (score > bestScore + 1e-6 || tie) {
          bestScore = std::max(score, bestScore);
          best = {v, t, width};
        }
      }
  }
  return best;
}

/// The register tile of a matrix product over `channels` by `pixels` whose
/// input fits one band (`fitsOneBand`), when it should run as that one band,
/// threads taking blocks of output channels, rather than as a band of pixels
/// per thread; none otherwise. Only for weights far beyond the band's input:
/// each band reads all the weights, and with two bands on one thread they
/// came twice from L3 (MobileNet V2's last 1x1 convolution, 1.6 MB of weights
/// over 7x7 pixels: 0.259 against 0.244 ms). Splitting small layers by
/// channels instead cost 17-20% on ShuffleNet at 2 threads: the next layer's
/// band then lies half in the other core's cache.
static std::optional<GemmTile> weightSplitTile(int64_t channels, int64_t pixels,
                                               int64_t weightBytes,
                                               bool fitsOneBand,
                                               const KernelContext &ctx) {
  GemmTile tile =
      pickGemmTile(channels, pixels, pixels, false, ctx, ctx.threads);
  if (fitsOneBand && weightBytes >= kBandBytes &&
      tile.blocksOver(channels) >= 2 * ctx.threads)
    return tile;
  return std::nullopt;
}

static Func buildPointwise(KernelContext &ctx, const ConvShape &s) {
  const KernelRequest &req = ctx.request;
  Func in = ctx.inputs[0], weight = ctx.inputs[1];
  int64_t pixels = req.output.dims[1].extent;
  Var co("co"), p("p");
  RDom r(0, static_cast<int>(s.cin), "ci");

  // Algorithm. The 2-D views index (channel, pixel); weights are OIHW
  // logically, w(kx, ky, ci, co).
  Func acc("acc");
  acc(co, p) = s.hasBias ? ctx.inputs[2](co) : Expr(0.0f);
  acc(co, p) += weight(0, 0, r, co) * in(r, p);
  Func out("pointwise");
  out(co, p) = addResidual(
      ctx, applyActivation(acc(co, p), s.activation, s.activationParams),
      {co, p});

  // Schedule: a register-blocked matrix product, the reduction innermost
  // around a fully unrolled tile of accumulators.
  GemmTile tile = pickGemmTile(s.cout, pixels, pixels, false, ctx);
  // Pixels run in bands whose inputs stay in cache while each block of
  // output channels sweeps the band, so a block's weights are loaded once
  // per band instead of once per pixel tile.
  int64_t bandTiles =
      std::max<int64_t>(1, kBandBytes / (s.cin * 4 * tile.pixels));
  int64_t tiles = (pixels + tile.pixels - 1) / tile.pixels;
  std::optional<GemmTile> split = weightSplitTile(
      s.cout, pixels, s.cin * s.cout * 4, tiles <= bandTiles, ctx);
  bool byBlocks = split.has_value();
  if (byBlocks) {
    tile = *split;
    tiles = (pixels + tile.pixels - 1) / tile.pixels;
    bandTiles = tiles;
  } else {
    bandTiles = evenBands(tiles, bandTiles);
  }
  int64_t blocks = tile.blocksOver(s.cout);
  int width = tile.width;
  Var coo("coo"), coi("coi"), po("po"), pi("pi"), pb("pb"), pt("pt");
  out.split(co, coo, coi, tile.vectors * width, TailStrategy::ShiftInwards)
      .split(p, po, pi, tile.pixels, TailStrategy::ShiftInwards)
      .split(po, pb, pt, static_cast<int>(bandTiles), TailStrategy::GuardWithIf)
      .reorder(coi, pi, pt, coo, pb)
      .vectorize(coi, width)
      .unroll(coi)
      .unroll(pi);
  acc.compute_at(out, pt).vectorize(co, width).unroll(co).unroll(p);
  acc.update().reorder(co, p, r).vectorize(co, width).unroll(co).unroll(p);
  if (byBlocks)
    parallelize(out, coo, blocks, ctx);
  else if (tiles > bandTiles)
    parallelize(out, pb, (tiles + bandTiles - 1) / bandTiles, ctx);
  return out;
}

/// Bytes of one block's weights up to which the reduction runs in one pass:
/// L1's 32 KB. Chunks of half that lost 6-9% on MobileNet V1's 14x14 layers
/// (32 KB blocks); beyond it, chunks won (below).
static constexpr int64_t kChunkBytes = 32 * 1024;

/// Input channels per chunk of the reduction when one block of output
/// channels has more weights than kChunkBytes (a divisor of the channel
/// count, so no chunk is partial), or 0 for one pass over all of them.
static int64_t reductionChunk(GemmTile tile,
                              const std::vector<Halide::RVar> &reduction) {
  int64_t taps = 1;
  for (size_t i = 1; i < reduction.size(); ++i)
    taps *= *Halide::Internal::as_const_int(reduction[i].extent());
  int64_t channels = *Halide::Internal::as_const_int(reduction[0].extent());
  int64_t bytes = int64_t{tile.vectors} * tile.width * channels * taps * 4;
  if (bytes <= kChunkBytes)
    return 0;
  for (int64_t chunks = (bytes + kChunkBytes - 1) / kChunkBytes;
       chunks * 8 <= channels; ++chunks)
    if (channels % chunks == 0)
      return channels / chunks;
  return 0;
}

/// Schedules a channels-last convolution output as a register tile of
/// output-channel vectors by output columns, accumulated in `acc` (defined
/// over accVars = x, y, c, n) while `reduction` runs innermost, in register
/// tiles `tile`. With
/// `bandRows` = 0 each output row runs all output-channel blocks per column
/// tile; otherwise the rows are split into bands of `bandRows` and each
/// output-channel block runs over a whole band, so that block's weights are
/// loaded once per band rather than once per column tile. With
/// `parallelBlocks` > 0, threads share that many blocks. With
/// `blockedWeights` the weights lie in blocks of the tile's output channels
/// (weightBlock): each block of `acc` then covers one whole block,
/// past the last channel into the zero padding, and the last block of `out`
/// stores only its channels, where shifted inwards it would straddle two
/// blocks. Returns the loop to parallelize and compute row inputs at: the
/// row, or the band.
static Var scheduleColumnTile(Func &out, const std::vector<Var> &vars,
                              Func &acc, std::array<Var, 4> accVars,
                              std::vector<Halide::RVar> reduction,
                              GemmTile tile, int64_t bandRows,
                              const KernelContext &ctx,
                              int64_t parallelBlocks = 0,
                              bool blockedWeights = false) {
  auto [x, y, c, n] = accVars;
  int width = tile.width, block = tile.vectors * width;
  Var coo("coo"), coi("coi"), xo("xo"), xi("xi"), yo("yo"), yi("yi");
  out.split(vars[0], coo, coi, block,
            blockedWeights ? TailStrategy::GuardWithIf
                           : TailStrategy::ShiftInwards)
      .split(vars[1], xo, xi, tile.pixels, TailStrategy::ShiftInwards);
  if (blockedWeights)
    acc.align_bounds(c, block).bound_extent(c, block);
  Var rows = vars[2];
  if (bandRows > 0) {
    out.split(vars[2], yo, yi, static_cast<int>(bandRows),
              TailStrategy::GuardWithIf)
        .reorder(coi, xi, xo, yi, coo, yo);
    rows = yo;
  } else {
    out.reorder(coi, xi, coo, xo, vars[2]);
  }
  out.vectorize(coi, width).unroll(coi).unroll(xi);
  Var blocks = coo;
  if (parallelBlocks > 0)
    blocks = parallelize(out, coo, parallelBlocks, ctx).part;
  int64_t chunk = bandRows > 0 ? reductionChunk(tile, reduction) : 0;
  if (chunk == 0) {
    acc.compute_at(out, bandRows > 0 ? xo : blocks)
        .reorder_storage(c, x, y, n)
        .reorder(c, x, y, n)
        .vectorize(c, width)
        .unroll(c)
        .unroll(x);
    std::vector<Halide::VarOrRVar> order = {c, x};
    order.insert(order.end(), reduction.begin(), reduction.end());
    order.push_back(y);
    order.push_back(n);
    acc.update().reorder(order).vectorize(c, width).unroll(c).unroll(x);
    return rows;
  }
  // The block's weights outgrow L1: its accumulators over the whole band
  // stay in a buffer, and the reduction runs in chunks, each sweeping the
  // band's column tiles with one chunk's weights in L1.
  acc.compute_at(out, blocks)
      .reorder_storage(c, x, y, n)
      .reorder(c, x, y, n)
      .vectorize(c, width)
      .unroll(c);
  Var axo("axo"), axi("axi");
  Halide::RVar ro("ro"), ri("ri");
  std::vector<Halide::VarOrRVar> order = {c, axi, ri};
  order.insert(order.end(), reduction.begin() + 1, reduction.end());
  for (Halide::VarOrRVar v : {Halide::VarOrRVar(axo), Halide::VarOrRVar(y),
                              Halide::VarOrRVar(ro), Halide::VarOrRVar(n)})
    order.push_back(v);
  acc.update()
      .split(x, axo, axi, tile.pixels, TailStrategy::GuardWithIf)
      .split(reduction[0], ro, ri, static_cast<int>(chunk),
             TailStrategy::GuardWithIf)
      .reorder(order)
      .vectorize(c, width)
      .unroll(c)
      .unroll(axi);
  return rows;
}

//===----------------------------------------------------------------------===//
// Depthwise: out(c, x, y) = bias(c) + sum_taps w(c, tap) * in(c, x', y')
//===----------------------------------------------------------------------===//

/// Schedules a channels-last depthwise result f(c, x, ...): one vector of
/// `width` channels innermost and up to four columns unrolled around it, so
/// each weight vector loaded serves several pixels and each input vector
/// several taps; the channel loop runs outside, then the columns, then
/// `rows`.
static void unrollColumnsAroundChannels(Func &f, Var c, Var x, Var rows,
                                        int width, int64_t columns) {
  Var co("co"), ci("ci"), xo("xo"), xi("xi");
  f.split(c, co, ci, width, TailStrategy::ShiftInwards)
      .split(x, xo, xi, static_cast<int>(std::min<int64_t>(columns, 4)),
             TailStrategy::ShiftInwards)
      .reorder(ci, xi, co, xo, rows)
      .vectorize(ci)
      .unroll(xi);
}

static Func buildDepthwise(KernelContext &ctx, const ConvShape &s) {
  Func in = hasPadding(s) ? zeroPadded(ctx.inputs[0], s.w, s.h) : ctx.inputs[0];
  Func weight = ctx.inputs[1];
  Var x("x"), y("y"), c("c"), n("n");

  // Algorithm: the taps are few and static, so the sum is written out.
  Expr sum = s.hasBias ? ctx.inputs[2](c) : Expr(0.0f);
  for (int ky = 0; ky < s.kh; ++ky)
    for (int kx = 0; kx < s.kw; ++kx) {
      Expr ix = x * static_cast<int>(s.strides[1]) +
                static_cast<int>(kx * s.dilations[1] - s.pads[1]);
      Expr iy = y * static_cast<int>(s.strides[0]) +
                static_cast<int>(ky * s.dilations[0] - s.pads[0]);
      sum += weight(kx, ky, 0, c) * in(ix, iy, c, n);
    }
  Func conv("depthwise");
  conv(x, y, c, n) =
      addResidual(ctx, applyActivation(sum, s.activation, s.activationParams),
                  {x, y, c, n});

  std::vector<Var> vars;
  Func out = storageView(conv, ctx.request.output, vars);

  // Schedule: one channel vector innermost, a few output columns unrolled
  // around it so each loaded input vector feeds several taps.
  if (ctx.request.output.order == channelsLastOrder()) {
    unrollColumnsAroundChannels(out, vars[0], vars[1], vars[2],
                                pickVectorWidth(s.cout, ctx.vectorWidth), s.ow);
    if (s.oh >= 4)
      parallelize(out, vars[2], s.oh, ctx);
  } else {
    scheduleSimple(out, vars, ctx);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// General: out(co, x, y) = bias(co) + sum_{ci,ky,kx} w(co, ci, ky, kx) * in
//===----------------------------------------------------------------------===//

/// The convolution's input as its window reads it: zero-padded when the
/// convolution pads.
static Func windowInput(KernelContext &ctx, const ConvShape &s) {
  Func in = ctx.inputs[0];
  if (!hasPadding(s))
    return in;
  // The zero-padded input goes to its own buffer first: read through the
  // padding's clamps and selects, the reduction's inner loop spent more on
  // masks than on FMAs (MobileNet's first convolution: 0.32 ms; from a
  // padded copy: 0.18 ms).
  in = zeroPadded(in, s.w, s.h);
  Var px = in.args()[0], py = in.args()[1], pc = in.args()[2],
      pn = in.args()[3];
  in.compute_root();
  if (ctx.request.inputs[0].order == channelsLastOrder())
    in.reorder_storage(pc, px, py, pn)
        .reorder(pc, px, py, pn)
        .vectorize(pc, pickVectorWidth(s.cin, ctx.vectorWidth),
                   TailStrategy::GuardWithIf);
  else
    in.reorder(px, pc, py, pn)
        .vectorize(px, ctx.vectorWidth, TailStrategy::GuardWithIf);
  // Rows split as the convolution's are, so each thread pads the rows it
  // then reads.
  parallelize(in, py, s.h + s.pads[0] + s.pads[2], ctx);
  return in;
}

/// The weight of output channel `c` at input channel `ci` and window tap
/// (`kx`, `ky`) of a `kh` x `kw` window, from weights stored as `storage`.
/// Constant weights may come in blocks of the register tile's output
/// channels (weightBlock): rank 3, (c % block, row, c / block), rows in OIHW
/// order, the last block padded with zeros, which the accumulators of the
/// last block run over (their results never stored). Otherwise the plain
/// w(kx, ky, ci, c).
static Expr filterTap(const Func &weight, const Storage &storage, int64_t kh,
                      int64_t kw, Expr kx, Expr ky, Expr ci, Expr c) {
  if (storage.rank() != 3)
    return weight(kx, ky, ci, c);
  int block = static_cast<int>(storage.dims[0].extent);
  Expr row = (ci * static_cast<int>(kh) + ky) * static_cast<int>(kw) + kx;
  return weight(c % block, row, c / block);
}

/// The bias channel output channel `c` adds, of `cout`, with weights stored
/// as `storage`: past the last channel, in a padded block's lanes, the last.
static Expr biasChannel(const Storage &storage, Expr c, int64_t cout) {
  return storage.rank() == 3 ? Halide::min(c, static_cast<int>(cout - 1)) : c;
}

/// The reduction of a convolution: input channels of a group, then the
/// window's columns and rows.
static RDom windowReduction(const ConvShape &s, int64_t group) {
  return RDom(0, static_cast<int>(s.cin / group), 0, static_cast<int>(s.kw), 0,
              static_cast<int>(s.kh), "r");
}

/// The input value the reduction step `r` multiplies for output pixel
/// (x, y): input channel `channel` at the window tap.
static Expr windowTap(const ConvShape &s, const Func &in, const RDom &r, Expr x,
                      Expr y, Expr channel, Expr n) {
  Expr ix = x * static_cast<int>(s.strides[1]) +
            r.y * static_cast<int>(s.dilations[1]) -
            static_cast<int>(s.pads[1]);
  Expr iy = y * static_cast<int>(s.strides[0]) +
            r.z * static_cast<int>(s.dilations[0]) -
            static_cast<int>(s.pads[0]);
  return in(ix, iy, channel, n);
}

/// The general convolution of the first operands (input, weight and bias if
/// any) as a Func over (x, y, c, n), with its accumulator `acc` over the
/// same variables and the reduction's variables; with `ownResult` (the
/// kernel's op, not its producer), after the kernel's residual add.
static Func defineGeneralConv(KernelContext &ctx, const ConvShape &s, Func &acc,
                              std::array<Var, 4> vars,
                              std::vector<Halide::RVar> &reduction,
                              bool ownResult) {
  Func in = windowInput(ctx, s);
  Func weight = ctx.inputs[1];
  int64_t cinPerGroup = s.cin / ctx.request.group;
  int64_t coutPerGroup = s.cout / ctx.request.group;
  auto [x, y, c, n] = vars;
  RDom r = windowReduction(s, ctx.request.group);
  reduction = {r.x, r.y, r.z};

  Expr group = c / static_cast<int>(coutPerGroup);
  Expr inChannel = ctx.request.group == 1
                       ? Expr(r.x)
                       : group * static_cast<int>(cinPerGroup) + r.x;
  const Storage &weights = ctx.request.inputs[1];
  acc(x, y, c, n) =
      s.hasBias ? ctx.inputs[2](biasChannel(weights, c, s.cout)) : Expr(0.0f);
  acc(x, y, c, n) += filterTap(weight, weights, s.kh, s.kw, r.y, r.z, r.x, c) *
                     windowTap(s, in, r, x, y, inChannel, n);
  Func conv("conv");
  Expr value =
      applyActivation(acc(x, y, c, n), s.activation, s.activationParams);
  conv(x, y, c, n) = ownResult ? addResidual(ctx, value, {x, y, c, n}) : value;
  return conv;
}

/// Whether the convolution reduces over a spatial window (not 1x1).
static bool hasWindow(const ConvShape &s) { return s.kh * s.kw > 1; }

/// Over a spatial window, tiles wider than 14 pixels measured slower
/// (ShuffleNet V2's first convolution: 14 pixels 0.15 ms, 28 pixels 0.21 ms;
/// 7 pixels lost 20-50% on SqueezeNet's 3x3 convolutions).
static int64_t maxWindowTilePixels(const ConvShape &s) {
  return hasWindow(s) ? 14 : s.ow;
}

/// The register tile of a general convolution over a channels-last output,
/// reaching past the last channel where the weights are `padded` blocks.
static GemmTile generalConvTile(const KernelContext &ctx, const ConvShape &s,
                                bool padded) {
  return pickGemmTile(s.cout, s.ow, maxWindowTilePixels(s), hasWindow(s), ctx,
                      1, padded);
}

static Func buildGeneralConv(KernelContext &ctx, const ConvShape &s) {
  Var x("x"), y("y"), c("c"), n("n");
  Func acc("acc");
  std::vector<Halide::RVar> reduction;
  Func conv = defineGeneralConv(ctx, s, acc, {x, y, c, n}, reduction, true);
  std::vector<Var> vars;
  Func out = storageView(conv, ctx.request.output, vars);

  // Schedule: a tile of output-channel vectors by output columns kept in
  // registers while the reduction runs over input channels and taps. With
  // weights beyond a band's budget, rows run in bands and each block of
  // output channels sweeps a whole band: row by row, every column tile read
  // all the weights, from L3 once they outgrew L2 (SqueezeNet 1.0's 64->256
  // 3x3 layer, 590 KB: 3.26 -> 2.50 ms at 1 thread on an AVX2 Zen 3 with
  // 512 KB of L2; its 332 KB layers 9% faster).
  if (ctx.request.output.order == channelsLastOrder()) {
    int64_t weightBytes = s.cin / ctx.request.group * s.kh * s.kw * s.cout * 4;
    int64_t bandRows = 0;
    if (weightBytes > kBandBytes) {
      int64_t inRowBytes = s.w * s.cin * 4 * s.strides[0];
      bandRows = evenBands(s.oh, std::max<int64_t>(1, kBandBytes / inRowBytes));
    }
    bool blocked = ctx.request.inputs[1].rank() == 3;
    GemmTile tile = generalConvTile(ctx, s, blocked);
    assert((!blocked || ctx.request.inputs[1].dims[0].extent ==
                            tile.vectors * tile.width) &&
           "the plan blocked the weights for another tile");
    Var rows = scheduleColumnTile(out, vars, acc, {x, y, c, n}, reduction, tile,
                                  bandRows, ctx, 0, blocked);
    if (bandRows > 0) {
      int64_t bands = (s.oh + bandRows - 1) / bandRows;
      if (bands >= 2)
        parallelize(out, rows, bands, ctx);
    } else if (s.oh >= 4) {
      parallelize(out, vars[2], s.oh, ctx);
    }
  } else {
    acc.compute_root();
    scheduleSimple(out, vars, ctx);
  }
  return out;
}

/// Whether a convolution's output channels fill vectors better two pixels
/// at a time: `channels` an odd multiple of half a vector, at most two
/// vectors (24 channels with 16 lanes). Two adjacent pixels' channels side
/// by side then fill whole vectors, where the channels alone ran as vectors
/// of 16 and a shifted 16, a quarter of the lanes wasted.
static bool pairsFillVectors(int64_t channels, int width) {
  return channels % width != 0 && (2 * channels) % width == 0 &&
         channels <= 2 * width;
}

/// The producer convolution over pixel pairs: pairs(x, y, j, n) holds output
/// pixel 2x + j / cout, channel j % cout. Channels-last, that is the same
/// memory as the convolution's own (x, y, c, n). Each reduction step
/// multiplies a vector of weights (packed by lane at the root) by the first
/// pixel's input in the first cout lanes, the second pixel's in the rest.
static Producer buildPairedProducer(KernelContext &ctx, const ConvShape &s) {
  Func in = windowInput(ctx, s);
  int cout = static_cast<int>(s.cout);
  Var x("x"), y("y"), j("j"), n("n"), kx("kx"), ky("ky"), ci("ci");
  Func weight("paired_weight");
  // Packed on every call rather than by the plan at compile time: 48 x 27
  // floats, and the layer ran as fast with a constant in their place (0.115
  // against 0.114 ms on ShuffleNet V2 0.5x, within noise).
  weight(j, kx, ky, ci) = ctx.inputs[1](kx, ky, ci, j % cout);
  weight.compute_root();
  RDom r = windowReduction(s, 1);
  Func acc("acc");
  if (s.hasBias) {
    Func bias("paired_bias");
    bias(j) = ctx.inputs[2](j % cout);
    bias.compute_root();
    acc(x, y, j, n) = bias(j);
  } else {
    acc(x, y, j, n) = 0.0f;
  }
  acc(x, y, j, n) +=
      weight(j, r.y, r.z, r.x) *
      Halide::select(j < cout, windowTap(s, in, r, 2 * x, y, r.x, n),
                     windowTap(s, in, r, 2 * x + 1, y, r.x, n));
  Func pairs("conv_pairs");
  pairs(x, y, j, n) =
      applyActivation(acc(x, y, j, n), s.activation, s.activationParams);
  scheduleColumnTile(pairs, {j, x, y}, acc, {x, y, j, n}, {r.x, r.y, r.z},
                     pickGemmTile(2 * s.cout, s.ow / 2,
                                  maxWindowTilePixels(s) / 2, hasWindow(s),
                                  ctx),
                     0, ctx);
  pairs.reorder_storage(j, x, y, n);
  Var c("c");
  Func read("conv");
  read(x, y, c, n) = pairs(x / 2, y, c + cout * (x % 2), n);
  return {pairs, read};
}

Producer nncc::buildProducerConv(KernelContext &ctx) {
  auto op = llvm::cast<nn::Conv2DOp>(ctx.request.producer);
  ConvShape s(op, ctx.request);
  s.cout = shapeOf(op.output())[1];
  bool channelsLast = ctx.request.output.order == channelsLastOrder();
  // An odd row would leave a pair half outside the output, reading beyond an
  // unpadded input. Pairs pay for their middle vector, half one pixel's
  // input and half the other's, with two shuffles per pair and reduction
  // step; only Zen 5 (`full`) hides them. Intel runs shuffles on its second
  // FMA port: there ShuffleNet V2 0.5x ran 2.4-4.0% faster at 1 and 2
  // threads with the 24 channels as two overlapping 16-lane vectors
  // (ShuffleNet V1 g3 1.2%, V2 1.0x 0.6%); Zen 4 runs three 8-lane ones.
  // --wide-fma tunes AVX-512 targets only: the others keep their pairs.
  bool pairs = !hasAVX512(ctx) || ctx.wideFMA == CodegenOptions::WideFMA::Full;
  if (channelsLast && ctx.request.group == 1 && s.ow % 2 == 0 && pairs &&
      pairsFillVectors(s.cout, ctx.vectorWidth))
    return buildPairedProducer(ctx, s);
  Var x("x"), y("y"), c("c"), n("n");
  Func acc("acc");
  std::vector<Halide::RVar> reduction;
  Func conv = defineGeneralConv(ctx, s, acc, {x, y, c, n}, reduction, false);
  if (channelsLast) {
    scheduleColumnTile(
        conv, {c, x, y}, acc, {x, y, c, n}, reduction,
        pickGemmTile(s.cout, s.ow, maxWindowTilePixels(s), hasWindow(s), ctx),
        0, ctx);
    conv.reorder_storage(c, x, y, n);
  } else {
    acc.compute_root();
    conv.compute_root();
  }
  return {conv, conv};
}

//===----------------------------------------------------------------------===//
// Separable: a depthwise convolution feeding a 1x1 convolution, fused
//===----------------------------------------------------------------------===//

/// How a separable convolution's 1x1 part runs over a channels-last output:
/// its register tile, whether threads share the tile's blocks of output
/// channels over one band of the whole image (byBlocks) rather than taking
/// bands of rows, and the most rows a band holds.
struct SeparableTiling {
  GemmTile tile;
  bool byBlocks;
  int64_t mostRows;
};

static SeparableTiling separableTiling(const KernelContext &ctx) {
  auto op = llvm::cast<nn::SeparableConv2DOp>(ctx.request.op);
  auto inShape = shapeOf(op.input()), outShape = shapeOf(op.output());
  int64_t cout = outShape[1], oh = outShape[2], ow = outShape[3];
  // The depthwise part runs over the input buffer's channels (a channel map
  // spans the whole buffer), or over the absorbed expansion's.
  Storage physical = ctx.request.inputs[0];
  physical.channels.clear();
  int64_t channels = ctx.request.producer ? inShape[1] : physical.extentOf(1);
  // With an expansion, a band's depthwise input is only a few rows (below),
  // so bands can hold twice the rows: a band recomputes the expanded rows its
  // window shares with the next band, and fewer bands recompute fewer (on
  // MobileNet V2, 3.94 against 4.32 ms with single-size bands, medians of 9).
  int64_t budget = ctx.request.producer ? 2 * kBandBytes : kBandBytes;
  int64_t mostRows = std::max<int64_t>(1, budget / (ow * channels * 4));
  GemmTile tile = pickGemmTile(cout, ow, ow, false, ctx);
  std::optional<GemmTile> split =
      weightSplitTile(cout, ow, inShape[1] * cout * 4, oh <= mostRows, ctx);
  return {split.value_or(tile), split.has_value(), mostRows};
}

int64_t nncc::weightBlock(const KernelRequest &request, int threads,
                          CodegenOptions::WideFMA wideFMA) {
  if (request.output.order != channelsLastOrder())
    return 0;
  KernelContext ctx{request, {},
                    {},      request.target.natural_vector_size<float>(),
                    threads, wideFMA};
  if (llvm::isa<nn::SeparableConv2DOp>(request.op)) {
    GemmTile tile = separableTiling(ctx).tile;
    int64_t block = tile.vectors * tile.width;
    return block < shapeOf(request.op->getResult(0))[1] ? block : 0;
  }
  auto conv = llvm::dyn_cast<nn::Conv2DOp>(request.op);
  if (!conv || request.pixelsAsRows || request.group != 1)
    return 0;
  ConvShape s(conv, request);
  GemmTile tile = generalConvTile(ctx, s, /*padded=*/true);
  int64_t block = tile.vectors * tile.width;
  return block != s.cout ? block : 0;
}

static Func buildSeparable(KernelContext &ctx, nn::SeparableConv2DOp op) {
  auto inShape = op.input().getType().cast<mlir::ShapedType>().getShape();
  auto outShape = op.output().getType().cast<mlir::ShapedType>().getShape();
  auto dwShape =
      op.depthwise_weight().getType().cast<mlir::ShapedType>().getShape();
  int64_t h = inShape[2], w = inShape[3];
  int64_t cout = outShape[1], ow = outShape[3];
  auto s = nn::toI64s(op.strides()), p = nn::toI64s(op.pads()),
       d = nn::toI64s(op.dilations());
  bool padded = p[0] || p[1] || p[2] || p[3];
  Var x("x"), y("y"), c("c"), n("n");
  // An absorbed expansion (KernelRequest::producer) computes the input from
  // the first operands, in place of the input; the weights follow at `next`.
  auto expansion = llvm::dyn_cast_or_null<nn::Conv2DOp>(ctx.request.producer);
  unsigned next = !expansion ? 1 : expansion.bias() ? 3 : 2;
  Func expandAcc("expand_acc"), expanded("expanded");
  RDom re(0, expansion ? static_cast<int>(shapeOf(expansion.input())[1]) : 1,
          "ce");
  if (expansion) {
    expandAcc(x, y, c, n) = expansion.bias() ? ctx.inputs[2](c) : Expr(0.0f);
    expandAcc(x, y, c, n) +=
        ctx.inputs[1](0, 0, re, c) * ctx.inputs[0](x, y, re, n);
    expanded(x, y, c, n) =
        applyActivation(expandAcc(x, y, c, n), expansion.activation(),
                        nn::toFloats(expansion.activation_params()));
  }
  // An input given as a channel map (a ShuffleNet V2 stage's buffer) is read
  // as it lies: the depthwise part runs over the storage's channels, with
  // weights the plan scattered to match, and the 1x1 part reads its input
  // channels through the map, one scalar per reduction step. Read through
  // the map, the depthwise part's channel vectors would be gathers.
  const Storage &inStorage = ctx.request.inputs[0];
  bool mapped = !expansion && !inStorage.channels.empty();
  Storage physical = inStorage;
  physical.channels.clear();
  Func in = expansion ? expanded
            : mapped  ? logicalView(ctx.params[0], physical)
                      : ctx.inputs[0];
  int64_t channels = expansion ? inShape[1] : physical.extentOf(1);
  if (padded)
    in = zeroPadded(in, w, h);
  Func dwWeight = ctx.inputs[next], dwBias = ctx.inputs[next + 1],
       pwWeight = ctx.inputs[next + 2], pwBias = ctx.inputs[next + 3];

  // Algorithm: the depthwise result dw feeds a 1x1 convolution.
  Expr sum = dwBias(c);
  for (int ky = 0; ky < dwShape[2]; ++ky)
    for (int kx = 0; kx < dwShape[3]; ++kx)
      sum += dwWeight(kx, ky, 0, c) *
             in(x * static_cast<int>(s[1]) + static_cast<int>(kx * d[1] - p[1]),
                y * static_cast<int>(s[0]) + static_cast<int>(ky * d[0] - p[0]),
                c, n);
  Func dw("depthwise");
  dw(x, y, c, n) =
      applyActivation(sum, op.depthwise_activation(),
                      nn::toFloats(op.depthwise_activation_params()));
  RDom r(0, static_cast<int>(inShape[1]), "c");
  const Storage &pwStorage = ctx.request.inputs[next + 2];
  bool blocked = pwStorage.rank() == 3;
  Func acc("acc");
  acc(x, y, c, n) = pwBias(biasChannel(pwStorage, c, cout));
  acc(x, y, c, n) +=
      filterTap(pwWeight, pwStorage, 1, 1, 0, 0, r, c) *
      dw(x, y, mapped ? storageChannel(inStorage, r) : Expr(r), n);
  Func conv("separable");
  conv(x, y, c, n) =
      addResidual(ctx,
                  applyActivation(acc(x, y, c, n), op.activation(),
                                  nn::toFloats(op.activation_params())),
                  {x, y, c, n});
  std::vector<Var> vars;
  Func out = storageView(conv, ctx.request.output, vars);
  if (ctx.request.output.order != channelsLastOrder()) {
    if (expansion) {
      expanded.compute_root();
      expandAcc.compute_root();
    }
    dw.compute_root();
    acc.compute_root();
    scheduleSimple(out, vars, ctx);
    return out;
  }

  // Schedule: per band of output rows, the depthwise result of the band
  // (all channels) goes to a band-sized buffer; the 1x1 convolution then
  // runs over it as a register-blocked matrix product, one block of output
  // channels at a time so the block's weights stay in cache across the band.
  // The depthwise part is computed once per band, outside the output-channel
  // loop: never stored whole, never recomputed.
  int64_t oh = outShape[2];
  auto [tile, byBlocks, mostRows] = separableTiling(ctx);
  assert((!blocked || pwStorage.dims[0].extent == tile.vectors * tile.width) &&
         "the plan blocked the weights for another tile");
  int64_t blocks = tile.blocksOver(cout);
  int64_t bandRows = byBlocks ? oh : evenBands(oh, mostRows);
  Var band = scheduleColumnTile(out, vars, acc, {x, y, c, n}, {r}, tile,
                                bandRows, ctx, byBlocks ? blocks : 0, blocked);
  int64_t bands = (oh + bandRows - 1) / bandRows;
  if (!byBlocks && bands >= 2)
    band = parallelize(out, band, bands, ctx).part;
  dw.compute_at(out, band).reorder_storage(c, x, y, n);
  // Split by blocks, the band is the whole image, and threads share its
  // depthwise part by channels (left to the band, it ran on one thread while
  // the other waited), each computing what its expansion's part feeds.
  int dwWidth = pickVectorWidth(channels, ctx.vectorWidth);
  int64_t taskChannels = channels;
  Var dwChannels = c;
  Halide::LoopLevel expansionStore(out, band);
  if (byBlocks) {
    int64_t vectors = (channels + dwWidth - 1) / dwWidth;
    taskChannels = (vectors + ctx.threads - 1) / ctx.threads * dwWidth;
    Var task("c_task");
    dwChannels = Var("c_part");
    dw.split(c, task, dwChannels, static_cast<int>(taskChannels),
             TailStrategy::GuardWithIf)
        .parallel(task);
    expansionStore = Halide::LoopLevel(dw, task);
  }
  unrollColumnsAroundChannels(dw, dwChannels, x, y, dwWidth, ow);
  // The expansion: computed per depthwise row, only the rows that row adds
  // to the window (a sliding window over the band or the task), into a
  // buffer of a few rows the window cycles through, each row a
  // register-blocked matrix product over the channels the task's depthwise
  // part reads.
  if (expansion) {
    scheduleColumnTile(expanded, {c, x, y}, expandAcc, {x, y, c, n}, {re},
                       pickGemmTile(taskChannels, w, w, false, ctx),
                       /*bandRows=*/0, ctx);
    expanded.store_at(expansionStore)
        .compute_at(dw, y)
        .reorder_storage(c, x, y, n)
        .fold_storage(y, foldedRows((dwShape[2] - 1) * d[0] + 1));
  }
  return out;
}

Func nncc::buildConv(KernelContext &ctx) {
  if (auto separable = llvm::dyn_cast<nn::SeparableConv2DOp>(ctx.request.op))
    return buildSeparable(ctx, separable);
  auto op = llvm::cast<nn::Conv2DOp>(ctx.request.op);
  ConvShape s(op, ctx.request);
  if (ctx.request.pixelsAsRows)
    return buildPointwise(ctx, s);
  if (ctx.request.group == s.cin && s.cin == s.cout)
    return buildDepthwise(ctx, s);
  return buildGeneralConv(ctx, s);
}

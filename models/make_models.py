#!/usr/bin/python3
"""Regenerate the nncc seed networks and their PyTorch reference data.

Run from anywhere with the interpreter that has torch/torchvision/onnx:

    /usr/bin/python3 models/make_models.py            # all models
    /usr/bin/python3 models/make_models.py mobilenet_v1 squeezenet1_0

For every model <name> this writes

    models/<name>/model.onnx                       (weights embedded, no external data)
    models/<name>/test_data_set_0/input_0.pb       (onnx TensorProto, name "input")
    models/<name>/test_data_set_0/output_0.pb      (onnx TensorProto, name "output")

i.e. the layout of ONNX's backend test data.  The script is deterministic
(fixed seeds per model) and idempotent: rerunning it overwrites the files.

Export settings (verified by the checks at the bottom of export_one()):

  * opset_version=13, static shapes, batch 1, input 1x3x224x224.
  * The model is put in eval() mode and exported with
    training=torch.onnx.TrainingMode.PRESERVE.  PRESERVE means "keep the
    module's current mode", so BatchNorm is exported in *inference* form:
    one BatchNormalization node with a single output, using the running
    statistics.  Unlike TrainingMode.EVAL (the default), PRESERVE skips
    torch's eval peephole pass (_jit_pass_onnx_eval_peephole), which would
    otherwise fold every BatchNormalization into the preceding Conv.  We
    want the BN nodes in the graph so that nncc has to handle/fuse them.
  * do_constant_folding=True (the default).  Constant folding only folds
    nodes whose inputs are all constants (it does not touch BN, which is
    fed by the activations); it turns the shape arithmetic that tracing
    records for x.size()/flatten/view into plain Constant shape tensors.
    (With PRESERVE the folding does not fuse Conv+BN; that is the separate
    eval peephole pass mentioned above.)  torch warns that constant folding
    is not recommended with PRESERVE "when model is in training mode"; our
    models are in eval mode, so the warning is silenced below.  With
    do_constant_folding=False the graphs would additionally contain ~135-145
    Unsqueeze and ~30 extra Concat nodes building the Reshape shapes of the
    ShuffleNets' channel shuffles.

Weights are random (no pretrained downloads): the constructors' own init
(torchvision's kaiming/normal init; the same scheme for the two custom
models), plus small random conv/linear biases (randomize_biases) and
randomised, calibrated BatchNorm parameters/statistics (randomize_bn: batch
statistics measured on a random calibration batch, then perturbed: mean
+ N(0, 0.1^2)*std, var * U(0.5, 2); gamma ~ U(0.5, 1.5), beta ~ N(0, 0.1^2)),
so BN is far from an identity but the signal does not vanish with depth.
The script asserts the reference output is finite, not astronomically
large, non-degenerate (std >= 1e-2 * max|output|, at least half of the
values distinct) and that it depends on
the input (checked against a second random input).
"""

import os
import sys
import warnings

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OPSET = 13
INPUT_SHAPE = (1, 3, 224, 224)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # count.py, onnx_ref.py


# ---------------------------------------------------------------------------
# MobileNet V1 1.0-224 (Howard et al. 2017)
# ---------------------------------------------------------------------------
def conv_bn_relu(cin, cout, k, stride, groups=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class MobileNetV1(nn.Module):
    # (out channels, stride) of the 13 depthwise-separable blocks
    CFG = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + \
          [(512, 1)] * 5 + [(1024, 2), (1024, 1)]

    def __init__(self, num_classes=1000):
        super().__init__()
        layers = [conv_bn_relu(3, 32, 3, 2)]
        cin = 32
        for cout, s in self.CFG:
            layers.append(conv_bn_relu(cin, cin, 3, s, groups=cin))  # depthwise
            layers.append(conv_bn_relu(cin, cout, 1, 1))             # pointwise
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(1024, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.features(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


# ---------------------------------------------------------------------------
# ShuffleNet V1 1x, g=3 (Zhang et al. 2017)
# ---------------------------------------------------------------------------
def channel_shuffle(x, groups):
    n, c, h, w = x.size()
    x = x.view(n, groups, c // groups, h, w)
    x = x.transpose(1, 2).contiguous()
    return x.view(n, c, h, w)


class ShuffleV1Unit(nn.Module):
    def __init__(self, cin, cout, stride, groups, first_group_ungrouped):
        super().__init__()
        self.stride = stride
        mid = cout // 4
        branch_out = cout - cin if stride == 2 else cout
        # The very first 1x1 conv of stage 2 (24 input channels) is not grouped;
        # as in the paper / Megvii reference code, no shuffle follows it then
        # (a shuffle with 1 group is the identity).
        g1 = 1 if first_group_ungrouped else groups
        self.g1 = g1
        self.conv1 = nn.Conv2d(cin, mid, 1, 1, 0, groups=g1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, branch_out, 1, 1, 0, groups=groups, bias=False)
        self.bn3 = nn.BatchNorm2d(branch_out)

    def forward(self, x):
        b = F.relu(self.bn1(self.conv1(x)))
        if self.g1 > 1:
            b = channel_shuffle(b, self.g1)
        b = self.bn2(self.conv2(b))
        b = self.bn3(self.conv3(b))
        if self.stride == 1:
            return F.relu(x + b)
        return F.relu(torch.cat([F.avg_pool2d(x, 3, 2, 1), b], 1))


class ShuffleNetV1(nn.Module):
    def __init__(self, groups=3, num_classes=1000):
        super().__init__()
        stage_out = {3: [240, 480, 960]}[groups]
        repeats = [4, 8, 4]
        self.conv1 = nn.Conv2d(3, 24, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(24)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        units = []
        cin = 24
        for si, (cout, rep) in enumerate(zip(stage_out, repeats)):
            for i in range(rep):
                units.append(ShuffleV1Unit(cin, cout, 2 if i == 0 else 1, groups,
                                           first_group_ungrouped=(si == 0 and i == 0)))
                cin = cout
        self.stages = nn.Sequential(*units)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(stage_out[-1], num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.stages(x)
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


# ---------------------------------------------------------------------------
# Model table: name -> (constructor, expected params, expected MACs)
# Expected numbers are independent counts (conv + fc MACs only); the exported
# graphs must match within 0.5%.
# ---------------------------------------------------------------------------
TV = torchvision.models
MODELS = {
    "squeezenet1_0": (lambda: TV.squeezenet1_0(weights=None), 1.248e6, 818.9e6),
    "squeezenet1_1": (lambda: TV.squeezenet1_1(weights=None), 1.235e6, 349.2e6),
    "mobilenet_v1": (MobileNetV1, 4.232e6, 568.7e6),
    "mobilenet_v2": (lambda: TV.mobilenet_v2(weights=None), 3.505e6, 300.8e6),
    "shufflenet_v1_g3": (lambda: ShuffleNetV1(groups=3), 1.866e6, 137.5e6),
    "shufflenet_v2_x0_5": (lambda: TV.shufflenet_v2_x0_5(weights=None), 1.367e6, 40.5e6),
    "shufflenet_v2_x1_0": (lambda: TV.shufflenet_v2_x1_0(weights=None), 2.279e6, 144.9e6),
    # No independent count was given for V3-small; these are torchvision's
    # documented 2,542,856 params and our conv+fc MAC count (torchvision
    # documents "0.06 GFLOPS").
    "mobilenet_v3_small": (lambda: TV.mobilenet_v3_small(weights=None), 2.542856e6, 56.5104e6),
}
# Fixed seeds: one per model (stable, independent of the order of generation).
SEEDS = {name: 1000 + i for i, name in enumerate(MODELS)}
TOLERANCE = 0.005


def randomize_bn(model, gen, calib):
    """Randomised but *calibrated* BatchNorm statistics.

    Purely random running stats (e.g. var ~ U(0.5, 2) independent of the real
    activation variance) make BN rescale the signal by a random factor per
    layer; over ~50 layers the input signal vanishes and the output becomes
    input-independent (beta dominates).  So we first measure the per-channel
    batch statistics on a calibration batch (train-mode forward with
    momentum=None, i.e. a cumulative average), and then perturb them:
        running_mean = mean + N(0, 0.1^2) * sqrt(var)
        running_var  = var * U(0.5, 2)
        gamma ~ U(0.5, 1.5),  beta ~ N(0, 0.1^2)
    Gamma/beta are randomised first so the calibration sees the final
    affine parameters of earlier layers.
    """
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if not bns:
        return
    for m in bns:
        c = m.num_features
        with torch.no_grad():
            m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
            m.bias.copy_(torch.randn(c, generator=gen) * 0.1)
    # Calibrate one BN at a time, front to back, so every layer is measured
    # with the final (perturbed) statistics of all layers before it.
    for m in bns:
        saved = m.momentum
        m.reset_running_stats()
        m.momentum = None
        model.train()
        for other in bns:  # only the current BN uses batch statistics
            if other is not m:
                other.eval()
        with torch.no_grad():
            model(calib)
        model.eval()
        m.momentum = saved
        c = m.num_features
        with torch.no_grad():
            std = m.running_var.clamp_min(1e-6).sqrt()
            m.running_mean.add_(torch.randn(c, generator=gen) * 0.1 * std)
            m.running_var.mul_(torch.rand(c, generator=gen) * 1.5 + 0.5)
        m.num_batches_tracked.zero_()


def randomize_biases(model, gen):
    """torchvision initialises most conv/linear biases to 0 (and torch.onnx then
    deduplicates the identical zero initializers into Identity nodes).  Give
    every bias a small random value U(-a, a), a = 0.5/sqrt(fan_in), so bias
    handling is actually exercised by the reference data."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
            fan_in = m.weight[0].numel()
            a = 0.5 / fan_in ** 0.5
            with torch.no_grad():
                m.bias.copy_((torch.rand(m.bias.shape, generator=gen) * 2 - 1) * a)


def save_tensor(arr, name, path):
    t = onnx.numpy_helper.from_array(np.ascontiguousarray(arr), name=name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def check_output(name, out):
    assert np.all(np.isfinite(out)), f"{name}: non-finite reference output"
    amax = float(np.max(np.abs(out)))
    std = float(np.std(out))
    assert amax < 1e4, f"{name}: output too large (max|y|={amax})"
    assert amax > 0 and std >= 1e-2 * amax, \
        f"{name}: degenerate output (std={std}, max|y|={amax})"
    assert len(np.unique(out)) >= out.size // 2, f"{name}: too few distinct output values"
    return std, amax


def export_one(name):
    ctor, exp_params, exp_macs = MODELS[name]
    seed = SEEDS[name]
    torch.manual_seed(seed)
    model = ctor()
    gen = torch.Generator().manual_seed(seed + 1)
    randomize_biases(model, gen)
    calib = torch.randn(2, *INPUT_SHAPE[1:], generator=gen)
    randomize_bn(model, gen, calib)
    model.eval()

    n_params = sum(p.numel() for p in model.parameters())
    if exp_params is not None:
        assert abs(n_params - exp_params) <= TOLERANCE * exp_params, \
            f"{name}: torch params {n_params} != expected {exp_params}"

    gen_in = torch.Generator().manual_seed(seed + 2)
    x = torch.randn(*INPUT_SHAPE, generator=gen_in, dtype=torch.float32)
    with torch.no_grad():
        y = model(x).numpy().astype(np.float32)
        # The output must really depend on the input: compare with a second
        # random input.
        y_other = model(torch.randn(*INPUT_SHAPE, generator=gen_in)).numpy()
    std, amax = check_output(name, y)
    diff = float(np.std(y - y_other))
    assert diff >= 1e-3 * std, f"{name}: output nearly input-independent ({diff} vs {std})"

    out_dir = os.path.join(HERE, name)
    data_dir = os.path.join(out_dir, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(
        model, x, onnx_path,
        input_names=["input"], output_names=["output"],
        opset_version=OPSET,
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=True,
        export_params=True,
        keep_initializers_as_inputs=False,
    )
    save_tensor(x.numpy(), "input", os.path.join(data_dir, "input_0.pb"))
    save_tensor(y, "output", os.path.join(data_dir, "output_0.pb"))

    # ---- verification of the exported file ----
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m, full_check=True)
    g = m.graph
    assert [i.name for i in g.input] == ["input"], [i.name for i in g.input]
    assert [o.name for o in g.output] == ["output"], [o.name for o in g.output]
    dims = [d.dim_value for d in g.input[0].type.tensor_type.shape.dim]
    assert tuple(dims) == INPUT_SHAPE, dims
    for t in g.initializer:
        assert t.data_location != onnx.TensorProto.EXTERNAL, f"{name}: external data"
    bns = [n for n in g.node if n.op_type == "BatchNormalization"]
    n_bn_torch = sum(isinstance(mm, nn.BatchNorm2d) for mm in model.modules())
    assert len(bns) == n_bn_torch, f"{name}: {len(bns)} BN nodes, torch has {n_bn_torch}"
    for n in bns:
        assert len(n.output) == 1, f"{name}: training-mode BN node {n.name}"
        assert all(a.name != "training_mode" or a.i == 0 for a in n.attribute)

    # Counts from the ONNX graph (same code as count.py / the lit tests).
    import count  # noqa: E402
    params, macs = count.count(m)
    if exp_params is not None:
        assert abs(params - exp_params) <= TOLERANCE * exp_params, (name, params)
        assert abs(macs - exp_macs) <= TOLERANCE * exp_macs, (name, macs)
    assert params == n_params, f"{name}: onnx params {params} != torch {n_params}"

    # Run the exported graph with the independent numpy interpreter
    # (onnx_ref.py; onnxruntime is not available here) on the saved input and
    # compare with the PyTorch eval-mode reference output.
    import onnx_ref  # noqa: E402
    err, _ = onnx_ref.compare(onnx_path)
    assert err <= 1e-4 * max(1.0, amax), f"{name}: ONNX graph != PyTorch ({err})"
    ref_msg = f" onnx_vs_torch={err:.1e}"

    size = os.path.getsize(onnx_path)
    print(f"{name:20s} params={params} macs={macs} bn={len(bns)} "
          f"std={std:.4g} max|y|={amax:.4g} sens={diff / std:.3g} size={size / 1e6:.2f}MB{ref_msg}")


def main(argv):
    warnings.filterwarnings("ignore", message="It is recommended that constant folding")
    names = argv[1:] or list(MODELS)
    for n in names:
        if n not in MODELS:
            sys.exit(f"unknown model {n!r}; known: {', '.join(MODELS)}")
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    for n in names:
        export_one(n)


if __name__ == "__main__":
    main(sys.argv)

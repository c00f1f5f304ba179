#!/usr/bin/env python3
"""Writes MobileNet V1 or torchvision's MobileNetV2 as nn-dialect MLIR, the way
the ONNX importer sees a model exported with training=TrainingMode.PRESERVE:
every conv followed by its BatchNormalization and ReLU / ReLU6 (Clip) node.
Weights are splat constants (the graph's structure is what the passes care
about) and every op's location is its node name, so tests can check that the
names survive fusion.

usage: mobilenet.py v1|v2 [resolution]
"""
import sys


class Graph:
    def __init__(self, resolution):
        self.lines = []
        self.count = 0
        self.shape = (1, 3, resolution, resolution)
        self.value = "%input"
        self.input_shape = self.shape

    @staticmethod
    def ty(shape):
        return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"

    def fresh(self):
        self.count += 1
        return "%v" + str(self.count)

    def const(self, shape, value, name):
        v = self.fresh()
        self.lines.append(f'  {v} = nn.constant dense<{value}> : {self.ty(shape)} loc("{name}")')
        return v

    def conv(self, name, out, k, stride, group=1):
        n, c, h, w = self.shape
        pad = k // 2
        weight = self.const((out, c // group, k, k), "0.01", name + ".weight")
        oh = (h + 2 * pad - k) // stride + 1
        ow = (w + 2 * pad - k) // stride + 1
        shape = (n, out, oh, ow)
        attrs = f"strides = [{stride}, {stride}], pads = [{pad}, {pad}, {pad}, {pad}], group = {group}"
        v = self.fresh()
        self.lines.append(
            f'  {v} = nn.conv2d {self.value}, {weight} {{{attrs}}} : '
            f'({self.ty(self.shape)}, {self.ty((out, c // group, k, k))}) -> {self.ty(shape)} loc("{name}")')
        self.value, self.shape = v, shape

    def bn(self, name):
        c = self.shape[1]
        params = [self.const((c,), val, f"{name}.{p}")
                  for p, val in (("weight", "1.0"), ("bias", "0.1"),
                                 ("running_mean", "0.0"), ("running_var", "1.0"))]
        v = self.fresh()
        t = self.ty(self.shape)
        pt = self.ty((c,))
        self.lines.append(
            f'  {v} = nn.batch_norm {self.value}, {", ".join(params)} : '
            f'({t}, {pt}, {pt}, {pt}, {pt}) -> {t} loc("{name}")')
        self.value = v

    def act(self, name, relu6):
        v = self.fresh()
        t = self.ty(self.shape)
        if relu6:
            self.lines.append(f'  {v} = nn.clip {self.value} {{min = 0.0 : f32, max = 6.0 : f32}} : {t} loc("{name}")')
        else:
            self.lines.append(f'  {v} = nn.relu {self.value} : {t} loc("{name}")')
        self.value = v

    def add(self, other, name):
        v = self.fresh()
        t = self.ty(self.shape)
        self.lines.append(f'  {v} = nn.add {self.value}, {other} : ({t}, {t}) -> {t} loc("{name}")')
        self.value = v

    def classifier(self, name, classes):
        n, c, _, _ = self.shape
        pooled = self.fresh()
        self.lines.append(f'  {pooled} = nn.global_avg_pool {self.value} : {self.ty(self.shape)} -> {self.ty((n, c, 1, 1))} loc("{name}.pool")')
        flat = self.fresh()
        self.lines.append(f'  {flat} = nn.flatten {pooled} : {self.ty((n, c, 1, 1))} -> {self.ty((n, c))} loc("{name}.flatten")')
        weight = self.const((classes, c), "0.01", name + ".weight")
        bias = self.const((classes,), "0.0", name + ".bias")
        v = self.fresh()
        self.lines.append(
            f'  {v} = nn.gemm {flat}, {weight}, {bias} {{transB = true}} : '
            f'({self.ty((n, c))}, {self.ty((classes, c))}, {self.ty((classes,))}) -> {self.ty((n, classes))} loc("{name}")')
        self.value, self.shape = v, (n, classes)

    def text(self, func):
        head = f"func @{func}(%input: {self.ty(self.input_shape)}) -> {self.ty(self.shape)} {{"
        return "\n".join([head] + self.lines +
                         [f"  return {self.value} : {self.ty(self.shape)}", "}"]) + "\n"


def conv_bn_act(g, name, out, k, stride, group=1, relu6=False, act=True):
    g.conv(name, out, k, stride, group)
    g.bn(name + "_bn")
    if act:
        g.act(name + "_act", relu6)


def mobilenet_v1(resolution):
    g = Graph(resolution)
    conv_bn_act(g, "conv0", 32, 3, 2)
    blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + \
             [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    for i, (out, stride) in enumerate(blocks, 1):
        c = g.shape[1]
        conv_bn_act(g, f"block{i}.dw", c, 3, stride, group=c)
        conv_bn_act(g, f"block{i}.pw", out, 1, 1)
    g.classifier("fc", 1000)
    return g.text("mobilenet_v1")


def mobilenet_v2(resolution):
    g = Graph(resolution)
    conv_bn_act(g, "features.0", 32, 3, 2, relu6=True)
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    index = 1
    for t, out, n, s in settings:
        for i in range(n):
            stride = s if i == 0 else 1
            name = f"features.{index}.conv"
            cin = g.shape[1]
            block_input = g.value
            hidden = cin * t
            j = 0
            if t != 1:
                conv_bn_act(g, f"{name}.{j}", hidden, 1, 1, relu6=True)
                j += 1
            conv_bn_act(g, f"{name}.{j}", hidden, 3, stride, group=hidden, relu6=True)
            conv_bn_act(g, f"{name}.{j + 1}", out, 1, 1, act=False)
            if stride == 1 and cin == out:
                g.add(block_input, f"features.{index}.add")
            index += 1
    conv_bn_act(g, "features.18", 1280, 1, 1, relu6=True)
    g.classifier("classifier.1", 1000)
    return g.text("mobilenet_v2")


if __name__ == "__main__":
    which = sys.argv[1]
    resolution = int(sys.argv[2]) if len(sys.argv) > 2 else 224
    sys.stdout.write(mobilenet_v1(resolution) if which == "v1" else mobilenet_v2(resolution))

#!/usr/bin/python3
"""Makes the example application's test image and torchvision's preprocessed
tensor of it (run once; the outputs are committed):

    /usr/bin/python3 make_reference.py OUTDIR
        OUTDIR/image.png       320x279 RGB, synthetic (gradients, discs,
                               fine stripes that only an antialiasing
                               resize averages away, a noisy corner)
        OUTDIR/small.ppm       150x100, the same kind, binary PPM (P6)
        OUTDIR/reference.npz   'image', 'small': torchvision's tensors,
                               float32 [3,224,224], of Resize(256),
                               CenterCrop(224), ToTensor(), Normalize(ImageNet
                               mean, std)

Needs python3-torchvision and python3-pil (Debian), which the test does not:
it compares classify's tensors with reference.npz. 320x279 shrinks (so PIL's
antialiasing filter matters) to 293x256, whose crop offset 34.5 Python's
round() makes 34 (half to even); 150x100 grows to 384x256.
"""
import os
import sys

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image


def make_image(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([x / w * 200 + 30, y / h * 180 + 40,
                    (x + y) / (w + h) * 120 + 60], axis=-1)
    for cx, cy, r, color in [(0.25, 0.32, 0.16, (230, 40, 30)),
                             (0.69, 0.58, 0.22, (20, 200, 90)),
                             (0.5, 0.83, 0.11, (40, 60, 220))]:
        disc = (x - cx * w) ** 2 + (y - cy * h) ** 2 < (r * w) ** 2
        img[disc] = color
    stripes = (np.sin(x * 2.2) > 0) & (y > 0.72 * h) & (x < 0.37 * w)
    img[stripes] = 250
    # Noise in one corner only: every pixel value matters there, and the
    # PNG stays small.
    corner = (x > 0.75 * w) & (y < 0.25 * h)
    img[corner] += rng.normal(0, 8.0, img[corner].shape)
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8))


def preprocess(path):
    """torchvision's ImageNet evaluation transform, as its docs write it."""
    transform = T.Compose([
        T.Resize(256), T.CenterCrop(224), T.ToTensor(),
        T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])
    with torch.no_grad():
        return transform(Image.open(path).convert("RGB")).numpy()


def main(outdir):
    big = os.path.join(outdir, "image.png")
    make_image(320, 279, 10).save(big, optimize=True)
    small = os.path.join(outdir, "small.ppm")
    make_image(150, 100, 11).save(small)
    np.savez_compressed(os.path.join(outdir, "reference.npz"),
                        image=preprocess(big), small=preprocess(small))


if __name__ == "__main__":
    main(sys.argv[1])

"""The benchmark's networks in PyTorch, layer for layer like nets.ts (tf.layers).

Convs have no bias and are followed by BatchNorm (eps 1e-5, momentum 0.1) and the
activation. PyTorch pads 3x3/2 convs symmetrically where TF 'same' pads
bottom/right only: same shapes and same cost, a one-pixel shift.
"""
import torch
from torch import nn


def bn_act(channels, act):
    layers = [nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)]
    if act == "relu":
        layers.append(nn.ReLU(inplace=False))
    elif act == "prelu":
        layers.append(nn.PReLU(channels, init=0.25))
    return layers


def conv(cin, cout, k, s, act):
    return [nn.Conv2d(cin, cout, k, s, k // 2, bias=False), *bn_act(cout, act)]


def depthwise(c, k, s, act, padding=None):
    pad = k // 2 if padding is None else padding
    return [nn.Conv2d(c, c, k, s, pad, groups=c, bias=False), *bn_act(c, act)]


class SmallNet(nn.Module):
    def __init__(self, image_size):
        super().__init__()
        layers = conv(3, 32, 3, 2, "relu")
        channels = 32
        for out, stride in [(32, 1), (64, 2), (64, 1), (128, 2), (128, 1)]:
            layers += conv(channels, channels * 2, 1, 1, "relu")
            layers += depthwise(channels * 2, 3, stride, "relu")
            layers += conv(channels * 2, out, 1, 1, "relu")
            channels = out
        self.features = nn.Sequential(*layers)
        self.embedding = nn.Linear(128, 128)

    def forward(self, x):
        return self.embedding(self.features(x).mean(dim=(2, 3)))


class Bottleneck(nn.Module):
    def __init__(self, cin, cout, t, s):
        super().__init__()
        self.residual = s == 1 and cin == cout
        self.body = nn.Sequential(
            *conv(cin, cin * t, 1, 1, "prelu"),
            *depthwise(cin * t, 3, s, "prelu"),
            *conv(cin * t, cout, 1, 1, "linear"),
        )

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class MobileFaceNet(nn.Module):
    BLOCKS = [(2, 64, 5, 2), (4, 128, 1, 2), (2, 128, 6, 1), (4, 128, 1, 2), (2, 128, 2, 1)]

    def __init__(self, image_size):
        super().__init__()
        layers = conv(3, 64, 3, 2, "prelu") + depthwise(64, 3, 1, "prelu")
        channels = 64
        for t, c, n, s in self.BLOCKS:
            for i in range(n):
                layers.append(Bottleneck(channels, c, t, s if i == 0 else 1))
                channels = c
        layers += conv(channels, 512, 1, 1, "prelu")
        feature_map = image_size // 16
        layers += depthwise(512, feature_map, 1, "linear", padding=0)  # GDC
        layers += conv(512, 128, 1, 1, "linear")
        self.features = nn.Sequential(*layers)

    def forward(self, x):
        return torch.flatten(self.features(x), 1)


def build(name, image_size):
    return SmallNet(image_size) if name == "small" else MobileFaceNet(image_size)

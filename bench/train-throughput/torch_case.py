"""Times one benchmark case in PyTorch (CPU) and prints one JSON line.

usage: torch_case.py train|infer NET IMAGE_SIZE THREADS STEPS WARMUP [BATCH]
"""
import json
import statistics
import sys
import time

import torch
from torch import nn

from nets import build


def decay_groups(modules, weight_decay):
    decayed, plain = [], []
    for module in modules:
        for m in module.modules():
            for name, p in m.named_parameters(recurse=False):
                is_kernel = name == "weight" and isinstance(m, (nn.Conv2d, nn.Linear))
                (decayed if is_kernel else plain).append(p)
    return [{"params": decayed, "weight_decay": weight_decay}, {"params": plain, "weight_decay": 0.0}]


def main():
    mode, net, size, threads, steps, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    batch = int(sys.argv[7]) if len(sys.argv) > 7 else 32
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build(net, size)
    x = torch.randn(batch, 3, size, size)
    times = []
    if mode == "train":
        head = nn.Linear(128, 100)
        labels = torch.arange(batch) % 100
        opt = torch.optim.SGD(decay_groups([model, head], 5e-4), lr=0.05, momentum=0.9)
        model.train()
        for i in range(warmup + steps):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = nn.functional.cross_entropy(head(model(x)), labels)
            loss.backward()
            opt.step()
            loss.item()
            if i >= warmup:
                times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        print(json.dumps({"img_s": batch / median, "step_ms": median * 1e3, "loss": float(loss)}))
    else:
        model.eval()
        with torch.no_grad():
            for i in range(warmup + steps):
                t0 = time.perf_counter()
                model(x)
                if i >= warmup:
                    times.append(time.perf_counter() - t0)
        print(json.dumps({"latency_ms": statistics.median(times) * 1e3}))


if __name__ == "__main__":
    main()

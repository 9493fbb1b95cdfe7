#!/usr/bin/env python3
"""PyTorch reference for bench/bench_qmix_agent.c: the same QMIX agent-net
training step (fc1 60->64 + ReLU, GRUCell(64, 64), fc2 64->8; T = 50 steps of
B = 96 rows; MSE on the chosen actions' Q-values, BPTT, clip_grad_norm_ 10,
Adam) on one thread. Prints "ms_per_step <median ms over 20 steps>"."""
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    print("torch: not available")
    sys.exit(0)

T, B, IN, H, A = 50, 96, 60, 64, 8


class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(IN, H)
        self.rnn = nn.GRUCell(H, H)
        self.fc2 = nn.Linear(H, A)

    def forward(self, x_t, h):
        h = self.rnn(F.relu(self.fc1(x_t)), h)
        return self.fc2(h), h


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = Agent()
    opt = torch.optim.Adam(net.parameters(), lr=5e-4)
    x = torch.randn(T, B, IN)
    act = torch.randint(0, A, (T, B, 1))
    target = torch.randn(T, B)
    mask = torch.ones(T, B)
    times = []
    for i in range(23):
        t0 = time.perf_counter()
        h = torch.zeros(B, H)
        qs = []
        for t in range(T):
            q, h = net(x[t], h)
            qs.append(q)
        q = torch.stack(qs)                                 # T x B x A
        chosen = torch.gather(q, 2, act).squeeze(2)         # T x B
        loss = ((chosen - target) ** 2 * mask).sum() / mask.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
        opt.step()
        if i >= 3:
            times.append((time.perf_counter() - t0) * 1e3)
    print("ms_per_step %.4f" % statistics.median(times))


if __name__ == "__main__":
    main()

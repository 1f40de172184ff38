"""The PyTorch peer of the engine benchmark: `/usr/bin/python3 test/bench/peers/torch_peer.py`, then requests
on stdin, one JSON per line (test/bench/peers/protocol.ts). One CPU thread, float32, nn.RNN / nn.LSTM / nn.GRU
with batch_first; forward runs under no_grad, forward + BPTT back-propagates L = sum_t v.h_t to the weights."""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
print(json.dumps({"ready": torch.__version__}), flush=True)

KINDS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}

for line in sys.stdin:
    if not line.strip():
        continue
    try:
        q = json.loads(line)
        net = KINDS[q["cell"]](q["D"], q["H"], batch_first=True)
        x = torch.rand(q["n"], q["T"], q["D"]) * 2 - 1
        v = torch.rand(q["H"]) * 2 - 1

        def fwd():
            with torch.no_grad():
                net(x)

        def fb():
            net.zero_grad(set_to_none=True)
            out, _ = net(x)
            (out @ v).sum().backward()

        fn = fwd if q["mode"] == "fwd" else fb
        if q["warmup"]:
            fn()
        ms = []
        for _ in range(q["runs"]):
            t0 = time.perf_counter()
            fn()
            ms.append((time.perf_counter() - t0) * 1e3)
        reply = {"ms": ms}
    except (RuntimeError, MemoryError) as e:
        reply = {"error": str(e).splitlines()[0][:200]}
    print(json.dumps(reply), flush=True)

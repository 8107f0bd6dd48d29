"""PyTorch reference for the mnist-mlp and mnist-manual-vs-autograd recipes.

Trains the 784-128-64-10 ReLU MLP on MNIST (read from $GRADLAB_DATA/mnist,
default ../shared/data/mnist) with the given initialisation, optimiser,
batch size and pixel scaling, and prints the test accuracy after every epoch,
or with --validate the accuracy on training images 50 000-59 999 after
training on the first 50 000 (for choosing settings without the test set).

  /usr/bin/python3 scripts/mnist-mlp-torch.py --init he --seeds 0,1,2,3,4
  /usr/bin/python3 scripts/mnist-mlp-torch.py --pixels unit --optimizer sgd --lr 0.01 --epochs 10
"""
import argparse, gzip, os
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument('--init', choices=['pytorch', 'he', 'glorot'], default='he')
p.add_argument('--optimizer', choices=['adam', 'sgd'], default='adam')
p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--eps', type=float, default=1e-8, help='Adam epsilon (Keras: 1e-7)')
p.add_argument('--batch-size', type=int, default=64)
p.add_argument('--epochs', type=int, default=5)
p.add_argument('--pixels', choices=['symmetric', 'unit'], default='symmetric')
p.add_argument('--seeds', default='0')
p.add_argument('--validate', action='store_true')
p.add_argument('--threads', type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
root = os.path.join(os.environ.get('GRADLAB_DATA', os.path.join(os.path.dirname(__file__), '../../../../shared/data')), 'mnist')

def images(f):
    with gzip.open(os.path.join(root, f)) as fh:
        x = np.frombuffer(fh.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    return torch.tensor(x * 2 - 1 if a.pixels == 'symmetric' else x)

def labels(f):
    with gzip.open(os.path.join(root, f)) as fh:
        return torch.tensor(np.frombuffer(fh.read(), np.uint8, offset=8).astype(np.int64))

x, y = images('train-images-idx3-ubyte.gz'), labels('train-labels-idx1-ubyte.gz')
if a.validate:
    x, y, xe, ye = x[:50000], y[:50000], x[50000:], y[50000:]
else:
    xe, ye = images('t10k-images-idx3-ubyte.gz'), labels('t10k-labels-idx1-ubyte.gz')

finals = []
for seed in [int(s) for s in a.seeds.split(',')]:
    torch.manual_seed(seed)
    m = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64),
                            torch.nn.ReLU(), torch.nn.Linear(64, 10))
    for l in m:
        if isinstance(l, torch.nn.Linear) and a.init != 'pytorch':
            if a.init == 'he':
                torch.nn.init.kaiming_uniform_(l.weight, nonlinearity='relu')
            else:
                torch.nn.init.xavier_uniform_(l.weight)
            torch.nn.init.zeros_(l.bias)
    opt = (torch.optim.Adam(m.parameters(), lr=a.lr, eps=a.eps) if a.optimizer == 'adam'
           else torch.optim.SGD(m.parameters(), lr=a.lr))
    accs = []
    for _ in range(a.epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), a.batch_size):
            idx = perm[i:i + a.batch_size]
            loss = torch.nn.functional.cross_entropy(m(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            accs.append((m(xe).argmax(1) == ye).float().mean().item())
    finals.append(accs[-1])
    print(f'seed {seed}: ' + ' '.join(f'{v:.4f}' for v in accs), flush=True)
print(f'{"validation" if a.validate else "test"} accuracy after {a.epochs} epochs: mean {np.mean(finals):.4f}, min {min(finals):.4f}, max {max(finals):.4f}')

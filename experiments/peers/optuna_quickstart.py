"""The quick-start study (experiments/quickstart.json) in Optuna around a PyTorch loop: an MLP
256-128 (ReLU, He initialisation, dropout), 8 epochs a trial with a cosine schedule, optimizer
momentum|adam, learning rate, weight decay, batch size 32…256 and dropout searched by Optuna's TPE
with its median pruner or Hyperband, pruning on validation accuracy after each epoch.

Run by the experiments runner (`-- peers-e2e`), which hands over the very split TuneWise trains and
validates on (standardised float32 images and labels, written by the runner), so both tools are
judged on the same 1,000-odd validation images. Given a Fashion-MNIST folder instead, the script
splits and standardises it itself. With RETRAIN > 0 the best configuration is trained that many
times again with fresh seeds, unpruned, for the accuracy the chosen configuration gives rather than
its luckiest run. Prints one JSON object on stdout.
Usage: /usr/bin/python3 optuna_quickstart.py DATA_FOLDER SEED PRUNER(median|hyperband) TRIALS [RETRAIN]
"""
import gzip
import json
import math
import os
import struct
import sys
import time
import warnings

import numpy as np
import optuna
import torch
from torch import nn

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
torch.set_num_threads(os.cpu_count() or 1)
EPOCHS = 8


def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load(folder, seed):
    """The split the runner wrote (train-x.f32, train-y.f32, validation-x.f32, validation-y.f32), when present."""
    if os.path.exists(os.path.join(folder, "train-x.f32")):
        def part(name):
            x = np.fromfile(os.path.join(folder, f"{name}-x.f32"), dtype=np.float32).reshape(-1, 784)
            y = np.fromfile(os.path.join(folder, f"{name}-y.f32"), dtype=np.float32).astype(np.int64)
            return torch.from_numpy(x), torch.from_numpy(y)
        return part("train"), part("validation")
    return load_folder(folder, seed)


def load_folder(folder, seed):
    """The training images (all 60,000 when present, else the 10,000 of t10k), 10 % held out for validation."""
    prefix = "train" if os.path.exists(os.path.join(folder, "train-images-idx3-ubyte.gz")) else "t10k"
    x = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
    y = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = len(x) // 10
    val, train = order[:n_val], order[n_val:]
    mean, std = x[train].mean(), x[train].std()
    to = lambda idx: (torch.from_numpy((x[idx] - mean) / std), torch.from_numpy(y[idx]))
    return to(train), to(val)


def model(dropout):
    layers, width = [], 784
    for hidden in (256, 128):
        linear = nn.Linear(width, hidden)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, nn.ReLU(), nn.Dropout(dropout)]
        width = hidden
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def main():
    folder, seed, pruner_name, trials = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    retrain = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    (x_train, y_train), (x_val, y_val) = load(folder, seed)
    epochs_trained = 0
    history = []  # (cumulative epochs, best validation accuracy so far)
    best_so_far = 0.0

    def train(params, torch_seed, after_epoch):
        """Trains one configuration for EPOCHS epochs; after_epoch(epoch, accuracy) may raise TrialPruned."""
        torch.manual_seed(torch_seed)
        net = model(params["dropout"])
        lr, wd, batch = params["learningRate"], params["weightDecay"], params["batchSize"]
        opt = (torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, weight_decay=wd) if params["optimizer"] == "momentum"
               else torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd))
        steps = EPOCHS * math.ceil(len(x_train) / batch)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
        loss_fn = nn.CrossEntropyLoss()
        accuracy = 0.0
        for epoch in range(EPOCHS):
            net.train()
            perm = torch.randperm(len(x_train))
            for start in range(0, len(x_train), batch):
                idx = perm[start:start + batch]
                opt.zero_grad()
                loss = loss_fn(net(x_train[idx]), y_train[idx])
                if not torch.isfinite(loss):
                    return None  # diverged
                loss.backward()
                opt.step()
                schedule.step()
            net.eval()
            with torch.no_grad():
                accuracy = (net(x_val).argmax(1) == y_val).float().mean().item()
            after_epoch(epoch, accuracy)
        return accuracy

    def objective(trial):
        nonlocal epochs_trained
        params = {
            "optimizer": trial.suggest_categorical("optimizer", ["momentum", "adam"]),
            "learningRate": trial.suggest_float("learningRate", 1e-5, 1e-1, log=True),
            "weightDecay": trial.suggest_float("weightDecay", 1e-6, 1e-2, log=True),
            "batchSize": trial.suggest_categorical("batchSize", [32, 64, 128, 256]),
            "dropout": trial.suggest_float("dropout", 0.0, 0.5),
        }

        def after_epoch(epoch, accuracy):
            nonlocal epochs_trained, best_so_far
            epochs_trained += 1
            if accuracy > best_so_far:
                best_so_far = accuracy
                history.append((epochs_trained, accuracy))
            trial.report(accuracy, epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()

        accuracy = train(params, seed * 1000 + trial.number, after_epoch)
        if accuracy is None:
            epochs_trained += 1
            raise optuna.TrialPruned()  # diverged: Optuna has no health monitor; stop the trial
        return accuracy

    pruner = optuna.pruners.MedianPruner() if pruner_name == "median" else optuna.pruners.HyperbandPruner(min_resource=1, max_resource=EPOCHS, reduction_factor=3)
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed), pruner=pruner)
    started = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - started
    # Fresh seeds, apart from every trial's (seed * 1000 + trial number).
    # A study with no complete trial chose nothing to retrain.
    chose = any(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials)
    retrained = [train(study.best_params, 1_000_000 + seed * 100 + k, lambda epoch, accuracy: None) for k in range(retrain)] if chose else []
    json.dump({
        "optuna": optuna.__version__, "torch": torch.__version__,
        "bestValue": study.best_value if chose else None, "bestParams": study.best_params if chose else None,
        "epochs": epochs_trained, "seconds": seconds, "retrained": retrained,
        "trainImages": len(x_train), "bestSoFar": history,
    }, sys.stdout)


if __name__ == "__main__":
    main()

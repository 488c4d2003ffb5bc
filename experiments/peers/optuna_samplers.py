"""Optuna's TPE on the problems of tests/TuneWise.Testing/SamplerProblems.cs (the same spaces,
objectives, budgets and seeds), and its proposal latency at 1,000 trials in a 6-D mixed space.

Run by the experiments runner (`-- peers`); prints one JSON object on stdout.
Usage: /usr/bin/python3 optuna_samplers.py quality SEEDS TRIALS
       /usr/bin/python3 optuna_samplers.py latency
"""
import json
import math
import statistics
import sys
import time

import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def branin_value(x1, x2):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def branin(trial):
    return branin_value(trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15))


A = [1.0, 1.2, 3.0, 3.2]
AH = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
PH = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
      [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(1, 7)]
    return -sum(A[i] * math.exp(-sum(AH[i][j] * (x[j] - PH[i][j]) ** 2 for j in range(6))) for i in range(4))


def mixed(trial):
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam"])
    lr = trial.suggest_float("learningRate", 1e-5, 1, log=True)
    layers = trial.suggest_int("layers", 1, 6)
    target = {"sgd": -1, "momentum": -2, "adam": -3}[optimizer]
    offset = {"sgd": 0.5, "momentum": 0, "adam": 0.2}[optimizer]
    value = (math.log10(lr) - target) ** 2 + offset + 0.1 * (layers - 3) ** 2
    if optimizer == "momentum":
        value += 4 * (trial.suggest_float("momentum", 0, 0.99) - 0.9) ** 2
    return value


def learning_rate_cliff(trial):
    lr = trial.suggest_float("learningRate", 1e-5, 10, log=True)
    wd = trial.suggest_float("weightDecay", 1e-6, 1e-1, log=True)
    batch = trial.suggest_int("batchSize", 16, 256, log=True)
    if lr > 0.05:
        return float("nan")
    return (math.log10(lr) + 1.5) ** 2 + 0.05 * (math.log10(wd) + 4) ** 2 + 0.02 * (math.log2(batch) - 6) ** 2


CENTRES = [0.2, 0.35, 0.5, 0.65, 0.8]


def ten_with_five_idle(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(1, 11)]
    return sum((x[i] - CENTRES[i]) ** 2 for i in range(5))


def categorical_heavy(trial):
    activation = trial.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "gelu"])
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
    norm = trial.suggest_categorical("normalization", ["none", "batch", "layer"])
    init = trial.suggest_categorical("init", ["he", "xavier", "normal"])
    lr = trial.suggest_float("learningRate", 1e-5, 1, log=True)
    value = ({"relu": 0, "gelu": 0.1, "tanh": 0.4, "sigmoid": 0.9}[activation]
             + {"adam": 0, "rmsprop": 0.15, "momentum": 0.2, "sgd": 0.6}[optimizer]
             + {"batch": 0, "layer": 0.1, "none": 0.3}[norm]
             + {"he": 0, "xavier": 0.2, "normal": 0.5}[init])
    if activation == "relu" and norm == "none":
        value += 0.5
    target = {"sgd": -1, "momentum": -2, "adam": -3, "rmsprop": -3}[optimizer]
    return value + 0.5 * (math.log10(lr) - target) ** 2


def branin_with_failures(trial):
    x1, x2 = trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15)
    return float("nan") if x2 < 5 else branin_value(x1, x2)


def hartmann6_with_cliff(trial):
    value = hartmann6(trial)
    return float("nan") if trial.params["x6"] > 0.7 else value


def mixed_with_cliff(trial):
    value = mixed(trial)
    return float("nan") if trial.params["learningRate"] > 0.02 else value


PROBLEMS = {
    "Branin": branin, "Hartmann-6": hartmann6, "Mixed conditional": mixed,
    "Learning-rate cliff": learning_rate_cliff, "10-D, 5 idle": ten_with_five_idle,
    "Categorical-heavy": categorical_heavy, "Branin with failures": branin_with_failures,
    "Hartmann-6 with a cliff": hartmann6_with_cliff, "Mixed conditional with a cliff": mixed_with_cliff,
}

SAMPLERS = {
    "Optuna TPE (independent)": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "Optuna TPE (multivariate, group)": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True),
}


def best(study):
    values = [t.value for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    return min(values) if values else float("inf")


def latency(make_sampler):
    """Median milliseconds of one ask-and-suggest with 1,000 completed trials in a 6-D mixed space."""
    def space(trial):
        optimizer = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam"])
        lr = trial.suggest_float("learningRate", 1e-5, 1, log=True)
        trial.suggest_float("weightDecay", 1e-6, 1e-1, log=True)
        dropout = trial.suggest_float("dropout", 0, 0.5)
        batch = trial.suggest_int("batchSize", 16, 512, log=True)
        if optimizer == "momentum":
            trial.suggest_float("momentum", 0.5, 0.99)
        return (math.log10(lr) + 2.5) ** 2 + dropout + math.log2(batch) * 0.01

    warm = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=1))
    warm.optimize(space, n_trials=1000)
    study = optuna.create_study(sampler=make_sampler(1))
    study.add_trials(warm.trials)
    times = []
    for i in range(30):
        start = time.perf_counter()
        trial = study.ask()
        value = space(trial)
        times.append((time.perf_counter() - start) * 1000)
        study.tell(trial, value)
    return statistics.median(times[10:])


def main():
    result = {"optuna": optuna.__version__}
    if sys.argv[1] == "latency":
        result["latencyMs"] = {name: latency(make) for name, make in SAMPLERS.items()}
    else:
        seeds, trials = int(sys.argv[2]), int(sys.argv[3])
        result["best"] = {}
        for sampler_name, make in SAMPLERS.items():
            result["best"][sampler_name] = {}
            for problem_name, objective in PROBLEMS.items():
                values = []
                for seed in range(seeds):
                    study = optuna.create_study(sampler=make(seed))
                    study.optimize(objective, n_trials=trials)
                    values.append(best(study))
                result["best"][sampler_name][problem_name] = values
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;

namespace TuneWise.Benchmarks;

/// <summary>
/// A stored study the size of an overnight job, for the report benchmark: trials over a five-dimension
/// space with a five-layer network's health probes (80 per trial, as 10 epochs of 800 steps at the
/// default cadence of 100 give), a third pruned, one in seven unhealthy across four verdicts, a few
/// crashed, and two range tests.
/// </summary>
internal static class SyntheticStudy
{
    private static readonly string[] Layers = ["conv1", "conv2", "conv3", "fc1", "out"];
    private static readonly string[] Verdicts = [VerdictCodes.ExplodingGradient, VerdictCodes.DeadRelu, VerdictCodes.VanishingGradient, VerdictCodes.NonFinite];

    public const string ExperimentJson = """
        {
          "name": "overnight",
          "data": { "kind": "fashion-mnist", "path": "data" },
          "model": { "kind": "cnn", "channels": [32, 64] },
          "training": { "epochs": 10 },
          "search": {
            "space": {
              "optimizer": { "choice": ["sgd", "adam"] },
              "learningRate": { "log": [1e-5, 1] },
              "weightDecay": { "log": [1e-6, 1e-2] },
              "batchSize": { "powerOfTwo": [32, 256] },
              "dropout": { "range": [0, 0.5] }
            },
            "budget": { "trials": 1000 }
          }
        }
        """;

    /// <summary>Writes a study of <paramref name="trials"/> trials to a new SQLite file and returns its experiment.</summary>
    public static Experiment Write(string path, int trials, int probes = 80)
    {
        var experiment = ExperimentLoader.Parse(ExperimentJson, "overnight.json", Path.GetDirectoryName(path));
        var random = new Random(11);
        using var storage = new SqliteStudyStorage(path);
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        foreach (var optimizer in new[] { "sgd", "adam" }) storage.SaveRangeTest(optimizer, StoredJson.Write(RangeTest(optimizer)));
        for (int i = 0; i < trials; i++)
        {
            double lr = Math.Pow(10, -5 + 5 * random.NextDouble());
            var parameters = new Dictionary<string, object>
            {
                ["optimizer"] = random.Next(2) == 0 ? "sgd" : "adam",
                ["learningRate"] = lr,
                ["weightDecay"] = Math.Pow(10, -6 + 4 * random.NextDouble()),
                ["batchSize"] = 32L << random.Next(4),
                ["dropout"] = 0.5 * random.NextDouble(),
            };
            int number = storage.Claim("bench", int.MaxValue, (_, _) => parameters)!.Record.Number;
            double peak = 0.93 - 0.05 * Math.Pow(Math.Log10(lr) + 2.5, 2) + 0.01 * random.NextDouble();
            int kind = random.Next(20);
            string? verdict = lr > 0.1 || kind < 1 ? Verdicts[random.Next(Verdicts.Length)] : null;
            int epochs = verdict is not null ? 1 + random.Next(2) : kind < 8 ? 1 + random.Next(4) : 10;
            for (int e = 0; e < epochs; e++) storage.Report(number, e, -(peak * (1 - Math.Exp(-(e + 1) / 2.0))));
            storage.SaveHealth(number, StoredJson.Write(VerdictsFor(verdict)), StoredJson.Write(Probes(random, epochs * probes / 10, verdict)));
            double value = -(peak * (1 - Math.Exp(-epochs / 2.0)));
            if (kind == 19 && verdict is null) storage.Finish(number, TrialState.Failed, null, error: "ExternalException: out of memory");
            else if (verdict is not null) storage.Finish(number, TrialState.Pruned, value, unhealthy: true, pruned: new PruneDecision("health", $"{verdict} (fatal): measured", epochs, Unhealthy: true));
            else if (epochs < 10) storage.Finish(number, TrialState.Pruned, value, pruned: new PruneDecision("asha", "not in the top third", epochs - 1));
            else storage.Finish(number, TrialState.Complete, value);
        }
        return experiment;
    }

    private static HealthVerdict[] VerdictsFor(string? code) => code is null ? [] :
    [
        new HealthVerdict
        {
            Code = code, Severity = Severity.Fatal, Step = 120, LastStep = 180, Occurrences = 3, Layers = ["conv1"],
            Evidence = new Dictionary<string, double> { ["gradient_norm"] = 1e4, ["first_to_last_gradient_ratio"] = 120 },
            Message = "the global gradient norm grew from 1.2 to 1.1E+04 in 60 steps", Fixes = ["lower the learning rate", "clip gradients"],
        },
    ];

    private static List<HealthSample> Probes(Random random, int count, string? verdict) =>
        Enumerable.Range(0, Math.Max(2, count)).Select(i => new HealthSample
        {
            Step = i * 100,
            Epoch = i / 8,
            LearningRate = 1e-3,
            DataLoss = verdict is null ? 2.3 * Math.Exp(-i / 20.0) + 0.2 : 2.3 * Math.Pow(1.5, i),
            RegularizationLoss = 0.01,
            GradientNorm = 1 + random.NextDouble(),
            Layers = Layers.Select((layer, l) =>
            {
                double scale = (l + 1) * (1 + 0.1 * random.NextDouble());
                return new LayerHealth
                {
                    Layer = layer,
                    GradientNorm = scale * (verdict is null ? 1 : Math.Pow(2, i)),
                    ClippedGradientNorm = scale,
                    WeightNorm = 10 + i * 0.01,
                    WeightStd = 0.05,
                    UpdateRatio = 1e-3 * Math.Exp(-i / 40.0) * (1 + random.NextDouble()),
                    DistanceFromInit = i * 0.001,
                    WeightPercentiles = new Percentiles(-0.2, -0.1, -0.04, 0, 0.04, 0.1, 0.2),
                    GradientPercentiles = new Percentiles(-0.02 * scale, -0.01 * scale, -0.004 * scale, 0, 0.004 * scale, 0.01 * scale, 0.02 * scale),
                };
            }).ToList(),
            Activations = Layers.Take(4).Select(l => new ActivationHealth { Layer = "act-" + l, Kind = "relu", DeadFraction = 0.5, DeadUnitFraction = 0.02 * random.NextDouble() }).ToList(),
        }).ToList();

    private static LrRangeTestResult RangeTest(string optimizer)
    {
        var points = Enumerable.Range(0, 100).Select(i =>
        {
            double lr = Math.Pow(10, -7 + 8 * i / 99.0);
            double loss = 2.3 - 1.5 / (1 + Math.Exp(-(Math.Log10(lr) + 3) * 2)) + (lr > 0.3 ? Math.Pow(lr * 10, 2) : 0);
            return new LrRangePoint(i, lr, loss, loss, 1);
        }).ToList();
        return new LrRangeTestResult
        {
            Optimizer = optimizer,
            Points = points,
            Suggestions = [new LrSuggestion("steepest", 1e-3), new LrSuggestion("valley", 3e-3), new LrSuggestion("minimum/10", 1e-2)],
            Recommended = 1e-3,
            Range = new LearningRateRange(optimizer, 1e-5, 1, 1e-3, "steepest / 100 … divergence onset"),
            StopReason = "diverged",
        };
    }
}

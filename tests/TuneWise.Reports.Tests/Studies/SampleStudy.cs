using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Reports.Studies;
using TuneWise.Search.Storage;

namespace TuneWise.Reports.Tests.Studies;

/// <summary>One trial to put in a sample study.</summary>
internal sealed record SampleTrial(string Optimizer, double LearningRate, long BatchSize, TrialState State, double[] Curve, string? Verdict = null, string? Error = null, string? Pruner = null);

/// <summary>
/// Builds small studies in memory with the storage calls a tuning job makes: claim, report each
/// epoch, save health, finish. The values are fixed, so what the report derives from them is known.
/// </summary>
internal static class SampleStudy
{
    public const string ExperimentJson = """
        {
          "name": "sample",
          "data": { "kind": "csv", "path": "data.csv", "task": "classification" },
          "model": { "kind": "mlp", "hidden": [16, 8] },
          "training": { "epochs": 4, "batchSize": 32 },
          "search": {
            "space": {
              "optimizer": { "choice": ["sgd", "adam"] },
              "learningRate": { "log": [1e-4, 1] },
              "batchSize": { "powerOfTwo": [16, 128] }
            },
            "budget": { "trials": 40 }
          }
        }
        """;

    /// <summary>Six healthy trials, two pruned by ASHA, three exploding SGD trials at high rates and one that crashed.</summary>
    public static IReadOnlyList<SampleTrial> Mixed { get; } =
    [
        new("adam", 0.001, 32, TrialState.Complete, [0.70, 0.80, 0.84, 0.86]),
        new("adam", 0.003, 64, TrialState.Complete, [0.72, 0.81, 0.85, 0.88]),
        new("sgd", 0.05, 32, TrialState.Complete, [0.60, 0.72, 0.78, 0.81]),
        new("sgd", 0.3, 16, TrialState.Pruned, [0.10], Verdict: VerdictCodes.ExplodingGradient),
        new("adam", 0.0003, 128, TrialState.Complete, [0.55, 0.66, 0.71, 0.74]),
        new("sgd", 0.01, 64, TrialState.Pruned, [0.40, 0.50], Pruner: "asha"),
        new("sgd", 0.5, 32, TrialState.Pruned, [0.10], Verdict: VerdictCodes.ExplodingGradient),
        new("adam", 0.0001, 16, TrialState.Pruned, [0.35, 0.45], Pruner: "asha"),
        new("sgd", 0.8, 128, TrialState.Pruned, [0.10], Verdict: VerdictCodes.ExplodingGradient),
        new("adam", 0.002, 32, TrialState.Complete, [0.71, 0.80, 0.85, 0.87]),
        new("sgd", 0.02, 16, TrialState.Failed, [], Error: "ExternalException: out of memory"),
        new("adam", 0.01, 64, TrialState.Complete, [0.65, 0.75, 0.80, 0.83]),
    ];

    /// <summary>
    /// A sick study: healthy trials beside trials that died early in five different ways (exploding,
    /// dead ReLUs with gradients exactly zero, NaN, vanishing, saturated), each with its own health
    /// pictures, so a chart that shows another trial's picture is told apart.
    /// </summary>
    public static IReadOnlyList<SampleTrial> Sick { get; } =
    [
        new("adam", 0.001, 32, TrialState.Complete, [0.70, 0.80, 0.84, 0.86]),
        new("sgd", 0.9, 32, TrialState.Pruned, [0.10], Verdict: VerdictCodes.DeadRelu),
        new("adam", 0.003, 64, TrialState.Complete, [0.72, 0.81, 0.85, 0.87]),
        new("sgd", 4.7, 16, TrialState.Pruned, [0.10], Verdict: VerdictCodes.NonFinite),
        new("sgd", 0.0001, 128, TrialState.Pruned, [0.11, 0.12], Verdict: VerdictCodes.VanishingGradient),
        new("adam", 0.3, 64, TrialState.Pruned, [0.10], Verdict: VerdictCodes.ExplodingGradient),
        new("sgd", 0.05, 32, TrialState.Complete, [0.60, 0.72, 0.78, 0.81]),
        new("adam", 0.5, 16, TrialState.Pruned, [0.10], Verdict: VerdictCodes.SaturatedActivation),
        new("sgd", 1.9, 32, TrialState.Pruned, [0.10], Verdict: VerdictCodes.DeadRelu),
        new("sgd", 0.02, 16, TrialState.Failed, [], Error: "ExternalException: out of memory"),
    ];

    public static Experiment Experiment(string json = ExperimentJson) => ExperimentLoader.Parse(json, "sample.json", Path.GetTempPath());

    /// <summary>A study of <paramref name="trials"/> in memory, opened.</summary>
    public static InMemoryStudyStorage Store(Experiment experiment, IEnumerable<SampleTrial> trials)
    {
        var storage = new InMemoryStudyStorage();
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        foreach (var t in trials) Add(storage, t);
        return storage;
    }

    /// <summary>The snapshot a report of <paramref name="trials"/> reads.</summary>
    public static StudySnapshot Snapshot(IEnumerable<SampleTrial>? trials = null, string json = ExperimentJson)
    {
        var experiment = Experiment(json);
        using var storage = Store(experiment, trials ?? Mixed);
        return StudySnapshot.Read(storage, experiment, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)));
    }

    private static void Add(InMemoryStudyStorage storage, SampleTrial t)
    {
        var claimed = storage.Claim("test", int.MaxValue, (_, _) => new Dictionary<string, object>
        {
            ["optimizer"] = t.Optimizer,
            ["learningRate"] = t.LearningRate,
            ["batchSize"] = t.BatchSize,
        })!;
        int number = claimed.Record.Number;
        for (int epoch = 0; epoch < t.Curve.Length; epoch++) storage.Report(number, epoch, -t.Curve[epoch]);
        var samples = Probes(t);
        HealthVerdict[] verdicts = t.Verdict is { } code
            ? new[] { new HealthVerdict { Code = code, Severity = Severity.Fatal, Step = 20, Message = $"the gradient norm grew 1e4-fold (trial {number})", Fixes = ["lower the learning rate", "clip gradients (training.clip)"] } }
            : [];
        storage.SaveHealth(number, StoredJson.Write(verdicts), new HealthSeries { Probes = samples, LastSteps = LastSteps(t) }.ToJson());
        PruneDecision? pruned = t.Verdict is { } v ? new PruneDecision("health", $"{v} (fatal): the gradient norm grew 1e4-fold", 0, Unhealthy: true)
            : t.Pruner is { } p ? new PruneDecision(p, "not in the top third at rung 1", t.Curve.Length - 1) : null;
        double? value = t.State == TrialState.Failed ? null : -t.Curve[^1];
        storage.Finish(number, t.State, value, unhealthy: t.Verdict is not null, pruned: pruned, error: t.Error);
    }

    // The last steps a sick trial keeps: an exploding trial's loss climbs, a NaN trial's ends in NaN
    // between two probes; the others keep none, as studies written before the steps were kept.
    public static List<StepHealth> LastSteps(SampleTrial t) => t.Verdict switch
    {
        VerdictCodes.ExplodingGradient => [.. Enumerable.Range(0, 30).Select(i => new StepHealth(i, 2.3 * Math.Pow(1.3, i), 0, t.LearningRate, GradientNorm: Math.Pow(1.5, i)))],
        VerdictCodes.NonFinite => [.. Enumerable.Range(0, 26).Select(i => new StepHealth(i, i == 25 ? double.NaN : 2.3 + 0.2 * i, 0, t.LearningRate))],
        _ => [],
    };

    // Probes of a two-layer net, shaped by the trial's verdict: exploding gradients grow tenfold per
    // probe, dead ReLUs leave gradients of exactly zero after the first probe, a NaN trial ends in NaN,
    // vanishing gradients fade towards the input, saturated units keep tiny gradients.
    private static List<HealthSample> Probes(SampleTrial t)
    {
        int count = t.Verdict is null ? 8 : 3;
        return Enumerable.Range(0, count).Select(i => new HealthSample
        {
            Step = i * 10,
            DataLoss = t.Verdict == VerdictCodes.ExplodingGradient ? Math.Pow(10, i) : t.Verdict == VerdictCodes.NonFinite && i == count - 1 ? double.NaN : 2.3 / (1 + i),
            RegularizationLoss = 0.01,
            GradientNorm = Gradient(t.Verdict, i, 1, count),
            Layers = new[] { "fc1", "out" }.Select((layer, l) => new LayerHealth
            {
                Layer = layer,
                GradientNorm = Gradient(t.Verdict, i, l, count),
                UpdateRatio = 1e-3 / (1 + i),
                WeightNorm = 3,
                WeightPercentiles = new Percentiles(-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3),
                GradientPercentiles = new Percentiles(-0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03),
            }).ToList(),
            Activations = [new ActivationHealth
            {
                Layer = "act1", Kind = t.Verdict == VerdictCodes.SaturatedActivation ? "tanh" : "relu",
                DeadUnitFraction = t.Verdict == VerdictCodes.DeadRelu ? (i == 0 ? 0.4 : 1.0) : 0.05 * i / 8,
                SaturatedFraction = t.Verdict == VerdictCodes.SaturatedActivation ? 0.9 : null,
            }],
        }).ToList();
    }

    private static double Gradient(string? verdict, int probe, int layer, int probes) => verdict switch
    {
        VerdictCodes.ExplodingGradient => Math.Pow(10, probe) * (layer + 1),
        VerdictCodes.DeadRelu => probe == 0 ? 0.5 * (layer + 1) : 0,
        VerdictCodes.NonFinite => probe == probes - 1 ? double.NaN : 0.5 * (layer + 1),
        VerdictCodes.VanishingGradient => layer == 0 ? 1e-7 : 1e-2,
        VerdictCodes.SaturatedActivation => 1e-5 * (layer + 1),
        _ => 1.0 / (1 + probe) * (layer + 1),
    };
}

using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.Models.Data;
using TuneWise.Models.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Benchmarks;

/// <summary>
/// Search efficiency on the full Fashion-MNIST MLP space: TuneWise's default (range tests, TPE,
/// health and ASHA pruning) against random search without pruning, at the same budget of total
/// epochs, over several seeds. Records the best-so-far validation accuracy against epochs used, and
/// how many epochs TuneWise needed to reach random search's final best.
/// </summary>
internal static class SearchEfficiencyBenchmark
{
    private const int EpochsPerTrial = 8;

    public static string Run(int budgetEpochs, int seeds)
    {
        var splits = FashionMnist.Load(FashionMnist.Locate(null, AppContext.BaseDirectory));
        if (splits.Train is null) return "the full Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); this benchmark needs it.";
        var lines = new List<string>
        {
            $"Full Fashion-MNIST ({splits.Train.Count:N0} training images, 10 % held out for validation), MLP 256-128, {EpochsPerTrial} epochs per trial, " +
            $"a budget of {budgetEpochs} epochs per study; space: optimizer momentum or adam, learning rate (random: 1e-5…1 log; TuneWise: auto), " +
            "weight decay 1e-6…1e-2 (log), batch size 32…256 (powers of two), dropout 0…0.5.",
            "",
            "| seed | random: final best | TuneWise: final best | epochs TuneWise needed to reach random's final best | share of the budget |",
            "|---|---|---|---|---|",
        };
        var curves = new List<string>();
        var shares = new List<double>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var data = ExperimentData.Prepare(splits.Train, null, null, new DataSection { ValidationFraction = 0.1 }, seed);
            var random = Curve(Study(Experiment(seed, budgetEpochs, tuneWise: false), data));
            var tuned = Curve(Study(Experiment(seed, budgetEpochs, tuneWise: true), data));
            double target = random[^1].Best;
            int? reached = tuned.FirstOrDefault(p => p.Best >= target) is { Epochs: > 0 } hit ? hit.Epochs : null;
            double share = (reached ?? double.NaN) / budgetEpochs;
            shares.Add(share);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {seed} | {target:P2} | {tuned[^1].Best:P2} | {(reached is { } r ? r.ToString(CultureInfo.InvariantCulture) : "not reached")} | {share:P0} |"));
            curves.Add($"seed {seed} random: " + string.Join(" ", random.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Epochs}:{p.Best:F4}"))));
            curves.Add($"seed {seed} TuneWise: " + string.Join(" ", tuned.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Epochs}:{p.Best:F4}"))));
            Console.Error.WriteLine(lines[^1]);
        }
        lines.Add("");
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Target: TuneWise reaches random search's final best within ≤ 1/3 of the epochs; met on {shares.Count(s => s <= 1.0 / 3)} of {seeds} seeds."));
        lines.Add("");
        lines.Add("Best-so-far curves (epochs used: best validation accuracy), in trial order:");
        lines.Add("");
        lines.AddRange(curves.Select(c => "    " + c));
        return string.Join(Environment.NewLine, lines);
    }

    private sealed record Point(int Epochs, double Best);

    private static List<Point> Curve(TuningSummary summary)
    {
        var points = new List<Point>();
        int epochs = 0;
        double best = 0;
        foreach (var t in summary.Trials.OrderBy(t => t.Record.Number))
        {
            // Each reported epoch is a point: an epoch's value counts as found once that epoch has run.
            foreach (var (step, score) in t.Intermediate.OrderBy(kv => kv.Key))
            {
                epochs++;
                if (t.Record.IsUsableObservation || t.Record.State == TrialState.Pruned) best = Math.Max(best, -score);
                points.Add(new Point(epochs, best));
            }
        }
        return points;
    }

    private static TuningSummary Study(Experiment experiment, TrainingData data)
    {
        using var storage = new InMemoryStudyStorage();
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        return new TuningJob(experiment, new TorchTrialRunner(experiment, data), storage, new TuningJobOptions { Lead = false }).Run();
    }

    private static Experiment Experiment(int seed, int budget, bool tuneWise) => ExperimentLoader.Parse($$"""
        {
          "name": "efficiency-{{(tuneWise ? "tunewise" : "random")}}-{{seed}}", "seed": {{seed}},
          "model": { "hidden": [256, 128] },
          "training": { "epochs": {{EpochsPerTrial}}, "schedule": "cosine" },
          "search": {
            "sampler": "{{(tuneWise ? "tpe" : "random")}}",
            "space": {
              "optimizer": { "choice": ["momentum", "adam"] },
              "learningRate": {{(tuneWise ? "\"auto\"" : "{ \"log\": [1e-5, 1] }")}},
              "weightDecay": { "log": [1e-6, 1e-2] },
              "batchSize": { "powerOfTwo": [32, 256] },
              "dropout": { "range": [0.0, 0.5] }
            },
            "pruner": {{(tuneWise ? "{}" : "{ \"health\": null, \"asha\": null }")}},
            "budget": { "trials": 1000, "epochs": {{budget}} }
          }
        }
        """);
}

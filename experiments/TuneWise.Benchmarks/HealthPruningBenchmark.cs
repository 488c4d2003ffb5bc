using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.Models.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Benchmarks;

/// <summary>
/// Does health pruning pay? The same study, with the same seed and random sampler (so trial i has the
/// same configuration in both), run with and without the health pruner, over a space wide enough to
/// hold diverging, vanishing and saturating configurations. Compared on the same trial numbers: total
/// training steps, the best validation accuracy, and whether any trial that ended in the top quarter
/// without pruning was stopped by the health pruner.
/// </summary>
internal static class HealthPruningBenchmark
{
    public static string Run(int trials)
    {
        var data = BenchmarkData.FashionMnist10k();
        var experiment = ExperimentLoader.Parse(Json(trials));
        // A short study first, so neither measured run pays the first-call costs of the runtime and libtorch.
        Study(ExperimentLoader.Parse(Json(2)), data, health: true);
        var pruned = Study(experiment, data, health: true);
        var unpruned = Study(experiment with { Search = experiment.Search with { Pruner = experiment.Search.Pruner with { Health = null } } }, data, health: false);

        var numbers = Enumerable.Range(0, trials).ToList();
        long StepsOf(StudyRun r) => numbers.Sum(n => r.Runner.Steps.GetValueOrDefault(n));
        double? BestOf(StudyRun r) => r.Summary.Trials.Where(t => t.Record.Number < trials && t.Record.State == TrialState.Complete && t.Record.Value is not null)
            .Select(t => -t.Record.Value!.Value).DefaultIfEmpty().Max();
        // The top quarter of the unpruned study's finished trials by final accuracy.
        var ranked = unpruned.Summary.Trials.Where(t => t.Record.Number < trials && t.Record.State == TrialState.Complete && t.Record.Value is not null)
            .OrderBy(t => t.Record.Value).ToList();
        var topQuarter = ranked.Take(Math.Max(1, trials / 4)).Select(t => t.Record.Number).ToHashSet();
        var killedGood = pruned.Summary.Trials.Where(t => topQuarter.Contains(t.Record.Number) && t.Record.Unhealthy)
            .Select(t => $"{t.Record.Number} ({string.Join(" ", t.Record.Parameters.Select(kv => $"{kv.Key}={kv.Value}"))}: {t.Pruned?.Reason})").ToList();
        int unhealthy = pruned.Summary.Trials.Count(t => t.Record.Number < trials && t.Record.Unhealthy);

        long withSteps = StepsOf(pruned), withoutSteps = StepsOf(unpruned);
        double saved = 1 - (double)withSteps / withoutSteps;
        var f = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
            $"{trials} trials of a 4-epoch MLP 64-64 on {data.Train.Count:N0} images; random sampler, seed 11, the same configurations in both runs;",
            "space: learning rate 1e-6…10 (log), relu or sigmoid, he or normal init with std 1e-3…3 (log), momentum SGD.",
            "",
            "| | training steps | wall time of trials | best validation accuracy | trials stopped as unhealthy |",
            "|---|---|---|---|---|",
            string.Create(f, $"| without health pruning | {withoutSteps:N0} | {unpruned.Runner.TrialSeconds:F1} s | {BestOf(unpruned):P2} | 0 |"),
            string.Create(f, $"| with health pruning | {withSteps:N0} | {pruned.Runner.TrialSeconds:F1} s | {BestOf(pruned):P2} | {unhealthy} |"),
            "",
            string.Create(f, $"Steps saved: {saved:P1} (target ≥ 30 %). Best accuracy no worse: {(BestOf(pruned) >= BestOf(unpruned) ? "yes" : "no")}. ") +
            $"Top-quarter trials (unpruned ranking: {string.Join(", ", topQuarter.Order())}) stopped by the health pruner: " +
            (killedGood.Count == 0 ? "none (target: none)." : string.Join(", ", killedGood) + " (target: none)."));
    }

    private sealed record StudyRun(TuningSummary Summary, StepCountingRunner Runner);

    private static StudyRun Study(Experiment experiment, Models.Data.TrainingData data, bool health)
    {
        var runner = new StepCountingRunner(new TorchTrialRunner(experiment, data));
        using var storage = new InMemoryStudyStorage();
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        var summary = new TuningJob(experiment, runner, storage, new TuningJobOptions { Lead = false }).Run();
        Console.Error.WriteLine($"{(health ? "with" : "without")} health pruning: {runner.Steps.Values.Sum():N0} steps, {runner.TrialSeconds:F1} s; slowest: " +
            string.Join(", ", summary.Trials.OrderByDescending(t => t.Seconds).Take(5).Select(t => $"{t.Record.Number} {t.Seconds:F1} s {t.Record.State}")));
        return new StudyRun(summary, runner);
    }

    private static string Json(int trials) => $$"""
        {
          "name": "health-pruning", "seed": 11,
          "model": { "hidden": [64, 64] },
          "training": { "epochs": 4, "batchSize": 64, "optimizer": "momentum" },
          "search": {
            "sampler": "random",
            "space": {
              "learningRate": { "log": [1e-6, 10] },
              "activation": { "choice": ["relu", "sigmoid"] },
              "init": { "choice": ["he", "normal"] },
              "initStd": { "log": [1e-3, 3] }
            },
            "pruner": { "asha": null },
            "budget": { "trials": {{trials}} }
          }
        }
        """;
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Models.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;
using TuneWise.Search.Tuning;

namespace TuneWise.Benchmarks;

/// <summary>
/// The quick-start study end to end against Optuna around a PyTorch loop (TPE with the median pruner,
/// and with Hyperband), seed by seed in one run: best validation accuracy, epochs trained, wall time,
/// and the epochs each tool needed to reach Optuna's final best. Both train and validate on the same
/// split of the same images. Each tool's chosen configuration is then trained again with fresh seeds:
/// a study's best is the luckiest of its runs, the retrained mean is what the user gets.
/// A third Optuna study (median pruner, another sampler seed) is put to the same goal as TuneWise:
/// how often Optuna meets it against itself is the rate an equally good tuner can expect.
/// </summary>
internal static class PeersEndToEndBenchmark
{
    /// <summary>Runs of each study's chosen configuration with fresh seeds.</summary>
    private const int Retrains = 5;

    /// <summary>Added to a seed for the calibration study's sampler and trial seeds, apart from every other study's.</summary>
    private const int CalibrationSeedOffset = 1000;

    private const string Calibration = "calibration";

    public static string Run(int seeds, string experimentFile)
    {
        if (PythonPeer.Missing("optuna", "torch", "numpy") is { } skipped) return skipped;
        var loaded = ExperimentLoader.Load(experimentFile);
        // The folder the study reads (the installed full dataset when the file names none), for both tools.
        string dataFolder = Path.GetFullPath(FashionMnist.Locate(loaded.Data.Path is { } path ? loaded.ResolvePath(path) : null, loaded.BaseDirectory));
        int trials = loaded.Search.Budget.Trials;
        var f = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"{Path.GetFileName(experimentFile)}: {trials} trials of {loaded.Training.Epochs} epochs on {dataFolder}; both tools run back to back on the same {Environment.ProcessorCount} cores.",
            "",
            $"| seed | tool | best validation accuracy | epochs trained | wall time | epochs to reach Optuna's best (median pruner) | epochs to reach Optuna's best (either pruner) | goal: ends at least as high, reaches it in half Optuna's epochs | chosen configuration, {Retrains} runs with fresh seeds (mean ± standard error) |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        int validationImages = 0;
        double bestSeen = 0;
        // Per seed: the retrained mean of TuneWise's choice minus that of the Optuna study that ended highest.
        var choiceDifferences = new List<double>();
        // Seeds on which each of TuneWise and the calibration study met the goal, and ended at least as high.
        var met = new Dictionary<string, int> { ["tunewise"] = 0, [Calibration] = 0 };
        var endedAsHigh = new Dictionary<string, int> { ["tunewise"] = 0, [Calibration] = 0 };
        foreach (int seed in Enumerable.Range(0, seeds).Select(s => 42 + s))
        {
            var peers = new Dictionary<string, PeerRun>();
            var (split, validation) = WriteSplit(loaded with { Seed = seed, Data = loaded.Data with { Path = dataFolder } });
            validationImages = validation;
            try
            {
                foreach (var (study, pruner, studySeed, retrains) in new[] { ("median", "median", seed, Retrains), ("hyperband", "hyperband", seed, Retrains), (Calibration, "median", seed + CalibrationSeedOffset, 0) })
                {
                    using var doc = PythonPeer.RunScriptAsync("optuna_quickstart.py", TimeSpan.FromHours(3), split, studySeed.ToString(f), pruner, trials.ToString(f), retrains.ToString(f)).Result;
                    var root = doc.RootElement;
                    var curve = root.GetProperty("bestSoFar").EnumerateArray().Select(p => (Epochs: p[0].GetInt32(), Best: p[1].GetDouble())).ToList();
                    // A retrained run that diverged (null) counts as 0, as on TuneWise's side: it is the configuration's risk.
                    var retrained = root.GetProperty("retrained").EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Number ? a.GetDouble() : 0.0).ToList();
                    var bestValue = root.GetProperty("bestValue") is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN;
                    peers[study] = new PeerRun(bestValue, root.GetProperty("epochs").GetInt32(), root.GetProperty("seconds").GetDouble(), curve, retrained);
                }
            }
            // The full dataset's split is about 200 MB: not left behind when the Python side fails.
            finally { Directory.Delete(split, recursive: true); }
            var tunewise = RunTuneWise(loaded with { Seed = seed }, trials);
            double target = peers["median"].Best, either = Math.Max(target, peers["hyperband"].Best);
            // The Optuna study that ended highest sets the bar; of two that tie, the one that trained fewer epochs.
            var bar = new[] { peers["median"], peers["hyperband"] }.Where(p => p.Best == either).MinBy(p => p.Epochs)!;
            // A study with no complete trial chose nothing: that seed has no difference to show.
            if (tunewise.Retrained.Count > 0 && bar.Retrained.Count > 0) choiceDifferences.Add(tunewise.Retrained.Average() - bar.Retrained.Average());
            bestSeen = Math.Max(bestSeen, Math.Max(either, tunewise.Best));
            foreach (var (name, run) in new[]
            {
                ("Optuna TPE + median pruner, PyTorch", peers["median"]), ("Optuna TPE + Hyperband, PyTorch", peers["hyperband"]), ("tunewise tune", tunewise),
                ($"calibration: Optuna TPE + median pruner, sampler seed {seed + CalibrationSeedOffset}", peers[Calibration]),
            })
            {
                // Accuracies are compared as counts of images: PyTorch's come through float32 (855 of 1,000
                // reads 0.8550000191), and an exact tie must not read as a miss.
                bool AtLeast(double accuracy, double level) => Math.Round(accuracy * validation) >= Math.Round(level * validation);
                int? ReachedAt(double best) => run.Curve.Where(p => AtLeast(p.Best, best)).Select(p => (int?)p.Epochs).FirstOrDefault();
                string Reached(double best) => ReachedAt(best)?.ToString(f) ?? "not reached";
                // The goal is put to TuneWise and to the calibration study, never to the two studies that set the bar.
                string? judged = ReferenceEquals(run, tunewise) ? "tunewise" : ReferenceEquals(run, peers[Calibration]) ? Calibration : null;
                bool endsAsHigh = AtLeast(run.Best, either), meets = endsAsHigh && ReachedAt(either) <= bar.Epochs / 2.0;
                if (judged is not null)
                {
                    met[judged] += meets ? 1 : 0;
                    endedAsHigh[judged] += endsAsHigh ? 1 : 0;
                }
                string goal = judged is null ? "" : meets
                    ? $"met ({Reached(either)} ≤ {bar.Epochs / 2.0:0.#})"
                    : $"not met ({(!endsAsHigh ? $"ends {(either - run.Best) * 100:0.0#} points lower" : $"{Reached(either)} > {bar.Epochs / 2.0:0.#} epochs")})";
                lines.Add(string.Create(f, $"| {seed} | {name} | {run.Best:F4} | {run.Epochs} | {run.Seconds:F0} s | {Reached(target)} | {Reached(either)} | {goal} | {MeanAndError(run.Retrained)} |"));
            }
        }
        // One accuracy on n images is a binomial proportion: differences smaller than about twice this are noise.
        double standardError = Math.Sqrt(bestSeen * (1 - bestSeen) / Math.Max(1, validationImages));
        lines.Add("");
        lines.Add(string.Create(f, $"An accuracy on these {validationImages:N0} validation images carries a standard error of about {standardError * 100:0.0#} points (binomial, at {bestSeen:F3}); two studies' ends closer than about twice that are not told apart by one seed."));
        lines.Add("");
        lines.Add($"The goal against the better of the two Optuna studies: TuneWise met it on {met["tunewise"]} of {seeds} seeds and ended at least as high on {endedAsHigh["tunewise"]}; " +
            $"a third Optuna study (TPE + median pruner, another sampler seed, the same split) met it on {met[Calibration]} and ended at least as high on {endedAsHigh[Calibration]}. " +
            "The third study is as good a tuner as the two by construction: its count is what the goal gives a tuner at par.");
        lines.Add("");
        lines.Add(string.Create(f, $"Chosen configurations, retrained: TuneWise's minus the better Optuna study's, {MeanAndError(choiceDifferences, points: true)} points over {choiceDifferences.Count} seed{(choiceDifferences.Count == 1 ? "" : "s")} (per seed: {string.Join(", ", choiceDifferences.Select(d => (d * 100).ToString("+0.00;−0.00;0.00", f)))})."));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Mean ± standard error of the mean, as accuracies or (<paramref name="points"/>) as percentage points.</summary>
    private static string MeanAndError(IReadOnlyList<double> values, bool points = false)
    {
        if (values.Count == 0) return "—";
        double mean = values.Average(), scale = points ? 100 : 1;
        double error = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
        string format = points ? "+0.00;−0.00;0.00" : "F4";
        string spread = double.IsNaN(error) ? "n/a" : (error * scale).ToString(points ? "0.00" : "F4", CultureInfo.InvariantCulture);
        return $"{(mean * scale).ToString(format, CultureInfo.InvariantCulture)} ± {spread}";
    }

    /// <summary>
    /// The training and validation split TuneWise makes for this seed (stratified, standardised), as raw
    /// float32 files for the Python side: with 1,000 validation images one split can be a point easier
    /// than another, so both tools must be judged on the same one. Returns the folder and the number of validation images.
    /// </summary>
    private static (string Folder, int ValidationImages) WriteSplit(Experiment experiment)
    {
        var data = ExperimentData.Load(experiment);
        var folder = Directory.CreateTempSubdirectory("tunewise-peers-split").FullName;
        foreach (var (name, set) in new[] { ("train", data.Train), ("validation", data.Validation) })
        {
            File.WriteAllBytes(Path.Combine(folder, $"{name}-x.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.Features.AsSpan()).ToArray());
            File.WriteAllBytes(Path.Combine(folder, $"{name}-y.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.Targets.AsSpan()).ToArray());
        }
        return (folder, data.Validation.Count);
    }

    private sealed record PeerRun(double Best, int Epochs, double Seconds, List<(int Epochs, double Best)> Curve, IReadOnlyList<double> Retrained);

    /// <summary>The study as <c>tunewise tune</c> runs it (range tests and preflight included in the wall time), without its minutes limit.</summary>
    private static PeerRun RunTuneWise(Experiment loaded, int trials)
    {
        var folder = Directory.CreateTempSubdirectory("tunewise-peers").FullName;
        var experiment = loaded with
        {
            Storage = new StorageSection { Path = Path.Combine(folder, "study.db") },
            Search = loaded.Search with { Budget = loaded.Search.Budget with { Minutes = null, Trials = trials } },
        };
        var clock = Stopwatch.StartNew();
        using var storage = StudyStorageFactory.Open(new SqliteStudyStore(), experiment);
        var runner = new TorchTrialRunner(experiment);
        var summary = new TuningJob(experiment, runner, storage).Run();
        double seconds = clock.Elapsed.TotalSeconds;
        // Trials run one after another, so the cumulative epochs in trial order is the order they were trained in.
        var curve = new List<(int, double)>();
        int epochs = 0;
        double best = 0;
        foreach (var trial in summary.Trials.OrderBy(t => t.Record.Number))
            foreach (var (_, score) in trial.Intermediate.OrderBy(kv => kv.Key))
            {
                epochs++;
                double accuracy = summary.Objective.Value(score);
                if (accuracy > best) { best = accuracy; curve.Add((epochs, accuracy)); }
            }
        Directory.Delete(folder, recursive: true);
        return new PeerRun(summary.BestValue ?? double.NaN, summary.EpochsUsed, seconds, curve, Retrain(summary, runner.Data, loaded.Seed));
    }

    /// <summary>
    /// The study's chosen configuration trained <see cref="Retrains"/> times more with fresh seeds (the
    /// Python side uses the same ones), on the same split; a run that ends without a value counts as 0.
    /// </summary>
    private static List<double> Retrain(TuningSummary summary, TrainingData data, int seed)
    {
        if (summary.BestExperiment is not { } best) return [];
        return Enumerable.Range(0, Retrains).Select(k =>
        {
            var run = best with { Training = best.Training with { Seed = 1_000_000 + seed * 100 + k } };
            var result = new Trainer(run).Train(data);
            var last = EpochMetricsNames.OfLastEpoch(result);
            return summary.Objective.ValueIn(last) is { } value && double.IsFinite(value) ? value : 0.0;
        }).ToList();
    }
}

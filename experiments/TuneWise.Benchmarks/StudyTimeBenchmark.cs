using System.Diagnostics;
using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Models.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;
using TuneWise.Search.Tuning;

namespace TuneWise.Benchmarks;

/// <summary>
/// Where a study's wall time goes: the quick-start study run as <c>tunewise tune</c> runs it (SQLite
/// study in a temporary folder), its time split into training steps, preflight, range tests, the rest
/// of each trial (model building, evaluation, health probes) and the rest of the job (proposals, storage).
/// </summary>
internal static class StudyTimeBenchmark
{
    public static string Run(string experimentFile)
    {
        var loaded = ExperimentLoader.Load(experimentFile);
        var folder = Directory.CreateTempSubdirectory("tunewise-time").FullName;
        var experiment = loaded with { Storage = new StorageSection { Path = Path.Combine(folder, "study.db") } };
        var clock = Stopwatch.StartNew();
        var torchRunner = new TorchTrialRunner(experiment);
        var runner = new StepCountingRunner(torchRunner);
        double loadSeconds = Time(() => _ = torchRunner.Data);
        using var storage = StudyStorageFactory.Open(new SqliteStudyStore(), experiment);
        var summary = new TuningJob(experiment, runner, storage).Run();
        double total = clock.Elapsed.TotalSeconds;
        double trialOverhead = runner.TrialSeconds - runner.TrainSeconds;
        double job = total - loadSeconds - runner.PreflightSeconds - runner.RangeTestSeconds - runner.TrialSeconds;
        double outside = total - runner.TrainSeconds;
        var f = CultureInfo.InvariantCulture;
        string Row(string what, double seconds) => string.Create(f, $"| {what} | {seconds:F2} s | {seconds / total:P1} |");
        return string.Join(Environment.NewLine,
            $"{Path.GetFileName(experimentFile)}: {summary.Trials.Count} trials, {summary.EpochsUsed} epochs, ended by {summary.EndedBy}.",
            "",
            "| where | time | share of wall time |",
            "|---|---|---|",
            Row("training steps (forward, backward, optimizer)", runner.TrainSeconds),
            Row("loading and splitting the data", loadSeconds),
            Row("preflight", runner.PreflightSeconds),
            Row("range tests", runner.RangeTestSeconds),
            Row("rest of the trials: building models, evaluation, health probes", trialOverhead),
            Row("rest of the job: proposals, pruning, storage", job),
            Row("**outside training steps**", outside),
            Row("total", total),
            "",
            string.Create(f, $"Outside training steps: {outside / total:P1} (target ≤ 15 % on the quick start)."));
    }

    private static double Time(Action work)
    {
        long start = Stopwatch.GetTimestamp();
        work();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

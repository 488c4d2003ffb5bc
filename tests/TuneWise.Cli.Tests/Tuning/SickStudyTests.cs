using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;

namespace TuneWise.Cli.Tests.Tuning;

/// <summary>
/// A deliberately sick study, as a new user would run one: random search over learning rates from
/// 1e-4 to 10 and three activations. Every card of every trial is read: the first verdict is the
/// root cause, no fix contradicts another, and no fix suggests a rate past the range test's
/// divergence point.
/// </summary>
[Trait("Category", "Slow")]
public partial class SickStudyTests
{
    // Codes whose cause is a rate that is too large for the network: their fixes lower it.
    private static readonly HashSet<string> RateRoots =
    [
        VerdictCodes.OversizedUpdates, VerdictCodes.ExplodingGradient, VerdictCodes.DivergingLoss, VerdictCodes.NonFinite,
        VerdictCodes.DeadRelu, VerdictCodes.SaturatedActivation, VerdictCodes.OscillatingLoss, VerdictCodes.ClipSaturation,
    ];

    [Fact]
    public void Every_unhealthy_trial_names_its_root_cause_first_and_no_fix_contradicts_another_or_the_range_test()
    {
        var data = JsonSerializer.Serialize(Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist"));
        var experiment = CliRunner.Experiment($$"""
            {
              "name": "sick", "seed": 5,
              "data": { "path": {{data}}, "trainLimit": 1200, "validationFraction": 0.25 },
              "model": { "hidden": [64, 32] },
              "training": { "epochs": 3, "batchSize": 32, "optimizer": "momentum" },
              "search": {
                "sampler": "random",
                "space": { "learningRate": { "log": [1e-4, 10] }, "activation": { "choice": ["relu", "sigmoid", "tanh"] } },
                "pruner": { "asha": null },
                "budget": { "trials": 22, "maxFailuresInARow": 30 }
              }
            }
            """);
        var run = CliRunner.Run("tune", experiment, "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);

        using var storage = new SqliteStudyStorage(Path.Combine(Path.GetDirectoryName(experiment)!, "sick.db"));
        var (name, json, key) = storage.Studies()[0];
        storage.Open(name, json, key);
        var trials = storage.Trials();
        Assert.True(trials.Count >= 20, $"{trials.Count} trials");
        // Where the loss of the base configuration (relu, momentum) diverges, as lr-find measures it.
        var find = CliRunner.Run("lr-find", experiment, "--json");
        Assert.True(find.ExitCode == 0, find.Error);
        using var found = JsonDocument.Parse(find.Output);
        double? divergedAt = found.RootElement.GetProperty("results")[0].TryGetProperty("divergedAt", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null;
        Assert.NotNull(divergedAt);
        // A study's own range tests cap the rates its fixes suggest (none ran here: the rates were given).
        double? ceiling = storage.RangeTests().Values.Select(StoredJson.Read<LrRangeTestResult>).Select(r => r.DivergedAt).Min();
        // Sick: any warning or fatal verdict, whether or not the health pruner stopped the trial.
        var sick = trials.Where(t => t.HealthVerdicts is not null
            && StoredJson.Read<List<HealthVerdict>>(t.HealthVerdicts).Any(v => v.Severity > Severity.Info)).ToList();
        Assert.True(sick.Count >= 5, $"only {sick.Count} sick trials: the study did not test what it should");

        var problems = new List<string>();
        foreach (var trial in trials.Where(t => t.HealthVerdicts is not null))
        {
            var verdicts = StoredJson.Read<List<HealthVerdict>>(trial.HealthVerdicts!).Where(v => v.Severity > Severity.Info).ToList();
            if (verdicts.Count == 0) continue;
            double rate = Convert.ToDouble(trial.Record.Parameters["learningRate"], CultureInfo.InvariantCulture);
            string label = $"trial {trial.Record.Number} (lr {rate:G3}, {trial.Record.Parameters["activation"]}): {string.Join(" → ", verdicts.Select(v => v.Code))}";
            if (verdicts[0].Code != VerdictChain.Root(verdicts)!.Code) problems.Add($"{label}: the first verdict is not the root cause");
            var fixes = verdicts.SelectMany(v => v.Fixes).ToList();
            bool raises = fixes.Any(f => f.StartsWith("raise the learning rate", StringComparison.Ordinal));
            bool lowers = fixes.Any(f => f.StartsWith("lower the learning rate", StringComparison.Ordinal));
            if (raises && lowers) problems.Add($"{label}: fixes both raise and lower the learning rate");
            foreach (Match m in RaisedTo().Matches(string.Join("\n", fixes)))
                if (ceiling is { } diverged && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > diverged)
                    problems.Add($"{label}: suggests a rate {m.Groups[1].Value} above the divergence point {diverged:G3}");
            // Far past the divergence point the rate is the cause: nothing may call it too low.
            if (rate > 3 * divergedAt && !RateRoots.Contains(verdicts[0].Code))
                problems.Add($"{label}: a rate 3× past divergence ({divergedAt:G3}) is blamed on {verdicts[0].Code}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The report shows every card in that order too; the trials it counts as sick have one.
        int checkedCards = 0;
        var report = File.ReadAllText(Path.Combine(Path.GetDirectoryName(experiment)!, "sick.html"));
        foreach (var trial in sick.Where(t => t.HealthVerdicts is not null))
        {
            var verdicts = StoredJson.Read<List<HealthVerdict>>(trial.HealthVerdicts!).Where(v => v.Severity > Severity.Info).ToList();
            if (verdicts.Count == 0) continue;
            int section = report.IndexOf($"id=\"trial-{trial.Record.Number}\"", StringComparison.Ordinal);
            if (section < 0) continue;
            checkedCards++;
            int firstCode = report.IndexOf("<code>", section, StringComparison.Ordinal);
            Assert.Equal(verdicts[0].Code, report[(firstCode + 6)..report.IndexOf("</code>", firstCode, StringComparison.Ordinal)]);
        }
        Assert.True(checkedCards >= 3, $"only {checkedCards} trial cards in the report");
    }

    [GeneratedRegex(@"raise the learning rate \(training\.learningRate: [^ ]+ → ([0-9.eE+-]+)\)")]
    private static partial Regex RaisedTo();
}

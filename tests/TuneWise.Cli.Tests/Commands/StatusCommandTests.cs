using System.Text.Json;
using TuneWise.Cli.Tests.Tuning;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;

namespace TuneWise.Cli.Tests.Commands;

public class StatusCommandTests
{
    // A study of 40 trials written straight into its store: 36 complete, 3 unhealthy with dead ReLUs, one running on a worker.
    private static string Study()
    {
        var path = TuneExperiments.Write(trials: 40);
        var experiment = ExperimentLoader.Load(path);
        using var storage = new SqliteStudyStorage(TuneExperiments.StudyOf(path));
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
        var deadRelu = StoredJson.Write(new List<HealthVerdict> { new() { Code = VerdictCodes.DeadRelu, Severity = Severity.Warning, Step = 10, Message = "dead" } });
        for (int i = 0; i < 40; i++)
        {
            var trial = storage.Claim(i == 39 ? "node-7:4242" : "node-1:1", 40, (_, _) => new Dictionary<string, object> { ["dropout"] = i / 100.0 })!;
            if (i == 39) break;
            if (i is 5 or 6 or 7)
            {
                storage.SaveHealth(trial.Record.Number, deadRelu, "{}");
                storage.Finish(trial.Record.Number, TrialState.Pruned, -0.1, unhealthy: true, pruned: new PruneDecision("health", "dead_relu", 1, Unhealthy: true));
            }
            else storage.Finish(trial.Record.Number, TrialState.Complete, -(0.5 + i / 100.0));   // scores: accuracy 0.50 … 0.88
        }
        return path;
    }

    [Fact]
    public void A_large_study_is_summarised_on_one_screen_and_listed_whole_on_request()
    {
        var study = Study();
        var summary = CliRunner.Run("status", study);
        Assert.True(summary.ExitCode == 0, summary.Error);
        Assert.Contains("40 trials — 36 complete, 0 pruned, 3 unhealthy, 0 failed, 1 running or waiting", summary.Output);
        Assert.Contains("the 10 best of 40 trials; --all lists every one", summary.Output);
        Assert.Contains("verdicts: dead_relu in 3 trials", summary.Output);
        Assert.Contains("worker node-7:4242: running trial 39, last heartbeat ", summary.Output);
        Assert.Contains("best: trial 38", summary.Output);
        // Ten ranked rows, the best first; the worst complete trial (0) is not among them.
        Assert.Matches(@"\n\s*1\s+38\s", summary.Output);
        Assert.DoesNotMatch(@"\n\s*\d+\s+0\s+complete", summary.Output);

        var all = CliRunner.Run("status", study, "--all");
        Assert.DoesNotContain("best of 40", all.Output);
        Assert.Matches(@"\n\s*36\s+0\s", all.Output);

        var three = CliRunner.Run("status", study, "--top", "3");
        Assert.Contains("the 3 best of 40 trials", three.Output);

        using var json = JsonDocument.Parse(CliRunner.Run("status", study, "--json").Output);
        Assert.Equal(40, json.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("verdictCounts").GetProperty("dead_relu").GetInt32());

        var bad = CliRunner.Run("status", study, "--top", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--top must be at least 1, got 0", bad.Error);
    }
}

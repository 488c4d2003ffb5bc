using System.Text.Json;
using TuneWise.Cli.Tests.Tuning;

namespace TuneWise.Cli.Tests.Commands;

public class TuneCommandTests
{
    [Fact]
    public void A_small_tune_runs_range_tests_and_trials_and_writes_a_runnable_best_configuration()
    {
        var experiment = TuneExperiments.Write(trials: 4);
        var run = CliRunner.Run("tune", experiment, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Output);
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("trials").GetArrayLength());
        Assert.Equal(2, root.GetProperty("rangeTests").GetArrayLength());
        Assert.Equal("validationAccuracy", root.GetProperty("objective").GetProperty("metric").GetString());
        var best = root.GetProperty("best");
        Assert.True(best.GetProperty("value").GetDouble() > 0.5, run.Output);
        // Progress went to standard error as plain lines, so standard output is pure JSON.
        Assert.Contains("phase sweep", run.Error);
        // The sampler is named, with what it is, when the sweep starts.
        Assert.Contains("sampler random: uniform random sampling", run.Error);
        Assert.Contains("trial 3 started", run.Error);

        var bestFile = root.GetProperty("bestExperiment").GetString()!;
        var train = CliRunner.Run("train", bestFile, "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        using var trained = JsonDocument.Parse(train.Output);
        var epochs = trained.RootElement.GetProperty("result").GetProperty("epochs");
        // The file reproduces the trial: same split, parameters and training seed give the same accuracy.
        Assert.Equal(best.GetProperty("value").GetDouble(), epochs[epochs.GetArrayLength() - 1].GetProperty("validationAccuracy").GetDouble(), 6);
        Assert.True(File.Exists(root.GetProperty("bestWeights").GetString()));
        var report = File.ReadAllText(root.GetProperty("report").GetString()!);
        Assert.Contains("<section id=\"leaderboard\">", report);
        Assert.Contains("Range test: momentum", report.Replace("&#39;", "'"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_study_whose_trials_all_fail_stops_after_the_failure_limit_with_one_line()
    {
        // Every batch size on offer is larger than the 800 training samples: every trial fails the same way.
        var experiment = TuneExperiments.Write(trials: 5, space: """{ "batchSize": { "choice": [4096, 8192] } }""");
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"trials\": 5", "\"trials\": 5, \"maxFailuresInARow\": 3", StringComparison.Ordinal));
        var run = CliRunner.Run("tune", experiment, "--quiet");
        Assert.True(run.ExitCode == 1, run.Error);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("3 trials failed in a row, so the study stopped; the last one (trial 2) failed with:", lines[0]);
        Assert.Contains("larger than", lines[0]);
        // The failures are in the study and the report, for the morning.
        var status = CliRunner.Run("status", TuneExperiments.StudyOf(experiment), "--json");
        using var doc = JsonDocument.Parse(status.Output);
        Assert.Equal(3, doc.RootElement.GetProperty("trials").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(experiment)!, "small-study.html")));
    }

    [Fact]
    public void A_report_or_best_configuration_that_would_land_on_an_input_is_refused_before_the_study_starts()
    {
        foreach (var (report, says) in new[] { ("small-study.db", "is the study file (storage.path)"), ("./sub/../experiment.json", "is the experiment file") })
        {
            var experiment = TuneExperiments.Write(trials: 1);
            var text = File.ReadAllText(experiment).Replace("\"seed\": 3,", $"\"seed\": 3, \"report\": {{ \"path\": \"{report}\" }},", StringComparison.Ordinal);
            File.WriteAllText(experiment, text);
            var run = CliRunner.Run("tune", experiment, "--quiet");
            Assert.True(run.ExitCode == 2, run.Error);
            Assert.Contains("report.path: ", run.Error);
            Assert.Contains(says, run.Error);
            Assert.Equal(text, File.ReadAllText(experiment));
            // Refused before the study was opened: no study file was made.
            Assert.False(File.Exists(TuneExperiments.StudyOf(experiment)));
        }
    }

    [Fact]
    public void A_resume_compares_values_not_text_and_a_refusal_names_the_field_that_differs()
    {
        var experiment = TuneExperiments.Write(trials: 1, space: """{ "learningRate": { "log": [1e-4, 1e-1] } }""");
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);

        // The same numbers written another way, and a larger budget: the same study, resumed.
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("[1e-4, 1e-1]", "[0.0001, 0.1]", StringComparison.Ordinal)
            .Replace("\"trials\": 1", "\"trials\": 2", StringComparison.Ordinal));
        var resumed = CliRunner.Run("tune", experiment, "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Error);

        // A real change is refused, with the field and both values.
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"batchSize\": 50", "\"batchSize\": 64", StringComparison.Ordinal));
        var refused = CliRunner.Run("tune", experiment, "--quiet");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("training.batchSize: 50 in the study, 64 now", refused.Error);
        Assert.DoesNotContain("search.space", refused.Error);
    }

    [Fact]
    public void Two_experiments_sharing_one_study_file_keep_their_own_results_and_status_names_them()
    {
        var first = TuneExperiments.Write(trials: 1);
        var folder = Path.GetDirectoryName(first)!;
        string Shared(string name) => File.ReadAllText(first).Replace("\"name\": \"small-study\"", $"\"name\": \"{name}\", \"storage\": {{ \"path\": \"shared.db\" }}", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "a.json"), Shared("study-a"));
        File.WriteAllText(Path.Combine(folder, "b.json"), Shared("study-b").Replace("\"seed\": 3", "\"seed\": 4", StringComparison.Ordinal));
        Assert.Equal(0, CliRunner.Run("tune", Path.Combine(folder, "a.json"), "--quiet").ExitCode);
        Assert.Equal(0, CliRunner.Run("tune", Path.Combine(folder, "b.json"), "--quiet").ExitCode);

        // Each keeps its own best configuration and weights beside the shared file.
        Assert.True(File.Exists(Path.Combine(folder, "study-a.best.json")));
        Assert.True(File.Exists(Path.Combine(folder, "study-b.best.json")));
        Assert.True(Directory.Exists(Path.Combine(folder, "study-a.weights")) && Directory.Exists(Path.Combine(folder, "study-b.weights")));

        var shared = Path.Combine(folder, "shared.db");
        var ambiguous = CliRunner.Run("status", shared);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("holds 2 studies ('study-a', 'study-b'); name one with --study", ambiguous.Error);
        var named = CliRunner.Run("status", shared, "--study", "study-b", "--json");
        Assert.True(named.ExitCode == 0, named.Error);
        Assert.Contains("study-b", named.Output);
    }

    [Fact]
    public void Running_tune_again_resumes_the_study_and_status_lists_every_trial()
    {
        var experiment = TuneExperiments.Write(trials: 2);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"trials\": 2", "\"trials\": 3", StringComparison.Ordinal));
        var second = CliRunner.Run("tune", experiment);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("range test momentum (stored)", second.Output);
        Assert.DoesNotContain("trial 0 started", second.Output);
        Assert.Contains("trial 2 started", second.Output);

        var status = CliRunner.Run("status", TuneExperiments.StudyOf(experiment), "--json");
        Assert.True(status.ExitCode == 0, status.Error);
        using var doc = JsonDocument.Parse(status.Output);
        var trials = doc.RootElement.GetProperty("trials");
        Assert.Equal([0, 1, 2], trials.EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        Assert.All(trials.EnumerateArray(), t => Assert.True(t.GetProperty("parameters").TryGetProperty("optimizer", out _)));
        var table = CliRunner.Run("status", experiment);
        Assert.Contains("3 trials", table.Output);
    }

    [Fact]
    public void A_trial_killed_by_the_health_monitor_is_recorded_unhealthy_with_its_verdict()
    {
        // SGD at learning rates of 1e4 and more turns the loss NaN at once: every trial must be stopped as unhealthy, the job still ends cleanly.
        var experiment = TuneExperiments.Write(trials: 2, space: """{ "optimizer": { "choice": ["sgd"] }, "learningRate": { "log": [10000, 100000] } }""");
        var run = CliRunner.Run("tune", experiment, "--json");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        using var doc = JsonDocument.Parse(run.Output);
        var trials = doc.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.True(t.GetProperty("unhealthy").GetBoolean(), t.ToString());
            Assert.Equal("health", t.GetProperty("stoppedBy").GetString());
            Assert.NotEmpty(t.GetProperty("verdicts").EnumerateArray());
        });
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("best").ValueKind);
        // The report says why, trial by trial and grouped.
        var report = File.ReadAllText(doc.RootElement.GetProperty("report").GetString()!);
        var codes = trials[0].GetProperty("verdicts").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("<div class=\"trial unhealthy\" id=\"trial-0\">", report);
        Assert.Contains(codes, code => report.Contains($"<td><code>{code}</code></td><td class=\"num\">2</td>", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_search_settings_are_reported_with_their_json_path_and_exit_code_2()
    {
        var experiment = TuneExperiments.Write(trials: 2, search: """, "objective": { "metric": "f1" }""");
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"asha\": null", "\"asha\": { \"reductionFactor\": 1 }", StringComparison.Ordinal));
        var run = CliRunner.Run("tune", experiment);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("search.pruner.asha.reductionFactor must be >= 2, got 1", run.Error);
        Assert.Contains("search.objective.metric must be one of", run.Error);
        Assert.False(File.Exists(TuneExperiments.StudyOf(experiment)));
    }

    [Fact]
    public void Status_of_a_missing_study_is_a_user_error()
    {
        var run = CliRunner.Run("status", Path.Combine(Path.GetTempPath(), "no-such-study.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such study", run.Error);
    }
}

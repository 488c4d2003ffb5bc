using System.Text.Json;

namespace TuneWise.Cli.Tests.Commands;

public class DiagnoseCommandTests
{
    private static string Bundled => Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/");

    [Fact]
    public void Diagnose_names_the_problem_with_layers_and_fixes()
    {
        var run = CliRunner.Run("diagnose", Path.Combine(CliRunner.RepositoryRoot, "experiments", "diagnose-deep-sigmoid.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("vanishing_gradient", run.Output);
        Assert.Contains("use relu or leaky_relu instead of sigmoid", run.Output);
        Assert.Contains("layers at step", run.Output);
        Assert.Contains("activations on the probe batch", run.Output);
    }

    [Fact]
    public void Diagnose_json_lists_code_severity_step_layers_evidence_and_fixes()
    {
        var run = CliRunner.Run("diagnose", Path.Combine(CliRunner.RepositoryRoot, "experiments", "diagnose-deep-sigmoid.json"), "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        Assert.False(doc.RootElement.GetProperty("healthy").GetBoolean());
        var vanishing = doc.RootElement.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("code").GetString() == "vanishing_gradient");
        Assert.Equal("warning", vanishing.GetProperty("severity").GetString());
        Assert.True(vanishing.GetProperty("step").GetInt32() >= 0);
        Assert.Equal("fc1", vanishing.GetProperty("layers")[0].GetString());
        Assert.True(vanishing.GetProperty("evidence").GetProperty("first_to_last_gradient_ratio").GetDouble() < 1e-3);
        Assert.True(vanishing.GetProperty("fixes").GetArrayLength() >= 2);
        Assert.True(doc.RootElement.GetProperty("lastProbe").GetProperty("layers").GetArrayLength() == 9);
    }

    [Fact]
    public void A_fatal_preflight_finding_stops_before_training_with_the_finding_as_message()
    {
        var csv = Path.Combine(Directory.CreateTempSubdirectory("cli").FullName, "rows.csv");
        File.WriteAllLines(csv, ["a,b,label", .. Enumerable.Range(0, 60).Select(i => i == 7 ? "1,NaN,x" : $"{i % 5},{i % 3},{(i % 2 == 0 ? "x" : "y")}")]);
        var experiment = CliRunner.Experiment($$"""{ "data": { "kind": "csv", "path": "{{csv.Replace("\\", "/")}}", "validationFraction": 0.2 }, "training": { "epochs": 1 } }""");
        foreach (var command in new[] { "diagnose", "train" })
        {
            var run = CliRunner.Run(command, experiment);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("input_non_finite", run.Error);
            Assert.Contains("row 9, column 'b'", run.Error);
        }
    }

    [Fact]
    public void Diagnose_writes_tensorboard_event_files_when_asked()
    {
        var experiment = CliRunner.Experiment($$"""
            { "data": { "path": "{{Bundled}}", "trainLimit": 300 }, "model": { "hidden": [16] }, "training": { "epochs": 1, "batchSize": 32 }, "health": { "cadence": 5 } }
            """);
        var logs = Path.Combine(Path.GetDirectoryName(experiment)!, "tb");
        var run = CliRunner.Run("diagnose", experiment, "--tensorboard", logs);
        Assert.Equal(0, run.ExitCode);
        var events = Directory.GetFiles(logs, "events.out.tfevents.*", SearchOption.AllDirectories);
        var content = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Assert.Single(events)));
        Assert.Contains("loss/data", content);
        Assert.Contains("gradient_norm/fc1", content);
        Assert.Contains("weights/fc1", content);
        Assert.Contains("epoch/validation_accuracy", content);
    }

    [Fact]
    public void An_unknown_threshold_is_bad_input_naming_it()
    {
        var run = CliRunner.Run("diagnose", CliRunner.Experiment("""{ "health": { "thresholds": { "dead_relu.fractoin": 0.5 } } }"""));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("health.thresholds.dead_relu.fractoin is not a known threshold", run.Error);
    }
}

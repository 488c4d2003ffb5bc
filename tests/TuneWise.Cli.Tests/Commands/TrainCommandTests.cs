using System.Text.Json;

namespace TuneWise.Cli.Tests.Commands;

public class TrainCommandTests
{
    private static string Bundled => Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/");

    private static string SmallExperiment(string extra = "") => CliRunner.Experiment($$"""
        { "name": "cli-small", "data": { "path": "{{Bundled}}", "trainLimit": 600, "validationFraction": 0.2 },
          "model": { "hidden": [32] }, "training": { "epochs": 2, "batchSize": 50 {{extra}} } }
        """);

    [Fact]
    public void Train_prints_a_summary_table_and_succeeds()
    {
        var run = CliRunner.Run("train", SmallExperiment());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("val acc", run.Output);
        Assert.Contains("Completed after 24 steps", run.Output);
        Assert.Contains("validation accuracy", run.Output);
    }

    [Fact]
    public void Train_json_prints_the_result_machine_readably()
    {
        var run = CliRunner.Run("train", SmallExperiment(), "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var result = doc.RootElement.GetProperty("result");
        Assert.Equal("completed", result.GetProperty("stopReason").GetString());
        Assert.Equal(2, result.GetProperty("epochs").GetArrayLength());
        Assert.InRange(result.GetProperty("epochs")[1].GetProperty("validationAccuracy").GetDouble(), 0.3, 1.0);
        // Numbered as the table numbers them.
        Assert.Equal([1, 2], result.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
    }

    [Fact]
    public void In_a_pipe_progress_is_one_line_per_epoch_whatever_the_speed()
    {
        var first = CliRunner.Run("train", SmallExperiment());
        var second = CliRunner.Run("train", SmallExperiment());

        var epochLines = (string output) => output.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, epochLines(first.Output).Count);
        Assert.StartsWith("epoch 1/2: train loss ", epochLines(first.Output)[0]);
        Assert.Equal(epochLines(first.Output), epochLines(second.Output));
    }

    [Fact]
    public async Task An_interrupt_stops_training_at_once_and_still_summarises_the_finished_epochs()
    {
        var experiment = SmallExperiment().Replace("\"epochs\": 2", "\"epochs\": 100000", StringComparison.Ordinal);
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"epochs\": 2", "\"epochs\": 100000", StringComparison.Ordinal));
        // Interrupted once the first epoch is summarised (an epoch takes well under a second; two minutes guard against a hang).
        var (stopped, stopping) = await CliRunner.RunUntil(["train", experiment], o => o.Contains("epoch 1/100000: train loss", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        Assert.True(stopping < TimeSpan.FromSeconds(10), $"took {stopping.TotalSeconds:0.0} s to stop");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("Cancelled after", stopped.Output);
        Assert.Contains("epoch 1/100000: train loss", stopped.Output);
        Assert.Contains("validation accuracy", stopped.Output);
    }

    [Fact]
    public void A_bad_value_exits_with_2_and_names_the_json_path()
    {
        var run = CliRunner.Run("train", SmallExperiment(", \"learningRate\": -1"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("training.learningRate must be > 0, got -1", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void A_missing_experiment_file_exits_with_2()
    {
        var run = CliRunner.Run("train", "/no/such/experiment.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error);
    }

    [Fact]
    public void Bad_data_exits_with_2_and_names_the_file_and_row()
    {
        var csv = Path.Combine(Directory.CreateTempSubdirectory("cli").FullName, "rows.csv");
        File.WriteAllText(csv, "x,label\n1,a\n2\n");
        var run = CliRunner.Run("train", CliRunner.Experiment($$"""{ "data": { "kind": "csv", "path": "{{csv.Replace("\\", "/")}}" } }"""));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rows.csv, row 3", run.Error);
    }

    [Fact]
    public void An_unknown_command_exits_with_2()
    {
        var run = CliRunner.Run("trian");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("trian", run.Error);
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var run = CliRunner.Run("--help");
        Assert.Equal(0, run.ExitCode);
        var listed = run.Output.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "train", "diagnose", "lr-find", "tune", "worker", "status", "report" }, listed);
    }
}

public class TrainPlotTests
{
    [Fact]
    public void Plot_writes_the_loss_curves()
    {
        var bundled = Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/");
        var experiment = CliRunner.Experiment($$"""
            { "data": { "path": "{{bundled}}", "trainLimit": 300 }, "model": { "hidden": [16] }, "training": { "epochs": 2 } }
            """);
        var svg = Path.Combine(Path.GetDirectoryName(experiment)!, "curves.svg");
        var run = CliRunner.Run("train", experiment, "--plot", svg);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("validation loss", File.ReadAllText(svg));
    }

    [Fact]
    public void Plot_to_an_unknown_format_is_bad_input()
    {
        var run = CliRunner.Run("train", CliRunner.Experiment("{}"), "--plot", "curves.gif");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("svg or .png", run.Error);
    }
}

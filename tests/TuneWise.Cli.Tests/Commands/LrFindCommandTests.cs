using System.Text.Json;

namespace TuneWise.Cli.Tests.Commands;

public class LrFindCommandTests
{
    private static string Experiment(string search = "", int batchSize = 32) => CliRunner.Experiment($$"""
        { "data": { "path": "{{Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/")}}", "trainLimit": 2000 },
          "model": { "hidden": [64] }, "training": { "batchSize": {{batchSize}} } {{search}} }
        """);

    [Fact]
    public void Lr_find_json_gives_the_whole_curve_and_a_range_per_optimizer()
    {
        var run = CliRunner.Run("lr-find", Experiment(), "--optimizers", "sgd,adam", "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        foreach (var result in results.EnumerateArray())
        {
            Assert.True(result.GetProperty("points").GetArrayLength() >= 10);
            var range = result.GetProperty("range");
            Assert.True(range.GetProperty("lower").GetDouble() < range.GetProperty("upper").GetDouble());
            Assert.True(result.GetProperty("recommended").GetDouble() > 0);
            Assert.True(result.GetProperty("points")[0].TryGetProperty("gradientNorm", out _));
        }
        Assert.Equal("sgd", results[0].GetProperty("optimizer").GetString());
    }

    [Fact]
    public void Lr_find_prints_suggestions_and_draws_the_curve()
    {
        var experiment = Experiment();
        var svg = Path.Combine(Path.GetDirectoryName(experiment)!, "lr.svg");
        var run = CliRunner.Run("lr-find", experiment, "--plot", svg);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("adam: use learning rate", run.Output);
        Assert.Contains("recommended", File.ReadAllText(svg));
    }

    [Fact]
    public void A_full_batch_sweep_says_its_divergence_point_is_late()
    {
        // trainLimit keeps 2,000 training images: a batch of 2,000 is the whole set.
        var full = CliRunner.Run("lr-find", Experiment(batchSize: 2000), "--optimizers", "sgd");
        Assert.Equal(0, full.ExitCode);
        Assert.Contains("note: every step of this sweep saw the whole training set", full.Output);
        var json = CliRunner.Run("lr-find", Experiment(batchSize: 2000), "--optimizers", "sgd", "--json");
        Assert.True(JsonDocument.Parse(json.Output).RootElement.GetProperty("results")[0].GetProperty("fullBatch").GetBoolean());

        var batched = CliRunner.Run("lr-find", Experiment(), "--optimizers", "sgd");
        Assert.DoesNotContain("whole training set", batched.Output);
    }

    [Fact]
    public void A_sweep_that_ends_below_its_start_is_bad_input()
    {
        var run = CliRunner.Run("lr-find", Experiment(""", "search": { "lrRangeTest": { "start": 1, "end": 0.1 } }"""));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("search.lrRangeTest.end must be > start (1), got 0.1", run.Error);
    }

    [Fact]
    public void Fewer_than_ten_steps_is_bad_input()
    {
        var run = CliRunner.Run("lr-find", Experiment(""", "search": { "lrRangeTest": { "steps": 5 } }"""));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("search.lrRangeTest.steps must be >= 10, got 5", run.Error);
    }

    [Fact]
    public void An_unknown_optimizer_is_bad_input()
    {
        var run = CliRunner.Run("lr-find", Experiment(), "--optimizers", "sgd,lion");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown optimizer 'lion'", run.Error);
    }

    [Fact]
    public void A_model_that_cannot_train_is_bad_input_with_a_reason()
    {
        var experiment = CliRunner.Experiment($$"""
            { "data": { "path": "{{Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/")}}", "trainLimit": 1000 },
              "model": { "hidden": [32, 32], "init": "constant", "initValue": 0 }, "training": { "optimizer": "sgd" },
              "search": { "lrRangeTest": { "start": 1e-5, "end": 0.1, "steps": 30 } } }
            """);
        var run = CliRunner.Run("lr-find", experiment);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot train", run.Error);
    }
}

using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Commands;

/// <summary>What libtorch itself prints while <c>tunewise train</c> runs, seen from outside the process.</summary>
public class NativeOutputTests
{
    [Fact]
    public async Task A_batch_1_convolutional_run_does_not_flood_stderr_with_libtorch_warnings()
    {
        // On CPUs NNPACK does not support, libtorch logged "Could not initialize NNPACK!" for every
        // single-sample convolution: 217,082 lines in one Fashion-MNIST epoch.
        var experiment = CliRunner.Experiment($$"""
            {
              "data": { "path": "{{Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/")}}", "trainLimit": 64 },
              "model": { "kind": "cnn", "channels": [4], "hidden": [] },
              "training": { "epochs": 1, "batchSize": 1 }
            }
            """);
        using var process = Processes.StartTunewise(["train", experiment, "--json"], environment: new Dictionary<string, string?> { ["TORCH_CPP_LOG_LEVEL"] = null });
        var run = await Processes.RunAsync(process, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("NNPACK", run.Error);
        Assert.Contains("\"epochs\"", run.Output);
    }
}

using System.Diagnostics;

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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "tunewise.dll"), "train", experiment, "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("TORCH_CPP_LOG_LEVEL");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, await error);
        Assert.DoesNotContain("NNPACK", await error);
        Assert.Contains("\"epochs\"", await output);
    }
}

using System.Diagnostics;

namespace TuneWise.MLNet.Tests;

/// <summary>The README's ML.NET sample, run as a user runs it.</summary>
public class SampleTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_sample_tunes_evaluates_saves_reloads_and_writes_the_report()
    {
        // The sample's build output sits beside this test's, under samples/ instead of tests/.
        var sample = AppContext.BaseDirectory.Replace(Path.Combine("tests", "TuneWise.MLNet.Tests"), Path.Combine("samples", "TuneWise.MLNet.Sample"));
        var dll = Path.Combine(sample, "TuneWise.MLNet.Sample.dll");
        Assert.True(File.Exists(dll), dll);
        var folder = Directory.CreateTempSubdirectory("tunewise-sample").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--trials", "4"]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A guard against a hang, ten times the sample's half minute or so, not a speed limit: on a busy machine it runs far slower.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));

        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Contains("identical scores", await output);
        Assert.Matches(@"test: macro accuracy 0\.\d+, micro accuracy 0\.\d+", await output);
        Assert.True(File.Exists(Path.Combine(folder, "customers-tuning", "customers.html")));
        Assert.True(File.Exists(Path.Combine(folder, "customers-tuning", "customers-model.zip")));
    }
}

using TuneWise.Testing;

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
        using var process = Processes.Start("dotnet", [dll, "--trials", "4"], folder);
        // A guard against a hang, ten times the sample's half minute or so, not a speed limit: on a busy machine it runs far slower.
        var run = await Processes.RunAsync(process, TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("identical scores", run.Output);
        Assert.Matches(@"test: macro accuracy 0\.\d+, micro accuracy 0\.\d+", run.Output);
        Assert.True(File.Exists(Path.Combine(folder, "customers-tuning", "customers.html")));
        Assert.True(File.Exists(Path.Combine(folder, "customers-tuning", "customers-model.zip")));
    }
}

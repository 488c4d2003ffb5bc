using System.Text;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests;

public class NativeLoadFailureTests
{
    private static bool SystemHasGcc13Runtime()
    {
        var libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        return libstdcxx is not null && Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx)).Contains("GLIBCXX_3.4.32");
    }

    [Fact]
    public async Task Without_the_fix_an_old_system_gets_one_clear_message_instead_of_torchsharps()
    {
        var bundled = Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/");
        var experiment = CliRunner.Experiment($$"""{ "data": { "path": "{{bundled}}", "trainLimit": 200 }, "training": { "epochs": 1 } }""");
        using var process = Processes.StartTunewise(["train", experiment, "--json"], environment: new Dictionary<string, string?> { ["TUNEWISE_NATIVE_FIX"] = "0" });
        var (code, stdout, stderr) = await Processes.RunAsync(process, TimeSpan.FromMinutes(2));

        if (SystemHasGcc13Runtime())
        {
            // A new enough libstdc++ needs no fix: training simply works.
            Assert.Equal(0, code);
            return;
        }
        Assert.Equal(1, code);
        Assert.Contains("TorchSharp's native library could not be loaded", stderr);
        Assert.Contains("GLIBCXX_3.4.32", stderr);
        Assert.Contains("TUNEWISE_NATIVE_FIX=0", stderr);
        Assert.DoesNotContain("doesn't contain a reference", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task An_unwritable_cache_folder_falls_back_to_the_temp_folder()
    {
        var bundled = Path.Combine(CliRunner.RepositoryRoot, "data", "fashion-mnist").Replace("\\", "/");
        var experiment = CliRunner.Experiment($$"""{ "data": { "path": "{{bundled}}", "trainLimit": 200 }, "training": { "epochs": 1 } }""");
        // A folder below a regular file can never be created, whoever runs the test.
        var blocker = Path.Combine(Path.GetDirectoryName(experiment)!, "not-a-folder");
        File.WriteAllText(blocker, "");
        using var process = Processes.StartTunewise(["train", experiment, "--json"], environment: new Dictionary<string, string?> { ["TUNEWISE_NATIVE_CACHE"] = Path.Combine(blocker, "cache") });
        var run = await Processes.RunAsync(process, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("\"stopReason\": \"completed\"", run.Output);
    }
}

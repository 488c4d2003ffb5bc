using System.Diagnostics;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests.BadInput;

/// <summary>
/// Every bad input fails the same good way: exit code 2, one line that names the file, row, column,
/// field or argument, no stack trace and no exception type. The inputs that could exhaust the machine
/// run in their own process, whose peak memory and time are bounded.
/// </summary>
public class BadInputTests
{
    public static TheoryData<BadInputCase> Cases => [.. BadInputCases.All.Where(c => !c.Heavy)];
    public static TheoryData<BadInputCase> HeavyCases => [.. BadInputCases.All.Where(c => c.Heavy)];

    [Fact]
    public void Every_command_that_reads_a_users_file_is_given_bad_input_and_no_case_is_there_twice()
    {
        var folder = new BadInputFolder();
        var commands = BadInputCases.All.Select(c => c.Arguments(folder)[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "train", "diagnose", "lr-find", "tune", "worker", "status", "report" }, commands);
        var names = BadInputCases.All.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_one_clear_line_and_exit_code_2(BadInputCase input)
    {
        var folder = new BadInputFolder();
        var arguments = input.Arguments(folder);
        // Read-only commands leave every file they were given as they found it (an empty "study" once grew to 57 KB).
        var given = arguments.Where(File.Exists).ToDictionary(a => a, File.ReadAllBytes);
        var run = CliRunner.Run(arguments);

        AssertRefused(input, run.ExitCode, run.Output, run.Error);
        if (arguments[0] is "status" or "report")
            foreach (var (path, bytes) in given) Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Theory]
    [MemberData(nameof(HeavyCases))]
    public async Task Is_refused_quickly_and_without_filling_memory(BadInputCase input)
    {
        var folder = new BadInputFolder();
        var clock = Stopwatch.StartNew();
        // A hard ceiling as well as the measurement: past it the runtime fails instead of the machine.
        using var process = Processes.StartTunewise(input.Arguments(folder), folder.Path, new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x30000000" });
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
            await Task.Delay(25);
        }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(peak < 1L << 30, $"peak resident memory {peak >> 20} MB");
        AssertRefused(input, process.ExitCode, await output, await error);
    }

    private static void AssertRefused(BadInputCase input, int exitCode, string output, string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Run 'tunewise --help'", StringComparison.Ordinal)).ToList();
        Assert.True(exitCode == 2, $"exit code {exitCode}; error: {error}; output: {output}");
        Assert.True(lines.Count == 1, $"expected one error line, got {lines.Count}:\n{error}");
        Assert.Contains(input.Says, lines[0]);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var text in new[] { error, output })
        {
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotMatch(@"\b[A-Z][A-Za-z]+Exception\b", text);
            Assert.DoesNotMatch(@"\bSystem\.[A-Z]", text);
            Assert.False(text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'), "a raw control character was printed");
        }
    }

    // VmHWM: the most resident memory the process has had so far.
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

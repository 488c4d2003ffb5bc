using System.Diagnostics;

namespace TuneWise.Testing;

/// <summary>
/// The one way the tests start another process (the tunewise command, a sample, a worker, a tool):
/// standard output and error redirected and read to the end, the environment changed only as
/// asked, and a hang guard that ends a process which outlives it.
/// </summary>
public static class Processes
{
    /// <summary>How a process ended: its exit code and everything it wrote.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Starts <paramref name="file"/>; read its output with <see cref="RunAsync(Process, TimeSpan)"/>, or kill it.</summary>
    /// <param name="file">The program.</param>
    /// <param name="arguments">Its arguments, each passed as one.</param>
    /// <param name="workingDirectory">Where it runs; the test's own when null.</param>
    /// <param name="environment">Variables to set, or to remove where the value is null.</param>
    public static Process Start(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
    }

    /// <summary>Starts the tunewise command built beside the test (<c>dotnet tunewise.dll …</c>).</summary>
    public static Process StartTunewise(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "tunewise.dll"), .. arguments], workingDirectory, environment);

    /// <summary>
    /// Waits for <paramref name="process"/> to end and returns what it wrote. <paramref name="hangGuard"/>
    /// guards against a hang (about ten times the expected time, never a speed limit): past it the
    /// process is killed and the test fails with what it wrote to standard error.
    /// </summary>
    public static async Task<Outcome> RunAsync(Process process, TimeSpan hangGuard)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(hangGuard);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} still ran after {hangGuard}: {await error}");
        }
        return new Outcome(process.ExitCode, await output, await error);
    }

    /// <summary>Runs <paramref name="file"/> to its end (see <see cref="RunAsync(Process, TimeSpan)"/>).</summary>
    public static Outcome Run(string file, IEnumerable<string> arguments, TimeSpan hangGuard, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Start(file, arguments, workingDirectory, environment);
        return RunAsync(process, hangGuard).GetAwaiter().GetResult();
    }
}

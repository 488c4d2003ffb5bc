using System.Diagnostics;
using System.Text.Json;

namespace TuneWise.Benchmarks;

/// <summary>
/// Runs a peer script of <c>experiments/peers/</c> with Debian's Python, where Optuna and PyTorch
/// are installed by <c>apt-get install python3-optuna python3-torch python3-sklearn libopenblas0-pthread</c>.
/// </summary>
internal static class PythonPeer
{
    /// <summary>Debian's interpreter: the default <c>python3</c> on PATH may be another one without the peers.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The apt command that installs the peers, for the line printed when they are missing.</summary>
    public const string InstallCommand = "apt-get install python3-optuna python3-torch python3-sklearn libopenblas0-pthread";

    /// <summary>Null when the modules import; otherwise the line that says why the peer is skipped.</summary>
    public static string? Missing(params string[] modules)
    {
        if (!File.Exists(Interpreter)) return $"peer skipped: {Interpreter} not found; install it with: {InstallCommand}";
        var (code, _, error) = Run(["-c", "import " + string.Join(", ", modules)], TimeSpan.FromMinutes(2));
        return code == 0 ? null : $"peer skipped: {string.Join(", ", modules)} not importable by {Interpreter} ({error.Trim().Split('\n')[^1]}); install with: {InstallCommand}";
    }

    /// <summary>Starts <paramref name="script"/> (a file of experiments/peers) and returns a task of its JSON output.</summary>
    public static Task<JsonDocument> RunScriptAsync(string script, TimeSpan limit, params string[] arguments) => Task.Run(() =>
    {
        var path = Path.Combine(PeersFolder, script);
        var (code, output, error) = Run([path, .. arguments], limit);
        if (code != 0) throw new InvalidOperationException($"{script} exited with {code}: {error.Trim()}");
        return JsonDocument.Parse(output);
    });

    private static string PeersFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "experiments", "peers");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("experiments/peers not found above " + AppContext.BaseDirectory);
        }
    }

    private static (int Code, string Output, string Error) Run(IReadOnlyList<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // One thread each: the runner measures both sides on the same two cores.
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', arguments)} ran longer than {limit}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}

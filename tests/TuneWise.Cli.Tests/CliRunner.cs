using Spectre.Console;
using TuneWise.Cli;

namespace TuneWise.Cli.Tests;

/// <summary>Runs the tunewise command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Outcome Run(params string[] args) => Run(args, CancellationToken.None);

    /// <summary>Runs tunewise; <paramref name="cancellation"/> acts as Ctrl+C does.</summary>
    public static Outcome Run(string[] args, CancellationToken cancellation)
    {
        var output = new StringWriter();
        var (code, error) = Execute(args, output, cancellation);
        return new Outcome(code, output.ToString(), error);
    }

    private static (int Code, string Error) Execute(string[] args, TextWriter output, CancellationToken cancellation)
    {
        var error = new StringWriter();
        var errorConsole = Console(error);
        // Errors go to a log or a pipe as they would from a script: never wrapped.
        errorConsole.Profile.Width = 100_000;
        int code = CommandLine.Run(args, Console(output), errorConsole, cancellation);
        return (code, error.ToString());
    }

    /// <summary>
    /// Runs tunewise and interrupts it (as Ctrl+C does) once its standard output satisfies
    /// <paramref name="interruptWhen"/>, or after <paramref name="limit"/> (a guard against hangs):
    /// on a busy machine a fixed delay may come before the output the test waits for.
    /// </summary>
    /// <returns>What it printed, and the time from the interrupt to its end.</returns>
    public static async Task<(Outcome Outcome, TimeSpan Stopping)> RunUntil(string[] args, Func<string, bool> interruptWhen, TimeSpan limit)
    {
        var written = new StringWriter();
        var output = TextWriter.Synchronized(written);
        using var interrupt = new CancellationTokenSource();
        var run = Task.Run(() => Execute(args, output, interrupt.Token));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && waited.Elapsed < limit)
        {
            string text;
            // The synchronised writer locks on itself while it writes.
            lock (output) text = written.ToString();
            if (interruptWhen(text)) break;
            await Task.Delay(100);
        }
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        interrupt.Cancel();
        var (code, error) = await run;
        return (new Outcome(code, written.ToString(), error), stopping.Elapsed);
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TuneWise.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Experiment(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cli").FullName, "experiment.json");
        File.WriteAllText(path, json);
        return path;
    }
}

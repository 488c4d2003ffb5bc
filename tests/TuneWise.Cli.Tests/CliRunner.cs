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
        var error = new StringWriter();
        var errorConsole = Console(error);
        // Errors go to a log or a pipe as they would from a script: never wrapped.
        errorConsole.Profile.Width = 100_000;
        int code = CommandLine.Run(args, Console(output), errorConsole, cancellation);
        return new Outcome(code, output.ToString(), error.ToString());
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

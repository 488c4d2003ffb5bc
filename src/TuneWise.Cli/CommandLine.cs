using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Commands;

namespace TuneWise.Cli;

/// <summary>Builds the <c>tunewise</c> command tree and runs it.</summary>
public static class CommandLine
{
    /// <summary>Runs tunewise with <paramref name="args"/>, writing to the given consoles; returns the exit code.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, IAnsiConsole? error = null)
    {
        console ??= AnsiConsole.Console;
        error ??= AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var root = new RootCommand("TuneWise: train, diagnose and tune TorchSharp networks.")
        {
            TrainCommand.Create(console, error),
            DiagnoseCommand.Create(console, error),
            LrFindCommand.Create(console, error),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            error.WriteLine("Run 'tunewise --help' for usage.");
            return ExitCodes.BadInput;
        }
        return parse.Invoke();
    }
}

using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Commands;

namespace TuneWise.Cli;

/// <summary>Builds the <c>tunewise</c> command tree and runs it.</summary>
public static class CommandLine
{
    // Wide enough that no line of a table or message is ever wrapped.
    private const int UnwrappedWidth = 100_000;

    /// <summary>Runs tunewise with <paramref name="args"/>, writing to the given consoles; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where output goes (default: standard output).</param>
    /// <param name="error">Where errors and progress for --json go (default: standard error).</param>
    /// <param name="cancellation">Stops the command as Ctrl+C does (for hosts that embed the command).</param>
    public static int Run(string[] args, IAnsiConsole? console = null, IAnsiConsole? error = null, CancellationToken cancellation = default)
    {
        console ??= AnsiConsole.Console;
        error ??= AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // In a pipe or a log file nothing is wrapped or cut: Spectre would otherwise assume 80 columns.
        if (Console.IsOutputRedirected) console.Profile.Width = UnwrappedWidth;
        if (Console.IsErrorRedirected) error.Profile.Width = UnwrappedWidth;
        var root = new RootCommand("TuneWise: tune, train and diagnose TorchSharp networks.")
        {
            TrainCommand.Create(console, error),
            DiagnoseCommand.Create(console, error),
            LrFindCommand.Create(console, error),
            TuneCommand.Create(console, error),
            WorkerCommand.Create(console, error),
            StatusCommand.Create(console, error),
            ReportCommand.Create(console, error),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown command also makes "Required command was not provided": the first says what is wrong.
            var errors = parse.Errors.Select(e => ParseErrors.InUserTerms(e.Message)).ToList();
            if (errors.Count > 1) errors.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
            foreach (var message in errors) error.MarkupLineInterpolated($"[red]error:[/] {Output.TerminalText.Safe(message)}");
            error.WriteLine("Run 'tunewise --help' for usage.");
            return ExitCodes.BadInput;
        }
        // Interrupts are handled here, not by System.CommandLine, whose handler ends the process two
        // seconds after Ctrl+C: a tuning job needs longer to hand back its trials and write its results.
        using var interrupts = Interrupts.Listen();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupts.Token, cancellation);
        try
        {
            // Help and version go where every other line goes: the consoles given, not the process's own.
            var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, Output = console.Profile.Out.Writer, Error = error.Profile.Out.Writer };
            return parse.InvokeAsync(configuration, stop.Token).GetAwaiter().GetResult();
        }
        finally
        {
            RestoreKeypad();
        }
    }

    // .NET puts a terminal into application cursor and keypad mode (ESC[?1h ESC=) when it first sets
    // it up for Ctrl+C and never takes it out: after tunewise, the arrow keys of some shells and
    // editors send the wrong codes. Normal mode is put back on the way out.
    private static void RestoreKeypad()
    {
        if (!Console.IsOutputRedirected && !OperatingSystem.IsWindows()) Console.Out.Write("\u001b[?1l\u001b>");
    }
}

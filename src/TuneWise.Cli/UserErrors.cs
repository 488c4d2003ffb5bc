using Spectre.Console;
using TuneWise.Models.Data;
using TuneWise.Models.Runtime;
using TuneWise.Core;
using TuneWise.Core.Experiments;

namespace TuneWise.Cli;

/// <summary>Turns exceptions into one clear message and an exit code, never a stack trace.</summary>
internal static class UserErrors
{

    public static int Report(Exception e, IAnsiConsole error)
    {
        var (code, message) = e switch
        {
            InvalidExperimentException x => (ExitCodes.BadInput, x.Message),
            DataLoadException x => (ExitCodes.BadInput, "data error: " + x.Message),
            UserInputException x => (ExitCodes.BadInput, x.Message),
            TuneWise.Models.Health.Preflight.PreflightFailedException x => (ExitCodes.BadInput, "preflight stopped the run before training: " + x.Message),
            TuneWise.Models.RangeTest.RangeTestFailedException x => (ExitCodes.BadInput, "range test: " + x.Message),
            TuneWise.Search.Tuning.TuningStoppedException x => (ExitCodes.BadInput, "tuning stopped before its sweep: " + x.Message),
            TuneWise.Search.Studies.StudyFailingException x => (ExitCodes.Failure, x.Message),
            TuneWise.Search.Storage.StudyMismatchException x => (ExitCodes.BadInput, "study: " + x.Message),
            TuneWise.Search.Storage.StudyStorageFailedException x => (ExitCodes.BadInput, "study: " + x.Message),
            TorchRuntimeUnavailableException x => (ExitCodes.Failure, x.Message),
            OperationCanceledException => (ExitCodes.Failure, "cancelled"),
            // A full disk or a folder that cannot be written while writing a report, weights or a best file.
            IOException or UnauthorizedAccessException => (ExitCodes.BadInput, e.Message),
            _ => (ExitCodes.Failure, $"{e.GetType().Name}: {e.Message}"),
        };
        // Messages quote files (names, paths, CSV cells): each line is made safe for the terminal on its own.
        foreach (var line in message.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            error.MarkupLineInterpolated($"[red]error:[/] {Output.TerminalText.Safe(line.TrimEnd('\r'))}");
        return code;
    }
}

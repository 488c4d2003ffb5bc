using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Tuning;
using TuneWise.Models.Runtime;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise worker &lt;study or experiment&gt;</c>: joins a running study from another terminal or machine and runs its trials.</summary>
internal static class WorkerCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var studyArg = new Argument<FileInfo>("study") { Description = "The study file (.db) or the experiment file (.json) whose study to join." };
        var threadsOption = new Option<int?>("--threads") { Description = "Threads for this worker's training (default: all cores)." };
        var quietOption = new Option<bool>("--quiet") { Description = "Show no progress." };
        // Set by 'tune --workers N' for the workers it starts: they end with it.
        var parentOption = new Option<int?>("--parent") { Description = "Stop when this process ends (set by 'tune --workers').", Hidden = true };
        var command = new Command("worker", "Join a study and run its trials until its budget is used up.") { studyArg, threadsOption, quietOption, parentOption };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(studyArg)!, parse.GetValue(threadsOption), parse.GetValue(quietOption),
            parse.GetValue(parentOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, int? threads, bool quiet, int? parent, IAnsiConsole console, IAnsiConsole error, CancellationToken interrupted)
    {
        using var watch = parent is { } pid ? ParentWatch.Start(pid) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted, watch?.ParentGone ?? CancellationToken.None);
        var cancellation = stop.Token;
        try
        {
            if (threads is < 1) throw new TuneWise.Core.UserInputException($"--threads must be >= 1, got {threads}");
            var (experiment, storage) = StudyLocator.Open(file, create: true);
            using var _ = storage;
            if (threads is { } t) TorchRuntime.UseThreads(t);
            var summary = TuningSession.Run(experiment, storage, lead: false, TuningSession.Mode(json: false, quiet, console), console, error, cancellation);
            return summary.EndedBy == "cancelled" ? ExitCodes.Failure : ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

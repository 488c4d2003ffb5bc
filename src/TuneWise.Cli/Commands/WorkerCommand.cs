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
        var command = new Command("worker", "Join a study and run its trials until its budget is used up.") { studyArg, threadsOption, quietOption };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(studyArg)!, parse.GetValue(threadsOption), parse.GetValue(quietOption),
            console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, int? threads, bool quiet, IAnsiConsole console, IAnsiConsole error, CancellationToken cancellation)
    {
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

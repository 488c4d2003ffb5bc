using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Cli.Tuning;
using TuneWise.Models.Runtime;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Commands;

/// <summary>
/// <c>tunewise tune &lt;experiment.json&gt;</c>: the tuning job. Preflight, range tests, the sweep
/// with its pruners and budget, and the results; resumable by running the same command again.
/// </summary>
internal static class TuneCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var experimentArg = new Argument<FileInfo>("experiment") { Description = "The experiment file (JSON) with its search section." };
        var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary at the end (progress goes to standard error)." };
        var workersOption = new Option<int?>("--workers") { Description = "Trials at once, each in its own process (default: search.workers)." };
        var quietOption = new Option<bool>("--quiet") { Description = "Show no progress." };
        var command = new Command("tune", "Tune an experiment: range tests, then a sweep with health-aware pruning. Run it again to resume; run it in several terminals to share the work.")
        {
            experimentArg, jsonOption, workersOption, quietOption,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(experimentArg)!, parse.GetValue(jsonOption),
            parse.GetValue(workersOption), parse.GetValue(quietOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, bool json, int? workers, bool quiet, IAnsiConsole console, IAnsiConsole error, CancellationToken cancellation)
    {
        try
        {
            if (workers is < 1) throw new TuneWise.Core.UserInputException($"--workers must be >= 1, got {workers}");
            var (experiment, storage) = StudyLocator.Open(file, create: true, checkOutputs: e => CheckOutputs(e, file.FullName));
            using var _ = storage;
            var report = TuningResults.ReportPath(experiment);
            OutputFiles.EnsureWritable(report, "report.path");
            int processes = workers ?? experiment.Search.Workers;
            TorchRuntime.UseThreads(Math.Max(1, Environment.ProcessorCount / processes));
            using var others = processes > 1 ? WorkerProcesses.Start(file.FullName, processes - 1, Math.Max(1, Environment.ProcessorCount / processes)) : null;
            using var stopOthers = cancellation.Register(() => others?.Interrupt());
            // The job's end (its summary, the retrain of the best and the final report) waits for the
            // worker processes, so it sees every trial they finished.
            var summary = TuningSession.Run(experiment, storage, lead: true, TuningSession.Mode(json, quiet, console), console, error, cancellation,
                afterSweep: () => others?.WaitForExit());
            var bestFile = TuningResults.WriteBestExperiment(experiment, summary);
            var weights = summary.Best is { } best && File.Exists(TuningResults.WeightsOf(experiment, best.Record.Number)) ? TuningResults.WeightsOf(experiment, best.Record.Number) : null;
            if (json) JsonOutput.Write(console, TuningSummaryView.Json(experiment.Name, StudyLocator.Location(experiment), summary, bestFile, weights, report));
            else
            {
                TuningSummaryView.Write(console, experiment.Name, summary, bestFile, top: StatusCommand.DefaultTop);
                console.MarkupLine($"study: {TerminalText.Markup(StudyLocator.Location(experiment))}");
                if (weights is not null) console.MarkupLine($"best weights: {TerminalText.Markup(weights)}");
                console.MarkupLine($"report: {TerminalText.Markup(report)}");
            }
            if (summary.EndedBy == "cancelled") error.MarkupLine("[yellow]stopped:[/] the running trial was handed back; run the same command to resume.");
            return summary.EndedBy == "cancelled" ? ExitCodes.Failure : ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }

    // Before the study is opened (which creates its file): the report and the best configuration
    // must never land on the study, the experiment or the data.
    private static void CheckOutputs(TuneWise.Core.Experiments.Experiment experiment, string experimentFile)
    {
        var inputs = OutputFiles.StudyInputs(experiment, experimentFile).ToList();
        OutputFiles.EnsureNotAnInput(TuningResults.ReportPath(experiment), "report.path", inputs);
        OutputFiles.EnsureNotAnInput(TuningResults.BestExperimentPath(experiment), "the best configuration file", inputs);
    }
}

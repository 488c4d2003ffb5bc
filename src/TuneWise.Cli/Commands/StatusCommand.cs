using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Cli.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise status &lt;study or experiment&gt;</c>: where a study stands, every trial with its state, parameters, value, epochs and verdicts.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var studyArg = new Argument<FileInfo>("study") { Description = "The study file (.db) or the experiment file (.json) whose study to show." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the study as JSON." };
        var nameOption = new Option<string?>("--study") { Description = "Which study, when the study file holds several (experiments sharing one storage.path)." };
        var command = new Command("status", "Show where a study stands: every trial, ranked, with its state and verdicts.") { studyArg, jsonOption, nameOption };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(studyArg)!, parse.GetValue(jsonOption), parse.GetValue(nameOption), console, error)));
        return command;
    }

    private static int Run(FileInfo file, bool json, string? study, IAnsiConsole console, IAnsiConsole error)
    {
        try
        {
            var (experiment, storage) = StudyLocator.Open(file, create: false, study: study);
            using var _ = storage;
            var summary = TuningJob.Summarize(experiment, storage, withHealthSeries: false);
            var best = File.Exists(TuningResults.BestExperimentPath(experiment)) ? TuningResults.BestExperimentPath(experiment) : null;
            if (json) JsonOutput.Write(console, TuningSummaryView.Json(experiment.Name, StudyStorageFactory.Location(experiment), summary, best, null));
            else TuningSummaryView.Write(console, experiment.Name, summary, best, allTrials: true);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

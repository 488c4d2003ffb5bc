using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Cli.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;
using TuneWise.Search.Studies;

namespace TuneWise.Cli.Commands;

/// <summary>
/// <c>tunewise status &lt;study or experiment&gt;</c>: where a study stands — counts by state, the best
/// trials ranked, how often each verdict was found, and which workers run which trials — summarised
/// so a study of thousands of trials stays one screen (<c>--all</c> lists every trial).
/// </summary>
internal static class StatusCommand
{
    /// <summary>How many of the ranked trials the summary shows unless told otherwise.</summary>
    public const int DefaultTop = 10;

    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var studyArg = new Argument<FileInfo>("study") { Description = "The study file (.db) or the experiment file (.json) whose study to show." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the study as JSON." };
        var nameOption = new Option<string?>("--study") { Description = "Which study, when the study file holds several (experiments sharing one storage.path)." };
        var topOption = new Option<int>("--top") { Description = $"How many of the best trials to list (default {DefaultTop}).", DefaultValueFactory = _ => DefaultTop };
        var allOption = new Option<bool>("--all") { Description = "List every trial." };
        var command = new Command("status", "Show where a study stands: counts, the best trials, verdicts and running workers.") { studyArg, jsonOption, nameOption, topOption, allOption };
        command.SetAction((parse, _) => Task.FromResult(parse.GetValue(topOption) < 1
            ? UserErrors.Report(new Core.UserInputException($"--top must be at least 1, got {parse.GetValue(topOption)}"), error)
            : Run(parse.GetValue(studyArg)!, parse.GetValue(jsonOption), parse.GetValue(nameOption), parse.GetValue(allOption) ? null : parse.GetValue(topOption), console, error)));
        return command;
    }

    private static int Run(FileInfo file, bool json, string? study, int? top, IAnsiConsole console, IAnsiConsole error)
    {
        try
        {
            var (experiment, storage) = StudyLocator.Open(file, create: false, study: study);
            using var _ = storage;
            var summary = new StudyReader(experiment, storage).Summary(withHealthSeries: false);
            var best = File.Exists(TuningResults.BestExperimentPath(experiment)) ? TuningResults.BestExperimentPath(experiment) : null;
            if (json) JsonOutput.Write(console, TuningSummaryView.Json(experiment.Name, StudyLocator.Location(experiment), summary, best, null));
            else TuningSummaryView.Write(console, experiment.Name, summary, best, top);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

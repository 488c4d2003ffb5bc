using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Cli.Tuning;
using TuneWise.Reports;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise report &lt;study or experiment&gt; [-o report.html]</c>: writes the study's self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var studyArg = new Argument<FileInfo>("study") { Description = "The study file (.db) or the experiment file (.json) whose study to report." };
        var outputOption = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the report (default: report.path, else <name>.html beside the experiment file)." };
        var nameOption = new Option<string?>("--study") { Description = "Which study, when the study file holds several (experiments sharing one storage.path)." };
        var command = new Command("report", "Write a study's HTML report: ranked trials, search charts, and why the bad trials failed.") { studyArg, outputOption, nameOption };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(studyArg)!, parse.GetValue(outputOption), parse.GetValue(nameOption), console, error)));
        return command;
    }

    private static int Run(FileInfo file, FileInfo? output, string? study, IAnsiConsole console, IAnsiConsole error)
    {
        try
        {
            HtmlReportWriter.WarmUp();
            var (experiment, storage) = StudyLocator.Open(file, create: false, study: study);
            using var _ = storage;
            var path = output?.FullName ?? TuningResults.ReportPath(experiment);
            var label = output is null ? "report.path" : $"--output {output.Name}";
            OutputFiles.EnsureNotAnInput(path, label, OutputFiles.StudyInputs(experiment, file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? file.FullName : null));
            OutputFiles.EnsureWritable(path, label);
            new HtmlReportWriter().Write(storage, experiment, path);
            console.MarkupLine($"report: {TerminalText.Markup(path)}");
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

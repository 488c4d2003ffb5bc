using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.Training;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise train &lt;experiment.json&gt;</c>: preflight checks, then one training run watched by the health monitor.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var experimentArg = new Argument<FileInfo>("experiment") { Description = "The experiment file (JSON)." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the result as JSON instead of tables." };
        var plotOption = new Option<FileInfo?>("--plot") { Description = "Also draw the loss curves per epoch to this .svg or .png file." };
        var tensorBoardOption = new Option<DirectoryInfo?>("--tensorboard") { Description = "Also write TensorBoard event files to this folder." };
        var command = new Command("train", "Train one configuration with a progress bar per epoch, then print a summary and the health findings.")
        {
            experimentArg, jsonOption, plotOption, tensorBoardOption,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(experimentArg)!, parse.GetValue(jsonOption),
            parse.GetValue(plotOption), parse.GetValue(tensorBoardOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, bool json, FileInfo? plot, DirectoryInfo? tensorBoard, IAnsiConsole console, IAnsiConsole error,
        CancellationToken cancellation)
    {
        try
        {
            if (plot is not null) TuneWise.Reports.Charts.LineChart.EnsureSupported(plot.FullName, $"--plot {plot.Name}");
            if (plot is not null) OutputFiles.EnsureWritable(plot.FullName, $"--plot {plot.Name}");
            if (tensorBoard is not null) OutputFiles.EnsureWritableFolder(tensorBoard.FullName, $"--tensorboard {tensorBoard.Name}");
            var (experiment, _, diagnosis) = TrainingSession.Run(file, !json, tensorBoard?.FullName, console, cancellation);
            if (diagnosis.Training is not { } result) throw new PreflightFailedException(diagnosis.Preflight);
            if (json)
                JsonOutput.Write(console, new { experiment = experiment.Name, result, health = diagnosis.All });
            else
            {
                TrainingSummary.Write(console, result);
                DiagnosisView.WriteSummary(console, diagnosis);
            }
            if (plot is not null) TrainingCurves.Write(plot.FullName, experiment.Name, result);
            return result.StopReason == StopReason.Completed ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

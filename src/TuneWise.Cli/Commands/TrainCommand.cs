using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Search.Experiments;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise train &lt;experiment.json&gt;</c>: trains one configuration and reports it.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var experimentArg = new Argument<FileInfo>("experiment") { Description = "The experiment file (JSON)." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the result as JSON instead of tables." };
        var plotOption = new Option<FileInfo?>("--plot") { Description = "Also draw the loss curves per epoch to this .svg or .png file." };
        var command = new Command("train", "Train one configuration with a progress bar per epoch, then print a summary.")
        {
            experimentArg, jsonOption, plotOption,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(
            parse.GetValue(experimentArg)!, parse.GetValue(jsonOption), parse.GetValue(plotOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, bool json, FileInfo? plot, IAnsiConsole console, IAnsiConsole error, CancellationToken cancellation)
    {
        try
        {
            var experiment = ExperimentLoader.Load(file.FullName);
            if (plot is not null && plot.Extension.ToLowerInvariant() is not (".svg" or ".png"))
                throw new ArgumentException($"--plot {plot.Name}: a chart is written as .svg or .png");
            var data = ExperimentData.Load(experiment);
            var trainer = new Trainer(experiment);
            TrainingResult result;
            if (json)
            {
                result = trainer.Train(data, cancellation: cancellation);
                JsonOutput.Write(console, new { experiment = experiment.Name, result });
            }
            else
            {
                console.MarkupLineInterpolated($"[bold]{experiment.Name}[/]: {experiment.Model.Kind} on {data.Train.Count:N0} training / {data.Validation.Count:N0} validation samples{(data.Test is null ? "" : $" / {data.Test.Count:N0} test")}");
                result = null!;
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx => result = trainer.Train(data, [new EpochProgress(ctx)], cancellation));
                TrainingSummary.Write(console, result);
            }
            if (plot is not null) TrainingCurves.Write(plot.FullName, experiment.Name, result);
            return result.StopReason == StopReason.Cancelled ? ExitCodes.Failure : ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

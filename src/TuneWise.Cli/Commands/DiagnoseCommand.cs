using System.CommandLine;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Models.Health.Preflight;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise diagnose &lt;experiment.json&gt;</c>: trains with every probe and explains what it found.</summary>
internal static class DiagnoseCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var experimentArg = new Argument<FileInfo>("experiment") { Description = "The experiment file (JSON); health.cadence and health.thresholds apply." };
        var jsonOption = new Option<bool>("--json") { Description = "Print preflight findings, verdicts (code, severity, step, layers, evidence, fixes) and the last probe as JSON." };
        var tensorBoardOption = new Option<DirectoryInfo?>("--tensorboard") { Description = "Also write TensorBoard event files (scalars and histograms) to this folder." };
        var command = new Command("diagnose", "Run the preflight checks, train with all health probes, and print the verdicts with a per-layer summary.")
        {
            experimentArg, jsonOption, tensorBoardOption,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(experimentArg)!, parse.GetValue(jsonOption),
            parse.GetValue(tensorBoardOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, bool json, DirectoryInfo? tensorBoard, IAnsiConsole console, IAnsiConsole error, CancellationToken cancellation)
    {
        try
        {
            if (tensorBoard is not null) OutputFiles.EnsureWritableFolder(tensorBoard.FullName, $"--tensorboard {tensorBoard.Name}");
            var (experiment, _, diagnosis) = TrainingSession.Run(file, !json, tensorBoard?.FullName, console, cancellation);
            if (json)
            {
                JsonOutput.Write(console, new
                {
                    experiment = experiment.Name,
                    healthy = diagnosis.Healthy,
                    preflight = diagnosis.Preflight,
                    verdicts = diagnosis.Verdicts,
                    stopReason = diagnosis.Training?.StopReason,
                    stopMessage = diagnosis.Training?.StopMessage,
                    validationAccuracy = diagnosis.Training?.FinalValidationAccuracy,
                    validationLoss = diagnosis.Training?.FinalValidationLoss,
                    lastProbe = diagnosis.Samples.LastOrDefault(),
                });
            }
            else
            {
                DiagnosisView.WriteVerdicts(console, "preflight", diagnosis.Preflight, withFixes: true);
                if (diagnosis.Training is { } result)
                {
                    TrainingSummary.Write(console, result);
                    DiagnosisView.WriteVerdicts(console, "health verdicts", diagnosis.Verdicts, withFixes: true);
                    DiagnosisView.WriteLayers(console, diagnosis.Samples.LastOrDefault());
                }
            }
            if (diagnosis.Training is null) throw new PreflightFailedException(diagnosis.Preflight);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }
}

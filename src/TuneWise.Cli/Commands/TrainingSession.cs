using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Health.Export;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;

namespace TuneWise.Cli.Commands;

/// <summary>What train and diagnose share: load, preflight, train with the health monitor, optional TensorBoard.</summary>
internal static class TrainingSession
{
    public static (Experiment Experiment, TrainingData Data, DiagnosisResult Result) Run(FileInfo file, bool showProgress, string? tensorBoard,
        IAnsiConsole console, CancellationToken cancellation)
    {
        var experiment = ExperimentLoader.Load(file.FullName);
        var data = ExperimentData.Load(experiment);
        using var exporter = tensorBoard is null ? null : new TensorBoardExporter(tensorBoard, experiment.Health.Cadence);
        var observers = new List<ITrainingObserver>();
        if (exporter is not null) observers.Add(exporter);
        if (!showProgress)
            return (experiment, data, Diagnosis.Run(experiment, data, observers, cancellation: cancellation));
        console.MarkupLineInterpolated($"[bold]{TerminalText.Safe(experiment.Name)}[/]: {ExperimentLoader.NameOf(experiment.Model.Kind)} on {data.Train.Count:N0} training / {data.Validation.Count:N0} validation samples{(data.Test is null ? "" : $" / {data.Test.Count:N0} test")}");
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return (experiment, data, Diagnosis.Run(experiment, data, [new EpochLog(console.Profile.Out.Writer), .. observers], cancellation: cancellation));
        DiagnosisResult result = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = Diagnosis.Run(experiment, data, [new EpochProgress(ctx), .. observers], cancellation: cancellation));
        return (experiment, data, result);
    }
}

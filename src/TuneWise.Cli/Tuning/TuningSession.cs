using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.Models.Tuning;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Tuning;

/// <summary>How a tuning process shows its progress.</summary>
internal enum ProgressMode
{
    /// <summary>A live display (an interactive terminal).</summary>
    Live,
    /// <summary>One plain line per event on standard output (a pipe or a log file).</summary>
    Log,
    /// <summary>Plain lines on standard error, keeping standard output for --json.</summary>
    LogToError,
    /// <summary>Nothing.</summary>
    Quiet,
}

/// <summary>What <c>tune</c> and <c>worker</c> share: one tuning job on TorchSharp with its progress shown.</summary>
internal static class TuningSession
{
    public static ProgressMode Mode(bool json, bool quiet, IAnsiConsole console) =>
        quiet ? ProgressMode.Quiet
        : json ? ProgressMode.LogToError
        : console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected ? ProgressMode.Live
        : ProgressMode.Log;

    // afterSweep runs when this process's sweep ends, before the job's summary, retrain and report (see TuningJobOptions.AfterSweep).
    public static TuningSummary Run(Experiment experiment, IStudyStorage storage, bool lead, ProgressMode mode, IAnsiConsole console,
        IAnsiConsole error, CancellationToken cancellation, Action? afterSweep = null)
    {
        var objective = Objective.For(experiment);
        ITuningObserver? observer = mode switch
        {
            ProgressMode.Log => new TuningLog(console.Profile.Out.Writer, objective, experiment.Search.Budget.Trials, storage),
            ProgressMode.LogToError => new TuningLog(error.Profile.Out.Writer, objective, experiment.Search.Budget.Trials, storage),
            ProgressMode.Live => new TuningLiveView(experiment, storage, objective),
            _ => null,
        };
        var job = new TuningJob(experiment, new TorchTrialRunner(experiment), storage, new TuningJobOptions
        {
            Lead = lead,
            Observer = observer,
            WeightsFolder = TuningResults.WeightsFolder(experiment),
            CheckpointFolder = TuningResults.CheckpointFolder(experiment),
            Report = lead ? new TuneWise.Reports.HtmlReportWriter() : null,
            AfterSweep = afterSweep,
        });
        return observer is TuningLiveView live ? live.Run(console, () => job.Run(cancellation)) : job.Run(cancellation);
    }
}

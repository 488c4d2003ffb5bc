using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tuning;

/// <summary>Where a tuning job leaves its results: the report, and beside the study file the best configuration as an experiment file, model weights and checkpoints.</summary>
public static class TuningResults
{
    /// <summary>The report's path: <c>report.path</c>, else <c>&lt;name&gt;.html</c> beside the experiment file.</summary>
    public static string ReportPath(Experiment experiment) =>
        experiment.ResolvePath(experiment.Report.Path ?? StudyStorageFactory.SafeFileName(experiment.Name) + ".html");

    /// <summary><c>&lt;name&gt;.best.json</c> beside the study file, named after the study.</summary>
    public static string BestExperimentPath(Experiment experiment) => Beside(experiment, ".best.json");

    /// <summary><c>&lt;name&gt;.weights/</c> beside the study file, named after the study: weights of trials that were the best so far when they ended.</summary>
    public static string WeightsFolder(Experiment experiment) => Beside(experiment, ".weights");

    /// <summary>The folder of the running trials' checkpoints, beside the study (<c>&lt;name&gt;.checkpoints</c>).</summary>
    public static string CheckpointFolder(Experiment experiment) => Beside(experiment, ".checkpoints");

    /// <summary>The weights file of a trial, whether or not it was saved.</summary>
    public static string WeightsOf(Experiment experiment, int trial) => Path.Combine(WeightsFolder(experiment), $"trial-{trial:D4}.weights");

    /// <summary>Writes the best configuration as a ready-to-run experiment file (train it with <c>tunewise train</c>); returns its path, or null when no trial completed.</summary>
    public static string? WriteBestExperiment(Experiment experiment, TuningSummary summary)
    {
        if (summary.BestExperiment is not { } best) return null;
        // A plain training run: the search settings are the study's, not the configuration's.
        // Data paths made absolute: the file sits beside the study, which may be in another folder than the experiment.
        string? Absolute(string? path) => path is null ? null : experiment.ResolvePath(path);
        var data = best.Data with { Path = Absolute(best.Data.Path), ValidationPath = Absolute(best.Data.ValidationPath), TestPath = Absolute(best.Data.TestPath) };
        var file = best with { Name = experiment.Name + "-best", Data = data, Search = new SearchSection(), Storage = new StorageSection(), Report = new ReportSection() };
        var path = BestExperimentPath(experiment);
        // A temporary file of this process's own: several processes of one study may write at the same time.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, ExperimentLoader.ToJson(file));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    // Named after the study, not the study file: several experiments may share one storage.path,
    // and each keeps its own best configuration and weights.
    private static string Beside(Experiment experiment, string suffix)
    {
        var study = StudyStorageFactory.StudyPath(experiment);
        return Path.Combine(Path.GetDirectoryName(study)!, StudyStorageFactory.SafeFileName(experiment.Name) + suffix);
    }
}

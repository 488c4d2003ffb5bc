namespace TuneWise.Search.Studies;

/// <summary>
/// The names of what a tuning job records about a study besides its trials (study attributes, JSON
/// values): one home for each, read by <see cref="StudyReader"/>.
/// </summary>
public static class StudyAttributes
{
    /// <summary>The preflight findings (JSON list of verdicts).</summary>
    public const string Preflight = "preflight";
    /// <summary>The retrained best's test metrics (JSON object with <c>trial</c> and <c>metrics</c>).</summary>
    public const string Retrain = "retrain";
    /// <summary>How many samples each trial is validated on (a JSON number).</summary>
    public const string ValidationSamples = "validationSamples";
    /// <summary>The number of classes of a classification (a JSON number).</summary>
    public const string ClassCount = "classCount";
    /// <summary>The folder of the experiment file, against which its relative paths resolve (a JSON string).</summary>
    public const string BaseDirectory = "baseDirectory";
}

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// The tuning API's terms for what a study stores as experiment-file paths: a study that belongs to
/// other data or another trainer is refused naming the call that set it (<c>SetDataset</c>,
/// <c>SetTrainer</c>), not <c>data.fingerprint</c> or <c>search.trainer</c>.
/// </summary>
internal static class TuningNames
{
    private static readonly (string Path, string Call)[] Calls =
    [
        ("data.fingerprint", "the data (SetDataset and SetFeaturizer: its columns, their types and the rows of both splits)"),
        ("search.trainer", "the trainer (SetTrainer: the factory's method, the prediction kind and the label)"),
        ("search.customTrainer", "the trainer (SetNeuralNetwork or SetTrainer)"),
        ("search.space.", "SetSearchSpace: "),
        ("search.space", "the search space (SetSearchSpace)"),
        ("search.budget.trials", "SetBudget's trials"),
        ("search.budget.minutes", "the time budget (SetBudget's minutes or SetTrainingTimeInSeconds)"),
        ("search.budget.epochs", "SetBudget's epochs"),
        ("search.budget.maxFailuresInARow", "SetBudget's maxFailuresInARow"),
        ("search.sampler", "the sampler (SetSampler)"),
        ("search.pruner", "the pruners (SetPruners)"),
        ("search.objective", "the metric (SetMetric)"),
        ("data.task", "the prediction kind"),
        ("data.validationFraction", "the validation fraction (SetDataset)"),
        ("; seed: ", "; the seed (SetSeed): "),
        (": seed: ", ": the seed (SetSeed): "),
        ("use another storage.path or restore the experiment file", "run it with the study's settings, or give SetStorage another file or SetName another name"),
        ("use another study name or restore the experiment file", "run it with the study's settings, or give SetName another name"),
    ];

    /// <summary><paramref name="message"/> with the study's paths named by the calls that set them, and the options' names for the rest.</summary>
    public static string Translate(string message)
    {
        foreach (var (path, call) in Calls) message = message.Replace(path, call, StringComparison.Ordinal);
        return OptionNames.Translate(message);
    }
}

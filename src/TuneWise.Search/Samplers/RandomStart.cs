namespace TuneWise.Search.Samplers;

/// <summary>
/// How many random trials a model-based sampler proposes before it models the history, for a study of
/// a given trial budget: a sixth of the budget, at least 3 and at most 10. Ten (Optuna's default) are
/// a third of a 30-trial study; at 30 trials a start of 5 left the GP and TPE more to steer and ended
/// better on the peer benchmark's problems (docs/tuning.md, "The random start"). At 60 trials and more the start is 10.
/// </summary>
public static class RandomStart
{
    /// <summary>The start when the study's budget is not known, and the most for any budget.</summary>
    public const int Default = 10;

    /// <summary>The fewest: the GP needs three observations to model, TPE two.</summary>
    public const int Fewest = 3;

    /// <summary>Random trials for a study of <paramref name="trialBudget"/> trials; <see cref="Default"/> when it is not known.</summary>
    public static int ForBudget(int? trialBudget) =>
        trialBudget is { } trials ? Math.Clamp(trials / 6, Fewest, Default) : Default;
}

namespace TuneWise.Core.Health;

/// <summary>
/// Orders the verdicts of one run as a chain of causes, the root cause first, and keeps their fixes
/// from contradicting each other. A learning rate that is too high makes updates oversized, then
/// gradients explode or units die, then values go NaN: the reader should meet the rate first, and
/// never be told to raise it by a later link of the same chain.
/// </summary>
public static class VerdictChain
{
    // Upstream first. Within a run, a code earlier in this list can cause the ones after it, never
    // the other way round: oversized steps kill ReLUs and blow up gradients; dead or saturated units
    // starve the gradients that reach the input side; all of them stall the loss.
    private static readonly string[] Causal =
    [
        VerdictCodes.OversizedUpdates, VerdictCodes.ExplodingGradient, VerdictCodes.DivergingLoss, VerdictCodes.ClipSaturation,
        VerdictCodes.DeadRelu, VerdictCodes.SaturatedActivation, VerdictCodes.NonFinite, VerdictCodes.OscillatingLoss,
        VerdictCodes.RegularizationDominant, VerdictCodes.VanishingGradient, VerdictCodes.StalledWeights,
        VerdictCodes.Plateau, VerdictCodes.Overfitting, VerdictCodes.RegularizationNegligible,
    ];

    /// <summary>Codes whose cause is a learning rate too high: their fixes lower it.</summary>
    public static IReadOnlySet<string> RateTooHigh { get; } = new HashSet<string>
    {
        VerdictCodes.OversizedUpdates, VerdictCodes.ExplodingGradient, VerdictCodes.DivergingLoss, VerdictCodes.NonFinite, VerdictCodes.OscillatingLoss,
    };

    /// <summary>How a fix that raises the learning rate begins, in every detector's wording.</summary>
    public const string RaiseRatePrefix = "raise the learning rate";

    /// <summary>
    /// The verdicts root cause first: warnings and fatals before infos, then by place in the chain of
    /// causes, then by the step they were first seen.
    /// </summary>
    public static IReadOnlyList<HealthVerdict> Order(IEnumerable<HealthVerdict> verdicts) =>
        verdicts.OrderBy(v => v.Severity == Severity.Info ? 1 : 0).ThenBy(v => Rank(v.Code)).ThenBy(v => v.Step).ToList();

    /// <summary>The root cause among <paramref name="verdicts"/> (warnings and fatals first), or null when there are none.</summary>
    public static HealthVerdict? Root(IEnumerable<HealthVerdict> verdicts) => Order(verdicts).FirstOrDefault();

    /// <summary>
    /// The verdicts in causal order with fixes that agree: when any verdict says the rate is too high,
    /// or a link in the chain lowers it, no verdict of the run suggests raising it.
    /// </summary>
    public static IReadOnlyList<HealthVerdict> Reconcile(IEnumerable<HealthVerdict> verdicts)
    {
        var ordered = Order(verdicts);
        bool lowers = ordered.Any(v => v.Severity > Severity.Info && (RateTooHigh.Contains(v.Code) || v.Fixes.Any(LowersRate)));
        if (!lowers) return ordered;
        return ordered.Select(v => v with { Fixes = v.Fixes.Where(f => !f.StartsWith(RaiseRatePrefix, StringComparison.Ordinal)).ToList() }).ToList();
    }

    private static bool LowersRate(string fix) => fix.StartsWith("lower the learning rate", StringComparison.Ordinal);

    private static int Rank(string code)
    {
        int index = Array.IndexOf(Causal, code);
        return index < 0 ? Causal.Length : index;
    }
}

using TuneWise.Models.Data;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Preflight;

/// <summary><c>class_imbalance</c> (warning): the largest class has more than 10× the samples of the smallest, or a class has none.</summary>
public sealed class ClassImbalanceCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.ClassImbalance;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var train = context.Data.Train;
        if (train.Task != TaskKind.Classification || train.ClassCount < 2) yield break;
        var counts = train.ClassCounts();
        int max = counts.Max(), min = counts.Min();
        double ratio = min == 0 ? double.PositiveInfinity : (double)max / min;
        if (!(ratio > context.Thresholds["class_imbalance.ratio"])) yield break;
        int rare = Array.IndexOf(counts, min), common = Array.IndexOf(counts, max);
        yield return context.Verdict(Code, Severity.Warning,
            $"classes are imbalanced: {ClassTable.Name(train, common)} has {max} training samples, {ClassTable.Name(train, rare)} {min} ({(min == 0 ? "none" : $"{ratio:G3}×")}).",
            ["weight the loss by inverse class frequency, or oversample the rare classes", "judge the model by per-class recall, not accuracy"],
            ClassTable.Counts(train, counts));
    }
}

/// <summary><c>split_shift</c> (warning): a class's share differs by more than 5 points between the training and validation splits.</summary>
public sealed class SplitShiftCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.SplitShift;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var (train, validation) = (context.Data.Train, context.Data.Validation);
        if (train.Task != TaskKind.Classification || train.ClassCount < 2) yield break;
        var a = train.ClassCounts();
        var b = validation.ClassCounts();
        var evidence = new Dictionary<string, double>();
        double worst = 0;
        int worstClass = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double pa = (double)a[c] / train.Count, pb = (double)b[c] / Math.Max(1, validation.Count);
            evidence[$"{ClassTable.Key(train, c)}.train_share"] = pa;
            evidence[$"{ClassTable.Key(train, c)}.validation_share"] = pb;
            if (Math.Abs(pa - pb) > worst) { worst = Math.Abs(pa - pb); worstClass = c; }
        }
        if (!(worst > context.Thresholds["split_shift.difference"])) yield break;
        yield return context.Verdict(Code, Severity.Warning,
            $"the validation split does not look like the training split: {ClassTable.Name(train, worstClass)} is {evidence[$"{ClassTable.Key(train, worstClass)}.train_share"]:P1} of training but {evidence[$"{ClassTable.Key(train, worstClass)}.validation_share"]:P1} of validation.",
            ["split stratified by class (leave data.validationPath unset and use data.validationFraction)", "check how the validation file was drawn"],
            evidence);
    }
}

internal static class ClassTable
{
    public static string Name(Dataset d, int c) => d.ClassNames is { } n && c < n.Count ? $"class '{n[c]}'" : $"class {c}";
    public static string Key(Dataset d, int c) => $"class_{c}";
    public static Dictionary<string, double> Counts(Dataset d, int[] counts) =>
        counts.Select((n, c) => (c, n)).ToDictionary(p => $"{Key(d, p.c)}.count", p => (double)p.n);
}

using TuneWise.Models.Data;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Preflight;

/// <summary><c>input_non_finite</c> (fatal): NaN or infinite feature values, with their count and the first location.</summary>
public sealed class InputNonFiniteCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.InputNonFinite;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        foreach (var (split, data) in new[] { ("training", context.Data.Train), ("validation", context.Data.Validation) })
        {
            var f = data.Features;
            var (count, first) = NonFinite(f);
            if (count == 0) continue;
            int sample = first / data.FeatureCount, feature = first % data.FeatureCount;
            string column = data.FeatureNames is { } names ? $"column '{names[feature]}'" : $"feature {feature}";
            yield return context.Verdict(Code, Severity.Fatal,
                $"{count} NaN/Inf value(s) in the {split} features of {data.Source}; the first at row {data.SourceRow(sample)}, {column} ({f[first]}).",
                ["remove or impute the rows with missing values before training", "check the export that produced the file"],
                new Dictionary<string, double> { ["count"] = count, ["first_row"] = data.SourceRow(sample), ["first_feature"] = feature });
        }
    }

    // One pass over every feature value, run once: optimised at once rather than as tier-0 code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Count, int First) NonFinite(float[] f)
    {
        long count = 0;
        int first = -1;
        for (int i = 0; i < f.Length; i++)
        {
            if (float.IsFinite(f[i])) continue;
            count++;
            if (first < 0) first = i;
        }
        return (count, first);
    }
}

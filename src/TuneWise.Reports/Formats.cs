using System.Globalization;

namespace TuneWise.Reports;

/// <summary>How the report writes numbers and durations: one home, so tables and charts agree.</summary>
internal static class Formats
{
    /// <summary>
    /// A number with four significant digits, invariant culture; NaN and infinities spelled out. Whole
    /// numbers below a billion (trial numbers, ranks, epochs, batch sizes) are written out in full:
    /// trial 26095 is never "2.61E+04".
    /// </summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ when Math.Abs(value) < 1e9 && value == Math.Floor(value) => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("G4", CultureInfo.InvariantCulture),
    };

    /// <summary>An uncertainty (a standard error) with two significant digits: more would claim a precision it has not.</summary>
    public static string Error(double value) =>
        double.IsFinite(value) && value > 0 ? value.ToString("G2", CultureInfo.InvariantCulture) : Number(value);

    /// <summary>A number or an em dash when there is none.</summary>
    public static string Number(double? value) => value is { } v ? Number(v) : "—";

    /// <summary>A count with thousands separated by commas, e.g. <c>100,000</c>, whatever the machine's culture.</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A duration as h/min/s.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}

using System.Globalization;
using TuneWise.Core.Spaces;
using TuneWise.Reports.Studies;

namespace TuneWise.Reports.Analysis;

/// <summary>
/// How one parameter is laid out on a chart axis and fed to the importance model: numbers on a
/// linear or log scale, categories at evenly spaced positions. Built from the searched space when
/// it is known, else from the values tried.
/// </summary>
internal sealed record ParameterAxis
{
    /// <summary>The parameter's name.</summary>
    public required string Name { get; init; }
    /// <summary>The categories in order, for a categorical parameter; null for a numeric one.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>True when numbers are placed on a log scale.</summary>
    public bool Log { get; init; }
    /// <summary>Lowest number of the axis (numeric parameters).</summary>
    public double Min { get; init; }
    /// <summary>Highest number of the axis (numeric parameters).</summary>
    public double Max { get; init; }

    /// <summary>True when only whole numbers are valid (layer widths, batch sizes).</summary>
    public bool Integer { get; init; }
    /// <summary>True for a parameter searched over powers of two (a batch size).</summary>
    public bool PowerOfTwo { get; init; }

    /// <summary>True for a categorical parameter.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>Where <paramref name="value"/> sits on the axis, in [0, 1]; null when the value cannot be placed.</summary>
    public double? ToUnit(object? value)
    {
        if (value is null) return null;
        if (Categories is { } categories)
        {
            int index = categories.ToList().IndexOf(Text(value));
            return index < 0 ? null : categories.Count == 1 ? 0.5 : (double)index / (categories.Count - 1);
        }
        if (Number(value) is not { } v) return null;
        double lo = Scale(Min), hi = Scale(Max), x = Scale(v);
        return hi > lo ? Math.Clamp((x - lo) / (hi - lo), 0, 1) : 0.5;
    }

    /// <summary>The value as a number on this axis's scale (log₁₀ for log axes), or null.</summary>
    public double? Scaled(object? value) => Number(value) is { } v && (!Log || v > 0) ? Scale(v) : null;

    private double Scale(double v) => Log ? Math.Log10(Math.Max(v, double.Epsilon)) : v;

    /// <summary>The axes of every parameter a study tried, in leaderboard order.</summary>
    public static IReadOnlyList<ParameterAxis> Of(StudySnapshot snapshot) =>
        Leaderboard.ParameterNames(snapshot).Select(name => For(name, snapshot)).ToList();

    private static ParameterAxis For(string name, StudySnapshot snapshot)
    {
        var values = snapshot.Trials.Select(t => t.Record.Parameters.GetValueOrDefault(name)).OfType<object>().ToList();
        var declared = snapshot.Space?.Parameters.FirstOrDefault(p => p.Name == name);
        switch (declared)
        {
            case CategoricalParameter c:
                return new ParameterAxis { Name = name, Categories = c.Choices.Select(Text).ToList() };
            case FloatParameter f:
                return Numeric(name, values, f.Low, f.High, f.Log);
            case IntParameter i:
                return Numeric(name, values, i.Low, i.High, i.Log) with { Integer = true };
            case PowerOfTwoParameter p:
                return Numeric(name, values, Math.Pow(2, p.LowExponent), Math.Pow(2, p.HighExponent), log: true) with { Integer = true, PowerOfTwo = true };
        }
        if (values.Count == 0 || values.Any(v => Number(v) is null))
            return new ParameterAxis { Name = name, Categories = values.Select(Text).Distinct().Order(StringComparer.Ordinal).ToList() };
        var numbers = values.Select(v => Number(v)!.Value).ToList();
        double min = numbers.Min(), max = numbers.Max();
        return Numeric(name, values, min, max, log: min > 0 && max / min >= 100) with { Integer = values.All(v => v is int or long) };
    }

    private static ParameterAxis Numeric(string name, List<object> values, double low, double high, bool log)
    {
        // Values tried outside the declared bounds (a widened space on resume) still fit on the axis.
        var numbers = values.Select(Number).OfType<double>().ToList();
        return new ParameterAxis
        {
            Name = name,
            Log = log,
            Min = numbers.Count > 0 ? Math.Min(low, numbers.Min()) : low,
            Max = numbers.Count > 0 ? Math.Max(high, numbers.Max()) : high,
        };
    }

    /// <summary>A parameter value as a number, when it is one (booleans and strings are not).</summary>
    public static double? Number(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetDouble(),
        _ => null,
    };

    /// <summary>A parameter value as text, the way the report prints it.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double or float or decimal => Formats.Number(Number(value)!.Value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

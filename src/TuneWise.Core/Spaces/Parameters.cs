using System.Globalization;

namespace TuneWise.Core.Spaces;

/// <summary>A parameter exists only when its parent categorical parameter takes one of <see cref="Values"/>.</summary>
/// <param name="Parent">The parent parameter's name, e.g. <c>optimizer</c>.</param>
/// <param name="Values">Parent values under which the parameter exists, e.g. momentum, nesterov.</param>
public sealed record Condition(string Parent, IReadOnlyList<object> Values)
{
    /// <summary>True when the parent's value in <paramref name="assignment"/> activates the parameter.</summary>
    public bool Holds(IReadOnlyDictionary<string, object> assignment) =>
        assignment.TryGetValue(Parent, out var v) && Values.Any(x => Equals(Normalize(x), Normalize(v)));

    internal static object Normalize(object value) => value switch
    {
        int i => (double)i,
        long l => (double)l,
        float f => (double)f,
        _ => value,
    };
}

/// <summary>One dimension of a search space.</summary>
public abstract record Parameter(string Name)
{
    /// <summary>When set, the parameter exists only under this condition.</summary>
    public Condition? When { get; init; }

    /// <summary>Maps a value to [0, 1] (log scale for log parameters; category index for categorical ones).</summary>
    public abstract double ToUnit(object value);

    /// <summary>Maps a point of [0, 1] back to a valid value (rounded to the step, snapped to a category).</summary>
    public abstract object FromUnit(double unit);

    /// <summary>True when <paramref name="value"/> is a valid value of this parameter.</summary>
    public abstract bool Contains(object value);
}

/// <summary>A real-valued parameter in [<see cref="Low"/>, <see cref="High"/>], uniform or on a log scale.</summary>
public sealed record FloatParameter(string Name, double Low, double High, bool Log = false) : Parameter(Name)
{
    /// <inheritdoc />
    public override double ToUnit(object value)
    {
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        double u = Log ? (Math.Log(v) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)) : (v - Low) / (High - Low);
        return Math.Clamp(u, 0, 1);
    }

    /// <inheritdoc />
    public override object FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        double v = Log ? Math.Exp(Math.Log(Low) + unit * (Math.Log(High) - Math.Log(Low))) : Low + unit * (High - Low);
        return Math.Clamp(v, Low, High);
    }

    /// <inheritdoc />
    public override bool Contains(object value) =>
        value is IConvertible && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var v && v >= Low && v <= High;
}

/// <summary>An integer parameter in [<see cref="Low"/>, <see cref="High"/>] on a grid of <see cref="Step"/>, uniform or on a log scale (batch sizes).</summary>
public sealed record IntParameter(string Name, long Low, long High, bool Log = false, long Step = 1) : Parameter(Name)
{
    /// <inheritdoc />
    public override double ToUnit(object value)
    {
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        // Values are spread over [low − ½, high + ½] so every integer owns an equal share of [0, 1].
        double lo = Low - 0.5 * Step, hi = High + 0.5 * Step;
        if (Log) { lo = Math.Max(lo, 0.5); return Math.Clamp((Math.Log(v) - Math.Log(lo)) / (Math.Log(hi) - Math.Log(lo)), 0, 1); }
        return Math.Clamp((v - lo) / (hi - lo), 0, 1);
    }

    /// <inheritdoc />
    public override object FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        double lo = Low - 0.5 * Step, hi = High + 0.5 * Step;
        double v = Log ? Math.Exp(Math.Log(Math.Max(lo, 0.5)) + unit * (Math.Log(hi) - Math.Log(Math.Max(lo, 0.5)))) : lo + unit * (hi - lo);
        long snapped = Low + (long)Math.Round((v - Low) / Step) * Step;
        return Math.Clamp(snapped, Low, Low + (High - Low) / Step * Step);
    }

    /// <inheritdoc />
    public override bool Contains(object value) =>
        value is IConvertible && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var v && v == Math.Floor(v) && v >= Low && v <= High && ((long)v - Low) % Step == 0;
}

/// <summary>A choice among <see cref="Choices"/> (strings, numbers or booleans).</summary>
public sealed record CategoricalParameter(string Name, IReadOnlyList<object> Choices) : Parameter(Name)
{
    /// <summary>The index of <paramref name="value"/> among the choices, or −1.</summary>
    public int IndexOf(object value) => Choices.Select(Condition.Normalize).ToList().IndexOf(Condition.Normalize(value));

    /// <inheritdoc />
    public override double ToUnit(object value) => (IndexOf(value) + 0.5) / Choices.Count;

    /// <inheritdoc />
    public override object FromUnit(double unit) => Choices[Math.Clamp((int)(unit * Choices.Count), 0, Choices.Count - 1)];

    /// <inheritdoc />
    public override bool Contains(object value) => IndexOf(value) >= 0;
}

/// <summary>A power of two between 2^<see cref="LowExponent"/> and 2^<see cref="HighExponent"/>, ordered on a log scale (batch sizes).</summary>
public sealed record PowerOfTwoParameter(string Name, int LowExponent, int HighExponent) : Parameter(Name)
{
    private int Count => HighExponent - LowExponent + 1;

    /// <inheritdoc />
    public override double ToUnit(object value) =>
        Math.Clamp((Math.Log2(Convert.ToDouble(value, CultureInfo.InvariantCulture)) - LowExponent + 0.5) / Count, 0, 1);

    /// <inheritdoc />
    public override object FromUnit(double unit) => 1L << (LowExponent + Math.Clamp((int)(unit * Count), 0, Count - 1));

    /// <inheritdoc />
    public override bool Contains(object value)
    {
        if (value is not IConvertible) return false;
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        double e = Math.Log2(v);
        return e == Math.Floor(e) && e >= LowExponent && e <= HighExponent;
    }
}

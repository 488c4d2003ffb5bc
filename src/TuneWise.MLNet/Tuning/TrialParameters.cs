using Microsoft.ML;
using System.Globalization;

namespace TuneWise.MLNet.Tuning;

/// <summary>The parameters sampled for one trial, read by name in an estimator factory.</summary>
public sealed class TrialParameters(int trial, IReadOnlyDictionary<string, object> values)
{
    /// <summary>The trial's number in the study.</summary>
    public int Trial => trial;

    /// <summary>Every parameter by name (conditional ones only when they apply).</summary>
    public IReadOnlyDictionary<string, object> Values => values;

    /// <summary>True when the trial has parameter <paramref name="name"/>.</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>A real parameter.</summary>
    public double Double(string name) => Convert.ToDouble(Get(name), CultureInfo.InvariantCulture);

    /// <summary>A whole-number parameter.</summary>
    public int Int(string name) => Convert.ToInt32(Get(name), CultureInfo.InvariantCulture);

    /// <summary>A categorical parameter as text.</summary>
    public string String(string name) => Convert.ToString(Get(name), CultureInfo.InvariantCulture)!;

    /// <summary>A Boolean parameter.</summary>
    public bool Bool(string name) => Convert.ToBoolean(Get(name), CultureInfo.InvariantCulture);

    private object Get(string name) => values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"trial {trial} has no parameter '{name}' (it has: {string.Join(", ", values.Keys)})");

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", values.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
}

/// <summary>Makes the estimator one trial trains from its parameters, as AutoML's sweepable estimators do.</summary>
public delegate IEstimator<ITransformer> EstimatorFactory(MLContext context, TrialParameters parameters);

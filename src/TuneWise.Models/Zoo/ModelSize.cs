using TuneWise.Core;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Zoo;

/// <summary>
/// Checks a model section before anything is allocated: how many layers and weights it asks for,
/// against limits that no network trainable on this machine exceeds. Without it a typo such as
/// <c>"hidden": [2000000000]</c> ends in the operating system killing the process.
/// </summary>
internal static class ModelSize
{
    /// <summary>The most layers (hidden layers, or convolution blocks × blocks) a zoo network may have.</summary>
    public const int MaxLayers = 1000;

    /// <summary>The environment variable that raises <see cref="MaxParameters"/> (in millions).</summary>
    public const string MaxParametersVariable = "TUNEWISE_MAX_PARAMETERS_M";

    /// <summary>The most weights a zoo network may have: 500 million unless <see cref="MaxParametersVariable"/> says otherwise.</summary>
    public static long MaxParameters =>
        long.TryParse(Environment.GetEnvironmentVariable(MaxParametersVariable), out long m) && m > 0 ? m * 1_000_000 : 500_000_000;

    /// <summary>Throws <see cref="UserInputException"/> naming the field when <paramref name="spec"/> is too large to build.</summary>
    /// <param name="spec">The model section.</param>
    /// <param name="sampleShape">The shape of one sample.</param>
    /// <param name="outputs">Classes, or 1 for regression.</param>
    public static void Check(ModelSection spec, int[] sampleShape, int outputs)
    {
        int layers = spec.Kind == ModelKind.Mlp ? spec.Hidden.Count : spec.Channels.Count * Math.Max(1, spec.Blocks);
        string field = spec.Kind == ModelKind.Mlp ? "model.hidden" : "model.channels";
        if (layers > MaxLayers)
            throw new UserInputException($"{field}: {layers} layers is more than the {MaxLayers} a zoo network may have");
        long parameters = Estimate(spec, sampleShape, outputs);
        if (parameters > MaxParameters)
            throw new UserInputException($"{field}: the network would have about {parameters:N0} weights ({parameters * 4 / (1L << 30):N0} GB as float32, " +
                $"four times that to train with Adam), more than the limit of {MaxParameters:N0}; set {MaxParametersVariable} to raise it");
    }

    // Exact for the MLP; for convolutional networks the convolutions (3×3) plus the widest dense layer, an upper bound.
    private static long Estimate(ModelSection spec, int[] sampleShape, int outputs)
    {
        long inputs = sampleShape.Aggregate(1L, (a, b) => a * b);
        if (spec.Kind == ModelKind.Mlp)
        {
            long total = 0, width = inputs;
            foreach (var h in spec.Hidden.Append(outputs)) { total += (width + 1) * h; width = h; }
            return total;
        }
        long channels = sampleShape.Length > 0 ? sampleShape[0] : 1, sum = 0;
        foreach (var c in spec.Channels)
        {
            sum += Math.Max(1, spec.Blocks) * (channels * 9 + 1) * c + (long)(Math.Max(1, spec.Blocks) - 1) * (c * 9 + 1) * c;
            channels = c;
        }
        long pixels = sampleShape.Length > 2 ? (long)sampleShape[1] * sampleShape[2] : 1;
        return sum + (channels * pixels + 1) * Math.Max(outputs, spec.Hidden.Count > 0 ? spec.Hidden.Max() : outputs);
    }
}

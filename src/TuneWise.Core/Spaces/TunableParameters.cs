using System.Globalization;
using TuneWise.Core.Experiments;

namespace TuneWise.Core.Spaces;

/// <summary>
/// The experiment settings a study may search, by the names used in <c>search.space</c>, how a value
/// is written into an experiment, and the conditions that follow from the optimizer and clipping
/// mode (momentum only for momentum-style optimizers, betas only for the Adam family, …).
/// </summary>
public static class TunableParameters
{
    private static readonly Dictionary<string, Func<Experiment, object, Experiment>> Setters = new()
    {
        ["learningRate"] = (e, v) => e with { Training = e.Training with { LearningRate = D(v) } },
        ["l2"] = (e, v) => e with { Training = e.Training with { L2 = D(v) } },
        ["weightDecay"] = (e, v) => e with { Training = e.Training with { WeightDecay = D(v) } },
        ["batchSize"] = (e, v) => e with { Training = e.Training with { BatchSize = (int)D(v) } },
        ["epochs"] = (e, v) => e with { Training = e.Training with { Epochs = (int)D(v) } },
        ["optimizer"] = (e, v) => e with { Training = e.Training with { Optimizer = Enum<OptimizerKind>(v) } },
        ["momentum"] = (e, v) => e with { Training = e.Training with { Momentum = D(v) } },
        ["beta1"] = (e, v) => e with { Training = e.Training with { Betas = [D(v), e.Training.Betas[1]] } },
        ["beta2"] = (e, v) => e with { Training = e.Training with { Betas = [e.Training.Betas[0], D(v)] } },
        ["rmspropAlpha"] = (e, v) => e with { Training = e.Training with { RmspropAlpha = D(v) } },
        ["eps"] = (e, v) => e with { Training = e.Training with { Eps = D(v) } },
        ["schedule"] = (e, v) => e with { Training = e.Training with { Schedule = Enum<ScheduleKind>(v) } },
        ["clipMode"] = (e, v) => e with { Training = e.Training with { Clip = e.Training.Clip with { Mode = Enum<ClipMode>(v) } } },
        ["clipThreshold"] = (e, v) => e with { Training = e.Training with { Clip = e.Training.Clip with { Threshold = D(v) } } },
        ["dropout"] = (e, v) => e with { Model = e.Model with { Dropout = D(v) } },
        ["activation"] = (e, v) => e with { Model = e.Model with { Activation = Enum<ActivationKind>(v) } },
        ["init"] = (e, v) => e with { Model = e.Model with { Init = Enum<InitKind>(v) } },
        ["initStd"] = (e, v) => e with { Model = e.Model with { InitStd = D(v) } },
        ["batchNorm"] = (e, v) => e with { Model = e.Model with { BatchNorm = Convert.ToBoolean(v, CultureInfo.InvariantCulture) } },
    };

    /// <summary>Conditions implied by the optimizer and clipping mode, when those are searched too.</summary>
    public static readonly IReadOnlyDictionary<string, Condition> ImpliedConditions = new Dictionary<string, Condition>
    {
        ["momentum"] = new("optimizer", ["momentum", "nesterov", "rmsprop"]),
        ["beta1"] = new("optimizer", ["adam", "adamw"]),
        ["beta2"] = new("optimizer", ["adam", "adamw"]),
        ["rmspropAlpha"] = new("optimizer", ["rmsprop"]),
        ["clipThreshold"] = new("clipMode", ["value", "norm"]),
        ["initStd"] = new("init", ["normal", "uniform"]),
    };

    /// <summary>Every name that may appear in <c>search.space</c>.</summary>
    public static IReadOnlyCollection<string> Names => Setters.Keys;

    /// <summary>
    /// The name of the learning-rate dimension of one optimizer, e.g. <c>learningRate[adam]</c>: with
    /// <c>"learningRate": "auto"</c> each optimizer gets its own range from its range test, and one
    /// dimension per optimizer keeps the samplers' densities apart.
    /// </summary>
    public static string LearningRateOf(string optimizer) => $"learningRate[{optimizer}]";

    /// <summary>The experiment with <paramref name="assignment"/>'s values written in.</summary>
    public static Experiment Apply(Experiment experiment, IReadOnlyDictionary<string, object> assignment)
    {
        foreach (var (name, value) in assignment)
            experiment = Setters.TryGetValue(BaseName(name), out var set) ? set(experiment, value)
                : throw new SearchSpaceException($"{name}: not a tunable parameter; known: {string.Join(", ", Names.Order())}");
        return experiment;
    }

    // learningRate[adam] sets learningRate.
    private static string BaseName(string name) => name.IndexOf('[', StringComparison.Ordinal) is > 0 and var i ? name[..i] : name;

    private static double D(object v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);

    private static T Enum<T>(object v) where T : struct, System.Enum
    {
        var text = Convert.ToString(v, CultureInfo.InvariantCulture)!;
        return System.Text.Json.JsonSerializer.Deserialize<T>($"\"{text}\"", ExperimentLoader.JsonOptions);
    }
}

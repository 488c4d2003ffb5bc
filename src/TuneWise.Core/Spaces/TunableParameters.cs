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

    // What an experiment itself says for each name (null where it leaves the value to the optimizer's default).
    private static readonly Dictionary<string, Func<Experiment, object?>> Getters = new()
    {
        ["learningRate"] = e => e.Training.LearningRate,
        ["l2"] = e => e.Training.L2,
        ["weightDecay"] = e => e.Training.WeightDecay,
        ["batchSize"] = e => (long)e.Training.BatchSize,
        ["epochs"] = e => (long)e.Training.Epochs,
        ["optimizer"] = e => ExperimentLoader.NameOf(e.Training.Optimizer),
        ["momentum"] = e => e.Training.Momentum,
        ["beta1"] = e => e.Training.Betas[0],
        ["beta2"] = e => e.Training.Betas[1],
        ["rmspropAlpha"] = e => e.Training.RmspropAlpha,
        ["eps"] = e => e.Training.Eps,
        ["schedule"] = e => ExperimentLoader.NameOf(e.Training.Schedule),
        ["clipMode"] = e => ExperimentLoader.NameOf(e.Training.Clip.Mode),
        ["clipThreshold"] = e => e.Training.Clip.Threshold,
        ["dropout"] = e => e.Model.Dropout,
        ["activation"] = e => ExperimentLoader.NameOf(e.Model.Activation),
        ["init"] = e => ExperimentLoader.NameOf(e.Model.Init),
        ["initStd"] = e => e.Model.InitStd,
        ["batchNorm"] = e => e.Model.BatchNorm,
    };

    /// <summary>
    /// The experiment's own configuration as a point of <paramref name="space"/>: each searched
    /// parameter at the value the experiment file gives it, a number outside its range moved to the
    /// nearer end (a weight decay of 0 under a log range becomes its low end; a rate outside the
    /// range-tested span, its nearer bound). Null when a value cannot be placed at all: a choice the
    /// space does not offer, or a value the file leaves to a default.
    /// </summary>
    public static Dictionary<string, object>? OwnConfiguration(Experiment experiment, SearchSpace space)
    {
        bool placed = true;
        var point = space.Assign(p =>
        {
            var value = Getters.TryGetValue(BaseName(p.Name), out var get) ? get(experiment) : null;
            if (value is not null && p is CategoricalParameter c)
            {
                // A choice is given back as the space's own object (the JSON's "adam", 64 or true).
                if (c.IndexOf(value) is >= 0 and var i) return c.Choices[i];
                placed = false;
                return c.Choices[0];
            }
            if (value is null) { placed = false; return p.FromUnit(0.5); }
            if (p.Contains(value)) return value;
            double unit = p.ToUnit(value);
            if (double.IsNaN(unit)) { placed = false; return p.FromUnit(0.5); }
            return p.FromUnit(Math.Clamp(unit, 0, 1));
        });
        return placed ? point : null;
    }

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

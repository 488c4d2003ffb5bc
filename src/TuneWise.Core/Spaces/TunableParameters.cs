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
    // Each name's reading from an experiment (null where the file leaves it to the optimizer's default)
    // and its writing into one: one row per name, so a tunable parameter cannot have one without the other.
    private static readonly Dictionary<string, Accessor> Accessors = new()
    {
        ["learningRate"] = new(e => e.Training.LearningRate,
            (e, v) => e with { Training = e.Training with { LearningRate = D(v) } }),
        ["l2"] = new(e => e.Training.L2,
            (e, v) => e with { Training = e.Training with { L2 = D(v) } }),
        ["weightDecay"] = new(e => e.Training.WeightDecay,
            (e, v) => e with { Training = e.Training with { WeightDecay = D(v) } }),
        ["batchSize"] = new(e => (long)e.Training.BatchSize,
            (e, v) => e with { Training = e.Training with { BatchSize = (int)D(v) } }),
        ["epochs"] = new(e => (long)e.Training.Epochs,
            (e, v) => e with { Training = e.Training with { Epochs = (int)D(v) } }),
        ["optimizer"] = new(e => ExperimentLoader.NameOf(e.Training.Optimizer),
            (e, v) => e with { Training = e.Training with { Optimizer = Enum<OptimizerKind>(v) } }),
        ["momentum"] = new(e => e.Training.Momentum,
            (e, v) => e with { Training = e.Training with { Momentum = D(v) } }),
        ["beta1"] = new(e => e.Training.Betas[0],
            (e, v) => e with { Training = e.Training with { Betas = [D(v), e.Training.Betas[1]] } }),
        ["beta2"] = new(e => e.Training.Betas[1],
            (e, v) => e with { Training = e.Training with { Betas = [e.Training.Betas[0], D(v)] } }),
        ["rmspropAlpha"] = new(e => e.Training.RmspropAlpha,
            (e, v) => e with { Training = e.Training with { RmspropAlpha = D(v) } }),
        ["eps"] = new(e => e.Training.Eps,
            (e, v) => e with { Training = e.Training with { Eps = D(v) } }),
        ["schedule"] = new(e => ExperimentLoader.NameOf(e.Training.Schedule),
            (e, v) => e with { Training = e.Training with { Schedule = Enum<ScheduleKind>(v) } }),
        ["clipMode"] = new(e => ExperimentLoader.NameOf(e.Training.Clip.Mode),
            (e, v) => e with { Training = e.Training with { Clip = e.Training.Clip with { Mode = Enum<ClipMode>(v) } } }),
        ["clipThreshold"] = new(e => e.Training.Clip.Threshold,
            (e, v) => e with { Training = e.Training with { Clip = e.Training.Clip with { Threshold = D(v) } } }),
        ["dropout"] = new(e => e.Model.Dropout,
            (e, v) => e with { Model = e.Model with { Dropout = D(v) } }),
        ["activation"] = new(e => ExperimentLoader.NameOf(e.Model.Activation),
            (e, v) => e with { Model = e.Model with { Activation = Enum<ActivationKind>(v) } }),
        ["init"] = new(e => ExperimentLoader.NameOf(e.Model.Init),
            (e, v) => e with { Model = e.Model with { Init = Enum<InitKind>(v) } }),
        ["initStd"] = new(e => e.Model.InitStd,
            (e, v) => e with { Model = e.Model with { InitStd = D(v) } }),
        ["cropPadding"] = new(e => (long)e.Data.Augment.CropPadding,
            (e, v) => e with { Data = e.Data with { Augment = e.Data.Augment with { CropPadding = (int)D(v) } } }),
        ["flip"] = new(e => e.Data.Augment.Flip,
            (e, v) => e with { Data = e.Data with { Augment = e.Data.Augment with { Flip = Convert.ToBoolean(v, CultureInfo.InvariantCulture) } } }),
        ["erasing"] = new(e => e.Data.Augment.Erasing,
            (e, v) => e with { Data = e.Data with { Augment = e.Data.Augment with { Erasing = D(v) } } }),
        ["batchNorm"] = new(e => e.Model.BatchNorm,
            (e, v) => e with { Model = e.Model with { BatchNorm = Convert.ToBoolean(v, CultureInfo.InvariantCulture) } }),
    };

    private sealed record Accessor(Func<Experiment, object?> Get, Func<Experiment, object, Experiment> Set);


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
            var value = Accessors.TryGetValue(BaseName(p.Name), out var accessor) ? accessor.Get(experiment) : null;
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
    public static IReadOnlyCollection<string> Names => Accessors.Keys;

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
            experiment = Accessors.TryGetValue(BaseName(name), out var accessor) ? accessor.Set(experiment, value)
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

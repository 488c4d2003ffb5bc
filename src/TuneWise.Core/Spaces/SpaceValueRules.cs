using System.Globalization;
using TuneWise.Core.Experiments;

namespace TuneWise.Core.Spaces;

/// <summary>
/// Checks every value a search space can produce against the rules of the field it tunes: the ends
/// of each range and every choice are written into the experiment and validated as if the file
/// held them, so <c>{"dropout": {"range": [0, 1.5]}}</c> fails as <c>model.dropout: 1.5</c> would.
/// Also refuses a parameter that can never apply because its optimizer (or clipping mode, or
/// initialisation) is fixed to one that does not use it.
/// </summary>
internal static class SpaceValueRules
{
    public static void Check(Experiment experiment, SearchSpace space, List<ExperimentError> errors)
    {
        var plain = experiment with { Search = new SearchSection() };
        var baseline = ExperimentValidator.Validate(plain).Select(e => e.ToString()).ToHashSet();
        foreach (var parameter in space.Parameters)
        {
            string path = $"search.space.{parameter.Name}";
            foreach (var value in Extremes(parameter))
            {
                Experiment applied;
                try
                {
                    applied = TunableParameters.Apply(plain, new Dictionary<string, object> { [parameter.Name] = value });
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidCastException or OverflowException)
                {
                    errors.Add(new ExperimentError(path, $"offers {Show(value)}, which is not a valid {parameter.Name}{Known(parameter.Name)}"));
                    continue;
                }
                foreach (var problem in ExperimentValidator.Validate(applied).Where(p => !baseline.Contains(p.ToString())))
                    errors.Add(new ExperimentError(path, $"offers {Show(value)}, but {problem}"));
            }
            if (parameter.When is null && TunableParameters.ImpliedConditions.TryGetValue(parameter.Name, out var implied)
                && space.Parameters.All(p => p.Name != implied.Parent) && FixedValue(experiment, implied.Parent) is { } fixedValue
                && !implied.Values.Contains(fixedValue))
                errors.Add(new ExperimentError(path, $"never applies: {parameter.Name} is used only when {implied.Parent} is one of " +
                    $"{string.Join(", ", implied.Values)}, and the experiment fixes {implied.Parent} to {fixedValue}; search {implied.Parent} too or drop {parameter.Name}"));
        }
    }

    private static IEnumerable<object> Extremes(Parameter parameter) => parameter switch
    {
        FloatParameter f => [f.Low, f.High],
        IntParameter i => [i.Low, i.High],
        PowerOfTwoParameter p => [1L << p.LowExponent, 1L << p.HighExponent],
        CategoricalParameter c => c.Choices,
        _ => [],
    };

    // The value a parent of an implied condition has when it is not searched.
    private static string? FixedValue(Experiment e, string parent) => parent switch
    {
        "optimizer" => ExperimentLoader.NameOf(e.Training.Optimizer),
        "clipMode" => ExperimentLoader.NameOf(e.Training.Clip.Mode),
        "init" => ExperimentLoader.NameOf(e.Model.Init),
        _ => null,
    };

    private static string Known(string name) => name switch
    {
        "optimizer" => "; known: " + Names<OptimizerKind>(),
        "schedule" => "; known: " + Names<ScheduleKind>(),
        "clipMode" => "; known: " + Names<ClipMode>(),
        "activation" => "; known: " + Names<ActivationKind>(),
        "init" => "; known: " + Names<InitKind>(),
        _ => "",
    };

    private static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(ExperimentLoader.NameOf));

    private static string Show(object value) => value switch
    {
        string s => $"\"{s}\"",
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}

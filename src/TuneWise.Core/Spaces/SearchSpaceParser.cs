using System.Globalization;
using System.Text.Json;
using TuneWise.Core.Experiments;

namespace TuneWise.Core.Spaces;

/// <summary>
/// Builds a <see cref="SearchSpace"/> from an experiment's <c>search.space</c>:
/// <c>{"log": [lo, hi]}</c>, <c>{"range": [lo, hi]}</c>, <c>{"int": [lo, hi], "log": true, "step": k}</c>,
/// <c>{"powerOfTwo": [16, 512]}</c> or <c>{"choice": [..]}</c>, each optionally with
/// <c>"when": {"parent": [values]}</c>. Conditions implied by the optimizer and clipping mode are added.
/// </summary>
public static class SearchSpaceParser
{
    /// <summary>The value that asks for a range from the learning-rate range test.</summary>
    public const string Auto = "auto";

    /// <summary>The one parameter that may be <see cref="Auto"/>.</summary>
    public const string AutoParameter = "learningRate";

    /// <summary>True when the space asks for <c>"learningRate": "auto"</c>.</summary>
    public static bool HasAutoLearningRate(IReadOnlyDictionary<string, JsonElement> space) =>
        space.TryGetValue(AutoParameter, out var spec) && spec.ValueKind == JsonValueKind.String && spec.GetString() == Auto;

    /// <summary>Parses the space; every problem is reported with its JSON path.</summary>
    /// <param name="space">The <c>search.space</c> entries.</param>
    /// <param name="errors">Collects the problems; null throws on the first parse.</param>
    /// <param name="customTrainer">The parameters belong to a trainer of the caller's own (<see cref="SearchSection.CustomTrainer"/>): any name is allowed.</param>
    public static SearchSpace Parse(IReadOnlyDictionary<string, JsonElement> space, List<ExperimentError>? errors = null, bool customTrainer = false)
    {
        var own = errors ?? [];
        var parameters = new List<Parameter>();
        var implied = new HashSet<string>();
        foreach (var (name, spec) in space)
        {
            var path = $"search.space.{name}";
            if (spec.ValueKind == JsonValueKind.String && name == AutoParameter)
            {
                // Filled in by the tuning job from each optimizer's range test (see TunedSpace).
                if (spec.GetString() != Auto) own.Add(new ExperimentError(path, $"must be \"{Auto}\" or an object such as {{\"log\": [1e-5, 1]}}, got \"{spec.GetString()}\""));
                continue;
            }
            if (!customTrainer && !TunableParameters.Names.Contains(name))
            {
                own.Add(new ExperimentError(path, $"is not a tunable parameter; known: {string.Join(", ", TunableParameters.Names.Order())}"));
                continue;
            }
            try
            {
                var parameter = ParseOne(name, spec, customTrainer);
                if (!spec.TryGetProperty("when", out _) && parameter.When is not null) implied.Add(name);
                parameters.Add(parameter);
            }
            catch (SearchSpaceException e)
            {
                // Messages start with the parameter's name, or with name.key for one of its fields.
                own.Add(e.Message.StartsWith(name + ".", StringComparison.Ordinal) && e.Message.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon
                    ? new ExperimentError($"search.space.{e.Message[..colon]}", e.Message[(colon + 2)..])
                    : new ExperimentError(path, e.Message.StartsWith(name + ": ", StringComparison.Ordinal) ? e.Message[(name.Length + 2)..] : e.Message));
            }
        }
        // An implied condition applies only when its parent is searched too; otherwise the parameter always exists.
        // When it is, the condition keeps only the parent values that are searched.
        var narrowed = new List<Parameter>();
        foreach (var p in parameters)
        {
            // A "when" of the user's on the implied parent keeps only the values where the parameter
            // acts: momentum "when" adam would be sampled, stored and ignored by the optimizer.
            if (!implied.Contains(p.Name) && !customTrainer && p.When is { } given
                && TunableParameters.ImpliedConditions.TryGetValue(p.Name, out var acts) && acts.Parent == given.Parent)
            {
                var useful = given.Values.Where(v => acts.Values.Any(a => Equals(Condition.Normalize(a), Condition.Normalize(v)))).ToList();
                if (useful.Count == 0)
                    own.Add(new ExperimentError($"search.space.{p.Name}.when", $"never applies: {p.Name} acts only with {acts.Parent} in [{string.Join(", ", acts.Values)}], and the when allows [{string.Join(", ", given.Values)}]"));
                else narrowed.Add(p with { When = given with { Values = useful } });
                continue;
            }
            if (!implied.Contains(p.Name)) { narrowed.Add(p); continue; }
            if (parameters.FirstOrDefault(q => q.Name == p.When!.Parent) is not CategoricalParameter parent) { narrowed.Add(p with { When = null }); continue; }
            var values = p.When!.Values.Where(parent.Contains).ToList();
            if (values.Count == 0)
                own.Add(new ExperimentError($"search.space.{p.Name}", $"never applies: it needs {p.When.Parent} in [{string.Join(", ", p.When.Values)}], which search.space.{p.When.Parent} does not offer"));
            else narrowed.Add(p with { When = p.When with { Values = values } });
        }
        parameters = narrowed;
        // Parents first, so conditions can be checked and sampled in order.
        var ordered = parameters.Where(p => p.When is null).Concat(parameters.Where(p => p.When is not null)).ToList();
        if (errors is null && own.Count > 0) throw new InvalidExperimentException("search.space", own);
        try
        {
            return new SearchSpace(ordered);
        }
        catch (SearchSpaceException e)
        {
            own.Add(new ExperimentError("search.space", e.Message));
            if (errors is null) throw new InvalidExperimentException("search.space", own);
            return new SearchSpace([]);
        }
    }

    // The keys each kind of entry takes, besides "when".
    private static readonly Dictionary<string, string[]> KindKeys = new()
    {
        ["choice"] = ["choice"],
        ["powerOfTwo"] = ["powerOfTwo"],
        ["int"] = ["int", "log", "step"],
        ["range"] = ["range"],
        ["log"] = ["log"],
    };

    private static Parameter ParseOne(string name, JsonElement spec, bool customTrainer)
    {
        if (spec.ValueKind != JsonValueKind.Object) throw new SearchSpaceException($"{name}: must be an object such as {{\"log\": [1e-5, 1]}}, got {spec.ValueKind}");
        var keys = spec.EnumerateObject().Select(p => p.Name).ToList();
        var kind = KindKeys.Keys.FirstOrDefault(k => keys.Contains(k) && !(k == "log" && keys.Contains("int")));
        if (kind is not null && keys.FirstOrDefault(k => k != "when" && !KindKeys[kind].Contains(k)) is { } extra)
            throw new SearchSpaceException($"{name}.{extra}: is not a field of a \"{kind}\" entry; it takes {string.Join(", ", KindKeys[kind].Select(k => $"\"{k}\""))} and \"when\"" +
                (kind == "range" && extra == "log" ? " (for a log scale write {\"log\": [low, high]})" : ""));
        var b = SearchSpace.Create();
        Condition? when = null;
        if (spec.TryGetProperty("when", out var w))
        {
            var parent = w.EnumerateObject().SingleOrDefault();
            if (parent.Value.ValueKind != JsonValueKind.Array) throw new SearchSpaceException($"{name}: when must be {{\"parent\": [values]}}");
            when = new Condition(parent.Name, parent.Value.EnumerateArray().Select(Scalar).ToList());
        }
        else if (!customTrainer && TunableParameters.ImpliedConditions.TryGetValue(name, out var implied))
            when = implied;
        if (spec.TryGetProperty("choice", out var choice))
            return b.Categorical(name, Array(choice, name).Select(Scalar).ToList(), when).Last;
        if (spec.TryGetProperty("powerOfTwo", out var pow))
        {
            var (lo, hi) = Pair(pow, name);
            if (lo != Math.Floor(lo) || hi != Math.Floor(hi) || hi > 1 << 30) throw new SearchSpaceException($"{name}: powerOfTwo bounds must be whole powers of two up to 2^30, got [{lo}, {hi}]");
            return b.PowerOfTwo(name, (int)lo, (int)hi, when).Last;
        }
        if (spec.TryGetProperty("int", out var ints))
        {
            var (lo, hi) = Pair(ints, name);
            bool log = spec.TryGetProperty("log", out var l) && l.ValueKind == JsonValueKind.True;
            if (spec.TryGetProperty("log", out var logFlag) && logFlag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new SearchSpaceException($"{name}.log: must be true or false, got {logFlag}");
            long step = 1;
            if (spec.TryGetProperty("step", out var st) && !(st.ValueKind == JsonValueKind.Number && st.TryGetInt64(out step) && step > 0))
                throw new SearchSpaceException($"{name}.step: must be a whole number > 0, got {st}");
            if (lo != Math.Floor(lo) || hi != Math.Floor(hi)) throw new SearchSpaceException($"{name}: int bounds must be whole numbers, got [{lo}, {hi}]");
            return b.Int(name, (long)lo, (long)hi, log, step, when).Last;
        }
        if (spec.TryGetProperty("log", out var logRange) && logRange.ValueKind == JsonValueKind.Array)
        {
            var (lo, hi) = Pair(logRange, name);
            return b.Float(name, lo, hi, log: true, when).Last;
        }
        if (spec.TryGetProperty("range", out var range))
        {
            var (lo, hi) = Pair(range, name);
            return b.Float(name, lo, hi, log: false, when).Last;
        }
        throw new SearchSpaceException($"{name}: expected one of log, range, int, powerOfTwo or choice");
    }

    private static List<JsonElement> Array(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new SearchSpaceException($"{name}: expected a list, got {e.ValueKind}");
        var items = e.EnumerateArray().ToList();
        if (items.Count == 0) throw new SearchSpaceException($"{name}: a choice needs at least one value");
        return items;
    }

    private static (double Lo, double Hi) Pair(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2 || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
            throw new SearchSpaceException($"{name}: expected [low, high] with two numbers");
        return (e[0].GetDouble(), e[1].GetDouble());
    }

    private static object Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new SearchSpaceException($"choices must be strings, numbers or booleans, got {e.ValueKind}"),
    };
}

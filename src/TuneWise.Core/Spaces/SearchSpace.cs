using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneWise.Core.Spaces;

/// <summary>Thrown for an invalid search space; the message names the parameter (and JSON path when built from a file).</summary>
public sealed class SearchSpaceException(string message) : Exception(message);

/// <summary>
/// The parameters a study searches, in order; a conditional parameter comes after its parent.
/// Build one with <see cref="SearchSpace.Create"/> or from an experiment's <c>search.space</c>.
/// </summary>
public sealed class SearchSpace
{
    private readonly List<Parameter> _parameters;

    internal SearchSpace(List<Parameter> parameters)
    {
        _parameters = parameters;
        var names = new HashSet<string>();
        foreach (var p in parameters)
        {
            if (p.When is { } c)
            {
                var parent = parameters.FirstOrDefault(q => q.Name == c.Parent) as CategoricalParameter
                    ?? throw new SearchSpaceException($"{p.Name}: its condition names '{c.Parent}', which is not a categorical parameter of the space");
                if (!names.Contains(c.Parent)) throw new SearchSpaceException($"{p.Name}: its parent '{c.Parent}' must come before it");
                foreach (var v in c.Values)
                    if (!parent.Contains(v)) throw new SearchSpaceException($"{p.Name}: condition value '{v}' is not a choice of '{c.Parent}'");
            }
            if (!names.Add(p.Name)) throw new SearchSpaceException($"{p.Name}: defined twice");
        }
    }

    /// <summary>Starts a fluent definition.</summary>
    public static SearchSpaceBuilder Create() => new();

    /// <summary>The parameters, parents before children.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    public Parameter this[string name] => _parameters.First(p => p.Name == name);

    /// <summary>The parameters that exist under <paramref name="assignment"/> (unconditional ones always).</summary>
    public IEnumerable<Parameter> Active(IReadOnlyDictionary<string, object> assignment) =>
        _parameters.Where(p => p.When is null || p.When.Holds(assignment));

    /// <summary>A text equal for equal assignments, whatever the order of their names or the type of their numbers.</summary>
    public static string Key(IReadOnlyDictionary<string, object> assignment) =>
        string.Join(";", assignment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Condition.Normalize(kv.Value)}"));

    /// <summary>
    /// Builds an assignment in parameter order, asking <paramref name="choose"/> for each parameter
    /// that is active given the values chosen so far.
    /// </summary>
    public Dictionary<string, object> Assign(Func<Parameter, object> choose)
    {
        var assignment = new Dictionary<string, object>();
        foreach (var p in _parameters)
            if (p.When is null || p.When.Holds(assignment)) assignment[p.Name] = choose(p);
        return assignment;
    }
}

/// <summary>
/// Fluent definition of a search space: <see cref="Build"/> makes the <see cref="SearchSpace"/> a
/// sampler searches, <see cref="Spec"/> the same space as an experiment's <c>search.space</c> (what
/// a tuning job stores and resumes from). Each entry is checked as it is added; conditions are
/// checked against the whole space when it is built. Each entry may apply only when a categorical
/// parameter takes some values (<c>when</c>).
/// </summary>
public sealed class SearchSpaceBuilder
{
    private readonly List<Parameter> _parameters = [];
    private readonly List<(string Name, JsonNode Entry)> _spec = [];
    private bool _autoLearningRate;

    /// <summary>A real parameter in [low, high]; <paramref name="log"/> samples on a log scale.</summary>
    public SearchSpaceBuilder Float(string name, double low, double high, bool log = false, Condition? when = null)
    {
        if (!(low < high)) throw new SearchSpaceException($"{name}: low must be < high, got [{low}, {high}]");
        if (log && low <= 0) throw new SearchSpaceException($"{name}: a log range needs low > 0, got {low}");
        if (!double.IsFinite(low) || !double.IsFinite(high)) throw new SearchSpaceException($"{name}: bounds must be finite");
        return Add(new FloatParameter(name, low, high, log) { When = when }, new JsonObject { [log ? "log" : "range"] = new JsonArray(low, high) });
    }

    /// <summary>An integer parameter in [low, high] with a step; <paramref name="log"/> for sizes such as batch sizes.</summary>
    public SearchSpaceBuilder Int(string name, long low, long high, bool log = false, long step = 1, Condition? when = null)
    {
        if (!(low < high)) throw new SearchSpaceException($"{name}: low must be < high, got [{low}, {high}]");
        if (log && low <= 0) throw new SearchSpaceException($"{name}: a log range needs low > 0, got {low}");
        if (step < 1) throw new SearchSpaceException($"{name}: step must be >= 1, got {step}");
        var entry = new JsonObject { ["int"] = new JsonArray(low, high) };
        if (log) entry["log"] = true;
        if (step != 1) entry["step"] = step;
        return Add(new IntParameter(name, low, high, log, step) { When = when }, entry);
    }

    /// <summary>Powers of two from low to high (both powers of two), e.g. batch sizes 16…512.</summary>
    public SearchSpaceBuilder PowerOfTwo(string name, int low, int high, Condition? when = null)
    {
        if (low < 1 || (low & (low - 1)) != 0 || (high & (high - 1)) != 0 || low >= high)
            throw new SearchSpaceException($"{name}: powers of two need 1 <= low < high, both powers of two, got [{low}, {high}]");
        return Add(new PowerOfTwoParameter(name, (int)Math.Log2(low), (int)Math.Log2(high)) { When = when }, new JsonObject { ["powerOfTwo"] = new JsonArray(low, high) });
    }

    /// <summary>A choice among values (strings, numbers or Booleans).</summary>
    public SearchSpaceBuilder Categorical(string name, IReadOnlyList<object> choices, Condition? when = null)
    {
        if (choices.Count == 0) throw new SearchSpaceException($"{name}: a choice needs at least one value");
        if (choices.Distinct().Count() != choices.Count) throw new SearchSpaceException($"{name}: choices must be distinct");
        return Add(new CategoricalParameter(name, choices) { When = when }, new JsonObject { ["choice"] = new JsonArray([.. choices.Select(v => JsonValue.Create(v))]) });
    }

    /// <summary>A choice among strings.</summary>
    public SearchSpaceBuilder Categorical(string name, params string[] choices) => Categorical(name, choices.Cast<object>().ToList());

    /// <summary>
    /// The learning rate searched over each optimizer's range from its learning-rate range test
    /// (<c>"learningRate": "auto"</c>). Only a tuning job resolves it, so a space with it is given to
    /// an experiment as its <see cref="Spec"/>, never built into a <see cref="SearchSpace"/> here.
    /// </summary>
    public SearchSpaceBuilder AutoLearningRate()
    {
        ThrowIfDefined(SearchSpaceParser.AutoParameter);
        _autoLearningRate = true;
        _spec.Add((SearchSpaceParser.AutoParameter, JsonValue.Create(SearchSpaceParser.Auto)));
        return this;
    }

    /// <summary>The parameter exists only when <paramref name="parent"/> takes one of <paramref name="values"/>.</summary>
    public static Condition When(string parent, params object[] values) => new(parent, values);

    /// <summary>The parameter added last (validated, not yet checked against the rest of the space).</summary>
    internal Parameter Last => _parameters[^1];

    /// <summary>The finished space.</summary>
    /// <exception cref="SearchSpaceException">A condition does not fit the space, or the learning rate is left to the range tests.</exception>
    public SearchSpace Build() => _autoLearningRate
        ? throw new SearchSpaceException($"{SearchSpaceParser.AutoParameter}: \"{SearchSpaceParser.Auto}\" is resolved by a tuning job's range tests; give the builder's Spec() to an experiment instead")
        : new([.. _parameters]);

    /// <summary>The space as an experiment's <c>search.space</c>, entries in the order they were added.</summary>
    public IReadOnlyDictionary<string, JsonElement> Spec() =>
        _spec.ToDictionary(e => e.Name, e => JsonSerializer.SerializeToElement(e.Entry));

    private void ThrowIfDefined(string name)
    {
        if (_spec.Any(e => e.Name == name)) throw new SearchSpaceException($"{name}: defined twice");
    }

    private SearchSpaceBuilder Add(Parameter p, JsonObject entry)
    {
        ThrowIfDefined(p.Name);
        if (p.When is { } when) entry["when"] = new JsonObject { [when.Parent] = new JsonArray([.. when.Values.Select(v => JsonValue.Create(v))]) };
        _parameters.Add(p);
        _spec.Add((p.Name, entry));
        return this;
    }
}

namespace TuneWise.Reports.Analysis;

/// <summary>One condition on a parameter, e.g. <c>learningRate ≥ 0.3</c> or <c>optimizer ∈ {sgd}</c>.</summary>
/// <param name="Text">The condition in words.</param>
/// <param name="Holds">Whether a trial's parameters satisfy it.</param>
internal sealed record ParameterCondition(string Text, Func<IReadOnlyDictionary<string, object>, bool> Holds);

/// <summary>The trials one verdict stopped, and where in the space they were.</summary>
/// <param name="Verdict">The verdict code, or <c>error</c> for trials that crashed.</param>
/// <param name="Trials">The trials' numbers.</param>
/// <param name="Conditions">Conditions every one of them met, most telling first (empty when no parameter sets them apart).</param>
/// <param name="HealthyAlsoMatching">How many healthy trials met the conditions too.</param>
/// <param name="HealthyCount">How many healthy trials there were.</param>
internal sealed record FailureGroup(string Verdict, IReadOnlyList<int> Trials, IReadOnlyList<ParameterCondition> Conditions, int HealthyAlsoMatching, int HealthyCount)
{
    /// <summary>The group as a rule a person can act on, e.g. "all 9 exploding_gradient trials had learningRate ≥ 0.3 and optimizer = sgd (0 of 21 healthy trials did)".</summary>
    public string Rule
    {
        get
        {
            string who = Trials.Count == 1 ? $"the one {Verdict} trial" : $"all {Trials.Count} {Verdict} trials";
            if (Trials.Count < FailureGroups.MinimumTrials) return $"{who}: too few (n = {Trials.Count}) to tell which parameters set them apart; a rule needs {FailureGroups.MinimumTrials}";
            if (Conditions.Count == 0) return $"{who}: no parameter sets them apart from the {HealthyCount} healthy trials";
            return $"{who} had {string.Join(" and ", Conditions.Select(c => c.Text))} ({HealthyAlsoMatching} of {HealthyCount} healthy trials did)";
        }
    }
}

/// <summary>
/// Groups the unhealthy and failed trials by verdict and finds, for each group, at most two
/// parameter conditions that every trial of the group meets and as few healthy trials as possible
/// do: a greedy one-sided rule learner, so the rule reads as advice ("keep learningRate below …").
/// </summary>
internal static class FailureGroups
{
    /// <summary>The fewest trials a rule is learnt from: one or two trials fit any condition that happens to hold for them.</summary>
    public const int MinimumTrials = 3;

    // Parameters a verdict implies by its definition: "dead_relu trials had activation = relu" says nothing.
    private static readonly Dictionary<string, string> Implied = new()
    {
        [Core.Health.VerdictCodes.DeadRelu] = "activation",
        [Core.Health.VerdictCodes.SaturatedActivation] = "activation",
        [Core.Health.VerdictCodes.ClipSaturation] = "clipThreshold",
    };

    /// <summary>The groups, largest first.</summary>
    public static IReadOnlyList<FailureGroup> Of(IReadOnlyList<TrialRow> rows, IReadOnlyList<ParameterAxis> axes)
    {
        var healthy = rows.Where(r => r.Outcome is TrialOutcomeKind.Complete or TrialOutcomeKind.Pruned).ToList();
        return rows.Where(r => r.Outcome is TrialOutcomeKind.Unhealthy or TrialOutcomeKind.Failed)
            .GroupBy(r => r.Verdict ?? (r.Outcome == TrialOutcomeKind.Failed ? "error" : "unhealthy"))
            .Select(g => Describe(g.Key, g.ToList(), healthy, axes))
            .OrderByDescending(g => g.Trials.Count).ThenBy(g => g.Verdict, StringComparer.Ordinal)
            .ToList();
    }

    private static FailureGroup Describe(string verdict, List<TrialRow> group, List<TrialRow> healthy, IReadOnlyList<ParameterAxis> axes)
    {
        var chosen = new List<ParameterCondition>();
        var matching = healthy;
        var usable = axes.Where(a => Implied.GetValueOrDefault(verdict) != a.Name).ToList();
        for (int round = 0; round < 2 && matching.Count > 0 && group.Count >= MinimumTrials; round++)
        {
            var best = usable.SelectMany(a => Covering(a, group))
                .Select(c => (Condition: c, Left: matching.Count(r => c.Holds(r.Parameters))))
                .Where(c => c.Left < matching.Count)
                .OrderBy(c => c.Left).FirstOrDefault();
            if (best.Condition is null) break;
            chosen.Add(best.Condition);
            matching = matching.Where(r => best.Condition.Holds(r.Parameters)).ToList();
        }
        return new FailureGroup(verdict, group.Select(r => r.Number).Order().ToList(), chosen, matching.Count, healthy.Count);
    }

    // The tightest one-sided conditions on one parameter that every trial of the group meets.
    private static IEnumerable<ParameterCondition> Covering(ParameterAxis axis, List<TrialRow> group)
    {
        var values = group.Select(r => r.Parameters.GetValueOrDefault(axis.Name)).ToList();
        if (values.Any(v => v is null)) yield break;
        string name = axis.Name;
        if (axis.IsCategorical || values.Any(v => ParameterAxis.Number(v) is null))
        {
            var set = values.Select(ParameterAxis.Text).Distinct().Order(StringComparer.Ordinal).ToList();
            if (axis.Categories is { } all && set.Count >= all.Count) yield break;
            string text = set.Count == 1 ? $"{name} = {set[0]}" : $"{name} ∈ {{{string.Join(", ", set)}}}";
            yield return new ParameterCondition(text, p => p.GetValueOrDefault(name) is { } v && set.Contains(ParameterAxis.Text(v)));
            yield break;
        }
        var numbers = values.Select(v => ParameterAxis.Number(v)!.Value).ToList();
        double low = numbers.Min(), high = numbers.Max();
        yield return new ParameterCondition($"{name} ≥ {Formats.Number(low)}", p => ParameterAxis.Number(p.GetValueOrDefault(name)) is { } v && v >= low);
        yield return new ParameterCondition($"{name} ≤ {Formats.Number(high)}", p => ParameterAxis.Number(p.GetValueOrDefault(name)) is { } v && v <= high);
    }
}

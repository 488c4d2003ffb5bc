using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>How the database stores name a trial state (<c>waiting</c>, <c>running</c>, …): one spelling for every store.</summary>
internal static class StateNames
{
    public static string Of(TrialState state) => state.ToString().ToLowerInvariant();

    public static TrialState Parse(string name) => Enum.Parse<TrialState>(name, ignoreCase: true);

    /// <summary>The states a trial budget counts (<see cref="TrialRecord.CountsTowardsBudget"/>), as an SQL list: 'complete', 'pruned', ….</summary>
    public static string CountedBySql { get; } = string.Join(", ",
        Enum.GetValues<TrialState>().Where(s => new TrialRecord { Number = 0, State = s, Parameters = new Dictionary<string, object>() }.CountsTowardsBudget).Select(s => $"'{Of(s)}'"));
}

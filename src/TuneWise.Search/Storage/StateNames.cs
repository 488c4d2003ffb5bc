using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>How the database stores name a trial state (<c>waiting</c>, <c>running</c>, …): one spelling for every store.</summary>
internal static class StateNames
{
    public static string Of(TrialState state) => state.ToString().ToLowerInvariant();

    public static TrialState Parse(string name) => Enum.Parse<TrialState>(name, ignoreCase: true);

    /// <summary>
    /// The states a trial budget does not count (<see cref="TrialRecord.CountsTowardsBudget"/>), as an SQL list: 'failed'. Trial numbers are dense (each new one
    /// is the largest plus one, under the claim's lock), so the counted trials are the largest number
    /// plus one less these: a claim counts the few uncounted trials by the state index instead of
    /// reading every trial of the study.
    /// </summary>
    public static string NotCountedBySql { get; } = SqlList(counted: false);

    private static string SqlList(bool counted) => string.Join(", ",
        Enum.GetValues<TrialState>().Where(s => new TrialRecord { Number = 0, State = s, Parameters = new Dictionary<string, object>() }.CountsTowardsBudget == counted).Select(s => $"'{Of(s)}'"));
}

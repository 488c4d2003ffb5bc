using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>How the database stores name a trial state (<c>waiting</c>, <c>running</c>, …): one spelling for every store.</summary>
internal static class StateNames
{
    public static string Of(TrialState state) => state.ToString().ToLowerInvariant();

    public static TrialState Parse(string name) => Enum.Parse<TrialState>(name, ignoreCase: true);
}

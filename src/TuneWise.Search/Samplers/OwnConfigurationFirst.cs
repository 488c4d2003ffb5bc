using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Proposes a given configuration first (the experiment's own, untuned one), then hands over to
/// another sampler, as Optuna's <c>enqueue_trial</c> does: the best of a study is then never worse
/// than what the user had before tuning. The configuration is proposed once per study: a history
/// that already holds it (a resumed study, another worker's trial) goes straight to the sampler.
/// </summary>
/// <param name="sampler">The sampler for every other trial.</param>
/// <param name="first">The configuration to try first.</param>
public sealed class OwnConfigurationFirst(ISampler sampler, IReadOnlyDictionary<string, object> first) : ISampler
{
    /// <summary>The sampler for every other trial.</summary>
    public ISampler Then => sampler;

    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
    {
        var key = SearchSpace.Key(first);
        // Proposed inside the claim, so two workers never both see a history without it.
        if (history.All(t => SearchSpace.Key(t.Parameters) != key)) return new Dictionary<string, object>(first);
        return sampler.Propose(space, history, trialNumber);
    }
}

using TuneWise.Core.Trials;

namespace TuneWise.Core.Tests.Trials;

public class TrialRecordTests
{
    [Fact]
    public void A_pruned_trial_informs_the_search_unless_it_was_unhealthy_or_has_no_value()
    {
        var p = new TrialRecord { Number = 0, State = TrialState.Pruned, Parameters = new Dictionary<string, object>(), Value = 0.2 };
        Assert.True(p.InformsSearch);
        Assert.False(p.IsUsableObservation);
        Assert.False((p with { Unhealthy = true }).InformsSearch);
        Assert.False((p with { Value = null }).InformsSearch);
        Assert.False((p with { Value = double.NaN }).InformsSearch);
    }
}

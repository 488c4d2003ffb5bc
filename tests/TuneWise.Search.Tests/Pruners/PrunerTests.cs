using TuneWise.Core.Trials;
using TuneWise.Core.Health;
using TuneWise.Search.Pruners;

namespace TuneWise.Search.Tests.Pruners;

public class PrunerTests
{
    private static TrialProgress Trial(int number, bool finished, params double[] values) => new()
    {
        Number = number,
        Complete = finished,
        Intermediate = values.Select((v, i) => (i, v)).ToDictionary(p => p.i, p => p.v),
    };

    private static HealthVerdict Verdict(string code, Severity severity, int streak) => new()
    {
        Code = code, Severity = severity, Step = 3, LastStep = 9, Streak = streak, Persists = streak > 0, Message = code,
    };

    // Five finished trials whose values at every step are 1, 2, 3, 4, 5.
    private static readonly List<TrialProgress> Finished = Enumerable.Range(1, 5).Select(k => Trial(k, true, k + 1.0, k + 0.5, k)).ToList();

    [Fact]
    public void The_median_pruner_stops_a_trial_worse_than_the_median_at_its_step()
    {
        var median = PercentilePruner.Median();
        var bad = Trial(10, false, 9, 8);
        var decision = median.Check(bad, Finished);
        Assert.NotNull(decision);
        Assert.Equal("median", decision.Pruner);
        Assert.Equal(1, decision.Step);
        Assert.Contains("best value 8 by epoch 2", decision.Reason);
        Assert.Null(median.Check(Trial(11, false, 2, 1.5), Finished));
    }

    [Fact]
    public void Pruning_reasons_speak_of_the_metric_as_the_user_reads_it_with_epochs_from_1()
    {
        // Scores of an accuracy study are negated accuracies; the reason gives the accuracies back.
        var objective = new Objective(Objective.ValidationAccuracy, Core.Experiments.ObjectiveDirection.Maximize);
        var study = new[] { -0.9, -0.88, -0.86 }.Select((score, i) => new TrialProgress
        {
            Number = i, Complete = true, Intermediate = new Dictionary<int, double> { [0] = score },
        }).ToList();
        var weak = new TrialProgress { Number = 9, Intermediate = new Dictionary<int, double> { [0] = -0.5 } };

        var asha = new SuccessiveHalvingPruner(minResource: 0, reductionFactor: 3, objective).Check(weak, study)!;
        Assert.Equal("validationAccuracy 0.5 after epoch 1 (rung 1) is not in the top 1 of 4 trials there (needed ≥ 0.9)", asha.Reason);

        var median = new PercentilePruner(50, startupTrials: 3, objective: objective).Check(weak, study)!;
        Assert.Equal("best validationAccuracy 0.5 by epoch 1 is worse than the median 0.88 of 3 complete trials at that epoch", median.Reason);
    }

    [Fact]
    public void The_median_pruner_compares_with_complete_trials_only_as_optunas_does()
    {
        // Ten trials pruned early with bad values would lift the median at step 1 from 3.5 to 9.
        var study = Finished.Concat(Enumerable.Range(20, 10).Select(k => Trial(k, false, 12, 11))).ToList();
        var decision = PercentilePruner.Median().Check(Trial(10, false, 9, 5), study);

        Assert.NotNull(decision);
        Assert.Contains("median 3.5 of 5 complete trials", decision.Reason);
    }

    [Fact]
    public void The_median_pruner_waits_for_its_startup_trials_and_warmup_steps()
    {
        var bad = Trial(10, false, 9, 8, 7);
        Assert.Null(PercentilePruner.Median(startupTrials: 6).Check(bad, Finished));
        Assert.Null(PercentilePruner.Median(warmupSteps: 3).Check(bad, Finished));
        Assert.NotNull(new PercentilePruner(90).Check(bad, Finished));
        Assert.Null(new PercentilePruner(90).Check(Trial(12, false, 5.5), Finished)); // 5.5 < 90th percentile 5.6
    }

    [Fact]
    public void Asha_keeps_the_top_third_at_each_rung()
    {
        var asha = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3);
        Assert.Equal([0, 1, -1, 2], new[] { 1, 3, 4, 9 }.Select(asha.RungAt));
        var others = new[] { 1.0, 2, 3, 4, 5 }.Select((v, i) => Trial(i, false, 9, v)).ToList();
        Assert.Null(asha.Check(Trial(10, false, 9, 1.5), others));    // second best of 6: top 2 go on
        var decision = asha.Check(Trial(11, false, 9, 3.5), others);  // fourth of 6
        Assert.NotNull(decision);
        Assert.Equal("asha", decision.Pruner);
        Assert.Null(asha.Check(Trial(12, false, 9, 9, 9), others));   // step 2 is not a rung
    }

    [Fact]
    public void Asha_does_not_judge_a_rung_with_fewer_trials_than_its_reduction_factor()
    {
        var asha = new SuccessiveHalvingPruner(1, 3);
        Assert.Null(asha.Check(Trial(1, false, 9, 100), [Trial(0, false, 9, 1)]));
    }

    [Fact]
    public void The_health_pruner_stops_at_once_for_fatal_and_after_persistence_for_warnings()
    {
        var pruner = new HealthPruner(persistence: 3);
        var fatal = Trial(1, false, 2, 2) with { Verdicts = [Verdict("non_finite", Severity.Fatal, 1)] };
        Assert.Equal("health", pruner.Check(fatal, [])!.Pruner);
        Assert.Contains("non_finite (fatal)", pruner.Check(fatal, [])!.Reason);

        var young = Trial(2, false, 2, 2) with { Verdicts = [Verdict("vanishing_gradient", Severity.Warning, 2)] };
        Assert.Null(pruner.Check(young, []));
        var persistent = young with { Verdicts = [Verdict("vanishing_gradient", Severity.Warning, 3)] };
        Assert.Contains("vanishing_gradient persisted for 3 probes", pruner.Check(persistent, [])!.Reason);
        var info = young with { Verdicts = [Verdict("regularization_negligible", Severity.Info, 10)] };
        Assert.Null(pruner.Check(info, []));
        Assert.Null(new HealthPruner(3, warmupSteps: 5).Check(persistent, []));
        Assert.Null(new HealthPruner(3, ignoredCodes: new HashSet<string> { "vanishing_gradient" }).Check(persistent, []));
    }

    [Fact]
    public void The_patient_pruner_spares_a_trial_that_is_still_improving()
    {
        var patient = new PatientPruner(PercentilePruner.Median(), patience: 2);
        var improving = Trial(10, false, 9, 8, 7);
        Assert.Null(patient.Check(improving, Finished));
        var stuck = Trial(11, false, 9, 9, 9);
        var decision = patient.Check(stuck, Finished);
        Assert.NotNull(decision);
        Assert.Contains("no improvement for 2 steps", decision.Reason);
    }

    [Fact]
    public void A_composite_pruner_reports_the_first_pruner_that_decides()
    {
        var composite = new CompositePruner(new HealthPruner(), PercentilePruner.Median());
        var both = Trial(10, false, 9, 8) with { Verdicts = [Verdict("exploding_gradient", Severity.Fatal, 1)] };
        Assert.Equal("health", composite.Check(both, Finished)!.Pruner);
        Assert.Equal("median", composite.Check(Trial(11, false, 9, 8), Finished)!.Pruner);
        Assert.Null(composite.Check(Trial(12, false, 1, 1), Finished));
    }
}

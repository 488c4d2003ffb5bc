using TuneWise.Models.Training;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Tests.Training;

public class LearningRateScheduleTests
{
    private static double At(ScheduleKind kind, int step, int total = 100, int perEpoch = 10) =>
        LearningRateSchedule.At(new TrainingSection { LearningRate = 0.1, Schedule = kind, StepEpochs = 3, StepGamma = 0.5 }, step, perEpoch, total);

    [Fact]
    public void Constant_never_changes() => Assert.All(new[] { 0, 50, 99 }, s => Assert.Equal(0.1, At(ScheduleKind.Constant, s)));

    [Fact]
    public void Step_decays_every_step_epochs()
    {
        Assert.Equal(0.1, At(ScheduleKind.Step, 29), 12);
        Assert.Equal(0.05, At(ScheduleKind.Step, 30), 12);
        Assert.Equal(0.025, At(ScheduleKind.Step, 60), 12);
    }

    [Fact]
    public void Cosine_starts_at_the_peak_and_ends_at_zero()
    {
        Assert.Equal(0.1, At(ScheduleKind.Cosine, 0), 12);
        Assert.Equal(0.05, At(ScheduleKind.Cosine, 50, total: 101), 12);
        Assert.Equal(0, At(ScheduleKind.Cosine, 99), 12);
    }

    [Fact]
    public void Onecycle_warms_up_to_the_peak_then_anneals_far_below_the_start()
    {
        double first = At(ScheduleKind.OneCycle, 0, total: 1001), peak = Enumerable.Range(0, 1001).Max(s => At(ScheduleKind.OneCycle, s, total: 1001));
        Assert.Equal(0.1 / 25, first, 12);
        Assert.Equal(0.1, peak, 12);
        Assert.Equal(0.1, At(ScheduleKind.OneCycle, 300, total: 1001), 12);
        Assert.True(At(ScheduleKind.OneCycle, 1000, total: 1001) < first / 1000);
    }
}

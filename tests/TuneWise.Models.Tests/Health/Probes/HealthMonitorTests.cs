using TuneWise.Models.Health;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Tests.Health.Probes;

public class HealthMonitorTests
{
    private static HealthMonitor Train(TrainingSection training, int cadence = 10, ModelSection? model = null)
    {
        var monitor = new HealthMonitor(new HealthOptions { Cadence = cadence });
        var experiment = new Experiment { Seed = 4, Model = model ?? new ModelSection { Hidden = [32, 16] }, Training = training };
        new Trainer(experiment).Train(TestData.Small(600), [monitor]);
        return monitor;
    }

    [Fact]
    public void A_probe_is_taken_every_cadence_steps_and_every_step_is_recorded()
    {
        var monitor = Train(new TrainingSection { Epochs = 2, BatchSize = 30 }, cadence: 7);
        Assert.Equal(40, monitor.Steps.Count);
        Assert.Equal(Enumerable.Range(0, 40).Where(s => s % 7 == 0), monitor.Samples.Select(s => s.Step));
        Assert.Equal(["fc1", "fc2", "out"], monitor.LayerNames);
    }

    [Fact]
    public void Layer_statistics_are_consistent_with_each_other()
    {
        var monitor = Train(new TrainingSection { Epochs = 2, BatchSize = 30 });
        var first = monitor.Samples[0];
        var last = monitor.Samples[^1];
        foreach (var layer in last.Layers)
        {
            Assert.InRange(layer.ZeroGradientFraction, 0, 1);
            Assert.True(layer.UpdateRatio is > 1e-5 and < 0.1, $"{layer.Layer} update ratio {layer.UpdateRatio}");
            Assert.True(layer.WeightNorm > 0 && layer.WeightStd > 0);
            Assert.Equal(layer.GradientNorm, layer.ClippedGradientNorm);
            var w = layer.WeightPercentiles!;
            Assert.True(w.P0 <= w.P5 && w.P5 <= w.P25 && w.P25 <= w.P50 && w.P50 <= w.P75 && w.P75 <= w.P95 && w.P95 <= w.P100);
            Assert.NotNull(layer.GradientPercentiles);
        }
        // Weights move away from their initial values as training goes on.
        Assert.True(last.Layers[0].DistanceFromInit > first.Layers[0].DistanceFromInit);
        double globalFromLayers = Math.Sqrt(last.Layers.Sum(l => l.GradientNorm * l.GradientNorm));
        Assert.True(last.GradientNorm >= globalFromLayers * 0.999, "the global norm also covers biases");
        Assert.Equal(last.Layers[0].GradientNorm / last.Layers[^1].GradientNorm, last.FirstToLastGradientRatio, 6);
    }

    [Fact]
    public void Clipping_statistics_follow_the_clipping_mode()
    {
        var byValue = Train(new TrainingSection { Epochs = 1, BatchSize = 30, Clip = new ClipSection { Mode = ClipMode.Value, Threshold = 1e-3 } });
        Assert.All(byValue.Samples[^1].Layers, l => Assert.InRange(l.ValueClippedFraction!.Value, 0.01, 1));
        Assert.All(byValue.Samples[^1].Layers, l => Assert.True(l.ClippedGradientNorm < l.GradientNorm));

        var byNorm = Train(new TrainingSection { Epochs = 1, BatchSize = 30, Clip = new ClipSection { Mode = ClipMode.Norm, Threshold = 0.01 } });
        Assert.Equal(1.0, byNorm.Samples[^1].ClippedStepFraction);
        Assert.All(byNorm.Samples[^1].Layers, l => Assert.Null(l.ValueClippedFraction));
    }

    [Fact]
    public void Activation_probes_report_relu_zeros_and_tanh_saturation()
    {
        var relu = Train(new TrainingSection { Epochs = 1, BatchSize = 30 });
        Assert.All(relu.Samples[^1].Activations, a =>
        {
            Assert.Equal("relu", a.Kind);
            Assert.InRange(a.DeadFraction!.Value, 0.2, 0.8);
            Assert.InRange(a.DeadUnitFraction!.Value, 0, a.DeadFraction!.Value);
        });
        var tanh = Train(new TrainingSection { Epochs = 1, BatchSize = 30 }, model: new ModelSection { Hidden = [32], Activation = ActivationKind.Tanh, Init = InitKind.Normal, InitStd = 1 });
        var act = Assert.Single(tanh.Samples[^1].Activations);
        Assert.Equal("tanh", act.Kind);
        Assert.True(act.SaturatedFraction > 0.5);
        Assert.Null(act.DeadFraction);
    }

    [Fact]
    public void Regularization_loss_is_recorded_separately_every_step()
    {
        var monitor = Train(new TrainingSection { Epochs = 1, BatchSize = 30, L2 = 1e-3 });
        Assert.All(monitor.Steps, s => Assert.True(s.RegularizationLoss > 0 && s.DataLoss > 0));
        Assert.All(monitor.Samples, s => Assert.True(s.RegularizationLoss > 0));
    }

    private sealed class PoisonGradient(int atStep) : ITrainingObserver
    {
        public void OnGradients(StepContext step)
        {
            if (step.Step != atStep) return;
            using var noGrad = TorchSharp.torch.no_grad();
            var grad = step.Parameters.First(p => p.Name == "fc2.weight").Parameter.grad!;
            grad[0, 0] = TorchSharp.torch.tensor(float.NaN);
        }
    }

    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 6)]
    public void A_nan_gradient_is_caught_at_its_step_with_the_every_step_check_and_one_step_later_without(bool everyStep, int caughtAt)
    {
        using var monitor = new HealthMonitor(new HealthOptions { Cadence = 100, CheckGradientsEveryStep = everyStep });
        var experiment = new Experiment { Seed = 4, Model = new ModelSection { Hidden = [32, 16] }, Training = new TrainingSection { Epochs = 1, BatchSize = 30 } };
        var result = new Trainer(experiment).Train(TestData.Small(600), [new PoisonGradient(5), monitor]);
        var verdict = Assert.Single(monitor.Verdicts, v => v.Code == VerdictCodes.NonFinite);
        Assert.Equal(Severity.Fatal, verdict.Severity);
        Assert.Equal(caughtAt, verdict.Step);
        Assert.Equal(caughtAt + 1, result.Steps);
        Assert.Equal(StopReason.StoppedByObserver, result.StopReason);
        if (everyStep) Assert.Contains("gradients of fc2", verdict.Message);
        else Assert.Contains("the loss", verdict.Message);
    }
}

using TorchSharp;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Training;

public class TrainerTests
{
    private static TrainingResult Train(TrainingSection training, ModelSection? model = null, TrainingData? data = null,
        params ITrainingObserver[] observers) =>
        new Trainer(TestData.Experiment(training, model)).Train(data ?? TestData.Small(), observers);

    [Fact]
    public void An_mlp_learns_fashion_mnist_from_a_small_slice()
    {
        var result = Train(new TrainingSection { Epochs = 3, BatchSize = 32 });
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(3, result.Epochs.Count);
        Assert.True(result.FinalValidationAccuracy > 0.7, $"validation accuracy {result.FinalValidationAccuracy}");
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
        Assert.Equal(3 * 32, result.Steps); // 1,000 samples in batches of 32
    }

    [Fact]
    public void The_same_experiment_twice_gives_the_same_loss_sequence()
    {
        var training = new TrainingSection { Epochs = 2, BatchSize = 64 };
        var model = new ModelSection { Hidden = [32], Dropout = 0.2 };
        var a = Train(training, model);
        var b = Train(training, model);
        Assert.Equal(a.StepLosses, b.StepLosses);
        var c = new Trainer(TestData.Experiment(training, model) with { Seed = 8 }).Train(TestData.Small());
        Assert.NotEqual(a.StepLosses, c.StepLosses);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.1)]
    [InlineData(OptimizerKind.Momentum, 0.02)]
    [InlineData(OptimizerKind.Nesterov, 0.02)]
    [InlineData(OptimizerKind.Adam, 0.002)]
    [InlineData(OptimizerKind.AdamW, 0.002)]
    [InlineData(OptimizerKind.RmsProp, 0.001)]
    [InlineData(OptimizerKind.Adadelta, 1.0)]
    [InlineData(OptimizerKind.Adagrad, 0.02)]
    public void Every_optimizer_reduces_the_loss(OptimizerKind optimizer, double lr)
    {
        var result = Train(new TrainingSection { Epochs = 2, BatchSize = 50, Optimizer = optimizer, LearningRate = lr },
            data: TestData.Small(trainLimit: 500));
        double first = result.StepLosses.Take(3).Average(), last = result.StepLosses.TakeLast(3).Average();
        Assert.True(last < 0.7 * first, $"{optimizer}: loss {first:F3} -> {last:F3}");
    }

    [Fact]
    public void The_l2_penalty_is_reported_as_its_own_loss_term_and_grows_with_lambda()
    {
        var none = Train(new TrainingSection { Epochs = 1 });
        var small = Train(new TrainingSection { Epochs = 1, L2 = 1e-4 });
        var large = Train(new TrainingSection { Epochs = 1, L2 = 1e-2 });
        Assert.Equal(0, none.Epochs[0].TrainRegularizationLoss);
        Assert.True(small.Epochs[0].TrainRegularizationLoss > 0);
        Assert.True(large.Epochs[0].TrainRegularizationLoss > 10 * small.Epochs[0].TrainRegularizationLoss);
    }

    [Fact]
    public void Decoupled_weight_decay_shrinks_the_weights()
    {
        double WeightNorm(TrainingSection t)
        {
            var trainer = new Trainer(TestData.Experiment(t));
            trainer.Train(TestData.Small(trainLimit: 300));
            return trainer.Model!.parameters().Sum(p => p.norm().item<float>());
        }
        var plain = WeightNorm(new TrainingSection { Epochs = 2, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05 });
        var decayed = WeightNorm(new TrainingSection { Epochs = 2, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, WeightDecay = 1.0 });
        var adamw = WeightNorm(new TrainingSection { Epochs = 2, Optimizer = OptimizerKind.AdamW, LearningRate = 0.01, WeightDecay = 5.0 });
        var adam = WeightNorm(new TrainingSection { Epochs = 2, Optimizer = OptimizerKind.Adam, LearningRate = 0.01 });
        Assert.True(decayed < 0.9 * plain, $"{decayed} vs {plain}");
        Assert.True(adamw < 0.9 * adam, $"{adamw} vs {adam}");
    }

    private sealed class GradientRecorder : ITrainingObserver
    {
        public List<double> BeforeClip { get; } = [];
        public List<double> AfterClip { get; } = [];
        public List<double> MaxAbsAfterClip { get; } = [];
        public List<double?> ReportedPreClip { get; } = [];

        private static double Norm(StepContext s) =>
            Math.Sqrt(s.Parameters.Sum(p => Math.Pow(p.Parameter.grad!.norm().item<float>(), 2)));

        public void OnGradients(StepContext step) => BeforeClip.Add(Norm(step));

        public void OnClipped(StepContext step)
        {
            AfterClip.Add(Norm(step));
            MaxAbsAfterClip.Add(step.Parameters.Max(p => p.Parameter.grad!.abs().max().item<float>()));
            ReportedPreClip.Add(step.PreClipGradientNorm);
        }
    }

    [Fact]
    public void Norm_clipping_caps_the_global_norm_and_reports_the_norm_before()
    {
        var recorder = new GradientRecorder();
        var result = Train(new TrainingSection { Epochs = 1, Clip = new ClipSection { Mode = ClipMode.Norm, Threshold = 0.05 } }, observers: recorder);
        Assert.All(recorder.AfterClip, n => Assert.True(n <= 0.0501, $"norm {n}"));
        for (int i = 0; i < recorder.BeforeClip.Count; i++)
            Assert.Equal(recorder.BeforeClip[i], recorder.ReportedPreClip[i]!.Value, 3);
        Assert.Equal(1.0, result.Epochs[0].ClipActiveFraction);
        Assert.Equal(recorder.BeforeClip.Max(), result.Epochs[0].MaxPreClipGradientNorm!.Value, 3);
    }

    [Fact]
    public void Value_clipping_caps_every_element()
    {
        var recorder = new GradientRecorder();
        var result = Train(new TrainingSection { Epochs = 1, Clip = new ClipSection { Mode = ClipMode.Value, Threshold = 1e-3 } }, observers: recorder);
        Assert.All(recorder.MaxAbsAfterClip, m => Assert.True(m <= 1e-3 + 1e-9));
        Assert.Equal(1.0, result.Epochs[0].ClipActiveFraction);
    }

    [Fact]
    public void A_generous_threshold_never_clips()
    {
        var result = Train(new TrainingSection { Epochs = 1, Clip = new ClipSection { Mode = ClipMode.Norm, Threshold = 1e6 } });
        Assert.Equal(0, result.Epochs[0].ClipActiveFraction);
    }

    private sealed class StopAfter(int steps, CancellationTokenSource? cancel = null) : ITrainingObserver
    {
        public void OnStepCompleted(StepContext step)
        {
            if (step.Step + 1 < steps) return;
            if (cancel is null) step.RequestStop("enough");
            else cancel.Cancel();
        }
    }

    [Fact]
    public void Training_can_be_cancelled_between_steps()
    {
        using var cancel = new CancellationTokenSource();
        var result = new Trainer(TestData.Experiment()).Train(TestData.Small(), [new StopAfter(5, cancel)], cancel.Token);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(5, result.Steps);
    }

    [Fact]
    public void An_observer_can_stop_training_with_a_reason()
    {
        var result = Train(new TrainingSection { Epochs = 3 }, observers: new StopAfter(7));
        Assert.Equal(StopReason.StoppedByObserver, result.StopReason);
        Assert.Equal("enough", result.StopMessage);
        Assert.Equal(7, result.Steps);
    }

    private sealed class LiveTensorCounter : ITrainingObserver
    {
        public Dictionary<int, long> LiveAt { get; } = [];
        public void OnStepCompleted(StepContext step) =>
            LiveAt[step.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void The_live_tensor_count_stays_flat_over_thousands_of_steps()
    {
        var counter = new LiveTensorCounter();
        var data = TestData.Small(trainLimit: 400);
        Train(new TrainingSection { Epochs = 200, BatchSize = 32, L2 = 1e-4, Clip = new ClipSection { Mode = ClipMode.Value, Threshold = 1 }, Schedule = ScheduleKind.Cosine },
            new ModelSection { Hidden = [16] }, data, counter);
        Assert.True(counter.LiveAt.Count >= 2500);
        long early = counter.LiveAt[100], late = counter.LiveAt[counter.LiveAt.Count - 1];
        Assert.True(late <= early, $"live tensors grew from {early} at step 100 to {late}");
    }

    [Fact]
    public void The_step_context_carries_loss_terms_and_learning_rate()
    {
        var seen = new List<(float Data, float L2, double Lr)>();
        var probe = new LambdaObserver(s => seen.Add((s.DataLoss, s.RegularizationLoss, s.LearningRate)));
        var result = Train(new TrainingSection { Epochs = 1, L2 = 1e-3, Schedule = ScheduleKind.Cosine, LearningRate = 0.01 }, observers: probe);
        Assert.Equal(result.StepLosses, seen.Select(s => s.Data));
        Assert.All(seen, s => Assert.True(s.L2 > 0));
        Assert.Equal(0.01, seen[0].Lr, 12);
        Assert.True(seen[^1].Lr < 1e-4);
    }

    private sealed class LambdaObserver(Action<StepContext> onStep) : ITrainingObserver
    {
        public void OnStepCompleted(StepContext step) => onStep(step);
    }

    [Fact]
    public void A_user_supplied_network_is_trained()
    {
        var experiment = TestData.Experiment(new TrainingSection { Epochs = 2 });
        var trainer = new Trainer(experiment, (shape, outputs) => nn.Sequential(
            ("flatten", nn.Flatten()), ("linear", nn.Linear(shape.Aggregate(1, (a, b) => a * b), outputs))));
        var result = trainer.Train(TestData.Small());
        Assert.Equal(784 * 10 + 10, result.ParameterCount);
        Assert.True(result.FinalValidationAccuracy > 0.6);
    }

    [Fact]
    public void A_regression_on_csv_data_fits_a_linear_target()
    {
        var rng = new Random(1);
        var rows = Enumerable.Range(0, 400).Select(_ => (a: rng.NextDouble() * 4 - 2, b: rng.NextDouble() * 4 - 2))
            .Select(r => FormattableString.Invariant($"{r.a},{r.b},{2 * r.a - r.b + 0.5}"));
        var path = TestData.TempFile("reg.csv", "a,b,y\n" + string.Join("\n", rows));
        var experiment = TestData.Experiment(new TrainingSection { Epochs = 30, BatchSize = 16, LearningRate = 0.01 }, new ModelSection { Hidden = [] }) with
        {
            Data = new DataSection { Kind = DataSourceKind.Csv, Path = path, LabelColumn = "y", Task = TaskKind.Regression, ValidationFraction = 0.2 },
        };
        var result = new Trainer(experiment).Train(ExperimentData.Load(experiment));
        Assert.Null(result.FinalValidationAccuracy);
        Assert.True(result.FinalValidationLoss < 0.01, $"validation MSE {result.FinalValidationLoss}");
    }

    [Fact]
    public void Switching_shuffling_off_gives_the_same_order_every_epoch()
    {
        var batches = new List<float>();
        var probe = new LambdaObserver(s => { if (s.Step % 25 == 0) batches.Add(s.Targets[0].item<long>()); });
        var experiment = TestData.Experiment(new TrainingSection { Epochs = 3, BatchSize = 40 }, shuffle: false);
        new Trainer(experiment).Train(TestData.Small(shuffle: false), [probe]);
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(batches[0], b));
    }
}

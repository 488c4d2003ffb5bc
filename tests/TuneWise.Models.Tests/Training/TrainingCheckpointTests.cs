using TuneWise.Core.Experiments;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Training;

public class TrainingCheckpointTests
{
    // Dropout, a schedule, Adam's moments, shuffling and augmentation: every piece of state a resumed run must restore.
    private static Experiment Experiment()
    {
        var experiment = TestData.Experiment(
            new TrainingSection { Epochs = 5, BatchSize = 32, Optimizer = OptimizerKind.Adam, Schedule = ScheduleKind.Cosine, LearningRate = 3e-3, L2 = 1e-4 },
            new ModelSection { Hidden = [32], Dropout = 0.2 });
        return experiment with { Data = experiment.Data with { Augment = new AugmentSection { CropPadding = 2, Flip = true, Erasing = 0.3 } } };
    }

    private static float[] Weights(nn.Module<Tensor, Tensor> model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    /// <summary>Cancels the run once <paramref name="epochs"/> epochs have ended, as a Ctrl+C in the next epoch would.</summary>
    private sealed class StopAfter(int epochs, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnEpochCompleted(EpochMetrics epoch) { if (epoch.Number == epochs) cancel.Cancel(); }
    }

    [Fact]
    public void A_run_interrupted_after_two_epochs_resumes_to_the_same_weights_and_metrics_as_an_uninterrupted_one()
    {
        var data = TestData.Small(trainLimit: 600);
        var whole = new Trainer(Experiment());
        var expected = whole.Train(data);

        var folder = Directory.CreateTempSubdirectory("tunewise-checkpoint").FullName;
        try
        {
            var checkpoint = new TrainingCheckpoint(folder);
            using var cancel = new CancellationTokenSource();
            var first = new Trainer(Experiment()).Train(data, [new StopAfter(2, cancel)], cancel.Token, checkpoint);
            Assert.Equal(StopReason.Cancelled, first.StopReason);
            Assert.Equal(2, checkpoint.SavedEpochs);

            var resumedTrainer = new Trainer(Experiment());
            var resumed = resumedTrainer.Train(data, checkpoint: checkpoint);

            Assert.Equal(StopReason.Completed, resumed.StopReason);
            Assert.Equal(5, checkpoint.SavedEpochs);
            Assert.Equal(expected.Steps, resumed.Steps);
            Assert.Equal(expected.StepLosses, resumed.StepLosses);
            Assert.Equal(expected.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate)),
                resumed.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate)));
            Assert.Equal(Weights(whole.Model!), Weights(resumedTrainer.Model!));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>Cancels the run once <paramref name="steps"/> training steps are done, as a Ctrl+C mid-epoch would.</summary>
    private sealed class StopAfterSteps(int steps, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnStepCompleted(StepContext step) { if (step.Step + 1 == steps) cancel.Cancel(); }
    }

    private sealed class ResumeRecorder : ITrainingObserver
    {
        public List<(int Restored, double? Lost)> Calls { get; } = [];
        public void OnResumed(int epochsRestored, double? epochsLost) => Calls.Add((epochsRestored, epochsLost));
    }

    [Fact]
    public void A_run_cancelled_inside_an_epoch_tells_the_resumed_run_how_much_of_that_epoch_was_lost()
    {
        var data = TestData.Small(trainLimit: 600);
        int stepsPerEpoch = (600 + 31) / 32;
        var folder = Directory.CreateTempSubdirectory("tunewise-checkpoint").FullName;
        try
        {
            var checkpoint = new TrainingCheckpoint(folder);
            using var cancel = new CancellationTokenSource();
            // Two whole epochs and ten steps of the third.
            new Trainer(Experiment()).Train(data, [new StopAfterSteps(2 * stepsPerEpoch + 10, cancel)], cancel.Token, checkpoint);
            Assert.Equal(2, checkpoint.SavedEpochs);

            var recorder = new ResumeRecorder();
            new Trainer(Experiment()).Train(data, [recorder], checkpoint: checkpoint);
            var (restored, lost) = Assert.Single(recorder.Calls);
            Assert.Equal(2, restored);
            Assert.NotNull(lost);
            Assert.Equal(10.0 / stepsPerEpoch, lost.Value, 1e-9);

            // A run that was never interrupted reports no resume.
            var fresh = new ResumeRecorder();
            new Trainer(Experiment()).Train(data, [fresh], checkpoint: new TrainingCheckpoint(Path.Combine(folder, "other")));
            Assert.Empty(fresh.Calls);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Only_the_last_complete_epoch_is_kept_and_a_half_written_one_is_ignored()
    {
        var folder = Directory.CreateTempSubdirectory("tunewise-checkpoint").FullName;
        try
        {
            var checkpoint = new TrainingCheckpoint(folder);
            new Trainer(TestData.Experiment(new TrainingSection { Epochs = 3, BatchSize = 64 })).Train(TestData.Small(trainLimit: 300), checkpoint: checkpoint);
            Assert.Equal(["epoch-00003"], Directory.GetDirectories(folder).Select(Path.GetFileName));
            // A run killed while writing epoch 4 leaves a folder without its completion marker.
            Directory.CreateDirectory(Path.Combine(folder, "epoch-00004"));
            Assert.Equal(3, checkpoint.SavedEpochs);
            checkpoint.Delete();
            Assert.False(Directory.Exists(folder));
            Assert.Equal(0, checkpoint.SavedEpochs);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}

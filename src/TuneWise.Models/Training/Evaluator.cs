using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>Computes loss and accuracy of a model on a whole split, in eval mode, without gradients.</summary>
internal static class Evaluator
{
    /// <summary>Evaluation batch of a dense network: large batches keep the matrix products efficient.</summary>
    public const int DenseBatchSize = 1024;

    /// <summary>
    /// Evaluation batch of a convolutional network. Measured on 2 cores (small ResNet, 1,000 Fashion-MNIST
    /// images): 1,540 samples/s at batch 1,024 against 7,700 at 128, because a large batch's feature maps
    /// no longer fit in the caches; training ran at 790 samples/s, so evaluation at 1,024 was barely faster.
    /// </summary>
    public const int ConvolutionalBatchSize = 128;

    /// <summary>The evaluation batch for <paramref name="model"/>: <see cref="ConvolutionalBatchSize"/> when it has a convolution, else <see cref="DenseBatchSize"/>.</summary>
    public static int BatchSizeFor(nn.Module model) =>
        model.modules().Any(m => m is TorchSharp.Modules.Conv2d) ? ConvolutionalBatchSize : DenseBatchSize;

    /// <summary>Mean loss and (for classification) accuracy.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputs">All inputs of the split.</param>
    /// <param name="targets">All targets of the split.</param>
    /// <param name="task">Classification or regression.</param>
    /// <param name="batchSize">Samples per forward pass; null picks <see cref="BatchSizeFor"/>.</param>
    public static (double Loss, double? Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, TaskKind task, int? batchSize = null)
    {
        var evaluation = EvaluateAll(model, inputs, targets, task, batchSize, keepPredictions: false);
        return (evaluation.Loss, evaluation.Accuracy);
    }

    /// <summary>
    /// Mean loss, accuracy and the metrics ML.NET's evaluators report (<see cref="SplitMetrics"/>),
    /// from one pass over the split. The metrics are in standardised target units for a regression;
    /// the caller rescales them.
    /// </summary>
    public static SplitMetrics EvaluateAll(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, TaskKind task, int? batchSize = null) =>
        EvaluateAll(model, inputs, targets, task, batchSize, keepPredictions: true);

    private static SplitMetrics EvaluateAll(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, TaskKind task, int? batchSize, bool keepPredictions)
    {
        int batch = batchSize ?? BatchSizeFor(model);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            long n = inputs.shape[0];
            var device = Runtime.TrainingDevice.Of(model);
            double lossSum = 0;
            long correct = 0;
            var predictions = new List<float[]>();
            for (long start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                long len = Math.Min(batch, n - start);
                var x = inputs.narrow(0, start, len).to(device);
                var y = targets.narrow(0, start, len).to(device);
                var output = model.call(x);
                lossSum += Loss(output, y, task, reduction: nn.Reduction.Sum).item<float>();
                if (task == TaskKind.Classification)
                    correct += output.argmax(1).eq(y).sum().item<long>();
                if (keepPredictions)
                    predictions.Add((task == TaskKind.Classification ? nn.functional.softmax(output, 1) : output.squeeze(-1)).cpu().contiguous().data<float>().ToArray());
            }
            double loss = lossSum / n;
            double? accuracy = task == TaskKind.Classification ? (double)correct / n : null;
            if (!keepPredictions) return new SplitMetrics(loss, accuracy);
            var outputs = predictions.SelectMany(p => p).ToArray();
            using var truthAsFloat = targets.to_type(ScalarType.Float32);
            var truth = truthAsFloat.data<float>().ToArray();
            return task == TaskKind.Classification
                ? SplitMetrics.Classification(loss, accuracy!.Value, outputs, truth)
                : SplitMetrics.Regression(loss, outputs, truth);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The data loss: softmax cross-entropy for classification, mean squared error for regression.</summary>
    public static Tensor Loss(Tensor output, Tensor targets, TaskKind task, nn.Reduction reduction = nn.Reduction.Mean) =>
        task == TaskKind.Classification
            ? nn.functional.cross_entropy(output, targets, reduction: reduction)
            : nn.functional.mse_loss(output.squeeze(-1), targets, reduction);
}

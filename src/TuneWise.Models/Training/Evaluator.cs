using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>Computes loss and accuracy of a model on a whole split, in eval mode, without gradients.</summary>
public static class Evaluator
{
    /// <summary>Mean loss and (for classification) accuracy.</summary>
    public static (double Loss, double? Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, TaskKind task, int batchSize = 1024)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            long n = inputs.shape[0];
            double lossSum = 0;
            long correct = 0;
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var x = inputs.narrow(0, start, len);
                var y = targets.narrow(0, start, len);
                var output = model.call(x);
                lossSum += Loss(output, y, task, reduction: nn.Reduction.Sum).item<float>();
                if (task == TaskKind.Classification)
                    correct += output.argmax(1).eq(y).sum().item<long>();
            }
            return (lossSum / n, task == TaskKind.Classification ? (double)correct / n : null);
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

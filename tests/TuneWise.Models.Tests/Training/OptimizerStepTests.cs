using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.RangeTest;
using TuneWise.Models.Tests.RangeTest;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Training;

public class OptimizerStepTests
{
    private static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) Linear()
    {
        TuneWise.Models.Runtime.TorchRuntime.EnsureLoaded();
        manual_seed(3);
        var model = nn.Linear(4, 1);
        var x = randn(16, 4);
        var y = x.sum(1, keepdim: true);
        return (model, x, y);
    }

    [Fact]
    public void An_update_with_decoupled_weight_decay_is_w_times_one_minus_lr_lambda_minus_lr_times_the_gradient()
    {
        var (model, x, y) = Linear();
        var training = new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, WeightDecay = 0.5 };
        var parameters = model.parameters().ToList();
        using var optimizer = OptimizerFactory.Create(parameters, training);
        var step = new OptimizerStep(model, optimizer, parameters, training, TaskKind.Regression);
        var before = parameters[0].detach().clone();

        step.Backward(x, y);
        var gradient = parameters[0].grad!.detach().clone();
        step.Update(0.1);

        var expected = before * (1 - 0.1 * 0.5) - 0.1 * gradient;
        Assert.True(allclose(parameters[0].detach(), expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_range_test_sweeps_with_the_trainers_decoupled_weight_decay()
    {
        // The same sweep with and without a strong decoupled decay: the decay shrinks the weights at
        // every step, so the losses part ways. Before the loops shared their step, the sweep left it out.
        var problem = new LeastSquaresProblem();
        Experiment Sgd(double decay) => new()
        {
            Seed = 5,
            Data = new DataSection { Task = TaskKind.Regression },
            Model = new ModelSection { Hidden = [] },
            Training = new TrainingSection { Optimizer = OptimizerKind.Sgd, BatchSize = 32, WeightDecay = decay },
        };
        var options = new LrRangeTestOptions { Start = 1e-3, End = 1, Steps = 40 };

        var without = new LearningRateRangeTest(options).Run(Sgd(0), problem.Data);
        var with = new LearningRateRangeTest(options).Run(Sgd(0.5), problem.Data);

        Assert.Equal(without.Points[0].Loss, with.Points[0].Loss, 6);
        Assert.NotEqual(without.Points[20].Loss, with.Points[20].Loss, 3);
    }
}

using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.Runtime;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Training.Optimizers;

public class ScalarSafeOptimizerTests
{
    public static TheoryData<string> Kinds => ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "rmsprop-centered-momentum", "adadelta", "adagrad"];

    private static nn.Module<Tensor, Tensor> Model()
    {
        manual_seed(11);
        return nn.Sequential(nn.Linear(6, 12), nn.Tanh(), nn.Linear(12, 3));
    }

    private static optim.Optimizer TorchSharpOwn(IEnumerable<TorchSharp.Modules.Parameter> p, TrainingSection t) => t.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(p, t.LearningRate),
        OptimizerKind.Momentum => optim.SGD(p, t.LearningRate, momentum: 0.9),
        OptimizerKind.Nesterov => optim.SGD(p, t.LearningRate, momentum: 0.9, nesterov: true),
        OptimizerKind.Adam => optim.Adam(p, t.LearningRate, t.Betas[0], t.Betas[1], eps: 1e-8),
        OptimizerKind.Adadelta => optim.Adadelta(p, t.LearningRate, eps: 1e-6),
        OptimizerKind.Adagrad => optim.Adagrad(p, t.LearningRate, eps: 1e-10),
        OptimizerKind.RmsProp => optim.RMSProp(p, t.LearningRate, alpha: t.RmspropAlpha, eps: 1e-8, momentum: t.Momentum ?? 0, centered: t.Centered),
        _ => optim.AdamW(p, t.LearningRate, t.Betas[0], t.Betas[1], eps: 1e-8, weight_decay: t.WeightDecay),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_update_is_TorchSharps_own(string kind)
    {
        TorchRuntime.EnsureLoaded();
        var t = new TrainingSection
        {
            Optimizer = System.Text.Json.JsonSerializer.Deserialize<OptimizerKind>($"\"{kind.Split('-')[0]}\"", ExperimentLoader.JsonOptions),
            LearningRate = kind.StartsWith("adam") || kind.StartsWith("rmsprop") ? 0.01 : kind == "adadelta" ? 1.0 : 0.1,
            WeightDecay = kind == "adamw" ? 0.05 : 0,
            Centered = kind.Contains("centered"),
            Momentum = kind.Contains("momentum") && kind.StartsWith("rmsprop") ? 0.5 : null,
        };
        using var ours = Model();
        using var theirs = Model();
        using var safe = OptimizerFactory.Create(ours.parameters(), t);
        using var own = TorchSharpOwn(theirs.parameters(), t);
        manual_seed(3);
        var x = randn(40, 6);
        var y = randint(0, 3, [40]);
        for (int step = 0; step < 30; step++)
        {
            foreach (var (model, optimizer) in new[] { (ours, safe), (theirs, own) })
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                optimizer.step();
            }
        }
        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            double gap = (a - b).abs().max().item<float>();
            Assert.True(gap <= 1e-6, $"{kind}: {name} differs by {gap}");
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Adam_steps_survive_a_garbage_collector_that_never_rests()
    {
        // TorchSharp's own Adam failed 13 of 20,000 such steps ("Unknown scalar type"): the Scalars it
        // makes on the fly were finalized while libtorch still read them.
        TorchRuntime.EnsureLoaded();
        using var model = Model();
        using var optimizer = OptimizerFactory.Create(model.parameters(), new TrainingSection { WeightDecay = 0.01, Optimizer = OptimizerKind.AdamW });
        var x = randn(16, 6);
        var y = randint(0, 3, [16]);
        bool done = false;
        var collector = new Thread(() => { while (!Volatile.Read(ref done)) { GC.Collect(); GC.WaitForPendingFinalizers(); } });
        collector.Start();
        try
        {
            for (int step = 0; step < 5000; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                optimizer.step();
            }
        }
        finally
        {
            Volatile.Write(ref done, true);
            collector.Join();
        }
        Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
    }
}

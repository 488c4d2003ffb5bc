using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Models.Runtime;
using TuneWise.Models.Zoo;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Zoo;

public class ModelBuilderTests
{
    public ModelBuilderTests() => TorchRuntime.EnsureLoaded();

    private static long[] OutputShape(ModelSection spec, int[] sampleShape, int outputs = 10)
    {
        using var scope = NewDisposeScope();
        var model = ModelBuilder.Create(spec, sampleShape, outputs);
        model.eval();
        return model.call(randn([4, .. sampleShape.Select(d => (long)d)])).shape;
    }

    [Fact]
    public void Every_family_maps_a_batch_of_images_to_one_score_per_class()
    {
        Assert.Equal([4, 10], OutputShape(new ModelSection { Kind = ModelKind.Mlp }, [1, 28, 28]));
        Assert.Equal([4, 10], OutputShape(new ModelSection { Kind = ModelKind.Cnn, Channels = [8, 16], Hidden = [32], BatchNorm = true }, [1, 28, 28]));
        Assert.Equal([4, 10], OutputShape(new ModelSection { Kind = ModelKind.ResNet, Channels = [8, 16], Blocks = 1 }, [1, 28, 28]));
    }

    [Fact]
    public void An_empty_hidden_list_is_a_linear_model()
    {
        var model = ModelBuilder.Create(new ModelSection { Hidden = [] }, [5], 3);
        var shapes = model.parameters().Select(p => p.shape).ToList();
        Assert.Equal(2, shapes.Count);
        Assert.Equal([3L, 5L], shapes[0]);
    }

    [Fact]
    public void Mlp_layers_carry_batch_norm_dropout_and_the_chosen_activation()
    {
        var model = ModelBuilder.Create(new ModelSection { Hidden = [16, 8], BatchNorm = true, Dropout = 0.3, Activation = ActivationKind.Tanh }, [4], 2);
        var modules = model.named_children().ToDictionary(c => c.name, c => c.module);
        Assert.IsType<BatchNorm1d>(modules["bn1"]);
        Assert.IsType<Dropout>(modules["drop2"]);
        Assert.IsType<Tanh>(modules["act1"]);
    }

    [Fact]
    public void The_resnet_has_skip_connections_with_projections_between_stages()
    {
        var model = ModelBuilder.Create(new ModelSection { Kind = ModelKind.ResNet, Channels = [4, 8], Blocks = 2 }, [1, 8, 8], 3);
        var names = model.named_modules().Select(m => m.name).ToList();
        Assert.Contains("stage2_block1.shortcut.conv", names);
        Assert.DoesNotContain("stage1_block1.shortcut.conv", names);
    }

    [Theory]
    [InlineData(InitKind.Constant, 0.5)]
    [InlineData(InitKind.Normal, 0.01)]
    [InlineData(InitKind.Uniform, 0.2)]
    public void Explicit_inits_set_the_weights_as_asked(InitKind init, double parameter)
    {
        manual_seed(1);
        var spec = new ModelSection { Hidden = [400], Init = init, InitStd = parameter, InitValue = parameter, BiasInit = 0.25 };
        var model = ModelBuilder.Create(spec, [300], 2);
        var fc1 = (Linear)model.named_children().First(c => c.name == "fc1").module;
        var w = fc1.weight!;
        switch (init)
        {
            case InitKind.Constant:
                Assert.Equal(0.5f, w.min().item<float>());
                Assert.Equal(0.5f, w.max().item<float>());
                break;
            case InitKind.Normal:
                Assert.True(Math.Abs(w.std().item<float>() / parameter - 1) < 0.02);
                break;
            default:
                Assert.True(w.abs().max().item<float>() <= parameter);
                Assert.True(Math.Abs(w.std().item<float>() / (parameter / Math.Sqrt(3)) - 1) < 0.02);
                break;
        }
        Assert.Equal(0.25f, fc1.bias!.min().item<float>());
        Assert.Equal(0.25f, fc1.bias!.max().item<float>());
    }

    [Theory]
    [InlineData(InitKind.He, 2.0)]
    [InlineData(InitKind.LeCun, 1.0)]
    public void Fan_in_inits_scale_with_the_layer_width(InitKind init, double gainSquared)
    {
        manual_seed(1);
        var model = ModelBuilder.Create(new ModelSection { Hidden = [500], Init = init }, [400], 2);
        var w = ((Linear)model.named_children().First(c => c.name == "fc1").module).weight!;
        // 200,000 draws estimate the std to about 0.2 %; allow 2 %.
        double expected = Math.Sqrt(gainSquared / 400), actual = w.std().item<float>();
        Assert.True(Math.Abs(actual / expected - 1) < 0.02, $"std {actual} vs {expected}");
    }

    [Fact]
    public void A_cnn_on_tabular_data_is_refused_with_a_reason()
    {
        var error = Assert.Throws<TuneWise.Core.UserInputException>(() => ModelBuilder.Create(new ModelSection { Kind = ModelKind.Cnn }, [13], 2));
        Assert.Contains("needs image samples", error.Message);
    }
}

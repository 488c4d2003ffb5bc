using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.MLNet.Data;
using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.MLNet.Tests.Data;

public class DataViewDatasetTests
{
    private sealed class Row
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
        public float Target { get; set; }
    }

    private static IDataView View(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new Row { Features = [1, 2, 3], Label = "b", Target = 0.5f },
        new Row { Features = [4, 5, 6], Label = "a", Target = 1.5f },
        new Row { Features = [7, 8, 9], Label = "b", Target = 2.5f },
    });

    [Fact]
    public void Reads_a_vector_column_and_text_labels()
    {
        var d = DataViewDataset.Load(View(new MLContext(1)));
        Assert.Equal(3, d.Count);
        Assert.Equal([3], d.SampleShape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], d.Features);
        Assert.Equal(["a", "b"], d.ClassNames);
        Assert.Equal([1f, 0f, 1f], d.Targets);
    }

    [Fact]
    public void Reads_key_labels_made_by_ml_net()
    {
        var ml = new MLContext(1);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(View(ml)).Transform(View(ml));
        var d = DataViewDataset.Load(keyed, labelColumn: "Key");
        Assert.Equal(2, d.ClassCount);
        Assert.Equal(d.Targets[0], d.Targets[2]);
        Assert.NotEqual(d.Targets[0], d.Targets[1]);
    }

    [Fact]
    public void Reads_regression_targets()
    {
        var d = DataViewDataset.Load(View(new MLContext(1)), labelColumn: "Target", task: TaskKind.Regression);
        Assert.Equal([0.5f, 1.5f, 2.5f], d.Targets);
    }

    [Fact]
    public void A_missing_column_lists_the_columns()
    {
        var error = Assert.Throws<DataLoadException>(() => DataViewDataset.Load(View(new MLContext(1)), featureColumn: "Pixels"));
        Assert.Contains("feature column 'Pixels' not found (columns: Features, Label, Target)", error.Message);
    }
}

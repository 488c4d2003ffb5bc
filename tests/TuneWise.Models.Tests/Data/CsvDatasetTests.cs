using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Tests.Data;

public class CsvDatasetTests
{
    private static Dataset Load(string csv, string label = "label", IReadOnlyList<string>? features = null, TaskKind task = TaskKind.Classification) =>
        CsvDataset.Load(TestData.TempFile("d.csv", csv), label, features, task);

    private static DataLoadException Fails(string csv, string label = "label", IReadOnlyList<string>? features = null) =>
        Assert.Throws<DataLoadException>(() => Load(csv, label, features));

    [Fact]
    public void Reads_features_and_maps_labels_to_classes()
    {
        var d = Load("a,label,b\n1,cat,2\n3,dog,4\n5,cat,6\n");
        Assert.Equal(3, d.Count);
        Assert.Equal([2], d.SampleShape);
        Assert.Equal(["a", "b"], d.FeatureNames);
        Assert.Equal(["cat", "dog"], d.ClassNames);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], d.Features);
        Assert.Equal([0f, 1f, 0f], d.Targets);
    }

    [Fact]
    public void Numeric_labels_keep_numeric_order()
    {
        var d = Load("x,label\n1,10\n2,9\n3,2\n");
        Assert.Equal(["2", "9", "10"], d.ClassNames);
    }

    [Fact]
    public void Chosen_feature_columns_and_quoted_cells_are_honoured()
    {
        var d = Load("\"name, full\",x,y,label\n\"Smith, \"\"J\"\"\",1.5,9,a\nDoe,2.5,8,b\n", features: ["y", "x"]);
        Assert.Equal([9f, 1.5f, 8f, 2.5f], d.Features);
    }

    [Fact]
    public void Regression_labels_are_numbers()
    {
        var d = Load("x,y\n1,0.5\n2,-1e3\n", label: "y", task: TaskKind.Regression);
        Assert.Equal([0.5f, -1000f], d.Targets);
        Assert.Equal(0, d.ClassCount);
    }

    [Fact]
    public void Non_finite_values_are_kept_for_the_preflight_checks()
    {
        var d = Load("x,y,label\nNaN,1,a\n2,inf,b\n");
        Assert.True(float.IsNaN(d.Features[0]));
        Assert.True(float.IsPositiveInfinity(d.Features[3]));
    }

    [Fact]
    public void A_ragged_row_names_its_line()
    {
        var error = Fails("x,y,label\n1,2,a\n3,b\n");
        Assert.Contains("row 3", error.Message);
        Assert.Contains("has 2 cells but the header has 3", error.Message);
        Assert.Equal(3, error.Row);
    }

    [Fact]
    public void A_non_numeric_cell_names_row_and_column()
    {
        var error = Fails("x,y,label\n1,2,a\n3,four,b\n");
        Assert.Contains("row 3, column 'y': expected a number, got 'four'", error.Message);
    }

    [Fact]
    public void An_empty_cell_is_not_a_number()
    {
        var error = Fails("x,y,label\n1,,a\n");
        Assert.Contains("column 'y': expected a number, got an empty cell", error.Message);
    }

    [Fact]
    public void An_unknown_label_column_lists_the_columns()
    {
        var error = Fails("x,y,class\n1,2,a\n");
        Assert.Contains("label column 'label' is not in the header (columns: x, y, class)", error.Message);
    }

    [Fact]
    public void An_unknown_feature_column_is_named()
    {
        var error = Fails("x,y,label\n1,2,a\n", features: ["x", "z"]);
        Assert.Contains("feature column 'z' is not in the header", error.Message);
    }

    [Fact]
    public void A_file_with_only_a_header_is_empty()
    {
        Assert.Contains("the dataset is empty", Fails("x,label\n").Message);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        Assert.Contains("the file is empty", Fails("").Message);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var error = Assert.Throws<DataLoadException>(() => CsvDataset.Load("/no/file.csv", "label", null, TaskKind.Classification));
        Assert.Contains("/no/file.csv: file not found", error.Message);
    }

    [Fact]
    public void A_validation_file_with_an_unseen_class_is_rejected()
    {
        var path = TestData.TempFile("v.csv", "x,label\n1,a\n2,z\n");
        var error = Assert.Throws<DataLoadException>(() => CsvDataset.Load(path, "label", null, TaskKind.Classification, ["a", "b"]));
        Assert.Contains("row 3, column 'label': label 'z' is not one of the training classes", error.Message);
    }
}

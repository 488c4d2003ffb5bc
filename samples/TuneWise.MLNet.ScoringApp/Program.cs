// Scores a CSV with a model saved by TuneWise's ML.NET trainer, as a deployed application does:
// it references TuneWise.MLNet.Scoring only (ML.NET and ONNX Runtime; no TorchSharp, no libtorch).
//   dotnet run --project samples/TuneWise.MLNet.ScoringApp -- model.zip rows.csv > scored.csv
// The CSV has a header and the model's input columns in the order the model was saved with; a
// vector column takes as many fields as it has values. The output is the same rows' predictions:
// every column the model adds, floats written so that they read back to the same bits.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TuneWise.MLNet.ScoringApp <model.zip> <rows.csv>");
    return 2;
}
var ml = new MLContext();
ITransformer model;
DataViewSchema input;
try { model = ml.Model.Load(args[0], out input); }
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
{
    Console.Error.WriteLine($"{args[0]}: not a model this app can load ({e.Message})");
    return 2;
}

var columns = new List<TextLoader.Column>();
int field = 0;
foreach (var column in input)
{
    var (kind, size) = column.Type switch
    {
        VectorDataViewType { IsKnownSize: true } v when v.ItemType == NumberDataViewType.Single => (DataKind.Single, v.Size),
        _ when column.Type == NumberDataViewType.Single => (DataKind.Single, 1),
        _ when column.Type == BooleanDataViewType.Instance => (DataKind.Boolean, 1),
        _ when column.Type == TextDataViewType.Instance => (DataKind.String, 1),
        _ => (default(DataKind?), 0),
    };
    if (kind is null) continue;   // e.g. a key column the pipeline made; it is not read from the CSV
    columns.Add(column.Type is VectorDataViewType
        ? new TextLoader.Column(column.Name, kind.Value, field, field + size - 1)
        : new TextLoader.Column(column.Name, kind.Value, field));
    field += size;
}
var rows = ml.Data.LoadFromTextFile(args[1], [.. columns], separatorChar: ',', hasHeader: true);
var scored = model.Transform(rows);

var added = scored.Schema.Where(c => !c.IsHidden && input.GetColumnOrNull(c.Name) is null).ToList();
Console.WriteLine(string.Join(",", added.Select(c => c.Name)));
using var cursor = scored.GetRowCursor(added);
var writers = added.Select(c => Writer(cursor, c)).ToList();
while (cursor.MoveNext())
    Console.WriteLine(string.Join(",", writers.Select(w => w())));
return 0;

// One column of the current row as text: floats in round-trip form, vectors space-separated.
static Func<string> Writer(DataViewRowCursor cursor, DataViewSchema.Column column)
{
    switch (column.Type)
    {
        case VectorDataViewType v when v.ItemType == NumberDataViewType.Single:
            var vector = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> values = default;
            return () => { vector(ref values); return string.Join(" ", values.DenseValues().Select(x => x.ToString("R", CultureInfo.InvariantCulture))); };
        case NumberDataViewType when column.Type == NumberDataViewType.Single:
            var single = cursor.GetGetter<float>(column);
            float number = 0;
            return () => { single(ref number); return number.ToString("R", CultureInfo.InvariantCulture); };
        case BooleanDataViewType:
            var boolean = cursor.GetGetter<bool>(column);
            bool flag = false;
            return () => { boolean(ref flag); return flag ? "true" : "false"; };
        case KeyDataViewType:
            var key = cursor.GetGetter<uint>(column);
            uint index = 0;
            return () => { key(ref index); return index.ToString(CultureInfo.InvariantCulture); };
        case TextDataViewType:
            var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> chars = default;
            return () => { text(ref chars); return chars.ToString(); };
        default:
            return () => "";
    }
}

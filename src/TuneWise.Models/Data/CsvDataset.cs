using System.Globalization;
using System.Text;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>Reads tabular data from a CSV file with a header row (RFC 4180 quoting).</summary>
public static class CsvDataset
{
    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">Header of the label column.</param>
    /// <param name="featureColumns">Headers of the feature columns; null for every column but the label.</param>
    /// <param name="task">Classification maps each distinct label to a class index (numeric labels in numeric order);
    /// regression parses labels as numbers.</param>
    /// <param name="classNames">Class names to use (e.g. those of the training file, so a validation file maps labels the same way).</param>
    /// <remarks>NaN and infinite feature values are kept: the preflight checks report them with their location.</remarks>
    public static Dataset Load(string path, string labelColumn, IReadOnlyList<string>? featureColumns, TaskKind task,
        IReadOnlyList<string>? classNames = null)
    {
        if (Directory.Exists(path)) throw new DataLoadException(path, "is a folder; data.path of csv data names a file");
        if (!File.Exists(path)) throw new DataLoadException(path, "file not found");
        try
        {
            return Read(path, labelColumn, featureColumns, task, classNames);
        }
        catch (Core.Files.FileTooLargeException e)
        {
            throw new DataLoadException(path, e.Message[(path.Length + 2)..]);
        }
    }

    private static Dataset Read(string path, string labelColumn, IReadOnlyList<string>? featureColumns, TaskKind task, IReadOnlyList<string>? classNames)
    {
        using var reader = new StreamReader(Open(path), Encoding.UTF8);
        var header = ReadRecord(reader, path, 1)
            ?? throw new DataLoadException(path, "the file is empty: a header row is expected");
        var headerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++) headerIndex.TryAdd(header[i].Trim(), i);
        if (!headerIndex.TryGetValue(labelColumn, out int labelIndex))
            throw new DataLoadException(path, $"label column '{labelColumn}' is not in the header (columns: {string.Join(", ", header)})", 1);
        var features = featureColumns ?? header.Select(h => h.Trim()).Where(h => h != labelColumn).ToList();
        if (features.Count == 0) throw new DataLoadException(path, "no feature columns", 1);
        var featureIndex = features.Select(f => headerIndex.TryGetValue(f, out int i) ? i
            : throw new DataLoadException(path, $"feature column '{f}' is not in the header", 1)).ToArray();

        var values = new List<float>();
        var rawLabels = new List<string>();
        var lines = new List<long>();
        long line = 1;
        while (ReadRecord(reader, path, line + 1) is { } record)
        {
            line++;
            if (record.Count == 1 && record[0].Length == 0) continue; // blank line
            if (record.Count != header.Count)
                throw new DataLoadException(path, $"has {record.Count} cells but the header has {header.Count}", line);
            for (int j = 0; j < featureIndex.Length; j++)
                values.Add(ParseNumber(record[featureIndex[j]], path, line, features[j]));
            rawLabels.Add(record[labelIndex].Trim());
            lines.Add(line);
        }
        if (rawLabels.Count == 0) throw new DataLoadException(path, "the dataset is empty: no rows after the header");

        float[] targets;
        IReadOnlyList<string>? names = null;
        int classes = 0;
        if (task == TaskKind.Regression)
        {
            targets = rawLabels.Select((l, i) => ParseNumber(l, path, lines[i], labelColumn)).ToArray();
        }
        else
        {
            names = classNames ?? OrderClasses(rawLabels.Distinct());
            var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            targets = new float[rawLabels.Count];
            for (int i = 0; i < rawLabels.Count; i++)
            {
                if (!index.TryGetValue(rawLabels[i], out int c))
                    throw new DataLoadException(path, $"label '{rawLabels[i]}' is not one of the training classes ({string.Join(", ", names)})", lines[i], labelColumn);
                targets[i] = c;
            }
            classes = names.Count;
        }
        return new Dataset(values.ToArray(), targets, [features.Count], task, classes, path, features, names, lines);
    }

    // Numeric class labels keep numeric order (so "10" follows "9"); others sort as text.
    private static List<string> OrderClasses(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        return list.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? list.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList()
            : list.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    private static float ParseNumber(string cell, string path, long line, string column)
    {
        var text = cell.Trim();
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        switch (text.ToLowerInvariant())
        {
            case "nan": return float.NaN;
            case "inf" or "+inf" or "infinity": return float.PositiveInfinity;
            case "-inf" or "-infinity": return float.NegativeInfinity;
        }
        var shown = text.Length == 0 ? "an empty cell" : $"'{text}'";
        throw new DataLoadException(path, $"expected a number, got {shown}", line, column);
    }

    private static Stream Open(string path)
    {
        try
        {
            return Core.Files.BoundedFile.Limit(File.OpenRead(path), DataLimits.MaxFileBytes, path, DataLimits.RaiseHint);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new DataLoadException(path, "cannot be read: " + (e is UnauthorizedAccessException ? "permission denied" : e.Message));
        }
    }

    /// <summary>Reads one CSV record, or null at end of file. Quoted fields may hold commas, quotes ("") and newlines.</summary>
    private static List<string>? ReadRecord(TextReader reader, string path, long line)
    {
        int c = reader.Read();
        if (c < 0) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        int length = 0;
        while (true)
        {
            if (++length > DataLimits.MaxCsvRowChars)
                throw new DataLoadException(path, $"row {line} is longer than {DataLimits.MaxCsvRowChars / (1 << 20)} M characters: this is not a CSV file, or a quote is never closed", line);
            if (quoted)
            {
                if (c < 0) throw new DataLoadException(path, "a quoted cell is not closed before the end of the file", line);
                if (c == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else quoted = false;
                }
                else field.Append((char)c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && reader.Peek() == '\n') { }
            else if (c == '\n' || c < 0) { fields.Add(field.ToString()); return fields; }
            else field.Append((char)c);
            c = reader.Read();
        }
    }
}

namespace TuneWise.Models.Data;

/// <summary>Thrown when data cannot be read. The message names the file and, where it applies, the row and column.</summary>
public sealed class DataLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataLoadException(string file, string problem, long? row = null, string? column = null, Exception? inner = null)
        : base(Compose(file, problem, row, column), inner)
    {
        File = file;
        Row = row;
        Column = column;
    }

    /// <summary>The file that could not be read.</summary>
    public string File { get; }
    /// <summary>The 1-based row (line for CSV, sample index for IDX), when the problem has one.</summary>
    public long? Row { get; }
    /// <summary>The column, when the problem has one.</summary>
    public string? Column { get; }

    private static string Compose(string file, string problem, long? row, string? column)
    {
        var where = file;
        if (row is { } r) where += $", row {r}";
        if (column is { } c) where += $", column '{c}'";
        return $"{where}: {problem}";
    }
}

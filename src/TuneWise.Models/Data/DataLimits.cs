namespace TuneWise.Models.Data;

/// <summary>
/// How much data TuneWise reads, so a wrong path (<c>/dev/zero</c>), a gzip bomb or a file that is
/// not what it seems fails at once with the file and the limit named, instead of filling memory.
/// The limits are generous for real data sets and can be raised with environment variables.
/// </summary>
internal static class DataLimits
{
    /// <summary>The environment variable that raises <see cref="MaxFileBytes"/> (in megabytes).</summary>
    public const string MaxFileVariable = "TUNEWISE_MAX_DATA_MB";

    /// <summary>The most bytes read from one data file, after decompression: 2 GB unless <see cref="MaxFileVariable"/> says otherwise.</summary>
    public static long MaxFileBytes =>
        long.TryParse(Environment.GetEnvironmentVariable(MaxFileVariable), out long mb) && mb > 0 ? mb << 20 : 2L << 30;

    /// <summary>The longest CSV row, in characters: a row this long is not tabular data.</summary>
    public const int MaxCsvRowChars = 1 << 20;

    /// <summary>How to raise the file limit, for messages.</summary>
    public static string RaiseHint => $"set {MaxFileVariable} to raise it";
}

using System.Text.Json.Serialization;

namespace TuneWise.Core.Health;

/// <summary>How serious a health finding is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; nothing to fix necessarily.</summary>
    [JsonStringEnumMemberName("info")] Info,
    /// <summary>Training is likely to be slow or poor; try the fixes.</summary>
    [JsonStringEnumMemberName("warning")] Warning,
    /// <summary>Training cannot succeed as configured; a trial is stopped.</summary>
    [JsonStringEnumMemberName("fatal")] Fatal,
}

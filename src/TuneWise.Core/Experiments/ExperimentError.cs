namespace TuneWise.Core.Experiments;

/// <summary>One problem found in an experiment file, located by its JSON path.</summary>
/// <param name="Path">JSON path in dotted form, e.g. <c>training.learningRate</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>must be &gt; 0, got -1</c>.</param>
public sealed record ExperimentError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path == "$" ? Message : $"{Path} {Message}";
}

/// <summary>Thrown when an experiment file cannot be read or is invalid. Every problem is listed, one line each, naming the file.</summary>
public sealed class InvalidExperimentException : Exception
{
    /// <summary>Creates the exception for the file and its problems.</summary>
    public InvalidExperimentException(string file, IReadOnlyList<ExperimentError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => $"{file}: {e}")))
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The experiment file.</summary>
    public string File { get; }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<ExperimentError> Errors { get; }
}

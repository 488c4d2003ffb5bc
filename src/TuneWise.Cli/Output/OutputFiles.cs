namespace TuneWise.Cli.Output;

/// <summary>Checks, before any work starts, that an output file can be written, so a long run never fails at its end.</summary>
internal static class OutputFiles
{
    /// <summary>
    /// Throws <see cref="TuneWise.Core.UserInputException"/> (exit 2) naming <paramref name="label"/> unless <paramref name="path"/>
    /// can be written: not a folder, its folder exists or can be made, and a file can be created there.
    /// </summary>
    /// <param name="path">The output file.</param>
    /// <param name="label">How the user named it, e.g. <c>--plot loss.svg</c> or <c>report.path</c>.</param>
    /// <param name="mayExist">False when an existing file must not be overwritten.</param>
    public static void EnsureWritable(string path, string label, bool mayExist = true)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new TuneWise.Core.UserInputException($"{label}: {full} is a folder, not a file");
        if (!mayExist && File.Exists(full)) throw new TuneWise.Core.UserInputException($"{label}: {full} already exists");
        var folder = Path.GetDirectoryName(full)!;
        var probe = Path.Combine(folder, $".tunewise-write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            if (File.Exists(full))
                using (File.Open(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new TuneWise.Core.UserInputException($"{label}: cannot write {full} ({Reason(e)})");
        }
    }

    /// <summary>
    /// Throws <see cref="TuneWise.Core.UserInputException"/> (exit 2) when <paramref name="path"/> is the
    /// same file as one of <paramref name="inputs"/> (through another path or a link too): writing it
    /// would destroy a study, an experiment or its data.
    /// </summary>
    /// <param name="path">The output file.</param>
    /// <param name="label">How the user named it, e.g. <c>--output</c> or <c>report.path</c>.</param>
    /// <param name="inputs">What must survive, each with the name the user knows it by.</param>
    public static void EnsureNotAnInput(string path, string label, IEnumerable<(string? Path, string What)> inputs)
    {
        foreach (var (input, what) in inputs)
            if (input is not null && TuneWise.Core.Files.FileIdentity.Same(path, input))
                throw new TuneWise.Core.UserInputException($"{label}: {Path.GetFullPath(path)} is the {what}; writing there would destroy it, so choose another file");
    }

    /// <summary>
    /// The files a study is made from and kept in: the experiment file, the SQLite study, the data
    /// files. No output of a command may be one of them.
    /// </summary>
    public static IEnumerable<(string? Path, string What)> StudyInputs(TuneWise.Core.Experiments.Experiment experiment, string? experimentFile)
    {
        string? Resolved(string? p) => p is null ? null : experiment.ResolvePath(p);
        yield return (experimentFile, "experiment file");
        if (experiment.Storage.Connection is null) yield return (TuneWise.Search.Storage.StudyStorageFactory.StudyPath(experiment), "study file (storage.path)");
        yield return (Resolved(experiment.Data.Path), "data file (data.path)");
        yield return (Resolved(experiment.Data.ValidationPath), "validation file (data.validationPath)");
        yield return (Resolved(experiment.Data.TestPath), "test file (data.testPath)");
    }

    /// <summary>
    /// Throws <see cref="TuneWise.Core.UserInputException"/> unless <paramref name="path"/> is a folder that exists or
    /// can be made and in which files can be written (TensorBoard event folders).
    /// </summary>
    public static void EnsureWritableFolder(string path, string label)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new TuneWise.Core.UserInputException($"{label}: {full} is a file; give a folder for the event files");
        EnsureWritable(Path.Combine(full, $".tunewise-folder-check-{Environment.ProcessId}"), label);
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "the folder cannot be made",
        _ => e.Message,
    };
}

using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// Where a training run keeps what it needs to go on after an interruption: at the end of every
/// epoch the weights, the optimizer's state (moments, step counts), the position in the schedule,
/// the random generators (shuffling, dropout, augmentation) and the metrics so far. A run given the same
/// folder again resumes after the last saved epoch and ends with the same weights and metrics as a
/// run that was never interrupted.
/// </summary>
/// <remarks>
/// Each epoch is written to its own sub-folder and marked complete last, and older epochs are removed
/// only after that: a run killed while writing finds the previous epoch intact.
/// </remarks>
public sealed class TrainingCheckpoint(string folder)
{
    private const string CompleteMarker = "complete";
    private const string ProgressFile = "progress.json";

    /// <summary>The checkpoint's folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The number of epochs the last complete checkpoint holds, or 0 when there is none.</summary>
    public int SavedEpochs => Latest() is { } latest ? ReadState(latest).EpochsDone : 0;

    /// <summary>Removes the checkpoint (a run that ended needs it no more).</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    /// <summary>What a run had reached at the end of an epoch, besides its tensors.</summary>
    internal sealed record State
    {
        public int EpochsDone { get; init; }
        public int Step { get; init; }
        public double TrainSeconds { get; init; }
        public long SamplesSeen { get; init; }
        public double LearningRate { get; init; }
        public List<EpochMetrics> Epochs { get; init; } = [];
    }

    /// <summary>Writes the run's state after <see cref="State.EpochsDone"/> epochs.</summary>
    internal void Save(nn.Module model, optim.Optimizer optimizer, Generator shuffle, Generator? augmentation, State state, IReadOnlyList<float> stepLosses)
    {
        var target = Path.Combine(Folder, $"epoch-{state.EpochsDone:D5}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        model.save(Path.Combine(target, "model.weights"));
        if (optimizer is OptimizerHelper helper) helper.save_state_dict(Path.Combine(target, "optimizer.state"));
        using (var shuffleState = shuffle.get_state()) File.WriteAllBytes(Path.Combine(target, "shuffle.rng"), shuffleState.bytes.ToArray());
        using (var globalState = torch.get_rng_state()) File.WriteAllBytes(Path.Combine(target, "global.rng"), globalState.bytes.ToArray());
        if (augmentation is not null)
            using (var augmentState = augmentation.get_state()) File.WriteAllBytes(Path.Combine(target, "augment.rng"), augmentState.bytes.ToArray());
        using (var losses = new BinaryWriter(File.Create(Path.Combine(target, "step-losses.bin"))))
            foreach (var loss in stepLosses) losses.Write(loss);
        File.WriteAllText(Path.Combine(target, "state.json"), JsonSerializer.Serialize(state));
        File.WriteAllText(Path.Combine(target, CompleteMarker), "");
        foreach (var older in Directory.GetDirectories(Folder, "epoch-*").Where(d => string.CompareOrdinal(Path.GetFileName(d), Path.GetFileName(target)) < 0))
            Directory.Delete(older, recursive: true);
    }

    /// <summary>Loads the last complete epoch into the model, optimizer and generators; null when there is none.</summary>
    internal (State State, List<float> StepLosses)? Restore(nn.Module model, optim.Optimizer optimizer, Generator shuffle, Generator? augmentation = null)
    {
        if (Latest() is not { } latest) return null;
        model.load(Path.Combine(latest, "model.weights"));
        if (optimizer is OptimizerHelper helper && File.Exists(Path.Combine(latest, "optimizer.state")))
            helper.load_state_dict(Path.Combine(latest, "optimizer.state"));
        using (var shuffleState = tensor(File.ReadAllBytes(Path.Combine(latest, "shuffle.rng")))) shuffle.set_state(shuffleState);
        using (var globalState = tensor(File.ReadAllBytes(Path.Combine(latest, "global.rng")))) torch.set_rng_state(globalState);
        if (augmentation is not null && File.Exists(Path.Combine(latest, "augment.rng")))
            using (var augmentState = tensor(File.ReadAllBytes(Path.Combine(latest, "augment.rng")))) augmentation.set_state(augmentState);
        var losses = new List<float>();
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(latest, "step-losses.bin"))))
            while (reader.BaseStream.Position < reader.BaseStream.Length) losses.Add(reader.ReadSingle());
        var state = ReadState(latest);
        // An epoch's 0-based index is not written (its JSON carries the 1-based number): it is the position.
        return (state with { Epochs = [.. state.Epochs.Select((e, i) => e with { Epoch = i })] }, losses);
    }

    /// <summary>
    /// Notes how far the run is inside an epoch, so a run that resumes can say how much training the
    /// interruption cost. Written beside the epochs (replaced whole, never half-written) every few
    /// seconds, so a killed run's note is at most that old.
    /// </summary>
    internal void NoteProgress(int epoch, int stepInEpoch, int stepsPerEpoch)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, ProgressFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(new Progress(epoch, stepInEpoch, stepsPerEpoch)));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// The epochs of training the last interruption threw away (whole epochs past the last saved one,
    /// plus the share of the epoch in progress), given that <paramref name="epochsRestored"/> were
    /// restored. <c>Known</c> is false when no earlier run of this checkpoint was interrupted, and
    /// when epochs were restored without a note (a checkpoint written without one): then nothing can
    /// be told. Read once: the note is removed.
    /// </summary>
    internal (bool Resumed, double? Lost) TakeEpochsLost(int epochsRestored)
    {
        var path = Path.Combine(Folder, ProgressFile);
        if (!File.Exists(path)) return (epochsRestored > 0, null);
        var note = JsonSerializer.Deserialize<Progress>(File.ReadAllText(path))!;
        File.Delete(path);
        double lost = note.Epoch - epochsRestored + (double)note.Step / Math.Max(1, note.StepsPerEpoch);
        return (true, Math.Max(0, lost));
    }

    private sealed record Progress(int Epoch, int Step, int StepsPerEpoch);

    private string? Latest() => Directory.Exists(Folder)
        ? Directory.GetDirectories(Folder, "epoch-*").Where(d => File.Exists(Path.Combine(d, CompleteMarker))).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).LastOrDefault()
        : null;

    private static State ReadState(string folder) => JsonSerializer.Deserialize<State>(File.ReadAllText(Path.Combine(folder, "state.json")))!;
}

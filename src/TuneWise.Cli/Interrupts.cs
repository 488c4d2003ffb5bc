using System.Runtime.InteropServices;

namespace TuneWise.Cli;

/// <summary>
/// Turns the first Ctrl+C (or SIGTERM) into a cancellation the commands handle gracefully: a
/// training run stops after its step, a tuning job hands its running trials back and writes its
/// results. A second Ctrl+C ends the process at once.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    // A second interrupt this soon after the first is the same one: a worker process gets Ctrl+C from
    // the terminal and, a moment later, from the tune process that started it.
    private static readonly TimeSpan SameInterrupt = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _source = new();
    private long _first;
    private readonly PosixSignalRegistration? _terminate;

    private Interrupts()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            // No SIGTERM here: Ctrl+C still works.
        }
    }

    /// <summary>Cancelled at the first interrupt.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Starts listening.</summary>
    public static Interrupts Listen() => new();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested && System.Diagnostics.Stopwatch.GetElapsedTime(_first) > SameInterrupt)
            return; // a second press: the default handler ends the process
        e.Cancel = true;
        Cancel();
    }

    private void Cancel()
    {
        if (!_source.IsCancellationRequested) _first = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command already ended.
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _source.Dispose();
    }
}

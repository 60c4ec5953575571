using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Mayros.Soak;

/// <summary>
/// One operation of the history: who ran what with which parameters, when (this process's UTC clock, which is also
/// the servers' created_at clock), and how it ended: the success object's key facts, or the error's id and category.
/// </summary>
internal sealed class Operation
{
    public int Worker { get; init; }

    public int Sequence { get; init; }

    /// <summary>"soak" while faults strike, "rerun" for the re-runs of failed operations, "check" for the module's reads.</summary>
    public string Phase { get; init; } = "soak";

    /// <summary>The workload's name for it (fork-now, fork-at, rewind-checkpoint, ...).</summary>
    public string Kind { get; init; } = string.Empty;

    public string Cmdlet { get; init; } = string.Empty;

    public string Session { get; init; } = string.Empty;

    public Dictionary<string, string> Parameters { get; init; } = new();

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public bool Succeeded { get; set; }

    public string? ErrorId { get; set; }

    public string? ErrorCategory { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>The success object's facts (EventsCopied, RewindId, ...), as invariant text.</summary>
    public Dictionary<string, string> Facts { get; } = new();

    /// <summary>Every error it wrote (the first is also in ErrorId, ErrorCategory and ErrorMessage).</summary>
    public List<SoakError> Errors { get; } = new();

    public double Milliseconds => (EndUtc - StartUtc).TotalMilliseconds;

    public string Outcome => Succeeded ? "success" : ErrorId ?? "error";

    public string Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : string.Empty;

    public string Fact(string name) => Facts.TryGetValue(name, out var value) ? value : string.Empty;

    public override string ToString() =>
        $"#{Sequence} w{Worker} {Cmdlet} {string.Join(' ', Parameters.Select(p => $"-{p.Key} {p.Value}"))} [{StartUtc:HH:mm:ss.fff}-{EndUtc:HH:mm:ss.fff}] {Outcome}";
}

/// <summary>The history: every operation of every worker, in the order they finished.</summary>
internal sealed class OperationLog
{
    private readonly ConcurrentQueue<Operation> _operations = new();
    private int _sequence;

    public IReadOnlyList<Operation> All => _operations.OrderBy(o => o.Sequence).ToList();

    public int NextSequence() => System.Threading.Interlocked.Increment(ref _sequence);

    public void Add(Operation operation) => _operations.Enqueue(operation);

    /// <summary>The history as JSON lines, one operation a line, for reading a failed run afterwards.</summary>
    public void Write(string path)
    {
        using var writer = new StreamWriter(path);
        foreach (var operation in All)
        {
            writer.WriteLine(JsonSerializer.Serialize(operation));
        }
    }
}

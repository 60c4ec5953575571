using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>
/// A test with a runspace of its own (module imported) and a namespace of its own on the class's local Cortex.
/// The connection is set the way a user would set it for a session: $PSDefaultParameterValues.
/// </summary>
public abstract class HostedTest : IClassFixture<CortexFixture>, IDisposable
{
    protected HostedTest(CortexFixture cortex)
    {
        Cortex = cortex;
        Ns = CortexFixture.NewNamespace();
        Shell = new MayrosShell();
        UseThisTestsCortex(Shell);
    }

    protected CortexFixture Cortex { get; }

    protected MayrosShell Shell { get; }

    protected string Ns { get; }

    protected static DateTimeOffset Start { get; } = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Points a shell's Mayros commands at this test's Cortex and namespace, as the test's own shell is.</summary>
    protected void UseThisTestsCortex(MayrosShell shell) =>
        shell.Run(
            "$PSDefaultParameterValues['*-Mayros*:CortexHost'] = '127.0.0.1'; $PSDefaultParameterValues['*-Mayros*:CortexPort'] = $args[0]; " +
                "$PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[1]",
            Cortex.Port,
            Ns).ShouldSucceed();

    /// <summary>Runs a script and counts the requests it made at the server.</summary>
    protected ShellResult Run(string script, params object?[] args)
    {
        Cortex.TakeRequestCount(out _);
        return Shell.Run(script, args);
    }

    /// <summary>Requests and writes the server saw since the last Run.</summary>
    protected (int Requests, int Writes) Traffic()
    {
        var requests = Cortex.TakeRequestCount(out var writes);
        return (requests, writes);
    }

    protected void Seed(string session, int count, DateTimeOffset? start = null, string prefix = "e", int payload = 0) =>
        Cortex.AddEvents(Ns, CortexFixture.Session(session, count, start ?? Start, prefix, payload));

    /// <summary>Sets a session field with a raw triple, as another Cortex client would.</summary>
    protected void SetRecord(string session, string field, string value) =>
        Cortex.AddTriples(($"{Ns}:session:{session}", $"{Ns}:session:{field}", JsonValue(value)));

    protected List<string> Record(string session, string field) => Cortex.SessionValues(Ns, session, field);

    /// <summary>The values of one field on a session's log ({ns}:sessionlog:key: rewind records, older checkpoints).</summary>
    protected List<string> LogValues(string session, string field) =>
        Cortex.Triples($"{Ns}:sessionlog:{session}", $"{Ns}:session:{field}").Select(t => t.GetProperty("object").GetString()!).ToList();

    protected List<JsonElement> EventsOf(string session) => Cortex.SessionEvents(Ns, session);

    /// <summary>Rewinds of a session that started and never completed (a started record without its completed one).</summary>
    protected List<string> UnfinishedRewinds(string session)
    {
        var records = LogValues(session, "rewind").Concat(Record(session, "rewind")).Select(r => JsonDocument.Parse(r).RootElement).ToList();
        bool Started(JsonElement r) => r.TryGetProperty("state", out var state) && state.GetString() == "started";
        var completed = records.Where(r => !Started(r)).Select(r => r.GetProperty("id").GetString()).ToHashSet();
        return records.Where(Started).Select(r => r.GetProperty("id").GetString()!).Where(id => !completed.Contains(id)).ToList();
    }

    protected static System.Text.Json.Nodes.JsonNode JsonValue(string text) => System.Text.Json.Nodes.JsonValue.Create(text)!;

    protected static System.Text.Json.Nodes.JsonNode Node(string name) => new System.Text.Json.Nodes.JsonObject { ["node"] = name };

    protected static void AssertError(ShellResult result, string errorId, string command, ErrorCategory category)
    {
        var error = result.Error();
        Assert.Equal($"{errorId},Mayros.PowerShell.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
    }

    public void Dispose()
    {
        Shell.Dispose();
        GC.SuppressFinalize(this);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.PowerShell.Tests.Lifecycle;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Portability;

/// <summary>Export-MayrosSession and Import-MayrosSession: a lineage out of one Cortex and into another, unchanged.</summary>
public sealed class ExportImportTests : HostedTest, IAsyncLifetime
{
    private readonly CortexFixture _second = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mayros-export-" + Guid.NewGuid().ToString("N")[..8]);

    public ExportImportTests(CortexFixture cortex)
        : base(cortex)
    {
        Directory.CreateDirectory(_folder);
    }

    public Task InitializeAsync() => _second.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name) => Path.Combine(_folder, name);

    /// <summary>A lineage with everything an export must carry: checkpoints, a rewind, an undo, forks of forks.</summary>
    private void BuildLineage()
    {
        Seed("s", 30);
        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f1").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session f1 -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(19))).ShouldSucceed();
        Run("Undo-MayrosRewind -Session f1 -Confirm:$false").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session f1 -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(24))).ShouldSucceed();
        Run("New-MayrosCheckpoint -Session f1 -Label after").ShouldSucceed();
        Run("New-MayrosFork -Session f1 -Name f2 -At $args[0]", CortexFixture.Iso(Start.AddSeconds(14))).ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f3 -Checkpoint base").ShouldSucceed();
        Seed("bystander", 5);
    }

    [Fact]
    public void ALineageRoundTripsIntoAnEmptyServerAndEveryCmdletSeesTheSameSession()
    {
        BuildLineage();
        var path = File("s.ndjson");

        var export = Run("Export-MayrosSession -Session s -Recurse -Path $args[0] -PassThru", path);

        export.ShouldSucceed();
        var summary = export.Single("MayrosExportResult");
        Assert.Equal(new[] { "s", "f1", "f2", "f3" }, summary.Prop<IReadOnlyList<string>>("Sessions"));
        Assert.Equal(new FileInfo(path).Length, summary.Prop<long>("Length"));
        Assert.Equal((8, 0), Traffic()); // two listings of the family tree, four records and one log (a rewound fork's), one events listing
        var target = $"-CortexPort {_second.Port} -Namespace {Ns}";

        var import = Run($"Import-MayrosSession -Path $args[0] {target}", path);

        import.ShouldSucceed();
        Assert.Equal(new[] { "s", "f1", "f2", "f3" }, import.All("MayrosImportResult").Select(r => r.Prop<string>("SessionKey")));
        Assert.All(import.All("MayrosImportResult"), r => Assert.Equal("Imported", r.Prop<string>("Result")));

        // The same tree, the same checkpoints, the same events (live and hidden) with the same ids and fields.
        string Tree(string connection) => string.Join("\n", Run($"Get-MayrosFork -Session s -Recurse {connection}").All("MayrosSession")
            .Select(x =>
                $"{x.Prop<string>("SessionKey")} {x.Prop<string>("Status")} {x.Prop<string>("ParentSession")} {x.Prop<object>("ForkedAt")} {x.Prop<object>("ForkPoint")} " +
                $"{x.Prop<object>("RewindPoint")} {x.Prop<string>("ForkCheckpoint")} {x.Prop<int>("CheckpointCount")}"));
        Assert.Equal(Tree(string.Empty), Tree(target));
        string Checkpoints(string connection) => string.Join("\n", Run($"Get-MayrosCheckpoint {connection}").All("MayrosCheckpoint")
            .Select(c => $"{c.Prop<string>("Id")} {c.Prop<string>("SessionKey")} {c.Prop<string>("Label")} {c.Prop<DateTimeOffset>("Timestamp"):O} {c.Prop<int>("EventCount")}"));
        Assert.Equal(Checkpoints(string.Empty), Checkpoints(target));
        foreach (var key in new[] { "s", "f1", "f2", "f3" })
        {
            string Events(string connection) => string.Join("\n",
                Run($"Get-MayrosSessionEvent -Session {key} -IncludeRewound {connection} | ConvertTo-Json -Depth 5 -Compress").Output.Select(o => o.ToString()));
            Assert.Equal(Events(string.Empty), Events(target));
            Assert.Equal(Cortex.SessionEvents(Ns, key).Select(e => e.GetRawText()).OrderBy(x => x), _second.SessionEvents(Ns, key).Select(e => e.GetRawText()).OrderBy(x => x));
            var here = Cortex.Triples(subject: $"{Ns}:session:{key}").Select(t => t.GetProperty("predicate").GetString() + " " + t.GetProperty("object").GetRawText()).OrderBy(x =>
                x);
            var there = _second.Triples(subject: $"{Ns}:session:{key}").Select(t => t.GetProperty("predicate").GetString() + " "
                + t.GetProperty("object").GetRawText()).OrderBy(x => x);
            Assert.Equal(here, there);
        }

        Assert.Empty(_second.SessionEvents(Ns, "bystander"));

        // Compared across the two servers: identical, event for event.
        var comparison = Run($"$a = Connect-MayrosCortex -CortexPort {Cortex.Port} -Namespace {Ns}; Compare-MayrosSession -ReferenceSession f1 -DifferenceSession f1 " +
            $"-ReferenceConnection $a {target}");
        comparison.ShouldSucceed();
        var result = comparison.Single("MayrosSessionComparison");
        Assert.True(result.Prop<bool>("Identical"));
        Assert.Equal(0, result.Prop<int>("OnlyInReferenceCount"));
        Assert.Equal(0, result.Prop<int>("OnlyInDifferenceCount"));
        Assert.True(result.Prop<int>("SharedEventCount") > 20);
        Run("Disconnect-MayrosCortex").ShouldSucceed();

        // And the imported copy works: a fork from its checkpoint, an undo of its rewind.
        var fork = Run($"New-MayrosFork -Session s -Name again -Checkpoint base {target}");
        fork.ShouldSucceed();
        Assert.Equal(30, fork.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        var undo = Run($"Undo-MayrosRewind -Session f1 -Confirm:$false {target}");
        undo.ShouldSucceed();
        Assert.Equal(5, undo.Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal(30, Run($"New-MayrosCheckpoint -Session f1 {target}").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public async Task ImportingAgainWritesNothingAndAnInterruptedImportIsFinished()
    {
        BuildLineage();
        var path = File("again.ndjson");
        Run("Export-MayrosSession -Session s -Recurse -Path $args[0]", path).ShouldSucceed();
        var target = $"-CortexPort {_second.Port} -Namespace {Ns}";
        Run($"Import-MayrosSession -Path $args[0] {target}", path).ShouldSucceed();
        var stored = RemoveSessionTests.Snapshot(_second, Ns);
        _second.TakeRequestCount(out _);

        var again = Run($"Import-MayrosSession -Path $args[0] {target}", path);

        again.ShouldSucceed();
        Assert.All(again.All("MayrosImportResult"), r => Assert.Equal("Unchanged", r.Prop<string>("Result")));
        _second.TakeRequestCount(out var writes);
        Assert.Equal(0, writes);
        Assert.Equal(stored, RemoveSessionTests.Snapshot(_second, Ns));

        // An import that stopped before its statuses: the sessions are not visible, and a re-run finishes them.
        foreach (var key in new[] { "s", "f1", "f2", "f3" })
        {
            foreach (var status in _second.Triples(subject: $"{Ns}:session:{key}", predicate: $"{Ns}:session:status"))
            {
                using var response = await _second.Http.DeleteAsync("/api/v1/triples/" + status.GetProperty("id").GetString());
                response.EnsureSuccessStatusCode();
            }
        }

        Assert.Empty(Run($"Get-MayrosFork {target}").Output);
        var finish = Run($"Import-MayrosSession -Path $args[0] {target}", path);
        finish.ShouldSucceed();
        Assert.All(finish.All("MayrosImportResult"), r => Assert.Equal("Resumed", r.Prop<string>("Result")));
        Assert.Equal(stored.Values.Select(StripCreated).OrderBy(x => x), RemoveSessionTests.Snapshot(_second, Ns).Values.Select(StripCreated).OrderBy(x => x));
    }

    [Theory]
    [InlineData(10_037, 0)] // more events than one chunk of an import holds (10,000)
    [InlineData(600, 4000)] // events wide enough to end a chunk by its characters (2 Mi) long before that
    public void ASessionLargerThanOneChunkArrivesWholeAndAgainWritesNothing(int events, int payload)
    {
        Seed("large", events, payload: payload);
        var path = File("large.ndjson");
        Run("Export-MayrosSession -Session large -Path $args[0]", path).ShouldSucceed();
        var target = $"-CortexPort {_second.Port} -Namespace {Ns}";

        var import = Run($"Import-MayrosSession -Path $args[0] {target}", path);

        import.ShouldSucceed();
        var result = import.Single("MayrosImportResult");
        Assert.Equal(("Imported", (long)events), (result.Prop<string>("Result"), result.Prop<long>("Events")));
        Assert.Equal(Cortex.SessionEvents(Ns, "large").Select(e => e.GetRawText()).OrderBy(x => x), _second.SessionEvents(Ns, "large").Select(e => e.GetRawText()).OrderBy(x => x));
        _second.TakeRequestCount(out _);

        var again = Run($"Import-MayrosSession -Path $args[0] {target}", path);

        again.ShouldSucceed();
        Assert.Equal("Unchanged", again.Single("MayrosImportResult").Prop<string>("Result"));
        _second.TakeRequestCount(out var writes);
        Assert.Equal(0, writes);
    }

    private static string StripCreated(string triple)
    {
        var t = JsonDocument.Parse(triple).RootElement;
        return t.GetProperty("subject").GetString() + " " + t.GetProperty("predicate").GetString() + " " + t.GetProperty("object").GetRawText();
    }

    [Fact]
    public void AKeyThatHoldsAnotherSessionIsRefusedAndNothingIsWritten()
    {
        Seed("s", 10);
        SetRecord("s", "status", "active");
        var path = File("clash.ndjson");
        Run("Export-MayrosSession -Session s -Path $args[0]", path).ShouldSucceed();
        _second.AddEvents(Ns, CortexFixture.Session("s", 3, Start.AddDays(1), prefix: "theirs"));
        var before = RemoveSessionTests.Snapshot(_second, Ns);

        var result = Run($"Import-MayrosSession -Path $args[0] -CortexPort {_second.Port} -Namespace {Ns}", path);

        AssertError(result, "SessionAlreadyExists", "ImportMayrosSessionCommand", ErrorCategory.ResourceExists);
        Assert.Contains("3 of its 3 events are not the file's", result.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Name", result.Error().ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(before, RemoveSessionTests.Snapshot(_second, Ns));

        // Under a new name it goes in beside them, with ids of its own.
        var renamed = Run($"Import-MayrosSession -Path $args[0] -Name mine -CortexPort {_second.Port} -Namespace {Ns}", path);
        renamed.ShouldSucceed();
        Assert.Equal(10, _second.SessionEvents(Ns, "mine").Count);
        Assert.Equal(3, _second.SessionEvents(Ns, "s").Count);
    }

    [Fact]
    public void ARenamedCopyBesideTheOriginalKeepsItsLineageConsistent()
    {
        BuildLineage();
        var path = File("rename.ndjson");
        Run("Export-MayrosSession -Session s -Recurse -Path $args[0]", path).ShouldSucceed();

        var result = Run("Import-MayrosSession -Path $args[0] -Name s-copy -Rename @{ f1 = 'f1-copy'; f2 = 'f2-copy'; f3 = 'f3-copy' }", path);

        result.ShouldSucceed();
        Assert.Equal(new[] { "s-copy", "f1-copy", "f2-copy", "f3-copy" }, result.All("MayrosImportResult").Select(r => r.Prop<string>("SessionKey")));
        var tree = Run("Get-MayrosFork -Session s-copy -Recurse").All("MayrosSession");
        Assert.Equal(new[] { "s-copy", "f1-copy", "f2-copy", "f3-copy" }, tree.Select(t => t.Prop<string>("SessionKey")));
        Assert.Equal("f1-copy", tree.Single(t => t.Prop<string>("SessionKey") == "f2-copy").Prop<string>("ParentSession"));
        Assert.False(tree.Single(t => t.Prop<string>("SessionKey") == "f3-copy").Prop<bool>("ForkCheckpointRemoved"));
        var copied = Run("Get-MayrosCheckpoint -Session s-copy").Single("MayrosCheckpoint");
        Assert.Equal("s-copy", copied.Prop<string>("SessionKey"));
        Assert.Equal("base", copied.Prop<string>("Label"));

        // A checkpoint id names one checkpoint in a namespace: the copy's is its own, and what refers to it follows.
        var original = Run("Get-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<string>("Id");
        Assert.NotEqual(original, copied.Prop<string>("Id"));
        Assert.Equal(copied.Prop<string>("Id"), tree.Single(t => t.Prop<string>("SessionKey") == "f3-copy").Prop<string>("ForkCheckpoint"));
        Assert.Equal("s-copy", Run("New-MayrosFork -Checkpoint $args[0] -Name from-copy", copied.Prop<string>("Id")).Single("MayrosForkResult").Prop<string>("OriginalSession"));

        // The copies have ids of their own; the originals are untouched.
        var originals = EventsOf("f1").Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.DoesNotContain(EventsOf("f1-copy"), e => originals.Contains(e.GetProperty("id").GetString()));
        Assert.Equal(EventsOf("f1").Count, EventsOf("f1-copy").Count);
        var live = Run("Compare-MayrosSession -ReferenceSession f1 -DifferenceSession f1-copy").Single("MayrosSessionComparison");
        Assert.Equal(live.Prop<int>("OnlyInReferenceCount"), live.Prop<int>("OnlyInDifferenceCount"));
        Assert.Equal(25, Run("New-MayrosCheckpoint -Session f1-copy").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Equal(5, Run("Undo-MayrosRewind -Session f1-copy -Confirm:$false").Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal(25, Run("Get-MayrosSessionEvent -Session f1").All("MayrosSessionEvent").Count);
    }

    public static IEnumerable<object[]> BrokenFiles()
    {
        yield return new object[] { "not JSON", (Func<string[], string[]>)(l => l.Take(2).Append("{\"kind\":\"event\",").Concat(l.Skip(2)).ToArray()), 3, "ImportFileInvalid" };
        yield return new object[] { "truncated", (Func<string[], string[]>)(l => l.Take(l.Length - 3).ToArray()), -1, "ImportFileInvalid" };
        yield return new object[] { "newer", (Func<string[], string[]>)(l => l.Select((x, i) => i == 0 ? x.Replace("\"version\":1", "\"version\":2",
            StringComparison.Ordinal) : x).ToArray()), 1, "ImportFileVersionUnsupported" };
        yield return new object[] { "not an export", (Func<string[], string[]>)(l => new[] { "{\"hello\":1}" }.Concat(l.Skip(1)).ToArray()), 1, "ImportFileInvalid" };
        yield return new object[] { "a number in fields", (Func<string[], string[]>)(l => l.Select((x, i) => i == 4 ? x.Replace("\"step\":\"", "\"step\":0,\"x\":\"",
            StringComparison.Ordinal) : x).ToArray()), 5, "ImportFileInvalid" };
        yield return new object[] { "a stranger's session", (Func<string[], string[]>)(l => l.Select((x, i) => i == 6 ? x.Replace("\"session\":\"s\"", "\"session\":\"zz\"",
            StringComparison.Ordinal) : x).ToArray()), 7, "ImportFileInvalid" };
        yield return new object[] { "wrong count", (Func<string[], string[]>)(l => l.Where((x, i) => i != 5).ToArray()), -1, "ImportFileInvalid" };
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void ABrokenFileIsRefusedNamingTheLineAndWritesNothing(string what, Func<string[], string[]> damage, int line, string errorId)
    {
        Seed("s", 12);
        SetRecord("s", "status", "active");
        var good = File("good-" + what.Replace(' ', '-') + ".ndjson");
        Run("Export-MayrosSession -Session s -Path $args[0]", good).ShouldSucceed();
        var lines = System.IO.File.ReadAllLines(good);
        var broken = File("broken-" + what.Replace(' ', '-') + ".ndjson");
        var damaged = damage(lines);
        System.IO.File.WriteAllLines(broken, damaged);
        var before = RemoveSessionTests.Snapshot(_second, Ns);

        var result = Run($"Import-MayrosSession -Path $args[0] -CortexPort {_second.Port} -Namespace {Ns}", broken);

        AssertError(result, errorId, "ImportMayrosSessionCommand", ErrorCategory.InvalidData);
        var message = result.Error().Exception.Message;
        var expectedLine = line > 0 ? line : damaged.Length;
        Assert.StartsWith($"Line {expectedLine} of '{broken}' cannot be imported: ", message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was written.", message, StringComparison.Ordinal);
        _second.TakeRequestCount(out var writes);
        Assert.Equal(0, writes);
        Assert.Equal(before, RemoveSessionTests.Snapshot(_second, Ns));
    }

    public static IEnumerable<object[]> ImportFaults() =>
        from fault in new[] { "cut", "500", "429", "lost-answer" }
        from target in new[]
        {
            new Faults.Target("events", "POST", "/api/v1/events", 2),
            new Faults.Target("records", "POST", "/api/v1/triples/batch", 1),
            new Faults.Target("statuses", "POST", "/api/v1/triples/batch", 2),
        }
        select new object[] { fault, target };

    [Theory]
    [MemberData(nameof(ImportFaults))]
    public async Task AFaultedImportFailsClearlyOrSucceedsAndARerunConverges(string fault, Faults.Target target)
    {
        // Events of about 900 bytes: 1,500 of them take two event requests (the second is a target).
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 1_500, Start, payload: 700));
        SetRecord("s", "status", "active");
        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        var path = File("faulted.ndjson");
        Run("Export-MayrosSession -Session s -Path $args[0]", path).ShouldSucceed();
        await using var proxy = await FaultProxy.StartAsync(_second.Server.BaseAddress);
        proxy.Plan = Faults.Faults.Plan(fault, target);

        var first = Run($"Import-MayrosSession -Path $args[0] -CortexPort {proxy.Port} -Namespace {Ns} -TimeoutSec 2", path);

        Assert.True(proxy.Seen.Count(target.Matches) >= target.Occurrence, $"The fault never struck {target}.");
        var failed = first.AllErrors.Any();
        if (Faults.Faults.Recoverable(fault))
        {
            first.ShouldSucceed();
        }

        if (failed)
        {
            Assert.Contains(first.Error().FullyQualifiedErrorId.Split(',')[0], Faults.Faults.ClearErrors);

            // Nothing that looks complete: no status, so no listing shows a half session.
            Assert.Empty(_second.SessionValues(Ns, "s", "status"));
        }

        var again = Run($"Import-MayrosSession -Path $args[0] -CortexPort {_second.Port} -Namespace {Ns}", path);

        again.ShouldSucceed();
        Assert.Equal(failed ? "Resumed" : "Unchanged", again.Single("MayrosImportResult").Prop<string>("Result"));
        Assert.Equal(Cortex.SessionEvents(Ns, "s").Select(e => e.GetRawText()).OrderBy(x => x), _second.SessionEvents(Ns, "s").Select(e => e.GetRawText()).OrderBy(x => x));
        Assert.Equal(new[] { "active" }, _second.SessionValues(Ns, "s", "status"));
        Assert.Single(_second.SessionValues(Ns, "s", "checkpoint"));
    }

    [Fact]
    public void ThroughThePipelineASessionMovesWithoutAFile()
    {
        Seed("s", 40);
        SetRecord("s", "status", "active");
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();

        var result = Run($"Export-MayrosSession -Session s | Import-MayrosSession -CortexPort {_second.Port} -Namespace {Ns}");

        result.ShouldSucceed();
        Assert.Equal("Imported", result.Single("MayrosImportResult").Prop<string>("Result"));
        Assert.Equal(40, _second.SessionEvents(Ns, "s").Count);
        Assert.Equal(40, Run($"New-MayrosCheckpoint -Session s -CortexPort {_second.Port} -Namespace {Ns}").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "mayros-import-*.ndjson"));
    }

    [Fact]
    public void WhatIfSaysTheRequestsAndWritesNothing()
    {
        Seed("s", 40);
        SetRecord("s", "status", "active");
        var path = File("whatif.ndjson");
        Run("Export-MayrosSession -Session s -Path $args[0]", path).ShouldSucceed();

        var result = Run($"Import-MayrosSession -Path $args[0] -CortexPort {_second.Port} -Namespace {Ns} -WhatIf", path);

        result.ShouldSucceed();
        Assert.Contains("with 40 events and 0 checkpoints", result.HostText, StringComparison.Ordinal);
        Assert.Contains("2 write requests (1 for events, 1 for records)", result.HostText, StringComparison.Ordinal);
        _second.TakeRequestCount(out var writes);
        Assert.Equal(0, writes);
        Assert.Empty(_second.Events(Ns));
    }

    [Fact]
    public void AnExportNeverLeavesHalfAFileAndNoClobberKeepsTheOldOne()
    {
        Seed("s", 5);
        SetRecord("s", "status", "active");
        var path = File("kept.ndjson");
        System.IO.File.WriteAllText(path, "old");

        var refused = Run("Export-MayrosSession -Session s -Path $args[0] -NoClobber", path);
        var missing = Run("Export-MayrosSession -Session nobody -Path $args[0]", path);

        AssertError(refused, "ExportFileUnavailable", "ExportMayrosSessionCommand", ErrorCategory.ResourceExists);
        AssertError(missing, "SessionNotFound", "ExportMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Equal("old", System.IO.File.ReadAllText(path));
        Assert.Equal(new[] { "kept.ndjson" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        Run("Export-MayrosSession -Session s -Path $args[0]", path).ShouldSucceed();
        Assert.StartsWith("{\"format\":\"mayros-session-export\",\"version\":1,", System.IO.File.ReadAllText(path), StringComparison.Ordinal);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Lifecycle;

/// <summary>Remove-MayrosSession without -Purge: gone from every listing and count, everything else as it was.</summary>
public sealed class RemoveSessionTests : HostedTest
{
    public RemoveSessionTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    /// <summary>Every triple of this test's namespace, by id: where it is, what it holds, when Cortex stored it.</summary>
    internal static Dictionary<string, string> Snapshot(CortexFixture cortex, string ns) =>
        cortex.Triples()
            .Where(t => t.GetProperty("subject").GetString()!.StartsWith("<" + ns + ":", StringComparison.Ordinal))
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetRawText());

    /// <summary>The subjects of a session's events, as they stand in Cortex (bracketed).</summary>
    internal static HashSet<string> EventSubjects(CortexFixture cortex, string ns, string session) =>
        cortex.Triples(predicate: $"{ns}:event:session")
            .Where(t => t.GetProperty("object").TryGetProperty("node", out var node) && node.GetString() == $"<{ns}:session:{session}>")
            .Select(t => t.GetProperty("subject").GetString()!)
            .ToHashSet();

    [Fact]
    public void RemovingAForkTakesItOutOfEveryListingAndLeavesEverythingElseExactlyAsItWas()
    {
        Seed("s", 20);
        Seed("other", 5);
        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session f").ShouldSucceed();
        var forkEvents = EventSubjects(Cortex, Ns, "f");
        var before = Snapshot(Cortex, Ns);

        var result = Run("Remove-MayrosSession -Session f -Confirm:$false -PassThru");

        result.ShouldSucceed();
        var removal = result.Single("MayrosRemovalResult");
        Assert.Equal("f", removal.Prop<string>("SessionKey"));
        Assert.Equal(20, removal.Prop<int>("EventsRemoved"));
        Assert.Equal(1, removal.Prop<int>("CheckpointsRemoved"));
        Assert.False(removal.Prop<bool>("Purged"));

        // The leader, the family tree, the record, the events; one marker batch; the record again and its 6 values.
        Assert.Equal((13, 7), Traffic());

        // Gone from every listing: the module's, completion, and what the CLI lists (subjects with a status).
        Assert.DoesNotContain("f", Run("Get-MayrosFork").Output.Select(o => o.Prop<string>("SessionKey")));
        Assert.Empty(Cortex.Triples(subject: $"{Ns}:session:f"));
        Assert.DoesNotContain(Cortex.Triples(predicate: $"{Ns}:session:status"), t => t.GetProperty("subject").GetString() == $"<{Ns}:session:f>");
        var completion = Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText",
            $"Get-MayrosSessionEvent -Namespace {Ns} -Session ");
        Assert.Contains("s", completion.Output.Select(o => o.ToString()));
        Assert.DoesNotContain("f", completion.Output.Select(o => o.ToString()));
        AssertError(Run("Get-MayrosSessionEvent -Session f"), "SessionNotFound", "GetMayrosSessionEventCommand", ErrorCategory.ObjectNotFound);
        AssertError(Run("Compare-MayrosSession -ReferenceSession s -DifferenceSession f"), "SessionNotFound", "CompareMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.DoesNotContain(Run("Get-MayrosCheckpoint").Output, c => c.Prop<string>("SessionKey") == "f");

        // The plain session layout counts none of its events: each carries the rewound marker and the removal.
        var events = EventsOf("f");
        Assert.Equal(20, events.Count);
        Assert.All(events, e => Assert.Equal("true", e.GetProperty("fields").GetProperty("rewound").GetString()));
        Assert.All(events, e => Assert.Equal(removal.Prop<string>("RemovalId"), e.GetProperty("fields").GetProperty("removedBy").GetString()));

        // Triple by triple: nothing of any other session changed, and nothing of f's but its markers was added.
        var after = Snapshot(Cortex, Ns);
        foreach (var (id, triple) in before)
        {
            var subject = JsonDocument.Parse(triple).RootElement.GetProperty("subject").GetString()!;
            if (subject == $"<{Ns}:session:f>")
            {
                Assert.False(after.ContainsKey(id), $"A value of the removed record stayed: {triple}");
            }
            else
            {
                Assert.Equal(triple, after[id]);
            }
        }

        var added = after.Keys.Except(before.Keys).Select(id => JsonDocument.Parse(after[id]).RootElement).ToList();
        Assert.Equal(40, added.Count);
        Assert.All(added, t => Assert.Contains(t.GetProperty("subject").GetString()!, forkEvents));
        Assert.Equal(new[] { "forked" }, Record("s", "status"));
        Assert.Equal(20, Run("Get-MayrosSessionEvent -Session s").All("MayrosSessionEvent").Count);
    }

    [Fact]
    public void ASessionWithForksIsRefusedWithoutRecurseAndNothingIsWritten()
    {
        Seed("s", 5);
        Run("New-MayrosFork -Session s -Name f1").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f2").ShouldSucceed();
        var before = Snapshot(Cortex, Ns);

        var result = Run("Remove-MayrosSession -Session s -Confirm:$false");

        AssertError(result, "SessionHasForks", "RemoveMayrosSessionCommand", ErrorCategory.InvalidOperation);
        var message = result.Error().Exception.Message;
        Assert.Contains("'f1', 'f2'", message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", message, StringComparison.Ordinal);
        Assert.Contains("-Recurse", result.Error().ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Equal(before, Snapshot(Cortex, Ns));
    }

    [Fact]
    public void RecurseRemovesTheWholeLineageLeavesFirstAndNothingBeside()
    {
        Seed("s", 8);
        Seed("bystander", 4);
        SetRecord("bystander", "status", "active");
        Run("New-MayrosFork -Session s -Name f1").ShouldSucceed();
        Run("New-MayrosFork -Session f1 -Name f2").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f3").ShouldSucceed();
        var bystander = Snapshot(Cortex, Ns).Where(p => p.Value.Contains("bystander", StringComparison.Ordinal)).ToList();

        var result = Run("Remove-MayrosSession -Session s -Recurse -Confirm:$false -PassThru");

        result.ShouldSucceed();
        Assert.Equal(new[] { "f3", "f2", "f1", "s" }, result.All("MayrosRemovalResult").Select(r => r.Prop<string>("SessionKey")));
        Assert.Equal(new[] { "bystander" }, Run("Get-MayrosFork").Output.Select(o => o.Prop<string>("SessionKey")));
        foreach (var key in new[] { "s", "f1", "f2", "f3" })
        {
            Assert.Empty(Cortex.Triples(subject: $"{Ns}:session:{key}"));
        }

        var after = Snapshot(Cortex, Ns);
        Assert.All(bystander, p => Assert.Equal(p.Value, after[p.Key]));
        Assert.Equal(4, Run("Get-MayrosSessionEvent -Session bystander").All("MayrosSessionEvent").Count);
    }

    [Fact]
    public void ARemovedKeyReusedStartsEmpty()
    {
        Seed("s", 10);
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        var oldCopies = EventsOf("f").Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Run("Remove-MayrosSession -Session f -Confirm:$false").ShouldSucceed();

        // A fork to the same name: its own copies, none of the removed ones.
        var fork = Run("New-MayrosFork -Session s -Name f");

        fork.ShouldSucceed();
        Assert.Equal(10, fork.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        var events = Run("Get-MayrosSessionEvent -Session f").All("MayrosSessionEvent");
        Assert.Equal(10, events.Count);
        Assert.DoesNotContain(events, e => oldCopies.Contains(e.Prop<string>("Id")));
        Assert.Equal(10, Run("New-MayrosCheckpoint -Session f").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Equal(10, Run("Get-MayrosSessionEvent -Session f -IncludeRewound").All("MayrosSessionEvent").Count);

        // An agent writing under a removed key starts from nothing too.
        Seed("s", 1, prefix: "late");
        Run("Remove-MayrosSession -Session f -Confirm:$false").ShouldSucceed();
        Cortex.AddEvents(Ns, CortexFixture.Session("f", 3, Start.AddHours(1), prefix: "agent"));
        Assert.Equal(3, Run("New-MayrosCheckpoint -Session f").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void WhatIfSaysWhatWouldGoAndWritesNothing()
    {
        Seed("s", 12);
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        var before = Snapshot(Cortex, Ns);

        var plain = Run("Remove-MayrosSession -Session s -Recurse -WhatIf");
        var purge = Run("Remove-MayrosSession -Session s -Recurse -Purge -WhatIf");

        plain.ShouldSucceed();
        purge.ShouldSucceed();
        Assert.Contains("with its fork 'f', leaves first", plain.HostText, StringComparison.Ordinal);
        Assert.Contains("24 events, 1 checkpoint,", plain.HostText, StringComparison.Ordinal);
        Assert.Contains("stay stored", plain.HostText, StringComparison.Ordinal);
        Assert.Matches(@"then [\d,]+ triples purged in [\d,]+ delete requests, about \d+ minutes at Cortex's 100 requests a minute", purge.HostText.Replace("\n", " ",
            StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(Cortex, Ns));
        Assert.Equal(2, Run("Get-MayrosFork").Output.Count);
    }

    [Fact]
    public void PipedSessionsGoForksFirstSoAParentAndItsForksCanComeInAnyOrder()
    {
        Seed("a", 3);
        Run("New-MayrosFork -Session a -Name a1").ShouldSucceed();
        Run("New-MayrosFork -Session a1 -Name a2").ShouldSucceed();

        var result = Run("Get-MayrosFork | Remove-MayrosSession -Confirm:$false -PassThru");

        result.ShouldSucceed();
        Assert.Equal(new[] { "a2", "a1", "a" }, result.All("MayrosRemovalResult").Select(r => r.Prop<string>("SessionKey")));
        Assert.Empty(Run("Get-MayrosFork").Output);
    }

    [Fact]
    public void ACheckpointOrAnEventPipedInIsRefusedAsNotASession()
    {
        Seed("s", 3);
        SetRecord("s", "status", "active");
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();

        var checkpoint = Run("Get-MayrosCheckpoint -Session s | Remove-MayrosSession -Confirm:$false");
        var e = Run("Get-MayrosSessionEvent -Session s | Select-Object -First 1 | Remove-MayrosSession -Confirm:$false");

        Assert.Contains("Remove-MayrosCheckpoint", checkpoint.Error().Exception.Message, StringComparison.Ordinal);
        Assert.NotEmpty(e.AllErrors);
        Assert.Equal(0, Traffic().Writes);
        Assert.Single(Run("Get-MayrosFork").Output);
    }

    [Fact]
    public void TheRetentionOneLinerRemovesOnlyTheOldRewoundSessions()
    {
        Seed("old", 6);
        Seed("new", 6);
        Seed("live", 6);
        SetRecord("live", "status", "active");
        Run("Invoke-MayrosRewind -Session old -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(2))).ShouldSucceed();
        System.Threading.Thread.Sleep(50);
        var cutoff = DateTimeOffset.UtcNow;
        System.Threading.Thread.Sleep(50);
        Run("Invoke-MayrosRewind -Session new -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(2))).ShouldSucceed();

        var sessions = Run("Get-MayrosFork").All("MayrosSession");
        Assert.All(sessions, s => Assert.NotNull(s.Prop("LastChanged")));
        Assert.True(sessions.Single(s => s.Prop<string>("SessionKey") == "old").Prop<DateTimeOffset>("LastChanged") < cutoff);

        var result = Run("$cutoff = $args[0]; Get-MayrosFork | Where-Object { $_.Status -eq 'rewound' -and $_.LastChanged -lt $cutoff } | Remove-MayrosSession -Confirm:$false",
            cutoff);

        result.ShouldSucceed();
        Assert.Equal(new[] { "live", "new" }, Run("Get-MayrosFork").Output.Select(o => o.Prop<string>("SessionKey")));
    }

    [Fact]
    public void ASessionNeverStoredOrRemovedAlreadyIsNotFoundAndNothingIsWritten()
    {
        Seed("s", 4);
        SetRecord("s", "status", "active");
        Run("Remove-MayrosSession -Session s -Confirm:$false").ShouldSucceed();

        var again = Run("Remove-MayrosSession -Session s -Confirm:$false");
        var never = Run("Remove-MayrosSession -Session nothing-here -Confirm:$false");

        AssertError(again, "SessionNotFound", "RemoveMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("removed already", again.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Purge", again.Error().Exception.Message, StringComparison.Ordinal);
        AssertError(never, "SessionNotFound", "RemoveMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Equal(0, Traffic().Writes);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Lifecycle;

/// <summary>Remove-MayrosSession -Purge: afterwards no triple in Cortex has the session's subject or one of its events'.</summary>
public sealed class PurgeTests : HostedTest, IAsyncLifetime
{
    private FaultProxy _proxy = null!;

    public PurgeTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    public async Task InitializeAsync() => _proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    /// <summary>The session's own subjects: its record, its log and every event that names it.</summary>
    private HashSet<string> SubjectsOf(string session)
    {
        var subjects = RemoveSessionTests.EventSubjects(Cortex, Ns, session);
        subjects.Add($"<{Ns}:session:{session}>");
        subjects.Add($"<{Ns}:sessionlog:{session}>");
        return subjects;
    }

    private static string Subject(string triple) => JsonDocument.Parse(triple).RootElement.GetProperty("subject").GetString()!;

    [Fact]
    public void APurgeLeavesNoTripleOfTheSessionAndEveryOtherTripleAsItWas()
    {
        Seed("s", 20);
        Seed("other", 6);
        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session f -Label mine").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Run("Undo-MayrosRewind -Session f -Confirm:$false").ShouldSucceed();
        var own = SubjectsOf("f");
        Assert.Equal(32, own.Count); // the record, its log (the rewind's records), 20 copies, 10 restored events
        var before = RemoveSessionTests.Snapshot(Cortex, Ns);

        var result = Run("Remove-MayrosSession -Session f -Purge -Confirm:$false -PassThru");

        result.ShouldSucceed();
        var removal = result.Single("MayrosRemovalResult");
        Assert.True(removal.Prop<bool>("Purged"));
        Assert.Equal(30, removal.Prop<int>("EventsRemoved"));
        var after = RemoveSessionTests.Snapshot(Cortex, Ns);
        Assert.DoesNotContain(after.Values, t => own.Contains(Subject(t)));
        var others = before.Where(p => !own.Contains(Subject(p.Value))).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(others, after);

        // Every triple of f's events stored before, plus the removal's markers (removedBy on all 30, rewound on the 20
        // not hidden already), one delete each; the values of the record and its log the removal deleted itself.
        var ownBefore = before.Count - others.Count;
        var recordValues = before.Values.Count(t => Subject(t) == $"<{Ns}:session:f>" || Subject(t) == $"<{Ns}:sessionlog:f>");
        Assert.Equal(ownBefore - recordValues + 30 + 20, removal.Prop<int>("TriplesPurged"));
        Assert.Contains(result.Progress, p => p.StatusDescription.Contains(" left, ", StringComparison.Ordinal) && p.SecondsRemaining >= 0);
        Assert.Equal(20, Run("Get-MayrosSessionEvent -Session s").All("MayrosSessionEvent").Count);
    }

    [Fact]
    public void APurgeAfterARemovalDeletesWhatTheRemovalLeftStored()
    {
        Seed("gone", 15);
        SetRecord("gone", "status", "active");
        Run("Remove-MayrosSession -Session gone -Confirm:$false").ShouldSucceed();
        Assert.NotEmpty(EventsOf("gone"));

        var purge = Run("Remove-MayrosSession -Session gone -Purge -Confirm:$false");

        purge.ShouldSucceed();
        Assert.Empty(EventsOf("gone"));
        Assert.Empty(RemoveSessionTests.EventSubjects(Cortex, Ns, "gone"));
        Assert.Empty(RemoveSessionTests.Snapshot(Cortex, Ns));
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("500")]
    [InlineData("lost-answer")]
    [InlineData("429")]
    public void AnInterruptedPurgeIsFinishedByRunningItAgainAndNeverTouchesAnotherSession(string fault)
    {
        Seed("f", 30);
        SetRecord("f", "status", "active");
        Seed("bystander", 10);
        SetRecord("bystander", "status", "active");
        var own = SubjectsOf("f");
        var bystander = RemoveSessionTests.Snapshot(Cortex, Ns).Where(p => !own.Contains(Subject(p.Value))).ToDictionary(p => p.Key, p => p.Value);
        var deletes = 0;
        var fired = false;
        _proxy.Plan = r =>
        {
            if (fired && fault == "cut")
            {
                return Fault.Drop;
            }

            if (r.Method == "DELETE" && ++deletes == 60)
            {
                fired = true;
                return Faults.Faults.Make(fault);
            }

            return Fault.None;
        };

        var first = Run("Remove-MayrosSession -Session f -Purge -Confirm:$false -CortexPort $args[0] -TimeoutSec 2", _proxy.Port);

        Assert.True(fired, "The fault never struck.");
        var remaining = RemoveSessionTests.Snapshot(Cortex, Ns).Values.Count(t => own.Contains(Subject(t)));
        if (fault == "cut")
        {
            Assert.Equal("CortexUnreachable", first.Error().FullyQualifiedErrorId.Split(',')[0]);
            Assert.True(remaining > 0, "The cut came too late to leave anything to resume.");

            // Half purged is still wholly removed: no listing shows it, no reader counts its events.
            Assert.DoesNotContain("f", Run("Get-MayrosFork").Output.Select(o => o.Prop<string>("SessionKey")));
            Assert.All(EventsOf("f"), e => Assert.True(e.GetProperty("fields").TryGetProperty("removedBy", out _)));

            Run("Remove-MayrosSession -Session f -Purge -Confirm:$false").ShouldSucceed();
        }
        else
        {
            first.ShouldSucceed();
            AssertError(Run("Remove-MayrosSession -Session f -Purge -Confirm:$false"), "SessionNotFound", "RemoveMayrosSessionCommand",
                System.Management.Automation.ErrorCategory.ObjectNotFound);
        }

        var after = RemoveSessionTests.Snapshot(Cortex, Ns);
        Assert.DoesNotContain(after.Values, t => own.Contains(Subject(t)));
        Assert.Equal(bystander, after);
    }

    [Fact]
    public void AnInterruptedPurgeOfALineageIsFinishedByTheSameCommand()
    {
        Seed("s", 12);
        Run("New-MayrosFork -Session s -Name f1").ShouldSucceed();
        Run("New-MayrosFork -Session f1 -Name f2").ShouldSucceed();
        Seed("bystander", 4);
        var own = SubjectsOf("s").Concat(SubjectsOf("f1")).Concat(SubjectsOf("f2")).ToHashSet();
        var bystander = RemoveSessionTests.Snapshot(Cortex, Ns).Where(p => !own.Contains(Subject(p.Value))).ToDictionary(p => p.Key, p => p.Value);
        var deletes = 0;
        _proxy.Plan = r => r.Method == "DELETE" && ++deletes >= 40 ? Fault.Drop : Fault.None;

        var first = Run("Remove-MayrosSession -Session s -Recurse -Purge -Confirm:$false -CortexPort $args[0] -TimeoutSec 2", _proxy.Port);

        Assert.Equal("CortexUnreachable", first.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.DoesNotContain(Run("Get-MayrosFork").Output, o => o.Prop<string>("SessionKey") != "bystander");

        // The forks' records are gone, so the family tree no longer names them: the removal they share finds them.
        Run("Remove-MayrosSession -Session s -Recurse -Purge -Confirm:$false").ShouldSucceed();

        var after = RemoveSessionTests.Snapshot(Cortex, Ns);
        Assert.DoesNotContain(after.Values, t => own.Contains(Subject(t)));
        Assert.Equal(bystander, after);
    }

    [Fact]
    public async Task APurgeKeepsToCortexsRateLimitInsteadOfRunningIntoIt()
    {
        // 1,200 a minute: a burst of 1,200, then 20 a second. The purge needs more than the burst.
        await using var limited = new RateLimitedCortex();
        await limited.InitializeAsync();
        limited.AddEvents(Ns, CortexFixture.Session("big", 140, Start));
        limited.Server.Requests.Clear();

        var result = Shell.Run($"Remove-MayrosSession -Session big -Purge -Confirm:$false -CortexPort {limited.Port} -PassThru -Verbose");

        result.ShouldSucceed();
        var requests = limited.Server.Requests.Snapshot();
        Assert.True(requests.Count(r => r.Method == "DELETE") > 1_200, $"Only {requests.Count(r => r.Method == "DELETE")} deletes: the test must need more than the burst.");
        Assert.DoesNotContain(requests, r => r.Status == 429);
        Assert.Empty(limited.Events(Ns));
        Assert.Contains(result.Verbose, v => v.Contains("requests a minute; deleting one every", StringComparison.Ordinal));
    }

    /// <summary>A Cortex with its limiter on, at 1,200 requests a minute.</summary>
    private sealed class RateLimitedCortex : CortexFixture, IAsyncDisposable
    {
        protected override LocalCortex.CortexServerOptions CreateOptions() => new() { Port = 0, DataDirectory = null, RateLimitPerMinute = 1200 };

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}

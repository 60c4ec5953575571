using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Faults;

/// <summary>Where a fault strikes: the n-th request of a kind.</summary>
public sealed record Target(string Name, string Method, string Path, int Occurrence)
{
    public bool Matches(ProxiedRequest r) => r.Method == Method
        && (Path.EndsWith('=') ? r.PathAndQuery.StartsWith(Path, StringComparison.Ordinal) : r.PathAndQuery.Split('?')[0] == Path);

    public override string ToString() => Name;
}

/// <summary>The faults of issue 4, by name; "cut" drops every request from the target on.</summary>
public static class Faults
{
    public static readonly string[] Names = { "cut", "500", "429", "stall", "malformed", "lost-answer" };

    /// <summary>Faults that strike once and that a retry must get past.</summary>
    public static bool Recoverable(string fault) => fault is "500" or "429" or "stall" or "lost-answer";

    public static Fault Make(string fault) => fault switch
    {
        "500" => Fault.Status(500, "{\"error\":\"Internal error: storage hiccup\",\"code\":\"INTERNAL_ERROR\"}"),
        "429" => Fault.Status(429, "{\"error\":\"Rate limit exceeded. Retry after 1 seconds\",\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":1}", "1"),
        "stall" => Fault.Stall(TimeSpan.FromSeconds(3)), // past the tests' -TimeoutSec 2
        "malformed" => Fault.Malformed(),
        "lost-answer" => Fault.ApplyThenDrop,
        _ => Fault.Drop,
    };

    /// <summary>A plan that applies the fault once at the target (or, for "cut", from the target on).</summary>
    public static Func<ProxiedRequest, Fault> Plan(string fault, Target target)
    {
        var seen = 0;
        var fired = false;
        return r =>
        {
            if (fired && fault == "cut")
            {
                return Fault.Drop;
            }

            if (!fired && target.Matches(r) && ++seen == target.Occurrence)
            {
                fired = true;
                return Make(fault);
            }

            return Fault.None;
        };
    }

    public static readonly string[] ClearErrors =
    {
        "CortexUnreachable", "CortexRequestTimedOut", "CortexServerError", "CortexResponseInvalid", "CortexRateLimited",
    };
}

/// <summary>New-MayrosFork through a proxy that fails it in every way issue 4 lists.</summary>
public sealed class ForkFaultTests : HostedTest, IAsyncLifetime
{
    // Events of about 900 bytes: their copies take two event writes (the second is a target).
    private const int Events = 1_500;
    private const int Payload = 700;
    private FaultProxy _proxy = null!;

    public ForkFaultTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    public static IEnumerable<object[]> Cases() =>
        from fault in Faults.Names
        from target in new[]
        {
            new Target("read", "GET", "/api/v1/events", 1),
            new Target("intent", "POST", "/api/v1/triples/batch", 1),
            new Target("events", "POST", "/api/v1/events", 2),
            new Target("completion", "POST", "/api/v1/triples", 1),
        }
        select new object[] { fault, target };

    public async Task InitializeAsync() => _proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public void AFaultedForkFailsClearlyOrSucceedsAndARerunConverges(string fault, Target target)
    {
        var source = CortexFixture.Session("src", Events, Start, payload: Payload);
        Cortex.AddEvents(Ns, source);
        _proxy.Plan = Faults.Plan(fault, target);

        var first = Run("New-MayrosFork -Session src -Name dst -CortexPort $args[0] -TimeoutSec 2", _proxy.Port);

        Assert.True(_proxy.Seen.Count(target.Matches) >= target.Occurrence, $"The fault never struck: {_proxy.Seen.Count(target.Matches)} requests matched {target}.");
        var failed = first.AllErrors.Any();
        if (Faults.Recoverable(fault))
        {
            first.ShouldSucceed();
        }

        if (failed)
        {
            var error = first.Error();
            Assert.Contains(error.FullyQualifiedErrorId.Split(',')[0], Faults.ClearErrors);
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.Message));

            // Nothing that looks complete: no status for the fork, and no listing shows it.
            Assert.Empty(Record("dst", "status"));
            Assert.DoesNotContain("dst", Run("Get-MayrosFork").Output.Select(o => o.Prop<string>("SessionKey")));
        }

        // The source is untouched (apart from the "forked" status a finished fork gives it).
        var sourceNow = EventsOf("src");
        Assert.Equal(source.Select(e => e.Id).OrderBy(x => x), sourceNow.Select(e => e.GetProperty("id").GetString()).OrderBy(x => x));
        Assert.DoesNotContain(sourceNow, e => e.GetProperty("fields").TryGetProperty("rewound", out _));

        // Running the command again (without faults) converges: one complete fork, no duplicates.
        var again = Run("New-MayrosFork -Session src -Name dst");
        if (failed)
        {
            again.ShouldSucceed();
            Assert.Equal(Events, again.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        }
        else
        {
            Assert.Equal("SessionAlreadyExists", again.Error().FullyQualifiedErrorId.Split(',')[0]);
        }

        var copies = EventsOf("dst");
        Assert.Equal(Events, copies.Count);
        Assert.Equal(Events, copies.Select(e => e.GetProperty("fields").GetProperty("copiedFrom").GetString()).Distinct().Count());
        Assert.Equal(new[] { "active" }, Record("dst", "status"));
        Assert.Equal(new[] { "forked" }, Record("src", "status"));
        Assert.Single(Record("dst", "forkedAt"));
    }

    [Fact]
    public void ARefusedConnectionFailsClearlyAndWritesNothing()
    {
        Seed("src", 10);

        var first = Run("New-MayrosFork -Session src -Name dst -CortexPort $args[0]", EnvironmentScope.FreePort());

        Assert.Equal("CortexUnreachable", first.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(0, Traffic().Writes);
        Run("New-MayrosFork -Session src -Name dst").ShouldSucceed();
        Assert.Equal(10, EventsOf("dst").Count);
    }

    [Fact]
    public void AnUnfinishedForkWhoseCopiesASourceRewindHidIsRefusedAndForksCleanlyOnceRemoved()
    {
        // The fork's copies are written, then its completion is cut: an unfinished fork of all 10 events.
        Seed("src", 10);
        _proxy.Plan = Faults.Plan("cut", new Target("completion", "POST", "/api/v1/triples", 1));
        Assert.NotEmpty(Run("New-MayrosFork -Session src -Name dst -CortexPort $args[0] -TimeoutSec 2", _proxy.Port).AllErrors);
        Run("Invoke-MayrosRewind -Session src -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(4))).ShouldSucceed();

        // Finishing it would give the fork 5 events its source no longer has: refused, and nothing written.
        var refused = Run("New-MayrosFork -Session src -Name dst");
        Assert.Equal(0, Traffic().Writes);
        AssertError(refused, "SessionAlreadyExists", "NewMayrosForkCommand", System.Management.Automation.ErrorCategory.ResourceExists);
        var message = refused.Error().ErrorDetails?.Message ?? refused.Error().Exception.Message;
        Assert.Contains("5 of the events it copied are no longer live in 'src'", message, StringComparison.Ordinal);
        Assert.Contains("Remove-MayrosSession -Session 'dst'", message, StringComparison.Ordinal);
        Assert.Equal(10, EventsOf("dst").Count);
        Assert.Empty(Record("dst", "status"));

        // As the message says: remove the unfinished fork, fork again, and the fork holds exactly the live events.
        Run("Remove-MayrosSession -Session dst -Confirm:$false").ShouldSucceed();
        var again = Run("New-MayrosFork -Session src -Name dst");
        Assert.Equal(5, again.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        var live = EventsOf("dst").Select(e => e.GetProperty("fields"))
            .Where(f => !f.TryGetProperty("removedBy", out _) && !f.TryGetProperty("rewound", out _)).Select(f => f.GetProperty("copiedFrom").GetString());
        Assert.Equal(Enumerable.Range(0, 5).Select(n => $"e{n:D6}-src"), live.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { "active" }, Record("dst", "status"));
    }
}

/// <summary>Invoke-MayrosRewind through the same faults.</summary>
public sealed class RewindFaultTests : HostedTest, IAsyncLifetime
{
    // Ids of about 200 characters: the markers of the hidden events take two batch writes (both are targets).
    private const int Events = 2_400;
    private static readonly string LongPrefix = new('x', 190);
    private FaultProxy _proxy = null!;

    public RewindFaultTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    public static IEnumerable<object[]> Cases() =>
        from fault in Faults.Names
        from target in new[]
        {
            new Target("read", "GET", "/api/v1/triples?subject=", 1),
            new Target("markers", "POST", "/api/v1/triples/batch", 2),
            new Target("final", "POST", "/api/v1/triples/batch", 3),
        }
        select new object[] { fault, target };

    [Fact]
    public void TheRewindOfTheseTestsTakesTwoMarkerRequestsAndThenItsRecord()
    {
        // The targets above rely on this shape: batch 1 and 2 are markers, batch 3 is the final record.
        Seed("shape", Events, prefix: LongPrefix);
        _proxy.Plan = _ => Fault.None;

        Run("Invoke-MayrosRewind -Session shape -To $args[0] -Confirm:$false -CortexPort $args[1]", CortexFixture.Iso(Start.AddSeconds(99)), _proxy.Port).ShouldSucceed();

        var batches = _proxy.Seen.Where(r => r.PathAndQuery == "/api/v1/triples/batch").ToList();
        Assert.Equal(3, batches.Count);
    }

    public async Task InitializeAsync() => _proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public void AFaultedRewindFailsClearlyOrSucceedsAndARerunConverges(string fault, Target target)
    {
        Seed("s", Events, prefix: LongPrefix);
        SetRecord("s", "status", "active");
        var point = CortexFixture.Iso(Start.AddSeconds(99));
        _proxy.Plan = Faults.Plan(fault, target);

        var first = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false -CortexPort $args[1] -TimeoutSec 2", point, _proxy.Port);

        Assert.True(_proxy.Seen.Count(target.Matches) >= target.Occurrence, $"The fault never struck: {_proxy.Seen.Count(target.Matches)} requests matched {target}.");
        var failed = first.AllErrors.Any();
        if (Faults.Recoverable(fault))
        {
            first.ShouldSucceed();
            Assert.Equal(Events - 100, first.Single("MayrosRewindResult").Prop<int>("EventsRemoved"));
        }

        if (failed)
        {
            var error = first.Error();
            Assert.Contains(error.FullyQualifiedErrorId.Split(',')[0], Faults.ClearErrors);

            // Half a rewind never shows: the session counts before or after it.
            var count = Run("New-MayrosCheckpoint -Session s -WhatIf").HostText;
            Assert.True(count.Contains($"({Events:N0} live events", StringComparison.Ordinal) || count.Contains("(100 live events", StringComparison.Ordinal), count);
        }

        // Events are never deleted.
        Assert.Equal(Events, EventsOf("s").Count);

        // Running it again (without faults) converges on the rewound session.
        var again = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", point);
        again.ShouldSucceed();
        Assert.Equal(100, again.Single("MayrosRewindResult").Prop<int>("EventsRetained"));
        var marked = Cortex.Triples(predicate: $"{Ns}:event:rewound").Select(t => t.GetProperty("subject").GetString()).ToList();
        Assert.Equal(Events - 100, marked.Count);
        Assert.Equal(new[] { "rewound" }, Record("s", "status"));
        Assert.Equal(new[] { point }, Record("s", "rewindPoint"));
        Assert.Empty(UnfinishedRewinds("s"));
        Assert.Equal(100, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }
}

using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Shell;

/// <summary>What a PowerShell user expects: pipelines, progress, Ctrl+C, tab completion, views.</summary>
public sealed class ShellExperienceTests : HostedTest
{
    public ShellExperienceTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void EveryModelPipesIntoEverySessionCmdlet()
    {
        Seed("p", 5);
        Run("New-MayrosCheckpoint -Session p; New-MayrosFork -Session p -Name kid").ShouldSucceed();
        var producers = new (string Script, string Session)[]
        {
            ("Get-MayrosFork -Session p | Where-Object SessionKey -eq 'p'", "p"),
            ("(Get-MayrosFork -Session p | Where-Object SessionKey -eq 'p').Checkpoints", "p"),
            ("Invoke-MayrosRewind -Session kid -To 2026-03-01T10:00:09Z -Confirm:$false", "kid"),
            ("New-MayrosCheckpoint -Session kid", "kid"),
            ("[pscustomobject]@{ SessionKey = 'p' }", "p"),
            ("'kid'", "kid"),
            ("Get-MayrosCheckpoint -Session p", "p"),
            ("@(Get-MayrosSessionEvent -Session kid)[0]", "kid"),
            ("Get-MayrosFork -Session p -Recurse | Where-Object SessionKey -eq 'kid'", "kid"),
        };

        foreach (var (producer, session) in producers)
        {
            foreach (var consumer in new[] { "New-MayrosCheckpoint -WhatIf", "New-MayrosFork -Name never -WhatIf", "Invoke-MayrosRewind -To 2026-03-01T10:00:09Z -WhatIf" })
            {
                var result = Run($"{producer} | {consumer}");
                result.ShouldSucceed();
                Assert.Contains($"on target \"session '{session}'", result.HostText, StringComparison.Ordinal);
            }

            Assert.Contains(session, Run($"{producer} | Get-MayrosFork").All("MayrosSession").Select(s => s.Prop<string>("SessionKey")));
            var events = Run($"{producer} | Get-MayrosSessionEvent").All("MayrosSessionEvent");
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal(session, e.Prop<string>("SessionKey")));
            var checkpoints = Run($"{producer} | Get-MayrosCheckpoint");
            checkpoints.ShouldSucceed();
            Assert.All(checkpoints.Output, c => Assert.Equal(session, c.Prop<string>("SessionKey")));
        }

        // A rewind result names the rewind to undo, so the pair runs safely twice.
        var rewound = Run("Invoke-MayrosRewind -Session p -To 2026-03-01T10:00:01Z -Confirm:$false | Undo-MayrosRewind -Confirm:$false");
        rewound.ShouldSucceed();
        Assert.Equal(3, rewound.Single("MayrosUndoResult").Prop<int>("EventsRestored"));

        // A fork result stands for the new session.
        Assert.Contains("session 'kid2'", Run("New-MayrosFork -Session p -Name kid2 | New-MayrosCheckpoint -WhatIf").HostText, StringComparison.Ordinal);

        // A connection is not a session.
        var connection = Run("Connect-MayrosCortex -CortexPort $args[0] | New-MayrosCheckpoint", Cortex.Port);
        Assert.Contains("not a session; pass it to -Connection", connection.Error().ToString(), StringComparison.Ordinal);
        Run("Disconnect-MayrosCortex").ShouldSucceed();
    }

    [Fact]
    public void ASessionAndItsForksRewindThroughThePipeline()
    {
        Seed("s", 10);
        Run("New-MayrosFork -Session s -Name s1; New-MayrosFork -Session s -Name s2").ShouldSucceed();

        var result = Run("Get-MayrosFork -Session s | Invoke-MayrosRewind -To 2026-03-01T10:00:04Z -Confirm:$false");

        result.ShouldSucceed();
        Assert.Equal(new[] { "s", "s1", "s2" }, result.All("MayrosRewindResult").Select(r => r.Prop<string>("SessionKey")));
        Assert.All(result.Output, r => Assert.Equal(5, r.Prop<int>("EventsRemoved")));
    }

    [Fact]
    public void LargeRewindsReportProgressAndFinishIt()
    {
        Seed("big", 20_000);

        var result = Run("Invoke-MayrosRewind -Session big -To 2026-03-01T10:00:00Z -Confirm:$false");

        result.ShouldSucceed();
        Assert.Equal(19_999, result.Single("MayrosRewindResult").Prop<int>("EventsRemoved"));
        var progress = result.Progress.Where(p => p.Activity.StartsWith("Rewinding session 'big'", StringComparison.Ordinal)).ToList();
        Assert.True(progress.Count >= 2);
        Assert.Contains(progress, p => p.StatusDescription.StartsWith("Hid ", StringComparison.Ordinal) && p.PercentComplete is > 0 and <= 100);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
    }

    [Fact]
    public async Task CtrlCStopsARunningCommandPromptlyAndWritesNothing()
    {
        Seed("s", 5);
        await using var proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);
        proxy.Plan = r => r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal) ? Fault.Stall(TimeSpan.FromMinutes(2)) : Fault.None;
        using var arrived = new ManualResetEventSlim();
        proxy.Arrived += r => arrived.Set();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Shell.Runspace;
        ps.AddScript("New-MayrosFork -Session s -Name never -CortexPort $args[0]").AddArgument(proxy.Port);

        var running = ps.BeginInvoke();
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(20)), "The command never reached Cortex.");
        var watch = Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"Stopping took {watch.Elapsed}.");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.DoesNotContain(proxy.Seen, r => r.IsWrite);
    }

    [Fact]
    public void SessionKeysCompleteFromCortex()
    {
        foreach (var key in new[] { "exp-1", "exp-2", "with space", "other" })
        {
            SetRecord(key, "status", "active");
        }

        string[] Complete(string line) => Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line)
            .Output.Select(o => o.ToString()).ToArray();

        Assert.Equal(new[] { "exp-1", "exp-2" }, Complete("New-MayrosCheckpoint -Session exp"));
        Assert.Equal(new[] { "'with space'" }, Complete("Get-MayrosFork -Session wi"));
        Assert.Equal(new[] { "exp-1", "exp-2", "other", "'with space'" }, Complete("Invoke-MayrosRewind -Session ").OrderBy(x => x.Trim('\'')).ToArray());
    }

    [Fact]
    public void CheckpointsCompleteByLabelAndIdFromTheTypedSessionOrAll()
    {
        Seed("a", 3);
        Seed("b", 2);
        var first = Run("New-MayrosCheckpoint -Session a -Label 'before refactor'").Single("MayrosCheckpoint").Prop<string>("Id");
        var second = Run("New-MayrosCheckpoint -Session a -Label before-deploy").Single("MayrosCheckpoint").Prop<string>("Id");
        var other = Run("New-MayrosCheckpoint -Session b").Single("MayrosCheckpoint").Prop<string>("Id");

        string[] Complete(string line) => Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line)
            .Output.Select(o => o.ToString()).ToArray();

        Assert.Equal(new[] { "'before refactor'", "before-deploy" }, Complete("Invoke-MayrosRewind -Session a -Checkpoint bef").OrderBy(x => x));
        Assert.Equal(new[] { other }, Complete("New-MayrosFork -Session b -Checkpoint cp-"));
        Assert.Equal(new[] { other, second, first }.OrderBy(x => x), Complete("Invoke-MayrosRewind -Checkpoint cp-").OrderBy(x => x));
    }

    [Fact]
    public void RemoveMayrosCheckpointCompletesIdsForIdAndLabelsForLabel()
    {
        Seed("a", 3);
        var id = Run("New-MayrosCheckpoint -Session a -Label before-deploy").Single("MayrosCheckpoint").Prop<string>("Id");

        string[] Complete(string line) => Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line)
            .Output.Select(o => o.ToString()).ToArray();

        Assert.Equal(new[] { id }, Complete("Remove-MayrosCheckpoint -Session a -Id "));
        Assert.Equal(new[] { "before-deploy" }, Complete("Remove-MayrosCheckpoint -Session a -Label "));
    }

    [Fact]
    public void CompletionIsQuickAndSilentWhenCortexIsAway()
    {
        var watch = Stopwatch.StartNew();
        var result = Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches",
            $"New-MayrosFork -CortexPort {EnvironmentScope.FreePort()} -Session ex");
        watch.Stop();

        result.ShouldSucceed();
        Assert.Empty(result.Output);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"Completion took {watch.Elapsed}.");
    }

    [Fact]
    public void EveryOutputTypeHasATableAndAListView()
    {
        // The output types; the collections on them (MayrosList, MayrosFields) are shown through their owners' views.
        var models = Run("(Get-Command New-MayrosCheckpoint).ImplementingType.Assembly.GetExportedTypes() | Where-Object Namespace -eq 'Mayros.PowerShell.Models' | " +
            "Where-Object { -not [System.Collections.IEnumerable].IsAssignableFrom($_) } | ForEach-Object FullName")
            .Output.Select(o => o.ToString()).ToList();
        var format = XDocument.Load(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(MayrosShell.ManifestPath)!, "Mayros.Format.ps1xml"));
        var views = format.Descendants("View").Select(v => (Type: v.Element("ViewSelectedBy")!.Element("TypeName")!.Value, Table: v.Element("TableControl") != null,
            List: v.Element("ListControl") != null)).ToList();

        Assert.True(models.Count >= 5);
        foreach (var model in models)
        {
            Assert.Contains(views, v => v.Type == model && v.Table);
            Assert.Contains(views, v => v.Type == model && v.List);
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LocalCortex;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.History;

/// <summary>Get-MayrosSessionHistory and Test-MayrosSession -Verify against the local Cortex's signed DAG.</summary>
public sealed class SessionHistoryTests : HostedTest
{
    public SessionHistoryTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    private PSObject[] History(string session, string extra = "") =>
        Run("Get-MayrosSessionHistory -Session $args[0] " + extra, session).All("MayrosSessionChange").ToArray();

    [Fact]
    public void TheHistoryOfACheckpointedForkedRewoundUndoneAndRemovedSessionListsExactlyThoseChanges()
    {
        Seed("src", 6);
        Seed("bystander", 3);
        Run("New-MayrosCheckpoint -Session src -Label known-good").ShouldSucceed();
        Run("New-MayrosFork -Session src -Name kid").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session src -To $args[0] -Confirm:$false", Start.AddSeconds(2)).ShouldSucceed();
        Run("Undo-MayrosRewind -Session src -Confirm:$false").ShouldSucceed();
        Run("Remove-MayrosSession -Session kid -Confirm:$false").ShouldSucceed();

        var result = Run("Get-MayrosSessionHistory -Session src");
        result.ShouldSucceed();
        Assert.Equal((4, 1), Traffic()); // three history listings (the record, bracketed too, and its log) and one sync (a POST that writes nothing), whatever the size
        var src = result.All("MayrosSessionChange");
        var kinds = src.Select(c => c.Prop<string>("Change")).Where(k => k != "Delete" && k != "Status").Distinct().ToArray();
        Assert.Equal(new[] { "Checkpoint", "Rewind", "Undo" }, kinds);
        Assert.Contains(src, c => Regex.IsMatch(c.Prop<string>("Description"), @"^checkpoint cp-[0-9a-f]{12} labelled known-good \(6 events\)$"));
        Assert.Contains(src, c => Regex.IsMatch(c.Prop<string>("Description"), @"^rewind rw-[0-9a-f]{12} to 2026-03-01T10:00:02\.000Z, 3 events hidden$"));
        Assert.Contains(src, c => Regex.IsMatch(c.Prop<string>("Description"), @"^rewind rw-[0-9a-f]{12} undone, 3 events back$"));
        Assert.Contains(src, c => c.Prop<string>("Description") == "status set to forked");
        Assert.All(src, c =>
        {
            Assert.Matches("^[0-9a-f]{64}$", c.Prop<string>("Hash"));
            Assert.Equal("node:local", c.Prop<string>("Author"));
            Assert.True(c.Prop<bool>("Signed"));
        });
        var times = src.Select(c => c.Prop<DateTimeOffset>("Timestamp")).ToList();
        Assert.Equal(times.OrderBy(t => t), times);

        var kid = History("kid");
        Assert.Equal("Fork", kid[0].Prop<string>("Change"));
        Assert.Equal("fork of src taken", kid[0].Prop<string>("Description"));
        var written = kid.Where(c => c.Prop<string>("Change") != "Delete").Sum(c => c.Prop<int>("Triples"));
        var deleted = kid.Where(c => c.Prop<string>("Change") == "Delete").ToList();
        Assert.True(deleted.Count >= 4, "the removal deleted the record's triples one by one");
        Assert.Contains(deleted, c => c.Prop<string>("Description") == "record value deleted: status active");
        Assert.True(written >= deleted.Sum(c => c.Prop<int>("Triples")));

        // Events only: no record, so no history of its record, and a warning that says why rather than silence.
        var bystander = Run("Get-MayrosSessionHistory -Session bystander");
        bystander.ShouldSucceed();
        Assert.Empty(bystander.All("MayrosSessionChange"));
        Assert.Contains(bystander.Warnings, w => w.Contains("files no change under the record of session 'bystander'", StringComparison.Ordinal));
        var nothing = Run("Test-MayrosSession -Session bystander -Verify");
        AssertError(nothing, "SessionHistoryNotFound", "TestMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Empty(nothing.All("MayrosSessionVerification"));
        Assert.Contains("nothing to verify", nothing.Error().Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SinceAndBeforeKeepTheChangesOfAWindow()
    {
        Seed("s", 3);
        Run("New-MayrosCheckpoint -Session s -Label one").ShouldSucceed();
        var middle = DateTimeOffset.UtcNow;
        System.Threading.Thread.Sleep(20);
        Run("New-MayrosCheckpoint -Session s -Label two").ShouldSucceed();

        Assert.Equal(new[] { "two" }, History("s", "-Since '" + middle.ToString("o") + "'")
            .Select(c => Regex.Match(c.Prop<string>("Description"), "labelled (\\w+)").Groups[1].Value));
        Assert.Equal(new[] { "one" }, History("s", "-Before '" + middle.ToString("o") + "'")
            .Where(c => c.Prop<string>("Change") == "Checkpoint").Select(c => Regex.Match(c.Prop<string>("Description"), "labelled (\\w+)").Groups[1].Value));
    }

    [Fact]
    public void AnUntouchedHistoryVerifiesAndATamperedActionIsNamed()
    {
        Seed("s", 4);
        Seed("other", 2);
        Run("New-MayrosCheckpoint -Session other -Label c").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session s -Label a").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session s -Label b").ShouldSucceed();

        var ok = Run("Test-MayrosSession -Session s -Verify");
        ok.ShouldSucceed();
        Assert.Equal((6, 2), Traffic()); // stats, three history listings, a sync for the actions and one for their other parents (POSTs that write nothing)
        var verdict = ok.Single("MayrosSessionVerification");
        Assert.True(verdict.Prop<bool>("Verified"));
        Assert.Equal(2, verdict.Prop<int>("Actions"));
        Assert.Equal("Node", verdict.Prop<string>("KeySource"));
        Assert.Empty(ok.Warnings);

        var tampered = History("s").Last().Prop<string>("Hash");
        var action = Cortex.Server.State.Dag!.Get(tampered)!;
        action.PayloadJson = action.PayloadJson.Replace("\\\"label\\\":\\\"b\\\"", "\\\"label\\\":\\\"B\\\"", StringComparison.Ordinal);
        Assert.True(action.Tampered, "the test changed the stored action");

        var bad = Run("Test-MayrosSession -Session s -Verify");
        var failed = bad.Single("MayrosSessionVerification");
        Assert.False(failed.Prop<bool>("Verified"));
        // Cortex lists the changed action under the hash its content has now, and holds no action under that hash.
        var listed = Assert.Single(History("s"), c => c.Prop<string>("Change") == "Unverifiable").Prop<string>("Hash");
        Assert.NotEqual(tampered, listed);
        var failure = Assert.Single(Run("(Test-MayrosSession -Session s -Verify -WarningAction SilentlyContinue).Failures").Output);
        Assert.Equal(listed, failure.Prop<string>("Hash"));
        Assert.Contains("changed after it was recorded", failure.Prop<string>("Problem"), StringComparison.Ordinal);
        Assert.Contains(bad.Warnings, w => w.Contains(listed, StringComparison.Ordinal));
        Assert.False(Run("Test-MayrosSession -Session s -Verify -Quiet").Output.Single().BaseObject as bool? ?? true);
        // A session whose actions came before the changed one still verifies; one written after it names it as a parent.
        Assert.True((bool)Run("Test-MayrosSession -Session other -Verify -Quiet").Output.Single().BaseObject);
        Run("New-MayrosCheckpoint -Session other -Label d").ShouldSucceed();
        var after = Run("(Test-MayrosSession -Session other -Verify -WarningAction SilentlyContinue).Failures").Output.Single();
        Assert.Contains("its parent " + tampered, after.Prop<string>("Problem"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherKeyFailsEverySignatureAndABadKeyIsRefusedBeforeAnyRequest()
    {
        Seed("s", 2);
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();
        var otherKey = new LocalCortex.Dag.DagSigner(new byte[32]).PublicKeyHex;
        var result = Run("Test-MayrosSession -Session s -Verify -PublicKey $args[0]", otherKey);
        var verdict = result.Single("MayrosSessionVerification");
        Assert.False(verdict.Prop<bool>("Verified"));
        Assert.Equal("Parameter", verdict.Prop<string>("KeySource"));
        Assert.Contains(result.Warnings, w => w.Contains("signature does not verify", StringComparison.Ordinal));

        var refused = Run("Test-MayrosSession -Session s -Verify -PublicKey nothex");
        AssertError(refused, "InvalidPublicKey", "TestMayrosSessionCommand", ErrorCategory.InvalidArgument);
        Assert.Contains("64 hexadecimal characters", refused.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Requests);
    }

    [Fact]
    public void TheHistoryTableFitsEightyColumns()
    {
        Seed("a-rather-long-session-key", 3);
        Run("New-MayrosCheckpoint -Session a-rather-long-session-key -Label before-the-long-refactor").ShouldSucceed();
        var text = Run("Get-MayrosSessionHistory -Session a-rather-long-session-key | Format-Table | Out-String -Width 80; " +
            "Test-MayrosSession -Session a-rather-long-session-key -Verify | Format-Table | Out-String -Width 80").Output.Select(o => o.ToString()).ToList();
        var lines = string.Join("\n", text).Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.Contains(lines, l => l.Contains("SessionKey: a-rather-long-session-key", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("a-rather-long-session-key True", StringComparison.Ordinal));
    }
}

/// <summary>A Cortex built without its DAG: each history cmdlet says so in one clear error.</summary>
public sealed class NoDagHistoryTests : IAsyncLifetime
{
    private readonly LocalCortexServer _cortex = new(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = 0, Dag = false });
    public Task InitializeAsync() => _cortex.InitializeAsync();

    public Task DisposeAsync() => _cortex.DisposeAsync();

    [Theory]
    [InlineData("Get-MayrosSessionHistory -Session s", "GetMayrosSessionHistoryCommand")]
    [InlineData("Test-MayrosSession -Session s -Verify", "TestMayrosSessionCommand")]
    [InlineData("Restore-MayrosSession -Session s -Force", "RestoreMayrosSessionCommand")]
    public void TheCommandStopsWithCortexDagUnavailable(string command, string type) => AssertDagUnavailable(_cortex.Port, command, type, "keeps no DAG");

    /// <summary>Runs a history cmdlet against the port and checks it stopped with CortexDagUnavailable, its message saying <paramref name="says"/>.</summary>
    internal static void AssertDagUnavailable(int port, string command, string type, string says)
    {
        using var shell = new MayrosShell();
        var result = shell.Run(command + " -CortexHost 127.0.0.1 -CortexPort $args[0] -Namespace ns", port);
        var error = result.Error();
        Assert.Equal($"CortexDagUnavailable,Mayros.PowerShell.Commands.{type}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains(says, error.Exception.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// A Cortex built with its DAG routes on a graph whose DAG store is off answers 500 "DAG not enabled" (CORTEX-DAG.md
/// §1): each history cmdlet says that in the same one error, not as a server fault, and writes nothing.
/// </summary>
public sealed class DagStoreDisabledTests : IAsyncLifetime
{
    private const string NotEnabled = "{\"error\":\"DAG not enabled\",\"code\":\"INTERNAL_ERROR\"}";
    private readonly LocalCortexServer _cortex = new(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = 0 });
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        await _cortex.InitializeAsync();
        _proxy = await FaultProxy.StartAsync(_cortex.Server.BaseAddress);
        _proxy.Plan = r => r.PathAndQuery.StartsWith("/api/v1/dag/", StringComparison.Ordinal) ? Fault.Status(500, NotEnabled) : Fault.None;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _cortex.DisposeAsync();
    }

    [Theory]
    [InlineData("Get-MayrosSessionHistory -Session s", "GetMayrosSessionHistoryCommand")]
    [InlineData("Test-MayrosSession -Session s -Verify", "TestMayrosSessionCommand")]
    [InlineData("Restore-MayrosSession -Session s -Force", "RestoreMayrosSessionCommand")]
    public void TheCommandStopsWithCortexDagUnavailable(string command, string type)
    {
        NoDagHistoryTests.AssertDagUnavailable(_proxy.Port, command, type, "'DAG not enabled'");
        Assert.DoesNotContain(_proxy.Seen, r => r.IsWrite && !r.PathAndQuery.StartsWith("/api/v1/dag/", StringComparison.Ordinal));
    }
}

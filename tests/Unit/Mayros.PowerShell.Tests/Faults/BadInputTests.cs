using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Faults;

/// <summary>Bad input, each with its error id, and proof that nothing was written (most are refused before any request).</summary>
public sealed class BadInputTests : HostedTest, IAsyncLifetime
{
    private static readonly string LongKey = new('k', 10_000);
    private FaultProxy _proxy = null!;

    public BadInputTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    public static IEnumerable<object[]> BadKeys() =>
        from key in new[] { string.Empty, "   ", "tab\there", "bell\u0007", "<mayros:session:s>", LongKey }
        from command in new[]
        {
            "New-MayrosCheckpoint -Session $args[0]",
            "New-MayrosFork -Session $args[0] -Name ok",
            "New-MayrosFork -Session s -Name $args[0]",
            "Invoke-MayrosRewind -Session $args[0] -To 2026-03-01T10:00:00Z -Confirm:$false",
            "Get-MayrosFork -Session $args[0]",
        }
        select new object[] { command, key };

    public async Task InitializeAsync()
    {
        Seed("s", 20);
        _proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void ABadSessionKeyOrNameIsRefusedBeforeAnyRequest(string command, string key)
    {
        var result = Run(command, key);

        var error = result.Error();
        Assert.Equal("InvalidSessionKey", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Matches("-(Session|Name)", error.ErrorDetails.Message);
        Assert.True(error.ErrorDetails.Message.Length < 400, "The message must not echo a 10,000-character key.");
        Assert.Equal((0, 0), Traffic());
    }

    [Theory]
    [InlineData("yesterday", "ParameterArgumentTransformationError", ErrorCategory.InvalidData)]
    [InlineData("2026-02-30T00:00:00Z", "ParameterArgumentTransformationError", ErrorCategory.InvalidData)]
    [InlineData("1700000000", "ParameterArgumentTransformationError", ErrorCategory.InvalidData)]
    [InlineData("2999-01-01T00:00:00Z", "RewindPointInFuture", ErrorCategory.InvalidArgument)]
    public void ABadRewindPointIsRefusedAndWritesNothing(string to, string errorId, ErrorCategory category)
    {
        var result = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", to);

        Assert.Equal(errorId, result.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(category, result.Error().CategoryInfo.Category);
        Assert.Equal(0, Traffic().Writes);
    }

    [Fact]
    public void ATokenToACortexWithoutAuthenticationSaysTheTokenMayBeRefusedNotThePort()
    {
        Seed("s", 2);
        var before = Cortex.Triples().Count;

        var result = Run("New-MayrosCheckpoint -Session s -CortexToken 'tok-7f3a-SECRET'");

        AssertError(result, "CortexUnreachable", "NewMayrosCheckpointCommand", ErrorCategory.ConnectionError);
        var error = result.Error();
        Assert.Contains("the token may be refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("AINGLE_JWT_SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("19090", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("send none", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-7f3a-SECRET", result.AllText, StringComparison.Ordinal);
        Assert.Equal(before, Cortex.Triples().Count);
    }

    [Fact]
    public void ARewindPointWithoutAnOffsetIsAcceptedAsUtc()
    {
        var rewind = Run("Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:09' -Confirm:$false").Single("MayrosRewindResult");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 9, TimeSpan.Zero), rewind.Prop<DateTimeOffset>("RewindPoint"));
    }

    [Fact]
    public void AnUnknownNamespaceHasNoSessionsAndWritesNothing()
    {
        var result = Run("New-MayrosFork -Session s -Name t -Namespace nobody-uses-this");

        Assert.Equal("SessionNotFound", result.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("namespace 'nobody-uses-this'", result.Error().ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("<mayros>")]
    public void AnUnusableNamespaceStopsTheCommand(string ns)
    {
        Traffic();
        var error = Shell.CatchTerminating("New-MayrosCheckpoint -Session s -Namespace $args[0]", ns);

        Assert.Equal("InvalidNamespace,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand", error!.FullyQualifiedErrorId);
        Assert.Equal((0, 0), Traffic());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    public void APortOutOfRangeIsABindingError(string port)
    {
        var result = Run("Get-MayrosFork -CortexPort $args[0]", port);

        Assert.Equal("ParameterArgumentValidationError", result.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal((0, 0), Traffic());
    }

    [Theory]
    [InlineData("{\"events\":\"not a list\"}")]
    [InlineData("{\"events\":[{\"id\":5,\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"x\"}]}")]
    [InlineData("[1,2,3]")]
    [InlineData("<html>Bad gateway</html>")]
    public void AnAnswerInTheWrongShapeIsCortexResponseInvalidAndWritesNothing(string body)
    {
        _proxy.Plan = r => r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal) ? Fault.Malformed(body) : Fault.None;

        var result = Run("New-MayrosFork -Session s -Name t -CortexPort $args[0]", _proxy.Port);

        var error = result.Error();
        Assert.Equal("CortexResponseInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("GET /api/v1/events", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_proxy.Seen, r => r.IsWrite);
    }

    [Fact]
    public void ATokenOverPlainHttpToAnotherMachineIsWarnedAbout()
    {
        // 192.0.2.1 is TEST-NET-1: never a real host. The command then fails; the warning came first.
        var result = Run("Get-MayrosFork -CortexHost 192.0.2.1 -CortexToken 'x' -TimeoutSec 1 -ErrorAction SilentlyContinue");

        Assert.Contains(result.Warnings, w => w.Contains("unencrypted over plain HTTP to http://192.0.2.1", StringComparison.Ordinal));
        Assert.DoesNotContain(Run("Get-MayrosFork -CortexToken 'x' -ErrorAction SilentlyContinue").Warnings, w => w.Contains("unencrypted", StringComparison.Ordinal));
    }
}

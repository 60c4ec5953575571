using System;
using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>The request counts the README promises, counted at the server.</summary>
public sealed class RequestCountTests : HostedTest
{
    public RequestCountTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void EachCmdletMakesTheRequestsTheReadmeSays()
    {
        Seed("s", 50);
        SetRecord("s", "status", "active");

        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();
        Assert.Equal((3, 1), Traffic());

        // Fork: 3 reads, the intent, its re-read, 1 event request, the source's new status and the old one's delete, the fork's status.
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        Assert.Equal((9, 5), Traffic());

        // Rewind: 2 reads, 1 marker request, the record, and the deletes of the old status.
        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal((5, 3), Traffic());

        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal((2, 0), Traffic());

        Run("Get-MayrosFork").ShouldSucceed();
        Assert.Equal((6, 0), Traffic());
    }
}

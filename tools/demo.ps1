<#
.SYNOPSIS
    Shows the Mayros module working against a local Cortex on a fresh machine: builds, starts the local Cortex
    server, seeds an agent session, then checkpoints, forks, compares, rewinds, undoes and lists it.
.EXAMPLE
    pwsh -File tools/demo.ps1
.EXAMPLE
    pwsh -File tools/demo.ps1 -Port 19090 -KeepServer
#>
[CmdletBinding()]
param(
    # The port for the local Cortex (0 picks a free one).
    [int] $Port = 8080,
    # Skip `dotnet build` (when the module is already staged in out/).
    [switch] $NoBuild,
    # Leave the local Cortex running after the demo.
    [switch] $KeepServer
)

# Only engine cmdlets and .NET here, so the demo runs in any PowerShell (and in the tests' core-only runspace).
$ErrorActionPreference = 'Stop'
$repo = [System.IO.Path]::GetDirectoryName($PSScriptRoot)
function Say([string] $Text) { $Host.UI.WriteLine($Text) }

if (-not $NoBuild) {
    $build = [System.Diagnostics.Process]::Start('dotnet', "build `"$([System.IO.Path]::Combine($repo, 'Mayros.sln'))`" --nologo -v quiet")
    $build.WaitForExit()
    if ($build.ExitCode -ne 0) { throw "dotnet build failed ($($build.ExitCode))." }
}

$manifest = @([System.IO.Directory]::GetFiles([System.IO.Path]::Combine($repo, 'out', 'Mayros'), 'Mayros.psd1', 'AllDirectories'))[0]
Import-Module $manifest -Force
Import-Module ([System.IO.Path]::Combine($repo, 'tests', 'Pester', 'LocalCortex.psm1')) -Force

$cortex = Start-LocalCortex -Port $Port
try {
    Say "Local Cortex listening on $($cortex.Uri)"
    $PSDefaultParameterValues['*-Mayros*:CortexPort'] = $cortex.Port
    $PSDefaultParameterValues['*-Mayros*:Namespace'] = 'demo'

    # An agent session of 30 events, one second apart, as Mayros agents write them.
    $start = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
    function New-DemoEvents([string] $Session, [int] $Count, [datetime] $From) {
        for ($i = 0; $i -lt $Count; $i++) {
            [pscustomobject]@{
                Session   = $Session
                Id        = "e$i-$Session"
                ParentId  = if ($i -gt 0) { "e$($i - 1)-$Session" } else { $null }
                Timestamp = $From.AddSeconds($i)
                Fields    = @{ step = "$i" }
            }
        }
    }

    Say "# New-DemoEvents agent:main:main 30 | Add-MayrosSessionEvent -Type tool_call -Agent agent-1"
    New-DemoEvents 'agent:main:main' 30 $start | Add-MayrosSessionEvent -Type tool_call -Agent agent-1

    Say "`n# Get-MayrosSession"
    Get-MayrosSession | Out-Default

    Say "# New-MayrosCheckpoint -Session agent:main:main -Label known-good"
    New-MayrosCheckpoint -Session 'agent:main:main' -Label known-good | Out-Default

    Say "# New-MayrosFork -Session agent:main:main -Name experiment -Checkpoint known-good"
    New-MayrosFork -Session 'agent:main:main' -Name experiment -Checkpoint known-good | Out-Default

    Say "# (the experiment runs on in the fork: 5 more events)"
    New-DemoEvents experiment 5 $start.AddHours(1) | Add-MayrosSessionEvent -Type tool_call -Agent agent-1

    Say "# Compare-MayrosSession -ReferenceSession agent:main:main -DifferenceSession experiment"
    Compare-MayrosSession -ReferenceSession 'agent:main:main' -DifferenceSession experiment | Out-Default

    Say "# Invoke-MayrosRewind -Session experiment -To 2026-03-01T10:00:19Z -Confirm:`$false"
    $rewind = Invoke-MayrosRewind -Session experiment -To '2026-03-01T10:00:19Z' -Confirm:$false
    $rewind | Out-Default

    Say "# `$rewind | Undo-MayrosRewind -Confirm:`$false"
    $rewind | Undo-MayrosRewind -Confirm:$false | Out-Default

    Say "# Get-MayrosSessionEvent -Session experiment -After 2026-03-01T10:00:27Z"
    Get-MayrosSessionEvent -Session experiment -After '2026-03-01T10:00:27Z' | Out-Default

    Say "# Invoke-MayrosRewind -Session experiment -To 2026-03-01T10:00:19Z -Confirm:`$false"
    Invoke-MayrosRewind -Session experiment -To '2026-03-01T10:00:19Z' -Confirm:$false | Out-Default

    Say "# Get-MayrosFork | New-MayrosCheckpoint"
    Get-MayrosFork | New-MayrosCheckpoint | Out-Default

    Say "# Get-MayrosFork -Recurse"
    Get-MayrosFork -Recurse | Out-Default

    Say "# Get-MayrosSession"
    Get-MayrosSession | Out-Default
}
finally {
    $PSDefaultParameterValues.Remove('*-Mayros*:CortexPort')
    $PSDefaultParameterValues.Remove('*-Mayros*:Namespace')
    if ($KeepServer) {
        Say "The local Cortex keeps running on $($cortex.Uri) (process $($cortex.Process.Id))."
    }
    else {
        Stop-LocalCortex -Cortex $cortex
    }
}

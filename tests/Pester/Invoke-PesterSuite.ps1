<#
.SYNOPSIS
    Runs the Pester suite (tests/Pester/*.Tests.ps1) against the staged module in this PowerShell, and exits with 0
    only when every test passed, none was skipped and every file ran.
.DESCRIPTION
    build.ps1 -Task Test starts this script once per PowerShell it tests (7.6 and 7.4), each in a fresh process so
    that no module under test is loaded before it starts. It prints the PowerShell version first and Pester's own
    summary line last.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Pester/Invoke-PesterSuite.ps1 -PesterPath out/tools/Pester/5.9.1/Pester.psd1
#>
[CmdletBinding()]
param(
    # Pester's manifest (Pester.psd1). Default: the Pester the project restores (out/tools/Pester/<version>),
    # else a Pester 5 installed on this machine.
    [string] $PesterPath,

    # The build configuration whose local Cortex server the tests start (Debug or Release).
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # The test files or folders to run (for a quick run of one file); all of tests/Pester by default.
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
$repo = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($PSScriptRoot))

if (-not $PesterPath) {
    $PesterPath = @(Get-ChildItem -Path (Join-Path $repo 'out/tools/Pester') -Filter Pester.psd1 -Recurse -ErrorAction SilentlyContinue |
            Sort-Object { [version]$_.Directory.Name } -Descending | Select-Object -First 1 -ExpandProperty FullName)
}

if ($PesterPath) {
    Import-Module $PesterPath -Force
}
elseif (Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.0')) {
    Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop
}
else {
    throw "Pester 5 is neither staged in $(Join-Path $repo 'out/tools/Pester') (dotnet build Mayros.sln stages the project's Pester 5.9.1 there) nor installed; pass -PesterPath."
}

$pester = Get-Module Pester
$env:MAYROS_TEST_CONFIGURATION = $Configuration
# Retries pause 20 ms instead of 250 ms, 0.5 s and 1 s: the tests of an unreachable Cortex still see every retry.
$env:MAYROS_RETRY_DELAY_MS = 20
Write-Host ("PowerShell {0} ({1}, {2}) with Pester {3}" -f $PSVersionTable.PSVersion, $PSVersionTable.PSEdition,
    [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription, $pester.Version)

$config = New-PesterConfiguration
# pwsh -File passes "a.ps1,b.ps1" as one string: split it, as a script called from PowerShell would get an array.
$config.Run.Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ([Console]::IsOutputRedirected -or $env:NO_COLOR) {
    $config.Output.RenderMode = 'Plaintext'
}

$result = Invoke-Pester -Configuration $config

$problems = @()
if ($null -eq $result) { $problems += 'Pester returned no result' }
elseif ($result.FailedCount -gt 0) { $problems += "$($result.FailedCount) failed" }
if ($result.FailedContainersCount -gt 0) { $problems += "$($result.FailedContainersCount) test files could not run" }
if ($result.FailedBlocksCount -gt 0) { $problems += "$($result.FailedBlocksCount) blocks failed in setup or teardown" }
if ($result.SkippedCount -gt 0) { $problems += "$($result.SkippedCount) skipped" }
if (-not $result.PassedCount) { $problems += 'no test passed' }

if ($problems) {
    Write-Host ("Pester on PowerShell {0}: {1}." -f $PSVersionTable.PSVersion, ($problems -join ', '))
    exit 1
}

Write-Host ("Pester on PowerShell {0}: all {1} tests passed." -f $PSVersionTable.PSVersion, $result.PassedCount)
exit 0

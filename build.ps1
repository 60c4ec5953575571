<#
.SYNOPSIS
    Builds, documents, tests, analyses and packages the Mayros module.
.DESCRIPTION
    The README's commands run this script in the project's own pwsh (a local dotnet tool), so a machine with only
    the .NET SDK needs nothing else:

        dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test

    Test runs everything, and fails when anything fails:
      1. dotnet build Mayros.sln (which stages the module and Pester), then the xunit suites (dotnet test): the local
         Cortex's contract tests, the module's logic tests, and the hosted tests, which import the staged module into
         PowerShell 7.6 runspaces; then the chaos soak's 60-second run (bench/Mayros.Soak, seed 28);
      2. the Pester suite (tests/Pester) in a fresh PowerShell 7.6.10, the project's local dotnet tool;
      3. the same Pester suite in PowerShell 7.4 (../shared/tools/pwsh-7.4 when it is there, or -Pwsh74).
    Pester 5.9.1 comes from the project's own NuGet restore (tools/TestTools stages it in out/tools/Pester).

    The other tasks are plain dotnet commands too:
      Build    dotnet build Mayros.sln            (stages out/Mayros/<version>/, help included)
      Docs     ModuleBuilder.dll help --docs docs/en-US --out out/Mayros/<version>/en-US --online <ProjectUri>/blob/main/docs/en-US/
      Package  ModuleBuilder.dll pack --module out/Mayros/<version> --out artifacts (the .nupkg), then
               ModuleBuilder.dll updatable-help --module out/Mayros/<version> --out artifacts/help (HelpInfo.xml,
               and the help content as .zip and .cab, to attach to the release at the manifest's HelpInfoURI)
    ModuleBuilder.dll is tools/ModuleBuilder/bin/<Configuration>/net10.0/ModuleBuilder.dll, run with dotnet.
.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test, Package -Configuration Release
.EXAMPLE
    ./build.ps1 -Task Test -Pwsh74 /opt/microsoft/powershell/7.4/pwsh
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Docs', 'Test', 'Analyze', 'Package', 'Demo')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # The PowerShell 7.6 that runs the Pester suite. Default: the project's local dotnet tool (pwsh 7.6.10), else
    # MAYROS_PWSH, else the pwsh on PATH.
    [string] $Pwsh = $env:MAYROS_PWSH,

    # The PowerShell 7.4 that runs the Pester suite a second time. Default: MAYROS_PWSH74, else ../shared/tools/pwsh-7.4.
    [string] $Pwsh74 = $env:MAYROS_PWSH74,

    # Runs the Pester suite only once (in -Pwsh), for machines without a PowerShell 7.4.
    [switch] $SkipPowerShell74,

    # Pester's manifest. Default: MAYROS_PESTER, else the Pester 5.9.1 the build restores (out/tools/Pester).
    [string] $PesterPath = $env:MAYROS_PESTER
)

$ErrorActionPreference = 'Stop'
$repo = $PSScriptRoot
$solution = Join-Path $repo 'Mayros.sln'
$version = ([xml](Get-Content -Raw (Join-Path $repo 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
$moduleOut = Join-Path $repo "out/Mayros/$version"
$builder = Join-Path $repo "tools/ModuleBuilder/bin/$Configuration/net10.0/ModuleBuilder.dll"

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    Write-Host "> $File $($Arguments -join ' ')" -ForegroundColor Cyan
    # Out-Host: the command's output is shown, not returned; only the exit code is.
    & $File @Arguments | Out-Host
    $LASTEXITCODE
}

function Assert-Native {
    param([string] $File, [string[]] $Arguments)
    $code = Invoke-Native $File $Arguments
    if ($code -ne 0) { throw "$File exited with $code." }
}

# The PowerShell 7.6 for the Pester run, as a command and the arguments that come before the script's own.
function Resolve-Pwsh {
    if ($Pwsh) { return , @($Pwsh) }
    Push-Location $repo
    try {
        $listed = & dotnet tool list --local 2>$null | Select-String -SimpleMatch 'powershell'
    }
    finally { Pop-Location }
    if ($listed) { return , @('dotnet', 'tool', 'run', 'pwsh', '--') }
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { return , @($onPath.Source) }
    throw 'No pwsh for the Pester suite: run "dotnet tool restore" in the repository (it installs pwsh 7.6.10), or pass -Pwsh.'
}

function Resolve-Pwsh74 {
    if ($Pwsh74) { return $Pwsh74 }
    $shared = Join-Path ([System.IO.Path]::GetDirectoryName($repo)) 'shared/tools/pwsh-7.4'
    if (Test-Path -LiteralPath $shared) { return $shared }
    return $null
}

function Invoke-PesterIn {
    param([string[]] $Command, [string] $Name)
    $arguments = @($Command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $repo 'tests/Pester/Invoke-PesterSuite.ps1'), '-Configuration', $Configuration)
    if ($PesterPath) { $arguments += @('-PesterPath', $PesterPath) }
    Write-Host "`n=== Pester in $Name ===" -ForegroundColor Cyan
    Push-Location $repo
    try { return Invoke-Native $Command[0] $arguments }
    finally { Pop-Location }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Assert-Native dotnet @('clean', $solution, '-c', $Configuration, '--nologo', '-v', 'quiet')
            foreach ($dir in 'out', 'artifacts') {
                $path = Join-Path $repo $dir
                if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
            }
        }
        'Build' {
            Assert-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo')
        }
        'Docs' {
            $online = (Import-PowerShellDataFile -Path (Join-Path $repo 'Mayros.psd1')).PrivateData.PSData.ProjectUri.TrimEnd('/') + '/blob/main/docs/en-US/'
            Assert-Native dotnet @($builder, 'help', '--docs', (Join-Path $repo 'docs/en-US'), '--out', (Join-Path $moduleOut 'en-US'), '--online', $online)
        }
        'Test' {
            $failed = @()
            $pwsh74Path = Resolve-Pwsh74
            if (-not $SkipPowerShell74 -and -not $pwsh74Path) {
                throw 'No PowerShell 7.4 for the second Pester run: pass -Pwsh74 <path to pwsh 7.4> (or set MAYROS_PWSH74), or -SkipPowerShell74 to run the Pester suite in PowerShell 7.6 only.'
            }

            # Build the whole solution first: dotnet test alone builds only the test projects' closure, not
            # tools/TestTools (which stages Pester) or the benchmarks.
            Assert-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo')
            if ((Invoke-Native dotnet @('test', $solution, '-c', $Configuration, '--nologo', '--no-build')) -ne 0) { $failed += 'xunit' }

            # The chaos soak's short run (docs/BENCHMARKS.md, "Chaos soak"): 8 parallel runbooks for 60 s against a
            # failing local cluster, a fixed seed, then the invariants on what is stored; any violation fails it.
            $soak = Join-Path $repo "bench/Mayros.Soak/bin/$Configuration/net10.0/Mayros.Soak.dll"
            # Its report, history and stored triples stay in out/soak, so a failing run can be read afterwards.
            $soakOut = Join-Path $repo 'out/soak'
            if ((Invoke-Native dotnet @($soak, '--seconds', '60', '--seed', '28', '--out', $soakOut)) -ne 0) { $failed += 'chaos soak' }
            if ((Invoke-PesterIn -Command (Resolve-Pwsh) -Name 'PowerShell 7.6') -ne 0) { $failed += 'Pester in PowerShell 7.6' }
            if ($SkipPowerShell74) {
                Write-Warning 'The Pester suite did not run in PowerShell 7.4 (-SkipPowerShell74).'
            }
            elseif ((Invoke-PesterIn -Command @($pwsh74Path) -Name 'PowerShell 7.4') -ne 0) {
                $failed += 'Pester in PowerShell 7.4'
            }

            if ($failed -contains 'chaos soak') {
                # Printed again last, so the end of a CI log (often all that is kept) says which invariant failed.
                $violations = Join-Path $soakOut 'soak-28.violations.txt'
                if (Test-Path -LiteralPath $violations) {
                    Write-Host "`nThe chaos soak's violations ($violations):" -ForegroundColor Red
                    Get-Content -LiteralPath $violations -TotalCount 20 | ForEach-Object { Write-Host "  $_" }
                }
            }
            if ($failed) { throw "Tests failed: $($failed -join ', ')." }
            Write-Host "`nAll tests passed: xunit, the chaos soak, Pester in PowerShell 7.6$(if (-not $SkipPowerShell74) { ' and 7.4' })." -ForegroundColor Green
        }
        'Analyze' {
            if (Get-Module -ListAvailable PSScriptAnalyzer) {
                $findings = Invoke-ScriptAnalyzer -Path $repo -Recurse -Settings (Join-Path $repo 'PSScriptAnalyzerSettings.psd1')
                $findings | Format-Table -AutoSize | Out-Host
                if ($findings | Where-Object Severity -in 'Error', 'Warning') { throw 'PSScriptAnalyzer found problems.' }
            }
            else {
                Write-Warning 'PSScriptAnalyzer is not installed: skipped.'
            }

            Test-ModuleManifest -Path (Join-Path $moduleOut 'Mayros.psd1') | Format-List Name, Version, CompatiblePSEditions, ExportedCmdlets | Out-Host
        }
        'Package' {
            Assert-Native dotnet @($builder, 'pack', '--module', $moduleOut, '--out', (Join-Path $repo 'artifacts'))
            Assert-Native dotnet @($builder, 'updatable-help', '--module', $moduleOut, '--out', (Join-Path $repo 'artifacts/help'))
        }
        'Demo' {
            & (Join-Path $repo 'tools/demo.ps1') -NoBuild
        }
    }
}

<#
.SYNOPSIS
    Builds, documents, tests, analyses and packages the Mayros module.
.DESCRIPTION
    Every task is also reachable with plain dotnet commands (CI has the .NET SDK and no pwsh):
      Build    dotnet build Mayros.sln            (stages out/Mayros/<version>/, help included)
      Test     dotnet test Mayros.sln             (xunit: contract, logic and hosted-runspace tests)
      Docs     dotnet tools/ModuleBuilder/bin/<Configuration>/net10.0/ModuleBuilder.dll help --docs docs/en-US --out out/Mayros/<version>/en-US
      Package  dotnet tools/ModuleBuilder/bin/<Configuration>/net10.0/ModuleBuilder.dll pack --module out/Mayros/<version> --out artifacts
    Test also runs the Pester suite (tests/Pester) in a fresh pwsh process when pwsh and Pester 5 are installed.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test, Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Docs', 'Test', 'Analyze', 'Package', 'Demo')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
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
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File exited with $LASTEXITCODE." }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Invoke-Native dotnet @('clean', $solution, '-c', $Configuration, '--nologo', '-v', 'quiet')
            foreach ($dir in 'out', 'artifacts') {
                $path = Join-Path $repo $dir
                if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
            }
        }
        'Build' {
            Invoke-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo')
        }
        'Docs' {
            Invoke-Native dotnet @($builder, 'help', '--docs', (Join-Path $repo 'docs/en-US'), '--out', (Join-Path $moduleOut 'en-US'))
        }
        'Test' {
            Invoke-Native dotnet @('test', $solution, '-c', $Configuration, '--nologo')
            $pwsh = Get-Command pwsh -ErrorAction SilentlyContinue
            $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' }
            if ($pwsh -and $pester) {
                # A fresh process, so the module under test is not already loaded in this one.
                Invoke-Native $pwsh.Source @('-NoProfile', '-NonInteractive', '-Command',
                    "`$c = New-PesterConfiguration; `$c.Run.Path = '$(Join-Path $repo 'tests/Pester')'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c")
            }
            else {
                Write-Warning 'Pester 5 (and pwsh) not found: the Pester suite was skipped. The xunit run parsed every *.Tests.ps1.'
            }
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
            Invoke-Native dotnet @($builder, 'pack', '--module', $moduleOut, '--out', (Join-Path $repo 'artifacts'))
        }
        'Demo' {
            & (Join-Path $repo 'tools/demo.ps1') -NoBuild
        }
    }
}

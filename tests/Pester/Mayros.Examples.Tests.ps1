#Requires -Modules Pester
# Every cmdlet's help examples, run as printed (from Get-Help, so from the built MAML) against a local Cortex that
# holds the sessions, checkpoints, forks and files the examples name. Each example gets a world of its own: a fresh
# namespace, a fresh folder and a fresh runspace. Examples that need another server (-CortexHost) or a person at the
# keyboard (Read-Host) are not run; every cmdlet must have at least two that run without an error.
BeforeDiscovery {
    $repo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $commands = (Import-PowerShellDataFile -Path (Join-Path $repo 'Mayros.psd1')).CmdletsToExport | ForEach-Object { @{ Command = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
    $script:manifest = Import-StagedMayros
    # The examples name Cortex's own port; take it when it is free.
    $script:cortex = try { Start-LocalCortex -Port 19090 } catch { Start-LocalCortex }
    $script:saved = @{}
    foreach ($name in 'CORTEX_HOST', 'CORTEX_PORT', 'CORTEX_AUTH_TOKEN', 'MAYROS_CONFIG_PATH', 'MAYROS_RETRY_DELAY_MS', 'PSModulePath') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:CORTEX_HOST = $null; $env:CORTEX_AUTH_TOKEN = $null
    $env:CORTEX_PORT = "$($cortex.Port)"
    $env:MAYROS_CONFIG_PATH = Join-Path ([System.IO.Path]::GetTempPath()) 'no-such-mayros-config.json'
    $env:MAYROS_RETRY_DELAY_MS = '1'
    # As the README's install leaves it: the module on the module path, so parallel runspaces and jobs find it.
    $env:PSModulePath = $manifest.Directory.Parent.Parent.FullName + [IO.Path]::PathSeparator + $env:PSModulePath
    $script:root = Join-Path ([System.IO.Path]::GetTempPath()) ('mayros-examples-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $root

    # The world the examples assume: agents' sessions with events (some two hours old, some minutes old), a trusted
    # checkpoint, forks that differ from their parent, exports on disk, a CSV of events.
    $script:world = @'
$t = [datetimeoffset]'2026-05-01T10:00:00Z'
$now = [datetimeoffset]::UtcNow
$events = foreach ($session in 'exp-1', 'exp-2', 'exp-4', 'exp-9', 'agent:ops:main', 'agent:main:main', 'nightly-run-0412') {
    $agent = if ($session -like 'agent:ops:*') { 'ops' } else { 'main' }
    foreach ($i in 0..19) {
        [pscustomobject]@{ Session = $session; Type = ('tool_call', 'llm_response')[$i % 2]; Agent = $agent; Timestamp = $t.AddMinutes(3 * $i)
                           Fields = @{ tool = 'test'; exitCode = '0'; step = "$i" } }
    }
    foreach ($i in 0..4) {
        [pscustomobject]@{ Session = $session; Type = 'tool_call'; Agent = $agent; Timestamp = $now.AddMinutes(-50 + 10 * $i); Fields = @{ tool = 'grep' } }
    }
}
$events | Add-MayrosSessionEvent
$null = New-MayrosCheckpoint -Session exp-1 -Label before-refactor
$null = New-MayrosCheckpoint -Session exp-1 -Label nightly-1
$null = New-MayrosFork -Session exp-1 -Name exp-1-try-a
$null = New-MayrosFork -Session exp-1 -Name exp-1-try-b
$null = New-MayrosFork -Session exp-1 -Name exp-1-try-b-2
$null = New-MayrosFork -Session exp-1 -Name exp-1-retry -Checkpoint before-refactor
Add-MayrosSessionEvent -Session exp-1-try-b -Type tool_call -Fields @{ tool = 'lint' }
$null = New-MayrosCheckpoint -Session exp-9 -Label before-cleanup
Remove-MayrosSession -Session exp-9
$null = New-Item -ItemType Directory -Path ./backup
$null = Export-MayrosSession -Session exp-1 -Path ./exp-1.ndjson
$null = Export-MayrosSession -Session exp-1 -Recurse -Path ./exp-1-lineage.ndjson
$null = Export-MayrosSession -Session exp-2 -Path ./exp-2.ndjson
Copy-Item ./exp-2.ndjson ./backup/exp-2.ndjson
Get-Content ./exp-1.ndjson -TotalCount 10 | Set-Content ./exp-1-partial.ndjson
'Type,Agent,Timestamp', 'note,ops,2026-05-01T09:00:00Z', 'tool_call,ops,2026-05-01T09:00:01Z' | Set-Content ./events.csv
'@

    function script:Invoke-Example {
        param([string] $Code)

        $namespace = 'x' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $folder = Join-Path $root $namespace
        $null = New-Item -ItemType Directory -Path $folder
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest, $Port, $Namespace, $Folder, $World, $Code)
                    Import-Module $Manifest
                    Set-Location -LiteralPath $Folder
                    $ConfirmPreference = 'None'
                    $ErrorActionPreference = 'Stop'
                    $ProgressPreference = 'SilentlyContinue'
                    $connection = Connect-MayrosCortex -CortexPort $Port -Namespace $Namespace
                    & ([scriptblock]::Create($World))
                    $ErrorActionPreference = 'Stop'
                    & ([scriptblock]::Create($Code)) | Out-String -Width 200
                }).AddParameters(@{ Manifest = $manifest.FullName; Port = $cortex.Port; Namespace = $namespace; Folder = $folder; World = $world; Code = $Code })
            $output = $shell.Invoke()
            $errors = @($shell.Streams.Error)
            [pscustomobject]@{ Ok = -not $shell.HadErrors -and $errors.Count -eq 0; Error = ($errors | Select-Object -First 1 | Out-String).Trim(); Output = ($output -join "`n") }
        }
        catch {
            [pscustomobject]@{ Ok = $false; Error = $_.Exception.InnerException.Message ?? $_.Exception.Message; Output = '' }
        }
        finally { $shell.Dispose() }
    }
}

AfterAll {
    Stop-LocalCortex -Cortex $cortex
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It '<Command> has at least two examples that run as printed' -TestCases $commands {
        $examples = @((Get-Help $Command -Full).examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        $ran = 0
        $report = foreach ($example in $examples) {
            $code = ($example.code | Out-String).Trim()
            if ($code -match '-CortexHost\s|Read-Host') {
                "not run (another server or a prompt): $code"
                continue
            }

            $result = Invoke-Example -Code $code
            if ($result.Ok) { $ran++ } else { "failed: $code`n  $($result.Error)" }
        }

        if ($env:MAYROS_EXAMPLES_REPORT) { $report | ForEach-Object { Write-Host "$Command $_" } }
        $ran | Should -BeGreaterOrEqual 2 -Because ($report -join "`n")
    }
}

# Starts and stops the local Cortex server (src/LocalCortex) for tests and demos, with .NET APIs only, so it works
# in Windows PowerShell, PowerShell 7 and the core-only runspaces the xunit tests host.
Set-StrictMode -Version Latest

function Start-LocalCortex {
    [CmdletBinding()]
    param(
        [int] $Port = 0,
        [int] $RateLimit = 0,
        [string] $DataDirectory,
        [string] $Configuration = 'Debug'
    )

    $repo = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($PSScriptRoot))
    $dll = [System.IO.Path]::Combine($repo, 'src', 'LocalCortex', 'bin', $Configuration, 'net10.0', 'LocalCortex.dll')
    if (-not [System.IO.File]::Exists($dll)) {
        throw "The local Cortex server is not built ($dll). Run: dotnet build Mayros.sln"
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($arg in @($dll, '--port', "$Port", '--rate-limit', "$RateLimit")) { $start.ArgumentList.Add($arg) }
    if ($DataDirectory) { $start.ArgumentList.Add('--data'); $start.ArgumentList.Add($DataDirectory) }
    else { $start.ArgumentList.Add('--memory') }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) {
            throw "The local Cortex server exited: $($process.StandardError.ReadToEnd())"
        }

        if ($line -match 'listening on (http://\S+)') {
            $uri = [uri]$Matches[1]
            return [pscustomobject]@{
                Process = $process
                Uri     = $uri
                Port    = $uri.Port
            }
        }
    }

    $process.Kill()
    throw 'The local Cortex server did not say where it listens within 30 seconds.'
}

function Stop-LocalCortex {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Cortex)

    if (-not $Cortex.Process.HasExited) {
        $Cortex.Process.Kill()
        $Cortex.Process.WaitForExit()
    }
}

function Import-StagedMayros {
    # Imports the module as the build staged it under out/Mayros into the caller's session, and returns its manifest.
    [CmdletBinding()]
    param()

    $repo = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($PSScriptRoot))
    $staged = [System.IO.Path]::Combine($repo, 'out', 'Mayros')
    $manifests = @(if ([System.IO.Directory]::Exists($staged)) {
        [System.IO.Directory]::GetFiles($staged, 'Mayros.psd1', [System.IO.SearchOption]::AllDirectories)
    })

    if ($manifests.Count -eq 0) {
        throw "The Mayros module is not staged under $staged. Run: dotnet build Mayros.sln"
    }

    Import-Module $manifests[0] -Force -Global
    [System.IO.FileInfo]::new($manifests[0])
}

function Set-MayrosTestDefault {
    # Points every Mayros cmdlet at the local Cortex (and a namespace of the test's own) through $PSDefaultParameterValues.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Cortex,
        [string] $Namespace
    )

    $global:PSDefaultParameterValues['*-Mayros*:CortexPort'] = $Cortex.Port
    if ($Namespace) { $global:PSDefaultParameterValues['*-Mayros*:Namespace'] = $Namespace }
}

function Clear-MayrosTestDefault {
    [CmdletBinding()]
    param()

    $global:PSDefaultParameterValues.Remove('*-Mayros*:CortexPort')
    $global:PSDefaultParameterValues.Remove('*-Mayros*:Namespace')
}

function Send-CortexJson {
    # POSTs JSON to the local Cortex, as any Cortex client would (Content-Type: application/json).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Cortex,
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Json
    )

    $client = [System.Net.Http.HttpClient]::new()
    try {
        $content = [System.Net.Http.StringContent]::new($Json, [System.Text.Encoding]::UTF8, 'application/json')
        $response = $client.PostAsync([uri]::new($Cortex.Uri, $Path), $content).GetAwaiter().GetResult()
        $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "POST $Path answered $([int]$response.StatusCode): $body" }
        $body
    }
    finally {
        $client.Dispose()
    }
}

function Get-CortexJson {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Cortex,
        [Parameter(Mandatory)] [string] $Path
    )

    $client = [System.Net.Http.HttpClient]::new()
    try { $client.GetStringAsync([uri]::new($Cortex.Uri, $Path)).GetAwaiter().GetResult() }
    finally { $client.Dispose() }
}

function Add-CortexSessionEvents {
    # Seeds a session with $Count events, one second apart, as Mayros agents write them (POST /api/v1/events).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Cortex,
        [Parameter(Mandatory)] [string] $Namespace,
        [Parameter(Mandatory)] [string] $Session,
        [int] $Count = 10,
        [datetime] $Start = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
    )

    $events = for ($i = 0; $i -lt $Count; $i++) {
        $parent = if ($i -gt 0) { ',"parent_event":"e{0}-{1}"' -f ($i - 1), $Session } else { '' }
        '{{"id":"e{0}-{1}","event_type":"tool_call","agent_id":"agent-1","timestamp":"{2}","session":"{1}"{3},"fields":{{"step":"{0}"}}}}' -f `
            $i, $Session, $Start.AddSeconds($i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), $parent
    }

    $null = Send-CortexJson -Cortex $Cortex -Path '/api/v1/events' -Json ('{{"namespace":"{0}","events":[{1}]}}' -f $Namespace, ($events -join ','))
}

function Get-CortexTripleCount {
    # How many triples the server holds (GET /api/v1/stats): a write changes it, a read does not.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Cortex)

    $stats = Get-CortexJson -Cortex $Cortex -Path '/api/v1/stats'
    [int]([regex]::Match($stats, '"triple_count":(\d+)').Groups[1].Value)
}

Export-ModuleMember -Function Start-LocalCortex, Stop-LocalCortex, Import-StagedMayros, Set-MayrosTestDefault, Clear-MayrosTestDefault, Send-CortexJson, Get-CortexJson, Add-CortexSessionEvents, Get-CortexTripleCount

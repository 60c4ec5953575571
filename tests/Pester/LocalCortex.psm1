# Starts and stops the local Cortex server (src/LocalCortex) for tests and demos, and seeds and reads it as any other
# Cortex client would (plain HTTP, not the module), in PowerShell 7.4 and later and in the xunit tests' runspaces.
Set-StrictMode -Version Latest

function Start-LocalCortex {
    [CmdletBinding()]
    param(
        [int] $Port = 0,
        [int] $RateLimit = 0,
        [string] $DataDirectory,
        # The build configuration to take the server from; by default MAYROS_TEST_CONFIGURATION, else whichever of
        # Debug and Release was built last.
        [string] $Configuration = $env:MAYROS_TEST_CONFIGURATION,
        # Act as a Cortex cluster's leader.
        [switch] $ClusterLeader,
        # Act as a follower of the leader at this host:port (or, with -LeaderUnknown, of no leader: an election).
        [string] $FollowerOf,
        [switch] $LeaderUnknown,
        # Answer requests that carry a bearer token (as Cortex does with AINGLE_JWT_SECRET set), instead of dropping them.
        [string] $JwtSecret,
        # Keep no DAG, as a Cortex built without its dag feature.
        [switch] $NoDag
    )

    $repo = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($PSScriptRoot))
    $configurations = if ($Configuration) { @($Configuration) } else { @('Debug', 'Release') }
    $built = @(foreach ($name in $configurations) {
            $candidate = [System.IO.Path]::Combine($repo, 'src', 'LocalCortex', 'bin', $name, 'net10.0', 'LocalCortex.dll')
            if ([System.IO.File]::Exists($candidate)) { [System.IO.FileInfo]::new($candidate) }
        })
    if ($built.Count -eq 0) {
        throw "The local Cortex server is not built for $($configurations -join ' or ') under $([System.IO.Path]::Combine($repo, 'src', 'LocalCortex', 'bin')). Run: dotnet build Mayros.sln"
    }

    $dll = ($built | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1).FullName

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($arg in @($dll, '--port', "$Port", '--rate-limit', "$RateLimit")) { $start.ArgumentList.Add($arg) }
    if ($DataDirectory) { $start.ArgumentList.Add('--data'); $start.ArgumentList.Add($DataDirectory) }
    else { $start.ArgumentList.Add('--memory') }
    if ($ClusterLeader) { $start.ArgumentList.Add('--cluster-leader') }
    if ($FollowerOf) { $start.ArgumentList.Add('--follower-of'); $start.ArgumentList.Add($FollowerOf) }
    if ($LeaderUnknown) { $start.ArgumentList.Add('--leader-unknown') }
    if ($JwtSecret) { $start.ArgumentList.Add('--jwt-secret'); $start.ArgumentList.Add($JwtSecret) }
    if ($NoDag) { $start.ArgumentList.Add('--no-dag') }
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
        [datetime] $Start = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc),
        # The start of each event's id (<Prefix><n>-<Session>): seed a session twice with two prefixes.
        [string] $Prefix = 'e'
    )

    $events = for ($i = 0; $i -lt $Count; $i++) {
        $parent = if ($i -gt 0) { ',"parent_event":"{4}{0}-{1}"' -f ($i - 1), $Session, $null, $null, $Prefix } else { '' }
        '{{"id":"{4}{0}-{1}","event_type":"tool_call","agent_id":"agent-1","timestamp":"{2}","session":"{1}"{3},"fields":{{"step":"{0}"}}}}' -f `
            $i, $Session, $Start.AddSeconds($i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), $parent, $Prefix
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

#Requires -Modules Pester
# Where the connection comes from, what happens when Cortex is away, and the token.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
    $script:manifest = Import-StagedMayros
    $script:cortex = Start-LocalCortex
    $script:saved = @{}
    foreach ($name in 'CORTEX_HOST', 'CORTEX_PORT', 'CORTEX_AUTH_TOKEN', 'MAYROS_CONFIG_PATH', 'MAYROS_STATE_DIR') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }

    $script:config = Join-Path ([System.IO.Path]::GetTempPath()) ("mayros-pester-{0}.json" -f [guid]::NewGuid())
    $env:MAYROS_CONFIG_PATH = $config
    $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
    Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 4

    function script:Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop(); $port
    }
}

AfterAll {
    Stop-LocalCortex -Cortex $cortex
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Item -LiteralPath $config -ErrorAction SilentlyContinue
}

Describe 'When Cortex is away' {
    It '<Command> stops with CortexUnreachable, naming the address and port 19090' -TestCases @(
        @{ Command = 'New-MayrosCheckpoint'; Type = 'NewMayrosCheckpointCommand' }
        @{ Command = 'Get-MayrosFork'; Type = 'GetMayrosForkCommand' }
    ) {
        $port = Get-FreePort
        # -PassThru hands back the ErrorRecord the command threw.
        $failure = { & $Command -CortexPort $port -Namespace $ns } | Should -Throw -ErrorId "CortexUnreachable,Mayros.PowerShell.Commands.$Type" -PassThru
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.ErrorDetails.Message | Should -Match "127\.0\.0\.1:$port"
        $failure.ErrorDetails.Message | Should -Match '19090'
        $failure.ErrorDetails.RecommendedAction | Should -Match '19090'
    }
}

Describe 'Resolution order' {
    It 'takes the port from CORTEX_PORT when no parameter is given' {
        $env:CORTEX_PORT = $cortex.Port
        try { (New-MayrosCheckpoint -Session s -Namespace $ns).EventCount | Should -Be 4 }
        finally { $env:CORTEX_PORT = $null }
    }

    It 'prefers the parameter over CORTEX_PORT' {
        $env:CORTEX_PORT = Get-FreePort
        try { (New-MayrosCheckpoint -Session s -Namespace $ns -CortexPort $cortex.Port).EventCount | Should -Be 4 }
        finally { $env:CORTEX_PORT = $null }
    }

    It 'reads the Mayros config file (JSON5) last' {
        Set-Content -LiteralPath $config -Value "{ plugins: { entries: { 'semantic-observability': { config: { cortex: { port: $($cortex.Port) }, agentNamespace: '$ns', }, }, }, }, }"
        try { (New-MayrosCheckpoint -Session s).EventCount | Should -Be 4 }
        finally { Remove-Item -LiteralPath $config }
    }

    It 'reports a malformed config file with its path' {
        Set-Content -LiteralPath $config -Value '{ plugins: '
        try {
            { Get-MayrosFork } | Should -Throw -ErrorId 'ConfigurationInvalid,Mayros.PowerShell.Commands.GetMayrosForkCommand'
        }
        finally { Remove-Item -LiteralPath $config }
    }
}

Describe 'The token' {
    BeforeAll {
        # Everything a user could see of a command: every stream, and the terminating error (with its exception and
        # inner exceptions) when there is one.
        function script:Get-Everything([scriptblock] $Command) {
            $seen = & {
                try { & $Command } catch { $_; $_.Exception.ToString(); $_.ErrorDetails.RecommendedAction }
            } *>&1
            ($seen | Out-String -Width 500) + ($seen | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.Exception.ToString() } | Out-String)
        }
    }

    It 'appears in no stream, whichever way it was given' {
        $token = 'tok-' + [guid]::NewGuid()
        # The local server, like a stock Cortex without AINGLE_JWT_SECRET, drops requests that carry a bearer token:
        # the error that follows must not show the token either.
        $fromParameter = Get-Everything { Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns -CortexToken $token -Verbose -Debug }
        $env:CORTEX_AUTH_TOKEN = $token
        try {
            $fromEnvironment = Get-Everything { New-MayrosCheckpoint -Session s -CortexPort $cortex.Port -Namespace $ns -Verbose -Debug }
        }
        finally { $env:CORTEX_AUTH_TOKEN = $null }

        $fromParameter | Should -Match 'CortexUnreachable'
        $fromParameter | Should -Match 'Authorization: \[redacted\]'
        $fromEnvironment | Should -Match 'Authorization: \[redacted\]'
        $fromParameter | Should -Not -Match ([regex]::Escape($token))
        $fromEnvironment | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'Verbose and debug output' {
    It '-Debug writes the redacted request and response, as $DebugPreference = Continue does' {
        $withSwitch = Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $withPreference = & { $DebugPreference = 'Continue'; Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns 5>&1 } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        @($withSwitch).Count | Should -BeGreaterThan 0
        @($withSwitch).Count | Should -Be @($withPreference).Count
        # Eight requests (README), each with a request and a response record.
        @($withSwitch.Message -match '^Request: GET /api/v1/triples\?predicate=').Count | Should -Be 7
        @($withSwitch.Message -match '^Response: 200 OK').Count | Should -Be 7
        # The same records either way, but for the timings and the Date header.
        $steady = { $_ -replace '\(\d+ ms\)', '(N ms)' -replace '(?m)^  Date: .*$', '  Date: D' }
        @($withSwitch.Message | ForEach-Object $steady) | Should -Be @($withPreference.Message | ForEach-Object $steady)
    }

    It '-Debug:$false writes none, even with $DebugPreference = Continue' {
        $records = & { $DebugPreference = 'Continue'; Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns -Debug:$false 5>&1 } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $records | Should -BeNullOrEmpty
    }

    It '-Verbose writes one line per request, and -Verbose:$false none' {
        $lines = Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($lines.Message -match '^GET /api/v1/triples\?predicate=.* -> 200 OK \(\d+ ms, \d+ triples\)$').Count | Should -Be 7
        $quiet = & { $VerbosePreference = 'Continue'; Get-MayrosFork -CortexPort $cortex.Port -Namespace $ns -Verbose:$false 4>&1 } | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $quiet | Should -BeNullOrEmpty
    }
}

Describe 'Connect-MayrosCortex' {
    AfterEach { Get-MayrosConnection | Disconnect-MayrosCortex }

    It 'checks Cortex, returns a MayrosConnection and becomes the runspace''s connection' {
        $connection = Connect-MayrosCortex -CortexPort $cortex.Port -Namespace $ns
        $connection | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosConnection')
        $connection.Status | Should -Be 'healthy'
        $connection.HasToken | Should -BeFalse
        (Get-MayrosConnection).ConnectionId | Should -Be $connection.ConnectionId
        (New-MayrosCheckpoint -Session s).EventCount | Should -Be 4
    }

    It 'never shows the token on the connection object' {
        $token = 'tok-' + [guid]::NewGuid()
        # The local server drops unverifiable bearer tokens, so connect to a Cortex that is not there: nothing leaks either way.
        $failure = { Connect-MayrosCortex -CortexPort (Get-FreePort) -CortexToken $token } | Should -Throw -ErrorId 'CortexUnreachable,Mayros.PowerShell.Commands.ConnectMayrosCortexCommand' -PassThru
        Get-MayrosConnection | Should -BeNullOrEmpty
        ($failure | Out-String) + $failure.Exception.ToString() | Should -Not -Match ([regex]::Escape($token))
    }

    It 'stops using a connection once it is disconnected' {
        $connection = Connect-MayrosCortex -CortexPort $cortex.Port -Namespace $ns
        $connection | Disconnect-MayrosCortex
        Get-MayrosConnection | Should -BeNullOrEmpty
        { New-MayrosCheckpoint -Session s -Connection $connection } |
            Should -Throw -ErrorId 'MayrosNotConnected,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand'
    }

    It 'hands its connection to parallel runspaces' {
        $connection = Connect-MayrosCortex -CortexPort $cortex.Port -Namespace $ns
        $path = (Get-Module Mayros).Path
        $counts = 1..3 | ForEach-Object -Parallel {
            Import-Module ($using:path -replace 'Mayros\.PowerShell\.dll$', 'Mayros.psd1')
            (New-MayrosCheckpoint -Session s -Connection $using:connection).EventCount
        }
        $counts | Should -Be 4, 4, 4
    }

    It 'hands its connection to a thread job, and to Start-Job as a deserialized copy' {
        $connection = Connect-MayrosCortex -CortexPort $cortex.Port -Namespace $ns
        $manifestPath = $manifest.FullName
        $work = { Import-Module $using:manifestPath; (Get-MayrosSession -Session s -Connection $using:connection).EventCount }
        if (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue) {
            Start-ThreadJob $work | Receive-Job -Wait -AutoRemoveJob | Should -Be 4
        }
        Start-Job $work | Receive-Job -Wait -AutoRemoveJob | Should -Be 4
    }

    It 'asks a Start-Job for its own token when the connection had one, and never carries the token' {
        $secured = Start-LocalCortex -JwtSecret 'a-secret-for-this-test'
        try {
            $token = 'tok-' + [guid]::NewGuid()
            Add-CortexSessionEvents -Cortex $secured -Namespace $ns -Session s -Count 2
            $connection = Connect-MayrosCortex -CortexPort $secured.Port -Namespace $ns -CortexToken $token
            $connection.HasToken | Should -BeTrue
            $manifestPath = $manifest.FullName
            $out = Start-Job {
                Import-Module $using:manifestPath
                $env:MAYROS_CONFIG_PATH = Join-Path ([System.IO.Path]::GetTempPath()) 'no-such-mayros-config.json'
                try { Get-MayrosSession -Connection $using:connection -ErrorAction Stop | Out-Null; 'no error' }
                catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category; $_.ToString() }
                (Get-MayrosSession -Session s -Connection $using:connection -CortexToken $using:token).EventCount
            } | Receive-Job -Wait -AutoRemoveJob
            $out[0] | Should -Be 'ConnectionTokenLeftBehind,Mayros.PowerShell.Commands.GetMayrosSessionCommand'
            $out[1] | Should -Be 'AuthenticationError'
            $out[2] | Should -Match 'another process'
            $out[3] | Should -Be 2
            ($out -join ' ') | Should -Not -Match ([regex]::Escape($token))
        }
        finally { Stop-LocalCortex -Cortex $secured }
    }
}

Describe 'Clusters' {
    BeforeAll {
        $script:leader = Start-LocalCortex -ClusterLeader
        $script:follower = Start-LocalCortex -FollowerOf "127.0.0.1:$($leader.Port)"
        $script:orphan = Start-LocalCortex -LeaderUnknown
        $script:clusterNs = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Add-CortexSessionEvents -Cortex $leader -Namespace $clusterNs -Session s -Count 6
    }

    AfterAll {
        $leader, $follower, $orphan | ForEach-Object { Stop-LocalCortex -Cortex $_ }
    }

    It 'writes to the leader when given only a follower, and nothing to the follower' {
        $fork = New-MayrosFork -Session s -Name f -CortexHost "127.0.0.1:$($follower.Port)" -Namespace $clusterNs
        $null = New-MayrosCheckpoint -Session f -CortexHost "127.0.0.1:$($follower.Port)" -Namespace $clusterNs
        $fork.EventsCopied | Should -Be 6
        Get-CortexTripleCount -Cortex $follower | Should -Be 0
        (Get-MayrosFork -Session f -CortexHost "127.0.0.1:$($leader.Port)" -Namespace $clusterNs).Status | Should -Be 'active'
        (Get-MayrosCheckpoint -Session f -CortexHost "127.0.0.1:$($leader.Port)" -Namespace $clusterNs).EventCount | Should -Be 6
    }

    It 'takes the nodes as one comma-separated string and fails over past a node that is down' {
        $hosts = "127.0.0.1:$(Get-FreePort),127.0.0.1:$($leader.Port)"
        (New-MayrosCheckpoint -Session s -CortexHost $hosts -Namespace $clusterNs).EventCount | Should -Be 6
        (Get-MayrosFork -Session s -CortexHost $hosts -Namespace $clusterNs | Where-Object SessionKey -eq s).Status | Should -Be 'forked'
    }

    It 'refuses to write, with CortexLeaderUnknown, when no node knows the leader' {
        $before = Get-CortexTripleCount -Cortex $orphan
        { New-MayrosCheckpoint -Session s -CortexHost "127.0.0.1:$($orphan.Port)" -Namespace $clusterNs } |
            Should -Throw -ErrorId 'CortexLeaderUnknown,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand'
        Get-CortexTripleCount -Cortex $orphan | Should -Be $before
    }
}

Describe 'Tab completion' {
    It 'completes -Session with the keys stored in Cortex' {
        $null = New-MayrosCheckpoint -Session s -CortexPort $cortex.Port -Namespace $ns
        $line = "New-MayrosFork -CortexPort $($cortex.Port) -Namespace $ns -Session "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 's'
    }

    It 'returns nothing, quickly, when Cortex is away' {
        $line = "New-MayrosFork -CortexPort $(Get-FreePort) -Session "
        $elapsed = Measure-Command { $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
        $matches | Should -BeNullOrEmpty
        $elapsed.TotalSeconds | Should -BeLessThan 3
    }
}

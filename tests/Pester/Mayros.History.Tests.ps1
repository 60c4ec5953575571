#Requires -Modules Pester
# A session's signed history in a real pwsh against the local Cortex's DAG: what an auditor reads and what verifies.
Describe 'The history cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
        $script:manifest = Import-StagedMayros
        $script:cortex = Start-LocalCortex
        $script:key = (Get-CortexJson -Cortex $cortex -Path '/api/v1/dag/stats' | ConvertFrom-Json).signing_public_key
    }

    AfterAll {
        Stop-LocalCortex -Cortex $cortex
        Clear-MayrosTestDefault
    }

    BeforeEach {
        $script:ns = 'h' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
    }

    Describe 'Get-MayrosSessionHistory' {
        It 'lists a checkpoint, a rewind and its undo in order, each signed by the node' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 6
            $null = New-MayrosCheckpoint -Session root -Label base
            $null = Invoke-MayrosRewind -Session root -To '2026-03-01T10:00:02Z' -Confirm:$false
            $null = Undo-MayrosRewind -Session root -Confirm:$false

            $history = @(Get-MayrosSessionHistory -Session root)
            $history[0] | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosSessionChange')
            $history.Change | Select-Object -Unique | Where-Object { $_ -notin 'Delete', 'Status' } | Should -Be 'Checkpoint', 'Rewind', 'Undo'
            $history[0].Description | Should -Match '^checkpoint cp-[0-9a-f]{12} labelled base \(6 events\)$'
            @($history.Description -match '^rewind rw-[0-9a-f]{12} to 2026-03-01T10:00:02\.000Z, 3 events hidden$').Count | Should -Be 1
            @($history.Description -match '^rewind rw-[0-9a-f]{12} undone, 3 events back$').Count | Should -Be 1
            $history | ForEach-Object { $_.Author | Should -Be 'node:local'; $_.Signed | Should -BeTrue; $_.Hash | Should -Match '^[0-9a-f]{64}$' }
            $times = $history.Timestamp
            $times | Should -Be ($times | Sort-Object)
        }

        It 'shows a fork as made from its parent, takes sessions from the pipeline and filters by -Since' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name kid
            $middle = [DateTimeOffset]::UtcNow
            Start-Sleep -Milliseconds 20
            $null = New-MayrosCheckpoint -Session kid -Label later

            (Get-MayrosSessionHistory -Session kid)[0].Description | Should -Be 'fork of root taken'
            $piped = Get-MayrosSession | Where-Object HasRecord | Get-MayrosSessionHistory
            $piped.SessionKey | Select-Object -Unique | Should -Be 'kid', 'root'
            $recent = @(Get-MayrosSessionHistory -Session kid -Since $middle)
            $recent.Count | Should -Be 1
            $recent[0].Description | Should -Match 'labelled later'
        }

        It 'warns, and emits nothing, for a session with only events' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session agentonly -Count 2
            $out = Get-MayrosSessionHistory -Session agentonly -WarningVariable warned -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            "$warned" | Should -Match "files no change under the record of session 'agentonly'"
        }

        It 'prints a table that fits 80 columns and JSON an auditor can keep' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 2
            $null = New-MayrosCheckpoint -Session root -Label 'a label long enough to need wrapping in the table'
            $lines = (Get-MayrosSessionHistory -Session root | Format-Table | Out-String -Width 80) -split "`n"
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            ($lines -join "`n") | Should -Match 'Timestamp\s+Change\s+Description'
            $json = Get-MayrosSessionHistory -Session root | ConvertTo-Json | ConvertFrom-Json
            @($json)[0].Hash | Should -Match '^[0-9a-f]{64}$'
            @($json)[0].Change | Should -Be 'Checkpoint'
        }
    }

    Describe 'Test-MayrosSession -Verify' {
        It 'verifies an untouched history with the node''s key, and with the key pinned' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 4
            $null = New-MayrosCheckpoint -Session root -Label one
            $null = New-MayrosFork -Session root -Name kid

            $verdict = Test-MayrosSession -Session root -Verify
            $verdict.Verified | Should -BeTrue
            $verdict.Actions | Should -Be (Get-MayrosSessionHistory -Session root).Count
            $verdict.KeySource | Should -Be 'Node'
            $verdict.PublicKey | Should -Be $key
            $pinned = Test-MayrosSession -Session root -Verify -PublicKey $key.ToUpperInvariant()
            $pinned.KeySource | Should -Be 'Parameter'
            $pinned.Verified | Should -BeTrue
            Test-MayrosSession -Session kid -Verify -Quiet | Should -BeTrue
            (Get-MayrosSession | Where-Object HasRecord | Test-MayrosSession -Verify).Verified | Should -Be $true, $true
        }

        It 'fails every signature against another node''s key, with a warning per action' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 2
            $null = New-MayrosCheckpoint -Session root
            $other = Start-LocalCortex
            try {
                $otherKey = (Get-CortexJson -Cortex $other -Path '/api/v1/dag/stats' | ConvertFrom-Json).signing_public_key
            }
            finally {
                Stop-LocalCortex -Cortex $other
            }

            $verdict = Test-MayrosSession -Session root -Verify -PublicKey $otherKey -WarningVariable warned -WarningAction SilentlyContinue
            $verdict.Verified | Should -BeFalse
            $verdict.Failures.Count | Should -Be $verdict.Actions
            $verdict.Failures[0].Problem | Should -Match 'signature does not verify'
            $warned.Count | Should -Be $verdict.Actions
            Test-MayrosSession -Session root -Verify -PublicKey $otherKey -Quiet -WarningAction SilentlyContinue | Should -BeFalse
        }

        It 'refuses a key that is not one, by name, before any request' {
            $before = Get-CortexTripleCount -Cortex $cortex
            $failure = $null
            try { Test-MayrosSession -Session root -Verify -PublicKey 'nothex' } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'InvalidPublicKey,Mayros.PowerShell.Commands.TestMayrosSessionCommand'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception.Message | Should -Match '64 hexadecimal characters'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It 'calls a session without a record an error, not a verdict' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session agentonly -Count 2
            $out = Test-MayrosSession -Session agentonly -Verify -ErrorVariable failed -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $failed[0].FullyQualifiedErrorId | Should -Be 'SessionHistoryNotFound,Mayros.PowerShell.Commands.TestMayrosSessionCommand'
            $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failed[0].Exception.Message | Should -Match 'nothing to verify'
        }
    }

    Describe 'Restore-MayrosSession' {
        BeforeAll {
            function script:Get-SessionState([string] $Session) {
                # What a reader sees of a session: its status, checkpoints and events (content, not ids), hidden ones marked.
                $info = Get-MayrosSession -Session $Session
                $events = Get-MayrosSessionEvent -Session $Session -IncludeRewound | Sort-Object Timestamp, Type |
                    ForEach-Object { '{0}|{1}|{2}|{3}|{4}' -f $_.TimestampText, $_.Type, $_.Agent, $_.Rewound, (($_.Fields.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ';') }
                [pscustomobject]@{
                    Status      = $info.Status
                    Checkpoints = @(Get-MayrosCheckpoint -Session $Session | ForEach-Object { "$($_.Id) $($_.Label) $($_.EventCount)" })
                    Events      = @($events)
                }
            }

            function script:Get-RawTriples([string] $Namespace, [string[]] $Subjects) {
                # The raw triples of these subjects, as text, sorted: what "exactly as before" means on the server.
                foreach ($subject in $Subjects) {
                    $json = Get-CortexJson -Cortex $cortex -Path ('/api/v1/triples?limit=100000&subject=' + [uri]::EscapeDataString($subject)) | ConvertFrom-Json
                    foreach ($t in $json.triples) { '{0} {1} {2}' -f $t.subject, $t.predicate, ($t.object | ConvertTo-Json -Compress) }
                }
            }
        }

        It 'brings back a removed session as it was: status, checkpoints, live and hidden events; a bystander is untouched' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session ops -Count 8
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session bystander -Count 3
            $null = New-MayrosCheckpoint -Session ops -Label known-good
            $null = New-MayrosCheckpoint -Session bystander
            $null = Invoke-MayrosRewind -Session ops -To '2026-03-01T10:00:05Z' -Confirm:$false
            $before = Get-SessionState ops
            $bystander = Get-RawTriples $ns "$($ns):session:bystander"
            Remove-MayrosSession -Session ops -Confirm:$false

            $result = Restore-MayrosSession -Session ops
            $result | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosRestoreResult')
            $result.Result | Should -Be 'Restored'
            $result.Events | Should -Be 8
            $result.CopiedEvents | Should -Be 8
            $result.Status | Should -Be 'rewound'
            $result.At | Should -BeIn (Get-MayrosSessionHistory -Session ops).Hash
            $after = Get-SessionState ops
            $after.Status | Should -Be $before.Status
            $after.Checkpoints | Should -Be $before.Checkpoints
            $after.Events | Should -Be $before.Events
            (Get-MayrosSession -Session ops).LiveEventCount | Should -Be 6
            Get-RawTriples $ns "$($ns):session:bystander" | Should -Be $bystander
            # The audit trail says what happened, signed like every other change.
            $last = Get-MayrosSessionHistory -Session ops | Select-Object -Last 1
            $last.Change | Should -Be 'Restore'
            $last.Description | Should -Match '^restored from action [0-9a-f]{12}… \(.*, the last change before its removal\): 8 events \(8 under new ids\), 1 checkpoint$'
            (Test-MayrosSession -Session ops -Verify -PublicKey $key).Verified | Should -BeTrue
            # The rewind still stands and can be undone, as before the removal.
            (Undo-MayrosRewind -Session ops -Confirm:$false).EventsRestored | Should -Be 2
        }

        It 'brings back a purged session exactly, under its own event ids, and converges when run again' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session gone -Count 4
            $null = New-MayrosCheckpoint -Session gone -Label base
            $subjects = @("$($ns):session:gone") + (0..3 | ForEach-Object { "$($ns):event:e$_-gone" })
            $raw = Get-RawTriples $ns $subjects | Sort-Object
            Remove-MayrosSession -Session gone -Purge -Confirm:$false
            Get-RawTriples $ns $subjects | Should -BeNullOrEmpty

            $result = Restore-MayrosSession -Session gone
            $result.CopiedEvents | Should -Be 0
            Get-RawTriples $ns $subjects | Sort-Object | Should -Be $raw
            (Restore-MayrosSession -Session gone).Result | Should -Be 'Unchanged'
            Get-RawTriples $ns $subjects | Sort-Object | Should -Be $raw
        }

        It 'says what it would write with -WhatIf and writes nothing' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session w -Count 3
            $null = New-MayrosCheckpoint -Session w
            Remove-MayrosSession -Session w -Confirm:$false
            $count = Get-CortexTripleCount -Cortex $cortex
            # "What if:" goes to the host; a transcript is how a script keeps it.
            $transcript = Join-Path ([IO.Path]::GetTempPath()) ("restore-whatif-$ns.txt")
            $null = Start-Transcript -Path $transcript
            try { Restore-MayrosSession -Session w -WhatIf } finally { $null = Stop-Transcript }
            $said = (Get-Content -Raw $transcript) -replace '\s*\r?\n\s*', ' '
            Remove-Item $transcript
            $said | Should -Match "Restore session 'w' as it was at action [0-9a-f]{12}… \(.*the last change before its removal\): 3 events \(3 under new ids"
            $said | Should -Match 'triples then, at most [\d,]+ actions replayed'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $count
            Get-MayrosSession -Session w -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'restores a past state beside a live session with -At from the history, and -Name' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session live -Count 5
            $null = New-MayrosCheckpoint -Session live -Label first
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session live -Count 2 -Prefix 'late' -Start ([datetime]::new(2026, 3, 2, 0, 0, 0, [DateTimeKind]::Utc))
            $null = New-MayrosCheckpoint -Session live -Label second

            $result = Get-MayrosSessionHistory -Session live | Where-Object Change -eq Checkpoint | Select-Object -First 1 | Restore-MayrosSession -Name live-then
            $result.SessionKey | Should -Be 'live-then'
            $result.Events | Should -Be 5
            (Get-MayrosCheckpoint -Session live-then).Label | Should -Be 'first'
            (Get-MayrosSession -Session live).EventCount | Should -Be 7
            @(Get-MayrosCheckpoint -Session live).Count | Should -Be 2
        }

        It 'refuses with a stable error id and writes nothing: <Case>' -ForEach @(
            @{ Case = 'a session that is not removed'; Id = 'SessionNotRemoved'; Category = 'InvalidOperation'; Command = { Restore-MayrosSession -Session here } }
            @{ Case = 'a hash that is not one'; Id = 'InvalidDagAction'; Category = 'InvalidArgument'; Command = { Restore-MayrosSession -Session here -At 'abc' } }
            @{ Case = 'a hash Cortex does not hold'; Id = 'InvalidDagAction'; Category = 'ObjectNotFound'; Command = { Restore-MayrosSession -Session here -At ('0' * 64) } }
            @{ Case = 'a live session under the key'; Id = 'SessionAlreadyExists'; Category = 'ResourceExists'; Command = { Restore-MayrosSession -Session here -Before (Get-Date) } }
            @{ Case = 'a DAG larger than -MaxActions'; Id = 'DagReplayTooLarge'; Category = 'LimitsExceeded'; Command = { Restore-MayrosSession -Session here -Before (Get-Date) -Name elsewhere -MaxActions 1 } }
        ) {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session here -Count 2
            $null = New-MayrosCheckpoint -Session here
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session here -Count 1 -Prefix 'late' -Start ([datetime]::new(2026, 3, 2, 0, 0, 0, [DateTimeKind]::Utc))
            $count = Get-CortexTripleCount -Cortex $cortex
            $failure = $null
            try { & $Command } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Match "^$Id,"
            $failure.CategoryInfo.Category | Should -Be $Category
            $failure.Exception.Message | Should -Match 'Nothing was'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $count
        }

        It 'prints a table that fits 80 columns' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session narrow -Count 2
            $null = New-MayrosCheckpoint -Session narrow
            Remove-MayrosSession -Session narrow -Confirm:$false
            $lines = Restore-MayrosSession -Session narrow | Format-Table | Out-String -Width 80 -Stream | Where-Object { $_ }
            $lines[0] | Should -Match '^SessionKey\s+Result\s+Events\s+Copied\s+Status\s+AtTime'
            $lines[2] | Should -Match '^narrow\s+Restored\s+2\s+2\s+active\s+\d{4}-\d\d-\d\dT'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        }
    }

    Describe 'A Cortex without its DAG' {
        It 'stops both commands with CortexDagUnavailable' {
            $plain = Start-LocalCortex -NoDag
            try {
                Set-MayrosTestDefault -Cortex $plain -Namespace $ns
                Add-CortexSessionEvents -Cortex $plain -Namespace $ns -Session root -Count 2
                $null = New-MayrosCheckpoint -Session root
                foreach ($command in { Get-MayrosSessionHistory -Session root }, { Test-MayrosSession -Session root -Verify }, { Restore-MayrosSession -Session root -Before (Get-Date) }) {
                    $failure = $null
                    try { & $command } catch { $failure = $_ }
                    $failure.FullyQualifiedErrorId | Should -Match '^CortexDagUnavailable,'
                    $failure.CategoryInfo.Category | Should -Be 'NotImplemented'
                }
            }
            finally {
                Stop-LocalCortex -Cortex $plain
            }
        }
    }
}

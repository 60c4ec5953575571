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

    Describe 'A Cortex without its DAG' {
        It 'stops both commands with CortexDagUnavailable' {
            $plain = Start-LocalCortex -NoDag
            try {
                Set-MayrosTestDefault -Cortex $plain -Namespace $ns
                Add-CortexSessionEvents -Cortex $plain -Namespace $ns -Session root -Count 2
                $null = New-MayrosCheckpoint -Session root
                foreach ($command in { Get-MayrosSessionHistory -Session root }, { Test-MayrosSession -Session root -Verify }) {
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

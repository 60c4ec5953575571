#Requires -Modules Pester
# Removing sessions and checkpoints in a real pwsh against the local Cortex: what stays, what goes, what -WhatIf sends.
Describe 'The lifecycle cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
        $script:manifest = Import-StagedMayros
        $script:cortex = Start-LocalCortex
        Set-MayrosTestDefault -Cortex $cortex
    }

    AfterAll {
        Stop-LocalCortex -Cortex $cortex
        Clear-MayrosTestDefault
    }

    BeforeEach {
        $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
    }

    Describe 'Remove-MayrosSession' {
        It 'removes a fork, leaves its parent whole and frees the key for a new fork' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 6
            $null = New-MayrosFork -Session root -Name f1
            $removed = Remove-MayrosSession -Session f1 -Confirm:$false -PassThru
            $removed | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosRemovalResult')
            $removed.EventsRemoved | Should -Be 6
            $removed.Purged | Should -BeFalse
            (Get-MayrosFork).SessionKey | Should -Be 'root'
            (New-MayrosCheckpoint -Session root).EventCount | Should -Be 6

            $again = New-MayrosFork -Session root -Name f1
            $again.EventsCopied | Should -Be 6
            (Get-MayrosSessionEvent -Session f1).Count | Should -Be 6
        }

        It 'refuses a session with forks unless -Recurse, and then removes the whole lineage' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name kid
            $null = New-MayrosFork -Session kid -Name grandkid
            $before = Get-CortexTripleCount -Cortex $cortex

            Remove-MayrosSession -Session root -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'SessionHasForks,Mayros.PowerShell.Commands.RemoveMayrosSessionCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $failure[0].Exception.Message | Should -Match 'kid'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before

            $removed = Remove-MayrosSession -Session root -Recurse -Confirm:$false -PassThru
            $removed.SessionKey | Should -Be 'grandkid', 'kid', 'root'
            Get-MayrosFork | Should -BeNullOrEmpty
        }

        It '-WhatIf sends no write, even with -Purge' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name kid
            $before = Get-CortexTripleCount -Cortex $cortex
            Remove-MayrosSession -Session root -Recurse -Purge -WhatIf | Should -BeNullOrEmpty
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
            (Get-MayrosFork).SessionKey | Should -Be 'kid', 'root'
        }

        It '-Purge of a lineage leaves not one triple of it and touches the next session' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session other -Count 4
            $untouched = Get-CortexTripleCount -Cortex $cortex
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 5
            $null = New-MayrosCheckpoint -Session root -Label base
            $null = New-MayrosFork -Session root -Name kid -Checkpoint base
            $null = Invoke-MayrosRewind -Session root -To '2026-03-01T10:00:02Z' -Confirm:$false

            $purged = Remove-MayrosSession -Session root -Recurse -Purge -Confirm:$false -PassThru
            $purged.Purged | Should -Be $true, $true
            Get-CortexTripleCount -Cortex $cortex | Should -Be $untouched
            Get-MayrosFork | Should -BeNullOrEmpty
            (New-MayrosCheckpoint -Session other).EventCount | Should -Be 4
        }

        It 'takes forks from Get-MayrosFork through the pipeline, leaves before their parents' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 2
            $null = New-MayrosFork -Session root -Name a
            $null = New-MayrosFork -Session a -Name b
            $removed = Get-MayrosFork -Session root -Recurse | Where-Object SessionKey -ne 'root' |
                Remove-MayrosSession -Confirm:$false -PassThru
            $removed.SessionKey | Should -Be 'b', 'a'
            (Get-MayrosFork).SessionKey | Should -Be 'root'
        }

        It 'fails with SessionNotFound for an unknown session and writes nothing' {
            $before = Get-CortexTripleCount -Cortex $cortex
            Remove-MayrosSession -Session nobody -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,Mayros.PowerShell.Commands.RemoveMayrosSessionCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It 'retention one-liner: removes only the forks unchanged for longer than the cut' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 2
            $null = New-MayrosFork -Session root -Name old
            Start-Sleep -Milliseconds 20
            $null = New-MayrosFork -Session root -Name new
            $cut = (Get-MayrosFork -Session new).LastChanged
            $stale = Get-MayrosFork | Where-Object { $_.ParentSession -and $_.LastChanged -lt $cut }
            $stale | Remove-MayrosSession -Confirm:$false
            (Get-MayrosFork).SessionKey | Should -Be 'new', 'root'
        }
    }

    Describe 'Remove-MayrosCheckpoint' {
        It 'removes one checkpoint by id and keeps the others' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 3
            $first = New-MayrosCheckpoint -Session s -Label one
            $second = New-MayrosCheckpoint -Session s -Label two
            $gone = Remove-MayrosCheckpoint -Session s -Id $first.Id -Confirm:$false -PassThru
            $gone.Id | Should -Be $first.Id
            (Get-MayrosCheckpoint -Session s).Id | Should -Be $second.Id
        }

        It 'removes by label wildcard and from the pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 3
            foreach ($label in 'nightly-1', 'nightly-2', 'keep') { $null = New-MayrosCheckpoint -Session s -Label $label }
            Remove-MayrosCheckpoint -Session s -Label 'nightly*' -Confirm:$false
            (Get-MayrosCheckpoint -Session s).Label | Should -Be 'keep'

            Get-MayrosCheckpoint -Session s | Remove-MayrosCheckpoint -Confirm:$false
            Get-MayrosCheckpoint -Session s | Should -BeNullOrEmpty
            (New-MayrosCheckpoint -Session s).EventCount | Should -Be 3
        }

        It 'keeps the newest checkpoints of each session: the README''s retention line' {
            foreach ($key in 's', 't') {
                Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session $key -Count 3
                foreach ($i in 1..7) { $null = New-MayrosCheckpoint -Session $key -Label "$key$i"; Start-Sleep -Milliseconds 2 }
            }

            Get-MayrosCheckpoint | Group-Object SessionKey |
                ForEach-Object { $_.Group | Sort-Object Timestamp -Descending | Select-Object -Skip 5 } |
                Remove-MayrosCheckpoint -Confirm:$false
            (Get-MayrosCheckpoint -Session s).Label | Should -Be 's7', 's6', 's5', 's4', 's3'
            (Get-MayrosCheckpoint -Session t).Label | Should -Be 't7', 't6', 't5', 't4', 't3'
        }

        It 'fails with CheckpointNotFound for an unknown id and writes nothing' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 3
            $null = New-MayrosCheckpoint -Session s
            $before = Get-CortexTripleCount -Cortex $cortex
            Remove-MayrosCheckpoint -Session s -Id cp-000000000000 -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'CheckpointNotFound,Mayros.PowerShell.Commands.RemoveMayrosCheckpointCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It '-WhatIf sends no write' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 3
            $null = New-MayrosCheckpoint -Session s -Label base
            $before = Get-CortexTripleCount -Cortex $cortex
            Remove-MayrosCheckpoint -Session s -Label base -WhatIf
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
            (Get-MayrosCheckpoint -Session s).Label | Should -Be 'base'
        }
    }
}

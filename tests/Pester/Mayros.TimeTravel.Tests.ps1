#Requires -Modules Pester
# Checkpoints, forks from the past, rewinds to checkpoints, undo, event listings, lineages and comparisons: the
# runbook of the README, step by step, against the local Cortex server.
Describe 'Time travel' {
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
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session main -Count 20
    }

    Describe 'Checkpoints with labels' {
        It 'lists them newest first, by label with wildcards' {
            $first = New-MayrosCheckpoint -Session main -Label before-refactor
            $second = New-MayrosCheckpoint -Session main
            (Get-MayrosCheckpoint -Session main).Id | Should -Be $second.Id, $first.Id
            (Get-MayrosCheckpoint -Label 'BEFORE*').Id | Should -Be $first.Id
            $first.Id | Should -Match '^cp-[0-9a-f]{12}$'
        }

        It 'refuses an unusable label before writing' {
            $before = Get-CortexTripleCount -Cortex $cortex
            { New-MayrosCheckpoint -Session main -Label ' ' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidCheckpointLabel,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'The runbook: checkpoint, experiment in a fork, compare, rewind or undo' {
        It 'works end to end' {
            $null = New-MayrosCheckpoint -Session main -Label known-good
            $fork = New-MayrosFork -Session main -Name experiment -Checkpoint known-good
            $fork.EventsCopied | Should -Be 20
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session experiment -Count 5 -Start ([datetime]::new(2026, 3, 1, 11, 0, 0, [DateTimeKind]::Utc))

            $diff = Compare-MayrosSession -ReferenceSession main -DifferenceSession experiment
            $diff.Relationship | Should -Be 'DifferenceDescendsFromReference'
            $diff.SharedEventCount | Should -Be 20
            $diff.OnlyInDifferenceCount | Should -Be 5

            $rewind = Invoke-MayrosRewind -Session experiment -Checkpoint (Get-MayrosCheckpoint -Session main -Label known-good) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable notHers
            $notHers[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'
            $rewind = Invoke-MayrosRewind -Session experiment -To '2026-03-01T10:00:19Z' -Confirm:$false
            $rewind.EventsRemoved | Should -Be 5
            (Get-MayrosSessionEvent -Session experiment).Count | Should -Be 20

            $undo = $rewind | Undo-MayrosRewind -Confirm:$false
            $undo.EventsRestored | Should -Be 5
            (Get-MayrosSessionEvent -Session experiment).Count | Should -Be 25
            ($rewind | Undo-MayrosRewind -Confirm:$false).EventsRestored | Should -Be 0
        }
    }

    Describe 'Forks from the past' {
        It 'copies only the events up to -At' {
            $fork = New-MayrosFork -Session main -Name early -At '2026-03-01T10:00:04Z'
            $fork.EventsCopied | Should -Be 5
            $fork.ForkPoint | Should -Be ([DateTimeOffset]'2026-03-01T10:00:04Z')
            (Get-MayrosFork -Session main | Where-Object SessionKey -eq early).ForkPoint | Should -Be $fork.ForkPoint
        }

        It 'refuses a fork point in the future' {
            { New-MayrosFork -Session main -Name later -At (Get-Date).AddDays(1) -ErrorAction Stop } |
                Should -Throw -ErrorId 'ForkPointInFuture,Mayros.PowerShell.Commands.NewMayrosForkCommand'
        }
    }

    Describe 'Rewind to a checkpoint and undo' {
        It 'goes back exactly to the checkpoint, and undo brings everything back' {
            $checkpoint = New-MayrosCheckpoint -Session main
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session main -Count 4 -Start ([datetime]::new(2026, 3, 1, 12, 0, 0, [DateTimeKind]::Utc)) -Prefix late
            $rewind = $checkpoint | Invoke-MayrosRewind -Confirm:$false
            $rewind.EventsRemoved | Should -Be 4
            $rewind.RewoundToCheckpoint | Should -Be $checkpoint.Id
            (Get-MayrosSessionEvent -Session main -IncludeRewound | Where-Object Rewound).RewoundBy | Sort-Object -Unique | Should -Be $rewind.RewindId

            $undo = Undo-MayrosRewind -Session main -Confirm:$false
            $undo.UndoneRewindId | Should -Be $rewind.RewindId
            (New-MayrosCheckpoint -Session main).EventCount | Should -Be 24
        }

        It 'says there is nothing to undo, with RewindNotFound' {
            { Undo-MayrosRewind -Session main -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'RewindNotFound,Mayros.PowerShell.Commands.UndoMayrosRewindCommand'
        }
    }

    Describe 'A record the mayros CLI can still read' {
        It 'keeps the status and the newest 20 checkpoints in the first 100 triples, and lists every checkpoint' {
            $to = '2026-03-01T10:00:15.000Z'
            1..30 | ForEach-Object {
                $null = Invoke-MayrosRewind -Session main -To $to -Confirm:$false
                $null = Undo-MayrosRewind -Session main -Confirm:$false
            }
            1..25 | ForEach-Object { $null = New-MayrosCheckpoint -Session main -Label "cp$_" }
            $rewind = Invoke-MayrosRewind -Session main -To $to -Confirm:$false
            $rewind.EventsRemoved | Should -Be 4

            # What the CLI reads: the subject's first 100 triples (Cortex lists them by predicate, status last).
            $subject = [uri]::EscapeDataString("${ns}:session:main")
            $record = (Get-CortexJson -Cortex $cortex -Path "/api/v1/triples?subject=$subject&limit=100" | ConvertFrom-Json).triples
            $record.Count | Should -BeLessOrEqual 30
            $statuses = @($record | Where-Object { $_.predicate.Trim('<', '>') -eq "${ns}:session:status" } | ForEach-Object { $_.object })
            $statuses | Should -Contain 'rewound'
            @($record | Where-Object { $_.predicate.Trim('<', '>') -eq "${ns}:session:checkpoint" }).Count | Should -Be 20

            # The module reads the log with the record: every checkpoint, the status, and the last rewind to undo.
            @(Get-MayrosCheckpoint -Session main).Count | Should -Be 25
            (Get-MayrosCheckpoint -Session main -Label cp1).Label | Should -Be 'cp1'
            (Get-MayrosSession -Session main).Status | Should -Be 'rewound'
            (Undo-MayrosRewind -Session main -Confirm:$false).UndoneRewindId | Should -Be $rewind.RewindId
        }
    }

    Describe 'Lineage' {
        It 'lists every descendant with depth and path' {
            $null = New-MayrosFork -Session main -Name a | New-MayrosFork -Name a1
            $lineage = Get-MayrosFork -Session main -Recurse
            $lineage.SessionKey | Should -Be 'main', 'a', 'a1'
            $lineage.Depth | Should -Be 0, 1, 2
            ($lineage | Where-Object SessionKey -eq a1).Path | Should -Be 'main', 'a', 'a1'
        }
    }
}
